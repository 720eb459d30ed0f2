#include "core/validate.hpp"

namespace jangteo::core {

namespace {
// Keeps the digits, allowing only separators people write between them.
std::optional<std::string> Digits(std::string_view text, std::string_view separators) {
    std::string out;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            out.push_back(c);
        } else if (separators.find(c) == std::string_view::npos) {
            return std::nullopt;
        }
    }
    return out;
}

void AppendUtf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

bool IsBlank(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == U'\u3000';
}

// C0 and C1 controls and DEL.
bool IsControl(char32_t c) {
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0);
}

// The three-digit prefixes of landlines outside Seoul (the area codes of the provinces and
// metropolitan cities since 2000, 044 for Sejong since 2012).
bool IsAreaCode(std::string_view three) {
    static constexpr std::string_view kAreaCodes[] = {"031", "032", "033", "041", "042", "043", "044", "051",
                                                      "052", "053", "054", "055", "061", "062", "063", "064"};
    for (std::string_view code : kAreaCodes) {
        if (three == code) return true;
    }
    return false;
}

// prefix-middle-last4, where the middle is whatever the last four leave.
std::string Hyphenate(std::string_view digits, std::size_t prefix) {
    std::string out;
    out.append(digits.substr(0, prefix)).push_back('-');
    out.append(digits.substr(prefix, digits.size() - prefix - 4)).push_back('-');
    out.append(digits.substr(digits.size() - 4));
    return out;
}
}  // namespace

bool BusinessNumberCheckDigitOk(std::string_view d) {
    if (d.size() != 10) return false;
    static constexpr int kWeights[9] = {1, 3, 7, 1, 3, 7, 1, 3, 5};
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += (d[i] - '0') * kWeights[i];
    // The ninth digit's product also adds its tens digit.
    sum += ((d[8] - '0') * 5) / 10;
    return (10 - sum % 10) % 10 == d[9] - '0';
}

std::string FormatBusinessNumber(std::string_view d) {
    if (d.size() != 10) return std::string(d);
    std::string out;
    out.append(d.substr(0, 3)).push_back('-');
    out.append(d.substr(3, 2)).push_back('-');
    out.append(d.substr(5));
    return out;
}

Result<std::string> NormalizeBusinessNumber(std::string_view text, std::string_view field) {
    auto digits = Digits(text, "- ");
    if (!digits || digits->size() != 10) {
        return Error::Invalid("invalid_business_number", "a business registration number has 10 digits",
                              {{std::string(field), "business_number_length", "must be 10 digits, e.g. 123-45-67891"}});
    }
    if (!BusinessNumberCheckDigitOk(*digits)) {
        return Error::Invalid("invalid_business_number", "the business registration number's check digit is wrong",
                              {{std::string(field), "business_number_check_digit",
                                "the check digit does not match; please check the number"}});
    }
    return std::move(*digits);
}

bool GtinCheckDigitOk(std::string_view digits) {
    if (digits.size() < 2) return false;
    // GS1: from the right, excluding the check digit, weights 3, 1, 3, 1, …
    int sum = 0;
    int weight = 3;
    for (std::size_t i = digits.size() - 1; i-- > 0;) {
        if (digits[i] < '0' || digits[i] > '9') return false;
        sum += (digits[i] - '0') * weight;
        weight = weight == 3 ? 1 : 3;
    }
    char last = digits.back();
    return last >= '0' && last <= '9' && (10 - sum % 10) % 10 == last - '0';
}

Result<std::string> NormalizeGtin(std::string_view text, std::string_view field) {
    auto digits = Digits(text, "- ");
    if (!digits || (digits->size() != 8 && digits->size() != 12 && digits->size() != 13 && digits->size() != 14)) {
        return Error::Invalid(
            "invalid_barcode", "a barcode (GTIN) has 8, 12, 13 or 14 digits",
            {{std::string(field), "gtin_length", "must be 8, 12, 13 or 14 digits, e.g. 8801234567893"}});
    }
    if (!GtinCheckDigitOk(*digits)) {
        return Error::Invalid(
            "invalid_barcode", "the barcode's check digit is wrong",
            {{std::string(field), "gtin_check_digit", "the check digit does not match; please check the barcode"}});
    }
    return std::move(*digits);
}

std::optional<std::string> NormalizeKoreanMobile(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    bool international = text.starts_with("+82") || text.starts_with("0082");
    if (international) text.remove_prefix(text.starts_with("+") ? 3 : 4);
    auto digits = Digits(text, "- .()");
    if (!digits) return std::nullopt;
    if (international && !digits->starts_with("0")) digits->insert(digits->begin(), '0');
    const std::string& d = *digits;
    if (!d.starts_with("01") || d.size() < 10 || d.size() > 11) return std::nullopt;
    char third = d[2];
    if (third != '0' && third != '1' && third != '6' && third != '7' && third != '8' && third != '9') {
        return std::nullopt;
    }
    if (third == '0' && d.size() != 11) return std::nullopt;  // 010 numbers always have 11 digits
    // 3-4-4 for eleven digits, 3-3-4 for the older ten-digit numbers.
    return d.substr(0, 3) + "-" + d.substr(3, d.size() - 7) + "-" + d.substr(d.size() - 4);
}

std::optional<std::string> NormalizeKoreanPhone(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    bool international = text.starts_with("+82") || text.starts_with("0082");
    if (international) text.remove_prefix(text.starts_with("+") ? 3 : 4);
    auto digits = Digits(text, "- .()");
    if (!digits) return std::nullopt;
    if (international && !digits->starts_with("0")) digits->insert(digits->begin(), '0');
    const std::string& d = *digits;

    // Representative numbers (대표번호) have no area code and are dialled only inside Korea.
    if (!international && d.size() == 8 && d[0] == '1' && (d[1] == '5' || d[1] == '6' || d[1] == '8')) {
        std::string out = d.substr(0, 4);
        out.push_back('-');
        out.append(d.substr(4));
        return out;
    }
    if (d.starts_with("01")) return NormalizeKoreanMobile(d);
    std::string_view all = d;
    if (all.starts_with("080")) {
        // Free calls: 080-xxx-xxxx, whose exchange may start with any digit (080-023-…).
        if (all.size() != 10) return std::nullopt;
        return Hyphenate(all, 3);
    }
    if (all.starts_with("070")) {
        // Internet phones always have eight digits after the prefix.
        if (all.size() != 11 || all[3] == '0' || all[3] == '1') return std::nullopt;
        return Hyphenate(all, 3);
    }
    std::size_t prefix = 0;
    if (all.starts_with("02")) {
        prefix = 2;
    } else if (all.size() >= 3 && IsAreaCode(all.substr(0, 3))) {
        prefix = 3;
    } else {
        return std::nullopt;
    }
    // A local number is seven or eight digits whose exchange starts with 2 to 9.
    std::size_t local = all.size() - prefix;
    if ((local != 7 && local != 8) || all[prefix] == '0' || all[prefix] == '1') return std::nullopt;
    return Hyphenate(all, prefix);
}

Result<std::string> NormalizeText(std::string_view text, std::string_view field, const TextRule& rule) {
    auto fail = [&](std::string code, std::string message) {
        std::string summary = "the field ";
        summary.append(field).append(" is not acceptable");
        return Error::Invalid("invalid_text", std::move(summary),
                              {{std::string(field), std::move(code), std::move(message)}});
    };
    auto cps = DecodeUtf8(text);
    if (!cps) return fail("invalid_text", "must be UTF-8 text");
    std::size_t b = 0, e = cps->size();
    while (b < e && IsBlank((*cps)[b])) ++b;
    while (e > b && IsBlank((*cps)[e - 1])) --e;
    if (b == e) {
        if (rule.required) return fail("required", "is required");
        return std::string();
    }
    if (e - b > rule.max_code_points) {
        std::string message = "must be at most ";
        message.append(std::to_string(rule.max_code_points)).append(" characters");
        return fail("too_long", std::move(message));
    }
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = b; i < e; ++i) {
        char32_t c = (*cps)[i];
        bool line_break = c == '\n' || c == '\r' || c == '\t';
        if (IsControl(c) && !(rule.multi_line && line_break)) {
            return fail("invalid_text", rule.multi_line ? "must not contain control characters"
                                                        : "must be one line without control characters");
        }
        AppendUtf8(out, c);
    }
    return out;
}

bool IsPrintableAscii(std::string_view text) {
    for (char c : text) {
        if (c < 0x20 || c > 0x7E) return false;
    }
    return true;
}

std::string EncodeUtf8(std::u32string_view code_points) {
    std::string out;
    out.reserve(code_points.size());
    for (char32_t c : code_points) AppendUtf8(out, c);
    return out;
}

std::optional<std::u32string> DecodeUtf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        auto b0 = static_cast<unsigned char>(text[i]);
        int extra = 0;
        char32_t cp = 0;
        char32_t min = 0;
        if (b0 < 0x80) {
            cp = b0;
        } else if ((b0 & 0xE0) == 0xC0) {
            extra = 1, cp = b0 & 0x1F, min = 0x80;
        } else if ((b0 & 0xF0) == 0xE0) {
            extra = 2, cp = b0 & 0x0F, min = 0x800;
        } else if ((b0 & 0xF8) == 0xF0) {
            extra = 3, cp = b0 & 0x07, min = 0x10000;
        } else {
            return std::nullopt;
        }
        if (text.size() - i <= static_cast<std::size_t>(extra)) return std::nullopt;
        for (int k = 1; k <= extra; ++k) {
            auto b = static_cast<unsigned char>(text[i + k]);
            if ((b & 0xC0) != 0x80) return std::nullopt;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
        out.push_back(cp);
        i += 1 + extra;
    }
    return out;
}

}  // namespace jangteo::core

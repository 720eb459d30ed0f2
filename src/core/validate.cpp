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

#include "core/encoding.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include "core/validate.hpp"

namespace jangteo::core {

namespace {

struct IconvCloser {
    void operator()(iconv_t cd) const { iconv_close(cd); }
};

std::size_t LineOf(std::string_view bytes, std::size_t offset) {
    return 1 + static_cast<std::size_t>(std::count(bytes.begin(), bytes.begin() + static_cast<long>(offset), '\n'));
}

// Converts all of `in` with iconv from `from` to `to`; on failure answers the offset of the first
// byte that could not be converted.
bool Convert(const char* from, const char* to, std::string_view in, std::string& out, std::size_t& bad_offset) {
    iconv_t raw = iconv_open(to, from);
    if (raw == reinterpret_cast<iconv_t>(-1)) {
        bad_offset = 0;
        return false;
    }
    std::unique_ptr<void, IconvCloser> cd(raw);
    out.clear();
    out.resize(in.size() * 2 + 16);
    char* src = const_cast<char*>(in.data());  // iconv's signature; it does not write the input
    std::size_t src_left = in.size();
    std::size_t written = 0;
    while (src_left > 0) {
        char* dst = out.data() + written;
        std::size_t dst_left = out.size() - written;
        std::size_t rc = iconv(cd.get(), &src, &src_left, &dst, &dst_left);
        written = out.size() - dst_left;
        if (rc != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
            continue;
        }
        bad_offset = in.size() - src_left;  // EILSEQ or EINVAL (a sequence cut at the end)
        return false;
    }
    out.resize(written);
    return true;
}

}  // namespace

std::string_view TextEncodingName(TextEncoding encoding) {
    return encoding == TextEncoding::kCp949 ? "cp949" : "utf-8";
}

Result<DecodedText> DecodeKoreanText(std::string_view bytes) {
    if (auto nul = bytes.find('\0'); nul != std::string_view::npos) {
        return Error::Invalid("undecodable_text",
                              "line " + std::to_string(LineOf(bytes, nul)) + " holds a NUL byte: this is no text file");
    }
    DecodedText out;
    std::string_view body = bytes;
    if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
    if (DecodeUtf8(body)) {
        out.utf8 = std::string(body);
        return out;
    }
    std::size_t bad = 0;
    if (!Convert("CP949", "UTF-8", bytes, out.utf8, bad)) {
        return Error::Invalid("undecodable_text", "line " + std::to_string(LineOf(bytes, bad)) +
                                                      " is neither UTF-8 nor CP949 (EUC-KR): save the file as UTF-8");
    }
    out.encoding = TextEncoding::kCp949;
    return out;
}

Result<DecodedText> DecodeKoreanText(std::string_view bytes, TextEncoding as) {
    if (auto nul = bytes.find('\0'); nul != std::string_view::npos) {
        return Error::Invalid("undecodable_text",
                              "line " + std::to_string(LineOf(bytes, nul)) + " holds a NUL byte: this is no text file");
    }
    DecodedText out;
    out.encoding = as;
    if (as == TextEncoding::kUtf8) {
        std::string_view body = bytes;
        if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
        if (!DecodeUtf8(body)) {
            // The first byte that breaks UTF-8: the longest valid prefix ends there.
            std::size_t good = 0;
            while (good < body.size()) {
                std::size_t step = 1;
                unsigned char c = static_cast<unsigned char>(body[good]);
                if (c >= 0xF0)
                    step = 4;
                else if (c >= 0xE0)
                    step = 3;
                else if (c >= 0xC0)
                    step = 2;
                if (good + step > body.size() || !DecodeUtf8(body.substr(good, step))) break;
                good += step;
            }
            return Error::Invalid("undecodable_text", "line " + std::to_string(LineOf(body, good)) +
                                                          " is not UTF-8: save the file as UTF-8, or choose CP949");
        }
        out.utf8 = std::string(body);
        return out;
    }
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        return Error::Invalid("undecodable_text",
                              "line 1 starts with a UTF-8 byte order mark: the file is UTF-8, not CP949");
    }
    std::size_t bad = 0;
    if (!Convert("CP949", "UTF-8", bytes, out.utf8, bad)) {
        return Error::Invalid("undecodable_text",
                              "line " + std::to_string(LineOf(bytes, bad)) +
                                  " is not CP949 (EUC-KR): save the file as CP949, or choose UTF-8");
    }
    return out;
}

Result<std::string> EncodeCp949(std::string_view utf8) {
    std::string out;
    std::size_t bad = 0;
    if (!Convert("UTF-8", "CP949", utf8, out, bad)) {
        return Error::Invalid("unencodable_text", "line " + std::to_string(LineOf(utf8, bad)) +
                                                      " holds a character that CP949 (Korean Excel) cannot write");
    }
    return out;
}

}  // namespace jangteo::core

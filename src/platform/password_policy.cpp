#include "platform/password_policy.hpp"

#include <array>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/string_hash.hpp"
#include "core/validate.hpp"

namespace jangteo::platform {

// Generated from data/common_passwords.txt (see CMakeLists.txt).
std::string_view CommonPasswordsText();

namespace {

// Rows, columns and diagonals of the Korean/US keyboard and of the alphabet and digits, in the
// order people sweep them. A run of any of these, forwards or backwards, is no secret.
constexpr std::array<std::string_view, 22> kSequences = {
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "qwertyuiopasdfghjklzxcvbnm",
    "`1234567890-=",
    "~!@#$%^&*()_+",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "asdfghjkl:\"",
    "zxcvbnm<>?",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
    "zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0",
    "1q2w3e4r5t6y7u8i9o0p",
    "q1w2e3r4t5y6u7i8o9p0",
    "!q@w#e$r%t^y&u*i(o)p",
    "qazwsxedcrfvtgbyhnujmikolp",
    "!qaz@wsx#edc$rfv%tgb^yhn&ujm*ik<(ol>)p:?",
    "1a2s3d4f5g6h7j8k9l",
    "a1s2d3f4g5h6j7k8l9",
    "qweasdzxc",
    "qwerasdfzxcv",
    "qwertasdfgzxcvb",
};

using WordSet = std::unordered_set<std::string_view, core::StringHash, std::equal_to<>>;

// Parsed once, on first use, from text compiled into the binary: a constant table, not state.
const WordSet& CommonPasswords() {
    static const WordSet kWords = [] {
        WordSet words;
        std::string_view text = CommonPasswordsText();
        while (!text.empty()) {
            std::size_t end = text.find('\n');
            std::string_view line = text.substr(0, end);
            text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
            if (!line.empty() && line.front() != '#') words.insert(line);
        }
        return words;
    }();
    return kWords;
}

bool IsAsciiDigit(char32_t c) {
    return c >= '0' && c <= '9';
}
bool IsAsciiLetter(char32_t c) {
    return c >= 'a' && c <= 'z';  // callers have lower-cased
}
bool IsAsciiSymbol(char32_t c) {
    return c < 0x80 && !IsAsciiDigit(c) && !IsAsciiLetter(c);
}

char32_t Lower(char32_t c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

bool InList(std::u32string_view cps) {
    return CommonPasswords().contains(core::EncodeUtf8(cps));
}

bool AllSame(std::u32string_view s) {
    return !s.empty() && s.find_first_not_of(s.front()) == std::u32string_view::npos;
}

// Whether `s` (ASCII, lower case), forwards or backwards, is a run of one of kSequences; a sequence
// may wrap around once (7890123).
bool IsSequenceRun(std::u32string_view s) {
    if (s.empty()) return false;
    std::string ascii;
    for (char32_t c : s) {
        if (c >= 0x80) return false;
        ascii.push_back(static_cast<char>(c));
    }
    std::string reversed(ascii.rbegin(), ascii.rend());
    for (std::string_view seq : kSequences) {
        std::string twice = std::string(seq) + std::string(seq);
        if (twice.find(ascii) != std::string::npos || twice.find(reversed) != std::string::npos) return true;
    }
    return false;
}

// The smallest p such that s repeats its first p characters throughout (a trailing partial repeat
// allowed), if s holds at least two whole repeats; else 0.
std::size_t Period(std::u32string_view s) {
    for (std::size_t p = 1; p <= s.size() / 2; ++p) {
        bool periodic = true;
        for (std::size_t i = p; i < s.size() && periodic; ++i) periodic = s[i] == s[i - p];
        if (periodic) return p;
    }
    return 0;
}

// Two sequences interleaved, like a1b2c3d4e5 or 1q2w3e4r: both halves are runs of three or more.
bool IsInterleavedRuns(std::u32string_view s) {
    if (s.size() < 6) return false;
    std::u32string even, odd;
    for (std::size_t i = 0; i < s.size(); ++i) (i % 2 == 0 ? even : odd).push_back(s[i]);
    return (AllSame(even) || IsSequenceRun(even)) && (AllSame(odd) || IsSequenceRun(odd));
}

// A piece of one kind of character that an attacker's rules would produce on their own.
bool TrivialSegment(std::u32string_view seg) {
    if (AllSame(seg) || IsSequenceRun(seg) || InList(seg)) return true;
    std::size_t p = Period(seg);
    if (p == 0) return false;
    std::u32string_view unit = seg.substr(0, p);
    return p <= 2 || IsSequenceRun(unit) || InList(unit);
}

// `s` without the digits and ASCII symbols around it: what people decorate ("!!password2024").
std::u32string_view Core(std::u32string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (IsAsciiDigit(s[b]) || IsAsciiSymbol(s[b]))) ++b;
    while (e > b && (IsAsciiDigit(s[e - 1]) || IsAsciiSymbol(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

enum class Weakness { kNone, kCommon, kSimple };

Weakness Judge(std::u32string_view s) {
    if (InList(s)) return Weakness::kCommon;
    std::u32string_view core = Core(s);
    if (!core.empty() && InList(core)) return Weakness::kCommon;
    if (AllSame(s) || IsSequenceRun(s) || IsInterleavedRuns(s)) return Weakness::kSimple;
    if (std::size_t p = Period(s); p > 0) {
        if (p <= 4) return Weakness::kSimple;
        return Judge(s.substr(0, p));
    }
    // A few pieces of one character class each, every one of them guessable: qwer1234!@#$,
    // password!2024, dragon-monkey. Many short pieces (x7#Lm9!qR2) are random, not a pattern.
    std::vector<std::u32string_view> segments;
    auto kind = [](char32_t c) { return IsAsciiDigit(c) ? 0 : IsAsciiSymbol(c) ? 1 : 2; };
    for (std::size_t i = 0; i < s.size();) {
        std::size_t j = i + 1;
        while (j < s.size() && kind(s[j]) == kind(s[i])) ++j;
        segments.push_back(s.substr(i, j - i));
        i = j;
    }
    if (segments.size() <= 4) {
        bool all_trivial = true;
        for (auto seg : segments) all_trivial = all_trivial && TrivialSegment(seg);
        if (all_trivial) return Weakness::kSimple;
    }
    return Weakness::kNone;
}

bool ContainsIdentity(std::string_view lower_password, const PasswordIdentity& who) {
    // The email's local part, whole and in its pieces (kim.minsu -> kim.minsu, kimminsu, minsu).
    std::string local(who.email.substr(0, who.email.find('@')));
    for (char& c : local) c = static_cast<char>(Lower(static_cast<unsigned char>(c)));
    std::vector<std::string> parts;
    std::string joined, piece;
    for (char c : local) {
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (alnum) {
            joined.push_back(c);
            piece.push_back(c);
        } else {
            parts.push_back(std::move(piece));
            piece.clear();
        }
    }
    parts.push_back(std::move(piece));
    // Three letters of a local part are a name worth hiding; shorter ones would refuse half the alphabet.
    if (local.size() >= 3 && lower_password.find(local) != std::string_view::npos) return true;
    if (joined.size() >= 3 && lower_password.find(joined) != std::string_view::npos) return true;
    for (const auto& p : parts) {
        if (p.size() >= 4 && lower_password.find(p) != std::string_view::npos) return true;
    }
    // The phone number's last eight digits, however the password separates them.
    std::string phone, digits;
    for (char c : who.mobile) {
        if (c >= '0' && c <= '9') phone.push_back(c);
    }
    for (char c : lower_password) {
        if (c >= '0' && c <= '9') digits.push_back(c);
    }
    if (phone.size() >= 8 && digits.find(phone.substr(phone.size() - 8)) != std::string::npos) return true;
    return false;
}

core::FieldError Field(std::string_view field, std::string_view code, std::string_view message) {
    return {std::string(field), std::string(code), std::string(message)};
}

}  // namespace

bool IsCommonPassword(std::string_view word) {
    std::string lower(word);
    for (char& c : lower) c = static_cast<char>(Lower(static_cast<unsigned char>(c)));
    return CommonPasswords().contains(lower);
}

std::optional<core::FieldError> CheckPasswordPolicy(std::string_view password, const PasswordIdentity& identity,
                                                    std::string_view field) {
    // The length bound first, so that nothing below ever works on a large input.
    if (password.size() > kMaxPasswordBytes) {
        return Field(field, "password_too_long", "must be at most 128 bytes (128 Latin or about 40 Korean characters)");
    }
    auto decoded = core::DecodeUtf8(password);
    bool control = false;
    if (decoded) {
        for (char32_t c : *decoded) control = control || c < 0x20 || c == 0x7F;
    }
    if (!decoded || control) return Field(field, "password_invalid", "must be text without control characters");
    if (decoded->size() < kMinPasswordCodePoints) {
        return Field(field, "password_too_short", "must be at least 10 characters long");
    }
    std::u32string lower = std::move(*decoded);
    for (char32_t& c : lower) c = Lower(c);
    std::string lower_utf8 = core::EncodeUtf8(lower);
    if (ContainsIdentity(lower_utf8, identity)) {
        return Field(field, "password_contains_identity", "must not contain your email name or phone number");
    }
    switch (Judge(lower)) {
        case Weakness::kCommon:
            return Field(field, "password_too_common", "is one of the most common passwords; choose another");
        case Weakness::kSimple:
            return Field(field, "password_too_simple",
                         "is too easy to guess: avoid keyboard or number sequences and repeated characters");
        case Weakness::kNone: break;
    }
    return std::nullopt;
}

}  // namespace jangteo::platform

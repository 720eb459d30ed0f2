#include "customers/normalize.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <vector>

#include "core/string_hash.hpp"
#include "core/validate.hpp"

namespace jangteo::customers {

namespace {

// Shares from the 2015 census (rounded); spellings from passports and the usual private ones.
constexpr FamilyName kFamilyNames[] = {
    {"김", 0.215, "gim", "kim gim ghim"},
    {"이", 0.147, "i", "lee yi rhee rhie ri rie i yee"},
    {"박", 0.084, "bak", "park pak bak bahk"},
    {"최", 0.047, "choe", "choi choe chwe"},
    {"정", 0.043, "jeong", "jung jeong chung cheong jong"},
    {"강", 0.023, "gang", "kang gang"},
    {"조", 0.021, "jo", "cho jo joh"},
    {"윤", 0.020, "yun", "yoon yun youn"},
    {"장", 0.020, "jang", "jang chang"},
    {"임", 0.017, "im", "lim im rim yim"},
    {"한", 0.015, "han", "han hahn"},
    {"오", 0.015, "o", "oh o"},
    {"서", 0.015, "seo", "seo suh so"},
    {"신", 0.015, "sin", "shin sin"},
    {"권", 0.014, "gwon", "kwon gwon kweon"},
    {"황", 0.014, "hwang", "hwang whang"},
    {"안", 0.014, "an", "ahn an"},
    {"송", 0.013, "song", "song"},
    {"전", 0.011, "jeon", "jeon jun chun chon jun"},
    {"홍", 0.011, "hong", "hong"},
    {"유", 0.011, "yu", "yoo yu you ryu"},
    {"고", 0.009, "go", "ko go koh"},
    {"문", 0.009, "mun", "moon mun"},
    {"양", 0.009, "yang", "yang ryang"},
    {"손", 0.009, "son", "son sohn"},
    {"배", 0.008, "bae", "bae pae bai"},
    {"백", 0.007, "baek", "baek paek baik paik back"},
    {"허", 0.006, "heo", "heo huh hur her"},
    {"남", 0.006, "nam", "nam"},
    {"심", 0.005, "sim", "shim sim"},
    {"노", 0.004, "no", "noh no roh ro"},
    {"하", 0.004, "ha", "ha"},
    {"곽", 0.004, "gwak", "kwak gwak"},
    {"성", 0.004, "seong", "sung seong"},
    {"차", 0.004, "cha", "cha"},
    {"주", 0.004, "ju", "joo ju chu"},
    {"우", 0.004, "u", "woo wu u"},
    {"구", 0.004, "gu", "koo gu ku goo"},
    {"민", 0.003, "min", "min"},
    {"류", 0.003, "yu", "ryu yoo yu ryoo"},
    {"나", 0.003, "na", "na ra"},
    {"진", 0.003, "jin", "jin chin"},
    {"지", 0.003, "ji", "ji chi jee"},
    {"엄", 0.003, "eom", "eom um uhm"},
    {"채", 0.003, "chae", "chae"},
    {"원", 0.003, "won", "won"},
    {"천", 0.002, "cheon", "cheon chun"},
    {"방", 0.002, "bang", "bang pang"},
    {"공", 0.002, "gong", "kong gong"},
    {"현", 0.002, "hyeon", "hyun hyeon"},
    {"함", 0.001, "ham", "ham hahm"},
    {"변", 0.001, "byeon", "byun byeon pyun"},
    {"염", 0.001, "yeom", "yeom yum"},
    {"여", 0.001, "yeo", "yeo yuh"},
    {"추", 0.001, "chu", "choo chu"},
    {"도", 0.001, "do", "do doh"},
    {"소", 0.001, "so", "so soh"},
    {"석", 0.001, "seok", "seok suk"},
    {"선", 0.001, "seon", "sun seon"},
    {"설", 0.001, "seol", "seol sul"},
    {"마", 0.001, "ma", "ma"},
    {"길", 0.001, "gil", "gil kil"},
    {"연", 0.001, "yeon", "yeon"},
    {"표", 0.001, "pyo", "pyo"},
    {"남궁", 0.0004, "namgung", "namgung namkung"},
    {"황보", 0.0002, "hwangbo", "hwangbo"},
    {"제갈", 0.0001, "jegal", "jegal chegal"},
    {"선우", 0.0001, "seonu", "sunwoo seonwoo seonu"},
    {"사공", 0.0001, "sagong", "sagong sakong"},
    {"독고", 0.00005, "dokgo", "dokgo tokko dokko"},
    {"서문", 0.00003, "seomun", "seomun"},
};

struct FamilyTables {
    std::unordered_map<std::string, const FamilyName*, core::StringHash, std::equal_to<>> by_hangul;
    std::unordered_map<std::string, std::string_view, core::StringHash, std::equal_to<>> class_of_spelling;
    std::unordered_map<std::string, double, core::StringHash, std::equal_to<>> share_of_spelling;
};

const FamilyTables& Tables() {
    static const FamilyTables tables = [] {
        FamilyTables t;
        for (const auto& f : kFamilyNames) t.by_hangul.emplace(std::string(f.hangul), &f);
        // The families' own classes first, then the other spellings where the more common family
        // has not taken them already (the table is in order of frequency).
        for (const auto& f : kFamilyNames) {
            t.class_of_spelling.emplace(std::string(f.roman_class), f.roman_class);
            t.share_of_spelling.emplace(std::string(f.roman_class), f.share);
        }
        for (const auto& f : kFamilyNames) {
            std::string_view rest = f.spellings;
            while (!rest.empty()) {
                auto sp = rest.find(' ');
                std::string_view word = rest.substr(0, sp);
                rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
                t.class_of_spelling.emplace(std::string(word), f.roman_class);
                t.share_of_spelling.emplace(std::string(word), f.share);
            }
        }
        return t;
    }();
    return tables;
}

constexpr char32_t kSyllableFirst = 0xAC00;
constexpr char32_t kSyllableLast = 0xD7A3;
constexpr char32_t kLeadFirst = 0x1100, kLeadLast = 0x1112;
constexpr char32_t kVowelFirst = 0x1161, kVowelLast = 0x1175;
constexpr char32_t kTailFirst = 0x11A8, kTailLast = 0x11C2;

bool IsSyllable(char32_t c) {
    return c >= kSyllableFirst && c <= kSyllableLast;
}

bool IsBlank(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == U'\u3000' ||
           c == U'\u00A0';
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

// Decodes valid UTF-8 into `out` (cleared first); false for invalid input. Names and addresses are
// short, so the buffer a caller keeps makes this allocation-free after the first few records.
bool Decode(std::string_view text, std::u32string& out) {
    out.clear();
    std::size_t i = 0;
    while (i < text.size()) {
        auto b0 = static_cast<unsigned char>(text[i]);
        if (b0 < 0x80) {
            out.push_back(b0);
            ++i;
            continue;
        }
        int len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
        if (len == 0 || b0 > 0xF4 || i + len > text.size()) return false;
        char32_t c = b0 & (0x7F >> len);
        for (int k = 1; k < len; ++k) {
            auto b = static_cast<unsigned char>(text[i + k]);
            if ((b & 0xC0) != 0x80) return false;
            c = (c << 6) | (b & 0x3F);
        }
        if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) || (c >= 0xD800 && c <= 0xDFFF)) {
            return false;
        }
        out.push_back(c);
        i += len;
    }
    return true;
}

// Composes conjoining jamo in place (the Hangul part of Unicode's canonical composition).
void ComposeJamo(std::u32string& cps) {
    std::size_t w = 0;
    for (std::size_t r = 0; r < cps.size(); ++r) {
        char32_t c = cps[r];
        if (w > 0) {
            char32_t prev = cps[w - 1];
            if (prev >= kLeadFirst && prev <= kLeadLast && c >= kVowelFirst && c <= kVowelLast) {
                cps[w - 1] = kSyllableFirst + ((prev - kLeadFirst) * 21 + (c - kVowelFirst)) * 28;
                continue;
            }
            if (IsSyllable(prev) && (prev - kSyllableFirst) % 28 == 0 && c >= kTailFirst && c <= kTailLast) {
                cps[w - 1] = prev + (c - kTailFirst + 1);
                continue;
            }
        }
        cps[w++] = c;
    }
    cps.resize(w);
}

char32_t SyllableAt(std::string_view s, std::size_t i) {
    if (i + 3 > s.size()) return 0;
    auto b0 = static_cast<unsigned char>(s[i]), b1 = static_cast<unsigned char>(s[i + 1]),
         b2 = static_cast<unsigned char>(s[i + 2]);
    if ((b0 & 0xF0) != 0xE0 || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return 0;
    char32_t c = (char32_t(b0 & 0x0F) << 12) | (char32_t(b1 & 0x3F) << 6) | char32_t(b2 & 0x3F);
    return IsSyllable(c) ? c : 0;
}

constexpr std::string_view kInitials[19] = {"g",  "kk", "n", "d",  "tt", "r", "m", "b", "pp", "s",
                                            "ss", "",   "j", "jj", "ch", "k", "t", "p", "h"};
constexpr std::string_view kVowels[21] = {"a",  "ae", "ya", "yae", "eo", "e",  "yeo", "ye", "o",  "wa", "wae",
                                          "oe", "yo", "u",  "wo",  "we", "wi", "yu",  "eu", "ui", "i"};
constexpr std::string_view kFinals[28] = {"",  "k", "k", "k", "n", "n", "n", "t",  "l", "k", "m", "l", "l", "l",
                                          "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"};

bool IsVowelLetter(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == 'w';
}

char Lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}

struct Province {
    std::string_view form;
    std::string_view short_form;
};
// Longest forms first, so that a prefix match takes "부산광역시" before "부산".
constexpr Province kProvinces[] = {
    {"서울특별시", "서울"},     {"부산광역시", "부산"},     {"대구광역시", "대구"},     {"인천광역시", "인천"},
    {"광주광역시", "광주"},     {"대전광역시", "대전"},     {"울산광역시", "울산"},     {"세종특별자치시", "세종"},
    {"강원특별자치도", "강원"}, {"전북특별자치도", "전북"}, {"제주특별자치도", "제주"}, {"충청북도", "충북"},
    {"충청남도", "충남"},       {"전라북도", "전북"},       {"전라남도", "전남"},       {"경상북도", "경북"},
    {"경상남도", "경남"},       {"서울시", "서울"},         {"부산시", "부산"},         {"대구시", "대구"},
    {"인천시", "인천"},         {"광주시", "광주"},         {"대전시", "대전"},         {"울산시", "울산"},
    {"세종시", "세종"},         {"경기도", "경기"},         {"강원도", "강원"},         {"제주도", "제주"},
    {"서울", "서울"},           {"부산", "부산"},           {"대구", "대구"},           {"인천", "인천"},
    {"광주", "광주"},           {"대전", "대전"},           {"울산", "울산"},           {"세종", "세종"},
    {"경기", "경기"},           {"강원", "강원"},           {"충북", "충북"},           {"충남", "충남"},
    {"전북", "전북"},           {"전남", "전남"},           {"경북", "경북"},           {"경남", "경남"},
    {"제주", "제주"},
};

bool IsRoadName(std::string_view token) {
    return token.size() >= 6 && !IsDigit(token[0]) && (EndsWith(token, "로") || EndsWith(token, "길"));
}

}  // namespace

std::span<const FamilyName> FamilyNames() {
    return kFamilyNames;
}

std::optional<std::string> ComposeHangul(std::string_view text) {
    std::u32string cps;
    if (!Decode(text, cps)) return std::nullopt;
    ComposeJamo(cps);
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (char32_t c : cps) {
        if (IsBlank(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        AppendUtf8(out, c);
    }
    return out;
}

std::string RomanizeHangul(std::string_view hangul) {
    std::string out;
    out.reserve(hangul.size() * 2);
    for (std::size_t i = 0; i < hangul.size();) {
        char32_t c = SyllableAt(hangul, i);
        if (c == 0) {
            ++i;
            continue;
        }
        auto s = static_cast<std::uint32_t>(c - kSyllableFirst);
        out.append(kInitials[s / 588]).append(kVowels[(s % 588) / 28]).append(kFinals[s % 28]);
        i += 3;
    }
    return out;
}

std::string RomanKey(std::string_view latin) {
    std::string letters;
    letters.reserve(latin.size());
    for (char c : latin) {
        c = Lower(c);
        if (c >= 'a' && c <= 'z') letters.push_back(c);
    }
    std::string out;
    out.reserve(letters.size());
    auto put = [&out](char c) {
        if (out.empty() || out.back() != c) out.push_back(c);
    };
    const std::size_t n = letters.size();
    for (std::size_t i = 0; i < n; ++i) {
        char c = letters[i];
        char next = i + 1 < n ? letters[i + 1] : '\0';
        // Two-letter spellings of one sound.
        if (c == 'c' && next == 'h') {
            put('j');
            ++i;
            continue;
        }
        if ((c == 's' || c == 'p') && next == 'h') {
            put(c == 's' ? 's' : 'b');
            ++i;
            continue;
        }
        if ((c == 'e' && (next == 'o' || next == 'u')) || (c == 'o' && (next == 'o' || next == 'u'))) {
            put('u');
            ++i;
            continue;
        }
        if (c == 'e' && next == 'e') {
            put('i');
            ++i;
            continue;
        }
        if (c == 'a' && next == 'e') {
            put('e');
            ++i;
            continue;
        }
        // An h after a vowel that no vowel follows only lengthens it (Suh, Ahn, Oh).
        if (c == 'h' && i > 0 && IsVowelLetter(letters[i - 1]) && !IsVowelLetter(next)) continue;
        switch (c) {
            case 'k':
            case 'q':
            case 'c': put('g'); break;
            case 't': put('d'); break;
            case 'p':
            case 'f':
            case 'v': put('b'); break;
            case 'r': put('l'); break;
            case 'z': put('j'); break;
            default: put(c);
        }
    }
    return out;
}

std::string_view FamilyClassOfSpelling(std::string_view latin_word) {
    const auto& t = Tables();
    auto it = t.class_of_spelling.find(latin_word);
    return it == t.class_of_spelling.end() ? std::string_view() : it->second;
}

int JamoDistance(std::string_view a, std::string_view b) {
    if (a.size() != b.size() || a.size() % 3 != 0) return -1;
    int d = 0;
    for (std::size_t i = 0; i < a.size(); i += 3) {
        char32_t x = SyllableAt(a, i), y = SyllableAt(b, i);
        if (x == 0 || y == 0) return -1;
        auto s = static_cast<std::uint32_t>(x - kSyllableFirst), t = static_cast<std::uint32_t>(y - kSyllableFirst);
        d += (s / 588 != t / 588) + ((s % 588) / 28 != (t % 588) / 28) + (s % 28 != t % 28);
    }
    return d;
}

std::optional<NormalizedName> NormalizeName(std::string_view text) {
    thread_local std::u32string cps;
    if (text.size() > 256 || !Decode(text, cps)) return std::nullopt;
    ComposeJamo(cps);
    if (cps.size() > 64) return std::nullopt;
    NormalizedName out;
    bool any_syllable = std::any_of(cps.begin(), cps.end(), IsSyllable);
    if (any_syllable) {
        // Spaces and anything that is not a syllable (middle dots, stray Latin) are left out:
        // "김 민준" and "김민준" are one name.
        for (char32_t c : cps) {
            if (IsSyllable(c)) AppendUtf8(out.full, c);
        }
        out.hangul = true;
        std::size_t syllables = out.full.size() / 3;
        const auto& t = Tables();
        std::size_t family_len = 0;
        if (syllables >= 3 && t.by_hangul.count(std::string_view(out.full).substr(0, 6))) {
            family_len = 6;
        } else if (syllables >= 2) {
            family_len = 3;
        }
        out.family = out.full.substr(0, family_len);
        out.given = out.full.substr(family_len);
        if (!out.family.empty()) {
            auto it = t.by_hangul.find(out.family);
            out.family_class =
                it != t.by_hangul.end() ? std::string(it->second->roman_class) : RomanizeHangul(out.family);
        }
        out.given_key = RomanKey(RomanizeHangul(out.given));
        return out;
    }
    // A Latin name: words of letters, lower-case.
    std::vector<std::string> words;
    std::string word;
    for (char32_t c : cps) {
        if (c < 0x80 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            word.push_back(Lower(static_cast<char>(c)));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    if (words.empty()) return std::nullopt;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i) out.full.push_back(' ');
        out.full += words[i];
    }
    const auto& t = Tables();
    std::size_t family_at = words.size();
    if (words.size() >= 2) {
        auto first = t.share_of_spelling.find(words.front());
        auto last = t.share_of_spelling.find(words.back());
        bool first_ok = first != t.share_of_spelling.end(), last_ok = last != t.share_of_spelling.end();
        // Both ends may be spellings of a family. A given name written in syllables follows the
        // family name ("Hong Min Seo"); of two words ("Min Kim") the more common family wins.
        if (first_ok && (!last_ok || words.size() >= 3 || first->second >= last->second)) {
            family_at = 0;
        } else if (last_ok) {
            family_at = words.size() - 1;
        }
    }
    std::string given;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i != family_at) given += words[i];
    }
    if (family_at < words.size()) {
        out.family = words[family_at];
        out.family_class = std::string(FamilyClassOfSpelling(out.family));
    }
    out.given = given;
    out.given_key = RomanKey(given);
    return out;
}

std::optional<std::string> NormalizeEmail(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    if (text.empty() || text.size() > 254) return std::nullopt;
    auto at = text.find('@');
    if (at == 0 || at == std::string_view::npos || at + 1 == text.size() || text.find('@', at + 1) != text.npos) {
        return std::nullopt;
    }
    std::string out(text);
    for (char& c : out) {
        if (static_cast<unsigned char>(c) <= ' ') return std::nullopt;
        c = Lower(c);
    }
    return out;
}

namespace {
bool LeapYear(std::uint32_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
bool ValidDate(std::uint32_t y, std::uint32_t m, std::uint32_t d) {
    static constexpr std::uint32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return false;
    std::uint32_t days = kDays[m - 1] + (m == 2 && LeapYear(y) ? 1 : 0);
    return d <= days;
}
std::uint32_t ToNumber(std::string_view digits) {
    std::uint32_t v = 0;
    for (char c : digits) v = v * 10 + static_cast<std::uint32_t>(c - '0');
    return v;
}
}  // namespace

std::optional<std::uint32_t> NormalizeBirthDate(std::string_view text, std::uint32_t today) {
    // The runs of digits, separated by what people write between them.
    std::string_view runs[3];
    int count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (IsDigit(c)) {
            std::size_t j = i;
            while (j < text.size() && IsDigit(text[j])) ++j;
            if (count == 3) return std::nullopt;
            runs[count++] = text.substr(i, j - i);
            i = j;
            continue;
        }
        if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '\t') {
            ++i;
            continue;
        }
        std::string_view rest = text.substr(i);
        if (rest.starts_with("년") || rest.starts_with("월") || rest.starts_with("일")) {
            i += 3;
            continue;
        }
        return std::nullopt;
    }
    std::string_view year, month, day;
    if (count == 1 && runs[0].size() == 8) {
        year = runs[0].substr(0, 4), month = runs[0].substr(4, 2), day = runs[0].substr(6, 2);
    } else if (count == 1 && runs[0].size() == 6) {
        year = runs[0].substr(0, 2), month = runs[0].substr(2, 2), day = runs[0].substr(4, 2);
    } else if (count == 3 && (runs[0].size() == 4 || runs[0].size() == 2) && runs[1].size() <= 2 &&
               runs[2].size() <= 2) {
        year = runs[0], month = runs[1], day = runs[2];
    } else {
        return std::nullopt;
    }
    std::uint32_t y = ToNumber(year), m = ToNumber(month), d = ToNumber(day);
    if (year.size() == 2) {
        // A birth date is in the past: the latest century that does not put it after today.
        y += 2000;
        if (y * 10000 + m * 100 + d > today) y -= 100;
    }
    if (y < 1900 || !ValidDate(y, m, d)) return std::nullopt;
    std::uint32_t date = y * 10000 + m * 100 + d;
    if (date > today) return std::nullopt;
    return date;
}

std::string FormatBirthDate(std::uint32_t yyyymmdd) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
    return buf;
}

std::optional<NormalizedAddress> NormalizeAddress(std::string_view text) {
    auto composed = ComposeHangul(text);
    if (!composed || composed->empty()) return std::nullopt;
    std::string_view s = *composed;
    // Parentheses hold the legal dong and the building's name: neither identifies the building.
    std::string cleaned;
    cleaned.reserve(s.size());
    int depth = 0;
    for (char c : s) {
        if (c == '(') {
            ++depth;
        } else if (c == ')') {
            depth = depth > 0 ? depth - 1 : 0;
        } else if (depth == 0) {
            cleaned.push_back(c == ',' ? ' ' : c);
        }
    }
    // Tokens: split at blanks, and where digits follow Hangul ("광안해변로219" → "광안해변로" "219");
    // digits followed by Hangul stay one token ("101동", "123번길").
    std::vector<std::string> tokens;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) tokens.push_back(std::move(cur));
        cur.clear();
    };
    for (std::size_t i = 0; i < cleaned.size(); ++i) {
        char c = cleaned[i];
        if (c == ' ') {
            flush();
            continue;
        }
        if (IsDigit(c) && !cur.empty() && static_cast<unsigned char>(cur.back()) >= 0x80) flush();
        cur.push_back(c);
    }
    flush();
    if (tokens.empty()) return std::nullopt;

    NormalizedAddress out;
    std::size_t i = 0;
    // The province, also glued to what follows ("부산광역시수영구").
    for (const auto& p : kProvinces) {
        if (tokens[0].starts_with(p.form)) {
            out.province = std::string(p.short_form);
            std::string rest = tokens[0].substr(p.form.size());
            if (rest.empty()) {
                i = 1;
            } else {
                tokens[0] = std::move(rest);
            }
            break;
        }
    }
    // A district glued to the road ("수영구광안해변로").
    if (i < tokens.size() && IsRoadName(tokens[i])) {
        const std::string& t = tokens[i];
        for (std::size_t k = 3; k + 9 <= t.size(); k += 3) {
            std::string_view head = std::string_view(t).substr(0, k + 3);
            if ((EndsWith(head, "구") || EndsWith(head, "군")) && IsRoadName(std::string_view(t).substr(k + 3))) {
                std::string road = t.substr(k + 3);
                std::string district(head);
                tokens[i] = std::move(road);
                tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(i), std::move(district));
                break;
            }
        }
    }
    auto hangul_token = [&](std::size_t k) { return k < tokens.size() && !IsDigit(tokens[k][0]); };
    if (hangul_token(i) && !IsRoadName(tokens[i]) && EndsWith(tokens[i], "시")) out.city = tokens[i++];
    if (hangul_token(i) && !IsRoadName(tokens[i]) && (EndsWith(tokens[i], "구") || EndsWith(tokens[i], "군"))) {
        out.district = tokens[i++];
    }
    // 읍, 면 and the legal dong before a road name say nothing the road does not.
    while (hangul_token(i) && !IsRoadName(tokens[i]) && i + 1 < tokens.size() &&
           (EndsWith(tokens[i], "읍") || EndsWith(tokens[i], "면") || EndsWith(tokens[i], "동"))) {
        ++i;
    }
    if (hangul_token(i) && IsRoadName(tokens[i])) {
        std::string street = tokens[i++];
        if (i < tokens.size() && IsDigit(tokens[i][0]) && (EndsWith(tokens[i], "번길") || EndsWith(tokens[i], "길"))) {
            street += tokens[i++];
        } else if (i + 1 < tokens.size() && IsDigit(tokens[i][0]) &&
                   (tokens[i + 1] == "번길" || tokens[i + 1] == "길")) {
            street += tokens[i] + tokens[i + 1];
            i += 2;
        }
        out.key = street;
        if (i < tokens.size() && IsDigit(tokens[i][0])) {
            const std::string& t = tokens[i];
            std::size_t e = 0;
            while (e < t.size() && IsDigit(t[e])) ++e;
            if (e + 1 < t.size() && t[e] == '-' && IsDigit(t[e + 1])) {
                ++e;
                while (e < t.size() && IsDigit(t[e])) ++e;
            }
            std::string_view number = std::string_view(t).substr(0, e);
            // A number followed by 동, 호 or 층 is a unit, not the building.
            if (e == t.size() || t[e] == '-') {
                while (number.size() > 1 && number[0] == '0') number.remove_prefix(1);
                out.key.push_back(' ');
                out.key.append(number);
            }
        }
        return out;
    }
    for (; i < tokens.size(); ++i) {
        if (!out.key.empty()) out.key.push_back(' ');
        out.key += tokens[i];
    }
    if (out.key.empty() && out.district.empty()) return std::nullopt;
    return out;
}

std::optional<PostalCode> NormalizePostalCode(std::string_view text) {
    std::string digits;
    int hyphens = 0;
    std::size_t hyphen_at = 0;
    for (char c : text) {
        if (IsDigit(c)) {
            digits.push_back(c);
        } else if (c == '-') {
            ++hyphens;
            hyphen_at = digits.size();
        } else if (c != ' ' && c != '\t') {
            return std::nullopt;
        }
    }
    if (digits.size() == 5 && hyphens == 0) return PostalCode{ToNumber(digits), false};
    if (digits.size() == 6 && (hyphens == 0 || (hyphens == 1 && hyphen_at == 3))) {
        return PostalCode{ToNumber(digits), true};
    }
    return std::nullopt;
}

std::string FormatPostalCode(PostalCode code) {
    char buf[16];
    if (code.old) {
        std::snprintf(buf, sizeof buf, "%03u-%03u", code.digits / 1000, code.digits % 1000);
    } else {
        std::snprintf(buf, sizeof buf, "%05u", code.digits);
    }
    return buf;
}

}  // namespace jangteo::customers

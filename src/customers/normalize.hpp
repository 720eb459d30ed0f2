// Normalisers for the Korean personal data that identity resolution compares (docs/identity.md): names
// (NFC Hangul, family and given name, a romanised key that "김민준", "Kim Min-jun" and "MINJUN KIM"
// share), e-mail addresses, birth dates in their many written forms, road-name addresses and postal
// codes. Mobile numbers are core::NormalizeKoreanMobile's. Pure functions: no I/O, no clock (the
// birth-date reader takes today's date).
//
//   auto name = customers::NormalizeName("Kim Min-jun");     // family_class "gim", given_key "minjun"
//   customers::NormalizeBirthDate("85년3월7일", 20261123);   // 19850307
//   customers::NormalizeAddress("부산시 수영구 광안해변로219, 101동 1203호");  // key "광안해변로 219"
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace jangteo::customers {

// A Korean family name with its share of the population (Statistics Korea's census) and its
// romanisations. `roman_class` is the key that every spelling of it shares ("이", "리": "i"), so
// that "Lee", "Yi" and "Rhee" all find 이.
struct FamilyName {
    std::string_view hangul;
    double share;                  // of the population, 0..1
    std::string_view roman_class;  // the common key of its spellings
    std::string_view spellings;    // the usual Latin spellings, space-separated, the most common first
};
// About 60 family names, the most frequent first; the two-syllable ones (남궁, 제갈, 황보, …) included.
std::span<const FamilyName> FamilyNames();

// Unicode NFC for Hangul: conjoining jamo (U+1100…) composed into syllables; blanks (ASCII white
// space, U+3000) trimmed and runs of them collapsed to one space. Invalid UTF-8 answers nullopt.
std::optional<std::string> ComposeHangul(std::string_view text);

// A person's name, read.
struct NormalizedName {
    std::string full;          // Hangul: the syllables without spaces ("김민준"); Latin: lower-case words, one space
    std::string family;        // Hangul family name ("김", "남궁"); empty for a Latin name
    std::string given;         // Hangul given name ("민준"); empty for a Latin name
    std::string family_class;  // FamilyName::roman_class of the family name; empty when none is recognised
    std::string given_key;     // the loose romanised key of the given name (RomanKey)
    bool hangul = false;       // written in Hangul
};
// nullopt for a name with nothing to compare (blank, invalid UTF-8, longer than 64 code points).
// A Latin name is split where one of its words is a known family-name spelling: the first word, or
// else the last ("MINJUN KIM"); of two words that both are, the more common family.
std::optional<NormalizedName> NormalizeName(std::string_view text);

// The Revised Romanization of a run of Hangul syllables, lower-case, without sound changes across
// syllables ("민준" → "minjun", "서연" → "seoyeon"). Other characters are left out.
std::string RomanizeHangul(std::string_view hangul);
// A loose key of a romanised word that the usual spelling variants share: voicing (k/g, t/d, p/b,
// ch/j), ㅓ ㅡ ㅜ and oo written alike, ee/i, ae/e, r/l, doubled letters and anything but letters
// dropped. "minjun", "Min-joon" and "Minchun" share "minjun"; "seoyeon" and "Seoyun" share "suyun".
std::string RomanKey(std::string_view latin);
// The roman_class of a Latin family-name spelling ("Rhee" → "i"), or empty.
std::string_view FamilyClassOfSpelling(std::string_view latin_word);

// How far apart two Hangul strings of as many syllables are, counted in jamo (initial, vowel, final
// consonant of each syllable): 0 when equal, -1 when they differ in length or are not all syllables.
int JamoDistance(std::string_view a, std::string_view b);

// trim + lower-case (ASCII); nullopt when it is not an address (no single '@', blanks inside, empty).
std::optional<std::string> NormalizeEmail(std::string_view text);

// A birth date as YYYYMMDD (e.g. 19850307) from 1985-03-07, 1985.3.7, 1985/03/07, 19850307, 850307,
// 85.3.7, 1985년 3월 7일, 85년3월7일. A two-digit year is the latest that is not after `today`
// (YYYYMMDD). nullopt for an impossible date (Feb 30, month 13), one after today or before 1900.
std::optional<std::uint32_t> NormalizeBirthDate(std::string_view text, std::uint32_t today);
// "1985-03-07" for 19850307.
std::string FormatBirthDate(std::uint32_t yyyymmdd);

// A Korean road-name address, reduced to what identifies the building.
struct NormalizedAddress {
    std::string province;  // short form: "부산" for 부산광역시, 부산시 and 부산; "경남" for 경상남도
    std::string city;      // a city inside a province ("김해시"); empty for the metropolitan cities
    std::string district;  // 구 or 군 ("수영구"); empty when not written
    std::string key;       // street and building number ("광안해변로 219", "중앙대로123번길 45"); the
                           // text without province and district when no road name is found
};
// Unit details (동, 호, 층), anything in parentheses and anything after a comma following the
// building number are dropped. nullopt for a blank address.
std::optional<NormalizedAddress> NormalizeAddress(std::string_view text);

// A postal code: the 5-digit codes since 2015 and the old 6-digit ones (123-456, 123456) are kept
// apart, since an old code cannot be compared digit by digit with a new one.
struct PostalCode {
    std::uint32_t digits = 0;
    bool old = false;  // a 6-digit code
    bool operator==(const PostalCode&) const = default;
};
std::optional<PostalCode> NormalizePostalCode(std::string_view text);
std::string FormatPostalCode(PostalCode code);  // "48303", "612-020"

}  // namespace jangteo::customers

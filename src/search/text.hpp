// The text rules of product search: how titles are cut into what the index stores and what a query
// asks for. Korean is cut into runs of Hangul syllables (indexed as syllable bigrams, and single
// syllables for one-syllable queries); English and numbers into ASCII words, lower-cased. Anything
// else (punctuation, other scripts) separates pieces. Byte offsets always point into the original
// text, since lower-casing ASCII keeps every byte where it was.
//
//   search::text::ForEachPiece("국내산 순살고등어 500g", [](search::text::Piece p) {
//       // {kHangul, 0, 9} "국내산", {kHangul, 10, 25} "순살고등어", {kWord, 26, 30} "500g"
//   });
//   search::text::WithinOneEdit("mackrel", "mackerel");   // true: one insertion
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace jangteo::search::text {

inline constexpr char32_t kFirstSyllable = 0xAC00;  // 가
inline constexpr char32_t kLastSyllable = 0xD7A3;   // 힣
inline constexpr std::uint32_t kSyllableCount = kLastSyllable - kFirstSyllable + 1;

enum class PieceKind : std::uint8_t {
    kHangul,  // a run of Hangul syllables (U+AC00..U+D7A3)
    kWord,    // a run of ASCII letters and digits
};

struct Piece {
    PieceKind kind;
    std::uint32_t begin;  // byte offsets into the text
    std::uint32_t end;
};

// The Hangul syllable whose UTF-8 encoding starts at text[i] as an index 0..11171, or -1.
// Each syllable is three bytes long.
inline int SyllableAt(std::string_view text, std::size_t i) {
    if (i + 3 > text.size()) return -1;
    auto b0 = static_cast<unsigned char>(text[i]);
    auto b1 = static_cast<unsigned char>(text[i + 1]);
    auto b2 = static_cast<unsigned char>(text[i + 2]);
    if (b0 < 0xEA || b0 > 0xED || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return -1;
    char32_t cp = (char32_t(b0 & 0x0F) << 12) | (char32_t(b1 & 0x3F) << 6) | char32_t(b2 & 0x3F);
    if (cp < kFirstSyllable || cp > kLastSyllable) return -1;
    return static_cast<int>(cp - kFirstSyllable);
}

inline bool IsWordByte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Calls f(Piece) for each Hangul run and ASCII word of `text`, in order.
template <typename F>
void ForEachPiece(std::string_view text, F&& f) {
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        if (IsWordByte(text[i])) {
            std::size_t j = i + 1;
            while (j < n && IsWordByte(text[j])) ++j;
            f(Piece{PieceKind::kWord, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)});
            i = j;
        } else if (SyllableAt(text, i) >= 0) {
            std::size_t j = i + 3;
            while (SyllableAt(text, j) >= 0) j += 3;
            f(Piece{PieceKind::kHangul, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)});
            i = j;
        } else {
            ++i;
        }
    }
}

// `text` with ASCII letters in lower case; every other byte as it was.
std::string LowerAscii(std::string_view text);

// Whether a and b are at most one edit apart: one insertion, deletion, substitution, or a swap of
// two neighbouring characters (bytes: the English words this is used for are ASCII).
bool WithinOneEdit(std::string_view a, std::string_view b);

}  // namespace jangteo::search::text

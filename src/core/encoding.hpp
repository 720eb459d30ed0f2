// Text files that Korean users hand in: CSV saved by Korean Excel is CP949 (Microsoft's superset of
// EUC-KR), other tools write UTF-8 with or without a byte order mark. Imports decode them to UTF-8
// here, and exports can write CP949 for Excel.
//
//   JANGTEO_TRY(core::DecodedText text, core::DecodeKoreanText(upload));   // text.utf8, text.encoding
//   std::string for_excel = *core::EncodeCp949("상품명,가격\n고등어,8900\n");
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jangteo::core {

enum class TextEncoding { kUtf8, kCp949 };
std::string_view TextEncodingName(TextEncoding encoding);  // "utf-8", "cp949"

struct DecodedText {
    std::string utf8;
    TextEncoding encoding = TextEncoding::kUtf8;
};

// UTF-8 (a leading byte order mark is dropped) when the bytes are valid UTF-8, else CP949. Bytes that
// are neither answer kInvalidArgument "undecodable_text" naming the line (1-based) of the first bad
// byte. NUL bytes are refused in both.
Result<DecodedText> DecodeKoreanText(std::string_view bytes);

// The same, as the caller says the bytes are (an upload whose encoding the person chose): UTF-8 (a
// leading byte order mark is dropped) or CP949; bytes that are not valid in it answer
// kInvalidArgument "undecodable_text" naming the line.
Result<DecodedText> DecodeKoreanText(std::string_view bytes, TextEncoding as);

// UTF-8 to CP949; a character CP949 lacks (emoji, most scripts beside Korean, Latin and CJK)
// answers kInvalidArgument "unencodable_text" naming its line.
Result<std::string> EncodeCp949(std::string_view utf8);

}  // namespace jangteo::core

// Normalisers and validators for Korean identifiers that arrive from forms, counters and old files.
//
//   NormalizeBusinessNumber("220-81-62517")  -> "2208162517" (10 digits, check digit verified)
//   FormatBusinessNumber("2208162517")       -> "220-81-62517"
//   NormalizeKoreanMobile("+82 10-1234-5678") -> "010-1234-5678"
//   NormalizeKoreanPhone("0517441234")        -> "051-744-1234"
//   NormalizeText("  광안리 횟집 ", "name_ko", {.max_code_points = 100}) -> "광안리 횟집"
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jangteo::core {

// A business registration number (사업자등록번호): 10 digits, written with or without '-' or spaces,
// whose last digit is the check digit of the first nine. Errors name `field` and say what is wrong.
Result<std::string> NormalizeBusinessNumber(std::string_view text, std::string_view field = "business_number");
bool BusinessNumberCheckDigitOk(std::string_view ten_digits);
std::string FormatBusinessNumber(std::string_view ten_digits);

// A Korean mobile number in any usual written form (01012345678, 010-1234-5678, 010 1234 5678,
// +82 10 1234 5678, +82-010-…), as 010-1234-5678. Answers nullopt for anything that is not one.
std::optional<std::string> NormalizeKoreanMobile(std::string_view text);

// A Korean telephone number a business gives out, as it is written with hyphens: a mobile number
// (as NormalizeKoreanMobile), a landline with its area code (02-123-4567, 02-1234-5678,
// 051-744-1234, and every other area code from 031 to 064), an internet phone (070-1234-5678), a
// free call (080-123-4567) or a representative number (1588-1234; 15xx, 16xx and 18xx). Accepts the
// same separators and +82 / 0082 prefixes as NormalizeKoreanMobile; nullopt for anything else.
std::optional<std::string> NormalizeKoreanPhone(std::string_view text);

// How NormalizeText judges one piece of text that people type (a name, an address, a reason).
struct TextRule {
    std::size_t max_code_points = 100;
    bool required = true;     // an empty (or blank) text is a "required" error; otherwise it answers ""
    bool multi_line = false;  // line breaks and tabs are kept inside; otherwise they are refused
};

// `text` trimmed of blanks at both ends (ASCII white space and the ideographic space U+3000 that
// Korean input methods type), checked to be UTF-8 without control characters and at most
// `rule.max_code_points` code points long. A failure is kInvalidArgument "invalid_text" with one
// field error on `field`: "required", "too_long" or "invalid_text".
Result<std::string> NormalizeText(std::string_view text, std::string_view field, const TextRule& rule);

// Whether every byte of `text` is printable ASCII (space to '~'): the rule for English names, which
// then sort and search the same way on every backend.
bool IsPrintableAscii(std::string_view text);

// A GTIN barcode (EAN-13 as printed on Korean goods, which start 880; also GTIN-8, UPC-A's 12
// digits and GTIN-14 of cases), with or without spaces or hyphens, whose last digit is the GS1
// check digit of the others. Answers the digits; errors name `field` with code "gtin_length" or
// "gtin_check_digit".
Result<std::string> NormalizeGtin(std::string_view text, std::string_view field = "barcode");
bool GtinCheckDigitOk(std::string_view digits);

// The code points of UTF-8 `text`, or nullopt when it is not valid UTF-8 (overlong forms, surrogates
// and values beyond U+10FFFF are invalid). Lengths that people see ("at least 10 characters") are
// counted in code points, so that 10 Hangul syllables (30 bytes) count as 10.
std::optional<std::u32string> DecodeUtf8(std::string_view text);
// The UTF-8 form of code points (the inverse of DecodeUtf8 for valid input).
std::string EncodeUtf8(std::u32string_view code_points);

}  // namespace jangteo::core

// Normalisers and validators for Korean identifiers that arrive from forms, counters and old files.
//
//   NormalizeBusinessNumber("220-81-62517")  -> "2208162517" (10 digits, check digit verified)
//   FormatBusinessNumber("2208162517")       -> "220-81-62517"
//   NormalizeKoreanMobile("+82 10-1234-5678") -> "010-1234-5678"
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

// The code points of UTF-8 `text`, or nullopt when it is not valid UTF-8 (overlong forms, surrogates
// and values beyond U+10FFFF are invalid). Lengths that people see ("at least 10 characters") are
// counted in code points, so that 10 Hangul syllables (30 bytes) count as 10.
std::optional<std::u32string> DecodeUtf8(std::string_view text);

}  // namespace jangteo::core

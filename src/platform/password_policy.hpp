// What a new password must be: 10 to 128 bytes' worth of text (at least 10 characters counted in
// code points, so Korean passwords count right), not a common password or an obvious pattern
// (one repeated character, keyboard and number sequences, short repeated units, common words dressed
// up with digits), and not made of the user's own email name or phone number.
//
//   auto error = platform::CheckPasswordPolicy(pw, {.email = "minsu@example.kr", .mobile = "010-1234-5678"});
//   if (error) return core::Error::Invalid("invalid_password", error->message, {*error});
//
// Field error codes (stable; the web app translates them): password_invalid, password_too_short,
// password_too_long, password_contains_identity, password_too_common, password_too_simple.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "core/error.hpp"

namespace jangteo::platform {

inline constexpr std::size_t kMinPasswordCodePoints = 10;
// A byte bound keeps the cost of hashing and of the checks below bounded for any input.
inline constexpr std::size_t kMaxPasswordBytes = 128;

// What the password must not contain. Both are the normalised forms the user service stores
// (lower-case email, mobile as 010-1234-5678); empty means unknown.
struct PasswordIdentity {
    std::string_view email;
    std::string_view mobile;
};

// The first rule `password` breaks, as a field error on `field`, or nullopt when it is acceptable.
std::optional<core::FieldError> CheckPasswordPolicy(std::string_view password, const PasswordIdentity& identity,
                                                    std::string_view field = "password");

// Whether `word` (any case) is on the built-in list of common passwords. For tests and tools.
bool IsCommonPassword(std::string_view word);

}  // namespace jangteo::platform

// A Korean delivery address as a checkout takes it: the recipient, a phone number, the 5-digit
// postal code (우편번호, the 2015 code), the road-name address (도로명주소), the detail (동·호수) and a
// note for the courier. NormalizeAddress checks every field at once, so a form shows all of its
// mistakes together, and answers the stored form (trimmed text, the phone written 010-1234-5678).
//
//   JANGTEO_TRY(orders::DeliveryAddress address,
//               orders::NormalizeAddress(input, "orders[0].address"));   // fields "orders[0].address.postal_code", …
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace jangteo::orders {

inline constexpr std::size_t kMaxRecipientCodePoints = 50;
inline constexpr std::size_t kMaxRoadAddressCodePoints = 200;
inline constexpr std::size_t kMaxAddressDetailCodePoints = 100;
inline constexpr std::size_t kMaxDeliveryNoteCodePoints = 200;

struct DeliveryAddress {
    std::string recipient;     // required, ≤ 50 characters
    std::string phone;         // a Korean phone number (core::NormalizeKoreanPhone)
    std::string postal_code;   // exactly 5 ASCII digits
    std::string road_address;  // required, ≤ 200 characters
    std::string detail;        // optional, ≤ 100 characters
    std::string note;          // optional, ≤ 200 characters ("부재 시 경비실에 맡겨 주세요")

    bool operator==(const DeliveryAddress&) const = default;
};

// Whether `text` is a postal code: exactly five ASCII digits.
bool IsPostalCode(std::string_view text);

// The address normalised, or kInvalidArgument "invalid_address" with a field error per bad field,
// named `<prefix>.<field>` (just `<field>` when the prefix is empty): recipient, phone
// ("invalid_phone"), postal_code ("invalid_postal_code"), road_address, detail, note (NormalizeText's
// "required", "too_long", "invalid_text").
core::Result<DeliveryAddress> NormalizeAddress(const DeliveryAddress& address, std::string_view prefix = "");

// The same, adding the field errors to `fields` (for a caller that checks a larger input at once);
// answers the normalised address, which is meaningful only when no error was added.
DeliveryAddress CheckAddress(const DeliveryAddress& address, std::string_view prefix,
                             std::vector<core::FieldError>& fields);

}  // namespace jangteo::orders

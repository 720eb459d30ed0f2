// Money is whole Korean won in an int64, never floating point. Arithmetic that could overflow is
// checked and reports it instead of wrapping.
//
//   Money price = Money::Won(12'900);
//   auto total = price.Times(3);          // Result<Money>: 38,700
//   total->Format();                      // "38,700원"
#pragma once

#include <compare>
#include <cstdint>
#include <string>

#include "core/error.hpp"

namespace jangteo::core {

class Money {
public:
    constexpr Money() = default;
    static constexpr Money Won(std::int64_t won) { return Money(won); }

    constexpr std::int64_t won() const { return won_; }

    Result<Money> Plus(Money other) const;
    Result<Money> Minus(Money other) const;
    Result<Money> Times(std::int64_t quantity) const;

    // "1,234,500원"; negative amounts as "-1,200원".
    std::string Format() const;

    constexpr auto operator<=>(const Money&) const = default;

private:
    constexpr explicit Money(std::int64_t won) : won_(won) {}
    std::int64_t won_ = 0;
};

}  // namespace jangteo::core

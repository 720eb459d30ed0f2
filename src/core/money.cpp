#include "core/money.hpp"

namespace jangteo::core {

namespace {
Error Overflow() {
    return Error::Invalid("amount_out_of_range", "the amount is out of range");
}
}  // namespace

Result<Money> Money::Plus(Money other) const {
    std::int64_t out = 0;
    if (__builtin_add_overflow(won_, other.won_, &out)) return Overflow();
    return Money(out);
}

Result<Money> Money::Minus(Money other) const {
    std::int64_t out = 0;
    if (__builtin_sub_overflow(won_, other.won_, &out)) return Overflow();
    return Money(out);
}

Result<Money> Money::Times(std::int64_t quantity) const {
    std::int64_t out = 0;
    if (__builtin_mul_overflow(won_, quantity, &out)) return Overflow();
    return Money(out);
}

std::string Money::Format() const {
    // Work on the unsigned magnitude so that INT64_MIN formats too.
    std::uint64_t v = won_ < 0 ? 0 - static_cast<std::uint64_t>(won_) : static_cast<std::uint64_t>(won_);
    std::string digits = std::to_string(v);
    std::string out;
    if (won_ < 0) out.push_back('-');
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    out += "원";
    return out;
}

}  // namespace jangteo::core

// What people type into the sign-up form: UTF-8 decoding, the email normaliser and the password
// policy take any bytes; a normalised email normalises to itself, and the policy's answer is one of
// its documented codes on the password field.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/validate.hpp"
#include "platform/password_policy.hpp"
#include "platform/user.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace jangteo;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto decoded = core::DecodeUtf8(text)) {
        if (decoded->size() > text.size()) std::abort();
    }
    if (auto email = platform::NormalizeEmail(text); email.ok()) {
        auto again = platform::NormalizeEmail(*email);
        if (!again.ok() || *again != *email) std::abort();
    }
    auto verdict = platform::CheckPasswordPolicy(text, {.email = "kim.minsu@example.kr", .mobile = "010-2468-1357"});
    if (verdict) {
        static constexpr std::string_view kCodes[] = {"password_invalid",    "password_too_short",
                                                      "password_too_long",   "password_contains_identity",
                                                      "password_too_common", "password_too_simple"};
        bool known = false;
        for (auto code : kCodes) known |= verdict->code == code;
        if (!known || verdict->field != "password") std::abort();
    }
    return 0;
}

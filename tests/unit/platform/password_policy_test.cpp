// The password policy, case by case: lengths in code points and bytes, common passwords and their
// decorated forms in any case, keyboard and number sequences, repeats, and the user's own details.
#include "platform/password_policy.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "core/validate.hpp"

namespace jangteo::platform {
namespace {

struct Case {
    std::string password;
    std::string code;  // "" when accepted
};

// Control characters, and every non-ASCII byte of text that is not valid UTF-8, are printed escaped,
// so that test names stay readable text in logs.
void PrintTo(const Case& c, std::ostream* os) {
    bool utf8 = core::DecodeUtf8(c.password).has_value();
    *os << "'";
    for (char ch : c.password) {
        auto b = static_cast<unsigned char>(ch);
        if (b < 0x20 || b == 0x7f || (b >= 0x80 && !utf8)) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", b);
            *os << buf;
        } else {
            *os << ch;
        }
    }
    *os << "' -> " << (c.code.empty() ? "ok" : c.code);
}

class PasswordPolicyTest : public ::testing::TestWithParam<Case> {};

TEST_P(PasswordPolicyTest, Judges) {
    const Case& c = GetParam();
    auto error = CheckPasswordPolicy(c.password, {"kim.minsu@example.kr", "010-2468-1357"});
    if (c.code.empty()) {
        EXPECT_FALSE(error.has_value()) << error->code;
    } else {
        ASSERT_TRUE(error.has_value());
        EXPECT_EQ(error->field, "password");
        EXPECT_EQ(error->code, c.code);
        EXPECT_FALSE(error->message.empty());
    }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PasswordPolicyTest,
    ::testing::Values(
        // Length: 10 code points, however many bytes.
        Case{"바다가보이는부산항구", ""},                  // 10 Hangul syllables, 30 bytes
        Case{"바다가보이는부산항", "password_too_short"},  // 9 syllables, 27 bytes
        Case{"tr0ub4dor", "password_too_short"},           // 9 ASCII
        Case{"tr0ub4dor&", ""},                            // 10 ASCII
        Case{"", "password_too_short"}, Case{std::string(129, 'x'), "password_too_long"},
        Case{[] {
                 std::string s;
                 while (s.size() < 128) s += "Gx7!kP2#";
                 return s;
             }(),
             ""},  // 128 bytes is allowed
        Case{"바다가보이는부산항구바다가보이는부산항구바다가보이는부산항구바다가보이는부산항구바다가보이는부산항구",
             "password_too_long"},  // 50 syllables, 150 bytes
        Case{std::string("abc\x80\x80"
                         "defghij"),
             "password_invalid"},  // not UTF-8
        Case{"tab\tinside-pw", "password_invalid"},
        // Common passwords, in any case, and dressed up with digits and symbols.
        Case{"password1234", "password_too_common"}, Case{"PASSWORD1234", "password_too_common"},
        Case{"PassWord!2024", "password_too_common"}, Case{"!!iloveyou!!", "password_too_common"},
        Case{"Sarang1004!!", "password_too_common"}, Case{"saranghae123", "password_too_common"},
        Case{"jangteo2024!", "password_too_common"}, Case{"Busan@123456", "password_too_common"},
        Case{"비밀번호1234567", "password_too_common"}, Case{"사랑해요!!2024", "password_too_common"},
        Case{"1q2w3e4r5t", "password_too_common"}, Case{"qwerty123456", "password_too_common"},
        Case{"sunflowersunflower", "password_too_common"},
        // Repeats and sequences.
        Case{"aaaaaaaaaa", "password_too_simple"}, Case{"0000000000000", "password_too_simple"},
        Case{"1234567890", "password_too_simple"}, Case{"9012345678", "password_too_simple"},
        Case{"poiuytrewq", "password_too_simple"}, Case{"lkjhgfdsa!", "password_too_simple"},
        Case{"mnbvcxzlkjhg", "password_too_simple"}, Case{"zaq1xsw2cde3", "password_too_simple"},
        Case{"0987654321", "password_too_simple"}, Case{"4567890123", "password_too_simple"},
        Case{"abcdefghijkl", "password_too_simple"}, Case{"qwertyuiopas", "password_too_simple"},
        Case{"QWERTYUIOP", "password_too_common"}, Case{"asdfghjkl;", "password_too_common"},
        Case{"zxcvbnm,./", "password_too_common"}, Case{"1qaz2wsx3edc", "password_too_simple"},
        Case{"!@#$%^&*()", "password_too_simple"}, Case{"qwer1234!@#$", "password_too_common"},
        Case{"asdf!@#$1234", "password_too_common"}, Case{"abababababab", "password_too_simple"},
        Case{"abcabcabcabc", "password_too_simple"}, Case{"a1b2c3d4e5f6", "password_too_simple"},
        Case{"dragon-monkey", "password_too_simple"}, Case{"사랑사랑사랑사랑사랑", "password_too_simple"},
        Case{"가가가가가가가가가가", "password_too_simple"},
        // The user's own details.
        Case{"kim.minsu!!2024", "password_contains_identity"}, Case{"KimMinsu-1990", "password_contains_identity"},
        Case{"Minsu-the-best", "password_contains_identity"}, Case{"call-2468-1357", "password_contains_identity"},
        Case{"tel01024681357", "password_contains_identity"},
        // Good ones.
        Case{"x7#Lm9!qR2", ""}, Case{"correct horse battery staple", ""}, Case{"해운대-Sunset-바람", ""},
        Case{"Jagalchi market fish 7", ""}, Case{"minsoo is not me 88", ""}, Case{"tel 2468 9876 x", ""}));

TEST(PasswordPolicy, FieldNameIsTheCallers) {
    auto error = CheckPasswordPolicy("short", {}, "new_password");
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->field, "new_password");
    EXPECT_EQ(error->code, "password_too_short");
}

TEST(PasswordPolicy, ShortEmailNamesDoNotRefuseEverything) {
    // A two-letter local part would make most passwords "contain" it; such names are not checked.
    EXPECT_FALSE(CheckPasswordPolicy("kind heron at dawn", {"ki@example.kr", ""}).has_value());
    EXPECT_EQ(CheckPasswordPolicy("Ohjeong-is-me-42", {"OhJeong@example.kr", ""})->code, "password_contains_identity");
}

TEST(PasswordPolicy, CommonListIsLoadedAndCaseInsensitive) {
    EXPECT_TRUE(IsCommonPassword("password"));
    EXPECT_TRUE(IsCommonPassword("PassWord"));
    EXPECT_TRUE(IsCommonPassword("비밀번호"));
    EXPECT_FALSE(IsCommonPassword("# the classics"));  // comments are not entries
    EXPECT_FALSE(IsCommonPassword(""));
    EXPECT_FALSE(IsCommonPassword("x7#Lm9!qR2"));
}

}  // namespace
}  // namespace jangteo::platform

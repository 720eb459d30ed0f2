// NormalizeKoreanPhone: every kind of number a business gives out, in the forms people write them,
// comes out in one hyphenated form; everything else is refused. Table-driven.
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>

#include "core/validate.hpp"

namespace jangteo::core {
namespace {

struct PhoneCase {
    const char* input;
    const char* expected;  // nullptr: refused
};

void PrintTo(const PhoneCase& c, std::ostream* os) {
    *os << '"' << c.input << "\" -> " << (c.expected ? c.expected : "refused");
}

class NormalizeKoreanPhoneTest : public testing::TestWithParam<PhoneCase> {};

TEST_P(NormalizeKoreanPhoneTest, Normalizes) {
    const PhoneCase& c = GetParam();
    std::optional<std::string> got = NormalizeKoreanPhone(c.input);
    if (c.expected == nullptr) {
        EXPECT_FALSE(got.has_value()) << testing::PrintToString(std::string(c.input)) << " gave " << *got;
    } else {
        ASSERT_TRUE(got.has_value()) << testing::PrintToString(std::string(c.input));
        EXPECT_EQ(*got, c.expected);
        // Normalising the result again changes nothing.
        EXPECT_EQ(NormalizeKoreanPhone(*got), *got);
    }
}

INSTANTIATE_TEST_SUITE_P(Accepted, NormalizeKoreanPhoneTest,
                         testing::Values(
                             // mobile numbers, as NormalizeKoreanMobile
                             PhoneCase{"01012345678", "010-1234-5678"}, PhoneCase{"010-1234-5678", "010-1234-5678"},
                             PhoneCase{"+82 10 1234 5678", "010-1234-5678"},
                             PhoneCase{"0082-10-1234-5678", "010-1234-5678"}, PhoneCase{"011-234-5678", "011-234-5678"},
                             // Busan landlines
                             PhoneCase{"0517441234", "051-744-1234"}, PhoneCase{"051-744-1234", "051-744-1234"},
                             PhoneCase{"051 7441 2345", "051-7441-2345"}, PhoneCase{"(051) 744-1234", "051-744-1234"},
                             PhoneCase{"+82 51 744 1234", "051-744-1234"},
                             PhoneCase{"+82-051-744-1234", "051-744-1234"}, PhoneCase{" 051.744.1234 ", "051-744-1234"},
                             // Seoul and the other area codes
                             PhoneCase{"023124567", "02-312-4567"}, PhoneCase{"0231234567", "02-3123-4567"},
                             PhoneCase{"+82 2 3123 4567", "02-3123-4567"}, PhoneCase{"031-712-4567", "031-712-4567"},
                             PhoneCase{"0442124567", "044-212-4567"}, PhoneCase{"055-2345-6789", "055-2345-6789"},
                             PhoneCase{"064-712-3456", "064-712-3456"},
                             // internet phones, free calls, representative numbers
                             PhoneCase{"07041235678", "070-4123-5678"}, PhoneCase{"070-8765-4321", "070-8765-4321"},
                             PhoneCase{"080-023-5000", "080-023-5000"}, PhoneCase{"15881234", "1588-1234"},
                             PhoneCase{"1577-0000", "1577-0000"}, PhoneCase{"1644 5678", "1644-5678"},
                             PhoneCase{"1899-1234", "1899-1234"}));

INSTANTIATE_TEST_SUITE_P(Refused, NormalizeKoreanPhoneTest,
                         testing::Values(PhoneCase{"", nullptr}, PhoneCase{"   ", nullptr}, PhoneCase{"---", nullptr},
                                         PhoneCase{"051-744-123", nullptr},     // six local digits
                                         PhoneCase{"051-74412-3456", nullptr},  // nine local digits
                                         PhoneCase{"051-044-1234", nullptr},    // an exchange starting with 0
                                         PhoneCase{"051-144-1234", nullptr},    // or with 1
                                         PhoneCase{"056-744-1234", nullptr},    // no such area code
                                         PhoneCase{"030-744-1234", nullptr}, PhoneCase{"065-744-1234", nullptr},
                                         PhoneCase{"0507-1234-5678",
                                                   nullptr},  // personal numbers are not business numbers
                                         PhoneCase{"02-123-4567", nullptr},   // Seoul exchanges start with 2 to 9 too
                                         PhoneCase{"070-123-4567", nullptr},  // internet phones have eight digits
                                         PhoneCase{"070-0123-4567", nullptr}, PhoneCase{"080-1234-5678", nullptr},
                                         PhoneCase{"1588-123", nullptr}, PhoneCase{"1588-12345", nullptr},
                                         PhoneCase{"1788-1234", nullptr},      // 17xx is not a representative block
                                         PhoneCase{"+82 1588 1234", nullptr},  // not dialled from abroad
                                         PhoneCase{"010-123-4567", nullptr},   // 010 numbers have eleven digits
                                         PhoneCase{"051-744-1234 ext 5", nullptr}, PhoneCase{"051/744/1234", nullptr},
                                         PhoneCase{"０５１-744-1234", nullptr},  // full-width digits
                                         PhoneCase{"+1 415 555 0100", nullptr}, PhoneCase{"1234", nullptr}));

}  // namespace
}  // namespace jangteo::core

#include "core/random.hpp"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>

namespace jangteo::core {
namespace {

TEST(RandomTest, SeededRandomIsDeterministic) {
    SeededRandom a(7);
    SeededRandom b(7);
    for (int i = 0; i < 50; ++i) EXPECT_EQ(a.NextU64(), b.NextU64());
    SeededRandom c(8);
    SeededRandom d(7);
    EXPECT_NE(c.NextU64(), d.NextU64());
}

TEST(RandomTest, SeededRandomMatchesSplitMix64) {
    // Reference values of splitmix64 seeded with 0.
    SeededRandom r(0);
    EXPECT_EQ(r.NextU64(), 0xe220a8397b1dcdafULL);
    EXPECT_EQ(r.NextU64(), 0x6e789e6aa1b965f4ULL);
}

TEST(RandomTest, SeededRandomValuesDiffer) {
    SeededRandom r(1);
    std::set<std::uint64_t> seen;
    for (int i = 0; i < 1000; ++i) seen.insert(r.NextU64());
    EXPECT_EQ(seen.size(), 1000U);
}

TEST(RandomTest, FillCoversOddSizes) {
    SeededRandom a(3);
    SeededRandom b(3);
    std::array<unsigned char, 13> x{};
    std::array<unsigned char, 13> y{};
    a.Fill(x.data(), x.size());
    b.Fill(y.data(), y.size());
    EXPECT_EQ(x, y);
    int zeros = 0;
    for (unsigned char c : x) zeros += c == 0;
    EXPECT_LT(zeros, 4);
}

TEST(RandomTest, HexHasTwoLowerCaseDigitsPerByte) {
    SeededRandom r(5);
    for (std::size_t bytes : {0U, 1U, 4U, 16U, 33U}) {
        std::string hex = r.Hex(bytes);
        EXPECT_EQ(hex.size(), 2 * bytes);
        EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos) << hex;
    }
    SeededRandom a(5);
    SeededRandom b(5);
    EXPECT_EQ(a.Hex(8), b.Hex(8));
}

TEST(RandomTest, SystemRandomFillsAndDiffers) {
    SystemRandom r;
    std::string a = r.Hex(16);
    std::string b = r.Hex(16);
    EXPECT_EQ(a.size(), 32U);
    EXPECT_NE(a, b);
}

}  // namespace
}  // namespace jangteo::core

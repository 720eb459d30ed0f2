#include "store/keyset.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace jangteo::store {
namespace {

TEST(KeysetTest, FirstPageStartsAtTheEnd) {
    auto k = ParseKeyset(std::nullopt, 50);
    ASSERT_TRUE(k.ok());
    EXPECT_EQ(k->time_us, std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(k->id, std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(k->fetch, 51);
}

TEST(KeysetTest, CursorRoundTrips) {
    std::string cursor = FormatKeyset(1763856000000000, 4242);
    EXPECT_EQ(cursor, "1763856000000000.4242");
    auto k = ParseKeyset(cursor, 1);
    ASSERT_TRUE(k.ok());
    EXPECT_EQ(k->time_us, 1763856000000000);
    EXPECT_EQ(k->id, 4242);
    EXPECT_EQ(k->fetch, 2);
}

TEST(KeysetTest, RefusesBadLimitsAndCursors) {
    for (int limit : {0, -1, 201}) {
        auto k = ParseKeyset(std::nullopt, limit);
        ASSERT_FALSE(k.ok());
        EXPECT_EQ(k.error().reason, "bad_limit");
        EXPECT_EQ(k.error().fields.at(0).field, "limit");
    }
    for (const char* c : {"", "12", "12.", ".5", "a.b", "-1.2", "1.-2", "1.2.3", "99999999999999999999.1"}) {
        auto k = ParseKeyset(std::string(c), 10);
        ASSERT_FALSE(k.ok()) << c;
        EXPECT_EQ(k.error().reason, "bad_cursor") << c;
        EXPECT_EQ(k.error().fields.at(0).field, "cursor");
    }
}

}  // namespace
}  // namespace jangteo::store

#include <gtest/gtest.h>

#include "store/db.hpp"

TEST(StoreSmoke, OpensMemory) { EXPECT_TRUE(jangteo::store::Open("sqlite::memory:", {}).ok()); }

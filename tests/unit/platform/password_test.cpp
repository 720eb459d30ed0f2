// Argon2id hashing: round trip, refusal of wrong passwords and foreign strings, the production floor
// of the parameters, and the rehash signal when parameters change.
#include "platform/password.hpp"

#include <gtest/gtest.h>

#include <string>

namespace jangteo::platform {
namespace {

// libsodium's minimum: hashing costs microseconds, so the suite stays fast.
const WeakParamsForTests kFast{{1, 8 * 1024}};

TEST(PasswordHasherTest, ProductionDefaultsMeetTheFloor) {
    EXPECT_GE(kDefaultPasswordHashParams.ops, 2u);
    EXPECT_GE(kDefaultPasswordHashParams.mem_bytes, std::size_t{19} << 20);
    // Asking for less than the floor through the public constructor gets the floor.
    PasswordHasher raised(PasswordHashParams{1, 8 * 1024});
    EXPECT_EQ(raised.params().ops, kDefaultPasswordHashParams.ops);
    EXPECT_EQ(raised.params().mem_bytes, kDefaultPasswordHashParams.mem_bytes);
}

TEST(PasswordHasherTest, RoundTrip) {
    PasswordHasher hasher(kFast);
    auto hash = hasher.Hash("바다가보이는부산항구");
    ASSERT_TRUE(hash.ok()) << hash.error().message;
    EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
    EXPECT_TRUE(hasher.Verify(*hash, "바다가보이는부산항구"));
    EXPECT_FALSE(hasher.Verify(*hash, "바다가보이는부산항구 "));
    EXPECT_FALSE(hasher.Verify(*hash, ""));
    EXPECT_FALSE(hasher.NeedsRehash(*hash));
}

TEST(PasswordHasherTest, SaltsDiffer) {
    PasswordHasher hasher(kFast);
    auto a = hasher.Hash("same password here");
    auto b = hasher.Hash("same password here");
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE(*a, *b);
    EXPECT_TRUE(hasher.Verify(*a, "same password here"));
    EXPECT_TRUE(hasher.Verify(*b, "same password here"));
}

TEST(PasswordHasherTest, ForeignOrBrokenHashesNeverMatch) {
    PasswordHasher hasher(kFast);
    EXPECT_FALSE(hasher.Verify("", "anything"));
    EXPECT_FALSE(hasher.Verify("plain text password", "plain text password"));
    EXPECT_FALSE(hasher.Verify("$argon2id$v=19$m=8,t=1,p=1$broken", "x"));
    EXPECT_FALSE(hasher.Verify(std::string(1000, 'a'), "x"));
    EXPECT_TRUE(hasher.NeedsRehash("not a hash"));
    EXPECT_TRUE(hasher.NeedsRehash(std::string(1000, '$')));
}

TEST(PasswordHasherTest, NeedsRehashWhenParametersRise) {
    PasswordHasher weak(kFast);
    PasswordHasher stronger(WeakParamsForTests{{2, 16 * 1024}});
    auto hash = weak.Hash("a password of mine");
    ASSERT_TRUE(hash.ok());
    EXPECT_TRUE(stronger.NeedsRehash(*hash));
    // A hash carries its own parameters, so the stronger hasher still verifies it.
    EXPECT_TRUE(stronger.Verify(*hash, "a password of mine"));
    auto fresh = stronger.Hash("a password of mine");
    ASSERT_TRUE(fresh.ok());
    EXPECT_FALSE(stronger.NeedsRehash(*fresh));
    EXPECT_TRUE(weak.NeedsRehash(*fresh));
}

TEST(PasswordHasherTest, ProductionHashCarriesItsParameters) {
    PasswordHasher production;
    auto hash = production.Hash("a password of mine");
    ASSERT_TRUE(hash.ok());
    EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *hash;
    EXPECT_TRUE(production.Verify(*hash, "a password of mine"));
    PasswordHasher weak(kFast);
    EXPECT_TRUE(production.NeedsRehash(*weak.Hash("a password of mine")));
}

TEST(PasswordHasherTest, DummyVerifyIsHarmless) {
    PasswordHasher hasher(kFast);
    hasher.VerifyDummy("whatever");
    hasher.VerifyDummy("");
}

}  // namespace
}  // namespace jangteo::platform

// Idempotency keys on every backend: the first Begin claims, a retry after Finish replays the first
// answer, a different body is refused, a retry while running is told so, an expired claim is taken
// over and its old holder can no longer finish, Abandon lets the client retry, FinishInTx commits or
// rolls back with the effect, the purge keeps a day; and two servers racing for one key: exactly one
// claims.
#include "platform/idempotency.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "backend_fixture.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "platform/operator.hpp"
#include "store/migration.hpp"

namespace jangteo::store_test {
namespace {

using platform::IdempotencyBegin;
using platform::IdempotencyService;
using namespace std::chrono_literals;

class IdempotencyTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        auto migrations = platform::SchemaMigrations();
        auto applied = store::Migrator(db(), {migrations.begin(), migrations.end()}).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        keys_ = std::make_unique<IdempotencyService>(db(), clock_, random_);
    }

    IdempotencyBegin Begin(std::string_view key, std::string_view body) {
        auto b = keys_->Begin(kScope, key, platform::RequestHash(body));
        EXPECT_TRUE(b.ok()) << b.error().message;
        return b.ok() ? *b : IdempotencyBegin{};
    }

    static constexpr std::string_view kScope = "checkout:user:usr_0k4m2x9c1q7ta";
    core::ManualClock clock_{core::FromUnixMicros(1'795'000'000'000'000)};
    core::SeededRandom random_{3};
    std::unique_ptr<IdempotencyService> keys_;
};

TEST_P(IdempotencyTest, ClaimFinishReplay) {
    IdempotencyBegin first = Begin("key-1", R"({"cart":"crt_1"})");
    ASSERT_TRUE(first.claim);
    EXPECT_FALSE(first.replay);
    ASSERT_TRUE(keys_->Finish(*first.claim, 201, R"({"checkout_id":"chk_1"})").ok());
    IdempotencyBegin again = Begin("key-1", R"({"cart":"crt_1"})");
    EXPECT_FALSE(again.claim);
    ASSERT_TRUE(again.replay);
    EXPECT_EQ(again.replay->status, 201);
    EXPECT_EQ(again.replay->body, R"({"checkout_id":"chk_1"})");

    auto other_body = keys_->Begin(kScope, "key-1", platform::RequestHash(R"({"cart":"crt_2"})"));
    ASSERT_FALSE(other_body.ok());
    EXPECT_EQ(other_body.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(other_body.error().reason, "idempotency_key_reused");
    // The same key in another scope is another key.
    auto other_scope = keys_->Begin("checkout:user:usr_other", "key-1", platform::RequestHash("x"));
    ASSERT_TRUE(other_scope.ok());
    EXPECT_TRUE(other_scope->claim);
}

TEST_P(IdempotencyTest, KeysMustBePrintableAscii) {
    for (std::string key :
         {std::string(), std::string(256, 'k'), std::string("키"), std::string("a\tb"), std::string("a\nb")}) {
        auto b = keys_->Begin(kScope, key, platform::RequestHash("x"));
        ASSERT_FALSE(b.ok()) << key;
        EXPECT_EQ(b.error().reason, "invalid_idempotency_key");
    }
    EXPECT_TRUE(keys_->Begin(kScope, std::string(255, 'k'), platform::RequestHash("x")).ok());
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_idempotency_keys"), 1);
}

TEST_P(IdempotencyTest, RunningIsBusyUntilTheLockExpiresThenTakenOver) {
    IdempotencyBegin first = Begin("k", "body");
    ASSERT_TRUE(first.claim);
    auto busy = keys_->Begin(kScope, "k", platform::RequestHash("body"));
    ASSERT_FALSE(busy.ok());
    EXPECT_EQ(busy.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(busy.error().reason, "idempotency_in_progress");
    clock_.Advance(61s);
    IdempotencyBegin second = Begin("k", "body");
    ASSERT_TRUE(second.claim);
    EXPECT_NE(second.claim->token, first.claim->token);
    // The first holder woke up late: its answer, and with it its effect, is refused.
    auto late = db().Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY_STATUS(tx.Exec(store::Sql{"test.effect", "CREATE TABLE effect (x BIGINT)"}, {}));
        return keys_->FinishInTx(tx, *first.claim, 201, "late");
    });
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().reason, "idempotency_claim_lost");
    EXPECT_FALSE(TableExists("effect"));
    ASSERT_TRUE(keys_->Finish(*second.claim, 200, "second").ok());
    EXPECT_EQ(Begin("k", "body").replay->body, "second");
}

TEST_P(IdempotencyTest, AbandonLetsTheClientRetry) {
    IdempotencyBegin first = Begin("k", "body");
    ASSERT_TRUE(first.claim);
    ASSERT_TRUE(keys_->Abandon(*first.claim).ok());
    IdempotencyBegin retry = Begin("k", "body");
    ASSERT_TRUE(retry.claim);
    // Abandoning someone else's (stale) claim does nothing.
    ASSERT_TRUE(keys_->Abandon(*first.claim).ok());
    EXPECT_FALSE(keys_->Begin(kScope, "k", platform::RequestHash("body")).ok());
}

TEST_P(IdempotencyTest, FinishInTxCommitsWithTheEffectOrNotAtAll) {
    Script("CREATE TABLE effect (x BIGINT)");
    IdempotencyBegin a = Begin("a", "body");
    auto failed = db().Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY_STATUS(tx.Exec(store::Sql{"test.insert_effect", "INSERT INTO effect (x) VALUES (1)"}, {}));
        JANGTEO_TRY_STATUS(keys_->FinishInTx(tx, *a.claim, 201, "made"));
        return core::Error::Invalid("out_of_stock", "the effect failed after all");
    });
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(QueryInt("SELECT count(*) FROM effect"), 0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_idempotency_keys WHERE state = 'running'"), 1);
    auto done = db().Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY_STATUS(tx.Exec(store::Sql{"test.insert_effect", "INSERT INTO effect (x) VALUES (1)"}, {}));
        return keys_->FinishInTx(tx, *a.claim, 201, "made");
    });
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM effect"), 1);
    EXPECT_EQ(Begin("a", "body").replay->status, 201);
}

TEST_P(IdempotencyTest, PurgeKeepsADay) {
    ASSERT_TRUE(Begin("old", "b").claim);
    clock_.Advance(25h);
    ASSERT_TRUE(Begin("new", "b").claim);
    auto purged = keys_->PurgeBefore(clock_.Now() - platform::kKeepIdempotencyKeys);
    ASSERT_TRUE(purged.ok()) << purged.error().message;
    EXPECT_EQ(*purged, 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_idempotency_keys"), 1);
}

JANGTEO_STORE_BACKENDS(IdempotencyTest, AllBackends());

class IdempotencyRaceTest : public IdempotencyTest {};

TEST_P(IdempotencyRaceTest, TwoServersRacingForOneKeyClaimOnce) {
    constexpr int kThreads = 8;
    constexpr int kRounds = 20;
    std::vector<std::unique_ptr<store::Db>> handles;
    for (int i = 0; i < 2; ++i) {
        handles.push_back(OpenAnother());
        ASSERT_TRUE(handles.back());
    }
    for (int round = 0; round < kRounds; ++round) {
        const std::string key = "race-" + std::to_string(round);
        std::atomic<int> claimed{0}, busy{0}, other{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                core::SeededRandom random(static_cast<std::uint64_t>(round * 100 + t + 1));
                IdempotencyService keys(*handles[static_cast<std::size_t>(t % 2)], clock_, random);
                auto b = keys.Begin(kScope, key, platform::RequestHash("same body"));
                if (b.ok() && b->claim) {
                    ++claimed;
                } else if (!b.ok() && b.error().reason == "idempotency_in_progress") {
                    ++busy;
                } else {
                    ++other;
                }
            });
        }
        for (auto& th : threads) th.join();
        EXPECT_EQ(claimed.load(), 1) << key;
        EXPECT_EQ(busy.load(), kThreads - 1) << key;
        EXPECT_EQ(other.load(), 0) << key;
    }
}

JANGTEO_STORE_BACKENDS(IdempotencyRaceTest, SharedBackends());

}  // namespace
}  // namespace jangteo::store_test

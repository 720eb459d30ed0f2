// Schema migrations on every backend: applied once and in order, all or nothing, refused when the
// database is newer than the binary or an applied file was edited, safe when two servers start at
// once; and the platform module's real migrations and its one operator row.
#include "store/migration.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "backend_fixture.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "platform/operator.hpp"

namespace jangteo::store_test {
namespace {

using core::ErrorCode;
using store::Dialect;
using store::Migration;
using store::Migrator;

class MigrationTest : public BackendTest {
protected:
    struct AppliedRow {
        std::string module;
        std::int64_t version;
        std::string name;
        std::string checksum;
        bool operator==(const AppliedRow&) const = default;
    };

    std::vector<AppliedRow> Applied() {
        constexpr store::Sql kList{"test.list_migrations",
                                   "SELECT module, version, name, checksum FROM store_schema_migrations"
                                   " ORDER BY module, version"};
        auto rows = db().Read([&](store::Tx& tx) { return tx.Query(kList); });
        EXPECT_TRUE(rows.ok()) << rows.error().message;
        std::vector<AppliedRow> out;
        if (!rows.ok()) return out;
        for (std::size_t i = 0; i < rows->size(); ++i) {
            auto row = (*rows)[i];
            out.push_back({row.Text(0), row.Int(1), row.Text(2), row.Text(3)});
        }
        return out;
    }
};
JANGTEO_STORE_BACKENDS(MigrationTest, AllBackends());

class SharedMigrationTest : public MigrationTest {};
JANGTEO_STORE_BACKENDS(SharedMigrationTest, SharedBackends());

class OperatorTest : public BackendTest {
protected:
    void MigratePlatform() {
        auto migrations = platform::SchemaMigrations();
        ASSERT_FALSE(migrations.empty());
        Migrator migrator(db(), {migrations.begin(), migrations.end()});
        auto applied = migrator.Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        EXPECT_EQ(*applied, static_cast<int>(migrations.size()));
    }

    const core::TimePoint start_ = core::FromUnixMicros(1'795'000'000'123'456);
    core::ManualClock clock_{start_};
    core::SeededRandom random_{20261122};
};
JANGTEO_STORE_BACKENDS(OperatorTest, AllBackends());

constexpr std::string_view kCreateItems = "CREATE TABLE mig_items (id BIGINT PRIMARY KEY, name TEXT NOT NULL);";
// Needs mig_items, so it fails unless the migrations run in order.
constexpr std::string_view kAlterItems =
    "ALTER TABLE mig_items ADD COLUMN note TEXT;"
    "INSERT INTO mig_items (id, name, note) VALUES (1, 'first', '첫째');";
constexpr std::string_view kCreateLog = "CREATE TABLE mig_log (entry TEXT NOT NULL);";

std::vector<Migration> ItemsMigrations() {
    // Deliberately out of order: the Migrator sorts by module, then version.
    return {
        {"beta", 1, "log", std::nullopt, kCreateLog},
        {"alpha", 2, "item_notes", std::nullopt, kAlterItems},
        {"alpha", 1, "items", std::nullopt, kCreateItems},
    };
}

TEST_P(MigrationTest, AppliesInOrderOnceAndReportsReady) {
    // Check only reads, so a fresh database stays empty.
    Migrator migrator(db(), ItemsMigrations());
    auto before = migrator.Check();
    ASSERT_TRUE(before.ok()) << before.error().message;
    EXPECT_EQ(before->applied, 0);
    EXPECT_EQ(before->pending, 3);
    EXPECT_FALSE(before->ready());
    EXPECT_FALSE(TableExists("store_schema_migrations"));

    auto applied = migrator.Migrate();
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_EQ(*applied, 3);
    EXPECT_EQ(Applied(), (std::vector<AppliedRow>{
                             {"alpha", 1, "items", store::MigrationChecksum(kCreateItems)},
                             {"alpha", 2, "item_notes", store::MigrationChecksum(kAlterItems)},
                             {"beta", 1, "log", store::MigrationChecksum(kCreateLog)},
                         }));
    EXPECT_EQ(QueryInt("SELECT count(*) FROM mig_items WHERE note = '첫째'"), 1);

    auto again = Migrator(db(), ItemsMigrations()).Migrate();
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(*again, 0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM mig_items"), 1);  // the data migration did not run twice

    auto status = migrator.Check();
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(status->applied, 3);
    EXPECT_EQ(status->pending, 0);
    EXPECT_TRUE(status->unknown.empty());
    EXPECT_TRUE(status->ready());
}

TEST_P(MigrationTest, DialectSpecificMigrationsRunOnlyOnTheirBackend) {
    std::vector<Migration> migrations = {
        {"dialect", 1, "common", std::nullopt, "CREATE TABLE mig_common (id BIGINT);"},
        {"dialect", 2, "lite", Dialect::kSqlite, "CREATE TABLE mig_only_sqlite (id INTEGER);"},
        {"dialect", 2, "pg", Dialect::kPostgres, "CREATE TABLE mig_only_postgres (id BIGSERIAL);"},
    };
    auto applied = Migrator(db(), migrations).Migrate();
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_EQ(*applied, 2);
    EXPECT_TRUE(TableExists("mig_common"));
    EXPECT_EQ(TableExists("mig_only_sqlite"), !postgres());
    EXPECT_EQ(TableExists("mig_only_postgres"), postgres());
    auto rows = Applied();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1].name, postgres() ? "pg" : "lite");

    auto status = Migrator(db(), migrations).Check();
    ASSERT_TRUE(status.ok());
    EXPECT_TRUE(status->ready());
}

TEST_P(MigrationTest, FailedMigrationLeavesNothingBehind) {
    std::vector<Migration> migrations = {
        {"broken", 1, "items", std::nullopt, kCreateItems},
        {"broken", 2, "half", std::nullopt,
         "CREATE TABLE mig_partial (id BIGINT);"
         "INSERT INTO mig_items (id, name) VALUES (9, 'partial');"
         "CREATE TABLE mig_items (id BIGINT);"},  // already exists: fails after two statements did their work
        {"broken", 3, "later", std::nullopt, kCreateLog},
    };
    auto result = Migrator(db(), migrations).Migrate();
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("broken/0002"), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find("half"), std::string::npos) << result.error().message;

    EXPECT_EQ(Applied(), (std::vector<AppliedRow>{{"broken", 1, "items", store::MigrationChecksum(kCreateItems)}}));
    EXPECT_FALSE(TableExists("mig_partial"));
    EXPECT_FALSE(TableExists("mig_log"));  // nothing after the failure ran
    EXPECT_EQ(QueryInt("SELECT count(*) FROM mig_items"), 0);

    auto status = Migrator(db(), migrations).Check();
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(status->applied, 1);
    EXPECT_EQ(status->pending, 2);
    EXPECT_FALSE(status->ready());

    // Fixed, it applies.
    migrations[1].sql = "CREATE TABLE mig_partial (id BIGINT);";
    auto fixed = Migrator(db(), migrations).Migrate();
    ASSERT_TRUE(fixed.ok()) << fixed.error().message;
    EXPECT_EQ(*fixed, 2);
}

TEST_P(MigrationTest, RefusesADatabaseNewerThanTheBinary) {
    auto newer = ItemsMigrations();
    newer.push_back({"alpha", 3, "from_the_future", std::nullopt, "CREATE TABLE mig_future (id BIGINT);"});
    ASSERT_TRUE(Migrator(db(), newer).Migrate().ok());

    Migrator older(db(), ItemsMigrations());
    auto status = older.Check();
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(status->unknown, std::vector<std::string>{"alpha/0003"});
    EXPECT_FALSE(status->ready());

    auto result = older.Migrate();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(result.error().reason, "schema_newer_than_binary");
    EXPECT_NE(result.error().message.find("alpha/0003"), std::string::npos) << result.error().message;
    EXPECT_EQ(Applied().size(), 4u);
}

TEST_P(MigrationTest, RefusesAnAppliedMigrationThatWasChanged) {
    auto migrations = ItemsMigrations();
    ASSERT_TRUE(Migrator(db(), migrations).Migrate().ok());

    migrations.push_back({"beta", 2, "more", std::nullopt, "CREATE TABLE mig_more (id BIGINT);"});
    migrations[0].sql = "CREATE TABLE mig_log (entry TEXT NOT NULL, at_us BIGINT);";  // beta/0001, edited
    auto result = Migrator(db(), migrations).Migrate();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(result.error().reason, "migration_changed");
    EXPECT_NE(result.error().message.find("beta/0001"), std::string::npos) << result.error().message;
    EXPECT_FALSE(TableExists("mig_more"));
    EXPECT_EQ(Applied().size(), 3u);
}

TEST_P(SharedMigrationTest, TwoServersMigratingAtOnceApplyEachMigrationOnce) {
    std::vector<Migration> migrations = {
        {"race", 1, "log", std::nullopt, kCreateLog},
    };
    constexpr int kCount = 6;
    std::vector<std::string> sql(kCount);
    for (int v = 2; v <= kCount; ++v) {
        // Not idempotent: a second run would add a second row.
        sql[v - 1] = "INSERT INTO mig_log (entry) VALUES ('race/" + std::to_string(v) + "');";
        migrations.push_back({"race", v, "entry", std::nullopt, sql[v - 1]});
    }

    auto other = OpenAnother();
    ASSERT_NE(other, nullptr);
    std::latch start(2);
    store::Result<int> results[2] = {0, 0};
    store::Db* handles[2] = {&db(), other.get()};
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
        threads.emplace_back([&, i] {
            Migrator migrator(*handles[i], migrations);
            start.arrive_and_wait();
            results[i] = migrator.Migrate();
        });
    }
    for (auto& t : threads) t.join();
    ASSERT_TRUE(results[0].ok()) << results[0].error().message;
    ASSERT_TRUE(results[1].ok()) << results[1].error().message;
    EXPECT_EQ(*results[0] + *results[1], kCount);
    EXPECT_EQ(Applied().size(), static_cast<std::size_t>(kCount));
    EXPECT_EQ(QueryInt("SELECT count(*) FROM mig_log"), kCount - 1);
    EXPECT_EQ(QueryInt("SELECT count(DISTINCT entry) FROM mig_log"), kCount - 1);
}

TEST_P(OperatorTest, PlatformMigrationsApply) {
    ASSERT_NO_FATAL_FAILURE(MigratePlatform());
    EXPECT_TRUE(TableExists("platform_operator"));
    auto migrations = platform::SchemaMigrations();
    auto status = Migrator(db(), {migrations.begin(), migrations.end()}).Check();
    ASSERT_TRUE(status.ok());
    EXPECT_TRUE(status->ready());
    auto again = Migrator(db(), {migrations.begin(), migrations.end()}).Migrate();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, 0);
}

TEST_P(OperatorTest, EnsureTwiceKeepsOneOperator) {
    ASSERT_NO_FATAL_FAILURE(MigratePlatform());
    platform::OperatorService service(db(), clock_, random_);

    auto missing = service.Get();
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(missing.error().reason, "operator_not_found");

    platform::OperatorDefaults first;
    ASSERT_TRUE(service.Ensure(first).ok());
    clock_.Advance(std::chrono::hours(1));
    platform::OperatorDefaults second{"대구 장터", "Daegu Jangteo", "대구광역시", "Daegu"};
    auto st = service.Ensure(second);
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_operator"), 1);

    auto op = service.Get();
    ASSERT_TRUE(op.ok()) << op.error().message;
    EXPECT_TRUE(op->id.valid());
    EXPECT_EQ(op->name_ko, "부산 장터");
    EXPECT_EQ(op->name_en, "Busan Jangteo");
    EXPECT_EQ(op->region_ko, "부산광역시");
    EXPECT_EQ(op->region_en, "Busan");
    EXPECT_EQ(op->created_at, start_);  // the first Ensure's time: the second changed nothing
    EXPECT_EQ(op->updated_at, start_);

    // Repeatable: the same seed gives the same id.
    core::SeededRandom same_seed{20261122};
    EXPECT_EQ(op->id, platform::OperatorId::New(same_seed));
}

TEST_P(OperatorTest, EnsureFromTwoThreadsAtOnceKeepsOneOperator) {
    ASSERT_NO_FATAL_FAILURE(MigratePlatform());
    platform::OperatorService service(db(), clock_, random_);
    std::latch start(2);
    store::Status results[2];
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
        threads.emplace_back([&, i] {
            platform::OperatorDefaults defaults;
            defaults.name_en = "Jangteo " + std::to_string(i);
            start.arrive_and_wait();
            results[i] = service.Ensure(defaults);
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_TRUE(results[0].ok()) << results[0].error().message;
    EXPECT_TRUE(results[1].ok()) << results[1].error().message;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_operator"), 1);
    auto op = service.Get();
    ASSERT_TRUE(op.ok()) << op.error().message;
    EXPECT_TRUE(op->name_en == "Jangteo 0" || op->name_en == "Jangteo 1") << op->name_en;
}

}  // namespace
}  // namespace jangteo::store_test

// The Db and Tx contract, the same on every backend: values round-trip unchanged, input is only ever
// bound, Write is all or nothing and retried, errors map to stable codes, the pool is bounded, and a
// lost PostgreSQL connection is replaced.
#include "store/db.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <latch>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "backend_fixture.hpp"

namespace jangteo::store_test {
namespace {

using core::ErrorCode;
using store::Blob;
using store::Error;
using store::Result;
using store::Rows;
using store::Sql;
using store::Status;
using store::Tx;
using store::Value;
using namespace std::string_view_literals;

class DbTest : public BackendTest {
protected:
    void CreateNotes() { Script("CREATE TABLE store_test_notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL)"); }
    void CreateCounter() {
        Script(
            "CREATE TABLE store_test_counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL);"
            "INSERT INTO store_test_counter (id, n) VALUES (1, 0)");
    }
};
JANGTEO_STORE_BACKENDS(DbTest, AllBackends());

// Cases that need a second connection to the same database.
class SharedDbTest : public DbTest {};
JANGTEO_STORE_BACKENDS(SharedDbTest, SharedBackends());

class PostgresTest : public DbTest {};
JANGTEO_STORE_BACKENDS(PostgresTest, PostgresOnly());

constexpr Sql kInsertNote{"test.insert_note", "INSERT INTO store_test_notes (id, body) VALUES ($1, $2)"};
constexpr Sql kUpdateNote{"test.update_note", "UPDATE store_test_notes SET body = $2 WHERE id = $1"};
constexpr Sql kDeleteNote{"test.delete_note", "DELETE FROM store_test_notes WHERE id = $1"};
constexpr Sql kListNotes{"test.list_notes", "SELECT id, body FROM store_test_notes ORDER BY id"};
constexpr Sql kCountNotes{"test.count_notes", "SELECT count(*) AS n FROM store_test_notes"};
constexpr Sql kIncrement{"test.increment", "UPDATE store_test_counter SET n = n + 1 WHERE id = 1"};
constexpr Sql kCounter{"test.counter", "SELECT n FROM store_test_counter WHERE id = 1"};
constexpr Sql kSelectOne{"test.select_one", "SELECT 1"};

// ---------------------------------------------------------------------------------------------
// Values

TEST_P(DbTest, InsertAndQuery) {
    CreateNotes();
    Status written = db().Write([](Tx& tx) -> Status {
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{2}, "둘"sv}));
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{1}, "하나"sv}));
        return {};
    });
    ASSERT_TRUE(written.ok()) << written.error().message;
    auto rows = db().Read([](Tx& tx) { return tx.Query(kListNotes); });
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].Int(0), 1);
    EXPECT_EQ((*rows)[0].Text(1), "하나");
    EXPECT_EQ((*rows)[1].Int(0), 2);
    EXPECT_EQ((*rows)[1].Text(1), "둘");
    EXPECT_EQ(rows->columns(), (std::vector<std::string>{"id", "body"}));
    EXPECT_EQ(rows->Column("id"), 0);
    EXPECT_EQ(rows->Column("body"), 1);
    EXPECT_EQ(rows->Column("missing"), -1);

    auto count = db().Read([](Tx& tx) { return tx.Query(kCountNotes); });
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(count->columns(), std::vector<std::string>{"n"});
    EXPECT_EQ((*count)[0].Int(count->Column("n")), 2);
}

TEST_P(DbTest, RoundTripsEveryValueType) {
    Script(
        ForDialect("CREATE TABLE store_test_values (id BIGINT PRIMARY KEY, v_null TEXT, v_int BIGINT,"
                   " v_double DOUBLE PRECISION, v_bool BOOLEAN, v_text TEXT, v_view TEXT, v_blob BLOB)",
                   "CREATE TABLE store_test_values (id BIGINT PRIMARY KEY, v_null TEXT, v_int BIGINT,"
                   " v_double DOUBLE PRECISION, v_bool BOOLEAN, v_text TEXT, v_view TEXT, v_blob BYTEA)"));
    constexpr Sql kInsert{"test.insert_values",
                          "INSERT INTO store_test_values (id, v_null, v_int, v_double, v_bool, v_text, v_view, v_blob)"
                          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
    constexpr Sql kSelect{"test.select_values",
                          "SELECT id, v_null, v_int, v_double, v_bool, v_text, v_view, v_blob"
                          " FROM store_test_values ORDER BY id"};

    const std::string text = "부산 장터 'O''Brien' \"큰따옴표\" \\백슬래시 -- $1 ?1 ; 끝";
    const std::string view_storage = "서울특별시 '종로구' \"1가\"";
    const Blob blob{std::string("\0\x01\xff'\"\\x00\0end\0", 13)};
    ASSERT_EQ(blob.bytes.size(), 13u);
    const std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    const std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

    Status written = db().Write([&](Tx& tx) -> Status {
        JANGTEO_TRY_STATUS(tx.Exec(kInsert, {std::int64_t{1}, nullptr, kMin, 3.141592653589793, true, text,
                                             std::string_view(view_storage), blob}));
        JANGTEO_TRY_STATUS(
            tx.Exec(kInsert, {std::int64_t{2}, nullptr, kMax, -0.1, false, std::string(), std::string_view(), Blob{}}));
        JANGTEO_TRY_STATUS(
            tx.Exec(kInsert, {std::int64_t{3}, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr}));
        return {};
    });
    ASSERT_TRUE(written.ok()) << written.error().message;

    auto rows = db().Read([&](Tx& tx) { return tx.Query(kSelect); });
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    ASSERT_EQ(rows->size(), 3u);
    EXPECT_EQ(rows->columns(),
              (std::vector<std::string>{"id", "v_null", "v_int", "v_double", "v_bool", "v_text", "v_view", "v_blob"}));
    EXPECT_EQ(rows->Column("v_blob"), 7);

    auto first = (*rows)[0];
    EXPECT_TRUE(first.IsNull(1));
    EXPECT_EQ(first.OptText(1), std::nullopt);
    EXPECT_TRUE(std::holds_alternative<std::int64_t>(first.Get(2)));
    EXPECT_EQ(first.Int(2), kMin);
    EXPECT_EQ(first.OptInt(2), kMin);
    EXPECT_TRUE(std::holds_alternative<double>(first.Get(3)));
    EXPECT_EQ(first.Double(3), 3.141592653589793);
    EXPECT_TRUE(first.Bool(4));
    EXPECT_TRUE(std::holds_alternative<std::string>(first.Get(5)));
    EXPECT_EQ(first.Text(5), text);
    EXPECT_EQ(first.TextView(5), text);
    EXPECT_EQ(first.Text(6), view_storage);
    ASSERT_TRUE(std::holds_alternative<Blob>(first.Get(7)));
    EXPECT_EQ(std::get<Blob>(first.Get(7)), blob);

    auto second = (*rows)[1];
    EXPECT_EQ(second.Int(2), kMax);
    EXPECT_EQ(second.Text(2), "9223372036854775807");
    EXPECT_EQ(second.Double(3), -0.1);
    EXPECT_FALSE(second.IsNull(4));
    EXPECT_FALSE(second.Bool(4));
    EXPECT_FALSE(second.IsNull(5));  // an empty text is not NULL
    EXPECT_EQ(second.OptText(5), std::string());
    EXPECT_EQ(second.OptText(6), std::string());
    ASSERT_TRUE(std::holds_alternative<Blob>(second.Get(7)));
    EXPECT_EQ(std::get<Blob>(second.Get(7)), Blob{});

    auto third = (*rows)[2];
    for (std::size_t col = 1; col < 8; ++col) {
        EXPECT_TRUE(third.IsNull(col)) << "column " << col;
        EXPECT_EQ(third.OptInt(col), std::nullopt);
        EXPECT_EQ(third.Int(col), 0);
        EXPECT_EQ(third.Double(col), 0);
        EXPECT_FALSE(third.Bool(col));
        EXPECT_EQ(third.Text(col), "");
    }
}

TEST_P(DbTest, ParametersAreOnlyBound) {
    CreateNotes();
    const std::string evil = "'); DROP TABLE store_test_notes; --";
    const std::string evil_where = "x' OR '1'='1";
    Status written = db().Write([&](Tx& tx) -> Status {
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{1}, evil}));
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{2}, "harmless"sv}));
        return {};
    });
    ASSERT_TRUE(written.ok()) << written.error().message;

    constexpr Sql kFind{"test.find_note",
                        "SELECT id, body, '$1 stays; ?1 too' AS lit FROM store_test_notes WHERE body = $1"};
    auto found = db().Read([&](Tx& tx) { return tx.Query(kFind, {evil}); });
    ASSERT_TRUE(found.ok()) << found.error().message;
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0].Int(0), 1);
    EXPECT_EQ((*found)[0].Text(1), evil);
    EXPECT_EQ((*found)[0].Text(2), "$1 stays; ?1 too");

    auto none = db().Read([&](Tx& tx) { return tx.Query(kFind, {evil_where}); });
    ASSERT_TRUE(none.ok()) << none.error().message;
    EXPECT_TRUE(none->empty());

    EXPECT_TRUE(TableExists("store_test_notes"));
    EXPECT_EQ(QueryInt("SELECT count(*) FROM store_test_notes"), 2);
}

// ---------------------------------------------------------------------------------------------
// Transactions

TEST_P(DbTest, WriteCommits) {
    CreateNotes();
    auto id = db().Write([](Tx& tx) -> Result<std::int64_t> {
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{7}, "seven"sv}));
        JANGTEO_TRY_STATUS(tx.Exec(kUpdateNote, {std::int64_t{7}, "seven, edited"sv}));
        return 7;
    });
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_EQ(*id, 7);
    auto rows = db().Read([](Tx& tx) { return tx.Query(kListNotes); });
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].Text(1), "seven, edited");
}

TEST_P(DbTest, BodyErrorRollsBackEverything) {
    CreateNotes();
    Status written = db().Write([](Tx& tx) -> Status {
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{1}, "kept"sv}));
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{2}, "kept too"sv}));
        return {};
    });
    ASSERT_TRUE(written.ok()) << written.error().message;

    int ran = 0;
    Status st = db().Write([&](Tx& tx) -> Status {
        ++ran;
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{3}, "new"sv}));
        JANGTEO_TRY_STATUS(tx.Exec(kUpdateNote, {std::int64_t{1}, "changed"sv}));
        JANGTEO_TRY_STATUS(tx.Exec(kDeleteNote, {std::int64_t{2}}));
        JANGTEO_TRY_STATUS(tx.ExecScript("CREATE TABLE store_test_scratch (id BIGINT)"));
        return Error::Conflict("test_abort", "the body changed its mind");
    });
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, ErrorCode::kConflict);
    EXPECT_EQ(st.error().reason, "test_abort");  // the body's own error, unchanged
    EXPECT_EQ(ran, 1);                           // not a retryable error

    // A Result<T> body that fails rolls back the same way.
    auto r = db().Write([](Tx& tx) -> Result<int> {
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{4}, "also new"sv}));
        return Error::NotFound("test_missing", "no");
    });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, "test_missing");

    auto rows = db().Read([](Tx& tx) { return tx.Query(kListNotes); });
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].Text(1), "kept");
    EXPECT_EQ((*rows)[1].Text(1), "kept too");
    EXPECT_FALSE(TableExists("store_test_scratch"));
}

TEST_P(SharedDbTest, ReadSeesCommittedDataOnly) {
    CreateNotes();
    std::promise<void> inserted, checked;
    auto checked_future = checked.get_future();
    std::thread writer([&] {
        Status st = db().Write([&](Tx& tx) -> Status {
            JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{1}, "uncommitted"sv}));
            inserted.set_value();
            checked_future.wait();
            return {};
        });
        EXPECT_TRUE(st.ok()) << st.error().message;
    });
    inserted.get_future().wait();
    EXPECT_EQ(QueryInt("SELECT count(*) FROM store_test_notes"), 0);
    checked.set_value();
    writer.join();
    EXPECT_EQ(QueryInt("SELECT count(*) FROM store_test_notes"), 1);
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST_P(DbTest, ConstraintViolationsMapToStableCodes) {
    Script(
        "CREATE TABLE store_test_parent (id BIGINT PRIMARY KEY, code TEXT NOT NULL UNIQUE);"
        "CREATE TABLE store_test_child (id BIGINT PRIMARY KEY,"
        " parent_id BIGINT NOT NULL REFERENCES store_test_parent (id),"
        " qty BIGINT NOT NULL CHECK (qty >= 0));"
        "INSERT INTO store_test_parent (id, code) VALUES (1, 'a');"
        "INSERT INTO store_test_child (id, parent_id, qty) VALUES (1, 1, 5)");
    constexpr Sql kParent{"test.insert_parent", "INSERT INTO store_test_parent (id, code) VALUES ($1, $2)"};
    constexpr Sql kChild{"test.insert_child", "INSERT INTO store_test_child (id, parent_id, qty) VALUES ($1, $2, $3)"};
    constexpr Sql kDeleteParent{"test.delete_parent", "DELETE FROM store_test_parent WHERE id = $1"};
    struct Case {
        const char* what;
        Sql sql;
        std::vector<Value> params;
        ErrorCode code;
        const char* reason;
    };
    const std::vector<Case> cases = {
        {"duplicate unique column", kParent, {std::int64_t{2}, "a"sv}, ErrorCode::kAlreadyExists, "unique_violation"},
        {"duplicate primary key", kParent, {std::int64_t{1}, "b"sv}, ErrorCode::kAlreadyExists, "unique_violation"},
        {"missing parent",
         kChild,
         {std::int64_t{2}, std::int64_t{99}, std::int64_t{1}},
         ErrorCode::kConflict,
         "foreign_key_violation"},
        {"parent still referenced", kDeleteParent, {std::int64_t{1}}, ErrorCode::kConflict, "foreign_key_violation"},
        {"CHECK",
         kChild,
         {std::int64_t{2}, std::int64_t{1}, std::int64_t{-1}},
         ErrorCode::kInvalidArgument,
         "check_violation"},
        {"NOT NULL", kParent, {std::int64_t{3}, nullptr}, ErrorCode::kInvalidArgument, "check_violation"},
        {"NOT NULL foreign key",
         kChild,
         {std::int64_t{2}, nullptr, std::int64_t{1}},
         ErrorCode::kInvalidArgument,
         "check_violation"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.what);
        bool after_ran = false;
        Status st = db().Write([&](Tx& tx) -> Status {
            // A change before the failing statement must go with it.
            JANGTEO_TRY_STATUS(tx.Exec(kParent, {std::int64_t{50}, "before"sv}));
            JANGTEO_TRY_STATUS(tx.Exec(c.sql, c.params));
            after_ran = true;
            return {};
        });
        ASSERT_FALSE(st.ok());
        EXPECT_EQ(st.error().code, c.code) << st.error().message;
        EXPECT_EQ(st.error().reason, c.reason) << st.error().message;
        EXPECT_FALSE(st.error().message.empty());
        EXPECT_FALSE(after_ran);
    }
    EXPECT_EQ(QueryInt("SELECT count(*) FROM store_test_parent"), 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM store_test_child"), 1);
}

TEST_P(DbTest, SyntaxErrorIsInternalAndChangesNothing) {
    CreateNotes();
    constexpr Sql kBroken{"test.broken", "SELEC body FROM store_test_notes WHERE id = $1"};
    Status st = db().Write([&](Tx& tx) -> Status {
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{1}, "before the error"sv}));
        JANGTEO_TRY_STATUS(tx.Query(kBroken, {std::int64_t{1}}));
        return {};
    });
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, ErrorCode::kInternal) << st.error().message;
    EXPECT_NE(st.error().message.find("test.broken"), std::string::npos) << st.error().message;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM store_test_notes"), 0);

    auto read = db().Read([&](Tx& tx) { return tx.Query(kBroken, {std::int64_t{1}}); });
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().code, ErrorCode::kInternal);
    // The connection is still good afterwards.
    EXPECT_TRUE(db().Ping().ok());
}

// ---------------------------------------------------------------------------------------------
// Exec

TEST_P(DbTest, ExecAnswersAffectedRows) {
    CreateNotes();
    constexpr Sql kInsertThree{"test.insert_three",
                               "INSERT INTO store_test_notes (id, body) VALUES ($1, 'a'), ($2, 'b'), ($3, 'c')"};
    constexpr Sql kUpdateFrom{"test.update_from", "UPDATE store_test_notes SET body = $2 WHERE id >= $1"};
    constexpr Sql kDeleteAll{"test.delete_all", "DELETE FROM store_test_notes"};
    constexpr Sql kCreateIndex{"test.create_index", "CREATE INDEX store_test_notes_body ON store_test_notes (body)"};
    std::vector<std::int64_t> counts;
    Status st = db().Write([&](Tx& tx) -> Status {
        JANGTEO_TRY(auto inserted, tx.Exec(kInsertThree, {std::int64_t{1}, std::int64_t{2}, std::int64_t{3}}));
        JANGTEO_TRY(auto updated, tx.Exec(kUpdateFrom, {std::int64_t{2}, "x"sv}));
        JANGTEO_TRY(auto none, tx.Exec(kUpdateFrom, {std::int64_t{100}, "y"sv}));
        JANGTEO_TRY(auto deleted, tx.Exec(kDeleteAll));
        // A statement that changes no rows answers 0, not the count of the statement before it.
        JANGTEO_TRY(auto ddl, tx.Exec(kCreateIndex));
        JANGTEO_TRY(auto nothing_left, tx.Exec(kDeleteAll));
        counts = {inserted, updated, none, deleted, ddl, nothing_left};
        return {};
    });
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(counts, (std::vector<std::int64_t>{3, 2, 0, 3, 0, 0}));
}

TEST_P(DbTest, WrongNumberOfParametersIsAnError) {
    CreateNotes();
    for (std::vector<Value> params : {std::vector<Value>{}, std::vector<Value>{std::int64_t{1}},
                                      std::vector<Value>{std::int64_t{1}, "a"sv, "extra"sv}}) {
        SCOPED_TRACE(params.size());
        Status st = db().Write([&](Tx& tx) -> Status {
            JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, params));
            return {};
        });
        ASSERT_FALSE(st.ok());
        EXPECT_EQ(st.error().code, ErrorCode::kInternal) << st.error().reason << ": " << st.error().message;
        EXPECT_EQ(st.error().reason, "store_bad_parameters") << st.error().message;
        EXPECT_NE(st.error().message.find("test.insert_note"), std::string::npos) << st.error().message;

        auto read = db().Read([&](Tx& tx) { return tx.Query(kListNotes, params); });
        if (!params.empty()) {
            ASSERT_FALSE(read.ok());
            EXPECT_EQ(read.error().code, ErrorCode::kInternal) << read.error().message;
            EXPECT_EQ(read.error().reason, "store_bad_parameters") << read.error().message;
        }
    }
    // Nothing was written and the database still works.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM store_test_notes"), 0);
    Status written = db().Write([](Tx& tx) -> Status {
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{1}, "fine"sv}));
        return {};
    });
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM store_test_notes"), 1);
}

// ---------------------------------------------------------------------------------------------
// Retries

TEST_P(DbTest, RetryableErrorRunsTheBodyAgainAndCommitsOnce) {
    CreateNotes();
    const auto before = db().Stats().retries_total;
    int attempts = 0;
    Status st = db().Write([&](Tx& tx) -> Status {
        ++attempts;
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{attempts}, "attempt " + std::to_string(attempts)}));
        if (attempts == 1) {
            return Error::Unavailable(std::string(store::kRetryReason), "simulated serialization failure");
        }
        return {};
    });
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(attempts, 2);
    auto rows = db().Read([](Tx& tx) { return tx.Query(kListNotes); });
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u);  // the first attempt's row was rolled back
    EXPECT_EQ((*rows)[0].Text(1), "attempt 2");
    EXPECT_EQ(db().Stats().retries_total, before + 1);
}

TEST_P(DbTest, RetryGivesUpAfterMaxAttempts) {
    store::DbOptions options;
    options.max_tx_attempts = 3;
    Reopen(options);
    CreateNotes();
    const auto before = db().Stats().retries_total;
    int attempts = 0;
    Status st = db().Write([&](Tx& tx) -> Status {
        ++attempts;
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{attempts}, "never"sv}));
        return Error::Unavailable(std::string(store::kRetryReason), "always busy");
    });
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(store::IsRetryable(st.error()));
    EXPECT_EQ(st.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(attempts, 3);
    EXPECT_EQ(db().Stats().retries_total, before + 2);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM store_test_notes"), 0);
}

// ---------------------------------------------------------------------------------------------
// Concurrency

TEST_P(DbTest, ConcurrentIncrementsAreNeverLost) {
    CreateCounter();
    constexpr int kThreads = 4, kIncrements = 200;
    std::atomic<int> failures{0};
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            start.arrive_and_wait();
            for (int i = 0; i < kIncrements; ++i) {
                auto changed = db().Write([](Tx& tx) { return tx.Exec(kIncrement); });
                if (!changed.ok() || *changed != 1) failures.fetch_add(1);
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(QueryInt("SELECT n FROM store_test_counter WHERE id = 1"), kThreads * kIncrements);
}

// SQLite commits the write transactions that wait together (group commit): each still sees its own
// effects alone, a failing one rolls back alone, one that throws throws to its own caller, and every
// caller returns after the commit that holds its writes.
TEST_P(DbTest, WritesThatWaitTogetherCommitTogetherAndFailAlone) {
    CreateNotes();
    constexpr int kThreads = 8, kWrites = 50;
    // The set-up's own commits (the migrations, the table) are not this test's.
    const std::int64_t commits_before = db().Stats().commits_total;
    std::atomic<int> wrong{0};
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            start.arrive_and_wait();
            for (int i = 0; i < kWrites; ++i) {
                std::int64_t id = t * 1000 + i;
                int kind = (t + i) % 3;  // 0: commits, 1: writes then fails, 2: writes then throws
                try {
                    Status st = db().Write([&](Tx& tx) -> Status {
                        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {id, std::string_view("note")}));
                        // Its own write is visible inside, and no other's half-done one.
                        JANGTEO_TRY(
                            Rows own,
                            tx.Query({"test.own", "SELECT count(*) FROM store_test_notes WHERE id = $1"}, {id}));
                        if (own[0].Int(0) != 1) return Error::Internal("test", "own write not seen");
                        if (kind == 1) return Error::Conflict("test_refused", "refused on purpose");
                        if (kind == 2) throw std::runtime_error("thrown on purpose");
                        return {};
                    });
                    if ((kind == 0) != st.ok()) wrong.fetch_add(1);
                    if (kind == 0 && st.ok()) {
                        // Committed before Write returned: another connection sees it now.
                        auto seen = db().Read([&](Tx& tx) {
                            return tx.Query({"test.seen", "SELECT count(*) FROM store_test_notes WHERE id = $1"}, {id});
                        });
                        if (!seen.ok() || (*seen)[0].Int(0) != 1) wrong.fetch_add(1);
                    }
                } catch (const std::runtime_error&) {
                    if (kind != 2) wrong.fetch_add(1);
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wrong.load(), 0);
    int expected = 0;
    for (int t = 0; t < kThreads; ++t) {
        for (int i = 0; i < kWrites; ++i) expected += (t + i) % 3 == 0;
    }
    EXPECT_EQ(QueryInt("SELECT count(*) FROM store_test_notes"), expected);
    if (GetParam() != Backend::kPostgres) {
        store::PoolStats stats = db().Stats();
        EXPECT_GT(stats.commits_total - commits_before, 0);
        EXPECT_LE(stats.commits_total - commits_before, kThreads * kWrites) << "never more commits than writes";
    }
}

TEST_P(SharedDbTest, ReadersRunBesideAWriter) {
    CreateCounter();
    constexpr int kIncrements = 200;
    std::atomic<bool> done{false};
    std::atomic<int> read_failures{0}, went_backwards{0}, reads_during_write{0};
    std::vector<std::thread> readers;
    for (int r = 0; r < 2; ++r) {
        readers.emplace_back([&] {
            std::int64_t last = 0;
            while (!done.load()) {
                auto rows = db().Read([](Tx& tx) { return tx.Query(kCounter); });
                if (!rows.ok() || rows->size() != 1) {
                    read_failures.fetch_add(1);
                    continue;
                }
                std::int64_t n = (*rows)[0].Int(0);
                if (n < last) went_backwards.fetch_add(1);
                if (n > 0 && n < kIncrements) reads_during_write.fetch_add(1);
                last = n;
            }
        });
    }
    int write_failures = 0;
    for (int i = 0; i < kIncrements; ++i) {
        auto changed = db().Write([](Tx& tx) { return tx.Exec(kIncrement); });
        if (!changed.ok() || *changed != 1) ++write_failures;
    }
    done = true;
    for (auto& t : readers) t.join();
    EXPECT_EQ(write_failures, 0);
    EXPECT_EQ(read_failures.load(), 0);
    EXPECT_EQ(went_backwards.load(), 0);
    EXPECT_GT(reads_during_write.load(), 0);
    EXPECT_EQ(QueryInt("SELECT n FROM store_test_counter WHERE id = 1"), kIncrements);
}

// ---------------------------------------------------------------------------------------------
// Pool and Close

TEST_P(DbTest, PoolExhaustionFailsFastAndIsCounted) {
    store::DbOptions options;
    options.pool_size = 1;
    options.acquire_timeout_ms = 100;
    Reopen(options);

    std::promise<void> entered, release;
    std::shared_future<void> released = release.get_future().share();
    Status holder_status;
    std::thread holder([&] {
        holder_status = db().Read([&](Tx& tx) -> Status {
            JANGTEO_TRY_STATUS(tx.Query(kSelectOne));
            entered.set_value();
            released.wait();
            return {};
        });
    });
    entered.get_future().wait();

    auto started = std::chrono::steady_clock::now();
    Status second = db().Read([](Tx& tx) -> Status {
        JANGTEO_TRY_STATUS(tx.Query(kSelectOne));
        return {};
    });
    auto waited = std::chrono::steady_clock::now() - started;
    store::PoolStats stats = db().Stats();
    release.set_value();
    holder.join();

    EXPECT_TRUE(holder_status.ok()) << holder_status.error().message;
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(second.error().reason, "store_pool_exhausted");
    EXPECT_GE(waited, std::chrono::milliseconds(90));
    EXPECT_LT(waited, std::chrono::seconds(3));
    EXPECT_GE(stats.timeouts_total, 1);

    // The connection came back: the next caller gets it.
    EXPECT_TRUE(db().Ping().ok());
}

TEST_P(DbTest, CloseRefusesFurtherCalls) {
    CreateNotes();
    ASSERT_TRUE(db().Ping().ok());
    db().Close();
    Status read = db().Read([](Tx& tx) -> Status {
        JANGTEO_TRY_STATUS(tx.Query(kSelectOne));
        return {};
    });
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().reason, "store_closed");
    bool ran = false;
    Status write = db().Write([&](Tx& tx) -> Status {
        ran = true;
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{1}, "after close"sv}));
        return {};
    });
    ASSERT_FALSE(write.ok());
    EXPECT_EQ(write.error().reason, "store_closed");
    EXPECT_EQ(write.error().code, ErrorCode::kUnavailable);
    EXPECT_FALSE(ran);
    Status ping = db().Ping();
    ASSERT_FALSE(ping.ok());
    EXPECT_EQ(ping.error().reason, "store_closed");
    db().Close();  // a second Close is harmless
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a lost connection is replaced

// Ends every other session on this test database, as a server restart or a network cut would, and
// waits until they are gone.
void KillOtherSessions(store::Db& killer) {
    constexpr Sql kTerminate{"test.terminate",
                             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                             " WHERE datname = current_database() AND pid <> pg_backend_pid()"};
    constexpr Sql kOthers{"test.other_sessions",
                          "SELECT count(*) FROM pg_stat_activity"
                          " WHERE datname = current_database() AND pid <> pg_backend_pid()"};
    auto killed = killer.Read([&](Tx& tx) { return tx.Query(kTerminate); });
    ASSERT_TRUE(killed.ok()) << killed.error().message;
    ASSERT_GE(killed->size(), 1u);
    EXPECT_TRUE((*killed)[0].Bool(0));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (true) {
        auto others = killer.Read([&](Tx& tx) { return tx.Query(kOthers); });
        ASSERT_TRUE(others.ok()) << others.error().message;
        if ((*others)[0].Int(0) == 0) return;
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the killed session did not go away";
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

TEST_P(PostgresTest, ReadReconnectsAfterTheConnectionIsKilled) {
    store::DbOptions options;
    options.pool_size = 1;
    Reopen(options);
    CreateNotes();
    ASSERT_TRUE(db().Read([](Tx& tx) { return tx.Query(kListNotes); }).ok());  // the statement is prepared
    auto killer = OpenAnother(options);
    ASSERT_NE(killer, nullptr);
    ASSERT_NO_FATAL_FAILURE(KillOtherSessions(*killer));

    auto rows = db().Read([](Tx& tx) { return tx.Query(kListNotes); });
    ASSERT_TRUE(rows.ok()) << rows.error().reason << ": " << rows.error().message;
    EXPECT_TRUE(rows->empty());
    EXPECT_GE(db().Stats().reconnects_total, 1);
}

TEST_P(PostgresTest, WriteReconnectsAfterTheConnectionIsKilledAndCommitsOnce) {
    store::DbOptions options;
    options.pool_size = 1;
    Reopen(options);
    CreateNotes();
    auto killer = OpenAnother(options);
    ASSERT_NE(killer, nullptr);
    ASSERT_NO_FATAL_FAILURE(KillOtherSessions(*killer));

    int attempts = 0;
    Status st = db().Write([&](Tx& tx) -> Status {
        ++attempts;
        JANGTEO_TRY_STATUS(tx.Exec(kInsertNote, {std::int64_t{1}, "after the cut"sv}));
        return {};
    });
    ASSERT_TRUE(st.ok()) << st.error().reason << ": " << st.error().message;
    EXPECT_EQ(attempts, 1);  // BEGIN found the connection dead, before the body ran
    EXPECT_GE(db().Stats().reconnects_total, 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM store_test_notes"), 1);
}

}  // namespace
}  // namespace jangteo::store_test

namespace jangteo::store_test {
namespace {

// After a server restart every idle connection is dead: finding one broken must not leave the
// others to fail the next requests one by one.
TEST_P(PostgresTest, ReadSucceedsWhenEveryPooledConnectionWasKilled) {
    store::DbOptions options;
    options.pool_size = 4;
    Reopen(options);
    CreateNotes();
    {
        // Make the pool open all four connections at once.
        std::latch all_in(4);
        std::vector<std::thread> readers;
        for (int i = 0; i < 4; ++i) {
            readers.emplace_back([&] {
                (void)db().Read([&](Tx& tx) {
                    all_in.arrive_and_wait();
                    return tx.Query(kListNotes);
                });
            });
        }
        for (auto& t : readers) t.join();
    }
    ASSERT_EQ(db().Stats().size, 4);
    auto killer = OpenAnother(options);
    ASSERT_NE(killer, nullptr);
    ASSERT_NO_FATAL_FAILURE(KillOtherSessions(*killer));

    for (int i = 0; i < 4; ++i) {
        auto rows = db().Read([](Tx& tx) { return tx.Query(kListNotes); });
        ASSERT_TRUE(rows.ok()) << "read " << i << ": " << rows.error().reason << ": " << rows.error().message;
    }
    EXPECT_GE(db().Stats().reconnects_total, 1);
}

}  // namespace
}  // namespace jangteo::store_test

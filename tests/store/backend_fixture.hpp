// The fixture behind every store case: one value-parameterized test runs on SQLite in memory, SQLite
// in a file and PostgreSQL, each time on a fresh, empty database of its own.
//
//   class DbTest : public BackendTest {};
//   TEST_P(DbTest, WriteCommits) { ... db().Write(...) ... }
//   JANGTEO_STORE_BACKENDS(DbTest, AllBackends());   // Backends/DbTest.WriteCommits/sqlite_memory, ...
//
// Cases that need two connections to one database (a reader beside the writer, two servers racing)
// run on SharedBackends() only: an in-memory SQLite database lives on a single connection.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.hpp"
#include "support/test_env.hpp"

namespace jangteo::store_test {

enum class Backend { kSqliteMemory, kSqliteFile, kPostgres };

inline std::vector<Backend> AllBackends() {
    return {Backend::kSqliteMemory, Backend::kSqliteFile, Backend::kPostgres};
}
inline std::vector<Backend> SharedBackends() {
    return {Backend::kSqliteFile, Backend::kPostgres};
}
inline std::vector<Backend> PostgresOnly() {
    return {Backend::kPostgres};
}

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
    switch (info.param) {
        case Backend::kSqliteMemory: return "sqlite_memory";
        case Backend::kSqliteFile: return "sqlite_file";
        case Backend::kPostgres: return "postgres";
    }
    return "unknown";
}

inline void PrintTo(Backend backend, std::ostream* os) {
    *os << BackendName(::testing::TestParamInfo<Backend>(backend, 0));
}

class BackendTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        switch (GetParam()) {
            case Backend::kSqliteMemory: url_ = "sqlite::memory:"; break;
            case Backend::kSqliteFile:
                dir_ = std::make_unique<testing::TempDir>();
                url_ = "sqlite://" + (dir_->path() / "store.db").string();
                break;
            case Backend::kPostgres: {
                std::string why;
                pg_ = testing::FreshPgDatabase::Create(&why);
                if (!pg_) JANGTEO_NEED_POSTGRES(why);
                url_ = pg_->url();
                break;
            }
        }
        Reopen({});
    }

    void TearDown() override { db_.reset(); }

    // Closes the database handle and opens it again with `options` (a new, empty database in memory).
    void Reopen(const store::DbOptions& options) {
        db_.reset();
        auto db = store::Open(url_, options);
        ASSERT_TRUE(db.ok()) << url_ << ": " << db.error().message;
        db_ = std::move(*db);
    }

    // Another handle on the same database, as a second server would have; not for the memory backend.
    std::unique_ptr<store::Db> OpenAnother(const store::DbOptions& options = {}) {
        auto db = store::Open(url_, options);
        EXPECT_TRUE(db.ok()) << url_ << ": " << db.error().message;
        return db.ok() ? std::move(*db) : nullptr;
    }

    store::Db& db() { return *db_; }
    bool postgres() const { return GetParam() == Backend::kPostgres; }

    // `sqlite` or `postgres`, whichever fits the backend (for DDL whose types differ).
    std::string_view ForDialect(std::string_view sqlite, std::string_view postgres) const {
        return GetParam() == Backend::kPostgres ? postgres : sqlite;
    }

    // Runs a script in one transaction; a failure fails the test.
    void Script(std::string_view sql) {
        auto st = db().Write([&](store::Tx& tx) { return tx.ExecScript(sql); });
        ASSERT_TRUE(st.ok()) << st.error().message;
    }

    // The single integer a query answers (a count), or -1 when it fails.
    std::int64_t QueryInt(std::string_view sql_text, std::initializer_list<store::Value> params = {}) {
        store::Sql sql{"test.query_int", sql_text};
        auto rows = db().Read([&](store::Tx& tx) { return tx.Query(sql, params); });
        EXPECT_TRUE(rows.ok()) << sql_text << ": " << rows.error().message;
        if (!rows.ok() || rows->empty()) return -1;
        return (*rows)[0].Int(0);
    }

    bool TableExists(std::string_view table) {
        return QueryInt(ForDialect("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
                                   "SELECT count(*) FROM pg_catalog.pg_tables"
                                   " WHERE schemaname = current_schema() AND tablename = $1"),
                        {table}) == 1;
    }

private:
    // Declared before db_ so that the database handle goes first.
    std::unique_ptr<testing::TempDir> dir_;
    std::unique_ptr<testing::FreshPgDatabase> pg_;
    std::string url_;
    std::unique_ptr<store::Db> db_;
};

}  // namespace jangteo::store_test

#define JANGTEO_STORE_BACKENDS(fixture, backends) \
    INSTANTIATE_TEST_SUITE_P(Backends, fixture, ::testing::ValuesIn(backends), ::jangteo::store_test::BackendName)

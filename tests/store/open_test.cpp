// store::Open's URL forms, the SQLite file settings it promises (WAL, synchronous=FULL, parent
// folders made), and postgres::RedactUrl, which keeps passwords out of logs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/db.hpp"
#include "store/postgres/pg_db.hpp"
#include "support/test_env.hpp"

namespace jangteo::store_test {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;
using store::Sql;
using store::Tx;

constexpr Sql kCreate{"test.create", "CREATE TABLE store_test_open (id BIGINT PRIMARY KEY)"};
constexpr Sql kInsert{"test.insert", "INSERT INTO store_test_open (id) VALUES ($1)"};
constexpr Sql kCount{"test.count", "SELECT count(*) FROM store_test_open"};

// Writes a row through one handle and reads it back through another opened by `reopen_url`.
void ExpectSameDatabase(const std::string& url, const std::string& reopen_url) {
    {
        auto db = store::Open(url, {});
        ASSERT_TRUE(db.ok()) << url << ": " << db.error().message;
        auto st = (*db)->Write([](Tx& tx) -> store::Status {
            JANGTEO_TRY_STATUS(tx.Exec(kCreate));
            JANGTEO_TRY_STATUS(tx.Exec(kInsert, {std::int64_t{1}}));
            return {};
        });
        ASSERT_TRUE(st.ok()) << st.error().message;
    }
    auto again = store::Open(reopen_url, {});
    ASSERT_TRUE(again.ok()) << reopen_url << ": " << again.error().message;
    auto rows = (*again)->Read([](Tx& tx) { return tx.Query(kCount); });
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    EXPECT_EQ((*rows)[0].Int(0), 1);
}

// Runs the test from another working folder, and goes back afterwards.
class WorkingDirectory {
public:
    explicit WorkingDirectory(const fs::path& dir) : previous_(fs::current_path()) { fs::current_path(dir); }
    ~WorkingDirectory() { fs::current_path(previous_); }

private:
    fs::path previous_;
};

TEST(OpenTest, AbsoluteSqliteUrl) {
    testing::TempDir dir;
    fs::path file = dir.path() / "abs.db";
    std::string url = "sqlite://" + file.string();  // sqlite:///tmp/...
    ASSERT_TRUE(url.starts_with("sqlite:///"));
    auto db = store::Open(url, {});
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ((*db)->dialect(), store::Dialect::kSqlite);
    EXPECT_EQ((*db)->Describe(), url);
    EXPECT_TRUE(fs::exists(file));
    db->reset();
    ExpectSameDatabase(url, file.string());
}

TEST(OpenTest, RelativeSqliteUrlAndBarePath) {
    testing::TempDir dir;
    WorkingDirectory cwd(dir.path());
    ExpectSameDatabase("sqlite://rel/jangteo.db", "rel/jangteo.db");
    EXPECT_TRUE(fs::exists(dir.path() / "rel" / "jangteo.db"));
    ExpectSameDatabase("bare.db", "sqlite://bare.db");
    EXPECT_TRUE(fs::exists(dir.path() / "bare.db"));
}

TEST(OpenTest, MemoryDatabasesArePrivate) {
    auto a = store::Open("sqlite::memory:", {});
    auto b = store::Open("sqlite::memory:", {});
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ((*a)->Describe(), "sqlite::memory:");
    ASSERT_TRUE((*a)->Write([](Tx& tx) { return tx.Exec(kCreate); }).ok());
    EXPECT_TRUE((*a)->Read([](Tx& tx) { return tx.Query(kCount); }).ok());
    EXPECT_FALSE((*b)->Read([](Tx& tx) { return tx.Query(kCount); }).ok());
}

TEST(OpenTest, RefusesUnsupportedUrls) {
    for (const char* url : {"mysql://x", "mysql://user:pw@host/db", "http://localhost/db", "mariadb://x"}) {
        SCOPED_TRACE(url);
        auto db = store::Open(url, {});
        ASSERT_FALSE(db.ok());
        EXPECT_EQ(db.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(db.error().reason, "unsupported_database_url");
        EXPECT_EQ(db.error().message.find("pw"), std::string::npos) << db.error().message;
    }
}

TEST(OpenTest, RefusesAnEmptyPath) {
    for (const char* url : {"", "sqlite:", "sqlite://"}) {
        SCOPED_TRACE(url);
        auto db = store::Open(url, {});
        ASSERT_FALSE(db.ok());
        EXPECT_EQ(db.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(db.error().reason, "empty_database_path");
    }
}

TEST(OpenTest, CreatesMissingParentFolders) {
    testing::TempDir dir;
    fs::path file = dir.path() / "data" / "shop" / "2026" / "jangteo.db";
    auto db = store::Open("sqlite://" + file.string(), {});
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_TRUE(fs::is_directory(file.parent_path()));
    EXPECT_TRUE(fs::exists(file));
}

TEST(OpenTest, ReportsAFolderThatCannotBeMade) {
    testing::TempDir dir;
    fs::path blocker = dir.path() / "file";
    { std::ofstream(blocker) << "not a folder"; }
    auto db = store::Open((blocker / "sub" / "jangteo.db").string(), {});
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(db.error().reason, "store_io_error");
}

std::string Pragma(store::Db& db, bool on_writer, std::string_view name) {
    std::string text = "PRAGMA " + std::string(name);
    Sql sql{"test.pragma", text};
    auto body = [&](Tx& tx) { return tx.Query(sql); };
    auto rows = on_writer ? db.Write(body) : db.Read(body);
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    return rows.ok() && !rows->empty() ? (*rows)[0].Text(0) : "";
}

TEST(OpenTest, SqliteFileUsesWalAndFullSynchronousByDefault) {
    testing::TempDir dir;
    auto db = store::Open((dir.path() / "wal.db").string(), {});
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ(Pragma(**db, true, "journal_mode"), "wal");
    EXPECT_EQ(Pragma(**db, false, "journal_mode"), "wal");
    EXPECT_EQ(Pragma(**db, true, "synchronous"), "2");  // FULL
    EXPECT_EQ(Pragma(**db, false, "synchronous"), "2");
    EXPECT_EQ(Pragma(**db, true, "foreign_keys"), "1");
    EXPECT_EQ(Pragma(**db, false, "foreign_keys"), "1");
}

TEST(OpenTest, SqliteSynchronousNormalWhenAskedFor) {
    testing::TempDir dir;
    store::DbOptions options;
    options.sqlite_synchronous_full = false;
    auto db = store::Open((dir.path() / "normal.db").string(), options);
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ(Pragma(**db, true, "synchronous"), "1");  // NORMAL
    EXPECT_EQ(Pragma(**db, true, "journal_mode"), "wal");
}

TEST(OpenTest, PostgresDescribeHidesThePassword) {
    std::string why;
    auto pg = testing::FreshPgDatabase::Create(&why);
    if (!pg) JANGTEO_NEED_POSTGRES(why);
    // libpq takes the password parameter even when the server does not ask for one (trust).
    std::string url = pg->url() + "&password=hunter2";
    auto db = store::Open(url, {});
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ((*db)->dialect(), store::Dialect::kPostgres);
    EXPECT_EQ((*db)->Describe().find("hunter2"), std::string::npos) << (*db)->Describe();
    EXPECT_NE((*db)->Describe().find("password=***"), std::string::npos) << (*db)->Describe();
}

TEST(OpenTest, UnreachablePostgresFailsFast) {
    testing::TempDir dir;  // a socket folder where no server listens
    auto db = store::Open("postgresql://postgres:s3cret@/postgres?host=" + dir.path().string(), {});
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(db.error().reason, "store_unavailable");
    EXPECT_EQ(db.error().message.find("s3cret"), std::string::npos) << db.error().message;
}

struct RedactCase {
    const char* url;
    const char* want;
};

void PrintTo(const RedactCase& c, std::ostream* os) {
    *os << c.url;
}

class RedactUrlTest : public ::testing::TestWithParam<RedactCase> {};

TEST_P(RedactUrlTest, HidesPasswords) {
    const RedactCase& c = GetParam();
    std::string got = store::postgres::RedactUrl(c.url);
    EXPECT_EQ(got, c.want);
    EXPECT_EQ(got.find("s3cret"), std::string::npos) << got;
}

INSTANTIATE_TEST_SUITE_P(
    Urls, RedactUrlTest,
    ::testing::Values(RedactCase{"postgresql://jangteo:s3cret@db.example:5432/jangteo",
                                 "postgresql://jangteo:***@db.example:5432/jangteo"},
                      RedactCase{"postgres://u:s3cret@localhost/shop?sslmode=require",
                                 "postgres://u:***@localhost/shop?sslmode=require"},
                      RedactCase{"postgresql://db.example/shop?user=u&password=s3cret&sslmode=require",
                                 "postgresql://db.example/shop?user=u&password=***&sslmode=require"},
                      RedactCase{"postgresql://db.example/shop?password=s3cret",
                                 "postgresql://db.example/shop?password=***"},
                      RedactCase{"postgresql://u:s3cret@db.example/shop?password=s3cret&application_name=jangteo",
                                 "postgresql://u:***@db.example/shop?password=***&application_name=jangteo"},
                      // sslpassword (the client key's) is a secret too, and must not shield the password after it.
                      RedactCase{"postgresql://db.example/shop?sslpassword=s3cret&password=s3cret&sslmode=verify-full",
                                 "postgresql://db.example/shop?sslpassword=***&password=***&sslmode=verify-full"},
                      RedactCase{"postgresql://postgres@/postgres?host=/tmp/jangteo-pg.x",
                                 "postgresql://postgres@/postgres?host=/tmp/jangteo-pg.x"},
                      RedactCase{"postgresql://db.example:5432/shop", "postgresql://db.example:5432/shop"},
                      RedactCase{"postgresql://u@db.example:5432/shop", "postgresql://u@db.example:5432/shop"}));

}  // namespace
}  // namespace jangteo::store_test

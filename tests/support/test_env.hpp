// What every suite needs from its surroundings: a private temporary folder, and the PostgreSQL
// server that scripts/test.sh starts (JANGTEO_TEST_PG_URL), with a fresh database per use.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "store/db.hpp"

namespace jangteo::testing {

// A folder of its own under the system's temporary folder, removed with everything in it when
// the object goes (by std::filesystem, never by a shell).
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// The test server's URL, or nullopt with `why` filled in. Under CI=true a missing server is an error
// the caller must report as a failure, never as a skip.
std::optional<std::string> PostgresUrl(std::string* why = nullptr);
bool InCi();

// A database of its own on the test server, dropped when the object goes.
class FreshPgDatabase {
public:
    // Answers nullopt (and `why`) when no server is configured.
    static std::unique_ptr<FreshPgDatabase> Create(std::string* why);
    ~FreshPgDatabase();
    const std::string& url() const { return url_; }

private:
    FreshPgDatabase(std::string admin_url, std::string name, std::string url)
        : admin_url_(std::move(admin_url)), name_(std::move(name)), url_(std::move(url)) {}
    std::string admin_url_, name_, url_;
};

// `url` with its database name replaced: postgresql://u@h/old?x → postgresql://u@h/new?x.
std::string WithDatabase(const std::string& url, const std::string& name);

}  // namespace jangteo::testing

// Skips the test when there is no PostgreSQL server, or fails it under CI=true.
#define JANGTEO_NEED_POSTGRES(why)                                 \
    do {                                                           \
        if (::jangteo::testing::InCi()) {                          \
            FAIL() << "PostgreSQL is required in CI: " << (why);   \
        } else {                                                   \
            GTEST_SKIP() << "PostgreSQL tests skipped: " << (why); \
        }                                                          \
    } while (false)

#include "support/test_env.hpp"

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "core/random.hpp"

namespace jangteo::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "jangteo-test.XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

bool InCi() {
    const char* ci = std::getenv("CI");
    return ci && std::string(ci) == "true";
}

std::optional<std::string> PostgresUrl(std::string* why) {
    const char* url = std::getenv("JANGTEO_TEST_PG_URL");
    if (!url || !*url) {
        if (why) *why = "JANGTEO_TEST_PG_URL is not set (scripts/test.sh starts a server and sets it)";
        return std::nullopt;
    }
    return std::string(url);
}

std::string WithDatabase(const std::string& url, const std::string& name) {
    auto scheme = url.find("://");
    std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
    auto slash = url.find('/', start);
    auto query = url.find('?', start);
    if (slash == std::string::npos || (query != std::string::npos && slash > query)) {
        // No database in the URL: insert one before the query.
        std::size_t at = query == std::string::npos ? url.size() : query;
        return url.substr(0, at) + "/" + name + url.substr(at);
    }
    std::size_t end = query == std::string::npos ? url.size() : query;
    return url.substr(0, slash + 1) + name + url.substr(end);
}

std::unique_ptr<FreshPgDatabase> FreshPgDatabase::Create(std::string* why) {
    auto admin = PostgresUrl(why);
    if (!admin) return nullptr;
    std::string name = "jt_" + core::SystemRandom().Hex(8);
    store::DbOptions options;
    options.pool_size = 1;
    auto db = store::Open(*admin, options);
    if (!db.ok()) throw std::runtime_error("cannot reach the test PostgreSQL: " + db.error().message);
    // CREATE DATABASE cannot run inside a transaction; Read runs statements on their own.
    auto st = (*db)->Read([&](store::Tx& tx) { return tx.ExecScript("CREATE DATABASE " + name); });
    if (!st.ok()) throw std::runtime_error("CREATE DATABASE failed: " + st.error().message);
    return std::unique_ptr<FreshPgDatabase>(new FreshPgDatabase(*admin, name, WithDatabase(*admin, name)));
}

FreshPgDatabase::~FreshPgDatabase() {
    store::DbOptions options;
    options.pool_size = 1;
    auto db = store::Open(admin_url_, options);
    if (!db.ok()) return;
    (void)(*db)->Read(
        [&](store::Tx& tx) { return tx.ExecScript("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); });
}

}  // namespace jangteo::testing

// The life of a jangteo process: start-up checks, settings, migrations, readiness and a graceful
// shutdown; on each backend where the database matters.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "e2e/backend.hpp"
#include "store/db.hpp"
#include "store/migration.hpp"
#include "support/http_client.hpp"
#include "support/json_match.hpp"

namespace jangteo::testing {
namespace {

using namespace std::chrono_literals;

TEST(LifecycleTest, GracefulShutdownFinishesTheRequestInFlightAndClosesIdleConnections) {
    auto server = ServerProcess::Start({});
    HttpClient idle(server->port());
    ASSERT_EQ(idle.Request("GET", "/healthz").status, 200);

    // A request whose header has arrived but whose body is still on its way.
    HttpClient busy(server->port());
    ASSERT_TRUE(busy.Connect());
    std::string body = R"({"number":"123-45-67891"})";
    ASSERT_TRUE(
        busy.SendRaw("POST /api/v1/validations/business-number HTTP/1.1\r\nHost: x\r\n"
                     "Content-Type: application/json\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 5)));
    std::this_thread::sleep_for(200ms);

    server->Signal(SIGTERM);
    EXPECT_TRUE(idle.WaitForClose(3s)) << "an idle keep-alive connection is closed at shutdown";
    EXPECT_TRUE(server->running()) << "the server waits for the request in flight";

    ASSERT_TRUE(busy.SendRaw(body.substr(5)));
    auto r = busy.Read(5s);
    ASSERT_TRUE(r.has_value()) << server->Log();
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->Header("connection"), "close");
    EXPECT_EQ(r->body, R"({"number":"1234567891","formatted":"123-45-67891"})");

    EXPECT_EQ(server->Wait(10s), 0) << server->Log();
    HttpClient late(server->port());
    EXPECT_FALSE(late.Connect()) << "nothing listens after the shutdown";
    std::string log = server->Log();
    EXPECT_NE(log.find("\"event\":\"shutdown_started\""), std::string::npos);
    EXPECT_NE(log.find("\"event\":\"stopped\""), std::string::npos);
}

TEST(LifecycleTest, SigintAlsoShutsDownCleanly) {
    auto server = ServerProcess::Start({});
    ASSERT_EQ(Fetch(server->port(), "GET", "/healthz").status, 200);
    server->Signal(SIGINT);
    EXPECT_EQ(server->Wait(10s), 0);
}

TEST(LifecycleTest, AHungClientDoesNotHoldTheShutdownPastItsGrace) {
    auto server = ServerProcess::Start({.args = {"--shutdown-grace-ms", "500", "--body-timeout-ms", "60000"}});
    HttpClient hung(server->port());
    ASSERT_TRUE(hung.Connect());
    ASSERT_TRUE(
        hung.SendRaw("POST /api/v1/validations/business-number HTTP/1.1\r\nHost: x\r\n"
                     "Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{"));
    std::this_thread::sleep_for(200ms);
    auto start = std::chrono::steady_clock::now();
    server->Signal(SIGTERM);
    EXPECT_EQ(server->Wait(10s), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    EXPECT_NE(server->Log().find("\"event\":\"shutdown_forced\""), std::string::npos);
}

class BackendLifecycleTest : public ::testing::TestWithParam<std::string> {
protected:
    // A database URL of this test's backend and a folder to keep it in.
    std::string DatabaseUrl() {
        if (GetParam() == "postgres") {
            std::string why;
            pg_ = FreshPgDatabase::Create(&why);
            if (!pg_) return "";
            return pg_->url();
        }
        return "sqlite://" + (dir_.path() / "jangteo.db").string();
    }
    std::unique_ptr<FreshPgDatabase> pg_;
    TempDir dir_;
};

#define NEED_DATABASE(url)          \
    if ((url).empty()) {            \
        std::string why;            \
        PostgresUrl(&why);          \
        JANGTEO_NEED_POSTGRES(why); \
    }

TEST_P(BackendLifecycleTest, RefusesToStartOnASchemaNewerThanItself) {
    std::string url = DatabaseUrl();
    NEED_DATABASE(url);
    std::string out;
    ASSERT_EQ(RunJangteo({"migrate", "--db", url}, &out), 0) << out;
    EXPECT_EQ(out.find("jangteo: 0 migrations applied"), std::string::npos) << "a fresh database gets every migration";
    EXPECT_NE(out.find("migrations applied"), std::string::npos) << out;
    ASSERT_EQ(RunJangteo({"migrate", "--db", url}, &out), 0) << out;
    EXPECT_NE(out.find("0 migrations applied"), std::string::npos) << out;
    {
        // A later jangteo applied a migration this one does not know.
        auto db = store::Open(url, {});
        ASSERT_TRUE(db.ok());
        constexpr store::Sql kFuture{"test.future",
                                     "INSERT INTO store_schema_migrations (module, version, name, checksum, "
                                     "applied_at_us) VALUES ('platform', 999, 'from_the_future', 'x', 0)"};
        ASSERT_TRUE((*db)->Write([&](store::Tx& tx) { return tx.Exec(kFuture); }).ok());
        (*db)->Close();
    }
    EXPECT_EQ(RunJangteo({"serve", "--db", url, "--listen", "127.0.0.1:0"}, &out), 1);
    EXPECT_NE(out.find("newer than this jangteo"), std::string::npos) << out;
    EXPECT_NE(out.find("platform/0999"), std::string::npos) << out;
    EXPECT_EQ(RunJangteo({"migrate", "--db", url}, &out), 1);
    EXPECT_NE(out.find("newer than this jangteo"), std::string::npos) << out;
}

TEST_P(BackendLifecycleTest, NoMigrateStartsUnreadyUntilMigrated) {
    std::string url = DatabaseUrl();
    NEED_DATABASE(url);
    auto server = ServerProcess::Start({.db = url, .args = {"--no-migrate"}});
    HttpResponse r = Fetch(server->port(), "GET", "/readyz");
    EXPECT_EQ(r.status, 503);
    EXPECT_NE(r.body.find("/problems/schema_not_migrated"), std::string::npos) << r.body;
    EXPECT_EQ(r.Header("retry-after"), "1");
    EXPECT_EQ(Fetch(server->port(), "GET", "/healthz").status, 200) << "alive, if not ready";

    std::string out;
    ASSERT_EQ(RunJangteo({"migrate", "--db", url}, &out), 0) << out;
    // Migrated: the portal loads its catalog, and the server is ready as soon as it has.
    int status = 0;
    for (int i = 0; i < 200 && status != 200; ++i) {
        status = Fetch(server->port(), "GET", "/readyz").status;
        if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(status, 200);
    EXPECT_EQ(server->Stop(), 0);
}

TEST_P(BackendLifecycleTest, OperatorIsMadeOnceFromTheSettingsWithFlagsOverEnvironmentOverFile) {
    std::string url = DatabaseUrl();
    NEED_DATABASE(url);
    auto config = dir_.path() / "jangteo.toml";
    std::ofstream(config) << "[operator]\nname_ko = \"해운대 장터\"\nname_en = \"from the file\"\n"
                             "region_en = \"from the file\"\n";
    auto server = ServerProcess::Start({.db = url,
                                        .args = {"--config", config.string(), "--operator-name-en", "Haeundae Market"},
                                        .env = {{"JANGTEO_OPERATOR_NAME_EN", "from the environment"},
                                                {"JANGTEO_OPERATOR_REGION_EN", "Busan Metropolitan City"}}});
    HttpResponse r = Fetch(server->port(), "GET", "/api/v1/operator");
    ASSERT_EQ(r.status, 200);
    auto expected = core::ParseJson(R"({"id": "{{id:opr}}",
        "name": {"ko": "해운대 장터", "en": "Haeundae Market"},
        "region": {"ko": "부산광역시", "en": "Busan Metropolitan City"},
        "currency": "KRW", "time_zone": "Asia/Seoul", "created_at": "{{time}}", "updated_at": "{{time}}"})");
    EXPECT_TRUE(JsonMatches(*expected, r.Json()));
    std::string first_id(r.Json().as_object().at("id").as_string());
    EXPECT_EQ(server->Stop(), 0);

    // A restart with other settings keeps the operator that exists.
    auto again = ServerProcess::Start({.db = url, .args = {"--operator-name-ko", "다른 이름"}});
    HttpResponse r2 = Fetch(again->port(), "GET", "/api/v1/operator");
    EXPECT_EQ(r2.Json().as_object().at("id").as_string(), first_id);
    EXPECT_EQ(r2.Json().as_object().at("name").as_object().at("ko").as_string(), "해운대 장터");
}

// On PostgreSQL, store handlers run on a pool apart from the network threads; answers must still
// come back on their own connection, in order, under concurrent load.
TEST_P(BackendLifecycleTest, ConcurrentPipelinedStoreReadsComeBackInOrder) {
    std::string url = DatabaseUrl();
    NEED_DATABASE(url);
    auto server = ServerProcess::Start({.db = url});
    std::vector<std::thread> clients;
    std::atomic<int> good{0};
    for (int c = 0; c < 8; ++c) {
        clients.emplace_back([&, c] {
            HttpClient client(server->port());
            if (!client.Connect()) return;
            std::string batch;
            for (int i = 0; i < 25; ++i) {
                std::string id = "c" + std::to_string(c) + "-" + std::to_string(i);
                batch +=
                    HttpClient::Format("GET", i % 5 == 4 ? "/healthz" : "/api/v1/operator", "", {{"X-Request-Id", id}});
            }
            client.SendRaw(batch);
            for (int i = 0; i < 25; ++i) {
                auto r = client.Read();
                if (!r || r->status != 200 ||
                    r->Header("x-request-id") != "c" + std::to_string(c) + "-" + std::to_string(i)) {
                    return;
                }
                ++good;
            }
        });
    }
    for (auto& t : clients) t.join();
    EXPECT_EQ(good.load(), 8 * 25);
    EXPECT_EQ(server->Stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, BackendLifecycleTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST(LifecycleTest, BadSettingsStopStartUpWithOneClearLine) {
    struct Case {
        std::vector<std::string> args;
        std::map<std::string, std::string> env;
        std::string expected;
    };
    TempDir dir;
    auto bad_file = dir.path() / "bad.toml";
    std::ofstream(bad_file) << "listen = \"127.0.0.1:8080\"\nthreds = 4\n";
    auto broken_file = dir.path() / "broken.toml";
    std::ofstream(broken_file) << "listen = \"127.0.0.1\n";
    std::vector<Case> cases = {
        {{"serve", "--threads", "abc"}, {}, "bad setting threads=\"abc\" (from command line): must be a whole number"},
        {{"serve"}, {{"JANGTEO_LISTEN", "localhost"}}, "bad setting listen=\"localhost\" (from environment)"},
        {{"serve"}, {{"JANGTEO_LOG_FORMAT", "xml"}}, "must be json or text"},
        {{"serve", "--config", bad_file.string()}, {}, "unknown setting 'threds'"},
        {{"serve", "--config", broken_file.string()}, {}, "broken.toml:1"},
        {{"serve", "--listen", "999.1.1.1:80", "--db", "sqlite://" + (dir.path() / "x.db").string()},
         {},
         "'999.1.1.1' is not an IP address"},
        {{"serve", "--db", "mysql://localhost/x"}, {}, "is not supported"},
        {{"serve", "--db", "postgresql://postgres@/nowhere?host=" + (dir.path() / "no-such-socket").string()},
         {},
         "cannot connect to PostgreSQL"},
    };
    for (const auto& c : cases) {
        std::string out;
        int code = RunJangteo(c.args, &out, c.env);
        EXPECT_NE(code, 0) << out;
        EXPECT_NE(out.find(c.expected), std::string::npos) << "expected «" << c.expected << "» in:\n" << out;
        // One line, for a person.
        std::string trimmed = out.substr(0, out.find_last_not_of('\n') + 1);
        EXPECT_EQ(trimmed.find('\n'), std::string::npos) << out;
    }
}

TEST(LifecycleTest, VersionAndHelp) {
    std::string out;
    EXPECT_EQ(RunJangteo({"version"}, &out), 0);
    EXPECT_TRUE(out.starts_with("jangteo ")) << out;
    EXPECT_EQ(RunJangteo({"serve", "--help"}, &out), 0);
    for (const char* flag : {"--db", "--listen", "--threads", "--web-root", "--log-level", "--log-format",
                             "--no-migrate", "--config", "JANGTEO_DB"}) {
        EXPECT_NE(out.find(flag), std::string::npos) << flag;
    }
    EXPECT_EQ(RunJangteo({"migrate", "--help"}, &out), 0);
    EXPECT_NE(out.find("--db"), std::string::npos);
    EXPECT_NE(RunJangteo({}, &out), 0) << "a command is required";
    EXPECT_NE(RunJangteo({"serve", "--no-such-flag"}, &out), 0);
}

TEST(LifecycleTest, SqliteFileIsCreatedWithItsFolderAndSurvivesARestart) {
    TempDir dir;
    std::string url = "sqlite://" + (dir.path() / "nested" / "data" / "jangteo.db").string();
    std::string first_id;
    {
        auto server = ServerProcess::Start({.db = url});
        HttpResponse r = Fetch(server->port(), "GET", "/api/v1/operator");
        ASSERT_EQ(r.status, 200);
        first_id = std::string(r.Json().as_object().at("id").as_string());
        EXPECT_EQ(server->Stop(), 0);
    }
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "nested" / "data" / "jangteo.db"));
    auto server = ServerProcess::Start({.db = url});
    HttpResponse r = Fetch(server->port(), "GET", "/api/v1/operator");
    EXPECT_EQ(r.Json().as_object().at("id").as_string(), first_id);
}

}  // namespace
}  // namespace jangteo::testing

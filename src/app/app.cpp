#include "app/app.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "http/dispatcher.hpp"
#include "http/metrics.hpp"
#include "http/openapi.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "platform/operator.hpp"
#include "platform/routes.hpp"
#include "store/db.hpp"
#include "store/migration.hpp"

#ifndef JANGTEO_VERSION
#define JANGTEO_VERSION "0.0.0"
#endif

namespace jangteo::app {

namespace json = core::json;

std::string_view Version() {
    return JANGTEO_VERSION;
}

namespace {

std::vector<store::Migration> AllMigrations() {
    std::vector<store::Migration> all;
    // Modules in dependency order: a module's tables may refer only to those of modules before it.
    for (const auto& m : platform::SchemaMigrations()) all.push_back(m);
    return all;
}

int Threads(const Settings& s) {
    return s.threads > 0 ? s.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

int PoolSize(const Settings& s) {
    return s.db_pool_size > 0 ? s.db_pool_size : std::max(4, Threads(s) * 2);
}

// Resident set size now and at its peak, from /proc (bytes).
std::pair<std::int64_t, std::int64_t> MemoryFigures() {
    std::ifstream in("/proc/self/status");
    std::string line;
    std::int64_t rss = 0, peak = 0;
    while (std::getline(in, line)) {
        if (line.starts_with("VmRSS:")) rss = std::atoll(line.c_str() + 6) * 1024;
        if (line.starts_with("VmHWM:")) peak = std::atoll(line.c_str() + 6) * 1024;
    }
    return {rss, peak};
}

void RenderStoreStats(std::string& out, const store::PoolStats& s, std::string_view backend) {
    char buf[256];
    auto metric = [&](const char* name, const char* type, const char* help, std::int64_t value) {
        int n =
            std::snprintf(buf, sizeof buf, "# HELP %s %s\n# TYPE %s %s\n%s{backend=\"%.*s\"} %lld\n", name, help, name,
                          type, name, static_cast<int>(backend.size()), backend.data(), static_cast<long long>(value));
        out.append(buf, static_cast<std::size_t>(std::min<int>(n, sizeof buf - 1)));
    };
    metric("store_pool_connections", "gauge", "Database connections open now.", s.size);
    metric("store_pool_max_connections", "gauge", "The bound of the connection pool.", s.max_size);
    metric("store_pool_in_use", "gauge", "Database connections lent to requests now.", s.in_use);
    metric("store_pool_waiting", "gauge", "Requests waiting for a database connection now.", s.waiting);
    metric("store_pool_acquired_total", "counter", "Database connections lent out.", s.acquired_total);
    metric("store_pool_waited_total", "counter", "Connection requests that had to wait.", s.waited_total);
    metric("store_pool_timeouts_total", "counter", "Connection requests that gave up waiting.", s.timeouts_total);
    metric("store_tx_retries_total", "counter", "Transactions retried after a conflict or a lost connection.",
           s.retries_total);
    metric("store_reconnects_total", "counter", "Database connections replaced after being lost.", s.reconnects_total);
}

// Handlers that may wait on the store (a PostgreSQL round trip, a SQLite commit's fsync or its
// writer lock) run on a pool of their own, one thread per database connection, so that the network
// threads stay free for other connections.
int HandlerThreads(const Settings& s) {
    return PoolSize(s);
}

json::value StatusSchema() {
    return json::object{{"type", "object"},
                        {"required", json::array{"status"}},
                        {"properties", json::object{{"status", json::object{{"type", "string"}}}}}};
}

}  // namespace

struct App::Parts {
    Settings settings;
    core::SystemClock clock;
    core::SystemRandom random;
    std::unique_ptr<store::Db> db;
    std::unique_ptr<platform::OperatorService> operators;
};

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
App::~App() {
    if (parts_ && parts_->db) parts_->db->Close();
}

core::Result<std::unique_ptr<App>> App::Create(const Settings& settings) {
    auto parts = std::make_unique<Parts>();
    parts->settings = settings;
    store::DbOptions options;
    options.pool_size = PoolSize(settings);
    options.acquire_timeout_ms = settings.db_acquire_timeout_ms;
    options.sqlite_synchronous_full = settings.sqlite_synchronous_full;
    JANGTEO_TRY(parts->db, store::Open(settings.db, options));
    parts->operators = std::make_unique<platform::OperatorService>(*parts->db, parts->clock, parts->random);
    return std::unique_ptr<App>(new App(std::move(parts)));
}

core::Result<int> App::Migrate() {
    store::Migrator migrator(*parts_->db, AllMigrations());
    JANGTEO_TRY(int applied, migrator.Migrate());
    core::log::Info("migrated", {{"db", parts_->db->Describe()}, {"applied", applied}});
    return applied;
}

int App::Serve() {
    Parts& p = *parts_;
    const Settings& s = p.settings;
    store::Migrator migrator(*p.db, AllMigrations());
    if (s.migrate) {
        auto applied = Migrate();
        if (!applied.ok()) {
            core::log::Error("migration_failed",
                             {{"reason", applied.error().reason}, {"cause", applied.error().message}});
            std::fprintf(stderr, "jangteo: %s\n", applied.error().message.c_str());
            return 1;
        }
    }
    auto schema = migrator.Check();
    if (!schema.ok()) {
        std::fprintf(stderr, "jangteo: cannot read the schema state: %s\n", schema.error().message.c_str());
        return 1;
    }
    if (!schema->unknown.empty()) {
        std::fprintf(stderr,
                     "jangteo: the database schema is newer than this jangteo (it has %s, which version %s "
                     "does not know); run a newer jangteo\n",
                     schema->unknown.front().c_str(), std::string(Version()).c_str());
        return 1;
    }
    if (!schema->changed.empty()) {
        std::fprintf(stderr, "jangteo: migration %s was changed after it was applied to this database\n",
                     schema->changed.front().c_str());
        return 1;
    }
    if (schema->ready()) {
        if (auto st = p.operators->Ensure(s.operator_defaults); !st.ok()) {
            std::fprintf(stderr, "jangteo: %s\n", st.error().message.c_str());
            return 1;
        }
    } else {
        core::log::Warn("schema_not_migrated", {{"pending", schema->pending}});
    }

    // The route table: built-in endpoints, then each module's.
    http::Router router;
    std::atomic<bool> ready{false};
    std::string openapi;
    http::Metrics* metrics_ptr = nullptr;
    router.Add({.method = http::Method::kGet,
                .pattern = "/healthz",
                .handler = [](http::Request&) -> core::Result<http::Response> {
                    return http::Response::JsonText(200, R"({"status":"ok"})");
                },
                .doc = {.summary = "Liveness: the process answers",
                        .tag = "system",
                        .operation_id = "getHealth",
                        .response_schema = StatusSchema()},
                .access = http::kPublicAccess,
                .may_block = false});
    router.Add({.method = http::Method::kGet,
                .pattern = "/readyz",
                .handler = [&](http::Request&) -> core::Result<http::Response> {
                    if (!ready.load()) {
                        return core::Error::Unavailable("shutting_down", "the server is shutting down");
                    }
                    JANGTEO_TRY_STATUS(p.db->Ping());
                    JANGTEO_TRY(store::SchemaStatus st, migrator.Check());
                    if (!st.changed.empty()) {
                        return core::Error::Unavailable("schema_changed",
                                                        "migration " + st.changed.front() + " was changed");
                    }
                    if (!st.ready()) {
                        return core::Error::Unavailable("schema_not_migrated",
                                                        std::to_string(st.pending) + " migrations are pending");
                    }
                    return http::Response::JsonText(200, R"({"status":"ready"})");
                },
                .doc = {.summary = "Readiness: the store is reachable and migrated",
                        .description = "503 while the store is unreachable, migrations are pending, or the server "
                                       "is shutting down.",
                        .tag = "system",
                        .operation_id = "getReadiness",
                        .response_schema = StatusSchema(),
                        .error_statuses = {503}},
                .access = http::kPublicAccess});
    router.Add({.method = http::Method::kGet,
                .pattern = "/metrics",
                .handler = [&](http::Request&) -> core::Result<http::Response> {
                    std::string out;
                    out.reserve(16 << 10);
                    metrics_ptr->Render(out);
                    RenderStoreStats(out, p.db->Stats(), store::DialectName(p.db->dialect()));
                    auto [rss, peak] = MemoryFigures();
                    out +=
                        "# HELP process_resident_memory_bytes Resident memory.\n"
                        "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes " +
                        std::to_string(rss) +
                        "\n# HELP process_resident_memory_peak_bytes Peak resident memory.\n"
                        "# TYPE process_resident_memory_peak_bytes gauge\nprocess_resident_memory_peak_bytes " +
                        std::to_string(peak) + "\n";
                    return http::Response::Text(200, std::move(out), "text/plain; version=0.0.4; charset=utf-8");
                },
                .doc = {.summary = "Metrics in the Prometheus text format",
                        .tag = "system",
                        .operation_id = "getMetrics",
                        .success_content_type = "text/plain",
                        .response_schema = json::object{{"type", "string"}}},
                .access = http::kPublicAccess});
    router.Add({.method = http::Method::kGet,
                .pattern = "/api/openapi.json",
                .handler = [&](http::Request&) -> core::Result<http::Response> {
                    return http::Response::JsonText(200, openapi);
                },
                .doc = {.summary = "This description of the API (OpenAPI 3.1)",
                        .tag = "system",
                        .operation_id = "getOpenApi",
                        .response_schema = json::object{{"type", "object"}}},
                .access = http::kPublicAccess,
                .may_block = false});
    platform::AddRoutes(router, *p.operators);

    if (auto problems = http::ValidateRouteDocs(router); !problems.empty()) {
        for (const auto& line : problems) std::fprintf(stderr, "jangteo: undocumented route: %s\n", line.c_str());
        return 1;
    }
    openapi = http::BuildOpenApi(router, {.title = "Jangteo API",
                                          .version = std::string(Version()),
                                          .description = "The shared omnichannel commerce platform of a region."});

    http::Metrics metrics(router);
    metrics_ptr = &metrics;
    http::StaticFiles files(s.web_root);
    http::Dispatcher dispatcher(router, metrics, [&files](http::Request& request) { return files.Serve(request); });
    http::Server server({.host = s.listen_host,
                         .port = s.listen_port,
                         .threads = Threads(s),
                         .handler_threads = HandlerThreads(s),
                         .body_limit = s.body_limit,
                         .header_limit = s.header_limit,
                         .max_connections = s.max_connections,
                         .header_timeout = std::chrono::milliseconds(s.header_timeout_ms),
                         .body_timeout = std::chrono::milliseconds(s.body_timeout_ms),
                         .shutdown_grace = std::chrono::milliseconds(s.shutdown_grace_ms)},
                        dispatcher, metrics);
    if (auto st = server.Listen(); !st.ok()) {
        std::fprintf(stderr, "jangteo: %s\n", st.error().message.c_str());
        return 1;
    }
    ready = true;
    std::string host = s.listen_host.find(':') != std::string::npos ? "[" + s.listen_host + "]" : s.listen_host;
    core::log::Info("listening", {{"url", "http://" + host + ":" + std::to_string(server.port())},
                                  {"port", static_cast<int>(server.port())},
                                  {"threads", server.threads()},
                                  {"db", p.db->Describe()},
                                  {"web_root", s.web_root},
                                  {"version", Version()}});
    server.Run([&] { ready = false; });
    p.db->Close();
    core::log::Info("stopped", {});
    return 0;
}

}  // namespace jangteo::app

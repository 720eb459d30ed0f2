// Per-request building blocks: route lookup, request id and problem rendering, id encoding, and a
// one-row read from each SQLite connection kind.
#include <benchmark/benchmark.h>

#include "core/id.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "http/dispatcher.hpp"
#include "http/metrics.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"
#include "store/db.hpp"

namespace {

using namespace jangteo;

http::Router& BenchRouter() {
    static http::Router* router = [] {
        auto* r = new http::Router();
        auto ok = [](http::Request&) -> core::Result<http::Response> { return http::Response::Empty(204); };
        for (const char* p :
             {"/healthz", "/readyz", "/metrics", "/api/openapi.json", "/api/v1/operator", "/api/v1/merchants",
              "/api/v1/merchants/{merchant_id:mrc}", "/api/v1/merchants/{merchant_id:mrc}/products",
              "/api/v1/merchants/{merchant_id:mrc}/products/{product_id:prd}",
              "/api/v1/merchants/{merchant_id:mrc}/orders/{order_id:ord}", "/api/v1/search"}) {
            r->Add({.method = http::Method::kGet, .pattern = p, .handler = ok, .access = http::kPublicAccess});
        }
        return r;
    }();
    return *router;
}

void BM_RouterStatic(benchmark::State& state) {
    auto& router = BenchRouter();
    for (auto _ : state) benchmark::DoNotOptimize(router.Find(http::Method::kGet, "/api/v1/operator"));
}
BENCHMARK(BM_RouterStatic);

void BM_RouterTwoIds(benchmark::State& state) {
    auto& router = BenchRouter();
    for (auto _ : state) {
        benchmark::DoNotOptimize(
            router.Find(http::Method::kGet, "/api/v1/merchants/mrc_0k4m2x9c1q7ta/products/prd_1234567890abc"));
    }
}
BENCHMARK(BM_RouterTwoIds);

void BM_DispatchHealthz(benchmark::State& state) {
    core::log::Configure(core::log::Level::kOff, core::log::Format::kJson);  // measure dispatch, not the terminal
    auto& router = BenchRouter();
    http::Metrics metrics(router);
    http::Dispatcher dispatcher(router, metrics, {});
    for (auto _ : state) {
        http::Request req;
        req.target = "/healthz";
        benchmark::DoNotOptimize(dispatcher.Handle(req));
    }
}
BENCHMARK(BM_DispatchHealthz);

void BM_ProblemResponse(benchmark::State& state) {
    core::Error e = core::Error::Invalid("invalid_business_number", "the check digit is wrong",
                                         {{"number", "business_number_check_digit", "bad"}});
    for (auto _ : state) benchmark::DoNotOptimize(http::ProblemResponse(e, "abc-1-1"));
}
BENCHMARK(BM_ProblemResponse);

struct BenchTag {
    static constexpr std::string_view kPrefix = "mrc";
};
void BM_IdRoundTrip(benchmark::State& state) {
    core::SeededRandom random(1);
    auto id = core::Id<BenchTag>::New(random);
    for (auto _ : state) benchmark::DoNotOptimize(core::Id<BenchTag>::Parse(id.ToString()));
}
BENCHMARK(BM_IdRoundTrip);

void BM_SqliteReadOneRow(benchmark::State& state) {
    auto db = std::move(*store::Open("sqlite::memory:", {}));
    static constexpr store::Sql kCreate{"b.create", "CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT)"};
    static constexpr store::Sql kInsert{"b.insert", "INSERT INTO t VALUES ($1, $2)"};
    static constexpr store::Sql kSelect{"b.select", "SELECT id, name FROM t WHERE id = $1"};
    (void)db->Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY_STATUS(tx.Exec(kCreate));
        JANGTEO_TRY_STATUS(tx.Exec(kInsert, {std::int64_t{7}, std::string_view("부산 장터")}));
        return {};
    });
    for (auto _ : state) {
        auto rows = db->Read([&](store::Tx& tx) { return tx.Query(kSelect, {std::int64_t{7}}); });
        benchmark::DoNotOptimize(rows);
    }
}
BENCHMARK(BM_SqliteReadOneRow);

}  // namespace

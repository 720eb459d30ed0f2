// The search index on a synthetic catalog (catalog.hpp): the time to index N products, the
// resident memory afterwards, and the latency of a mixed query set (Korean partial words, English
// with prefixes and typos, codes, filters, facets, sorts). N comes from JANGTEO_SEARCH_DOCS
// (default 100000):
//
//   JANGTEO_SEARCH_DOCS=1000000 build/release/bench/search_bench
//
// BM_Build runs once and reports build_s and rss_mib; BM_Mixed reports p50, p99 and the largest
// latency over every query of the set; BM_Query/<n> times each query alone.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "search/index.hpp"

namespace {

using namespace jangteo;
using Clock = std::chrono::steady_clock;

std::int64_t DocCount() {
    const char* n = std::getenv("JANGTEO_SEARCH_DOCS");
    return n != nullptr ? std::atoll(n) : 100'000;
}

double RssMib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
    }
    return 0;
}

const bench::search::Catalog& TheCatalog() {
    static const bench::search::Catalog catalog(20261123);
    return catalog;
}

struct Built {
    search::Index index;
    double seconds = 0;
    double rss_mib = 0;
};

Built& TheIndex() {
    static Built* built = [] {
        auto* b = new Built();
        const std::int64_t n = DocCount();
        auto start = Clock::now();
        for (std::int64_t key = 1; key <= n; ++key) {
            if (!b->index.Upsert(TheCatalog().Product(key)).ok()) std::abort();
        }
        b->seconds = std::chrono::duration<double>(Clock::now() - start).count();
        b->rss_mib = RssMib();
        return b;
    }();
    return *built;
}

std::vector<search::Query> MixedQueries() {
    using search::Sort;
    const unsigned all = search::kFacetCategory | search::kFacetMerchant | search::kFacetDistrict | search::kFacetPrice;
    std::vector<search::Query> qs;
    auto add = [&](std::string text, Sort sort = Sort::kRelevance, unsigned facets = 0) {
        search::Query q;
        q.text = std::move(text);
        q.sort = sort;
        q.facets = facets;
        qs.push_back(q);
        return &qs.back();
    };
    add("고등어", Sort::kRelevance, all);  // partial: 고등어구이, 순살고등어구이
    add("순살 고등어");
    add("고등어구이 500g");
    add("제주 감귤", Sort::kPriceAsc, all);
    add("감귤");
    add("등산화", Sort::kNewest);
    add("크림");
    add("명함 500매");
    add("mackerel", Sort::kRelevance, all);
    add("mack");
    add("organic jeju tang");
    add("mackrel");   // a letter left out
    add("tangerin");  // a prefix
    add("sneakres");  // two letters swapped
    add("hiking boots", Sort::kPriceDesc);
    add("wireless charger");
    add(bench::search::Catalog::Barcode(4242));
    add(TheCatalog().Product(31337).codes[0]);  // a SKU
    add("고등어 mackerel");
    auto* q = add("", Sort::kNewest, all);  // a category page
    q->category_id = TheCatalog().SomeCategory(3);
    q = add("", Sort::kPriceAsc);
    q->category_id = TheCatalog().SomeCategory(11);
    q = add("양말", Sort::kRelevance, all);
    q->min_price_won = 5'000;
    q->max_price_won = 30'000;
    q = add("고", Sort::kRelevance, all);  // one syllable: the largest lists
    q = add("", Sort::kNewest, all);       // everything, with every facet
    q = add("shrimp", Sort::kRelevance);
    q->district = "haeundae";
    q->offset = 40;
    return qs;
}

void BM_Build(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(TheIndex().index.Size());
    state.counters["docs"] = static_cast<double>(TheIndex().index.Size());
    state.counters["build_s"] = TheIndex().seconds;
    state.counters["rss_mib"] = TheIndex().rss_mib;
}
BENCHMARK(BM_Build)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_Query(benchmark::State& state) {
    const auto queries = MixedQueries();
    const search::Query& q = queries[static_cast<std::size_t>(state.range(0))];
    auto& index = TheIndex().index;
    std::uint32_t total = 0;
    for (auto _ : state) {
        auto r = index.Search(q);
        if (!r.ok()) std::abort();
        total = r->total;
        benchmark::DoNotOptimize(r);
    }
    state.SetLabel(q.text.empty() ? "(category page)" : q.text);
    state.counters["hits"] = total;
}
BENCHMARK(BM_Query)->DenseRange(0, 24)->Unit(benchmark::kMicrosecond);

void BM_Mixed(benchmark::State& state) {
    const auto queries = MixedQueries();
    auto& index = TheIndex().index;
    std::vector<double> ms;
    for (auto _ : state) {
        for (const auto& q : queries) {
            auto start = Clock::now();
            auto r = index.Search(q);
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            benchmark::DoNotOptimize(r);
        }
    }
    std::sort(ms.begin(), ms.end());
    state.counters["p50_ms"] = ms[ms.size() / 2];
    state.counters["p99_ms"] = ms[ms.size() * 99 / 100];
    state.counters["max_ms"] = ms.back();
    state.counters["queries"] = static_cast<double>(ms.size());
    state.SetItemsProcessed(static_cast<std::int64_t>(ms.size()));
}
BENCHMARK(BM_Mixed)->MinTime(3.0)->Unit(benchmark::kMillisecond);

}  // namespace

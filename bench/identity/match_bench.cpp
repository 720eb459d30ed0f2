// Real-time identity resolution against a million records: the latency of Index::Match for one new
// record (its blocking keys looked up, every candidate scored), as the server does for a POS sale or
// a sign-up. Generates INDEX + QUERIES records (customers/record_gen.hpp), estimates the model by the
// batch over the indexed ones, builds the Index, then matches each query record once and prints the
// percentiles. The query records are the generator's, so most are new records of people already in
// the index, as at a real counter.
//
// usage: identity_match_bench [--records 1000000] [--queries 20000] [--seed 1]
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "customers/record_gen.hpp"
#include "customers/resolve.hpp"

namespace {

long PeakRssKb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
    }
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace jangteo;
    using Clock = std::chrono::steady_clock;
    std::size_t records = 1'000'000, queries = 20'000;
    std::uint64_t seed = 1;
    CLI::App app{"latency of matching one record against an Index of many"};
    app.add_option("--records", records, "records in the index")->capture_default_str();
    app.add_option("--queries", queries, "records matched one by one")->capture_default_str();
    app.add_option("--seed", seed, "generator seed")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    constexpr std::uint32_t kToday = 20261123;
    auto t0 = Clock::now();
    auto generated = customers::GenerateRecords({.count = records + queries, .seed = seed, .today = kToday});
    std::vector<customers::NormalizedRecord> normalized;
    normalized.reserve(generated.records.size());
    for (const auto& r : generated.records) normalized.push_back(customers::Normalize(r, kToday));
    std::vector<customers::NormalizedRecord> query(normalized.end() - static_cast<std::ptrdiff_t>(queries),
                                                   normalized.end());
    normalized.resize(records);
    auto t1 = Clock::now();
    customers::Model model =
        customers::Resolve(normalized, {.profile_pass = false}).model;  // the batch's weights, as the server loads them
    auto t2 = Clock::now();
    customers::Index index(model);
    index.Reserve(records);
    for (auto& r : normalized) index.Add(std::move(r));
    index.Build();
    auto t3 = Clock::now();

    std::vector<double> micros;
    micros.reserve(queries);
    std::size_t same = 0, possible = 0, candidates_found = 0;
    for (const auto& q : query) {
        auto start = Clock::now();
        auto found = index.Match(q);
        micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
        if (!found.empty()) {
            ++candidates_found;
            if (found[0].score.outcome == customers::Outcome::kSame)
                ++same;
            else
                ++possible;
        }
    }
    std::sort(micros.begin(), micros.end());
    auto pct = [&](double p) {
        return micros[std::min(micros.size() - 1, static_cast<std::size_t>(p * micros.size()))];
    };
    auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    std::printf("index: %zu records; generate+normalise %.1f s, estimate %.1f s, build %.1f s; peak RSS %ld MiB\n",
                records, secs(t0, t1), secs(t1, t2), secs(t2, t3), PeakRssKb() / 1024);
    std::printf("match one record (%zu queries): p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us\n", queries,
                pct(0.50), pct(0.90), pct(0.99), micros.back());
    std::printf("answers: %zu same person, %zu possible, %zu nobody\n", same, possible, queries - same - possible);
    return 0;
}

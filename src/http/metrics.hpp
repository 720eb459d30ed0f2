// Request counters and latency histograms by route and status, for GET /metrics in the Prometheus
// text format. Recording is lock-free and allocation-free: each route has a fixed set of status
// slots, claimed on first use; a route answering more distinct statuses than slots counts the rest
// under status "other".
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace jangteo::http {

class Router;

class Metrics {
public:
    static constexpr std::array<double, 14> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                        0.025,  0.05,    0.1,    0.25,  0.5,    1.0,   5.0};
    static constexpr int kStatusSlots = 12;

    // One series per route of `router`, and one for requests that matched no route.
    explicit Metrics(const Router& router);

    void Observe(const void* route, int status, std::chrono::microseconds latency);

    // Connection figures, kept by the server.
    std::atomic<std::int64_t> connections_open{0};
    std::atomic<std::int64_t> connections_accepted{0};
    std::atomic<std::int64_t> connections_refused{0};
    std::atomic<std::int64_t> requests_in_flight{0};

    // Appends the http_* families in the Prometheus text format.
    void Render(std::string& out) const;

private:
    struct Slot {
        std::atomic<int> status{0};  // 0: free; -1: "other"
        std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};
        std::atomic<std::uint64_t> count{0};
        std::atomic<std::uint64_t> sum_us{0};
    };
    struct Series {
        std::string method;
        std::string route;
        std::array<Slot, kStatusSlots> slots;
        Slot other;
    };

    Series& SeriesFor(const void* route);

    std::vector<std::unique_ptr<Series>> series_;  // by route index; the last is "unmatched"
};

}  // namespace jangteo::http

#include "http/metrics.hpp"

#include <cstdio>

#include "http/router.hpp"

namespace jangteo::http {

Metrics::Metrics(const Router& router) {
    for (const auto& route : router.routes()) {
        auto s = std::make_unique<Series>();
        s->method = std::string(MethodName(route->method));
        s->route = route->pattern;
        series_.push_back(std::move(s));
    }
    auto unmatched = std::make_unique<Series>();
    unmatched->method = "";
    unmatched->route = "unmatched";
    series_.push_back(std::move(unmatched));
}

Metrics::Series& Metrics::SeriesFor(const void* route) {
    if (route == nullptr) return *series_.back();
    std::size_t index = static_cast<const Route*>(route)->index;
    return index + 1 < series_.size() ? *series_[index] : *series_.back();
}

void Metrics::Observe(const void* route, int status, std::chrono::microseconds latency) {
    Series& series = SeriesFor(route);
    Slot* slot = &series.other;
    for (Slot& s : series.slots) {
        int current = s.status.load(std::memory_order_acquire);
        if (current == status) {
            slot = &s;
            break;
        }
        if (current == 0) {
            int expected = 0;
            if (s.status.compare_exchange_strong(expected, status) || expected == status) {
                slot = &s;
                break;
            }
        }
    }
    double seconds = static_cast<double>(latency.count()) / 1e6;
    std::size_t b = 0;
    while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
    slot->buckets[b].fetch_add(1, std::memory_order_relaxed);
    slot->count.fetch_add(1, std::memory_order_relaxed);
    slot->sum_us.fetch_add(static_cast<std::uint64_t>(latency.count()), std::memory_order_relaxed);
}

void Metrics::Render(std::string& out) const {
    char buf[512];
    auto line = [&](const char* fmt, auto... args) {
        int n = std::snprintf(buf, sizeof buf, fmt, args...);
        out.append(buf, static_cast<std::size_t>(std::min<int>(n, sizeof buf - 1)));
    };
    out += "# HELP http_requests_total Requests answered, by route and status.\n";
    out += "# TYPE http_requests_total counter\n";
    auto for_each_slot = [&](auto&& fn) {
        for (const auto& series : series_) {
            for (const Slot& slot : series->slots) {
                int status = slot.status.load(std::memory_order_acquire);
                if (status == 0) break;
                fn(*series, slot, std::to_string(status));
            }
            if (series->other.count.load(std::memory_order_relaxed) > 0)
                fn(*series, series->other, std::string("other"));
        }
    };
    for_each_slot([&](const Series& s, const Slot& slot, const std::string& status) {
        line("http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} %llu\n", s.method.c_str(), s.route.c_str(),
             status.c_str(), static_cast<unsigned long long>(slot.count.load()));
    });
    out += "# HELP http_request_duration_seconds Time from a complete request to its response, by route and status.\n";
    out += "# TYPE http_request_duration_seconds histogram\n";
    for_each_slot([&](const Series& s, const Slot& slot, const std::string& status) {
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b <= kBuckets.size(); ++b) {
            cumulative += slot.buckets[b].load(std::memory_order_relaxed);
            if (b < kBuckets.size()) {
                line("http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",status=\"%s\",le=\"%g\"} %llu\n",
                     s.method.c_str(), s.route.c_str(), status.c_str(), kBuckets[b],
                     static_cast<unsigned long long>(cumulative));
            } else {
                line(
                    "http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",status=\"%s\",le=\"+Inf\"} %llu\n",
                    s.method.c_str(), s.route.c_str(), status.c_str(), static_cast<unsigned long long>(cumulative));
            }
        }
        line("http_request_duration_seconds_sum{method=\"%s\",route=\"%s\",status=\"%s\"} %.6f\n", s.method.c_str(),
             s.route.c_str(), status.c_str(), static_cast<double>(slot.sum_us.load()) / 1e6);
        line("http_request_duration_seconds_count{method=\"%s\",route=\"%s\",status=\"%s\"} %llu\n", s.method.c_str(),
             s.route.c_str(), status.c_str(), static_cast<unsigned long long>(slot.count.load()));
    });
    auto gauge = [&](const char* name, const char* type, const char* help, std::int64_t value) {
        line("# HELP %s %s\n# TYPE %s %s\n%s %lld\n", name, help, name, type, name, static_cast<long long>(value));
    };
    gauge("http_connections_open", "gauge", "Client connections open now.", connections_open.load());
    gauge("http_connections_accepted_total", "counter", "Client connections accepted.", connections_accepted.load());
    gauge("http_connections_refused_total", "counter", "Client connections refused at the connection limit.",
          connections_refused.load());
    gauge("http_requests_in_flight", "gauge", "Requests being handled now.", requests_in_flight.load());
}

}  // namespace jangteo::http

#include "http/metrics.hpp"

#include <gtest/gtest.h>

#include <string>

#include "http/router.hpp"

namespace jangteo::http {
namespace {

using std::chrono::microseconds;

Handler Ok() {
    return [](Request&) -> core::Result<Response> { return Response::Empty(204); };
}

bool Contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(MetricsTest, RendersCountersAndBuckets) {
    Router router;
    const Route& items =
        router.Add({.method = Method::kGet, .pattern = "/api/v1/items", .handler = Ok(), .access = kPublicAccess});
    router.Add({.method = Method::kPost, .pattern = "/api/v1/items", .handler = Ok(), .access = kPublicAccess});
    Metrics metrics(router);
    metrics.Observe(&items, 200, microseconds(50));         // first bucket (<= 0.1 ms)
    metrics.Observe(&items, 200, microseconds(3000));       // <= 5 ms
    metrics.Observe(&items, 200, microseconds(9'000'000));  // above every bucket
    metrics.Observe(&items, 404, microseconds(100));
    metrics.Observe(nullptr, 404, microseconds(10));
    metrics.connections_open = 3;
    metrics.requests_in_flight = 1;

    std::string text;
    metrics.Render(text);
    const std::string series = R"(method="GET",route="/api/v1/items",status="200")";
    EXPECT_TRUE(Contains(text, "# TYPE http_requests_total counter\n"));
    EXPECT_TRUE(Contains(text, "# TYPE http_request_duration_seconds histogram\n"));
    EXPECT_TRUE(Contains(text, "http_requests_total{" + series + "} 3\n")) << text;
    EXPECT_TRUE(Contains(text, R"(http_requests_total{method="GET",route="/api/v1/items",status="404"} 1)"));
    EXPECT_TRUE(Contains(text, R"(http_requests_total{method="",route="unmatched",status="404"} 1)"));
    EXPECT_TRUE(Contains(text, "http_request_duration_seconds_bucket{" + series + ",le=\"0.0001\"} 1\n"));
    EXPECT_TRUE(Contains(text, "http_request_duration_seconds_bucket{" + series + ",le=\"0.0025\"} 1\n"));
    EXPECT_TRUE(Contains(text, "http_request_duration_seconds_bucket{" + series + ",le=\"0.005\"} 2\n"));
    EXPECT_TRUE(Contains(text, "http_request_duration_seconds_bucket{" + series + ",le=\"5\"} 2\n"));
    EXPECT_TRUE(Contains(text, "http_request_duration_seconds_bucket{" + series + ",le=\"+Inf\"} 3\n"));
    EXPECT_TRUE(Contains(text, "http_request_duration_seconds_sum{" + series + "} 9.003050\n"));
    EXPECT_TRUE(Contains(text, "http_request_duration_seconds_count{" + series + "} 3\n"));
    // A bucket boundary is inclusive: 100 us is counted in le="0.0001".
    EXPECT_TRUE(Contains(
        text,
        R"(http_request_duration_seconds_bucket{method="GET",route="/api/v1/items",status="404",le="0.0001"} 1)"));
    EXPECT_TRUE(Contains(text, "http_connections_open 3\n"));
    EXPECT_TRUE(Contains(text, "http_requests_in_flight 1\n"));
    EXPECT_TRUE(Contains(text, "http_connections_refused_total 0\n"));
    // A route that was never called has no series.
    EXPECT_FALSE(Contains(text, R"(method="POST")"));
}

TEST(MetricsTest, StatusesBeyondTheSlotsCountAsOther) {
    Router router;
    const Route& route =
        router.Add({.method = Method::kGet, .pattern = "/x", .handler = Ok(), .access = kPublicAccess});
    Metrics metrics(router);
    const int extra = 3;
    for (int i = 0; i < Metrics::kStatusSlots + extra; ++i) {
        metrics.Observe(&route, 400 + i, microseconds(10));
        metrics.Observe(&route, 400 + i, microseconds(10));
    }
    std::string text;
    metrics.Render(text);
    for (int i = 0; i < Metrics::kStatusSlots; ++i) {
        EXPECT_TRUE(Contains(
            text, "http_requests_total{method=\"GET\",route=\"/x\",status=\"" + std::to_string(400 + i) + "\"} 2\n"))
            << i;
    }
    EXPECT_FALSE(Contains(text, "status=\"" + std::to_string(400 + Metrics::kStatusSlots) + "\""));
    EXPECT_TRUE(Contains(
        text, "http_requests_total{method=\"GET\",route=\"/x\",status=\"other\"} " + std::to_string(2 * extra) + "\n"))
        << text;
}

TEST(MetricsTest, NothingObservedRendersOnlyGauges) {
    Router router;
    router.Add({.method = Method::kGet, .pattern = "/x", .handler = Ok(), .access = kPublicAccess});
    Metrics metrics(router);
    std::string text;
    metrics.Render(text);
    EXPECT_FALSE(Contains(text, "http_requests_total{"));
    EXPECT_TRUE(Contains(text, "http_connections_accepted_total 0\n"));
}

}  // namespace
}  // namespace jangteo::http

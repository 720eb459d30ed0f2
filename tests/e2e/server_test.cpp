// The HTTP server in this process, with handlers of the test's own: what the built-in routes
// cannot show, such as a handler that is still running on the handler pool when a shutdown begins.
#include "http/server.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "http/dispatcher.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "support/http_client.hpp"

namespace jangteo::testing {
namespace {

using namespace std::chrono_literals;

struct InProcessServer {
    explicit InProcessServer(std::chrono::milliseconds handler_time, std::chrono::milliseconds grace) {
        router.Add({.method = http::Method::kGet,
                    .pattern = "/slow",
                    .handler = [handler_time](http::Request&) -> core::Result<http::Response> {
                        std::this_thread::sleep_for(handler_time);
                        return http::Response::JsonText(200, R"({"slow":true})");
                    },
                    .access = http::kPublicAccess,
                    .may_block = true});
        metrics = std::make_unique<http::Metrics>(router);
        dispatcher = std::make_unique<http::Dispatcher>(router, *metrics, http::Handler{});
        server = std::make_unique<http::Server>(http::ServerOptions{.host = "127.0.0.1",
                                                                    .port = 0,
                                                                    .threads = 2,
                                                                    .handler_threads = 1,
                                                                    .shutdown_grace = grace,
                                                                    .handle_signals = false},
                                                *dispatcher, *metrics);
        EXPECT_TRUE(server->Listen().ok());
        runner = std::thread([this] { server->Run(); });
    }
    ~InProcessServer() {
        if (runner.joinable()) runner.join();
    }

    http::Router router;
    std::unique_ptr<http::Metrics> metrics;
    std::unique_ptr<http::Dispatcher> dispatcher;
    std::unique_ptr<http::Server> server;
    std::thread runner;
};

TEST(ServerTest, ShutdownWaitsForAHandlerOnThePoolWithinTheGrace) {
    InProcessServer s(300ms, 5s);
    HttpClient client(s.server->port());
    ASSERT_TRUE(client.Connect());
    ASSERT_TRUE(client.SendRaw(HttpClient::Format("GET", "/slow", "", {})));
    std::this_thread::sleep_for(100ms);
    s.server->Stop();
    auto r = client.Read(5s);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->Header("connection"), "close");
    s.runner.join();
}

// The grace runs out while the handler is still working: Run must not return (and the server must
// not be destroyed) before the handler's answer has been dealt with. Under AddressSanitizer a
// use-after-free here fails the test.
TEST(ServerTest, ForcedShutdownWithAHandlerStillOnThePoolIsSafe) {
    auto start = std::chrono::steady_clock::now();
    {
        InProcessServer s(800ms, 100ms);
        HttpClient client(s.server->port());
        ASSERT_TRUE(client.Connect());
        ASSERT_TRUE(client.SendRaw(HttpClient::Format("GET", "/slow", "", {})));
        std::this_thread::sleep_for(100ms);
        s.server->Stop();
        EXPECT_TRUE(client.WaitForClose(3s)) << "the connection is closed when the grace runs out";
        s.runner.join();
        EXPECT_TRUE(s.server->draining());
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

}  // namespace
}  // namespace jangteo::testing

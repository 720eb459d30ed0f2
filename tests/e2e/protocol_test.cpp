// HTTP/1.1 at the edge: keep-alive, pipelining, limits and deadlines, and clients that misbehave.
// After each bad input the test checks that a normal request on a new connection still works.
#include <gtest/gtest.h>

#include <thread>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace jangteo::testing {
namespace {

using namespace std::chrono_literals;

class ProtocolTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        // Short deadlines so the slow-client cases finish quickly; a small body limit to hit it cheaply.
        server_ =
            ServerProcess::Start({.args = {"--header-timeout-ms", "1500", "--body-timeout-ms", "1500", "--body-limit",
                                           "4096", "--header-limit", "2048", "--max-connections", "64"}})
                .release();
    }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }

    static unsigned short port() { return server_->port(); }

    static void ExpectStillServing() {
        HttpResponse r = Fetch(port(), "GET", "/healthz");
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(r.body, R"({"status":"ok"})");
    }

    static ServerProcess* server_;
};

ServerProcess* ProtocolTest::server_ = nullptr;

TEST_F(ProtocolTest, KeepAliveServesManyRequestsOnOneConnection) {
    HttpClient client(port());
    for (int i = 0; i < 50; ++i) {
        HttpResponse r = client.Request("GET", "/healthz");
        ASSERT_EQ(r.status, 200);
        EXPECT_EQ(r.Header("connection"), std::nullopt) << "HTTP/1.1 keeps the connection open by default";
    }
}

TEST_F(ProtocolTest, PipelinedRequestsAreAnsweredInOrder) {
    HttpClient client(port());
    ASSERT_TRUE(client.Connect());
    std::string batch;
    for (int i = 0; i < 20; ++i) {
        batch += HttpClient::Format("GET", "/healthz", "", {{"X-Request-Id", "pipe-" + std::to_string(i)}});
    }
    batch += HttpClient::Format("GET", "/api/v1/operator", "", {{"X-Request-Id", "pipe-last"}});
    ASSERT_TRUE(client.SendRaw(batch));
    for (int i = 0; i < 20; ++i) {
        auto r = client.Read();
        ASSERT_TRUE(r.has_value()) << "response " << i;
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(r->Header("x-request-id"), "pipe-" + std::to_string(i));
    }
    auto last = client.Read();
    ASSERT_TRUE(last.has_value());
    EXPECT_EQ(last->Header("x-request-id"), "pipe-last");
    EXPECT_NE(last->body.find("\"currency\":\"KRW\""), std::string::npos);
}

TEST_F(ProtocolTest, ConnectionCloseIsHonoured) {
    HttpClient client(port());
    HttpResponse r = client.Request("GET", "/healthz", "", {{"Connection", "close"}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("connection"), "close");
    EXPECT_TRUE(client.WaitForClose(2s));
}

TEST_F(ProtocolTest, Http10WithoutKeepAliveIsClosedAfterTheAnswer) {
    HttpClient client(port());
    ASSERT_TRUE(client.Connect());
    ASSERT_TRUE(client.SendRaw("GET /healthz HTTP/1.0\r\n\r\n"));
    auto r = client.Read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
    EXPECT_TRUE(client.WaitForClose(2s));
}

TEST_F(ProtocolTest, MalformedRequestLineGets400AndClose) {
    HttpClient client(port());
    ASSERT_TRUE(client.Connect());
    ASSERT_TRUE(client.SendRaw("THIS IS NOT HTTP\r\n\r\n"));
    auto r = client.Read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(r->Header("content-type"), "application/problem+json");
    EXPECT_NE(r->body.find("/problems/malformed_request"), std::string::npos);
    EXPECT_TRUE(r->Header("x-request-id").has_value());
    EXPECT_TRUE(client.WaitForClose(2s));
    ExpectStillServing();
}

TEST_F(ProtocolTest, BinaryGarbageGets400) {
    HttpClient client(port());
    ASSERT_TRUE(client.Connect());
    ASSERT_TRUE(client.SendRaw(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + "\r\n\r\n"));
    auto r = client.Read(3s);
    ASSERT_TRUE(r.has_value()) << "garbage gets an answer before the close";
    EXPECT_EQ(r->status, 400);
    EXPECT_TRUE(client.WaitForClose(3s));
    ExpectStillServing();
}

TEST_F(ProtocolTest, UnsafeRequestIdsAreReplaced) {
    for (const char* given : {"<script>", "a b", "a/b", "\"quoted\"", ""}) {
        HttpResponse r = Fetch(port(), "GET", "/healthz", "", {{"X-Request-Id", given}});
        ASSERT_EQ(r.status, 200);
        auto id = r.Header("x-request-id");
        ASSERT_TRUE(id.has_value());
        EXPECT_NE(*id, given);
        EXPECT_FALSE(id->empty());
        EXPECT_EQ(id->find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:"),
                  std::string::npos)
            << *id;
    }
    std::string long_id(129, 'a');
    EXPECT_NE(Fetch(port(), "GET", "/healthz", "", {{"X-Request-Id", long_id}}).Header("x-request-id"), long_id);
}

TEST_F(ProtocolTest, TargetsThatAreNotPathsAreRefusedAndAbsoluteFormIsServed) {
    for (const char* target : {".env", "healthz", "*", "ftp://x/healthz"}) {
        HttpResponse r = Fetch(port(), "GET", target);
        EXPECT_EQ(r.status, 400) << target;
        EXPECT_NE(r.body.find("/problems/malformed_target"), std::string::npos) << target << ": " << r.body;
    }
    HttpResponse absolute = Fetch(port(), "GET", "http://127.0.0.1/api/v1/operator");
    EXPECT_EQ(absolute.status, 200);
    EXPECT_NE(absolute.body.find("\"currency\":\"KRW\""), std::string::npos);
    EXPECT_EQ(Fetch(port(), "GET", "HTTP://example.test").status, 404) << "the root of the (absent) web app";
    ExpectStillServing();
}

TEST_F(ProtocolTest, OversizedHeaderGets431) {
    HttpClient client(port());
    ASSERT_TRUE(client.Connect());
    std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n";
    ASSERT_TRUE(client.SendRaw(request));
    auto r = client.Read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 431);
    EXPECT_NE(r->body.find("/problems/header_too_large"), std::string::npos);
    ExpectStillServing();
}

TEST_F(ProtocolTest, OversizedBodyGets413BeforeItIsSent) {
    HttpClient client(port());
    ASSERT_TRUE(client.Connect());
    // Only the header goes out: the declared length alone is refused.
    ASSERT_TRUE(
        client.SendRaw("POST /api/v1/validations/business-number HTTP/1.1\r\nHost: x\r\n"
                       "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"));
    auto r = client.Read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 413);
    EXPECT_NE(r->body.find("/problems/body_too_large"), std::string::npos);
    ExpectStillServing();
}

TEST_F(ProtocolTest, OversizedChunkedBodyGets413) {
    HttpClient client(port());
    ASSERT_TRUE(client.Connect());
    std::string chunk(3000, 'x');
    std::string request =
        "POST /api/v1/validations/business-number HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 3; ++i) request += "bb8\r\n" + chunk + "\r\n";
    request += "0\r\n\r\n";
    client.SendRaw(request);
    auto r = client.Read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 413);
    ExpectStillServing();
}

TEST_F(ProtocolTest, ChunkedBodyWithinTheLimitIsRead) {
    HttpClient client(port());
    ASSERT_TRUE(client.Connect());
    std::string body = R"({"number":"123-45-67891"})";
    char size[16];
    std::snprintf(size, sizeof size, "%zx", body.size());
    ASSERT_TRUE(
        client.SendRaw("POST /api/v1/validations/business-number HTTP/1.1\r\nHost: x\r\n"
                       "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                       std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n"));
    auto r = client.Read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, R"({"number":"1234567891","formatted":"123-45-67891"})");
}

TEST_F(ProtocolTest, ExpectContinueGetsTheBodyRead) {
    HttpClient client(port());
    ASSERT_TRUE(client.Connect());
    std::string body = R"({"number":"6068101238"})";
    ASSERT_TRUE(
        client.SendRaw("POST /api/v1/validations/business-number HTTP/1.1\r\nHost: x\r\n"
                       "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n\r\n"));
    auto cont = client.Read(2s, true);
    ASSERT_TRUE(cont.has_value());
    EXPECT_EQ(cont->status, 100);
    ASSERT_TRUE(client.SendRaw(body));
    auto r = client.Read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
}

TEST_F(ProtocolTest, ClientSendingOneByteASecondIsCutOff) {
    HttpClient client(port());
    ASSERT_TRUE(client.Connect());
    std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(40, 'z') + "\r\n\r\n";
    auto start = std::chrono::steady_clock::now();
    bool cut = false;
    // The header deadline is 1.5 s in this suite: the trickle must be stopped long before it ends.
    for (char c : request) {
        if (!client.SendRaw(std::string(1, c))) {
            cut = true;
            break;
        }
        if (client.WaitForClose(1s)) {
            cut = true;
            break;
        }
    }
    auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(cut) << "the slow client was never cut off";
    EXPECT_LT(elapsed, 10s);
    ExpectStillServing();
}

TEST_F(ProtocolTest, SlowBodyIsCutOff) {
    HttpClient client(port());
    ASSERT_TRUE(client.Connect());
    ASSERT_TRUE(
        client.SendRaw("POST /api/v1/validations/business-number HTTP/1.1\r\nHost: x\r\n"
                       "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"num"));
    EXPECT_TRUE(client.WaitForClose(6s)) << "a body that never completes must not hold the connection";
    ExpectStillServing();
}

TEST_F(ProtocolTest, IdleKeepAliveConnectionIsClosedAfterTheHeaderTimeout) {
    HttpClient client(port());
    ASSERT_EQ(client.Request("GET", "/healthz").status, 200);
    EXPECT_TRUE(client.WaitForClose(6s));
}

TEST_F(ProtocolTest, ClientThatDisconnectsMidRequestDoesNotHurtTheServer) {
    for (int i = 0; i < 20; ++i) {
        HttpClient client(port());
        ASSERT_TRUE(client.Connect());
        client.SendRaw(
            "POST /api/v1/validations/business-number HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"number\":");
        client.Close();
        HttpClient half(port());
        ASSERT_TRUE(half.Connect());
        half.SendRaw("GET /heal");
        half.Close();
    }
    ExpectStillServing();
    EXPECT_NE(server_->Log().find("\"event\":\"listening\""), std::string::npos);
}

TEST_F(ProtocolTest, ConnectionLimitAnswers503) {
    std::vector<std::unique_ptr<HttpClient>> held;
    // Open more connections than the limit of 64 and keep them open with a request each.
    int refused = 0;
    for (int i = 0; i < 70; ++i) {
        auto c = std::make_unique<HttpClient>(port());
        ASSERT_TRUE(c->Connect());
        ASSERT_TRUE(c->SendRaw(HttpClient::Format("GET", "/healthz", "", {})));
        auto r = c->Read(3s);
        ASSERT_TRUE(r.has_value());
        if (r->status == 503) {
            ++refused;
            EXPECT_NE(r->body.find("too_many_connections"), std::string::npos);
        }
        held.push_back(std::move(c));
    }
    EXPECT_GE(refused, 6);
    held.clear();
    // Once they are gone, new connections are served again.
    for (int i = 0; i < 50; ++i) {
        std::this_thread::sleep_for(20ms);
        if (Fetch(port(), "GET", "/healthz").status == 200) break;
    }
    ExpectStillServing();
}

TEST_F(ProtocolTest, EveryAnswerCarriesARequestIdAndTheAccessLogRecordsIt) {
    HttpResponse r = Fetch(port(), "GET", "/healthz", "", {{"X-Request-Id", "trace-me-123"}});
    EXPECT_EQ(r.Header("x-request-id"), "trace-me-123");
    std::string log;
    for (int i = 0; i < 100 && log.find("trace-me-123") == std::string::npos; ++i) {
        std::this_thread::sleep_for(20ms);
        log = server_->Log();
    }
    auto at = log.find("\"id\":\"trace-me-123\"");
    ASSERT_NE(at, std::string::npos) << log;
    auto line_start = log.rfind('\n', at) + 1;
    std::string line = log.substr(line_start, log.find('\n', at) - line_start);
    auto parsed = core::ParseJson(line);
    ASSERT_TRUE(parsed.ok()) << line;
    const auto& o = parsed->as_object();
    EXPECT_EQ(o.at("event"), "request");
    EXPECT_EQ(o.at("method"), "GET");
    EXPECT_EQ(o.at("route"), "/healthz");
    EXPECT_EQ(o.at("status"), 200);
    EXPECT_EQ(o.at("bytes"), 15);
    EXPECT_TRUE(o.at("us").is_int64());
    EXPECT_TRUE(o.at("time").is_string());
}

TEST_F(ProtocolTest, MetricsCountRequestsByRouteAndStatus) {
    for (int i = 0; i < 3; ++i) Fetch(port(), "GET", "/api/v1/operator");
    Fetch(port(), "GET", "/api/v1/nope");
    HttpResponse r = Fetch(port(), "GET", "/metrics");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(r.body.find("http_requests_total{method=\"GET\",route=\"/api/v1/operator\",status=\"200\"}"),
              std::string::npos);
    EXPECT_NE(r.body.find("http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/"
                          "operator\",status=\"200\",le=\"+Inf\"}"),
              std::string::npos);
    EXPECT_NE(r.body.find("route=\"unmatched\",status=\"404\""), std::string::npos);
    EXPECT_NE(r.body.find("store_pool_connections{backend=\"sqlite\"}"), std::string::npos);
    EXPECT_NE(r.body.find("process_resident_memory_bytes"), std::string::npos);
}

}  // namespace
}  // namespace jangteo::testing

// Runs the golden cases of tests/e2e/cases/*.test (format in cases/README.md) against the real
// server, once per backend, each file on a fresh database and one keep-alive connection.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "e2e/backend.hpp"
#include "support/http_client.hpp"
#include "support/json_match.hpp"

namespace jangteo::testing {
namespace {

namespace fs = std::filesystem;

struct GoldenCase {
    std::string title;
    int line = 0;
    std::string method, target, body;
    std::vector<std::pair<std::string, std::string>> headers;
    int status = 0;
    std::vector<std::pair<std::string, std::string>> expected_headers;
    std::string expected_body;
};

std::string Trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    std::size_t start = 0;
    while (start < s.size() && (s[start] == '\n' || s[start] == ' ')) ++start;
    return s.substr(start);
}

std::pair<std::string, std::string> SplitHeader(const std::string& line) {
    auto colon = line.find(':');
    if (colon == std::string::npos) throw std::runtime_error("not a header line: " + line);
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    return {line.substr(0, colon), value};
}

std::vector<GoldenCase> ParseFile(const fs::path& path) {
    std::ifstream in(path);
    std::vector<GoldenCase> cases;
    enum { kNone, kRequestLine, kRequestHeaders, kRequestBody, kStatus, kResponseHeaders, kResponseBody } state = kNone;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.starts_with("=== ")) {
            cases.push_back({.title = line.substr(4), .line = number});
            state = kRequestLine;
            continue;
        }
        bool comment = line.starts_with("#") && state != kRequestBody && state != kResponseBody;
        if (state == kNone || comment) continue;
        GoldenCase& c = cases.back();
        switch (state) {
            case kRequestLine:
                if (line.empty()) break;
                c.method = line.substr(0, line.find(' '));
                c.target = line.substr(line.find(' ') + 1);
                state = kRequestHeaders;
                break;
            case kRequestHeaders:
                if (line == "---") {
                    state = kStatus;
                } else if (line.empty()) {
                    state = kRequestBody;
                } else {
                    c.headers.push_back(SplitHeader(line));
                }
                break;
            case kRequestBody:
                if (line == "---") {
                    state = kStatus;
                } else {
                    c.body += line + "\n";
                }
                break;
            case kStatus:
                c.status = std::stoi(line);
                state = kResponseHeaders;
                break;
            case kResponseHeaders:
                if (line.empty()) {
                    state = kResponseBody;
                } else {
                    c.expected_headers.push_back(SplitHeader(line));
                }
                break;
            case kResponseBody: c.expected_body += line + "\n"; break;
            case kNone: break;
        }
    }
    for (auto& c : cases) {
        c.body = Trim(c.body);
        c.expected_body = Trim(c.expected_body);
        if (c.method.empty() || c.status == 0) {
            throw std::runtime_error(path.string() + ":" + std::to_string(c.line) + ": incomplete case");
        }
    }
    return cases;
}

struct GoldenParam {
    std::string file;
    std::string backend;
};

std::vector<GoldenParam> AllParams() {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(JANGTEO_TEST_CASES_DIR)) {
        if (entry.path().extension() == ".test") files.push_back(entry.path().stem().string());
    }
    std::sort(files.begin(), files.end());
    std::vector<GoldenParam> out;
    for (const auto& f : files) {
        for (const char* b : kBackends) out.push_back({f, b});
    }
    return out;
}

void PrintTo(const GoldenParam& p, std::ostream* os) {
    *os << p.file << " on " << p.backend;
}

class GoldenTest : public ::testing::TestWithParam<GoldenParam> {};

TEST_P(GoldenTest, Cases) {
    const GoldenParam& p = GetParam();
    fs::path path = fs::path(JANGTEO_TEST_CASES_DIR) / (p.file + ".test");
    auto cases = ParseFile(path);
    ASSERT_FALSE(cases.empty()) << path;

    std::string why;
    auto backend = StartOn(p.backend, &why);
    if (!backend) JANGTEO_NEED_POSTGRES(why);
    HttpClient client(backend->server->port());

    for (const GoldenCase& c : cases) {
        SCOPED_TRACE(path.filename().string() + ":" + std::to_string(c.line) + " " + c.title);
        HttpResponse r = client.Request(c.method, c.target, c.body, c.headers);
        EXPECT_EQ(r.status, c.status) << r.body;
        for (const auto& [name, value] : c.expected_headers) {
            std::string lower = name;
            std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
            auto actual = r.Header(lower);
            ASSERT_TRUE(actual.has_value()) << "missing header " << name;
            if (value != "{{any}}") {
                EXPECT_EQ(*actual, value) << "header " << name;
            }
        }
        if (c.expected_body.empty()) {
            EXPECT_EQ(r.body, "");
        } else if (c.expected_body.starts_with("text:")) {
            EXPECT_EQ(r.body, Trim(c.expected_body.substr(5)));
        } else {
            auto expected = core::ParseJson(c.expected_body);
            ASSERT_TRUE(expected.ok()) << "the expected body is not JSON: " << expected.error().message;
            auto actual = core::ParseJson(r.body);
            ASSERT_TRUE(actual.ok()) << "the answer is not JSON: " << r.body;
            EXPECT_TRUE(JsonMatches(*expected, *actual));
        }
        // A problem answer always carries the request id it was logged under.
        if (r.Header("content-type") == "application/problem+json") {
            EXPECT_EQ(r.Json().as_object().at("request_id").as_string(), *r.Header("x-request-id"));
        }
        if (!client.connected()) client.Connect();
    }
    EXPECT_EQ(backend->server->Stop(), 0) << backend->server->Log();
}

INSTANTIATE_TEST_SUITE_P(Files, GoldenTest, ::testing::ValuesIn(AllParams()),
                         [](const ::testing::TestParamInfo<GoldenParam>& info) {
                             return info.param.file + "_" + info.param.backend;
                         });

}  // namespace
}  // namespace jangteo::testing

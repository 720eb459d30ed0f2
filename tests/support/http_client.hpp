// A small HTTP/1.1 client over a plain loopback socket, for the end-to-end tests. It sends
// whatever bytes it is given (so tests can send malformed or trickled requests) and parses
// responses with Content-Length, several in a row for keep-alive and pipelining.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.hpp"

namespace jangteo::testing {

struct HttpResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
    std::string body;

    std::optional<std::string> Header(std::string_view lower_name) const;
    core::json::value Json() const;  // throws when the body is not JSON
};

class HttpClient {
public:
    explicit HttpClient(unsigned short port, std::string host = "127.0.0.1");
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    bool Connect();
    void Close();
    bool connected() const { return fd_ >= 0; }

    // Writes bytes as they are; answers false when the peer has closed.
    bool SendRaw(std::string_view bytes);
    // Reads one response; nullopt on timeout or when the connection closed first. `head`: no body follows.
    std::optional<HttpResponse> Read(std::chrono::milliseconds timeout = std::chrono::seconds(10), bool head = false);
    // True when the server closes the connection within `timeout` (reads and drops anything sent before).
    bool WaitForClose(std::chrono::milliseconds timeout);

    // Sends one well-formed request on this connection (connecting first if needed) and reads its answer.
    HttpResponse Request(std::string_view method, std::string_view target, std::string_view body = {},
                         const std::vector<std::pair<std::string, std::string>>& headers = {});

    // The raw bytes of a request, as Request would send them.
    static std::string Format(std::string_view method, std::string_view target, std::string_view body,
                              const std::vector<std::pair<std::string, std::string>>& headers);

private:
    bool Fill(std::chrono::steady_clock::time_point deadline);
    std::string host_;
    unsigned short port_;
    int fd_ = -1;
    std::string buffer_;
};

// One request on a new connection.
HttpResponse Fetch(unsigned short port, std::string_view method, std::string_view target, std::string_view body = {},
                   const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace jangteo::testing

#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace jangteo::testing {

std::optional<std::string> HttpResponse::Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_name) return value;
    }
    return std::nullopt;
}

core::json::value HttpResponse::Json() const {
    auto parsed = core::ParseJson(body);
    if (!parsed.ok()) throw std::runtime_error("response body is not JSON: " + body.substr(0, 200));
    return *parsed;
}

HttpClient::HttpClient(unsigned short port, std::string host) : host_(std::move(host)), port_(port) {}
HttpClient::~HttpClient() {
    Close();
}

bool HttpClient::Connect() {
    Close();
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    ::inet_pton(AF_INET, host_.c_str(), &addr.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        Close();
        return false;
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return true;
}

void HttpClient::Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
}

bool HttpClient::SendRaw(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool HttpClient::Fill(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready <= 0) return false;
    char buf[16384];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<std::size_t>(n));
    return true;
}

std::optional<HttpResponse> HttpClient::Read(std::chrono::milliseconds timeout, bool head) {
    if (fd_ < 0) return std::nullopt;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
        if (!Fill(deadline)) return std::nullopt;
    }
    HttpResponse r;
    std::string_view head_text(buffer_.data(), header_end);
    auto line_end = head_text.find("\r\n");
    std::string_view status_line = head_text.substr(0, line_end);
    if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.")) return std::nullopt;
    r.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
    std::size_t pos = line_end == std::string_view::npos ? head_text.size() : line_end + 2;
    std::size_t content_length = 0;
    while (pos < head_text.size()) {
        auto end = head_text.find("\r\n", pos);
        std::string_view line =
            head_text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        auto colon = line.find(':');
        if (colon != std::string_view::npos) {
            std::string name(line.substr(0, colon));
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            if (name == "content-length") content_length = std::stoul(std::string(value));
            r.headers.emplace_back(std::move(name), std::string(value));
        }
        if (end == std::string_view::npos) break;
        pos = end + 2;
    }
    std::size_t body_start = header_end + 4;
    bool has_body = !head && r.status != 204 && r.status != 304 && r.status >= 200;
    std::size_t need = has_body ? content_length : 0;
    while (buffer_.size() < body_start + need) {
        if (!Fill(deadline)) return std::nullopt;
    }
    r.body = buffer_.substr(body_start, need);
    buffer_.erase(0, body_start + need);
    return r;
}

bool HttpClient::WaitForClose(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) continue;
        char buf[4096];
        ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
    }
    return false;
}

std::string HttpClient::Format(std::string_view method, std::string_view target, std::string_view body,
                               const std::vector<std::pair<std::string, std::string>>& headers) {
    std::string out;
    out.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    bool has_type = false;
    for (const auto& [name, value] : headers) {
        out.append(name).append(": ").append(value).append("\r\n");
        std::string lower = name;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        has_type |= lower == "content-type";
    }
    if (!body.empty()) {
        if (!has_type) out.append("Content-Type: application/json\r\n");
        out.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    }
    out.append("\r\n").append(body);
    return out;
}

HttpResponse HttpClient::Request(std::string_view method, std::string_view target, std::string_view body,
                                 const std::vector<std::pair<std::string, std::string>>& headers) {
    if (fd_ < 0 && !Connect()) throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port_));
    // A server may answer before it has read the whole body (413 for one past its limit) and close the
    // connection, so the rest of the send fails: the answer it sent is still there to read.
    bool sent = SendRaw(Format(method, target, body, headers));
    auto r = Read(std::chrono::seconds(30), method == "HEAD");
    if (!r && !sent) throw std::runtime_error("send failed");
    if (!r) throw std::runtime_error("no response to " + std::string(method) + " " + std::string(target));
    return std::move(*r);
}

HttpResponse Fetch(unsigned short port, std::string_view method, std::string_view target, std::string_view body,
                   const std::vector<std::pair<std::string, std::string>>& headers) {
    HttpClient client(port);
    return client.Request(method, target, body, headers);
}

}  // namespace jangteo::testing

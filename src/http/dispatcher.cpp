#include "http/dispatcher.hpp"

#include <strings.h>

#include <algorithm>
#include <cstdio>
#include <exception>

#include "core/log.hpp"
#include "core/random.hpp"
#include "http/problem.hpp"

namespace jangteo::http {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool IsJsonType(std::string_view content_type) {
    std::string_view type = content_type.substr(0, content_type.find(';'));
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    static constexpr std::string_view kApplication = "application/", kJsonSuffix = "+json";
    return EqualsIgnoreCase(type, "application/json") ||
           (type.size() > kApplication.size() + kJsonSuffix.size() &&
            EqualsIgnoreCase(type.substr(0, kApplication.size()), kApplication) &&
            EqualsIgnoreCase(type.substr(type.size() - kJsonSuffix.size()), kJsonSuffix));
}

// Request ids: a random per-process prefix and a per-thread counter; unique without a lock.
std::string NewRequestId() {
    static const std::string prefix = core::SystemRandom().Hex(4);
    static std::atomic<std::uint64_t> next_thread{0};
    thread_local std::uint64_t thread_tag = next_thread.fetch_add(1);
    thread_local std::uint64_t counter = 0;
    char buf[48];
    int n = std::snprintf(buf, sizeof buf, "%s-%llx-%llx", prefix.c_str(), static_cast<unsigned long long>(thread_tag),
                          static_cast<unsigned long long>(++counter));
    return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace

Dispatcher::Dispatcher(const Router& router, Metrics& metrics, Handler fallback)
    : router_(router), metrics_(metrics), fallback_(std::move(fallback)) {}

bool Dispatcher::IsApiPath(std::string_view path) {
    return path == "/api" || path.starts_with("/api/") || path == "/healthz" || path == "/readyz" || path == "/metrics";
}

std::string Dispatcher::RequestIdFor(const Request& request) {
    if (auto given = request.Header("x-request-id"); given && !given->empty() && given->size() <= 128) {
        bool sane = true;
        for (char c : *given) {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                  c == '.' || c == ':')) {
                sane = false;
                break;
            }
        }
        if (sane) return std::string(*given);
    }
    return NewRequestId();
}

std::string Dispatcher::ClientAddress(const Request& request) const {
    auto trusted = [this](std::string_view address) {
        return std::find(trusted_proxies_.begin(), trusted_proxies_.end(), address) != trusted_proxies_.end();
    };
    if (trusted_proxies_.empty() || !trusted(request.remote_address)) return request.remote_address;
    auto forwarded = request.Header("x-forwarded-for");
    if (!forwarded) return request.remote_address;
    std::string_view rest = *forwarded;
    // Right to left: each proxy appends the peer it saw; the first one not trusted is the client.
    while (!rest.empty()) {
        std::size_t comma = rest.rfind(',');
        std::string_view item = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty() && !trusted(item)) return std::string(item.substr(0, 64));
        if (comma == std::string_view::npos) break;
        rest = rest.substr(0, comma);
    }
    return request.remote_address;
}

Response Dispatcher::Handle(Request& request) {
    auto start = std::chrono::steady_clock::now();
    metrics_.requests_in_flight.fetch_add(1, std::memory_order_relaxed);
    request.request_id = RequestIdFor(request);
    if (!trusted_proxies_.empty()) request.remote_address = ClientAddress(request);
    Response response;
    try {
        response = NormalizeTarget(request)
                       ? Route(request)
                       : ProblemResponse(400, "malformed_target", "the request target must be a path starting with /",
                                         request.request_id);
    } catch (const std::exception& e) {
        core::log::Error("handler_failed", {{"id", request.request_id},
                                            {"method", MethodName(request.method)},
                                            {"path", request.path()},
                                            {"cause", e.what()}});
        response = ProblemResponse(core::Error::Internal("internal", e.what()), request.request_id);
    } catch (...) {
        core::log::Error("handler_failed", {{"id", request.request_id},
                                            {"method", MethodName(request.method)},
                                            {"path", request.path()},
                                            {"cause", "unknown exception"}});
        response = ProblemResponse(core::Error::Internal("internal", "unknown"), request.request_id);
    }
    Finish(request, response, start);
    metrics_.requests_in_flight.fetch_sub(1, std::memory_order_relaxed);
    return response;
}

bool Dispatcher::NormalizeTarget(Request& request) {
    std::string& t = request.target;
    if (t.starts_with('/')) return true;
    // The absolute form (RFC 9112 §3.2.2), as proxies send it: keep the path and query.
    for (std::string_view scheme : {"http://", "https://"}) {
        if (t.size() > scheme.size() && strncasecmp(t.c_str(), scheme.data(), scheme.size()) == 0) {
            std::size_t path = t.find_first_of("/?", scheme.size());
            std::string origin_form = "/";
            if (path != std::string::npos) origin_form.append(t, t[path] == '/' ? path + 1 : path);
            t = std::move(origin_form);
            return true;
        }
    }
    return false;
}

bool Dispatcher::MayBlock(Request& request) const {
    Router::Match match = router_.Find(request.method, request.path());
    if (match.outcome != Router::Outcome::kFound) return true;
    request.route = match.route;
    request.params = std::move(match.params);
    return match.route->may_block;
}

Response Dispatcher::Reject(Request& request, int status, std::string_view reason, std::string_view detail) {
    auto start = std::chrono::steady_clock::now();
    request.request_id = RequestIdFor(request);
    Response response = ProblemResponse(status, reason, detail, request.request_id);
    Finish(request, response, start);
    return response;
}

Response Dispatcher::Route(Request& request) {
    std::string_view path = request.path();
    Router::Match match;
    if (request.route != nullptr) {
        match.outcome = Router::Outcome::kFound;  // found by MayBlock already
        match.route = request.route;
        match.params = std::move(request.params);
    } else {
        match = router_.Find(request.method, path);
    }
    if (match.outcome == Router::Outcome::kNotFound) {
        if ((request.method == Method::kGet || request.method == Method::kHead) && fallback_ && !IsApiPath(path)) {
            auto result = fallback_(request);
            return result.ok() ? std::move(*result) : ProblemResponse(result.error(), request.request_id);
        }
        return ProblemResponse(404, "route_not_found", "no resource at " + std::string(path.substr(0, 200)),
                               request.request_id);
    }
    if (match.outcome == Router::Outcome::kMethodNotAllowed) {
        std::string allow;
        for (Method m : match.allowed) {
            if (!allow.empty()) allow += ", ";
            allow += MethodName(m);
        }
        Response r = ProblemResponse(405, "method_not_allowed",
                                     std::string(MethodName(request.method)) + " is not allowed here; use " + allow,
                                     request.request_id);
        r.SetHeader("Allow", allow);
        return r;
    }
    request.route = match.route;
    request.params = std::move(match.params);
    if (match.route->body == BodyKind::kJson) {
        auto type = request.Header("content-type");
        if (!request.body.empty() && (!type || !IsJsonType(*type))) {
            return ProblemResponse(415, "unsupported_media_type", "the body must be sent as application/json",
                                   request.request_id);
        }
    } else if (match.route->body == BodyKind::kBytes) {
        if (request.body.empty()) {
            return ProblemResponse(400, "empty_body", "send the file as the request body", request.request_id);
        }
    } else if (!request.body.empty()) {
        return ProblemResponse(400, "unexpected_body", "this request takes no body", request.request_id);
    }
    core::Status allowed = authorizer_ ? authorizer_(request)
                           : match.route->access.audience == Audience::kPublic
                               ? core::Status()
                               : core::Status(core::Error::Internal("no_authorizer", "no authorizer is installed"));
    auto result = allowed.ok() ? match.route->handler(request) : core::Result<Response>(std::move(allowed).error());
    if (!result.ok()) {
        const core::Error& error = result.error();
        if (error.code == core::ErrorCode::kInternal || error.code == core::ErrorCode::kUnavailable) {
            core::log::Error("request_failed", {{"id", request.request_id},
                                                {"route", match.route->pattern},
                                                {"reason", error.reason},
                                                {"cause", error.message}});
        }
        return ProblemResponse(error, request.request_id);
    }
    return std::move(*result);
}

void Dispatcher::Finish(Request& request, Response& response, std::chrono::steady_clock::time_point start) {
    response.SetHeader("X-Request-Id", request.request_id);
    auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    metrics_.Observe(request.route, response.status, elapsed);
    if (core::log::Enabled(core::log::Level::kInfo)) {
        core::log::Info("request",
                        {{"id", request.request_id},
                         {"method", MethodName(request.method)},
                         {"route", request.route ? std::string_view(request.route->pattern) : request.path()},
                         {"status", response.status},
                         {"bytes", static_cast<std::int64_t>(response.body.size())},
                         {"us", static_cast<std::int64_t>(elapsed.count())}});
    }
}

}  // namespace jangteo::http

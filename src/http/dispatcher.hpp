// What happens to a request between the socket and the handler, Beast-free so that it is tested
// without a network: request id, route lookup (404, 405 with Allow), the content-type check of
// JSON bodies (415), the handler call with its last-resort catch (500 with the request id, logged
// with its cause), problem answers, metrics and the access log line.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace jangteo::http {

class Dispatcher {
public:
    // `fallback` answers GET and HEAD requests for paths outside the API that match no route (the
    // web app's files); it may be empty. `is_api_path` tells which paths never reach it.
    Dispatcher(const Router& router, Metrics& metrics, Handler fallback);

    Response Handle(Request& request);
    const Router& router() const { return router_; }

    // Decides, from the route's Access, whether the request may reach its handler, and puts the
    // caller into request.auth. Runs after the route is found and its body checked, before the
    // handler; an error is the answer (401, 403, 404, 429). Without one, only public routes answer
    // and every other route is refused with 500, so a wiring mistake cannot open a route.
    using Authorizer = std::function<core::Status(Request&)>;

    // Peers whose X-Forwarded-For is believed: for a request from one of them, remote_address
    // becomes the right-most address of that header that is not itself a trusted proxy (what the
    // proxies saw), so that limits and logs see the client rather than the proxy. Set before serving.
    void SetTrustedProxies(std::vector<std::string> addresses) { trusted_proxies_ = std::move(addresses); }
    // The client address of `request` under the trusted proxies (as above).
    std::string ClientAddress(const Request& request) const;
    void SetAuthorizer(Authorizer authorizer) { authorizer_ = std::move(authorizer); }

    // True when the request's handler may wait on I/O; false for routes marked may_block = false.
    // A route it finds is kept in the request, so Handle does not look it up again.
    bool MayBlock(Request& request) const;

    // An answer the server gives before a request is complete (malformed, too large, too slow),
    // logged and counted like any other.
    Response Reject(Request& request, int status, std::string_view reason, std::string_view detail);

    static bool IsApiPath(std::string_view path);
    // Turns an absolute-form target (http://host/path) into its path; false for any other target
    // that does not start with '/'.
    static bool NormalizeTarget(Request& request);
    // Takes the client's X-Request-Id when it is 1 to 128 characters of [A-Za-z0-9._:-], else makes one.
    static std::string RequestIdFor(const Request& request);

private:
    Response Route(Request& request);
    void Finish(Request& request, Response& response, std::chrono::steady_clock::time_point start);

    const Router& router_;
    Metrics& metrics_;
    Handler fallback_;
    Authorizer authorizer_;
    std::vector<std::string> trusted_proxies_;
};

}  // namespace jangteo::http

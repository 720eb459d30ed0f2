// Request targets from the network: the router, percent-decoding and query parsing take any bytes
// without crashing, and a match only ever carries parameters that fit their types.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/id.hpp"
#include "http/router.hpp"

namespace {
jangteo::http::Router& FuzzRouter() {
    using namespace jangteo;
    static http::Router* router = [] {
        auto* r = new http::Router();
        auto ok = [](http::Request&) -> core::Result<http::Response> { return http::Response::Empty(204); };
        for (const char* p :
             {"/healthz", "/api/v1/operator", "/api/v1/merchants/{merchant_id:mrc}",
              "/api/v1/merchants/{merchant_id:mrc}/products/{n:int}", "/files/{rest:path}", "/api/v1/tags/{tag}"}) {
            r->Add({.method = http::Method::kGet, .pattern = p, .handler = ok, .access = http::kPublicAccess});
        }
        return r;
    }();
    return *router;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace jangteo;
    std::string target(reinterpret_cast<const char*>(data), size);
    http::Request request;
    request.target = target;
    auto match = FuzzRouter().Find(http::Method::kGet, request.path());
    if (match.outcome == http::Router::Outcome::kFound) {
        for (const auto& [name, value] : match.params) {
            if (value.empty()) std::abort();
            if (name == "merchant_id" && core::id_detail::Decode("mrc", value) <= 0) std::abort();
            if (name == "n" && value.find_first_not_of("0123456789") != std::string::npos) std::abort();
            if (name == "tag" && value.find('/') != std::string::npos) std::abort();
        }
    }
    (void)request.Query("q");
    (void)http::PercentDecode(target, true);
    return 0;
}

// The one route table. A route is a method and a path template with typed parameters, a thin
// handler, and its documentation, from which /api/openapi.json is made, so the description cannot
// miss a route.
//
//   router.Add({.method = Method::kGet,
//               .pattern = "/api/v1/merchants/{merchant_id:mrc}/products/{product_id:prd}",
//               .handler = [&](Request& req) -> Result<Response> { ... },
//               .doc = {.summary = "Read a product", .tag = "catalog", ...}});
//
// Parameter types: `{name}` or `{name:str}` one non-empty segment; `{name:int}` a whole number;
// `{name:path}` the rest of the path; `{name:mrc}` (any 2 to 4 lower-case letters) an id of that
// prefix, e.g. mrc_0k4m2x9c1q7ta. A segment that does not fit its type does not match, so a malformed
// id answers 404 like an unknown one. Static segments win over parameters.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "http/message.hpp"

namespace jangteo::http {

using Handler = std::function<core::Result<Response>(Request&)>;

// Who may call a route. Every route declares it in the table (Router::Add refuses one that does
// not), and one authorizer, installed by the app on the Dispatcher, applies it before the handler
// runs; the http layer itself only carries the declaration and documents it.
enum class Audience : std::uint8_t {
    kUnset,     // refused by Router::Add: nothing is open by omission
    kPublic,    // anyone, signed in or not
    kUser,      // any signed-in person
    kOperator,  // an operator admin
    kMerchant,  // a member of the merchant named by the route's {merchant_id:mrc}, or its API key
    // Anyone, as a shopper: a guest, or a signed-in person when the request carries a valid session
    // (whose unsafe requests then need the CSRF token). Not for API keys. The cart and the checkout.
    kShopper,
};
enum class MerchantRole : std::uint8_t { kStaff, kOwner };
std::string_view AudienceName(Audience audience);
std::string_view MerchantRoleName(MerchantRole role);

struct Access {
    Audience audience = Audience::kUnset;
    MerchantRole role = MerchantRole::kStaff;  // kMerchant: the least role that may call it
    // kMerchant: API keys of the merchant that hold this scope may call it too; empty: people only.
    std::string_view key_scope;
    // kMerchant: also while the merchant is not approved (applied, suspended, …); by default only an
    // approved merchant's members may work.
    bool inactive_merchant = false;
};
inline constexpr Access kPublicAccess{.audience = Audience::kPublic};
inline constexpr Access kUserAccess{.audience = Audience::kUser};
inline constexpr Access kOperatorAccess{.audience = Audience::kOperator};
inline constexpr Access kShopperAccess{.audience = Audience::kShopper};

// The parameter that names a merchant-scoped route's merchant.
inline constexpr std::string_view kMerchantParam = "merchant_id";

// What a route takes as its body. JSON bodies are checked for their content type (415 otherwise).
// Bytes are a file as it is (an image, a CSV): RouteDoc::request_types names the media types the
// description offers; the handler reads what the bytes are, never trusting the declared type.
enum class BodyKind { kNone, kJson, kBytes };

struct QueryParamDoc {
    std::string name;
    std::string description;
    core::json::value schema;  // e.g. {"type":"integer","minimum":1}
    bool required = false;
};

struct RouteDoc {
    std::string summary;
    std::string description;
    std::string tag;
    std::string operation_id;                // unique, camelCase
    core::json::value request_schema;        // for BodyKind::kJson
    std::vector<std::string> request_types;  // for BodyKind::kBytes, e.g. {"image/jpeg", "image/png"}
    int success_status = 200;
    std::string success_content_type = "application/json";
    core::json::value response_schema;  // of the success body (a JSON Schema, or {"type":"string"} for text)
    std::vector<int> error_statuses;    // problem answers this route gives besides 500
    std::vector<QueryParamDoc> query;
};

struct Route {
    Method method = Method::kGet;
    std::string pattern;
    Handler handler;
    RouteDoc doc;
    BodyKind body = BodyKind::kNone;
    // The largest body this route reads, when larger than the server's body_limit (uploads); 0 for
    // the server's limit.
    std::size_t body_limit = 0;
    Access access;
    // False for handlers that never wait on the store or other I/O (health, the API description):
    // they run on the network thread even when the server has a handler pool.
    bool may_block = true;
    std::size_t index = 0;  // position in the table, set by Add (metrics use it)
};

enum class ParamType { kString, kInt, kPath, kId };

struct PathParamSpec {
    std::string name;
    ParamType type = ParamType::kString;
    std::string id_prefix;  // for kId
};

// The parameters of a template, in order; throws std::invalid_argument for a malformed template.
std::vector<PathParamSpec> ParsePathParams(std::string_view pattern);

class Router {
public:
    Router();
    ~Router();
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;

    // Adds a route; throws std::invalid_argument at start-up for a malformed template, a method and
    // path that are already taken, an undeclared access, or a merchant route without
    // {merchant_id:mrc}.
    const Route& Add(Route route);

    enum class Outcome { kFound, kNotFound, kMethodNotAllowed };
    struct Match {
        Outcome outcome = Outcome::kNotFound;
        const Route* route = nullptr;
        std::vector<std::pair<std::string_view, std::string>> params;
        std::vector<Method> allowed;  // for kMethodNotAllowed
    };
    // HEAD is answered by the GET route of the path.
    Match Find(Method method, std::string_view path) const;

    const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

    // The largest Route::body_limit of any route (0 when none raises the server's limit).
    std::size_t MaxBodyLimit() const { return max_body_limit_; }
    // The body limit of the route that `method` and `target` (path and query) reach; 0 when it
    // keeps the server's limit or no route matches.
    std::size_t BodyLimitFor(Method method, std::string_view target) const;

private:
    struct Node;
    struct Walker;
    std::unique_ptr<Node> root_;
    std::vector<std::unique_ptr<Route>> routes_;
    std::size_t max_body_limit_ = 0;
};

}  // namespace jangteo::http

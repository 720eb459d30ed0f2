// The OpenAPI 3.1 description of the route table, made once at start-up and served as
// /api/openapi.json. Being made from the table itself, it lists every route; a route without a
// summary, tag, operation id or success schema is refused at start-up (see Validate).
#pragma once

#include <string>
#include <vector>

#include "http/router.hpp"

namespace jangteo::http {

struct ApiInfo {
    std::string title = "Jangteo API";
    std::string version;
    std::string description;
    // How callers authenticate, for the security schemes: the session cookie's name (the API key
    // goes in `Authorization: Bearer`).
    std::string session_cookie = "jangteo_session";
};

std::string BuildOpenApi(const Router& router, const ApiInfo& info);

// Problems with the documentation of routes, one line each; empty when all is well.
std::vector<std::string> ValidateRouteDocs(const Router& router);

// The OpenAPI form of a template: "/api/v1/merchants/{merchant_id}".
std::string OpenApiPath(std::string_view pattern);

}  // namespace jangteo::http

// The request and response that handlers see. They carry no Boost.Beast types: only server.cpp
// speaks Beast, and everything above it (router, handlers, tests) works with these plain values.
#pragma once

#include <any>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/json.hpp"

namespace jangteo::http {

enum class Method : std::uint8_t { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
inline constexpr int kMethodCount = 8;
std::string_view MethodName(Method method);
Method ParseMethod(std::string_view name);

using HeaderField = std::pair<std::string, std::string>;

struct Route;

class Request {
public:
    Method method = Method::kGet;
    std::string target;                // as sent: path and query
    std::vector<HeaderField> headers;  // names in lower case
    std::string body;
    std::string remote_address;

    // Set by the dispatcher.
    std::string request_id;
    const Route* route = nullptr;
    std::vector<std::pair<std::string_view, std::string>> params;  // path parameters, decoded
    // Who is calling, as the app's authorizer found it (a platform::Caller); empty for public routes.
    std::any auth;

    std::string_view path() const;
    std::string_view raw_query() const;
    // A query parameter, percent-decoded; the first when repeated.
    std::optional<std::string> Query(std::string_view name) const;
    std::optional<std::string_view> Header(std::string_view lower_name) const;
    // A path parameter by the name its template gave it. Present whenever the route matched.
    std::string_view Param(std::string_view name) const;
};

class Response {
public:
    int status = 200;
    std::string content_type = "application/json";
    std::vector<HeaderField> headers;
    std::string body;

    static Response Json(int status, const core::json::value& value);
    static Response JsonText(int status, std::string body);
    static Response Text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
    static Response Empty(int status);

    void SetHeader(std::string name, std::string value);
    std::optional<std::string_view> Header(std::string_view name) const;
};

// Decodes %XX escapes ('+' stays '+', as in a path). Answers nullopt for a bad escape or a NUL.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space = false);

}  // namespace jangteo::http

// Helpers of the platform's HTTP binding: reading typed fields of a JSON body with field errors,
// rendering times and ids, the caller that the access policy put into the request, and the client
// address. Used by the route files only (platform's domain code never sees HTTP).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "http/message.hpp"
#include "platform/access.hpp"

namespace jangteo::platform::web {

namespace json = core::json;

// A body's fields. Missing and null read as absent; a value of the wrong type is a field error.
core::Result<std::string> RequiredString(const json::object& body, std::string_view field);
core::Result<std::optional<std::string>> OptionalString(const json::object& body, std::string_view field);
core::Result<std::vector<std::string>> StringArray(const json::object& body, std::string_view field,
                                                   std::size_t max_items);

// A body that must be a JSON object (400 malformed otherwise).
core::Result<json::object> BodyObject(const http::Request& request);

// RFC 3339 in UTC, or null.
json::value Time(core::TimePoint t);
json::value Time(const std::optional<core::TimePoint>& t);

// A {ko, en} pair.
json::object Localized(std::string_view ko, std::string_view en);

// The caller the access policy found; only on routes that are not public.
const Caller& CallerOf(const http::Request& request);

// The paging query parameters of list routes: `cursor` as given, `limit` 1..200 (default 50), a
// field error on limit otherwise.
struct Paging {
    std::optional<std::string> cursor;
    int limit = 50;
};
core::Result<Paging> PagingOf(const http::Request& request);

// The shared JSON Schema pieces of the API description.
json::object StringSchema();
json::object TimeSchema();
json::object IdSchema(std::string_view prefix);
json::object LocalizedSchema();
json::object ObjectSchema(json::array required, json::object properties);
json::object ArrayOf(json::value items);
json::object ListSchema(json::value items, bool paged);

}  // namespace jangteo::platform::web

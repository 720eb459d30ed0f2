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

namespace jangteo::platform::web {

// Reads the fields of a request body, collecting every shape problem with its full path (so that a
// form can mark all its fields at once) instead of stopping at the first.
//
//   BodyReader read;
//   std::string name = read.Text(body, "name_ko", "name_ko");
//   auto qty = read.Whole(body, "quantity", "quantity", true);
//   if (!read.errors.empty()) return read.Fail("invalid_location", "the location has invalid fields");
class BodyReader {
public:
    std::vector<core::FieldError> errors;

    // Text ("" when absent or null); `required` adds "required" for an absent or empty one.
    std::string Text(const json::object& o, std::string_view key, const std::string& path, bool required = false);
    // A whole number within ±9·10^15 (12900, not 12900.5, "12900" or 1e20).
    std::optional<std::int64_t> Whole(const json::object& o, std::string_view key, const std::string& path,
                                      bool required);
    std::optional<bool> Bool(const json::object& o, std::string_view key, const std::string& path, bool required);
    const json::array* Array(const json::object& o, std::string_view key, const std::string& path, bool required);
    const json::object* Object(const json::value& v, const std::string& path);
    const json::object* Object(const json::object& o, std::string_view key, const std::string& path, bool required);
    // A typed public id ("loc_…"); a wrong one is "malformed_id".
    template <typename IdT>
    std::optional<IdT> Id(const json::object& o, std::string_view key, const std::string& path, bool required) {
        std::string text = Text(o, key, path, required);
        if (text.empty()) return std::nullopt;
        auto id = IdT::Parse(text);
        if (!id.ok()) {
            errors.push_back({path, "malformed_id", "is not a " + std::string(IdT::kPrefix) + "_ id"});
            return std::nullopt;
        }
        return *id;
    }

    // The collected problems as kInvalidArgument `reason`.
    core::Error Fail(std::string reason, std::string message) {
        return core::Error::Invalid(std::move(reason), std::move(message), std::move(errors));
    }
};

}  // namespace jangteo::platform::web

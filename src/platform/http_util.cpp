#include "platform/http_util.hpp"

#include <charconv>

namespace jangteo::platform::web {

namespace {

core::Error WrongType(std::string_view field, std::string_view what) {
    std::string f(field);
    std::string message = "must be " + std::string(what);
    return core::Error::Invalid("wrong_type", f + " " + message, {{f, "wrong_type", message}});
}

}  // namespace

core::Result<std::string> RequiredString(const json::object& body, std::string_view field) {
    auto it = body.find(field);
    if (it == body.end() || it->value().is_null()) {
        std::string f(field);
        return core::Error::Invalid("missing_field", f + " is required", {{f, "required", "is required"}});
    }
    if (!it->value().is_string()) return WrongType(field, "a string");
    return std::string(it->value().get_string());
}

core::Result<std::optional<std::string>> OptionalString(const json::object& body, std::string_view field) {
    auto it = body.find(field);
    if (it == body.end() || it->value().is_null()) return std::optional<std::string>();
    if (!it->value().is_string()) return WrongType(field, "a string");
    return std::optional<std::string>(std::string(it->value().get_string()));
}

core::Result<std::vector<std::string>> StringArray(const json::object& body, std::string_view field,
                                                   std::size_t max_items) {
    auto it = body.find(field);
    std::vector<std::string> out;
    if (it == body.end() || it->value().is_null()) return out;
    if (!it->value().is_array()) return WrongType(field, "an array of strings");
    const json::array& items = it->value().get_array();
    if (items.size() > max_items) {
        std::string f(field);
        return core::Error::Invalid("too_many_items", f + " has too many items",
                                    {{f, "too_many_items", "at most " + std::to_string(max_items) + " items"}});
    }
    for (const auto& v : items) {
        if (!v.is_string()) return WrongType(field, "an array of strings");
        out.emplace_back(v.get_string());
    }
    return out;
}

core::Result<json::object> BodyObject(const http::Request& request) {
    return core::ParseJsonObject(request.body);
}

json::value Time(core::TimePoint t) {
    return json::value(core::FormatRfc3339(t));
}

json::value Time(const std::optional<core::TimePoint>& t) {
    return t ? Time(*t) : json::value(nullptr);
}

json::object Localized(std::string_view ko, std::string_view en) {
    return json::object{{"ko", ko}, {"en", en}};
}

const Caller& CallerOf(const http::Request& request) {
    const Caller* caller = std::any_cast<Caller>(&request.auth);
    // The access policy always sets one before a non-public handler runs; a public handler asking
    // for it is a programming error, caught by every test of that route.
    if (caller == nullptr) throw std::logic_error("no caller on a route that the access policy did not guard");
    return *caller;
}

core::Result<Paging> PagingOf(const http::Request& request) {
    Paging p;
    p.cursor = request.Query("cursor");
    if (auto limit = request.Query("limit")) {
        int n = 0;
        auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), n);
        if (ec != std::errc() || end != limit->data() + limit->size() || n < 1 || n > 200) {
            return core::Error::Invalid("bad_limit", "limit must be a whole number from 1 to 200",
                                        {{"limit", "out_of_range", "must be a whole number from 1 to 200"}});
        }
        p.limit = n;
    }
    return p;
}

json::object StringSchema() {
    return json::object{{"type", "string"}};
}

json::object TimeSchema() {
    return json::object{{"type", "string"}, {"format", "date-time"}};
}

json::object IdSchema(std::string_view prefix) {
    std::string pattern = "^";
    pattern.append(prefix);
    pattern += "_[0-9a-hjkmnp-tv-z]{13}$";
    return json::object{{"type", "string"}, {"pattern", pattern}};
}

json::object LocalizedSchema() {
    return ObjectSchema(json::array{"ko", "en"}, json::object{{"ko", StringSchema()}, {"en", StringSchema()}});
}

json::object ObjectSchema(json::array required, json::object properties) {
    return json::object{{"type", "object"}, {"required", std::move(required)}, {"properties", std::move(properties)}};
}

json::object ArrayOf(json::value items) {
    return json::object{{"type", "array"}, {"items", std::move(items)}};
}

json::object ListSchema(json::value items, bool paged) {
    json::object props{{"items", ArrayOf(std::move(items))}};
    json::array required{"items"};
    if (paged) {
        props["next_cursor"] = json::object{{"type", json::array{"string", "null"}}};
        required.emplace_back("next_cursor");
    }
    return ObjectSchema(std::move(required), std::move(props));
}

}  // namespace jangteo::platform::web

#include "platform/http_util.hpp"

#include <charconv>
#include <cmath>

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

namespace jangteo::platform::web {

std::string BodyReader::Text(const json::object& o, std::string_view key, const std::string& path, bool required) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) {
        if (required) errors.push_back({path, "required", "is required"});
        return {};
    }
    if (!it->value().is_string()) {
        errors.push_back({path, "wrong_type", "must be text"});
        return {};
    }
    std::string out(it->value().get_string());
    if (required && out.empty()) errors.push_back({path, "required", "is required"});
    return out;
}

std::optional<std::int64_t> BodyReader::Whole(const json::object& o, std::string_view key, const std::string& path,
                                              bool required) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) {
        if (required) errors.push_back({path, "required", "is required"});
        return std::nullopt;
    }
    const json::value& v = it->value();
    constexpr double kLimit = 9e15;
    if (v.is_int64() && v.get_int64() <= 9'000'000'000'000'000 && v.get_int64() >= -9'000'000'000'000'000) {
        return v.get_int64();
    }
    if (v.is_double()) {
        double d = v.get_double();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < kLimit) return static_cast<std::int64_t>(d);
        errors.push_back({path, std::isfinite(d) && std::fabs(d) >= kLimit ? "out_of_range" : "not_whole",
                          "must be a whole number"});
        return std::nullopt;
    }
    if (v.is_int64() || v.is_uint64()) {
        errors.push_back({path, "out_of_range", "is too large"});
        return std::nullopt;
    }
    errors.push_back({path, "wrong_type", "must be a number"});
    return std::nullopt;
}

std::optional<bool> BodyReader::Bool(const json::object& o, std::string_view key, const std::string& path,
                                     bool required) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) {
        if (required) errors.push_back({path, "required", "is required"});
        return std::nullopt;
    }
    if (!it->value().is_bool()) {
        errors.push_back({path, "wrong_type", "must be true or false"});
        return std::nullopt;
    }
    return it->value().get_bool();
}

const json::array* BodyReader::Array(const json::object& o, std::string_view key, const std::string& path,
                                     bool required) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) {
        if (required) errors.push_back({path, "required", "is required"});
        return nullptr;
    }
    if (!it->value().is_array()) {
        errors.push_back({path, "wrong_type", "must be an array"});
        return nullptr;
    }
    return &it->value().get_array();
}

const json::object* BodyReader::Object(const json::value& v, const std::string& path) {
    if (!v.is_object()) {
        errors.push_back({path, "wrong_type", "must be an object"});
        return nullptr;
    }
    return &v.get_object();
}

const json::object* BodyReader::Object(const json::object& o, std::string_view key, const std::string& path,
                                       bool required) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) {
        if (required) errors.push_back({path, "required", "is required"});
        return nullptr;
    }
    return Object(it->value(), path);
}

}  // namespace jangteo::platform::web

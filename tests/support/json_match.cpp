#include "support/json_match.hpp"

#include "core/clock.hpp"
#include "core/id.hpp"

namespace jangteo::testing {

namespace json = core::json;

namespace {

bool Match(const json::value& e, const json::value& a, const std::string& path, std::string& why) {
    if (e.is_string()) {
        std::string_view s = e.get_string();
        if (s.starts_with("{{") && s.ends_with("}}")) {
            std::string_view p = s.substr(2, s.size() - 4);
            bool ok = true;
            if (p == "any") {
                ok = true;
            } else if (p == "string") {
                ok = a.is_string();
            } else if (p == "int") {
                ok = a.is_int64() || a.is_uint64();
            } else if (p == "time") {
                ok = a.is_string() && core::ParseRfc3339(a.get_string()).has_value();
            } else if (p.starts_with("id:")) {
                ok = a.is_string() && core::id_detail::Decode(p.substr(3), a.get_string()) > 0;
            } else {
                why = path + ": unknown placeholder " + std::string(s);
                return false;
            }
            if (!ok) why = path + ": " + core::ToJson(a) + " is not " + std::string(s);
            return ok;
        }
    }
    if (e.is_object() && a.is_object()) {
        const auto& eo = e.get_object();
        const auto& ao = a.get_object();
        for (const auto& [k, v] : eo) {
            auto it = ao.find(k);
            if (it == ao.end()) {
                why = path + "." + std::string(k) + ": missing";
                return false;
            }
            if (!Match(v, it->value(), path + "." + std::string(k), why)) return false;
        }
        for (const auto& [k, v] : ao) {
            if (!eo.contains(k)) {
                why = path + "." + std::string(k) + ": not expected (" + core::ToJson(v) + ")";
                return false;
            }
        }
        return true;
    }
    if (e.is_array() && a.is_array()) {
        const auto& ea = e.get_array();
        const auto& aa = a.get_array();
        if (ea.size() != aa.size()) {
            why = path + ": " + std::to_string(aa.size()) + " elements, expected " + std::to_string(ea.size());
            return false;
        }
        for (std::size_t i = 0; i < ea.size(); ++i) {
            if (!Match(ea[i], aa[i], path + "[" + std::to_string(i) + "]", why)) return false;
        }
        return true;
    }
    // Numbers compare by value whatever their JSON storage.
    if (e.is_number() && a.is_number()) {
        if (e.to_number<double>() == a.to_number<double>()) return true;
    } else if (e == a) {
        return true;
    }
    why = path + ": " + core::ToJson(a) + ", expected " + core::ToJson(e);
    return false;
}

}  // namespace

::testing::AssertionResult JsonMatches(const json::value& expected, const json::value& actual) {
    std::string why;
    if (Match(expected, actual, "$", why)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << why << "\n  actual: " << core::ToJson(actual);
}

}  // namespace jangteo::testing

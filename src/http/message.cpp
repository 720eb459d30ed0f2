#include "http/message.hpp"

#include <strings.h>

namespace jangteo::http {

namespace {
constexpr std::string_view kMethodNames[kMethodCount] = {"GET",   "HEAD",   "POST",    "PUT",
                                                         "PATCH", "DELETE", "OPTIONS", "OTHER"};

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}
}  // namespace

std::string_view MethodName(Method method) {
    return kMethodNames[static_cast<int>(method)];
}

Method ParseMethod(std::string_view name) {
    for (int i = 0; i < kMethodCount - 1; ++i) {
        if (kMethodNames[i] == name) return static_cast<Method>(i);
    }
    return Method::kOther;
}

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            char decoded = static_cast<char>(hi * 16 + lo);
            if (decoded == '\0') return std::nullopt;
            out.push_back(decoded);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string_view Request::path() const {
    std::string_view t = target;
    return t.substr(0, t.find('?'));
}

std::string_view Request::raw_query() const {
    std::string_view t = target;
    auto q = t.find('?');
    return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
}

std::optional<std::string> Request::Query(std::string_view name) const {
    std::string_view q = raw_query();
    while (!q.empty()) {
        auto amp = q.find('&');
        std::string_view pair = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
        auto eq = pair.find('=');
        auto key = PercentDecode(pair.substr(0, eq), true);
        if (!key || *key != name) continue;
        if (eq == std::string_view::npos) return std::string();
        return PercentDecode(pair.substr(eq + 1), true);
    }
    return std::nullopt;
}

std::optional<std::string_view> Request::Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_name) return std::string_view(value);
    }
    return std::nullopt;
}

std::string_view Request::Param(std::string_view name) const {
    for (const auto& [key, value] : params) {
        if (key == name) return value;
    }
    return {};
}

Response Response::Json(int status, const core::json::value& value) {
    return JsonText(status, core::ToJson(value));
}

Response Response::JsonText(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

Response Response::Text(int status, std::string body, std::string content_type) {
    Response r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    return r;
}

Response Response::Empty(int status) {
    Response r;
    r.status = status;
    r.content_type.clear();
    return r;
}

void Response::SetHeader(std::string name, std::string value) {
    for (auto& [n, v] : headers) {
        if (EqualsIgnoreCase(n, name)) {
            v = std::move(value);
            return;
        }
    }
    headers.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> Response::Header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
        if (EqualsIgnoreCase(n, name)) return std::string_view(v);
    }
    return std::nullopt;
}

}  // namespace jangteo::http

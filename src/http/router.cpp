#include "http/router.hpp"

#include <stdexcept>
#include <unordered_map>

#include "core/id.hpp"
#include "core/string_hash.hpp"

namespace jangteo::http {

struct Router::Node {
    struct ParamChild {
        PathParamSpec spec;
        std::unique_ptr<Node> node;
    };
    std::unordered_map<std::string, std::unique_ptr<Node>, core::StringHash, std::equal_to<>> statics;
    std::vector<ParamChild> params;
    std::array<const Route*, kMethodCount> handlers{};
    std::array<const Route*, kMethodCount> rest_handlers{};  // routes ending in a {name:path} here
    std::unique_ptr<PathParamSpec> rest_spec;
};

namespace {

std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> out;
    if (path.empty() || path.front() != '/') return out;
    path.remove_prefix(1);
    while (true) {
        auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

bool IsName(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

PathParamSpec ParseSpec(std::string_view segment, std::string_view pattern) {
    std::string_view inner = segment.substr(1, segment.size() - 2);
    auto colon = inner.find(':');
    PathParamSpec spec;
    spec.name = std::string(inner.substr(0, colon));
    std::string_view type = colon == std::string_view::npos ? "str" : inner.substr(colon + 1);
    if (!IsName(spec.name)) throw std::invalid_argument("bad parameter name in route " + std::string(pattern));
    if (type == "str") {
        spec.type = ParamType::kString;
    } else if (type == "int") {
        spec.type = ParamType::kInt;
    } else if (type == "path") {
        spec.type = ParamType::kPath;
    } else if (type.size() >= 2 && type.size() <= 4 && IsName(type)) {
        spec.type = ParamType::kId;
        spec.id_prefix = std::string(type);
    } else {
        throw std::invalid_argument("bad parameter type '" + std::string(type) + "' in route " + std::string(pattern));
    }
    return spec;
}

bool IsParam(std::string_view segment) {
    return segment.size() >= 3 && segment.front() == '{' && segment.back() == '}';
}

bool Accepts(const PathParamSpec& spec, std::string_view value) {
    if (value.empty()) return false;
    switch (spec.type) {
        case ParamType::kString:
        case ParamType::kPath: return true;
        case ParamType::kInt:
            if (value.size() > 18) return false;
            for (char c : value) {
                if (c < '0' || c > '9') return false;
            }
            return true;
        case ParamType::kId: return core::id_detail::Decode(spec.id_prefix, value) > 0;
    }
    return false;
}

}  // namespace

std::vector<PathParamSpec> ParsePathParams(std::string_view pattern) {
    std::vector<PathParamSpec> out;
    for (std::string_view segment : Split(pattern)) {
        if (IsParam(segment)) out.push_back(ParseSpec(segment, pattern));
    }
    return out;
}

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

std::string_view AudienceName(Audience audience) {
    switch (audience) {
        case Audience::kUnset: return "unset";
        case Audience::kPublic: return "public";
        case Audience::kUser: return "user";
        case Audience::kOperator: return "operator";
        case Audience::kMerchant: return "merchant";
        case Audience::kShopper: return "shopper";
    }
    return "unset";
}

std::string_view MerchantRoleName(MerchantRole role) {
    return role == MerchantRole::kOwner ? "owner" : "staff";
}

std::size_t Router::BodyLimitFor(Method method, std::string_view target) const {
    if (max_body_limit_ == 0) return 0;
    std::string_view path = target.substr(0, target.find('?'));
    Match match = Find(method, path);
    return match.outcome == Outcome::kFound ? match.route->body_limit : 0;
}

const Route& Router::Add(Route route) {
    if (route.pattern.empty() || route.pattern.front() != '/') {
        throw std::invalid_argument("route must start with '/': " + route.pattern);
    }
    if (route.method == Method::kHead || route.method == Method::kOther) {
        throw std::invalid_argument("HEAD is implied by GET; route " + route.pattern);
    }
    if (!route.handler) throw std::invalid_argument("route without handler: " + route.pattern);
    if (route.body_limit > max_body_limit_) max_body_limit_ = route.body_limit;
    if (route.access.audience == Audience::kUnset) {
        throw std::invalid_argument("route without access declaration: " + route.pattern);
    }
    if (route.access.audience == Audience::kMerchant) {
        bool scoped = false;
        for (const PathParamSpec& spec : ParsePathParams(route.pattern)) {
            scoped = scoped || (spec.name == kMerchantParam && spec.type == ParamType::kId && spec.id_prefix == "mrc");
        }
        if (!scoped) throw std::invalid_argument("merchant route without {merchant_id:mrc}: " + route.pattern);
    } else if (route.access.role != MerchantRole::kStaff || !route.access.key_scope.empty() ||
               route.access.inactive_merchant) {
        throw std::invalid_argument("merchant access terms on a route that is not merchant-scoped: " + route.pattern);
    }
    auto segments = Split(route.pattern);
    Node* node = root_.get();
    for (std::size_t i = 0; i < segments.size(); ++i) {
        std::string_view segment = segments[i];
        if (segment.empty() && segments.size() > 1) {
            throw std::invalid_argument("empty segment in route " + route.pattern);
        }
        if (!IsParam(segment) && segment.find_first_of("{}") != std::string_view::npos) {
            throw std::invalid_argument("stray brace in route " + route.pattern);
        }
        if (IsParam(segment)) {
            PathParamSpec spec = ParseSpec(segment, route.pattern);
            if (spec.type == ParamType::kPath) {
                if (i + 1 != segments.size()) {
                    throw std::invalid_argument("{…:path} must be last in route " + route.pattern);
                }
                if (!node->rest_spec) node->rest_spec = std::make_unique<PathParamSpec>(spec);
                if (node->rest_spec->name != spec.name) {
                    throw std::invalid_argument("conflicting parameter names in route " + route.pattern);
                }
                auto& slot = node->rest_handlers[static_cast<int>(route.method)];
                if (slot) throw std::invalid_argument("duplicate route " + route.pattern);
                route.index = routes_.size();
                routes_.push_back(std::make_unique<Route>(std::move(route)));
                slot = routes_.back().get();
                return *slot;
            }
            Node* next = nullptr;
            for (auto& child : node->params) {
                if (child.spec.type == spec.type && child.spec.id_prefix == spec.id_prefix) {
                    if (child.spec.name != spec.name) {
                        throw std::invalid_argument("conflicting parameter names in route " + route.pattern);
                    }
                    next = child.node.get();
                }
            }
            if (!next) {
                node->params.push_back({spec, std::make_unique<Node>()});
                next = node->params.back().node.get();
            }
            node = next;
        } else {
            auto& child = node->statics[std::string(segment)];
            if (!child) child = std::make_unique<Node>();
            node = child.get();
        }
    }
    auto& slot = node->handlers[static_cast<int>(route.method)];
    if (slot)
        throw std::invalid_argument("duplicate route " + std::string(MethodName(route.method)) + " " + route.pattern);
    route.index = routes_.size();
    routes_.push_back(std::make_unique<Route>(std::move(route)));
    slot = routes_.back().get();
    return *slot;
}

// Depth-first: static children, then typed parameters, then a trailing {…:path}. The first node
// that ends the path with any handler decides between a match and 405.
struct Router::Walker {
    const std::vector<std::string_view>& segments;
    Match& match;
    const std::array<const Route*, kMethodCount>* found = nullptr;

    bool Visit(const Node* node, std::size_t i) {
        if (i == segments.size()) {
            for (const Route* r : node->handlers) {
                if (r) {
                    found = &node->handlers;
                    return true;
                }
            }
            return false;
        }
        std::string_view segment = segments[i];
        if (auto it = node->statics.find(segment); it != node->statics.end()) {
            if (Visit(it->second.get(), i + 1)) return true;
        }
        if (!segment.empty() && !node->params.empty()) {
            auto decoded = PercentDecode(segment);
            if (decoded && decoded->find('/') == std::string::npos) {
                for (const auto& child : node->params) {
                    if (!Accepts(child.spec, *decoded)) continue;
                    match.params.emplace_back(child.spec.name, *decoded);
                    if (Visit(child.node.get(), i + 1)) return true;
                    match.params.pop_back();
                }
            }
        }
        if (node->rest_spec) {
            std::string rest;
            for (std::size_t j = i; j < segments.size(); ++j) {
                if (j > i) rest.push_back('/');
                rest.append(segments[j]);
            }
            auto decoded = PercentDecode(rest);
            if (decoded && !decoded->empty()) {
                match.params.emplace_back(node->rest_spec->name, std::move(*decoded));
                found = &node->rest_handlers;
                return true;
            }
        }
        return false;
    }
};

Router::Match Router::Find(Method method, std::string_view path) const {
    Match match;
    auto segments = Split(path);
    if (segments.empty()) return match;
    Method lookup = method == Method::kHead ? Method::kGet : method;

    Walker walker{segments, match};
    if (!walker.Visit(root_.get(), 0)) {
        match.params.clear();
        return match;
    }
    const auto* found = walker.found;
    if (const Route* r = (*found)[static_cast<int>(lookup)]) {
        match.outcome = Outcome::kFound;
        match.route = r;
        return match;
    }
    match.outcome = Outcome::kMethodNotAllowed;
    match.params.clear();
    for (int m = 0; m < kMethodCount; ++m) {
        if ((*found)[m]) {
            match.allowed.push_back(static_cast<Method>(m));
            if (static_cast<Method>(m) == Method::kGet) match.allowed.push_back(Method::kHead);
        }
    }
    return match;
}

}  // namespace jangteo::http

#include "app/config.hpp"

#include <arpa/inet.h>
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <optional>

#include "platform/smtp.hpp"

namespace jangteo::app {

namespace {

using Setter = std::function<core::Status(Settings&, const std::string&)>;

core::Error Bad(const std::string& message) {
    return core::Error::Invalid("bad_setting", message);
}

core::Status ParseInt(const std::string& text, long long min, long long max, long long& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end != text.data() + text.size() || out < min || out > max) {
        return Bad("must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return {};
}

template <typename T>
Setter IntSetter(T Settings::*field, long long min, long long max) {
    return [field, min, max](Settings& s, const std::string& text) -> core::Status {
        long long v = 0;
        JANGTEO_TRY_STATUS(ParseInt(text, min, max, v));
        s.*field = static_cast<T>(v);
        return {};
    };
}

core::Status ParseBool(const std::string& text, bool& out) {
    if (text == "true" || text == "1" || text == "yes" || text == "on") {
        out = true;
    } else if (text == "false" || text == "0" || text == "no" || text == "off") {
        out = false;
    } else {
        return Bad("must be true or false");
    }
    return {};
}

core::Status ParseListen(const std::string& text, Settings& s) {
    // host:port, [v6]:port or :port (all addresses).
    std::string host, port;
    if (text.starts_with("[")) {
        auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            return Bad("must be host:port, e.g. 127.0.0.1:8080 or [::1]:8080");
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        auto colon = text.rfind(':');
        if (colon == std::string::npos || text.find(':') != colon) {
            return Bad("must be host:port, e.g. 127.0.0.1:8080 or [::1]:8080");
        }
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    if (host.empty()) host = "0.0.0.0";
    unsigned char addr[16];
    if (inet_pton(AF_INET, host.c_str(), addr) != 1 && inet_pton(AF_INET6, host.c_str(), addr) != 1) {
        return Bad("'" + host + "' is not an IP address (use e.g. 127.0.0.1:8080 or [::1]:8080)");
    }
    long long p = 0;
    JANGTEO_TRY_STATUS(ParseInt(port, 0, 65535, p));
    s.listen_host = host;
    s.listen_port = static_cast<unsigned short>(p);
    return {};
}

bool IsHostChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// host[:port] of a URL, without user, path, query or fragment: a name, an IPv4 or a [v6] address.
core::Status CheckHostPort(std::string_view rest, const std::string& example) {
    if (rest.find_first_of("/?#@") != std::string_view::npos) {
        return Bad("must be like " + example + " (no path, query or user; no trailing slash)");
    }
    std::string_view host = rest;
    std::optional<std::string_view> port;
    if (rest.starts_with("[")) {
        auto close = rest.find(']');
        if (close == std::string_view::npos) return Bad("must be like " + example);
        host = rest.substr(1, close - 1);
        std::string_view after = rest.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return Bad("must be like " + example);
            port = after.substr(1);
        }
        unsigned char addr[16];
        if (inet_pton(AF_INET6, std::string(host).c_str(), addr) != 1) {
            return Bad("'" + std::string(host) + "' is not an IPv6 address");
        }
    } else {
        if (auto colon = rest.find(':'); colon != std::string_view::npos) {
            host = rest.substr(0, colon);
            port = rest.substr(colon + 1);
        }
        if (host.empty() || host.front() == '.' || host.front() == '-' ||
            !std::all_of(host.begin(), host.end(), IsHostChar)) {
            return Bad("must be like " + example + " (a host name, then an optional port)");
        }
    }
    if (port) {
        long long p = 0;
        JANGTEO_TRY_STATUS(ParseInt(std::string(*port), 1, 65535, p));
    }
    return {};
}

core::Status ParseTrustedProxies(const std::string& text, Settings& s) {
    std::vector<std::string> out;
    std::string_view rest = text;
    while (!rest.empty()) {
        std::size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) {
            std::string host(item);
            unsigned char addr[16];
            if (inet_pton(AF_INET, host.c_str(), addr) != 1 && inet_pton(AF_INET6, host.c_str(), addr) != 1) {
                return Bad("'" + host + "' is not an IP address (list the proxies' addresses, separated by commas)");
            }
            out.push_back(std::move(host));
        }
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    s.trusted_proxies = std::move(out);
    return {};
}

core::Status ParsePublicUrl(const std::string& text, Settings& s) {
    std::string_view v = text;
    std::string_view rest;
    if (v.starts_with("http://")) {
        rest = v.substr(7);
    } else if (v.starts_with("https://")) {
        rest = v.substr(8);
    } else {
        return Bad("must start with http:// or https://, e.g. https://jangteo.example.kr");
    }
    JANGTEO_TRY_STATUS(CheckHostPort(rest, "https://jangteo.example.kr or http://127.0.0.1:8080"));
    s.public_url = text;
    return {};
}

core::Status ParseSmtpUrl(const std::string& text, Settings& s) {
    std::string_view v = text;
    std::string_view rest;
    if (v.starts_with("smtp://")) {
        rest = v.substr(7);
    } else if (v.starts_with("smtps://")) {
        rest = v.substr(8);
    } else {
        return Bad("must start with smtp:// (STARTTLS when offered) or smtps://, e.g. smtp://mail.example.kr:587");
    }
    JANGTEO_TRY_STATUS(CheckHostPort(rest, "smtp://mail.example.kr:587 or smtps://mail.example.kr:465"));
    s.smtp_url = text;
    return {};
}

struct Entry {
    SettingSpec spec;
    Setter set;
};

const std::vector<Entry>& Entries() {
    static const std::vector<Entry> entries = {
        {{"db", "database: a SQLite file path, sqlite:///abs/path.db, sqlite::memory: or postgresql://user@host/db"},
         [](Settings& s, const std::string& v) -> core::Status {
             if (v.empty()) return Bad("must not be empty");
             s.db = v;
             return {};
         }},
        {{"listen", "address and port to serve on (host:port)"},
         [](Settings& s, const std::string& v) { return ParseListen(v, s); }},
        {{"threads", "worker threads (0: one per core)"}, IntSetter(&Settings::threads, 0, 256)},
        {{"web_root", "folder of the built web app"},
         [](Settings& s, const std::string& v) -> core::Status {
             s.web_root = v;
             return {};
         }},
        {{"log_level", "debug, info, warn, error or off"},
         [](Settings& s, const std::string& v) -> core::Status {
             using L = core::log::Level;
             static const std::map<std::string, L> levels = {
                 {"debug", L::kDebug}, {"info", L::kInfo}, {"warn", L::kWarn}, {"error", L::kError}, {"off", L::kOff}};
             auto it = levels.find(v);
             if (it == levels.end()) return Bad("must be debug, info, warn, error or off");
             s.log_level = it->second;
             return {};
         }},
        {{"log_format", "json (one object a line) or text"},
         [](Settings& s, const std::string& v) -> core::Status {
             if (v == "json") {
                 s.log_format = core::log::Format::kJson;
             } else if (v == "text") {
                 s.log_format = core::log::Format::kText;
             } else {
                 return Bad("must be json or text");
             }
             return {};
         }},
        {{"migrate", "apply pending migrations when serve starts"},
         [](Settings& s, const std::string& v) { return ParseBool(v, s.migrate); }},
        {{"db_pool_size", "database connections (PostgreSQL) or reader connections (SQLite); 0: from threads"},
         IntSetter(&Settings::db_pool_size, 0, 1024)},
        {{"db_acquire_timeout_ms", "how long a request waits for a free database connection"},
         IntSetter(&Settings::db_acquire_timeout_ms, 1, 600'000)},
        {{"sqlite_synchronous", "full (a commit survives a power loss) or normal (faster; may lose the last commits)"},
         [](Settings& s, const std::string& v) -> core::Status {
             if (v != "full" && v != "normal") return Bad("must be full or normal");
             s.sqlite_synchronous_full = v == "full";
             return {};
         }},
        {{"body_limit", "largest request body in bytes"}, IntSetter(&Settings::body_limit, 1024, 1LL << 30)},
        {{"header_limit", "largest request header in bytes"}, IntSetter(&Settings::header_limit, 1024, 1 << 20)},
        {{"max_connections", "client connections served at once"}, IntSetter(&Settings::max_connections, 1, 1'000'000)},
        {{"header_timeout_ms", "time to receive a request header, and keep-alive idle time"},
         IntSetter(&Settings::header_timeout_ms, 10, 3'600'000)},
        {{"body_timeout_ms", "time to receive a request body"}, IntSetter(&Settings::body_timeout_ms, 10, 3'600'000)},
        {{"shutdown_grace_ms", "time in-flight requests get at shutdown"},
         IntSetter(&Settings::shutdown_grace_ms, 0, 600'000)},
        {{"trusted_proxies", "IP addresses of reverse proxies whose X-Forwarded-For names the client, comma-separated"},
         [](Settings& s, const std::string& v) { return ParseTrustedProxies(v, s); }},
        {{"media_dir", "folder of uploaded product images, stored by content hash (shared by every server)"},
         [](Settings& s, const std::string& v) -> core::Status {
             if (v.empty()) return Bad("must not be empty");
             s.media_dir = v;
             return {};
         }},
        {{"image_max_bytes", "largest product image upload in bytes"},
         IntSetter(&Settings::image_max_bytes, 1024, 100LL << 20)},
        {{"csv_max_bytes", "largest CSV upload in bytes (a product import, past counter sales)"},
         IntSetter(&Settings::csv_max_bytes, 1024, 1LL << 30)},
        {{"detail_cache_entries", "rendered product pages each server keeps in memory"},
         IntSetter(&Settings::detail_cache_entries, 16, 10'000'000)},
        {{"page_cache_entries", "rendered category pages each server keeps until the catalog changes (0: none)"},
         IntSetter(&Settings::page_cache_entries, 0, 1'000'000)},
        {{"region_file", "TOML file of the region and its districts (empty: Busan and its 16 gu/gun)"},
         [](Settings& s, const std::string& v) -> core::Status {
             s.region_file = v;
             return {};
         }},
        {{"operator.name_ko", "the operator's Korean name (first start only)"},
         [](Settings& s, const std::string& v) -> core::Status {
             if (v.empty()) return Bad("must not be empty");
             s.operator_defaults.name_ko = v;
             return {};
         }},
        {{"operator.name_en", "the operator's English name (first start only)"},
         [](Settings& s, const std::string& v) -> core::Status {
             if (v.empty()) return Bad("must not be empty");
             s.operator_defaults.name_en = v;
             return {};
         }},
        {{"operator.region_ko", "the region's Korean name (first start only)"},
         [](Settings& s, const std::string& v) -> core::Status {
             if (v.empty()) return Bad("must not be empty");
             s.operator_defaults.region_ko = v;
             return {};
         }},
        {{"operator.region_en", "the region's English name (first start only)"},
         [](Settings& s, const std::string& v) -> core::Status {
             if (v.empty()) return Bad("must not be empty");
             s.operator_defaults.region_en = v;
             return {};
         }},
        {{"public_url", "where the web app is reached from outside, http(s)://host[:port]: links in mails"},
         [](Settings& s, const std::string& v) { return ParsePublicUrl(v, s); }},
        {{"mail_sender", "dev (each message a file in mail_dir) or smtp"},
         [](Settings& s, const std::string& v) -> core::Status {
             if (v == "dev") {
                 s.mail_sender = MailSender::kDev;
             } else if (v == "smtp") {
                 s.mail_sender = MailSender::kSmtp;
             } else {
                 return Bad("must be dev or smtp");
             }
             return {};
         }},
        {{"mail_dir", "folder of the dev mail sender, and of every SMS (there is no SMS gateway yet)"},
         [](Settings& s, const std::string& v) -> core::Status {
             if (v.empty()) return Bad("must not be empty");
             s.mail_dir = v;
             return {};
         }},
        {{"mail_from", "sender of email, e.g. \"부산 장터 <no-reply@jangteo.example.kr>\""},
         [](Settings& s, const std::string& v) -> core::Status {
             if (auto parsed = platform::ParseMailbox(v); !parsed.ok()) return Bad(parsed.error().message);
             s.mail_from = v;
             return {};
         }},
        {{"smtp_url", "SMTP server for mail_sender = smtp: smtp://host:587 (STARTTLS) or smtps://host:465"},
         [](Settings& s, const std::string& v) { return ParseSmtpUrl(v, s); }},
        {{"smtp_username", "SMTP user name (with it, smtp:// requires STARTTLS)"},
         [](Settings& s, const std::string& v) -> core::Status {
             s.smtp_username = v;
             return {};
         }},
        {{"smtp_password", "SMTP password (prefer the environment or the file to a flag)", true},
         [](Settings& s, const std::string& v) -> core::Status {
             s.smtp_password = v;
             return {};
         }},
        {{"bank_transfer_timeout_minutes", "minutes an order paid by bank transfer may stay unpaid"},
         IntSetter(&Settings::bank_transfer_timeout_minutes, 1, 60 * 24 * 14)},
        {{"card_payment_timeout_minutes", "minutes an order paid by card may stay unpaid"},
         IntSetter(&Settings::card_payment_timeout_minutes, 1, 60 * 24)},
        {{"payment_sweep_seconds", "how often each server cancels orders unpaid in time"},
         IntSetter(&Settings::payment_sweep_seconds, 1, 3600)},
        {{"test_gateway_secret", "the secret the test card gateway signs its webhooks with", true},
         [](Settings& s, const std::string& v) -> core::Status {
             if (v.size() < 16) return Bad("must be at least 16 characters");
             s.test_gateway_secret = v;
             return {};
         }},
    };
    return entries;
}

std::string EnvName(const std::string& key) {
    std::string out = "JANGTEO_";
    for (char c : key) out.push_back(c == '.' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c));
    return out;
}

}  // namespace

const std::vector<SettingSpec>& SettingSpecs() {
    static const std::vector<SettingSpec> specs = [] {
        std::vector<SettingSpec> out;
        for (const auto& e : Entries()) out.push_back(e.spec);
        return out;
    }();
    return specs;
}

core::Result<SettingValues> ReadSettingsFile(const std::string& path) {
    toml::table table;
    try {
        table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        return Bad("config file " + path + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                   ": " + std::string(e.description()));
    }
    SettingValues values;
    std::string unknown;
    auto take = [&](const std::string& key, const toml::node& node) {
        // value_exact: a permissive value<std::int64_t>() would read `migrate = false` as "0".
        if (auto s = node.value_exact<std::string>()) {
            values[key] = *s;
        } else if (auto i = node.value_exact<std::int64_t>()) {
            values[key] = std::to_string(*i);
        } else if (auto b = node.value_exact<bool>()) {
            values[key] = *b ? "true" : "false";
        } else {
            values[key] = "\x01";  // a table or array where a value belongs; refused below as unknown
        }
    };
    for (const auto& [k, node] : table) {
        std::string key(k.str());
        if (key == "operator" && node.is_table()) {
            for (const auto& [sk, sub] : *node.as_table()) take("operator." + std::string(sk.str()), sub);
        } else {
            take(key, node);
        }
    }
    for (const auto& [key, value] : values) {
        bool known = false;
        for (const auto& e : Entries()) known |= e.spec.key == key;
        if (!known) return Bad("config file " + path + ": unknown setting '" + key + "'");
        if (value == "\x01") return Bad("config file " + path + ": setting '" + key + "' must be a value");
    }
    return values;
}

SettingValues ReadSettingsEnv(const std::vector<std::string>& environ_lines) {
    SettingValues values;
    for (const auto& e : Entries()) {
        std::string name = EnvName(e.spec.key) + "=";
        for (const auto& line : environ_lines) {
            if (line.starts_with(name)) values[e.spec.key] = line.substr(name.size());
        }
    }
    return values;
}

core::Result<Settings> ResolveSettings(const std::vector<std::pair<std::string, SettingValues>>& sources) {
    Settings settings;
    for (const auto& [source, values] : sources) {
        for (const auto& [key, value] : values) {
            const Entry* entry = nullptr;
            for (const auto& e : Entries()) {
                if (e.spec.key == key) entry = &e;
            }
            if (!entry) return Bad("unknown setting '" + key + "' (from " + source + ")");
            core::Status st = entry->set(settings, value);
            if (!st.ok()) {
                std::string shown = value.size() > 80 ? value.substr(0, 80) + "…" : value;
                if (entry->spec.secret) shown = "(secret)";
                return Bad("bad setting " + key + "=\"" + shown + "\" (from " + source + "): " + st.error().message);
            }
        }
    }
    if (settings.mail_sender == MailSender::kSmtp && settings.smtp_url.empty()) {
        return Bad("mail_sender=smtp needs smtp_url (e.g. smtp://mail.example.kr:587)");
    }
    return settings;
}

}  // namespace jangteo::app

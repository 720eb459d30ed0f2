// Settings of the jangteo binary. Each setting can come from a command-line flag, a JANGTEO_*
// environment variable or a TOML file (--config / JANGTEO_CONFIG); flags beat the environment,
// which beats the file, which beats the defaults. A bad value stops start-up with one clear line.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/log.hpp"
#include "platform/operator.hpp"

namespace jangteo::app {

// Where email goes: files in mail_dir (development, tests, the demo) or an SMTP server.
enum class MailSender { kDev, kSmtp };

struct Settings {
    std::string db = "./data/jangteo.db";
    std::string listen_host = "127.0.0.1";
    unsigned short listen_port = 8080;
    int threads = 0;  // 0: the number of cores
    std::string web_root = "./web/dist";
    core::log::Level log_level = core::log::Level::kInfo;
    core::log::Format log_format = core::log::Format::kJson;
    bool migrate = true;
    int db_pool_size = 0;  // 0: derived from the threads
    int db_acquire_timeout_ms = 5000;
    bool sqlite_synchronous_full = true;
    std::size_t body_limit = 1 << 20;
    std::size_t header_limit = 16 << 10;
    int max_connections = 4096;
    int header_timeout_ms = 15'000;
    int body_timeout_ms = 30'000;
    int shutdown_grace_ms = 10'000;
    platform::OperatorDefaults operator_defaults;
    std::string region_file;                    // a TOML file of the region and its districts; empty: Busan
    std::string media_dir = "./data/media";     // uploaded images, by content hash
    std::size_t image_max_bytes = 10 << 20;     // largest image upload
    std::size_t csv_max_bytes = 20 << 20;       // largest product CSV upload
    std::size_t detail_cache_entries = 50'000;  // rendered product pages kept in memory
    std::size_t page_cache_entries = 2'000;     // rendered browsing pages (category pages) kept
    // Addresses of reverse proxies in front of the server, whose X-Forwarded-For names the client
    // (for sign-in limits, the audit log and the access log). Empty: the peer is the client.
    std::vector<std::string> trusted_proxies;
    // Where the web app is reached from outside, http(s)://host[:port] without a path: links in mails.
    std::string public_url = "http://127.0.0.1:8080";
    MailSender mail_sender = MailSender::kDev;
    std::string mail_dir = "./data/outbox";  // the dev sender's folder, and every SMS (no gateway yet)
    std::string mail_from = "Jangteo <no-reply@localhost>";
    std::string smtp_url;  // smtp://host[:port] or smtps://host[:port]; required with mail_sender = smtp
    std::string smtp_username;
    std::string smtp_password;  // a secret: never logged, printed or shown in an error
    // Orders paid by bank transfer or card are cancelled, and their stock released, when unpaid this long.
    int bank_transfer_timeout_minutes = 30;
    int card_payment_timeout_minutes = 15;
    int payment_sweep_seconds = 15;  // how often each server looks for such orders
    // The secret the test card gateway signs its webhooks with (docs/payments.md). A secret: never shown.
    std::string test_gateway_secret = "jangteo-test-gateway-secret";
};

// One setting's spellings: `listen` is flag --listen, variable JANGTEO_LISTEN and file key `listen`.
struct SettingSpec {
    std::string key;          // TOML key and flag name (with '-' for '_')
    std::string description;  // for --help
    bool secret = false;      // its value is never shown (in errors, for instance)
};
const std::vector<SettingSpec>& SettingSpecs();

// Values by key, as text, from one source.
using SettingValues = std::map<std::string, std::string>;

// Reads a TOML file: top-level keys and the [operator] table (as operator.name_ko, …).
core::Result<SettingValues> ReadSettingsFile(const std::string& path);
// Reads JANGTEO_<KEY> variables (operator.name_ko as JANGTEO_OPERATOR_NAME_KO).
SettingValues ReadSettingsEnv(const std::vector<std::string>& environ_lines);

// Applies the sources in order (later ones win), then checks the settings that depend on each other
// (mail_sender = smtp needs smtp_url). An error names the setting, its source and what is wrong, and
// never shows a secret's value.
core::Result<Settings> ResolveSettings(const std::vector<std::pair<std::string, SettingValues>>& sources);

}  // namespace jangteo::app

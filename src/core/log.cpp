#include "core/log.hpp"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <mutex>

#include "core/clock.hpp"
#include "core/json.hpp"

namespace jangteo::core::log {

namespace {
std::atomic<int> g_level{static_cast<int>(Level::kInfo)};
std::atomic<Format> g_format{Format::kText};
std::mutex g_mu;
std::shared_ptr<spdlog::logger> g_logger;     // owner, guarded by g_mu
std::atomic<spdlog::logger*> g_raw{nullptr};  // read without a lock on every line

std::string_view LevelName(Level level) {
    switch (level) {
        case Level::kDebug: return "debug";
        case Level::kInfo: return "info";
        case Level::kWarn: return "warn";
        case Level::kError: return "error";
        case Level::kOff: return "off";
    }
    return "info";
}

void AppendValue(std::string& out, const Field::Value& value, bool json) {
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string_view>) {
                // Text form quotes only values that would otherwise be ambiguous.
                if (json || v.empty() || std::any_of(v.begin(), v.end(), [](char c) {
                        return c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20;
                    })) {
                    AppendJsonString(out, v);
                } else {
                    out.append(v);
                }
            } else if constexpr (std::is_same_v<T, bool>) {
                out += v ? "true" : "false";
            } else if (std::is_same_v<T, double> && json && !std::isfinite(static_cast<double>(v))) {
                out += "null";  // JSON has no NaN or infinity
            } else {
                char buf[32];
                auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
                out.append(buf, end);
            }
        },
        value);
}

}  // namespace

std::string Render(Format format, Level level, std::string_view time, std::string_view event,
                   std::initializer_list<Field> fields) {
    std::string out;
    out.reserve(128);
    if (format == Format::kJson) {
        out += "{\"time\":\"";
        out += time;
        out += "\",\"level\":\"";
        out += LevelName(level);
        out += "\",\"event\":";
        AppendJsonString(out, event);
        for (const Field& f : fields) {
            out.push_back(',');
            AppendJsonString(out, f.key);
            out.push_back(':');
            AppendValue(out, f.value, true);
        }
        out.push_back('}');
    } else {
        out += time;
        out.push_back(' ');
        out += LevelName(level);
        out.push_back(' ');
        out += event;
        for (const Field& f : fields) {
            out.push_back(' ');
            out += f.key;
            out.push_back('=');
            AppendValue(out, f.value, false);
        }
    }
    return out;
}

void Configure(Level level, Format format) {
    g_level = static_cast<int>(level);
    g_format = format;
    std::lock_guard lock(g_mu);
    if (!g_logger) {
        // A bounded queue and one writer thread: a request never waits on the terminal or the disk
        // unless 8192 lines are already waiting, and then it waits rather than losing lines.
        spdlog::init_thread_pool(8192, 1);
        auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
        g_logger = std::make_shared<spdlog::async_logger>("jangteo", sink, spdlog::thread_pool(),
                                                          spdlog::async_overflow_policy::block);
        g_logger->set_pattern("%v");
        g_logger->set_level(spdlog::level::trace);
        g_raw = g_logger.get();
    }
}

void Shutdown() {
    // Called after every thread that logs has stopped.
    std::shared_ptr<spdlog::logger> logger;
    {
        std::lock_guard lock(g_mu);
        g_raw = nullptr;
        logger = std::move(g_logger);
    }
    if (logger) logger->flush();
    logger.reset();
    spdlog::shutdown();
}

bool Enabled(Level level) {
    return static_cast<int>(level) >= g_level.load(std::memory_order_relaxed);
}

void Write(Level level, std::string_view event, std::initializer_list<Field> fields) {
    std::string time = FormatRfc3339(SystemClock().Now());
    std::string line = Render(g_format.load(std::memory_order_relaxed), level, time, event, fields);
    if (auto* logger = g_raw.load(std::memory_order_acquire)) {
        logger->log(spdlog::level::info, line);
    } else {
        // Before Configure (tools, tests): write straight to standard error.
        line.push_back('\n');
        std::fwrite(line.data(), 1, line.size(), stderr);
    }
}

}  // namespace jangteo::core::log

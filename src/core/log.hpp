// Structured logging. Every line is an event with fields, written by one asynchronous logger with a
// bounded queue, as JSON (one object a line) or as text for a person at a terminal.
//
//   core::log::Info("request", {{"id", id}, {"status", 200}, {"us", 153}});
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace jangteo::core::log {

enum class Level { kDebug, kInfo, kWarn, kError, kOff };
enum class Format { kText, kJson };

struct Field {
    using Value = std::variant<std::string_view, std::int64_t, double, bool>;
    std::string_view key;
    Value value;

    Field(std::string_view k, std::string_view v) : key(k), value(v) {}
    Field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
    Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
    Field(std::string_view k, std::int64_t v) : key(k), value(v) {}
    Field(std::string_view k, int v) : key(k), value(static_cast<std::int64_t>(v)) {}
    Field(std::string_view k, unsigned v) : key(k), value(static_cast<std::int64_t>(v)) {}
    Field(std::string_view k, std::uint64_t v) : key(k), value(static_cast<std::int64_t>(v)) {}
    Field(std::string_view k, double v) : key(k), value(v) {}
    Field(std::string_view k, bool v) : key(k), value(v) {}
};

// Sets up the process's logger, writing to standard error. Call once at start-up; safe to call again.
void Configure(Level level, Format format);
// Flushes and stops the background writer (at shutdown).
void Shutdown();

bool Enabled(Level level);
void Write(Level level, std::string_view event, std::initializer_list<Field> fields);

inline void Debug(std::string_view event, std::initializer_list<Field> fields = {}) {
    if (Enabled(Level::kDebug)) Write(Level::kDebug, event, fields);
}
inline void Info(std::string_view event, std::initializer_list<Field> fields = {}) {
    if (Enabled(Level::kInfo)) Write(Level::kInfo, event, fields);
}
inline void Warn(std::string_view event, std::initializer_list<Field> fields = {}) {
    if (Enabled(Level::kWarn)) Write(Level::kWarn, event, fields);
}
inline void Error(std::string_view event, std::initializer_list<Field> fields = {}) {
    if (Enabled(Level::kError)) Write(Level::kError, event, fields);
}

// The line as it would be written, without the time (for tests).
std::string Render(Format format, Level level, std::string_view time, std::string_view event,
                   std::initializer_list<Field> fields);

}  // namespace jangteo::core::log

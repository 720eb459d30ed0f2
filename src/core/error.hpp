// Expected failures as values. A domain function returns Result<T>; the HTTP layer maps the
// protocol-neutral ErrorCode to a status in one place (http/problem.cpp), so no domain code speaks HTTP.
//
//   Result<Money> Parse(std::string_view s) {
//       if (s.empty()) return Error::Invalid("amount_required", "amount is required", {{"amount", "required"}});
//       ...
//   }
#pragma once

#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace jangteo::core {

enum class ErrorCode {
    kMalformed,           // the input cannot be read at all (not JSON, bad encoding)
    kInvalidArgument,     // the input is readable but breaks a rule (a field is missing or out of range)
    kNotFound,            // no such object, or not visible to the caller
    kAlreadyExists,       // a unique key is taken
    kConflict,            // the object's current state does not allow this (e.g. a transition)
    kFailedPrecondition,  // a precondition outside the input does not hold (e.g. schema newer than the binary)
    kUnauthenticated,     // no or bad credentials
    kPermissionDenied,    // authenticated, but not allowed
    kResourceExhausted,   // a limit or quota is hit (rate limit, pool exhausted, too large)
    kUnavailable,         // a dependency is down or busy; retrying may help
    kInternal,            // a bug or an unexpected failure
};

std::string_view ErrorCodeName(ErrorCode code);

// A value that a field error's words need (an amount, a limit), so that a client can say it in its
// own language: {"price_won": 9000}. Most field errors have none.
struct FieldParam {
    std::string name;
    std::variant<std::int64_t, std::string> value;

    bool operator==(const FieldParam&) const = default;
};

struct FieldError {
    std::string field;               // JSON path of the offending field, e.g. "address.postal_code"
    std::string code;                // stable snake_case word for what is wrong ("required"); clients translate it
    std::string message;             // what is wrong, for a person (English; the web app shows its own words by code)
    std::vector<FieldParam> params;  // the figures of the message, by name (answered as "params")

    bool operator==(const FieldError&) const = default;
};

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string reason;   // stable snake_case word for this case, e.g. "insufficient_stock"
    std::string message;  // for a person; never contains secrets
    std::vector<FieldError> fields;
    // For kResourceExhausted and kUnavailable: how long to wait before trying again, in seconds
    // (the HTTP layer's Retry-After); 0 when there is nothing to say.
    std::int64_t retry_after_seconds = 0;

    static Error Malformed(std::string reason, std::string message);
    static Error Invalid(std::string reason, std::string message, std::vector<FieldError> fields = {});
    static Error NotFound(std::string reason, std::string message);
    static Error AlreadyExists(std::string reason, std::string message);
    static Error Conflict(std::string reason, std::string message);
    static Error FailedPrecondition(std::string reason, std::string message);
    static Error Unauthenticated(std::string reason, std::string message);
    static Error PermissionDenied(std::string reason, std::string message);
    static Error ResourceExhausted(std::string reason, std::string message);
    static Error Unavailable(std::string reason, std::string message);
    static Error Internal(std::string reason, std::string message);
};

// Result<T> holds a T or an Error. Result<void> is the plain success-or-error form.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(state_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(state_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(state_));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const& {
        assert(!ok());
        return std::get<1>(state_);
    }
    Error&& error() && {
        assert(!ok());
        return std::get<1>(std::move(state_));
    }

private:
    std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return !error_.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const& {
        assert(!ok());
        return *error_;
    }
    Error&& error() && {
        assert(!ok());
        return std::move(*error_);
    }

private:
    std::optional<Error> error_;
};

using Status = Result<void>;

}  // namespace jangteo::core

// Propagates an error: `JANGTEO_TRY(auto rows, tx.Query(...));` or `JANGTEO_TRY_STATUS(tx.Exec(...));`
// `decl` is a declaration, so it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define JANGTEO_CONCAT_INNER(a, b) a##b
#define JANGTEO_CONCAT(a, b) JANGTEO_CONCAT_INNER(a, b)
#define JANGTEO_TRY_IMPL(tmp, decl, expr)         \
    auto tmp = (expr);                            \
    if (!tmp.ok()) return std::move(tmp).error(); \
    decl = std::move(tmp).value()
#define JANGTEO_TRY(decl, expr) JANGTEO_TRY_IMPL(JANGTEO_CONCAT(jangteo_try_, __LINE__), decl, expr)
#define JANGTEO_TRY_STATUS(expr)                                              \
    do {                                                                      \
        auto jangteo_status_ = (expr);                                        \
        if (!jangteo_status_.ok()) return std::move(jangteo_status_).error(); \
    } while (false)
// NOLINTEND(bugprone-macro-parentheses)

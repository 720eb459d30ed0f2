// Errors as application/problem+json (RFC 9457). The one map from the domain's error codes to HTTP
// statuses lives here; nothing below the HTTP layer knows a status code.
#pragma once

#include <string_view>

#include "core/error.hpp"
#include "core/json.hpp"
#include "http/message.hpp"

namespace jangteo::http {

int StatusFor(core::ErrorCode code);
std::string_view StatusTitle(int status);

// One field error as the problem's `errors` list has it: field, code, message, and params when it has
// any. Answers that carry warnings in the same shape use it too.
core::json::object FieldErrorJson(const core::FieldError& error);

// The problem answer for an error. `type` is "/problems/<reason>", stable per case; an internal
// error's message is replaced by a generic one, so no SQL or stack detail reaches a client.
Response ProblemResponse(const core::Error& error, std::string_view request_id);
// A problem answer for a protocol-level failure (404, 405, 413, 415, …).
Response ProblemResponse(int status, std::string_view reason, std::string_view detail, std::string_view request_id);

}  // namespace jangteo::http

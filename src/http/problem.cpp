#include "http/problem.hpp"

#include <algorithm>

namespace jangteo::http {

using core::ErrorCode;

int StatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kMalformed: return 400;
        case ErrorCode::kInvalidArgument: return 422;
        case ErrorCode::kNotFound: return 404;
        case ErrorCode::kAlreadyExists: return 409;
        case ErrorCode::kConflict: return 409;
        // The state of the object or the merchant does not allow the change (a lifecycle step, a
        // limit of live objects, the last owner): a conflict with the current state, as docs/api.md
        // says. HTTP's 412 belongs to conditional request headers, which this API does not use.
        case ErrorCode::kFailedPrecondition: return 409;
        case ErrorCode::kUnauthenticated: return 401;
        case ErrorCode::kPermissionDenied: return 403;
        case ErrorCode::kResourceExhausted: return 429;
        case ErrorCode::kUnavailable: return 503;
        case ErrorCode::kInternal: return 500;
    }
    return 500;
}

std::string_view StatusTitle(int status) {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 204: return "No Content";
        case 304: return "Not Modified";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 411: return "Length Required";
        case 412: return "Precondition Failed";
        case 413: return "Content Too Large";
        case 415: return "Unsupported Media Type";
        case 422: return "Unprocessable Content";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 503: return "Service Unavailable";
        default: return status < 500 ? "Client Error" : "Server Error";
    }
}

core::json::object FieldErrorJson(const core::FieldError& f) {
    core::json::object out{{"field", f.field}, {"code", f.code}, {"message", f.message}};
    if (!f.params.empty()) {
        core::json::object params;
        for (const auto& p : f.params) {
            if (const auto* n = std::get_if<std::int64_t>(&p.value)) {
                params[p.name] = *n;
            } else {
                params[p.name] = std::get<std::string>(p.value);
            }
        }
        out["params"] = std::move(params);
    }
    return out;
}

namespace {
Response Render(int status, std::string_view reason, std::string_view detail, std::string_view request_id,
                const std::vector<core::FieldError>* fields) {
    core::json::object body;
    body["type"] = "/problems/" + std::string(reason);
    body["title"] = StatusTitle(status);
    body["status"] = status;
    body["detail"] = detail;
    body["request_id"] = request_id;
    if (fields && !fields->empty()) {
        core::json::array errors;
        for (const auto& f : *fields) errors.push_back(FieldErrorJson(f));
        body["errors"] = std::move(errors);
    }
    Response r = Response::Json(status, body);
    r.content_type = "application/problem+json";
    return r;
}
}  // namespace

Response ProblemResponse(const core::Error& error, std::string_view request_id) {
    int status = StatusFor(error.code);
    if (error.code == ErrorCode::kInternal) {
        return Render(status, "internal", "an unexpected error occurred; quote the request id when reporting it",
                      request_id, nullptr);
    }
    if (error.code == ErrorCode::kUnavailable) {
        Response r = Render(status, error.reason, "the service is busy or a dependency is unavailable; try again",
                            request_id, nullptr);
        r.SetHeader("Retry-After", std::to_string(std::max<std::int64_t>(1, error.retry_after_seconds)));
        return r;
    }
    Response r = Render(status, error.reason, error.message, request_id, &error.fields);
    if (error.retry_after_seconds > 0) r.SetHeader("Retry-After", std::to_string(error.retry_after_seconds));
    return r;
}

Response ProblemResponse(int status, std::string_view reason, std::string_view detail, std::string_view request_id) {
    return Render(status, reason, detail, request_id, nullptr);
}

}  // namespace jangteo::http

#include "core/error.hpp"

namespace jangteo::core {

std::string_view ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kMalformed: return "malformed";
        case ErrorCode::kInvalidArgument: return "invalid_argument";
        case ErrorCode::kNotFound: return "not_found";
        case ErrorCode::kAlreadyExists: return "already_exists";
        case ErrorCode::kConflict: return "conflict";
        case ErrorCode::kFailedPrecondition: return "failed_precondition";
        case ErrorCode::kUnauthenticated: return "unauthenticated";
        case ErrorCode::kPermissionDenied: return "permission_denied";
        case ErrorCode::kResourceExhausted: return "resource_exhausted";
        case ErrorCode::kUnavailable: return "unavailable";
        case ErrorCode::kInternal: return "internal";
    }
    return "internal";
}

namespace {
Error Make(ErrorCode code, std::string reason, std::string message, std::vector<FieldError> fields = {}) {
    return Error{code, std::move(reason), std::move(message), std::move(fields)};
}
}  // namespace

Error Error::Malformed(std::string reason, std::string message) {
    return Make(ErrorCode::kMalformed, std::move(reason), std::move(message));
}
Error Error::Invalid(std::string reason, std::string message, std::vector<FieldError> fields) {
    return Make(ErrorCode::kInvalidArgument, std::move(reason), std::move(message), std::move(fields));
}
Error Error::NotFound(std::string reason, std::string message) {
    return Make(ErrorCode::kNotFound, std::move(reason), std::move(message));
}
Error Error::AlreadyExists(std::string reason, std::string message) {
    return Make(ErrorCode::kAlreadyExists, std::move(reason), std::move(message));
}
Error Error::Conflict(std::string reason, std::string message) {
    return Make(ErrorCode::kConflict, std::move(reason), std::move(message));
}
Error Error::FailedPrecondition(std::string reason, std::string message) {
    return Make(ErrorCode::kFailedPrecondition, std::move(reason), std::move(message));
}
Error Error::Unauthenticated(std::string reason, std::string message) {
    return Make(ErrorCode::kUnauthenticated, std::move(reason), std::move(message));
}
Error Error::PermissionDenied(std::string reason, std::string message) {
    return Make(ErrorCode::kPermissionDenied, std::move(reason), std::move(message));
}
Error Error::ResourceExhausted(std::string reason, std::string message) {
    return Make(ErrorCode::kResourceExhausted, std::move(reason), std::move(message));
}
Error Error::Unavailable(std::string reason, std::string message) {
    return Make(ErrorCode::kUnavailable, std::move(reason), std::move(message));
}
Error Error::Internal(std::string reason, std::string message) {
    return Make(ErrorCode::kInternal, std::move(reason), std::move(message));
}

}  // namespace jangteo::core

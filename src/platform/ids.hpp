// The typed ids of the platform module, in one place so that every part (and every other module)
// names them the same way. Each prefix is what the public form starts with: usr_0k4m2x9c1q7ta.
#pragma once

#include <string_view>

#include "core/id.hpp"

namespace jangteo::platform {

struct UserTag {
    static constexpr std::string_view kPrefix = "usr";
};
using UserId = core::Id<UserTag>;

struct SessionTag {
    static constexpr std::string_view kPrefix = "ses";
};
using SessionId = core::Id<SessionTag>;

struct MerchantTag {
    static constexpr std::string_view kPrefix = "mrc";
};
using MerchantId = core::Id<MerchantTag>;

struct ApiKeyTag {
    static constexpr std::string_view kPrefix = "key";
};
using ApiKeyId = core::Id<ApiKeyTag>;

struct InvitationTag {
    static constexpr std::string_view kPrefix = "inv";
};
using InvitationId = core::Id<InvitationTag>;

struct AuditEventTag {
    static constexpr std::string_view kPrefix = "aud";
};
using AuditEventId = core::Id<AuditEventTag>;

struct MessageTag {
    static constexpr std::string_view kPrefix = "msg";
};
using MessageId = core::Id<MessageTag>;

struct PasswordResetTag {
    static constexpr std::string_view kPrefix = "pwr";
};
using PasswordResetId = core::Id<PasswordResetTag>;

struct JobTag {
    static constexpr std::string_view kPrefix = "job";
};
using JobId = core::Id<JobTag>;

}  // namespace jangteo::platform

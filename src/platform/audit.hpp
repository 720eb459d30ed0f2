// The audit log of security events: sign-ins and failed sign-ins, role and status changes, API key
// creation and revocation, staff invitations. An event is written in the same transaction as the
// change it records, so a change and its record stand or fall together. The operator reads the whole
// log; a merchant reads the events of its own merchant.
//
//   db.Write([&](store::Tx& tx) -> core::Status {
//       ... the change ...
//       return platform::RecordAudit(tx, clock, random, {.action = "merchant.approved",
//                                                        .actor_user = admin_id,
//                                                        .merchant = merchant_id,
//                                                        .subject = merchant_id.ToString(),
//                                                        .detail = {{"reason", reason}}});
//   });
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

// What happened, as a stable dotted word ("user.signed_in", "merchant.approved", "api_key.revoked"),
// who did it (a user, an API key, or neither for the system), for which merchant, about what.
struct AuditEvent {
    std::string action;
    std::optional<UserId> actor_user;
    std::optional<ApiKeyId> actor_key;
    std::optional<MerchantId> merchant;
    std::string subject;         // the public id or address the event is about, e.g. "usr_…", "key_…"
    std::string client_address;  // where the request came from, when there was one
    core::json::object detail;   // small and free of secrets: a reason, a role, scopes
};

struct AuditRecord {
    AuditEventId id;
    core::TimePoint occurred_at;
    AuditEvent event;
};

// Writes `event` inside `tx` (a Write transaction). Text is cut to sane lengths; never fails for
// long input.
core::Status RecordAudit(store::Tx& tx, core::Clock& clock, core::Random& random, const AuditEvent& event);

struct AuditQuery {
    std::optional<MerchantId> merchant;  // only this merchant's events; all when absent (the operator)
    std::optional<std::string> action;   // only this action
    // Keyset paging, newest first: the cursor a previous page answered.
    std::optional<std::string> cursor;
    int limit = 50;  // 1..200
};

struct AuditPage {
    std::vector<AuditRecord> items;
    std::optional<std::string> next_cursor;
};

class AuditLog {
public:
    explicit AuditLog(store::Db& db) : db_(db) {}
    // kInvalidArgument "bad_cursor" (field cursor) / "bad_limit" (field limit) for bad paging input.
    core::Result<AuditPage> List(const AuditQuery& query);

private:
    store::Db& db_;
};

}  // namespace jangteo::platform

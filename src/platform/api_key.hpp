// API keys: how a merchant's programs (POS devices at the counter, partner systems) call the API
// without a person signing in. A key belongs to one merchant, holds scopes that name what it may do
// ("catalog:write", "pos"), and reaches only routes that accept one of its scopes. The secret is
// shown once, at creation; the store keeps only its SHA-256, so neither a database copy nor the
// back office can show it again. Revoking is immediate: the next request with it is refused.
//
//   platform::ApiKeyService keys(db, clock, random);
//   auto made = keys.Create(merchant_id, owner_id, {.name = "1번 계산대", .scopes = {"pos"}}, address);
//   // show made->secret once: "jtk_…"; then, per request:
//   auto key = keys.Resolve(bearer_token);   // Result<ResolvedApiKey>: merchant and scopes
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

// A scope a key may hold, with what it allows in both languages.
struct ApiKeyScope {
    std::string_view scope;
    std::string_view description_ko;
    std::string_view description_en;
};
// Every scope there is, in display order.
std::span<const ApiKeyScope> ApiKeyScopes();
bool IsKnownApiKeyScope(std::string_view scope);

// Secrets: "jtk_" and a 43-character session-style token (256 random bits).
inline constexpr std::string_view kApiKeySecretPrefix = "jtk_";
// How much of the secret the lists show, so that a person can tell keys apart: "jtk_AbCdEf".
inline constexpr std::size_t kApiKeyShownChars = 10;
inline constexpr std::size_t kMaxApiKeyNameCodePoints = 100;
// Live (unrevoked) keys per merchant.
inline constexpr int kMaxLiveApiKeys = 50;

struct ApiKey {
    ApiKeyId id;
    MerchantId merchant_id;
    std::string name;
    std::vector<std::string> scopes;  // sorted, without repeats
    std::string prefix;               // the first kApiKeyShownChars of the secret
    std::optional<UserId> created_by;
    std::string created_by_name;  // in List only
    core::TimePoint created_at;
    std::optional<core::TimePoint> last_used_at;
    std::optional<core::TimePoint> revoked_at;
    // A POS device's key is bound to one location (an inventory location's key: platform does not know
    // locations, the flow that makes device keys checks it); such a key holds the scope "pos" only.
    std::optional<std::int64_t> location_key;
};

struct NewApiKeyInput {
    std::string name;
    std::vector<std::string> scopes;
    std::optional<std::int64_t> location_key;  // a device key: the caller checked the location
    std::string location_ref;                  // and its public id, for the audit log
};

struct NewApiKey {
    ApiKey key;
    std::string secret;  // exists only in this answer
};

// What a request authenticated by a key may do.
struct ResolvedApiKey {
    ApiKeyId id;
    MerchantId merchant_id;
    std::vector<std::string> scopes;
    std::string merchant_status;               // "approved", "suspended", …: keys work only for an approved merchant
    UserId created_by;                         // the owner who made it: what a program does is recorded as theirs
    std::optional<std::int64_t> location_key;  // a POS device's location
    bool Has(std::string_view scope) const;
};

// Thread-safe: holds references only.
class ApiKeyService {
public:
    ApiKeyService(store::Db& db, core::Clock& clock, core::Random& random) : db_(db), clock_(clock), random_(random) {}

    // A new key of `merchant`, made by `actor` (an owner: the route checks that). Field errors on
    // name (required, too_long, invalid_text) and scopes (required, unknown_scope); more than
    // kMaxLiveApiKeys live keys answers kFailedPrecondition "too_many_api_keys". Records
    // "api_key.created" in the audit log.
    core::Result<NewApiKey> Create(MerchantId merchant, UserId actor, const NewApiKeyInput& input,
                                   std::string_view client_address);
    // The same inside the caller's write transaction (a device key, made after its location is checked).
    core::Result<NewApiKey> CreateInTx(store::Tx& tx, MerchantId merchant, UserId actor, const NewApiKeyInput& input,
                                       std::string_view client_address);

    // The merchant's keys, live ones first, each newest first, with their creators' names.
    core::Result<std::vector<ApiKey>> List(MerchantId merchant);

    // Revokes a live key of `merchant`. A key of another merchant, an unknown or an already revoked
    // one answers kNotFound "api_key_not_found" and changes nothing. Records "api_key.revoked".
    core::Status Revoke(MerchantId merchant, ApiKeyId key, UserId actor, std::string_view client_address);

    // The live key whose secret this is; kUnauthenticated "api_key_invalid" otherwise (malformed,
    // unknown or revoked). Writes last-used at most once a minute.
    core::Result<ResolvedApiKey> Resolve(std::string_view secret);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace jangteo::platform

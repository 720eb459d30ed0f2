#include "platform/idempotency.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

#include "core/validate.hpp"

namespace jangteo::platform {

namespace {

// The first request with a key makes the row; every other one finds it (two at once: the second
// insert waits for the first to commit, then does nothing).
constexpr store::Sql kClaimKey{
    "platform.claim_idempotency_key",
    "INSERT INTO platform_idempotency_keys (scope, key, request_hash, state, claim_token, locked_until_us,"
    " created_at_us) VALUES ($1, $2, $3, 'running', $4, $5, $6) ON CONFLICT (scope, key) DO NOTHING"};
constexpr store::Sql kGetKey{"platform.get_idempotency_key",
                             "SELECT request_hash, state, claim_token, response_status, response_body, locked_until_us"
                             " FROM platform_idempotency_keys WHERE scope = $1 AND key = $2"};
// Taking over a running claim whose lock expired: compare-and-set on the token read, so that of two
// requests taking it over at once one wins.
constexpr store::Sql kTakeOver{"platform.take_over_idempotency_key",
                               "UPDATE platform_idempotency_keys SET claim_token = $3, locked_until_us = $4"
                               " WHERE scope = $1 AND key = $2 AND state = 'running' AND claim_token = $5"
                               " AND locked_until_us <= $6"};
constexpr store::Sql kFinish{"platform.finish_idempotency_key",
                             "UPDATE platform_idempotency_keys SET state = 'done', response_status = $4,"
                             " response_body = $5 WHERE scope = $1 AND key = $2 AND state = 'running'"
                             " AND claim_token = $3"};
constexpr store::Sql kAbandon{"platform.abandon_idempotency_key",
                              "DELETE FROM platform_idempotency_keys WHERE scope = $1 AND key = $2"
                              " AND state = 'running' AND claim_token = $3"};
// DELETE ... LIMIT is SQLite-only; a limited subquery on the primary key works on both backends.
constexpr store::Sql kPurge{"platform.purge_idempotency_keys",
                            "DELETE FROM platform_idempotency_keys WHERE (scope, key) IN"
                            " (SELECT scope, key FROM platform_idempotency_keys WHERE created_at_us < $1 LIMIT $2)"};

void InitSodium() {
    // Idempotent and thread-safe (libsodium >= 1.0.11).
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::int64_t NewToken(core::Random& random) {
    return static_cast<std::int64_t>(random.NextU64() >> 1) | 1;
}

core::Error ClaimLost() {
    return core::Error::Conflict("idempotency_claim_lost",
                                 "the request outlived its idempotency lock and another request took the key over");
}

}  // namespace

std::string RequestHash(std::string_view request) {
    InitSodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(request.data()), request.size());
    std::string hex(crypto_hash_sha256_BYTES * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    hex.pop_back();
    return hex;
}

core::Result<IdempotencyBegin> IdempotencyService::Begin(std::string_view scope, std::string_view key,
                                                         std::string_view request_hash) {
    if (key.empty() || key.size() > kMaxIdempotencyKeyBytes || !core::IsPrintableAscii(key)) {
        return core::Error::Invalid("invalid_idempotency_key", "the Idempotency-Key is not acceptable",
                                    {{"Idempotency-Key", "invalid_idempotency_key",
                                      "must be 1 to 255 printable ASCII characters (a UUID, say)"}});
    }
    if (scope.empty() || scope.size() > kMaxIdempotencyScopeBytes || !core::IsPrintableAscii(scope) ||
        request_hash.empty() || !core::IsPrintableAscii(request_hash)) {
        // Both come from code, not from the client.
        return core::Error::Internal("bad_idempotency_scope", "an idempotency scope and request hash are required");
    }
    const std::int64_t token = NewToken(random_);
    return db_.Write([&](store::Tx& tx) -> core::Result<IdempotencyBegin> {
        const std::int64_t now = core::ToUnixMicros(clock_.Now());
        const std::int64_t until = now + options_.lock.count();
        JANGTEO_TRY(std::int64_t made, tx.Exec(kClaimKey, {scope, key, request_hash, token, until, now}));
        IdempotencyBegin begin;
        if (made == 1) {
            begin.claim = IdempotencyClaim{std::string(scope), std::string(key), token};
            return begin;
        }
        JANGTEO_TRY(store::Rows rows, tx.Query(kGetKey, {scope, key}));
        if (rows.empty()) {
            // Abandoned between our insert and our read: the client may simply try again.
            return core::Error::Conflict("idempotency_in_progress", "a request with this key is still running");
        }
        const store::RowView r = rows[0];
        if (r.TextView(0) != request_hash) {
            return core::Error::Invalid(
                "idempotency_key_reused", "this Idempotency-Key was used for a different request",
                {{"Idempotency-Key", "idempotency_key_reused", "was used for a different request; use a new key"}});
        }
        if (r.TextView(1) == "done") {
            begin.replay = IdempotencyReplay{static_cast<int>(r.Int(3)), r.Text(4)};
            return begin;
        }
        if (r.Int(5) > now) {
            core::Error busy =
                core::Error::Conflict("idempotency_in_progress", "a request with this key is still running");
            return busy;
        }
        JANGTEO_TRY(std::int64_t taken, tx.Exec(kTakeOver, {scope, key, token, until, r.Int(2), now}));
        if (taken != 1) {
            return core::Error::Conflict("idempotency_in_progress", "a request with this key is still running");
        }
        begin.claim = IdempotencyClaim{std::string(scope), std::string(key), token};
        return begin;
    });
}

core::Status IdempotencyService::FinishInTx(store::Tx& tx, const IdempotencyClaim& claim, int status,
                                            std::string_view body) {
    JANGTEO_TRY(std::int64_t changed, tx.Exec(kFinish, {std::string_view(claim.scope), std::string_view(claim.key),
                                                        claim.token, static_cast<std::int64_t>(status), body}));
    if (changed != 1) return ClaimLost();
    return {};
}

core::Status IdempotencyService::Finish(const IdempotencyClaim& claim, int status, std::string_view body) {
    return db_.Write([&](store::Tx& tx) { return FinishInTx(tx, claim, status, body); });
}

core::Status IdempotencyService::Abandon(const IdempotencyClaim& claim) {
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY_STATUS(
            tx.Exec(kAbandon, {std::string_view(claim.scope), std::string_view(claim.key), claim.token}));
        return {};
    });
}

core::Result<std::int64_t> IdempotencyService::PurgeBefore(core::TimePoint cutoff, std::int64_t limit) {
    return db_.Write([&](store::Tx& tx) -> core::Result<std::int64_t> {
        return tx.Exec(kPurge, {core::ToUnixMicros(cutoff), limit});
    });
}

}  // namespace jangteo::platform

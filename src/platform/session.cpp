#include "platform/session.hpp"

#include <sodium.h>

#include <stdexcept>
#include <utility>

namespace jangteo::platform {

namespace {

constexpr store::Sql kInsertSession{
    "platform.insert_session",
    "INSERT INTO platform_sessions (id, user_id, token_hash, csrf_hash, created_at_us, last_seen_at_us,"
    " expires_at_us, revoked_at_us, user_agent, client_address) VALUES ($1, $2, $3, $4, $5, $5, $6, NULL, $7, $8)"
    // Only a clash of the random id or of a 256-bit token hash can hit this: the caller retries.
    " ON CONFLICT DO NOTHING"};
constexpr store::Sql kFindSessionByToken{
    "platform.find_session_by_token",
    // A disabled user's sessions resolve to nothing: disabling signs the user out everywhere at once.
    "SELECT s.id, s.user_id, s.csrf_hash, s.created_at_us, s.last_seen_at_us, s.expires_at_us, s.revoked_at_us,"
    " s.user_agent, s.client_address FROM platform_sessions s JOIN platform_users u ON u.id = s.user_id"
    " WHERE s.token_hash = $1 AND u.status = 'active'"};
// Compare-and-set on the old value: of two requests that touch at once, one writes and the other
// changes nothing, and neither fails. A revoked session is never brought back to life.
constexpr store::Sql kTouchSession{"platform.touch_session",
                                   "UPDATE platform_sessions SET last_seen_at_us = $2"
                                   " WHERE id = $1 AND last_seen_at_us = $3 AND revoked_at_us IS NULL"};
constexpr store::Sql kListSessions{
    "platform.list_sessions",
    "SELECT id, user_id, created_at_us, last_seen_at_us, expires_at_us, user_agent, client_address"
    " FROM platform_sessions WHERE user_id = $1 AND revoked_at_us IS NULL AND expires_at_us > $2"
    " AND last_seen_at_us >= $3 ORDER BY created_at_us DESC, id DESC"};
constexpr store::Sql kRevokeSession{"platform.revoke_session",
                                    "UPDATE platform_sessions SET revoked_at_us = $3"
                                    " WHERE id = $1 AND user_id = $2 AND revoked_at_us IS NULL"};
// Ids are positive, so $2 = 0 keeps nothing.
constexpr store::Sql kRevokeOtherSessions{"platform.revoke_other_sessions",
                                          "UPDATE platform_sessions SET revoked_at_us = $3"
                                          " WHERE user_id = $1 AND id <> $2 AND revoked_at_us IS NULL"};
// DELETE ... LIMIT is SQLite-only (and only with a compile option); a limited subquery works on both.
constexpr store::Sql kPurgeSessions{
    "platform.purge_sessions",
    "DELETE FROM platform_sessions WHERE id IN (SELECT id FROM platform_sessions"
    " WHERE expires_at_us < $1 OR revoked_at_us < $1 OR last_seen_at_us < $2 LIMIT $3)"};

void InitSodium() {
    // Idempotent and thread-safe (libsodium >= 1.0.11).
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

core::Error Invalid() {
    return core::Error::Unauthenticated("session_invalid", "the session is not valid; please sign in");
}
core::Error Expired() {
    return core::Error::Unauthenticated("session_expired", "the session has expired; please sign in again");
}

bool IsBase64UrlChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

}  // namespace

std::string EncodeBase64Url(const std::array<std::uint8_t, kSessionTokenBytes>& bytes) {
    constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string out(sodium_base64_ENCODED_LEN(kSessionTokenBytes, kVariant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), kVariant);
    out.resize(kSessionTokenChars);  // drop the terminating NUL
    return out;
}

std::string NewSessionToken(core::Random& random) {
    std::array<std::uint8_t, kSessionTokenBytes> bytes{};
    random.Fill(bytes.data(), bytes.size());
    std::string token = EncodeBase64Url(bytes);
    sodium_memzero(bytes.data(), bytes.size());
    return token;
}

bool IsWellFormedSessionToken(std::string_view token) {
    if (token.size() != kSessionTokenChars) return false;
    for (char c : token) {
        if (!IsBase64UrlChar(c)) return false;
    }
    // 43 characters carry 258 bits for 256: the last character's two low bits must be zero, so that
    // each token has exactly one spelling.
    constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    return (kAlphabet.find(token.back()) & 0x3) == 0;
}

std::string HashSessionToken(std::string_view token) {
    InitSodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()), token.size());
    std::string hex(crypto_hash_sha256_BYTES * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    hex.pop_back();
    return hex;
}

std::string CsrfTokenFor(std::string_view session_token) {
    InitSodium();
    // A domain prefix keeps this hash apart from the stored token hash (plain SHA-256 of the token).
    constexpr std::string_view kDomain = "jangteo-csrf-v1:";
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(kDomain.data()), kDomain.size());
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(session_token.data()),
                              session_token.size());
    std::array<std::uint8_t, kSessionTokenBytes> digest{};
    static_assert(kSessionTokenBytes == crypto_hash_sha256_BYTES);
    crypto_hash_sha256_final(&state, digest.data());
    return EncodeBase64Url(digest);
}

std::string SanitizeHeaderText(std::string_view text, std::size_t max_bytes) {
    std::string out(text.substr(0, max_bytes));
    for (char& c : out) {
        if (c < 0x20 || c > 0x7E) c = '?';
    }
    return out;
}

core::Result<NewSession> SessionService::Create(UserId user_id, std::string_view user_agent,
                                                std::string_view client_address) {
    InitSodium();
    NewSession out;
    out.token = NewSessionToken(random_);
    out.csrf_token = CsrfTokenFor(out.token);
    Session& s = out.session;
    s.id = SessionId::New(random_);
    s.user_id = user_id;
    s.created_at = s.last_seen_at = clock_.Now();
    s.expires_at = s.created_at + options_.absolute_timeout;
    s.user_agent = SanitizeHeaderText(user_agent, kMaxUserAgentBytes);
    s.client_address = SanitizeHeaderText(client_address, kMaxClientAddressBytes);
    s.csrf_hash_ = HashSessionToken(out.csrf_token);
    std::string token_hash = HashSessionToken(out.token);

    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(std::int64_t inserted,
                    tx.Exec(kInsertSession,
                            {s.id.key(), user_id.key(), std::string_view(token_hash), std::string_view(s.csrf_hash_),
                             core::ToUnixMicros(s.created_at), core::ToUnixMicros(s.expires_at),
                             std::string_view(s.user_agent), std::string_view(s.client_address)}));
        if (inserted != 1) return core::Error::Unavailable("session_id_clash", "please try again");
        return {};
    }));
    return out;
}

core::Result<Session> SessionService::Resolve(std::string_view token) {
    if (!IsWellFormedSessionToken(token)) return Invalid();
    // The look-up is by hash: how long the index search takes tells nothing about valid tokens.
    std::string token_hash = HashSessionToken(token);
    std::optional<std::int64_t> revoked_at;
    JANGTEO_TRY(std::optional<Session> found, db_.Read([&](store::Tx& tx) -> core::Result<std::optional<Session>> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kFindSessionByToken, {std::string_view(token_hash)}));
        if (rows.empty()) return std::optional<Session>();
        const store::RowView row = rows[0];
        Session s;
        s.id = SessionId(row.Int(0));
        s.user_id = UserId(row.Int(1));
        s.csrf_hash_ = row.Text(2);
        s.created_at = core::FromUnixMicros(row.Int(3));
        s.last_seen_at = core::FromUnixMicros(row.Int(4));
        s.expires_at = core::FromUnixMicros(row.Int(5));
        revoked_at = row.OptInt(6);
        s.user_agent = row.Text(7);
        s.client_address = row.Text(8);
        return std::optional<Session>(std::move(s));
    }));
    if (!found || revoked_at) return Invalid();
    Session& s = *found;
    core::TimePoint now = clock_.Now();
    if (now >= s.expires_at || s.last_seen_at + options_.idle_timeout < now) return Expired();

    if (now - s.last_seen_at > options_.touch_interval) {
        std::int64_t old_seen = core::ToUnixMicros(s.last_seen_at);
        JANGTEO_TRY(std::int64_t touched, db_.Write([&](store::Tx& tx) -> core::Result<std::int64_t> {
            return tx.Exec(kTouchSession, {s.id.key(), core::ToUnixMicros(now), old_seen});
        }));
        // Zero rows: another request touched it (or it was revoked) meanwhile; this request was
        // authenticated when it arrived, which is what a revocation in flight can promise.
        if (touched == 1) s.last_seen_at = now;
    }
    return std::move(s);
}

bool SessionService::CheckCsrf(const Session& session, std::string_view csrf_token) const {
    if (session.csrf_hash_.size() != crypto_hash_sha256_BYTES * 2) return false;
    if (!IsWellFormedSessionToken(csrf_token)) return false;
    std::string presented = HashSessionToken(csrf_token);
    return sodium_memcmp(presented.data(), session.csrf_hash_.data(), presented.size()) == 0;
}

core::Result<std::vector<Session>> SessionService::List(UserId user_id) {
    core::TimePoint now = clock_.Now();
    return db_.Read([&](store::Tx& tx) -> core::Result<std::vector<Session>> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kListSessions, {user_id.key(), core::ToUnixMicros(now),
                                                               core::ToUnixMicros(now - options_.idle_timeout)}));
        std::vector<Session> out;
        out.reserve(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const store::RowView row = rows[i];
            Session& s = out.emplace_back();
            s.id = SessionId(row.Int(0));
            s.user_id = UserId(row.Int(1));
            s.created_at = core::FromUnixMicros(row.Int(2));
            s.last_seen_at = core::FromUnixMicros(row.Int(3));
            s.expires_at = core::FromUnixMicros(row.Int(4));
            s.user_agent = row.Text(5);
            s.client_address = row.Text(6);
        }
        return out;
    });
}

core::Status SessionService::Revoke(UserId user_id, SessionId session_id) {
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(std::int64_t changed, tx.Exec(kRevokeSession, {session_id.key(), user_id.key(), now}));
        // Another user's session looks exactly like a missing one: ids of others are not confirmed.
        if (changed != 1) return core::Error::NotFound("session_not_found", "no such session");
        return {};
    });
}

core::Result<std::int64_t> SessionService::RevokeAllExcept(UserId user_id, std::optional<SessionId> keep) {
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    std::int64_t keep_key = keep ? keep->key() : 0;
    return db_.Write([&](store::Tx& tx) -> core::Result<std::int64_t> {
        return tx.Exec(kRevokeOtherSessions, {user_id.key(), keep_key, now});
    });
}

core::Result<std::int64_t> SessionService::PurgeExpired(std::int64_t limit) {
    // Rows stay a day after their end, so that a request racing the end still gets the precise answer
    // ("expired" rather than "invalid") and a recent sign-out can still be looked into.
    constexpr auto kGrace = std::chrono::hours(24);
    core::TimePoint cutoff = clock_.Now() - kGrace;
    std::int64_t idle_cutoff = core::ToUnixMicros(cutoff - options_.idle_timeout);
    return db_.Write([&](store::Tx& tx) -> core::Result<std::int64_t> {
        return tx.Exec(kPurgeSessions, {core::ToUnixMicros(cutoff), idle_cutoff, limit});
    });
}

}  // namespace jangteo::platform

#include "platform/api_key.hpp"

#include <algorithm>
#include <array>

#include "core/validate.hpp"
#include "platform/audit.hpp"
#include "platform/session.hpp"

namespace jangteo::platform {

namespace {

constexpr std::array<ApiKeyScope, 10> kScopes{{
    {"merchant:read", "상점 정보 읽기", "Read the merchant's profile"},
    {"catalog:read", "상품 정보 읽기", "Read products and prices"},
    {"catalog:write", "상품 등록·수정", "Create and change products and prices"},
    {"inventory:read", "재고 읽기", "Read stock levels"},
    {"inventory:write", "재고 조정", "Adjust stock levels"},
    {"orders:read", "주문 읽기", "Read orders"},
    {"orders:write", "주문 처리", "Accept, fulfil and cancel orders"},
    {"customers:read", "고객 정보 읽기 (동의한 범위)", "Read customers (within their consent)"},
    {"pos", "매장 POS 단말: 판매 기록과 재고 조회", "Counter POS device: record sales, read stock"},
    {"reports:read", "매출·통계 읽기", "Read sales figures and statistics"},
}};

// The merchant's row lock (a no-op update) before the count, so that concurrent creations of one
// merchant's keys run one after the other and cannot pass the limit together.
constexpr store::Sql kLockMerchantForKeys{"platform.lock_merchant_for_keys",
                                          "UPDATE platform_merchants SET updated_at_us = updated_at_us WHERE id = $1"};
constexpr store::Sql kCountLiveKeys{
    "platform.count_live_api_keys",
    "SELECT count(*) FROM platform_api_keys WHERE merchant_id = $1 AND revoked_at_us IS NULL"};
constexpr store::Sql kInsertKey{
    "platform.insert_api_key",
    "INSERT INTO platform_api_keys (id, merchant_id, name, scopes, secret_hash, prefix, created_by, created_at_us,"
    " location_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
constexpr store::Sql kListKeys{
    "platform.list_api_keys",
    "SELECT k.id, k.name, k.scopes, k.prefix, k.created_by, u.name, k.created_at_us, k.last_used_at_us,"
    " k.revoked_at_us, k.location_id FROM platform_api_keys k LEFT JOIN platform_users u ON u.id = k.created_by"
    " WHERE k.merchant_id = $1"
    " ORDER BY CASE WHEN k.revoked_at_us IS NULL THEN 0 ELSE 1 END, k.created_at_us DESC, k.id DESC"};
constexpr store::Sql kRevokeKey{"platform.revoke_api_key",
                                "UPDATE platform_api_keys SET revoked_at_us = $3, revoked_by = $4"
                                " WHERE id = $1 AND merchant_id = $2 AND revoked_at_us IS NULL"};
constexpr store::Sql kFindKey{
    "platform.find_api_key",
    "SELECT k.id, k.merchant_id, k.scopes, k.last_used_at_us, m.status, k.created_by,"
    " k.location_id FROM platform_api_keys k JOIN platform_merchants m ON m.id = k.merchant_id"
    " WHERE k.secret_hash = $1 AND k.revoked_at_us IS NULL"};
constexpr store::Sql kTouchKey{"platform.touch_api_key",
                               "UPDATE platform_api_keys SET last_used_at_us = $2"
                               " WHERE id = $1 AND (last_used_at_us IS NULL OR last_used_at_us < $3)"};

constexpr auto kTouchInterval = std::chrono::minutes(1);

std::vector<std::string> SplitScopes(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        std::size_t space = text.find(' ');
        std::string_view word = text.substr(0, space);
        if (!word.empty()) out.emplace_back(word);
        if (space == std::string_view::npos) break;
        text.remove_prefix(space + 1);
    }
    return out;
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
    std::string out;
    for (const auto& s : scopes) {
        if (!out.empty()) out += ' ';
        out += s;
    }
    return out;
}

core::Error InvalidKey() {
    return core::Error::Unauthenticated("api_key_invalid", "the API key is not valid");
}

}  // namespace

std::span<const ApiKeyScope> ApiKeyScopes() {
    return kScopes;
}

bool IsKnownApiKeyScope(std::string_view scope) {
    return std::any_of(kScopes.begin(), kScopes.end(), [&](const ApiKeyScope& s) { return s.scope == scope; });
}

bool ResolvedApiKey::Has(std::string_view scope) const {
    return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

core::Result<NewApiKey> ApiKeyService::Create(MerchantId merchant, UserId actor, const NewApiKeyInput& input,
                                              std::string_view client_address) {
    return db_.Write([&](store::Tx& tx) { return CreateInTx(tx, merchant, actor, input, client_address); });
}

core::Result<NewApiKey> ApiKeyService::CreateInTx(store::Tx& tx, MerchantId merchant, UserId actor,
                                                  const NewApiKeyInput& input, std::string_view client_address) {
    std::vector<core::FieldError> problems;
    std::string name;
    if (auto n = core::NormalizeText(input.name, "name", {.max_code_points = kMaxApiKeyNameCodePoints}); n.ok()) {
        name = std::move(*n);
    } else {
        problems.push_back(n.error().fields.at(0));
    }
    std::vector<std::string> scopes = input.scopes;
    std::sort(scopes.begin(), scopes.end());
    scopes.erase(std::unique(scopes.begin(), scopes.end()), scopes.end());
    if (scopes.empty()) {
        problems.push_back({"scopes", "required", "choose at least one scope"});
    } else {
        for (const auto& s : scopes) {
            if (!IsKnownApiKeyScope(s)) {
                problems.push_back({"scopes", "unknown_scope", "there is no scope " + s.substr(0, 40)});
                break;
            }
        }
    }
    if (input.location_key && scopes != std::vector<std::string>{"pos"}) {
        problems.push_back({"scopes", "device_scope", "a device key bound to a location holds the scope pos only"});
    }
    if (!problems.empty()) {
        return core::Error::Invalid("invalid_api_key", "the API key is not acceptable", std::move(problems));
    }

    NewApiKey out;
    out.secret = std::string(kApiKeySecretPrefix) + NewSessionToken(random_);
    ApiKey& key = out.key;
    key.id = ApiKeyId::New(random_);
    key.merchant_id = merchant;
    key.name = std::move(name);
    key.scopes = std::move(scopes);
    key.prefix = out.secret.substr(0, kApiKeyShownChars);
    key.created_by = actor;
    key.created_at = clock_.Now();
    key.location_key = input.location_key;
    std::string hash = HashSessionToken(out.secret);
    std::string joined = JoinScopes(key.scopes);
    auto write = [&]() -> core::Status {
        JANGTEO_TRY(std::int64_t locked, tx.Exec(kLockMerchantForKeys, {merchant.key()}));
        if (locked != 1) return core::Error::NotFound("merchant_not_found", "no such merchant");
        JANGTEO_TRY(store::Rows count, tx.Query(kCountLiveKeys, {merchant.key()}));
        if (count[0].Int(0) >= kMaxLiveApiKeys) {
            return core::Error::FailedPrecondition("too_many_api_keys",
                                                   "a merchant has at most " + std::to_string(kMaxLiveApiKeys) +
                                                       " live API keys; revoke one you no longer use");
        }
        JANGTEO_TRY_STATUS(tx.Exec(
            kInsertKey,
            {key.id.key(), merchant.key(), std::string_view(key.name), std::string_view(joined), std::string_view(hash),
             std::string_view(key.prefix), actor.key(), core::ToUnixMicros(key.created_at),
             key.location_key ? store::Value(*key.location_key) : store::Value(nullptr)}));
        core::json::array scope_list;
        for (const auto& s : key.scopes) scope_list.emplace_back(s);
        core::json::object detail{{"name", key.name}, {"scopes", std::move(scope_list)}};
        if (key.location_key) detail["location"] = input.location_ref;
        return RecordAudit(tx, clock_, random_,
                           {.action = "api_key.created",
                            .actor_user = actor,
                            .merchant = merchant,
                            .subject = key.id.ToString(),
                            .client_address = std::string(client_address),
                            .detail = std::move(detail)});
    };
    JANGTEO_TRY_STATUS(write());
    return out;
}

core::Result<std::vector<ApiKey>> ApiKeyService::List(MerchantId merchant) {
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) { return tx.Query(kListKeys, {merchant.key()}); }));
    std::vector<ApiKey> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const store::RowView row = rows[i];
        ApiKey& k = out.emplace_back();
        k.id = ApiKeyId(row.Int(0));
        k.merchant_id = merchant;
        k.name = row.Text(1);
        k.scopes = SplitScopes(row.TextView(2));
        k.prefix = row.Text(3);
        if (!row.IsNull(4)) k.created_by = UserId(row.Int(4));
        k.created_by_name = row.Text(5);
        k.created_at = core::FromUnixMicros(row.Int(6));
        if (!row.IsNull(7)) k.last_used_at = core::FromUnixMicros(row.Int(7));
        if (!row.IsNull(8)) k.revoked_at = core::FromUnixMicros(row.Int(8));
        k.location_key = row.OptInt(9);
    }
    return out;
}

core::Status ApiKeyService::Revoke(MerchantId merchant, ApiKeyId key, UserId actor, std::string_view client_address) {
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(std::int64_t changed, tx.Exec(kRevokeKey, {key.key(), merchant.key(), now, actor.key()}));
        if (changed != 1) return core::Error::NotFound("api_key_not_found", "no such API key");
        return RecordAudit(tx, clock_, random_,
                           {.action = "api_key.revoked",
                            .actor_user = actor,
                            .merchant = merchant,
                            .subject = key.ToString(),
                            .client_address = std::string(client_address)});
    });
}

core::Result<ResolvedApiKey> ApiKeyService::Resolve(std::string_view secret) {
    if (!secret.starts_with(kApiKeySecretPrefix) ||
        !IsWellFormedSessionToken(secret.substr(kApiKeySecretPrefix.size()))) {
        return InvalidKey();
    }
    std::string hash = HashSessionToken(secret);
    std::optional<std::int64_t> last_used;
    JANGTEO_TRY(std::optional<ResolvedApiKey> found,
                db_.Read([&](store::Tx& tx) -> core::Result<std::optional<ResolvedApiKey>> {
                    JANGTEO_TRY(store::Rows rows, tx.Query(kFindKey, {std::string_view(hash)}));
                    if (rows.empty()) return std::optional<ResolvedApiKey>();
                    ResolvedApiKey k;
                    k.id = ApiKeyId(rows[0].Int(0));
                    k.merchant_id = MerchantId(rows[0].Int(1));
                    k.scopes = SplitScopes(rows[0].TextView(2));
                    last_used = rows[0].OptInt(3);
                    k.merchant_status = rows[0].Text(4);
                    k.created_by = UserId(rows[0].Int(5));
                    k.location_key = rows[0].OptInt(6);
                    return std::optional<ResolvedApiKey>(std::move(k));
                }));
    if (!found) return InvalidKey();
    core::TimePoint now = clock_.Now();
    std::int64_t stale = core::ToUnixMicros(now - kTouchInterval);
    if (!last_used || *last_used < stale) {
        JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY_STATUS(tx.Exec(kTouchKey, {found->id.key(), core::ToUnixMicros(now), stale}));
            return {};
        }));
    }
    return std::move(*found);
}

}  // namespace jangteo::platform

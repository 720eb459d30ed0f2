// API keys on every backend: a new key answers its secret once and the store keeps only its hash;
// field errors on name and scopes (and an unknown scope) write nothing; at most 50 live keys per
// merchant; the list puts live keys first, newest first, with their creators' names; a merchant
// revokes only its own live keys; Resolve refuses malformed, unknown and revoked secrets and writes
// last-used at most once a minute; creation and revocation are in the audit log.
#include "platform/api_key.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "merchant_fixture.hpp"
#include "platform/audit.hpp"
#include "platform/session.hpp"

namespace jangteo::store_test {
namespace {

using core::ErrorCode;
using platform::ApiKey;
using platform::ApiKeyId;
using platform::MemberRole;
using platform::MerchantId;
using platform::MerchantStatus;
using platform::NewApiKey;
using platform::UserId;
using namespace std::chrono_literals;

std::vector<std::pair<std::string, std::string>> FieldsOf(const core::Error& e) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : e.fields) out.emplace_back(f.field, f.code);
    return out;
}

class ApiKeyTest : public MerchantFixture {
protected:
    void SetUp() override {
        MerchantFixture::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        shop_ = MustApply(1).id;
        MustChange(shop_, MerchantStatus::kApproved);
        neighbour_owner_ = NewUser("옆가게주인");
        neighbour_ = MustApply(neighbour_owner_, Input(2)).id;
        MustChange(neighbour_, MerchantStatus::kApproved);
        keys_.emplace(db(), clock_, random_);
    }

    NewApiKey MustCreate(MerchantId merchant, UserId actor, std::string name, std::vector<std::string> scopes) {
        auto made = keys_->Create(merchant, actor, {std::move(name), std::move(scopes)}, kClientAddress);
        EXPECT_TRUE(made.ok()) << made.error().reason << ": " << made.error().message;
        return made.ok() ? std::move(*made) : NewApiKey{};
    }

    std::int64_t KeyRows() { return QueryInt("SELECT count(*) FROM platform_api_keys"); }
    std::int64_t LastUsed(ApiKeyId id) {
        return QueryInt("SELECT COALESCE(last_used_at_us, -2) FROM platform_api_keys WHERE id = $1", {id.key()});
    }

    void ExpectInvalid(const core::Result<platform::ResolvedApiKey>& r) {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
        EXPECT_EQ(r.error().reason, "api_key_invalid");
    }

    MerchantId shop_, neighbour_;
    UserId neighbour_owner_;
    std::optional<platform::ApiKeyService> keys_;
};
JANGTEO_STORE_BACKENDS(ApiKeyTest, AllBackends());

TEST_P(ApiKeyTest, CreateAnswersTheSecretOnceAndStoresOnlyItsHash) {
    NewApiKey made = MustCreate(shop_, minsu_, "  1번 계산대 ", {"pos", "catalog:read", "pos"});
    const ApiKey& key = made.key;
    EXPECT_TRUE(key.id.ToString().starts_with("key_"));
    EXPECT_EQ(key.merchant_id, shop_);
    EXPECT_EQ(key.name, "1번 계산대");
    EXPECT_EQ(key.scopes, (std::vector<std::string>{"catalog:read", "pos"}));  // sorted, without repeats
    EXPECT_EQ(key.created_by, minsu_);
    EXPECT_EQ(key.created_at, start_);
    EXPECT_FALSE(key.last_used_at.has_value());
    EXPECT_FALSE(key.revoked_at.has_value());
    ASSERT_TRUE(made.secret.starts_with("jtk_"));
    EXPECT_EQ(made.secret.size(), 4 + platform::kSessionTokenChars);
    EXPECT_TRUE(platform::IsWellFormedSessionToken(made.secret.substr(4)));
    EXPECT_EQ(key.prefix, made.secret.substr(0, platform::kApiKeyShownChars));

    // The row holds the hash of the whole secret and the sorted scopes; no column holds the secret
    // (or its random part), and neither does any audit row.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_api_keys WHERE id = $1 AND secret_hash = $2 AND scopes = $3"
                       " AND merchant_id = $4 AND created_by = $5 AND created_at_us = $6",
                       {key.id.key(), platform::HashSessionToken(made.secret), std::string_view("catalog:read pos"),
                        shop_.key(), minsu_.key(), core::ToUnixMicros(start_)}),
              1);
    const std::string secret_part = made.secret.substr(platform::kApiKeyShownChars);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_api_keys WHERE secret_hash LIKE '%' || $1 || '%'"
                       " OR prefix LIKE '%' || $1 || '%' OR name LIKE '%' || $1 || '%'"
                       " OR scopes LIKE '%' || $1 || '%'",
                       {std::string_view(secret_part)}),
              0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE detail LIKE '%' || $1 || '%'"
                       " OR subject LIKE '%' || $1 || '%'",
                       {std::string_view(secret_part)}),
              0);

    // The audit event names the key, its name and scopes.
    platform::AuditLog log(db());
    auto page = log.List({.action = "api_key.created"});
    ASSERT_TRUE(page.ok()) << page.error().message;
    ASSERT_EQ(page->items.size(), 1u);
    const platform::AuditEvent& e = page->items[0].event;
    EXPECT_EQ(e.actor_user, minsu_);
    EXPECT_EQ(e.merchant, shop_);
    EXPECT_EQ(e.subject, key.id.ToString());
    EXPECT_EQ(e.client_address, kClientAddress);
    EXPECT_EQ(e.detail.at("name").as_string(), "1번 계산대");
    const core::json::array& scopes = e.detail.at("scopes").as_array();
    ASSERT_EQ(scopes.size(), 2u);
    EXPECT_EQ(scopes[0].as_string(), "catalog:read");
    EXPECT_EQ(scopes[1].as_string(), "pos");

    // Two keys never share a secret.
    NewApiKey second = MustCreate(shop_, minsu_, "2번 계산대", {"pos"});
    EXPECT_NE(second.secret, made.secret);
    EXPECT_NE(second.key.id, key.id);
}

TEST_P(ApiKeyTest, FieldErrorsAndUnknownScopesWriteNothing) {
    struct Case {
        std::string name;
        std::vector<std::string> scopes;
        std::vector<std::pair<std::string, std::string>> fields;
    };
    std::string long_name;
    for (int i = 0; i < 101; ++i) long_name.append("가");
    const std::vector<Case> cases = {
        {"", {"pos"}, {{"name", "required"}}},
        {" \t ", {"pos"}, {{"name", "required"}}},
        {long_name, {"pos"}, {{"name", "too_long"}}},
        {"계산대\x01", {"pos"}, {{"name", "invalid_text"}}},
        {"\xff\xfe", {"pos"}, {{"name", "invalid_text"}}},
        {"계산대", {}, {{"scopes", "required"}}},
        {"계산대", {"pos", "admin"}, {{"scopes", "unknown_scope"}}},
        {"계산대", {""}, {{"scopes", "unknown_scope"}}},
        {"계산대", {"POS"}, {{"scopes", "unknown_scope"}}},
        {"계산대", {"pos catalog:read"}, {{"scopes", "unknown_scope"}}},
        {"", {}, {{"name", "required"}, {"scopes", "required"}}},
        {"", {"everything"}, {{"name", "required"}, {"scopes", "unknown_scope"}}},
    };
    const MerchantRowCounts before = Counts();
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name + " / " + std::to_string(c.scopes.size()));
        auto r = keys_->Create(shop_, minsu_, {c.name, c.scopes}, kClientAddress);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().reason, "invalid_api_key");
        EXPECT_EQ(FieldsOf(r.error()), c.fields);
    }
    EXPECT_EQ(KeyRows(), 0);
    EXPECT_EQ(Counts(), before);

    // The longest name is accepted, and every known scope at once.
    std::vector<std::string> all;
    for (const auto& s : platform::ApiKeyScopes()) all.emplace_back(s.scope);
    NewApiKey made = MustCreate(shop_, minsu_, long_name.substr(3), all);
    EXPECT_EQ(made.key.scopes.size(), platform::ApiKeyScopes().size());
    EXPECT_TRUE(platform::IsKnownApiKeyScope("catalog:write"));
    EXPECT_FALSE(platform::IsKnownApiKeyScope("catalog"));
}

TEST_P(ApiKeyTest, AtMostFiftyLiveKeysPerMerchant) {
    std::vector<ApiKeyId> made;
    for (int i = 0; i < platform::kMaxLiveApiKeys; ++i) {
        made.push_back(MustCreate(shop_, minsu_, "단말 " + std::to_string(i), {"pos"}).key.id);
    }
    const MerchantRowCounts before = Counts();
    auto refused = keys_->Create(shop_, minsu_, {"하나 더", {"pos"}}, kClientAddress);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refused.error().reason, "too_many_api_keys");
    EXPECT_EQ(KeyRows(), platform::kMaxLiveApiKeys);
    EXPECT_EQ(Counts(), before);
    EXPECT_EQ(AuditCount("api_key.created"), platform::kMaxLiveApiKeys);

    // Another merchant has its own fifty.
    MustCreate(neighbour_, neighbour_owner_, "옆가게 단말", {"pos"});
    // A revoked key no longer counts.
    ASSERT_TRUE(keys_->Revoke(shop_, made[7], minsu_, kClientAddress).ok());
    MustCreate(shop_, minsu_, "새 단말", {"pos"});
    EXPECT_EQ(keys_->Create(shop_, minsu_, {"또 하나", {"pos"}}, kClientAddress).error().reason, "too_many_api_keys");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_api_keys WHERE merchant_id = $1", {shop_.key()}),
              platform::kMaxLiveApiKeys + 1);
}

TEST_P(ApiKeyTest, ListPutsLiveKeysFirstNewestFirstWithCreatorsNames) {
    const UserId co_owner = NewUser("박공동");
    ASSERT_TRUE(members_->AddMember(shop_, co_owner, MemberRole::kOwner, minsu_, kClientAddress).ok());
    NewApiKey a = MustCreate(shop_, minsu_, "가", {"pos"});
    clock_.Advance(1min);
    NewApiKey b = MustCreate(shop_, co_owner, "나", {"catalog:read"});
    clock_.Advance(1min);
    NewApiKey c = MustCreate(shop_, minsu_, "다", {"orders:read"});
    clock_.Advance(1min);
    NewApiKey d = MustCreate(shop_, co_owner, "라", {"pos"});
    MustCreate(neighbour_, neighbour_owner_, "옆가게", {"pos"});
    clock_.Advance(1min);
    ASSERT_TRUE(keys_->Revoke(shop_, b.key.id, minsu_, kClientAddress).ok());
    const core::TimePoint b_revoked = clock_.Now();
    clock_.Advance(1min);
    ASSERT_TRUE(keys_->Revoke(shop_, a.key.id, co_owner, kClientAddress).ok());

    auto list = keys_->List(shop_);
    ASSERT_TRUE(list.ok()) << list.error().message;
    ASSERT_EQ(list->size(), 4u);
    const std::vector<ApiKeyId> expected = {d.key.id, c.key.id, b.key.id, a.key.id};
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ((*list)[i].id, expected[i]) << i;
    const ApiKey& first = (*list)[0];
    EXPECT_EQ(first.merchant_id, shop_);
    EXPECT_EQ(first.name, "라");
    EXPECT_EQ(first.scopes, std::vector<std::string>{"pos"});
    EXPECT_EQ(first.prefix, d.key.prefix);
    EXPECT_EQ(first.created_by, co_owner);
    EXPECT_EQ(first.created_by_name, "박공동");
    EXPECT_EQ(first.created_at, start_ + 3min);
    EXPECT_FALSE(first.revoked_at.has_value());
    EXPECT_EQ((*list)[1].created_by_name, "김민수");
    EXPECT_EQ((*list)[2].revoked_at, b_revoked);
    EXPECT_TRUE((*list)[3].revoked_at.has_value());
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_api_keys WHERE id = $1 AND revoked_by = $2",
                       {a.key.id.key(), co_owner.key()}),
              1);

    auto theirs = keys_->List(neighbour_);
    ASSERT_TRUE(theirs.ok());
    ASSERT_EQ(theirs->size(), 1u);
    EXPECT_EQ((*theirs)[0].name, "옆가게");
    EXPECT_TRUE(keys_->List(MerchantId(12345))->empty());
}

TEST_P(ApiKeyTest, RevokeReachesOnlyTheMerchantsOwnLiveKeys) {
    NewApiKey mine = MustCreate(shop_, minsu_, "내 단말", {"pos"});
    NewApiKey theirs = MustCreate(neighbour_, neighbour_owner_, "옆가게 단말", {"pos"});
    const MerchantRowCounts before = Counts();

    // Another merchant's key through this merchant: not found, and it still works.
    auto other = keys_->Revoke(shop_, theirs.key.id, minsu_, kClientAddress);
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(other.error().reason, "api_key_not_found");
    EXPECT_EQ(keys_->Revoke(shop_, ApiKeyId(4242), minsu_, kClientAddress).error().reason, "api_key_not_found");
    EXPECT_EQ(Counts(), before);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_api_keys WHERE revoked_at_us IS NOT NULL"), 0);
    EXPECT_TRUE(keys_->Resolve(theirs.secret).ok());

    clock_.Advance(5min);
    ASSERT_TRUE(keys_->Revoke(shop_, mine.key.id, minsu_, "198.51.100.2").ok());
    ExpectInvalid(keys_->Resolve(mine.secret));
    EXPECT_EQ(QueryInt("SELECT revoked_at_us FROM platform_api_keys WHERE id = $1", {mine.key.id.key()}),
              core::ToUnixMicros(start_ + 5min));
    platform::AuditLog log(db());
    auto page = log.List({.action = "api_key.revoked"});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].event.actor_user, minsu_);
    EXPECT_EQ(page->items[0].event.merchant, shop_);
    EXPECT_EQ(page->items[0].event.subject, mine.key.id.ToString());
    EXPECT_EQ(page->items[0].event.client_address, "198.51.100.2");
    EXPECT_EQ(page->items[0].occurred_at, start_ + 5min);

    // Revoking twice: not found, and the first revocation's time stays.
    clock_.Advance(5min);
    EXPECT_EQ(keys_->Revoke(shop_, mine.key.id, minsu_, kClientAddress).error().reason, "api_key_not_found");
    EXPECT_EQ(QueryInt("SELECT revoked_at_us FROM platform_api_keys WHERE id = $1", {mine.key.id.key()}),
              core::ToUnixMicros(start_ + 5min));
    EXPECT_EQ(AuditCount("api_key.revoked"), 1);
    EXPECT_TRUE(keys_->Resolve(theirs.secret).ok());
}

TEST_P(ApiKeyTest, ResolveAnswersTheMerchantScopesAndStatus) {
    NewApiKey made = MustCreate(shop_, minsu_, "계산대", {"pos", "inventory:read"});
    auto key = keys_->Resolve(made.secret);
    ASSERT_TRUE(key.ok()) << key.error().message;
    EXPECT_EQ(key->id, made.key.id);
    EXPECT_EQ(key->merchant_id, shop_);
    EXPECT_EQ(key->scopes, (std::vector<std::string>{"inventory:read", "pos"}));
    EXPECT_EQ(key->merchant_status, "approved");
    EXPECT_TRUE(key->Has("pos"));
    EXPECT_FALSE(key->Has("catalog:write"));
    EXPECT_FALSE(key->Has("po"));

    // The key keeps resolving while the merchant is suspended; the status tells the policy to refuse.
    MustChange(shop_, MerchantStatus::kSuspended);
    key = keys_->Resolve(made.secret);
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(key->merchant_status, "suspended");
}

TEST_P(ApiKeyTest, MalformedUnknownAndRevokedSecretsAreRefused) {
    NewApiKey made = MustCreate(shop_, minsu_, "계산대", {"pos"});
    const std::string token = made.secret.substr(4);
    std::string upper = made.secret;
    upper.replace(0, 4, "JTK_");
    for (const std::string& bad :
         {std::string(), std::string("jtk_"), std::string("jtk_short"), token, "ses_" + token, upper, made.secret + "A",
          made.secret.substr(0, made.secret.size() - 1), " " + made.secret, platform::HashSessionToken(made.secret)}) {
        SCOPED_TRACE(bad);
        ExpectInvalid(keys_->Resolve(bad));
    }
    // Unknown: well-formed, but no key has it.
    ExpectInvalid(keys_->Resolve("jtk_" + platform::NewSessionToken(random_)));
    // Refused lookups write nothing.
    EXPECT_EQ(LastUsed(made.key.id), -2);

    ASSERT_TRUE(keys_->Revoke(shop_, made.key.id, minsu_, kClientAddress).ok());
    ExpectInvalid(keys_->Resolve(made.secret));

    // A malformed secret never reaches the store: with the database closed the answer is the same,
    // while a well-formed one now fails in the store.
    NewApiKey live = MustCreate(shop_, minsu_, "다른 계산대", {"pos"});
    db().Close();
    ExpectInvalid(keys_->Resolve("jtk_nonsense"));
    auto store_down = keys_->Resolve(live.secret);
    ASSERT_FALSE(store_down.ok());
    EXPECT_NE(store_down.error().code, ErrorCode::kUnauthenticated);
}

TEST_P(ApiKeyTest, LastUsedIsWrittenAtMostOnceAMinute) {
    NewApiKey made = MustCreate(shop_, minsu_, "계산대", {"pos"});
    const ApiKeyId id = made.key.id;
    EXPECT_EQ(LastUsed(id), -2);
    clock_.Advance(10s);
    const std::int64_t t1 = core::ToUnixMicros(clock_.Now());
    ASSERT_TRUE(keys_->Resolve(made.secret).ok());
    EXPECT_EQ(LastUsed(id), t1);
    clock_.Advance(30s);
    ASSERT_TRUE(keys_->Resolve(made.secret).ok());
    EXPECT_EQ(LastUsed(id), t1);
    clock_.Advance(30s);  // exactly a minute: not more than it
    ASSERT_TRUE(keys_->Resolve(made.secret).ok());
    EXPECT_EQ(LastUsed(id), t1);
    clock_.Advance(1us);
    const std::int64_t t2 = core::ToUnixMicros(clock_.Now());
    ASSERT_TRUE(keys_->Resolve(made.secret).ok());
    EXPECT_EQ(LastUsed(id), t2);
    clock_.Advance(59s);
    ASSERT_TRUE(keys_->Resolve(made.secret).ok());
    EXPECT_EQ(LastUsed(id), t2);

    auto list = keys_->List(shop_);
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].last_used_at, core::FromUnixMicros(t2));
    // Using a key is no security event: the audit log holds only its creation.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action LIKE 'api_key.%'"), 1);
}

}  // namespace
}  // namespace jangteo::store_test

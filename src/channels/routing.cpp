#include "channels/routing.hpp"

#include <set>
#include <string>

#include "core/json.hpp"
#include "platform/audit.hpp"

namespace jangteo::channels {

namespace json = core::json;

namespace {

constexpr store::Sql kGetPolicy{"channels.get_routing_policy",
                                "SELECT priorities, allow_split, commission_bp, version, updated_by, updated_at_us"
                                " FROM channels_routing_policies WHERE merchant_id = $1"};
constexpr store::Sql kInsertPolicy{
    "channels.insert_routing_policy",
    "INSERT INTO channels_routing_policies (merchant_id, priorities, allow_split, commission_bp, version, updated_by,"
    " updated_at_us) VALUES ($1, $2, $3, $4, 1, $5, $6) ON CONFLICT (merchant_id) DO NOTHING"};
constexpr store::Sql kUpdatePolicy{
    "channels.update_routing_policy",
    "UPDATE channels_routing_policies SET priorities = $2, allow_split = $3, commission_bp = $4,"
    " version = version + 1, updated_by = $5, updated_at_us = $6 WHERE merchant_id = $1 AND version = $7"};

std::string KeysJson(const std::vector<std::int64_t>& keys) {
    json::array out;
    for (std::int64_t k : keys) out.push_back(k);
    return core::ToJson(out);
}

std::vector<std::int64_t> KeysFrom(std::string_view text) {
    std::vector<std::int64_t> out;
    auto parsed = core::ParseJson(text);
    if (!parsed.ok() || !parsed->is_array()) return out;
    for (const auto& v : parsed->get_array()) {
        if (v.is_int64()) out.push_back(v.get_int64());
    }
    return out;
}

}  // namespace

std::int64_t CommissionWon(std::int64_t goods_won, std::int64_t basis_points) {
    const __int128 product = static_cast<__int128>(goods_won) * basis_points;
    // Half up, away from zero for a negative amount, so that a reversal mirrors its credit.
    const __int128 half = product >= 0 ? 5'000 : -5'000;
    return static_cast<std::int64_t>((product + half) / kMaxCommissionBasisPoints);
}

std::vector<core::FieldError> PolicyProblems(const RoutingPolicyInput& input) {
    std::vector<core::FieldError> out;
    if (input.commission_bp < 0 || input.commission_bp > kMaxCommissionBasisPoints) {
        out.push_back({"commission_bp", "out_of_range", "must be whole basis points from 0 to 10000 (100 %)"});
    }
    if (input.priorities.size() > kMaxPriorities) {
        out.push_back({"priorities", "too_many", "at most 200 locations"});
        return out;
    }
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < input.priorities.size(); ++i) {
        if (!seen.insert(input.priorities[i]).second) {
            out.push_back({"priorities[" + std::to_string(i) + "]", "duplicate_location", "is listed twice"});
        }
    }
    return out;
}

core::Result<RoutingPolicy> RoutingService::Get(platform::MerchantId merchant) {
    return db_.Read([&](store::Tx& tx) { return GetInTx(tx, merchant); });
}

core::Result<RoutingPolicy> RoutingService::GetInTx(store::Tx& tx, platform::MerchantId merchant) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kGetPolicy, {merchant.key()}));
    RoutingPolicy policy;
    policy.merchant = merchant;
    if (rows.empty()) return policy;
    policy.priorities = KeysFrom(rows[0].TextView(0));
    policy.allow_split = rows[0].Bool(1);
    policy.commission_bp = rows[0].Int(2);
    policy.version = rows[0].Int(3);
    if (auto by = rows[0].OptInt(4)) policy.updated_by = platform::UserId(*by);
    policy.updated_at = core::FromUnixMicros(rows[0].Int(5));
    return policy;
}

core::Result<RoutingPolicy> RoutingService::SaveInTx(store::Tx& tx, platform::MerchantId merchant,
                                                     const RoutingPolicyInput& input, std::int64_t expected_version,
                                                     const PolicyActor& actor) {
    if (auto problems = PolicyProblems(input); !problems.empty()) {
        return core::Error::Invalid("invalid_routing_policy", "the routing policy has invalid fields",
                                    std::move(problems));
    }
    const std::int64_t now = core::ToUnixMicros(clock_.Now());
    const store::Value by = actor.user ? store::Value(actor.user->key()) : store::Value(nullptr);
    const std::string priorities = KeysJson(input.priorities);
    std::int64_t changed = 0;
    if (expected_version == 0) {
        JANGTEO_TRY(changed, tx.Exec(kInsertPolicy,
                                     {merchant.key(), priorities, input.allow_split, input.commission_bp, by, now}));
    } else {
        JANGTEO_TRY(changed, tx.Exec(kUpdatePolicy, {merchant.key(), priorities, input.allow_split, input.commission_bp,
                                                     by, now, expected_version}));
    }
    if (changed != 1) {
        return core::Error::Conflict("version_changed", "the routing policy was changed meanwhile; load it again");
    }
    JANGTEO_TRY_STATUS(
        platform::RecordAudit(tx, clock_, random_,
                              {.action = "routing.policy_changed",
                               .actor_user = actor.user,
                               .actor_key = actor.key,
                               .merchant = merchant,
                               .subject = merchant.ToString(),
                               .detail = {{"priorities", static_cast<std::int64_t>(input.priorities.size())},
                                          {"allow_split", input.allow_split},
                                          {"commission_bp", input.commission_bp}}}));
    return GetInTx(tx, merchant);
}

}  // namespace jangteo::channels

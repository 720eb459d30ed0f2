// A merchant's routing policy for its web orders (the offline channel, docs/routing.md): which of its
// locations it prefers to fulfil from, whether an order may be split over several locations when none
// has all of it, and the commission it credits to the shop whose territory holds the buyer's address.
// The checkout flow (src/flows) reads the policy in its transaction and decides; this module keeps
// the policy and knows locations only by their keys (it does not see inventory), so the flow checks
// that every location named is the merchant's before it saves.
//
//   channels::RoutingService routing(db, clock, random);
//   JANGTEO_TRY(channels::RoutingPolicy policy, routing.Get(merchant));     // version 0: the defaults
//   // in the flow's transaction, after checking the locations:
//   JANGTEO_TRY(policy, routing.SaveInTx(tx, merchant, {.priorities = {shop.key(), depot.key()},
//                                                       .allow_split = false, .commission_bp = 300},
//                                        policy.version, {.user = owner}));
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"
#include "store/migration.hpp"

namespace jangteo::channels {

// The module's schema migrations (schema/*.sql), compiled in; applied after inventory's and orders'.
std::span<const store::Migration> SchemaMigrations();

// A commission is a whole number of basis points of the goods: 0 to 10000 (100 %).
inline constexpr std::int64_t kMaxCommissionBasisPoints = 10'000;
// As many as a merchant has locations at most.
inline constexpr std::size_t kMaxPriorities = 200;

// The commission of `goods_won` at `basis_points`: goods × bp ÷ 10000, rounded half up to the won
// (12,345원 at 3 % is 370.35 → 370원; 50원 at 1 % is 0.5 → 1원). Never overflows: the product is
// taken in 128 bits.
std::int64_t CommissionWon(std::int64_t goods_won, std::int64_t basis_points);

struct RoutingPolicy {
    platform::MerchantId merchant;
    // Location keys, the preferred first; locations not listed come after, by id.
    std::vector<std::int64_t> priorities;
    bool allow_split = true;
    std::int64_t commission_bp = 0;
    // 0 while the merchant has the defaults (no row); SaveInTx expects the version it read.
    std::int64_t version = 0;
    std::optional<core::TimePoint> updated_at;
    std::optional<platform::UserId> updated_by;
};

struct RoutingPolicyInput {
    std::vector<std::int64_t> priorities;
    bool allow_split = true;
    std::int64_t commission_bp = 0;
};

// Who changed a policy, for its audit event: a person, or an API key of the merchant.
struct PolicyActor {
    std::optional<platform::UserId> user;
    std::optional<platform::ApiKeyId> key;
};

// The problems of a policy's shape, by field: commission_bp "out_of_range", priorities "too_many",
// priorities[i] "duplicate_location". (Whether each location is the merchant's is the flow's check.)
std::vector<core::FieldError> PolicyProblems(const RoutingPolicyInput& input);

// Thread-safe: holds references only.
class RoutingService {
public:
    RoutingService(store::Db& db, core::Clock& clock, core::Random& random) : db_(db), clock_(clock), random_(random) {}

    // The merchant's policy, or the defaults (version 0) when it has saved none.
    core::Result<RoutingPolicy> Get(platform::MerchantId merchant);
    core::Result<RoutingPolicy> GetInTx(store::Tx& tx, platform::MerchantId merchant);

    // Replaces the merchant's policy and records the audit event "routing.policy_changed" in the same
    // transaction. kInvalidArgument "invalid_routing_policy" with PolicyProblems; kConflict
    // "version_changed" when `expected_version` (0 for the defaults) is not the version now.
    core::Result<RoutingPolicy> SaveInTx(store::Tx& tx, platform::MerchantId merchant, const RoutingPolicyInput& input,
                                         std::int64_t expected_version, const PolicyActor& actor);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace jangteo::channels

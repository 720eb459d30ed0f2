// Points of a person at a merchant: earned on shop and web purchases alike at the merchant's rate,
// redeemed at the counter or at checkout, expiring after the merchant's period. The ledger
// (customers_point_entries) is append-only apart from each credit's `remaining`, so the balance — the
// sum of the deltas — always equals what is left of the credits; redemptions take the credits that
// expire first. Every entry is keyed by what caused it (a sale, an order, a redemption), so a retried
// purchase never earns twice and a retried redemption never takes twice.
//
//   customers::PointService points(db, clock, random);
//   JANGTEO_TRY_STATUS(points.SetPolicy(merchant, {.earn_bp = 100, .expiry_days = 365, .min_redeem = 1000}));
//   // in the sale's transaction:
//   JANGTEO_TRY(auto earned, points.EarnInTx(tx, merchant, person, 25'000, "pos:pos_…"));   // 250 points
//   JANGTEO_TRY(auto used, points.RedeemInTx(tx, merchant, person, 1'000, "order:ord_…"));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/id.hpp"
#include "core/random.hpp"
#include "customers/ids.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::customers {

struct PointEntryTag {
    static constexpr std::string_view kPrefix = "pnt";
};
using PointEntryId = core::Id<PointEntryTag>;

struct PointPolicy {
    int earn_bp = 0;              // of the amount paid, in basis points (100 = 1 %); 0: no points
    int expiry_days = 0;          // 0: points never expire
    std::int64_t min_redeem = 0;  // the fewest points one redemption takes
};

enum class PointKind { kEarn, kRedeem, kExpire, kReverseEarn, kReverseRedeem, kAdjust };
std::string_view PointKindName(PointKind kind);

struct PointEntry {
    PointEntryId id;
    PersonId person;
    PointKind kind = PointKind::kEarn;
    std::string ref;
    std::int64_t delta = 0;
    std::int64_t remaining = 0;
    std::optional<core::TimePoint> expires_at;
    core::TimePoint created_at;
};

struct PointBalance {
    std::int64_t balance = 0;
    std::optional<core::TimePoint> next_expiry;  // of the credit that expires first
    std::int64_t expiring_next = 0;              // how many points expire then
};

// Thread-safe: holds references only.
class PointService {
public:
    PointService(store::Db& db, core::Clock& clock, core::Random& random) : db_(db), clock_(clock), random_(random) {}

    // kInvalidArgument "invalid_point_policy" with field errors (earn_bp 0–10000, expiry_days 0–3650,
    // min_redeem ≥ 0).
    core::Status SetPolicy(platform::MerchantId merchant, const PointPolicy& policy);
    core::Result<PointPolicy> Policy(platform::MerchantId merchant);  // none set: no points (earn_bp 0)

    // Earns the merchant's share of `paid_won` (rounded down); nothing when the share is 0. The same
    // ref again answers the first entry and earns nothing more.
    core::Result<std::optional<PointEntry>> EarnInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person,
                                                     std::int64_t paid_won, std::string_view ref);
    // Takes `points` from the credits that expire first. kInvalidArgument "invalid_points" (≤ 0, or
    // under the merchant's minimum); kFailedPrecondition "insufficient_points" when the balance is
    // smaller. The same ref again answers the first redemption.
    core::Result<PointEntry> RedeemInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person,
                                        std::int64_t points, std::string_view ref);
    // A refund: takes back what the purchase `ref` earned, in proportion `part`/`whole` of the amount
    // (what of it is already spent is not taken back), or gives back what the redemption `ref` took.
    // Once per (kind, reversal_ref); nothing to reverse answers nullopt.
    core::Result<std::optional<PointEntry>> ReverseEarnInTx(store::Tx& tx, platform::MerchantId merchant,
                                                            std::string_view ref, std::int64_t part, std::int64_t whole,
                                                            std::string_view reversal_ref);
    core::Result<std::optional<PointEntry>> ReverseRedeemInTx(store::Tx& tx, platform::MerchantId merchant,
                                                              std::string_view ref);
    // Gives back up to `points` of the redemption `ref` (a partial refund paid in points, such as a
    // counter return), never more than the redemption took less what earlier parts gave back, nor
    // anything once the whole redemption was reversed. Once per (ref, reversal_ref); nothing to give
    // back answers nullopt.
    core::Result<std::optional<PointEntry>> GiveBackInTx(store::Tx& tx, platform::MerchantId merchant,
                                                         std::string_view ref, std::int64_t points,
                                                         std::string_view reversal_ref);
    // A correction by the merchant (± points; a minus takes from credits like a redemption); also the
    // legacy balance a membership import carries over. The same ref again answers the first entry.
    core::Result<PointEntry> Adjust(platform::MerchantId merchant, PersonId person, std::int64_t points,
                                    std::string_view ref);
    core::Result<PointEntry> AdjustInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person,
                                        std::int64_t points, std::string_view ref);
    // The balance inside the caller's transaction, after expiring what is due.
    core::Result<std::int64_t> BalanceInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person);

    // Expires the person's credits that are due (an expire entry each); answers the points expired.
    core::Result<std::int64_t> ExpireDueInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person);
    // The balance after expiring what is due (a write: expiry is recorded when it is seen).
    core::Result<PointBalance> Balance(platform::MerchantId merchant, PersonId person);
    // Newest first, at most `limit` (≤ 500).
    core::Result<std::vector<PointEntry>> Ledger(platform::MerchantId merchant, PersonId person, int limit);

private:
    core::Result<std::optional<PointEntry>> ByRef(store::Tx& tx, platform::MerchantId merchant, PointKind kind,
                                                  std::string_view ref);
    core::Result<PointEntry> Write(store::Tx& tx, platform::MerchantId merchant, PersonId person, PointKind kind,
                                   std::string_view ref, std::int64_t delta, std::int64_t remaining,
                                   std::optional<core::TimePoint> expires_at);
    core::Status Consume(store::Tx& tx, platform::MerchantId merchant, PersonId person, std::int64_t points);
    core::Result<std::int64_t> SumInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person);
    core::Result<PointPolicy> PolicyInTx(store::Tx& tx, platform::MerchantId merchant);

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace jangteo::customers

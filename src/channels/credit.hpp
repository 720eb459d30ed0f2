// The credit ledger: what the merchant owes each of its shops for the web orders of the shop's
// territory (docs/routing.md). The shop whose territory holds the buyer's address (for a pickup, the
// pickup shop) is credited with the order's goods when the order is paid, whichever location ships
// it, with the commission of the merchant's routing policy; each refund or return of a credited order
// reverses its part, so that a shop's sum is what it is owed now. Rows are appended, never changed.
//
// One credit per order and one reversal per return are kept by the table's unique key, not by care:
// a second call changes nothing. A reversal's commission follows its goods in proportion, computed
// on the running total (what all reversals of the order have taken so far, rounded half up, less what
// they took before), so that reversing every won of the goods gives back exactly the commission.
//
// This module knows orders and locations by their keys only: the flows (src/flows/checkout.cpp) say
// which order, which shop and how much, inside the transaction that pays, cancels or returns it.
//
//   channels::CreditService credits(db, clock, random);
//   // the order was paid, in that transaction:
//   JANGTEO_TRY(auto credit, credits.CreditInTx(tx, merchant, shop.key(), order.key(), 30'000, 300, actor));
//   // a return of 10,000원 of its goods, in the return's transaction:
//   JANGTEO_TRY(auto reversal, credits.ReverseInTx(tx, merchant, order.key(), ret.key(), 10'000, actor));
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
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::channels {

struct CreditTag {
    static constexpr std::string_view kPrefix = "crd";
};
using CreditId = core::Id<CreditTag>;

enum class CreditKind { kCredit, kReversal };
std::string_view CreditKindName(CreditKind kind);  // "credit", "reversal": the stored form

// Who caused the entry: the customer or staff (their user key), the system (the sweeper) or a payment
// provider (its webhook): the vocabulary of the order's own events.
struct CreditActor {
    std::string_view kind = "system";  // "customer", "staff", "system", "provider"
    std::optional<std::int64_t> user_key;
};

struct CreditEntry {
    CreditId id;
    platform::MerchantId merchant;
    std::int64_t location_key = 0;
    std::int64_t order_key = 0;
    CreditKind kind = CreditKind::kCredit;
    std::int64_t ref_key = 0;  // the return or refund a reversal belongs to; 0 for a credit
    // Whole won; a reversal's are negative (or zero), so that sums are what is owed.
    std::int64_t goods_won = 0;
    std::int64_t commission_won = 0;
    std::int64_t rate_bp = 0;  // the commission rate of the order's credit
    std::string actor_kind;
    std::optional<std::int64_t> actor_key;
    core::TimePoint at;
};

struct CreditQuery {
    std::optional<std::int64_t> location_key;
    std::optional<std::string> cursor;
    int limit = 50;  // 1..200
};

struct CreditPage {
    std::vector<CreditEntry> items;  // newest first
    std::optional<std::string> next_cursor;
};

// A location's entries in a period: credits (one per order), reversals, and what stays.
struct CreditSummary {
    std::int64_t credited_orders = 0;
    std::int64_t credited_goods_won = 0;
    std::int64_t credited_commission_won = 0;
    std::int64_t reversals = 0;
    std::int64_t reversed_goods_won = 0;       // ≥ 0: the amount taken back
    std::int64_t reversed_commission_won = 0;  // ≥ 0
    std::int64_t net_goods_won = 0;
    std::int64_t net_commission_won = 0;
};

// Thread-safe: holds references only.
class CreditService {
public:
    CreditService(store::Db& db, core::Clock& clock, core::Random& random) : db_(db), clock_(clock), random_(random) {}

    // Credits `location_key` with the order's goods (≥ 0) at `rate_bp` (0..10000): the commission is
    // CommissionWon(goods, rate). Answers the entry, or nullopt when the order was credited already
    // (nothing changes). kInvalidArgument "invalid_credit" for negative goods or a rate out of range.
    core::Result<std::optional<CreditEntry>> CreditInTx(store::Tx& tx, platform::MerchantId merchant,
                                                        std::int64_t location_key, std::int64_t order_key,
                                                        std::int64_t goods_won, std::int64_t rate_bp,
                                                        const CreditActor& actor);

    // Reverses `goods_won` (≥ 0; nullopt: all that is still credited) of the order's credit for the
    // return or refund `ref_key`, at most what is still credited, with the commission in proportion.
    // Answers the entry, or nullopt when the order has no credit, nothing is left of it, or `ref_key`
    // was reversed already (nothing changes).
    core::Result<std::optional<CreditEntry>> ReverseInTx(store::Tx& tx, platform::MerchantId merchant,
                                                         std::int64_t order_key, std::int64_t ref_key,
                                                         std::optional<std::int64_t> goods_won,
                                                         const CreditActor& actor);

    // The order's entries, oldest first (the credit, then its reversals).
    core::Result<std::vector<CreditEntry>> OfOrderInTx(store::Tx& tx, platform::MerchantId merchant,
                                                       std::int64_t order_key);
    core::Result<std::vector<CreditEntry>> OfOrder(platform::MerchantId merchant, std::int64_t order_key);

    // The merchant's ledger, newest first, in keyset pages. kInvalidArgument "bad_cursor" / "bad_limit".
    core::Result<CreditPage> List(platform::MerchantId merchant, const CreditQuery& query);

    // A location's entries made in [from, to).
    core::Result<CreditSummary> Summary(platform::MerchantId merchant, std::int64_t location_key, core::TimePoint from,
                                        core::TimePoint to);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace jangteo::channels

// Stock per variant and location, and its ledger. on_hand is what is physically at the location,
// reserved what open web orders hold there, safety_stock what is kept back for the counter; online
// buyers can have on_hand − reserved − safety_stock. Every change of on_hand appends a movement with
// its reason and actor (inventory_movements), in the same transaction, so that on_hand is always the
// sum of the ledger.
//
// Reservations are taken by a conditional increment of `reserved` (it succeeds only while enough is
// available), one row at a time in one fixed order — by variant, then by location — so that two
// checkouts that need the same rows wait for each other instead of deadlocking, and neither can take
// what the other already holds. A reservation is released (order cancelled, payment timed out) or
// becomes a sale (order fulfilled: on_hand and reserved both go down, as an online_sale movement).
//
// This module knows variants only by their keys: the flows (src/flows) check with the catalog that a
// variant is the merchant's before they call these methods. Methods named …InTx run inside the
// caller's write transaction; the others open their own.
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
#include "inventory/ids.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::inventory {

enum class Reason { kReceipt, kOnlineSale, kShopSale, kReturn, kAdjustment, kCount, kTransferOut, kTransferIn };
std::string_view ReasonName(Reason reason);
std::optional<Reason> ParseReason(std::string_view name);

// A stock quantity a person may type: up to one billion units either way.
inline constexpr std::int64_t kMaxQuantity = 1'000'000'000;
inline constexpr std::size_t kMaxLinesPerRequest = 500;
inline constexpr std::size_t kMaxNoteCodePoints = 500;

struct StockLevel {
    LocationId location;
    std::int64_t variant_key = 0;
    std::int64_t on_hand = 0;
    std::int64_t reserved = 0;
    std::int64_t safety_stock = 0;
    core::TimePoint updated_at;
    bool count_needed = false;  // a counter sale drove on_hand below zero: count it
    // What online buyers can have here: never below zero.
    std::int64_t available() const {
        std::int64_t a = on_hand - reserved - safety_stock;
        return a > 0 ? a : 0;
    }
};

struct Movement {
    std::int64_t seq = 0;  // the ledger's order
    LocationId location;
    std::int64_t variant_key = 0;
    std::int64_t delta = 0;
    std::int64_t on_hand_after = 0;
    Reason reason = Reason::kAdjustment;
    Actor actor;
    std::string ref_kind;  // "order", "transfer", "count", "" for none
    std::optional<std::int64_t> ref_key;
    std::string note;
    core::TimePoint at;
};

// One change of on_hand that a person asks for: goods received, a correction, goods back from a
// customer at the counter, a sale at the counter (for shops without the POS).
struct Adjustment {
    LocationId location;
    std::int64_t variant_key = 0;
    std::int64_t delta = 0;               // ≠ 0
    Reason reason = Reason::kAdjustment;  // receipt, adjustment, return or shop_sale
    std::string note;
};

struct CountLine {
    std::int64_t variant_key = 0;
    std::int64_t counted = 0;  // ≥ 0
};

struct TransferLine {
    std::int64_t variant_key = 0;
    std::int64_t quantity = 0;  // > 0
};

enum class TransferState { kInTransit, kReceived, kCancelled };
std::string_view TransferStateName(TransferState state);

struct Transfer {
    TransferId id;
    platform::MerchantId merchant_id;
    LocationId from;
    LocationId to;
    TransferState state = TransferState::kInTransit;
    std::string note;
    std::vector<TransferLine> lines;
    core::TimePoint created_at;
    std::optional<core::TimePoint> closed_at;
};

// What a web order needs of one variant: its quantity, from one location (pickup) or from any of the
// merchant's active locations (delivery).
struct ReservationRequest {
    std::int64_t variant_key = 0;
    std::int64_t quantity = 0;
    std::optional<LocationId> location;
};

// Where a request was reserved.
struct Allocation {
    std::int64_t variant_key = 0;
    std::int64_t quantity = 0;
    LocationId location;
};

// A request that could not be met, with what was available for it.
struct Shortfall {
    std::int64_t variant_key = 0;
    std::int64_t requested = 0;
    std::int64_t available = 0;
};

struct ReservationResult {
    std::vector<Allocation> allocations;  // when every request was met
    std::vector<Shortfall> shortfalls;    // otherwise: nothing was reserved for the order
    bool ok() const { return shortfalls.empty(); }
};

// A stock row flagged for a count: a counter sale drove its on_hand below zero.
struct CountFlag {
    LocationId location;
    std::int64_t variant_key = 0;
    std::int64_t on_hand_at_flag = 0;
    std::int64_t on_hand = 0;  // now
    std::string ref_kind;      // what drove it below zero ("pos_sale")
    std::optional<std::int64_t> ref_key;
    core::TimePoint flagged_at;
};

// What a counter move did.
struct CounterMove {
    std::int64_t on_hand_after = 0;
    bool flagged = false;  // it went below zero and the row is now flagged for a count
};

struct LedgerQuery {
    std::optional<LocationId> location;
    std::optional<std::int64_t> variant_key;
    std::optional<std::int64_t> before_seq;  // the cursor: movements older than this
    int limit = 50;                          // 1..200
};

struct LedgerPage {
    std::vector<Movement> items;  // newest first
    std::optional<std::int64_t> next_before;
};

struct StockQuery {
    std::optional<LocationId> location;
    std::vector<std::int64_t> variant_keys;  // empty: all (at most 200 asked)
};

// Thread-safe: holds references only.
class StockService {
public:
    StockService(store::Db& db, core::Clock& clock, core::Random& random) : db_(db), clock_(clock), random_(random) {}

    // The levels of the merchant's stock rows (variants never stocked at a location have no row there).
    core::Result<std::vector<StockLevel>> Levels(platform::MerchantId merchant, const StockQuery& query);
    core::Result<std::vector<StockLevel>> LevelsInTx(store::Tx& tx, platform::MerchantId merchant,
                                                     const StockQuery& query);
    // What online buyers can have of each variant, summed over the merchant's active locations, from any
    // merchant (the portal and the cart read it); variants without stock answer 0.
    core::Result<std::vector<std::int64_t>> AvailableOnline(store::Tx& tx, std::span<const std::int64_t> variant_keys);

    // Applies adjustments (all or none): kInvalidArgument "invalid_adjustment" with field errors
    // (adjustments[i].delta: zero / out_of_range, .reason: not one a person may record, .note: too long;
    // on_hand below zero or below what is reserved: kFailedPrecondition "insufficient_stock").
    // The caller checked that the locations and variants are the merchant's.
    core::Result<std::vector<StockLevel>> AdjustInTx(store::Tx& tx, platform::MerchantId merchant,
                                                     std::span<const Adjustment> adjustments, const Actor& actor);
    // A stock count at one location: each counted variant's on_hand becomes the count, by a count
    // movement of the difference (none when it matches). Answers the count's id (the movements' ref).
    core::Result<CountId> CountInTx(store::Tx& tx, platform::MerchantId merchant, LocationId location,
                                    std::span<const CountLine> lines, std::string_view note, const Actor& actor);
    // A sale or a return that already happened at a counter (POS): it moves on_hand by `delta` whatever the
    // stock says, even below zero and below what web orders hold, because the goods have left (or come
    // back). When on_hand ends below zero the row is flagged for a count (a count clears it). `reason` is
    // shop_sale (delta < 0, or > 0 for a void) or return (delta > 0). The caller checked the location and
    // the variant; rows must be moved in (variant, location) order within one transaction.
    core::Result<CounterMove> CounterMoveInTx(store::Tx& tx, platform::MerchantId merchant, LocationId location,
                                              std::int64_t variant_key, std::int64_t delta, Reason reason,
                                              const Actor& actor, std::string_view ref_kind, std::int64_t ref_key,
                                              std::string_view note);
    // The merchant's open count flags, at one location or all, oldest first (at most 500).
    core::Result<std::vector<CountFlag>> CountFlags(platform::MerchantId merchant, std::optional<LocationId> location);

    // The part of on_hand kept back from online sale at a location.
    core::Status SetSafetyStockInTx(store::Tx& tx, platform::MerchantId merchant, LocationId location,
                                    std::int64_t variant_key, std::int64_t safety_stock);

    // Sends stock from one location to another: transfer_out movements at once (refused beyond what is
    // on hand and not reserved); ReceiveTransfer adds it at the destination, CancelTransfer back at the
    // source. kFailedPrecondition "transfer_closed" for one already received or cancelled.
    core::Result<Transfer> SendTransferInTx(store::Tx& tx, platform::MerchantId merchant, LocationId from,
                                            LocationId to, std::span<const TransferLine> lines, std::string_view note,
                                            const Actor& actor);
    core::Result<Transfer> ReceiveTransfer(platform::MerchantId merchant, TransferId id, const Actor& actor);
    core::Result<Transfer> CancelTransfer(platform::MerchantId merchant, TransferId id, const Actor& actor);
    core::Result<Transfer> GetTransfer(platform::MerchantId merchant, TransferId id);
    // Newest first; open ones first when `open_only`.
    core::Result<std::vector<Transfer>> ListTransfers(platform::MerchantId merchant, bool open_only, int limit);

    // Locks the merchant's stock rows of these variants at its active locations, in (variant, location)
    // order, and answers their levels, in that order. A checkout that must choose where to reserve
    // (one location with everything, docs/routing.md) reads this first: nobody can take the stock it
    // counted until it commits, and its reservations then take no lock it does not already hold.
    // (SQLite has one writer: the transaction holds everything already.)
    core::Result<std::vector<StockLevel>> LockLevelsInTx(store::Tx& tx, platform::MerchantId merchant,
                                                         std::span<const std::int64_t> variant_keys);

    // Reserves every request for the order, or nothing (the shortfalls say why). Requests of one variant
    // at one location are summed; a delivery request takes each variant from the merchant's active
    // locations in id order, as much as each has available, until it has enough, and a pickup request
    // from its location only. Rows are locked in (variant, location) order.
    //
    // With a `preference`, a delivery request takes from those locations first, in that order, then from
    // the others in id order. The conditional increments then follow the preference, not the lock
    // order: the caller locks the rows first with LockLevelsInTx.
    core::Result<ReservationResult> ReserveInTx(store::Tx& tx, platform::MerchantId merchant, std::int64_t order_key,
                                                std::span<const ReservationRequest> requests,
                                                std::span<const LocationId> preference = {});
    // Gives back what the order holds (cancelled, unpaid in time). Idempotent: an order holding nothing
    // changes nothing. Answers the units released.
    core::Result<std::int64_t> ReleaseInTx(store::Tx& tx, platform::MerchantId merchant, std::int64_t order_key);
    // The order's reservations become sales: on_hand and reserved go down, online_sale movements.
    // Idempotent like ReleaseInTx. Answers the units sold.
    core::Result<std::int64_t> CommitSaleInTx(store::Tx& tx, platform::MerchantId merchant, std::int64_t order_key,
                                              const Actor& actor);
    // Puts returned units of an order back on hand at a location (a return movement).
    core::Status RestockInTx(store::Tx& tx, platform::MerchantId merchant, std::int64_t order_key,
                             std::span<const Allocation> lines, const Actor& actor);
    // The order's reservations (held, released or sold).
    core::Result<std::vector<Allocation>> ReservationsOf(store::Tx& tx, std::int64_t order_key, bool held_only);

    // The merchant's ledger, newest first.
    core::Result<LedgerPage> Ledger(platform::MerchantId merchant, const LedgerQuery& query);

private:
    core::Result<std::int64_t> Move(store::Tx& tx, platform::MerchantId merchant, LocationId location,
                                    std::int64_t variant_key, std::int64_t delta, Reason reason, const Actor& actor,
                                    std::string_view ref_kind, std::optional<std::int64_t> ref_key,
                                    std::string_view note, bool allow_below_reserved);
    core::Result<Transfer> CloseTransfer(platform::MerchantId merchant, TransferId id, const Actor& actor,
                                         bool receive);

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace jangteo::inventory

#include "customers/points.hpp"

#include <algorithm>
#include <chrono>

namespace jangteo::customers {
namespace {

constexpr std::int64_t kMaxLedger = 500;
constexpr std::size_t kMaxRef = 120;
constexpr std::int64_t kMaxPoints = 1'000'000'000'000;

#define ENTRY_COLUMNS "id, person_id, kind, ref, delta, remaining, expires_at_us, created_at_us"
constexpr store::Sql kPolicy{"customers.point_policy",
                             "SELECT earn_bp, expiry_days, min_redeem FROM customers_point_policies"
                             " WHERE merchant_id = $1"};
constexpr store::Sql kSetPolicy{
    "customers.set_point_policy",
    "INSERT INTO customers_point_policies (merchant_id, earn_bp, expiry_days, min_redeem, updated_at_us)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (merchant_id) DO UPDATE SET earn_bp = excluded.earn_bp,"
    " expiry_days = excluded.expiry_days, min_redeem = excluded.min_redeem, updated_at_us = excluded.updated_at_us"};
constexpr store::Sql kByRef{"customers.point_entry_by_ref", "SELECT " ENTRY_COLUMNS
                                                            " FROM customers_point_entries"
                                                            " WHERE merchant_id = $1 AND kind = $2 AND ref = $3"};
constexpr store::Sql kInsert{"customers.insert_point_entry",
                             "INSERT INTO customers_point_entries (id, merchant_id, person_id, kind, ref, delta,"
                             " remaining, expires_at_us, created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
// The open credits, those that expire first first (never-expiring ones last), then the oldest.
constexpr store::Sql kOpenCredits{"customers.open_point_credits",
                                  "SELECT id, remaining FROM customers_point_entries WHERE merchant_id = $1"
                                  " AND person_id = $2 AND remaining > 0 ORDER BY CASE WHEN expires_at_us IS NULL"
                                  " THEN 1 ELSE 0 END, expires_at_us, created_at_us, id"};
constexpr store::Sql kUse{"customers.use_point_credit",
                          "UPDATE customers_point_entries SET remaining = remaining - $2 WHERE id = $1"};
constexpr store::Sql kDue{"customers.due_point_credits",
                          "SELECT id, remaining FROM customers_point_entries WHERE merchant_id = $1"
                          " AND person_id = $2 AND remaining > 0 AND expires_at_us IS NOT NULL"
                          " AND expires_at_us <= $3 ORDER BY expires_at_us, id"};
constexpr store::Sql kSum{"customers.point_sum",
                          "SELECT COALESCE(SUM(delta), 0) FROM customers_point_entries"
                          " WHERE merchant_id = $1 AND person_id = $2"};
constexpr store::Sql kNextExpiry{"customers.point_next_expiry",
                                 "SELECT expires_at_us, SUM(remaining) FROM customers_point_entries"
                                 " WHERE merchant_id = $1 AND person_id = $2 AND remaining > 0"
                                 " AND expires_at_us IS NOT NULL GROUP BY expires_at_us ORDER BY expires_at_us"
                                 " LIMIT 1"};
constexpr store::Sql kLedger{"customers.point_ledger",
                             "SELECT " ENTRY_COLUMNS
                             " FROM customers_point_entries WHERE merchant_id = $1"
                             " AND person_id = $2 ORDER BY created_at_us DESC, id DESC LIMIT $3"};
// The points given back so far by partial reversals of one redemption (refs "<redemption ref>/…").
constexpr store::Sql kGivenBack{"customers.point_given_back",
                                "SELECT COALESCE(SUM(delta), 0) FROM customers_point_entries WHERE merchant_id = $1"
                                " AND kind = 'reverse_redeem' AND substr(ref, 1, CAST($3 AS INTEGER)) = $2"};
#undef ENTRY_COLUMNS

PointKind KindOf(std::string_view text) {
    if (text == "redeem") return PointKind::kRedeem;
    if (text == "expire") return PointKind::kExpire;
    if (text == "reverse_earn") return PointKind::kReverseEarn;
    if (text == "reverse_redeem") return PointKind::kReverseRedeem;
    if (text == "adjust") return PointKind::kAdjust;
    return PointKind::kEarn;
}

PointEntry EntryFromRow(const store::RowView& r) {
    PointEntry e;
    e.id = PointEntryId(r.Int(0));
    e.person = PersonId(r.Int(1));
    e.kind = KindOf(r.TextView(2));
    e.ref = std::string(r.TextView(3));
    e.delta = r.Int(4);
    e.remaining = r.Int(5);
    if (!r.IsNull(6)) e.expires_at = core::FromUnixMicros(r.Int(6));
    e.created_at = core::FromUnixMicros(r.Int(7));
    return e;
}

core::Status CheckRef(std::string_view ref) {
    if (ref.empty() || ref.size() > kMaxRef) {
        return core::Error::Invalid("invalid_points", "the points are not acceptable",
                                    {{"ref", "invalid_ref", "what the points belong to, up to 120 bytes"}});
    }
    return {};
}

}  // namespace

std::string_view PointKindName(PointKind kind) {
    switch (kind) {
        case PointKind::kEarn: return "earn";
        case PointKind::kRedeem: return "redeem";
        case PointKind::kExpire: return "expire";
        case PointKind::kReverseEarn: return "reverse_earn";
        case PointKind::kReverseRedeem: return "reverse_redeem";
        case PointKind::kAdjust: return "adjust";
    }
    return "earn";
}

core::Status PointService::SetPolicy(platform::MerchantId merchant, const PointPolicy& policy) {
    std::vector<core::FieldError> errors;
    if (policy.earn_bp < 0 || policy.earn_bp > 10000) {
        errors.push_back({"earn_bp", "out_of_range", "0 to 10000 basis points (100 = 1 %)"});
    }
    if (policy.expiry_days < 0 || policy.expiry_days > 3650) {
        errors.push_back({"expiry_days", "out_of_range", "0 (never) to 3650 days"});
    }
    if (policy.min_redeem < 0 || policy.min_redeem > kMaxPoints) {
        errors.push_back({"min_redeem", "out_of_range", "0 or more points"});
    }
    if (!errors.empty())
        return core::Error::Invalid("invalid_point_policy", "the point policy is not acceptable", errors);
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(std::int64_t n,
                    tx.Exec(kSetPolicy, {merchant.key(), std::int64_t{policy.earn_bp}, std::int64_t{policy.expiry_days},
                                         policy.min_redeem, core::ToUnixMicros(clock_.Now())}));
        (void)n;
        return {};
    });
}

core::Result<PointPolicy> PointService::Policy(platform::MerchantId merchant) {
    return db_.Read([&](store::Tx& tx) { return PolicyInTx(tx, merchant); });
}

core::Result<PointPolicy> PointService::PolicyInTx(store::Tx& tx, platform::MerchantId merchant) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kPolicy, {merchant.key()}));
    if (rows.empty()) return PointPolicy{};
    return PointPolicy{.earn_bp = static_cast<int>(rows[0].Int(0)),
                       .expiry_days = static_cast<int>(rows[0].Int(1)),
                       .min_redeem = rows[0].Int(2)};
}

core::Result<std::optional<PointEntry>> PointService::ByRef(store::Tx& tx, platform::MerchantId merchant,
                                                            PointKind kind, std::string_view ref) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kByRef, {merchant.key(), PointKindName(kind), ref}));
    if (rows.empty()) return std::optional<PointEntry>();
    return std::optional<PointEntry>(EntryFromRow(rows[0]));
}

core::Result<PointEntry> PointService::Write(store::Tx& tx, platform::MerchantId merchant, PersonId person,
                                             PointKind kind, std::string_view ref, std::int64_t delta,
                                             std::int64_t remaining, std::optional<core::TimePoint> expires_at) {
    PointEntry e{.id = PointEntryId::New(random_),
                 .person = person,
                 .kind = kind,
                 .ref = std::string(ref),
                 .delta = delta,
                 .remaining = remaining,
                 .expires_at = expires_at,
                 .created_at = clock_.Now()};
    store::Value expiry = expires_at ? store::Value(core::ToUnixMicros(*expires_at)) : store::Value(nullptr);
    JANGTEO_TRY(std::int64_t n, tx.Exec(kInsert, {e.id.key(), merchant.key(), person.key(), PointKindName(kind), ref,
                                                  delta, remaining, expiry, core::ToUnixMicros(e.created_at)}));
    (void)n;
    return e;
}

core::Result<std::optional<PointEntry>> PointService::EarnInTx(store::Tx& tx, platform::MerchantId merchant,
                                                               PersonId person, std::int64_t paid_won,
                                                               std::string_view ref) {
    JANGTEO_TRY_STATUS(CheckRef(ref));
    JANGTEO_TRY(std::optional<PointEntry> done, ByRef(tx, merchant, PointKind::kEarn, ref));
    if (done) return done;
    JANGTEO_TRY(PointPolicy policy, PolicyInTx(tx, merchant));
    if (paid_won <= 0 || policy.earn_bp == 0) return std::optional<PointEntry>();
    const std::int64_t points = paid_won / 10000 * policy.earn_bp + paid_won % 10000 * policy.earn_bp / 10000;
    if (points <= 0) return std::optional<PointEntry>();
    std::optional<core::TimePoint> expires;
    if (policy.expiry_days > 0) expires = clock_.Now() + std::chrono::hours(24) * policy.expiry_days;
    JANGTEO_TRY(PointEntry e, Write(tx, merchant, person, PointKind::kEarn, ref, points, points, expires));
    return std::optional<PointEntry>(std::move(e));
}

core::Status PointService::Consume(store::Tx& tx, platform::MerchantId merchant, PersonId person, std::int64_t points) {
    JANGTEO_TRY(store::Rows credits, tx.Query(kOpenCredits, {merchant.key(), person.key()}));
    std::int64_t left = points;
    for (std::size_t i = 0; i < credits.size() && left > 0; ++i) {
        const std::int64_t take = std::min(left, credits[i].Int(1));
        JANGTEO_TRY(std::int64_t n, tx.Exec(kUse, {credits[i].Int(0), take}));
        (void)n;
        left -= take;
    }
    if (left > 0) return core::Error::FailedPrecondition("insufficient_points", "the balance is smaller");
    return {};
}

core::Result<std::int64_t> PointService::SumInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kSum, {merchant.key(), person.key()}));
    return rows[0].Int(0);
}

core::Result<PointEntry> PointService::RedeemInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person,
                                                  std::int64_t points, std::string_view ref) {
    JANGTEO_TRY_STATUS(CheckRef(ref));
    JANGTEO_TRY(std::optional<PointEntry> done, ByRef(tx, merchant, PointKind::kRedeem, ref));
    if (done) return *done;
    JANGTEO_TRY(PointPolicy policy, PolicyInTx(tx, merchant));
    if (points <= 0 || points > kMaxPoints || points < policy.min_redeem) {
        return core::Error::Invalid(
            "invalid_points", "the points are not acceptable",
            {{"points", "out_of_range", "at least " + std::to_string(std::max<std::int64_t>(1, policy.min_redeem))}});
    }
    JANGTEO_TRY(std::int64_t expired, ExpireDueInTx(tx, merchant, person));
    (void)expired;
    JANGTEO_TRY(std::int64_t balance, SumInTx(tx, merchant, person));
    if (balance < points) {
        return core::Error::FailedPrecondition("insufficient_points",
                                               "the balance is " + std::to_string(balance) + " points");
    }
    JANGTEO_TRY_STATUS(Consume(tx, merchant, person, points));
    return Write(tx, merchant, person, PointKind::kRedeem, ref, -points, 0, std::nullopt);
}

core::Result<std::optional<PointEntry>> PointService::ReverseEarnInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                      std::string_view ref, std::int64_t part,
                                                                      std::int64_t whole,
                                                                      std::string_view reversal_ref) {
    JANGTEO_TRY_STATUS(CheckRef(reversal_ref));
    JANGTEO_TRY(std::optional<PointEntry> done, ByRef(tx, merchant, PointKind::kReverseEarn, reversal_ref));
    if (done) return done;
    JANGTEO_TRY(std::optional<PointEntry> earned, ByRef(tx, merchant, PointKind::kEarn, ref));
    if (!earned || whole <= 0 || part <= 0) return std::optional<PointEntry>();
    // The share of the earned points that the refunded part of the amount stands for.
    const std::int64_t share = part >= whole ? earned->delta : earned->delta * part / whole;
    const std::int64_t take = std::min(share, earned->remaining);
    if (take <= 0) return std::optional<PointEntry>();
    JANGTEO_TRY(std::int64_t n, tx.Exec(kUse, {earned->id.key(), take}));
    (void)n;
    JANGTEO_TRY(PointEntry e,
                Write(tx, merchant, earned->person, PointKind::kReverseEarn, reversal_ref, -take, 0, std::nullopt));
    return std::optional<PointEntry>(std::move(e));
}

core::Result<std::optional<PointEntry>> PointService::ReverseRedeemInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                        std::string_view ref) {
    JANGTEO_TRY_STATUS(CheckRef(ref));
    JANGTEO_TRY(std::optional<PointEntry> done, ByRef(tx, merchant, PointKind::kReverseRedeem, ref));
    if (done) return done;
    JANGTEO_TRY(std::optional<PointEntry> redeemed, ByRef(tx, merchant, PointKind::kRedeem, ref));
    if (!redeemed) return std::optional<PointEntry>();
    JANGTEO_TRY(PointPolicy policy, PolicyInTx(tx, merchant));
    std::optional<core::TimePoint> expires;
    if (policy.expiry_days > 0) expires = clock_.Now() + std::chrono::hours(24) * policy.expiry_days;
    // Less what partial refunds of it gave back already (GiveBackInTx).
    const std::string prefix = std::string(ref) + "/";
    JANGTEO_TRY(store::Rows given, tx.Query(kGivenBack, {merchant.key(), std::string_view(prefix),
                                                         static_cast<std::int64_t>(prefix.size())}));
    const std::int64_t back = -redeemed->delta - given[0].Int(0);
    if (back <= 0) return std::optional<PointEntry>();
    JANGTEO_TRY(PointEntry e,
                Write(tx, merchant, redeemed->person, PointKind::kReverseRedeem, ref, back, back, expires));
    return std::optional<PointEntry>(std::move(e));
}

core::Result<PointEntry> PointService::Adjust(platform::MerchantId merchant, PersonId person, std::int64_t points,
                                              std::string_view ref) {
    return db_.Write([&](store::Tx& tx) { return AdjustInTx(tx, merchant, person, points, ref); });
}

core::Result<PointEntry> PointService::AdjustInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person,
                                                  std::int64_t points, std::string_view ref) {
    JANGTEO_TRY_STATUS(CheckRef(ref));
    if (points == 0 || points > kMaxPoints || points < -kMaxPoints) {
        return core::Error::Invalid("invalid_points", "the points are not acceptable",
                                    {{"points", "out_of_range", "a whole number of points other than 0"}});
    }
    JANGTEO_TRY(std::optional<PointEntry> done, ByRef(tx, merchant, PointKind::kAdjust, ref));
    if (done) return *done;
    if (points > 0) return Write(tx, merchant, person, PointKind::kAdjust, ref, points, points, std::nullopt);
    JANGTEO_TRY(std::int64_t expired, ExpireDueInTx(tx, merchant, person));
    (void)expired;
    JANGTEO_TRY_STATUS(Consume(tx, merchant, person, -points));
    return Write(tx, merchant, person, PointKind::kAdjust, ref, points, 0, std::nullopt);
}

core::Result<std::optional<PointEntry>> PointService::GiveBackInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                   std::string_view ref, std::int64_t points,
                                                                   std::string_view reversal_ref) {
    const std::string part_ref = std::string(ref) + "/" + std::string(reversal_ref);
    JANGTEO_TRY_STATUS(CheckRef(part_ref));
    JANGTEO_TRY(std::optional<PointEntry> done, ByRef(tx, merchant, PointKind::kReverseRedeem, part_ref));
    if (done) return done;
    JANGTEO_TRY(std::optional<PointEntry> redeemed, ByRef(tx, merchant, PointKind::kRedeem, ref));
    if (!redeemed || points <= 0) return std::optional<PointEntry>();
    JANGTEO_TRY(std::optional<PointEntry> whole, ByRef(tx, merchant, PointKind::kReverseRedeem, ref));
    if (whole) return std::optional<PointEntry>();
    // What earlier parts gave back: their refs start with "<ref>/".
    const std::string prefix = std::string(ref) + "/";
    JANGTEO_TRY(store::Rows given, tx.Query(kGivenBack, {merchant.key(), std::string_view(prefix),
                                                         static_cast<std::int64_t>(prefix.size())}));
    const std::int64_t left = -redeemed->delta - given[0].Int(0);
    const std::int64_t back = std::min(points, left);
    if (back <= 0) return std::optional<PointEntry>();
    JANGTEO_TRY(PointPolicy policy, PolicyInTx(tx, merchant));
    std::optional<core::TimePoint> expires;
    if (policy.expiry_days > 0) expires = clock_.Now() + std::chrono::hours(24) * policy.expiry_days;
    JANGTEO_TRY(PointEntry e,
                Write(tx, merchant, redeemed->person, PointKind::kReverseRedeem, part_ref, back, back, expires));
    return std::optional<PointEntry>(std::move(e));
}

core::Result<std::int64_t> PointService::BalanceInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person) {
    JANGTEO_TRY(std::int64_t expired, ExpireDueInTx(tx, merchant, person));
    (void)expired;
    return SumInTx(tx, merchant, person);
}

core::Result<std::int64_t> PointService::ExpireDueInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person) {
    const core::TimePoint now = clock_.Now();
    JANGTEO_TRY(store::Rows due, tx.Query(kDue, {merchant.key(), person.key(), core::ToUnixMicros(now)}));
    std::int64_t expired = 0;
    for (std::size_t i = 0; i < due.size(); ++i) {
        const PointEntryId credit(due[i].Int(0));
        const std::int64_t left = due[i].Int(1);
        JANGTEO_TRY(std::int64_t n, tx.Exec(kUse, {credit.key(), left}));
        (void)n;
        JANGTEO_TRY(PointEntry e, Write(tx, merchant, person, PointKind::kExpire, "credit:" + credit.ToString(), -left,
                                        0, std::nullopt));
        (void)e;
        expired += left;
    }
    return expired;
}

core::Result<PointBalance> PointService::Balance(platform::MerchantId merchant, PersonId person) {
    return db_.Write([&](store::Tx& tx) -> core::Result<PointBalance> {
        JANGTEO_TRY(std::int64_t expired, ExpireDueInTx(tx, merchant, person));
        (void)expired;
        PointBalance b;
        JANGTEO_TRY(b.balance, SumInTx(tx, merchant, person));
        JANGTEO_TRY(store::Rows next, tx.Query(kNextExpiry, {merchant.key(), person.key()}));
        if (!next.empty()) {
            b.next_expiry = core::FromUnixMicros(next[0].Int(0));
            b.expiring_next = next[0].Int(1);
        }
        return b;
    });
}

core::Result<std::vector<PointEntry>> PointService::Ledger(platform::MerchantId merchant, PersonId person, int limit) {
    const std::int64_t n = std::clamp<std::int64_t>(limit, 1, kMaxLedger);
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kLedger, {merchant.key(), person.key(), n});
    }));
    std::vector<PointEntry> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(EntryFromRow(rows[i]));
    return out;
}

}  // namespace jangteo::customers

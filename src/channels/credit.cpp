#include "channels/credit.hpp"

#include <algorithm>

#include "channels/routing.hpp"
#include "store/keyset.hpp"

namespace jangteo::channels {

namespace {

#define JANGTEO_CREDIT_COLUMNS                                                                                 \
    "id, merchant_id, location_key, order_key, kind, ref_key, goods_won, commission_won, rate_bp, actor_kind," \
    " actor_id, at_us"

// ON CONFLICT on the unique (order_key, ref_key): a second credit of an order, or a second reversal of
// one return, inserts nothing.
constexpr store::Sql kInsert{
    "channels.insert_credit",
    "INSERT INTO channels_credits (" JANGTEO_CREDIT_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (order_key, ref_key) DO NOTHING"};
constexpr store::Sql kOfOrder{"channels.credits_of_order",
                              "SELECT " JANGTEO_CREDIT_COLUMNS
                              " FROM channels_credits WHERE order_key = $1 AND merchant_id = $2"
                              " ORDER BY at_us, kind, id"};
constexpr store::Sql kPage{"channels.list_credits",
                           "SELECT " JANGTEO_CREDIT_COLUMNS
                           " FROM channels_credits WHERE merchant_id = $1 AND (location_key = $2 OR $2 = 0)"
                           " AND (at_us < $3 OR (at_us = $3 AND id < $4)) ORDER BY at_us DESC, id DESC LIMIT $5"};
constexpr store::Sql kSummary{"channels.credit_summary",
                              "SELECT kind, count(*), COALESCE(SUM(goods_won), 0), COALESCE(SUM(commission_won), 0)"
                              " FROM channels_credits WHERE merchant_id = $1 AND location_key = $2 AND at_us >= $3"
                              " AND at_us < $4 GROUP BY kind"};

CreditEntry EntryOf(const store::RowView& r) {
    return {.id = CreditId(r.Int(0)),
            .merchant = platform::MerchantId(r.Int(1)),
            .location_key = r.Int(2),
            .order_key = r.Int(3),
            .kind = r.TextView(4) == "reversal" ? CreditKind::kReversal : CreditKind::kCredit,
            .ref_key = r.Int(5),
            .goods_won = r.Int(6),
            .commission_won = r.Int(7),
            .rate_bp = r.Int(8),
            .actor_kind = r.Text(9),
            .actor_key = r.OptInt(10),
            .at = core::FromUnixMicros(r.Int(11))};
}

store::Value ActorKey(const CreditActor& actor) {
    return actor.user_key ? store::Value(*actor.user_key) : store::Value(nullptr);
}

// round(numerator ÷ denominator), half up, for numerator ≥ 0 and denominator > 0.
std::int64_t RoundDiv(__int128 numerator, __int128 denominator) {
    return static_cast<std::int64_t>((2 * numerator + denominator) / (2 * denominator));
}

}  // namespace

std::string_view CreditKindName(CreditKind kind) {
    return kind == CreditKind::kReversal ? "reversal" : "credit";
}

core::Result<std::optional<CreditEntry>> CreditService::CreditInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                   std::int64_t location_key, std::int64_t order_key,
                                                                   std::int64_t goods_won, std::int64_t rate_bp,
                                                                   const CreditActor& actor) {
    if (goods_won < 0 || rate_bp < 0 || rate_bp > kMaxCommissionBasisPoints || location_key <= 0 || order_key <= 0) {
        return core::Error::Invalid("invalid_credit",
                                    "a credit needs a location, an order, goods ≥ 0 and a rate of "
                                    "0 to 10000 basis points");
    }
    CreditEntry e{.id = CreditId::New(random_),
                  .merchant = merchant,
                  .location_key = location_key,
                  .order_key = order_key,
                  .kind = CreditKind::kCredit,
                  .ref_key = 0,
                  .goods_won = goods_won,
                  .commission_won = CommissionWon(goods_won, rate_bp),
                  .rate_bp = rate_bp,
                  .actor_kind = std::string(actor.kind),
                  .actor_key = actor.user_key,
                  .at = clock_.Now()};
    JANGTEO_TRY(std::int64_t n,
                tx.Exec(kInsert, {e.id.key(), merchant.key(), location_key, order_key, CreditKindName(e.kind),
                                  std::int64_t{0}, e.goods_won, e.commission_won, rate_bp, actor.kind, ActorKey(actor),
                                  core::ToUnixMicros(e.at)}));
    if (n != 1) return std::optional<CreditEntry>();
    return std::optional<CreditEntry>(std::move(e));
}

core::Result<std::optional<CreditEntry>> CreditService::ReverseInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                    std::int64_t order_key, std::int64_t ref_key,
                                                                    std::optional<std::int64_t> goods_won,
                                                                    const CreditActor& actor) {
    if (ref_key == 0 || (goods_won && *goods_won < 0)) {
        return core::Error::Invalid("invalid_reversal", "a reversal needs its return and goods ≥ 0");
    }
    JANGTEO_TRY(std::vector<CreditEntry> entries, OfOrderInTx(tx, merchant, order_key));
    const CreditEntry* credit = nullptr;
    std::int64_t reversed_goods = 0, reversed_commission = 0;  // as positive amounts
    for (const CreditEntry& e : entries) {
        if (e.kind == CreditKind::kCredit) {
            credit = &e;
        } else {
            if (e.ref_key == ref_key) return std::optional<CreditEntry>();  // reversed already
            reversed_goods -= e.goods_won;
            reversed_commission -= e.commission_won;
        }
    }
    if (credit == nullptr) return std::optional<CreditEntry>();
    const std::int64_t left = credit->goods_won - reversed_goods;
    const std::int64_t take = std::min(left, goods_won.value_or(left));
    if (take <= 0) return std::optional<CreditEntry>();
    // The commission of all reversals so far, in proportion to their goods; this one takes the rest.
    const std::int64_t commission_so_far =
        credit->goods_won == 0
            ? 0
            : RoundDiv(static_cast<__int128>(credit->commission_won) * (reversed_goods + take), credit->goods_won);
    CreditEntry e{.id = CreditId::New(random_),
                  .merchant = merchant,
                  .location_key = credit->location_key,
                  .order_key = order_key,
                  .kind = CreditKind::kReversal,
                  .ref_key = ref_key,
                  .goods_won = -take,
                  .commission_won = -(commission_so_far - reversed_commission),
                  .rate_bp = credit->rate_bp,
                  .actor_kind = std::string(actor.kind),
                  .actor_key = actor.user_key,
                  .at = clock_.Now()};
    JANGTEO_TRY(std::int64_t n, tx.Exec(kInsert, {e.id.key(), merchant.key(), e.location_key, order_key,
                                                  CreditKindName(e.kind), ref_key, e.goods_won, e.commission_won,
                                                  e.rate_bp, actor.kind, ActorKey(actor), core::ToUnixMicros(e.at)}));
    if (n != 1) return std::optional<CreditEntry>();
    return std::optional<CreditEntry>(std::move(e));
}

core::Result<std::vector<CreditEntry>> CreditService::OfOrderInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                  std::int64_t order_key) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kOfOrder, {order_key, merchant.key()}));
    std::vector<CreditEntry> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(EntryOf(rows[i]));
    return out;
}

core::Result<std::vector<CreditEntry>> CreditService::OfOrder(platform::MerchantId merchant, std::int64_t order_key) {
    return db_.Read([&](store::Tx& tx) { return OfOrderInTx(tx, merchant, order_key); });
}

core::Result<CreditPage> CreditService::List(platform::MerchantId merchant, const CreditQuery& query) {
    JANGTEO_TRY(store::Keyset after, store::ParseKeyset(query.cursor, query.limit));
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kPage, {merchant.key(), query.location_key.value_or(0), after.time_us, after.id, after.fetch});
    }));
    CreditPage page;
    const std::size_t limit = static_cast<std::size_t>(query.limit);
    for (std::size_t i = 0; i < rows.size() && i < limit; ++i) page.items.push_back(EntryOf(rows[i]));
    if (rows.size() > limit) {
        const CreditEntry& last = page.items.back();
        page.next_cursor = store::FormatKeyset(core::ToUnixMicros(last.at), last.id.key());
    }
    return page;
}

core::Result<CreditSummary> CreditService::Summary(platform::MerchantId merchant, std::int64_t location_key,
                                                   core::TimePoint from, core::TimePoint to) {
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kSummary, {merchant.key(), location_key, core::ToUnixMicros(from), core::ToUnixMicros(to)});
    }));
    CreditSummary s;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].TextView(0) == "credit") {
            s.credited_orders = rows[i].Int(1);
            s.credited_goods_won = rows[i].Int(2);
            s.credited_commission_won = rows[i].Int(3);
        } else {
            s.reversals = rows[i].Int(1);
            s.reversed_goods_won = -rows[i].Int(2);
            s.reversed_commission_won = -rows[i].Int(3);
        }
    }
    s.net_goods_won = s.credited_goods_won - s.reversed_goods_won;
    s.net_commission_won = s.credited_commission_won - s.reversed_commission_won;
    return s;
}

}  // namespace jangteo::channels

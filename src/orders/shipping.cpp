#include "orders/shipping.hpp"

#include <algorithm>
#include <vector>

#include "orders/address.hpp"

namespace jangteo::orders {

namespace {

constexpr store::Sql kGetShipping{"orders.get_shipping",
                                  "SELECT flat_fee_won, free_over_won, jeju_surcharge_won, islands_surcharge_won,"
                                  " version, updated_at_us FROM orders_merchant_shipping WHERE merchant_id = $1"};
// Several merchants' rules at once (a cart's), their ids as one JSON array parameter.
constexpr store::Sql kManyShippingSqlite{
    "orders.many_shipping",
    "SELECT flat_fee_won, free_over_won, jeju_surcharge_won, islands_surcharge_won, version, updated_at_us,"
    " merchant_id FROM orders_merchant_shipping WHERE merchant_id IN (SELECT value FROM json_each($1))"};
constexpr store::Sql kManyShippingPostgres{
    "orders.many_shipping",
    "SELECT flat_fee_won, free_over_won, jeju_surcharge_won, islands_surcharge_won, version, updated_at_us,"
    " merchant_id FROM orders_merchant_shipping"
    " WHERE merchant_id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb))"};
// The first save of a merchant's rules: the row must not exist yet (two first saves at once: one wins).
constexpr store::Sql kInsertShipping{
    "orders.insert_shipping",
    "INSERT INTO orders_merchant_shipping (merchant_id, flat_fee_won, free_over_won, jeju_surcharge_won,"
    " islands_surcharge_won, version, updated_at_us) VALUES ($1, $2, $3, $4, $5, 1, $6)"
    " ON CONFLICT (merchant_id) DO NOTHING"};
constexpr store::Sql kUpdateShipping{
    "orders.update_shipping",
    "UPDATE orders_merchant_shipping SET flat_fee_won = $2, free_over_won = $3, jeju_surcharge_won = $4,"
    " islands_surcharge_won = $5, version = version + 1, updated_at_us = $6 WHERE merchant_id = $1 AND version = $7"};

// Inclusive ranges of 5-digit postal codes.
struct Range {
    int first;
    int last;
};

constexpr Range kJeju[] = {{63000, 63644}};

// The islands other than Jeju (see shipping.hpp for the places), sorted by first code.
constexpr Range kIslands[] = {
    {22386, 22388},  // 인천 중구 (무의도 등)
    {23004, 23010},  // 인천 강화군 섬 (교동·삼산·서도)
    {23100, 23116},  // 인천 옹진군 (북도·연평·백령·대청)
    {23124, 23136},  // 인천 옹진군 (덕적·자월·영흥 섬)
    {31708, 31708},  // 충남 당진시 섬
    {32133, 32133},  // 충남 태안군 섬
    {33411, 33411},  // 충남 보령시 섬
    {40200, 40240},  // 경북 울릉군
    {46768, 46771},  // 부산 강서구 섬
    {52570, 52571},  // 경남 사천시 섬
    {53031, 53033},  // 경남 통영시 섬
    {53089, 53104},  // 경남 통영시 섬 (욕지·한산 등)
    {54000, 54000},  // 전북 군산시 섬
    {56347, 56349},  // 전북 부안군 섬 (위도)
    {57068, 57069},  // 전남 영광군 섬
    {58760, 58762},  // 전남 목포시 섬
    {58800, 58810},  // 전남 신안군
    {58816, 58818},  // 전남 신안군
    {58826, 58826},  // 전남 신안군
    {58828, 58866},  // 전남 신안군
    {58953, 58958},  // 전남 진도군 섬
    {59102, 59103},  // 전남 완도군 섬
    {59106, 59106},  // 전남 완도군 섬
    {59127, 59127},  // 전남 완도군 섬
    {59129, 59129},  // 전남 완도군 섬
    {59137, 59166},  // 전남 완도군 섬
    {59650, 59650},  // 전남 여수시 섬
    {59766, 59766},  // 전남 여수시 섬
    {59781, 59790},  // 전남 여수시 섬
};

template <std::size_t N>
bool InRanges(const Range (&ranges)[N], int code) {
    return std::any_of(std::begin(ranges), std::end(ranges),
                       [code](const Range& r) { return code >= r.first && code <= r.last; });
}

bool AmountOk(std::int64_t won) {
    return won >= 0 && won <= kMaxShippingAmountWon;
}

ShippingRules RulesOf(platform::MerchantId merchant, const store::RowView& r) {
    ShippingRules rules;
    rules.merchant = merchant;
    rules.flat_fee = core::Money::Won(r.Int(0));
    rules.free_over = r.IsNull(1) ? std::nullopt : std::optional(core::Money::Won(r.Int(1)));
    rules.jeju_surcharge = core::Money::Won(r.Int(2));
    rules.islands_surcharge = core::Money::Won(r.Int(3));
    rules.version = r.Int(4);
    rules.updated_at = core::FromUnixMicros(r.Int(5));
    return rules;
}

}  // namespace

std::string_view RemoteAreaName(RemoteArea area) {
    switch (area) {
        case RemoteArea::kMainland: return "mainland";
        case RemoteArea::kJeju: return "jeju";
        case RemoteArea::kIsland: return "island";
    }
    return "mainland";
}

RemoteArea AreaOf(std::string_view postal_code) {
    if (!IsPostalCode(postal_code)) return RemoteArea::kMainland;
    int code = 0;
    for (char c : postal_code) code = code * 10 + (c - '0');
    if (InRanges(kJeju, code)) return RemoteArea::kJeju;
    if (InRanges(kIslands, code)) return RemoteArea::kIsland;
    return RemoteArea::kMainland;
}

core::Result<core::Money> ShippingFee(const ShippingRules& rules, core::Money subtotal, std::string_view postal_code) {
    core::Money fee = rules.flat_fee;
    if (rules.free_over && subtotal >= *rules.free_over) fee = core::Money::Won(0);
    switch (AreaOf(postal_code)) {
        case RemoteArea::kMainland: return fee;
        case RemoteArea::kJeju: return fee.Plus(rules.jeju_surcharge);
        case RemoteArea::kIsland: return fee.Plus(rules.islands_surcharge);
    }
    return fee;
}

core::Result<ShippingRules> ShippingService::Get(platform::MerchantId merchant) {
    return db_.Read([&](store::Tx& tx) { return GetInTx(tx, merchant); });
}

core::Result<ShippingRules> ShippingService::GetInTx(store::Tx& tx, platform::MerchantId merchant) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kGetShipping, {merchant.key()}));
    if (rows.empty()) {
        ShippingRules defaults;
        defaults.merchant = merchant;
        return defaults;
    }
    return RulesOf(merchant, rows[0]);
}

core::Result<std::vector<ShippingRules>> ShippingService::ManyInTx(store::Tx& tx,
                                                                   std::span<const platform::MerchantId> merchants) {
    std::vector<ShippingRules> out;
    if (merchants.empty()) return out;
    std::string list = "[";
    for (std::size_t i = 0; i < merchants.size(); ++i) {
        if (i) list += ',';
        list += std::to_string(merchants[i].key());
    }
    list += ']';
    JANGTEO_TRY(
        store::Rows rows,
        tx.Query(tx.dialect() == store::Dialect::kSqlite ? kManyShippingSqlite : kManyShippingPostgres, {list}));
    for (platform::MerchantId merchant : merchants) {
        bool found = false;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (rows[i].Int(6) == merchant.key()) {
                out.push_back(RulesOf(merchant, rows[i]));
                found = true;
                break;
            }
        }
        if (!found) {
            ShippingRules defaults;
            defaults.merchant = merchant;
            out.push_back(defaults);
        }
    }
    return out;
}

core::Result<ShippingRules> ShippingService::Set(platform::MerchantId merchant, const ShippingRulesInput& input,
                                                 std::int64_t expected_version) {
    std::vector<core::FieldError> fields;
    auto check = [&](std::string_view field, std::int64_t won) {
        if (!AmountOk(won))
            fields.push_back({std::string(field), "out_of_range", "must be whole won from 0 to 1,000,000"});
    };
    check("flat_fee_won", input.flat_fee_won);
    if (input.free_over_won) check("free_over_won", *input.free_over_won);
    check("jeju_surcharge_won", input.jeju_surcharge_won);
    check("islands_surcharge_won", input.islands_surcharge_won);
    if (!fields.empty()) {
        return core::Error::Invalid("invalid_shipping_rules", "the shipping rules are not acceptable",
                                    std::move(fields));
    }
    const std::int64_t now = core::ToUnixMicros(clock_.Now());
    store::Value free_over = input.free_over_won ? store::Value(*input.free_over_won) : store::Value(nullptr);
    return db_.Write([&](store::Tx& tx) -> core::Result<ShippingRules> {
        std::int64_t changed = 0;
        if (expected_version == 0) {
            JANGTEO_TRY(changed,
                        tx.Exec(kInsertShipping, {merchant.key(), input.flat_fee_won, free_over,
                                                  input.jeju_surcharge_won, input.islands_surcharge_won, now}));
        } else {
            JANGTEO_TRY(changed, tx.Exec(kUpdateShipping,
                                         {merchant.key(), input.flat_fee_won, free_over, input.jeju_surcharge_won,
                                          input.islands_surcharge_won, now, expected_version}));
        }
        if (changed != 1) {
            return core::Error::Conflict("version_changed",
                                         "the shipping rules were changed meanwhile; load them again");
        }
        return GetInTx(tx, merchant);
    });
}

}  // namespace jangteo::orders

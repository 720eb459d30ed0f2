#include "catalog/price_policy.hpp"

#include "platform/audit.hpp"
#include "store/keyset.hpp"

namespace jangteo::catalog {

namespace {

constexpr store::Sql kGetPolicies{
    "catalog.get_price_policies",
    "SELECT online_rule, online_tolerance_bp, online_enforcement, business_rule, business_tolerance_bp,"
    " business_enforcement, version, updated_at_us FROM catalog_price_policies WHERE merchant_id = $1"};
constexpr store::Sql kInsertPolicies{
    "catalog.insert_price_policies",
    "INSERT INTO catalog_price_policies (merchant_id, online_rule, online_tolerance_bp, online_enforcement,"
    " business_rule, business_tolerance_bp, business_enforcement, version, updated_at_us)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) ON CONFLICT (merchant_id) DO NOTHING"};
constexpr store::Sql kUpdatePolicies{
    "catalog.update_price_policies",
    "UPDATE catalog_price_policies SET online_rule = $2, online_tolerance_bp = $3, online_enforcement = $4,"
    " business_rule = $5, business_tolerance_bp = $6, business_enforcement = $7, version = version + 1,"
    " updated_at_us = $8 WHERE merchant_id = $1 AND version = $9"};

// A page of the report: the merchant's draft and active variants after the cursor, with the list
// prices of each channel (min_quantity 1) and the lowest sale running at $4 for all channels and for
// each one; the rules are applied in C++. The merchant's variants are reached by the index on
// (merchant_id, product_id, position); each subquery is a look-up by its table's primary key prefix.
constexpr store::Sql kViolationPage{
    "catalog.parity_page",
    "SELECT v.product_id, v.position, v.id, v.sku, v.base_price_won, p.title_ko, p.title_en, p.status,"
    " (SELECT c.unit_price_won FROM catalog_variant_prices c WHERE c.variant_id = v.id AND c.channel = 'online'"
    " AND c.min_quantity = 1),"
    " (SELECT c.unit_price_won FROM catalog_variant_prices c WHERE c.variant_id = v.id AND c.channel = 'shop'"
    " AND c.min_quantity = 1),"
    " (SELECT c.unit_price_won FROM catalog_variant_prices c WHERE c.variant_id = v.id AND c.channel = 'business'"
    " AND c.min_quantity = 1),"
    " (SELECT MIN(s.unit_price_won) FROM catalog_sale_prices s WHERE s.variant_id = v.id AND s.channel IS NULL"
    " AND s.starts_at_us <= $4 AND s.ends_at_us > $4),"
    " (SELECT MIN(s.unit_price_won) FROM catalog_sale_prices s WHERE s.variant_id = v.id AND s.channel = 'online'"
    " AND s.starts_at_us <= $4 AND s.ends_at_us > $4),"
    " (SELECT MIN(s.unit_price_won) FROM catalog_sale_prices s WHERE s.variant_id = v.id AND s.channel = 'shop'"
    " AND s.starts_at_us <= $4 AND s.ends_at_us > $4),"
    " (SELECT MIN(s.unit_price_won) FROM catalog_sale_prices s WHERE s.variant_id = v.id"
    " AND s.channel = 'business' AND s.starts_at_us <= $4 AND s.ends_at_us > $4)"
    " FROM catalog_variants v JOIN catalog_products p ON p.id = v.product_id"
    " WHERE v.merchant_id = $1 AND p.status <> 'archived'"
    " AND (v.product_id > $2 OR (v.product_id = $2 AND v.position > $3))"
    " ORDER BY v.product_id, v.position LIMIT $5"};

std::optional<ParityPolicy> PolicyOf(const store::RowView& r, std::size_t at) {
    if (r.IsNull(at)) return std::nullopt;
    return ParityPolicy{.rule = ParseParityRule(r.TextView(at)).value_or(ParityRule::kEqual),
                        .tolerance_bp = r.Int(at + 1),
                        .enforcement = ParseParityEnforcement(r.TextView(at + 2)).value_or(ParityEnforcement::kWarn)};
}

// A list's three columns: rule (NULL for none), tolerance, enforcement.
struct PolicyColumns {
    store::Value rule;
    std::int64_t tolerance_bp = 0;
    std::string_view enforcement = "warn";
};
PolicyColumns ColumnsOf(const std::optional<ParityPolicy>& policy) {
    if (!policy) return {store::Value(nullptr), 0, "warn"};
    return {store::Value(ParityRuleName(policy->rule)), policy->tolerance_bp,
            ParityEnforcementName(policy->enforcement)};
}

// "within 5% refuse", "equal warn", "none": a policy in a word or three, for the audit log.
std::string Describe(const std::optional<ParityPolicy>& policy) {
    if (!policy) return "none";
    std::string out(ParityRuleName(policy->rule));
    if (policy->rule == ParityRule::kWithin) out.append(" ").append(FormatBasisPoints(policy->tolerance_bp));
    out.append(" ").append(ParityEnforcementName(policy->enforcement));
    return out;
}

}  // namespace

core::Result<ParityPolicies> PricePolicyService::GetInTx(store::Tx& tx, platform::MerchantId merchant) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kGetPolicies, {merchant.key()}));
    ParityPolicies out;
    if (rows.empty()) return out;
    const store::RowView r = rows[0];
    out.online = PolicyOf(r, 0);
    out.business = PolicyOf(r, 3);
    out.version = r.Int(6);
    out.updated_at = core::FromUnixMicros(r.Int(7));
    return out;
}

core::Result<ParityPolicies> PricePolicyService::Get(platform::MerchantId merchant) {
    return db_.Read([&](store::Tx& tx) { return GetInTx(tx, merchant); });
}

core::Result<ParityPolicies> PricePolicyService::Set(platform::MerchantId merchant, const ParityPolicies& wanted,
                                                     std::int64_t expected_version, const PolicyActor& actor) {
    std::vector<core::FieldError> fields;
    for (SalesChannel list : kParityLists) {
        const std::optional<ParityPolicy>& policy = wanted.For(list);
        if (!policy) continue;
        auto valid = ValidateParityPolicy(*policy, std::string(SalesChannelName(list)));
        if (!valid.ok()) {
            for (auto& f : std::move(valid).error().fields) fields.push_back(std::move(f));
        }
    }
    if (!fields.empty()) {
        return core::Error::Invalid("invalid_price_policy", "the price policy has invalid fields", std::move(fields));
    }
    if (expected_version < 0) {
        return core::Error::Invalid("invalid_version", "version must be the version that was read",
                                    {{"version", "out_of_range", "must be the version that was read"}});
    }
    const std::int64_t now = core::ToUnixMicros(clock_.Now());
    const PolicyColumns online = ColumnsOf(wanted.online);
    const PolicyColumns business = ColumnsOf(wanted.business);
    return db_.Write([&](store::Tx& tx) -> core::Result<ParityPolicies> {
        std::int64_t changed = 0;
        if (expected_version == 0) {
            JANGTEO_TRY(changed,
                        tx.Exec(kInsertPolicies, {merchant.key(), online.rule, online.tolerance_bp, online.enforcement,
                                                  business.rule, business.tolerance_bp, business.enforcement, now}));
        } else {
            JANGTEO_TRY(changed, tx.Exec(kUpdatePolicies, {merchant.key(), online.rule, online.tolerance_bp,
                                                           online.enforcement, business.rule, business.tolerance_bp,
                                                           business.enforcement, now, expected_version}));
        }
        if (changed != 1) {
            return core::Error::Conflict("version_changed", "the price policy was changed meanwhile; load it again");
        }
        JANGTEO_TRY(ParityPolicies saved, GetInTx(tx, merchant));
        JANGTEO_TRY_STATUS(platform::RecordAudit(tx, clock_, random_,
                                                 {.action = "price_policy.changed",
                                                  .actor_user = actor.user,
                                                  .actor_key = actor.key,
                                                  .merchant = merchant,
                                                  .subject = merchant.ToString(),
                                                  .client_address = actor.client_address,
                                                  .detail = {{"online", Describe(saved.online)},
                                                             {"business", Describe(saved.business)},
                                                             {"version", saved.version}}}));
        return saved;
    });
}

core::Result<ParityViolationPage> PricePolicyService::Violations(platform::MerchantId merchant,
                                                                 const ParityViolationQuery& query) {
    JANGTEO_TRY(store::Keyset after, store::ParseKeyset(query.cursor, query.limit));
    // The cursor is "<product key>.<position>" of the last variant read; the first page starts before
    // every product (keys are positive).
    const std::int64_t after_product = query.cursor ? after.time_us : 0;
    const std::int64_t after_position = query.cursor ? after.id : -1;
    ParityViolationPage page;
    page.evaluated_at = clock_.Now();
    const std::int64_t now_us = core::ToUnixMicros(page.evaluated_at);
    ParityPolicies policies;
    store::Rows rows;
    JANGTEO_TRY_STATUS(db_.Read([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(policies, GetInTx(tx, merchant));
        if (!policies.Any()) return {};
        JANGTEO_TRY(rows, tx.Query(kViolationPage, {merchant.key(), after_product, after_position, now_us, kScanRows}));
        return {};
    }));
    const std::size_t limit = static_cast<std::size_t>(query.limit);
    // Each sale that runs now, as a window around now: QuotePrice judges it as the stored one.
    const core::TimePoint now = page.evaluated_at;
    const core::TimePoint sale_start = now;
    const core::TimePoint sale_end = now + std::chrono::microseconds(1);
    std::optional<std::size_t> last_read;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const store::RowView r = rows[i];
        last_read = i;
        VariantPricing pricing;
        pricing.base = core::Money::Won(r.Int(4));
        const SalesChannel channels[] = {SalesChannel::kOnline, SalesChannel::kShop, SalesChannel::kBusiness};
        for (std::size_t c = 0; c < 3; ++c) {
            if (auto won = r.OptInt(8 + c)) pricing.channel_prices.push_back({channels[c], core::Money::Won(*won)});
        }
        if (auto won = r.OptInt(11)) pricing.sales.push_back({core::Money::Won(*won), sale_start, sale_end, {}});
        for (std::size_t c = 0; c < 3; ++c) {
            if (auto won = r.OptInt(12 + c)) {
                pricing.sales.push_back({core::Money::Won(*won), sale_start, sale_end, channels[c]});
            }
        }
        std::vector<ParityBreach> breaches = BreachesAt(policies, pricing, now);
        if (breaches.empty()) continue;
        ParityViolation& v = page.items.emplace_back();
        v.product_id = ProductId(r.Int(0));
        v.variant_id = VariantId(r.Int(2));
        v.sku = r.Text(3);
        v.title_ko = r.Text(5);
        v.title_en = r.Text(6);
        v.status = ParseProductStatus(r.TextView(7)).value_or(ProductStatus::kDraft);
        v.breaches = std::move(breaches);
        if (page.items.size() == limit) break;
    }
    // More to read: the page stopped at its limit before the last row, or read a whole window.
    const bool more = last_read && (*last_read + 1 < rows.size() || rows.size() == static_cast<std::size_t>(kScanRows));
    if (more) {
        const store::RowView r = rows[*last_read];
        page.next_cursor = store::FormatKeyset(r.Int(0), r.Int(1));
    }
    return page;
}

}  // namespace jangteo::catalog

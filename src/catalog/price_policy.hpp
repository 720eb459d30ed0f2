// A merchant's price parity policies in the store (catalog_price_policies: one row per merchant,
// a rule, tolerance and enforcement per compared price list), changed by compare-and-set on their
// version and recorded in the audit log; and the report of every variant whose prices break them
// now (docs/price-parity.md). The rules themselves are price_parity.hpp; the check when a product
// is saved is in ProductService, which reads the policies with GetInTx in its own transaction.
//
//   catalog::PricePolicyService policies(db, clock, random);
//   JANGTEO_TRY(catalog::ParityPolicies now, policies.Get(merchant));          // version 0: none saved
//   auto saved = policies.Set(merchant, wanted, now.version, {.user = owner});
//   auto page = policies.Violations(merchant, {.limit = 50});                  // page->items, next_cursor
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/price_parity.hpp"
#include "catalog/product.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::catalog {

// Who changes the policies, for the audit log: a person or an API key.
struct PolicyActor {
    std::optional<platform::UserId> user;
    std::optional<platform::ApiKeyId> key;
    std::string client_address;
};

struct ParityViolationQuery {
    std::optional<std::string> cursor;
    int limit = 50;  // 1..200 variants
};

// A variant that breaks a policy now: the product's names and status, and each broken list.
struct ParityViolation {
    ProductId product_id;
    VariantId variant_id;
    std::string title_ko;
    std::string title_en;
    std::string sku;
    ProductStatus status = ProductStatus::kDraft;
    std::vector<ParityBreach> breaches;  // online first, then business
};

struct ParityViolationPage {
    std::vector<ParityViolation> items;
    std::optional<std::string> next_cursor;
    core::TimePoint evaluated_at;  // "now", from the service's clock
};

// Thread-safe: holds references only.
class PricePolicyService {
public:
    // Variants read per page of the report at most: a page may hold fewer items than its limit
    // (even none) and still have a next page, when most variants keep their policies.
    static constexpr std::int64_t kScanRows = 1'000;

    PricePolicyService(store::Db& db, core::Clock& clock, core::Random& random)
        : db_(db), clock_(clock), random_(random) {}

    // The merchant's policies; none and version 0 when it has never saved any.
    core::Result<ParityPolicies> Get(platform::MerchantId merchant);
    static core::Result<ParityPolicies> GetInTx(store::Tx& tx, platform::MerchantId merchant);

    // Replaces the merchant's policies (an absent list: no policy for it). `expected_version` is the
    // version read (0 before the first save): kConflict "version_changed" when someone saved
    // meanwhile. kInvalidArgument "invalid_price_policy" with a field error per problem
    // (online.tolerance_bp, business.tolerance_bp: ValidateParityPolicy). Writes the audit event
    // "price_policy.changed" in the same transaction.
    core::Result<ParityPolicies> Set(platform::MerchantId merchant, const ParityPolicies& wanted,
                                     std::int64_t expected_version, const PolicyActor& actor);

    // The merchant's draft and active variants whose prices break a policy at the clock's now, by
    // product id and then the variant's position, a page at a time: one statement reads up to
    // kScanRows variants with the list prices and the lowest sale running now per channel, and the
    // rules of price_parity.hpp judge them here. No policy: an empty page. kInvalidArgument
    // "bad_cursor" / "bad_limit".
    core::Result<ParityViolationPage> Violations(platform::MerchantId merchant, const ParityViolationQuery& query);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace jangteo::catalog

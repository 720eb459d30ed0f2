// The back office's and the operator console's customers (issue 7; docs/customers-api.md): read models
// that join a merchant's customers with the sales and orders their history names, and the changes a
// person of the merchant makes to them — note and card, merge and undo, review decisions, point
// corrections, consents taken at the counter — each with its audit event in the same transaction.
// ProfileService does no authorization; this is where "a merchant sees and changes only its own
// customers" is decided: anything else answers kNotFound, as if it did not exist.
//
//   flows::CustomerViews views(db, clock, random, profiles, points, consents);
//   JANGTEO_TRY(auto page, views.List(merchant, {.q = "010-1234-5678"}));
//   JANGTEO_TRY(auto merged, views.Merge(merchant, kept, merged, actor));
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "customers/consent.hpp"
#include "customers/points.hpp"
#include "customers/profile.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::flows {

// Who acts: a person of the merchant (or an operator admin), or a merchant's API key.
struct CustomerActor {
    std::optional<platform::UserId> user;
    std::optional<platform::ApiKeyId> key;
    std::string client_address;
    // "usr_…" or "key_…": how the customers module records who merged or decided.
    std::string Name() const;
};

// One purchase or refund of the history, with what the sale, order or return it names says.
struct HistoryItem {
    std::string kind;     // pos_sale, pos_return, order, return, import; purchase/refund for refless ones
    std::string ref_id;   // "pos_…", "ord_…", "rtn_…", or what the import named; "" when none
    std::string channel;  // pos, web, import
    core::TimePoint at;
    std::int64_t amount_won = 0;  // negative for a refund
    std::optional<std::string> location_name, receipt_no, status;
};

struct HistoryPage {
    std::vector<HistoryItem> items;
    std::optional<std::string> next_cursor;  // passed back as the cursor of the next page
};

struct Customer360 {
    customers::CustomerView view;
    customers::PointBalance points;
    std::array<customers::ConsentState, 5> consents;
    std::vector<customers::MergeInfo> merges;
    HistoryPage history;
};

// A review with the two records it compares, as the merchant may see them.
struct ReviewItem {
    customers::Review review;
    std::optional<customers::StoredRecord> a, b;
    // For the operator: the merchants of the two records, with their names.
    std::optional<std::pair<platform::MerchantId, std::string>> merchant_a, merchant_b;
};

struct ReviewPage {
    std::vector<ReviewItem> items;
    std::optional<customers::ReviewId> next_after;
};

struct PointsView {
    customers::PointBalance balance;
    std::vector<customers::PointEntry> entries;
};

// Consents taken at the counter or on paper by the merchant's staff.
struct CounterConsent {
    std::vector<customers::ConsentChange> changes;
    customers::ConsentChannel channel = customers::ConsentChannel::kPos;
};

class CustomerViews {
public:
    CustomerViews(store::Db& db, core::Clock& clock, core::Random& random, customers::ProfileService& profiles,
                  customers::PointService& points, customers::ConsentService& consents)
        : db_(db), clock_(clock), random_(random), profiles_(profiles), points_(points), consents_(consents) {}

    core::Result<customers::CustomerPage> List(platform::MerchantId merchant, const customers::CustomerQuery& query);
    // The 360 with the first `history_limit` entries of the history.
    core::Result<Customer360> View(platform::MerchantId merchant, customers::PersonId person, int history_limit = 20);
    // Newest first, from the start (`query.before` a time, or `query.cursor` a page's next_cursor);
    // limit 1–100. One query per kind of what the entries name.
    core::Result<HistoryPage> History(platform::MerchantId merchant, customers::PersonId person,
                                      const customers::HistoryQuery& query);
    // Audited as customer.updated.
    core::Result<Customer360> Update(platform::MerchantId merchant, customers::PersonId person,
                                     const std::optional<std::string>& note, const std::optional<std::string>& card_no,
                                     const CustomerActor& actor);

    // Both persons must be the merchant's customers (kNotFound otherwise). Audited as customer.merged.
    core::Result<customers::MergeResult> Merge(platform::MerchantId merchant, customers::PersonId kept,
                                               customers::PersonId merged, const CustomerActor& actor);
    // kNotFound "merge_not_found" also when the merge's kept person is not the merchant's customer.
    // Audited as customer.unmerged.
    core::Result<customers::UnmergeResult> Undo(platform::MerchantId merchant, customers::MergeId merge,
                                                const CustomerActor& actor);

    // Open reviews: the merchant's (both records visible to it), or with no merchant the operator's (all).
    core::Result<ReviewPage> Reviews(std::optional<platform::MerchantId> merchant,
                                     std::optional<customers::ReviewId> after, int limit);
    // Audited as customer.review_decided (with the merge a "same" made).
    core::Result<customers::DecideResult> Decide(std::optional<platform::MerchantId> merchant,
                                                 customers::ReviewId review, customers::ReviewState decision,
                                                 const CustomerActor& actor);

    core::Result<PointsView> Points(platform::MerchantId merchant, customers::PersonId person, int limit);
    // A correction of ± points with a reason (1–200 characters). Audited as customer.points_adjusted.
    core::Result<customers::PointEntry> AdjustPoints(platform::MerchantId merchant, customers::PersonId person,
                                                     std::int64_t points, const std::string& reason,
                                                     const CustomerActor& actor);
    // Recorded with the staff member as the source; answers the consents now.
    core::Result<std::array<customers::ConsentState, 5>> TakeConsents(platform::MerchantId merchant,
                                                                      customers::PersonId person,
                                                                      const CounterConsent& consent,
                                                                      const CustomerActor& actor);

private:
    core::Result<HistoryPage> HistoryOf(platform::MerchantId merchant, customers::PersonId person,
                                        const customers::HistoryQuery& query);

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    customers::ProfileService& profiles_;
    customers::PointService& points_;
    customers::ConsentService& consents_;
};

}  // namespace jangteo::flows

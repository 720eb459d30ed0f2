#include "flows/customer_views.hpp"

#include <algorithm>
#include <unordered_map>

#include "channels/ids.hpp"
#include "core/json.hpp"
#include "core/validate.hpp"
#include "orders/ids.hpp"
#include "platform/audit.hpp"

namespace jangteo::flows {

namespace json = core::json;

namespace {

constexpr int kMaxHistory = 100;
constexpr std::size_t kMaxReason = 200;

// The history's entries name sales, orders and returns of other modules: this read model joins them
// here, one query per kind for a whole page ($1 the merchant, so that a ref can never reach another
// merchant's row; $2 the keys as a JSON array).
constexpr std::string_view kKeysSqlite = "(SELECT value FROM json_each($2))";
constexpr std::string_view kKeysPostgres = "(SELECT e::bigint FROM jsonb_array_elements_text($2::jsonb) e)";

std::string SalesText(std::string_view keys) {
    return "SELECT s.id, s.kind, s.receipt_no, s.voided_by, l.name_ko FROM channels_pos_sales s"
           " LEFT JOIN inventory_locations l ON l.id = s.location_id WHERE s.merchant_id = $1 AND s.id IN " +
           std::string(keys);
}
std::string OrdersText(std::string_view keys) {
    return "SELECT o.id, o.status, l.name_ko FROM orders_orders o"
           " LEFT JOIN inventory_locations l ON l.id = o.pickup_location_key WHERE o.merchant_id = $1 AND o.id IN " +
           std::string(keys);
}
std::string ReturnsText(std::string_view keys) {
    return "SELECT r.id, o.status FROM orders_order_returns r JOIN orders_orders o ON o.id = r.order_id"
           " WHERE r.merchant_id = $1 AND r.id IN " +
           std::string(keys);
}
std::string MerchantNamesText(std::string_view keys) {
    // The merchants' keys are $1 here.
    std::string in(keys);
    in.replace(in.find("$2"), 2, "$1");
    return "SELECT id, name_ko FROM platform_merchants WHERE id IN " + in;
}
const std::string kSalesSqliteText = SalesText(kKeysSqlite), kSalesPostgresText = SalesText(kKeysPostgres);
const std::string kOrdersSqliteText = OrdersText(kKeysSqlite), kOrdersPostgresText = OrdersText(kKeysPostgres);
const std::string kReturnsSqliteText = ReturnsText(kKeysSqlite), kReturnsPostgresText = ReturnsText(kKeysPostgres);
const std::string kNamesSqliteText = MerchantNamesText(kKeysSqlite);
const std::string kNamesPostgresText = MerchantNamesText(kKeysPostgres);
const store::Sql kSalesSqlite{"flows.customer_history_sales", kSalesSqliteText};
const store::Sql kSalesPostgres{"flows.customer_history_sales", kSalesPostgresText};
const store::Sql kOrdersSqlite{"flows.customer_history_orders", kOrdersSqliteText};
const store::Sql kOrdersPostgres{"flows.customer_history_orders", kOrdersPostgresText};
const store::Sql kReturnsSqlite{"flows.customer_history_returns", kReturnsSqliteText};
const store::Sql kReturnsPostgres{"flows.customer_history_returns", kReturnsPostgresText};
const store::Sql kNamesSqlite{"flows.review_merchant_names", kNamesSqliteText};
const store::Sql kNamesPostgres{"flows.review_merchant_names", kNamesPostgresText};

std::string KeyArray(const std::vector<std::int64_t>& keys) {
    json::array a;
    for (auto k : keys) a.push_back(k);
    return core::ToJson(a);
}

platform::AuditEvent Event(std::string action, const CustomerActor& actor, std::optional<platform::MerchantId> m,
                           std::string subject, json::object detail) {
    return platform::AuditEvent{.action = std::move(action),
                                .actor_user = actor.user,
                                .actor_key = actor.key,
                                .merchant = m,
                                .subject = std::move(subject),
                                .client_address = actor.client_address,
                                .detail = std::move(detail)};
}

json::array RecordIds(const std::vector<customers::RecordId>& ids) {
    json::array a;
    for (auto id : ids) a.push_back(json::value(id.ToString()));
    return a;
}

}  // namespace

std::string CustomerActor::Name() const {
    if (user) return user->ToString();
    if (key) return key->ToString();
    return "system";
}

core::Result<customers::CustomerPage> CustomerViews::List(platform::MerchantId merchant,
                                                          const customers::CustomerQuery& query) {
    return profiles_.Customers(merchant, query);
}

core::Result<Customer360> CustomerViews::View(platform::MerchantId merchant, customers::PersonId person,
                                              int history_limit) {
    Customer360 out;
    JANGTEO_TRY(out.view, profiles_.Person360(merchant, person));
    const customers::PersonId current = out.view.person;
    JANGTEO_TRY(out.points, points_.Balance(merchant, current));
    JANGTEO_TRY(out.consents, consents_.Current(current, merchant));
    JANGTEO_TRY(out.merges, profiles_.MergesOf(current));
    JANGTEO_TRY(out.history, HistoryOf(merchant, current, {.limit = history_limit}));
    return out;
}

core::Result<HistoryPage> CustomerViews::History(platform::MerchantId merchant, customers::PersonId person,
                                                 const customers::HistoryQuery& query) {
    if (query.limit < 1 || query.limit > kMaxHistory) {
        return core::Error::Invalid("invalid_limit", "limit is from 1 to 100", {{"limit", "out_of_range", "1 to 100"}});
    }
    return HistoryOf(merchant, person, query);
}

core::Result<HistoryPage> CustomerViews::HistoryOf(platform::MerchantId merchant, customers::PersonId person,
                                                   const customers::HistoryQuery& query) {
    JANGTEO_TRY(customers::HistoryEvents found_events, profiles_.History(merchant, person, query));
    const std::vector<customers::RelationshipEvent>& events = found_events.events;
    HistoryPage page{.next_cursor = std::move(found_events.next_cursor)};
    std::vector<std::int64_t> sales, orders, returns;
    for (const auto& e : events) {
        HistoryItem item{.at = e.at, .amount_won = e.amount_won};
        const auto colon = e.ref.find(':');
        if (colon == std::string::npos) {
            // Entries recorded before refs existed say only whether they were a purchase or a refund.
            item.kind = e.amount_won < 0 ? "refund" : "purchase";
            item.ref_id = e.ref;
        } else {
            item.kind = e.ref.substr(0, colon);
            item.ref_id = e.ref.substr(colon + 1);
        }
        if (item.kind == "order" || item.kind == "return") {
            item.channel = "web";
        } else if (item.kind == "import") {
            item.channel = "import";
        } else {
            item.channel = "pos";
        }
        if (auto id = channels::PosSaleId::Parse(item.ref_id); id.ok()) {
            sales.push_back(id->key());
        } else if (auto order = orders::OrderId::Parse(item.ref_id); order.ok()) {
            orders.push_back(order->key());
        } else if (auto ret = orders::ReturnId::Parse(item.ref_id); ret.ok()) {
            returns.push_back(ret->key());
        }
        page.items.push_back(std::move(item));
    }
    if (sales.empty() && orders.empty() && returns.empty()) return page;

    struct Found {
        std::optional<std::string> location, receipt, status;
    };
    std::unordered_map<std::string, Found> found;  // by public id
    JANGTEO_TRY_STATUS(db_.Read([&](store::Tx& tx) -> core::Status {
        const bool sqlite = tx.dialect() == store::Dialect::kSqlite;
        if (!sales.empty()) {
            JANGTEO_TRY(auto rows, tx.Query(sqlite ? kSalesSqlite : kSalesPostgres, {merchant.key(), KeyArray(sales)}));
            for (std::size_t i = 0; i < rows.size(); ++i) {
                std::string kind = rows[i].Text(1);
                std::string status = kind == "sale" ? (rows[i].IsNull(3) ? "completed" : "voided") : kind;
                found[channels::PosSaleId(rows[i].Int(0)).ToString()] =
                    Found{.location = rows[i].OptText(4), .receipt = rows[i].Text(2), .status = status};
            }
        }
        if (!orders.empty()) {
            JANGTEO_TRY(auto rows,
                        tx.Query(sqlite ? kOrdersSqlite : kOrdersPostgres, {merchant.key(), KeyArray(orders)}));
            for (std::size_t i = 0; i < rows.size(); ++i) {
                found[orders::OrderId(rows[i].Int(0)).ToString()] =
                    Found{.location = rows[i].OptText(2), .status = rows[i].Text(1)};
            }
        }
        if (!returns.empty()) {
            JANGTEO_TRY(auto rows,
                        tx.Query(sqlite ? kReturnsSqlite : kReturnsPostgres, {merchant.key(), KeyArray(returns)}));
            for (std::size_t i = 0; i < rows.size(); ++i) {
                found[orders::ReturnId(rows[i].Int(0)).ToString()] = Found{.status = rows[i].Text(1)};
            }
        }
        return {};
    }));
    for (HistoryItem& item : page.items) {
        auto it = found.find(item.ref_id);
        if (it == found.end()) continue;
        item.location_name = it->second.location;
        if (it->second.receipt && !it->second.receipt->empty()) item.receipt_no = it->second.receipt;
        item.status = it->second.status;
    }
    return page;
}

core::Result<Customer360> CustomerViews::Update(platform::MerchantId merchant, customers::PersonId person,
                                                const std::optional<std::string>& note,
                                                const std::optional<std::string>& card_no, const CustomerActor& actor) {
    JANGTEO_TRY(customers::Relationship r, db_.Write([&](store::Tx& tx) -> core::Result<customers::Relationship> {
        JANGTEO_TRY(customers::Relationship rel, profiles_.UpdateRelationshipInTx(tx, merchant, person, note, card_no));
        json::object detail;
        if (note) detail["note_chars"] = static_cast<std::int64_t>(note->size());
        if (card_no) detail["card_no"] = rel.card_no;
        JANGTEO_TRY_STATUS(platform::RecordAudit(
            tx, clock_, random_, Event("customer.updated", actor, merchant, rel.person.ToString(), std::move(detail))));
        return rel;
    }));
    return View(merchant, r.person);
}

core::Result<customers::MergeResult> CustomerViews::Merge(platform::MerchantId merchant, customers::PersonId kept,
                                                          customers::PersonId merged, const CustomerActor& actor) {
    if (kept == merged) return core::Error::Invalid("same_person", "a person cannot be merged into itself");
    return db_.Write([&](store::Tx& tx) -> core::Result<customers::MergeResult> {
        JANGTEO_TRY(customers::PersonId k, profiles_.CustomerOfInTx(tx, merchant, kept));
        JANGTEO_TRY(customers::PersonId m, profiles_.CustomerOfInTx(tx, merchant, merged));
        (void)k;
        (void)m;
        // The ids as given: a person merged before is refused (person_not_active), not followed.
        JANGTEO_TRY(customers::MergeResult done, profiles_.MergeInTx(tx, kept, merged, actor.Name(), {}));
        JANGTEO_TRY_STATUS(
            platform::RecordAudit(tx, clock_, random_,
                                  Event("customer.merged", actor, merchant, done.merge.ToString(),
                                        json::object{{"kept", kept.ToString()},
                                                     {"merged", merged.ToString()},
                                                     {"moved_records", RecordIds(done.moved_records)}})));
        return done;
    });
}

core::Result<customers::UnmergeResult> CustomerViews::Undo(platform::MerchantId merchant, customers::MergeId merge,
                                                           const CustomerActor& actor) {
    return db_.Write([&](store::Tx& tx) -> core::Result<customers::UnmergeResult> {
        JANGTEO_TRY(customers::MergeInfo info, profiles_.FindMergeInTx(tx, merge));
        if (!profiles_.CustomerOfInTx(tx, merchant, info.kept).ok()) {
            return core::Error::NotFound("merge_not_found", "no merge " + merge.ToString());
        }
        JANGTEO_TRY(customers::UnmergeResult done, profiles_.UnmergeInTx(tx, merge, actor.Name()));
        JANGTEO_TRY_STATUS(platform::RecordAudit(tx, clock_, random_,
                                                 Event("customer.unmerged", actor, merchant, merge.ToString(),
                                                       json::object{{"kept", done.kept.ToString()},
                                                                    {"merged", done.merged.ToString()},
                                                                    {"moved_back", RecordIds(done.moved_back)}})));
        return done;
    });
}

core::Result<ReviewPage> CustomerViews::Reviews(std::optional<platform::MerchantId> merchant,
                                                std::optional<customers::ReviewId> after, int limit) {
    limit = std::clamp(limit, 1, 200);
    const auto fetch = static_cast<std::size_t>(limit) + 1;
    std::vector<customers::Review> reviews;
    if (merchant) {
        JANGTEO_TRY(reviews, profiles_.ReviewsVisibleTo(*merchant, fetch, after));
    } else {
        JANGTEO_TRY(reviews, profiles_.OpenReviews(std::nullopt, fetch, after));
    }
    ReviewPage page;
    if (reviews.size() > static_cast<std::size_t>(limit)) {
        reviews.resize(static_cast<std::size_t>(limit));
        page.next_after = reviews.back().id;
    } else if (limit == 200 && reviews.size() == 200) {
        // The profile service answers at most 200, so a full page of 200 cannot tell whether more
        // follow: offer the next page, which may be empty.
        page.next_after = reviews.back().id;
    }
    std::vector<customers::RecordId> ids;
    std::vector<std::int64_t> merchants;
    for (const auto& r : reviews) {
        ids.push_back(r.record_a);
        ids.push_back(r.record_b);
        for (const auto& m : {r.merchant_a, r.merchant_b}) {
            if (m) merchants.push_back(m->key());
        }
    }
    JANGTEO_TRY(auto records, profiles_.RecordsById(ids));
    std::unordered_map<std::int64_t, customers::StoredRecord> by_id;
    for (auto& r : records) by_id.emplace(r.id.key(), std::move(r));
    std::unordered_map<std::int64_t, std::string> names;
    if (!merchant && !merchants.empty()) {
        JANGTEO_TRY_STATUS(db_.Read([&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY(auto rows, tx.Query(tx.dialect() == store::Dialect::kSqlite ? kNamesSqlite : kNamesPostgres,
                                            {KeyArray(merchants)}));
            for (std::size_t i = 0; i < rows.size(); ++i) names[rows[i].Int(0)] = rows[i].Text(1);
            return {};
        }));
    }
    for (auto& r : reviews) {
        ReviewItem item{.review = r};
        if (auto it = by_id.find(r.record_a.key()); it != by_id.end()) item.a = it->second;
        if (auto it = by_id.find(r.record_b.key()); it != by_id.end()) item.b = it->second;
        if (!merchant) {
            if (r.merchant_a) item.merchant_a = std::pair(*r.merchant_a, names[r.merchant_a->key()]);
            if (r.merchant_b) item.merchant_b = std::pair(*r.merchant_b, names[r.merchant_b->key()]);
        }
        page.items.push_back(std::move(item));
    }
    return page;
}

core::Result<customers::DecideResult> CustomerViews::Decide(std::optional<platform::MerchantId> merchant,
                                                            customers::ReviewId review, customers::ReviewState decision,
                                                            const CustomerActor& actor) {
    return db_.Write([&](store::Tx& tx) -> core::Result<customers::DecideResult> {
        // A merchant decides only what its queue shows it (ProfileService::ReviewsVisibleTo).
        JANGTEO_TRY(customers::Review r, merchant ? profiles_.FindVisibleReviewInTx(tx, *merchant, review)
                                                  : profiles_.FindReviewInTx(tx, review));
        JANGTEO_TRY(customers::DecideResult done,
                    profiles_.DecideInTx(tx, review, decision, actor.Name(), std::nullopt));
        json::object detail{{"decision", customers::ReviewStateName(decision)},
                            {"person_a", r.person_a.ToString()},
                            {"person_b", r.person_b.ToString()}};
        if (done.merge) detail["merge"] = done.merge->merge.ToString();
        JANGTEO_TRY_STATUS(platform::RecordAudit(
            tx, clock_, random_,
            Event("customer.review_decided", actor, merchant, review.ToString(), std::move(detail))));
        return done;
    });
}

core::Result<PointsView> CustomerViews::Points(platform::MerchantId merchant, customers::PersonId person, int limit) {
    JANGTEO_TRY(customers::PersonId current,
                db_.Read([&](store::Tx& tx) { return profiles_.CustomerOfInTx(tx, merchant, person); }));
    PointsView out;
    JANGTEO_TRY(out.balance, points_.Balance(merchant, current));
    JANGTEO_TRY(out.entries, points_.Ledger(merchant, current, limit));
    return out;
}

core::Result<customers::PointEntry> CustomerViews::AdjustPoints(platform::MerchantId merchant,
                                                                customers::PersonId person, std::int64_t points,
                                                                const std::string& reason, const CustomerActor& actor) {
    std::vector<core::FieldError> errors;
    if (points == 0) errors.push_back({"points", "out_of_range", "a whole number of points other than 0"});
    auto chars = core::DecodeUtf8(reason);
    std::size_t blank = 0;
    for (char c : reason) blank += c == ' ';
    if (!chars || chars->empty() || chars->size() > kMaxReason || blank == reason.size()) {
        errors.push_back({"reason", "invalid_reason", "why, in 1 to 200 characters"});
    }
    if (!errors.empty()) return core::Error::Invalid("invalid_points", "the correction is not acceptable", errors);
    return db_.Write([&](store::Tx& tx) -> core::Result<customers::PointEntry> {
        JANGTEO_TRY(customers::PersonId current, profiles_.CustomerOfInTx(tx, merchant, person));
        // Each correction is its own entry: the ref is new every time (the reason is in the audit log).
        std::string ref = "adjust:" + customers::PointEntryId::New(random_).ToString();
        JANGTEO_TRY(customers::PointEntry entry, points_.AdjustInTx(tx, merchant, current, points, ref));
        JANGTEO_TRY_STATUS(platform::RecordAudit(
            tx, clock_, random_,
            Event("customer.points_adjusted", actor, merchant, current.ToString(),
                  json::object{{"entry", entry.id.ToString()}, {"points", points}, {"reason", reason}})));
        return entry;
    });
}

core::Result<std::array<customers::ConsentState, 5>> CustomerViews::TakeConsents(platform::MerchantId merchant,
                                                                                 customers::PersonId person,
                                                                                 const CounterConsent& consent,
                                                                                 const CustomerActor& actor) {
    return db_.Write([&](store::Tx& tx) -> core::Result<std::array<customers::ConsentState, 5>> {
        JANGTEO_TRY(customers::PersonId current, profiles_.CustomerOfInTx(tx, merchant, person));
        customers::ConsentInput input{.person = current,
                                      .merchant = merchant,
                                      .changes = consent.changes,
                                      .channel = consent.channel,
                                      .source = "staff:" + actor.Name()};
        JANGTEO_TRY(auto written, consents_.RecordInTx(tx, input));
        (void)written;
        return consents_.CurrentInTx(tx, current, merchant);
    });
}

}  // namespace jangteo::flows

#include "customers/profile.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "core/json.hpp"
#include "core/validate.hpp"
#include "store/keyset.hpp"

namespace jangteo::customers {

namespace json = core::json;

namespace {

// Levels of the comparison (resolve.hpp): 0 missing, 1 exact, then partial agreements; the last
// level of a field disagrees.
constexpr std::uint8_t kMissing = 0, kExact = 1;
constexpr std::uint8_t kRomanOrTransposed = 2, kClose = 3;
constexpr std::uint8_t kContactDisagree = 2;  // phone, e-mail, postal code, card
constexpr std::size_t kMaxFieldBytes = 400;
constexpr std::size_t kMaxRefBytes = 200;
constexpr int kMaxMergeChain = 16;

int F(Field f) {
    return static_cast<int>(f);
}

}  // namespace

// The date in Korea (UTC+9, no daylight saving) as YYYYMMDD: birth dates are not after it.
std::uint32_t TodayInKorea(core::TimePoint now) {
    auto day = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now + std::chrono::hours(9)));
    return static_cast<std::uint32_t>(static_cast<int>(day.year()) * 10000 +
                                      static_cast<int>(static_cast<unsigned>(day.month())) * 100 +
                                      static_cast<int>(static_cast<unsigned>(day.day())));
}

namespace {

const store::Sql& Pick(store::Tx& tx, const store::Sql& sqlite, const store::Sql& postgres) {
    return tx.dialect() == store::Dialect::kSqlite ? sqlite : postgres;
}

// ---- named statements ----

const store::Sql kFindRecord{"customers.find_record",
                             "SELECT id, person_id FROM customers_records WHERE source = $1 AND source_ref = $2"};
const store::Sql kInsertPerson{"customers.insert_person",
                               "INSERT INTO customers_persons (id, status, created_at_us, updated_at_us)"
                               " VALUES ($1, 'active', $2, $2)"};
const store::Sql kDeletePerson{"customers.delete_person", "DELETE FROM customers_persons WHERE id = $1"};
const store::Sql kInsertRecord{
    "customers.insert_record",
    "INSERT INTO customers_records (id, person_id, merchant_id, source, source_ref, name, phone, email, birth_date,"
    " postal_code, address, card_no, phone_verified, email_verified, created_at_us)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    " ON CONFLICT (source, source_ref) DO NOTHING"};
const store::Sql kInsertKeysSqlite{"customers.insert_record_keys",
                                   "INSERT INTO customers_record_keys (key_hash, record_id)"
                                   " SELECT value, $2 FROM json_each($1) WHERE true ON CONFLICT DO NOTHING"};
const store::Sql kInsertKeysPostgres{"customers.insert_record_keys",
                                     "INSERT INTO customers_record_keys (key_hash, record_id)"
                                     " SELECT e::bigint, $2 FROM jsonb_array_elements_text($1::jsonb) e"
                                     " ON CONFLICT DO NOTHING"};

// The candidates of a new record in one query: $1 is a JSON array of [key hash, priority]; a key
// shared by $2 or more records (a very common name) is skipped, counting no further than that; of
// the records found, those of the strongest keys (phone, e-mail, card) come first, at most $3.
constexpr std::string_view kCandidatesTail =
    " small(h, prio) AS (SELECT h, prio FROM keys WHERE (SELECT count(*) FROM (SELECT 1 FROM customers_record_keys x"
    " WHERE x.key_hash = keys.h LIMIT $2) b) < $2),"
    " found(record_id, prio) AS (SELECT k.record_id, min(small.prio) FROM customers_record_keys k"
    " JOIN small ON k.key_hash = small.h GROUP BY k.record_id)"
    " SELECT r.id, r.person_id, r.merchant_id, r.name, r.phone, r.email, r.birth_date, r.postal_code, r.address,"
    " r.card_no, r.phone_verified, r.email_verified FROM found JOIN customers_records r ON r.id = found.record_id"
    " JOIN customers_persons p ON p.id = r.person_id AND p.status = 'active' ORDER BY found.prio, r.id LIMIT $3";
const std::string kCandidatesSqliteText =
    std::string("WITH keys(h, prio) AS (SELECT value ->> 0, value ->> 1 FROM json_each($1)),") +
    std::string(kCandidatesTail);
const std::string kCandidatesPostgresText =
    std::string(
        "WITH keys(h, prio) AS (SELECT (e ->> 0)::bigint, (e ->> 1)::int FROM jsonb_array_elements($1::jsonb) e),") +
    std::string(kCandidatesTail);
const store::Sql kCandidatesSqlite{"customers.candidates", kCandidatesSqliteText};
const store::Sql kCandidatesPostgres{"customers.candidates", kCandidatesPostgresText};

const store::Sql kNamesOfPerson{"customers.names_of_person",
                                "SELECT name FROM customers_records WHERE person_id = $1 AND name <> '' LIMIT 8"};
// A named record takes in at most this many nameless holders of its number at once.
constexpr std::size_t kMaxAbsorbed = 3;
const store::Sql kDecidedDifferent{"customers.decided_different",
                                   "SELECT count(*) FROM customers_reviews WHERE state = 'different' AND"
                                   " ((person_a = $1 AND person_b = $2) OR (person_a = $2 AND person_b = $1))"};
const store::Sql kInsertReview{
    "customers.insert_review",
    "INSERT INTO customers_reviews (id, record_a, record_b, person_a, person_b, merchant_a, merchant_b, score,"
    " evidence, state, created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10)"
    " ON CONFLICT (record_a, record_b) DO NOTHING"};

const store::Sql kPersonState{"customers.person_state",
                              "SELECT status, merged_into FROM customers_persons WHERE id = $1"};
const store::Sql kInsertEvent{
    "customers.insert_relationship_event",
    "INSERT INTO customers_relationship_events (id, merchant_id, person_id, amount_won, at_us, ref)"
    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (merchant_id, ref) DO NOTHING"};
// Keyset on (at_us, id): the range at_us <= $3 is the index's (customers 0007), the rest a filter on it.
const store::Sql kHistory{"customers.history",
                          "SELECT id, ref, amount_won, at_us FROM customers_relationship_events"
                          " WHERE merchant_id = $1 AND person_id = $2 AND at_us <= $3 AND (at_us < $3 OR id < $4)"
                          " ORDER BY at_us DESC, id DESC LIMIT $5"};
const store::Sql kAddPurchase{
    "customers.add_purchase",
    "INSERT INTO customers_relationships (merchant_id, person_id, first_purchase_us, last_purchase_us, purchases,"
    " total_won, card_no, note, created_at_us, updated_at_us) VALUES ($1, $2, $3, $3, $4, $5, $6, '', $7, $7)"
    " ON CONFLICT (merchant_id, person_id) DO UPDATE SET"
    " first_purchase_us = CASE WHEN excluded.first_purchase_us IS NULL THEN customers_relationships.first_purchase_us"
    " WHEN customers_relationships.first_purchase_us IS NULL"
    " OR excluded.first_purchase_us < customers_relationships.first_purchase_us THEN excluded.first_purchase_us"
    " ELSE customers_relationships.first_purchase_us END,"
    " last_purchase_us = CASE WHEN excluded.last_purchase_us IS NULL THEN customers_relationships.last_purchase_us"
    " WHEN customers_relationships.last_purchase_us IS NULL"
    " OR excluded.last_purchase_us > customers_relationships.last_purchase_us THEN excluded.last_purchase_us"
    " ELSE customers_relationships.last_purchase_us END,"
    " purchases = customers_relationships.purchases + excluded.purchases,"
    " total_won = customers_relationships.total_won + excluded.total_won,"
    " card_no = CASE WHEN excluded.card_no = '' THEN customers_relationships.card_no ELSE excluded.card_no END,"
    " updated_at_us = excluded.updated_at_us"};
const store::Sql kZeroRelationships{"customers.zero_relationships",
                                    "UPDATE customers_relationships SET first_purchase_us = NULL,"
                                    " last_purchase_us = NULL, purchases = 0, total_won = 0, updated_at_us = $2"
                                    " WHERE person_id = $1"};
const store::Sql kSumRelationships{
    "customers.sum_relationships",
    "INSERT INTO customers_relationships (merchant_id, person_id, first_purchase_us, last_purchase_us, purchases,"
    " total_won, card_no, note, created_at_us, updated_at_us)"
    " SELECT merchant_id, person_id, min(CASE WHEN amount_won > 0 THEN at_us END),"
    " max(CASE WHEN amount_won > 0 THEN at_us END), sum(CASE WHEN amount_won > 0 THEN 1 ELSE 0 END),"
    " sum(amount_won), '', '', $2, $2 FROM customers_relationship_events WHERE person_id = $1"
    " GROUP BY merchant_id, person_id"
    " ON CONFLICT (merchant_id, person_id) DO UPDATE SET first_purchase_us = excluded.first_purchase_us,"
    " last_purchase_us = excluded.last_purchase_us, purchases = excluded.purchases, total_won = excluded.total_won,"
    " updated_at_us = excluded.updated_at_us"};

const store::Sql kPersonStatus{"customers.person_status", "SELECT status FROM customers_persons WHERE id = $1"};
const store::Sql kMarkMerged{"customers.mark_merged",
                             "UPDATE customers_persons SET status = 'merged', merged_into = $2, updated_at_us = $3"
                             " WHERE id = $1 AND status = 'active'"};
const store::Sql kTouchActive{"customers.touch_person",
                              "UPDATE customers_persons SET updated_at_us = $2 WHERE id = $1 AND status = 'active'"};
const store::Sql kRecordsOf{"customers.records_of",
                            "SELECT id FROM customers_records WHERE person_id = $1 ORDER BY id"};
const store::Sql kMoveRecords{"customers.move_records",
                              "UPDATE customers_records SET person_id = $2 WHERE person_id = $1"};
const store::Sql kEventsOf{"customers.events_of",
                           "SELECT id FROM customers_relationship_events WHERE person_id = $1 ORDER BY id"};
const store::Sql kMoveEvents{"customers.move_events",
                             "UPDATE customers_relationship_events SET person_id = $2 WHERE person_id = $1"};
const store::Sql kRelationshipsOf{"customers.relationships_of",
                                  "SELECT merchant_id, card_no, note FROM customers_relationships"
                                  " WHERE person_id = $1 ORDER BY merchant_id"};
const store::Sql kTakeRelationship{
    "customers.take_relationship",
    "INSERT INTO customers_relationships (merchant_id, person_id, purchases, total_won, card_no, note,"
    " created_at_us, updated_at_us) VALUES ($1, $2, 0, 0, $3, $4, $5, $5)"
    " ON CONFLICT (merchant_id, person_id) DO UPDATE SET"
    " card_no = CASE WHEN customers_relationships.card_no = '' THEN excluded.card_no"
    " ELSE customers_relationships.card_no END,"
    " note = CASE WHEN customers_relationships.note = '' THEN excluded.note ELSE customers_relationships.note END"};
const store::Sql kCloseReviewsBetween{
    "customers.close_reviews_between",
    "UPDATE customers_reviews SET state = 'same', decided_by = $3, decided_at_us = $4 WHERE state = 'open' AND"
    " ((person_a = $1 AND person_b = $2) OR (person_a = $2 AND person_b = $1))"};
const store::Sql kInsertMerge{"customers.insert_merge",
                              "INSERT INTO customers_merges (id, kept_person, merged_person, moved, evidence, actor,"
                              " at_us) VALUES ($1, $2, $3, $4, $5, $6, $7)"};

const store::Sql kFindMerge{"customers.find_merge",
                            "SELECT kept_person, merged_person, moved, undone_at_us FROM customers_merges"
                            " WHERE id = $1"};
const store::Sql kMoveBackRecordsSqlite{"customers.move_back_records",
                                        "UPDATE customers_records SET person_id = $2 WHERE person_id = $1"
                                        " AND id IN (SELECT value FROM json_each($3))"};
const store::Sql kMoveBackRecordsPostgres{"customers.move_back_records",
                                          "UPDATE customers_records SET person_id = $2 WHERE person_id = $1"
                                          " AND id IN (SELECT e::bigint FROM jsonb_array_elements_text($3::jsonb) e)"};
const store::Sql kMoveBackEventsSqlite{"customers.move_back_events",
                                       "UPDATE customers_relationship_events SET person_id = $2 WHERE person_id = $1"
                                       " AND id IN (SELECT value FROM json_each($3))"};
const store::Sql kMoveBackEventsPostgres{"customers.move_back_events",
                                         "UPDATE customers_relationship_events SET person_id = $2 WHERE person_id = $1"
                                         " AND id IN (SELECT e::bigint FROM jsonb_array_elements_text($3::jsonb) e)"};
const store::Sql kReactivate{"customers.reactivate",
                             "UPDATE customers_persons SET status = 'active', merged_into = NULL, updated_at_us = $3"
                             " WHERE id = $1 AND status = 'merged' AND merged_into = $2"};
const store::Sql kRestoreRelationship{"customers.restore_relationship",
                                      "UPDATE customers_relationships SET card_no = $3, note = $4"
                                      " WHERE merchant_id = $1 AND person_id = $2"};
const store::Sql kDropRelationship{"customers.drop_relationship",
                                   "DELETE FROM customers_relationships WHERE merchant_id = $1 AND person_id = $2"};
// Points and consents follow a merge (docs/customers.md, "Merge and unmerge").
const store::Sql kPointsOf{"customers.points_of",
                           "SELECT id FROM customers_point_entries WHERE person_id = $1 ORDER BY id"};
const store::Sql kMovePoints{"customers.move_points",
                             "UPDATE customers_point_entries SET person_id = $2 WHERE person_id = $1"};
const store::Sql kMoveBackPointsSqlite{"customers.move_back_points",
                                       "UPDATE customers_point_entries SET person_id = $2 WHERE person_id = $1"
                                       " AND id IN (SELECT value FROM json_each($3))"};
const store::Sql kMoveBackPointsPostgres{"customers.move_back_points",
                                         "UPDATE customers_point_entries SET person_id = $2 WHERE person_id = $1"
                                         " AND id IN (SELECT e::bigint FROM jsonb_array_elements_text($3::jsonb) e)"};
// What of a person's credits is gone without an entry of its own saying so, per merchant.
const store::Sql kPointGaps{"customers.point_gaps",
                            "SELECT merchant_id, sum(delta) - sum(remaining) FROM customers_point_entries"
                            " WHERE person_id = $1 GROUP BY merchant_id ORDER BY merchant_id"};
const store::Sql kUsedCredits{"customers.used_point_credits",
                              "SELECT id, delta - remaining FROM customers_point_entries WHERE merchant_id = $1"
                              " AND person_id = $2 AND delta > 0 AND remaining < delta"
                              " ORDER BY coalesce(expires_at_us, 9223372036854775807) DESC, id DESC"};
const store::Sql kOpenCreditsOf{"customers.open_point_credits_of",
                                "SELECT id, remaining FROM customers_point_entries WHERE merchant_id = $1"
                                " AND person_id = $2 AND remaining > 0"
                                " ORDER BY coalesce(expires_at_us, 9223372036854775807), id"};
const store::Sql kShiftRemaining{"customers.shift_point_remaining",
                                 "UPDATE customers_point_entries SET remaining = remaining + $2 WHERE id = $1"};
const store::Sql kInsertPointEntry{
    "customers.insert_unmerge_point_entry",
    "INSERT INTO customers_point_entries (id, merchant_id, person_id, kind, ref, delta, remaining, expires_at_us,"
    " created_at_us) VALUES ($1, $2, $3, 'adjust', $4, $5, 0, NULL, $6)"};
const store::Sql kLatestConsents{
    "customers.latest_consents",
    "SELECT c.id, c.merchant_id, c.purpose, c.granted, c.text_version, c.channel, c.recorded_at_us"
    " FROM customers_consents c WHERE c.person_id = $1 AND c.seq = (SELECT max(d.seq) FROM customers_consents d"
    " WHERE d.person_id = c.person_id AND d.merchant_id = c.merchant_id AND d.purpose = c.purpose)"
    " ORDER BY c.merchant_id, c.purpose"};
const store::Sql kNextConsentSeq{"customers.next_consent_seq",
                                 "SELECT coalesce(max(seq), 0) + 1 FROM customers_consents"
                                 " WHERE person_id = $1 AND merchant_id = $2"};
const store::Sql kInsertConsent{
    "customers.insert_merge_consent",
    "INSERT INTO customers_consents (id, person_id, merchant_id, purpose, granted, text_version, channel, source,"
    " recorded_at_us, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};
const store::Sql kIsLatestConsent{
    "customers.is_latest_consent",
    "SELECT count(*) FROM customers_consents c WHERE c.id = $1 AND c.seq = (SELECT max(d.seq) FROM"
    " customers_consents d WHERE d.person_id = c.person_id AND d.merchant_id = c.merchant_id"
    " AND d.purpose = c.purpose)"};
const store::Sql kMarkUndone{"customers.mark_merge_undone",
                             "UPDATE customers_merges SET undone_at_us = $2, undone_by = $3"
                             " WHERE id = $1 AND undone_at_us IS NULL"};

constexpr std::string_view kReviewColumns =
    "SELECT id, record_a, record_b, person_a, person_b, score, evidence, state, decided_by, created_at_us,"
    " merchant_a, merchant_b FROM customers_reviews";
const std::string kOpenReviewsText =
    std::string(kReviewColumns) + " WHERE state = 'open' AND id > $1 ORDER BY id LIMIT $2";
const std::string kFindReviewText = std::string(kReviewColumns) + " WHERE id = $1";
const store::Sql kOpenReviews{"customers.open_reviews", kOpenReviewsText};
const store::Sql kFindReview{"customers.find_review", kFindReviewText};

// What a merchant may see of a review (ProfileService::ReviewsVisibleTo): both records its own, or
// one its own and the other platform-level of a person that is its customer already. The person is
// the one that holds the platform-level record now (a merge moves records), and its relationship
// with the merchant is one primary-key look-up. `m` is the merchant's parameter, `v` the review.
std::string CustomerHolds(std::string_view record, std::string_view m) {
    return "EXISTS (SELECT 1 FROM customers_records r JOIN customers_relationships rel ON rel.person_id ="
           " r.person_id AND rel.merchant_id = " +
           std::string(m) + " WHERE r.id = v." + std::string(record) + ")";
}
// Three disjoint cases, each an index range of customers_reviews_merchant_a/_b with the rule as a
// filter before the limit. They are separate arms of a UNION ALL rather than one OR: under an OR,
// PostgreSQL cannot make the EXISTS a semi-join and may hash every record of the merchant's customers
// instead of looking up the one record a review names.
std::vector<std::string> VisibleArms(std::string_view m) {
    const std::string mm(m);
    return {"v.merchant_a = " + mm + " AND v.merchant_b = " + mm,
            "v.merchant_a = " + mm + " AND v.merchant_b IS NULL AND " + CustomerHolds("record_b", m),
            "v.merchant_b = " + mm + " AND v.merchant_a IS NULL AND " + CustomerHolds("record_a", m)};
}
std::string VisibleReviewsText() {
    const std::string head = std::string(kReviewColumns) + " v WHERE v.state = 'open' AND v.id > $1 AND ";
    std::string out;
    int n = 0;
    for (const std::string& arm : VisibleArms("$3")) {
        if (n > 0) out += " UNION ALL ";
        out += "SELECT * FROM (" + head + arm + " ORDER BY v.id LIMIT $2) arm" + std::to_string(n++);
    }
    return out + " ORDER BY 1 LIMIT $2";
}
std::string FindVisibleReviewText() {
    std::string out;
    for (const std::string& arm : VisibleArms("$2")) {
        if (!out.empty()) out += " UNION ALL ";
        out += std::string(kReviewColumns) + " v WHERE v.id = $1 AND " + arm;
    }
    return out;
}
const std::string kVisibleReviewsText = VisibleReviewsText();
const std::string kFindVisibleReviewText = FindVisibleReviewText();
const store::Sql kVisibleReviews{"customers.visible_reviews", kVisibleReviewsText};
const store::Sql kFindVisibleReview{"customers.find_visible_review", kFindVisibleReviewText};
const store::Sql kPersonOfRecord{"customers.person_of_record", "SELECT person_id FROM customers_records WHERE id = $1"};
const store::Sql kDecideReview{"customers.decide_review",
                               "UPDATE customers_reviews SET state = $2, decided_by = $3, decided_at_us = $4"
                               " WHERE id = $1 AND state = 'open'"};

const store::Sql kRelationship{"customers.relationship",
                               "SELECT first_purchase_us, last_purchase_us, purchases, total_won, card_no, note"
                               " FROM customers_relationships WHERE merchant_id = $1 AND person_id = $2"};
const store::Sql kVisibleRecords{
    "customers.visible_records",
    "SELECT id, merchant_id, source, source_ref, name, phone, email, birth_date, postal_code, address, card_no,"
    " phone_verified, email_verified, created_at_us FROM customers_records"
    " WHERE person_id = $1 AND (merchant_id = $2 OR merchant_id IS NULL) ORDER BY created_at_us, id"};

const store::Sql kLoadModel{"customers.load_model", "SELECT model FROM customers_models WHERE id = 1"};
const store::Sql kSaveModel{"customers.save_model",
                            "INSERT INTO customers_models (id, model, updated_at_us) VALUES (1, $1, $2)"
                            " ON CONFLICT (id) DO UPDATE SET model = excluded.model,"
                            " updated_at_us = excluded.updated_at_us"};

// ---- records ----

}  // namespace

// The engine compares cards only within one "pos:<merchant>" source: a card means something at its
// shop only. Every merchant-level record (a sale, a member, an import) carries the merchant's cards.
std::string EngineSource(std::optional<std::int64_t> merchant) {
    if (!merchant) return "web";
    return "pos:" + platform::MerchantId(*merchant).ToString();
}

// The stored form of a record's fields, and the errors of those that cannot be read.
struct CleanRecord {
    std::string name, phone, email, birth_date, postal_code, address, card_no;
};

std::string Trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
        s.remove_suffix(1);
    return std::string(s);
}

core::Result<CleanRecord> Clean(const RecordInput& in, std::uint32_t today) {
    std::vector<core::FieldError> errors;
    if (in.source_ref.empty() || in.source_ref.size() > 100) {
        errors.push_back({"source_ref", "invalid_source_ref", "the id of the source record, 1 to 100 bytes"});
    }
    const std::pair<std::string_view, const std::string*> fields[] = {{"name", &in.name},
                                                                      {"phone", &in.phone},
                                                                      {"email", &in.email},
                                                                      {"birth_date", &in.birth_date},
                                                                      {"postal_code", &in.postal_code},
                                                                      {"address", &in.address},
                                                                      {"card_no", &in.card_no}};
    for (auto [field, value] : fields) {
        if (value->size() > kMaxFieldBytes) {
            errors.push_back({std::string(field), "too_long", "at most 400 bytes"});
        }
    }
    if (!errors.empty()) return core::Error::Invalid("invalid_record", "the record cannot be read", std::move(errors));

    CleanRecord out;
    if (!Trimmed(in.name).empty()) {
        auto composed = ComposeHangul(in.name);
        if (!composed || !NormalizeName(*composed)) {
            errors.push_back({"name", "invalid_name", "not a name (at most 64 letters of valid UTF-8)"});
        } else {
            out.name = *composed;
        }
    }
    if (!Trimmed(in.phone).empty()) {
        auto phone = core::NormalizeKoreanMobile(in.phone);
        if (!phone) {
            errors.push_back({"phone", "invalid_phone", "not a Korean mobile number (010-1234-5678)"});
        } else {
            out.phone = *phone;
        }
    }
    if (!Trimmed(in.email).empty()) {
        auto email = NormalizeEmail(in.email);
        if (!email) {
            errors.push_back({"email", "invalid_email", "not an e-mail address"});
        } else {
            out.email = *email;
        }
    }
    if (!Trimmed(in.birth_date).empty()) {
        auto birth = NormalizeBirthDate(in.birth_date, today);
        if (!birth) {
            errors.push_back({"birth_date", "invalid_birth_date", "not a date of birth (1985-03-07)"});
        } else {
            out.birth_date = FormatBirthDate(*birth);
        }
    }
    if (!Trimmed(in.postal_code).empty()) {
        auto postal = NormalizePostalCode(in.postal_code);
        if (!postal) {
            errors.push_back({"postal_code", "invalid_postal_code", "not a postal code (5 digits, or an old 6)"});
        } else {
            out.postal_code = FormatPostalCode(*postal);
        }
    }
    if (!Trimmed(in.address).empty()) {
        auto composed = ComposeHangul(in.address);
        if (!composed) {
            errors.push_back({"address", "invalid_address", "not valid UTF-8"});
        } else {
            out.address = *composed;
        }
    }
    out.card_no = Trimmed(in.card_no);
    if (!out.card_no.empty() && !in.merchant) {
        errors.push_back({"card_no", "card_without_merchant", "a membership card belongs to a merchant"});
    }
    if (!errors.empty()) return core::Error::Invalid("invalid_record", "the record cannot be read", std::move(errors));
    if (out.name.empty() && out.phone.empty() && out.email.empty() && out.card_no.empty()) {
        return core::Error::Invalid("nothing_to_identify",
                                    "a record needs a name, a mobile number, an e-mail or a card",
                                    {{"name", "nothing_to_identify", "give at least one identifier"}});
    }
    return out;
}

NormalizedRecord NormalizeStored(std::optional<std::int64_t> merchant, std::string_view name, std::string_view phone,
                                 std::string_view email, std::string_view birth, std::string_view postal,
                                 std::string_view address, std::string_view card, std::uint32_t today) {
    PersonRecord r;
    r.source = EngineSource(merchant);
    r.name = name;
    r.phone = phone;
    r.email = email;
    r.birth_date = birth;
    r.postal_code = postal;
    r.address = address;
    r.card_no = card;
    return Normalize(r, today);
}

namespace {

struct Flags {
    bool phone_verified = false, email_verified = false;
};

bool IsGuard(std::string_view rule) {
    return rule == "birth_dates_differ" || rule == "reused_number" || rule == "household";
}

// The engine's decision by weight alone (resolve.cpp's, without its deterministic rules).
void ByWeight(const Model& model, MatchScore& s) {
    s.rule = "weight";
    s.outcome = s.weight >= model.link_weight     ? Outcome::kSame
                : s.weight >= model.review_weight ? Outcome::kPossible
                                                  : Outcome::kDifferent;
    const auto given = s.fields[F(Field::kGiven)].level, birth = s.fields[F(Field::kBirth)].level;
    const bool person_agrees = given == kExact || given == kRomanOrTransposed || given == kClose || birth == kExact ||
                               birth == kRomanOrTransposed;
    if (s.outcome == Outcome::kSame && !person_agrees) {
        s.outcome = Outcome::kPossible;
        s.rule = "contact_only";
    }
}

// The engine's score, with the store's view of what is verified: an e-mail links deterministically
// only when both records verified it, and a number with an agreeing name only when one of them
// verified it; a verified number also links a record that carries no name at all (a number typed at a
// counter), since nothing then disagrees — the guards have already refused reused numbers and birth
// dates that differ.
MatchScore ScorePair(const Model& model, const NormalizedRecord& a, Flags fa, const NormalizedRecord& b, Flags fb) {
    MatchScore s = model.Score(a, b);
    if (IsGuard(s.rule)) return s;
    const bool phone_verified = fa.phone_verified || fb.phone_verified;
    if (s.rule == "same_email" && !(fa.email_verified && fb.email_verified)) ByWeight(model, s);
    if (s.rule == "phone_and_name" && !phone_verified) ByWeight(model, s);
    if (s.outcome != Outcome::kSame && phone_verified && s.fields[F(Field::kPhone)].level == kExact &&
        s.fields[F(Field::kFamily)].level == kMissing && s.fields[F(Field::kGiven)].level == kMissing &&
        s.fields[F(Field::kEmail)].level != kContactDisagree && s.fields[F(Field::kCard)].level != kContactDisagree) {
        s.outcome = Outcome::kSame;
        s.rule = "verified_phone";
    }
    return s;
}

// Whether none of a person's records gives a name that can be read as one.
core::Result<bool> NamelessPerson(store::Tx& tx, std::int64_t person) {
    JANGTEO_TRY(auto rows, tx.Query(kNamesOfPerson, {person}));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto name = NormalizeName(rows[i].TextView(0));
        if (name && !name->given.empty()) return false;
    }
    return true;
}

}  // namespace

std::string EvidenceJson(const MatchScore& s) {
    json::object fields;
    for (int f = 0; f < kFieldCount; ++f) {
        if (s.fields[f].level == kMissing) continue;
        fields[FieldName(static_cast<Field>(f))] = json::object{
            {"level", LevelName(static_cast<Field>(f), s.fields[f].level)}, {"weight", s.fields[f].weight}};
    }
    return core::ToJson(json::object{
        {"rule", s.rule}, {"outcome", OutcomeName(s.outcome)}, {"weight", s.weight}, {"fields", std::move(fields)}});
}

namespace {

std::string IdArray(const std::vector<std::int64_t>& ids) {
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) out.push_back(',');
        out += std::to_string(ids[i]);
    }
    out.push_back(']');
    return out;
}

store::Value OptKey(std::optional<std::int64_t> key) {
    if (!key) return nullptr;
    return *key;
}

// Follows merged_into to the person that holds a merged person's records now.
core::Result<std::int64_t> CurrentPerson(store::Tx& tx, std::int64_t person) {
    for (int i = 0; i < kMaxMergeChain; ++i) {
        JANGTEO_TRY(auto rows, tx.Query(kPersonState, {person}));
        if (rows.empty()) return core::Error::NotFound("person_not_found", "no such person");
        if (rows[0].TextView(0) == "erased") {
            return core::Error::FailedPrecondition("person_erased", "the person's data was erased");
        }
        if (rows[0].TextView(0) == "active") return person;
        person = rows[0].Int(1);
    }
    return core::Error::Internal("merge_chain", "a chain of merges too long to follow");
}

core::Status RecomputeRelationships(store::Tx& tx, std::int64_t person, std::int64_t now) {
    JANGTEO_TRY(auto zeroed, tx.Exec(kZeroRelationships, {person, now}));
    JANGTEO_TRY(auto summed, tx.Exec(kSumRelationships, {person, now}));
    (void)zeroed;
    (void)summed;
    return {};
}

ReviewState StateOf(std::string_view text) {
    if (text == "same") return ReviewState::kSame;
    if (text == "different") return ReviewState::kDifferent;
    return ReviewState::kOpen;
}

Review ReviewOf(const store::RowView& row) {
    return Review{.id = ReviewId(row.Int(0)),
                  .record_a = RecordId(row.Int(1)),
                  .record_b = RecordId(row.Int(2)),
                  .person_a = PersonId(row.Int(3)),
                  .person_b = PersonId(row.Int(4)),
                  .score = row.Double(5),
                  .evidence = row.Text(6),
                  .state = StateOf(row.TextView(7)),
                  .decided_by = row.Text(8),
                  .created_at = core::FromUnixMicros(row.Int(9)),
                  .merchant_a = row.IsNull(10) ? std::nullopt : std::optional(platform::MerchantId(row.Int(10))),
                  .merchant_b = row.IsNull(11) ? std::nullopt : std::optional(platform::MerchantId(row.Int(11)))};
}

}  // namespace

Model DefaultProfileModel() {
    Model model = Model::Default();
    // Model::Default knows no name shares, and would count every name as a rare one (its unseen
    // share): two 김민준 would weigh as much as two 남궁하람. The census shares of family names are
    // known without any data, so they are set here; a given name counts as an average one until a
    // batch over real records estimates their shares.
    model.family_share.clear();
    for (const FamilyName& f : FamilyNames()) model.family_share[std::string(f.roman_class)] += f.share;
    double random = 0;
    for (const auto& [name, share] : model.family_share) random += share * share;
    model.family_random_agreement = random;
    model.unseen_share = model.given_random_agreement;
    return model;
}

std::string_view RecordSourceName(RecordSource source) {
    switch (source) {
        case RecordSource::kWeb: return "web";
        case RecordSource::kPos: return "pos";
        case RecordSource::kMember: return "member";
        case RecordSource::kImport: return "import";
        case RecordSource::kOrder: return "order";
    }
    return "web";
}

core::Result<RecordSource> ParseRecordSource(std::string_view text) {
    for (auto s :
         {RecordSource::kWeb, RecordSource::kPos, RecordSource::kMember, RecordSource::kImport, RecordSource::kOrder}) {
        if (RecordSourceName(s) == text) return s;
    }
    return core::Error::Invalid("invalid_source", "a record's source is web, pos, member, import or order");
}

std::string_view RecordDecisionName(RecordDecision decision) {
    switch (decision) {
        case RecordDecision::kExisting: return "existing";
        case RecordDecision::kJoined: return "joined";
        case RecordDecision::kNew: return "new";
    }
    return "new";
}

std::string_view ReviewStateName(ReviewState state) {
    switch (state) {
        case ReviewState::kOpen: return "open";
        case ReviewState::kSame: return "same";
        case ReviewState::kDifferent: return "different";
    }
    return "open";
}

// ---- the model ----

core::Result<std::shared_ptr<const Model>> ProfileService::ModelInTx(store::Tx& tx) {
    {
        std::lock_guard lock(mu_);
        if (model_) return model_;
    }
    JANGTEO_TRY(auto rows, tx.Query(kLoadModel));
    std::shared_ptr<const Model> model;
    if (rows.empty()) {
        // Hand-set weights (DefaultProfileModel) until a batch over real records saves an estimated
        // model: estimating one from generated people would teach the server the generator's habits
        // rather than the region's.
        model = std::make_shared<const Model>(DefaultProfileModel());
    } else {
        JANGTEO_TRY(Model loaded, Model::FromJson(rows[0].TextView(0)));
        model = std::make_shared<const Model>(std::move(loaded));
    }
    std::lock_guard lock(mu_);
    if (!model_) model_ = std::move(model);
    return model_;
}

core::Result<std::shared_ptr<const Model>> ProfileService::CurrentModel() {
    return db_.Read([&](store::Tx& tx) { return ModelInTx(tx); });
}

core::Status ProfileService::SaveModel(const Model& model) {
    std::string text = model.ToJson();
    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(auto n, tx.Exec(kSaveModel, {text, core::ToUnixMicros(clock_.Now())}));
        (void)n;
        return {};
    }));
    std::lock_guard lock(mu_);
    model_ = std::make_shared<const Model>(model);
    return {};
}

// ---- the real-time path ----

core::Result<RecordOutcome> ProfileService::Record(const RecordInput& input) {
    return db_.Write([&](store::Tx& tx) { return RecordInTx(tx, input); });
}

core::Result<RecordOutcome> ProfileService::RecordInTx(store::Tx& tx, const RecordInput& input) {
    const core::TimePoint now_tp = clock_.Now();
    const std::int64_t now = core::ToUnixMicros(now_tp);
    const std::uint32_t today = TodayInKorea(now_tp);
    const std::string_view source = RecordSourceName(input.source);
    JANGTEO_TRY(CleanRecord clean, Clean(input, today));

    JANGTEO_TRY(auto existing, tx.Query(kFindRecord, {source, input.source_ref}));
    if (!existing.empty()) {
        return RecordOutcome{.record = RecordId(existing[0].Int(0)),
                             .person = PersonId(existing[0].Int(1)),
                             .decision = RecordDecision::kExisting,
                             .rule = "existing"};
    }

    JANGTEO_TRY(std::shared_ptr<const Model> model, ModelInTx(tx));
    std::optional<std::int64_t> merchant;
    if (input.merchant) merchant = input.merchant->key();
    const NormalizedRecord me = NormalizeStored(merchant, clean.name, clean.phone, clean.email, clean.birth_date,
                                                clean.postal_code, clean.address, clean.card_no, today);
    const Flags my_flags{input.phone_verified, input.email_verified};

    // The blocking keys, with the contact keys first: they are the ones that must not be cut off.
    std::vector<std::int64_t> hashes;
    std::string keys_json = "[";
    ForEachBlockingKey(me, [&](std::string_view key) {
        auto h = static_cast<std::int64_t>(HashKey(key));
        if (std::find(hashes.begin(), hashes.end(), h) != hashes.end()) return;
        int prio = (key[0] == 'p' || key[0] == 'e' || key[0] == 'c') ? 0 : 1;
        if (!hashes.empty()) keys_json.push_back(',');
        keys_json += "[" + std::to_string(h) + "," + std::to_string(prio) + "]";
        hashes.push_back(h);
    });
    keys_json.push_back(']');

    struct Best {
        std::int64_t record = 0;
        std::optional<std::int64_t> merchant;
        MatchScore score;
    };
    std::vector<std::pair<std::int64_t, Best>> persons;  // in order of first candidate
    // The persons whose records carry this record's number, with a name (named) or without one, and
    // those a guard keeps apart from this record: what the sole-holder rule below needs.
    std::vector<std::int64_t> named_holders, trusted_holders, nameless_holders, guarded;
    auto add_once = [](std::vector<std::int64_t>& v, std::int64_t x) {
        if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
    };
    std::size_t scored = 0;
    if (!hashes.empty()) {
        JANGTEO_TRY(auto rows, tx.Query(Pick(tx, kCandidatesSqlite, kCandidatesPostgres),
                                        {keys_json, static_cast<std::int64_t>(options_.max_block + 1),
                                         static_cast<std::int64_t>(options_.max_candidates)}));
        scored = rows.size();
        for (std::size_t i = 0; i < rows.size(); ++i) {
            auto row = rows[i];
            std::optional<std::int64_t> their_merchant = row.OptInt(2);
            NormalizedRecord other =
                NormalizeStored(their_merchant, row.TextView(3), row.TextView(4), row.TextView(5), row.TextView(6),
                                row.TextView(7), row.TextView(8), row.TextView(9), today);
            MatchScore s = ScorePair(*model, me, my_flags, other, Flags{row.Bool(10), row.Bool(11)});
            std::int64_t person = row.Int(1);
            if (me.phone && other.phone == me.phone) {
                add_once(other.given.empty() ? nameless_holders : named_holders, person);
                // A number given at a shop, or verified, stands for its holder; one typed into a web
                // form is anyone's claim and must not draw a shop's nameless sales to it.
                if (!other.given.empty() && (their_merchant.has_value() || row.Bool(10))) {
                    add_once(trusted_holders, person);
                }
            }
            if (IsGuard(s.rule)) add_once(guarded, person);
            if (s.outcome == Outcome::kDifferent) continue;
            auto it = std::find_if(persons.begin(), persons.end(), [&](const auto& p) { return p.first == person; });
            auto better = [](const MatchScore& x, const MatchScore& y) {
                if (x.outcome != y.outcome) return x.outcome > y.outcome;
                return x.weight > y.weight;
            };
            if (it == persons.end()) {
                persons.push_back({person, Best{row.Int(0), their_merchant, s}});
            } else if (better(s, it->second.score)) {
                it->second = Best{row.Int(0), their_merchant, s};
            }
        }
    }
    // Deterministic rules before weights, then the heavier weight.
    std::stable_sort(persons.begin(), persons.end(), [](const auto& x, const auto& y) {
        const MatchScore &a = x.second.score, &b = y.second.score;
        if (a.outcome != b.outcome) return a.outcome > b.outcome;
        const bool da = a.rule != "weight" && a.rule != "contact_only";
        const bool db = b.rule != "weight" && b.rule != "contact_only";
        if (da != db) return da;
        return a.weight > b.weight;
    });

    // The sole holder (docs/identity.md): a record without a name joins the one named person that
    // holds its number; a named record joins the one person that holds it without ever having
    // given a name. Never when two named people hold the number (a household's, a reused one), nor
    // against a guard; and only when no stronger rule found someone.
    const bool found_same = !persons.empty() && persons[0].second.score.outcome == Outcome::kSame;
    std::erase_if(nameless_holders, [&](std::int64_t p) {
        return std::find(named_holders.begin(), named_holders.end(), p) != named_holders.end();
    });
    std::vector<std::int64_t> absorb;  // nameless holders a named record's person takes in
    // This record's number takes nameless holders in only when given at a shop or verified.
    const bool me_trusted = input.merchant.has_value() || input.phone_verified;
    if (me.phone && !found_same) {
        std::optional<std::int64_t> holder;
        if (me.given.empty() && named_holders.size() == 1 && trusted_holders.size() == 1) holder = named_holders[0];
        if (!me.given.empty() && me_trusted && named_holders.empty() && nameless_holders.size() == 1) {
            JANGTEO_TRY(bool nameless, NamelessPerson(tx, nameless_holders[0]));
            if (nameless) holder = nameless_holders[0];
        }
        if (holder && std::find(guarded.begin(), guarded.end(), *holder) == guarded.end()) {
            auto it = std::find_if(persons.begin(), persons.end(), [&](const auto& p) { return p.first == *holder; });
            if (it != persons.end()) {
                it->second.score.outcome = Outcome::kSame;
                it->second.score.rule = "sole_holder";
                std::rotate(persons.begin(), it, it + 1);
            }
        }
    } else if (me.phone && found_same && !me.given.empty() && me_trusted) {
        // A named record that joined someone by a stronger rule: nameless people holding its number
        // are that someone too, unless another named person holds it as well.
        const std::int64_t joined = persons[0].first;
        const bool other_named =
            std::any_of(named_holders.begin(), named_holders.end(), [&](std::int64_t p) { return p != joined; });
        if (!other_named) {
            for (std::int64_t p : nameless_holders) {
                if (p == joined || absorb.size() == kMaxAbsorbed) continue;
                if (std::find(guarded.begin(), guarded.end(), p) != guarded.end()) continue;
                JANGTEO_TRY(bool nameless, NamelessPerson(tx, p));
                JANGTEO_TRY(auto decided, tx.Query(kDecidedDifferent, {joined, p}));
                if (nameless && (decided.empty() || decided[0].Int(0) == 0)) absorb.push_back(p);
            }
        }
    }

    RecordOutcome out;
    out.candidates = scored;
    out.record = RecordId::New(random_);
    std::size_t first_review = 0;
    if (!persons.empty() && persons[0].second.score.outcome == Outcome::kSame) {
        out.person = PersonId(persons[0].first);
        out.decision = RecordDecision::kJoined;
        out.rule = std::string(persons[0].second.score.rule);
        first_review = 1;  // another person that is "the same" too is not merged: it is reviewed
    } else {
        out.person = PersonId::New(random_);
        out.decision = RecordDecision::kNew;
        out.rule = persons.empty() ? "none" : std::string(persons[0].second.score.rule);
        JANGTEO_TRY(auto n, tx.Exec(kInsertPerson, {out.person.key(), now}));
        (void)n;
    }

    JANGTEO_TRY(
        auto inserted,
        tx.Exec(kInsertRecord, {out.record.key(), out.person.key(), OptKey(merchant), source, input.source_ref,
                                clean.name, clean.phone, clean.email, clean.birth_date, clean.postal_code,
                                clean.address, clean.card_no, input.phone_verified, input.email_verified, now}));
    if (inserted == 0) {
        // Another transaction recorded the same source record first: answer that one.
        if (out.decision == RecordDecision::kNew) {
            JANGTEO_TRY(auto d, tx.Exec(kDeletePerson, {out.person.key()}));
            (void)d;
        }
        JANGTEO_TRY(auto again, tx.Query(kFindRecord, {source, input.source_ref}));
        if (again.empty()) return core::Error::Internal("record_vanished", "the record was neither new nor found");
        return RecordOutcome{.record = RecordId(again[0].Int(0)),
                             .person = PersonId(again[0].Int(1)),
                             .decision = RecordDecision::kExisting,
                             .rule = "existing"};
    }
    JANGTEO_TRY(auto k, tx.Exec(Pick(tx, kInsertKeysSqlite, kInsertKeysPostgres), {IdArray(hashes), out.record.key()}));
    (void)k;
    for (std::int64_t p : absorb) {
        JANGTEO_TRY(auto merged,
                    MergeInTx(tx, out.person, PersonId(p), "system",
                              core::ToJson(json::object{{"rule", "sole_holder"}, {"record", out.record.ToString()}})));
        (void)merged;
        out.absorbed.push_back(PersonId(p));
        // The merged person's candidates are the kept one's now: no review between them.
        std::erase_if(persons, [&](const auto& q) { return q.first == p; });
    }

    std::size_t opened = 0;
    for (std::size_t i = first_review; i < persons.size() && opened < options_.max_reviews; ++i) {
        const Best& best = persons[i].second;
        if (best.score.outcome == Outcome::kDifferent) continue;
        JANGTEO_TRY(auto decided, tx.Query(kDecidedDifferent, {persons[i].first, out.person.key()}));
        if (!decided.empty() && decided[0].Int(0) > 0) continue;  // a person said they are not one
        ReviewId id = ReviewId::New(random_);
        JANGTEO_TRY(auto n, tx.Exec(kInsertReview, {id.key(), best.record, out.record.key(), persons[i].first,
                                                    out.person.key(), OptKey(best.merchant), OptKey(merchant),
                                                    best.score.weight, EvidenceJson(best.score), now}));
        if (n == 0) continue;
        if (!out.review) out.review = id;
        ++opened;
    }
    return out;
}

// ---- relationships ----

core::Result<bool> ProfileService::RecordPurchaseInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person,
                                                      std::int64_t amount_won, core::TimePoint at, std::string_view ref,
                                                      std::string_view card_no) {
    if (amount_won == 0) return core::Error::Invalid("invalid_amount", "a purchase or refund moves some won");
    if (card_no.size() > kMaxFieldBytes) return core::Error::Invalid("invalid_card", "a card number is too long");
    if (ref.empty() || ref.size() > kMaxRefBytes) {
        return core::Error::Invalid("invalid_ref", "a purchase names what caused it, in at most 200 bytes");
    }
    JANGTEO_TRY(std::int64_t current, CurrentPerson(tx, person.key()));
    const std::int64_t now = core::ToUnixMicros(clock_.Now()), when = core::ToUnixMicros(at);
    JANGTEO_TRY(std::int64_t inserted,
                tx.Exec(kInsertEvent, {static_cast<std::int64_t>(random_.NextU64() >> 1) | 1, merchant.key(), current,
                                       amount_won, when, std::string(ref)}));
    if (inserted == 0) return false;  // recorded before: a retried sale or a replayed payment
    store::Value first = amount_won > 0 ? store::Value(when) : store::Value(nullptr);
    JANGTEO_TRY(auto n, tx.Exec(kAddPurchase,
                                {merchant.key(), current, first, static_cast<std::int64_t>(amount_won > 0 ? 1 : 0),
                                 amount_won, Trimmed(card_no), now}));
    (void)n;
    return true;
}

core::Status ProfileService::EnsureRelationshipInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person,
                                                    std::string_view card_no) {
    if (card_no.size() > kMaxFieldBytes) return core::Error::Invalid("invalid_card", "a card number is too long");
    JANGTEO_TRY(std::int64_t current, CurrentPerson(tx, person.key()));
    JANGTEO_TRY(auto n, tx.Exec(kTakeRelationship, {merchant.key(), current, Trimmed(card_no), std::string_view(),
                                                    core::ToUnixMicros(clock_.Now())}));
    (void)n;
    return {};
}

// ---- merge and unmerge ----

core::Result<MergeResult> ProfileService::Merge(PersonId kept, PersonId merged, std::string_view actor,
                                                std::string_view evidence) {
    return db_.Write([&](store::Tx& tx) { return MergeInTx(tx, kept, merged, actor, evidence); });
}

core::Result<MergeResult> ProfileService::MergeInTx(store::Tx& tx, PersonId kept, PersonId merged,
                                                    std::string_view actor, std::string_view evidence) {
    if (kept == merged) return core::Error::Invalid("same_person", "a person cannot be merged into itself");
    for (PersonId p : {kept, merged}) {
        JANGTEO_TRY(auto rows, tx.Query(kPersonStatus, {p.key()}));
        if (rows.empty()) return core::Error::NotFound("person_not_found", "no person " + p.ToString());
        if (rows[0].TextView(0) != "active") {
            return core::Error::FailedPrecondition("person_not_active",
                                                   p.ToString() + " is " + rows[0].Text(0) + ", not an active person");
        }
    }
    const std::int64_t now = core::ToUnixMicros(clock_.Now());
    // The two person rows are locked in the order of their keys, so that two merges of one pair in
    // opposite directions wait for each other instead of deadlocking.
    std::int64_t touched = 0, marked = 0;
    for (PersonId p : kept.key() < merged.key() ? std::array{kept, merged} : std::array{merged, kept}) {
        if (p == kept) {
            JANGTEO_TRY(touched, tx.Exec(kTouchActive, {kept.key(), now}));
        } else {
            JANGTEO_TRY(marked, tx.Exec(kMarkMerged, {merged.key(), kept.key(), now}));
        }
    }
    if (touched != 1 || marked != 1) return core::Error::Conflict("person_changed", "a person changed meanwhile");

    std::vector<std::int64_t> records, events;
    JANGTEO_TRY(auto record_rows, tx.Query(kRecordsOf, {merged.key()}));
    for (std::size_t i = 0; i < record_rows.size(); ++i) records.push_back(record_rows[i].Int(0));
    JANGTEO_TRY(auto event_rows, tx.Query(kEventsOf, {merged.key()}));
    for (std::size_t i = 0; i < event_rows.size(); ++i) events.push_back(event_rows[i].Int(0));
    JANGTEO_TRY(auto moved_records, tx.Exec(kMoveRecords, {merged.key(), kept.key()}));
    JANGTEO_TRY(auto moved_events, tx.Exec(kMoveEvents, {merged.key(), kept.key()}));
    (void)moved_records;
    (void)moved_events;

    // The kept person's relationships with the merged person's merchants, as they were, so that an
    // unmerge can give back the card and note it had (or drop a relationship the merge made).
    JANGTEO_TRY(auto theirs, tx.Query(kRelationshipsOf, {merged.key()}));
    JANGTEO_TRY(auto ours, tx.Query(kRelationshipsOf, {kept.key()}));
    std::unordered_map<std::int64_t, std::size_t> our_row;
    for (std::size_t i = 0; i < ours.size(); ++i) our_row.emplace(ours[i].Int(0), i);
    json::array before;
    for (std::size_t i = 0; i < theirs.size(); ++i) {
        std::int64_t m = theirs[i].Int(0);
        auto it = our_row.find(m);
        before.push_back(json::object{{"merchant", m},
                                      {"existed", it != our_row.end()},
                                      {"card_no", it != our_row.end() ? ours[it->second].Text(1) : ""},
                                      {"note", it != our_row.end() ? ours[it->second].Text(2) : ""}});
        JANGTEO_TRY(auto n,
                    tx.Exec(kTakeRelationship, {m, kept.key(), theirs[i].TextView(1), theirs[i].TextView(2), now}));
        (void)n;
    }
    JANGTEO_TRY_STATUS(RecomputeRelationships(tx, kept.key(), now));
    JANGTEO_TRY_STATUS(RecomputeRelationships(tx, merged.key(), now));
    JANGTEO_TRY(auto closed, tx.Exec(kCloseReviewsBetween, {kept.key(), merged.key(), actor, now}));
    (void)closed;

    const MergeId merge_id = MergeId::New(random_);
    JANGTEO_TRY(json::object follow, MovePointsAndConsentsInTx(tx, kept.key(), merged.key(), merge_id));
    json::array record_ids, event_ids;
    for (auto r : records) record_ids.push_back(r);
    for (auto e : events) event_ids.push_back(e);
    std::string moved = core::ToJson(json::object{{"records", std::move(record_ids)},
                                                  {"events", std::move(event_ids)},
                                                  {"kept_relationships", std::move(before)},
                                                  {"points", std::move(follow["points"])},
                                                  {"consents", std::move(follow["consents"])}});
    std::string why =
        evidence.empty() ? core::ToJson(json::object{{"manual", true}, {"actor", actor}}) : std::string(evidence);
    MergeResult out{.merge = merge_id, .kept = kept, .merged = merged, .evidence = why};
    JANGTEO_TRY(auto n, tx.Exec(kInsertMerge, {out.merge.key(), kept.key(), merged.key(), moved, why, actor, now}));
    (void)n;
    for (auto r : records) out.moved_records.push_back(RecordId(r));
    return out;
}

core::Result<UnmergeResult> ProfileService::Unmerge(MergeId merge, std::string_view actor) {
    return db_.Write([&](store::Tx& tx) { return UnmergeInTx(tx, merge, actor); });
}

core::Result<UnmergeResult> ProfileService::UnmergeInTx(store::Tx& tx, MergeId merge, std::string_view actor) {
    JANGTEO_TRY(auto rows, tx.Query(kFindMerge, {merge.key()}));
    if (rows.empty()) return core::Error::NotFound("merge_not_found", "no merge " + merge.ToString());
    if (!rows[0].IsNull(3)) return core::Error::FailedPrecondition("merge_undone", "this merge was undone before");
    const std::int64_t kept = rows[0].Int(0), merged = rows[0].Int(1);
    JANGTEO_TRY(json::value moved, core::ParseJson(rows[0].TextView(2)));
    JANGTEO_TRY(auto kept_state, tx.Query(kPersonStatus, {kept}));
    if (kept_state.empty() || kept_state[0].TextView(0) != "active") {
        return core::Error::FailedPrecondition("kept_person_merged",
                                               "the kept person was merged or erased since: undo that first");
    }
    const std::int64_t now = core::ToUnixMicros(clock_.Now());
    JANGTEO_TRY(auto reactivated, tx.Exec(kReactivate, {merged, kept, now}));
    if (reactivated != 1) {
        return core::Error::FailedPrecondition("merged_person_changed", "the merged person changed since");
    }
    const json::object& m = moved.as_object();
    std::vector<std::int64_t> records, events;
    for (const auto& v : m.at("records").as_array()) records.push_back(v.to_number<std::int64_t>());
    for (const auto& v : m.at("events").as_array()) events.push_back(v.to_number<std::int64_t>());
    JANGTEO_TRY(auto r,
                tx.Exec(Pick(tx, kMoveBackRecordsSqlite, kMoveBackRecordsPostgres), {kept, merged, IdArray(records)}));
    JANGTEO_TRY(auto e,
                tx.Exec(Pick(tx, kMoveBackEventsSqlite, kMoveBackEventsPostgres), {kept, merged, IdArray(events)}));
    (void)r;
    (void)e;
    for (const auto& v : m.at("kept_relationships").as_array()) {
        const json::object& rel = v.as_object();
        std::int64_t merchant = rel.at("merchant").to_number<std::int64_t>();
        if (rel.at("existed").as_bool()) {
            JANGTEO_TRY(auto n,
                        tx.Exec(kRestoreRelationship, {merchant, kept, std::string(rel.at("card_no").as_string()),
                                                       std::string(rel.at("note").as_string())}));
            (void)n;
        } else {
            JANGTEO_TRY(auto n, tx.Exec(kDropRelationship, {merchant, kept}));
            (void)n;
        }
    }
    JANGTEO_TRY_STATUS(RecomputeRelationships(tx, kept, now));
    JANGTEO_TRY_STATUS(RecomputeRelationships(tx, merged, now));
    JANGTEO_TRY_STATUS(GiveBackPointsAndConsentsInTx(tx, kept, merged, merge, m, now));
    JANGTEO_TRY(auto undone, tx.Exec(kMarkUndone, {merge.key(), now, actor}));
    if (undone != 1) return core::Error::FailedPrecondition("merge_undone", "this merge was undone before");
    UnmergeResult out{.merge = merge, .kept = PersonId(kept), .merged = PersonId(merged)};
    for (auto id : records) out.moved_back.push_back(RecordId(id));
    return out;
}

// ---- reviews ----

core::Result<std::vector<Review>> ProfileService::OpenReviews(std::optional<platform::MerchantId> merchant,
                                                              std::size_t limit, std::optional<ReviewId> after) {
    limit = std::clamp<std::size_t>(limit, 1, 200);
    return db_.Read([&](store::Tx& tx) -> core::Result<std::vector<Review>> {
        std::int64_t from = after ? after->key() : 0;
        auto lim = static_cast<std::int64_t>(limit);
        JANGTEO_TRY(auto rows, merchant ? tx.Query(kVisibleReviews, {from, lim, merchant->key()})
                                        : tx.Query(kOpenReviews, {from, lim}));
        std::vector<Review> out;
        for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(ReviewOf(rows[i]));
        return out;
    });
}

core::Result<DecideResult> ProfileService::Decide(ReviewId review, ReviewState decision, std::string_view actor,
                                                  std::optional<platform::MerchantId> merchant) {
    return db_.Write([&](store::Tx& tx) { return DecideInTx(tx, review, decision, actor, merchant); });
}

core::Result<DecideResult> ProfileService::DecideInTx(store::Tx& tx, ReviewId review, ReviewState decision,
                                                      std::string_view actor,
                                                      std::optional<platform::MerchantId> merchant) {
    if (decision == ReviewState::kOpen) {
        return core::Error::Invalid("invalid_decision", "a review is decided same or different");
    }
    JANGTEO_TRY(auto rows, merchant ? tx.Query(kFindVisibleReview, {review.key(), merchant->key()})
                                    : tx.Query(kFindReview, {review.key()}));
    if (rows.empty()) return core::Error::NotFound("review_not_found", "no review " + review.ToString());
    Review r = ReviewOf(rows[0]);
    if (r.state != ReviewState::kOpen) {
        return core::Error::FailedPrecondition("review_decided", "the review was decided before");
    }
    const std::int64_t now = core::ToUnixMicros(clock_.Now());
    DecideResult out{.review = review, .state = decision};
    if (decision == ReviewState::kSame) {
        // The records may have moved since the review opened: merge the persons that hold them now.
        JANGTEO_TRY(auto pa, tx.Query(kPersonOfRecord, {r.record_a.key()}));
        JANGTEO_TRY(auto pb, tx.Query(kPersonOfRecord, {r.record_b.key()}));
        if (pa.empty() || pb.empty()) return core::Error::NotFound("record_not_found", "a record is gone");
        PersonId a(pa[0].Int(0)), b(pb[0].Int(0));
        if (a != b) {
            auto parsed = core::ParseJson(r.evidence);
            json::value why = parsed.ok() ? std::move(*parsed) : json::value(r.evidence);
            std::string evidence =
                core::ToJson(json::object{{"review", review.ToString()}, {"evidence", std::move(why)}});
            JANGTEO_TRY(MergeResult merged, MergeInTx(tx, a, b, actor, evidence));
            out.merge = std::move(merged);
        }
    }
    JANGTEO_TRY(auto n, tx.Exec(kDecideReview, {review.key(), ReviewStateName(decision), actor, now}));
    (void)n;
    return out;
}

// ---- what a merchant sees ----

core::Result<CustomerView> ProfileService::Person360(platform::MerchantId merchant, PersonId person) {
    return db_.Read([&](store::Tx& tx) -> core::Result<CustomerView> {
        auto current = CurrentPerson(tx, person.key());
        if (!current.ok()) return core::Error::NotFound("person_not_found", "no such customer of this merchant");
        JANGTEO_TRY(auto rel, tx.Query(kRelationship, {merchant.key(), *current}));
        if (rel.empty()) return core::Error::NotFound("person_not_found", "no such customer of this merchant");
        CustomerView out;
        out.person = PersonId(*current);
        auto& r = out.relationship;
        r.merchant = merchant;
        r.person = out.person;
        if (auto t = rel[0].OptInt(0)) r.first_purchase = core::FromUnixMicros(*t);
        if (auto t = rel[0].OptInt(1)) r.last_purchase = core::FromUnixMicros(*t);
        r.purchases = rel[0].Int(2);
        r.total_won = rel[0].Int(3);
        r.card_no = rel[0].Text(4);
        r.note = rel[0].Text(5);
        JANGTEO_TRY(auto rows, tx.Query(kVisibleRecords, {*current, merchant.key()}));
        for (std::size_t i = 0; i < rows.size(); ++i) {
            auto row = rows[i];
            StoredRecord s;
            s.id = RecordId(row.Int(0));
            if (auto m = row.OptInt(1)) s.merchant = platform::MerchantId(*m);
            auto src = ParseRecordSource(row.TextView(2));
            s.source = src.ok() ? *src : RecordSource::kWeb;
            s.source_ref = row.Text(3);
            s.name = row.Text(4);
            s.phone = row.Text(5);
            s.email = row.Text(6);
            s.birth_date = row.Text(7);
            s.postal_code = row.Text(8);
            s.address = row.Text(9);
            s.card_no = row.Text(10);
            s.phone_verified = row.Bool(11);
            s.email_verified = row.Bool(12);
            s.created_at = core::FromUnixMicros(row.Int(13));
            out.records.push_back(std::move(s));
        }
        return out;
    });
}

core::Result<HistoryEvents> ProfileService::History(platform::MerchantId merchant, PersonId person,
                                                    const HistoryQuery& query) {
    if (query.limit < 1 || query.limit > 500) return core::Error::Invalid("invalid_limit", "limit is from 1 to 500");
    const bool has_cursor = query.cursor && !query.cursor->empty();
    if (has_cursor && query.before) {
        return core::Error::Invalid("bad_cursor", "give cursor or before, not both",
                                    {{"cursor", "bad_cursor", "give cursor or before, not both"}});
    }
    // The limit is checked above with this service's own range; the keyset only reads the cursor.
    JANGTEO_TRY(store::Keyset after, store::ParseKeyset(has_cursor ? query.cursor : std::nullopt, 1));
    if (query.before) {
        // Entries strictly older than the time: ids are positive, so (t, 0) is before every entry at t.
        after.time_us = core::ToUnixMicros(*query.before);
        after.id = 0;
    }
    return db_.Read([&](store::Tx& tx) -> core::Result<HistoryEvents> {
        auto current = CurrentPerson(tx, person.key());
        if (!current.ok()) return core::Error::NotFound("person_not_found", "no such customer of this merchant");
        JANGTEO_TRY(auto rel, tx.Query(kRelationship, {merchant.key(), *current}));
        if (rel.empty()) return core::Error::NotFound("person_not_found", "no such customer of this merchant");
        JANGTEO_TRY(auto rows, tx.Query(kHistory, {merchant.key(), *current, after.time_us, after.id,
                                                   static_cast<std::int64_t>(query.limit) + 1}));
        HistoryEvents out;
        const std::size_t n = std::min(rows.size(), static_cast<std::size_t>(query.limit));
        out.events.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            auto row = rows[i];
            out.events.push_back({.id = row.Int(0),
                                  .ref = row.OptText(1).value_or(""),
                                  .amount_won = row.Int(2),
                                  .at = core::FromUnixMicros(row.Int(3))});
        }
        if (rows.size() > n) out.next_cursor = store::FormatKeyset(rows[n - 1].Int(3), rows[n - 1].Int(0));
        return out;
    });
}

// ---- the back office (docs/customers-api.md) ----

namespace {

constexpr std::size_t kMaxQueryChars = 100;
constexpr std::size_t kMaxNoteChars = 2000;
constexpr std::size_t kMaxCardChars = 40;

// A list of keys bound as one JSON array parameter.
constexpr std::string_view kKeysSqlite = "(SELECT value FROM json_each($2))";
constexpr std::string_view kKeysPostgres = "(SELECT e::bigint FROM jsonb_array_elements_text($2::jsonb) e)";

// The page of relationships: $1 merchant, then the keyset ($2 time, $3 person, $4 rows). Merged
// persons keep an emptied relationship row; only active persons are customers. The person's status
// is a scalar subquery, not a join: PostgreSQL's generic plan of a join chose to hash the whole
// persons table for a search it expected to find many, where a look-up per row costs a handful.
constexpr std::string_view kPageTail =
    " SELECT r.person_id, r.first_purchase_us, r.last_purchase_us, r.purchases, r.total_won, r.card_no, r.note"
    " FROM customers_relationships r WHERE r.merchant_id = $1"
    " AND (COALESCE(r.last_purchase_us, 0), r.person_id) < ($2, $3)"
    " AND (SELECT p.status FROM customers_persons p WHERE p.id = r.person_id) = 'active'";
constexpr std::string_view kPageOrder = " ORDER BY COALESCE(r.last_purchase_us, 0) DESC, r.person_id DESC LIMIT $4";
const std::string kPageAllText = std::string(kPageTail) + std::string(kPageOrder);
const store::Sql kPageAll{"customers.list_page", kPageAllText};

// A search: the persons of the records (the merchant's own, or platform-level) that $5 (and $6) find,
// each look-up an index range, then their relationships in the page's order.
std::string SearchText(std::string_view hits) {
    return "WITH hits(person_id) AS (" + std::string(hits) + ")" + std::string(kPageTail) +
           " AND r.person_id IN (SELECT person_id FROM hits)" + std::string(kPageOrder);
}
const std::string kByPhoneText = SearchText(
    "SELECT person_id FROM customers_records WHERE merchant_id = $1 AND phone = $5"
    " UNION SELECT person_id FROM customers_records WHERE merchant_id IS NULL AND phone = $5");
const std::string kByEmailText = SearchText(
    "SELECT person_id FROM customers_records WHERE merchant_id = $1 AND email = $5"
    " UNION SELECT person_id FROM customers_records WHERE merchant_id IS NULL AND email = $5");
// A name prefix ($5 ≤ key < $6) or a card ($7).
std::string ByNameText(std::string_view collate) {
    std::string key = "lower(replace(name, ' ', ''))" + std::string(collate);
    return SearchText("SELECT person_id FROM customers_records WHERE merchant_id = $1 AND " + key + " >= $5 AND " +
                      key + " < $6 UNION SELECT person_id FROM customers_records WHERE merchant_id IS NULL AND " + key +
                      " >= $5 AND " + key +
                      " < $6 UNION SELECT person_id FROM customers_records WHERE merchant_id = $1 AND card_no = $7"
                      " UNION SELECT person_id FROM customers_relationships WHERE merchant_id = $1 AND card_no = $7");
}
const std::string kByNameSqliteText = ByNameText("");
const std::string kByNamePostgresText = ByNameText(" COLLATE \"C\"");
const store::Sql kByPhone{"customers.search_phone", kByPhoneText};
const store::Sql kByEmail{"customers.search_email", kByEmailText};
const store::Sql kByNameSqlite{"customers.search_name", kByNameSqliteText};
const store::Sql kByNamePostgres{"customers.search_name", kByNamePostgresText};
// A prefix that many records share (a family name at a merchant with many customers) would make the
// search above sort every person it finds. Those are read the other way: the list newest first, each
// relationship asked whether one of its visible records has the prefix or the card. With N customers
// and a prefix found P = ProfileOptions::common_prefix times or more, the walk reads about limit·N/P
// relationships before it has a page (10,000 for a page of 50 among a million at P = 5,000); a rarer
// prefix is collected instead.
std::string NameCountText(std::string_view collate) {
    std::string key = "lower(replace(name, ' ', ''))" + std::string(collate);
    return "SELECT (SELECT count(*) FROM (SELECT 1 FROM customers_records WHERE merchant_id = $1 AND " + key +
           " >= $2 AND " + key +
           " < $3 LIMIT $4) a) + (SELECT count(*) FROM (SELECT 1 FROM customers_records"
           " WHERE merchant_id IS NULL AND " +
           key + " >= $2 AND " + key + " < $3 LIMIT $4) b)";
}
// The walk asks each relationship with a scalar subquery (LIMIT 1) rather than EXISTS, which
// PostgreSQL may turn into a hashed set of every record with the prefix, read before the first row.
std::string NameWalkText(std::string_view collate) {
    std::string key = "lower(replace(c.name, ' ', ''))" + std::string(collate);
    return std::string(kPageTail) +
           " AND (r.card_no = $7 OR (SELECT true FROM customers_records c WHERE c.person_id = r.person_id AND"
           " (c.merchant_id = $1 OR c.merchant_id IS NULL) AND ((" +
           key + " >= $5 AND " + key +
           " < $6) OR"
           " (c.merchant_id = $1 AND c.card_no = $7)) LIMIT 1))" +
           std::string(kPageOrder);
}
const std::string kNameCountSqliteText = NameCountText("");
const std::string kNameCountPostgresText = NameCountText(" COLLATE \"C\"");
const std::string kNameWalkSqliteText = NameWalkText("");
const std::string kNameWalkPostgresText = NameWalkText(" COLLATE \"C\"");
const store::Sql kNameCountSqlite{"customers.search_name_count", kNameCountSqliteText};
const store::Sql kNameCountPostgres{"customers.search_name_count", kNameCountPostgresText};
const store::Sql kNameWalkSqlite{"customers.search_name_walk", kNameWalkSqliteText};
const store::Sql kNameWalkPostgres{"customers.search_name_walk", kNameWalkPostgresText};

// What the page's persons' visible records say, newest first: $1 merchant, $2 the persons.
const std::string kPageRecordsTail =
    " AND (merchant_id = $1 OR merchant_id IS NULL) ORDER BY created_at_us DESC, id DESC";
const std::string kPageRecordsSqliteText =
    "SELECT person_id, name, phone, email, card_no FROM customers_records WHERE person_id IN " +
    std::string(kKeysSqlite) + kPageRecordsTail;
const std::string kPageRecordsPostgresText =
    "SELECT person_id, name, phone, email, card_no FROM customers_records WHERE person_id IN " +
    std::string(kKeysPostgres) + kPageRecordsTail;
const store::Sql kPageRecordsSqlite{"customers.list_records", kPageRecordsSqliteText};
const store::Sql kPageRecordsPostgres{"customers.list_records", kPageRecordsPostgresText};
// Their balances: the sum of the deltas, less what of the credits has expired by $3 and is not yet
// written off (PointService writes the expiry when it next touches the person; a list only reads).
const std::string kPagePointsHead =
    "SELECT person_id, sum(delta) - sum(CASE WHEN expires_at_us IS NOT NULL AND expires_at_us <= $3"
    " THEN remaining ELSE 0 END) FROM customers_point_entries WHERE merchant_id = $1 AND person_id IN ";
const std::string kPagePointsSqliteText = kPagePointsHead + std::string(kKeysSqlite) + " GROUP BY person_id";
const std::string kPagePointsPostgresText = kPagePointsHead + std::string(kKeysPostgres) + " GROUP BY person_id";
const store::Sql kPagePointsSqlite{"customers.list_points", kPagePointsSqliteText};
const store::Sql kPagePointsPostgres{"customers.list_points", kPagePointsPostgresText};

const store::Sql kUpdateRelationship{
    "customers.update_relationship",
    "UPDATE customers_relationships SET note = COALESCE($3, note), card_no = COALESCE($4, card_no),"
    " updated_at_us = $5 WHERE merchant_id = $1 AND person_id = $2"};

constexpr std::string_view kMergeColumns =
    "SELECT id, kept_person, merged_person, actor, at_us, undone_at_us, evidence FROM customers_merges";
const std::string kMergesOfText = std::string(kMergeColumns) + " WHERE kept_person = $1 UNION ALL " +
                                  std::string(kMergeColumns) +
                                  " WHERE merged_person = $1 ORDER BY 5 DESC, 1 DESC LIMIT 50";
const std::string kMergeByIdText = std::string(kMergeColumns) + " WHERE id = $1";
const store::Sql kMergesOf{"customers.merges_of", kMergesOfText};
const store::Sql kMergeById{"customers.merge_by_id", kMergeByIdText};

constexpr std::string_view kRecordColumns =
    "SELECT id, merchant_id, source, source_ref, name, phone, email, birth_date, postal_code, address, card_no,"
    " phone_verified, email_verified, created_at_us FROM customers_records WHERE id IN ";
const std::string kRecordsByIdSqliteText = std::string(kRecordColumns) + "(SELECT value FROM json_each($1))";
const std::string kRecordsByIdPostgresText =
    std::string(kRecordColumns) + "(SELECT e::bigint FROM jsonb_array_elements_text($1::jsonb) e)";
const store::Sql kRecordsByIdSqlite{"customers.records_by_id", kRecordsByIdSqliteText};
const store::Sql kRecordsByIdPostgres{"customers.records_by_id", kRecordsByIdPostgresText};

StoredRecord StoredRecordOf(const store::RowView& row) {
    StoredRecord s;
    s.id = RecordId(row.Int(0));
    if (auto m = row.OptInt(1)) s.merchant = platform::MerchantId(*m);
    auto src = ParseRecordSource(row.TextView(2));
    s.source = src.ok() ? *src : RecordSource::kWeb;
    s.source_ref = row.Text(3);
    s.name = row.Text(4);
    s.phone = row.Text(5);
    s.email = row.Text(6);
    s.birth_date = row.Text(7);
    s.postal_code = row.Text(8);
    s.address = row.Text(9);
    s.card_no = row.Text(10);
    s.phone_verified = row.Bool(11);
    s.email_verified = row.Bool(12);
    s.created_at = core::FromUnixMicros(row.Int(13));
    return s;
}

MergeInfo MergeInfoOf(const store::RowView& row) {
    MergeInfo m{.id = MergeId(row.Int(0)),
                .kept = PersonId(row.Int(1)),
                .merged = PersonId(row.Int(2)),
                .actor = row.Text(3),
                .at = core::FromUnixMicros(row.Int(4)),
                .evidence = row.Text(6)};
    if (auto t = row.OptInt(5)) m.undone_at = core::FromUnixMicros(*t);
    return m;
}

// Whether `s` is valid UTF-8 of at most `max` characters (not bytes: a Korean note of 2,000 letters
// is 6,000 bytes).
bool FitsChars(std::string_view s, std::size_t max) {
    if (s.size() <= max) return core::DecodeUtf8(s).has_value();
    if (s.size() > 4 * max) return false;
    auto points = core::DecodeUtf8(s);
    return points && points->size() <= max;
}

// The key a name is searched by: composed, without blanks, ASCII in lower case (as the index's
// lower(replace(name, ' ', '')) of the stored NFC name).
std::string NameKey(std::string_view text) {
    std::string out;
    auto composed = ComposeHangul(text);
    for (char c : composed ? *composed : std::string(text)) {
        if (c == ' ' || c == '\t') continue;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return out;
}

}  // namespace

core::Result<CustomerPage> ProfileService::Customers(platform::MerchantId merchant, const CustomerQuery& query) {
    std::string q = Trimmed(query.q);
    if (!FitsChars(q, kMaxQueryChars)) {
        return core::Error::Invalid(
            "invalid_query", "the search is not acceptable",
            {{"q", "too_long", "a number, an e-mail, a card or a name of up to 100 characters"}});
    }
    JANGTEO_TRY(store::Keyset after, store::ParseKeyset(query.cursor, query.limit));
    return db_.Read([&](store::Tx& tx) -> core::Result<CustomerPage> {
        const bool sqlite = tx.dialect() == store::Dialect::kSqlite;
        store::Rows rows;
        if (q.empty()) {
            JANGTEO_TRY(rows, tx.Query(kPageAll, {merchant.key(), after.time_us, after.id, after.fetch}));
        } else if (auto phone = core::NormalizeKoreanMobile(q)) {
            JANGTEO_TRY(rows, tx.Query(kByPhone, {merchant.key(), after.time_us, after.id, after.fetch, *phone}));
        } else if (q.find('@') != std::string::npos) {
            auto email = NormalizeEmail(q);
            if (!email) return CustomerPage{};  // not an address: no one has it
            JANGTEO_TRY(rows, tx.Query(kByEmail, {merchant.key(), after.time_us, after.id, after.fetch, *email}));
        } else {
            std::string key = NameKey(q);
            std::string end = key + "\xF4\x8F\xBF\xBF";  // U+10FFFF: above every name with this prefix
            JANGTEO_TRY(auto count, tx.Query(sqlite ? kNameCountSqlite : kNameCountPostgres,
                                             {merchant.key(), key, end, options_.common_prefix}));
            const bool common = !count.empty() && count[0].Int(0) >= options_.common_prefix;
            const store::Sql& sql =
                common ? (sqlite ? kNameWalkSqlite : kNameWalkPostgres) : (sqlite ? kByNameSqlite : kByNamePostgres);
            JANGTEO_TRY(rows, tx.Query(sql, {merchant.key(), after.time_us, after.id, after.fetch, key, end, q}));
        }
        CustomerPage page;
        std::unordered_map<std::int64_t, std::size_t> at;
        std::vector<std::int64_t> persons;
        const auto limit = static_cast<std::size_t>(query.limit);
        for (std::size_t i = 0; i < rows.size() && i < limit; ++i) {
            CustomerListItem item;
            Relationship& r = item.relationship;
            r.merchant = merchant;
            r.person = PersonId(rows[i].Int(0));
            if (auto t = rows[i].OptInt(1)) r.first_purchase = core::FromUnixMicros(*t);
            if (auto t = rows[i].OptInt(2)) r.last_purchase = core::FromUnixMicros(*t);
            r.purchases = rows[i].Int(3);
            r.total_won = rows[i].Int(4);
            r.card_no = rows[i].Text(5);
            r.note = rows[i].Text(6);
            item.card_no = r.card_no;
            at.emplace(r.person.key(), page.items.size());
            persons.push_back(r.person.key());
            page.items.push_back(std::move(item));
        }
        if (rows.size() > limit && !page.items.empty()) {
            const Relationship& last = page.items.back().relationship;
            page.next_cursor = store::FormatKeyset(last.last_purchase ? core::ToUnixMicros(*last.last_purchase) : 0,
                                                   last.person.key());
        }
        if (persons.empty()) return page;
        const std::string keys = IdArray(persons);
        JANGTEO_TRY(auto records, tx.Query(sqlite ? kPageRecordsSqlite : kPageRecordsPostgres, {merchant.key(), keys}));
        for (std::size_t i = 0; i < records.size(); ++i) {
            CustomerListItem& item = page.items[at.at(records[i].Int(0))];
            // Newest first: the first non-empty value of each field wins.
            if (item.name.empty()) item.name = records[i].Text(1);
            if (item.phone.empty()) item.phone = records[i].Text(2);
            if (item.email.empty()) item.email = records[i].Text(3);
            if (item.card_no.empty()) item.card_no = records[i].Text(4);
        }
        JANGTEO_TRY(auto points, tx.Query(sqlite ? kPagePointsSqlite : kPagePointsPostgres,
                                          {merchant.key(), keys, core::ToUnixMicros(clock_.Now())}));
        for (std::size_t i = 0; i < points.size(); ++i) page.items[at.at(points[i].Int(0))].points = points[i].Int(1);
        return page;
    });
}

core::Result<PersonId> ProfileService::CustomerOfInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person) {
    auto current = CurrentPerson(tx, person.key());
    if (!current.ok()) return core::Error::NotFound("person_not_found", "no such customer of this merchant");
    JANGTEO_TRY(auto rel, tx.Query(kRelationship, {merchant.key(), *current}));
    if (rel.empty()) return core::Error::NotFound("person_not_found", "no such customer of this merchant");
    return PersonId(*current);
}

core::Result<Relationship> ProfileService::UpdateRelationshipInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                  PersonId person,
                                                                  const std::optional<std::string>& note,
                                                                  const std::optional<std::string>& card_no) {
    std::vector<core::FieldError> errors;
    if (note && !FitsChars(*note, kMaxNoteChars)) {
        errors.push_back({"note", "too_long", "at most 2000 characters"});
    }
    std::optional<std::string> card = card_no ? std::optional(Trimmed(*card_no)) : std::nullopt;
    if (card && !FitsChars(*card, kMaxCardChars)) {
        errors.push_back({"card_no", "too_long", "at most 40 characters"});
    }
    if (!errors.empty()) {
        return core::Error::Invalid("invalid_relationship", "the customer's fields are not acceptable",
                                    std::move(errors));
    }
    JANGTEO_TRY(PersonId current, CustomerOfInTx(tx, merchant, person));
    const auto text = [](const std::optional<std::string>& v) -> store::Value {
        if (!v) return nullptr;
        return *v;
    };
    JANGTEO_TRY(auto n, tx.Exec(kUpdateRelationship, {merchant.key(), current.key(), text(note), text(card),
                                                      core::ToUnixMicros(clock_.Now())}));
    (void)n;
    JANGTEO_TRY(auto rel, tx.Query(kRelationship, {merchant.key(), current.key()}));
    Relationship r{.merchant = merchant, .person = current};
    if (auto t = rel[0].OptInt(0)) r.first_purchase = core::FromUnixMicros(*t);
    if (auto t = rel[0].OptInt(1)) r.last_purchase = core::FromUnixMicros(*t);
    r.purchases = rel[0].Int(2);
    r.total_won = rel[0].Int(3);
    r.card_no = rel[0].Text(4);
    r.note = rel[0].Text(5);
    return r;
}

core::Result<std::vector<MergeInfo>> ProfileService::MergesOf(PersonId person) {
    return db_.Read([&](store::Tx& tx) -> core::Result<std::vector<MergeInfo>> {
        JANGTEO_TRY(auto rows, tx.Query(kMergesOf, {person.key()}));
        std::vector<MergeInfo> out;
        for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(MergeInfoOf(rows[i]));
        return out;
    });
}

core::Result<MergeInfo> ProfileService::FindMergeInTx(store::Tx& tx, MergeId merge) {
    JANGTEO_TRY(auto rows, tx.Query(kMergeById, {merge.key()}));
    if (rows.empty()) return core::Error::NotFound("merge_not_found", "no merge " + merge.ToString());
    return MergeInfoOf(rows[0]);
}

core::Result<Review> ProfileService::FindReviewInTx(store::Tx& tx, ReviewId review) {
    JANGTEO_TRY(auto rows, tx.Query(kFindReview, {review.key()}));
    if (rows.empty()) return core::Error::NotFound("review_not_found", "no review " + review.ToString());
    return ReviewOf(rows[0]);
}

core::Result<Review> ProfileService::FindVisibleReviewInTx(store::Tx& tx, platform::MerchantId merchant,
                                                           ReviewId review) {
    JANGTEO_TRY(auto rows, tx.Query(kFindVisibleReview, {review.key(), merchant.key()}));
    if (rows.empty()) return core::Error::NotFound("review_not_found", "no review " + review.ToString());
    return ReviewOf(rows[0]);
}

core::Result<std::vector<Review>> ProfileService::ReviewsVisibleTo(platform::MerchantId merchant, std::size_t limit,
                                                                   std::optional<ReviewId> after) {
    limit = std::clamp<std::size_t>(limit, 1, 200);
    return db_.Read([&](store::Tx& tx) -> core::Result<std::vector<Review>> {
        JANGTEO_TRY(auto rows, tx.Query(kVisibleReviews, {after ? after->key() : std::int64_t{0},
                                                          static_cast<std::int64_t>(limit), merchant.key()}));
        std::vector<Review> out;
        for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(ReviewOf(rows[i]));
        return out;
    });
}

core::Result<std::vector<StoredRecord>> ProfileService::RecordsById(const std::vector<RecordId>& ids) {
    if (ids.empty()) return std::vector<StoredRecord>{};
    std::vector<std::int64_t> keys;
    for (RecordId id : ids) keys.push_back(id.key());
    return db_.Read([&](store::Tx& tx) -> core::Result<std::vector<StoredRecord>> {
        JANGTEO_TRY(auto rows, tx.Query(Pick(tx, kRecordsByIdSqlite, kRecordsByIdPostgres), {IdArray(keys)}));
        std::vector<StoredRecord> out;
        for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(StoredRecordOf(rows[i]));
        return out;
    });
}

// ---- points and consents follow a merge ----

// A merge moves the merged person's point entries to the kept person (the balances add up; a
// redemption may then take from either side's credits), and gives the kept person, for each
// merchant and purpose, the merged person's consent where that is the newer choice — so that a
// withdrawal on either side is never lost. What it did is kept in the merge's `moved` JSON.
core::Result<json::object> ProfileService::MovePointsAndConsentsInTx(store::Tx& tx, std::int64_t kept,
                                                                     std::int64_t merged, MergeId merge) {
    json::array point_ids, consents;
    JANGTEO_TRY(auto points, tx.Query(kPointsOf, {merged}));
    for (std::size_t i = 0; i < points.size(); ++i) point_ids.push_back(points[i].Int(0));
    JANGTEO_TRY(auto moved_points, tx.Exec(kMovePoints, {merged, kept}));
    (void)moved_points;

    JANGTEO_TRY(auto theirs, tx.Query(kLatestConsents, {merged}));
    JANGTEO_TRY(auto ours, tx.Query(kLatestConsents, {kept}));
    std::unordered_map<std::string, std::size_t> our_row;  // merchant/purpose → row of ours
    for (std::size_t i = 0; i < ours.size(); ++i) {
        our_row.emplace(std::to_string(ours[i].Int(1)) + "/" + ours[i].Text(2), i);
    }
    const std::string source = "merge:" + merge.ToString();
    for (std::size_t i = 0; i < theirs.size(); ++i) {
        auto t = theirs[i];
        auto it = our_row.find(std::to_string(t.Int(1)) + "/" + t.Text(2));
        if (it != our_row.end() && ours[it->second].Int(6) >= t.Int(6)) continue;  // ours is the newer choice
        JANGTEO_TRY(auto seq, tx.Query(kNextConsentSeq, {kept, t.Int(1)}));
        const std::int64_t id = static_cast<std::int64_t>(random_.NextU64() >> 1) | 1;
        JANGTEO_TRY(auto n, tx.Exec(kInsertConsent, {id, kept, t.Int(1), t.TextView(2), t.Bool(3), t.TextView(4),
                                                     t.TextView(5), source, t.Int(6), seq[0].Int(0)}));
        (void)n;
        json::value before = nullptr;
        if (it != our_row.end()) {
            auto o = ours[it->second];
            before = json::object{{"granted", o.Bool(3)}, {"text_version", o.Text(4)}, {"channel", o.Text(5)}};
        }
        consents.push_back(json::object{{"id", id},
                                        {"merchant", t.Int(1)},
                                        {"purpose", t.Text(2)},
                                        {"text_version", t.Text(4)},
                                        {"channel", t.Text(5)},
                                        {"before", std::move(before)}});
    }
    return json::object{{"points", std::move(point_ids)}, {"consents", std::move(consents)}};
}

// An unmerge gives each person its own point entries back. Credits of the merged person that the
// kept person's redemptions (or expiries) used while they were one are given back to it and taken
// from the kept person's open credits; what those cannot cover is written off with an adjust entry,
// so that on both sides the ledger still sums to what is left. A consent the merge gave the kept
// person is set back to what the kept person had chosen before (or withdrawn, if it had never been
// asked), unless the kept person has chosen again since.
core::Status ProfileService::GiveBackPointsAndConsentsInTx(store::Tx& tx, std::int64_t kept, std::int64_t merged,
                                                           MergeId merge, const json::object& moved, std::int64_t now) {
    if (const json::value* points = moved.if_contains("points")) {
        std::vector<std::int64_t> ids;
        for (const auto& v : points->as_array()) ids.push_back(v.to_number<std::int64_t>());
        JANGTEO_TRY(auto n,
                    tx.Exec(Pick(tx, kMoveBackPointsSqlite, kMoveBackPointsPostgres), {kept, merged, IdArray(ids)}));
        (void)n;
        JANGTEO_TRY(auto gaps, tx.Query(kPointGaps, {merged}));
        for (std::size_t g = 0; g < gaps.size(); ++g) {
            const std::int64_t merchant = gaps[g].Int(0);
            std::int64_t owed = gaps[g].Int(1);  // > 0: the merged person's credits used by the other side
            if (owed <= 0) continue;
            const std::int64_t gap = owed;
            JANGTEO_TRY(auto used, tx.Query(kUsedCredits, {merchant, merged}));
            for (std::size_t i = 0; i < used.size() && owed > 0; ++i) {
                const std::int64_t back = std::min(owed, used[i].Int(1));
                JANGTEO_TRY(auto k, tx.Exec(kShiftRemaining, {used[i].Int(0), back}));
                (void)k;
                owed -= back;
            }
            std::int64_t charge = gap;
            JANGTEO_TRY(auto open, tx.Query(kOpenCreditsOf, {merchant, kept}));
            for (std::size_t i = 0; i < open.size() && charge > 0; ++i) {
                const std::int64_t take = std::min(charge, open[i].Int(1));
                JANGTEO_TRY(auto k, tx.Exec(kShiftRemaining, {open[i].Int(0), -take}));
                (void)k;
                charge -= take;
            }
            if (charge > 0) {
                JANGTEO_TRY(auto k,
                            tx.Exec(kInsertPointEntry, {static_cast<std::int64_t>(random_.NextU64() >> 1) | 1, merchant,
                                                        kept, "unmerge:" + merge.ToString(), charge, now}));
                (void)k;
            }
        }
    }
    if (const json::value* consents = moved.if_contains("consents")) {
        const std::string source = "unmerge:" + merge.ToString();
        for (const auto& v : consents->as_array()) {
            const json::object& c = v.as_object();
            const std::int64_t id = c.at("id").to_number<std::int64_t>();
            JANGTEO_TRY(auto latest, tx.Query(kIsLatestConsent, {id}));
            if (latest[0].Int(0) == 0) continue;  // the kept person chose again since
            const std::int64_t merchant = c.at("merchant").to_number<std::int64_t>();
            const json::value& before = c.at("before");
            const bool granted = before.is_object() && before.as_object().at("granted").as_bool();
            const json::object& from = before.is_object() ? before.as_object() : c;
            JANGTEO_TRY(auto seq, tx.Query(kNextConsentSeq, {kept, merchant}));
            JANGTEO_TRY(auto n, tx.Exec(kInsertConsent,
                                        {static_cast<std::int64_t>(random_.NextU64() >> 1) | 1, kept, merchant,
                                         std::string(c.at("purpose").as_string()), granted,
                                         std::string(from.at("text_version").as_string()),
                                         std::string(from.at("channel").as_string()), source, now, seq[0].Int(0)}));
            (void)n;
        }
    }
    return {};
}

}  // namespace jangteo::customers

#include "customers/erasure.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <utility>

#include "customers/resolve.hpp"

namespace jangteo::customers {

namespace {

// A statement over a set of persons, written once with @PERSONS@ where the set goes: the set is bound
// as one JSON array parameter ($1), which each backend unpacks with its own JSON function, so that
// one statement serves any number of persons. Built once, at namespace scope, and never copied (the
// Sql views point into the strings).
class OverPersons {
public:
    OverPersons(std::string_view name, std::string_view text)
        : sqlite_text_(Replace(text, "(SELECT value FROM json_each($1))")),
          postgres_text_(Replace(text, "(SELECT e::bigint FROM jsonb_array_elements_text($1::jsonb) e)")),
          sqlite_{name, sqlite_text_},
          postgres_{name, postgres_text_} {}
    OverPersons(const OverPersons&) = delete;
    OverPersons& operator=(const OverPersons&) = delete;

    const store::Sql& For(const store::Tx& tx) const {
        return tx.dialect() == store::Dialect::kSqlite ? sqlite_ : postgres_;
    }

private:
    static std::string Replace(std::string_view text, std::string_view set) {
        std::string out(text);
        const std::string token = "@PERSONS@";
        for (auto at = out.find(token); at != std::string::npos; at = out.find(token, at + set.size())) {
            out.replace(at, token.size(), set);
        }
        return out;
    }

    std::string sqlite_text_, postgres_text_;
    store::Sql sqlite_, postgres_;
};

const store::Sql kPersonOfSource{"customers.person_of_source",
                                 "SELECT person_id FROM customers_records WHERE source = $1 AND source_ref = $2"};
const store::Sql kPersonState{"customers.erasure_person_state",
                              "SELECT status, merged_into FROM customers_persons WHERE id = $1"};
// A person and those merged into it (merges not undone), through the kept-person index of merges.
const store::Sql kFamily{"customers.person_family",
                         "WITH RECURSIVE fam(id) AS (SELECT CAST($1 AS BIGINT) UNION"
                         " SELECT m.merged_person FROM customers_merges m JOIN fam ON m.kept_person = fam.id"
                         " WHERE m.undone_at_us IS NULL) SELECT id FROM fam"};

const OverPersons kPersons{"customers.export_persons",
                           "SELECT id, status, merged_into, created_at_us FROM customers_persons"
                           " WHERE id IN @PERSONS@ ORDER BY created_at_us, id"};
const OverPersons kRecords{
    "customers.export_records",
    "SELECT id, merchant_id, source, source_ref, name, phone, email, birth_date, postal_code, address, card_no,"
    " phone_verified, email_verified, created_at_us, person_id FROM customers_records"
    " WHERE person_id IN @PERSONS@ ORDER BY created_at_us, id"};
const OverPersons kRelationships{
    "customers.export_relationships",
    "SELECT merchant_id, person_id, first_purchase_us, last_purchase_us, purchases, total_won, card_no, note"
    " FROM customers_relationships WHERE person_id IN @PERSONS@ ORDER BY merchant_id, person_id"};
const OverPersons kPurchases{"customers.export_purchases",
                             "SELECT merchant_id, person_id, ref, amount_won, at_us FROM customers_relationship_events"
                             " WHERE person_id IN @PERSONS@ ORDER BY at_us, id"};
const OverPersons kPoints{"customers.export_points",
                          "SELECT merchant_id, id, person_id, kind, ref, delta, remaining, expires_at_us, created_at_us"
                          " FROM customers_point_entries WHERE person_id IN @PERSONS@ ORDER BY created_at_us, id"};
const OverPersons kConsents{"customers.export_consents",
                            "SELECT id, person_id, merchant_id, purpose, granted, text_version, channel, source,"
                            " recorded_at_us, seq FROM customers_consents WHERE person_id IN @PERSONS@"
                            " ORDER BY merchant_id, person_id, seq"};

const store::Sql kPointMerchants{"customers.point_merchants_of_person",
                                 "SELECT DISTINCT merchant_id FROM customers_point_entries WHERE person_id = $1"
                                 " ORDER BY merchant_id"};

// ---- erasure ----
const OverPersons kConsentPairs{"customers.erasure_consent_pairs",
                                "SELECT DISTINCT person_id, merchant_id FROM customers_consents"
                                " WHERE person_id IN @PERSONS@ ORDER BY person_id, merchant_id"};
const OverPersons kPointSums{"customers.erasure_point_sums",
                             "SELECT merchant_id, person_id, SUM(delta) FROM customers_point_entries"
                             " WHERE person_id IN @PERSONS@ GROUP BY merchant_id, person_id"
                             " ORDER BY merchant_id, person_id"};
const store::Sql kInsertPointEntry{
    "customers.erasure_point_entry",
    "INSERT INTO customers_point_entries (id, merchant_id, person_id, kind, ref, delta, remaining, expires_at_us,"
    " created_at_us) VALUES ($1, $2, $3, 'expire', $4, $5, 0, NULL, $6)"};
const OverPersons kClearCredits{"customers.erasure_clear_credits",
                                "UPDATE customers_point_entries SET remaining = 0"
                                " WHERE person_id IN @PERSONS@ AND remaining > 0"};
const OverPersons kRecordsToBlank{"customers.erasure_records",
                                  "SELECT id, merchant_id, name, phone, email, birth_date, postal_code, address,"
                                  " card_no, created_at_us FROM customers_records WHERE person_id IN @PERSONS@"};
// Deletes one record's keys through the primary key (key_hash, record_id): $1 the JSON array of its
// key hashes, $2 the record.
const store::Sql kDeleteKeysSqlite{"customers.erasure_delete_keys",
                                   "DELETE FROM customers_record_keys WHERE record_id = $2"
                                   " AND key_hash IN (SELECT value FROM json_each($1))"};
const store::Sql kDeleteKeysPostgres{"customers.erasure_delete_keys",
                                     "DELETE FROM customers_record_keys WHERE record_id = $2 AND key_hash IN"
                                     " (SELECT e::bigint FROM jsonb_array_elements_text($1::jsonb) e)"};
const OverPersons kBlankRecords{
    "customers.erasure_blank_records",
    "UPDATE customers_records SET name = '', phone = '', email = '', birth_date = '', postal_code = '',"
    " address = '', card_no = '', phone_verified = FALSE, email_verified = FALSE,"
    " source_ref = 'erased:' || CAST(id AS TEXT) WHERE person_id IN @PERSONS@"};
const OverPersons kCloseReviews{"customers.erasure_close_reviews",
                                "UPDATE customers_reviews SET state = 'different', decided_by = 'erasure',"
                                " decided_at_us = $2 WHERE state = 'open'"
                                " AND (person_a IN @PERSONS@ OR person_b IN @PERSONS@)"};
const OverPersons kBlankRelationships{"customers.erasure_blank_relationships",
                                      "UPDATE customers_relationships SET card_no = '', note = '', updated_at_us = $2"
                                      " WHERE person_id IN @PERSONS@"};
const OverPersons kMarkErased{"customers.erasure_mark_persons",
                              "UPDATE customers_persons SET status = 'erased', updated_at_us = $2"
                              " WHERE id IN @PERSONS@"};

std::string JsonIds(const std::vector<PersonId>& ids) {
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) out.push_back(',');
        out += std::to_string(ids[i].key());
    }
    out.push_back(']');
    return out;
}

// The date in Korea of `at` as YYYYMMDD: what the record's keys were made with when it was stored.
std::uint32_t KoreanDate(core::TimePoint at) {
    auto day = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(at + std::chrono::hours(9)));
    return static_cast<std::uint32_t>(static_cast<int>(day.year()) * 10000 +
                                      static_cast<int>(static_cast<unsigned>(day.month())) * 100 +
                                      static_cast<int>(static_cast<unsigned>(day.day())));
}

// The blocking keys a stored record was filed under, as profile.cpp files them (its fields are stored
// normalised, so normalising them again gives the same keys).
std::string KeyHashesJson(const store::RowView& row) {
    PersonRecord r;
    r.source = row.IsNull(1) ? std::string("web") : "pos:" + platform::MerchantId(row.Int(1)).ToString();
    r.name = row.Text(2);
    r.phone = row.Text(3);
    r.email = row.Text(4);
    r.birth_date = row.Text(5);
    r.postal_code = row.Text(6);
    r.address = row.Text(7);
    r.card_no = row.Text(8);
    const NormalizedRecord normalized = Normalize(r, KoreanDate(core::FromUnixMicros(row.Int(9))));
    std::string out = "[";
    bool first = true;
    ForEachBlockingKey(normalized, [&](std::string_view key) {
        if (!first) out.push_back(',');
        first = false;
        out += std::to_string(static_cast<std::int64_t>(HashKey(key)));
    });
    out.push_back(']');
    return out;
}

Relationship RelationshipFromRow(const store::RowView& r) {
    Relationship rel{.merchant = platform::MerchantId(r.Int(0)), .person = PersonId(r.Int(1))};
    if (auto t = r.OptInt(2)) rel.first_purchase = core::FromUnixMicros(*t);
    if (auto t = r.OptInt(3)) rel.last_purchase = core::FromUnixMicros(*t);
    rel.purchases = r.Int(4);
    rel.total_won = r.Int(5);
    rel.card_no = r.Text(6);
    rel.note = r.Text(7);
    return rel;
}

ConsentRecord ConsentFromRow(const store::RowView& r) {
    ConsentRecord c;
    c.id = ConsentId(r.Int(0));
    c.person = PersonId(r.Int(1));
    c.merchant = platform::MerchantId(r.Int(2));
    c.purpose = ParseConsentPurpose(r.TextView(3)).value_or(ConsentPurpose::kMarketingEmail);
    c.granted = r.Bool(4);
    c.text_version = r.Text(5);
    c.channel = ParseConsentChannel(r.TextView(6)).value_or(ConsentChannel::kWeb);
    c.source = r.Text(7);
    c.recorded_at = core::FromUnixMicros(r.Int(8));
    c.seq = r.Int(9);
    return c;
}

PointKind PointKindOf(std::string_view text) {
    for (PointKind k : {PointKind::kEarn, PointKind::kRedeem, PointKind::kExpire, PointKind::kReverseEarn,
                        PointKind::kReverseRedeem, PointKind::kAdjust}) {
        if (PointKindName(k) == text) return k;
    }
    return PointKind::kAdjust;
}

}  // namespace

core::Result<std::optional<PersonId>> ErasureService::PersonOfSourceInTx(store::Tx& tx, RecordSource source,
                                                                         std::string_view source_ref) {
    JANGTEO_TRY(auto rows, tx.Query(kPersonOfSource, {RecordSourceName(source), source_ref}));
    if (rows.empty()) return std::optional<PersonId>();
    // A record moves with its person's merges, so its person is the current one; the chain is
    // followed all the same, for a record written while a merge committed.
    std::int64_t person = rows[0].Int(0);
    for (int i = 0; i < 16; ++i) {
        JANGTEO_TRY(auto state, tx.Query(kPersonState, {person}));
        if (state.empty()) return core::Error::NotFound("person_not_found", "no such person");
        if (state[0].TextView(0) == "erased") {
            return core::Error::FailedPrecondition("person_erased", "the person's data was erased");
        }
        if (state[0].TextView(0) == "active") return std::optional<PersonId>(PersonId(person));
        person = state[0].Int(1);
    }
    return core::Error::Internal("merge_chain", "a chain of merges too long to follow");
}

core::Result<std::vector<PersonId>> ErasureService::FamilyInTx(store::Tx& tx, PersonId person) {
    JANGTEO_TRY(auto rows, tx.Query(kFamily, {person.key()}));
    std::vector<PersonId> out{person};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        PersonId p(rows[i].Int(0));
        if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
    }
    return out;
}

core::Result<PersonData> ErasureService::ExportInTx(store::Tx& tx, PersonId person) {
    JANGTEO_TRY(std::vector<PersonId> family, FamilyInTx(tx, person));
    const std::string ids = JsonIds(family);
    PersonData out;
    out.person = person;

    JANGTEO_TRY(auto persons, tx.Query(kPersons.For(tx), {std::string_view(ids)}));
    for (std::size_t i = 0; i < persons.size(); ++i) {
        auto r = persons[i];
        PersonStatusRow p{.id = PersonId(r.Int(0)), .status = r.Text(1), .created_at = core::FromUnixMicros(r.Int(3))};
        if (auto into = r.OptInt(2)) p.merged_into = PersonId(*into);
        out.persons.push_back(std::move(p));
    }
    JANGTEO_TRY(auto records, tx.Query(kRecords.For(tx), {std::string_view(ids)}));
    for (std::size_t i = 0; i < records.size(); ++i) {
        auto r = records[i];
        StoredRecord s;
        s.id = RecordId(r.Int(0));
        if (auto m = r.OptInt(1)) s.merchant = platform::MerchantId(*m);
        auto source = ParseRecordSource(r.TextView(2));
        s.source = source.ok() ? *source : RecordSource::kWeb;
        s.source_ref = r.Text(3);
        s.name = r.Text(4);
        s.phone = r.Text(5);
        s.email = r.Text(6);
        s.birth_date = r.Text(7);
        s.postal_code = r.Text(8);
        s.address = r.Text(9);
        s.card_no = r.Text(10);
        s.phone_verified = r.Bool(11);
        s.email_verified = r.Bool(12);
        s.created_at = core::FromUnixMicros(r.Int(13));
        out.records.push_back(std::move(s));
    }
    JANGTEO_TRY(auto rels, tx.Query(kRelationships.For(tx), {std::string_view(ids)}));
    for (std::size_t i = 0; i < rels.size(); ++i) out.relationships.push_back(RelationshipFromRow(rels[i]));
    JANGTEO_TRY(auto purchases, tx.Query(kPurchases.For(tx), {std::string_view(ids)}));
    for (std::size_t i = 0; i < purchases.size(); ++i) {
        auto r = purchases[i];
        out.purchases.push_back({.merchant = platform::MerchantId(r.Int(0)),
                                 .person = PersonId(r.Int(1)),
                                 .ref = r.OptText(2).value_or(""),
                                 .amount_won = r.Int(3),
                                 .at = core::FromUnixMicros(r.Int(4))});
    }
    JANGTEO_TRY(auto points, tx.Query(kPoints.For(tx), {std::string_view(ids)}));
    for (std::size_t i = 0; i < points.size(); ++i) {
        auto r = points[i];
        PointEntry e{.id = PointEntryId(r.Int(1)),
                     .person = PersonId(r.Int(2)),
                     .kind = PointKindOf(r.TextView(3)),
                     .ref = r.Text(4),
                     .delta = r.Int(5),
                     .remaining = r.Int(6),
                     .created_at = core::FromUnixMicros(r.Int(8))};
        if (auto t = r.OptInt(7)) e.expires_at = core::FromUnixMicros(*t);
        out.points.push_back({.merchant = platform::MerchantId(r.Int(0)), .entry = std::move(e)});
    }
    JANGTEO_TRY(auto consents, tx.Query(kConsents.For(tx), {std::string_view(ids)}));
    for (std::size_t i = 0; i < consents.size(); ++i) out.consents.push_back(ConsentFromRow(consents[i]));
    return out;
}

core::Result<PersonOverview> ErasureService::OverviewInTx(store::Tx& tx, PersonId person) {
    const std::string ids = JsonIds({person});
    PersonOverview out;
    JANGTEO_TRY(auto rels, tx.Query(kRelationships.For(tx), {std::string_view(ids)}));
    for (std::size_t i = 0; i < rels.size(); ++i) out.relationships.push_back(RelationshipFromRow(rels[i]));
    JANGTEO_TRY(auto consents, tx.Query(kConsents.For(tx), {std::string_view(ids)}));
    for (std::size_t i = 0; i < consents.size(); ++i) out.consents.push_back(ConsentFromRow(consents[i]));
    JANGTEO_TRY(auto points, tx.Query(kPointMerchants, {person.key()}));
    for (std::size_t i = 0; i < points.size(); ++i) out.point_merchants.emplace_back(points[i].Int(0));
    return out;
}

core::Result<ErasureSummary> ErasureService::EraseInTx(store::Tx& tx, PersonId person) {
    JANGTEO_TRY(auto state, tx.Query(kPersonState, {person.key()}));
    if (state.empty()) return core::Error::NotFound("person_not_found", "no such person");
    if (state[0].TextView(0) == "erased") {
        return core::Error::FailedPrecondition("person_erased", "the person's data was erased before");
    }
    if (state[0].TextView(0) != "active") {
        return core::Error::FailedPrecondition("person_not_active", "erase the person this one was merged into");
    }
    const std::int64_t now = core::ToUnixMicros(clock_.Now());
    ErasureSummary out;
    JANGTEO_TRY(out.persons, FamilyInTx(tx, person));
    const std::string ids = JsonIds(out.persons);
    const std::string_view ids_view(ids);

    // Consents: every granted purpose is withdrawn like any withdrawal, under the text it was given
    // with, so that the history shows when and why it ended.
    JANGTEO_TRY(auto pairs, tx.Query(kConsentPairs.For(tx), {ids_view}));
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const PersonId who(pairs[i].Int(0));
        const platform::MerchantId merchant(pairs[i].Int(1));
        JANGTEO_TRY(auto current, consents_.CurrentInTx(tx, who, merchant));
        ConsentInput input{.person = who,
                           .merchant = merchant,
                           .channel = ConsentChannel::kWeb,
                           .source = std::string(kErasureSource)};
        for (const ConsentState& s : current) {
            if (s.granted && s.last) input.changes.push_back({s.purpose, false, s.last->text_version});
        }
        if (input.changes.empty()) continue;
        JANGTEO_TRY(auto written, consents_.RecordInTx(tx, input));
        out.consents_withdrawn += static_cast<std::int64_t>(written.size());
    }

    // Points: what is left at each merchant expires in one entry, and every credit is used up, so the
    // balance (the sum of deltas) and the sum of what is left are both 0.
    JANGTEO_TRY(auto sums, tx.Query(kPointSums.For(tx), {ids_view}));
    for (std::size_t i = 0; i < sums.size(); ++i) {
        const std::int64_t left = sums[i].Int(2);
        if (left <= 0) continue;
        const PersonId who(sums[i].Int(1));
        const std::string ref = "erasure:" + who.ToString();
        JANGTEO_TRY(auto n, tx.Exec(kInsertPointEntry, {PointEntryId::New(random_).key(), sums[i].Int(0), who.key(),
                                                        std::string_view(ref), -left, now}));
        (void)n;
        out.points_forfeited += left;
    }
    JANGTEO_TRY(auto cleared, tx.Exec(kClearCredits.For(tx), {ids_view}));
    (void)cleared;

    // Records: their keys first (computed from the fields they were filed under), then the fields.
    JANGTEO_TRY(auto records, tx.Query(kRecordsToBlank.For(tx), {ids_view}));
    const store::Sql& delete_keys = tx.dialect() == store::Dialect::kSqlite ? kDeleteKeysSqlite : kDeleteKeysPostgres;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const std::string hashes = KeyHashesJson(records[i]);
        JANGTEO_TRY(auto n, tx.Exec(delete_keys, {std::string_view(hashes), records[i].Int(0)}));
        (void)n;
    }
    JANGTEO_TRY(out.records, tx.Exec(kBlankRecords.For(tx), {ids_view}));
    JANGTEO_TRY(auto reviews, tx.Exec(kCloseReviews.For(tx), {ids_view, now}));
    (void)reviews;
    JANGTEO_TRY(out.relationships, tx.Exec(kBlankRelationships.For(tx), {ids_view, now}));
    JANGTEO_TRY(auto marked, tx.Exec(kMarkErased.For(tx), {ids_view, now}));
    (void)marked;
    return out;
}

}  // namespace jangteo::customers

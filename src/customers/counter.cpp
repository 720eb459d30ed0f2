#include "customers/counter.hpp"

#include "core/json.hpp"
#include "customers/resolve.hpp"

namespace jangteo::customers {
namespace {

constexpr store::Sql kByPhone{
    "customers.counter_by_phone",
    "SELECT r.person_id, MAX(rel.card_no), MAX(r.name), MAX(rel.purchases) FROM customers_record_keys k"
    " JOIN customers_records r ON r.id = k.record_id"
    " JOIN customers_relationships rel ON rel.merchant_id = $1 AND rel.person_id = r.person_id"
    " WHERE k.key_hash = $2 AND r.phone = $3 AND (r.merchant_id = $1 OR r.merchant_id IS NULL)"
    " GROUP BY r.person_id ORDER BY r.person_id LIMIT 20"};
constexpr store::Sql kOfRefsSqlite{"customers.persons_of_refs_sqlite",
                                   "SELECT r.source_ref, r.person_id FROM customers_records r"
                                   " WHERE r.source = $1 AND r.source_ref IN (SELECT value FROM json_each($2))"};
constexpr store::Sql kOfRefsPostgres{
    "customers.persons_of_refs_postgres",
    "SELECT r.source_ref, r.person_id FROM customers_records r"
    " WHERE r.source = $1 AND r.source_ref IN (SELECT jsonb_array_elements_text($2::jsonb))"};
// $2: a JSON array of [mbr id, 1 when the member has legacy points, else 0]. The record by its unique
// (source, source_ref), the relationship by its primary key, the points entry by its unique
// (merchant, kind, ref): three index probes per member. SQLite's CROSS JOIN keeps the members as the
// outer loop: left to itself the planner walks every member record of the store and looks each up in
// the list, which costs a second per chunk at 100,000 members.
constexpr store::Sql kCarriedSqlite{
    "customers.members_carried_sqlite",
    "SELECT j.value ->> 0 FROM json_each($2) j CROSS JOIN customers_records r CROSS JOIN customers_relationships rel"
    " WHERE r.source = 'member' AND r.source_ref = j.value ->> 0"
    " AND rel.merchant_id = $1 AND rel.person_id = r.person_id AND rel.card_no <> ''"
    " AND (j.value ->> 1 = 0 OR EXISTS (SELECT 1 FROM customers_point_entries p WHERE p.merchant_id = $1"
    " AND p.kind = 'adjust' AND p.ref = 'import:' || (j.value ->> 0)))"};
constexpr store::Sql kCarriedPostgres{
    "customers.members_carried_postgres",
    "SELECT e ->> 0 FROM jsonb_array_elements($2::jsonb) e"
    " JOIN customers_records r ON r.source = 'member' AND r.source_ref = e ->> 0"
    " JOIN customers_relationships rel ON rel.merchant_id = $1 AND rel.person_id = r.person_id AND rel.card_no <> ''"
    " WHERE (e ->> 1)::int = 0 OR EXISTS (SELECT 1 FROM customers_point_entries p WHERE p.merchant_id = $1"
    " AND p.kind = 'adjust' AND p.ref = 'import:' || (e ->> 0))"};

}  // namespace

core::Result<std::vector<CounterCustomer>> CustomersByPhoneInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                std::string_view phone) {
    NormalizedRecord n = Normalize(PersonRecord{.phone = std::string(phone)}, 0);
    std::vector<CounterCustomer> out;
    if (!n.phone) return out;
    std::vector<std::string> keys = BlockingKeys(n);
    if (keys.empty()) return out;
    const auto hash = static_cast<std::int64_t>(HashKey(keys.front()));
    JANGTEO_TRY(store::Rows rows, tx.Query(kByPhone, {merchant.key(), hash, phone}));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        out.push_back({.person = PersonId(rows[i].Int(0)),
                       .card_no = rows[i].Text(1),
                       .name = rows[i].Text(2),
                       .purchases = rows[i].Int(3)});
    }
    return out;
}

core::Result<std::unordered_map<std::string, PersonId>> PersonsOfRecordsInTx(store::Tx& tx, RecordSource source,
                                                                             std::span<const std::string> refs) {
    std::unordered_map<std::string, PersonId> out;
    if (refs.empty()) return out;
    if (refs.size() > 1000) return core::Error::Invalid("too_many_refs", "at most 1,000 records at a time");
    core::json::array list;
    for (const auto& r : refs) list.emplace_back(r);
    const std::string text = core::ToJson(list);
    const store::Sql& sql = tx.dialect() == store::Dialect::kSqlite ? kOfRefsSqlite : kOfRefsPostgres;
    JANGTEO_TRY(store::Rows rows, tx.Query(sql, {RecordSourceName(source), std::string_view(text)}));
    for (std::size_t i = 0; i < rows.size(); ++i) out.emplace(rows[i].Text(0), PersonId(rows[i].Int(1)));
    return out;
}

core::Result<std::unordered_set<std::string>> MembersCarriedInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                 std::span<const Member> members) {
    std::unordered_set<std::string> out;
    if (members.empty()) return out;
    if (members.size() > 1000) return core::Error::Invalid("too_many_members", "at most 1,000 members at a time");
    core::json::array list;
    for (const auto& m : members) list.push_back(core::json::array{m.id.ToString(), m.points > 0 ? 1 : 0});
    const std::string text = core::ToJson(list);
    const store::Sql& sql = tx.dialect() == store::Dialect::kSqlite ? kCarriedSqlite : kCarriedPostgres;
    JANGTEO_TRY(store::Rows rows, tx.Query(sql, {merchant.key(), std::string_view(text)}));
    for (std::size_t i = 0; i < rows.size(); ++i) out.insert(rows[i].Text(0));
    return out;
}

}  // namespace jangteo::customers

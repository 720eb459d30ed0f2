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

}  // namespace jangteo::customers

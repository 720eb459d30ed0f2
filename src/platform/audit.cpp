#include "platform/audit.hpp"

#include "store/keyset.hpp"

namespace jangteo::platform {

namespace {

constexpr store::Sql kInsertAudit{
    "platform.insert_audit",
    "INSERT INTO platform_audit_events (id, occurred_at_us, action, actor_user_id, actor_key_id, merchant_id,"
    " subject, client_address, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};

// Newest first, after the cursor (occurred_at, id); $3 = '' matches every action.
constexpr store::Sql kListAudit{"platform.list_audit",
                                "SELECT id, occurred_at_us, action, actor_user_id, actor_key_id, merchant_id, subject,"
                                " client_address, detail FROM platform_audit_events"
                                " WHERE (occurred_at_us < $1 OR (occurred_at_us = $1 AND id < $2))"
                                " AND ($3 = '' OR action = $3)"
                                " ORDER BY occurred_at_us DESC, id DESC LIMIT $4"};
constexpr store::Sql kListMerchantAudit{
    "platform.list_merchant_audit",
    "SELECT id, occurred_at_us, action, actor_user_id, actor_key_id, merchant_id, subject,"
    " client_address, detail FROM platform_audit_events WHERE merchant_id = $5"
    " AND (occurred_at_us < $1 OR (occurred_at_us = $1 AND id < $2))"
    " AND ($3 = '' OR action = $3)"
    " ORDER BY occurred_at_us DESC, id DESC LIMIT $4"};

constexpr std::size_t kMaxActionBytes = 64;
constexpr std::size_t kMaxSubjectBytes = 200;
constexpr std::size_t kMaxAddressBytes = 64;
constexpr std::size_t kMaxDetailBytes = 4000;

// Cuts `text` to at most `max` bytes without splitting a UTF-8 sequence.
std::string Cut(std::string_view text, std::size_t max) {
    if (text.size() <= max) return std::string(text);
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end));
}

store::Value OptKey(const auto& id) {
    if (!id) return nullptr;
    return id->key();
}

}  // namespace

core::Status RecordAudit(store::Tx& tx, core::Clock& clock, core::Random& random, const AuditEvent& event) {
    std::string detail = core::ToJson(event.detail);
    if (detail.size() > kMaxDetailBytes) detail = R"({"truncated":true})";
    JANGTEO_TRY(
        std::int64_t n,
        tx.Exec(kInsertAudit, {AuditEventId::New(random).key(), core::ToUnixMicros(clock.Now()),
                               Cut(event.action, kMaxActionBytes), OptKey(event.actor_user), OptKey(event.actor_key),
                               OptKey(event.merchant), Cut(event.subject, kMaxSubjectBytes),
                               Cut(event.client_address, kMaxAddressBytes), std::move(detail)}));
    (void)n;
    return {};
}

core::Result<AuditPage> AuditLog::List(const AuditQuery& query) {
    JANGTEO_TRY(store::Keyset after, store::ParseKeyset(query.cursor, query.limit));
    std::string action = query.action ? Cut(*query.action, kMaxActionBytes) : std::string();
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) -> core::Result<store::Rows> {
        if (query.merchant) {
            return tx.Query(kListMerchantAudit, {after.time_us, after.id, action, after.fetch, query.merchant->key()});
        }
        return tx.Query(kListAudit, {after.time_us, after.id, action, after.fetch});
    }));
    AuditPage page;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(query.limit); ++i) {
        auto row = rows[i];
        AuditRecord r;
        r.id = AuditEventId(row.Int(0));
        r.occurred_at = core::FromUnixMicros(row.Int(1));
        r.event.action = row.Text(2);
        if (!row.IsNull(3)) r.event.actor_user = UserId(row.Int(3));
        if (!row.IsNull(4)) r.event.actor_key = ApiKeyId(row.Int(4));
        if (!row.IsNull(5)) r.event.merchant = MerchantId(row.Int(5));
        r.event.subject = row.Text(6);
        r.event.client_address = row.Text(7);
        if (auto parsed = core::ParseJsonObject(row.TextView(8)); parsed.ok()) r.event.detail = std::move(*parsed);
        page.items.push_back(std::move(r));
    }
    if (rows.size() > static_cast<std::size_t>(query.limit) && !page.items.empty()) {
        const AuditRecord& last = page.items.back();
        page.next_cursor = store::FormatKeyset(core::ToUnixMicros(last.occurred_at), last.id.key());
    }
    return page;
}

}  // namespace jangteo::platform

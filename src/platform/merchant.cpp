#include "platform/merchant.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <utility>

#include "core/validate.hpp"
#include "platform/audit.hpp"
#include "platform/industry.hpp"
#include "platform/outbox.hpp"
#include "store/keyset.hpp"

namespace jangteo::platform {

namespace {

// The columns ReadMerchant expects, in this order, in every statement that reads merchants.
//   0 id, 1 name_ko, 2 name_en, 3 business_number, 4 representative, 5 industry_code, 6 district_code,
//   7 address, 8 phone, 9 status, 10 applied_by_user_id, 11 created_at_us, 12 updated_at_us,
//   13 status_version
constexpr std::size_t kMerchantColumns = 14;

constexpr store::Sql kGetMerchant{"platform.get_merchant",
                                  "SELECT id, name_ko, name_en, business_number, representative, industry_code,"
                                  " district_code, address, phone, status, applied_by_user_id, created_at_us,"
                                  " updated_at_us, status_version FROM platform_merchants WHERE id = $1"};
constexpr store::Sql kMerchantsChangedSince{
    "platform.merchants_changed_since",
    "SELECT id, name_ko, name_en, business_number, representative, industry_code, district_code, address, phone,"
    " status, applied_by_user_id, created_at_us, updated_at_us, status_version FROM platform_merchants"
    " WHERE updated_at_us >= $1 ORDER BY updated_at_us, id LIMIT $2"};
// Several merchants at once (the checkout's), their ids as one JSON array parameter.
constexpr store::Sql kMerchantsByIdSqlite{
    "platform.merchants_by_id",
    "SELECT id, name_ko, name_en, business_number, representative, industry_code, district_code, address, phone,"
    " status, applied_by_user_id, created_at_us, updated_at_us, status_version FROM platform_merchants"
    " WHERE id IN (SELECT value FROM json_each($1))"};
constexpr store::Sql kMerchantsByIdPostgres{
    "platform.merchants_by_id",
    "SELECT id, name_ko, name_en, business_number, representative, industry_code, district_code, address, phone,"
    " status, applied_by_user_id, created_at_us, updated_at_us, status_version FROM platform_merchants"
    " WHERE id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb))"};
// The merchant with its history in one statement, so that both come from one snapshot: a merchant
// has a handful of history rows, and repeating its columns on each costs less than a second round trip.
constexpr store::Sql kGetMerchantWithHistory{
    "platform.get_merchant_with_history",
    "SELECT m.id, m.name_ko, m.name_en, m.business_number, m.representative, m.industry_code, m.district_code,"
    " m.address, m.phone, m.status, m.applied_by_user_id, m.created_at_us, m.updated_at_us, m.status_version,"
    " h.seq, h.from_status, h.to_status, h.actor_user_id, u.name, h.reason, h.changed_at_us"
    " FROM platform_merchants m"
    " LEFT JOIN platform_merchant_status_changes h ON h.merchant_id = m.id"
    " LEFT JOIN platform_users u ON u.id = h.actor_user_id"
    " WHERE m.id = $1 ORDER BY h.seq"};
// Takes the applicant's row lock, so that two applications of one user are counted one after the
// other (PostgreSQL runs write transactions at READ COMMITTED); no row means no such user.
constexpr store::Sql kLockApplicant{"platform.lock_applicant",
                                    "UPDATE platform_users SET updated_at_us = updated_at_us WHERE id = $1"};
constexpr store::Sql kCountPendingApplications{
    "platform.count_pending_applications",
    "SELECT count(*) FROM platform_merchants WHERE applied_by_user_id = $1 AND status = 'applied'"};
constexpr store::Sql kFindIndustryState{"platform.find_industry_state",
                                        "SELECT active FROM platform_industries WHERE code = $1"};
// The partial unique index on live business numbers decides between two applications racing for
// one number: the loser inserts nothing, and the service says why.
constexpr store::Sql kInsertMerchant{
    "platform.insert_merchant",
    "INSERT INTO platform_merchants (id, name_ko, name_en, business_number, representative, industry_code,"
    " district_code, address, phone, status, status_version, applied_by_user_id, search_text, created_at_us,"
    " updated_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'applied', 1, $10, $11, $12, $12)"
    " ON CONFLICT DO NOTHING"};
constexpr store::Sql kCountLiveByBusinessNumber{"platform.count_live_merchants_by_business_number",
                                                "SELECT count(*) FROM platform_merchants WHERE business_number = $1"
                                                " AND status IN ('applied', 'approved', 'suspended')"};
constexpr store::Sql kInsertOwnerMembership{
    "platform.insert_owner_membership",
    "INSERT INTO platform_memberships (merchant_id, user_id, role, created_at_us) VALUES ($1, $2, 'owner', $3)"};
constexpr store::Sql kInsertStatusChange{
    "platform.insert_merchant_status_change",
    "INSERT INTO platform_merchant_status_changes (id, merchant_id, seq, from_status, to_status, actor_user_id,"
    " reason, changed_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
// Compare-and-set on the status and its version as read: a decision made meanwhile by someone else
// leaves this one changing nothing.
constexpr store::Sql kSetMerchantStatus{
    "platform.set_merchant_status",
    "UPDATE platform_merchants SET status = $2, status_version = status_version + 1, updated_at_us = $3"
    " WHERE id = $1 AND status = $4 AND status_version = $5"};
// Newest first after the cursor (created_at, id); '' matches every district, industry or text.
constexpr store::Sql kListMerchants{
    "platform.list_merchants",
    "SELECT id, name_ko, name_en, business_number, representative, industry_code, district_code, address, phone,"
    " status, applied_by_user_id, created_at_us, updated_at_us, status_version FROM platform_merchants"
    " WHERE (created_at_us < $1 OR (created_at_us = $1 AND id < $2))"
    " AND ($3 = '' OR district_code = $3) AND ($4 = '' OR industry_code = $4)"
    " AND ($5 = '' OR search_text LIKE $5 ESCAPE '\\')"
    " ORDER BY created_at_us DESC, id DESC LIMIT $6"};
// The same for one status, on its own index (the operator's list of applications).
constexpr store::Sql kListMerchantsByStatus{
    "platform.list_merchants_by_status",
    "SELECT id, name_ko, name_en, business_number, representative, industry_code, district_code, address, phone,"
    " status, applied_by_user_id, created_at_us, updated_at_us, status_version FROM platform_merchants"
    " WHERE status = $7 AND (created_at_us < $1 OR (created_at_us = $1 AND id < $2))"
    " AND ($3 = '' OR district_code = $3) AND ($4 = '' OR industry_code = $4)"
    " AND ($5 = '' OR search_text LIKE $5 ESCAPE '\\')"
    " ORDER BY created_at_us DESC, id DESC LIMIT $6"};
constexpr store::Sql kListMembershipsOfUser{
    "platform.list_memberships_of_user",
    "SELECT c.id, c.name_ko, c.name_en, c.status, m.role, m.created_at_us FROM platform_memberships m"
    " JOIN platform_merchants c ON c.id = m.merchant_id WHERE m.user_id = $1"
    " ORDER BY m.created_at_us, m.merchant_id"};

constexpr std::size_t kMaxSearchTextBytes = 200;

struct StoredMerchant {
    Merchant merchant;
    std::int64_t status_version = 0;
};

StoredMerchant ReadMerchant(const store::RowView& row) {
    StoredMerchant out;
    Merchant& m = out.merchant;
    m.id = MerchantId(row.Int(0));
    m.name_ko = row.Text(1);
    m.name_en = row.Text(2);
    m.business_number = row.Text(3);
    m.representative = row.Text(4);
    m.industry_code = row.Text(5);
    m.district_code = row.Text(6);
    m.address = row.Text(7);
    m.phone = row.Text(8);
    // The table's CHECK allows only known names.
    m.status = ParseMerchantStatus(row.TextView(9)).value_or(MerchantStatus::kClosed);
    m.applied_by = UserId(row.Int(10));
    m.created_at = core::FromUnixMicros(row.Int(11));
    m.updated_at = core::FromUnixMicros(row.Int(12));
    out.status_version = row.Int(13);
    return out;
}

std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string_view TrimAscii(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// What a text search looks in: both names lower-cased in ASCII only (so that SQLite and PostgreSQL
// agree), and the business number with and without its hyphens.
std::string SearchText(const Merchant& m) {
    std::string out = AsciiLower(m.name_ko);
    out.push_back('\n');
    out.append(AsciiLower(m.name_en)).push_back('\n');
    out.append(m.business_number).push_back('\n');
    out.append(core::FormatBusinessNumber(m.business_number));
    return out;
}

// A LIKE pattern that finds `text` anywhere, with LIKE's own characters escaped by '\'.
std::string ContainsPattern(std::string_view text) {
    std::string out = "%";
    for (char c : AsciiLower(text)) {
        if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('%');
    return out;
}

constexpr store::Sql kListOwnerAddresses{
    "platform.list_owner_addresses",
    "SELECT u.email, u.name FROM platform_memberships m JOIN platform_users u ON u.id = m.user_id"
    " WHERE m.merchant_id = $1 AND m.role = 'owner' ORDER BY m.created_at_us"};

// The mail that tells an owner of the operator's decision, Korean first with the English beside it.
OutgoingMessage StatusMail(const Merchant& m, MerchantStatus to, std::string_view reason, std::string_view email,
                           std::string_view name, std::string_view public_url) {
    std::string_view ko, en;
    switch (to) {
        case MerchantStatus::kApproved:
            ko = "승인되었습니다";
            en = "has been approved";
            break;
        case MerchantStatus::kRejected:
            ko = "반려되었습니다";
            en = "has been rejected";
            break;
        case MerchantStatus::kSuspended:
            ko = "정지되었습니다";
            en = "has been suspended";
            break;
        case MerchantStatus::kClosed:
            ko = "종료되었습니다";
            en = "has been closed";
            break;
        case MerchantStatus::kApplied:
            ko = "접수되었습니다";
            en = "has been received";
            break;
    }
    std::string_view name_en = m.name_en.empty() ? std::string_view(m.name_ko) : std::string_view(m.name_en);
    std::string subject = "[장터] ";
    subject.append(m.name_ko).append(" ").append(ko).append(" / ").append(name_en).append(" ").append(en);
    std::string body;
    body.append(name).append("님, 안녕하세요.\n\n");
    body.append("'").append(m.name_ko).append("' 상점이 ").append(ko).append(".\n");
    if (!reason.empty()) body.append("사유: ").append(reason).append("\n");
    body.append("\n자세한 내용은 마이페이지에서 확인하세요: ").append(public_url).append("/me\n\n---\n\n");
    body.append("The shop '").append(name_en).append("' ").append(en).append(".\n");
    if (!reason.empty()) body.append("Reason: ").append(reason).append("\n");
    body.append("See your page for details: ").append(public_url).append("/me\n");
    return {.channel = Channel::kEmail,
            .to = std::string(email),
            .subject = std::move(subject),
            .body = std::move(body),
            .kind = "merchant_status"};
}

// A random positive key for a history row, which has no public id.
std::int64_t NewRowKey(core::Random& random) {
    return static_cast<std::int64_t>(random.NextU64() >> 1) | 1;
}

core::Error MerchantNotFound() {
    return core::Error::NotFound("merchant_not_found", "no such merchant");
}

core::Error InvalidTransition(MerchantStatus from, MerchantStatus to) {
    std::string message = "a merchant cannot go from ";
    message.append(MerchantStatusName(from)).append(" to ").append(MerchantStatusName(to));
    return core::Error::FailedPrecondition("invalid_transition", std::move(message));
}

// The field error for an industry code that is unknown or retired, if it is.
core::Result<std::optional<core::FieldError>> IndustryError(store::Tx& tx, const std::string& code) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kFindIndustryState, {std::string_view(code)}));
    if (!rows.empty() && rows[0].Bool(0)) return std::optional<core::FieldError>();
    return std::optional<core::FieldError>(
        core::FieldError{"industry_code", "unknown_industry", "is not one of the operator's industries"});
}

}  // namespace

std::string_view MerchantStatusName(MerchantStatus status) {
    switch (status) {
        case MerchantStatus::kApplied: return "applied";
        case MerchantStatus::kApproved: return "approved";
        case MerchantStatus::kRejected: return "rejected";
        case MerchantStatus::kSuspended: return "suspended";
        case MerchantStatus::kClosed: return "closed";
    }
    return "closed";
}

std::optional<MerchantStatus> ParseMerchantStatus(std::string_view name) {
    for (MerchantStatus s : {MerchantStatus::kApplied, MerchantStatus::kApproved, MerchantStatus::kRejected,
                             MerchantStatus::kSuspended, MerchantStatus::kClosed}) {
        if (MerchantStatusName(s) == name) return s;
    }
    return std::nullopt;
}

bool IsAllowedTransition(MerchantStatus from, MerchantStatus to) {
    using S = MerchantStatus;
    switch (from) {
        case S::kApplied: return to == S::kApproved || to == S::kRejected || to == S::kClosed;
        case S::kApproved: return to == S::kSuspended || to == S::kClosed;
        case S::kSuspended: return to == S::kApproved || to == S::kClosed;
        case S::kRejected:
        case S::kClosed: return false;
    }
    return false;
}

bool TransitionNeedsReason(MerchantStatus to) {
    return to == MerchantStatus::kRejected || to == MerchantStatus::kSuspended || to == MerchantStatus::kClosed;
}

std::string_view MemberRoleName(MemberRole role) {
    return role == MemberRole::kOwner ? "owner" : "staff";
}

std::optional<MemberRole> ParseMemberRole(std::string_view name) {
    if (name == "owner") return MemberRole::kOwner;
    if (name == "staff") return MemberRole::kStaff;
    return std::nullopt;
}

core::Result<Merchant> MerchantService::Apply(UserId applicant, const MerchantInput& input,
                                              std::string_view client_address) {
    std::vector<core::FieldError> fields;
    Merchant m;
    auto take = [&](core::Result<std::string> r, std::string& out) {
        if (r.ok()) {
            out = std::move(*r);
        } else {
            fields.push_back(std::move(r).error().fields.front());
        }
    };
    take(core::NormalizeText(input.name_ko, "name_ko", {.max_code_points = kMaxMerchantNameCodePoints}), m.name_ko);
    take(core::NormalizeText(input.name_en, "name_en",
                             {.max_code_points = kMaxMerchantNameCodePoints, .required = false}),
         m.name_en);
    if (!core::IsPrintableAscii(m.name_en)) {
        fields.push_back({"name_en", "not_latin", "must be written in Latin letters, digits and punctuation"});
    }
    if (TrimAscii(input.business_number).empty()) {
        fields.push_back({"business_number", "required", "is required"});
    } else {
        take(core::NormalizeBusinessNumber(TrimAscii(input.business_number)), m.business_number);
    }
    take(core::NormalizeText(input.representative, "representative", {.max_code_points = kMaxRepresentativeCodePoints}),
         m.representative);

    // The industry's existence is the store's to say; its place among the field errors is kept.
    std::optional<std::size_t> industry_slot;
    std::string_view industry = TrimAscii(input.industry_code);
    if (industry.empty()) {
        fields.push_back({"industry_code", "required", "is required"});
    } else if (!IsIndustryCode(industry)) {
        fields.push_back({"industry_code", "unknown_industry", "is not one of the operator's industries"});
    } else {
        m.industry_code = std::string(industry);
        industry_slot = fields.size();
    }

    std::string_view district = TrimAscii(input.district_code);
    if (district.empty()) {
        fields.push_back({"district_code", "required", "is required"});
    } else if (region_.Find(district) == nullptr) {
        std::string message = "is not a district of ";
        message.append(region_.name_en);
        fields.push_back({"district_code", "unknown_district", std::move(message)});
    } else {
        m.district_code = std::string(district);
    }
    take(core::NormalizeText(input.address, "address", {.max_code_points = kMaxAddressCodePoints}), m.address);
    if (TrimAscii(input.phone).empty()) {
        fields.push_back({"phone", "required", "is required"});
    } else if (auto phone = core::NormalizeKoreanPhone(input.phone)) {
        m.phone = std::move(*phone);
    } else {
        fields.push_back({"phone", "invalid_phone", "must be a Korean telephone number like 051-744-1234"});
    }

    auto invalid = [](std::vector<core::FieldError> all) {
        return core::Error::Invalid("invalid_merchant", "some fields of the application are not acceptable",
                                    std::move(all));
    };
    if (!fields.empty()) {
        // Answer every problem at once; the industry look-up needs no write transaction for that.
        if (industry_slot) {
            JANGTEO_TRY(std::optional<core::FieldError> bad,
                        db_.Read([&](store::Tx& tx) { return IndustryError(tx, m.industry_code); }));
            if (bad) fields.insert(fields.begin() + static_cast<std::ptrdiff_t>(*industry_slot), std::move(*bad));
        }
        return invalid(std::move(fields));
    }

    m.id = MerchantId::New(random_);
    m.status = MerchantStatus::kApplied;
    m.applied_by = applicant;
    m.created_at = m.updated_at = clock_.Now();
    const std::int64_t now = core::ToUnixMicros(m.created_at);
    const std::string search_text = SearchText(m);

    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(std::optional<core::FieldError> bad, IndustryError(tx, m.industry_code));
        if (bad) return invalid({std::move(*bad)});
        JANGTEO_TRY(std::int64_t locked, tx.Exec(kLockApplicant, {applicant.key()}));
        if (locked != 1) return core::Error::NotFound("user_not_found", "no such user");
        JANGTEO_TRY(store::Rows pending, tx.Query(kCountPendingApplications, {applicant.key()}));
        if (pending[0].Int(0) >= kMaxPendingApplications) {
            return core::Error::FailedPrecondition(
                "too_many_applications",
                "you have 3 applications waiting for a decision; wait for one or withdraw one first");
        }
        JANGTEO_TRY(std::int64_t inserted,
                    tx.Exec(kInsertMerchant, {m.id.key(), std::string_view(m.name_ko), std::string_view(m.name_en),
                                              std::string_view(m.business_number), std::string_view(m.representative),
                                              std::string_view(m.industry_code), std::string_view(m.district_code),
                                              std::string_view(m.address), std::string_view(m.phone), applicant.key(),
                                              std::string_view(search_text), now}));
        if (inserted != 1) {
            JANGTEO_TRY(store::Rows live, tx.Query(kCountLiveByBusinessNumber, {std::string_view(m.business_number)}));
            if (live[0].Int(0) > 0) {
                core::Error e = core::Error::AlreadyExists(
                    "business_number_taken", "a merchant with this business registration number is already registered");
                e.fields.push_back({"business_number", "business_number_taken", "is already registered"});
                return e;
            }
            // Only a clash of the random 63-bit id is left: vanishingly rare, and a retry succeeds.
            return core::Error::Unavailable("merchant_id_clash", "please try again");
        }
        JANGTEO_TRY_STATUS(tx.Exec(kInsertOwnerMembership, {m.id.key(), applicant.key(), now}));
        JANGTEO_TRY_STATUS(tx.Exec(kInsertStatusChange, {NewRowKey(random_), m.id.key(), std::int64_t{1}, nullptr,
                                                         MerchantStatusName(MerchantStatus::kApplied), applicant.key(),
                                                         std::string_view(), now}));
        return RecordAudit(tx, clock_, random_,
                           {.action = "merchant.applied",
                            .actor_user = applicant,
                            .merchant = m.id,
                            .subject = m.id.ToString(),
                            .client_address = std::string(client_address),
                            .detail = {{"business_number", m.business_number}, {"name_ko", m.name_ko}}});
    }));
    return m;
}

core::Result<Merchant> MerchantService::ChangeStatus(MerchantId id, MerchantStatus to, UserId actor,
                                                     std::string_view reason, std::string_view client_address) {
    auto why = core::NormalizeText(
        reason, "reason",
        {.max_code_points = kMaxStatusReasonCodePoints, .required = TransitionNeedsReason(to), .multi_line = true});
    if (!why.ok()) {
        std::string message = "a change to ";
        message.append(MerchantStatusName(to)).append(" needs an acceptable reason");
        return core::Error::Invalid("invalid_reason", std::move(message), std::move(why).error().fields);
    }
    const core::TimePoint now = clock_.Now();
    const std::int64_t now_us = core::ToUnixMicros(now);
    Merchant out;
    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(store::Rows rows, tx.Query(kGetMerchant, {id.key()}));
        if (rows.empty()) return MerchantNotFound();
        StoredMerchant current = ReadMerchant(rows[0]);
        const MerchantStatus from = current.merchant.status;
        if (!IsAllowedTransition(from, to)) return InvalidTransition(from, to);
        JANGTEO_TRY(std::int64_t changed,
                    tx.Exec(kSetMerchantStatus, {id.key(), MerchantStatusName(to), now_us, MerchantStatusName(from),
                                                 current.status_version}));
        if (changed != 1) {
            return core::Error::Conflict("status_changed",
                                         "the merchant's status was changed meanwhile; please look again");
        }
        JANGTEO_TRY_STATUS(tx.Exec(kInsertStatusChange,
                                   {NewRowKey(random_), id.key(), current.status_version + 1, MerchantStatusName(from),
                                    MerchantStatusName(to), actor.key(), std::string_view(*why), now_us}));
        std::string action = "merchant.";
        action.append(MerchantStatusName(to));
        core::json::object detail{{"from", MerchantStatusName(from)}, {"to", MerchantStatusName(to)}};
        if (!why->empty()) detail["reason"] = *why;
        JANGTEO_TRY_STATUS(RecordAudit(tx, clock_, random_,
                                       {.action = std::move(action),
                                        .actor_user = actor,
                                        .merchant = id,
                                        .subject = id.ToString(),
                                        .client_address = std::string(client_address),
                                        .detail = std::move(detail)}));
        JANGTEO_TRY(store::Rows owners, tx.Query(kListOwnerAddresses, {id.key()}));
        for (std::size_t i = 0; i < owners.size(); ++i) {
            JANGTEO_TRY_STATUS(EnqueueMessage(
                tx, clock_, random_,
                StatusMail(current.merchant, to, *why, owners[i].TextView(0), owners[i].TextView(1), public_url_)));
        }
        out = std::move(current.merchant);
        out.status = to;
        out.updated_at = now;
        return {};
    }));
    return out;
}

core::Result<MerchantDetail> MerchantService::Get(MerchantId id) {
    JANGTEO_TRY(store::Rows rows,
                db_.Read([&](store::Tx& tx) { return tx.Query(kGetMerchantWithHistory, {id.key()}); }));
    if (rows.empty()) return MerchantNotFound();
    MerchantDetail detail;
    detail.merchant = ReadMerchant(rows[0]).merchant;
    detail.history.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const store::RowView row = rows[i];
        constexpr std::size_t h = kMerchantColumns;
        if (row.IsNull(h)) continue;  // no history (never the case for a merchant made by Apply)
        MerchantStatusChange& c = detail.history.emplace_back();
        if (!row.IsNull(h + 1)) c.from = ParseMerchantStatus(row.TextView(h + 1));
        c.to = ParseMerchantStatus(row.TextView(h + 2)).value_or(MerchantStatus::kClosed);
        c.actor = UserId(row.Int(h + 3));
        c.actor_name = row.Text(h + 4);
        c.reason = row.Text(h + 5);
        c.changed_at = core::FromUnixMicros(row.Int(h + 6));
    }
    return detail;
}

core::Result<MerchantPage> MerchantService::List(const MerchantQuery& query) {
    JANGTEO_TRY(store::Keyset after, store::ParseKeyset(query.cursor, query.limit));
    std::string_view text = TrimAscii(query.text);
    if (text.size() > kMaxSearchTextBytes) {
        return core::Error::Invalid("bad_query", "the search text is too long",
                                    {{"text", "too_long", "must be at most 200 bytes"}});
    }
    std::string pattern = text.empty() ? std::string() : ContainsPattern(text);
    std::string_view district = TrimAscii(query.district_code);
    std::string_view industry = TrimAscii(query.industry_code);
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) -> core::Result<store::Rows> {
        if (query.status) {
            return tx.Query(kListMerchantsByStatus,
                            {after.time_us, after.id, district, industry, std::string_view(pattern), after.fetch,
                             MerchantStatusName(*query.status)});
        }
        return tx.Query(kListMerchants,
                        {after.time_us, after.id, district, industry, std::string_view(pattern), after.fetch});
    }));
    MerchantPage page;
    const std::size_t limit = static_cast<std::size_t>(query.limit);
    page.items.reserve(std::min(rows.size(), limit));
    for (std::size_t i = 0; i < rows.size() && i < limit; ++i) page.items.push_back(ReadMerchant(rows[i]).merchant);
    if (rows.size() > limit) {
        const Merchant& last = page.items.back();
        page.next_cursor = store::FormatKeyset(core::ToUnixMicros(last.created_at), last.id.key());
    }
    return page;
}

core::Result<std::vector<MembershipView>> MerchantService::ListForUser(UserId user) {
    JANGTEO_TRY(store::Rows rows,
                db_.Read([&](store::Tx& tx) { return tx.Query(kListMembershipsOfUser, {user.key()}); }));
    std::vector<MembershipView> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const store::RowView row = rows[i];
        MembershipView& v = out.emplace_back();
        v.merchant_id = MerchantId(row.Int(0));
        v.name_ko = row.Text(1);
        v.name_en = row.Text(2);
        v.status = ParseMerchantStatus(row.TextView(3)).value_or(MerchantStatus::kClosed);
        v.role = ParseMemberRole(row.TextView(4)).value_or(MemberRole::kStaff);
        v.since = core::FromUnixMicros(row.Int(5));
    }
    return out;
}

core::Result<std::vector<Merchant>> MerchantService::ChangedSince(core::TimePoint since, int limit) {
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kMerchantsChangedSince, {core::ToUnixMicros(since), std::int64_t{limit}});
    }));
    std::vector<Merchant> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(ReadMerchant(rows[i]).merchant);
    return out;
}

core::Result<std::vector<Merchant>> MerchantService::ManyInTx(store::Tx& tx, std::span<const MerchantId> ids) {
    std::vector<Merchant> out;
    if (ids.empty()) return out;
    std::string list = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) list += ',';
        list += std::to_string(ids[i].key());
    }
    list += ']';
    JANGTEO_TRY(
        store::Rows rows,
        tx.Query(tx.dialect() == store::Dialect::kSqlite ? kMerchantsByIdSqlite : kMerchantsByIdPostgres, {list}));
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(ReadMerchant(rows[i]).merchant);
    return out;
}

}  // namespace jangteo::platform

#include "platform/industry.hpp"

#include <utility>

#include "core/validate.hpp"
#include "platform/audit.hpp"

namespace jangteo::platform {

namespace {

constexpr store::Sql kListActiveIndustries{"platform.list_active_industries",
                                           "SELECT code, name_ko, name_en, position, active FROM platform_industries"
                                           " WHERE active ORDER BY position, code"};
constexpr store::Sql kListAllIndustries{"platform.list_all_industries",
                                        "SELECT code, name_ko, name_en, position, active FROM platform_industries"
                                        " ORDER BY position, code"};
constexpr store::Sql kGetIndustry{"platform.get_industry",
                                  "SELECT code, name_ko, name_en, position, active FROM platform_industries"
                                  " WHERE code = $1"};
// The last position before the trailing ones ("other"); 0 when there is none.
constexpr store::Sql kLastIndustryPosition{"platform.last_industry_position",
                                           "SELECT COALESCE(MAX(position), 0) FROM platform_industries"
                                           " WHERE position < $1"};
// The primary key decides between two operators adding one code at once.
constexpr store::Sql kInsertIndustry{"platform.insert_industry",
                                     "INSERT INTO platform_industries (code, name_ko, name_en, position, active)"
                                     " VALUES ($1, $2, $3, $4, TRUE) ON CONFLICT DO NOTHING"};
constexpr store::Sql kSetIndustryActive{"platform.set_industry_active",
                                        "UPDATE platform_industries SET active = $2 WHERE code = $1"};

constexpr int kPositionStep = 10;

Industry ReadIndustry(const store::RowView& row) {
    Industry out;
    out.code = row.Text(0);
    out.name_ko = row.Text(1);
    out.name_en = row.Text(2);
    out.position = static_cast<int>(row.Int(3));
    out.active = row.Bool(4);
    return out;
}

std::vector<Industry> ReadIndustries(const store::Rows& rows) {
    std::vector<Industry> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(ReadIndustry(rows[i]));
    return out;
}

}  // namespace

bool IsIndustryCode(std::string_view code) {
    if (code.size() < 2 || code.size() > 32) return false;
    for (char c : code) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

core::Result<std::vector<Industry>> IndustryService::ListIndustries(bool include_inactive) {
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(include_inactive ? kListAllIndustries : kListActiveIndustries);
    }));
    return ReadIndustries(rows);
}

core::Result<Industry> IndustryService::AddIndustry(std::string_view code, std::string_view name_ko,
                                                    std::string_view name_en, UserId actor,
                                                    std::string_view client_address) {
    std::vector<core::FieldError> fields;
    Industry industry;
    if (!IsIndustryCode(code)) {
        fields.push_back({"code", "invalid_code", "must be 2 to 32 lower-case letters, digits or '_'"});
    } else {
        industry.code = std::string(code);
    }
    if (auto r = core::NormalizeText(name_ko, "name_ko", {.max_code_points = kMaxIndustryNameCodePoints}); r.ok()) {
        industry.name_ko = std::move(*r);
    } else {
        fields.push_back(r.error().fields.front());
    }
    if (auto r = core::NormalizeText(name_en, "name_en", {.max_code_points = kMaxIndustryNameCodePoints}); !r.ok()) {
        fields.push_back(r.error().fields.front());
    } else if (!core::IsPrintableAscii(*r)) {
        fields.push_back({"name_en", "not_latin", "must be written in Latin letters, digits and punctuation"});
    } else {
        industry.name_en = std::move(*r);
    }
    if (!fields.empty()) {
        return core::Error::Invalid("invalid_industry", "some fields of the industry are not acceptable",
                                    std::move(fields));
    }
    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(store::Rows last, tx.Query(kLastIndustryPosition, {std::int64_t{kTrailingIndustryPosition}}));
        industry.position = static_cast<int>(last[0].Int(0)) + kPositionStep;
        JANGTEO_TRY(std::int64_t inserted,
                    tx.Exec(kInsertIndustry, {std::string_view(industry.code), std::string_view(industry.name_ko),
                                              std::string_view(industry.name_en), std::int64_t{industry.position}}));
        if (inserted != 1) {
            core::Error e = core::Error::AlreadyExists("industry_code_taken", "an industry with this code exists");
            e.fields.push_back({"code", "industry_code_taken", "is already taken"});
            return e;
        }
        return RecordAudit(tx, clock_, random_,
                           {.action = "industry.added",
                            .actor_user = actor,
                            .subject = industry.code,
                            .client_address = std::string(client_address),
                            .detail = {{"name_ko", industry.name_ko}, {"name_en", industry.name_en}}});
    }));
    return industry;
}

core::Result<Industry> IndustryService::SetIndustryActive(std::string_view code, bool active, UserId actor,
                                                          std::string_view client_address) {
    Industry out;
    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(store::Rows rows, tx.Query(kGetIndustry, {code}));
        if (rows.empty()) return core::Error::NotFound("industry_not_found", "no such industry");
        out = ReadIndustry(rows[0]);
        if (out.active == active) return {};
        JANGTEO_TRY_STATUS(tx.Exec(kSetIndustryActive, {code, active}));
        out.active = active;
        return RecordAudit(tx, clock_, random_,
                           {.action = active ? "industry.activated" : "industry.deactivated",
                            .actor_user = actor,
                            .subject = out.code,
                            .client_address = std::string(client_address)});
    }));
    return out;
}

}  // namespace jangteo::platform

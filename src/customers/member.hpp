// A merchant's members (customers_members): the membership lists shops kept before the platform, read
// from CSV, and the look-up the counter does by mobile number. Issue 7 builds person-level profiles,
// identity resolution, consents and points on top of these relationships.
//
// The membership list (docs/legacy-import.md): UTF-8 or CP949, English or Korean headers, one row per
// member, keyed by its member number. Every bad row is reported with its line and column and left out;
// a member already imported is skipped (one whose data changed since is reported, not overwritten);
// a dry run writes nothing. Rows are written 1,000 per transaction in three statements.
//
//   customers::MemberStore members(db, clock, random);
//   JANGTEO_TRY(auto summary, members.Import(merchant, csv_bytes, {.dry_run = true, .on_issue = print}));
//   JANGTEO_TRY(auto found, members.FindByPhone(merchant, "010-1234-5678"));
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/id.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"
#include "store/migration.hpp"

namespace jangteo::customers {

// The module's schema migrations (schema/*.sql), compiled in.
std::span<const store::Migration> SchemaMigrations();

struct MemberTag {
    static constexpr std::string_view kPrefix = "mbr";
};
using MemberId = core::Id<MemberTag>;

struct Member {
    MemberId id;
    std::string card_no;
    std::string name;
    std::string phone;
    std::string email;
    std::string birth_date;  // YYYY-MM-DD or ""
    std::string postal_code;
    std::string address;
    std::int64_t points = 0;
    std::string joined_on;  // YYYY-MM-DD or ""
    std::string note;
    std::string source;
    core::TimePoint created_at;
};

struct MemberIssue {
    std::int64_t line = 0;
    std::string field;
    std::string code;
    std::string message;
};

struct MemberImportOptions {
    bool dry_run = false;
    std::optional<core::TextEncoding> encoding;
    std::function<void(const MemberIssue&)> on_issue;
    std::function<void(std::int64_t good_rows_done)> on_progress;  // after every chunk written
};

struct MemberImportSummary {
    std::string encoding;
    std::int64_t rows = 0;
    std::int64_t bad_rows = 0;
    std::int64_t imported = 0;  // (a dry run: would be)
    std::int64_t already = 0;   // the same member, skipped
    std::int64_t changed = 0;   // imported before with other data: reported, left as it was
    std::int64_t issues = 0;
};

inline constexpr std::int64_t kMaxMemberRows = 2'000'000;

// A membership file checked as a whole before it is queued: readable text, a header with card_no
// and name, between 1 and kMaxMemberRows rows. kInvalidArgument "invalid_file" otherwise.
struct CheckedMemberFile {
    core::TextEncoding encoding = core::TextEncoding::kUtf8;
    std::string utf8;
    std::int64_t rows = 0;
};
core::Result<CheckedMemberFile> CheckMemberFile(std::string_view bytes, std::optional<core::TextEncoding> encoding);

// Thread-safe: holds references only.
class MemberStore {
public:
    MemberStore(store::Db& db, core::Clock& clock, core::Random& random) : db_(db), clock_(clock), random_(random) {}

    // kInvalidArgument "invalid_file" (field errors) for a file that cannot be read at all: undecodable,
    // no header, a required column (card_no, name) missing, too many rows.
    core::Result<MemberImportSummary> Import(platform::MerchantId merchant, std::string_view bytes,
                                             const MemberImportOptions& options);
    // The merchant's members with this mobile number (as typed: normalised first; kInvalidArgument
    // "invalid_phone" otherwise), by member number, at most 20.
    core::Result<std::vector<Member>> FindByPhone(platform::MerchantId merchant, std::string_view phone);
    core::Result<std::vector<Member>> FindByPhoneInTx(store::Tx& tx, platform::MerchantId merchant,
                                                      std::string_view phone);
    // The merchant's members by key after `after_key` (0: from the first), at most `limit` (≤ 5,000):
    // the membership import's second phase walks them in chunks.
    core::Result<std::vector<Member>> PageInTx(store::Tx& tx, platform::MerchantId merchant, std::int64_t after_key,
                                               int limit);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace jangteo::customers

// Merchants: the businesses that sell on the portal. A user applies for one (and becomes its owner),
// the operator approves or rejects the application, and later suspends, reinstates or closes the
// merchant; every status change is kept with who made it, when and why, and written to the audit log
// in the same transaction. The people of a merchant are in membership.hpp, the industry code list in
// industry.hpp, and the region's districts in region.hpp.
//
//   platform::MerchantService merchants(db, clock, random, region);
//   auto applied = merchants.Apply(user.id, {.name_ko = "광안리 바다횟집", .business_number = "220-81-62517",
//                                            .representative = "김민수", .industry_code = "seafood",
//                                            .district_code = "26500", .address = "부산 수영구 광안해변로 219",
//                                            .phone = "051-754-1234"}, client_address);
//   auto approved = merchants.ChangeStatus(applied->id, platform::MerchantStatus::kApproved, admin.id, "",
//                                          client_address);
//   auto detail = merchants.Get(applied->id);   // the merchant and its history, oldest first
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "platform/region.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

// applied → approved | rejected | closed (withdrawn); approved → suspended | closed;
// suspended → approved | closed. Rejected and closed are final for that merchant: the business may
// apply again as a new merchant.
enum class MerchantStatus { kApplied, kApproved, kRejected, kSuspended, kClosed };
std::string_view MerchantStatusName(MerchantStatus status);  // "applied", …: the stored and public form
std::optional<MerchantStatus> ParseMerchantStatus(std::string_view name);
bool IsAllowedTransition(MerchantStatus from, MerchantStatus to);
// Whether a change to `to` must say why (rejected, suspended, closed).
bool TransitionNeedsReason(MerchantStatus to);

inline constexpr std::size_t kMaxMerchantNameCodePoints = 100;
inline constexpr std::size_t kMaxRepresentativeCodePoints = 100;
inline constexpr std::size_t kMaxAddressCodePoints = 200;
inline constexpr std::size_t kMaxStatusReasonCodePoints = 500;
// Applications a user may have waiting for the operator at once.
inline constexpr std::int64_t kMaxPendingApplications = 3;

struct Merchant {
    MerchantId id;
    std::string name_ko;
    std::string name_en;          // "" when not given
    std::string business_number;  // 10 digits; core::FormatBusinessNumber writes 220-81-62517
    std::string representative;
    std::string industry_code;
    std::string district_code;
    std::string address;
    std::string phone;  // 051-744-1234
    MerchantStatus status = MerchantStatus::kApplied;
    UserId applied_by;
    core::TimePoint created_at;
    core::TimePoint updated_at;
};

// An application as typed; Apply trims and normalises every field.
struct MerchantInput {
    std::string name_ko;
    std::string name_en;  // optional; printable ASCII
    std::string business_number;
    std::string representative;
    std::string industry_code;
    std::string district_code;
    std::string address;
    std::string phone;
};

// One row of a merchant's history. The application is the first, with no `from`.
struct MerchantStatusChange {
    std::optional<MerchantStatus> from;
    MerchantStatus to = MerchantStatus::kApplied;
    UserId actor;
    std::string actor_name;
    std::string reason;  // "" when none was given
    core::TimePoint changed_at;
};

struct MerchantDetail {
    Merchant merchant;
    std::vector<MerchantStatusChange> history;  // oldest first
};

// The operator's list. Absent or empty filters match everything.
struct MerchantQuery {
    std::optional<MerchantStatus> status;
    std::string district_code;
    std::string industry_code;
    // Part of the Korean or English name (ASCII letters match either case) or of the business
    // number (hyphens ignored).
    std::string text;
    std::optional<std::string> cursor;  // the next_cursor of the previous page
    int limit = 50;                     // 1..200
};

struct MerchantPage {
    std::vector<Merchant> items;  // newest application first
    std::optional<std::string> next_cursor;
};

enum class MemberRole { kOwner, kStaff };
std::string_view MemberRoleName(MemberRole role);  // "owner", "staff": the stored and public form
std::optional<MemberRole> ParseMemberRole(std::string_view name);

// A merchant as one of its people sees it in "my merchants".
struct MembershipView {
    MerchantId merchant_id;
    std::string name_ko;
    std::string name_en;
    MerchantStatus status = MerchantStatus::kApplied;
    MemberRole role = MemberRole::kStaff;
    core::TimePoint since;
};

// Thread-safe: holds references only. The region must outlive the service.
class MerchantService {
public:
    // `public_url` starts the links in the mails that tell owners of a decision.
    MerchantService(store::Db& db, core::Clock& clock, core::Random& random, const Region& region,
                    std::string public_url = "http://127.0.0.1:8080")
        : db_(db), clock_(clock), random_(random), region_(region), public_url_(std::move(public_url)) {}

    // A new merchant in status applied, with `applicant` as its owner, the first history row and the
    // audit event "merchant.applied", all in one transaction. Every field problem is answered at once
    // as kInvalidArgument "invalid_merchant" with one field error per field. A business number that a
    // live (applied, approved or suspended) merchant has is kAlreadyExists "business_number_taken"
    // (field business_number); a user with kMaxPendingApplications applications waiting gets
    // kFailedPrecondition "too_many_applications"; an unknown applicant kNotFound "user_not_found".
    core::Result<Merchant> Apply(UserId applicant, const MerchantInput& input, std::string_view client_address);

    // Moves the merchant to `to`, records the history row and the audit event "merchant.<to>" (with
    // the reason), and mails the merchant's owners the decision (outbox, kind "merchant_status"). A transition the
    // lifecycle does not allow is kFailedPrecondition "invalid_transition"; a missing reason for rejected, suspended or
    // closed, or a reason over 500 characters, kInvalidArgument "invalid_reason" (field reason). The change is a
    // compare-and-set on the status read: of two operators deciding at once one wins, and the other gets
    // "invalid_transition" or kConflict "status_changed" and changes nothing.
    core::Result<Merchant> ChangeStatus(MerchantId id, MerchantStatus to, UserId actor, std::string_view reason,
                                        std::string_view client_address);

    // The merchant and its history with the actors' names. kNotFound "merchant_not_found".
    core::Result<MerchantDetail> Get(MerchantId id);

    // Newest first, by keyset paging. kInvalidArgument "bad_cursor" (field cursor) or "bad_limit"
    // (field limit) for bad paging input.
    core::Result<MerchantPage> List(const MerchantQuery& query);

    // The merchants `user` belongs to, with the role there, oldest membership first.
    core::Result<std::vector<MembershipView>> ListForUser(UserId user);

    // Every merchant changed at or after `since` (all of them for the epoch), oldest change first:
    // what the portal's caches follow. At most `limit` (the caller asks again from the last one's
    // updated_at when it got that many).
    core::Result<std::vector<Merchant>> ChangedSince(core::TimePoint since, int limit);
    // The merchants of `ids` that exist, in no particular order, inside the caller's transaction (the
    // cart and the checkout check that each merchant is approved).
    static core::Result<std::vector<Merchant>> ManyInTx(store::Tx& tx, std::span<const MerchantId> ids);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    const Region& region_;
    std::string public_url_;
};

}  // namespace jangteo::platform

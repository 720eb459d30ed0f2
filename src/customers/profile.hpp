// Person-level profiles in the store (docs/customers.md): every record that identifies a customer (a
// web sign-up, a POS sale with a mobile number, a membership card, an import row) is resolved in real
// time against the records already stored — candidates by blocking key in one indexed query, scored
// by the identity Model (resolve.hpp) — and joins a person, starts a new one, or starts a new one with
// a possible match put up for review. Each merchant has a relationship to the persons it sold to,
// summed from a ledger of purchases and refunds. Merges record what they moved and why, so that an
// unmerge puts back exactly that.
//
//   customers::ProfileService profiles(db, clock, random);
//   JANGTEO_TRY(auto got, profiles.Record({.merchant = shop, .source = customers::RecordSource::kPos,
//                                          .source_ref = sale.ToString(), .phone = "010-1234-5678"}));
//   JANGTEO_TRY(bool added, profiles.RecordPurchaseInTx(tx, shop, got.person, 12'000, now, "pos_sale:psl_…"));
//
// Authorization is the caller's (the flows and routes): these services take the merchant where a
// read is scoped to one, and answer kNotFound for what that merchant may not see.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "customers/ids.hpp"
#include "customers/resolve.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::customers {

struct RecordTag {
    static constexpr std::string_view kPrefix = "crc";
};
using RecordId = core::Id<RecordTag>;
struct MergeTag {
    static constexpr std::string_view kPrefix = "mrg";
};
using MergeId = core::Id<MergeTag>;
struct ReviewTag {
    static constexpr std::string_view kPrefix = "rvw";
};
using ReviewId = core::Id<ReviewTag>;

enum class RecordSource : std::uint8_t { kWeb, kPos, kMember, kImport, kOrder };
std::string_view RecordSourceName(RecordSource source);
core::Result<RecordSource> ParseRecordSource(std::string_view text);

// One record as a source gives it; fields as typed (they are normalised here). `merchant` is empty for
// platform-level records (a web account). `source_ref` is the id of what it came from ("usr_…").
struct RecordInput {
    std::optional<platform::MerchantId> merchant;
    RecordSource source = RecordSource::kWeb;
    std::string source_ref;
    std::string name, phone, email, birth_date, postal_code, address, card_no;
    bool phone_verified = false;
    bool email_verified = false;
};

enum class RecordDecision : std::uint8_t {
    kExisting,  // this (source, source_ref) was recorded before: nothing changed
    kJoined,    // the record joined an existing person
    kNew,       // a new person
};
std::string_view RecordDecisionName(RecordDecision decision);

struct RecordOutcome {
    RecordId record;
    PersonId person;
    RecordDecision decision = RecordDecision::kNew;
    // Why: the rule of the pair that decided ("same_card", "verified_phone", "weight", …), or "none"
    // when no candidate came close; "existing" for kExisting.
    std::string rule;
    std::optional<ReviewId> review;  // a possible match opened for review by this record
    std::size_t candidates = 0;      // records scored
    // Persons who had only ever given this record's number, without a name, merged into `person`
    // now that the number has a named holder (the sole-holder rule, docs/identity.md).
    std::vector<PersonId> absorbed;
};

// A merchant's relationship to a person.
struct Relationship {
    platform::MerchantId merchant;
    PersonId person;
    std::optional<core::TimePoint> first_purchase, last_purchase;
    std::int64_t purchases = 0;
    std::int64_t total_won = 0;
    std::string card_no, note;
};

// One purchase (amount > 0) or refund (amount < 0) of a relationship, and what caused it.
struct RelationshipEvent {
    std::int64_t id = 0;  // the ledger entry's key: with `at`, the entry's place in the history
    std::string ref;      // "pos_sale:psl_…", "order:ord_…", …; "" for events recorded before refs
    std::int64_t amount_won = 0;
    core::TimePoint at;
};

// A page of a person's history at a merchant, newest first by (time, entry id): entries of the same
// instant keep one order, so a page boundary between them neither skips nor repeats one.
struct HistoryQuery {
    int limit = 20;                         // 1–500
    std::optional<std::string> cursor;      // next_cursor of the page before (store::FormatKeyset)
    std::optional<core::TimePoint> before;  // a start point: entries strictly older than this time
};

struct HistoryEvents {
    std::vector<RelationshipEvent> events;
    std::optional<std::string> next_cursor;  // when more entries follow
};

struct MergeResult {
    MergeId merge;
    PersonId kept, merged;
    std::vector<RecordId> moved_records;
    std::string evidence;  // JSON
};

struct UnmergeResult {
    MergeId merge;
    PersonId kept, merged;
    std::vector<RecordId> moved_back;
};

enum class ReviewState : std::uint8_t { kOpen, kSame, kDifferent };
std::string_view ReviewStateName(ReviewState state);

struct Review {
    ReviewId id;
    RecordId record_a, record_b;
    PersonId person_a, person_b;
    double score = 0;
    std::string evidence;  // JSON {"rule", "fields": {field: {"level", "weight"}}}
    ReviewState state = ReviewState::kOpen;
    std::string decided_by;
    core::TimePoint created_at;
    std::optional<platform::MerchantId> merchant_a, merchant_b;  // of the two records; none: platform-level
};

struct DecideResult {
    ReviewId review;
    ReviewState state = ReviewState::kOpen;
    std::optional<MergeResult> merge;  // a "same" decision that merged two persons
};

// A record as a merchant's customer view shows it: each identifier and where it came from.
struct StoredRecord {
    RecordId id;
    std::optional<platform::MerchantId> merchant;
    RecordSource source = RecordSource::kWeb;
    std::string source_ref;
    std::string name, phone, email, birth_date, postal_code, address, card_no;
    bool phone_verified = false, email_verified = false;
    core::TimePoint created_at;
};

struct CustomerView {
    PersonId person;
    std::vector<StoredRecord> records;
    Relationship relationship;
};

struct ProfileOptions {
    std::size_t max_candidates = 200;  // records fetched for one new record, at most
    std::size_t max_block = 64;        // a key shared by more records than this is not looked up
    std::size_t max_reviews = 3;       // possible persons opened for review by one record
    // A name prefix found in this many records or more is searched by walking the customer list
    // rather than by collecting and sorting its persons (ProfileService::Customers).
    std::int64_t common_prefix = 5000;
};

// ---- the back office's reads (docs/customers-api.md) ----

// A search of the merchant's customers: a mobile number in any written form (exact), an e-mail (exact,
// any case), a membership card (exact), or a name (prefix, blanks and ASCII case ignored); empty: all.
struct CustomerQuery {
    std::string q;
    std::optional<std::string> cursor;  // store::FormatKeyset of the last item's (last purchase, person)
    int limit = 50;
};

// One customer of the list: the relationship, what its visible records say (newest non-empty), and
// the points balance (what has expired by now not counted).
struct CustomerListItem {
    Relationship relationship;
    std::string name, phone, email, card_no;
    std::int64_t points = 0;
};

struct CustomerPage {
    std::vector<CustomerListItem> items;
    std::optional<std::string> next_cursor;
};

// A merge as the back office shows it.
struct MergeInfo {
    MergeId id;
    PersonId kept, merged;
    std::string actor;
    core::TimePoint at;
    std::optional<core::TimePoint> undone_at;
    std::string evidence;  // JSON
};

// The date in Korea (UTC+9) as YYYYMMDD: birth dates are not after it.
std::uint32_t TodayInKorea(core::TimePoint now);
// The engine's source of a stored record: "web" for a platform-level one, "pos:<mrc_…>" for a
// merchant's (cards compare within one merchant only).
std::string EngineSource(std::optional<std::int64_t> merchant);
// A stored record's fields (their written form in customers_records) as the engine compares them.
NormalizedRecord NormalizeStored(std::optional<std::int64_t> merchant, std::string_view name, std::string_view phone,
                                 std::string_view email, std::string_view birth, std::string_view postal,
                                 std::string_view address, std::string_view card, std::uint32_t today);

// A pair's evidence as the review queue keeps it: {"rule", "outcome", "weight", "fields": {field:
// {"level", "weight"}}} (fields that are missing on either side left out).
std::string EvidenceJson(const MatchScore& score);

// The model a store without a saved one scores with: Model::Default's hand-set m and u, with the
// census shares of family names, so that 김 counts for little and 남궁 for much.
Model DefaultProfileModel();

// Thread-safe: the model is read once and shared; everything else is in the store.
class ProfileService {
public:
    ProfileService(store::Db& db, core::Clock& clock, core::Random& random, ProfileOptions options = {})
        : db_(db), clock_(clock), random_(random), options_(options) {}

    // The real-time path, inside the caller's transaction (a POS sale, a sign-up, an import row).
    // kInvalidArgument for a record without a source_ref, or with nothing that identifies anyone.
    core::Result<RecordOutcome> RecordInTx(store::Tx& tx, const RecordInput& input);
    core::Result<RecordOutcome> Record(const RecordInput& input);

    // Adds a purchase (amount > 0) or a refund (amount < 0: purchases unchanged) to the merchant's
    // relationship with the person; a card number, when given, becomes the relationship's card. `ref`
    // names what caused it ("pos_sale:psl_…", "order:ord_…", "return:ret_…"; at most 200 bytes): the
    // same ref of the same merchant again changes nothing and answers false.
    core::Result<bool> RecordPurchaseInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person,
                                          std::int64_t amount_won, core::TimePoint at, std::string_view ref,
                                          std::string_view card_no = {});

    // Makes the merchant's relationship to the person if there is none (a member of the shop's list
    // that has bought nothing through the platform yet); a card number is kept when the relationship
    // has none. A merged person answers for the person that took it.
    core::Status EnsureRelationshipInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person,
                                        std::string_view card_no);

    // The merchant's purchases and refunds of the person (a merged person answers for the person that
    // took it), newest first by (time, id), one index range per page. kNotFound "person_not_found" when
    // the merchant has no relationship to the person; kInvalidArgument "invalid_limit" for a limit
    // outside 1–500, "bad_cursor" for a cursor no page gave or one given together with `before`.
    core::Result<HistoryEvents> History(platform::MerchantId merchant, PersonId person, const HistoryQuery& query);

    // Moves every record of `merged` to `kept`. kInvalidArgument "same_person" for a person into
    // itself, kNotFound "person_not_found", kFailedPrecondition "person_not_active" (merged or erased).
    // `evidence` is JSON; empty means a manual merge.
    core::Result<MergeResult> Merge(PersonId kept, PersonId merged, std::string_view actor,
                                    std::string_view evidence = {});
    core::Result<MergeResult> MergeInTx(store::Tx& tx, PersonId kept, PersonId merged, std::string_view actor,
                                        std::string_view evidence);
    // kNotFound "merge_not_found", kFailedPrecondition "merge_undone", or "kept_person_merged" when
    // the kept person has been merged again since (undo that first).
    core::Result<UnmergeResult> Unmerge(MergeId merge, std::string_view actor);

    // Open reviews, by id after `after`; with a merchant, those it may see (ReviewsVisibleTo).
    core::Result<std::vector<Review>> OpenReviews(std::optional<platform::MerchantId> merchant, std::size_t limit,
                                                  std::optional<ReviewId> after = std::nullopt);
    // kSame merges the two persons with the review's evidence; kDifferent closes it, and the pair is
    // never proposed again. kNotFound "review_not_found" (also for a merchant's review it cannot see),
    // kFailedPrecondition "review_decided", kInvalidArgument "invalid_decision" for kOpen.
    core::Result<DecideResult> Decide(ReviewId review, ReviewState decision, std::string_view actor,
                                      std::optional<platform::MerchantId> merchant = std::nullopt);

    // What `merchant` may see of the person (a merged person answers for the person that took it):
    // its own records, the platform-level ones, and the relationship. kNotFound "person_not_found" when
    // the merchant has no relationship to the person.
    core::Result<CustomerView> Person360(platform::MerchantId merchant, PersonId person);

    // The current model: customers_models row 1, else Model::Default(). SaveModel replaces it.
    core::Result<std::shared_ptr<const Model>> CurrentModel();
    core::Status SaveModel(const Model& model);

    // ---- the back office (docs/customers-api.md); the caller authorizes, as everywhere here ----

    // The merchant's customers, newest last purchase first: one indexed query for the page, one for
    // the visible records of its persons, one for their points. kInvalidArgument for a q over 100
    // characters, a bad cursor or limit.
    core::Result<CustomerPage> Customers(platform::MerchantId merchant, const CustomerQuery& query);
    // The person that answers for `person` now (a merged one answers for the one that took it), when
    // it is the merchant's customer; kNotFound "person_not_found" otherwise.
    core::Result<PersonId> CustomerOfInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person);
    // Sets the merchant's note and card of the relationship (nullopt: unchanged).
    core::Result<Relationship> UpdateRelationshipInTx(store::Tx& tx, platform::MerchantId merchant, PersonId person,
                                                      const std::optional<std::string>& note,
                                                      const std::optional<std::string>& card_no);
    // The merges the person took part in (kept or merged), newest first, at most 50.
    core::Result<std::vector<MergeInfo>> MergesOf(PersonId person);
    // kNotFound "merge_not_found".
    core::Result<MergeInfo> FindMergeInTx(store::Tx& tx, MergeId merge);
    core::Result<UnmergeResult> UnmergeInTx(store::Tx& tx, MergeId merge, std::string_view actor);
    // kNotFound "review_not_found".
    core::Result<Review> FindReviewInTx(store::Tx& tx, ReviewId review);
    // The review when the merchant may see it (the rule of ReviewsVisibleTo); kNotFound
    // "review_not_found" otherwise, as for a review that does not exist.
    core::Result<Review> FindVisibleReviewInTx(store::Tx& tx, platform::MerchantId merchant, ReviewId review);
    core::Result<DecideResult> DecideInTx(store::Tx& tx, ReviewId review, ReviewState decision, std::string_view actor,
                                          std::optional<platform::MerchantId> merchant);
    // Open reviews whose two records the merchant may both see: both its own, or one its own and the
    // other platform-level (a web account) of a person that is already the merchant's customer (has a
    // relationship with it). A web record of anyone else would show the merchant the name, contacts
    // and address of a person who never bought from it: such a review is the operator's alone. By id
    // after `after`, at most `limit` (1–200), filtered in the one query so that pages are full.
    core::Result<std::vector<Review>> ReviewsVisibleTo(platform::MerchantId merchant, std::size_t limit,
                                                       std::optional<ReviewId> after = std::nullopt);
    // Records by id, in no particular order; unknown ids are left out.
    core::Result<std::vector<StoredRecord>> RecordsById(const std::vector<RecordId>& ids);

private:
    core::Result<std::shared_ptr<const Model>> ModelInTx(store::Tx& tx);
    core::Result<core::json::object> MovePointsAndConsentsInTx(store::Tx& tx, std::int64_t kept, std::int64_t merged,
                                                               MergeId merge);
    core::Status GiveBackPointsAndConsentsInTx(store::Tx& tx, std::int64_t kept, std::int64_t merged, MergeId merge,
                                               const core::json::object& moved, std::int64_t now);

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    ProfileOptions options_;
    std::mutex mu_;
    std::shared_ptr<const Model> model_;  // guarded by mu_
};

}  // namespace jangteo::customers

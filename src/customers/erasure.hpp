// A person's own view of what the customers module keeps about them, and its erasure (issue 7, my
// page; docs/privacy.md). The export reads everything of a person — their records from every source,
// the merchants' relationships and purchases, points ledgers and consent histories — with one query
// per kind, whatever the number of merchants. The erasure anonymises the person for good, inside the
// caller's transaction (the my-page flow, which also closes the account and strips the orders):
//
//   customers::ErasureService erasure(clock, random, consents);
//   JANGTEO_TRY(auto person, erasure.PersonOfSourceInTx(tx, RecordSource::kWeb, user.ToString()));
//   if (person) JANGTEO_TRY(auto erased, erasure.EraseInTx(tx, *person));
//
// "The person" is the person a record belongs to now, together with every person merged into it
// (their consents and points stay under their own ids when they are merged), so that nothing of the
// person is left out of the download or the erasure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "customers/consent.hpp"
#include "customers/ids.hpp"
#include "customers/points.hpp"
#include "customers/profile.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::customers {

struct PersonStatusRow {
    PersonId id;
    std::string status;  // active, merged or erased
    std::optional<PersonId> merged_into;
    core::TimePoint created_at;
};

struct PurchaseRow {
    platform::MerchantId merchant;
    PersonId person;
    std::string ref;
    std::int64_t amount_won = 0;
    core::TimePoint at;
};

struct PointRow {
    platform::MerchantId merchant;
    PointEntry entry;
};

// Everything the customers module keeps of a person. The merchants' card numbers and notes about the
// person are in `relationships`: they are the person's data too.
struct PersonData {
    PersonId person;  // the one the others were merged into
    std::vector<PersonStatusRow> persons;
    std::vector<StoredRecord> records;
    std::vector<Relationship> relationships;
    std::vector<PurchaseRow> purchases;
    std::vector<PointRow> points;
    std::vector<ConsentRecord> consents;
};

// What my page shows of the person (this person only: a consent is given to the person of the
// account): the relationships, every consent change (by merchant, oldest first) and the merchants
// where the person has a points ledger.
struct PersonOverview {
    std::vector<Relationship> relationships;
    std::vector<ConsentRecord> consents;
    std::vector<platform::MerchantId> point_merchants;
};

// What an erasure did, for the audit event and the answer.
struct ErasureSummary {
    std::vector<PersonId> persons;
    std::int64_t records = 0;
    std::int64_t consents_withdrawn = 0;  // purposes that were granted and are withdrawn now
    std::int64_t points_forfeited = 0;    // over every merchant
    std::int64_t relationships = 0;
};

// The source of the withdrawals an erasure writes (each under the text version of the grant it ends).
inline constexpr std::string_view kErasureSource = "self:erasure";

// Thread-safe: holds references only.
class ErasureService {
public:
    ErasureService(core::Clock& clock, core::Random& random, ConsentService& consents)
        : clock_(clock), random_(random), consents_(consents) {}

    // The person that the record of (source, ref) belongs to now, or none when there is no such
    // record. kFailedPrecondition "person_erased" when that person was erased.
    core::Result<std::optional<PersonId>> PersonOfSourceInTx(store::Tx& tx, RecordSource source,
                                                             std::string_view source_ref);

    // The person and every person merged into it, the person first.
    core::Result<std::vector<PersonId>> FamilyInTx(store::Tx& tx, PersonId person);

    // Three queries, whatever the number of merchants.
    core::Result<PersonOverview> OverviewInTx(store::Tx& tx, PersonId person);

    // Everything kept of the person (see PersonData), one query per kind.
    core::Result<PersonData> ExportInTx(store::Tx& tx, PersonId person);

    // Anonymises the person and every person merged into it, in the caller's transaction:
    //   - each record's fields blanked, its verification cleared and its source reference replaced,
    //     and its blocking keys deleted, so that no new record can ever be matched to it;
    //   - open reviews that involve it closed (decided different, by "erasure");
    //   - every consent that is granted withdrawn (a row each, channel web, source self:erasure);
    //   - every merchant's points forfeited: one "expire" entry per merchant of what is left (ref
    //     "erasure:psn_…"), each credit's remaining set to 0, so that the ledger still sums;
    //   - the merchants' card number and note of the person blanked (purchases and totals stay,
    //     they are the merchant's figures and name nobody now);
    //   - the persons' status erased.
    // kFailedPrecondition "person_erased" when the person was erased before; kNotFound
    // "person_not_found" for an unknown one.
    core::Result<ErasureSummary> EraseInTx(store::Tx& tx, PersonId person);

private:
    core::Clock& clock_;
    core::Random& random_;
    ConsentService& consents_;
};

}  // namespace jangteo::customers

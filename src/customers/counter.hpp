// The look-ups the counter and the flows make among a merchant's customers, apart from resolution:
// who of the merchant's customers has this mobile number (the POS's customer search, and the safe
// merchant-local rule that gives a phone-only counter record its member card), and which person a
// source record (a member's mbr_ id) belongs to now, and which members the membership import has
// carried over before (so that importing the same list again passes them over in one query).
//
//   JANGTEO_TRY(auto found, customers::CustomersByPhoneInTx(tx, merchant, "010-1234-5678"));
//   JANGTEO_TRY(auto of, customers::PersonsOfRecordsInTx(tx, customers::RecordSource::kMember, {"mbr_…"}));
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "customers/ids.hpp"
#include "customers/member.hpp"
#include "customers/profile.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::customers {

// A person who is the merchant's customer (has a relationship with it), as the counter shows it.
struct CounterCustomer {
    PersonId person;
    std::string card_no;  // the relationship's
    std::string name;     // of the merchant's (or platform-level) record with the number
    std::int64_t purchases = 0;
};

// The merchant's customers with a record of this mobile number (stored form 010-1234-5678) that the
// merchant may see (its own or platform-level), by person, at most 20. Found through the number's
// blocking key, so the look-up reads an index whatever the number of records.
core::Result<std::vector<CounterCustomer>> CustomersByPhoneInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                std::string_view phone);

// The person of each source record of `source` among `refs` (e.g. members' mbr_ ids); refs with no
// record are absent. At most 1,000 refs at a time.
core::Result<std::unordered_map<std::string, PersonId>> PersonsOfRecordsInTx(store::Tx& tx, RecordSource source,
                                                                             std::span<const std::string> refs);

// Of the merchant's `members` (at most 1,000), the mbr_ ids of those whose import into the customers is
// complete: their record (source member) exists, its person is the merchant's customer with a card,
// and their legacy points, if any, were carried as the adjust entry "import:<mbr id>". For these the
// import's second phase would change nothing; the others (new, left out before, or carried only in
// part) still go through it. One query, whatever the number of members.
core::Result<std::unordered_set<std::string>> MembersCarriedInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                 std::span<const Member> members);

}  // namespace jangteo::customers

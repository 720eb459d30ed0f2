// Consents of a person towards a merchant: marketing by email, SMS and app push, a separate consent
// for marketing sent at night (21:00–08:00 in Korea), and the provision of personal data to third
// parties (what a consortium of merchants may share). Every grant and withdrawal is kept
// (customers_consents, append-only) with the text version the person was shown, the time, the
// channel and who recorded it; the state now is the latest change per purpose, and a purpose with no
// change is not granted — nothing is ever pre-ticked. A withdrawal takes effect at once: MaySend asks
// the store every time.
//
//   customers::ConsentService consents(db, clock, random);
//   JANGTEO_TRY(auto rows, consents.Record({.person = p, .merchant = m,
//       .changes = {{ConsentPurpose::kMarketingSms, true, "marketing-2026-11"}},
//       .channel = ConsentChannel::kPos, .source = "staff:usr_…"}));
//   JANGTEO_TRY(bool ok, consents.MaySend(p, m, MessageChannel::kSms, clock.Now()));
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/id.hpp"
#include "core/random.hpp"
#include "customers/ids.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::customers {

struct ConsentTag {
    static constexpr std::string_view kPrefix = "cns";
};
using ConsentId = core::Id<ConsentTag>;

enum class ConsentPurpose { kMarketingEmail, kMarketingSms, kMarketingPush, kMarketingNight, kThirdParty };
inline constexpr std::array<ConsentPurpose, 5> kConsentPurposes{
    ConsentPurpose::kMarketingEmail, ConsentPurpose::kMarketingSms, ConsentPurpose::kMarketingPush,
    ConsentPurpose::kMarketingNight, ConsentPurpose::kThirdParty};
std::string_view ConsentPurposeName(ConsentPurpose purpose);  // "marketing_email", …: the stored form
std::optional<ConsentPurpose> ParseConsentPurpose(std::string_view text);

// Where the person gave or withdrew it.
enum class ConsentChannel { kWeb, kApp, kPos, kPaper, kImport };
std::string_view ConsentChannelName(ConsentChannel channel);
std::optional<ConsentChannel> ParseConsentChannel(std::string_view text);

// One change asked for: grant (true) or withdraw (false) a purpose, under the text version shown.
struct ConsentChange {
    ConsentPurpose purpose = ConsentPurpose::kMarketingEmail;
    bool granted = false;
    std::string text_version;  // e.g. "marketing-2026-11": letters, digits, '.', '-', '_'; ≤ 64
};

struct ConsentInput {
    PersonId person;
    platform::MerchantId merchant;
    std::vector<ConsentChange> changes;  // 1 to 5, one per purpose
    ConsentChannel channel = ConsentChannel::kWeb;
    std::string source;  // who recorded it: "self", "staff:usr_…", "import:job_…"; ≤ 100
};

struct ConsentRecord {
    ConsentId id;
    PersonId person;
    platform::MerchantId merchant;
    ConsentPurpose purpose = ConsentPurpose::kMarketingEmail;
    bool granted = false;
    std::string text_version;
    ConsentChannel channel = ConsentChannel::kWeb;
    std::string source;
    core::TimePoint recorded_at;
    std::int64_t seq = 0;
};

// A purpose now: granted or not, and the change that made it so (none: never asked, not granted).
struct ConsentState {
    ConsentPurpose purpose = ConsentPurpose::kMarketingEmail;
    bool granted = false;
    std::optional<ConsentRecord> last;
};

enum class MessageChannel { kEmail, kSms, kPush };

// Whether `at` is night for marketing messages: 21:00 to 08:00 in Korea (UTC+9, no daylight saving).
bool IsMarketingNight(core::TimePoint at);

// Thread-safe: holds references only.
class ConsentService {
public:
    ConsentService(store::Db& db, core::Clock& clock, core::Random& random) : db_(db), clock_(clock), random_(random) {}

    // Records the changes that change something (a grant of what is granted under the same text
    // version is not written again) and answers the rows written. All or nothing: kInvalidArgument
    // "invalid_consent" with field errors (changes[i].purpose, changes[i].text_version, source, …)
    // changes nothing; kAlreadyExists "consent_raced" when another change of the same person and
    // merchant committed meanwhile (try again).
    core::Result<std::vector<ConsentRecord>> Record(const ConsentInput& input);
    core::Result<std::vector<ConsentRecord>> RecordInTx(store::Tx& tx, const ConsentInput& input);

    // Every purpose in kConsentPurposes order.
    core::Result<std::array<ConsentState, 5>> Current(PersonId person, platform::MerchantId merchant);
    core::Result<std::array<ConsentState, 5>> CurrentInTx(store::Tx& tx, PersonId person,
                                                          platform::MerchantId merchant);
    // Every change, newest first (at most `limit`, ≤ 500).
    core::Result<std::vector<ConsentRecord>> History(PersonId person, platform::MerchantId merchant, int limit);
    // Every change of the person towards any merchant, oldest first: for the person's own download.
    core::Result<std::vector<ConsentRecord>> AllOfPerson(PersonId person);

    // Whether the merchant may send the person marketing through `channel` at `at`: the channel's
    // consent, and at night the night consent too.
    core::Result<bool> MaySend(PersonId person, platform::MerchantId merchant, MessageChannel channel,
                               core::TimePoint at);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace jangteo::customers

#include "customers/consent.hpp"

#include <algorithm>
#include <chrono>

namespace jangteo::customers {
namespace {

constexpr std::size_t kMaxTextVersion = 64;
constexpr std::size_t kMaxSource = 100;
constexpr std::int64_t kMaxHistory = 500;

#define CONSENT_COLUMNS \
    "id, person_id, merchant_id, purpose, granted, text_version, channel, source, recorded_at_us, seq"
constexpr store::Sql kInsert{"customers.insert_consent", "INSERT INTO customers_consents (" CONSENT_COLUMNS
                                                         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};
constexpr store::Sql kLastSeq{"customers.consent_last_seq",
                              "SELECT COALESCE(MAX(seq), 0) FROM customers_consents"
                              " WHERE person_id = $1 AND merchant_id = $2"};
// The newest change of each purpose: no later change of the same purpose exists.
constexpr store::Sql kCurrent{"customers.consent_current",
                              "SELECT " CONSENT_COLUMNS
                              " FROM customers_consents c"
                              " WHERE c.person_id = $1 AND c.merchant_id = $2 AND NOT EXISTS ("
                              "SELECT 1 FROM customers_consents d WHERE d.person_id = c.person_id"
                              " AND d.merchant_id = c.merchant_id AND d.purpose = c.purpose AND d.seq > c.seq)"};
constexpr store::Sql kHistory{"customers.consent_history",
                              "SELECT " CONSENT_COLUMNS
                              " FROM customers_consents"
                              " WHERE person_id = $1 AND merchant_id = $2 ORDER BY seq DESC LIMIT $3"};
constexpr store::Sql kAllOfPerson{"customers.consents_of_person", "SELECT " CONSENT_COLUMNS
                                                                  " FROM customers_consents"
                                                                  " WHERE person_id = $1 ORDER BY merchant_id, seq"};
#undef CONSENT_COLUMNS

bool VersionText(std::string_view text) {
    if (text.empty() || text.size() > kMaxTextVersion) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
               c == '_';
    });
}

std::size_t IndexOf(ConsentPurpose purpose) {
    return static_cast<std::size_t>(purpose);
}

ConsentRecord RecordFromRow(const store::RowView& r) {
    ConsentRecord c;
    c.id = ConsentId(r.Int(0));
    c.person = PersonId(r.Int(1));
    c.merchant = platform::MerchantId(r.Int(2));
    c.purpose = ParseConsentPurpose(r.TextView(3)).value_or(ConsentPurpose::kMarketingEmail);
    c.granted = r.Bool(4);
    c.text_version = std::string(r.TextView(5));
    c.channel = ParseConsentChannel(r.TextView(6)).value_or(ConsentChannel::kWeb);
    c.source = std::string(r.TextView(7));
    c.recorded_at = core::FromUnixMicros(r.Int(8));
    c.seq = r.Int(9);
    return c;
}

std::vector<ConsentRecord> RecordsFrom(const store::Rows& rows) {
    std::vector<ConsentRecord> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(RecordFromRow(rows[i]));
    return out;
}

}  // namespace

std::string_view ConsentPurposeName(ConsentPurpose purpose) {
    switch (purpose) {
        case ConsentPurpose::kMarketingEmail: return "marketing_email";
        case ConsentPurpose::kMarketingSms: return "marketing_sms";
        case ConsentPurpose::kMarketingPush: return "marketing_push";
        case ConsentPurpose::kMarketingNight: return "marketing_night";
        case ConsentPurpose::kThirdParty: return "third_party";
    }
    return "marketing_email";
}

std::optional<ConsentPurpose> ParseConsentPurpose(std::string_view text) {
    for (ConsentPurpose p : kConsentPurposes) {
        if (ConsentPurposeName(p) == text) return p;
    }
    return std::nullopt;
}

std::string_view ConsentChannelName(ConsentChannel channel) {
    switch (channel) {
        case ConsentChannel::kWeb: return "web";
        case ConsentChannel::kApp: return "app";
        case ConsentChannel::kPos: return "pos";
        case ConsentChannel::kPaper: return "paper";
        case ConsentChannel::kImport: return "import";
    }
    return "web";
}

std::optional<ConsentChannel> ParseConsentChannel(std::string_view text) {
    for (ConsentChannel c : {ConsentChannel::kWeb, ConsentChannel::kApp, ConsentChannel::kPos, ConsentChannel::kPaper,
                             ConsentChannel::kImport}) {
        if (ConsentChannelName(c) == text) return c;
    }
    return std::nullopt;
}

bool IsMarketingNight(core::TimePoint at) {
    const std::int64_t us = core::ToUnixMicros(at) + std::int64_t{9} * 3600 * 1'000'000;
    constexpr std::int64_t kDay = std::int64_t{86400} * 1'000'000;
    const std::int64_t hour = ((us % kDay) + kDay) % kDay / (std::int64_t{3600} * 1'000'000);
    return hour >= 21 || hour < 8;
}

core::Result<std::vector<ConsentRecord>> ConsentService::Record(const ConsentInput& input) {
    return db_.Write([&](store::Tx& tx) { return RecordInTx(tx, input); });
}

core::Result<std::vector<ConsentRecord>> ConsentService::RecordInTx(store::Tx& tx, const ConsentInput& input) {
    std::vector<core::FieldError> errors;
    if (input.changes.empty() || input.changes.size() > kConsentPurposes.size()) {
        errors.push_back({"changes", "invalid_count", "one to five changes, one per purpose"});
    }
    std::array<bool, 5> seen{};
    for (std::size_t i = 0; i < input.changes.size(); ++i) {
        const ConsentChange& c = input.changes[i];
        const std::string at = "changes[" + std::to_string(i) + "]";
        if (IndexOf(c.purpose) >= seen.size()) {
            errors.push_back({at + ".purpose", "unknown_purpose", "not a purpose of consent"});
            continue;
        }
        if (seen[IndexOf(c.purpose)]) {
            errors.push_back({at + ".purpose", "duplicate_purpose", "each purpose once"});
        }
        seen[IndexOf(c.purpose)] = true;
        if (!VersionText(c.text_version)) {
            errors.push_back({at + ".text_version", "invalid_text_version",
                              "the version of the text shown: letters, digits, '.', '-', '_', up to 64"});
        }
    }
    if (input.source.empty() || input.source.size() > kMaxSource) {
        errors.push_back({"source", "invalid_source", "who recorded it, up to 100 bytes"});
    }
    if (input.person.key() <= 0) errors.push_back({"person", "required", "the person"});
    if (!errors.empty()) return core::Error::Invalid("invalid_consent", "the consent is not acceptable", errors);

    JANGTEO_TRY(auto now_state, CurrentInTx(tx, input.person, input.merchant));
    JANGTEO_TRY(store::Rows last, tx.Query(kLastSeq, {input.person.key(), input.merchant.key()}));
    std::int64_t seq = last.empty() ? 0 : last[0].Int(0);
    const core::TimePoint now = clock_.Now();
    std::vector<ConsentRecord> written;
    for (const ConsentChange& c : input.changes) {
        const ConsentState& state = now_state[IndexOf(c.purpose)];
        // A grant repeated under the same text, or a withdrawal of what is not granted, changes nothing.
        if (state.granted == c.granted && (!c.granted || (state.last && state.last->text_version == c.text_version))) {
            continue;
        }
        ConsentRecord r{.id = ConsentId::New(random_),
                        .person = input.person,
                        .merchant = input.merchant,
                        .purpose = c.purpose,
                        .granted = c.granted,
                        .text_version = c.text_version,
                        .channel = input.channel,
                        .source = input.source,
                        .recorded_at = now,
                        .seq = ++seq};
        auto inserted = tx.Exec(kInsert, {r.id.key(), r.person.key(), r.merchant.key(), ConsentPurposeName(r.purpose),
                                          r.granted, std::string_view(r.text_version), ConsentChannelName(r.channel),
                                          std::string_view(r.source), core::ToUnixMicros(now), r.seq});
        if (!inserted.ok()) {
            if (inserted.error().code == core::ErrorCode::kAlreadyExists) {
                return core::Error::AlreadyExists("consent_raced",
                                                  "the person's consents changed meanwhile; read them and try again");
            }
            return std::move(inserted).error();
        }
        written.push_back(std::move(r));
    }
    return written;
}

core::Result<std::array<ConsentState, 5>> ConsentService::Current(PersonId person, platform::MerchantId merchant) {
    return db_.Read([&](store::Tx& tx) { return CurrentInTx(tx, person, merchant); });
}

core::Result<std::array<ConsentState, 5>> ConsentService::CurrentInTx(store::Tx& tx, PersonId person,
                                                                      platform::MerchantId merchant) {
    std::array<ConsentState, 5> out;
    for (std::size_t i = 0; i < kConsentPurposes.size(); ++i) out[i].purpose = kConsentPurposes[i];
    JANGTEO_TRY(store::Rows rows, tx.Query(kCurrent, {person.key(), merchant.key()}));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        ConsentRecord r = RecordFromRow(rows[i]);
        ConsentState& s = out[IndexOf(r.purpose)];
        s.granted = r.granted;
        s.last = std::move(r);
    }
    return out;
}

core::Result<std::vector<ConsentRecord>> ConsentService::History(PersonId person, platform::MerchantId merchant,
                                                                 int limit) {
    const std::int64_t n = std::clamp<std::int64_t>(limit, 1, kMaxHistory);
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kHistory, {person.key(), merchant.key(), n});
    }));
    return RecordsFrom(rows);
}

core::Result<std::vector<ConsentRecord>> ConsentService::AllOfPerson(PersonId person) {
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) { return tx.Query(kAllOfPerson, {person.key()}); }));
    return RecordsFrom(rows);
}

core::Result<bool> ConsentService::MaySend(PersonId person, platform::MerchantId merchant, MessageChannel channel,
                                           core::TimePoint at) {
    JANGTEO_TRY(auto state, Current(person, merchant));
    ConsentPurpose purpose = channel == MessageChannel::kEmail ? ConsentPurpose::kMarketingEmail
                             : channel == MessageChannel::kSms ? ConsentPurpose::kMarketingSms
                                                               : ConsentPurpose::kMarketingPush;
    if (!state[IndexOf(purpose)].granted) return false;
    if (IsMarketingNight(at) && !state[IndexOf(ConsentPurpose::kMarketingNight)].granted) return false;
    return true;
}

}  // namespace jangteo::customers

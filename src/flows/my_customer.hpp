// My page of a signed-in person as a customer (issue 7; docs/privacy.md): their points and consents
// at each merchant, consent given and withdrawn in one step, the download of everything the platform
// keeps about them, and the erasure of it. It spans platform (the account), customers (the person,
// points, consents) and orders (what the account bought), so it lives in flows, each write in one
// transaction.
//
// The person of an account is the person of its web record (source web, source_ref the usr id). An
// account that never gave a consent and was never resolved has no person yet: the profile is empty;
// the first consent makes the web record (idempotent by source and reference) so that a consent
// always has a person.
//
//   flows::MyCustomerFlows me(db, clock, random, {...services...});
//   JANGTEO_TRY(auto states, me.SetConsents(user, shop, {{ConsentPurpose::kMarketingSms, true}}, "consent-2026-11"));
//   JANGTEO_TRY(auto erased, me.Erase(user, {.password = "…", .confirm = "삭제"}));
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "customers/consent.hpp"
#include "customers/erasure.hpp"
#include "customers/points.hpp"
#include "customers/profile.hpp"
#include "orders/erasure.hpp"
#include "orders/order.hpp"
#include "platform/merchant.hpp"
#include "platform/operator_admin.hpp"
#include "platform/user.hpp"
#include "store/db.hpp"

namespace jangteo::flows {

// The version of the consent texts the page shows now; a consent is recorded with it.
inline constexpr std::string_view kConsentTextVersion = "consent-2026-11";

struct ConsentText {
    customers::ConsentPurpose purpose = customers::ConsentPurpose::kMarketingEmail;
    std::string_view ko, en;
};
// The current texts, one per purpose in kConsentPurposes order.
const std::array<ConsentText, 5>& CurrentConsentTexts();

// A merchant the person has a relationship, points or a consent with.
struct MyMerchant {
    platform::MerchantId merchant;
    std::string name_ko, name_en;
    customers::PointBalance points;
    std::array<customers::ConsentState, 5> consents;
    std::optional<core::TimePoint> first_purchase, last_purchase;
    std::int64_t purchases = 0;
};

struct MyProfile {
    std::optional<customers::PersonId> person;
    std::vector<MyMerchant> merchants;  // most recent purchase first, then by name
};

struct MyPoints {
    customers::PointBalance balance;
    std::vector<customers::PointEntry> items;  // newest first
};

struct MyConsentChange {
    customers::ConsentPurpose purpose = customers::ConsentPurpose::kMarketingEmail;
    bool granted = false;
};

// Everything kept about the account's person, for the download.
struct MyData {
    platform::User account;
    std::optional<customers::PersonData> person;
    std::map<platform::MerchantId, platform::Merchant> merchants;  // every merchant named below
    std::vector<orders::Order> orders;                             // of the account, newest first
};

struct ErasureRequest {
    std::string password;
    std::string confirm;  // "삭제" or "DELETE"
    std::string client_address;
};

struct Erased {
    core::TimePoint at;
    customers::ErasureSummary person;  // empty when the account had no person
    orders::StrippedBuyer orders;
};

struct MyCustomerServices {
    platform::UserService& users;
    platform::MerchantService& merchants;
    platform::OperatorAdminService& admins;
    customers::ProfileService& profiles;
    customers::ConsentService& consents;
    customers::PointService& points;
    customers::ErasureService& erasure;
    orders::OrderService& orders;
};

// Thread-safe: holds references only.
class MyCustomerFlows {
public:
    MyCustomerFlows(store::Db& db, core::Clock& clock, core::Random& random, MyCustomerServices services)
        : db_(db), clock_(clock), random_(random), s_(services) {}

    core::Result<MyProfile> Profile(platform::UserId user);

    // The person's points at `merchant` (kNotFound "merchant_not_found" for a merchant that does not
    // exist); none yet: a zero balance and no entries. limit 1–100.
    core::Result<MyPoints> Points(platform::UserId user, platform::MerchantId merchant, int limit);

    // Grants and withdraws at once (channel web, source self), making the account's web record first
    // when it has none. kNotFound "merchant_not_found" for a merchant that is not approved;
    // kInvalidArgument "invalid_consent" for no change, a purpose twice, or a text version that is
    // not kConsentTextVersion (field text_version, "unknown_text_version"). Answers the state now.
    core::Result<std::array<customers::ConsentState, 5>> SetConsents(platform::UserId user,
                                                                     platform::MerchantId merchant,
                                                                     const std::vector<MyConsentChange>& changes,
                                                                     std::string_view text_version);

    core::Result<MyData> Export(platform::UserId user);

    // Erases the person and closes the account, in one transaction with its audit event
    // ("user.erased"). Checked before anything is written: the confirmation (kInvalidArgument
    // "confirmation_required", field confirm), the password (kInvalidArgument "wrong_password", field
    // password, as a password change answers), an account that belongs to a merchant or is an
    // operator admin (kFailedPrecondition "merchant_member" / "operator_admin": leave that role
    // first), an account closed before (kFailedPrecondition "account_erased").
    core::Result<Erased> Erase(platform::UserId user, const ErasureRequest& request);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    MyCustomerServices s_;
};

}  // namespace jangteo::flows

#include "flows/my_customer.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "core/json.hpp"
#include "platform/audit.hpp"

namespace jangteo::flows {

namespace {

using customers::ConsentPurpose;

constexpr std::size_t kMaxPasswordInputBytes = 4096;
constexpr int kExportOrderPage = 200;

std::size_t IndexOf(ConsentPurpose purpose) {
    return static_cast<std::size_t>(purpose);
}

std::array<customers::ConsentState, 5> NothingGiven() {
    std::array<customers::ConsentState, 5> out;
    for (std::size_t i = 0; i < out.size(); ++i) out[i].purpose = customers::kConsentPurposes[i];
    return out;
}

// The account's web record: what the account says of the person. A name the resolver cannot read as
// one still leaves the e-mail, which always identifies the account.
core::Result<customers::RecordOutcome> WebRecordInTx(store::Tx& tx, customers::ProfileService& profiles,
                                                     const platform::User& user) {
    customers::RecordInput input{.source = customers::RecordSource::kWeb,
                                 .source_ref = user.id.ToString(),
                                 .name = user.name,
                                 .phone = user.mobile.value_or(""),
                                 .email = user.email,
                                 .email_verified = user.email_verified_at.has_value()};
    auto made = profiles.RecordInTx(tx, input);
    if (made.ok() || made.error().code != core::ErrorCode::kInvalidArgument) return made;
    input.name.clear();
    input.phone.clear();
    return profiles.RecordInTx(tx, input);
}

core::Status CheckMerchantExists(platform::MerchantService& merchants, platform::MerchantId id, bool approved_only) {
    auto got = merchants.Get(id);
    if (!got.ok()) {
        if (got.error().code == core::ErrorCode::kNotFound) {
            return core::Error::NotFound("merchant_not_found", "no such merchant");
        }
        return std::move(got).error();
    }
    if (approved_only && got->merchant.status != platform::MerchantStatus::kApproved) {
        return core::Error::NotFound("merchant_not_found", "no such merchant");
    }
    return {};
}

}  // namespace

const std::array<ConsentText, 5>& CurrentConsentTexts() {
    static const std::array<ConsentText, 5> kTexts{{
        {ConsentPurpose::kMarketingEmail,
         "이 가게가 보내는 할인·신상품·행사 소식을 이메일로 받습니다. 언제든 이 화면에서 바로 철회할 수 있습니다.",
         "Receive this shop's offers, new products and events by e-mail. You can withdraw at any time on this "
         "page, with immediate effect."},
        {ConsentPurpose::kMarketingSms,
         "이 가게가 보내는 할인·신상품·행사 소식을 문자 메시지(SMS)로 받습니다. 언제든 이 화면에서 바로 철회할 수 "
         "있습니다.",
         "Receive this shop's offers, new products and events by text message (SMS). You can withdraw at any "
         "time on this page, with immediate effect."},
        {ConsentPurpose::kMarketingPush,
         "이 가게가 보내는 할인·신상품·행사 소식을 앱 알림으로 받습니다. 언제든 이 화면에서 바로 철회할 수 "
         "있습니다.",
         "Receive this shop's offers, new products and events as app notifications. You can withdraw at any "
         "time on this page, with immediate effect."},
        {ConsentPurpose::kMarketingNight,
         "위에서 동의한 방법으로 야간(21시~다음 날 8시)에도 광고성 정보를 받습니다. 동의하지 않으면 야간에는 "
         "보내지 않습니다.",
         "Also receive those messages at night (21:00 to 08:00, Korean time) through the channels agreed above. "
         "Without this consent nothing is sent at night."},
        {ConsentPurpose::kThirdParty,
         "이 가게와 제휴한 가게들(컨소시엄)에 이름·연락처·구매 요약을 제공하는 데 동의합니다. 제공받는 자, 목적, "
         "항목과 보유 기간은 제휴 안내에 적혀 있으며, 동의하지 않아도 구매에는 불이익이 없습니다.",
         "Allow this shop to provide your name, contact details and a summary of your purchases to its partner "
         "shops (a consortium). Who receives them, why, what and for how long is stated in the partnership "
         "notice; refusing has no effect on your purchases."},
    }};
    return kTexts;
}

core::Result<MyProfile> MyCustomerFlows::Profile(platform::UserId user) {
    MyProfile out;
    customers::PersonOverview overview;
    std::map<platform::MerchantId, platform::Merchant> names;
    JANGTEO_TRY_STATUS(db_.Read([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(out.person, s_.erasure.PersonOfSourceInTx(tx, customers::RecordSource::kWeb, user.ToString()));
        if (!out.person) return {};
        JANGTEO_TRY(overview, s_.erasure.OverviewInTx(tx, *out.person));
        std::set<platform::MerchantId> ids(overview.point_merchants.begin(), overview.point_merchants.end());
        for (const auto& r : overview.relationships) ids.insert(r.merchant);
        for (const auto& c : overview.consents) ids.insert(c.merchant);
        std::vector<platform::MerchantId> list(ids.begin(), ids.end());
        JANGTEO_TRY(auto merchants, platform::MerchantService::ManyInTx(tx, list));
        for (auto& m : merchants) names.emplace(m.id, std::move(m));
        return {};
    }));
    if (!out.person) return out;
    std::map<platform::MerchantId, MyMerchant> by_merchant;
    auto at = [&](platform::MerchantId id) -> MyMerchant& {
        auto [it, made] = by_merchant.try_emplace(id);
        if (made) {
            it->second.merchant = id;
            it->second.consents = NothingGiven();
            if (auto n = names.find(id); n != names.end()) {
                it->second.name_ko = n->second.name_ko;
                it->second.name_en = n->second.name_en;
            }
        }
        return it->second;
    };
    for (const auto& r : overview.relationships) {
        MyMerchant& m = at(r.merchant);
        m.first_purchase = r.first_purchase;
        m.last_purchase = r.last_purchase;
        m.purchases = r.purchases;
    }
    // Changes come oldest first per merchant: the last one of each purpose is its state.
    for (const auto& c : overview.consents) {
        customers::ConsentState& state = at(c.merchant).consents[IndexOf(c.purpose)];
        state.granted = c.granted;
        state.last = c;
    }
    for (platform::MerchantId id : overview.point_merchants) at(id);
    for (auto& [id, m] : by_merchant) {
        // Balance records the expiry of what is due, so it is a write of its own per merchant; a
        // person has points at a handful of merchants.
        JANGTEO_TRY(m.points, s_.points.Balance(id, *out.person));
        out.merchants.push_back(std::move(m));
    }
    std::stable_sort(out.merchants.begin(), out.merchants.end(), [](const MyMerchant& a, const MyMerchant& b) {
        if (a.last_purchase != b.last_purchase) {
            if (!a.last_purchase) return false;
            if (!b.last_purchase) return true;
            return *a.last_purchase > *b.last_purchase;
        }
        return a.name_ko < b.name_ko;
    });
    return out;
}

core::Result<MyPoints> MyCustomerFlows::Points(platform::UserId user, platform::MerchantId merchant, int limit) {
    if (limit < 1 || limit > 100) {
        return core::Error::Invalid("bad_limit", "limit must be a whole number from 1 to 100",
                                    {{"limit", "out_of_range", "must be a whole number from 1 to 100"}});
    }
    JANGTEO_TRY_STATUS(CheckMerchantExists(s_.merchants, merchant, false));
    JANGTEO_TRY(auto person, db_.Read([&](store::Tx& tx) {
        return s_.erasure.PersonOfSourceInTx(tx, customers::RecordSource::kWeb, user.ToString());
    }));
    MyPoints out;
    if (!person) return out;
    JANGTEO_TRY(out.balance, s_.points.Balance(merchant, *person));
    JANGTEO_TRY(out.items, s_.points.Ledger(merchant, *person, limit));
    return out;
}

core::Result<std::array<customers::ConsentState, 5>> MyCustomerFlows::SetConsents(
    platform::UserId user, platform::MerchantId merchant, const std::vector<MyConsentChange>& changes,
    std::string_view text_version) {
    if (text_version != kConsentTextVersion) {
        return core::Error::Invalid(
            "invalid_consent", "the consent is not acceptable",
            {{"text_version", "unknown_text_version",
              "not the version of the texts shown now (" + std::string(kConsentTextVersion) + ")"}});
    }
    JANGTEO_TRY_STATUS(CheckMerchantExists(s_.merchants, merchant, true));
    JANGTEO_TRY(platform::User account, s_.users.Get(user));
    return db_.Write([&](store::Tx& tx) -> core::Result<std::array<customers::ConsentState, 5>> {
        JANGTEO_TRY(customers::RecordOutcome record, WebRecordInTx(tx, s_.profiles, account));
        customers::ConsentInput input{.person = record.person,
                                      .merchant = merchant,
                                      .channel = customers::ConsentChannel::kWeb,
                                      .source = "self"};
        for (const auto& c : changes) input.changes.push_back({c.purpose, c.granted, std::string(text_version)});
        JANGTEO_TRY(auto written, s_.consents.RecordInTx(tx, input));
        (void)written;
        return s_.consents.CurrentInTx(tx, record.person, merchant);
    });
}

core::Result<MyData> MyCustomerFlows::Export(platform::UserId user) {
    MyData out;
    JANGTEO_TRY(out.account, s_.users.Get(user));
    std::optional<std::string> cursor;
    do {
        JANGTEO_TRY(orders::OrderPage page, s_.orders.ListForCustomer(user, cursor, kExportOrderPage));
        for (auto& o : page.items) out.orders.push_back(std::move(o));
        cursor = page.next_cursor;
    } while (cursor);
    JANGTEO_TRY_STATUS(db_.Read([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(auto person, s_.erasure.PersonOfSourceInTx(tx, customers::RecordSource::kWeb, user.ToString()));
        std::set<platform::MerchantId> ids;
        if (person) {
            JANGTEO_TRY(out.person, s_.erasure.ExportInTx(tx, *person));
            for (const auto& r : out.person->records) {
                if (r.merchant) ids.insert(*r.merchant);
            }
            for (const auto& r : out.person->relationships) ids.insert(r.merchant);
            for (const auto& p : out.person->purchases) ids.insert(p.merchant);
            for (const auto& p : out.person->points) ids.insert(p.merchant);
            for (const auto& c : out.person->consents) ids.insert(c.merchant);
        }
        for (const auto& o : out.orders) ids.insert(o.merchant);
        std::vector<platform::MerchantId> list(ids.begin(), ids.end());
        JANGTEO_TRY(auto merchants, platform::MerchantService::ManyInTx(tx, list));
        for (auto& m : merchants) out.merchants.emplace(m.id, std::move(m));
        return {};
    }));
    return out;
}

core::Result<Erased> MyCustomerFlows::Erase(platform::UserId user, const ErasureRequest& request) {
    std::vector<core::FieldError> fields;
    if (request.confirm != "삭제" && request.confirm != "DELETE") {
        fields.push_back({"confirm", "confirmation_required", "type 삭제 or DELETE to confirm"});
    }
    if (request.password.empty()) {
        fields.push_back({"password", "required", "your password, to confirm it is you"});
    } else if (request.password.size() > kMaxPasswordInputBytes) {
        fields.push_back({"password", "password_too_long", "is too long"});
    }
    if (!fields.empty()) {
        std::string_view reason = fields[0].field == "confirm" ? "confirmation_required" : "invalid_erasure";
        return core::Error::Invalid(std::string(reason), "the erasure was not confirmed", std::move(fields));
    }
    JANGTEO_TRY(platform::User account, s_.users.Get(user));
    if (account.status != platform::UserStatus::kActive) {
        return core::Error::FailedPrecondition("account_erased", "this account was closed before");
    }
    JANGTEO_TRY(auto memberships, s_.merchants.ListForUser(user));
    if (!memberships.empty()) {
        return core::Error::FailedPrecondition(
            "merchant_member", "this account belongs to a merchant: leave it, or hand it over, before erasing");
    }
    JANGTEO_TRY(bool admin, s_.admins.IsOperatorAdmin(user));
    if (admin) {
        return core::Error::FailedPrecondition("operator_admin",
                                               "an operator admin's account cannot be erased from my page");
    }
    // Hashing takes tens of milliseconds by design: it runs before the transaction, not inside it.
    auto proved = s_.users.Authenticate(account.email, request.password);
    if (!proved.ok()) {
        if (proved.error().code == core::ErrorCode::kUnauthenticated) {
            return core::Error::Invalid("wrong_password", "the password is not right",
                                        {{"password", "wrong_password", "is not your password"}});
        }
        return std::move(proved).error();
    }
    if (proved->id != user) {
        return core::Error::Invalid("wrong_password", "the password is not right",
                                    {{"password", "wrong_password", "is not your password"}});
    }
    Erased out;
    out.at = clock_.Now();
    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        out = Erased{.at = clock_.Now()};
        auto person = s_.erasure.PersonOfSourceInTx(tx, customers::RecordSource::kWeb, user.ToString());
        if (!person.ok() && person.error().reason != "person_erased") return std::move(person).error();
        if (person.ok() && *person) {
            JANGTEO_TRY(out.person, s_.erasure.EraseInTx(tx, **person));
        }
        JANGTEO_TRY(out.orders, orders::StripBuyerInTx(tx, user, out.at));
        JANGTEO_TRY_STATUS(platform::EraseUserInTx(tx, user, out.at));
        core::json::array persons;
        for (const auto& p : out.person.persons) persons.emplace_back(p.ToString());
        return platform::RecordAudit(tx, clock_, random_,
                                     {.action = "user.erased",
                                      .actor_user = user,
                                      .subject = user.ToString(),
                                      .client_address = request.client_address,
                                      .detail = {{"persons", std::move(persons)},
                                                 {"records", out.person.records},
                                                 {"consents_withdrawn", out.person.consents_withdrawn},
                                                 {"points_forfeited", out.person.points_forfeited},
                                                 {"orders", out.orders.orders}}});
    }));
    return out;
}

}  // namespace jangteo::flows

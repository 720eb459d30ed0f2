// My page as a customer over HTTP, on SQLite and PostgreSQL: a new account is a person with no merchant
// yet; a consent gives the person its first merchant and is withdrawn as easily, at once; nothing is
// pre-ticked; the download holds the account, the person's records, consent history and orders; bad
// input is refused with a clear problem and changes nothing; another person's session sees only its
// own; the erasure needs the password and the confirmation, closes the account (sessions ended,
// sign-in refused, the e-mail free again), and leaves the merchant's order with amounts and lines but
// without the buyer's name, contact and street address.
#include <gtest/gtest.h>

#include "world.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;

std::string Reason(const HttpResponse& r) {
    try {
        std::string type(r.Json().at("type").as_string());
        return type.substr(type.rfind('/') + 1);
    } catch (...) {
        return "(no problem body: " + r.body.substr(0, 80) + ")";
    }
}

bool HasField(const HttpResponse& r, std::string_view field, std::string_view code) {
    try {
        const json::value body = r.Json();
        for (const auto& e : body.at("errors").as_array()) {
            if (e.at("field").as_string() == field && e.at("code").as_string() == code) return true;
        }
    } catch (...) {
    }
    return false;
}

const json::object* ConsentOf(const json::value& consents, std::string_view purpose) {
    for (const auto& c : consents.as_array()) {
        if (c.at("purpose").as_string() == purpose) return &c.as_object();
    }
    return nullptr;
}

class MyCustomerTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam());
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
    }

    json::object ConsentBody(const std::string& merchant, json::array changes) {
        return json::object{{"merchant_id", merchant}, {"changes", std::move(changes)}, {"text_version", version_}};
    }

    // An active product with stock at a shop of `merchant`, answered with its variant id.
    std::string SellableVariant(const Person& owner, const std::string& merchant) {
        World& w = *world_;
        HttpResponse category = w.Call(w.admin(), "POST", "/api/v1/operator/categories",
                                       json::object{{"code", "my_page"}, {"name_ko", "시험"}, {"name_en", "Test"}});
        EXPECT_EQ(category.status, 201) << category.body;
        std::string base = "/api/v1/merchants/" + merchant;
        HttpResponse product =
            w.Call(owner, "POST", base + "/products",
                   json::object{{"category_id", category.Json().at("id").as_string()},
                                {"title_ko", "고등어 한 손"},
                                {"variants", json::array{json::object{{"sku", "MK-1"}, {"base_price_won", 12000}}}}});
        EXPECT_EQ(product.status, 201) << product.body;
        std::string product_id(product.Json().at("id").as_string());
        std::string variant(product.Json().at("variants").as_array()[0].at("id").as_string());
        EXPECT_EQ(w.Call(owner, "POST", base + "/products/" + product_id + "/status",
                         json::object{{"status", "active"}, {"version", 1}})
                      .status,
                  200);
        HttpResponse shop = w.Call(owner, "POST", base + "/locations",
                                   json::object{{"kind", "shop"},
                                                {"name_ko", "자갈치점"},
                                                {"district_code", "26110"},
                                                {"postal_code", "48953"},
                                                {"road_address", "부산 중구 자갈치해안로 52"}});
        EXPECT_EQ(shop.status, 201) << shop.body;
        HttpResponse stocked = w.Call(
            owner, "POST", base + "/stock/adjustments",
            json::object{{"adjustments", json::array{json::object{{"location_id", shop.Json().at("id").as_string()},
                                                                  {"variant_id", variant},
                                                                  {"delta", 10},
                                                                  {"reason", "receipt"}}}}});
        EXPECT_EQ(stocked.status, 200) << stocked.body;
        return variant;
    }

    std::unique_ptr<World> world_;
    std::string version_ = "consent-2026-11";
};

TEST_P(MyCustomerTest, ConsentsProfileAndDownloadAreThePersonsOwn) {
    World& w = *world_;
    Person owner = w.SignUp("owner@example.kr", "김사장");
    std::string shop = w.ApprovedMerchant(owner, "자갈치 고등어", "2208162517");
    std::string pending = w.Apply(owner, "아직 심사 중", "1234567891");
    Person minsu = w.SignUp("minsu@example.kr", "김민수");
    Person other = w.SignUp("other@example.kr", "이영희");

    // The sign-up made the person, with no merchant yet; and the texts with their version.
    HttpResponse empty = w.Call(minsu, "GET", "/api/v1/me/customer-profile");
    ASSERT_EQ(empty.status, 200) << empty.body;
    EXPECT_TRUE(empty.Json().at("person").is_string());
    EXPECT_TRUE(empty.Json().at("merchants").as_array().empty());
    HttpResponse texts = w.Call(minsu, "GET", "/api/v1/me/consent-texts");
    ASSERT_EQ(texts.status, 200) << texts.body;
    EXPECT_EQ(texts.Json().at("version").as_string(), version_);
    for (const char* p : {"marketing_email", "marketing_sms", "marketing_push", "marketing_night", "third_party"}) {
        EXPECT_FALSE(texts.Json().at("texts").at(p).at("ko").as_string().empty()) << p;
        EXPECT_FALSE(texts.Json().at("texts").at(p).at("en").as_string().empty()) << p;
    }

    // A consent names the merchant; what was not given shows not granted.
    HttpResponse given =
        w.Call(minsu, "PUT", "/api/v1/me/consents",
               ConsentBody(shop, json::array{json::object{{"purpose", "marketing_sms"}, {"granted", true}},
                                             json::object{{"purpose", "marketing_night"}, {"granted", true}}}));
    ASSERT_EQ(given.status, 200) << given.body;
    const json::value given_json = given.Json();
    ASSERT_EQ(given_json.at("consents").as_array().size(), 5u);
    EXPECT_TRUE(ConsentOf(given_json.at("consents"), "marketing_sms")->at("granted").as_bool());
    EXPECT_EQ(ConsentOf(given_json.at("consents"), "marketing_sms")->at("channel").as_string(), "web");
    EXPECT_EQ(ConsentOf(given_json.at("consents"), "marketing_sms")->at("text_version").as_string(), version_);
    EXPECT_FALSE(ConsentOf(given_json.at("consents"), "marketing_email")->at("granted").as_bool());
    EXPECT_TRUE(ConsentOf(given_json.at("consents"), "marketing_email")->at("at").is_null());

    HttpResponse profile = w.Call(minsu, "GET", "/api/v1/me/customer-profile");
    ASSERT_EQ(profile.status, 200) << profile.body;
    const json::value profile_json = profile.Json();
    std::string person(profile_json.at("person").as_string());
    EXPECT_EQ(person.substr(0, 4), "psn_");
    EXPECT_EQ(person, empty.Json().at("person").as_string()) << "the person the sign-up made";
    ASSERT_EQ(profile_json.at("merchants").as_array().size(), 1u);
    const json::value& at_shop = profile_json.at("merchants").as_array()[0];
    EXPECT_EQ(at_shop.at("merchant_id").as_string(), shop);
    EXPECT_EQ(at_shop.at("merchant_name").at("ko").as_string(), "자갈치 고등어");
    EXPECT_EQ(at_shop.at("points").at("balance").as_int64(), 0);
    EXPECT_TRUE(ConsentOf(at_shop.at("consents"), "marketing_night")->at("granted").as_bool());

    // Withdrawal is the same request, and holds at once.
    HttpResponse withdrawn =
        w.Call(minsu, "PUT", "/api/v1/me/consents",
               ConsentBody(shop, json::array{json::object{{"purpose", "marketing_sms"}, {"granted", false}}}));
    ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
    EXPECT_FALSE(ConsentOf(withdrawn.Json().at("consents"), "marketing_sms")->at("granted").as_bool());
    HttpResponse again = w.Call(minsu, "GET", "/api/v1/me/customer-profile");
    EXPECT_FALSE(
        ConsentOf(again.Json().at("merchants").as_array()[0].at("consents"), "marketing_sms")->at("granted").as_bool());

    // Points: none yet at a merchant that exists; bad merchant ids are refused.
    HttpResponse points = w.Call(minsu, "GET", "/api/v1/me/points?merchant_id=" + shop);
    ASSERT_EQ(points.status, 200) << points.body;
    EXPECT_EQ(points.Json().at("balance").as_int64(), 0);
    EXPECT_TRUE(points.Json().at("items").as_array().empty());
    EXPECT_TRUE(HasField(w.Call(minsu, "GET", "/api/v1/me/points"), "merchant_id", "required"));
    HttpResponse malformed = w.Call(minsu, "GET", "/api/v1/me/points?merchant_id=shop-1");
    EXPECT_EQ(malformed.status, 422);
    EXPECT_TRUE(HasField(malformed, "merchant_id", "malformed_id")) << malformed.body;
    HttpResponse unknown = w.Call(minsu, "GET", "/api/v1/me/points?merchant_id=mrc_0000000000001");
    EXPECT_EQ(unknown.status, 404) << unknown.body;
    EXPECT_EQ(Reason(unknown), "merchant_not_found");
    EXPECT_TRUE(
        HasField(w.Call(minsu, "GET", "/api/v1/me/points?merchant_id=" + shop + "&limit=0"), "limit", "out_of_range"));

    // Bad consent input: each a clear answer, nothing recorded.
    auto refused = [&](const std::string& body, int status, std::string_view field, std::string_view code) {
        HttpResponse r = w.Call(minsu, "PUT", "/api/v1/me/consents", body);
        EXPECT_EQ(r.status, status) << body << " " << r.body;
        if (!field.empty()) {
            EXPECT_TRUE(HasField(r, field, code)) << body << " " << r.body;
        }
        return r;
    };
    const json::array grant_email{json::object{{"purpose", "marketing_email"}, {"granted", true}}};
    refused(core::ToJson(ConsentBody(shop, json::array{json::object{{"purpose", "fax"}, {"granted", true}}})), 422,
            "changes[0].purpose", "unknown_purpose");
    json::object pos_channel = ConsentBody(shop, grant_email);
    pos_channel["channel"] = "pos";
    refused(core::ToJson(pos_channel), 422, "channel", "channel_not_allowed");
    pos_channel["channel"] = "carrier-pigeon";
    refused(core::ToJson(pos_channel), 422, "channel", "unknown_channel");
    refused(core::ToJson(ConsentBody("mrc-xyz", grant_email)), 422, "merchant_id", "malformed_id");
    EXPECT_EQ(Reason(refused(core::ToJson(ConsentBody("mrc_0000000000001", grant_email)), 404, "", "")),
              "merchant_not_found");
    EXPECT_EQ(Reason(refused(core::ToJson(ConsentBody(pending, grant_email)), 404, "", "")), "merchant_not_found");
    json::object old_text = ConsentBody(shop, grant_email);
    old_text["text_version"] = "consent-1999-01";
    refused(core::ToJson(old_text), 422, "text_version", "unknown_text_version");
    refused(
        core::ToJson(ConsentBody(shop, json::array{json::object{{"purpose", "marketing_email"}, {"granted", true}},
                                                   json::object{{"purpose", "marketing_email"}, {"granted", false}}})),
        422, "changes[1].purpose", "duplicate_purpose");
    refused(core::ToJson(ConsentBody(shop, json::array{})), 422, "changes", "invalid_count");
    refused(
        core::ToJson(ConsentBody(shop, json::array{json::object{{"purpose", "marketing_email"}, {"granted", "yes"}}})),
        422, "", "");
    EXPECT_EQ(refused("{not json", 400, "", "").status, 400);
    HttpResponse huge =
        w.Call(minsu, "PUT", "/api/v1/me/consents",
               R"({"merchant_id":")" + shop + R"(","text_version":")" + std::string(10 << 20, 'a') + R"("})");
    EXPECT_EQ(huge.status, 413) << "past the server's body limit";
    HttpResponse unchanged = w.Call(minsu, "GET", "/api/v1/me/customer-profile");
    const json::value unchanged_json = unchanged.Json();
    const json::value& still = unchanged_json.at("merchants").as_array()[0].at("consents");
    EXPECT_FALSE(ConsentOf(still, "marketing_email")->at("granted").as_bool()) << "nothing was recorded";

    // Another person's session: their own (empty) page; their consent changes nothing of minsu's.
    HttpResponse theirs = w.Call(other, "GET", "/api/v1/me/customer-profile");
    ASSERT_EQ(theirs.status, 200);
    EXPECT_NE(theirs.Json().at("person").as_string(), person);
    EXPECT_TRUE(theirs.Json().at("merchants").as_array().empty());
    ASSERT_EQ(w.Call(other, "PUT", "/api/v1/me/consents",
                     ConsentBody(shop, json::array{json::object{{"purpose", "marketing_email"}, {"granted", true}}}))
                  .status,
              200);
    HttpResponse theirs_now = w.Call(other, "GET", "/api/v1/me/customer-profile");
    EXPECT_NE(theirs_now.Json().at("person").as_string(), person) << "two accounts, two persons";
    HttpResponse mine = w.Call(minsu, "GET", "/api/v1/me/customer-profile");
    EXPECT_FALSE(ConsentOf(mine.Json().at("merchants").as_array()[0].at("consents"), "marketing_email")
                     ->at("granted")
                     .as_bool());

    // The download: an attachment with the account, the web record and the whole consent history.
    HttpResponse download = w.Call(minsu, "GET", "/api/v1/me/data-export");
    ASSERT_EQ(download.status, 200) << download.body;
    EXPECT_NE(download.Header("content-disposition").value_or("").find("attachment; filename=\"jangteo-my-data.json\""),
              std::string::npos);
    const json::value data = download.Json();
    EXPECT_EQ(data.at("account").at("email").as_string(), "minsu@example.kr");
    EXPECT_EQ(data.at("person").at("id").as_string(), person);
    ASSERT_EQ(data.at("person").at("records").as_array().size(), 1u);
    EXPECT_EQ(data.at("person").at("records").as_array()[0].at("source").as_string(), "web");
    EXPECT_EQ(data.at("person").at("records").as_array()[0].at("email").as_string(), "minsu@example.kr");
    ASSERT_EQ(data.at("person").at("consents").as_array().size(), 3u) << "two grants and a withdrawal";
    EXPECT_EQ(data.at("person").at("consents").as_array()[2].at("merchant_name").at("ko").as_string(), "자갈치 고등어");
    EXPECT_TRUE(data.at("orders").as_array().empty());
    HttpResponse their_download = w.Call(other, "GET", "/api/v1/me/data-export");
    ASSERT_EQ(their_download.status, 200);
    EXPECT_EQ(their_download.Json().at("account").at("email").as_string(), "other@example.kr");
    EXPECT_EQ(their_download.Json().at("person").at("consents").as_array().size(), 1u);
}

TEST_P(MyCustomerTest, ErasureClosesTheAccountAndStripsTheKeptOrders) {
    World& w = *world_;
    Person owner = w.SignUp("owner@example.kr", "김사장");
    std::string shop = w.ApprovedMerchant(owner, "자갈치 고등어", "2208162517");
    std::string variant = SellableVariant(owner, shop);
    Person minsu = w.SignUp("minsu@example.kr", "김민수");
    ASSERT_EQ(
        w.Call(minsu, "POST", "/api/v1/cart/lines", json::object{{"variant_id", variant}, {"quantity", 2}}).status,
        200);
    HttpResponse placed = w.Call(
        minsu, "POST", "/api/v1/checkouts",
        core::ToJson(json::object{
            {"email", minsu.email},
            {"name", "김민수"},
            {"phone", "010-2345-6789"},
            {"payment_method", "bank_transfer"},
            {"orders",
             json::array{json::object{{"merchant_id", shop},
                                      {"fulfilment", "delivery"},
                                      {"address", json::object{{"recipient", "김민수"},
                                                               {"phone", "010-2345-6789"},
                                                               {"postal_code", "48058"},
                                                               {"road_address", "부산광역시 해운대구 해운대해변로 264"},
                                                               {"detail", "101동 1001호"},
                                                               {"note", "문 앞에 두세요"}}}}}}}),
        {{"Idempotency-Key", "my-page-order-1"}});
    ASSERT_EQ(placed.status, 201) << placed.body;
    std::string order(placed.Json().at("orders").as_array()[0].at("id").as_string());
    ASSERT_EQ(w.Call(minsu, "PUT", "/api/v1/me/consents",
                     json::object{{"merchant_id", shop},
                                  {"changes", json::array{json::object{{"purpose", "third_party"}, {"granted", true}}}},
                                  {"text_version", version_}})
                  .status,
              200);
    HttpResponse before = w.Call(minsu, "GET", "/api/v1/me/data-export");
    ASSERT_EQ(before.status, 200);
    ASSERT_EQ(before.Json().at("orders").as_array().size(), 1u) << "the download holds the account's orders";
    EXPECT_EQ(before.Json().at("orders").as_array()[0].at("merchant_name").at("ko").as_string(), "자갈치 고등어");

    // Refused, with nothing changed: no confirmation, the wrong password, a merchant's owner.
    HttpResponse unconfirmed =
        w.Call(minsu, "POST", "/api/v1/me/erasure", json::object{{"password", std::string(kTestPassword)}});
    EXPECT_EQ(unconfirmed.status, 422);
    EXPECT_TRUE(HasField(unconfirmed, "confirm", "confirmation_required")) << unconfirmed.body;
    HttpResponse wrong = w.Call(minsu, "POST", "/api/v1/me/erasure",
                                json::object{{"password", "틀린비밀번호입니다"}, {"confirm", "삭제"}});
    EXPECT_EQ(wrong.status, 422);
    EXPECT_TRUE(HasField(wrong, "password", "wrong_password")) << wrong.body;
    HttpResponse owners = w.Call(owner, "POST", "/api/v1/me/erasure",
                                 json::object{{"password", std::string(kTestPassword)}, {"confirm", "DELETE"}});
    EXPECT_EQ(owners.status, 409);
    EXPECT_EQ(Reason(owners), "merchant_member");
    EXPECT_EQ(w.Call(minsu, "GET", "/api/v1/me").status, 200) << "still signed in";
    EXPECT_EQ(w.Call(minsu, "GET", "/api/v1/me/data-export").body.find("minsu@example.kr") != std::string::npos, true);

    // Another browser of the same account, to see its session end too.
    Person minsu_phone = w.SignIn(minsu.email, minsu.password);
    HttpResponse erased = w.Call(minsu, "POST", "/api/v1/me/erasure",
                                 json::object{{"password", std::string(kTestPassword)}, {"confirm", "삭제"}});
    ASSERT_EQ(erased.status, 200) << erased.body;
    EXPECT_FALSE(erased.Json().at("erased_at").as_string().empty());
    EXPECT_EQ(erased.Json().at("consents_withdrawn").as_int64(), 1);
    EXPECT_EQ(erased.Json().at("orders_kept").as_int64(), 1);
    EXPECT_NE(erased.Header("set-cookie").value_or("").find("Max-Age=0"), std::string::npos) << "cookie removed";

    // The account is closed: both sessions ended, sign-in refused, erasure twice impossible.
    EXPECT_EQ(w.Call(minsu, "GET", "/api/v1/me").status, 401);
    EXPECT_EQ(w.Call(minsu_phone, "GET", "/api/v1/me/customer-profile").status, 401);
    EXPECT_EQ(w.Call(minsu, "POST", "/api/v1/me/erasure",
                     json::object{{"password", std::string(kTestPassword)}, {"confirm", "삭제"}})
                  .status,
              401);
    HttpResponse sign_in =
        w.Anonymous("POST", "/api/v1/sessions",
                    core::ToJson(json::object{{"email", minsu.email}, {"password", std::string(kTestPassword)}}));
    EXPECT_EQ(sign_in.status, 401) << sign_in.body;

    // The merchant keeps the order: amounts, lines and dates, no name, contact or street address.
    HttpResponse kept = w.Call(owner, "GET", "/api/v1/merchants/" + shop + "/orders/" + order);
    ASSERT_EQ(kept.status, 200) << kept.body;
    const json::value o = kept.Json();
    EXPECT_EQ(o.at("total_won").as_int64(), placed.Json().at("orders").as_array()[0].at("total_won").as_int64());
    ASSERT_EQ(o.at("lines").as_array().size(), 1u);
    EXPECT_EQ(o.at("lines").as_array()[0].at("quantity").as_int64(), 2);
    EXPECT_EQ(o.at("payment_method").as_string(), "bank_transfer");
    const std::string text = kept.body;
    for (const char* gone :
         {"김민수", "minsu@example.kr", "010-2345-6789", "해운대해변로", "101동", "48058", "문 앞"}) {
        EXPECT_EQ(text.find(gone), std::string::npos) << gone << " is still in " << text;
    }
    EXPECT_NE(text.find("부산광역시 해운대구"), std::string::npos) << "the district stays";

    // The e-mail is free for a new account, which starts with nothing of the old one.
    Person again = w.SignUp("minsu@example.kr", "김민수");
    ASSERT_FALSE(again.id.empty());
    EXPECT_NE(again.id, minsu.id);
    HttpResponse fresh = w.Call(again, "GET", "/api/v1/me/customer-profile");
    ASSERT_EQ(fresh.status, 200);
    EXPECT_TRUE(fresh.Json().at("person").is_string()) << "a person of its own from sign-up";
    EXPECT_TRUE(fresh.Json().at("merchants").as_array().empty());
    EXPECT_TRUE(w.Call(again, "GET", "/api/v1/me/data-export").Json().at("orders").as_array().empty());

    // Audited, without the address that is gone.
    HttpResponse audit = w.Call(w.admin(), "GET", "/api/v1/operator/audit-events?limit=5");
    ASSERT_EQ(audit.status, 200) << audit.body;
    bool found = false;
    const json::value audit_json = audit.Json();
    for (const auto& e : audit_json.at("items").as_array()) {
        if (e.at("action").as_string() == "user.erased" && e.at("subject").as_string() == minsu.id) found = true;
    }
    EXPECT_TRUE(found) << audit.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, MyCustomerTest, ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

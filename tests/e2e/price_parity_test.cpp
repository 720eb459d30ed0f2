// Price parity over HTTP on both backends: the owner sets the policies (staff read them, API keys by
// their catalog scopes, another merchant sees nothing), bad values and stale versions are refused and
// change nothing; a product whose web price breaks a refuse policy is refused field by field with the
// figures, one that breaks a warn policy is saved with warnings; and the report lists the variants
// that break the policy now, by pages.
#include <gtest/gtest.h>

#include <map>

#include "world.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;

std::string Reason(const HttpResponse& r) {
    std::string type(r.Json().at("type").as_string());
    return type.substr(type.rfind('/') + 1);
}

// The field error at `field`, or null.
json::value FieldError(const HttpResponse& r, std::string_view field) {
    json::value doc = r.Json();
    if (!doc.as_object().contains("errors")) return nullptr;
    for (const auto& e : doc.at("errors").as_array()) {
        if (e.at("field").as_string() == field) return e;
    }
    return nullptr;
}

class PriceParityApiTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam());
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
        World& w = *world_;
        owner_ = w.SignUp("owner@example.kr", "김사장");
        shop_ = w.ApprovedMerchant(owner_, "광안리 수산", "2208162517");
        base_ = "/api/v1/merchants/" + shop_;
        HttpResponse fish = w.Call(w.admin(), "POST", "/api/v1/operator/categories",
                                   json::object{{"code", "fish"}, {"name_ko", "수산물"}, {"name_en", "Fish"}});
        ASSERT_EQ(fish.status, 201) << fish.body;
        fish_ = std::string(fish.Json().at("id").as_string());
    }

    // A product of one variant per online price, each with the shop price 10,000 won.
    json::object Product(const std::string& sku, std::vector<std::int64_t> online) {
        json::array variants;
        for (std::size_t i = 0; i < online.size(); ++i) {
            variants.push_back(json::object{
                {"sku", sku + "-" + std::to_string(i)},
                {"base_price_won", 10'000},
                {"channel_prices", json::array{json::object{{"channel", "shop"}, {"unit_price_won", 10'000}},
                                               json::object{{"channel", "online"}, {"unit_price_won", online[i]}}}}});
        }
        return json::object{{"category_id", fish_}, {"title_ko", "고등어 " + sku}, {"variants", std::move(variants)}};
    }

    HttpResponse SetPolicy(const Person& who, json::value online, std::int64_t version) {
        return world_->Call(who, "PUT", base_ + "/price-policies",
                            json::object{{"online", std::move(online)}, {"version", version}});
    }

    static json::object Within(std::int64_t bp, std::string_view enforcement) {
        return json::object{{"rule", "within"}, {"tolerance_bp", bp}, {"enforcement", enforcement}};
    }

    std::unique_ptr<World> world_;
    Person owner_;
    std::string shop_, base_, fish_;
};

TEST_P(PriceParityApiTest, TheOwnerSetsThePolicyAndBadInputChangesNothing) {
    World& w = *world_;
    Person staff = w.SignUp("staff@example.kr", "직원");
    w.AddStaff(owner_, shop_, staff);

    HttpResponse none = w.Call(staff, "GET", base_ + "/price-policies");
    ASSERT_EQ(none.status, 200) << none.body;
    EXPECT_EQ(none.Json().at("version").as_int64(), 0);
    EXPECT_TRUE(none.Json().at("online").is_null());
    EXPECT_TRUE(none.Json().at("business").is_null());
    EXPECT_TRUE(none.Json().at("updated_at").is_null());

    HttpResponse by_staff = SetPolicy(staff, Within(500, "refuse"), 0);
    EXPECT_EQ(by_staff.status, 403) << by_staff.body;
    EXPECT_EQ(Reason(by_staff), "owner_only");

    HttpResponse saved = SetPolicy(owner_, Within(500, "refuse"), 0);
    ASSERT_EQ(saved.status, 200) << saved.body;
    json::value policy = saved.Json();
    EXPECT_EQ(policy.at("version").as_int64(), 1);
    EXPECT_EQ(policy.at("online").at("rule").as_string(), "within");
    EXPECT_EQ(policy.at("online").at("tolerance_bp").as_int64(), 500);
    EXPECT_EQ(policy.at("online").at("enforcement").as_string(), "refuse");
    EXPECT_TRUE(policy.at("business").is_null());

    // Bad values, each answered at its field; a stale version; none of them changes anything.
    struct Bad {
        json::object body;
        int status;
        const char* field;
        const char* code;
    };
    const Bad bad[] = {
        {{{"online", Within(0, "warn")}, {"version", 1}}, 422, "online.tolerance_bp", "out_of_range"},
        {{{"online", Within(5'001, "warn")}, {"version", 1}}, 422, "online.tolerance_bp", "out_of_range"},
        {{{"business", json::object{{"rule", "equal"}, {"tolerance_bp", 100}, {"enforcement", "warn"}}},
          {"version", 1}},
         422,
         "business.tolerance_bp",
         "not_allowed"},
        {{{"online", json::object{{"rule", "cheaper"}, {"enforcement", "warn"}}}, {"version", 1}},
         422,
         "online.rule",
         "unknown_rule"},
        {{{"online", json::object{{"rule", "equal"}, {"enforcement", "block"}}}, {"version", 1}},
         422,
         "online.enforcement",
         "unknown_enforcement"},
        {{{"online", json::object{{"rule", "within"}, {"tolerance_bp", 2.5}, {"enforcement", "warn"}}}, {"version", 1}},
         422,
         "online.tolerance_bp",
         nullptr},
        {{{"online", "5%"}, {"version", 1}}, 422, "online", "wrong_type"},
        {{{"online", Within(300, "warn")}}, 422, "version", "required"},
        {{{"online", Within(300, "warn")}, {"version", 0}}, 409, nullptr, nullptr},
        {{{"online", Within(300, "warn")}, {"version", 7}}, 409, nullptr, nullptr},
    };
    for (const auto& b : bad) {
        HttpResponse r = w.Call(owner_, "PUT", base_ + "/price-policies", b.body);
        SCOPED_TRACE(core::ToJson(b.body));
        EXPECT_EQ(r.status, b.status) << r.body;
        if (b.status == 409) {
            EXPECT_EQ(Reason(r), "version_changed");
        }
        if (b.field != nullptr) {
            json::value e = FieldError(r, b.field);
            ASSERT_FALSE(e.is_null()) << r.body;
            if (b.code != nullptr) {
                EXPECT_EQ(e.at("code").as_string(), b.code);
            }
        }
    }
    HttpResponse after = w.Call(owner_, "GET", base_ + "/price-policies");
    EXPECT_EQ(core::ToJson(after.Json()), core::ToJson(saved.Json())) << "nothing changed";
    HttpResponse audit = w.Call(owner_, "GET", base_ + "/audit-events?action=price_policy.changed");
    ASSERT_EQ(audit.status, 200) << audit.body;
    ASSERT_EQ(audit.Json().at("items").as_array().size(), 1u) << audit.body;
    EXPECT_EQ(audit.Json().at("items").as_array()[0].at("detail").at("online").as_string(), "within 5% refuse");

    // Keys by their scopes; another merchant's people and keys find nothing.
    Person reader = w.ApiKey(owner_, shop_, {"catalog:read"});
    Person writer = w.ApiKey(owner_, shop_, {"catalog:write"});
    EXPECT_EQ(w.Call(reader, "GET", base_ + "/price-policies").status, 200);
    HttpResponse read_only = SetPolicy(reader, nullptr, 1);
    EXPECT_EQ(read_only.status, 403);
    EXPECT_EQ(Reason(read_only), "scope_missing");
    HttpResponse by_key = SetPolicy(writer, Within(300, "warn"), 1);
    ASSERT_EQ(by_key.status, 200) << by_key.body;
    EXPECT_EQ(by_key.Json().at("version").as_int64(), 2);

    Person other = w.SignUp("other@example.kr", "이웃");
    std::string theirs = w.ApprovedMerchant(other, "해운대 꽃집", "1234567891");
    Person their_key = w.ApiKey(other, theirs, {"catalog:read", "catalog:write"});
    for (const Person* who : {&other, &their_key}) {
        EXPECT_EQ(w.Call(*who, "GET", base_ + "/price-policies").status, 404);
        EXPECT_EQ(SetPolicy(*who, nullptr, 2).status, 404);
        EXPECT_EQ(w.Call(*who, "GET", base_ + "/price-parity/violations").status, 404);
    }
    EXPECT_EQ(w.Call(owner_, "GET", base_ + "/price-policies").Json().at("version").as_int64(), 2);
    EXPECT_EQ(w.Call(other, "GET", "/api/v1/merchants/" + theirs + "/price-policies").Json().at("version").as_int64(),
              0)
        << "their own policies are untouched too";
}

TEST_P(PriceParityApiTest, ABreakingPriceIsRefusedOrSavedWithAWarning) {
    World& w = *world_;
    ASSERT_EQ(SetPolicy(owner_, Within(500, "refuse"), 0).status, 200);
    HttpResponse refused = w.Call(owner_, "POST", base_ + "/products", Product("MK", {9'600, 9'000}));
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(Reason(refused), "price_parity");
    json::value e = FieldError(refused, "variants[1].channel_prices[1].unit_price_won");
    ASSERT_FALSE(e.is_null()) << refused.body;
    EXPECT_EQ(e.at("code").as_string(), "price_parity");
    EXPECT_EQ(e.at("message").as_string(),
              "the online price 9,000 won is outside 9,500–10,500 won, the shop price 10,000 won ± 5%");
    EXPECT_EQ(e.at("params").at("price_won").as_int64(), 9'000);
    EXPECT_EQ(e.at("params").at("shop_price_won").as_int64(), 10'000);
    EXPECT_EQ(e.at("params").at("min_won").as_int64(), 9'500);
    EXPECT_EQ(e.at("params").at("max_won").as_int64(), 10'500);
    EXPECT_EQ(e.at("params").at("difference_bp").as_int64(), -1'000);
    EXPECT_EQ(refused.Json().at("errors").as_array().size(), 1u) << "the variant that keeps the policy is fine";
    EXPECT_TRUE(w.Call(owner_, "GET", base_ + "/products").Json().at("items").as_array().empty())
        << "nothing was saved";

    ASSERT_EQ(SetPolicy(owner_, Within(500, "warn"), 1).status, 200);
    HttpResponse made = w.Call(owner_, "POST", base_ + "/products", Product("MK", {9'600, 9'000}));
    ASSERT_EQ(made.status, 201) << made.body;
    json::value made_json = made.Json();
    const json::array& warnings = made_json.at("warnings").as_array();
    ASSERT_EQ(warnings.size(), 1u) << made.body;
    EXPECT_EQ(warnings[0].at("field").as_string(), "variants[1].channel_prices[1].unit_price_won");
    EXPECT_EQ(warnings[0].at("code").as_string(), "price_parity");
    EXPECT_EQ(warnings[0].at("params").at("enforcement").as_string(), "warn");
    std::string id(made.Json().at("id").as_string());
    EXPECT_TRUE(w.Call(owner_, "GET", base_ + "/products/" + id).Json().at("warnings").as_array().empty())
        << "a read has no warnings";

    // A replace is judged the same way; a fixed price saves without a word.
    json::object fixed = Product("MK", {9'600, 9'500});
    fixed["version"] = 1;
    HttpResponse replaced = w.Call(owner_, "PUT", base_ + "/products/" + id, fixed);
    ASSERT_EQ(replaced.status, 200) << replaced.body;
    EXPECT_TRUE(replaced.Json().at("warnings").as_array().empty());
    ASSERT_EQ(SetPolicy(owner_, json::object{{"rule", "equal"}, {"enforcement", "refuse"}}, 2).status, 200);
    json::object again = Product("MK", {9'600, 9'500});
    again["version"] = 2;
    again["title_ko"] = "고등어 (새 이름)";
    HttpResponse title_only = w.Call(owner_, "PUT", base_ + "/products/" + id, again);
    EXPECT_EQ(title_only.status, 422) << "a save is judged whole: " << title_only.body;
    EXPECT_EQ(title_only.Json().at("errors").as_array().size(), 2u);
    EXPECT_EQ(w.Call(owner_, "GET", base_ + "/products/" + id).Json().at("version").as_int64(), 2);
}

TEST_P(PriceParityApiTest, TheReportListsTheVariantsThatBreakThePolicyNow) {
    World& w = *world_;
    Person staff = w.SignUp("staff@example.kr", "직원");
    w.AddStaff(owner_, shop_, staff);
    HttpResponse empty = w.Call(owner_, "GET", base_ + "/price-parity/violations");
    ASSERT_EQ(empty.status, 200) << empty.body;
    EXPECT_TRUE(empty.Json().at("items").as_array().empty()) << "no policy";

    HttpResponse a = w.Call(owner_, "POST", base_ + "/products", Product("A", {8'900, 10'000, 12'000}));
    ASSERT_EQ(a.status, 201) << a.body;
    json::object on_sale = Product("B", {10'000});
    on_sale["variants"].as_array()[0].as_object()["sales"] =
        json::array{json::object{{"unit_price_won", 7'000},
                                 {"starts_at", "2020-01-01T00:00:00Z"},
                                 {"ends_at", "2099-01-01T00:00:00Z"},
                                 {"channel", "online"}}};
    HttpResponse b = w.Call(owner_, "POST", base_ + "/products", on_sale);
    ASSERT_EQ(b.status, 201) << b.body;
    ASSERT_EQ(SetPolicy(owner_, Within(1'000, "warn"), 0).status, 200);

    HttpResponse all = w.Call(staff, "GET", base_ + "/price-parity/violations");
    ASSERT_EQ(all.status, 200) << all.body;
    json::value page = all.Json();
    EXPECT_TRUE(page.at("next_cursor").is_null());
    EXPECT_FALSE(page.at("evaluated_at").as_string().empty());
    std::map<std::string, json::value> by_sku;
    for (const auto& item : page.at("items").as_array()) by_sku[std::string(item.at("sku").as_string())] = item;
    ASSERT_EQ(by_sku.size(), 3u) << all.body;
    ASSERT_TRUE(by_sku.contains("A-0") && by_sku.contains("A-2") && by_sku.contains("B-0")) << all.body;
    const json::value& sale = by_sku["B-0"];
    EXPECT_EQ(sale.at("product_id").as_string(), b.Json().at("id").as_string());
    EXPECT_EQ(sale.at("variant_id").as_string(), b.Json().at("variants").as_array()[0].at("id").as_string());
    EXPECT_EQ(sale.at("title_ko").as_string(), "고등어 B");
    EXPECT_EQ(sale.at("status").as_string(), "draft");
    const json::value& breach = sale.at("breaches").as_array().at(0);
    EXPECT_EQ(breach.at("price_list").as_string(), "online");
    EXPECT_EQ(breach.at("price_won").as_int64(), 7'000);
    EXPECT_EQ(breach.at("price_source").as_string(), "sale");
    EXPECT_EQ(breach.at("shop_price_won").as_int64(), 10'000);
    EXPECT_EQ(breach.at("min_won").as_int64(), 9'000);
    EXPECT_EQ(breach.at("max_won").as_int64(), 11'000);
    EXPECT_EQ(breach.at("difference_bp").as_int64(), -3'000);
    EXPECT_EQ(by_sku["A-2"].at("breaches").as_array().at(0).at("difference_bp").as_int64(), 2'000);

    // By pages of one.
    std::vector<std::string> seen;
    std::string target = base_ + "/price-parity/violations?limit=1";
    for (int i = 0; i < 10; ++i) {
        HttpResponse r = w.Call(owner_, "GET", target);
        ASSERT_EQ(r.status, 200) << r.body;
        json::value got = r.Json();
        for (const auto& item : got.at("items").as_array()) seen.emplace_back(item.at("sku").as_string());
        if (got.at("next_cursor").is_null()) break;
        target = base_ + "/price-parity/violations?limit=1&cursor=" + std::string(got.at("next_cursor").as_string());
    }
    EXPECT_EQ(seen.size(), 3u);
    EXPECT_EQ(w.Call(owner_, "GET", base_ + "/price-parity/violations?limit=0").status, 422);
    EXPECT_EQ(w.Call(owner_, "GET", base_ + "/price-parity/violations?limit=201").status, 422);
    HttpResponse bad_cursor = w.Call(owner_, "GET", base_ + "/price-parity/violations?cursor=abc");
    EXPECT_EQ(bad_cursor.status, 422);
    EXPECT_EQ(Reason(bad_cursor), "bad_cursor");
    Person reader = w.ApiKey(owner_, shop_, {"catalog:read"});
    EXPECT_EQ(w.Call(reader, "GET", base_ + "/price-parity/violations").status, 200);
    Person pos = w.ApiKey(owner_, shop_, {"orders:read"});
    EXPECT_EQ(w.Call(pos, "GET", base_ + "/price-parity/violations").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, PriceParityApiTest,
                         ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

// Routing and crediting of web orders by territory over HTTP, on both backends (docs/routing.md): the
// owner sets the routing policy (bad input answered 4xx with nothing changed); a shop whose territory
// overlaps another's is saved with a warning; a checkout to an address in a shop's territory is
// fulfilled there and, once paid, credits that shop at the policy's rate; a cancellation after payment
// reverses the credit, a partial return reverses its share; the ledger and the shop's channel report
// agree.
#include <gtest/gtest.h>

#include "world.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;

class OrderRoutingApiTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam());
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
        World& w = *world_;
        HttpResponse c = w.Call(w.admin(), "POST", "/api/v1/operator/categories",
                                json::object{{"code", "fish"}, {"name_ko", "수산물"}, {"name_en", "Fish"}});
        ASSERT_EQ(c.status, 201) << c.body;
        owner_ = w.SignUp("fish@example.kr", "사장");
        staff_ = w.SignUp("staff@example.kr", "직원");
        merchant_ = w.ApprovedMerchant(owner_, "자갈치 수산", "2208162517");
        w.AddStaff(owner_, merchant_, staff_);
        base_ = "/api/v1/merchants/" + merchant_;
        HttpResponse p =
            w.Call(owner_, "POST", base_ + "/products",
                   json::object{{"category_id", c.Json().at("id")},
                                {"title_ko", "고등어"},
                                {"variants", json::array{json::object{{"sku", "MK-1"}, {"base_price_won", 10'000}}}}});
        ASSERT_EQ(p.status, 201) << p.body;
        std::string product(p.Json().at("id").as_string());
        variant_ = std::string(p.Json().at("variants").as_array()[0].at("id").as_string());
        ASSERT_EQ(w.Call(owner_, "POST", base_ + "/products/" + product + "/status",
                         json::object{{"status", "active"}, {"version", 1}})
                      .status,
                  200);
        haeundae_ = Place("shop", "해운대점", "26350", "48058", json::array{"26350"}, json::array{});
        depot_ = Place("warehouse", "감천 창고", "26380", "49400", json::array{}, json::array{});
        Receive(haeundae_, 10);
        Receive(depot_, 10);

        Person other_owner = w.SignUp("other@example.kr", "옆사장");
        std::string other = w.ApprovedMerchant(other_owner, "해운대 꽃집", "1234567891");
        HttpResponse theirs = w.Call(other_owner, "POST", "/api/v1/merchants/" + other + "/locations",
                                     json::object{{"kind", "shop"},
                                                  {"name_ko", "꽃집"},
                                                  {"district_code", "26350"},
                                                  {"postal_code", "48058"},
                                                  {"road_address", "부산 해운대구 1"}});
        ASSERT_EQ(theirs.status, 201) << theirs.body;
        strangers_ = std::string(theirs.Json().at("id").as_string());
        buyer_ = w.SignUp("buyer@example.kr", "박손님");
    }

    std::string Place(const std::string& kind, const std::string& name, const std::string& district,
                      const std::string& postal, json::array districts, json::array ranges) {
        HttpResponse r = world_->Call(
            owner_, "POST", base_ + "/locations",
            json::object{{"kind", kind},
                         {"name_ko", name},
                         {"district_code", district},
                         {"postal_code", postal},
                         {"road_address", "부산 어딘가 1"},
                         {"pickup", kind == "shop"},
                         {"territory", json::object{{"districts", districts}, {"postal_ranges", ranges}}}});
        EXPECT_EQ(r.status, 201) << r.body;
        last_location_ = r.Json();
        return std::string(r.Json().at("id").as_string());
    }

    void Receive(const std::string& location, std::int64_t units) {
        HttpResponse r = world_->Call(owner_, "POST", base_ + "/stock/adjustments",
                                      json::object{{"adjustments", json::array{json::object{{"location_id", location},
                                                                                            {"variant_id", variant_},
                                                                                            {"delta", units},
                                                                                            {"reason", "receipt"}}}}});
        EXPECT_EQ(r.status, 200) << r.body;
    }

    // The buyer orders `quantity` for delivery to `postal`, by bank transfer; answers the order id.
    std::string Order(std::int64_t quantity, const std::string& postal, const std::string& key) {
        World& w = *world_;
        EXPECT_EQ(
            w.Call(buyer_, "POST", "/api/v1/cart/lines", json::object{{"variant_id", variant_}, {"quantity", quantity}})
                .status,
            200);
        HttpResponse r = w.Call(
            buyer_, "POST", "/api/v1/checkouts",
            core::ToJson(json::object{
                {"email", buyer_.email},
                {"name", "박손님"},
                {"phone", "010-2345-6789"},
                {"payment_method", "bank_transfer"},
                {"orders", json::array{json::object{{"merchant_id", merchant_},
                                                    {"fulfilment", "delivery"},
                                                    {"address", json::object{{"recipient", "박손님"},
                                                                             {"phone", "010-2345-6789"},
                                                                             {"postal_code", postal},
                                                                             {"road_address", "부산 어딘가 2"}}}}}}}),
            {{"Idempotency-Key", key}});
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? std::string(r.Json().at("orders").as_array()[0].at("id").as_string()) : "";
    }

    json::value GetOrder(const std::string& order) {
        HttpResponse r = world_->Call(owner_, "GET", base_ + "/orders/" + order);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.Json();
    }

    HttpResponse Step(const std::string& order, const std::string& path, json::object body) {
        body["version"] = GetOrder(order).at("version").as_int64();
        return world_->Call(owner_, "POST", base_ + "/orders/" + order + path, body);
    }

    json::value Credits(const std::string& query = "") {
        HttpResponse r = world_->Call(owner_, "GET", base_ + "/credits" + query);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.Json();
    }

    json::value Report(const std::string& location) {
        HttpResponse r = world_->Call(staff_, "GET", base_ + "/locations/" + location + "/channel-report");
        EXPECT_EQ(r.status, 200) << r.body;
        return r.Json();
    }

    static std::string Reason(const HttpResponse& r) {
        std::string type(r.Json().at("type").as_string());
        return type.substr(type.rfind('/') + 1);
    }
    static bool HasField(const HttpResponse& r, std::string_view field, std::string_view code) {
        json::value doc = r.Json();
        if (!doc.as_object().contains("errors")) return false;
        for (const auto& e : doc.at("errors").as_array()) {
            if (e.at("field").as_string() == field && e.at("code").as_string() == code) return true;
        }
        return false;
    }

    std::unique_ptr<World> world_;
    Person owner_, staff_, buyer_;
    std::string merchant_, base_, variant_, haeundae_, depot_, strangers_;
    json::value last_location_;
};

TEST_P(OrderRoutingApiTest, ThePolicyIsTheOwnersAndBadInputChangesNothing) {
    World& w = *world_;
    HttpResponse fresh = w.Call(staff_, "GET", base_ + "/routing");
    ASSERT_EQ(fresh.status, 200) << fresh.body;
    EXPECT_EQ(fresh.Json().at("version").as_int64(), 0);
    EXPECT_TRUE(fresh.Json().at("allow_split").as_bool());
    EXPECT_EQ(fresh.Json().at("commission_bp").as_int64(), 0);

    json::object good{
        {"priorities", json::array{depot_, haeundae_}}, {"allow_split", false}, {"commission_bp", 300}, {"version", 0}};
    EXPECT_EQ(w.Call(staff_, "PUT", base_ + "/routing", good).status, 403) << "owners only";
    HttpResponse saved = w.Call(owner_, "PUT", base_ + "/routing", good);
    ASSERT_EQ(saved.status, 200) << saved.body;
    EXPECT_EQ(saved.Json().at("version").as_int64(), 1);
    EXPECT_EQ(saved.Json().at("priorities").as_array()[0].as_string(), depot_);

    struct Bad {
        const char* name;
        json::object body;
        int status;
        std::string field, code;
    };
    auto with = [&](std::string_view key, json::value v) {
        json::object b = good;
        b["version"] = 1;
        b[key] = std::move(v);
        return b;
    };
    const std::vector<Bad> cases = {
        {"unknown location", with("priorities", json::array{"loc_0000000000009"}), 422, "priorities[0]",
         "unknown_location"},
        {"another merchant's location", with("priorities", json::array{haeundae_, strangers_}), 422, "priorities[1]",
         "unknown_location"},
        {"listed twice", with("priorities", json::array{haeundae_, haeundae_}), 422, "priorities[1]",
         "duplicate_location"},
        {"not an id", with("priorities", json::array{"ord_0000000000009"}), 422, "priorities[0]", "malformed_id"},
        {"rate above 100 %", with("commission_bp", 10'001), 422, "commission_bp", "out_of_range"},
        {"negative rate", with("commission_bp", -1), 422, "commission_bp", "out_of_range"},
        {"a fraction of a point", with("commission_bp", 2.5), 422, "commission_bp", ""},
        {"the version of before", with("version", 0), 409, "", ""},
        {"a version never seen", with("version", 9), 409, "", ""},
    };
    for (const Bad& c : cases) {
        SCOPED_TRACE(c.name);
        HttpResponse r = w.Call(owner_, "PUT", base_ + "/routing", c.body);
        EXPECT_EQ(r.status, c.status) << r.body;
        if (c.status == 409) {
            EXPECT_EQ(Reason(r), "version_changed");
        }
        if (!c.code.empty()) {
            EXPECT_TRUE(HasField(r, c.field, c.code)) << r.body;
        } else if (!c.field.empty()) {
            EXPECT_NE(r.body.find(c.field), std::string::npos) << r.body;
        }
    }
    HttpResponse after = w.Call(owner_, "GET", base_ + "/routing");
    EXPECT_EQ(after.Json().at("version").as_int64(), 1) << "nothing changed";
    EXPECT_EQ(after.Json().at("commission_bp").as_int64(), 300);
    EXPECT_FALSE(after.Json().at("allow_split").as_bool());
    HttpResponse audit = w.Call(owner_, "GET", base_ + "/audit-events?action=routing.policy_changed");
    ASSERT_EQ(audit.status, 200) << audit.body;
    EXPECT_EQ(audit.Json().at("items").as_array().size(), 1u);

    // Reports and the ledger: bad dates and filters are refused.
    HttpResponse bad_day = w.Call(owner_, "GET", base_ + "/locations/" + haeundae_ + "/channel-report?from=2026-13-01");
    EXPECT_EQ(bad_day.status, 422);
    EXPECT_TRUE(HasField(bad_day, "from", "invalid_date"));
    EXPECT_EQ(w.Call(owner_, "GET", base_ + "/locations/" + haeundae_ + "/channel-report?from=2026-03-02&to=2026-03-01")
                  .status,
              422);
    EXPECT_EQ(w.Call(owner_, "GET", base_ + "/locations/" + haeundae_ + "/channel-report?from=2024-01-01&to=2026-01-01")
                  .status,
              422)
        << "over 366 days";
    EXPECT_EQ(w.Call(owner_, "GET", base_ + "/locations/" + strangers_ + "/channel-report").status, 404);
    EXPECT_EQ(w.Call(owner_, "GET", base_ + "/credits?location_id=nope").status, 422);
}

TEST_P(OrderRoutingApiTest, AnOverlappingTerritoryIsSavedWithAWarning) {
    World& w = *world_;
    EXPECT_TRUE(last_location_.at("warnings").as_array().empty()) << "the warehouse has no territory";
    Place("shop", "센텀점", "26350", "48058", json::array{}, json::array{json::array{"48050", "48250"}});
    const json::array& warnings = last_location_.at("warnings").as_array();
    ASSERT_EQ(warnings.size(), 1u) << core::ToJson(last_location_);
    EXPECT_EQ(warnings[0].at("code").as_string(), "territory_overlap");
    EXPECT_EQ(warnings[0].at("location_id").as_string(), haeundae_);
    EXPECT_EQ(warnings[0].at("name_ko").as_string(), "해운대점");
    EXPECT_TRUE(warnings[0].at("districts").as_array().empty());
    ASSERT_EQ(warnings[0].at("postal_ranges").as_array().size(), 1u);
    EXPECT_EQ(warnings[0].at("postal_ranges").as_array()[0].as_array()[0].as_string(), "48050");
    EXPECT_EQ(warnings[0].at("postal_ranges").as_array()[0].as_array()[1].as_string(), "48199");
    // The shop it overlaps says so too, when read.
    HttpResponse theirs = w.Call(owner_, "GET", base_ + "/locations/" + haeundae_);
    ASSERT_EQ(theirs.status, 200);
    EXPECT_EQ(theirs.Json().at("warnings").as_array().size(), 1u);
}

TEST_P(OrderRoutingApiTest, TheTerritoryShopIsCreditedAndReversedWithCancelsAndReturns) {
    World& w = *world_;
    ASSERT_EQ(
        w.Call(owner_, "PUT", base_ + "/routing",
               json::object{
                   {"priorities", json::array{depot_}}, {"allow_split", true}, {"commission_bp", 300}, {"version", 0}})
            .status,
        200);

    // An address in 해운대구 (by its postal code): the 해운대 shop fulfils it, ahead of the priorities.
    std::string first = Order(2, "48099", "route-1");
    json::value placed = GetOrder(first);
    const json::value& routing = placed.at("routing");
    EXPECT_EQ(routing.at("reason").as_string(), "territory");
    EXPECT_EQ(routing.at("location").at("id").as_string(), haeundae_);
    EXPECT_EQ(routing.at("location").at("name_ko").as_string(), "해운대점");
    EXPECT_EQ(routing.at("credit_reason").as_string(), "territory");
    EXPECT_EQ(routing.at("credited_location").at("id").as_string(), haeundae_);
    EXPECT_TRUE(routing.at("credits").as_array().empty()) << "credited when paid";
    EXPECT_EQ(placed.at("lines").as_array()[0].at("location_id").as_string(), haeundae_);

    // An address nobody's territory holds goes by priority and credits nobody.
    std::string far = Order(1, "49400", "route-2");
    EXPECT_EQ(GetOrder(far).at("routing").at("reason").as_string(), "priority");
    EXPECT_EQ(GetOrder(far).at("routing").at("location").at("id").as_string(), depot_);
    EXPECT_EQ(GetOrder(far).at("routing").at("credit_reason").as_string(), "no_territory");
    EXPECT_TRUE(GetOrder(far).at("routing").at("credited_location").is_null());
    ASSERT_EQ(Step(far, "/payment-confirmation", {}).status, 200);

    // Paid: one credit of 20,000원 at 3 %.
    ASSERT_EQ(Step(first, "/payment-confirmation", {}).status, 200);
    json::value credits = Credits();
    ASSERT_EQ(credits.at("items").as_array().size(), 1u) << "the far order credits nobody";
    const json::value& credit = credits.at("items").as_array()[0];
    EXPECT_EQ(credit.at("kind").as_string(), "credit");
    EXPECT_EQ(credit.at("location_id").as_string(), haeundae_);
    EXPECT_EQ(credit.at("order_id").as_string(), first);
    EXPECT_EQ(credit.at("goods_won").as_int64(), 20'000);
    EXPECT_EQ(credit.at("commission_won").as_int64(), 600);
    EXPECT_EQ(credit.at("rate_bp").as_int64(), 300);
    EXPECT_EQ(GetOrder(first).at("routing").at("credits").as_array().size(), 1u);

    // Cancelled after payment: the credit is reversed in full.
    ASSERT_EQ(Step(first, "/cancel", {{"reason", "품절"}}).status, 200);
    credits = Credits();
    ASSERT_EQ(credits.at("items").as_array().size(), 2u);
    json::value reversal = credits.at("items").as_array()[0];
    EXPECT_EQ(reversal.at("kind").as_string(), "reversal");
    EXPECT_EQ(reversal.at("goods_won").as_int64(), -20'000);
    EXPECT_EQ(reversal.at("commission_won").as_int64(), -600);
    EXPECT_EQ(GetOrder(first).at("routing").at("credited_goods_won").as_int64(), 0);

    // Another order of 3, delivered; one unit comes back with its money: a third of the credit goes.
    std::string second = Order(3, "48058", "route-3");
    ASSERT_EQ(Step(second, "/payment-confirmation", {}).status, 200);
    ASSERT_EQ(Step(second, "/status", {{"status", "preparing"}}).status, 200);
    ASSERT_EQ(
        Step(second, "/status", {{"status", "shipped"}, {"carrier", "CJ대한통운"}, {"tracking_number", "1234"}}).status,
        200);
    ASSERT_EQ(Step(second, "/status", {{"status", "delivered"}}).status, 200);
    json::object ret{{"lines", json::array{json::object{{"line_no", 1}, {"quantity", 1}}}},
                     {"refund_won", 10'000},
                     {"restock", true},
                     {"reason", "파손"}};
    for (int attempt = 0; attempt < 2; ++attempt) {
        HttpResponse r = w.Call(owner_, "POST", base_ + "/orders/" + second + "/returns", core::ToJson(ret),
                                {{"Idempotency-Key", "return-1"}});
        ASSERT_EQ(r.status, 201) << r.body;
    }
    json::value mine = Credits("?location_id=" + haeundae_);
    const json::array& items = mine.at("items").as_array();
    ASSERT_EQ(items.size(), 4u) << "credit and reversal of each order; the retried return reversed once";
    EXPECT_EQ(items[0].at("kind").as_string(), "reversal");
    EXPECT_EQ(items[0].at("order_id").as_string(), second);
    EXPECT_EQ(items[0].at("goods_won").as_int64(), -10'000);
    EXPECT_EQ(items[0].at("commission_won").as_int64(), -300);
    EXPECT_FALSE(items[0].at("return_id").is_null());
    EXPECT_TRUE(Credits("?location_id=" + depot_).at("items").as_array().empty());

    // Pages of one, newest first, through every entry.
    std::size_t seen = 0;
    std::string cursor;
    for (int page = 0; page < 10; ++page) {
        json::value p = Credits("?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor));
        seen += p.at("items").as_array().size();
        if (p.at("next_cursor").is_null()) break;
        cursor = std::string(p.at("next_cursor").as_string());
    }
    EXPECT_EQ(seen, 4u);

    // The shop's report: what it shipped (the cancelled order not counted), what it was credited.
    json::value report = Report(haeundae_);
    EXPECT_EQ(report.at("location").at("id").as_string(), haeundae_);
    EXPECT_EQ(report.at("counter").at("sales").at("count").as_int64(), 0) << "no counter sales here";
    EXPECT_EQ(report.at("counter").at("net_won").as_int64(), 0);
    EXPECT_EQ(report.at("online_fulfilled").at("orders").as_int64(), 1);
    EXPECT_EQ(report.at("online_fulfilled").at("goods_won").as_int64(), 30'000);
    EXPECT_EQ(report.at("online_fulfilled").at("returned_won").as_int64(), 10'000);
    const json::value& credited = report.at("online_credited");
    EXPECT_EQ(credited.at("orders").as_int64(), 2);
    EXPECT_EQ(credited.at("goods_won").as_int64(), 50'000);
    EXPECT_EQ(credited.at("commission_won").as_int64(), 1'500);
    EXPECT_EQ(credited.at("reversals").as_int64(), 2);
    EXPECT_EQ(credited.at("reversed_goods_won").as_int64(), 30'000);
    EXPECT_EQ(credited.at("net_goods_won").as_int64(), 20'000);
    EXPECT_EQ(credited.at("net_commission_won").as_int64(), 600);
    json::value depot = Report(depot_);
    EXPECT_EQ(depot.at("online_fulfilled").at("orders").as_int64(), 1) << "the far order";
    EXPECT_EQ(depot.at("online_credited").at("orders").as_int64(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, OrderRoutingApiTest,
                         ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

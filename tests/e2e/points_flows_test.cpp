// Points at the counter and at checkout over HTTP on both backends (issue 7; docs/consents-and-points.md,
// docs/pos.md, docs/orders.md): a merchant's policy makes a POS sale with a customer's mobile number earn
// exact points (a member's number spends and earns on the member's imported points), a points tender
// redeems them, a tender beyond the balance or below the minimum stands as a `points_short` exception,
// and returns and voids take back what their sale earned and give back what it redeemed; a signed-in
// buyer earns on a paid web order, spends points at checkout (never the whole of an order), is refused bad
// points with nothing changed, and gets them back when the order is cancelled, paid or not. Another
// merchant reaches none of it. After every step the ledger adds up to the balance.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

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
        const json::value doc = r.Json();
        for (const auto& e : doc.at("errors").as_array()) {
            if (e.at("field").as_string() == field && e.at("code").as_string() == code) return true;
        }
    } catch (...) {
    }
    return false;
}

struct Shop {
    Person owner;
    std::string id, base, location, variant;
};

class PointsFlowsTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam());
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
        World& w = *world_;
        HttpResponse c = w.Call(w.admin(), "POST", "/api/v1/operator/categories",
                                json::object{{"code", "fish"}, {"name_ko", "수산물"}, {"name_en", "Fish"}});
        ASSERT_EQ(c.status, 201) << c.body;
        category_ = std::string(c.Json().at("id").as_string());
        fish_ = MakeShop("fish@example.kr", "자갈치 수산", "2208162517", "MK-500", 9'900, "taxable");
        bakery_ = MakeShop("bread@example.kr", "광안리 빵집", "1234567891", "BR-1", 4'500, "exempt");
        buyer_ = w.SignUp("buyer@example.kr", "박손님");
        HttpResponse d = w.Call(fish_.owner, "POST", fish_.base + "/pos/devices",
                                json::object{{"name", "1번 계산대"}, {"location_id", fish_.location}});
        ASSERT_EQ(d.status, 201) << d.body;
        device_.id = std::string(d.Json().at("device").at("id").as_string());
        device_.key_secret = std::string(d.Json().at("secret").as_string());
    }

    Shop MakeShop(const std::string& email, const std::string& name, const std::string& number, const std::string& sku,
                  std::int64_t price, const std::string& vat) {
        World& w = *world_;
        Shop s;
        s.owner = w.SignUp(email, "사장");
        s.id = w.ApprovedMerchant(s.owner, name, number);
        s.base = "/api/v1/merchants/" + s.id;
        HttpResponse p =
            w.Call(s.owner, "POST", s.base + "/products",
                   json::object{{"category_id", category_},
                                {"title_ko", name + " 대표 상품"},
                                {"vat", vat},
                                {"variants", json::array{json::object{{"sku", sku}, {"base_price_won", price}}}}});
        EXPECT_EQ(p.status, 201) << p.body;
        std::string product(p.Json().at("id").as_string());
        s.variant = std::string(p.Json().at("variants").as_array()[0].at("id").as_string());
        EXPECT_EQ(w.Call(s.owner, "POST", s.base + "/products/" + product + "/status",
                         json::object{{"status", "active"}, {"version", 1}})
                      .status,
                  200);
        HttpResponse loc = w.Call(s.owner, "POST", s.base + "/locations",
                                  json::object{{"kind", "shop"},
                                               {"name_ko", name + " 본점"},
                                               {"district_code", "26500"},
                                               {"postal_code", "48303"},
                                               {"road_address", "부산 수영구 광안해변로 219"},
                                               {"pickup", true}});
        EXPECT_EQ(loc.status, 201) << loc.body;
        s.location = std::string(loc.Json().at("id").as_string());
        HttpResponse in = w.Call(s.owner, "POST", s.base + "/stock/adjustments",
                                 json::object{{"adjustments", json::array{json::object{{"location_id", s.location},
                                                                                       {"variant_id", s.variant},
                                                                                       {"delta", 30},
                                                                                       {"reason", "receipt"}}}}});
        EXPECT_EQ(in.status, 200) << in.body;
        return s;
    }

    void SetPolicy(const Shop& s, std::int64_t earn_bp, std::int64_t expiry_days, std::int64_t min_redeem) {
        HttpResponse r =
            world_->Call(s.owner, "PUT", s.base + "/point-policy",
                         json::object{{"earn_bp", earn_bp}, {"expiry_days", expiry_days}, {"min_redeem", min_redeem}});
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.Json().at("earn_bp").as_int64(), earn_bp);
    }

    // ---- the counter ----

    // A device sale of `units` of the fish shop's item at its price, paid by `payments` ({method, amount}).
    HttpResponse Sell(const std::string& sale_id, std::int64_t units, json::array payments, const std::string& at,
                      const std::string& phone = "010-1111-2222") {
        json::object sale{
            {"sale_id", sale_id},
            {"sold_at", at},
            {"receipt_no", "R-" + sale_id},
            {"lines", json::array{json::object{{"code", "MK-500"}, {"quantity", units}, {"unit_price", 9'900}}}},
            {"payments", std::move(payments)}};
        if (!phone.empty()) sale["customer"] = json::object{{"phone", phone}};
        return world_->Call(device_, "POST", fish_.base + "/pos/sales", sale);
    }

    // The server's id of a sale just recorded (its points refs name it).
    static std::string SaleId(const HttpResponse& r) {
        return r.status / 100 == 2 ? std::string(r.Json().at("sale").at("id").as_string()) : std::string();
    }

    static json::array Pay(std::int64_t cash, std::int64_t points = 0) {
        json::array out;
        if (points != 0) out.push_back(json::object{{"method", "points"}, {"amount", points}});
        if (cash != 0) out.push_back(json::object{{"method", "cash"}, {"amount", cash}});
        return out;
    }

    // ---- points ----

    // A customer's points at `s` as its owner reads them; checks that the ledger adds up to the balance
    // (the deltas, and what is left of the credits).
    json::value Points(const Shop& s, const std::string& person) {
        HttpResponse r = world_->Call(s.owner, "GET", s.base + "/customers/" + person + "/points?limit=200");
        EXPECT_EQ(r.status, 200) << r.body;
        if (r.status != 200) return json::value(nullptr);
        json::value doc = r.Json();
        std::int64_t deltas = 0, remaining = 0;
        for (const auto& e : doc.at("items").as_array()) {
            deltas += e.at("delta").as_int64();
            remaining += e.at("remaining").as_int64();
            EXPECT_GE(e.at("remaining").as_int64(), 0) << core::ToJson(e);
        }
        EXPECT_EQ(deltas, doc.at("balance").as_int64()) << "the ledger sums to the balance: " << r.body;
        EXPECT_EQ(remaining, doc.at("balance").as_int64()) << "what is left of the credits is the balance: " << r.body;
        return doc;
    }

    std::int64_t Balance(const Shop& s, const std::string& person) {
        json::value doc = Points(s, person);
        return doc.is_null() ? -1 : doc.at("balance").as_int64();
    }

    // The ledger as "kind ref delta", sorted (entries made in one transaction share their time).
    std::vector<std::string> Ledger(const Shop& s, const std::string& person) {
        std::vector<std::string> out;
        json::value doc = Points(s, person);
        if (doc.is_null()) return out;
        for (const auto& e : doc.at("items").as_array()) {
            out.push_back(std::string(e.at("kind").as_string()) + " " + std::string(e.at("ref").as_string()) + " " +
                          std::to_string(e.at("delta").as_int64()));
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    static std::vector<std::string> Sorted(std::vector<std::string> v) {
        std::sort(v.begin(), v.end());
        return v;
    }

    // ---- the web ----

    HttpResponse AddToCart(const Shop& s, std::int64_t quantity) {
        return world_->Call(buyer_, "POST", "/api/v1/cart/lines",
                            json::object{{"variant_id", s.variant}, {"quantity", quantity}});
    }

    static json::object Pickup(const Shop& s) {
        return json::object{{"merchant_id", s.id}, {"fulfilment", "pickup"}, {"pickup_location_id", s.location}};
    }

    json::object CheckoutBody(const std::string& method, json::array orders, json::array points = {}) {
        json::object body{{"email", buyer_.email},
                          {"name", "박손님"},
                          {"phone", "010-2345-6789"},
                          {"payment_method", method},
                          {"orders", std::move(orders)}};
        if (!points.empty()) body["points"] = std::move(points);
        return body;
    }

    HttpResponse Checkout(const json::object& body, const std::string& key) {
        return world_->Call(buyer_, "POST", "/api/v1/checkouts", core::ToJson(body), {{"Idempotency-Key", key}});
    }

    HttpResponse PayByCard(const std::string& checkout, const std::string& key) {
        return world_->Call(
            buyer_, "POST", "/api/v1/checkouts/" + checkout + "/card-payments",
            core::ToJson(json::object{
                {"card", json::object{{"number", "4242424242424242"}, {"expiry", "12/39"}, {"cvc", "123"}}}}),
            {{"Idempotency-Key", key}});
    }

    static json::value OrderOf(const HttpResponse& checkout, const Shop& s) {
        const json::value doc = checkout.Json();
        for (const auto& o : doc.at("orders").as_array()) {
            if (o.at("merchant_id").as_string() == s.id) return o;
        }
        ADD_FAILURE() << "no order of " << s.id << " in " << checkout.body;
        return json::value(nullptr);
    }

    json::object StockOf(const Shop& s) {
        HttpResponse r = world_->Call(s.owner, "GET", s.base + "/stock");
        EXPECT_EQ(r.status, 200) << r.body;
        return r.Json().at("items").as_array()[0].at("levels").as_array()[0].as_object();
    }

    // The buyer's person at `s`, found by the merchant by the buyer's e-mail.
    std::string BuyerPerson(const Shop& s) {
        HttpResponse r = world_->Call(s.owner, "GET", s.base + "/customers?q=" + buyer_.email);
        EXPECT_EQ(r.status, 200) << r.body;
        const json::value doc = r.Json();
        const json::array& items = doc.at("items").as_array();
        EXPECT_EQ(items.size(), 1u) << r.body;
        return items.empty() ? std::string() : std::string(items[0].at("id").as_string());
    }

    std::unique_ptr<World> world_;
    std::string category_;
    Shop fish_, bakery_;
    Person buyer_, device_;
};

TEST_P(PointsFlowsTest, CounterSalesEarnAndRedeemAndReturnsAndVoidsUndoThem) {
    World& w = *world_;
    SetPolicy(fish_, 1'000, 365, 100);  // 10 %, a year, at least 100 points a redemption

    // A sale paid in cash earns 10 % of it.
    HttpResponse s1 = Sell("s1", 2, Pay(19'800), "2026-11-20T10:00:00+09:00");
    ASSERT_EQ(s1.status, 201) << s1.body;
    HttpResponse found = w.Call(device_, "GET", fish_.base + "/pos/customers?phone=01011112222");
    ASSERT_EQ(found.status, 200) << found.body;
    ASSERT_EQ(found.Json().at("items").as_array().size(), 1u) << found.body;
    const std::string person(found.Json().at("items").as_array()[0].at("id").as_string());
    EXPECT_EQ(found.Json().at("items").as_array()[0].at("points").as_int64(), 1'980);
    const std::string r1 = "pos_sale:" + SaleId(s1);
    EXPECT_EQ(Ledger(fish_, person), std::vector<std::string>{"earn " + r1 + " 1980"});

    // A points tender redeems before the sale earns on what was paid in money.
    HttpResponse s2 = Sell("s2", 2, Pay(18'800, 1'000), "2026-11-20T10:05:00+09:00");
    ASSERT_EQ(s2.status, 201) << s2.body;
    EXPECT_EQ(s2.Json().at("sale").at("exceptions").as_int64(), 0);
    const std::string r2 = "pos_sale:" + SaleId(s2);
    EXPECT_EQ(Balance(fish_, person), 1'980 - 1'000 + 1'880);
    // The same upload again changes nothing.
    HttpResponse again = Sell("s2", 2, Pay(18'800, 1'000), "2026-11-20T10:05:00+09:00");
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.Json().at("status").as_string(), "duplicate");
    EXPECT_EQ(Balance(fish_, person), 2'860);

    // Beyond the balance, and below the minimum: the sale stands, nothing is taken, an exception each.
    HttpResponse s3 = Sell("s3", 1, Pay(4'900, 5'000), "2026-11-20T10:10:00+09:00");
    ASSERT_EQ(s3.status, 201) << s3.body;
    EXPECT_EQ(s3.Json().at("sale").at("exceptions").as_int64(), 1);
    EXPECT_EQ(Balance(fish_, person), 2'860 + 490) << "earned on the 4,900 paid in money";
    HttpResponse s4 = Sell("s4", 1, Pay(9'850, 50), "2026-11-20T10:15:00+09:00");
    ASSERT_EQ(s4.status, 201) << s4.body;
    EXPECT_EQ(s4.Json().at("sale").at("exceptions").as_int64(), 1);
    EXPECT_EQ(Balance(fish_, person), 3'350 + 985);
    HttpResponse exceptions = w.Call(fish_.owner, "GET", fish_.base + "/pos/exceptions");
    ASSERT_EQ(exceptions.status, 200) << exceptions.body;
    std::vector<std::string> shorts;
    const json::value raised = exceptions.Json();
    for (const auto& e : raised.at("items").as_array()) {
        EXPECT_EQ(e.at("kind").as_string(), "points_short") << core::ToJson(e);
        EXPECT_EQ(e.at("line_no").as_int64(), 0);
        EXPECT_EQ(e.at("code").as_string(), "points");
        shorts.push_back(std::string(e.at("sale").at("sale_id").as_string()) + " " +
                         std::to_string(e.at("charged_price").as_int64()) + " of " +
                         std::to_string(e.at("expected_price").as_int64()));
    }
    EXPECT_EQ(Sorted(shorts), (std::vector<std::string>{"s3 5000 of 2860", "s4 50 of 3350"}))
        << "charged: the points tendered; expected: the balance there was";

    // A return of half of s2, paid back 500 in points and 9,400 in cash: the earn on the money comes back
    // in proportion (1,880 × 9,400 / 18,800), the points as a new credit.
    json::object ret{{"sale_id", "r2"},
                     {"kind", "return"},
                     {"original_sale_id", "s2"},
                     {"sold_at", "2026-11-20T11:00:00+09:00"},
                     {"lines", json::array{json::object{{"code", "MK-500"}, {"quantity", 1}, {"unit_price", 9'900}}}},
                     {"payments", Pay(9'400, 500)}};
    HttpResponse returned = w.Call(device_, "POST", fish_.base + "/pos/sales", ret);
    ASSERT_EQ(returned.status, 201) << returned.body;
    const std::string back2 = "pos_return:" + SaleId(returned);
    EXPECT_EQ(Balance(fish_, person), 4'335 - 940 + 500);

    // A void of s1: its earn comes back, but only what is left of it (s2 spent 1,000 of its 1,980).
    HttpResponse v1 = w.Call(
        device_, "POST", fish_.base + "/pos/sales",
        json::object{
            {"sale_id", "v1"}, {"kind", "void"}, {"original_sale_id", "s1"}, {"sold_at", "2026-11-20T11:05:00+09:00"}});
    ASSERT_EQ(v1.status, 201) << v1.body;
    const std::string back1 = "pos_return:" + SaleId(v1);
    EXPECT_EQ(Balance(fish_, person), 3'895 - 980);

    // A sale with points, voided: its redemption and its earn both undone.
    HttpResponse s5 = Sell("s5", 1, Pay(9'000, 900), "2026-11-20T11:10:00+09:00");
    ASSERT_EQ(s5.status, 201) << s5.body;
    const std::string r5 = "pos_sale:" + SaleId(s5);
    EXPECT_EQ(Balance(fish_, person), 2'915 - 900 + 900);
    HttpResponse v5 = w.Call(
        device_, "POST", fish_.base + "/pos/sales",
        json::object{
            {"sale_id", "v5"}, {"kind", "void"}, {"original_sale_id", "s5"}, {"sold_at", "2026-11-20T11:15:00+09:00"}});
    ASSERT_EQ(v5.status, 201) << v5.body;
    const std::string back5 = "pos_return:" + SaleId(v5);
    EXPECT_EQ(Balance(fish_, person), 2'915);

    // The whole ledger, entry by entry.
    EXPECT_EQ(Ledger(fish_, person),
              Sorted({"earn " + r1 + " 1980", "redeem " + r2 + " -1000", "earn " + r2 + " 1880",
                      "earn pos_sale:" + SaleId(s3) + " 490", "earn pos_sale:" + SaleId(s4) + " 985",
                      "reverse_earn " + back2 + " -940", "reverse_redeem " + r2 + "/" + back2 + " 500",
                      "reverse_earn " + back1 + " -980", "redeem " + r5 + " -900", "earn " + r5 + " 900",
                      "reverse_earn " + back5 + " -900", "reverse_redeem " + r5 + " 900"}));
    // The counter's lookup and the back office's list agree with the ledger.
    HttpResponse counter = w.Call(device_, "GET", fish_.base + "/pos/customers?phone=010-1111-2222");
    ASSERT_EQ(counter.status, 200) << counter.body;
    EXPECT_EQ(counter.Json().at("items").as_array()[0].at("points").as_int64(), 2'915);
    HttpResponse listed = w.Call(fish_.owner, "GET", fish_.base + "/customers");
    ASSERT_EQ(listed.status, 200) << listed.body;
    EXPECT_EQ(listed.Json().at("items").as_array()[0].at("points").as_int64(), 2'915);
    EXPECT_EQ(listed.Json().at("items").as_array()[0].at("total_won").as_int64(),
              2 * 19'800 + 3 * 9'900 - 9'900 - 19'800 - 9'900);
}

TEST_P(PointsFlowsTest, AMembersMobileNumberAtTheCounterSpendsAndEarnsOnTheMembersPoints) {
    World& w = *world_;
    SetPolicy(fish_, 1'000, 0, 100);
    // The shop's membership list, with a member's legacy points.
    HttpResponse queued = w.Call(fish_.owner, "POST", fish_.base + "/member-imports",
                                 std::string("회원번호,이름,휴대폰,포인트\r\nM-001,김민준,01012345678,\"1,200\"\r\n"),
                                 {{"Content-Type", "text/csv"}});
    ASSERT_EQ(queued.status, 202) << queued.body;
    const std::string job = queued.Header("location").value_or("");
    std::string status;
    for (int i = 0; i < 400 && status != "succeeded" && status != "failed"; ++i) {
        if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        HttpResponse now = w.Call(fish_.owner, "GET", job);
        ASSERT_EQ(now.status, 200) << now.body;
        status = std::string(now.Json().at("status").as_string());
    }
    ASSERT_EQ(status, "succeeded");
    HttpResponse member = w.Call(device_, "GET", fish_.base + "/pos/customers?phone=010-1234-5678");
    ASSERT_EQ(member.status, 200) << member.body;
    ASSERT_EQ(member.Json().at("items").as_array().size(), 1u) << member.body;
    const std::string person(member.Json().at("items").as_array()[0].at("person_id").as_string());
    EXPECT_EQ(member.Json().at("items").as_array()[0].at("points").as_int64(), 1'200);

    // The number typed at the counter finds the member: the tender takes the legacy points, the rest earns.
    HttpResponse sale = Sell("m1", 1, Pay(8'900, 1'000), "2026-11-20T10:00:00+09:00", "01012345678");
    ASSERT_EQ(sale.status, 201) << sale.body;
    EXPECT_EQ(sale.Json().at("sale").at("exceptions").as_int64(), 0) << "the member's points covered the tender";
    const std::string ref = "pos_sale:" + SaleId(sale);
    std::vector<std::string> ledger = Ledger(fish_, person);
    ASSERT_EQ(ledger.size(), 3u) << ::testing::PrintToString(ledger);
    EXPECT_TRUE(ledger[0].starts_with("adjust import:mbr_") && ledger[0].ends_with(" 1200")) << ledger[0];
    EXPECT_EQ(ledger[1], "earn " + ref + " 890");
    EXPECT_EQ(ledger[2], "redeem " + ref + " -1000");
    HttpResponse after = w.Call(device_, "GET", fish_.base + "/pos/customers?phone=01012345678");
    ASSERT_EQ(after.status, 200) << after.body;
    ASSERT_EQ(after.Json().at("items").as_array().size(), 1u) << "one person: the member" << after.body;
    EXPECT_EQ(after.Json().at("items").as_array()[0].at("person_id").as_string(), person);
    EXPECT_EQ(after.Json().at("items").as_array()[0].at("points").as_int64(), 1'200 - 1'000 + 890);
}

TEST_P(PointsFlowsTest, CheckoutSpendsPointsRefusesBadOnesAndACancellationGivesThemBack) {
    World& w = *world_;
    SetPolicy(fish_, 1'000, 0, 500);  // 10 %, no expiry, at least 500 points a redemption

    // A paid web order earns on its goods, not on the delivery fee.
    ASSERT_EQ(AddToCart(fish_, 3).status, 200);
    HttpResponse first = Checkout(
        CheckoutBody("card", json::array{json::object{
                                 {"merchant_id", fish_.id},
                                 {"fulfilment", "delivery"},
                                 {"address", json::object{{"recipient", "박손님"},
                                                          {"phone", "010-2345-6789"},
                                                          {"postal_code", "48058"},
                                                          {"road_address", "부산 해운대구 해운대해변로 264"}}}}}),
        "first");
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_EQ(first.Json().at("total_won").as_int64(), 29'700 + 3'000);
    ASSERT_EQ(PayByCard(std::string(first.Json().at("id").as_string()), "pay-first").status, 200);
    const std::string person = BuyerPerson(fish_);
    ASSERT_FALSE(person.empty());
    const std::string first_order(OrderOf(first, fish_).at("id").as_string());
    EXPECT_EQ(Ledger(fish_, person), std::vector<std::string>{"earn order:" + first_order + " 2970"});
    HttpResponse mine = w.Call(buyer_, "GET", "/api/v1/me/points?merchant_id=" + fish_.id);
    ASSERT_EQ(mine.status, 200) << mine.body;
    EXPECT_EQ(mine.Json().at("balance").as_int64(), 2'970);

    // A cart of both shops; every bad points entry is refused whole and changes nothing.
    ASSERT_EQ(AddToCart(fish_, 1).status, 200);
    ASSERT_EQ(AddToCart(bakery_, 1).status, 200);
    const json::array both{Pickup(fish_), Pickup(bakery_)};
    auto state = [&] {
        HttpResponse orders = w.Call(buyer_, "GET", "/api/v1/me/orders");
        HttpResponse cart = w.Call(buyer_, "GET", "/api/v1/cart");
        return std::to_string(Balance(fish_, person)) + "/" + std::to_string(Ledger(fish_, person).size()) + "/" +
               std::to_string(orders.Json().at("items").as_array().size()) + "/" +
               std::to_string(cart.Json().at("items").as_int64()) + "/" +
               std::to_string(StockOf(fish_).at("reserved").as_int64()) + "/" +
               std::to_string(StockOf(bakery_).at("reserved").as_int64());
    };
    const std::string before = state();
    const std::string unknown_merchant = "mrc_0000000000001";
    HttpResponse third = w.Call(bakery_.owner, "POST", "/api/v1/merchants",
                                json::object{{"name_ko", "제3 상점"},
                                             {"name_en", "Third"},
                                             {"business_number", "6068101238"},
                                             {"representative", "김대표"},
                                             {"industry_code", "seafood"},
                                             {"district_code", "26500"},
                                             {"address", "부산 수영구 광안해변로 219"},
                                             {"phone", "051-754-1234"}});
    ASSERT_EQ(third.status, 201) << third.body;
    const std::string not_in_cart(third.Json().at("id").as_string());
    auto spend = [](const std::string& merchant, json::value points) {
        return json::object{{"merchant_id", merchant}, {"points", std::move(points)}};
    };
    struct Bad {
        std::string what;
        json::array points;
        int status;
        std::string reason, field, code;
    };
    const std::vector<Bad> bad{
        {"more than the balance", {spend(fish_.id, 3'000)}, 409, "insufficient_points", "", ""},
        {"zero", {spend(fish_.id, 0)}, 422, "invalid_points", "points[0].points", "out_of_range"},
        {"negative", {spend(fish_.id, -500)}, 422, "invalid_points", "points[0].points", "out_of_range"},
        {"not whole", {spend(fish_.id, 600.5)}, 422, "invalid_points", "points[0].points", "not_whole"},
        {"text", {spend(fish_.id, "600")}, 422, "invalid_points", "points[0].points", "wrong_type"},
        {"huge", {spend(fish_.id, 1e20)}, 422, "invalid_points", "points[0].points", "out_of_range"},
        {"large",
         {spend(fish_.id, 9'000'000'000'000'000)},
         422,
         "invalid_points",
         "points[0].points",
         "over_goods_total"},
        {"over the goods", {spend(fish_.id, 9'901)}, 422, "invalid_points", "points[0].points", "over_goods_total"},
        {"below the minimum", {spend(fish_.id, 499)}, 422, "invalid_points", "points[0].points", "below_minimum"},
        {"no points", {json::object{{"merchant_id", fish_.id}}}, 422, "invalid_points", "points[0].points", "required"},
        {"a merchant that does not exist",
         {spend(unknown_merchant, 600)},
         422,
         "invalid_points",
         "points[0].merchant_id",
         "not_in_cart"},
        {"a merchant not in the cart",
         {spend(not_in_cart, 600)},
         422,
         "invalid_points",
         "points[0].merchant_id",
         "not_in_cart"},
        {"not a merchant id", {spend("shop-1", 600)}, 422, "invalid_points", "points[0].merchant_id", "malformed_id"},
        {"the same merchant twice",
         {spend(fish_.id, 600), spend(fish_.id, 700)},
         422,
         "invalid_points",
         "points[1].merchant_id",
         "duplicate_merchant"},
        {"another merchant's points, of which the buyer has none",
         {spend(bakery_.id, 600)},
         409,
         "insufficient_points",
         "",
         ""},
        {"good here, short there", {spend(fish_.id, 600), spend(bakery_.id, 600)}, 409, "insufficient_points", "", ""},
    };
    int n = 0;
    for (const Bad& b : bad) {
        HttpResponse r = Checkout(CheckoutBody("card", both, b.points), "bad-" + std::to_string(++n));
        EXPECT_EQ(r.status, b.status) << b.what << ": " << r.body;
        EXPECT_EQ(Reason(r), b.reason) << b.what << ": " << r.body;
        if (!b.field.empty()) {
            EXPECT_TRUE(HasField(r, b.field, b.code)) << b.what << ": " << r.body;
        }
        EXPECT_EQ(state(), before) << b.what << " changed something";
    }

    // Spent with the fish shop: its order's total and VAT are after the points.
    HttpResponse placed = Checkout(CheckoutBody("card", both, {spend(fish_.id, 2'000)}), "spend");
    ASSERT_EQ(placed.status, 201) << placed.body;
    json::value fish_order = OrderOf(placed, fish_);
    json::value bread_order = OrderOf(placed, bakery_);
    const std::string order(fish_order.at("id").as_string());
    EXPECT_EQ(fish_order.at("points_used").as_int64(), 2'000);
    EXPECT_EQ(fish_order.at("subtotal_won").as_int64(), 9'900);
    EXPECT_EQ(fish_order.at("total_won").as_int64(), 7'900);
    EXPECT_EQ(fish_order.at("vat_won").as_int64(), 7'900 - 7'182) << "the VAT inside 7,900";
    EXPECT_EQ(bread_order.at("points_used").as_int64(), 0);
    EXPECT_EQ(bread_order.at("total_won").as_int64(), 4'500);
    EXPECT_EQ(placed.Json().at("total_won").as_int64(), 7'900 + 4'500);
    EXPECT_EQ(Balance(fish_, person), 970) << "redeemed in the checkout's transaction";
    HttpResponse replay = Checkout(CheckoutBody("card", both, {spend(fish_.id, 2'000)}), "spend");
    ASSERT_EQ(replay.status, 201) << replay.body;
    EXPECT_EQ(replay.Header("idempotent-replayed").value_or(""), "true");
    EXPECT_EQ(Balance(fish_, person), 970) << "redeemed once";

    // Paid: earned on the 7,900 paid in money. Cancelled by the shop: the earn back, the points back.
    HttpResponse paid = PayByCard(std::string(placed.Json().at("id").as_string()), "pay-spend");
    ASSERT_EQ(paid.status, 200) << paid.body;
    EXPECT_EQ(paid.Json().at("amount_won").as_int64(), 12'400);
    EXPECT_EQ(Balance(fish_, person), 970 + 790);
    HttpResponse got = w.Call(fish_.owner, "GET", fish_.base + "/orders/" + order);
    ASSERT_EQ(got.status, 200) << got.body;
    HttpResponse cancelled =
        w.Call(fish_.owner, "POST", fish_.base + "/orders/" + order + "/cancel",
               json::object{{"version", got.Json().at("version").as_int64()}, {"reason", "품절 / sold out"}});
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
    EXPECT_EQ(Balance(fish_, person), 2'970);
    EXPECT_EQ(Ledger(fish_, person), Sorted({"earn order:" + first_order + " 2970", "redeem order:" + order + " -2000",
                                             "earn order:" + order + " 790", "reverse_earn cancel:" + order + " -790",
                                             "reverse_redeem order:" + order + " 2000"}));

    // Spent on an order cancelled unpaid by the buyer: given back.
    ASSERT_EQ(AddToCart(fish_, 1).status, 200);
    HttpResponse unpaid =
        Checkout(CheckoutBody("bank_transfer", json::array{Pickup(fish_)}, {spend(fish_.id, 1'000)}), "unpaid");
    ASSERT_EQ(unpaid.status, 201) << unpaid.body;
    EXPECT_EQ(Balance(fish_, person), 1'970);
    const std::string unpaid_order(OrderOf(unpaid, fish_).at("id").as_string());
    HttpResponse withdrawn =
        w.Call(buyer_, "POST", "/api/v1/me/orders/" + unpaid_order + "/cancel", json::object{{"reason", "변심"}});
    ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
    EXPECT_EQ(Balance(fish_, person), 2'970);
}

TEST_P(PointsFlowsTest, PointsLeaveSomethingToPayAndAPaidOrderCancelledGivesThemBack) {
    World& w = *world_;
    SetPolicy(fish_, 1'000, 0, 0);
    // Points from a paid order and an owner's correction.
    ASSERT_EQ(AddToCart(fish_, 1).status, 200);
    HttpResponse first = Checkout(CheckoutBody("card", json::array{Pickup(fish_)}), "first");
    ASSERT_EQ(first.status, 201) << first.body;
    ASSERT_EQ(PayByCard(std::string(first.Json().at("id").as_string()), "pay-first").status, 200);
    const std::string person = BuyerPerson(fish_);
    HttpResponse added = w.Call(fish_.owner, "POST", fish_.base + "/customers/" + person + "/points/adjustments",
                                json::object{{"points", 9'010}, {"reason", "단골 감사"}});
    ASSERT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(Balance(fish_, person), 990 + 9'010);

    // A pickup order wholly in points would have no payment: refused with the points' field, nothing
    // changed (before the fix: 422 invalid_payment about an orders[0].amount_won nobody sent).
    ASSERT_EQ(AddToCart(fish_, 1).status, 200);
    ASSERT_EQ(AddToCart(bakery_, 1).status, 200);
    const json::array all_goods{json::object{{"merchant_id", fish_.id}, {"points", 9'900}}};
    const std::int64_t reserved = StockOf(fish_).at("reserved").as_int64();
    HttpResponse whole =
        Checkout(CheckoutBody("card", json::array{Pickup(fish_), Pickup(bakery_)}, all_goods), "whole");
    EXPECT_EQ(whole.status, 422) << whole.body;
    EXPECT_EQ(Reason(whole), "invalid_points");
    EXPECT_TRUE(HasField(whole, "points[0].points", "nothing_to_pay")) << whole.body;
    EXPECT_EQ(Balance(fish_, person), 10'000);
    EXPECT_EQ(StockOf(fish_).at("reserved").as_int64(), reserved);
    EXPECT_EQ(w.Call(buyer_, "GET", "/api/v1/me/orders").Json().at("items").as_array().size(), 1u);

    // Delivered, the same points take all the goods and leave the fee to pay.
    json::object delivery{{"merchant_id", fish_.id},
                          {"fulfilment", "delivery"},
                          {"address", json::object{{"recipient", "박손님"},
                                                   {"phone", "010-2345-6789"},
                                                   {"postal_code", "48058"},
                                                   {"road_address", "부산 해운대구 해운대해변로 264"}}}};
    HttpResponse placed = Checkout(CheckoutBody("card", json::array{delivery, Pickup(bakery_)}, all_goods), "goods");
    ASSERT_EQ(placed.status, 201) << placed.body;
    json::value fish_order = OrderOf(placed, fish_);
    EXPECT_EQ(fish_order.at("points_used").as_int64(), 9'900);
    EXPECT_EQ(fish_order.at("total_won").as_int64(), 3'000);
    EXPECT_EQ(fish_order.at("vat_won").as_int64(), 3'000 - 2'727) << "the VAT inside the delivery fee";
    EXPECT_EQ(Balance(fish_, person), 100);
    HttpResponse paid = PayByCard(std::string(placed.Json().at("id").as_string()), "pay-goods");
    ASSERT_EQ(paid.status, 200) << paid.body;
    EXPECT_EQ(paid.Json().at("amount_won").as_int64(), 3'000 + 4'500);
    EXPECT_EQ(Balance(fish_, person), 100) << "nothing earned: the goods were paid in points";

    // The buyer cancels the paid order: the fee is refunded and the points come back.
    const std::string order(fish_order.at("id").as_string());
    HttpResponse cancelled =
        w.Call(buyer_, "POST", "/api/v1/me/orders/" + order + "/cancel", json::object{{"reason", "변심"}});
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
    EXPECT_EQ(cancelled.Json().at("status").as_string(), "cancelled");
    EXPECT_EQ(Balance(fish_, person), 10'000);
    EXPECT_EQ(StockOf(fish_).at("reserved").as_int64(), reserved);
}

TEST_P(PointsFlowsTest, AnotherMerchantNeitherReadsNorChangesThePointsOrThePolicy) {
    World& w = *world_;
    SetPolicy(fish_, 500, 365, 100);
    ASSERT_EQ(Sell("s1", 2, Pay(19'800), "2026-11-20T10:00:00+09:00").status, 201);
    HttpResponse found = w.Call(fish_.owner, "GET", fish_.base + "/pos/customers?phone=01011112222");
    ASSERT_EQ(found.status, 200) << found.body;
    const std::string person(found.Json().at("items").as_array()[0].at("id").as_string());
    EXPECT_EQ(Balance(fish_, person), 990);
    const std::vector<std::string> ledger = Ledger(fish_, person);

    const Person& other = bakery_.owner;
    Person other_key = w.ApiKey(other, bakery_.id, {"customers:read"});
    Person fish_reader = w.ApiKey(fish_.owner, fish_.id, {"customers:read"});
    const std::string points = fish_.base + "/customers/" + person + "/points";
    const json::object policy{{"earn_bp", 10'000}, {"expiry_days", 0}, {"min_redeem", 0}};
    const json::object gift{{"points", 100'000}, {"reason", "남의 고객"}};
    for (const Person* who : std::vector<const Person*>{&other, &other_key}) {
        for (const auto& [method, path] :
             std::vector<std::pair<std::string, std::string>>{{"GET", fish_.base + "/point-policy"},
                                                              {"GET", points},
                                                              {"GET", fish_.base + "/customers/" + person}}) {
            HttpResponse r = w.Call(*who, method, path);
            EXPECT_EQ(r.status, 404) << method << " " << path << ": " << r.body;
            EXPECT_EQ(Reason(r), "merchant_not_found") << r.body;
        }
        EXPECT_EQ(w.Call(*who, "PUT", fish_.base + "/point-policy", policy).status, 404);
        EXPECT_EQ(w.Call(*who, "POST", points + "/adjustments", gift).status, 404);
        // Through its own paths, the fish shop's customer is no one it knows.
        HttpResponse own = w.Call(*who, "GET", bakery_.base + "/customers/" + person + "/points");
        EXPECT_EQ(own.status, 404) << own.body;
        EXPECT_EQ(Reason(own), "person_not_found");
    }
    HttpResponse theirs = w.Call(other, "POST", bakery_.base + "/customers/" + person + "/points/adjustments", gift);
    EXPECT_EQ(theirs.status, 404) << theirs.body;
    EXPECT_EQ(Reason(theirs), "person_not_found");
    // The shop's own reading key reads but does not change.
    EXPECT_EQ(w.Call(fish_reader, "GET", points).status, 200);
    EXPECT_EQ(w.Call(fish_reader, "PUT", fish_.base + "/point-policy", policy).status, 403);
    EXPECT_EQ(w.Call(fish_reader, "POST", points + "/adjustments", gift).status, 403);

    HttpResponse kept = w.Call(fish_.owner, "GET", fish_.base + "/point-policy");
    ASSERT_EQ(kept.status, 200) << kept.body;
    EXPECT_EQ(kept.Json().at("earn_bp").as_int64(), 500);
    EXPECT_EQ(kept.Json().at("min_redeem").as_int64(), 100);
    EXPECT_EQ(Ledger(fish_, person), ledger) << "nothing changed";
    EXPECT_EQ(w.Call(other, "GET", bakery_.base + "/point-policy").Json().at("earn_bp").as_int64(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, PointsFlowsTest, ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

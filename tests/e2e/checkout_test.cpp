// Cart, checkout, payments and orders over HTTP on both backends: a guest fills a cart, signs in and
// finds it merged; one checkout under an Idempotency-Key makes one order per merchant with the stock
// reserved, a retry answers the first answer and a changed body is refused; a card is declined and then
// captured; each merchant fulfils its order (a delivery and a pickup) to completion, the reservation
// becoming a sale in the ledger; a bank transfer is confirmed, cancelled and refunded with the stock
// back; a price change stops the checkout line by line; bad input answered with nothing changed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "world.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;

struct Seller {
    Person owner;
    std::string id, base, location, variant, product;
};

class CheckoutApiTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam());
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
        World& w = *world_;
        HttpResponse c = w.Call(w.admin(), "POST", "/api/v1/operator/categories",
                                json::object{{"code", "fish"}, {"name_ko", "수산물"}, {"name_en", "Fish"}});
        ASSERT_EQ(c.status, 201) << c.body;
        category_ = std::string(c.Json().at("id").as_string());
        fish_ = MakeSeller("fish@example.kr", "자갈치 수산", "2208162517", "MK-500", 12'900, "taxable", 20);
        bakery_ = MakeSeller("bread@example.kr", "광안리 빵집", "1234567891", "BR-1", 4'500, "exempt", 10);
        buyer_ = w.SignUp("buyer@example.kr", "박손님");
    }

    Seller MakeSeller(const std::string& email, const std::string& name, const std::string& number,
                      const std::string& sku, std::int64_t price, const std::string& vat, std::int64_t stock) {
        World& w = *world_;
        Seller s;
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
        s.product = std::string(p.Json().at("id").as_string());
        s.variant = std::string(p.Json().at("variants").as_array()[0].at("id").as_string());
        HttpResponse active = w.Call(s.owner, "POST", s.base + "/products/" + s.product + "/status",
                                     json::object{{"status", "active"}, {"version", 1}});
        EXPECT_EQ(active.status, 200) << active.body;
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
                                                                                       {"delta", stock},
                                                                                       {"reason", "receipt"}}}}});
        EXPECT_EQ(in.status, 200) << in.body;
        return s;
    }

    HttpResponse Add(const Person& who, const std::string& variant, std::int64_t quantity) {
        return world_->Call(who, "POST", "/api/v1/cart/lines",
                            json::object{{"variant_id", variant}, {"quantity", quantity}});
    }

    json::object Address(const std::string& postal = "48058") {
        return json::object{{"recipient", "박손님"},
                            {"phone", "010-2345-6789"},
                            {"postal_code", postal},
                            {"road_address", "부산 해운대구 해운대해변로 264"},
                            {"detail", "101동 1001호"}};
    }

    json::object CheckoutBody(const std::string& method, const json::object& fish_address) {
        return json::object{
            {"email", buyer_.email},
            {"name", "박손님"},
            {"phone", "010-2345-6789"},
            {"payment_method", method},
            {"orders",
             json::array{json::object{{"merchant_id", fish_.id}, {"fulfilment", "delivery"}, {"address", fish_address}},
                         json::object{{"merchant_id", bakery_.id},
                                      {"fulfilment", "pickup"},
                                      {"pickup_location_id", bakery_.location}}}}};
    }

    HttpResponse Checkout(const json::object& body, const std::string& key) {
        std::vector<std::pair<std::string, std::string>> headers;
        if (!key.empty()) headers.emplace_back("Idempotency-Key", key);
        return world_->Call(buyer_, "POST", "/api/v1/checkouts", core::ToJson(body), headers);
    }

    HttpResponse Pay(const std::string& checkout, const std::string& number, const std::string& key) {
        return world_->Call(
            buyer_, "POST", "/api/v1/checkouts/" + checkout + "/card-payments",
            core::ToJson(json::object{{"card", json::object{{"number", number}, {"expiry", "12/39"}, {"cvc", "123"}}}}),
            {{"Idempotency-Key", key}});
    }

    json::object Stock(const Seller& s) {
        HttpResponse r = world_->Call(s.owner, "GET", s.base + "/stock");
        EXPECT_EQ(r.status, 200) << r.body;
        json::value doc = r.Json();
        return doc.at("items").as_array()[0].at("levels").as_array()[0].as_object();
    }

    HttpResponse Advance(const Seller& s, const std::string& order, const std::string& to, json::object extra = {}) {
        HttpResponse got = world_->Call(s.owner, "GET", s.base + "/orders/" + order);
        EXPECT_EQ(got.status, 200) << got.body;
        extra["status"] = to;
        extra["version"] = got.Json().at("version").as_int64();
        return world_->Call(s.owner, "POST", s.base + "/orders/" + order + "/status", extra);
    }

    // Mails of `kind` to `email` in the outbox's folder (the outbox sends within a second or two).
    int MailsOf(const std::string& email, const std::string& kind, int at_least) {
        int n = 0;
        for (int tries = 0; tries < 100; ++tries) {
            n = 0;
            for (const auto& entry : std::filesystem::directory_iterator(world_->mail_dir())) {
                std::ifstream in(entry.path());
                std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
                auto parsed = core::ParseJsonObject(text);
                if (!parsed.ok() || parsed->at("to").as_string() != email) continue;
                if (auto k = parsed->if_contains("kind"); k && k->as_string() == kind) ++n;
            }
            if (n >= at_least) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return n;
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
    std::string category_;
    Seller fish_, bakery_;
    Person buyer_;
};

TEST_P(CheckoutApiTest, AGuestCartIsMergedAtSignInAndOneCheckoutMakesAnOrderPerMerchant) {
    World& w = *world_;
    // A guest fills a cart: the first add sets the cart cookie.
    Person guest;
    HttpResponse first = Add(guest, fish_.variant, 2);
    ASSERT_EQ(first.status, 200) << first.body;
    std::string cookie = first.Header("set-cookie").value_or("");
    ASSERT_TRUE(cookie.starts_with("jangteo_cart=")) << cookie;
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    guest.cookie = cookie.substr(0, cookie.find(';'));
    HttpResponse second = Add(guest, bakery_.variant, 3);
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(second.Json().at("items").as_int64(), 5);
    EXPECT_EQ(second.Json().at("merchants").as_array().size(), 2u);

    // Signed in with the guest cookie: the guest's lines join the account's cart, the cookie goes.
    ASSERT_EQ(Add(buyer_, fish_.variant, 1).status, 200);
    Person both = buyer_;
    both.cookie = buyer_.cookie + "; " + guest.cookie;
    HttpResponse merged = w.Call(both, "GET", "/api/v1/cart");
    ASSERT_EQ(merged.status, 200) << merged.body;
    EXPECT_NE(merged.Header("set-cookie").value_or("").find("Max-Age=0"), std::string::npos);
    json::value cart = merged.Json();
    EXPECT_EQ(cart.at("items").as_int64(), 6) << "3 mackerel (1 + 2) and 3 loaves";
    EXPECT_TRUE(cart.at("ready").as_bool());
    const json::object& fish_group = cart.at("merchants").as_array()[0].as_object();
    EXPECT_EQ(fish_group.at("subtotal_won").as_int64(), 3 * 12'900);
    EXPECT_EQ(fish_group.at("shipping_mainland_won").as_int64(), 3'000);
    EXPECT_EQ(fish_group.at("pickup_locations").as_array().size(), 1u);
    EXPECT_EQ(w.Call(guest, "GET", "/api/v1/cart").Json().at("items").as_int64(), 0) << "the guest cart is gone";

    // The checkout: a key is required; a bad postal code is a field error; nothing changes.
    json::object body = CheckoutBody("card", Address());
    EXPECT_EQ(Checkout(body, "").status, 400);
    json::object bad = CheckoutBody("card", Address("4805"));
    HttpResponse refused = Checkout(bad, "bad-address-1");
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_TRUE(HasField(refused, "orders[0].address.postal_code", "invalid_postal_code"));
    EXPECT_EQ(Stock(fish_).at("reserved").as_int64(), 0);

    HttpResponse placed = Checkout(body, "checkout-1");
    ASSERT_EQ(placed.status, 201) << placed.body;
    json::value checkout = placed.Json();
    std::string checkout_id(checkout.at("id").as_string());
    const json::array& orders = checkout.at("orders").as_array();
    ASSERT_EQ(orders.size(), 2u);
    std::string fish_order, bakery_order;
    for (const auto& o : orders) {
        EXPECT_EQ(o.at("status").as_string(), "pending_payment");
        if (o.at("merchant_id").as_string() == fish_.id) {
            fish_order = std::string(o.at("id").as_string());
            EXPECT_EQ(o.at("subtotal_won").as_int64(), 38'700);
            EXPECT_EQ(o.at("shipping_fee_won").as_int64(), 3'000);
            EXPECT_EQ(o.at("total_won").as_int64(), 41'700);
            EXPECT_EQ(o.at("vat_won").as_int64(), 41'700 - 37'909) << "VAT inside a taxable total";
        } else {
            bakery_order = std::string(o.at("id").as_string());
            EXPECT_EQ(o.at("fulfilment").as_string(), "pickup");
            EXPECT_EQ(o.at("total_won").as_int64(), 13'500);
            EXPECT_EQ(o.at("vat_won").as_int64(), 0) << "exempt, and no delivery fee";
        }
    }
    EXPECT_EQ(checkout.at("total_won").as_int64(), 41'700 + 13'500);
    EXPECT_EQ(Stock(fish_).at("reserved").as_int64(), 3);
    EXPECT_EQ(Stock(bakery_).at("reserved").as_int64(), 3);
    EXPECT_EQ(w.Call(buyer_, "GET", "/api/v1/cart").Json().at("items").as_int64(), 0) << "the ordered lines left";

    // The same key and body: the first answer, nothing twice; another body under it: refused.
    HttpResponse again = Checkout(body, "checkout-1");
    ASSERT_EQ(again.status, 201) << again.body;
    EXPECT_EQ(again.Header("idempotent-replayed").value_or(""), "true");
    EXPECT_EQ(again.Json().at("id").as_string(), checkout_id);
    EXPECT_EQ(Checkout(CheckoutBody("bank_transfer", Address()), "checkout-1").status, 422);
    EXPECT_EQ(Stock(fish_).at("reserved").as_int64(), 3);
    EXPECT_EQ(MailsOf(buyer_.email, "order_placed", 1), 1) << "one mail for the checkout, naming both orders";

    // A declined card, then a good one; paying again is refused.
    HttpResponse declined = Pay(checkout_id, "4000 0000 0000 0002", "pay-1");
    ASSERT_EQ(declined.status, 200) << declined.body;
    EXPECT_EQ(declined.Json().at("status").as_string(), "declined");
    HttpResponse paid = Pay(checkout_id, "4242424242424242", "pay-2");
    ASSERT_EQ(paid.status, 200) << paid.body;
    EXPECT_EQ(paid.Json().at("status").as_string(), "captured");
    EXPECT_EQ(paid.Json().at("amount_won").as_int64(), 55'200);
    EXPECT_EQ(paid.Json().at("paid_orders").as_array().size(), 2u);
    HttpResponse twice = Pay(checkout_id, "4242424242424242", "pay-3");
    EXPECT_EQ(twice.status, 409) << twice.body;
    EXPECT_EQ(Reason(twice), "already_paid");

    // The delivery to completion: the reservation becomes a sale when it ships.
    EXPECT_EQ(Advance(fish_, fish_order, "shipped",
                      json::object{{"carrier", "CJ대한통운"}, {"tracking_number", "6543210987"}})
                  .status,
              409)
        << "not prepared yet";
    ASSERT_EQ(Advance(fish_, fish_order, "preparing").status, 200);
    HttpResponse no_tracking = Advance(fish_, fish_order, "shipped");
    EXPECT_EQ(no_tracking.status, 422) << no_tracking.body;
    HttpResponse shipped = Advance(fish_, fish_order, "shipped",
                                   json::object{{"carrier", "CJ대한통운"}, {"tracking_number", "6543210987"}});
    ASSERT_EQ(shipped.status, 200) << shipped.body;
    json::object level = Stock(fish_);
    EXPECT_EQ(level.at("on_hand").as_int64(), 17);
    EXPECT_EQ(level.at("reserved").as_int64(), 0);
    ASSERT_EQ(Advance(fish_, fish_order, "delivered").status, 200);
    ASSERT_EQ(Advance(fish_, fish_order, "completed").status, 200);
    HttpResponse ledger = w.Call(fish_.owner, "GET", fish_.base + "/stock/ledger?limit=1");
    EXPECT_EQ(ledger.Json().at("items").as_array()[0].at("reason").as_string(), "online_sale");
    EXPECT_EQ(ledger.Json().at("items").as_array()[0].at("ref").at("id").as_string(), fish_order);

    // The pickup to completion.
    ASSERT_EQ(Advance(bakery_, bakery_order, "preparing").status, 200);
    EXPECT_EQ(
        Advance(bakery_, bakery_order, "shipped", json::object{{"carrier", "x"}, {"tracking_number", "1"}}).status, 409)
        << "a pickup is not shipped";
    ASSERT_EQ(Advance(bakery_, bakery_order, "ready_for_pickup").status, 200);
    ASSERT_EQ(Advance(bakery_, bakery_order, "picked_up").status, 200);
    ASSERT_EQ(Advance(bakery_, bakery_order, "completed").status, 200);
    EXPECT_EQ(Stock(bakery_).at("on_hand").as_int64(), 7);

    // The customer sees both, with their history; the merchants each see their own only.
    HttpResponse mine = w.Call(buyer_, "GET", "/api/v1/me/orders");
    ASSERT_EQ(mine.status, 200);
    EXPECT_EQ(mine.Json().at("items").as_array().size(), 2u);
    HttpResponse one = w.Call(buyer_, "GET", "/api/v1/me/orders/" + fish_order);
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(one.Json().at("status").as_string(), "completed");
    EXPECT_EQ(one.Json().at("merchant").at("name_ko").as_string(), "자갈치 수산");
    HttpResponse pickup_one = w.Call(buyer_, "GET", "/api/v1/me/orders/" + bakery_order);
    EXPECT_EQ(pickup_one.Json().at("pickup_location").at("name_ko").as_string(), "광안리 빵집 본점");
    EXPECT_GE(one.Json().at("events").as_array().size(), 6u);
    EXPECT_EQ(w.Call(bakery_.owner, "GET", bakery_.base + "/orders/" + fish_order).status, 404);
    EXPECT_EQ(w.Call(fish_.owner, "GET", fish_.base + "/orders").Json().at("items").as_array().size(), 1u);
    EXPECT_GE(MailsOf(buyer_.email, "order_shipped", 1), 1);

    // A return of one unit with its refund, restocked: retried with its key, it happens once.
    json::object ret{{"lines", json::array{json::object{{"line_no", 1}, {"quantity", 1}}}},
                     {"refund_won", 12'900},
                     {"restock", true},
                     {"reason", "포장 불량 / damaged box"}};
    std::int64_t on_hand_before = Stock(fish_).at("on_hand").as_int64();
    HttpResponse returned = w.Call(fish_.owner, "POST", fish_.base + "/orders/" + fish_order + "/returns",
                                   core::ToJson(ret), {{"Idempotency-Key", "return-1"}});
    ASSERT_EQ(returned.status, 201) << returned.body;
    EXPECT_EQ(returned.Json().at("refunded_won").as_int64(), 12'900);
    EXPECT_EQ(returned.Json().at("payment_status").as_string(), "partially_refunded");
    HttpResponse replayed = w.Call(fish_.owner, "POST", fish_.base + "/orders/" + fish_order + "/returns",
                                   core::ToJson(ret), {{"Idempotency-Key", "return-1"}});
    ASSERT_EQ(replayed.status, 201) << replayed.body;
    EXPECT_EQ(replayed.Header("idempotent-replayed").value_or(""), "true");
    EXPECT_EQ(Stock(fish_).at("on_hand").as_int64(), on_hand_before + 1) << "restocked once";
    HttpResponse after_return = w.Call(fish_.owner, "GET", fish_.base + "/orders/" + fish_order);
    EXPECT_EQ(after_return.Json().at("refunded_won").as_int64(), 12'900) << "refunded once";
    EXPECT_EQ(after_return.Json().at("refunds").as_array().size(), 1u);
    EXPECT_GE(MailsOf(buyer_.email, "order_ready_for_pickup", 1), 1);
}

TEST_P(CheckoutApiTest, ABankTransferIsConfirmedThenCancelledWithTheStockBackAndTheMoneyRefunded) {
    World& w = *world_;
    ASSERT_EQ(Add(buyer_, fish_.variant, 4).status, 200);
    json::object body{
        {"email", buyer_.email},
        {"name", "박손님"},
        {"phone", "01023456789"},
        {"payment_method", "bank_transfer"},
        {"orders", json::array{json::object{
                       {"merchant_id", fish_.id}, {"fulfilment", "delivery"}, {"address", Address("63100")}}}}};
    HttpResponse placed = Checkout(body, "bank-1");
    ASSERT_EQ(placed.status, 201) << placed.body;
    json::value checkout = placed.Json();
    const json::object& order = checkout.at("orders").as_array()[0].as_object();
    std::string id(order.at("id").as_string());
    EXPECT_EQ(order.at("subtotal_won").as_int64(), 51'600);
    EXPECT_EQ(order.at("shipping_fee_won").as_int64(), 3'000) << "free over 50,000, but Jeju still adds 3,000";
    EXPECT_FALSE(order.at("payment_due_at").is_null());
    EXPECT_EQ(Stock(fish_).at("reserved").as_int64(), 4);

    // The merchant confirms the deposit: paid. Again: refused.
    HttpResponse confirmed = w.Call(fish_.owner, "POST", fish_.base + "/orders/" + id + "/payment-confirmation",
                                    json::object{{"version", order.at("version").as_int64()}});
    ASSERT_EQ(confirmed.status, 200) << confirmed.body;
    EXPECT_EQ(confirmed.Json().at("status").as_string(), "paid");
    HttpResponse reconfirm = w.Call(fish_.owner, "POST", fish_.base + "/orders/" + id + "/payment-confirmation",
                                    json::object{{"version", confirmed.Json().at("version").as_int64()}});
    EXPECT_EQ(reconfirm.status, 409) << reconfirm.body;

    // The customer cancels before it ships: the stock is released and the payment refunded in full.
    HttpResponse cancelled =
        w.Call(buyer_, "POST", "/api/v1/me/orders/" + id + "/cancel", json::object{{"reason", "주소를 잘못 적었어요"}});
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
    EXPECT_EQ(cancelled.Json().at("status").as_string(), "cancelled");
    EXPECT_EQ(cancelled.Json().at("payment_status").as_string(), "refunded");
    EXPECT_EQ(Stock(fish_).at("reserved").as_int64(), 0);
    EXPECT_EQ(Stock(fish_).at("on_hand").as_int64(), 20);
    HttpResponse seen = w.Call(fish_.owner, "GET", fish_.base + "/orders/" + id);
    ASSERT_EQ(seen.status, 200);
    EXPECT_EQ(seen.Json().at("refunds").as_array().size(), 1u);
    EXPECT_EQ(seen.Json().at("payment").at("refunded_won").as_int64(), 54'600);
    // A cancelled order moves no further.
    EXPECT_EQ(Advance(fish_, id, "preparing").status, 409);
    EXPECT_EQ(w.Call(buyer_, "POST", "/api/v1/me/orders/" + id + "/cancel", json::object{}).status, 409);
}

TEST_P(CheckoutApiTest, APriceChangeOrShortStockStopsTheCheckoutLineByLine) {
    World& w = *world_;
    ASSERT_EQ(Add(buyer_, fish_.variant, 2).status, 200);
    // The merchant raises the price after the line was added.
    HttpResponse product = w.Call(fish_.owner, "GET", fish_.base + "/products/" + fish_.product);
    json::object p = product.Json().as_object();
    json::object update{{"version", p.at("version")},
                        {"category_id", category_},
                        {"title_ko", p.at("title_ko")},
                        {"vat", "taxable"},
                        {"variants", json::array{json::object{{"sku", "MK-500"}, {"base_price_won", 13'900}}}}};
    ASSERT_EQ(w.Call(fish_.owner, "PUT", fish_.base + "/products/" + fish_.product, update).status, 200);
    json::object body{{"email", buyer_.email},
                      {"name", "박손님"},
                      {"phone", "010-2345-6789"},
                      {"payment_method", "bank_transfer"},
                      {"orders", json::array{json::object{
                                     {"merchant_id", fish_.id}, {"fulfilment", "delivery"}, {"address", Address()}}}}};
    HttpResponse changed = Checkout(body, "price-1");
    ASSERT_EQ(changed.status, 409) << changed.body;
    EXPECT_EQ(Reason(changed), "cart_changed");
    EXPECT_TRUE(HasField(changed, "lines." + fish_.variant, "price_changed"));
    EXPECT_EQ(Stock(fish_).at("reserved").as_int64(), 0);
    // The cart now shows the new price; with the total the shopper saw, it goes ahead under a new key.
    HttpResponse cart = w.Call(buyer_, "GET", "/api/v1/cart");
    EXPECT_EQ(cart.Json().at("merchants").as_array()[0].at("lines").as_array()[0].at("unit_price_won").as_int64(),
              13'900);
    body["expected_total_won"] = 2 * 13'900 + 3'000 - 1;
    HttpResponse total = Checkout(body, "price-2");
    EXPECT_EQ(total.status, 409) << total.body;
    EXPECT_EQ(Reason(total), "total_changed");
    body["expected_total_won"] = 2 * 13'900 + 3'000;
    HttpResponse ok = Checkout(body, "price-3");
    ASSERT_EQ(ok.status, 201) << ok.body;

    // More than there is: short of stock, line by line, nothing reserved.
    ASSERT_EQ(Add(buyer_, fish_.variant, 19).status, 200);
    HttpResponse cart_short = w.Call(buyer_, "GET", "/api/v1/cart");
    EXPECT_EQ(cart_short.Json().at("merchants").as_array()[0].at("lines").as_array()[0].at("problem").as_string(),
              "short_of_stock");
    HttpResponse too_many = Checkout(body, "short-1");
    ASSERT_EQ(too_many.status, 409) << too_many.body;
    EXPECT_TRUE(HasField(too_many, "lines." + fish_.variant, "short_of_stock"));
    EXPECT_EQ(Stock(fish_).at("reserved").as_int64(), 2) << "only the order placed before";
    // The product page's figures: online and at the pickup shop, less what the order holds.
    HttpResponse availability = w.Anonymous("GET", "/api/v1/products/" + fish_.product + "/availability");
    ASSERT_EQ(availability.status, 200) << availability.body;
    json::value a = availability.Json();
    EXPECT_EQ(a.at("variants").as_array()[0].at("available_online").as_int64(), 18);
    EXPECT_EQ(a.at("variants").as_array()[0].at("pickup").as_array()[0].at("available").as_int64(), 18);
}

TEST_P(CheckoutApiTest, BadInputIsRefusedAndChangesNothing) {
    World& w = *world_;
    for (std::int64_t q : {0, -1, 1000}) {
        HttpResponse r = Add(buyer_, fish_.variant, q);
        EXPECT_EQ(r.status, 422) << q << " " << r.body;
    }
    EXPECT_EQ(
        w.Call(buyer_, "POST", "/api/v1/cart/lines", json::object{{"variant_id", fish_.variant}, {"quantity", 1.5}})
            .status,
        422);
    EXPECT_EQ(Add(buyer_, "var_0k4m2x9c1q7ta", 1).status, 404) << "unknown";
    // An archived product is not sold.
    ASSERT_EQ(w.Call(bakery_.owner, "POST", bakery_.base + "/products/" + bakery_.product + "/status",
                     json::object{{"status", "archived"}, {"version", 2}})
                  .status,
              200);
    EXPECT_EQ(Add(buyer_, bakery_.variant, 1).status, 404);
    EXPECT_EQ(w.Anonymous("GET", "/api/v1/products/" + bakery_.product + "/availability").status, 404);
    EXPECT_EQ(w.Call(buyer_, "GET", "/api/v1/cart").Json().at("items").as_int64(), 0);

    // Another customer's order and checkout are not found.
    ASSERT_EQ(Add(buyer_, fish_.variant, 1).status, 200);
    json::object body{{"email", buyer_.email},
                      {"name", "박손님"},
                      {"phone", "010-2345-6789"},
                      {"payment_method", "card"},
                      {"orders", json::array{json::object{
                                     {"merchant_id", fish_.id}, {"fulfilment", "delivery"}, {"address", Address()}}}}};
    HttpResponse placed = Checkout(body, "mine-1");
    ASSERT_EQ(placed.status, 201) << placed.body;
    std::string checkout(placed.Json().at("id").as_string());
    std::string order(placed.Json().at("orders").as_array()[0].at("id").as_string());
    Person other = w.SignUp("other@example.kr", "남손님");
    EXPECT_EQ(w.Call(other, "GET", "/api/v1/me/orders/" + order).status, 404);
    EXPECT_EQ(w.Call(other, "GET", "/api/v1/checkouts/" + checkout).status, 404);
    EXPECT_EQ(w.Call(other, "POST", "/api/v1/me/orders/" + order + "/cancel", json::object{}).status, 404);
    HttpResponse their_pay = w.Call(
        other, "POST", "/api/v1/checkouts/" + checkout + "/card-payments",
        core::ToJson(
            json::object{{"card", json::object{{"number", "4242424242424242"}, {"expiry", "12/39"}, {"cvc", "123"}}}}),
        {{"Idempotency-Key", "theirs-1"}});
    EXPECT_EQ(their_pay.status, 404) << their_pay.body;
    // A malformed card, a pickup at a shop that is not the merchant's, a payment method unknown.
    HttpResponse card = Pay(checkout, "4242", "bad-card");
    EXPECT_EQ(card.status, 422) << card.body;
    json::object wrong = body;
    wrong["payment_method"] = "bitcoin";
    EXPECT_EQ(Checkout(wrong, "wrong-1").status, 422);
    ASSERT_EQ(Add(buyer_, fish_.variant, 1).status, 200);
    json::object elsewhere = body;
    elsewhere["orders"] = json::array{
        json::object{{"merchant_id", fish_.id}, {"fulfilment", "pickup"}, {"pickup_location_id", bakery_.location}}};
    HttpResponse not_theirs = Checkout(elsewhere, "elsewhere-1");
    EXPECT_EQ(not_theirs.status, 422) << not_theirs.body;
    EXPECT_TRUE(HasField(not_theirs, "orders[0].pickup_location_id", "not_a_pickup_place"));
    EXPECT_EQ(Stock(fish_).at("reserved").as_int64(), 1) << "only the first order";

    // Contact details are checked like an address (the cart still holds the one unit added above).
    json::object contact = body;
    contact["email"] = "not-an-email";
    contact["phone"] = "abc";
    HttpResponse bad_contact = Checkout(contact, "contact-1");
    ASSERT_EQ(bad_contact.status, 422) << bad_contact.body;
    EXPECT_TRUE(HasField(bad_contact, "phone", "invalid_phone"));
    EXPECT_TRUE(HasField(bad_contact, "email", "invalid_email")) << bad_contact.body;

    // Two checkouts of one cart at once (two tabs): one order, the other finds the cart emptied.
    std::vector<HttpResponse> both(2);
    std::vector<std::thread> tabs;
    for (int i = 0; i < 2; ++i) {
        tabs.emplace_back([&, i] { both[i] = Checkout(body, "tab-" + std::to_string(i)); });
    }
    for (auto& t : tabs) t.join();
    int placed_now = (both[0].status == 201) + (both[1].status == 201);
    EXPECT_EQ(placed_now, 1) << both[0].body << "\n" << both[1].body;
    EXPECT_TRUE(both[0].status == 409 || both[1].status == 409);
    EXPECT_EQ(Stock(fish_).at("reserved").as_int64(), 2) << "the first order and one of the two";

    // A webhook with a wrong signature.
    HttpResponse hook = w.Anonymous("POST", "/api/v1/payments/webhooks/test_card",
                                    R"({"id":"evt_1","type":"payment.captured","reference":"x","amount_won":1})");
    EXPECT_EQ(hook.status, 401) << hook.body;
    HttpResponse forged =
        Fetch(w.port(), "POST", "/api/v1/payments/webhooks/test_card", R"({"id":"evt_1","type":"payment.captured"})",
              {{"Content-Type", "application/json"}, {"Jangteo-Signature", "t=1795000000,v1=00ff"}});
    EXPECT_EQ(forged.status, 401) << forged.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, CheckoutApiTest, ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

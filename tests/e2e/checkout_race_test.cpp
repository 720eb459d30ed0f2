// Proof under load: 200 customers check out at once for a variant with 50 units in stock: from many
// threads against one server on SQLite, and against two `jangteo serve` processes sharing one
// PostgreSQL database. Exactly 50 units are sold, stock never goes below zero, every accepted order
// holds its reservation, and every request retried with its Idempotency-Key creates nothing twice.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "platform/password.hpp"
#include "platform/session.hpp"
#include "platform/user.hpp"
#include "store/db.hpp"
#include "world.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;

constexpr int kCustomers = 200;
constexpr std::int64_t kStock = 50;

class CheckoutRaceTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam());
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
    }

    // Customers made straight in the database, each with a session (signing 200 people up over HTTP
    // would only measure the password hash and the sign-up limits).
    std::vector<Person> SeedCustomers(int n) {
        auto db = store::Open(world_->db(), {});
        EXPECT_TRUE(db.ok());
        core::SystemClock clock;
        core::SystemRandom random;
        platform::PasswordHasher hasher(platform::WeakParamsForTests{{1, 8 * 1024}});
        platform::UserService users(**db, clock, random, hasher);
        platform::SessionService sessions(**db, clock, random);
        std::vector<Person> out;
        for (int i = 0; i < n; ++i) {
            std::string email = "racer" + std::to_string(i) + "@example.kr";
            auto user = users.SignUp({.email = email,
                                      .name = "손님" + std::to_string(i),
                                      .password = "바다가보이는부산항구" + std::to_string(i)});
            EXPECT_TRUE(user.ok()) << (user.ok() ? "" : user.error().message);
            if (!user.ok()) break;
            auto session = sessions.Create(user->id, "race", "127.0.0.1");
            EXPECT_TRUE(session.ok());
            if (!session.ok()) break;
            Person p;
            p.email = email;
            p.id = user->id.ToString();
            p.cookie = "jangteo_session=" + session->token;
            p.csrf = session->csrf_token;
            out.push_back(std::move(p));
        }
        return out;
    }

    std::int64_t Count(std::string_view sql_text) {
        auto db = store::Open(world_->db(), {});
        EXPECT_TRUE(db.ok());
        store::Sql sql{"test.count", sql_text};
        auto rows = (*db)->Read([&](store::Tx& tx) { return tx.Query(sql); });
        EXPECT_TRUE(rows.ok()) << sql_text;
        return rows.ok() && !rows->empty() ? (*rows)[0].Int(0) : -1;
    }

    std::unique_ptr<World> world_;
};

HttpResponse CallOn(unsigned short port, const Person& who, std::string_view method, std::string_view target,
                    const std::string& body, std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Cookie", who.cookie);
    headers.emplace_back("X-CSRF-Token", who.csrf);
    headers.emplace_back("Content-Type", "application/json");
    return Fetch(port, method, target, body, headers);
}

TEST_P(CheckoutRaceTest, TwoHundredCheckoutsForFiftyUnitsSellExactlyFifty) {
    World& w = *world_;
    // The shop, its product and 50 units.
    Person owner = w.SignUp("owner@example.kr", "김사장");
    std::string shop = w.ApprovedMerchant(owner, "자갈치 수산", "2208162517");
    std::string base = "/api/v1/merchants/" + shop;
    HttpResponse c = w.Call(w.admin(), "POST", "/api/v1/operator/categories",
                            json::object{{"code", "fish"}, {"name_ko", "수산물"}, {"name_en", "Fish"}});
    ASSERT_EQ(c.status, 201) << c.body;
    HttpResponse p =
        w.Call(owner, "POST", base + "/products",
               json::object{{"category_id", c.Json().at("id")},
                            {"title_ko", "한정 고등어"},
                            {"variants", json::array{json::object{{"sku", "LTD-1"}, {"base_price_won", 9'900}}}}});
    ASSERT_EQ(p.status, 201) << p.body;
    std::string product(p.Json().at("id").as_string());
    std::string variant(p.Json().at("variants").as_array()[0].at("id").as_string());
    ASSERT_EQ(w.Call(owner, "POST", base + "/products/" + product + "/status",
                     json::object{{"status", "active"}, {"version", 1}})
                  .status,
              200);
    HttpResponse loc = w.Call(owner, "POST", base + "/locations",
                              json::object{{"kind", "warehouse"},
                                           {"name_ko", "감천 창고"},
                                           {"district_code", "26380"},
                                           {"postal_code", "49400"},
                                           {"road_address", "부산 사하구 감천항로 1"}});
    ASSERT_EQ(loc.status, 201) << loc.body;
    ASSERT_EQ(w.Call(owner, "POST", base + "/stock/adjustments",
                     json::object{{"adjustments", json::array{json::object{{"location_id", loc.Json().at("id")},
                                                                           {"variant_id", variant},
                                                                           {"delta", kStock},
                                                                           {"reason", "receipt"}}}}})
                  .status,
              200);

    // On PostgreSQL a second server shares the database; on SQLite one server takes every thread.
    std::unique_ptr<ServerProcess> second;
    std::vector<unsigned short> ports{w.port()};
    if (GetParam() == "postgres") {
        second = ServerProcess::Start({.db = w.db()});
        ports.push_back(second->port());
    }

    std::vector<Person> customers = SeedCustomers(kCustomers);
    ASSERT_EQ(customers.size(), static_cast<std::size_t>(kCustomers));
    for (int i = 0; i < kCustomers; ++i) {
        HttpResponse added = CallOn(ports[i % ports.size()], customers[i], "POST", "/api/v1/cart/lines",
                                    core::ToJson(json::object{{"variant_id", variant}, {"quantity", 1}}));
        ASSERT_EQ(added.status, 200) << added.body;
    }
    auto body_of = [&](int i) {
        return core::ToJson(json::object{
            {"email", customers[i].email},
            {"name", "손님"},
            {"phone", "010-1234-5678"},
            {"payment_method", "bank_transfer"},
            {"orders",
             json::array{json::object{{"merchant_id", shop},
                                      {"fulfilment", "delivery"},
                                      {"address", json::object{{"recipient", "손님"},
                                                               {"phone", "010-1234-5678"},
                                                               {"postal_code", "48058"},
                                                               {"road_address", "부산 해운대구 우동 1"}}}}}}});
    };

    // All at once: every thread waits at the gate, then sends its checkout.
    std::vector<HttpResponse> answers(kCustomers);
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kCustomers; ++i) {
        threads.emplace_back([&, i] {
            ++ready;
            while (!go.load()) std::this_thread::yield();
            answers[i] = CallOn(ports[i % ports.size()], customers[i], "POST", "/api/v1/checkouts", body_of(i),
                                {{"Idempotency-Key", "race-" + std::to_string(i)}});
        });
    }
    while (ready.load() < kCustomers) std::this_thread::yield();
    go = true;
    for (auto& t : threads) t.join();

    int accepted = 0, sold_out = 0;
    std::map<int, std::string> checkout_of;
    for (int i = 0; i < kCustomers; ++i) {
        if (answers[i].status == 201) {
            ++accepted;
            checkout_of[i] = std::string(answers[i].Json().at("id").as_string());
        } else if (answers[i].status == 409) {
            ++sold_out;
            EXPECT_NE(answers[i].body.find("short_of_stock"), std::string::npos) << answers[i].body;
        } else {
            ADD_FAILURE() << "customer " << i << ": " << answers[i].status << " " << answers[i].body;
        }
    }
    EXPECT_EQ(accepted, kStock);
    EXPECT_EQ(sold_out, kCustomers - kStock);

    // The store agrees: 50 held, none below zero, one held reservation per accepted order.
    EXPECT_EQ(Count("SELECT count(*) FROM orders_orders"), kStock);
    EXPECT_EQ(Count("SELECT COALESCE(SUM(reserved), 0) FROM inventory_stock"), kStock);
    EXPECT_EQ(Count("SELECT count(*) FROM inventory_stock WHERE on_hand < 0 OR reserved > on_hand"), 0);
    EXPECT_EQ(Count("SELECT count(*) FROM orders_orders o WHERE NOT EXISTS (SELECT 1 FROM inventory_reservations r"
                    " WHERE r.order_key = o.id AND r.state = 'held' AND r.quantity = 1)"),
              0);

    // Every request again with its key: the accepted ones answer their first answer, nothing is made twice.
    for (int i = 0; i < kCustomers; ++i) {
        HttpResponse again = CallOn(ports[(i + 1) % ports.size()], customers[i], "POST", "/api/v1/checkouts",
                                    body_of(i), {{"Idempotency-Key", "race-" + std::to_string(i)}});
        if (checkout_of.contains(i)) {
            EXPECT_EQ(again.status, 201) << again.body;
            EXPECT_EQ(again.Header("idempotent-replayed").value_or(""), "true");
            EXPECT_EQ(std::string(again.Json().at("id").as_string()), checkout_of[i]);
        } else {
            EXPECT_EQ(again.status, 409) << again.body;
        }
    }
    EXPECT_EQ(Count("SELECT count(*) FROM orders_orders"), kStock);
    EXPECT_EQ(Count("SELECT COALESCE(SUM(reserved), 0) FROM inventory_stock"), kStock);
}

INSTANTIATE_TEST_SUITE_P(Backends, CheckoutRaceTest, ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

// Locations and stock over HTTP on both backends: an owner opens a shop and a warehouse, staff
// receive goods, count, keep a safety stock and transfer between them, every move in the ledger with
// its reason and its person, and on hand always the ledger's sum in the database; bad input answered
// with field errors that change nothing; other merchants' variants and locations refused; keys only
// within their scopes.
#include <gtest/gtest.h>

#include "store/db.hpp"
#include "world.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;

class InventoryApiTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam());
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
        World& w = *world_;
        owner_ = w.SignUp("owner@example.kr", "김사장");
        staff_ = w.SignUp("staff@example.kr", "이직원");
        shop_ = w.ApprovedMerchant(owner_, "광안리 수산", "2208162517");
        w.AddStaff(owner_, shop_, staff_);
        base_ = "/api/v1/merchants/" + shop_;
        HttpResponse c = w.Call(w.admin(), "POST", "/api/v1/operator/categories",
                                json::object{{"code", "fish"}, {"name_ko", "수산물"}, {"name_en", "Fish"}});
        ASSERT_EQ(c.status, 201) << c.body;
        category_ = std::string(c.Json().at("id").as_string());
        HttpResponse p =
            w.Call(owner_, "POST", base_ + "/products",
                   json::object{{"category_id", category_},
                                {"title_ko", "순살 고등어"},
                                {"variants", json::array{json::object{{"sku", "MK-500"}, {"base_price_won", 9900}},
                                                         json::object{{"sku", "MK-1K"}, {"base_price_won", 17900}}}}});
        ASSERT_EQ(p.status, 201) << p.body;
        small_ = std::string(p.Json().at("variants").as_array()[0].at("id").as_string());
        large_ = std::string(p.Json().at("variants").as_array()[1].at("id").as_string());
    }

    json::object Place(const std::string& kind, const std::string& name) {
        json::array hours;
        for (int d = 0; d < 7; ++d) {
            if (d == 6) {
                hours.push_back(nullptr);
            } else {
                hours.push_back(json::object{{"open", "09:00"}, {"close", "21:00"}});
            }
        }
        return json::object{{"kind", kind},
                            {"name_ko", name},
                            {"name_en", "Gwangalli"},
                            {"district_code", "26500"},
                            {"postal_code", "48303"},
                            {"road_address", "부산 수영구 광안해변로 219"},
                            {"address_detail", "1층"},
                            {"phone", "051 754 1234"},
                            {"hours", std::move(hours)},
                            {"pickup", kind == "shop"},
                            {"territory", json::object{{"districts", json::array{"26500", "26350"}},
                                                       {"postal_ranges", json::array{json::array{"48000", "48099"}}}}}};
    }

    std::string Open(const json::object& body) {
        HttpResponse r = world_->Call(owner_, "POST", base_ + "/locations", body);
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? std::string(r.Json().at("id").as_string()) : std::string();
    }

    HttpResponse Adjust(const Person& who, const std::string& location, const std::string& variant, std::int64_t delta,
                        const std::string& reason) {
        return world_->Call(who, "POST", base_ + "/stock/adjustments",
                            json::object{{"adjustments", json::array{json::object{{"location_id", location},
                                                                                  {"variant_id", variant},
                                                                                  {"delta", delta},
                                                                                  {"reason", reason}}}}});
    }

    // The stock of a variant as the list shows it.
    json::object StockOf(const std::string& variant) {
        HttpResponse r = world_->Call(staff_, "GET", base_ + "/stock?limit=200");
        EXPECT_EQ(r.status, 200) << r.body;
        json::value doc = r.Json();
        for (const auto& item : doc.at("items").as_array()) {
            if (item.at("variant_id").as_string() == variant) return item.as_object();
        }
        ADD_FAILURE() << variant << " not in the stock list";
        return {};
    }

    std::int64_t OnHandAt(const std::string& variant, const std::string& location) {
        json::object stock = StockOf(variant);
        for (const auto& l : stock.at("levels").as_array()) {
            if (l.at("location_id").as_string() == location) return l.at("on_hand").as_int64();
        }
        return 0;
    }

    // The number of stock rows whose on hand is not the sum of their ledger, read from the database.
    std::int64_t LedgerMismatches() {
        auto db = store::Open(world_->db(), {});
        EXPECT_TRUE(db.ok());
        if (!db.ok()) return -1;
        store::Sql sql{"test.ledger_mismatches",
                       "SELECT count(*) FROM inventory_stock s WHERE s.on_hand <> (SELECT COALESCE(SUM(m.delta), 0)"
                       " FROM inventory_movements m WHERE m.location_id = s.location_id"
                       " AND m.variant_id = s.variant_id)"};
        auto rows = (*db)->Read([&](store::Tx& tx) { return tx.Query(sql); });
        EXPECT_TRUE(rows.ok());
        return rows.ok() ? (*rows)[0].Int(0) : -1;
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
    Person owner_, staff_;
    std::string shop_, base_, category_, small_, large_;
};

TEST_P(InventoryApiTest, LocationsAreOpenedCheckedAndClosedByTheOwner) {
    World& w = *world_;
    json::object bad = Place("warehouse", "");
    bad["postal_code"] = "483-03";
    bad["district_code"] = "11110";
    bad["pickup"] = true;
    bad["hours"].as_array()[0] = json::object{{"open", "22:00"}, {"close", "09:00"}};
    HttpResponse refused = w.Call(owner_, "POST", base_ + "/locations", bad);
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(Reason(refused), "invalid_location");
    EXPECT_TRUE(HasField(refused, "name_ko", "required"));
    EXPECT_TRUE(HasField(refused, "postal_code", "invalid_postal_code"));
    EXPECT_TRUE(HasField(refused, "district_code", "unknown_district"));
    EXPECT_TRUE(HasField(refused, "pickup", "warehouse_pickup"));
    EXPECT_TRUE(HasField(refused, "hours[0].close", "closes_before_opening"));
    json::object wrong_shape = Place("shop", "광안리점");
    wrong_shape["hours"] = json::array{nullptr};
    wrong_shape["pickup"] = "yes";
    HttpResponse shape = w.Call(owner_, "POST", base_ + "/locations", wrong_shape);
    ASSERT_EQ(shape.status, 422) << shape.body;
    EXPECT_TRUE(HasField(shape, "hours", "seven_days"));
    EXPECT_TRUE(HasField(shape, "pickup", "wrong_type"));
    EXPECT_EQ(w.Call(staff_, "POST", base_ + "/locations", Place("shop", "직원이 연 가게")).status, 403)
        << "opening a location is the owner's";
    EXPECT_EQ(w.Call(staff_, "GET", base_ + "/locations").Json().at("items").as_array().size(), 0u);

    std::string shop = Open(Place("shop", "광안리점"));
    HttpResponse read = w.Call(staff_, "GET", base_ + "/locations/" + shop);
    ASSERT_EQ(read.status, 200) << read.body;
    json::value l = read.Json();
    EXPECT_EQ(l.at("phone").as_string(), "051-754-1234");
    EXPECT_EQ(l.at("district").at("ko").as_string(), "수영구");
    EXPECT_EQ(l.at("hours").as_array()[6], nullptr);
    EXPECT_EQ(l.at("hours").as_array()[0].at("open").as_string(), "09:00");
    EXPECT_EQ(l.at("territory").at("postal_ranges").as_array()[0].as_array()[1].as_string(), "48099");
    EXPECT_TRUE(l.at("pickup").as_bool());

    // Closing a location with stock is refused; without, it closes, and no stock moves there.
    ASSERT_EQ(Adjust(staff_, shop, small_, 2, "receipt").status, 200);
    json::object close = Place("shop", "광안리점");
    close["active"] = false;
    close["version"] = 1;
    HttpResponse with_stock = w.Call(owner_, "PUT", base_ + "/locations/" + shop, close);
    EXPECT_EQ(with_stock.status, 409) << with_stock.body;
    EXPECT_EQ(Reason(with_stock), "location_has_stock");
    ASSERT_EQ(Adjust(staff_, shop, small_, -2, "adjustment").status, 200);
    HttpResponse closed = w.Call(owner_, "PUT", base_ + "/locations/" + shop, close);
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_FALSE(closed.Json().at("active").as_bool());
    HttpResponse stale = w.Call(owner_, "PUT", base_ + "/locations/" + shop, close);
    EXPECT_EQ(stale.status, 409);
    EXPECT_EQ(Reason(stale), "version_changed");
    HttpResponse into_closed = Adjust(staff_, shop, small_, 1, "receipt");
    EXPECT_EQ(into_closed.status, 422) << into_closed.body;
    EXPECT_TRUE(HasField(into_closed, "adjustments[0].location_id", "inactive_location"));
}

TEST_P(InventoryApiTest, StockMovesAreLedgerRowsAndOnHandIsTheirSum) {
    World& w = *world_;
    std::string shop = Open(Place("shop", "광안리점"));
    std::string depot = Open(Place("warehouse", "감천 창고"));

    ASSERT_EQ(Adjust(staff_, shop, small_, 12, "receipt").status, 200);
    HttpResponse r = Adjust(staff_, depot, small_, 30, "receipt");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json().at("items").as_array()[0].at("on_hand").as_int64(), 42);
    ASSERT_EQ(Adjust(staff_, shop, small_, -2, "shop_sale").status, 200);

    // Refusals change nothing: below zero, a receipt that takes away, a variant twice over the limit.
    HttpResponse below = Adjust(staff_, shop, small_, -11, "adjustment");
    EXPECT_EQ(below.status, 409) << below.body;
    EXPECT_EQ(Reason(below), "insufficient_stock");
    HttpResponse backwards = Adjust(staff_, shop, small_, -1, "receipt");
    EXPECT_EQ(backwards.status, 422);
    EXPECT_TRUE(HasField(backwards, "adjustments[0].delta", "must_add"));
    HttpResponse nonsense =
        w.Call(staff_, "POST", base_ + "/stock/adjustments",
               json::object{{"adjustments", json::array{json::object{{"location_id", "loc_nonsense"},
                                                                     {"variant_id", small_},
                                                                     {"delta", 1.5},
                                                                     {"reason", "gift"}}}}});
    EXPECT_EQ(nonsense.status, 422) << nonsense.body;
    EXPECT_TRUE(HasField(nonsense, "adjustments[0].location_id", "malformed_id"));
    EXPECT_TRUE(HasField(nonsense, "adjustments[0].delta", "not_whole"));
    EXPECT_TRUE(HasField(nonsense, "adjustments[0].reason", "unknown_reason"));
    EXPECT_EQ(OnHandAt(small_, shop), 10);

    // A count, a safety stock, a transfer received and one cancelled.
    HttpResponse count =
        w.Call(staff_, "POST", base_ + "/stock/counts",
               json::object{{"location_id", shop},
                            {"note", "월말 재고조사"},
                            {"lines", json::array{json::object{{"variant_id", small_}, {"counted", 8}},
                                                  json::object{{"variant_id", large_}, {"counted", 3}}}}});
    ASSERT_EQ(count.status, 201) << count.body;
    EXPECT_EQ(OnHandAt(small_, shop), 8);
    EXPECT_EQ(OnHandAt(large_, shop), 3);
    HttpResponse twice =
        w.Call(staff_, "POST", base_ + "/stock/counts",
               json::object{{"location_id", shop},
                            {"lines", json::array{json::object{{"variant_id", small_}, {"counted", 1}},
                                                  json::object{{"variant_id", small_}, {"counted", -1}}}}});
    EXPECT_EQ(twice.status, 422) << twice.body;
    EXPECT_EQ(OnHandAt(small_, shop), 8);

    HttpResponse safety = w.Call(staff_, "PUT", base_ + "/stock/safety",
                                 json::object{{"location_id", shop}, {"variant_id", small_}, {"safety_stock", 3}});
    ASSERT_EQ(safety.status, 200) << safety.body;
    EXPECT_EQ(safety.Json().at("available_online").as_int64(), 5 + 30);

    HttpResponse sent =
        w.Call(staff_, "POST", base_ + "/transfers",
               json::object{{"from_location_id", depot},
                            {"to_location_id", shop},
                            {"note", "주말 대비"},
                            {"lines", json::array{json::object{{"variant_id", small_}, {"quantity", 10}}}}});
    ASSERT_EQ(sent.status, 201) << sent.body;
    EXPECT_EQ(sent.Json().at("state").as_string(), "in_transit");
    EXPECT_EQ(sent.Json().at("lines").as_array()[0].at("sku").as_string(), "MK-500");
    std::string transfer(sent.Json().at("id").as_string());
    EXPECT_EQ(OnHandAt(small_, depot), 20);
    EXPECT_EQ(OnHandAt(small_, shop), 8) << "in transit";
    HttpResponse received = w.Call(staff_, "POST", base_ + "/transfers/" + transfer + "/receive");
    ASSERT_EQ(received.status, 200) << received.body;
    EXPECT_EQ(OnHandAt(small_, shop), 18);
    HttpResponse again = w.Call(staff_, "POST", base_ + "/transfers/" + transfer + "/cancel");
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(Reason(again), "transfer_closed");
    HttpResponse too_much =
        w.Call(staff_, "POST", base_ + "/transfers",
               json::object{{"from_location_id", shop},
                            {"to_location_id", shop},
                            {"lines", json::array{json::object{{"variant_id", small_}, {"quantity", 0}}}}});
    EXPECT_EQ(too_much.status, 422);
    EXPECT_TRUE(HasField(too_much, "to_location_id", "same_location"));
    EXPECT_TRUE(HasField(too_much, "lines[0].quantity", "out_of_range"));

    // The ledger, newest first, with names, reasons, people and what was on hand after.
    HttpResponse ledger =
        w.Call(staff_, "GET", base_ + "/stock/ledger?location_id=" + shop + "&variant_id=" + small_ + "&limit=2");
    ASSERT_EQ(ledger.status, 200) << ledger.body;
    json::value ledger_doc = ledger.Json();
    const json::array& rows = ledger_doc.at("items").as_array();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].at("reason").as_string(), "transfer_in");
    EXPECT_EQ(rows[0].at("on_hand_after").as_int64(), 18);
    EXPECT_EQ(rows[0].at("ref").at("id").as_string(), transfer);
    EXPECT_EQ(rows[0].at("actor").at("id").as_string(), staff_.id);
    EXPECT_EQ(rows[0].at("sku").as_string(), "MK-500");
    EXPECT_EQ(rows[1].at("reason").as_string(), "count");
    EXPECT_EQ(rows[1].at("delta").as_int64(), -2);
    EXPECT_EQ(rows[1].at("note").as_string(), "월말 재고조사");
    std::string next(ledger.Json().at("next_cursor").as_string());
    HttpResponse older = w.Call(
        staff_, "GET", base_ + "/stock/ledger?location_id=" + shop + "&variant_id=" + small_ + "&cursor=" + next);
    ASSERT_EQ(older.status, 200) << older.body;
    EXPECT_EQ(older.Json().at("items").as_array().size(), 2u) << "the receipt and the counter sale";
    EXPECT_EQ(w.Call(staff_, "GET", base_ + "/stock/ledger?cursor=abc").status, 422);
    EXPECT_EQ(w.Call(staff_, "GET", base_ + "/stock/ledger?location_id=var_x").status, 422);

    EXPECT_EQ(LedgerMismatches(), 0);
}

TEST_P(InventoryApiTest, OtherMerchantsThingsAndKeysOutsideTheirScopesAreRefused) {
    World& w = *world_;
    std::string shop = Open(Place("shop", "광안리점"));
    Person rival = w.SignUp("rival@example.kr", "옆가게");
    std::string theirs = w.ApprovedMerchant(rival, "해운대 수산", "1234567891");
    HttpResponse their_place =
        w.Call(rival, "POST", "/api/v1/merchants/" + theirs + "/locations", Place("shop", "해운대점"));
    ASSERT_EQ(their_place.status, 201) << their_place.body;
    std::string their_location(their_place.Json().at("id").as_string());
    HttpResponse their_product =
        w.Call(rival, "POST", "/api/v1/merchants/" + theirs + "/products",
               json::object{{"category_id", category_},
                            {"title_ko", "오징어"},
                            {"variants", json::array{json::object{{"sku", "SQ-1"}, {"base_price_won", 5000}}}}});
    ASSERT_EQ(their_product.status, 201) << their_product.body;
    std::string their_variant(their_product.Json().at("variants").as_array()[0].at("id").as_string());

    // Their variant in my location, my variant in their location: unknown to me.
    HttpResponse a = Adjust(owner_, shop, their_variant, 5, "receipt");
    EXPECT_EQ(a.status, 422) << a.body;
    EXPECT_TRUE(HasField(a, "adjustments[0].variant_id", "unknown_variant"));
    HttpResponse b = Adjust(owner_, their_location, small_, 5, "receipt");
    EXPECT_EQ(b.status, 422) << b.body;
    EXPECT_TRUE(HasField(b, "adjustments[0].location_id", "unknown_location"));
    EXPECT_EQ(w.Call(owner_, "GET", base_ + "/locations/" + their_location).status, 404);
    // My stock is not theirs to read.
    EXPECT_EQ(w.Call(rival, "GET", base_ + "/stock").status, 404);
    EXPECT_EQ(w.Call(rival, "GET", "/api/v1/merchants/" + theirs + "/stock").Json().at("items").as_array().size(), 1u)
        << "only their own variant";

    // A key that may read stock cannot move it; one that may write can.
    Person reader = w.ApiKey(owner_, shop_, {"inventory:read"});
    Person writer = w.ApiKey(owner_, shop_, {"inventory:write"});
    EXPECT_EQ(w.Call(reader, "GET", base_ + "/stock").status, 200);
    EXPECT_EQ(Adjust(reader, shop, small_, 1, "receipt").status, 403);
    HttpResponse by_key = Adjust(writer, shop, small_, 4, "receipt");
    ASSERT_EQ(by_key.status, 200) << by_key.body;
    HttpResponse ledger = w.Call(reader, "GET", base_ + "/stock/ledger");
    ASSERT_EQ(ledger.status, 200);
    EXPECT_EQ(ledger.Json().at("items").as_array()[0].at("actor").at("kind").as_string(), "api_key");
    EXPECT_EQ(ledger.Json().at("items").as_array()[0].at("actor").at("id").as_string(), writer.id);
    EXPECT_EQ(OnHandAt(small_, shop), 4);
}

INSTANTIATE_TEST_SUITE_P(Backends, InventoryApiTest, ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

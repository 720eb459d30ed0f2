// The counter over HTTP on both backends: an owner registers a POS device at a shop; the device's
// sales move the shop's stock in the same ledger as web sales (even below zero, then flagged for a
// count), are idempotent by their sale id, keep unknown codes and off-list prices as exceptions, and
// can be returned and voided; a queued batch keeps its good sales when one is bad and changes nothing
// when sent twice; the day report adds up by method, staff and hour; a device cannot record or read
// another location's sales; the web POS records a signed-in person's sales.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "store/db.hpp"
#include "support/server_process.hpp"
#include "world.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;

class PosApiTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam());
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
        World& w = *world_;
        owner_ = w.SignUp("owner@example.kr", "김사장");
        staff_ = w.SignUp("staff@example.kr", "이직원");
        merchant_ = w.ApprovedMerchant(owner_, "광안리 수산", "2208162517");
        w.AddStaff(owner_, merchant_, staff_);
        base_ = "/api/v1/merchants/" + merchant_;
        HttpResponse c = w.Call(w.admin(), "POST", "/api/v1/operator/categories",
                                json::object{{"code", "fish"}, {"name_ko", "수산물"}, {"name_en", "Fish"}});
        ASSERT_EQ(c.status, 201) << c.body;
        std::string category(c.Json().at("id").as_string());
        HttpResponse p = w.Call(
            owner_, "POST", base_ + "/products",
            json::object{
                {"category_id", category},
                {"title_ko", "순살 고등어"},
                {"variants",
                 json::array{json::object{{"sku", "MK-500"}, {"barcode", "8801234567893"}, {"base_price_won", 9900}},
                             json::object{{"sku", "MK-1K"},
                                          {"base_price_won", 17900},
                                          {"channel_prices", json::array{json::object{{"channel", "shop"},
                                                                                      {"unit_price_won", 16900}}}}}}}});
        ASSERT_EQ(p.status, 201) << p.body;
        json::value product = p.Json();
        small_ = std::string(product.at("variants").as_array()[0].at("id").as_string());
        large_ = std::string(product.at("variants").as_array()[1].at("id").as_string());
        shop_ = Open("광안리점");
        other_shop_ = Open("해운대점");
        ASSERT_EQ(Receive(shop_, small_, 10).status, 200);
        ASSERT_EQ(Receive(shop_, large_, 3).status, 200);
        HttpResponse d = w.Call(owner_, "POST", base_ + "/pos/devices",
                                json::object{{"name", "1번 계산대"}, {"location_id", shop_}});
        ASSERT_EQ(d.status, 201) << d.body;
        device_.id = std::string(d.Json().at("device").at("id").as_string());
        device_.key_secret = std::string(d.Json().at("secret").as_string());
    }

    std::string Open(const std::string& name) {
        HttpResponse r = world_->Call(owner_, "POST", base_ + "/locations",
                                      json::object{{"kind", "shop"},
                                                   {"name_ko", name},
                                                   {"district_code", "26500"},
                                                   {"postal_code", "48303"},
                                                   {"road_address", "부산 수영구 광안해변로 219"}});
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? std::string(r.Json().at("id").as_string()) : std::string();
    }

    HttpResponse Receive(const std::string& location, const std::string& variant, std::int64_t n) {
        return world_->Call(owner_, "POST", base_ + "/stock/adjustments",
                            json::object{{"adjustments", json::array{json::object{{"location_id", location},
                                                                                  {"variant_id", variant},
                                                                                  {"delta", n},
                                                                                  {"reason", "receipt"}}}}});
    }

    static json::object Line(const std::string& code, std::int64_t qty, std::int64_t price) {
        return json::object{{"code", code}, {"quantity", qty}, {"unit_price", price}};
    }

    static json::object Sale(const std::string& id, json::array lines, std::int64_t cash,
                             const std::string& at = "2026-11-20T10:15:00+09:00") {
        json::array payments;
        if (cash > 0) payments.push_back(json::object{{"method", "cash"}, {"amount", cash}});
        return json::object{{"sale_id", id},
                            {"sold_at", at},
                            {"receipt_no", "R-" + id},
                            {"cashier", "박점원"},
                            {"lines", std::move(lines)},
                            {"payments", std::move(payments)}};
    }

    HttpResponse Post(const Person& who, const json::object& sale) {
        return world_->Call(who, "POST", base_ + "/pos/sales", sale);
    }

    std::int64_t OnHand(const std::string& variant, const std::string& location) {
        HttpResponse r = world_->Call(owner_, "GET", base_ + "/stock");
        EXPECT_EQ(r.status, 200) << r.body;
        json::value doc = r.Json();
        for (const auto& v : doc.at("items").as_array()) {
            if (v.at("variant_id").as_string() != variant) continue;
            for (const auto& l : v.at("levels").as_array()) {
                if (l.at("location_id").as_string() == location) return l.at("on_hand").as_int64();
            }
        }
        return 0;
    }

    std::int64_t Scalar(std::string_view text) {
        auto db = store::Open(world_->db(), {});
        EXPECT_TRUE(db.ok());
        if (!db.ok()) return -1;
        store::Sql sql{"test.scalar", text};
        auto rows = (*db)->Read([&](store::Tx& tx) { return tx.Query(sql); });
        EXPECT_TRUE(rows.ok());
        return rows.ok() ? (*rows)[0].Int(0) : -1;
    }

    std::int64_t LedgerMismatches() {
        return Scalar(
            "SELECT count(*) FROM inventory_stock s WHERE s.on_hand <> (SELECT COALESCE(SUM(m.delta), 0)"
            " FROM inventory_movements m WHERE m.location_id = s.location_id AND m.variant_id = s.variant_id)");
    }

    // Sends a file to an import route (202: a job) and follows the job until it ends; answers the
    // job as it ended (a failure of the test when it does not within 20 s).
    json::value ImportJob(const Person& who, const std::string& target, const std::string& csv) {
        const std::vector<std::pair<std::string, std::string>> type{{"Content-Type", "text/csv"}};
        HttpResponse queued = world_->Call(who, "POST", target, csv, type);
        EXPECT_EQ(queued.status, 202) << queued.body;
        if (queued.status != 202) return json::value(nullptr);
        json::value job = queued.Json();
        EXPECT_EQ(job.at("status").as_string(), "queued");
        std::string where = queued.Header("location").value_or("");
        EXPECT_FALSE(where.empty());
        for (int i = 0; i < 400; ++i) {
            HttpResponse now = world_->Call(who, "GET", where);
            EXPECT_EQ(now.status, 200) << now.body;
            if (now.status != 200) break;
            job = now.Json();
            std::string_view status = job.at("status").as_string();
            if (status == "succeeded" || status == "failed") return job;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ADD_FAILURE() << "the import did not end: " << core::ToJson(job);
        return job;
    }

    static std::string Reason(const HttpResponse& r) {
        std::string type(r.Json().at("type").as_string());
        return type.substr(type.rfind('/') + 1);
    }

    std::unique_ptr<World> world_;
    Person owner_, staff_, device_;
    std::string merchant_, base_, small_, large_, shop_, other_shop_;
};

TEST_P(PosApiTest, DeviceSaleMovesTheShopsStockOnceAndRecordsExceptions) {
    World& w = *world_;
    json::object sale = Sale("dev1-0001",
                             json::array{Line("MK-500", 2, 9900), Line("8801234567893", 1, 9900),
                                         Line("MK-1K", 1, 15000), Line("OLD-CODE-7", 1, 3000)},
                             2 * 9900 + 9900 + 15000 + 3000);
    HttpResponse r = Post(device_, sale);
    ASSERT_EQ(r.status, 201) << r.body;
    json::value doc = r.Json();
    EXPECT_EQ(doc.at("status").as_string(), "created");
    EXPECT_EQ(doc.at("sale").at("location_id").as_string(), shop_) << "a device key's sales are at its location";
    EXPECT_EQ(doc.at("sale").at("total").as_int64(), 47700);
    EXPECT_EQ(doc.at("sale").at("source").as_string(), "device");
    EXPECT_EQ(doc.at("sale").at("lines").as_array()[1].at("variant_id").as_string(), small_) << "found by barcode";
    EXPECT_EQ(doc.at("sale").at("lines").as_array()[2].at("list_price").as_int64(), 16900) << "the shop price list";
    EXPECT_TRUE(doc.at("sale").at("lines").as_array()[3].at("variant_id").is_null());
    EXPECT_EQ(doc.at("sale").at("exceptions").as_int64(), 2);
    EXPECT_EQ(OnHand(small_, shop_), 7);
    EXPECT_EQ(OnHand(large_, shop_), 2);

    // The same upload again: the first answer, nothing moves twice.
    HttpResponse again = Post(device_, sale);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.Json().at("status").as_string(), "duplicate");
    EXPECT_EQ(again.Json().at("sale").at("id").as_string(), doc.at("sale").at("id").as_string());
    EXPECT_EQ(OnHand(small_, shop_), 7);
    // The same id with other content is a device bug: refused, nothing recorded.
    json::object changed = sale;
    changed["receipt_no"] = "R-other";
    HttpResponse reused = Post(device_, changed);
    EXPECT_EQ(reused.status, 422) << reused.body;
    EXPECT_EQ(Reason(reused), "sale_id_reused");
    EXPECT_EQ(Scalar("SELECT count(*) FROM channels_pos_sales"), 1);

    // The ledger names the sale and the device.
    HttpResponse ledger = w.Call(owner_, "GET", base_ + "/stock/ledger");
    ASSERT_EQ(ledger.status, 200);
    json::value first = ledger.Json().at("items").as_array()[0];
    EXPECT_EQ(first.at("reason").as_string(), "shop_sale");
    EXPECT_EQ(first.at("actor").at("kind").as_string(), "api_key");
    EXPECT_EQ(first.at("actor").at("id").as_string(), device_.id);
    EXPECT_EQ(first.at("ref").at("kind").as_string(), "pos_sale");
    EXPECT_EQ(first.at("ref").at("id").as_string(), doc.at("sale").at("id").as_string());

    // Exceptions: the unknown code and the price off the list, each kept for the back office.
    HttpResponse ex = w.Call(staff_, "GET", base_ + "/pos/exceptions");
    ASSERT_EQ(ex.status, 200) << ex.body;
    json::array items = ex.Json().at("items").as_array();
    ASSERT_EQ(items.size(), 2u);
    std::map<std::string, json::value> by_kind;
    for (const auto& e : items) by_kind[std::string(e.at("kind").as_string())] = e;
    EXPECT_EQ(by_kind["unknown_item"].at("code").as_string(), "OLD-CODE-7");
    EXPECT_EQ(by_kind["price_mismatch"].at("expected_price").as_int64(), 16900);
    EXPECT_EQ(by_kind["price_mismatch"].at("charged_price").as_int64(), 15000);
    std::string ex_id(by_kind["unknown_item"].at("id").as_string());
    HttpResponse resolved = w.Call(staff_, "POST", base_ + "/pos/exceptions/" + ex_id + "/resolve",
                                   json::object{{"note", "구 상품코드: 등록함"}});
    ASSERT_EQ(resolved.status, 200) << resolved.body;
    EXPECT_EQ(resolved.Json().at("state").as_string(), "resolved");
    HttpResponse twice = w.Call(staff_, "POST", base_ + "/pos/exceptions/" + ex_id + "/resolve", json::object{});
    EXPECT_EQ(twice.status, 409);
    EXPECT_EQ(w.Call(staff_, "GET", base_ + "/pos/exceptions").Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(w.Call(staff_, "GET", base_ + "/pos/exceptions?state=all").Json().at("items").as_array().size(), 2u);
    EXPECT_EQ(LedgerMismatches(), 0);
}

// The web POS looks a customer up by mobile number: the journal narrowed to the sales that named it,
// in whatever form it was typed; a number that is not a mobile one is a 422 at its field.
TEST_P(PosApiTest, TheJournalFindsACustomersSalesByMobileNumber) {
    World& w = *world_;
    auto with_phone = [&](const std::string& id, const std::string& phone, const std::string& at) {
        json::object sale = Sale(id, json::array{Line("MK-500", 1, 9900)}, 9900, at);
        if (!phone.empty()) sale["customer"] = json::object{{"phone", phone}};
        HttpResponse r = Post(device_, sale);
        EXPECT_EQ(r.status, 201) << r.body;
    };
    with_phone("ph-1", "01012345678", "2026-11-20T10:00:00+09:00");
    with_phone("ph-2", "+82 10-1234-5678", "2026-11-20T11:00:00+09:00");
    with_phone("ph-3", "010-9999-0000", "2026-11-20T12:00:00+09:00");
    with_phone("ph-4", "", "2026-11-20T13:00:00+09:00");

    for (const char* typed : {"010-1234-5678", "01012345678", "010%201234%205678"}) {
        HttpResponse r = w.Call(staff_, "GET", base_ + "/pos/sales?phone=" + typed);
        ASSERT_EQ(r.status, 200) << typed << ": " << r.body;
        json::array items = r.Json().at("items").as_array();
        ASSERT_EQ(items.size(), 2u) << typed << ": " << r.body;
        EXPECT_EQ(items[0].at("sale_id").as_string(), "ph-2") << "newest first";
        EXPECT_EQ(items[1].at("sale_id").as_string(), "ph-1");
        EXPECT_EQ(items[1].at("customer").at("phone").as_string(), "010-1234-5678");
    }
    // With the other filters, and for a device of the shop.
    HttpResponse dated = w.Call(device_, "GET", base_ + "/pos/sales?phone=01099990000&date=2026-11-20");
    ASSERT_EQ(dated.status, 200) << dated.body;
    ASSERT_EQ(dated.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(dated.Json().at("items").as_array()[0].at("sale_id").as_string(), "ph-3");
    EXPECT_EQ(w.Call(staff_, "GET", base_ + "/pos/sales?phone=01055556666").Json().at("items").as_array().size(), 0u);
    EXPECT_EQ(w.Call(staff_, "GET", base_ + "/pos/sales").Json().at("items").as_array().size(), 4u);

    HttpResponse bad = w.Call(staff_, "GET", base_ + "/pos/sales?phone=051-744-1234");
    ASSERT_EQ(bad.status, 422) << bad.body;
    EXPECT_EQ(bad.Json().at("errors").as_array()[0].at("field").as_string(), "phone");
    EXPECT_EQ(bad.Json().at("errors").as_array()[0].at("code").as_string(), "invalid_phone");
}

TEST_P(PosApiTest, ACounterSaleBeyondStockIsRecordedAndFlagsACount) {
    World& w = *world_;
    HttpResponse r = Post(device_, Sale("dev1-0100", json::array{Line("MK-1K", 5, 16900)}, 5 * 16900));
    ASSERT_EQ(r.status, 201) << r.body;
    ASSERT_EQ(r.Json().at("count_needed").as_array().size(), 1u);
    EXPECT_EQ(r.Json().at("count_needed").as_array()[0].as_string(), large_);
    EXPECT_EQ(OnHand(large_, shop_), -2);
    HttpResponse flags = w.Call(staff_, "GET", base_ + "/stock/count-flags");
    ASSERT_EQ(flags.status, 200) << flags.body;
    ASSERT_EQ(flags.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(flags.Json().at("items").as_array()[0].at("on_hand").as_int64(), -2);
    // Online buyers see nothing available there, and a web reservation cannot take it.
    HttpResponse stock = w.Call(owner_, "GET", base_ + "/stock?q=MK-1K");
    json::value level = stock.Json().at("items").as_array()[0].at("levels").as_array()[0];
    EXPECT_EQ(level.at("available").as_int64(), 0);
    EXPECT_TRUE(level.at("count_needed").as_bool());
    // A count clears the flag.
    HttpResponse count =
        w.Call(staff_, "POST", base_ + "/stock/counts",
               json::object{{"location_id", shop_},
                            {"lines", json::array{json::object{{"variant_id", large_}, {"counted", 1}}}}});
    ASSERT_EQ(count.status, 201) << count.body;
    EXPECT_EQ(OnHand(large_, shop_), 1);
    EXPECT_EQ(w.Call(staff_, "GET", base_ + "/stock/count-flags").Json().at("items").as_array().size(), 0u);
    EXPECT_EQ(LedgerMismatches(), 0);
}

TEST_P(PosApiTest, ReturnsAndVoidsTakeBackWhatWasSold) {
    World& w = *world_;
    ASSERT_EQ(Post(device_, Sale("s1", json::array{Line("MK-500", 3, 9900)}, 29700)).status, 201);
    EXPECT_EQ(OnHand(small_, shop_), 7);
    json::object ret = Sale("r1", json::array{Line("MK-500", 2, 9900)}, 19800);
    ret["kind"] = "return";
    ret["original_sale_id"] = "s1";
    HttpResponse r = Post(device_, ret);
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.Json().at("sale").at("original_sale_id").as_string(), "s1");
    EXPECT_EQ(OnHand(small_, shop_), 9) << "restocked";
    // More than is left: refused, nothing changed.
    json::object too_much = Sale("r2", json::array{Line("MK-500", 2, 9900)}, 19800);
    too_much["kind"] = "return";
    too_much["original_sale_id"] = "s1";
    HttpResponse refused = Post(device_, too_much);
    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_EQ(Reason(refused), "return_exceeds_sale");
    EXPECT_EQ(OnHand(small_, shop_), 9);
    // A partly returned sale cannot be voided; a fresh one can, once.
    json::object void_s1{
        {"sale_id", "v1"}, {"kind", "void"}, {"original_sale_id", "s1"}, {"sold_at", "2026-11-20T10:20:00+09:00"}};
    EXPECT_EQ(Post(device_, void_s1).status, 409);
    ASSERT_EQ(Post(device_, Sale("s2", json::array{Line("MK-1K", 1, 16900)}, 16900)).status, 201);
    EXPECT_EQ(OnHand(large_, shop_), 2);
    json::object void_s2{
        {"sale_id", "v2"}, {"kind", "void"}, {"original_sale_id", "s2"}, {"sold_at", "2026-11-20T10:21:00+09:00"}};
    HttpResponse voided = Post(device_, void_s2);
    ASSERT_EQ(voided.status, 201) << voided.body;
    EXPECT_EQ(voided.Json().at("sale").at("total").as_int64(), 16900);
    EXPECT_EQ(OnHand(large_, shop_), 3);
    json::object void_again = void_s2;
    void_again["sale_id"] = "v3";
    HttpResponse again = Post(device_, void_again);
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(Reason(again), "already_voided");
    json::object unknown = ret;
    unknown["sale_id"] = "r9";
    unknown["original_sale_id"] = "never-made";
    HttpResponse no_original = Post(device_, unknown);
    EXPECT_EQ(no_original.status, 422);
    EXPECT_EQ(Reason(no_original), "unknown_sale");

    // The day report: sales 29,700 + 16,900; a return of 19,800 and a void of 16,900.
    HttpResponse report = w.Call(device_, "GET", base_ + "/locations/" + shop_ + "/pos-report?date=2026-11-20");
    ASSERT_EQ(report.status, 200) << report.body;
    json::value rep = report.Json();
    EXPECT_EQ(rep.at("sales").at("count").as_int64(), 2);
    EXPECT_EQ(rep.at("sales").at("amount").as_int64(), 46600);
    EXPECT_EQ(rep.at("returns").at("amount").as_int64(), 19800);
    EXPECT_EQ(rep.at("voids").at("amount").as_int64(), 16900);
    EXPECT_EQ(rep.at("net").as_int64(), 46600 - 19800 - 16900);
    json::value cash = rep.at("by_method").as_array()[0];
    EXPECT_EQ(cash.at("method").as_string(), "cash");
    EXPECT_EQ(cash.at("net").as_int64(), 46600 - 19800 - 16900);
    EXPECT_EQ(rep.at("by_staff").as_array()[0].at("cashier").as_string(), "박점원");
    EXPECT_EQ(rep.at("by_hour").as_array().size(), 24u);
    EXPECT_EQ(rep.at("by_hour").as_array()[10].at("sales_count").as_int64(), 2) << "10 o'clock in Korea";
    EXPECT_EQ(w.Call(device_, "GET", base_ + "/locations/" + shop_ + "/pos-report?date=2026-13-01").status, 422);
    // The shop's channel report counts its counter beside the web.
    HttpResponse channel =
        w.Call(owner_, "GET", base_ + "/locations/" + shop_ + "/channel-report?from=2026-11-01&to=2026-11-21");
    ASSERT_EQ(channel.status, 200) << channel.body;
    json::value counter = channel.Json().at("counter");
    EXPECT_EQ(counter.at("sales").at("count").as_int64(), 2);
    EXPECT_EQ(counter.at("sales").at("amount_won").as_int64(), 46600);
    EXPECT_EQ(counter.at("returns").at("count").as_int64(), 2) << "the return and the void";
    EXPECT_EQ(counter.at("net_won").as_int64(), 46600 - 19800 - 16900);
    EXPECT_EQ(w.Call(device_, "GET", base_ + "/locations/" + other_shop_ + "/pos-report?date=2026-11-20").status, 403);
    EXPECT_EQ(LedgerMismatches(), 0);
}

TEST_P(PosApiTest, AQueuedBatchKeepsItsGoodSalesAndChangesNothingTheSecondTime) {
    World& w = *world_;
    json::array sales;
    sales.push_back(Sale("q-1", json::array{Line("MK-500", 1, 9900)}, 9900, "2026-11-20T09:01:00+09:00"));
    sales.push_back(Sale("q-2", json::array{Line("MK-500", 1, 9900)}, 5000, "2026-11-20T09:02:00+09:00"));  // bad
    json::object ret = Sale("q-3", json::array{Line("MK-500", 1, 9900)}, 9900, "2026-11-20T09:03:00+09:00");
    ret["kind"] = "return";
    ret["original_sale_id"] = "q-1";  // earlier in the same batch
    sales.push_back(ret);
    sales.push_back(Sale("q-4", json::array{Line("MK-1K", 2, 16900)}, 33800, "2026-11-20T09:04:00+09:00"));
    sales.push_back(json::value("not a sale"));
    HttpResponse r = w.Call(device_, "POST", base_ + "/pos/sales/batch", json::object{{"sales", sales}});
    ASSERT_EQ(r.status, 200) << r.body;
    json::value doc = r.Json();
    EXPECT_EQ(doc.at("created").as_int64(), 3);
    EXPECT_EQ(doc.at("refused").as_int64(), 2);
    json::array results = doc.at("results").as_array();
    ASSERT_EQ(results.size(), 5u);
    EXPECT_EQ(results[1].at("status").as_string(), "refused");
    EXPECT_EQ(results[1].at("problem").at("status").as_int64(), 422);
    EXPECT_EQ(results[1].at("sale_id").as_string(), "q-2");
    EXPECT_EQ(results[2].at("status").as_string(), "created");
    EXPECT_EQ(results[4].at("status").as_string(), "refused");
    EXPECT_EQ(OnHand(small_, shop_), 10);
    EXPECT_EQ(OnHand(large_, shop_), 1);

    HttpResponse again = w.Call(device_, "POST", base_ + "/pos/sales/batch", json::object{{"sales", sales}});
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.Json().at("created").as_int64(), 0);
    EXPECT_EQ(again.Json().at("duplicates").as_int64(), 3);
    EXPECT_EQ(OnHand(small_, shop_), 10);
    EXPECT_EQ(OnHand(large_, shop_), 1);
    EXPECT_EQ(Scalar("SELECT count(*) FROM channels_pos_sales"), 3);

    // 1,001 sales: refused whole, nothing recorded.
    json::array many;
    for (int i = 0; i < 1001; ++i) {
        many.push_back(Sale("big-" + std::to_string(i), json::array{Line("MK-500", 1, 9900)}, 9900));
    }
    HttpResponse big = w.Call(device_, "POST", base_ + "/pos/sales/batch", json::object{{"sales", many}});
    EXPECT_EQ(big.status, 422) << big.body;
    EXPECT_EQ(Reason(big), "too_many_sales");
    EXPECT_EQ(Scalar("SELECT count(*) FROM channels_pos_sales"), 3);
    // 1,000 are fine (ten transactions of a hundred).
    many.pop_back();
    ASSERT_EQ(Receive(shop_, small_, 1000).status, 200);
    HttpResponse full = w.Call(device_, "POST", base_ + "/pos/sales/batch", json::object{{"sales", many}});
    ASSERT_EQ(full.status, 200) << full.body.substr(0, 400);
    EXPECT_EQ(full.Json().at("created").as_int64(), 1000);
    EXPECT_EQ(OnHand(small_, shop_), 10);
    EXPECT_EQ(LedgerMismatches(), 0);
}

TEST_P(PosApiTest, ADeviceIsBoundToItsLocationAndBadInputChangesNothing) {
    World& w = *world_;
    json::object elsewhere = Sale("x-1", json::array{Line("MK-500", 1, 9900)}, 9900);
    elsewhere["location_id"] = other_shop_;
    HttpResponse r = Post(device_, elsewhere);
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(Reason(r), "wrong_location");
    EXPECT_EQ(w.Call(device_, "GET", base_ + "/pos/sales?location_id=" + other_shop_).status, 403);
    // Another merchant's device key does not reach this merchant at all.
    Person owner_b = w.SignUp("b@example.kr", "최사장");
    std::string b = w.ApprovedMerchant(owner_b, "해운대 빵집", "1234567891");
    Person key_b = w.ApiKey(owner_b, b, {"pos"});
    HttpResponse cross = Post(key_b, Sale("x-2", json::array{Line("MK-500", 1, 9900)}, 9900));
    EXPECT_EQ(cross.status, 404) << cross.body;
    // Staff cannot register devices; a device for another merchant's or an unknown location is refused.
    EXPECT_EQ(
        w.Call(staff_, "POST", base_ + "/pos/devices", json::object{{"name", "2번"}, {"location_id", shop_}}).status,
        403);
    HttpResponse bad_loc = w.Call(owner_, "POST", base_ + "/pos/devices",
                                  json::object{{"name", "2번"}, {"location_id", "loc_0000000000001"}});
    EXPECT_EQ(bad_loc.status, 422) << bad_loc.body;

    // Bad sales: every field problem at once, nothing recorded.
    json::object bad{{"sale_id", "has space"},
                     {"sold_at", "2099-01-01T00:00:00Z"},
                     {"customer", json::object{{"phone", "12345"}}},
                     {"lines", json::array{json::object{{"code", ""}, {"quantity", 0}, {"unit_price", -1}}}},
                     {"payments", json::array{json::object{{"method", "bitcoin"}, {"amount", 1}}}}};
    HttpResponse invalid = Post(device_, bad);
    ASSERT_EQ(invalid.status, 422) << invalid.body;
    std::set<std::string> fields;
    json::value problem = invalid.Json();
    for (const auto& e : problem.at("errors").as_array()) fields.insert(std::string(e.at("field").as_string()));
    for (const char* f : {"sale_id", "sold_at", "customer.phone", "lines[0].code", "lines[0].quantity",
                          "lines[0].unit_price", "payments[0].method"}) {
        EXPECT_TRUE(fields.count(f)) << f << " in " << invalid.body;
    }
    HttpResponse not_json = w.Call(device_, "POST", base_ + "/pos/sales", std::string_view("{"));
    EXPECT_EQ(not_json.status, 400);
    EXPECT_EQ(Scalar("SELECT count(*) FROM channels_pos_sales"), 0);
    EXPECT_EQ(OnHand(small_, shop_), 10);

    // The web POS: a signed-in person names the location, and is the cashier.
    json::object web = Sale("web-1", json::array{Line("MK-500", 1, 9900)}, 9900);
    web.erase("cashier");
    HttpResponse no_location = Post(staff_, web);
    EXPECT_EQ(no_location.status, 422) << no_location.body;
    web["location_id"] = other_shop_;
    web["customer"] = json::object{{"phone", "01012345678"}};
    HttpResponse by_staff = Post(staff_, web);
    ASSERT_EQ(by_staff.status, 201) << by_staff.body;
    EXPECT_EQ(by_staff.Json().at("sale").at("cashier").as_string(), "이직원");
    EXPECT_EQ(by_staff.Json().at("sale").at("source").as_string(), "web_pos");
    EXPECT_EQ(by_staff.Json().at("sale").at("customer").at("phone").as_string(), "010-1234-5678");
    EXPECT_EQ(OnHand(small_, other_shop_), -1) << "nothing was there: sold anyway, count flagged";

    // The device sees the price list of its shop.
    HttpResponse items = w.Call(device_, "GET", base_ + "/pos/items");
    ASSERT_EQ(items.status, 200) << items.body;
    json::array list = items.Json().at("items").as_array();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].at("sku").as_string(), "MK-1K");
    EXPECT_EQ(list[0].at("price").as_int64(), 16900);
    EXPECT_EQ(list[0].at("vat").as_string(), "taxable") << "the receipt shows the VAT inside";
    EXPECT_EQ(list[1].at("barcode").as_string(), "8801234567893");
    EXPECT_EQ(list[1].at("on_hand").as_int64(), 10);
    HttpResponse devices = w.Call(owner_, "GET", base_ + "/pos/devices");
    ASSERT_EQ(devices.status, 200);
    EXPECT_EQ(devices.Json().at("items").as_array()[0].at("location_id").as_string(), shop_);
}

TEST_P(PosApiTest, TheBackOfficeImportsAShopsPastSalesOnce) {
    World& w = *world_;
    std::string csv =
        "영수증번호,판매일시,상품코드,수량,단가,결제수단\r\n"
        "OLD-1,2024-03-01 10:00,MK-500,2,9900,카드\r\n"
        "OLD-1,2024-03-01 10:00,8801234567893,1,9900,카드\r\n"
        "OLD-2,2024-03-02 11:00,MK-1K,1,17900,현금\r\n"
        "OLD-3,2024-03-03,MK-1K,x,17900,현금\r\n";
    const std::vector<std::pair<std::string, std::string>> type{{"Content-Type", "text/csv"}};
    std::string target = base_ + "/pos/sales-imports?location_id=" + shop_;
    json::value dry = ImportJob(staff_, target + "&dry_run=true", csv);
    ASSERT_EQ(dry.at("status").as_string(), "succeeded") << core::ToJson(dry);
    EXPECT_TRUE(dry.at("dry_run").as_bool());
    EXPECT_EQ(dry.at("total_rows").as_int64(), 4);
    EXPECT_EQ(dry.at("processed_rows").as_int64(), 4);
    EXPECT_EQ(dry.at("location_id").as_string(), shop_);
    EXPECT_EQ(dry.at("summary").at("sales_imported").as_int64(), 2);
    EXPECT_EQ(dry.at("issues_total").as_int64(), 1);
    EXPECT_EQ(dry.at("issues").as_array()[0].at("line").as_int64(), 5);
    EXPECT_EQ(dry.at("issues").as_array()[0].at("field").as_string(), "quantity");
    EXPECT_EQ(Scalar("SELECT count(*) FROM channels_pos_sales"), 0) << "a dry run writes nothing";
    json::value done = ImportJob(staff_, target, csv);
    ASSERT_EQ(done.at("status").as_string(), "succeeded") << core::ToJson(done);
    EXPECT_EQ(done.at("summary").at("sales_imported").as_int64(), 2);
    EXPECT_EQ(done.at("summary").at("lines_imported").as_int64(), 3);
    EXPECT_EQ(done.at("summary").at("sales_left_out").as_int64(), 1);
    EXPECT_EQ(done.at("summary").at("encoding").as_string(), "utf-8");
    json::value again = ImportJob(staff_, target, csv);
    ASSERT_EQ(again.at("status").as_string(), "succeeded");
    EXPECT_EQ(again.at("summary").at("sales_imported").as_int64(), 0);
    EXPECT_EQ(again.at("summary").at("sales_already").as_int64(), 2);
    EXPECT_EQ(Scalar("SELECT count(*) FROM channels_pos_sales WHERE source = 'import'"), 2);
    // The latest imports, newest first; another merchant's owner finds none of them.
    HttpResponse list = w.Call(owner_, "GET", base_ + "/pos/sales-imports");
    ASSERT_EQ(list.status, 200) << list.body;
    ASSERT_EQ(list.Json().at("items").as_array().size(), 3u);
    EXPECT_EQ(list.Json().at("items").as_array()[0].at("id").as_string(), again.at("id").as_string());
    EXPECT_FALSE(list.Json().at("items").as_array()[0].as_object().contains("issues"));
    Person owner_b = w.SignUp("b3@example.kr", "정사장");
    std::string b = w.ApprovedMerchant(owner_b, "서면 꽃집", "1234567891");
    EXPECT_EQ(w.Call(owner_b, "GET", base_ + "/pos/sales-imports").status, 404);
    EXPECT_EQ(w.Call(owner_b, "GET",
                     "/api/v1/merchants/" + b + "/pos/sales-imports/" + std::string(done.at("id").as_string()))
                  .status,
              404)
        << "another merchant's import is not found through its own path";
    EXPECT_EQ(w.Call(owner_, "GET", base_ + "/member-imports/" + std::string(done.at("id").as_string())).status, 404)
        << "a sales import is not a membership import";
    EXPECT_EQ(OnHand(small_, shop_), 10) << "history does not move today's stock";
    // The journal shows them, found by receipt number.
    HttpResponse journal = w.Call(owner_, "GET", base_ + "/pos/sales?receipt_no=OLD-1");
    ASSERT_EQ(journal.status, 200);
    ASSERT_EQ(journal.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(journal.Json().at("items").as_array()[0].at("source").as_string(), "import");

    // Bad requests change nothing.
    EXPECT_EQ(w.Call(staff_, "POST", base_ + "/pos/sales-imports", csv, type).status, 422);
    EXPECT_EQ(w.Call(staff_, "POST", base_ + "/pos/sales-imports?location_id=loc_0000000000001", csv, type).status,
              422);
    EXPECT_EQ(w.Call(staff_, "POST", target + "&encoding=latin1", csv, type).status, 422);
    EXPECT_EQ(w.Call(staff_, "POST", target + "&dry_run=maybe", csv, type).status, 422);
    HttpResponse missing = w.Call(staff_, "POST", target, std::string("receipt_no,title\nA,x\n"), type);
    EXPECT_EQ(missing.status, 422) << missing.body;
    EXPECT_EQ(Reason(missing), "invalid_file");
    EXPECT_NE(missing.body.find("sold_at"), std::string::npos) << "every missing column named: " << missing.body;
    HttpResponse header_only =
        w.Call(staff_, "POST", target, std::string("receipt_no,sold_at,code,quantity,unit_price\n"), type);
    EXPECT_EQ(header_only.status, 422) << header_only.body;
    EXPECT_EQ(w.Call(staff_, "POST", target, std::string(), type).status, 400) << "no body";
    EXPECT_EQ(w.Call(staff_, "POST", target, std::string("\xff\xfe\xff\x80\x80,\n"), type).status, 422);
    EXPECT_EQ(w.Call(device_, "POST", target, csv, type).status, 403) << "people only";
    EXPECT_EQ(w.Call(owner_b, "POST", target, csv, type).status, 404);
    EXPECT_EQ(Scalar("SELECT count(*) FROM channels_pos_sales"), 2);
    EXPECT_EQ(Scalar("SELECT count(*) FROM platform_jobs"), 3) << "refused files queue nothing";
}

TEST_P(PosApiTest, TheImportCommandTakesPastSalesAndProducts) {
    World& w = *world_;
    std::string sales =
        "receipt_no,sold_at,code,quantity,unit_price,payment_method\n"
        "C-1,2022-12-24 18:00,MK-500,1,9900,card\n"
        "C-2,2022-12-24 18:30,MK-1K,2,16900,cash\n";
    std::string out;
    ASSERT_EQ(RunJangteo({"import", "sales", "--db", w.db(), "--merchant", merchant_, "--location", shop_, "-"}, &out,
                         {}, sales),
              0)
        << out;
    EXPECT_NE(out.find("2 imported"), std::string::npos) << out;
    ASSERT_EQ(RunJangteo({"import", "sales", "--db", w.db(), "--merchant", merchant_, "--location", shop_, "-"}, &out,
                         {}, sales),
              0)
        << out;
    EXPECT_NE(out.find("2 already there"), std::string::npos) << out;
    EXPECT_EQ(RunJangteo({"import", "sales", "--db", w.db(), "--merchant", merchant_, "--location", shop_, "-"}, &out,
                         {}, std::string_view("receipt_no,title\nA,x\n")),
              1);
    EXPECT_NE(out.find("sold_at"), std::string::npos) << "the missing columns are named: " << out;
    EXPECT_EQ(
        RunJangteo({"import", "sales", "--db", w.db(), "--merchant", merchant_, "--location", "loc_0000000000001", "-"},
                   &out, {}, sales),
        1);
    EXPECT_EQ(Scalar("SELECT count(*) FROM channels_pos_sales"), 2);

    std::string products =
        "product_ref,category_code,title_ko,sku,base_price_won\n"
        "P1,fish,손질 갈치,GC-1,15900\n";
    ASSERT_EQ(RunJangteo({"import", "products", "--db", w.db(), "--merchant", merchant_, "--dry-run", "-"}, &out, {},
                         products),
              0)
        << out;
    EXPECT_EQ(Scalar("SELECT count(*) FROM catalog_variants WHERE sku = 'GC-1'"), 0) << "a dry run";
    ASSERT_EQ(RunJangteo({"import", "products", "--db", w.db(), "--merchant", merchant_, "-"}, &out, {}, products), 0)
        << out;
    EXPECT_EQ(Scalar("SELECT count(*) FROM catalog_variants WHERE sku = 'GC-1'"), 1);
    HttpResponse list = w.Call(owner_, "GET", base_ + "/products?q=GC-1");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.Json().at("items").as_array().size(), 1u);
}

TEST_P(PosApiTest, AMembershipListIsImportedOnceAndTheCounterFindsMembersByMobileNumber) {
    World& w = *world_;
    std::string csv =
        "회원번호,이름,휴대폰,이메일,생년월일,우편번호,주소,포인트,가입일\r\n"
        "M-001,김민준,01012345678,MinJun@Example.kr,1985.03.14,48303,부산 수영구 광안해변로 "
        "219,\"1,200\",2019-07-01\r\n"
        "M-002,이서연,010-2222-3333,,19900101,,,0,\r\n"
        "M-003,,010-4444-5555,,,,,,\r\n"                   // no name
        "M-004,박지호,010-12,,,,,,\r\n"                    // bad mobile
        "M-001,김민준,01012345678,,,,,,\r\n"               // the same member number twice
        "M-005,최유나,010-1234-5678,,2001-02-30,,,,\r\n";  // no such date
    const std::vector<std::pair<std::string, std::string>> type{{"Content-Type", "text/csv"}};
    json::value dry = ImportJob(staff_, base_ + "/member-imports?dry_run=true", csv);
    ASSERT_EQ(dry.at("status").as_string(), "succeeded") << core::ToJson(dry);
    EXPECT_EQ(dry.at("summary").at("imported").as_int64(), 2);
    EXPECT_EQ(dry.at("summary").at("bad_rows").as_int64(), 4);
    EXPECT_EQ(Scalar("SELECT count(*) FROM customers_members"), 0);
    json::value done = ImportJob(staff_, base_ + "/member-imports", csv);
    ASSERT_EQ(done.at("status").as_string(), "succeeded") << core::ToJson(done);
    EXPECT_EQ(done.at("summary").at("imported").as_int64(), 2);
    EXPECT_EQ(done.at("total_rows").as_int64(), 6);
    std::set<std::string> reported;
    for (const auto& i : done.at("issues").as_array()) {
        reported.insert(std::to_string(i.at("line").as_int64()) + ":" + std::string(i.at("field").as_string()) + ":" +
                        std::string(i.at("code").as_string()));
    }
    EXPECT_TRUE(reported.count("4:name:required")) << core::ToJson(done);
    EXPECT_TRUE(reported.count("5:phone:invalid_phone")) << core::ToJson(done);
    EXPECT_TRUE(reported.count("6:card_no:duplicate_card_no")) << core::ToJson(done);
    EXPECT_TRUE(reported.count("7:birth_date:invalid_date")) << core::ToJson(done);
    json::value again = ImportJob(staff_, base_ + "/member-imports", csv);
    ASSERT_EQ(again.at("status").as_string(), "succeeded");
    EXPECT_EQ(again.at("summary").at("imported").as_int64(), 0);
    EXPECT_EQ(again.at("summary").at("already").as_int64(), 2);
    EXPECT_EQ(Scalar("SELECT count(*) FROM customers_members"), 2);
    HttpResponse no_name =
        w.Call(staff_, "POST", base_ + "/member-imports", std::string("card_no,phone\nM-9,010\n"), type);
    EXPECT_EQ(no_name.status, 422) << no_name.body;
    EXPECT_EQ(Reason(no_name), "invalid_file");
    EXPECT_EQ(Scalar("SELECT points FROM customers_members WHERE card_no = 'M-001'"), 1200);

    // The counter looks a member up by the number as typed.
    HttpResponse found = w.Call(device_, "GET", base_ + "/pos/customers?phone=010%201234%205678");
    ASSERT_EQ(found.status, 200) << found.body;
    ASSERT_EQ(found.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(found.Json().at("items").as_array()[0].at("name").as_string(), "김민준");
    EXPECT_EQ(found.Json().at("items").as_array()[0].at("points").as_int64(), 1200);
    EXPECT_EQ(w.Call(device_, "GET", base_ + "/pos/customers?phone=12345").status, 422);
    EXPECT_EQ(w.Call(device_, "GET", base_ + "/pos/customers").status, 422);
    // Another merchant sees none of them.
    Person owner_b = w.SignUp("b2@example.kr", "최사장");
    std::string b = w.ApprovedMerchant(owner_b, "해운대 빵집", "1234567891");
    HttpResponse theirs = w.Call(owner_b, "GET", "/api/v1/merchants/" + b + "/pos/customers?phone=01012345678");
    ASSERT_EQ(theirs.status, 200);
    EXPECT_EQ(theirs.Json().at("items").as_array().size(), 0u);
    EXPECT_EQ(w.Call(owner_b, "POST", base_ + "/member-imports", csv, type).status, 404);

    // The command takes the same file.
    std::string out;
    EXPECT_EQ(RunJangteo({"import", "members", "--db", w.db(), "--merchant", merchant_, "-"}, &out, {}, csv), 0) << out;
    EXPECT_NE(out.find("2 already there"), std::string::npos) << out;
    EXPECT_NE(out.find("line 5, phone"), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(Backends, PosApiTest, ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

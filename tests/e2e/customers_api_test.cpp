// The merchant's customers and the operator's review queue over HTTP (docs/customers-api.md), against
// a real `jangteo serve` on SQLite and PostgreSQL. Customers are recorded through the profile service
// on the server's own database, as the POS and checkout flows record them; everything else goes
// through the API. Each refusal is checked to have changed nothing in the store.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "customers/profile.hpp"
#include "store/db.hpp"
#include "world.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;
using customers::PersonId;
using customers::RecordSource;

std::string Reason(const HttpResponse& r) {
    try {
        std::string type(r.Json().at("type").as_string());
        return type.substr(type.rfind('/') + 1);
    } catch (...) {
        return "(no problem body: " + r.body.substr(0, 80) + ")";
    }
}

// Percent-encodes a query value.
std::string Encode(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

std::vector<std::string> Ids(const json::value& list) {
    std::vector<std::string> out;
    for (const auto& item : list.at("items").as_array()) out.emplace_back(item.at("id").as_string());
    return out;
}

class CustomersApiTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam());
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
        World& w = *world_;
        owner_ = w.SignUp("owner@example.kr", "가게주인");
        staff_ = w.SignUp("staff@example.kr", "가게직원");
        other_ = w.SignUp("other@example.kr", "옆가게주인");
        shop_ = w.ApprovedMerchant(owner_, "광안리 바다횟집", "2208162517");
        next_door_ = w.ApprovedMerchant(other_, "해운대 꽃집", "1234567891");
        w.AddStaff(owner_, shop_, staff_);
        base_ = "/api/v1/merchants/" + shop_;
        other_base_ = "/api/v1/merchants/" + next_door_;
        auto db = store::Open(w.db(), {});
        ASSERT_TRUE(db.ok()) << db.error().message;
        db_ = std::move(*db);
        profiles_ = std::make_unique<customers::ProfileService>(*db_, clock_, random_);
    }

    platform::MerchantId Merchant(const std::string& id) { return platform::MerchantId::Parse(id).value(); }

    // A customer of `merchant`: a record of its counter and one purchase `days_ago`.
    PersonId Customer(const std::string& merchant, customers::RecordInput in, std::int64_t won, int days_ago,
                      const std::string& ref) {
        in.merchant = Merchant(merchant);
        auto got = profiles_->Record(in);
        EXPECT_TRUE(got.ok()) << got.error().message;
        if (!got.ok()) return PersonId();
        auto at = clock_.Now() - std::chrono::hours(24 * days_ago);
        auto bought = db_->Write([&](store::Tx& tx) {
            return profiles_->RecordPurchaseInTx(tx, Merchant(merchant), got->person, won, at, ref, in.card_no);
        });
        EXPECT_TRUE(bought.ok() && *bought);
        return got->person;
    }

    std::int64_t Scalar(std::string_view text) {
        store::Sql sql{"test.scalar", text};
        auto rows = db_->Read([&](store::Tx& tx) { return tx.Query(sql); });
        EXPECT_TRUE(rows.ok());
        return rows.ok() ? (*rows)[0].Int(0) : -1;
    }

    // What the refusals must leave alone.
    std::string Counts() {
        return std::to_string(Scalar("SELECT count(*) FROM customers_persons WHERE status = 'active'")) + "/" +
               std::to_string(Scalar("SELECT count(*) FROM customers_merges")) + "/" +
               std::to_string(Scalar("SELECT count(*) FROM customers_merges WHERE undone_at_us IS NOT NULL")) + "/" +
               std::to_string(Scalar("SELECT count(*) FROM customers_reviews WHERE state = 'open'")) + "/" +
               std::to_string(Scalar("SELECT count(*) FROM customers_point_entries")) + "/" +
               std::to_string(Scalar("SELECT count(*) FROM customers_consents")) + "/" +
               std::to_string(Scalar("SELECT count(*) FROM customers_relationships WHERE note <> ''")) + "/" +
               std::to_string(Scalar("SELECT count(*) FROM platform_audit_events WHERE action LIKE 'customer.%'"));
    }

    HttpResponse Get(const Person& who, const std::string& path) { return world_->Call(who, "GET", path); }
    HttpResponse Send(const Person& who, const std::string& method, const std::string& path, const json::object& body) {
        return world_->Call(who, method, path, body);
    }

    std::string SellAtCounter() {
        HttpResponse place = Send(owner_, "POST", base_ + "/locations",
                                  json::object{{"kind", "shop"},
                                               {"name_ko", "광안리점"},
                                               {"district_code", "26500"},
                                               {"postal_code", "48303"},
                                               {"road_address", "부산 수영구 광안해변로 219"}});
        EXPECT_EQ(place.status, 201) << place.body;
        HttpResponse sale = Send(
            owner_, "POST", base_ + "/pos/sales",
            json::object{{"sale_id", "customers-1"},
                         {"location_id", place.Json().at("id")},
                         {"receipt_no", "R-0001"},
                         {"sold_at", "2026-01-02T10:00:00+09:00"},
                         {"lines", json::array{json::object{{"code", "X-1"}, {"quantity", 1}, {"unit_price", 12000}}}},
                         {"payments", json::array{json::object{{"method", "cash"}, {"amount", 12000}}}}});
        EXPECT_EQ(sale.status, 201) << sale.body;
        return std::string(sale.Json().at("sale").at("id").as_string());
    }

    // A web order of the shop's, placed by a signed-up customer (pending payment by bank transfer).
    std::string OrderOnTheWeb() {
        World& w = *world_;
        HttpResponse category =
            w.Call(w.admin(), "POST", "/api/v1/operator/categories",
                   json::object{{"code", "customers_test"}, {"name_ko", "시험"}, {"name_en", "Test"}});
        EXPECT_EQ(category.status, 201) << category.body;
        HttpResponse product =
            Send(owner_, "POST", base_ + "/products",
                 json::object{{"category_id", category.Json().at("id")},
                              {"title_ko", "고객 시험 상품"},
                              {"variants", json::array{json::object{{"sku", "W-1"}, {"base_price_won", 15000}}}}});
        EXPECT_EQ(product.status, 201) << product.body;
        std::string product_id(product.Json().at("id").as_string());
        std::string variant(product.Json().at("variants").as_array()[0].at("id").as_string());
        HttpResponse place = Send(owner_, "POST", base_ + "/locations",
                                  json::object{{"kind", "warehouse"},
                                               {"name_ko", "수영 창고"},
                                               {"district_code", "26500"},
                                               {"postal_code", "48303"},
                                               {"road_address", "부산 수영구 광안해변로 219"}});
        EXPECT_EQ(place.status, 201) << place.body;
        HttpResponse stocked =
            Send(owner_, "POST", base_ + "/stock/adjustments",
                 json::object{{"adjustments", json::array{json::object{{"location_id", place.Json().at("id")},
                                                                       {"variant_id", variant},
                                                                       {"delta", 5},
                                                                       {"reason", "receipt"}}}}});
        EXPECT_EQ(stocked.status, 200) << stocked.body;
        EXPECT_EQ(Send(owner_, "POST", base_ + "/products/" + product_id + "/status",
                       json::object{{"status", "active"}, {"version", 1}})
                      .status,
                  200);
        Person buyer = w.SignUp("buyer@example.kr", "손님");
        EXPECT_EQ(
            Send(buyer, "POST", "/api/v1/cart/lines", json::object{{"variant_id", variant}, {"quantity", 1}}).status,
            200);
        HttpResponse placed = w.Call(
            buyer, "POST", "/api/v1/checkouts",
            core::ToJson(json::object{
                {"email", buyer.email},
                {"name", "손님"},
                {"phone", "010-1234-5678"},
                {"payment_method", "bank_transfer"},
                {"orders", json::array{json::object{
                               {"merchant_id", shop_},
                               {"fulfilment", "delivery"},
                               {"address", json::object{{"recipient", "손님"},
                                                        {"phone", "010-1234-5678"},
                                                        {"postal_code", "48058"},
                                                        {"road_address", "부산 해운대구 해운대해변로 264"}}}}}}}),
            {{"Idempotency-Key", "customers-order-1"}});
        EXPECT_EQ(placed.status, 201) << placed.body;
        return placed.status == 201 ? std::string(placed.Json().at("orders").as_array()[0].at("id").as_string())
                                    : std::string();
    }

    std::unique_ptr<World> world_;
    std::unique_ptr<store::Db> db_;
    core::SystemClock clock_;
    core::SystemRandom random_;
    std::unique_ptr<customers::ProfileService> profiles_;
    Person owner_, staff_, other_;
    std::string shop_, next_door_, base_, other_base_;
};

TEST_P(CustomersApiTest, ListSearchAnd360SeeOnlyTheMerchantsCustomers) {
    std::string sale = SellAtCounter();
    PersonId minjun = Customer(shop_,
                               {.source = RecordSource::kPos,
                                .source_ref = "c-1",
                                .name = "김민준",
                                .phone = "010-1111-2222",
                                .card_no = "A-100"},
                               12000, 2, "pos_sale:" + sale);
    PersonId seoyeon = Customer(
        shop_, {.source = RecordSource::kImport, .source_ref = "c-2", .name = "이서연", .email = "Seoyeon@Example.kr"},
        5000, 1, "import:ledger-7");
    PersonId jihun = Customer(
        next_door_, {.source = RecordSource::kPos, .source_ref = "c-3", .name = "박지훈", .phone = "010-5555-6666"},
        8000, 1, "pos_sale:other");

    HttpResponse all = Get(staff_, base_ + "/customers");
    ASSERT_EQ(all.status, 200) << all.body;
    EXPECT_EQ(Ids(all.Json()), (std::vector<std::string>{seoyeon.ToString(), minjun.ToString()}))
        << "newest last purchase first, and only this merchant's";
    const json::value first = all.Json().at("items").as_array()[1];
    EXPECT_EQ(first.at("name").as_string(), "김민준");
    EXPECT_EQ(first.at("phone").as_string(), "010-1111-2222");
    EXPECT_EQ(first.at("card_no").as_string(), "A-100");
    EXPECT_EQ(first.at("purchases").as_int64(), 1);
    EXPECT_EQ(first.at("total_won").as_int64(), 12000);
    EXPECT_EQ(first.at("points").as_int64(), 0);

    // Paging by cursor.
    HttpResponse page1 = Get(owner_, base_ + "/customers?limit=1");
    ASSERT_EQ(page1.status, 200) << page1.body;
    EXPECT_EQ(Ids(page1.Json()), std::vector<std::string>{seoyeon.ToString()});
    std::string cursor(page1.Json().at("next_cursor").as_string());
    HttpResponse page2 = Get(owner_, base_ + "/customers?limit=1&cursor=" + Encode(cursor));
    ASSERT_EQ(page2.status, 200) << page2.body;
    EXPECT_EQ(Ids(page2.Json()), std::vector<std::string>{minjun.ToString()});
    EXPECT_TRUE(page2.Json().at("next_cursor").is_null());

    // Searches: a number in any form, an e-mail in any case, a card, a name's start.
    const std::vector<std::string> only_minjun{minjun.ToString()};
    for (std::string q : {"01011112222", "+82 10-1111-2222", "010 1111 2222", "A-100", "김", "김 민", "김민준"}) {
        HttpResponse found = Get(owner_, base_ + "/customers?q=" + Encode(q));
        ASSERT_EQ(found.status, 200) << q << " " << found.body;
        EXPECT_EQ(Ids(found.Json()), only_minjun) << q;
    }
    HttpResponse by_mail = Get(owner_, base_ + "/customers?q=" + Encode("SEOYEON@example.KR"));
    EXPECT_EQ(Ids(by_mail.Json()), std::vector<std::string>{seoyeon.ToString()});
    for (std::string q : {"박지훈", "010-5555-6666", "nobody@example.kr", "최", "not@an@address"}) {
        HttpResponse none = Get(owner_, base_ + "/customers?q=" + Encode(q));
        ASSERT_EQ(none.status, 200) << q << " " << none.body;
        EXPECT_TRUE(none.Json().at("items").as_array().empty()) << q << ": another merchant's customer or no one";
    }
    HttpResponse long_q = Get(owner_, base_ + "/customers?q=" + std::string(101, 'a'));
    EXPECT_EQ(long_q.status, 422);
    EXPECT_EQ(Get(owner_, base_ + "/customers?limit=0").status, 422);
    EXPECT_EQ(Get(owner_, base_ + "/customers?cursor=garbage").status, 422);

    // The 360 and the history joined with the sale it names.
    HttpResponse view = Get(staff_, base_ + "/customers/" + minjun.ToString());
    ASSERT_EQ(view.status, 200) << view.body;
    json::value v = view.Json();
    EXPECT_EQ(v.at("id").as_string(), minjun.ToString());
    EXPECT_EQ(v.at("relationship").at("purchases").as_int64(), 1);
    EXPECT_EQ(v.at("relationship").at("card_no").as_string(), "A-100");
    ASSERT_EQ(v.at("records").as_array().size(), 1u);
    EXPECT_EQ(v.at("records").as_array()[0].at("source").as_string(), "pos");
    ASSERT_EQ(v.at("consents").as_array().size(), 5u);
    for (const auto& c : v.at("consents").as_array()) {
        EXPECT_FALSE(c.at("granted").as_bool()) << "nothing is pre-ticked";
        EXPECT_TRUE(c.at("at").is_null());
    }
    const json::array& history = v.at("history").at("items").as_array();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].at("kind").as_string(), "pos_sale");
    EXPECT_EQ(history[0].at("ref_id").as_string(), sale);
    EXPECT_EQ(history[0].at("channel").as_string(), "pos");
    EXPECT_EQ(history[0].at("amount_won").as_int64(), 12000);
    EXPECT_EQ(history[0].at("location_name").as_string(), "광안리점");
    EXPECT_EQ(history[0].at("receipt_no").as_string(), "R-0001");
    EXPECT_EQ(history[0].at("status").as_string(), "completed");

    // A web order of the same person joins the history with the order's status; another merchant's
    // order named by a ref is not read.
    std::string order = OrderOnTheWeb();
    ASSERT_FALSE(order.empty());
    auto bought = db_->Write([&](store::Tx& tx) {
        return profiles_->RecordPurchaseInTx(tx, Merchant(shop_), minjun, 15000, clock_.Now(), "order:" + order);
    });
    ASSERT_TRUE(bought.ok() && *bought);
    HttpResponse both = Get(owner_, base_ + "/customers/" + minjun.ToString() + "/history?limit=1");
    ASSERT_EQ(both.status, 200) << both.body;
    const json::value web = both.Json().at("items").as_array()[0];
    EXPECT_EQ(web.at("kind").as_string(), "order");
    EXPECT_EQ(web.at("ref_id").as_string(), order);
    EXPECT_EQ(web.at("channel").as_string(), "web");
    EXPECT_EQ(web.at("status").as_string(), "pending_payment");
    EXPECT_TRUE(web.at("location_name").is_null());
    std::string next(both.Json().at("next_cursor").as_string());
    HttpResponse rest = Get(owner_, base_ + "/customers/" + minjun.ToString() + "/history?cursor=" + Encode(next));
    ASSERT_EQ(rest.status, 200) << rest.body;
    ASSERT_EQ(rest.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(rest.Json().at("items").as_array()[0].at("kind").as_string(), "pos_sale");
    auto foreign = db_->Write([&](store::Tx& tx) {
        return profiles_->RecordPurchaseInTx(tx, Merchant(next_door_), jihun, 1, clock_.Now(), "order:" + order);
    });
    ASSERT_TRUE(foreign.ok());
    HttpResponse theirs = Get(other_, other_base_ + "/customers/" + jihun.ToString() + "/history?limit=1");
    ASSERT_EQ(theirs.status, 200) << theirs.body;
    EXPECT_TRUE(theirs.Json().at("items").as_array()[0].at("status").is_null()) << "the shop's order is not read";

    HttpResponse imported = Get(owner_, base_ + "/customers/" + seoyeon.ToString() + "/history?limit=5");
    ASSERT_EQ(imported.status, 200) << imported.body;
    const json::value entry = imported.Json().at("items").as_array()[0];
    EXPECT_EQ(entry.at("kind").as_string(), "import");
    EXPECT_EQ(entry.at("ref_id").as_string(), "ledger-7");
    EXPECT_EQ(entry.at("channel").as_string(), "import");
    EXPECT_TRUE(entry.at("receipt_no").is_null());
    HttpResponse older =
        Get(owner_, base_ + "/customers/" + seoyeon.ToString() + "/history?before=" + Encode("2020-01-01T00:00:00Z"));
    ASSERT_EQ(older.status, 200) << older.body;
    EXPECT_TRUE(older.Json().at("items").as_array().empty());
    for (std::string bad : {"before=yesterday", "before=2026-13-01T00:00:00Z", "limit=101", "limit=x", "cursor=garbage",
                            "cursor=12.x", "cursor=-1.5", "cursor=1.1&before=2026-01-01T00:00:00Z"}) {
        HttpResponse r = Get(owner_, base_ + "/customers/" + seoyeon.ToString() + "/history?" + bad);
        EXPECT_EQ(r.status, 422) << bad << " " << r.body;
    }

    // Another merchant's customer is not there, on either path, and neither are malformed ids.
    EXPECT_EQ(Reason(Get(owner_, base_ + "/customers/" + jihun.ToString())), "person_not_found");
    EXPECT_EQ(Get(other_, other_base_ + "/customers/" + minjun.ToString()).status, 404);
    EXPECT_EQ(Get(other_, other_base_ + "/customers/" + minjun.ToString() + "/history").status, 404);
    EXPECT_EQ(Get(other_, other_base_ + "/customers/" + minjun.ToString() + "/points").status, 404);
    EXPECT_EQ(Get(other_, base_ + "/customers").status, 404);
    EXPECT_EQ(Get(owner_, base_ + "/customers/psn_nonsense").status, 404);
    EXPECT_EQ(Get(owner_, base_ + "/customers/" + PersonId::New(random_).ToString()).status, 404);
}

TEST_P(CustomersApiTest, HistoryPagesByCursorAndSkipsNoEntryOfOneInstant) {
    PersonId p =
        Customer(shop_, {.source = RecordSource::kPos, .source_ref = "h-1", .name = "김민준", .phone = "010-1111-2222"},
                 1000, 3, "import:h-0");
    // Four entries of one instant (a counter's batch synced at once), and one a day later.
    const auto instant = clock_.Now() - std::chrono::hours(48);
    for (int i = 1; i <= 4; ++i) {
        auto bought = db_->Write([&](store::Tx& tx) {
            return profiles_->RecordPurchaseInTx(tx, Merchant(shop_), p, 1000 * i, instant,
                                                 "import:h-" + std::to_string(i));
        });
        ASSERT_TRUE(bought.ok() && *bought);
    }
    auto later = db_->Write([&](store::Tx& tx) {
        return profiles_->RecordPurchaseInTx(tx, Merchant(shop_), p, 7000, instant + std::chrono::hours(24),
                                             "import:h-5");
    });
    ASSERT_TRUE(later.ok() && *later);
    const std::string path = base_ + "/customers/" + p.ToString() + "/history";

    for (int limit : {1, 2}) {
        std::vector<std::string> refs;
        std::string next;
        for (int page = 0; page < 10; ++page) {
            HttpResponse r = Get(owner_, path + "?limit=" + std::to_string(limit) +
                                             (next.empty() ? std::string() : "&cursor=" + Encode(next)));
            ASSERT_EQ(r.status, 200) << r.body;
            json::value body = r.Json();
            for (const auto& item : body.at("items").as_array()) refs.emplace_back(item.at("ref_id").as_string());
            if (body.at("next_cursor").is_null()) break;
            next = std::string(body.at("next_cursor").as_string());
        }
        std::vector<std::string> sorted = refs;
        std::sort(sorted.begin(), sorted.end());
        EXPECT_EQ(sorted, (std::vector<std::string>{"h-0", "h-1", "h-2", "h-3", "h-4", "h-5"})) << "limit " << limit;
        EXPECT_EQ(refs.front(), "h-5");
        EXPECT_EQ(refs.back(), "h-0");
    }

    // The 360's first entries carry the cursor of the rest.
    HttpResponse view = Get(owner_, base_ + "/customers/" + p.ToString());
    ASSERT_EQ(view.status, 200) << view.body;
    EXPECT_EQ(view.Json().at("history").at("items").as_array().size(), 6u);
    EXPECT_TRUE(view.Json().at("history").at("next_cursor").is_null());
    // A time is still a start point: entries strictly before it.
    HttpResponse before = Get(owner_, path + "?before=" + Encode(core::FormatRfc3339(instant)));
    ASSERT_EQ(before.status, 200) << before.body;
    ASSERT_EQ(before.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(before.Json().at("items").as_array()[0].at("ref_id").as_string(), "h-0");
    HttpResponse bad = Get(owner_, path + "?cursor=not-a-cursor");
    EXPECT_EQ(bad.status, 422) << bad.body;
    EXPECT_EQ(bad.Json().at("errors").as_array()[0].at("field").as_string(), "cursor") << bad.body;
}

TEST_P(CustomersApiTest, MergeAndUndoAreTheOwnersAndRefuseWhatIsNotTheirs) {
    PersonId a =
        Customer(shop_, {.source = RecordSource::kPos, .source_ref = "m-1", .name = "김민준", .phone = "010-1111-2222"},
                 12000, 2, "import:m-1");
    PersonId b =
        Customer(shop_, {.source = RecordSource::kPos, .source_ref = "m-2", .name = "이서연", .phone = "010-3333-4444"},
                 5000, 1, "import:m-2");
    PersonId theirs = Customer(
        next_door_, {.source = RecordSource::kPos, .source_ref = "m-3", .name = "박지훈", .phone = "010-5555-6666"},
        8000, 1, "import:m-3");
    const std::string merges = base_ + "/customer-merges";
    const std::string before = Counts();

    HttpResponse by_staff =
        Send(staff_, "POST", merges, json::object{{"kept", a.ToString()}, {"merged", b.ToString()}});
    EXPECT_EQ(by_staff.status, 403);
    HttpResponse twice = Send(owner_, "POST", merges, json::object{{"kept", a.ToString()}, {"merged", a.ToString()}});
    EXPECT_EQ(twice.status, 422);
    EXPECT_EQ(Reason(twice), "same_person");
    HttpResponse foreign =
        Send(owner_, "POST", merges, json::object{{"kept", a.ToString()}, {"merged", theirs.ToString()}});
    EXPECT_EQ(foreign.status, 404) << foreign.body;
    HttpResponse from_next_door = Send(other_, "POST", other_base_ + "/customer-merges",
                                       json::object{{"kept", theirs.ToString()}, {"merged", a.ToString()}});
    EXPECT_EQ(from_next_door.status, 404) << from_next_door.body;
    HttpResponse malformed = Send(owner_, "POST", merges, json::object{{"kept", "psn_x"}, {"merged", 42}});
    EXPECT_EQ(malformed.status, 422);
    EXPECT_EQ(Reason(world_->Call(owner_, "POST",
                                  base_ + "/customer-merges/" + customers::MergeId::New(random_).ToString() + "/undo")),
              "merge_not_found");
    EXPECT_EQ(Counts(), before) << "refusals change nothing";

    HttpResponse merged = Send(owner_, "POST", merges, json::object{{"kept", a.ToString()}, {"merged", b.ToString()}});
    ASSERT_EQ(merged.status, 201) << merged.body;
    std::string merge(merged.Json().at("id").as_string());
    EXPECT_EQ(merged.Json().at("moved_records").as_array().size(), 1u);
    EXPECT_EQ(merged.Json().at("evidence").at("manual").as_bool(), true);
    HttpResponse list = Get(owner_, base_ + "/customers");
    EXPECT_EQ(Ids(list.Json()), std::vector<std::string>{a.ToString()});
    EXPECT_EQ(list.Json().at("items").as_array()[0].at("total_won").as_int64(), 17000);
    HttpResponse followed = Get(owner_, base_ + "/customers/" + b.ToString());
    ASSERT_EQ(followed.status, 200);
    EXPECT_EQ(followed.Json().at("id").as_string(), a.ToString()) << "a merged id answers for the kept person";
    EXPECT_EQ(followed.Json().at("records").as_array().size(), 2u);
    ASSERT_EQ(followed.Json().at("merges").as_array().size(), 1u);
    EXPECT_EQ(Reason(Send(owner_, "POST", merges, json::object{{"kept", a.ToString()}, {"merged", b.ToString()}})),
              "person_not_active");

    // Another merchant cannot undo it, and an unknown or undone merge is refused.
    const std::string after_merge = Counts();
    EXPECT_EQ(world_->Call(other_, "POST", other_base_ + "/customer-merges/" + merge + "/undo").status, 404);
    EXPECT_EQ(world_->Call(staff_, "POST", base_ + "/customer-merges/" + merge + "/undo").status, 403);
    EXPECT_EQ(Counts(), after_merge);
    HttpResponse undone = world_->Call(owner_, "POST", base_ + "/customer-merges/" + merge + "/undo");
    ASSERT_EQ(undone.status, 200) << undone.body;
    EXPECT_EQ(undone.Json().at("moved_back").as_array().size(), 1u);
    HttpResponse again = world_->Call(owner_, "POST", base_ + "/customer-merges/" + merge + "/undo");
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(Reason(again), "merge_undone");
    EXPECT_EQ(Ids(Get(owner_, base_ + "/customers").Json()), (std::vector<std::string>{b.ToString(), a.ToString()}));

    // Both changes are in the merchant's audit log.
    HttpResponse log = Get(owner_, base_ + "/audit-events?action=customer.merged");
    ASSERT_EQ(log.status, 200) << log.body;
    EXPECT_EQ(log.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(Get(owner_, base_ + "/audit-events?action=customer.unmerged").Json().at("items").as_array().size(), 1u);
}

TEST_P(CustomersApiTest, ReviewsAreDecidedByThoseWhoMaySeeBothRecords) {
    // A verified web account, and a line of the shop's old ledger that may be the same person.
    auto web = profiles_->Record({.source = RecordSource::kWeb,
                                  .source_ref = "usr_web",
                                  .name = "김민준",
                                  .phone = "010-1234-5678",
                                  .birth_date = "1985-03-07",
                                  .phone_verified = true});
    ASSERT_TRUE(web.ok());
    PersonId line = Customer(
        shop_, {.source = RecordSource::kImport, .source_ref = "ledger:1", .name = "김 민준", .birth_date = "85.3.7"},
        3000, 1, "import:ledger-1");
    (void)line;
    ASSERT_EQ(Scalar("SELECT count(*) FROM customers_reviews WHERE state = 'open'"), 1);
    const std::string review = customers::ReviewId(Scalar("SELECT id FROM customers_reviews")).ToString();

    // The web account's person has never bought at the shop: the review would show the shop the name,
    // number and birth date of someone who is not its customer. It is the operator's alone.
    HttpResponse hidden = Get(staff_, base_ + "/customer-reviews");
    ASSERT_EQ(hidden.status, 200) << hidden.body;
    EXPECT_TRUE(hidden.Json().at("items").as_array().empty()) << hidden.body;
    EXPECT_EQ(hidden.body.find("010-1234-5678"), std::string::npos);
    const std::string untouched = Counts();
    HttpResponse refused =
        Send(owner_, "POST", base_ + "/customer-reviews/" + review + "/decision", json::object{{"decision", "same"}});
    EXPECT_EQ(refused.status, 404) << refused.body;
    EXPECT_EQ(Reason(refused), "review_not_found");
    EXPECT_EQ(Counts(), untouched);
    HttpResponse operator_queue = Get(world_->admin(), "/api/v1/operator/customer-reviews");
    ASSERT_EQ(operator_queue.status, 200) << operator_queue.body;
    ASSERT_EQ(operator_queue.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(operator_queue.Json().at("items").as_array()[0].at("id").as_string(), review);

    // Once that person buys at the shop, it is the shop's customer and the review is in its queue.
    auto bought = db_->Write([&](store::Tx& tx) {
        return profiles_->RecordPurchaseInTx(tx, Merchant(shop_), web->person, 9000, clock_.Now(), "order:web-1");
    });
    ASSERT_TRUE(bought.ok() && *bought);

    HttpResponse queue = Get(staff_, base_ + "/customer-reviews");
    ASSERT_EQ(queue.status, 200) << queue.body;
    const json::value listed = queue.Json();
    const json::array& items = listed.at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].at("id").as_string(), review);
    EXPECT_EQ(items[0].at("a").at("record").at("source").as_string(), "web");
    EXPECT_EQ(items[0].at("b").at("record").at("name").as_string(), "김 민준");
    EXPECT_TRUE(items[0].at("evidence").at("fields").as_object().contains("birth")) << queue.body;
    EXPECT_TRUE(Get(other_, other_base_ + "/customer-reviews").Json().at("items").as_array().empty());
    HttpResponse all = Get(world_->admin(), "/api/v1/operator/customer-reviews");
    ASSERT_EQ(all.status, 200) << all.body;
    ASSERT_EQ(all.Json().at("items").as_array().size(), 1u);
    EXPECT_TRUE(all.Json().at("items").as_array()[0].at("merchant_a").is_null());
    EXPECT_EQ(all.Json().at("items").as_array()[0].at("merchant_b").at("name").as_string(), "광안리 바다횟집");

    const std::string before = Counts();
    EXPECT_EQ(Send(other_, "POST", other_base_ + "/customer-reviews/" + review + "/decision",
                   json::object{{"decision", "same"}})
                  .status,
              404);
    HttpResponse unknown =
        Send(owner_, "POST", base_ + "/customer-reviews/" + review + "/decision", json::object{{"decision", "maybe"}});
    EXPECT_EQ(unknown.status, 422);
    EXPECT_EQ(Reason(unknown), "invalid_decision");
    EXPECT_EQ(
        Send(owner_, "POST", base_ + "/customer-reviews/rvw_bad/decision", json::object{{"decision", "same"}}).status,
        404);
    EXPECT_EQ(Counts(), before);

    HttpResponse decided = Send(staff_, "POST", base_ + "/customer-reviews/" + review + "/decision",
                                json::object{{"decision", "different"}});
    ASSERT_EQ(decided.status, 200) << decided.body;
    EXPECT_EQ(decided.Json().at("state").as_string(), "different");
    EXPECT_TRUE(decided.Json().at("merge").is_null());
    HttpResponse twice = Send(world_->admin(), "POST", "/api/v1/operator/customer-reviews/" + review + "/decision",
                              json::object{{"decision", "same"}});
    EXPECT_EQ(twice.status, 409);
    EXPECT_EQ(Reason(twice), "review_decided");
    EXPECT_TRUE(Get(owner_, base_ + "/customer-reviews").Json().at("items").as_array().empty());
    EXPECT_EQ(Get(owner_, base_ + "/audit-events?action=customer.review_decided").Json().at("items").as_array().size(),
              1u);
}

TEST_P(CustomersApiTest, PointsPolicyCorrectionsAndCounterConsents) {
    PersonId p =
        Customer(shop_, {.source = RecordSource::kPos, .source_ref = "p-1", .name = "김민준", .phone = "010-1111-2222"},
                 10000, 1, "import:p-1");
    HttpResponse policy = Get(staff_, base_ + "/point-policy");
    ASSERT_EQ(policy.status, 200) << policy.body;
    EXPECT_EQ(policy.Json().at("earn_bp").as_int64(), 0);
    const json::object good{{"earn_bp", 100}, {"expiry_days", 365}, {"min_redeem", 1000}};
    EXPECT_EQ(Send(staff_, "PUT", base_ + "/point-policy", good).status, 403);
    HttpResponse bad = Send(owner_, "PUT", base_ + "/point-policy",
                            json::object{{"earn_bp", 20000}, {"expiry_days", -1}, {"min_redeem", 0}});
    EXPECT_EQ(bad.status, 422);
    EXPECT_EQ(bad.Json().at("errors").as_array().size(), 2u) << bad.body;
    HttpResponse huge = Send(owner_, "PUT", base_ + "/point-policy",
                             json::object{{"earn_bp", 1e12}, {"expiry_days", "30"}, {"min_redeem", 0}});
    EXPECT_EQ(huge.status, 422) << huge.body;
    EXPECT_EQ(Get(owner_, base_ + "/point-policy").Json().at("earn_bp").as_int64(), 0);
    HttpResponse set = Send(owner_, "PUT", base_ + "/point-policy", good);
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(set.Json().at("min_redeem").as_int64(), 1000);

    const std::string adjust = base_ + "/customers/" + p.ToString() + "/points/adjustments";
    const std::string before = Counts();
    EXPECT_EQ(Send(staff_, "POST", adjust, json::object{{"points", 500}, {"reason", "가입 축하"}}).status, 403);
    EXPECT_EQ(Send(owner_, "POST", adjust, json::object{{"points", 0}, {"reason", "x"}}).status, 422);
    EXPECT_EQ(Send(owner_, "POST", adjust, json::object{{"points", 10}, {"reason", ""}}).status, 422);
    EXPECT_EQ(Send(owner_, "POST", adjust, json::object{{"points", 1.5}, {"reason", "x"}}).status, 422);
    EXPECT_EQ(Send(owner_, "POST", adjust, json::object{{"points", 10}, {"reason", std::string(201, 'x')}}).status,
              422);
    HttpResponse short_of = Send(owner_, "POST", adjust, json::object{{"points", -10}, {"reason", "정정"}});
    EXPECT_EQ(short_of.status, 409);
    EXPECT_EQ(Reason(short_of), "insufficient_points");
    EXPECT_EQ(Send(other_, "POST", other_base_ + "/customers/" + p.ToString() + "/points/adjustments",
                   json::object{{"points", 10}, {"reason", "남의 고객"}})
                  .status,
              404);
    EXPECT_EQ(Counts(), before);
    HttpResponse added = Send(owner_, "POST", adjust, json::object{{"points", 500}, {"reason", "가입 축하"}});
    ASSERT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(added.Json().at("kind").as_string(), "adjust");
    EXPECT_EQ(added.Json().at("delta").as_int64(), 500);
    HttpResponse taken = Send(owner_, "POST", adjust, json::object{{"points", -200}, {"reason", "정정"}});
    ASSERT_EQ(taken.status, 201) << taken.body;
    HttpResponse view = Get(staff_, base_ + "/customers/" + p.ToString() + "/points");
    ASSERT_EQ(view.status, 200) << view.body;
    EXPECT_EQ(view.Json().at("balance").as_int64(), 300);
    EXPECT_EQ(view.Json().at("items").as_array().size(), 2u);
    const json::value listed = Get(owner_, base_ + "/customers").Json();
    EXPECT_EQ(listed.at("items").as_array()[0].at("points").as_int64(), 300);
    EXPECT_EQ(Get(owner_, base_ + "/audit-events?action=customer.points_adjusted").Json().at("items").as_array().size(),
              2u);

    const std::string consents = base_ + "/customers/" + p.ToString() + "/consents";
    const std::string before_consents = Counts();
    for (const json::object& wrong :
         {json::object{{"changes", json::array{json::object{{"purpose", "marketing_sms"}, {"granted", true}}}},
                       {"channel", "web"},
                       {"text_version", "v1"}},
          json::object{{"changes", json::array{json::object{{"purpose", "spam"}, {"granted", true}}}},
                       {"channel", "pos"},
                       {"text_version", "v1"}},
          json::object{{"changes", json::array{}}, {"channel", "pos"}, {"text_version", "v1"}},
          json::object{{"changes", json::array{json::object{{"purpose", "marketing_sms"}, {"granted", true}}}},
                       {"channel", "pos"},
                       {"text_version", "has spaces"}}}) {
        HttpResponse r = Send(staff_, "POST", consents, wrong);
        EXPECT_EQ(r.status, 422) << r.body;
    }
    EXPECT_EQ(Counts(), before_consents);
    HttpResponse given =
        Send(staff_, "POST", consents,
             json::object{{"changes", json::array{json::object{{"purpose", "marketing_sms"}, {"granted", true}}}},
                          {"channel", "pos"},
                          {"text_version", "marketing-2026-11"}});
    ASSERT_EQ(given.status, 200) << given.body;
    const json::value now = given.Json();
    ASSERT_EQ(now.as_array().size(), 5u);
    for (const auto& c : now.as_array()) {
        bool sms = c.at("purpose").as_string() == "marketing_sms";
        EXPECT_EQ(c.at("granted").as_bool(), sms);
        if (sms) {
            EXPECT_EQ(c.at("channel").as_string(), "pos");
        }
    }
    EXPECT_EQ(Scalar("SELECT count(*) FROM customers_consents WHERE source = 'staff:" + staff_.id + "'"), 1);
}

TEST_P(CustomersApiTest, NotesAndCardsAreBoundedAndHugeBodiesAreRefusedWhole) {
    PersonId p =
        Customer(shop_, {.source = RecordSource::kPos, .source_ref = "n-1", .name = "김민준", .phone = "010-1111-2222"},
                 10000, 1, "import:n-1");
    const std::string path = base_ + "/customers/" + p.ToString();
    const std::string before = Counts();
    HttpResponse huge =
        world_->Call(owner_, "PATCH", path, core::ToJson(json::object{{"note", std::string(10 * 1024 * 1024, 'a')}}));
    EXPECT_EQ(huge.status, 413) << huge.body.substr(0, 200);
    HttpResponse long_note = Send(owner_, "PATCH", path, json::object{{"note", std::string(2001, 'a')}});
    EXPECT_EQ(long_note.status, 422);
    HttpResponse long_card = Send(owner_, "PATCH", path, json::object{{"card_no", std::string(41, '1')}});
    EXPECT_EQ(long_card.status, 422);
    HttpResponse unknown = Send(owner_, "PATCH", path, json::object{{"name", "바꾼 이름"}});
    EXPECT_EQ(unknown.status, 422);
    HttpResponse wrong_type = Send(owner_, "PATCH", path, json::object{{"note", 5}});
    EXPECT_EQ(wrong_type.status, 422);
    EXPECT_EQ(world_->Call(owner_, "PATCH", path, std::string_view("{not json")).status, 400);
    EXPECT_EQ(Send(other_, "PATCH", other_base_ + "/customers/" + p.ToString(), json::object{{"note", "x"}}).status,
              404);
    EXPECT_EQ(Counts(), before) << "nothing changed";

    std::string korean;
    for (int i = 0; i < 2000; ++i) korean += "가";  // 2,000 letters, 6,000 bytes: within the limit
    HttpResponse saved = Send(staff_, "PATCH", path, json::object{{"note", korean}, {"card_no", " M-7 "}});
    ASSERT_EQ(saved.status, 200) << saved.body.substr(0, 300);
    EXPECT_EQ(saved.Json().at("relationship").at("note").as_string(), korean);
    EXPECT_EQ(saved.Json().at("relationship").at("card_no").as_string(), "M-7");
    EXPECT_EQ(Ids(Get(owner_, base_ + "/customers?q=M-7").Json()), std::vector<std::string>{p.ToString()});
    EXPECT_EQ(Get(owner_, base_ + "/audit-events?action=customer.updated").Json().at("items").as_array().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CustomersApiTest, ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

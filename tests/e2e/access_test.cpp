// The access policy, walked over the whole route table as /api/openapi.json describes it, so that
// every route added later is checked without anyone writing a test for it:
//   - every route that is not public answers 401 to a caller without credentials;
//   - every unsafe route authenticated by the cookie answers 403 without the CSRF token;
//   - every operator route answers 403 to a signed-in person who is no operator admin;
//   - every route of a signed-in person's own answers 403 to an API key;
//   - every merchant route answers 404 to another merchant's owner, staff and API key, for the
//     first merchant's path, and for the first merchant's objects under their own merchant's path;
// and the first merchant's things are unchanged afterwards. On SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "customers/profile.hpp"
#include "store/db.hpp"
#include "world.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;

struct Operation {
    std::string method;  // upper case
    std::string path;    // with {params}
    std::string audience;
    std::string role;
    bool key_scope = false;
    bool takes_body = false;
};

std::vector<Operation> Operations(World& w) {
    HttpResponse r = w.Anonymous("GET", "/api/openapi.json");
    EXPECT_EQ(r.status, 200);
    std::vector<Operation> out;
    json::value doc = r.Json();
    for (const auto& [path, item] : doc.at("paths").as_object()) {
        for (const auto& [method, op] : item.as_object()) {
            Operation o;
            o.path = std::string(path);
            for (char c : std::string(method)) o.method.push_back(static_cast<char>(std::toupper(c)));
            const json::object& access = op.at("x-jangteo-access").as_object();
            o.audience = std::string(access.at("audience").as_string());
            if (auto* role = access.if_contains("role")) o.role = std::string(role->as_string());
            o.key_scope = access.contains("key_scope");
            o.takes_body = op.as_object().contains("requestBody");
            out.push_back(std::move(o));
        }
    }
    return out;
}

// Fills {name} parameters from `ids`; a parameter without a fixture fails the test, so that a new
// kind of object under a merchant must get one here.
std::string Fill(const std::string& path, const std::map<std::string, std::string>& ids) {
    std::string out;
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] != '{') {
            out += path[i++];
            continue;
        }
        std::size_t end = path.find('}', i);
        std::string name = path.substr(i + 1, end - i - 1);
        auto it = ids.find(name);
        if (it == ids.end()) {
            ADD_FAILURE() << "no fixture for {" << name << "} in " << path << ": add one to the access test";
            out += "x";
        } else {
            out += it->second;
        }
        i = end + 1;
    }
    return out;
}

// A product of the category `category`, as the product routes accept it.
std::string ProductBody(const std::string& category, const std::string& sku, int version = 0) {
    json::object body{{"category_id", category},
                      {"title_ko", "접근 시험 상품"},
                      {"variants", json::array{json::object{{"sku", sku}, {"base_price_won", 1000}}}}};
    if (version > 0) body["version"] = version;
    return core::ToJson(body);
}

// A body that the route accepts, so that the answer shows the scoping and not the validation.
std::string BodyFor(const Operation& op, const std::string& category) {
    if (op.method == "PUT" && op.path.ends_with("/members/{user_id}")) return R"({"role":"staff"})";
    if (op.method == "PUT" && op.path.ends_with("/products/{product_id}")) return ProductBody(category, "B-1", 1);
    if (op.path.ends_with("/products/{product_id}/status")) return R"({"status":"archived","version":1})";
    if (op.path.ends_with("/orders/{order_id}/status")) return R"({"status":"preparing","version":1})";
    if (op.path.ends_with("/orders/{order_id}/payment-confirmation")) return R"({"version":1})";
    if (op.path.ends_with("/orders/{order_id}/cancel")) return R"({"version":1,"reason":"test"})";
    if (op.path.ends_with("/orders/{order_id}/returns")) return R"({"refund_won":1,"reason":"test"})";
    if (op.method == "PATCH" && op.path.ends_with("/customers/{person_id}")) return R"({"note":"남의 메모"})";
    if (op.path.ends_with("/points/adjustments")) return R"({"points":100,"reason":"test"})";
    if (op.path.ends_with("/customers/{person_id}/consents")) {
        return R"({"changes":[{"purpose":"marketing_sms","granted":true}],"channel":"pos","text_version":"v1"})";
    }
    if (op.path.ends_with("/decision")) return R"({"decision":"same"})";
    if (op.method == "PUT" && op.path.ends_with("/locations/{location_id}")) {
        return R"({"kind":"shop","name_ko":"광안리점","district_code":"26500","postal_code":"48303",)"
               R"("road_address":"부산 수영구 광안해변로 219","version":1})";
    }
    return "{}";
}

bool Unsafe(const std::string& method) {
    return method != "GET" && method != "HEAD";
}

std::string Reason(const HttpResponse& r) {
    try {
        std::string type(r.Json().at("type").as_string());
        return type.substr(type.rfind('/') + 1);
    } catch (...) {
        return "(no problem body: " + r.body.substr(0, 80) + ")";
    }
}

class AccessTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam());
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
    }
    std::unique_ptr<World> world_;
};

TEST_P(AccessTest, EveryRouteKeepsStrangersAndOtherMerchantsOut) {
    World& w = *world_;
    // Merchant A with its people, key, pending invitation; merchant B likewise.
    Person owner_a = w.SignUp("owner.a@example.kr", "가게주인");
    Person staff_a = w.SignUp("staff.a@example.kr", "가게직원");
    Person owner_b = w.SignUp("owner.b@example.kr", "옆가게주인");
    Person staff_b = w.SignUp("staff.b@example.kr", "옆가게직원");
    Person customer = w.SignUp("customer@example.kr", "손님");
    std::string a = w.ApprovedMerchant(owner_a, "광안리 바다횟집", "2208162517");
    std::string b = w.ApprovedMerchant(owner_b, "해운대 꽃집", "1234567891");
    ASSERT_FALSE(a.empty());
    ASSERT_FALSE(b.empty());
    w.AddStaff(owner_a, a, staff_a);
    w.AddStaff(owner_b, b, staff_b);
    std::vector<std::string> all_scopes;
    json::value scopes = w.Anonymous("GET", "/api/v1/api-key-scopes").Json();
    for (const auto& s : scopes.at("items").as_array()) {
        all_scopes.emplace_back(s.at("scope").as_string());
    }
    Person key_a = w.ApiKey(owner_a, a, all_scopes);
    Person key_b = w.ApiKey(owner_b, b, all_scopes);
    HttpResponse inv =
        w.Call(owner_a, "POST", "/api/v1/merchants/" + a + "/invitations", json::object{{"email", "later@example.kr"}});
    ASSERT_EQ(inv.status, 201) << inv.body;
    std::string inv_a(inv.Json().at("id").as_string());
    HttpResponse category = w.Call(w.admin(), "POST", "/api/v1/operator/categories",
                                   json::object{{"code", "access_test"}, {"name_ko", "시험"}, {"name_en", "Test"}});
    ASSERT_EQ(category.status, 201) << category.body;
    std::string category_a(category.Json().at("id").as_string());
    HttpResponse product =
        w.Call(key_a, "POST", "/api/v1/merchants/" + a + "/products", ProductBody(category_a, "A-1"));
    ASSERT_EQ(product.status, 201) << product.body;
    std::string product_a(product.Json().at("id").as_string());
    HttpResponse import = w.Call(owner_a, "POST", "/api/v1/merchants/" + a + "/product-imports?dry_run=true",
                                 std::string_view("sku\r\nA-1\r\n"));
    ASSERT_EQ(import.status, 202) << import.body;
    std::string import_a(import.Json().at("id").as_string());
    auto place = [&](const char* name) {
        HttpResponse r = w.Call(owner_a, "POST", "/api/v1/merchants/" + a + "/locations",
                                json::object{{"kind", "shop"},
                                             {"name_ko", name},
                                             {"district_code", "26500"},
                                             {"postal_code", "48303"},
                                             {"road_address", "부산 수영구 광안해변로 219"}});
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? std::string(r.Json().at("id").as_string()) : std::string();
    };
    std::string location_a = place("광안리점"), depot_a = place("수영 창고");
    std::string variant_a(product.Json().at("variants").as_array()[0].at("id").as_string());
    HttpResponse receipt = w.Call(owner_a, "POST", "/api/v1/merchants/" + a + "/stock/adjustments",
                                  json::object{{"adjustments", json::array{json::object{{"location_id", location_a},
                                                                                        {"variant_id", variant_a},
                                                                                        {"delta", 5},
                                                                                        {"reason", "receipt"}}}}});
    ASSERT_EQ(receipt.status, 200) << receipt.body;
    HttpResponse transfer =
        w.Call(owner_a, "POST", "/api/v1/merchants/" + a + "/transfers",
               json::object{{"from_location_id", location_a},
                            {"to_location_id", depot_a},
                            {"lines", json::array{json::object{{"variant_id", variant_a}, {"quantity", 2}}}}});
    ASSERT_EQ(transfer.status, 201) << transfer.body;
    std::string transfer_a(transfer.Json().at("id").as_string());
    // An order of A's, placed by the customer.
    ASSERT_EQ(w.Call(owner_a, "POST", "/api/v1/merchants/" + a + "/products/" + product_a + "/status",
                     json::object{{"status", "active"}, {"version", 1}})
                  .status,
              200);
    HttpResponse added =
        w.Call(customer, "POST", "/api/v1/cart/lines", json::object{{"variant_id", variant_a}, {"quantity", 1}});
    ASSERT_EQ(added.status, 200) << added.body;
    HttpResponse placed =
        w.Call(customer, "POST", "/api/v1/checkouts",
               core::ToJson(json::object{
                   {"email", customer.email},
                   {"name", "손님"},
                   {"phone", "010-1234-5678"},
                   {"payment_method", "bank_transfer"},
                   {"orders", json::array{json::object{
                                  {"merchant_id", a},
                                  {"fulfilment", "delivery"},
                                  {"address", json::object{{"recipient", "손님"},
                                                           {"phone", "010-1234-5678"},
                                                           {"postal_code", "48058"},
                                                           {"road_address", "부산 해운대구 해운대해변로 264"}}}}}}}),
               {{"Idempotency-Key", "access-order-1"}});
    ASSERT_EQ(placed.status, 201) << placed.body;
    std::string checkout_a(placed.Json().at("id").as_string());
    std::string order_a(placed.Json().at("orders").as_array()[0].at("id").as_string());
    // A counter sale of an unknown code: a POS sale and an exception of A's.
    HttpResponse counter = w.Call(
        owner_a, "POST", "/api/v1/merchants/" + a + "/pos/sales",
        json::object{
            {"sale_id", "access-1"},
            {"location_id", location_a},
            {"sold_at", "2026-01-02T10:00:00+09:00"},
            {"lines", json::array{json::object{{"code", "NO-SUCH-CODE"}, {"quantity", 1}, {"unit_price", 1000}}}},
            {"payments", json::array{json::object{{"method", "cash"}, {"amount", 1000}}}}});
    ASSERT_EQ(counter.status, 201) << counter.body;
    std::string pos_sale_a(counter.Json().at("sale").at("id").as_string());
    HttpResponse exceptions = w.Call(owner_a, "GET", "/api/v1/merchants/" + a + "/pos/exceptions");
    ASSERT_EQ(exceptions.status, 200) << exceptions.body;
    ASSERT_EQ(exceptions.Json().at("items").as_array().size(), 1u);
    std::string exception_a(exceptions.Json().at("items").as_array()[0].at("id").as_string());
    // A membership import of A's: a background job.
    HttpResponse job = w.Call(owner_a, "POST", "/api/v1/merchants/" + a + "/member-imports?dry_run=true",
                              std::string_view("card_no,name\r\nM-1,김민준\r\n"));
    ASSERT_EQ(job.status, 202) << job.body;
    std::string job_a(job.Json().at("id").as_string());

    // A's customers, recorded through the profile service as the POS and checkout flows do: two
    // persons merged into one, and a possible match of a web account with A's legacy ledger.
    auto db = store::Open(w.db(), {});
    ASSERT_TRUE(db.ok()) << db.error().message;
    core::SystemClock clock;
    core::SystemRandom random;
    customers::ProfileService profiles(**db, clock, random);
    const auto merchant_a = platform::MerchantId::Parse(a).value();
    auto customer_of_a = [&](std::string ref, std::string name, std::string phone) {
        auto got = profiles.Record({.merchant = merchant_a,
                                    .source = customers::RecordSource::kPos,
                                    .source_ref = ref,
                                    .name = std::move(name),
                                    .phone = std::move(phone)});
        EXPECT_TRUE(got.ok()) << got.error().message;
        auto bought = (*db)->Write([&](store::Tx& tx) {
            return profiles.RecordPurchaseInTx(tx, merchant_a, got->person, 1000, clock.Now(), "import:" + ref);
        });
        EXPECT_TRUE(bought.ok());
        return got->person;
    };
    customers::PersonId person_a = customer_of_a("access-p1", "정하늘", "010-1111-2222");
    customers::PersonId twin_a = customer_of_a("access-p2", "이서연", "010-3333-4444");
    auto merged = profiles.Merge(person_a, twin_a, "usr_test");
    ASSERT_TRUE(merged.ok()) << merged.error().message;
    auto web_account = profiles.Record({.source = customers::RecordSource::kWeb,
                                        .source_ref = "access-web",
                                        .name = "김민준",
                                        .phone = "010-1234-5678",
                                        .birth_date = "1985-03-07",
                                        .phone_verified = true});
    ASSERT_TRUE(web_account.ok());
    // The web account's person buys at A, so that A may see the review of it (docs/customers-api.md).
    ASSERT_TRUE((*db)
                    ->Write([&](store::Tx& tx) {
                        return profiles.RecordPurchaseInTx(tx, merchant_a, web_account->person, 1000, clock.Now(),
                                                           "import:access-web");
                    })
                    .ok());
    auto ledger_line = profiles.Record({.merchant = merchant_a,
                                        .source = customers::RecordSource::kImport,
                                        .source_ref = "access-ledger",
                                        .name = "김 민준",
                                        .birth_date = "85.3.7"});
    ASSERT_TRUE(ledger_line.ok() && ledger_line->review) << "a possible match for the review queue";

    std::map<std::string, std::string> a_ids{{"merchant_id", a},
                                             {"user_id", staff_a.id},
                                             {"key_id", key_a.id},
                                             {"invitation_id", inv_a},
                                             {"session_id", "ses_0000000000001"},
                                             {"code", "seafood"},
                                             {"category_id", "cat_0000000000001"},
                                             {"product_id", product_a},
                                             {"import_id", import_a},
                                             {"location_id", location_a},
                                             {"transfer_id", transfer_a},
                                             {"variant_id", variant_a},
                                             {"order_id", order_a},
                                             {"checkout_id", checkout_a},
                                             {"pos_sale_id", pos_sale_a},
                                             {"exception_id", exception_a},
                                             {"job_id", job_a},
                                             {"person_id", person_a.ToString()},
                                             {"merge_id", merged->merge.ToString()},
                                             {"review_id", ledger_line->review->ToString()},
                                             {"provider", "test_card"}};
    std::map<std::string, std::string> a_objects_under_b = a_ids;
    a_objects_under_b["merchant_id"] = b;

    std::vector<Operation> ops = Operations(w);
    int merchant_routes = 0, guarded = 0;
    for (const Operation& op : ops) {
        if (op.audience == "public") continue;
        ++guarded;
        std::string target = Fill(op.path, a_ids);
        std::string body = op.takes_body ? "{}" : "";
        SCOPED_TRACE(op.method + " " + op.path);

        HttpResponse anonymous = w.Anonymous(op.method, target, body);
        if (op.audience == "shopper") {
            // A guest may use it; a signed-in person's unsafe request needs the CSRF token; keys may not.
            EXPECT_LT(anonymous.status, 500) << anonymous.body;
            EXPECT_NE(anonymous.status, 401) << anonymous.body;
            EXPECT_EQ(w.Call(key_a, op.method, target, body).status, 403);
        } else {
            EXPECT_EQ(anonymous.status, 401) << anonymous.body;
        }

        if (Unsafe(op.method)) {
            Person no_csrf = owner_a;
            no_csrf.csrf.clear();
            HttpResponse r = w.Call(no_csrf, op.method, target, body);
            EXPECT_EQ(r.status, 403) << r.body;
            EXPECT_EQ(Reason(r), "csrf_failed");
        }
        if (op.audience == "user") {
            // A person's own routes (my page, my orders, my data): a merchant's program is nobody's person.
            EXPECT_EQ(w.Call(key_a, op.method, target, body).status, 403);
        }
        if (op.audience == "operator") {
            for (const Person* who : {&owner_a, &customer, &key_a}) {
                HttpResponse r = w.Call(*who, op.method, target, body);
                EXPECT_EQ(r.status, 403) << who->email << " " << r.body;
            }
        }
        if (op.audience != "merchant") continue;
        ++merchant_routes;
        for (const Person* who : {&owner_b, &staff_b, &key_b, &customer}) {
            HttpResponse r = w.Call(*who, op.method, target, body);
            EXPECT_EQ(r.status, 404) << (who->email.empty() ? who->id : who->email) << " " << r.body;
            EXPECT_EQ(Reason(r), "merchant_not_found");
        }
        // B's people on B's own path, asking for A's objects: B's owner passes every role check, so
        // the answer comes from the handler's own scoping: 404. Staff and the key may be refused
        // earlier (403: an owner route, a route without their scope), never let through.
        if (op.path.find('{', op.path.find("{merchant_id}") + 1) != std::string::npos) {
            std::string under_b = Fill(op.path, a_objects_under_b);
            std::string valid_body = op.takes_body ? BodyFor(op, category_a) : "";
            const std::vector<std::pair<std::string, std::string>> key{{"Idempotency-Key", "access-test"}};
            HttpResponse by_owner = w.Call(owner_b, op.method, under_b, valid_body, key);
            EXPECT_EQ(by_owner.status, 404) << by_owner.body;
            for (const Person* who : {&staff_b, &key_b}) {
                HttpResponse r = w.Call(*who, op.method, under_b, valid_body, key);
                EXPECT_TRUE(r.status == 403 || r.status == 404) << r.status << " " << r.body;
            }
        }
    }
    EXPECT_GT(guarded, 10);
    EXPECT_GT(merchant_routes, 8);

    // A's things are as they were.
    HttpResponse members = w.Call(owner_a, "GET", "/api/v1/merchants/" + a + "/members");
    ASSERT_EQ(members.status, 200);
    EXPECT_EQ(members.Json().at("items").as_array().size(), 2u);
    HttpResponse keys = w.Call(owner_a, "GET", "/api/v1/merchants/" + a + "/api-keys");
    ASSERT_EQ(keys.status, 200);
    EXPECT_TRUE(keys.Json().at("items").as_array()[0].at("revoked_at").is_null());
    HttpResponse invitations = w.Call(owner_a, "GET", "/api/v1/merchants/" + a + "/invitations");
    ASSERT_EQ(invitations.status, 200);
    EXPECT_EQ(invitations.Json().at("items").as_array()[0].at("status").as_string(), "pending");
    EXPECT_EQ(w.Call(key_a, "GET", "/api/v1/merchants/" + a).status, 200) << "A's key still works";
    HttpResponse still = w.Call(owner_a, "GET", "/api/v1/merchants/" + a + "/products/" + product_a);
    ASSERT_EQ(still.status, 200) << still.body;
    EXPECT_EQ(still.Json().at("version").as_int64(), 2) << "nobody else changed A's product";
    EXPECT_EQ(still.Json().at("status").as_string(), "active");
    HttpResponse moved = w.Call(owner_a, "GET", "/api/v1/merchants/" + a + "/transfers/" + transfer_a);
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_EQ(moved.Json().at("state").as_string(), "in_transit") << "nobody else received or cancelled it";
    HttpResponse ledger = w.Call(owner_a, "GET", "/api/v1/merchants/" + a + "/stock/ledger");
    ASSERT_EQ(ledger.status, 200) << ledger.body;
    EXPECT_EQ(ledger.Json().at("items").as_array().size(), 2u) << "the receipt and the transfer out, nothing more";
    HttpResponse ordered = w.Call(owner_a, "GET", "/api/v1/merchants/" + a + "/orders/" + order_a);
    ASSERT_EQ(ordered.status, 200) << ordered.body;
    EXPECT_EQ(ordered.Json().at("status").as_string(), "pending_payment") << "nobody else moved A's order";
    EXPECT_EQ(ordered.Json().at("version").as_int64(), 1);
    HttpResponse customer_a = w.Call(owner_a, "GET", "/api/v1/merchants/" + a + "/customers/" + person_a.ToString());
    ASSERT_EQ(customer_a.status, 200) << customer_a.body;
    json::value seen = customer_a.Json();
    EXPECT_EQ(seen.at("relationship").at("note").as_string(), "") << "nobody else wrote A's note";
    EXPECT_EQ(seen.at("points").at("balance").as_int64(), 0) << "nobody else gave A's customer points";
    for (const auto& c : seen.at("consents").as_array()) EXPECT_FALSE(c.at("granted").as_bool());
    ASSERT_EQ(seen.at("merges").as_array().size(), 1u);
    EXPECT_TRUE(seen.at("merges").as_array()[0].at("undone_at").is_null()) << "nobody else undid A's merge";
    HttpResponse queue = w.Call(owner_a, "GET", "/api/v1/merchants/" + a + "/customer-reviews");
    ASSERT_EQ(queue.status, 200) << queue.body;
    EXPECT_EQ(queue.Json().at("items").as_array().size(), 1u) << "nobody else decided A's review";
}

TEST_P(AccessTest, RolesScopesAndMerchantStatus) {
    World& w = *world_;
    Person owner = w.SignUp("owner@example.kr", "주인");
    Person staff = w.SignUp("staff@example.kr", "직원");
    std::string shop = w.ApprovedMerchant(owner, "광안리 바다횟집", "2208162517");
    w.AddStaff(owner, shop, staff);
    std::string base = "/api/v1/merchants/" + shop;

    // Staff read the merchant and its members, but owner routes answer 403.
    EXPECT_EQ(w.Call(staff, "GET", base).status, 200);
    EXPECT_EQ(w.Call(staff, "GET", base + "/members").status, 200);
    HttpResponse keys = w.Call(staff, "GET", base + "/api-keys");
    EXPECT_EQ(keys.status, 403);
    EXPECT_EQ(Reason(keys), "owner_only");
    HttpResponse invite = w.Call(staff, "POST", base + "/invitations", json::object{{"email", "x@example.kr"}});
    EXPECT_EQ(invite.status, 403);
    // The price parity policy: staff read it, only owners set it.
    EXPECT_EQ(w.Call(staff, "GET", base + "/price-policies").status, 200);
    HttpResponse policy = w.Call(staff, "PUT", base + "/price-policies", json::object{{"version", 0}});
    EXPECT_EQ(policy.status, 403);
    EXPECT_EQ(Reason(policy), "owner_only");

    // A key reaches only the routes of its scopes, and never people's routes.
    Person reader = w.ApiKey(owner, shop, {"merchant:read"});
    Person pos = w.ApiKey(owner, shop, {"pos"});
    EXPECT_EQ(w.Call(reader, "GET", base).status, 200);
    HttpResponse missing = w.Call(pos, "GET", base);
    EXPECT_EQ(missing.status, 403);
    EXPECT_EQ(Reason(missing), "scope_missing");
    EXPECT_EQ(Reason(w.Call(reader, "GET", base + "/members")), "api_key_not_accepted");
    EXPECT_EQ(w.Call(reader, "GET", "/api/v1/me").status, 403);
    HttpResponse bad = w.Call(Person{.key_secret = "jtk_notakey"}, "GET", base);
    EXPECT_EQ(bad.status, 401);
    EXPECT_EQ(Reason(bad), "api_key_invalid");

    // Suspended: staff cannot work, the key stops, the owner still reads the merchant and its log.
    w.SetStatus(shop, "suspended", "위생 점검 결과 확인 중");
    HttpResponse work = w.Call(staff, "GET", base + "/members");
    EXPECT_EQ(work.status, 403);
    EXPECT_EQ(Reason(work), "merchant_inactive");
    EXPECT_EQ(Reason(w.Call(owner, "POST", base + "/invitations", json::object{{"email", "y@example.kr"}})),
              "merchant_inactive");
    EXPECT_EQ(w.Call(owner, "GET", base).status, 200);
    EXPECT_EQ(w.Call(owner, "GET", base + "/audit-events").status, 200);
    EXPECT_EQ(Reason(w.Call(reader, "GET", base + "/members")), "api_key_not_accepted");
    HttpResponse detail = w.Call(owner, "GET", base);
    json::value detail_json = detail.Json();
    const json::array& history = detail_json.at("history").as_array();
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[2].at("to").as_string(), "suspended");
    EXPECT_EQ(history[2].at("reason").as_string(), "위생 점검 결과 확인 중");

    // Reinstated: work again. Revoked key: refused at once.
    w.SetStatus(shop, "approved");
    EXPECT_EQ(w.Call(staff, "GET", base + "/members").status, 200);
    EXPECT_EQ(w.Call(owner, "DELETE", base + "/api-keys/" + reader.id).status, 204);
    EXPECT_EQ(Reason(w.Call(reader, "GET", base)), "api_key_invalid");
    EXPECT_EQ(w.Call(owner, "DELETE", base + "/api-keys/" + reader.id).status, 404);

    // Cross-site posts are refused whatever they carry.
    HttpResponse cross = w.Call(owner, "POST", base + "/invitations", R"({"email":"z@example.kr"})",
                                {{"Origin", "https://evil.example"}});
    EXPECT_EQ(cross.status, 403);
    EXPECT_EQ(Reason(cross), "cross_origin");
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessTest, ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

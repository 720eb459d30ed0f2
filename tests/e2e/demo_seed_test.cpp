// `jangteo seed --demo` as the README's run command uses it: on a fresh database it makes the demo
// region and prints how to sign in; run again it changes nothing and still exits 0. Then the real
// server lets the printed operator admin, merchant owner, staff member and customer sign in with the
// printed password, and each sees what their role gives them, and the portal shows the demo's shared
// category tree and its merchants' products with their pictures. On SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "e2e/backend.hpp"
#include "support/http_client.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;

// One account line of the seed's answer: "  merchant owner / 가맹점 대표: email  (name) — 이름 / Name".
struct PrintedAccount {
    std::string email;
    std::string name;
    std::string merchant_name_ko;
};

PrintedAccount FindAccount(const std::string& output, std::string_view label) {
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.find(label) == std::string::npos) continue;
        PrintedAccount a;
        std::istringstream words(line);
        std::string word;
        while (words >> word) {
            if (word.find('@') != std::string::npos) a.email = word;
        }
        std::size_t open = line.find('(');
        std::size_t close = line.find(')', open);
        if (open != std::string::npos && close != std::string::npos) a.name = line.substr(open + 1, close - open - 1);
        std::size_t dash = line.find("— ");
        if (dash != std::string::npos) {
            std::size_t start = dash + std::string_view("— ").size();
            a.merchant_name_ko = line.substr(start, line.find(" / ", start) - start);
        }
        return a;
    }
    ADD_FAILURE() << "no line with '" << label << "' in:\n" << output;
    return {};
}

// The password the seed printed: the last word of its line.
std::string PrintedPassword(const std::string& output) {
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.find("password of every demo account") == std::string::npos) continue;
        return line.substr(line.rfind(' ') + 1);
    }
    ADD_FAILURE() << "no password in:\n" << output;
    return {};
}

struct Session {
    std::string cookie;
    std::string csrf;
};

class DemoSeedE2eTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        if (GetParam() == "postgres") {
            std::string why;
            pg_ = FreshPgDatabase::Create(&why);
            if (!pg_) JANGTEO_NEED_POSTGRES(why);
            db_ = pg_->url();
        } else {
            db_ = "sqlite://" + (dir_.path() / "demo.db").string();
        }
    }

    int Seed(std::string* output) {
        return RunJangteo({"seed", "--demo", "--db", db_, "--log-format", "text", "--public-url",
                           "http://127.0.0.1:8080", "--media-dir", media()},
                          output);
    }

    // Where the seed puts the product pictures, and the server serves them from.
    std::string media() const { return (dir_.path() / "media").string(); }

    Session SignIn(unsigned short port, const std::string& email, const std::string& password) {
        json::object body{{"email", email}, {"password", password}};
        HttpResponse r =
            Fetch(port, "POST", "/api/v1/sessions", core::ToJson(body), {{"Content-Type", "application/json"}});
        EXPECT_EQ(r.status, 201) << email << ": " << r.body;
        Session s;
        if (r.status != 201) return s;
        std::string cookie = r.Header("set-cookie").value_or("");
        s.cookie = cookie.substr(0, cookie.find(';'));
        s.csrf = std::string(r.Json().at("csrf_token").as_string());
        return s;
    }

    json::value Get(unsigned short port, const Session& s, const std::string& target) {
        HttpResponse r = Fetch(port, "GET", target, {}, {{"Cookie", s.cookie}});
        EXPECT_EQ(r.status, 200) << target << ": " << r.body;
        return r.status == 200 ? r.Json() : json::value();
    }

    TempDir dir_;
    std::unique_ptr<FreshPgDatabase> pg_;
    std::string db_;
};

TEST_P(DemoSeedE2eTest, SeedThenSignInAsThePrintedAccounts) {
    std::string out;
    ASSERT_EQ(Seed(&out), 0) << out;
    EXPECT_NE(out.find("200 approved"), std::string::npos) << out;
    EXPECT_NE(out.find("Sign in at / 로그인: http://127.0.0.1:8080"), std::string::npos) << out;
    EXPECT_NE(out.find("never use it in production"), std::string::npos) << out;
    EXPECT_NE(out.find("categories / 카테고리: "), std::string::npos) << out;
    EXPECT_NE(out.find("products / 상품: "), std::string::npos) << out;
    EXPECT_NE(out.find(" products 상품 of 200 merchants"), std::string::npos) << out;
    const std::string password = PrintedPassword(out);
    EXPECT_EQ(password, "jangteo-demo-2026");
    const PrintedAccount admin = FindAccount(out, "operator admin /");
    const PrintedAccount owner = FindAccount(out, "merchant owner /");
    const PrintedAccount staff = FindAccount(out, "merchant staff /");
    const PrintedAccount customer = FindAccount(out, "customer /");
    ASSERT_FALSE(owner.merchant_name_ko.empty()) << out;
    EXPECT_EQ(staff.merchant_name_ko, owner.merchant_name_ko);

    // The README's command runs the seed at every start: the second time it is a quiet no-op.
    std::string again;
    ASSERT_EQ(Seed(&again), 0) << again;
    EXPECT_NE(again.find("already has"), std::string::npos) << again;
    EXPECT_EQ(again.find("Sign in at"), std::string::npos) << again;

    auto server = ServerProcess::Start({.db = db_, .args = {"--media-dir", media()}});
    const unsigned short port = server->port();

    // The demo's products on the portal: mackerel at the fishmongers, each card with its picture,
    // which the server serves as the PNG the seed drew.
    HttpResponse found = Fetch(port, "GET", "/api/v1/search?q=%EA%B3%A0%EB%93%B1%EC%96%B4");  // 고등어
    ASSERT_EQ(found.status, 200) << found.body;
    const json::value found_json = found.Json();
    EXPECT_GT(found_json.at("total").as_int64(), 0) << found.body;
    HttpResponse all = Fetch(port, "GET", "/api/v1/search?limit=100");
    ASSERT_EQ(all.status, 200) << all.body;
    const json::value all_json = all.Json();
    EXPECT_GT(all_json.at("total").as_int64(), 500) << all.body;
    std::string picture;
    for (const auto& item : all_json.at("items").as_array()) {
        if (!item.at("image").is_null()) picture = std::string(item.at("image").at("url").as_string());
    }
    ASSERT_FALSE(picture.empty()) << all.body;
    HttpResponse png = Fetch(port, "GET", picture);
    EXPECT_EQ(png.status, 200) << picture;
    EXPECT_EQ(png.Header("content-type").value_or(""), "image/png");
    EXPECT_TRUE(png.body.starts_with("\x89PNG")) << picture;

    // The shared category tree, as the portal reads it without signing in: the industries at the
    // top, their subcategories below, and the food categories' required country of origin.
    HttpResponse tree = Fetch(port, "GET", "/api/v1/categories");
    ASSERT_EQ(tree.status, 200) << tree.body;
    const json::value tree_json = tree.Json();
    const json::array& categories = tree_json.at("items").as_array();
    EXPECT_GE(categories.size(), 60u);
    EXPECT_NE(out.find(std::to_string(categories.size()) + " categories 분류"), std::string::npos) << out;
    std::map<std::string, const json::object*> by_code;
    std::map<std::string, std::string> code_of_id;
    std::size_t roots = 0;
    for (const auto& c : categories) {
        const json::object& o = c.as_object();
        by_code[std::string(o.at("code").as_string())] = &o;
        code_of_id[std::string(o.at("id").as_string())] = std::string(o.at("code").as_string());
        if (o.at("parent_id").is_null()) ++roots;
    }
    EXPECT_GE(roots, 12u);
    ASSERT_TRUE(by_code.contains("food") && by_code.contains("food_seafood") && by_code.contains("food_seafood_fish"));
    EXPECT_EQ(code_of_id[std::string(by_code["food_seafood_fish"]->at("parent_id").as_string())], "food_seafood");
    EXPECT_EQ(code_of_id[std::string(by_code["food_seafood"]->at("parent_id").as_string())], "food");
    EXPECT_EQ(by_code["food_seafood_fish"]->at("name").at("ko").as_string(), "생선");
    bool origin_required = false;
    for (const auto& a : by_code["food"]->at("attributes").as_array()) {
        if (a.at("code").as_string() == "origin") origin_required = a.at("required").as_bool();
    }
    EXPECT_TRUE(origin_required) << core::ToJson(*by_code["food"]);

    Session admin_session = SignIn(port, admin.email, password);
    json::value me = Get(port, admin_session, "/api/v1/me");
    EXPECT_TRUE(me.at("operator_admin").as_bool());
    EXPECT_EQ(me.at("user").at("name").as_string(), admin.name);
    json::value pending = Get(port, admin_session, "/api/v1/operator/merchants?status=applied&limit=50");
    EXPECT_EQ(pending.at("items").as_array().size(), 8u);
    json::value approved = Get(port, admin_session, "/api/v1/operator/merchants?status=approved&limit=200");
    EXPECT_EQ(approved.at("items").as_array().size(), 200u);

    Session owner_session = SignIn(port, owner.email, password);
    me = Get(port, owner_session, "/api/v1/me");
    EXPECT_FALSE(me.at("operator_admin").as_bool());
    EXPECT_EQ(me.at("user").at("name").as_string(), owner.name);
    const json::array& owned = me.at("memberships").as_array();
    ASSERT_EQ(owned.size(), 1u) << core::ToJson(me);
    EXPECT_EQ(owned[0].at("merchant_name").at("ko").as_string(), owner.merchant_name_ko);
    EXPECT_EQ(owned[0].at("merchant_status").as_string(), "approved");
    EXPECT_EQ(owned[0].at("role").as_string(), "owner");
    // The owner's back office: the merchant's people, the owner and the printed staff member among them.
    const std::string merchant(owned[0].at("merchant_id").as_string());
    json::value people = Get(port, owner_session, "/api/v1/merchants/" + merchant + "/members");
    bool staff_listed = false;
    for (const auto& m : people.at("items").as_array()) {
        if (m.at("user").at("email").as_string() == staff.email) staff_listed = m.at("role").as_string() == "staff";
    }
    EXPECT_TRUE(staff_listed) << core::ToJson(people);
    // The merchant's shop hands out orders, and its variants have stock that the ledger explains.
    json::value places = Get(port, owner_session, "/api/v1/merchants/" + merchant + "/locations");
    ASSERT_GE(places.at("items").as_array().size(), 1u);
    const json::object& shop = places.at("items").as_array()[0].as_object();
    EXPECT_EQ(shop.at("kind").as_string(), "shop");
    EXPECT_TRUE(shop.at("pickup").as_bool());
    EXPECT_EQ(shop.at("postal_code").as_string().size(), 5u);
    json::value stock = Get(port, owner_session, "/api/v1/merchants/" + merchant + "/stock?limit=200");
    std::int64_t on_hand = 0;
    for (const auto& v : stock.at("items").as_array()) on_hand += v.at("on_hand").as_int64();
    EXPECT_GT(on_hand, 0) << core::ToJson(stock);
    json::value ledger = Get(port, owner_session, "/api/v1/merchants/" + merchant + "/stock/ledger?limit=200");
    std::int64_t received = 0;
    for (const auto& m : ledger.at("items").as_array()) {
        EXPECT_EQ(m.at("reason").as_string(), "receipt");
        received += m.at("delta").as_int64();
    }
    EXPECT_EQ(received, on_hand);
    EXPECT_NE(out.find("stock / 재고: 200 shops"), std::string::npos) << out;

    Session staff_session = SignIn(port, staff.email, password);
    me = Get(port, staff_session, "/api/v1/me");
    ASSERT_EQ(me.at("memberships").as_array().size(), 1u);
    EXPECT_EQ(me.at("memberships").as_array()[0].at("role").as_string(), "staff");

    Session customer_session = SignIn(port, customer.email, password);
    me = Get(port, customer_session, "/api/v1/me");
    EXPECT_FALSE(me.at("operator_admin").as_bool());
    EXPECT_TRUE(me.at("memberships").as_array().empty());
    // A customer is no operator.
    HttpResponse refused =
        Fetch(port, "GET", "/api/v1/operator/merchants?status=applied", {}, {{"Cookie", customer_session.cookie}});
    EXPECT_EQ(refused.status, 403) << refused.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, DemoSeedE2eTest, ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

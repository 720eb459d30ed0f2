// The bulk CSV import and export over HTTP on both backends: a file uploaded as it is (202 at once),
// polled to its end, its products in the merchant's list; a dry run that changes nothing; the export
// and the template; a file over the limit (413, or 422 at the limit); another merchant's import (404);
// absurd query parameters (422); and keys by their scopes.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/encoding.hpp"
#include "world.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;
using namespace std::chrono_literals;

constexpr std::string_view kCsv =
    "product_ref,category_code,title_ko,title_en,vat,status,attr:origin,sku,options,base_price_won,online_price_won\r\n"
    "MK,food_fish,순살 고등어구이,Grilled mackerel,면세,판매중,국내산,MK-S,size=S,\"8,900원\",8500\r\n"
    "MK,food_fish,순살 고등어구이,,,,,MK-L,size=L,\"12,900\",\r\n"
    ",food_fish,\"갈치, 제주산\",Hairtail,exempt,,제주,GG-1,,15000,\r\n";

std::string Reason(const HttpResponse& r) {
    try {
        std::string type(r.Json().at("type").as_string());
        return type.substr(type.rfind('/') + 1);
    } catch (...) {
        return "(no problem body: " + r.body.substr(0, 80) + ")";
    }
}

std::string FirstField(const HttpResponse& r) {
    try {
        return std::string(r.Json().at("errors").as_array().at(0).at("field").as_string());
    } catch (...) {
        return "(no field errors: " + r.body.substr(0, 120) + ")";
    }
}

class ProductImportApiTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam());
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
        World& w = *world_;
        owner_ = w.SignUp("owner@example.kr", "김사장");
        shop_ = w.ApprovedMerchant(owner_, "자갈치 고등어", "2208162517");
        ASSERT_FALSE(shop_.empty());
        HttpResponse food = w.Call(w.admin(), "POST", "/api/v1/operator/categories",
                                   json::object{{"code", "food"}, {"name_ko", "식품"}, {"name_en", "Food"}});
        ASSERT_EQ(food.status, 201) << food.body;
        std::string food_id(food.Json().at("id").as_string());
        HttpResponse attrs = w.Call(w.admin(), "PUT", "/api/v1/operator/categories/" + food_id + "/attributes",
                                    json::object{{"attributes", json::array{json::object{{"code", "origin"},
                                                                                         {"name_ko", "원산지"},
                                                                                         {"name_en", "Origin"},
                                                                                         {"type", "text"},
                                                                                         {"required", true}}}}});
        ASSERT_EQ(attrs.status, 200) << attrs.body;
        HttpResponse fish = w.Call(
            w.admin(), "POST", "/api/v1/operator/categories",
            json::object{{"parent_id", food_id}, {"code", "food_fish"}, {"name_ko", "생선"}, {"name_en", "Fish"}});
        ASSERT_EQ(fish.status, 201) << fish.body;
    }

    std::string Base(const std::string& merchant) const { return "/api/v1/merchants/" + merchant; }

    // The file as the web app sends it: the raw bytes, text/csv.
    HttpResponse Upload(const Person& who, const std::string& target, std::string_view csv) {
        std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "text/csv"}};
        if (!who.key_secret.empty()) headers.emplace_back("Authorization", "Bearer " + who.key_secret);
        if (!who.cookie.empty()) headers.emplace_back("Cookie", who.cookie);
        if (!who.csrf.empty()) headers.emplace_back("X-CSRF-Token", who.csrf);
        return Fetch(world_->port(), "POST", target, csv, headers);
    }

    // Polls the import until it ends (as the back office does, every few hundred milliseconds).
    json::value Poll(const Person& who, const std::string& merchant, const std::string& id) {
        json::value last;
        for (int i = 0; i < 300; ++i) {
            HttpResponse r = world_->Call(who, "GET", Base(merchant) + "/product-imports/" + id);
            EXPECT_EQ(r.status, 200) << r.body;
            if (r.status != 200) return last;
            last = r.Json();
            std::string status(last.at("status").as_string());
            if (status == "succeeded" || status == "failed") return last;
            EXPECT_TRUE(status == "queued" || status == "running") << status;
            std::this_thread::sleep_for(100ms);
        }
        ADD_FAILURE() << "the import did not end: " << core::ToJson(last);
        return last;
    }

    std::size_t ProductCount(const std::string& merchant) {
        HttpResponse r = world_->Call(owner_, "GET", Base(merchant) + "/products");
        EXPECT_EQ(r.status, 200) << r.body;
        return r.status == 200 ? r.Json().at("items").as_array().size() : 0;
    }

    std::unique_ptr<World> world_;
    Person owner_;
    std::string shop_;
};

TEST_P(ProductImportApiTest, UploadPollAndFindTheProducts) {
    World& w = *world_;
    // A dry run first: it reports and changes nothing.
    HttpResponse dry = Upload(owner_, Base(shop_) + "/product-imports?dry_run=true", kCsv);
    ASSERT_EQ(dry.status, 202) << dry.body;
    json::value queued = dry.Json();
    EXPECT_EQ(queued.at("status"), "queued");
    EXPECT_EQ(queued.at("dry_run"), true);
    EXPECT_EQ(queued.at("encoding"), "utf-8");
    EXPECT_EQ(queued.at("total_rows"), 3);
    EXPECT_TRUE(queued.at("finished_at").is_null());
    EXPECT_EQ(queued.at("created_by").as_string(), owner_.id);
    std::string dry_id(queued.at("id").as_string());
    EXPECT_TRUE(dry_id.starts_with("imp_"));
    EXPECT_EQ(dry.Header("location"), Base(shop_) + "/product-imports/" + dry_id);
    json::value checked = Poll(owner_, shop_, dry_id);
    EXPECT_EQ(checked.at("status"), "succeeded") << core::ToJson(checked);
    EXPECT_EQ(checked.at("created"), 2);
    EXPECT_EQ(checked.at("processed_rows"), 3);
    EXPECT_TRUE(checked.at("errors").as_array().empty());
    EXPECT_EQ(ProductCount(shop_), 0u);

    // Then the apply, from Korean Excel (CP949).
    auto cp949 = core::EncodeCp949(kCsv);
    ASSERT_TRUE(cp949.ok());
    HttpResponse apply = Upload(owner_, Base(shop_) + "/product-imports?dry_run=false&encoding=auto", *cp949);
    ASSERT_EQ(apply.status, 202) << apply.body;
    EXPECT_EQ(apply.Json().at("encoding"), "cp949");
    json::value done = Poll(owner_, shop_, std::string(apply.Json().at("id").as_string()));
    ASSERT_EQ(done.at("status"), "succeeded") << core::ToJson(done);
    EXPECT_EQ(done.at("created"), 2);
    EXPECT_FALSE(done.at("finished_at").is_null());

    HttpResponse list = w.Call(owner_, "GET", Base(shop_) + "/products");
    ASSERT_EQ(list.status, 200);
    json::value items = list.Json().at("items");
    ASSERT_EQ(items.as_array().size(), 2u);
    std::map<std::string, json::value> by_title;
    for (const auto& item : items.as_array()) by_title[std::string(item.at("title_ko").as_string())] = item;
    ASSERT_TRUE(by_title.contains("순살 고등어구이"));
    ASSERT_TRUE(by_title.contains("갈치, 제주산"));
    EXPECT_EQ(by_title["순살 고등어구이"].at("status"), "active");
    EXPECT_EQ(by_title["순살 고등어구이"].at("variants"), 2);
    EXPECT_EQ(by_title["순살 고등어구이"].at("min_price_won"), 8900);
    EXPECT_EQ(by_title["갈치, 제주산"].at("status"), "draft");

    // The export reads back as the catalog; Excel gets its byte order mark; CP949 on request.
    HttpResponse exported = w.Call(owner_, "GET", Base(shop_) + "/products/export.csv");
    ASSERT_EQ(exported.status, 200) << exported.body;
    EXPECT_EQ(exported.Header("content-type"), "text/csv; charset=utf-8");
    EXPECT_NE(exported.Header("content-disposition").value_or("").find("attachment; filename=\"products-" + shop_),
              std::string::npos);
    EXPECT_TRUE(exported.body.starts_with("\xEF\xBB\xBFproduct_id,product_ref,category_code,title_ko"));
    EXPECT_NE(exported.body.find("\"갈치, 제주산\""), std::string::npos);
    HttpResponse korean = w.Call(owner_, "GET", Base(shop_) + "/products/export.csv?encoding=cp949");
    ASSERT_EQ(korean.status, 200);
    auto decoded = core::DecodeKoreanText(korean.body);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->encoding, core::TextEncoding::kCp949);
    EXPECT_EQ(decoded->utf8, exported.body.substr(3));

    // Imported again unchanged: nothing is made twice.
    HttpResponse again = Upload(owner_, Base(shop_) + "/product-imports", exported.body);
    ASSERT_EQ(again.status, 202) << again.body;
    json::value same = Poll(owner_, shop_, std::string(again.Json().at("id").as_string()));
    EXPECT_EQ(same.at("status"), "succeeded") << core::ToJson(same);
    EXPECT_EQ(same.at("created"), 0);
    EXPECT_EQ(same.at("updated"), 0);
    EXPECT_EQ(ProductCount(shop_), 2u);

    HttpResponse tmpl = w.Call(owner_, "GET", Base(shop_) + "/products/template.csv");
    ASSERT_EQ(tmpl.status, 200);
    EXPECT_TRUE(tmpl.body.starts_with("\xEF\xBB\xBF상품ID,상품참조,카테고리코드,상품명")) << tmpl.body.substr(0, 80);

    // The portal says how large a file may be.
    HttpResponse config = w.Anonymous("GET", "/api/v1/portal/config");
    ASSERT_EQ(config.status, 200);
    EXPECT_EQ(config.Json().at("csv_max_bytes"), 20 << 20);
}

TEST_P(ProductImportApiTest, BadRowsAreReportedAndNothingIsApplied) {
    std::string csv(kCsv);
    csv += ",food_fish,오징어,,과세,,국내산,SQ-1,,12.5,\r\n";
    csv += ",food_cheese,치즈,,과세,,국내산,CH-1,,-1,\r\n";
    HttpResponse r = Upload(owner_, Base(shop_) + "/product-imports", csv);
    ASSERT_EQ(r.status, 202) << r.body;
    json::value done = Poll(owner_, shop_, std::string(r.Json().at("id").as_string()));
    EXPECT_EQ(done.at("status"), "failed");
    const json::array& errors = done.at("errors").as_array();
    ASSERT_EQ(errors.size(), 3u) << core::ToJson(done);
    EXPECT_EQ(errors[0].at("line"), 5);
    EXPECT_EQ(errors[0].at("field"), "base_price_won");
    EXPECT_EQ(errors[0].at("code"), "not_whole_won");
    EXPECT_FALSE(errors[0].at("message").as_string().empty());
    EXPECT_EQ(errors[1].at("line"), 6);
    EXPECT_EQ(errors[1].at("field"), "category_code");
    EXPECT_EQ(errors[2].at("field"), "base_price_won");
    EXPECT_EQ(errors[2].at("code"), "out_of_range");
    EXPECT_EQ(done.at("errors_truncated"), false);
    EXPECT_EQ(ProductCount(shop_), 0u) << "all or nothing";
}

TEST_P(ProductImportApiTest, AFileOverTheLimitIsRefused) {
    World& w = *world_;
    // A declared length over the limit is refused before the body is read.
    HttpClient client(w.port());
    ASSERT_TRUE(client.Connect());
    ASSERT_TRUE(client.SendRaw(
        "POST " + Base(shop_) + "/product-imports HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + owner_.cookie +
        "\r\nX-CSRF-Token: " + owner_.csrf + "\r\nContent-Type: text/csv\r\nContent-Length: 30000000\r\n\r\n"));
    auto big = client.Read();
    ASSERT_TRUE(big.has_value());
    EXPECT_EQ(big->status, 413);
    EXPECT_EQ(Reason(*big), "body_too_large");
    // One byte over csv_max_bytes reaches the service, which names it.
    std::string over = std::string(kCsv);
    over.resize((20 << 20) + 1, ' ');
    HttpResponse r = Upload(owner_, Base(shop_) + "/product-imports?dry_run=true", over);
    EXPECT_EQ(r.status, 422) << r.body.substr(0, 200);
    EXPECT_EQ(Reason(r), "file_too_large");
    EXPECT_EQ(FirstField(r), "file");
    HttpResponse empty = Upload(owner_, Base(shop_) + "/product-imports", "");
    EXPECT_EQ(empty.status, 400) << "no file at all: the server's own answer for a route that takes one";
    EXPECT_EQ(Reason(empty), "empty_body");
    HttpResponse neither = Upload(owner_, Base(shop_) + "/product-imports?encoding=utf-8", *core::EncodeCp949(kCsv));
    EXPECT_EQ(neither.status, 422);
    EXPECT_EQ(Reason(neither), "undecodable_text");
    EXPECT_NE(neither.body.find("line 2"), std::string::npos) << neither.body;
}

TEST_P(ProductImportApiTest, AbsurdQueryParametersAre422) {
    World& w = *world_;
    struct Case {
        std::string query;
        std::string field;
    };
    for (const Case& c : {Case{"dry_run=maybe", "dry_run"}, Case{"dry_run=1", "dry_run"},
                          Case{"encoding=latin1", "encoding"}, Case{"encoding=utf-16&dry_run=true", "encoding"}}) {
        HttpResponse r = Upload(owner_, Base(shop_) + "/product-imports?" + c.query, kCsv);
        EXPECT_EQ(r.status, 422) << c.query << " " << r.body;
        EXPECT_EQ(FirstField(r), c.field) << c.query;
        if (r.status == 422) {
            EXPECT_NE(std::string(r.Json().at("detail").as_string()).find("must be"), std::string::npos)
                << "the detail says what is expected: " << r.body;
        }
    }
    for (const char* path : {"/products/export.csv?encoding=latin1", "/products/export.csv?encoding=auto",
                             "/products/template.csv?encoding=euc-jp"}) {
        HttpResponse r = w.Call(owner_, "GET", Base(shop_) + path);
        EXPECT_EQ(r.status, 422) << path << " " << r.body;
        EXPECT_EQ(FirstField(r), "encoding") << path;
    }
    EXPECT_EQ(ProductCount(shop_), 0u);
}

TEST_P(ProductImportApiTest, AnotherMerchantsImportIsNotFound) {
    World& w = *world_;
    Person neighbour = w.SignUp("neighbour@example.kr", "옆가게");
    std::string theirs = w.ApprovedMerchant(neighbour, "해운대 꽃집", "1234567891");
    HttpResponse r = Upload(owner_, Base(shop_) + "/product-imports?dry_run=true", kCsv);
    ASSERT_EQ(r.status, 202);
    std::string id(r.Json().at("id").as_string());
    HttpResponse own_path = w.Call(neighbour, "GET", Base(theirs) + "/product-imports/" + id);
    EXPECT_EQ(own_path.status, 404);
    EXPECT_EQ(Reason(own_path), "import_not_found");
    HttpResponse their_path = w.Call(neighbour, "GET", Base(shop_) + "/product-imports/" + id);
    EXPECT_EQ(their_path.status, 404);
    EXPECT_EQ(Reason(their_path), "merchant_not_found");
    HttpResponse unknown = w.Call(owner_, "GET", Base(shop_) + "/product-imports/imp_0000000000001");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(Reason(unknown), "import_not_found");
    EXPECT_EQ(Poll(owner_, shop_, id).at("status"), "succeeded");
}

TEST_P(ProductImportApiTest, KeysReachTheRoutesOfTheirScopes) {
    World& w = *world_;
    Person reader = w.ApiKey(owner_, shop_, {"catalog:read"});
    Person writer = w.ApiKey(owner_, shop_, {"catalog:write"});
    HttpResponse refused = Upload(reader, Base(shop_) + "/product-imports", kCsv);
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(Reason(refused), "scope_missing");
    HttpResponse accepted = Upload(writer, Base(shop_) + "/product-imports", kCsv);
    ASSERT_EQ(accepted.status, 202) << accepted.body;
    EXPECT_EQ(accepted.Json().at("created_by").as_string(), writer.id);
    std::string id(accepted.Json().at("id").as_string());
    EXPECT_EQ(Poll(reader, shop_, id).at("status"), "succeeded");
    EXPECT_EQ(w.Call(reader, "GET", Base(shop_) + "/products/export.csv").status, 200);
    EXPECT_EQ(w.Call(writer, "GET", Base(shop_) + "/products/template.csv").status, 403) << "write is not read";
}

INSTANTIATE_TEST_SUITE_P(Backends, ProductImportApiTest,
                         ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

// The merchant's catalog and the portal over HTTP on both backends: products with variants, prices
// and images; the portal's search, product page and mini-site following every change within a
// second (and on a second server sharing the database); bad input answered with field errors that
// change nothing; other merchants kept out.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "world.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;
using Clock = std::chrono::steady_clock;

// A 1×1 PNG.
const std::string kPng = std::string(
    "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00"
    "\x00\rIDATx\x9c"
    "c\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xae"
    "B`\x82",
    67);

class ProductApiTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam(), std::vector<std::string>{"--image-max-bytes", "4096"});
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
        World& w = *world_;
        owner_ = w.SignUp("owner@example.kr", "김사장");
        shop_ = w.ApprovedMerchant(owner_, "광안리 수산", "2208162517");
        base_ = "/api/v1/merchants/" + shop_;
        food_ = Category({{"code", "food"}, {"name_ko", "식품"}, {"name_en", "Food"}});
        fish_ = Category({{"parent_id", food_}, {"code", "fish"}, {"name_ko", "수산물"}, {"name_en", "Fish"}});
        HttpResponse attrs =
            w.Call(w.admin(), "PUT", "/api/v1/operator/categories/" + food_ + "/attributes",
                   json::object{{"attributes", json::array{json::object{{"code", "origin"},
                                                                        {"name_ko", "원산지"},
                                                                        {"name_en", "Country of origin"},
                                                                        {"type", "text"},
                                                                        {"required", true}}}}});
        ASSERT_EQ(attrs.status, 200) << attrs.body;
    }

    std::string Category(const json::object& body) {
        HttpResponse r = world_->Call(world_->admin(), "POST", "/api/v1/operator/categories", body);
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? std::string(r.Json().at("id").as_string()) : std::string();
    }

    json::object Mackerel(const std::string& sku = "MK-500") {
        return json::object{
            {"category_id", fish_},
            {"title_ko", "국내산 순살고등어구이 500g"},
            {"title_en", "Boneless grilled mackerel"},
            {"description", "**부산** 공판장에서 온 고등어"},
            {"attributes", json::object{{"origin", "국내산"}}},
            {"vat", "exempt"},
            {"variants",
             json::array{
                 json::object{
                     {"sku", sku},
                     {"barcode", "8801234567893"},
                     {"options", json::object{{"size", "500g"}}},
                     {"base_price_won", 12900},
                     {"channel_prices", json::array{json::object{{"channel", "online"}, {"unit_price_won", 12500}}}},
                     {"tiers", json::array{json::object{{"min_quantity", 10}, {"unit_price_won", 11000}}}},
                     {"sales", json::array{json::object{{"unit_price_won", 9900},
                                                        {"starts_at", "2020-01-01T00:00:00Z"},
                                                        {"ends_at", "2099-01-01T00:00:00Z"}}}}},
                 json::object{{"sku", sku + "-1K"}, {"base_price_won", 23900}}}}};
    }

    HttpResponse Upload(const Person& who, const std::string& merchant, const std::string& bytes,
                        const std::string& type) {
        std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", type}};
        if (!who.cookie.empty()) headers.emplace_back("Cookie", who.cookie);
        if (!who.csrf.empty()) headers.emplace_back("X-CSRF-Token", who.csrf);
        if (!who.key_secret.empty()) headers.emplace_back("Authorization", "Bearer " + who.key_secret);
        return Fetch(world_->port(), "POST", "/api/v1/merchants/" + merchant + "/images", bytes, headers);
    }

    // Polls the public search until `found` says yes, at most `limit`; answers how long it took.
    template <typename F>
    std::chrono::milliseconds Until(const std::string& target, F found,
                                    std::chrono::milliseconds limit = std::chrono::milliseconds(1000)) {
        auto start = Clock::now();
        while (true) {
            HttpResponse r = world_->Anonymous("GET", target);
            if (r.status == 200 && found(r)) break;
            if (Clock::now() - start > limit) {
                ADD_FAILURE() << target << " did not change within " << limit.count() << " ms: " << r.body;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    }

    static std::int64_t Total(const HttpResponse& r) { return r.Json().at("total").as_int64(); }
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
    Person owner_;
    std::string shop_, base_, food_, fish_;
};

TEST_P(ProductApiTest, AProductGoesFromDraftToThePortalAndBack) {
    World& w = *world_;
    HttpResponse image = Upload(owner_, shop_, kPng, "image/png");
    ASSERT_EQ(image.status, 201) << image.body;
    std::string hash(image.Json().at("hash").as_string());
    EXPECT_EQ(hash.size(), 64u);
    EXPECT_EQ(Upload(owner_, shop_, kPng, "image/png").status, 200) << "the same file again";
    HttpResponse file = w.Anonymous("GET", std::string(image.Json().at("url").as_string()));
    ASSERT_EQ(file.status, 200);
    EXPECT_EQ(file.body, kPng);
    EXPECT_EQ(file.Header("cache-control").value_or(""), "public, max-age=31536000, immutable");
    EXPECT_EQ(file.Header("content-type").value_or(""), "image/png");

    json::object body = Mackerel();
    body["images"] = json::array{json::object{{"hash", hash}, {"alt", "고등어구이"}}};
    HttpResponse made = w.Call(owner_, "POST", base_ + "/products", body);
    ASSERT_EQ(made.status, 201) << made.body;
    json::value product = made.Json();
    std::string id(product.at("id").as_string());
    EXPECT_EQ(product.at("status").as_string(), "draft");
    EXPECT_EQ(product.at("images").as_array()[0].at("width").as_int64(), 1);
    EXPECT_EQ(product.at("variants").as_array()[0].at("sales").as_array().size(), 1u);

    // A draft is the merchant's alone.
    EXPECT_EQ(w.Anonymous("GET", "/api/v1/products/" + id).status, 404);
    EXPECT_EQ(Total(w.Anonymous("GET", "/api/v1/search?q=MK-500")), 0);

    // Saving over someone else's save is refused; the current version is accepted.
    json::object change = Mackerel();
    change["title_ko"] = "국내산 순살고등어구이 500g (2팩)";
    change["images"] = body["images"];
    change["version"] = 2;
    HttpResponse stale = w.Call(owner_, "PUT", base_ + "/products/" + id, change);
    EXPECT_EQ(stale.status, 409) << stale.body;
    EXPECT_EQ(Reason(stale), "version_changed");
    change["version"] = 1;
    HttpResponse saved = w.Call(owner_, "PUT", base_ + "/products/" + id, change);
    ASSERT_EQ(saved.status, 200) << saved.body;
    EXPECT_EQ(saved.Json().at("version").as_int64(), 2);
    EXPECT_EQ(saved.Json().at("variants").as_array()[0].at("id"), product.at("variants").as_array()[0].at("id"))
        << "a kept SKU keeps its variant";

    // Published: searchable within a second, with the price an online buyer pays now.
    HttpResponse live = w.Call(owner_, "POST", base_ + "/products/" + id + "/status",
                               json::object{{"status", "active"}, {"version", 2}});
    ASSERT_EQ(live.status, 200) << live.body;
    auto took = Until("/api/v1/search?q=%EA%B3%A0%EB%93%B1%EC%96%B4",  // 고등어
                      [](const HttpResponse& r) { return Total(r) == 1; });
    EXPECT_LE(took.count(), 1000);
    json::value found = w.Anonymous("GET", "/api/v1/search?q=%EA%B3%A0%EB%93%B1%EC%96%B4").Json();
    const json::value& hit = found.at("items").as_array()[0];
    EXPECT_EQ(hit.at("id").as_string(), id);
    EXPECT_EQ(hit.at("price_won").as_int64(), 9900);
    EXPECT_TRUE(hit.at("on_sale").as_bool());
    EXPECT_EQ(hit.at("min_price_won").as_int64(), 9900) << "what a buyer pays now sorts and filters it";
    EXPECT_EQ(hit.at("list_price_won").as_int64(), 12500) << "the online list price, struck through";
    EXPECT_EQ(hit.at("max_price_won").as_int64(), 23900);
    bool marked = false;
    for (const auto& s : hit.at("highlight").at("title_ko").as_array()) {
        if (s.at("match").as_bool()) marked = s.at("text").as_string() == "고등어";
    }
    EXPECT_TRUE(marked) << core::ToJson(hit);
    EXPECT_EQ(Total(w.Anonymous("GET", "/api/v1/search?q=mackrel")), 1) << "one typo in a long English word";
    EXPECT_EQ(Total(w.Anonymous("GET", "/api/v1/search?q=8801234567893")), 1) << "the barcode";
    EXPECT_EQ(Total(w.Anonymous("GET", "/api/v1/search?category_id=" + food_)), 1) << "a parent's category page";

    HttpResponse page = w.Anonymous("GET", "/api/v1/products/" + id);
    ASSERT_EQ(page.status, 200) << page.body;
    json::value detail = page.Json();
    EXPECT_EQ(detail.at("merchant").at("district").at("code").as_string(), "26500");
    EXPECT_EQ(detail.at("attributes").as_array()[0].at("name").at("ko").as_string(), "원산지");
    EXPECT_EQ(detail.at("category").at("path").as_array().size(), 2u);
    EXPECT_EQ(detail.at("variants").as_array()[0].at("price_won").as_int64(), 9900);
    std::string etag = page.Header("etag").value_or("");
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(Fetch(w.port(), "GET", "/api/v1/products/" + id, "", {{"If-None-Match", etag}}).status, 304);

    HttpResponse seller = w.Anonymous("GET", "/api/v1/sellers/" + shop_);
    ASSERT_EQ(seller.status, 200) << seller.body;
    EXPECT_EQ(seller.Json().at("products").as_int64(), 1);

    // A change shows at once on the page (the cached page is dropped).
    change["title_ko"] = "국내산 순살고등어구이 1kg";
    change["version"] = 3;
    ASSERT_EQ(w.Call(owner_, "PUT", base_ + "/products/" + id, change).status, 200);
    Until("/api/v1/search?q=1kg", [](const HttpResponse& r) { return Total(r) == 1; });
    EXPECT_NE(w.Anonymous("GET", "/api/v1/products/" + id).body.find("1kg"), std::string::npos);

    // Archived: gone from the portal, still in the merchant's list.
    ASSERT_EQ(w.Call(owner_, "POST", base_ + "/products/" + id + "/status",
                     json::object{{"status", "archived"}, {"version", 4}})
                  .status,
              200);
    Until("/api/v1/search?q=%EA%B3%A0%EB%93%B1%EC%96%B4", [](const HttpResponse& r) { return Total(r) == 0; });
    EXPECT_EQ(w.Anonymous("GET", "/api/v1/products/" + id).status, 404);
    HttpResponse list = w.Call(owner_, "GET", base_ + "/products?status=archived&q=mk-500");
    ASSERT_EQ(list.status, 200) << list.body;
    ASSERT_EQ(list.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(list.Json().at("items").as_array()[0].at("image").at("hash").as_string(), hash);
}

TEST_P(ProductApiTest, BadProductsAreRefusedFieldByFieldAndChangeNothing) {
    World& w = *world_;
    auto refused = [&](json::object body, std::string_view field, std::string_view code) {
        HttpResponse r = w.Call(owner_, "POST", base_ + "/products", body);
        EXPECT_EQ(r.status, 422) << r.body;
        EXPECT_TRUE(HasField(r, field, code)) << field << " " << code << ": " << r.body;
    };
    json::object fractional = Mackerel();
    fractional["variants"].as_array()[0].as_object()["base_price_won"] = 12900.5;
    refused(fractional, "variants[0].base_price_won", "not_whole_won");
    json::object negative = Mackerel();
    negative["variants"].as_array()[1].as_object()["base_price_won"] = -1;
    refused(negative, "variants[1].base_price_won", "out_of_range");
    json::object text_price = Mackerel();
    text_price["variants"].as_array()[1].as_object()["base_price_won"] = "12900";
    refused(text_price, "variants[1].base_price_won", "wrong_type");
    json::object barcode = Mackerel();
    barcode["variants"].as_array()[0].as_object()["barcode"] = "8801234567890";
    refused(barcode, "variants[0].barcode", "gtin_check_digit");
    json::object undeclared = Mackerel();
    undeclared["attributes"].as_object()["colour"] = "red";
    refused(undeclared, "attributes.colour", "unknown_attribute");
    json::object no_origin = Mackerel();
    no_origin["attributes"] = json::object{};
    refused(no_origin, "attributes.origin", "required");
    json::object unknown_image = Mackerel();
    unknown_image["images"] = json::array{json::object{{"hash", std::string(64, 'a')}}};
    refused(unknown_image, "images[0].hash", "unknown_image");
    json::object bad_sale = Mackerel();
    bad_sale["variants"].as_array()[0].as_object()["sales"].as_array()[0].as_object()["starts_at"] = "tomorrow";
    refused(bad_sale, "variants[0].sales[0].starts_at", "invalid_time");
    json::object unknown_channel = Mackerel();
    unknown_channel["variants"].as_array()[0].as_object()["channel_prices"].as_array()[0].as_object()["channel"] =
        "wholesale";
    refused(unknown_channel, "variants[0].channel_prices[0].channel", "unknown_channel");

    // A SKU the merchant uses already.
    ASSERT_EQ(w.Call(owner_, "POST", base_ + "/products", Mackerel()).status, 201);
    HttpResponse taken = w.Call(owner_, "POST", base_ + "/products", Mackerel());
    EXPECT_EQ(taken.status, 409) << taken.body;
    EXPECT_TRUE(HasField(taken, "variants[0].sku", "sku_taken")) << taken.body;

    // Images that lie about their type, or are too large, or are empty.
    HttpResponse liar = Upload(owner_, shop_, "<svg onload=alert(1)></svg>", "image/png");
    EXPECT_EQ(liar.status, 422) << liar.body;
    EXPECT_TRUE(HasField(liar, "file", "unsupported_image_type")) << liar.body;
    std::string cut = kPng.substr(0, 40);
    HttpResponse broken = Upload(owner_, shop_, cut, "image/png");
    EXPECT_EQ(broken.status, 422) << broken.body;
    HttpResponse large = Upload(owner_, shop_, kPng + std::string(5000, '\0'), "image/png");
    EXPECT_EQ(large.status, 422) << large.body;
    EXPECT_TRUE(HasField(large, "file", "image_too_large")) << large.body;
    HttpResponse huge = Upload(owner_, shop_, kPng + std::string(2 << 20, '\0'), "image/png");
    EXPECT_EQ(huge.status, 413) << "past the server's body limit, unread";
    EXPECT_EQ(Upload(owner_, shop_, "", "image/png").status, 400);

    // Nothing but the one good product was made.
    HttpResponse list = w.Call(owner_, "GET", base_ + "/products");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(w.Call(owner_, "GET", base_ + "/products?status=sold").status, 422);
}

TEST_P(ProductApiTest, OtherMerchantsAndTheirKeysCannotReadDraftsOrChangeProducts) {
    World& w = *world_;
    HttpResponse made = w.Call(owner_, "POST", base_ + "/products", Mackerel());
    ASSERT_EQ(made.status, 201) << made.body;
    std::string id(made.Json().at("id").as_string());
    Person other = w.SignUp("other@example.kr", "이웃");
    std::string theirs = w.ApprovedMerchant(other, "해운대 꽃집", "1234567891");
    Person their_key = w.ApiKey(other, theirs, {"catalog:read", "catalog:write"});
    for (const Person* who : {&other, &their_key}) {
        EXPECT_EQ(w.Call(*who, "GET", "/api/v1/merchants/" + theirs + "/products/" + id).status, 404);
        json::object change = Mackerel("X-1");
        change["version"] = 1;
        EXPECT_EQ(w.Call(*who, "PUT", "/api/v1/merchants/" + theirs + "/products/" + id, change).status, 404);
        EXPECT_EQ(w.Call(*who, "POST", "/api/v1/merchants/" + theirs + "/products/" + id + "/status",
                         json::object{{"status", "active"}, {"version", 1}})
                      .status,
                  404);
        EXPECT_EQ(w.Call(*who, "GET", base_ + "/products/" + id).status, 404);
        EXPECT_EQ(w.Call(*who, "GET", base_ + "/products").status, 404);
    }
    // A key with catalog:read only reads.
    Person reader = w.ApiKey(owner_, shop_, {"catalog:read"});
    EXPECT_EQ(w.Call(reader, "GET", base_ + "/products/" + id).status, 200);
    EXPECT_EQ(w.Call(reader, "POST", base_ + "/products", Mackerel("K-1")).status, 403);
    HttpResponse mine = w.Call(owner_, "GET", base_ + "/products/" + id);
    EXPECT_EQ(mine.Json().at("version").as_int64(), 1);
    EXPECT_EQ(mine.Json().at("status").as_string(), "draft");
}

TEST_P(ProductApiTest, AbsurdSearchParametersAreRefused) {
    World& w = *world_;
    auto refused = [&](const std::string& query, std::string_view field) {
        HttpResponse r = w.Anonymous("GET", "/api/v1/search?" + query);
        EXPECT_EQ(r.status, 422) << query << ": " << r.body;
        if (r.status == 422) {
            EXPECT_EQ(r.Json().at("errors").as_array()[0].at("field").as_string(), field) << query;
        }
    };
    refused("limit=100000", "limit");
    refused("limit=0", "limit");
    refused("page=0", "page");
    refused("page=600&limit=20", "page");
    refused("sort=cheapest", "sort");
    refused("q=" + std::string(10 * 1024, 'a'), "q");
    refused("q=a%20b%20c%20d%20e%20f%20g%20h%20i%20j%20k%20l", "q");
    refused("min_price_won=-5", "min_price_won");
    refused("min_price_won=500&max_price_won=100", "min_price_won");
    refused("max_price_won=1.5", "max_price_won");
    refused("category_id=notanid", "category_id");
    refused("merchant_id=cat_0000000000001", "merchant_id");
    refused("facets=colour", "facets");
    EXPECT_EQ(w.Anonymous("GET", "/api/v1/search?q=&page=500&limit=20").status, 200) << "10,000 is the edge";
    EXPECT_EQ(w.Anonymous("GET", "/api/v1/products/prd_0000000000001").status, 404);
    EXPECT_EQ(w.Anonymous("GET", "/api/v1/sellers/mrc_0000000000001").status, 404);
    EXPECT_EQ(w.Anonymous("GET", "/media/../../etc/passwd").status, 404);
    EXPECT_EQ(w.Anonymous("GET", "/media/" + std::string(64, 'a') + ".exe").status, 404);
}

TEST_P(ProductApiTest, ASuspendedMerchantLeavesThePortalAndASecondServerFollows) {
    World& w = *world_;
    HttpResponse made = w.Call(owner_, "POST", base_ + "/products", Mackerel());
    ASSERT_EQ(made.status, 201) << made.body;
    std::string id(made.Json().at("id").as_string());
    // A second server on the same database: it loads what is there, then follows the changes.
    auto second = ServerProcess::Start({.db = w.db()});
    auto search_on_second = [&](const std::string& target) { return Fetch(second->port(), "GET", target); };
    for (int i = 0; i < 100 && Fetch(second->port(), "GET", "/readyz").status != 200; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(w.Call(owner_, "POST", base_ + "/products/" + id + "/status",
                     json::object{{"status", "active"}, {"version", 1}})
                  .status,
              200);
    auto start = Clock::now();
    while (Clock::now() - start < std::chrono::seconds(5)) {
        HttpResponse r = search_on_second("/api/v1/search?q=MK-500");
        if (r.status == 200 && Total(r) == 1) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    EXPECT_LT(took.count(), 5000) << "the other server sees the change within a few seconds";
    EXPECT_EQ(search_on_second("/api/v1/products/" + id).status, 200);

    // The operator suspends the merchant: its products leave both servers' portals.
    w.SetStatus(shop_, "suspended", "서류 보완 필요");
    Until(
        "/api/v1/search?q=MK-500", [](const HttpResponse& r) { return Total(r) == 0; },
        std::chrono::milliseconds(3000));
    EXPECT_EQ(w.Anonymous("GET", "/api/v1/products/" + id).status, 404);
    EXPECT_EQ(w.Anonymous("GET", "/api/v1/sellers/" + shop_).status, 404);
    start = Clock::now();
    while (Clock::now() - start < std::chrono::seconds(5) && Total(search_on_second("/api/v1/search?q=MK-500")) != 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(Total(search_on_second("/api/v1/search?q=MK-500")), 0);
    // Reinstated: back on both.
    w.SetStatus(shop_, "approved");
    Until(
        "/api/v1/search?q=MK-500", [](const HttpResponse& r) { return Total(r) == 1; },
        std::chrono::milliseconds(3000));
}

INSTANTIATE_TEST_SUITE_P(Backends, ProductApiTest, ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

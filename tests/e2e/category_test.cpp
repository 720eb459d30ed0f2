// The category tree over HTTP on both backends: the operator builds it, the portal reads the visible
// part with an ETag that follows the tree's version, and bad input changes nothing.
#include <gtest/gtest.h>

#include "world.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;

class CategoryApiTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam());
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
    }
    std::string Create(const json::object& body) {
        HttpResponse r = world_->Call(world_->admin(), "POST", "/api/v1/operator/categories", body);
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? std::string(r.Json().at("id").as_string()) : std::string();
    }
    std::unique_ptr<World> world_;
};

TEST_P(CategoryApiTest, TheOperatorBuildsTheTreeAndThePortalReadsIt) {
    World& w = *world_;
    std::string food = Create({{"code", "food"}, {"name_ko", "식품"}, {"name_en", "Food"}});
    std::string fish = Create({{"parent_id", food}, {"code", "fish"}, {"name_ko", "수산물"}, {"name_en", "Fish"}});
    std::string retired = Create({{"code", "old"}, {"name_ko", "옛 분류"}, {"name_en", "Old"}});
    HttpResponse attrs = w.Call(w.admin(), "PUT", "/api/v1/operator/categories/" + food + "/attributes",
                                json::object{{"attributes", json::array{json::object{{"code", "origin"},
                                                                                     {"name_ko", "원산지"},
                                                                                     {"name_en", "Country of origin"},
                                                                                     {"type", "text"},
                                                                                     {"required", true}}}}});
    ASSERT_EQ(attrs.status, 200) << attrs.body;
    ASSERT_EQ(
        w.Call(w.admin(), "PATCH", "/api/v1/operator/categories/" + retired, json::object{{"active", false}}).status,
        200);

    HttpResponse tree = w.Anonymous("GET", "/api/v1/categories");
    ASSERT_EQ(tree.status, 200);
    json::value doc = tree.Json();
    const json::array& items = doc.at("items").as_array();
    ASSERT_EQ(items.size(), 2u) << "the retired category is not shown";
    EXPECT_EQ(items[0].at("code").as_string(), "food");
    EXPECT_EQ(items[0].at("attributes").as_array()[0].at("code").as_string(), "origin");
    EXPECT_EQ(items[1].at("parent_id").as_string(), food);
    std::string etag = tree.Header("etag").value_or("");
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(Fetch(w.port(), "GET", "/api/v1/categories", "", {{"If-None-Match", etag}}).status, 304);

    ASSERT_EQ(
        w.Call(w.admin(), "PATCH", "/api/v1/operator/categories/" + fish, json::object{{"name_ko", "생선"}}).status,
        200);
    HttpResponse changed = Fetch(w.port(), "GET", "/api/v1/categories", "", {{"If-None-Match", etag}});
    EXPECT_EQ(changed.status, 200) << "a change makes a new version";
    EXPECT_NE(changed.Header("etag").value_or(""), etag);

    HttpResponse all = w.Call(w.admin(), "GET", "/api/v1/operator/categories");
    ASSERT_EQ(all.status, 200);
    EXPECT_EQ(all.Json().at("items").as_array().size(), 3u);
}

TEST_P(CategoryApiTest, BadInputIsRefusedAndChangesNothing) {
    World& w = *world_;
    std::string food = Create({{"code", "food"}, {"name_ko", "식품"}, {"name_en", "Food"}});
    std::string fish = Create({{"parent_id", food}, {"code", "fish"}, {"name_ko", "수산물"}, {"name_en", "Fish"}});
    HttpResponse bad = w.Call(w.admin(), "POST", "/api/v1/operator/categories",
                              json::object{{"code", "Food!"}, {"name_ko", ""}, {"name_en", "식품"}});
    EXPECT_EQ(bad.status, 422);
    EXPECT_NE(bad.body.find("\"field\":\"code\""), std::string::npos) << bad.body;
    HttpResponse taken = w.Call(w.admin(), "POST", "/api/v1/operator/categories",
                                json::object{{"code", "food"}, {"name_ko", "식품"}, {"name_en", "Food"}});
    EXPECT_EQ(taken.status, 409);
    HttpResponse cycle =
        w.Call(w.admin(), "PATCH", "/api/v1/operator/categories/" + food, json::object{{"parent_id", fish}});
    EXPECT_EQ(cycle.status, 422);
    EXPECT_NE(cycle.body.find("\"code\":\"cycle\""), std::string::npos) << cycle.body;
    HttpResponse type =
        w.Call(w.admin(), "PUT", "/api/v1/operator/categories/" + fish + "/attributes",
               json::object{{"attributes",
                             json::array{json::object{
                                 {"code", "size"}, {"name_ko", "크기"}, {"name_en", "Size"}, {"type", "colour"}}}}});
    EXPECT_EQ(type.status, 422);
    EXPECT_EQ(
        w.Call(w.admin(), "PATCH", "/api/v1/operator/categories/cat_0000000000001", json::object{{"active", false}})
            .status,
        404);
    Person customer = w.SignUp("customer@example.kr", "손님");
    EXPECT_EQ(w.Call(customer, "POST", "/api/v1/operator/categories",
                     json::object{{"code", "x1"}, {"name_ko", "가"}, {"name_en", "A"}})
                  .status,
              403);
    HttpResponse tree = w.Anonymous("GET", "/api/v1/categories");
    json::value doc = tree.Json();
    EXPECT_EQ(doc.at("items").as_array().size(), 2u);
    EXPECT_EQ(doc.at("items").as_array()[0].at("parent_id"), nullptr) << "food stays at the top";
    EXPECT_TRUE(doc.at("items").as_array()[1].at("attributes").as_array().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, CategoryApiTest, ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

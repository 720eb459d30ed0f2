// A sign-up is a customer from its first minute, over HTTP on SQLite and PostgreSQL: the account made by
// POST /api/v1/users is a person on my page at once (no merchant yet), its download holds the account's
// web record with the name, e-mail and mobile number as given and nothing verified, and a refused
// second sign-up with the same e-mail changes none of it.
#include <gtest/gtest.h>

#include "world.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;

class SignUpCustomerTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam());
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
    }

    std::unique_ptr<World> world_;
};

TEST_P(SignUpCustomerTest, TheNewAccountIsAPersonOnMyPageAtOnce) {
    World& w = *world_;
    HttpResponse made = w.Anonymous("POST", "/api/v1/users",
                                    core::ToJson(json::object{{"email", "Jiwoo@Example.kr"},
                                                              {"mobile", "010 3333 4444"},
                                                              {"name", "박지우"},
                                                              {"password", std::string(kTestPassword)}}));
    ASSERT_EQ(made.status, 201) << made.body;
    Person jiwoo = w.SignIn("jiwoo@example.kr", std::string(kTestPassword));

    HttpResponse profile = w.Call(jiwoo, "GET", "/api/v1/me/customer-profile");
    ASSERT_EQ(profile.status, 200) << profile.body;
    const json::value profile_json = profile.Json();
    ASSERT_TRUE(profile_json.at("person").is_string()) << profile.body;
    const std::string person(profile_json.at("person").as_string());
    EXPECT_EQ(person.substr(0, 4), "psn_");
    EXPECT_TRUE(profile_json.at("merchants").as_array().empty()) << "no merchant knows the person yet";

    HttpResponse download = w.Call(jiwoo, "GET", "/api/v1/me/data-export");
    ASSERT_EQ(download.status, 200) << download.body;
    const json::value data = download.Json();
    EXPECT_EQ(data.at("person").at("id").as_string(), person);
    ASSERT_EQ(data.at("person").at("records").as_array().size(), 1u);
    const json::value& record = data.at("person").at("records").as_array()[0];
    EXPECT_EQ(record.at("source").as_string(), "web");
    EXPECT_EQ(record.at("name").as_string(), "박지우");
    EXPECT_EQ(record.at("email").as_string(), "jiwoo@example.kr");
    EXPECT_EQ(record.at("phone").as_string(), "010-3333-4444");
    EXPECT_FALSE(record.at("phone_verified").as_bool());
    EXPECT_FALSE(record.at("email_verified").as_bool());

    // The same e-mail again is refused and makes nothing: the person and its one record stay as they were.
    HttpResponse twice =
        w.Anonymous("POST", "/api/v1/users",
                    core::ToJson(json::object{
                        {"email", "jiwoo@example.kr"}, {"name", "박지우"}, {"password", std::string(kTestPassword)}}));
    EXPECT_EQ(twice.status, 409) << twice.body;
    HttpResponse after = w.Call(jiwoo, "GET", "/api/v1/me/data-export");
    ASSERT_EQ(after.status, 200);
    EXPECT_EQ(after.Json().at("person").at("id").as_string(), person);
    EXPECT_EQ(after.Json().at("person").at("records").as_array().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, SignUpCustomerTest,
                         ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing

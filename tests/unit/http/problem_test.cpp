#include "http/problem.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/json.hpp"

namespace jangteo::http {
namespace {

using core::Error;
using core::ErrorCode;

core::json::object Body(const Response& response) {
    auto parsed = core::ParseJsonObject(response.body);
    EXPECT_TRUE(parsed.ok()) << response.body;
    return parsed.ok() ? *parsed : core::json::object{};
}

struct StatusCase {
    ErrorCode code;
    int status;
};

class StatusForTest : public testing::TestWithParam<StatusCase> {};

TEST_P(StatusForTest, MapsCodeToStatus) {
    EXPECT_EQ(StatusFor(GetParam().code), GetParam().status);
    Error error{GetParam().code, "some_reason", "a message", {}};
    Response r = ProblemResponse(error, "rid");
    EXPECT_EQ(r.status, GetParam().status);
    EXPECT_EQ(Body(r).at("status").as_int64(), GetParam().status);
    EXPECT_EQ(Body(r).at("title").as_string(), StatusTitle(GetParam().status));
}

INSTANTIATE_TEST_SUITE_P(
    AllCodes, StatusForTest,
    testing::Values(StatusCase{ErrorCode::kMalformed, 400}, StatusCase{ErrorCode::kInvalidArgument, 422},
                    StatusCase{ErrorCode::kNotFound, 404}, StatusCase{ErrorCode::kAlreadyExists, 409},
                    StatusCase{ErrorCode::kConflict, 409}, StatusCase{ErrorCode::kFailedPrecondition, 409},
                    StatusCase{ErrorCode::kUnauthenticated, 401}, StatusCase{ErrorCode::kPermissionDenied, 403},
                    StatusCase{ErrorCode::kResourceExhausted, 429}, StatusCase{ErrorCode::kUnavailable, 503},
                    StatusCase{ErrorCode::kInternal, 500}),
    [](const testing::TestParamInfo<StatusCase>& info) { return std::string(core::ErrorCodeName(info.param.code)); });

TEST(ProblemTest, RendersAProblemDocument) {
    Response r = ProblemResponse(Error::Conflict("insufficient_stock", "only 2 left"), "req-9");
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.content_type, "application/problem+json");
    auto body = Body(r);
    EXPECT_EQ(body.at("type").as_string(), "/problems/insufficient_stock");
    EXPECT_EQ(body.at("title").as_string(), "Conflict");
    EXPECT_EQ(body.at("detail").as_string(), "only 2 left");
    EXPECT_EQ(body.at("request_id").as_string(), "req-9");
    EXPECT_FALSE(body.contains("errors"));
}

TEST(ProblemTest, InternalErrorsHideTheMessage) {
    Response r = ProblemResponse(Error::Internal("db_exploded", "syntax error near SELECT password FROM users"), "r1");
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body.find("password"), std::string::npos);
    EXPECT_EQ(r.body.find("db_exploded"), std::string::npos);
    auto body = Body(r);
    EXPECT_EQ(body.at("type").as_string(), "/problems/internal");
    EXPECT_EQ(body.at("request_id").as_string(), "r1");
    EXPECT_NE(body.at("detail").as_string().find("request id"), std::string::npos);
}

TEST(ProblemTest, UnavailableHidesTheMessageAndAsksForARetry) {
    Response r = ProblemResponse(Error::Unavailable("db_busy", "pq: connection refused to 10.0.0.5"), "r2");
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.body.find("10.0.0.5"), std::string::npos);
    EXPECT_EQ(r.Header("Retry-After"), "1");
    EXPECT_EQ(Body(r).at("type").as_string(), "/problems/db_busy");
}

TEST(ProblemTest, FieldErrorsAreListedUnderErrors) {
    Response r = ProblemResponse(Error::Invalid("invalid_address", "the address is incomplete",
                                                {{"address.postal_code", "required", "is required"},
                                                 {"address.line1", "empty", "must not be empty"}}),
                                 "r3");
    EXPECT_EQ(r.status, 422);
    auto body = Body(r);
    ASSERT_TRUE(body.contains("errors"));
    const auto& errors = body.at("errors").as_array();
    ASSERT_EQ(errors.size(), 2U);
    EXPECT_EQ(errors[0].at("field").as_string(), "address.postal_code");
    EXPECT_EQ(errors[0].at("code").as_string(), "required");
    EXPECT_EQ(errors[0].at("message").as_string(), "is required");
    EXPECT_EQ(errors[1].at("field").as_string(), "address.line1");
    EXPECT_EQ(body.at("detail").as_string(), "the address is incomplete");
    EXPECT_FALSE(errors[0].as_object().contains("params")) << "only field errors that have figures carry them";
}

TEST(ProblemTest, AFieldErrorsFiguresAreItsParams) {
    core::FieldError e{"variants[0].base_price_won", "price_parity", "the online price 9,000 won is outside"};
    e.params = {{"price_won", std::int64_t{9'000}}, {"price_list", std::string("online")}};
    Response r = ProblemResponse(Error::Invalid("price_parity", "a price breaks the policy", {e}), "r6");
    auto body = Body(r);
    const auto& params = body.at("errors").as_array()[0].at("params");
    EXPECT_EQ(params.at("price_won").as_int64(), 9'000);
    EXPECT_EQ(params.at("price_list").as_string(), "online");
}

TEST(ProblemTest, ProtocolProblem) {
    Response r = ProblemResponse(413, "body_too_large", "at most 1 MiB", "r4");
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.content_type, "application/problem+json");
    auto body = Body(r);
    EXPECT_EQ(body.at("type").as_string(), "/problems/body_too_large");
    EXPECT_EQ(body.at("title").as_string(), "Content Too Large");
    EXPECT_EQ(body.at("detail").as_string(), "at most 1 MiB");
}

TEST(ProblemTest, DetailWithQuotesStaysValidJson) {
    Response r = ProblemResponse(Error::NotFound("no_product", "no \"product\"\nhere"), "r\"5");
    auto body = Body(r);
    EXPECT_EQ(body.at("detail").as_string(), "no \"product\"\nhere");
    EXPECT_EQ(body.at("request_id").as_string(), "r\"5");
}

TEST(ProblemTest, StatusTitles) {
    EXPECT_EQ(StatusTitle(404), "Not Found");
    EXPECT_EQ(StatusTitle(422), "Unprocessable Content");
    EXPECT_EQ(StatusTitle(418), "Client Error");
    EXPECT_EQ(StatusTitle(599), "Server Error");
}

}  // namespace
}  // namespace jangteo::http

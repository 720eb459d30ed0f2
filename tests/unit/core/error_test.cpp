#include "core/error.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace jangteo::core {
namespace {

TEST(ErrorTest, FactoriesSetTheCode) {
    struct Case {
        Error error;
        ErrorCode code;
        const char* name;
    };
    const Case cases[] = {
        {Error::Malformed("r", "m"), ErrorCode::kMalformed, "malformed"},
        {Error::Invalid("r", "m"), ErrorCode::kInvalidArgument, "invalid_argument"},
        {Error::NotFound("r", "m"), ErrorCode::kNotFound, "not_found"},
        {Error::AlreadyExists("r", "m"), ErrorCode::kAlreadyExists, "already_exists"},
        {Error::Conflict("r", "m"), ErrorCode::kConflict, "conflict"},
        {Error::FailedPrecondition("r", "m"), ErrorCode::kFailedPrecondition, "failed_precondition"},
        {Error::Unauthenticated("r", "m"), ErrorCode::kUnauthenticated, "unauthenticated"},
        {Error::PermissionDenied("r", "m"), ErrorCode::kPermissionDenied, "permission_denied"},
        {Error::ResourceExhausted("r", "m"), ErrorCode::kResourceExhausted, "resource_exhausted"},
        {Error::Unavailable("r", "m"), ErrorCode::kUnavailable, "unavailable"},
        {Error::Internal("r", "m"), ErrorCode::kInternal, "internal"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(c.error.code, c.code);
        EXPECT_EQ(c.error.reason, "r");
        EXPECT_EQ(c.error.message, "m");
        EXPECT_TRUE(c.error.fields.empty());
        EXPECT_EQ(ErrorCodeName(c.code), c.name);
    }
}

TEST(ErrorTest, InvalidKeepsFieldErrors) {
    Error e = Error::Invalid("bad", "bad input",
                             {{"address.postal_code", "required", "is required"}, {"name", "too_long", "too long"}});
    ASSERT_EQ(e.fields.size(), 2U);
    EXPECT_EQ(e.fields[0], (FieldError{"address.postal_code", "required", "is required"}));
    EXPECT_EQ(e.fields[1].field, "name");
}

TEST(ResultTest, HoldsAValue) {
    Result<int> r = 7;
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(static_cast<bool>(r));
    EXPECT_EQ(r.value(), 7);
    EXPECT_EQ(*r, 7);
    *r = 8;
    EXPECT_EQ(r.value(), 8);
}

TEST(ResultTest, HoldsAnError) {
    Result<int> r = Error::NotFound("no_such_thing", "nothing here");
    EXPECT_FALSE(r.ok());
    EXPECT_FALSE(static_cast<bool>(r));
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(r.error().reason, "no_such_thing");
}

TEST(ResultTest, MovesOutMoveOnlyValues) {
    Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
    ASSERT_TRUE(r.ok());
    std::unique_ptr<int> p = std::move(r).value();
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(*p, 5);
}

TEST(ResultTest, ArrowReachesMembers) {
    Result<std::string> r = std::string("abc");
    EXPECT_EQ(r->size(), 3U);
}

TEST(StatusTest, DefaultIsOk) {
    Status s;
    EXPECT_TRUE(s.ok());
    EXPECT_TRUE(static_cast<bool>(s));
}

TEST(StatusTest, HoldsAnError) {
    Status s = Error::Conflict("busy", "in use");
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kConflict);
    Error moved = std::move(s).error();
    EXPECT_EQ(moved.message, "in use");
}

Result<int> Half(int x) {
    if (x % 2 != 0) return Error::Invalid("odd", std::to_string(x) + " is odd");
    return x / 2;
}

Result<int> Quarter(int x, int* reached) {
    JANGTEO_TRY(int half, Half(x));
    ++*reached;
    JANGTEO_TRY(int quarter, Half(half));
    ++*reached;
    return quarter;
}

Status Check(int x, int* reached) {
    JANGTEO_TRY_STATUS(Status(x > 0 ? Status() : Status(Error::Invalid("not_positive", "must be > 0"))));
    ++*reached;
    JANGTEO_TRY(int q, Quarter(x, reached));
    (void)q;
    return {};
}

TEST(TryTest, PassesValuesThrough) {
    int reached = 0;
    auto r = Quarter(12, &reached);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, 3);
    EXPECT_EQ(reached, 2);
}

TEST(TryTest, ReturnsTheFirstErrorAndStops) {
    int reached = 0;
    auto r = Quarter(6, &reached);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, "odd");
    EXPECT_EQ(r.error().message, "3 is odd");
    EXPECT_EQ(reached, 1);

    reached = 0;
    r = Quarter(5, &reached);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "5 is odd");
    EXPECT_EQ(reached, 0);
}

TEST(TryTest, StatusPropagatesFromBothForms) {
    int reached = 0;
    Status s = Check(-4, &reached);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().reason, "not_positive");
    EXPECT_EQ(reached, 0);

    s = Check(6, &reached);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().reason, "odd");
    EXPECT_EQ(reached, 2);

    reached = 0;
    EXPECT_TRUE(Check(8, &reached).ok());
    EXPECT_EQ(reached, 3);
}

}  // namespace
}  // namespace jangteo::core

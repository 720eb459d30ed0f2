// Merchants on every backend: an application and everything it writes, every field error (all at
// once, and nothing written), the business number that one live merchant holds, the limit of pending
// applications, every allowed and refused status change with its history (who, when, why) and audit
// event, the race of two operators deciding at once, the operator's list with its filters and keyset
// paging, and a user's own merchants.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <latch>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "merchant_fixture.hpp"

namespace jangteo::store_test {
namespace {

using core::ErrorCode;
using platform::Merchant;
using platform::MerchantId;
using platform::MerchantInput;
using platform::MerchantQuery;
using platform::MerchantStatus;
using platform::UserId;
using namespace std::chrono_literals;

constexpr MerchantStatus kAllStatuses[] = {MerchantStatus::kApplied, MerchantStatus::kApproved,
                                           MerchantStatus::kRejected, MerchantStatus::kSuspended,
                                           MerchantStatus::kClosed};

std::string Repeat(std::string_view piece, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out.append(piece);
    return out;
}

std::vector<std::pair<std::string, std::string>> FieldsOf(const core::Error& e) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : e.fields) out.emplace_back(f.field, f.code);
    return out;
}

class MerchantTest : public MerchantFixture {
protected:
    // The text a query answers in its first column, or "" when there is no row.
    std::string QueryText(std::string_view sql_text, std::initializer_list<store::Value> params) {
        store::Sql sql{"test.query_text", sql_text};
        auto rows = db().Read([&](store::Tx& tx) { return tx.Query(sql, params); });
        EXPECT_TRUE(rows.ok()) << rows.error().message;
        if (!rows.ok() || rows->empty()) return "";
        return (*rows)[0].Text(0);
    }

    // The ids of a list, in order.
    std::vector<MerchantId> ListIds(const MerchantQuery& query) {
        auto page = merchants_->List(query);
        EXPECT_TRUE(page.ok()) << page.error().message;
        std::vector<MerchantId> out;
        if (page.ok()) {
            for (const Merchant& m : page->items) out.push_back(m.id);
        }
        return out;
    }
};
JANGTEO_STORE_BACKENDS(MerchantTest, AllBackends());

TEST_P(MerchantTest, ApplyWritesTheMerchantItsOwnerItsFirstHistoryRowAndAnAuditEvent) {
    const MerchantRowCounts before = Counts();
    MerchantInput input = Input(1);
    input.name_ko = "  광안리 바다횟집\u3000";
    input.name_en = " Gwangalli Sea Sashimi ";
    input.business_number = std::string(" ").append(BusinessNumber(1));
    input.district_code = " 26500 ";
    input.phone = "0517541234";
    auto m = merchants_->Apply(minsu_, input, kClientAddress);
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_TRUE(m->id.ToString().starts_with("mrc_"));
    EXPECT_EQ(m->name_ko, "광안리 바다횟집");
    EXPECT_EQ(m->name_en, "Gwangalli Sea Sashimi");
    EXPECT_EQ(m->business_number, BusinessNumber(1));
    EXPECT_EQ(m->representative, "김민수");
    EXPECT_EQ(m->industry_code, "seafood");
    EXPECT_EQ(m->district_code, "26500");
    EXPECT_EQ(m->address, "부산광역시 수영구 광안해변로 219");
    EXPECT_EQ(m->phone, "051-754-1234");
    EXPECT_EQ(m->status, MerchantStatus::kApplied);
    EXPECT_EQ(m->applied_by, minsu_);
    EXPECT_EQ(m->created_at, start_);
    EXPECT_EQ(m->updated_at, start_);

    MerchantRowCounts expected = before;
    expected.merchants += 1;
    expected.changes += 1;
    expected.memberships += 1;
    expected.audit += 1;
    EXPECT_EQ(Counts(), expected);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_memberships WHERE merchant_id = $1 AND user_id = $2"
                       " AND role = 'owner' AND created_at_us = $3",
                       {m->id.key(), minsu_.key(), core::ToUnixMicros(start_)}),
              1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'merchant.applied'"
                       " AND merchant_id = $1 AND actor_user_id = $2 AND subject = $3 AND client_address = $4",
                       {m->id.key(), minsu_.key(), m->id.ToString(), kClientAddress}),
              1);

    auto detail = merchants_->Get(m->id);
    ASSERT_TRUE(detail.ok()) << detail.error().message;
    const Merchant& got = detail->merchant;
    EXPECT_EQ(got.id, m->id);
    EXPECT_EQ(got.name_ko, m->name_ko);
    EXPECT_EQ(got.name_en, m->name_en);
    EXPECT_EQ(got.business_number, m->business_number);
    EXPECT_EQ(got.representative, m->representative);
    EXPECT_EQ(got.industry_code, m->industry_code);
    EXPECT_EQ(got.district_code, m->district_code);
    EXPECT_EQ(got.address, m->address);
    EXPECT_EQ(got.phone, m->phone);
    EXPECT_EQ(got.status, MerchantStatus::kApplied);
    EXPECT_EQ(got.applied_by, minsu_);
    EXPECT_EQ(got.created_at, start_);
    ASSERT_EQ(detail->history.size(), 1u);
    const auto& first = detail->history[0];
    EXPECT_FALSE(first.from.has_value());
    EXPECT_EQ(first.to, MerchantStatus::kApplied);
    EXPECT_EQ(first.actor, minsu_);
    EXPECT_EQ(first.actor_name, "김민수");
    EXPECT_EQ(first.reason, "");
    EXPECT_EQ(first.changed_at, start_);
}

TEST_P(MerchantTest, EveryFieldErrorIsAnsweredAtOnceAndNothingIsWritten) {
    const MerchantRowCounts before = Counts();
    std::string wrong_check = BusinessNumber(1);
    wrong_check.back() = static_cast<char>('0' + (wrong_check.back() - '0' + 1) % 10);
    MerchantInput bad{.name_ko = " \u3000 ",
                      .name_en = "광안리",
                      .business_number = wrong_check,
                      .representative = "",
                      .industry_code = "spaceships",  // well-formed, but not on the list
                      .district_code = "11110",       // Jongno-gu, Seoul
                      .address = "\t",
                      .phone = "12345"};
    auto r = merchants_->Apply(minsu_, bad, kClientAddress);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().reason, "invalid_merchant");
    std::vector<std::pair<std::string, std::string>> expected = {
        {"name_ko", "required"},
        {"name_en", "not_latin"},
        {"business_number", "business_number_check_digit"},
        {"representative", "required"},
        {"industry_code", "unknown_industry"},
        {"district_code", "unknown_district"},
        {"address", "required"},
        {"phone", "invalid_phone"},
    };
    EXPECT_EQ(FieldsOf(r.error()), expected);
    for (const auto& f : r.error().fields) EXPECT_FALSE(f.message.empty()) << f.field;
    EXPECT_EQ(Counts(), before);
}

TEST_P(MerchantTest, EachFieldAloneIsChecked) {
    struct Case {
        std::string name;
        std::function<void(MerchantInput&)> edit;
        std::string field;
        std::string code;
    };
    std::string wrong_check = BusinessNumber(1);
    wrong_check.back() = static_cast<char>('0' + (wrong_check.back() - '0' + 1) % 10);
    const std::vector<Case> cases = {
        {"name_ko too long", [](MerchantInput& in) { in.name_ko = Repeat("가", 101); }, "name_ko", "too_long"},
        {"name_ko control", [](MerchantInput& in) { in.name_ko = "바다\x01횟집"; }, "name_ko", "invalid_text"},
        {"name_ko not UTF-8", [](MerchantInput& in) { in.name_ko = "\xFF"; }, "name_ko", "invalid_text"},
        {"name_en Hangul", [](MerchantInput& in) { in.name_en = "Sea 횟집"; }, "name_en", "not_latin"},
        {"name_en too long", [](MerchantInput& in) { in.name_en = std::string(101, 'a'); }, "name_en", "too_long"},
        {"business number short", [](MerchantInput& in) { in.business_number = "605-00-0001"; }, "business_number",
         "business_number_length"},
        {"business number letters", [](MerchantInput& in) { in.business_number = "60500OOO1X"; }, "business_number",
         "business_number_length"},
        {"business number check digit", [&](MerchantInput& in) { in.business_number = wrong_check; }, "business_number",
         "business_number_check_digit"},
        {"business number only a hyphen", [](MerchantInput& in) { in.business_number = " - "; }, "business_number",
         "business_number_length"},
        {"business number blank", [](MerchantInput& in) { in.business_number = " "; }, "business_number", "required"},
        {"representative blank", [](MerchantInput& in) { in.representative = "\u3000"; }, "representative", "required"},
        {"representative too long", [](MerchantInput& in) { in.representative = Repeat("김", 101); }, "representative",
         "too_long"},
        {"industry missing", [](MerchantInput& in) { in.industry_code = " "; }, "industry_code", "required"},
        {"industry malformed", [](MerchantInput& in) { in.industry_code = "Seafood"; }, "industry_code",
         "unknown_industry"},
        {"industry unknown", [](MerchantInput& in) { in.industry_code = "spaceships"; }, "industry_code",
         "unknown_industry"},
        {"district missing", [](MerchantInput& in) { in.district_code = ""; }, "district_code", "required"},
        {"district elsewhere", [](MerchantInput& in) { in.district_code = "11110"; }, "district_code",
         "unknown_district"},
        {"address missing", [](MerchantInput& in) { in.address = ""; }, "address", "required"},
        {"address too long", [](MerchantInput& in) { in.address = Repeat("부", 201); }, "address", "too_long"},
        {"phone missing", [](MerchantInput& in) { in.phone = ""; }, "phone", "required"},
        {"phone short", [](MerchantInput& in) { in.phone = "051-744-123"; }, "phone", "invalid_phone"},
        {"phone foreign", [](MerchantInput& in) { in.phone = "+1 415 555 0100"; }, "phone", "invalid_phone"},
    };
    const MerchantRowCounts before = Counts();
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        MerchantInput input = Input(1);
        c.edit(input);
        auto r = merchants_->Apply(minsu_, input, kClientAddress);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().reason, "invalid_merchant");
        std::vector<std::pair<std::string, std::string>> expected = {{c.field, c.code}};
        EXPECT_EQ(FieldsOf(r.error()), expected);
        EXPECT_EQ(Counts(), before);
    }
    // The limits themselves are accepted.
    MerchantInput longest = Input(1);
    longest.name_ko = Repeat("가", 100);
    longest.name_en = std::string(100, 'a');
    longest.address = Repeat("부", 200);
    EXPECT_TRUE(merchants_->Apply(minsu_, longest, kClientAddress).ok());
}

TEST_P(MerchantTest, ARetiredIndustryIsNotOffered) {
    ASSERT_TRUE(industries_->SetIndustryActive("travel", false, admin_, kClientAddress).ok());
    const MerchantRowCounts before = Counts();
    MerchantInput input = Input(1);
    input.industry_code = "travel";
    auto alone = merchants_->Apply(minsu_, input, kClientAddress);
    ASSERT_FALSE(alone.ok());
    std::vector<std::pair<std::string, std::string>> expected = {{"industry_code", "unknown_industry"}};
    EXPECT_EQ(FieldsOf(alone.error()), expected);
    // With another field wrong too, both are answered, in the order of the form.
    input.name_ko = "";
    input.phone = "x";
    auto both = merchants_->Apply(minsu_, input, kClientAddress);
    ASSERT_FALSE(both.ok());
    expected = {{"name_ko", "required"}, {"industry_code", "unknown_industry"}, {"phone", "invalid_phone"}};
    EXPECT_EQ(FieldsOf(both.error()), expected);
    EXPECT_EQ(Counts(), before);
}

TEST_P(MerchantTest, OneLiveMerchantPerBusinessNumber) {
    const UserId jiwon = NewUser("이지원");
    const Merchant first = MustApply(1);
    const MerchantRowCounts before = Counts();
    MerchantInput same = Input(1);
    same.business_number = BusinessNumber(1);  // written without hyphens this time
    same.name_ko = "다른 가게";
    auto taken = merchants_->Apply(jiwon, same, kClientAddress);
    ASSERT_FALSE(taken.ok());
    EXPECT_EQ(taken.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(taken.error().reason, "business_number_taken");
    std::vector<std::pair<std::string, std::string>> expected = {{"business_number", "business_number_taken"}};
    EXPECT_EQ(FieldsOf(taken.error()), expected);
    EXPECT_EQ(Counts(), before);

    // A rejected application frees the number: the business may apply again, as a new merchant.
    MustChange(first.id, MerchantStatus::kRejected, "서류 미비");
    const Merchant second = MustApply(jiwon, same);
    EXPECT_NE(second.id, first.id);
    // Approved and suspended merchants keep it.
    MustChange(second.id, MerchantStatus::kApproved, "");
    EXPECT_EQ(merchants_->Apply(minsu_, Input(1), kClientAddress).error().reason, "business_number_taken");
    MustChange(second.id, MerchantStatus::kSuspended, "점검");
    EXPECT_EQ(merchants_->Apply(minsu_, Input(1), kClientAddress).error().reason, "business_number_taken");
    // A closed one frees it again.
    MustChange(second.id, MerchantStatus::kClosed, "폐업");
    const Merchant third = MustApply(minsu_, Input(1));
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_merchants WHERE business_number = $1", {BusinessNumber(1)}), 3);
    EXPECT_EQ(merchants_->Get(third.id)->merchant.status, MerchantStatus::kApplied);
}

TEST_P(MerchantTest, AUserHasAtMostThreePendingApplications) {
    std::vector<Merchant> pending;
    for (int n = 1; n <= 3; ++n) pending.push_back(MustApply(n));
    const MerchantRowCounts before = Counts();
    auto fourth = merchants_->Apply(minsu_, Input(4), kClientAddress);
    ASSERT_FALSE(fourth.ok());
    EXPECT_EQ(fourth.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(fourth.error().reason, "too_many_applications");
    EXPECT_EQ(Counts(), before);
    // Another user is not limited by minsu's applications.
    MustApply(NewUser("이지원"), Input(5));
    // A decision makes room; so does a withdrawal.
    MustChange(pending[0].id, MerchantStatus::kApproved, "");
    MustApply(minsu_, Input(4));
    EXPECT_EQ(merchants_->Apply(minsu_, Input(6), kClientAddress).error().reason, "too_many_applications");
    MustChange(pending[1].id, MerchantStatus::kClosed, "신청 철회");
    MustApply(minsu_, Input(6));
}

TEST_P(MerchantTest, AnUnknownApplicantIsRefused) {
    const MerchantRowCounts before = Counts();
    auto r = merchants_->Apply(UserId(12345), Input(1), kClientAddress);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(r.error().reason, "user_not_found");
    EXPECT_EQ(Counts(), before);
}

TEST_P(MerchantTest, EveryTransitionIsAllowedOrRefusedAsTheLifecycleSays) {
    const std::set<std::pair<MerchantStatus, MerchantStatus>> allowed = {
        {MerchantStatus::kApplied, MerchantStatus::kApproved}, {MerchantStatus::kApplied, MerchantStatus::kRejected},
        {MerchantStatus::kApplied, MerchantStatus::kClosed},   {MerchantStatus::kApproved, MerchantStatus::kSuspended},
        {MerchantStatus::kApproved, MerchantStatus::kClosed},  {MerchantStatus::kSuspended, MerchantStatus::kApproved},
        {MerchantStatus::kSuspended, MerchantStatus::kClosed},
    };
    // How to bring a new application into each status.
    auto path = [](MerchantStatus s) -> std::vector<MerchantStatus> {
        switch (s) {
            case MerchantStatus::kApplied: return {};
            case MerchantStatus::kApproved: return {MerchantStatus::kApproved};
            case MerchantStatus::kRejected: return {MerchantStatus::kRejected};
            case MerchantStatus::kSuspended: return {MerchantStatus::kApproved, MerchantStatus::kSuspended};
            case MerchantStatus::kClosed: return {MerchantStatus::kClosed};
        }
        return {};
    };
    int n = 100;
    for (MerchantStatus from : kAllStatuses) {
        for (MerchantStatus to : kAllStatuses) {
            std::string trace(platform::MerchantStatusName(from));
            trace.append(" -> ").append(platform::MerchantStatusName(to));
            SCOPED_TRACE(trace);
            const Merchant m = MustApply(NewUser("신청인"), Input(++n));
            for (MerchantStatus step : path(from)) MustChange(m.id, step);
            ASSERT_EQ(merchants_->Get(m.id)->merchant.status, from);
            const std::size_t history = merchants_->Get(m.id)->history.size();
            const MerchantRowCounts before = Counts();
            std::string action = "merchant.";
            action.append(platform::MerchantStatusName(to));
            const std::int64_t audited = AuditCount(action);
            clock_.Advance(1s);

            auto r = merchants_->ChangeStatus(m.id, to, admin_, "사유", kClientAddress);
            auto after = merchants_->Get(m.id);
            ASSERT_TRUE(after.ok());
            if (allowed.contains({from, to})) {
                ASSERT_TRUE(r.ok()) << r.error().message;
                EXPECT_EQ(r->status, to);
                EXPECT_EQ(r->updated_at, clock_.Now());
                EXPECT_EQ(after->merchant.status, to);
                EXPECT_EQ(after->merchant.updated_at, clock_.Now());
                ASSERT_EQ(after->history.size(), history + 1);
                EXPECT_EQ(after->history.back().from, from);
                EXPECT_EQ(after->history.back().to, to);
                EXPECT_EQ(AuditCount(action), audited + 1);
            } else {
                ASSERT_FALSE(r.ok());
                EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
                EXPECT_EQ(r.error().reason, "invalid_transition");
                EXPECT_NE(r.error().message.find(platform::MerchantStatusName(from)), std::string::npos);
                EXPECT_NE(r.error().message.find(platform::MerchantStatusName(to)), std::string::npos);
                EXPECT_EQ(after->merchant.status, from);
                EXPECT_EQ(after->history.size(), history);
                EXPECT_EQ(Counts(), before);
            }
        }
    }
}

TEST_P(MerchantTest, RejectingSuspendingAndClosingNeedAReason) {
    const Merchant m = MustApply(1);
    const MerchantRowCounts before = Counts();
    struct Case {
        MerchantStatus to;
        std::string reason;
        std::string code;
    };
    const std::vector<Case> cases = {
        {MerchantStatus::kRejected, "", "required"},
        {MerchantStatus::kRejected, " \n\u3000 ", "required"},
        {MerchantStatus::kClosed, "", "required"},
        {MerchantStatus::kRejected, Repeat("가", 501), "too_long"},
        {MerchantStatus::kRejected, "서류\x01미비", "invalid_text"},
        {MerchantStatus::kApproved, Repeat("가", 501), "too_long"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.reason);
        auto r = merchants_->ChangeStatus(m.id, c.to, admin_, c.reason, kClientAddress);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().reason, "invalid_reason");
        std::vector<std::pair<std::string, std::string>> expected = {{"reason", c.code}};
        EXPECT_EQ(FieldsOf(r.error()), expected);
        EXPECT_EQ(Counts(), before);
    }
    EXPECT_EQ(merchants_->Get(m.id)->merchant.status, MerchantStatus::kApplied);
    // 500 characters, on several lines, are kept as written (trimmed at the ends).
    const std::string reason = std::string("서류 미비:\n").append(Repeat("가", 493));
    const std::string typed = std::string("\n").append(reason).append("\n ");
    auto rejected = merchants_->ChangeStatus(m.id, MerchantStatus::kRejected, admin_, typed, kClientAddress);
    ASSERT_TRUE(rejected.ok()) << rejected.error().message;
    EXPECT_EQ(merchants_->Get(m.id)->history.back().reason, reason);
    // An approval needs none.
    const Merchant other = MustApply(2);
    EXPECT_TRUE(merchants_->ChangeStatus(other.id, MerchantStatus::kApproved, admin_, "", kClientAddress).ok());
}

TEST_P(MerchantTest, OwnersAreMailedTheDecision) {
    const Merchant m = MustApply(1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_outbox"), 0) << "an application mails nobody yet";
    MustChange(m.id, MerchantStatus::kRejected, "사업자등록증 사본이 흐립니다");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_outbox WHERE kind = 'merchant_status' AND recipient = $1",
                       {std::string_view("user1@example.kr")}),
              1);
    store::Sql body_sql{"test.outbox_body", "SELECT body FROM platform_outbox WHERE kind = 'merchant_status'"};
    auto rows = db().Read([&](store::Tx& tx) { return tx.Query(body_sql); });
    ASSERT_TRUE(rows.ok());
    std::string body = (*rows)[0].Text(0);
    EXPECT_NE(body.find("반려되었습니다"), std::string::npos) << body;
    EXPECT_NE(body.find("사업자등록증 사본이 흐립니다"), std::string::npos) << body;
    EXPECT_NE(body.find("has been rejected"), std::string::npos) << body;
    EXPECT_NE(body.find("http://127.0.0.1:8080/me"), std::string::npos) << body;
    // A refused change mails nobody.
    EXPECT_FALSE(merchants_->ChangeStatus(m.id, MerchantStatus::kApproved, admin_, "", kClientAddress).ok());
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_outbox"), 1);
}

TEST_P(MerchantTest, TheHistoryKeepsWhoChangedTheStatusWhenAndWhy) {
    const UserId inspector = NewUser("최감독");
    const Merchant m = MustApply(1);
    const core::TimePoint t1 = start_ + 1h, t2 = t1 + 24h, t3 = t2 + 24h, t4 = t3 + 24h;
    clock_.Set(t1);
    ASSERT_TRUE(merchants_->ChangeStatus(m.id, MerchantStatus::kApproved, admin_, "", kClientAddress).ok());
    clock_.Set(t2);
    ASSERT_TRUE(
        merchants_->ChangeStatus(m.id, MerchantStatus::kSuspended, inspector, "위생 점검 불합격", "198.51.100.4").ok());
    clock_.Set(t3);
    ASSERT_TRUE(merchants_->ChangeStatus(m.id, MerchantStatus::kApproved, admin_, "재점검 통과", kClientAddress).ok());
    clock_.Set(t4);
    ASSERT_TRUE(merchants_->ChangeStatus(m.id, MerchantStatus::kClosed, minsu_, "폐업", kClientAddress).ok());

    auto detail = merchants_->Get(m.id);
    ASSERT_TRUE(detail.ok()) << detail.error().message;
    EXPECT_EQ(detail->merchant.status, MerchantStatus::kClosed);
    EXPECT_EQ(detail->merchant.created_at, start_);
    EXPECT_EQ(detail->merchant.updated_at, t4);
    struct Row {
        std::optional<MerchantStatus> from;
        MerchantStatus to;
        UserId actor;
        std::string actor_name, reason;
        core::TimePoint at;
    };
    const std::vector<Row> expected = {
        {std::nullopt, MerchantStatus::kApplied, minsu_, "김민수", "", start_},
        {MerchantStatus::kApplied, MerchantStatus::kApproved, admin_, "박운영", "", t1},
        {MerchantStatus::kApproved, MerchantStatus::kSuspended, inspector, "최감독", "위생 점검 불합격", t2},
        {MerchantStatus::kSuspended, MerchantStatus::kApproved, admin_, "박운영", "재점검 통과", t3},
        {MerchantStatus::kApproved, MerchantStatus::kClosed, minsu_, "김민수", "폐업", t4},
    };
    ASSERT_EQ(detail->history.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE(i);
        const auto& got = detail->history[i];
        EXPECT_EQ(got.from, expected[i].from);
        EXPECT_EQ(got.to, expected[i].to);
        EXPECT_EQ(got.actor, expected[i].actor);
        EXPECT_EQ(got.actor_name, expected[i].actor_name);
        EXPECT_EQ(got.reason, expected[i].reason);
        EXPECT_EQ(got.changed_at, expected[i].at);
    }

    // Each change is in the audit log with its actor, address and reason.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE merchant_id = $1", {m.id.key()}), 5);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'merchant.suspended'"
                       " AND merchant_id = $1 AND actor_user_id = $2 AND client_address = '198.51.100.4'"
                       " AND occurred_at_us = $3",
                       {m.id.key(), inspector.key(), core::ToUnixMicros(t2)}),
              1);
    auto detail_json = core::ParseJsonObject(
        QueryText("SELECT detail FROM platform_audit_events WHERE action = 'merchant.suspended'", {}));
    ASSERT_TRUE(detail_json.ok());
    EXPECT_EQ(core::json::value(*detail_json),
              core::json::value(
                  core::json::object{{"from", "approved"}, {"to", "suspended"}, {"reason", "위생 점검 불합격"}}));
    auto approval_json = core::ParseJsonObject(
        QueryText("SELECT detail FROM platform_audit_events WHERE action = 'merchant.approved' AND occurred_at_us = $1",
                  {core::ToUnixMicros(t1)}));
    ASSERT_TRUE(approval_json.ok());
    EXPECT_FALSE(approval_json->contains("reason"));
}

TEST_P(MerchantTest, AnUnknownMerchantIsNotFound) {
    MustApply(1);
    const MerchantRowCounts before = Counts();
    auto got = merchants_->Get(MerchantId(12345));
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(got.error().reason, "merchant_not_found");
    auto changed = merchants_->ChangeStatus(MerchantId(12345), MerchantStatus::kApproved, admin_, "", kClientAddress);
    ASSERT_FALSE(changed.ok());
    EXPECT_EQ(changed.error().reason, "merchant_not_found");
    EXPECT_EQ(Counts(), before);
}

TEST_P(MerchantTest, ListIsNewestFirstWithKeysetPaging) {
    std::vector<Merchant> made;
    for (int n = 1; n <= 7; ++n) {
        if (n != 5) clock_.Advance(1min);  // the fourth and fifth share a microsecond
        made.push_back(MustApply(NewUser("신청인"), Input(n)));
    }
    std::vector<Merchant> expected = made;
    std::sort(expected.begin(), expected.end(), [](const Merchant& a, const Merchant& b) {
        return std::pair(a.created_at, a.id) > std::pair(b.created_at, b.id);
    });
    std::vector<MerchantId> expected_ids;
    for (const Merchant& m : expected) expected_ids.push_back(m.id);

    for (int limit : {1, 3, 6, 7, 200}) {
        SCOPED_TRACE(limit);
        std::vector<MerchantId> seen;
        std::vector<std::size_t> sizes;
        MerchantQuery query{.limit = limit};
        for (int page_no = 0; page_no < 10; ++page_no) {
            auto page = merchants_->List(query);
            ASSERT_TRUE(page.ok()) << page.error().message;
            sizes.push_back(page->items.size());
            for (const Merchant& m : page->items) seen.push_back(m.id);
            if (!page->next_cursor) break;
            query.cursor = page->next_cursor;
        }
        EXPECT_EQ(seen, expected_ids);
        const std::size_t pages = (7 + static_cast<std::size_t>(limit) - 1) / static_cast<std::size_t>(limit);
        EXPECT_EQ(sizes.size(), pages);
    }
    // Items carry the whole merchant.
    auto first = merchants_->List({.limit = 1});
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->items[0].business_number, expected[0].business_number);
    EXPECT_EQ(first->items[0].phone, "051-754-1234");
    EXPECT_EQ(first->items[0].applied_by, expected[0].applied_by);
}

TEST_P(MerchantTest, ListFilters) {
    MerchantInput sashimi = Input(1);  // seafood in Suyeong-gu
    MerchantInput bakery = Input(2);
    bakery.name_ko = "해운대 100% 수제빵";
    bakery.name_en = "Haeundae Bakery";
    bakery.industry_code = "cafe_bakery";
    bakery.district_code = "26350";
    MerchantInput shoes = Input(3);
    shoes.name_ko = "서면 신발가게";
    shoes.name_en = "Seomyeon_Shoes";
    shoes.industry_code = "shoes_bags";
    shoes.district_code = "26230";
    const MerchantId a = MustApply(minsu_, sashimi).id;
    clock_.Advance(1min);
    const MerchantId b = MustApply(minsu_, bakery).id;
    clock_.Advance(1min);
    const MerchantId c = MustApply(minsu_, shoes).id;
    MustChange(a, MerchantStatus::kApproved, "");
    MustChange(c, MerchantStatus::kRejected, "서류 미비");

    using Ids = std::vector<MerchantId>;
    EXPECT_EQ(ListIds({.limit = 10}), Ids({c, b, a}));
    EXPECT_EQ(ListIds({.status = MerchantStatus::kApplied}), Ids({b}));
    EXPECT_EQ(ListIds({.status = MerchantStatus::kApproved}), Ids({a}));
    EXPECT_EQ(ListIds({.status = MerchantStatus::kRejected}), Ids({c}));
    EXPECT_EQ(ListIds({.status = MerchantStatus::kSuspended}), Ids({}));
    EXPECT_EQ(ListIds({.district_code = "26350"}), Ids({b}));
    EXPECT_EQ(ListIds({.district_code = "26710"}), Ids({}));
    EXPECT_EQ(ListIds({.industry_code = "seafood"}), Ids({a}));
    EXPECT_EQ(ListIds({.district_code = "26230", .industry_code = "shoes_bags"}), Ids({c}));
    EXPECT_EQ(ListIds({.district_code = "26230", .industry_code = "seafood"}), Ids({}));
    // Text: either name (English in any case) or the business number with or without hyphens.
    EXPECT_EQ(ListIds({.text = "바다"}), Ids({a}));
    EXPECT_EQ(ListIds({.text = "haeundae"}), Ids({b}));
    EXPECT_EQ(ListIds({.text = " HAEUNDAE "}), Ids({b}));
    EXPECT_EQ(ListIds({.text = "sea"}), Ids({a}));
    EXPECT_EQ(ListIds({.text = core::FormatBusinessNumber(BusinessNumber(3))}), Ids({c}));
    EXPECT_EQ(ListIds({.text = BusinessNumber(3)}), Ids({c}));
    EXPECT_EQ(ListIds({.text = "605-00"}), Ids({c, b, a}));
    EXPECT_EQ(ListIds({.text = "부산"}), Ids({}));
    // LIKE's own characters match only themselves.
    EXPECT_EQ(ListIds({.text = "100%"}), Ids({b}));
    EXPECT_EQ(ListIds({.text = "%"}), Ids({b}));
    EXPECT_EQ(ListIds({.text = "_"}), Ids({c}));
    EXPECT_EQ(ListIds({.text = "\\"}), Ids({}));
    // Filters combine.
    EXPECT_EQ(ListIds({.status = MerchantStatus::kApproved, .text = "바다"}), Ids({a}));
    EXPECT_EQ(ListIds({.status = MerchantStatus::kApplied, .text = "바다"}), Ids({}));
    EXPECT_EQ(ListIds({.status = MerchantStatus::kApplied, .district_code = "26350", .industry_code = "cafe_bakery"}),
              Ids({b}));
}

TEST_P(MerchantTest, ListRefusesBadPagingInput) {
    for (int limit : {0, -1, 201}) {
        auto r = merchants_->List({.limit = limit});
        ASSERT_FALSE(r.ok()) << limit;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().reason, "bad_limit");
        EXPECT_EQ(r.error().fields.front().field, "limit");
    }
    for (std::string cursor : {"", "x", "1.", ".1", "-1.5", "1.-5", "1.2.3", "1,2"}) {
        auto r = merchants_->List({.cursor = cursor});
        ASSERT_FALSE(r.ok()) << cursor;
        EXPECT_EQ(r.error().reason, "bad_cursor");
        EXPECT_EQ(r.error().fields.front().field, "cursor");
    }
    auto long_text = merchants_->List({.text = std::string(201, 'a')});
    ASSERT_FALSE(long_text.ok());
    EXPECT_EQ(long_text.error().fields.front().field, "text");
}

TEST_P(MerchantTest, ListForUserShowsEveryMerchantOfTheUserWithTheRole) {
    const UserId jiwon = NewUser("이지원");
    const Merchant own1 = MustApply(minsu_, Input(1));
    clock_.Advance(1min);
    const Merchant theirs = MustApply(jiwon, Input(2));
    clock_.Advance(1min);
    const Merchant own2 = MustApply(minsu_, Input(3));
    clock_.Advance(1min);
    ASSERT_TRUE(members_->AddMember(theirs.id, minsu_, platform::MemberRole::kStaff, jiwon, kClientAddress).ok());
    MustChange(own1.id, MerchantStatus::kApproved, "");

    auto mine = merchants_->ListForUser(minsu_);
    ASSERT_TRUE(mine.ok()) << mine.error().message;
    ASSERT_EQ(mine->size(), 3u);
    EXPECT_EQ((*mine)[0].merchant_id, own1.id);
    EXPECT_EQ((*mine)[0].role, platform::MemberRole::kOwner);
    EXPECT_EQ((*mine)[0].status, MerchantStatus::kApproved);
    EXPECT_EQ((*mine)[0].name_ko, own1.name_ko);
    EXPECT_EQ((*mine)[0].name_en, own1.name_en);
    EXPECT_EQ((*mine)[0].since, start_);
    EXPECT_EQ((*mine)[1].merchant_id, own2.id);
    EXPECT_EQ((*mine)[1].role, platform::MemberRole::kOwner);
    EXPECT_EQ((*mine)[1].status, MerchantStatus::kApplied);
    EXPECT_EQ((*mine)[2].merchant_id, theirs.id);
    EXPECT_EQ((*mine)[2].role, platform::MemberRole::kStaff);
    EXPECT_EQ((*mine)[2].since, start_ + 3min);

    auto jiwons = merchants_->ListForUser(jiwon);
    ASSERT_TRUE(jiwons.ok());
    ASSERT_EQ(jiwons->size(), 1u);
    EXPECT_EQ((*jiwons)[0].merchant_id, theirs.id);
    EXPECT_EQ((*jiwons)[0].role, platform::MemberRole::kOwner);
    EXPECT_TRUE(merchants_->ListForUser(NewUser("손님"))->empty());
}

// Two servers, each with its own connections, deciding on one application at the same moment.
class MerchantRaceTest : public MerchantFixture {};
JANGTEO_STORE_BACKENDS(MerchantRaceTest, SharedBackends());

TEST_P(MerchantRaceTest, TwoOperatorsDecidingAtOnceCannotBothSucceed) {
    std::unique_ptr<store::Db> second_db = OpenAnother();
    ASSERT_NE(second_db, nullptr);
    platform::MerchantService second(*second_db, clock_, random_, platform::BusanRegion());
    const UserId other_admin = NewUser("최운영");
    for (int round = 0; round < 12; ++round) {
        SCOPED_TRACE(round);
        const Merchant m = MustApply(NewUser("신청인"), Input(round + 1));
        // Even rounds: one approves while the other rejects; odd rounds: both approve.
        const MerchantStatus theirs = round % 2 == 0 ? MerchantStatus::kRejected : MerchantStatus::kApproved;
        std::optional<core::Result<Merchant>> ours_result, theirs_result;
        std::latch start(2);
        std::thread a([&] {
            start.arrive_and_wait();
            ours_result.emplace(merchants_->ChangeStatus(m.id, MerchantStatus::kApproved, admin_, "", kClientAddress));
        });
        std::thread b([&] {
            start.arrive_and_wait();
            theirs_result.emplace(second.ChangeStatus(m.id, theirs, other_admin, "서류 미비", kClientAddress));
        });
        a.join();
        b.join();
        ASSERT_TRUE(ours_result && theirs_result);
        const bool ours_won = ours_result->ok();
        ASSERT_NE(ours_won, theirs_result->ok()) << "exactly one decision must succeed";
        const core::Error& lost = ours_won ? theirs_result->error() : ours_result->error();
        EXPECT_TRUE((lost.code == ErrorCode::kFailedPrecondition && lost.reason == "invalid_transition") ||
                    (lost.code == ErrorCode::kConflict && lost.reason == "status_changed"))
            << lost.reason << ": " << lost.message;

        auto detail = merchants_->Get(m.id);
        ASSERT_TRUE(detail.ok());
        ASSERT_EQ(detail->history.size(), 2u);
        EXPECT_EQ(detail->merchant.status, ours_won ? MerchantStatus::kApproved : theirs);
        EXPECT_EQ(detail->history[1].actor, ours_won ? admin_ : other_admin);
        EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE merchant_id = $1", {m.id.key()}), 2);
    }
}

}  // namespace
}  // namespace jangteo::store_test

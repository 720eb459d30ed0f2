// What the merchant, membership and industry cases share: a migrated database on each backend, a
// few signed-up users (an applicant and an operator admin), the services under test, valid business
// numbers on demand, and counts of the rows a refused call must leave alone.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "backend_fixture.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/validate.hpp"
#include "platform/industry.hpp"
#include "platform/membership.hpp"
#include "platform/merchant.hpp"
#include "platform/operator.hpp"
#include "platform/operator_admin.hpp"
#include "platform/region.hpp"
#include "platform/user.hpp"
#include "store/migration.hpp"

namespace jangteo::store_test {

inline constexpr std::string_view kClientAddress = "203.0.113.7";

// The n-th of a series of valid business numbers (10 digits with a correct check digit).
inline std::string BusinessNumber(int n) {
    std::string nine = std::to_string(605000000 + n);
    static constexpr int kWeights[9] = {1, 3, 7, 1, 3, 7, 1, 3, 5};
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += (nine[i] - '0') * kWeights[i];
    sum += ((nine[8] - '0') * 5) / 10;
    nine.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
    return nine;
}

// Rows of the tables a merchant call writes, to show that a refused call wrote none.
struct MerchantRowCounts {
    std::int64_t merchants = 0, changes = 0, memberships = 0, audit = 0, industries = 0, admins = 0;
    bool operator==(const MerchantRowCounts&) const = default;
};
inline void PrintTo(const MerchantRowCounts& c, std::ostream* os) {
    *os << "{merchants " << c.merchants << ", changes " << c.changes << ", memberships " << c.memberships << ", audit "
        << c.audit << ", industries " << c.industries << ", admins " << c.admins << "}";
}

class MerchantFixture : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        auto migrations = platform::SchemaMigrations();
        auto applied = store::Migrator(db(), {migrations.begin(), migrations.end()}).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        users_.emplace(db(), clock_, random_, hasher_);
        merchants_.emplace(db(), clock_, random_, platform::BusanRegion());
        members_.emplace(db(), clock_, random_);
        industries_.emplace(db(), clock_, random_);
        admins_.emplace(db(), clock_, random_);
        minsu_ = NewUser("김민수");
        admin_ = NewUser("박운영");
        ASSERT_TRUE(admins_->GrantOperatorAdmin(admin_, std::nullopt, "").ok());
    }

    // A new user named `name` with an email of its own.
    platform::UserId NewUser(const std::string& name) {
        std::string email = "user";
        email.append(std::to_string(++user_count_)).append("@example.kr");
        auto user = users_->SignUp({email, std::nullopt, name, "바다가보이는부산항구"});
        EXPECT_TRUE(user.ok()) << user.error().message;
        return user.ok() ? user->id : platform::UserId();
    }

    // A complete, valid application with the n-th business number.
    static platform::MerchantInput Input(int n = 1) {
        return {.name_ko = "광안리 바다횟집",
                .name_en = "Gwangalli Sea Sashimi",
                .business_number = core::FormatBusinessNumber(BusinessNumber(n)),
                .representative = "김민수",
                .industry_code = "seafood",
                .district_code = "26500",
                .address = "부산광역시 수영구 광안해변로 219",
                .phone = "051-754-1234"};
    }

    platform::Merchant MustApply(platform::UserId applicant, const platform::MerchantInput& input) {
        auto m = merchants_->Apply(applicant, input, kClientAddress);
        EXPECT_TRUE(m.ok()) << m.error().reason << ": " << m.error().message;
        return m.ok() ? *m : platform::Merchant{};
    }
    platform::Merchant MustApply(int n = 1) { return MustApply(minsu_, Input(n)); }

    void MustChange(platform::MerchantId id, platform::MerchantStatus to, std::string_view reason = "사유") {
        auto r = merchants_->ChangeStatus(id, to, admin_, reason, kClientAddress);
        ASSERT_TRUE(r.ok()) << r.error().reason << ": " << r.error().message;
    }

    MerchantRowCounts Counts() {
        MerchantRowCounts c;
        c.merchants = QueryInt("SELECT count(*) FROM platform_merchants");
        c.changes = QueryInt("SELECT count(*) FROM platform_merchant_status_changes");
        c.memberships = QueryInt("SELECT count(*) FROM platform_memberships");
        c.audit = QueryInt("SELECT count(*) FROM platform_audit_events");
        c.industries = QueryInt("SELECT count(*) FROM platform_industries WHERE active");
        c.admins = QueryInt("SELECT count(*) FROM platform_operator_admins");
        return c;
    }

    // The number of audit events with `action`.
    std::int64_t AuditCount(std::string_view action) {
        return QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = $1", {action});
    }

    const core::TimePoint start_ = core::FromUnixMicros(1'795'000'000'000'000);
    core::ManualClock clock_{start_};
    core::SeededRandom random_{11};
    platform::PasswordHasher hasher_{platform::WeakParamsForTests{{1, 8 * 1024}}};
    std::optional<platform::UserService> users_;
    std::optional<platform::MerchantService> merchants_;
    std::optional<platform::MembershipService> members_;
    std::optional<platform::IndustryService> industries_;
    std::optional<platform::OperatorAdminService> admins_;
    platform::UserId minsu_, admin_;
    int user_count_ = 0;
};

}  // namespace jangteo::store_test

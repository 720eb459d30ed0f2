// The demo region on every backend: about two hundred approved merchants in every district and many
// industries, with valid business numbers, Busan addresses and telephone numbers; owners who are their
// merchants' owners and representatives, staff, customers and one operator admin who can all sign in
// with the demo password; pending, rejected and suspended applications with their history and audit
// events. A second seeding changes nothing; the same seed on a fresh database makes the same rows,
// ids and times included, and another seed other rows.
#include "platform/demo_seed.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <variant>

#include "backend_fixture.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/validate.hpp"
#include "platform/membership.hpp"
#include "platform/merchant.hpp"
#include "platform/operator.hpp"
#include "platform/operator_admin.hpp"
#include "platform/password_policy.hpp"
#include "platform/region.hpp"
#include "platform/user.hpp"
#include "store/migration.hpp"

namespace jangteo::store_test {
namespace {

using platform::DemoSeeder;
using platform::DemoSeedSummary;
using platform::MerchantStatus;

const platform::WeakParamsForTests kFast{{1, 8 * 1024}};
const store::DbOptions kOptions{.sqlite_synchronous_full = false};

void Migrate(store::Db& db) {
    auto migrations = platform::SchemaMigrations();
    auto applied = store::Migrator(db, {migrations.begin(), migrations.end()}).Migrate();
    ASSERT_TRUE(applied.ok()) << applied.error().message;
}

// Every row of the tables the seed fills, in key order, as text. The password hash is left out: its
// salt is fresh on every run, by design of the hasher.
std::string Digest(store::Db& db) {
    static constexpr store::Sql kTables[] = {
        {"test.digest_users",
         "SELECT id, email, mobile, name, status, email_verified_at_us, created_at_us, updated_at_us"
         " FROM platform_users ORDER BY id"},
        {"test.digest_merchants",
         "SELECT id, name_ko, name_en, business_number, representative, industry_code, district_code, address,"
         " phone, status, status_version, applied_by_user_id, search_text, created_at_us, updated_at_us"
         " FROM platform_merchants ORDER BY id"},
        {"test.digest_changes",
         "SELECT id, merchant_id, seq, from_status, to_status, actor_user_id, reason, changed_at_us"
         " FROM platform_merchant_status_changes ORDER BY id"},
        {"test.digest_memberships",
         "SELECT merchant_id, user_id, role, created_at_us FROM platform_memberships ORDER BY merchant_id, user_id"},
        {"test.digest_admins",
         "SELECT user_id, granted_by_user_id, granted_at_us FROM platform_operator_admins ORDER BY user_id"},
        {"test.digest_audit",
         "SELECT id, occurred_at_us, action, actor_user_id, merchant_id, subject, client_address"
         " FROM platform_audit_events ORDER BY id"},
    };
    std::string out;
    for (const store::Sql& sql : kTables) {
        auto rows = db.Read([&](store::Tx& tx) { return tx.Query(sql); });
        EXPECT_TRUE(rows.ok()) << sql.name << ": " << rows.error().message;
        if (!rows.ok()) return {};
        out.append(sql.name).push_back('\n');
        for (std::size_t r = 0; r < rows->size(); ++r) {
            for (std::size_t c = 0; c < rows->columns().size(); ++c) {
                const store::Value& v = (*rows)[r].Get(c);
                if (std::holds_alternative<std::nullptr_t>(v)) {
                    out.append("NULL");
                } else if (auto* i = std::get_if<std::int64_t>(&v)) {
                    out.append(std::to_string(*i));
                } else {
                    out.append((*rows)[r].TextView(c));
                }
                out.push_back('|');
            }
            out.push_back('\n');
        }
    }
    return out;
}

class DemoSeedTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        // A seeding is about a thousand commits: without an fsync each, the file backend takes a
        // fraction of the time, and durability is not what these cases are about.
        Reopen(kOptions);
        Migrate(db());
    }

    DemoSeedSummary MustSeed(store::Db& db, std::uint64_t seed = platform::kDefaultDemoSeed) {
        DemoSeeder seeder(db, platform::BusanRegion(), hasher_);
        auto made = seeder.Seed(seed);
        EXPECT_TRUE(made.ok()) << made.error().reason << ": " << made.error().message;
        return made.ok() ? *made : DemoSeedSummary{};
    }

    // Another fresh, migrated database on the same backend as db().
    std::unique_ptr<store::Db> FreshDatabase() {
        std::string url = "sqlite::memory:";
        if (GetParam() == Backend::kSqliteFile) {
            auto& dir = dirs_.emplace_back(std::make_unique<testing::TempDir>());
            url = "sqlite://" + (dir->path() / "other.db").string();
        } else if (GetParam() == Backend::kPostgres) {
            std::string why;
            auto& pg = pgs_.emplace_back(testing::FreshPgDatabase::Create(&why));
            EXPECT_NE(pg, nullptr) << why;
            if (!pg) return nullptr;
            url = pg->url();
        }
        auto db = store::Open(url, kOptions);
        EXPECT_TRUE(db.ok()) << url << ": " << db.error().message;
        if (!db.ok()) return nullptr;
        Migrate(**db);
        return std::move(*db);
    }

    std::int64_t Merchants(std::string_view status) {
        return QueryInt("SELECT count(*) FROM platform_merchants WHERE status = $1", {status});
    }

    platform::PasswordHasher hasher_{kFast};
    core::ManualClock clock_{core::FromUnixMicros(1'795'000'000'000'000)};
    core::SeededRandom random_{5};

private:
    // The other databases of FreshDatabase, kept until the fixture goes (after the handles on them).
    std::vector<std::unique_ptr<testing::TempDir>> dirs_;
    std::vector<std::unique_ptr<testing::FreshPgDatabase>> pgs_;
};
JANGTEO_STORE_BACKENDS(DemoSeedTest, AllBackends());

TEST_P(DemoSeedTest, MakesARealisticRegion) {
    DemoSeedSummary made = MustSeed(db());
    ASSERT_TRUE(made.seeded);
    EXPECT_EQ(made.seed, platform::kDefaultDemoSeed);

    // About two hundred approved merchants, and some in every other state, as the summary says.
    EXPECT_EQ(Merchants("approved"), 200);
    EXPECT_EQ(Merchants("approved"), made.approved);
    EXPECT_GE(Merchants("applied"), 5);
    EXPECT_EQ(Merchants("applied"), made.pending);
    EXPECT_GE(Merchants("rejected"), 2);
    EXPECT_EQ(Merchants("rejected"), made.rejected);
    EXPECT_GE(Merchants("suspended"), 1);
    EXPECT_EQ(Merchants("suspended"), made.suspended);

    // Every district has approved merchants; many industries are used.
    for (const platform::District& d : platform::BusanRegion().districts) {
        EXPECT_GT(QueryInt("SELECT count(*) FROM platform_merchants WHERE status = 'approved' AND district_code = $1",
                           {std::string_view(d.code)}),
                  0)
            << d.name_en;
    }
    EXPECT_EQ(made.districts, 16);
    std::int64_t industries =
        QueryInt("SELECT count(DISTINCT industry_code) FROM platform_merchants WHERE status = 'approved'");
    EXPECT_GE(industries, 20);
    EXPECT_EQ(industries, made.industries);

    // Each merchant: a valid business number of its own, its district's address, a Korean telephone
    // number, names in Korean and English, and its applicant as representative and only owner.
    constexpr store::Sql kMerchants{
        "test.demo_merchants",
        "SELECT m.business_number, m.district_code, m.address, m.phone, m.name_ko, m.name_en, m.representative,"
        " u.name, (SELECT count(*) FROM platform_memberships o WHERE o.merchant_id = m.id AND o.role = 'owner'"
        " AND o.user_id = m.applied_by_user_id),"
        " (SELECT count(*) FROM platform_memberships o WHERE o.merchant_id = m.id AND o.role = 'owner')"
        " FROM platform_merchants m JOIN platform_users u ON u.id = m.applied_by_user_id"};
    auto rows = db().Read([&](store::Tx& tx) { return tx.Query(kMerchants); });
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    ASSERT_EQ(rows->size(), 213u);
    std::set<std::string> numbers, names;
    for (std::size_t i = 0; i < rows->size(); ++i) {
        auto row = (*rows)[i];
        std::string number = row.Text(0);
        EXPECT_TRUE(core::BusinessNumberCheckDigitOk(number)) << number;
        EXPECT_TRUE(numbers.insert(number).second) << number;
        const platform::District* district = platform::BusanRegion().Find(row.TextView(1));
        ASSERT_NE(district, nullptr);
        EXPECT_TRUE(row.Text(2).starts_with("부산광역시 " + district->name_ko + " ")) << row.Text(2);
        EXPECT_EQ(core::NormalizeKoreanPhone(row.Text(3)), row.Text(3));
        EXPECT_TRUE(row.Text(3).starts_with("051-") || row.Text(3).starts_with("010-")) << row.Text(3);
        EXPECT_TRUE(names.insert(row.Text(4)).second) << row.Text(4);
        EXPECT_FALSE(row.Text(5).empty());
        EXPECT_TRUE(core::IsPrintableAscii(row.Text(5))) << row.Text(5);
        EXPECT_EQ(row.Text(6), row.Text(7));
        EXPECT_EQ(row.Int(8), 1) << row.Text(4);
        EXPECT_EQ(row.Int(9), 1) << row.Text(4);
    }

    // History: every application is recorded, every decision too, with the reasons the operator gave.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_merchant_status_changes WHERE from_status IS NULL"), 213);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_merchants m WHERE status_version <>"
                       " (SELECT count(*) FROM platform_merchant_status_changes h WHERE h.merchant_id = m.id)"),
              0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_merchant_status_changes h JOIN platform_merchants m"
                       " ON m.id = h.merchant_id WHERE m.status = 'applied' AND h.seq > 1"),
              0);
    for (std::string_view status : {"rejected", "suspended"}) {
        EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_merchants m WHERE m.status = $1 AND NOT EXISTS"
                           " (SELECT 1 FROM platform_merchant_status_changes h WHERE h.merchant_id = m.id"
                           " AND h.to_status = $1 AND h.reason <> '' AND h.seq = m.status_version)",
                           {status}),
                  0)
            << status;
    }
    // One merchant was suspended at its own request and approved again a month later.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_merchants WHERE status = 'approved' AND status_version = 4"), 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'merchant.applied'"), 213);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'merchant.rejected'"), made.rejected);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'merchant.suspended'"),
              made.suspended + 1);

    // People: one operator admin, the owners, staff at many merchants (none of them an owner there),
    // and customers who belong to no merchant.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_operator_admins"), 1);
    EXPECT_EQ(QueryInt("SELECT count(DISTINCT user_id) FROM platform_memberships WHERE role = 'owner'"), made.owners);
    EXPECT_GE(made.owners, 200);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_memberships WHERE role = 'staff'"), made.staff);
    EXPECT_GE(made.staff, 60);
    EXPECT_GE(QueryInt("SELECT count(DISTINCT merchant_id) FROM platform_memberships WHERE role = 'staff'"), 50);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'membership.added'"), made.staff);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_users u WHERE NOT EXISTS (SELECT 1 FROM platform_memberships m"
                       " WHERE m.user_id = u.id) AND NOT EXISTS (SELECT 1 FROM platform_operator_admins a"
                       " WHERE a.user_id = u.id)"),
              made.customers);
    EXPECT_EQ(made.customers, 20);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_users"), made.users);
    EXPECT_EQ(made.users, 1 + made.owners + made.staff + made.customers);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_users WHERE email NOT LIKE '%@example.kr'"
                       " AND email NOT LIKE '%@example.com'"),
              0);
    EXPECT_GT(QueryInt("SELECT count(*) FROM platform_users WHERE mobile LIKE '010-____-____'"), made.users / 2);

    // Times: from December 2025, never after the day the default seed is named for.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_merchant_status_changes WHERE changed_at_us < $1"
                       " OR changed_at_us > $2",
                       {std::int64_t{1'764'547'200'000'000}, std::int64_t{1'795'392'000'000'000}}),
              0);

    // The printed accounts sign in with the demo password, which the policy accepts.
    EXPECT_EQ(made.password, platform::kDemoPassword);
    EXPECT_EQ(platform::CheckPasswordPolicy(platform::kDemoPassword, {made.admin.email, ""}), std::nullopt);
    platform::UserService users(db(), clock_, random_, hasher_);
    for (const platform::DemoAccount* a : {&made.admin, &made.owner, &made.staff_member, &made.customer}) {
        auto signed_in = users.Authenticate(a->email, platform::kDemoPassword);
        ASSERT_TRUE(signed_in.ok()) << a->email << ": " << signed_in.error().message;
        EXPECT_EQ(signed_in->id, a->id);
        EXPECT_EQ(signed_in->name, a->name);
    }
    platform::OperatorAdminService admins(db(), clock_, random_);
    auto is_admin = admins.IsOperatorAdmin(made.admin.id);
    ASSERT_TRUE(is_admin.ok());
    EXPECT_TRUE(*is_admin);
    platform::MerchantService merchants(db(), clock_, random_, platform::BusanRegion());
    auto owned = merchants.ListForUser(made.owner.id);
    ASSERT_TRUE(owned.ok());
    ASSERT_EQ(owned->size(), 1u);
    EXPECT_EQ((*owned)[0].merchant_id, made.owner.merchant_id);
    EXPECT_EQ((*owned)[0].name_ko, made.owner.merchant_name_ko);
    EXPECT_EQ((*owned)[0].status, MerchantStatus::kApproved);
    EXPECT_EQ((*owned)[0].role, platform::MemberRole::kOwner);
    platform::MembershipService members(db(), clock_, random_);
    auto staff_access = members.AccessOf(made.staff_member.id, made.owner.merchant_id);
    ASSERT_TRUE(staff_access.ok());
    ASSERT_TRUE(staff_access->has_value());
    EXPECT_EQ((*staff_access)->role, platform::MemberRole::kStaff);
    auto customer_of = merchants.ListForUser(made.customer.id);
    ASSERT_TRUE(customer_of.ok());
    EXPECT_TRUE(customer_of->empty());
}

TEST_P(DemoSeedTest, SecondSeedingChangesNothing) {
    DemoSeedSummary first = MustSeed(db());
    ASSERT_TRUE(first.seeded);
    const std::string before = Digest(db());
    DemoSeedSummary second = MustSeed(db());
    EXPECT_FALSE(second.seeded);
    EXPECT_EQ(second.existing_users, first.users);
    EXPECT_EQ(second.existing_merchants, 213);
    EXPECT_TRUE(Digest(db()) == before);
    // Another seed is refused alike.
    EXPECT_FALSE(MustSeed(db(), 7).seeded);
    EXPECT_TRUE(Digest(db()) == before);
}

TEST_P(DemoSeedTest, AStoreWithAnyoneInItIsLeftAlone) {
    platform::UserService users(db(), clock_, random_, hasher_);
    auto someone = users.SignUp({"minsu@example.kr", std::nullopt, "김민수", "바다가보이는부산항구"});
    ASSERT_TRUE(someone.ok());
    const std::string before = Digest(db());
    DemoSeedSummary made = MustSeed(db());
    EXPECT_FALSE(made.seeded);
    EXPECT_EQ(made.existing_users, 1);
    EXPECT_EQ(made.existing_merchants, 0);
    EXPECT_TRUE(Digest(db()) == before);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_users"), 1);
}

TEST_P(DemoSeedTest, SameSeedSameDataOtherSeedOtherData) {
    MustSeed(db());
    const std::string digest = Digest(db());
    ASSERT_GT(digest.size(), 10'000u);

    auto again = FreshDatabase();
    ASSERT_NE(again, nullptr);
    MustSeed(*again);
    EXPECT_TRUE(Digest(*again) == digest) << "the same seed made other rows";

    auto other = FreshDatabase();
    ASSERT_NE(other, nullptr);
    DemoSeedSummary made = MustSeed(*other, 7);
    EXPECT_EQ(made.approved, 200);
    EXPECT_EQ(made.districts, 16);
    const std::string other_digest = Digest(*other);
    EXPECT_FALSE(other_digest == digest);
    // Not only the ids: the people and shops differ too.
    auto first_names = [](store::Db& db) {
        constexpr store::Sql kNames{"test.demo_names", "SELECT name_ko FROM platform_merchants ORDER BY name_ko"};
        auto rows = db.Read([&](store::Tx& tx) { return tx.Query(kNames); });
        std::string out;
        for (std::size_t i = 0; rows.ok() && i < rows->size(); ++i) out.append((*rows)[i].Text(0)).push_back('\n');
        return out;
    };
    EXPECT_NE(first_names(db()), first_names(*other));
}

}  // namespace
}  // namespace jangteo::store_test

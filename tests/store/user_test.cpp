// Users on every backend: sign-up and sign-in, one account per email whatever its case (also when two
// sign-ups race), bad input refused with its field and nothing written, password change, disabled
// accounts, and the upgrade of hashes made with weaker parameters.
#include "platform/user.hpp"

#include <gtest/gtest.h>

#include <latch>
#include <thread>
#include <vector>

#include "backend_fixture.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "platform/operator.hpp"
#include "store/migration.hpp"

namespace jangteo::store_test {
namespace {

using core::ErrorCode;
using platform::SignUpInput;
using platform::UserService;

// Fast parameters: the suite signs up many users.
const platform::WeakParamsForTests kFast{{1, 8 * 1024}};
constexpr std::string_view kPassword = "바다가보이는부산항구";

class UserTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        auto migrations = platform::SchemaMigrations();
        auto applied = store::Migrator(db(), {migrations.begin(), migrations.end()}).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        users_.emplace(db(), clock_, random_, hasher_);
    }

    SignUpInput Minsu() { return {"Kim.Minsu@Example.kr", "010 2468 1357", "  김민수  ", std::string(kPassword)}; }

    std::int64_t Users() { return QueryInt("SELECT count(*) FROM platform_users"); }

    const core::TimePoint start_ = core::FromUnixMicros(1'795'000'000'000'000);
    core::ManualClock clock_{start_};
    core::SeededRandom random_{3};
    platform::PasswordHasher hasher_{kFast};
    // Made in SetUp: the database exists only from then on.
    std::optional<UserService> users_;
};
JANGTEO_STORE_BACKENDS(UserTest, AllBackends());

class SharedUserTest : public UserTest {};
JANGTEO_STORE_BACKENDS(SharedUserTest, SharedBackends());

TEST_P(UserTest, SignUpThenAuthenticate) {
    auto user = users_->SignUp(Minsu());
    ASSERT_TRUE(user.ok()) << user.error().message;
    EXPECT_TRUE(user->id.ToString().starts_with("usr_"));
    EXPECT_EQ(user->email, "kim.minsu@example.kr");
    EXPECT_EQ(user->mobile, "010-2468-1357");
    EXPECT_EQ(user->name, "김민수");
    EXPECT_EQ(user->status, platform::UserStatus::kActive);
    EXPECT_FALSE(user->email_verified_at.has_value());
    EXPECT_EQ(user->created_at, start_);

    constexpr store::Sql kHash{"test.user_hash", "SELECT password_hash, status FROM platform_users WHERE id = $1"};
    auto rows = db().Read([&](store::Tx& tx) { return tx.Query(kHash, {user->id.key()}); });
    ASSERT_TRUE(rows.ok());
    EXPECT_TRUE((*rows)[0].Text(0).starts_with("$argon2id$"));
    EXPECT_EQ((*rows)[0].Text(1), "active");

    auto signed_in = users_->Authenticate("  KIM.minsu@example.KR ", kPassword);
    ASSERT_TRUE(signed_in.ok()) << signed_in.error().message;
    EXPECT_EQ(signed_in->id, user->id);
    EXPECT_EQ(signed_in->mobile, "010-2468-1357");

    auto got = users_->Get(user->id);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->email, "kim.minsu@example.kr");
    auto found = users_->FindByEmail("Kim.Minsu@example.kr");
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->id, user->id);
    EXPECT_EQ(users_->Get(platform::UserId(12345)).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(users_->FindByEmail("nobody@example.kr").error().reason, "user_not_found");
}

TEST_P(UserTest, WrongPasswordAndUnknownEmailAnswerAlike) {
    ASSERT_TRUE(users_->SignUp(Minsu()).ok());
    auto wrong = users_->Authenticate("kim.minsu@example.kr", "바다가보이는부산항구!");
    auto unknown = users_->Authenticate("lee.jiwon@example.kr", kPassword);
    auto huge = users_->Authenticate("kim.minsu@example.kr", std::string(100'000, 'x'));
    for (const auto* r : {&wrong, &unknown, &huge}) {
        ASSERT_FALSE(r->ok());
        EXPECT_EQ(r->error().code, ErrorCode::kUnauthenticated);
        EXPECT_EQ(r->error().reason, "bad_credentials");
        EXPECT_EQ(r->error().message, wrong.error().message);
    }
}

TEST_P(UserTest, DuplicateEmailIsRefusedInAnyCase) {
    ASSERT_TRUE(users_->SignUp(Minsu()).ok());
    for (std::string email : {"kim.minsu@example.kr", "KIM.MINSU@EXAMPLE.KR", " Kim.Minsu@example.kr"}) {
        auto again = users_->SignUp({email, std::nullopt, "다른 사람", "another good passphrase"});
        ASSERT_FALSE(again.ok()) << email;
        EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
        EXPECT_EQ(again.error().reason, "email_taken");
        ASSERT_EQ(again.error().fields.size(), 1u);
        EXPECT_EQ(again.error().fields[0].field, "email");
        EXPECT_EQ(again.error().fields[0].code, "email_taken");
    }
    EXPECT_EQ(Users(), 1);
    // The first account's password still works: nothing was overwritten.
    EXPECT_TRUE(users_->Authenticate("kim.minsu@example.kr", kPassword).ok());
}

TEST_P(UserTest, DuplicateMobileIsRefused) {
    ASSERT_TRUE(users_->SignUp(Minsu()).ok());
    auto again = users_->SignUp({"lee.jiwon@example.kr", "+82 10-2468-1357", "이지원", "another good passphrase"});
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(again.error().reason, "mobile_taken");
    EXPECT_EQ(again.error().fields.at(0).field, "mobile");
    EXPECT_EQ(Users(), 1);
    // Without a mobile number there is no clash: NULLs are not equal.
    EXPECT_TRUE(users_->SignUp({"a.one@example.kr", std::nullopt, "하나", "another good passphrase"}).ok());
    EXPECT_TRUE(users_->SignUp({"b.two@example.kr", "", "둘", "another good passphrase"}).ok());
    EXPECT_EQ(Users(), 3);
}

TEST_P(UserTest, BadInputIsRefusedWithItsFieldAndWritesNothing) {
    struct Bad {
        SignUpInput input;
        std::string field;
        std::string code;
    };
    const std::string ok_pw(kPassword);
    std::vector<Bad> cases = {
        {{"", std::nullopt, "김민수", ok_pw}, "email", "required"},
        {{"not-an-email", std::nullopt, "김민수", ok_pw}, "email", "invalid_email"},
        {{"two@@example.kr", std::nullopt, "김민수", ok_pw}, "email", "invalid_email"},
        {{"a b@example.kr", std::nullopt, "김민수", ok_pw}, "email", "invalid_email"},
        {{"minsu@localhost", std::nullopt, "김민수", ok_pw}, "email", "invalid_email"},
        {{".minsu@example.kr", std::nullopt, "김민수", ok_pw}, "email", "invalid_email"},
        {{"민수@example.kr", std::nullopt, "김민수", ok_pw}, "email", "invalid_email"},
        {{std::string(250, 'a') + "@example.kr", std::nullopt, "김민수", ok_pw}, "email", "email_too_long"},
        {{"m@example.kr", "02-123-4567", "김민수", ok_pw}, "mobile", "invalid_mobile"},
        {{"m@example.kr", "010-1234", "김민수", ok_pw}, "mobile", "invalid_mobile"},
        {{"m@example.kr", std::nullopt, "   ", ok_pw}, "name", "required"},
        {{"m@example.kr", std::nullopt, "　", ok_pw}, "name", "required"},  // an ideographic space
        {{"m@example.kr", std::nullopt, std::string(101 * 3, 'a'), ok_pw}, "name", "name_too_long"},
        {{"m@example.kr", std::nullopt, "김\n민수", ok_pw}, "name", "invalid_name"},
        {{"m@example.kr", std::nullopt, "김민수", "short1!"}, "password", "password_too_short"},
        {{"m@example.kr", std::nullopt, "김민수", "Password123!"}, "password", "password_too_common"},
        {{"m@example.kr", std::nullopt, "김민수", "1234567890"}, "password", "password_too_simple"},
        {{"haeundae.kim@example.kr", std::nullopt, "김민수", "haeundae.kim!!"},
         "password",
         "password_contains_identity"},
        {{"m@example.kr", "01024681357", "김민수", "my-24681357-pw"}, "password", "password_contains_identity"},
    };
    for (const auto& c : cases) {
        auto r = users_->SignUp(c.input);
        ASSERT_FALSE(r.ok()) << c.field << "/" << c.code;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        ASSERT_EQ(r.error().fields.size(), 1u) << c.code << ": " << r.error().fields[0].code;
        EXPECT_EQ(r.error().fields[0].field, c.field);
        EXPECT_EQ(r.error().fields[0].code, c.code);
    }
    // Several bad fields at once are all named.
    auto many = users_->SignUp({"nope", "nope", "", "short"});
    ASSERT_FALSE(many.ok());
    EXPECT_EQ(many.error().fields.size(), 4u);
    EXPECT_EQ(Users(), 0);
    // A 100-character Korean name (300 bytes) and a 254-character email are fine.
    std::string hundred;
    for (int k = 0; k < 100; ++k) hundred += "가";
    std::string longest = std::string(64, 'a') + "@" + std::string(63, 'b') + "." + std::string(63, 'c') + "." +
                          std::string(58, 'd') + ".kr";
    auto edge = users_->SignUp({longest, std::nullopt, hundred, ok_pw});
    ASSERT_TRUE(edge.ok()) << edge.error().message;
    EXPECT_EQ(edge->name, hundred);
    auto too_long = users_->SignUp({"x" + longest, std::nullopt, hundred + "가", ok_pw});
    ASSERT_FALSE(too_long.ok());
    EXPECT_EQ(too_long.error().fields.size(), 2u);
    EXPECT_EQ(edge->email.size(), 254u);
}

// The demo data's way in: one hash made beforehand serves several accounts, the other fields are
// checked as at sign-up, and a refused call writes nothing.
TEST_P(UserTest, CreateWithPasswordHashStoresTheGivenHash) {
    auto hash = hasher_.Hash(kPassword);
    ASSERT_TRUE(hash.ok());
    auto minsu = users_->CreateWithPasswordHash({"Kim.Minsu@Example.kr", "010 2468 1357", "  김민수  ", ""}, *hash);
    ASSERT_TRUE(minsu.ok()) << minsu.error().message;
    EXPECT_EQ(minsu->email, "kim.minsu@example.kr");
    EXPECT_EQ(minsu->mobile, "010-2468-1357");
    EXPECT_EQ(minsu->name, "김민수");
    EXPECT_EQ(minsu->created_at, start_);
    auto jiwon = users_->CreateWithPasswordHash({"jiwon@example.kr", std::nullopt, "이지원", ""}, *hash);
    ASSERT_TRUE(jiwon.ok()) << jiwon.error().message;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_users WHERE password_hash = $1", {std::string_view(*hash)}), 2);
    auto signed_in = users_->Authenticate("jiwon@example.kr", kPassword);
    ASSERT_TRUE(signed_in.ok()) << signed_in.error().message;
    EXPECT_EQ(signed_in->id, jiwon->id);

    struct Bad {
        SignUpInput input;
        std::string hash;
        std::string field;
        std::string code;
    };
    const std::vector<Bad> cases = {
        {{"not-an-email", std::nullopt, "박서연", ""}, *hash, "email", "invalid_email"},
        {{"seoyeon@example.kr", "02-123-4567", "박서연", ""}, *hash, "mobile", "invalid_mobile"},
        {{"seoyeon@example.kr", std::nullopt, " ", ""}, *hash, "name", "required"},
        {{"seoyeon@example.kr", std::nullopt, "박서연", ""}, "", "password_hash", "invalid_password_hash"},
        {{"seoyeon@example.kr", std::nullopt, "박서연", ""},
         std::string(kPassword),
         "password_hash",
         "invalid_password_hash"},
        {{"seoyeon@example.kr", std::nullopt, "박서연", ""},
         "$2b$10$bcrypt.is.not.accepted",
         "password_hash",
         "invalid_password_hash"},
    };
    for (const auto& c : cases) {
        auto r = users_->CreateWithPasswordHash(c.input, c.hash);
        ASSERT_FALSE(r.ok()) << c.field << "/" << c.code;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        ASSERT_EQ(r.error().fields.size(), 1u) << c.code << ": " << r.error().fields[0].code;
        EXPECT_EQ(r.error().fields[0].field, c.field);
        EXPECT_EQ(r.error().fields[0].code, c.code);
    }
    auto taken = users_->CreateWithPasswordHash({"KIM.minsu@example.kr", std::nullopt, "김민수", ""}, *hash);
    ASSERT_FALSE(taken.ok());
    EXPECT_EQ(taken.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(taken.error().reason, "email_taken");
    auto mobile_taken = users_->CreateWithPasswordHash({"other@example.kr", "01024681357", "김민수", ""}, *hash);
    ASSERT_FALSE(mobile_taken.ok());
    EXPECT_EQ(mobile_taken.error().reason, "mobile_taken");
    EXPECT_EQ(Users(), 2);
}

TEST_P(SharedUserTest, TwoSignUpsRacingForOneEmailOneWins) {
    auto other = OpenAnother();
    ASSERT_NE(other, nullptr);
    core::SeededRandom random2{4};
    UserService users2(*other, clock_, random2, hasher_);
    constexpr int kRounds = 5;
    for (int round = 0; round < kRounds; ++round) {
        std::string email = "racer" + std::to_string(round) + "@example.kr";
        std::latch start(2);
        std::optional<core::Result<platform::User>> results[2];
        std::thread a([&] {
            start.arrive_and_wait();
            results[0].emplace(users_->SignUp({email, std::nullopt, "하나", "first racer passphrase"}));
        });
        std::thread b([&] {
            start.arrive_and_wait();
            results[1].emplace(users2.SignUp({email, std::nullopt, "둘", "second racer passphrase"}));
        });
        a.join();
        b.join();
        int wins = results[0]->ok() + results[1]->ok();
        EXPECT_EQ(wins, 1) << email;
        for (auto& r : results) {
            if (!r->ok()) {
                EXPECT_EQ(r->error().reason, "email_taken") << r->error().message;
            }
        }
        EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_users WHERE email = $1", {std::string_view(email)}), 1);
    }
}

TEST_P(UserTest, ChangePasswordReplacesTheOldOne) {
    auto user = users_->SignUp(Minsu());
    ASSERT_TRUE(user.ok());
    clock_.Advance(std::chrono::minutes(5));

    auto wrong = users_->ChangePassword(user->id, "not my password", "a fresh new passphrase");
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().reason, "wrong_password");
    EXPECT_EQ(wrong.error().fields.at(0).field, "current_password");

    auto weak = users_->ChangePassword(user->id, kPassword, "qwerty123456");
    ASSERT_FALSE(weak.ok());
    EXPECT_EQ(weak.error().fields.at(0).field, "new_password");
    EXPECT_EQ(weak.error().fields.at(0).code, "password_too_common");
    auto mine = users_->ChangePassword(user->id, kPassword, "minsu-likes-the-sea");
    ASSERT_FALSE(mine.ok());
    EXPECT_EQ(mine.error().fields.at(0).code, "password_contains_identity");
    EXPECT_TRUE(users_->Authenticate("kim.minsu@example.kr", kPassword).ok());

    auto st = users_->ChangePassword(user->id, kPassword, "a fresh new passphrase");
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(users_->Authenticate("kim.minsu@example.kr", kPassword).error().reason, "bad_credentials");
    auto now = users_->Authenticate("kim.minsu@example.kr", "a fresh new passphrase");
    ASSERT_TRUE(now.ok());
    EXPECT_EQ(now->updated_at, start_ + std::chrono::minutes(5));

    EXPECT_EQ(users_->ChangePassword(platform::UserId(777), kPassword, "a fresh new passphrase").error().code,
              ErrorCode::kNotFound);
}

TEST_P(UserTest, DisabledUserCannotAuthenticate) {
    auto user = users_->SignUp(Minsu());
    ASSERT_TRUE(user.ok());
    Script("UPDATE platform_users SET status = 'disabled'");
    auto right = users_->Authenticate("kim.minsu@example.kr", kPassword);
    ASSERT_FALSE(right.ok());
    EXPECT_EQ(right.error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(right.error().reason, "user_disabled");
    // A wrong password says nothing about the account's state.
    EXPECT_EQ(users_->Authenticate("kim.minsu@example.kr", "wrong wrong wrong").error().reason, "bad_credentials");
    EXPECT_FALSE(users_->ChangePassword(user->id, kPassword, "a fresh new passphrase").ok());
    EXPECT_EQ(users_->Get(user->id)->status, platform::UserStatus::kDisabled);
    // The CHECK constraint keeps out any other status.
    auto bad = db().Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY_STATUS(tx.ExecScript("UPDATE platform_users SET status = 'gone'"));
        return {};
    });
    EXPECT_FALSE(bad.ok());
}

TEST_P(UserTest, WeakerHashIsUpgradedAtSignIn) {
    auto user = users_->SignUp(Minsu());
    ASSERT_TRUE(user.ok());
    auto old_hash = [&] {
        constexpr store::Sql kHash{"test.user_hash", "SELECT password_hash FROM platform_users WHERE id = $1"};
        auto rows = db().Read([&](store::Tx& tx) { return tx.Query(kHash, {user->id.key()}); });
        return rows.ok() ? (*rows)[0].Text(0) : std::string();
    };
    std::string before = old_hash();
    platform::PasswordHasher stronger(platform::WeakParamsForTests{{2, 16 * 1024}});
    ASSERT_TRUE(stronger.NeedsRehash(before));
    UserService upgraded(db(), clock_, random_, stronger);
    ASSERT_TRUE(upgraded.Authenticate("kim.minsu@example.kr", kPassword).ok());
    std::string after = old_hash();
    EXPECT_NE(after, before);
    EXPECT_FALSE(stronger.NeedsRehash(after));
    EXPECT_TRUE(upgraded.Authenticate("kim.minsu@example.kr", kPassword).ok());
}

}  // namespace
}  // namespace jangteo::store_test

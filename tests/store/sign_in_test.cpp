// Sign-up, sign-in, sign-out and the change of password as flows, on every backend: sign-ups are
// limited per client address; failed sign-ins are counted per account and per address, and past
// either limit the answer is rate_limited with the seconds to wait, before the password is looked
// at; a success clears the account's count; every sign-in and failure is audited, without the typed
// text of an unknown account; changing the password ends the user's other sessions.
#include "platform/sign_in.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "backend_fixture.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "platform/audit.hpp"
#include "platform/operator.hpp"
#include "store/migration.hpp"

namespace jangteo::store_test {
namespace {

using core::ErrorCode;
using platform::SignedIn;
using platform::SignInService;
using platform::UserId;
using namespace std::chrono_literals;

constexpr std::string_view kPassword = "바다가보이는부산항구";
constexpr std::string_view kWrong = "바다가보이는부산항구!";
constexpr std::string_view kNewPassword = "해운대모래사장의아침";
constexpr std::string_view kAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)";
constexpr std::string_view kAddress = "203.0.113.7";
constexpr std::string_view kOtherAddress = "198.51.100.20";

class SignInTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        auto migrations = platform::SchemaMigrations();
        auto applied = store::Migrator(db(), {migrations.begin(), migrations.end()}).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        // Accounts are made with a weaker hash than the service's, so that a sign-in that checks the
        // right password shows itself by upgrading the stored hash.
        platform::UserService setup(db(), clock_, random_, weaker_);
        auto minsu = setup.SignUp({"minsu@example.kr", "010-2468-1357", "김민수", std::string(kPassword)});
        auto jiwon = setup.SignUp({"jiwon@example.kr", std::nullopt, "이지원", std::string(kPassword)});
        ASSERT_TRUE(minsu.ok() && jiwon.ok());
        minsu_ = minsu->id;
        jiwon_ = jiwon->id;
        users_.emplace(db(), clock_, random_, hasher_);
        sessions_.emplace(db(), clock_, random_, platform::SessionOptions{});
        limits_.emplace(db(), clock_);
        accounts_.emplace(db(), clock_, random_, *users_, *sessions_, *limits_);
    }

    SignedIn MustSignIn(std::string_view email, std::string_view password, std::string_view address = kAddress) {
        auto in = accounts_->SignIn(email, password, kAgent, address);
        EXPECT_TRUE(in.ok()) << in.error().reason << ": " << in.error().message;
        return in.ok() ? std::move(*in) : SignedIn{};
    }

    void Fail(std::string_view email, std::string_view address = kAddress) {
        auto in = accounts_->SignIn(email, kWrong, kAgent, address);
        ASSERT_FALSE(in.ok());
        EXPECT_EQ(in.error().code, ErrorCode::kUnauthenticated);
        EXPECT_EQ(in.error().reason, "bad_credentials");
    }

    // The answer is rate_limited with the seconds left in the window of `window`.
    void ExpectLimited(const core::Error& e, std::chrono::seconds window) {
        EXPECT_EQ(e.code, ErrorCode::kResourceExhausted);
        EXPECT_EQ(e.reason, "rate_limited");
        const core::TimePoint now = clock_.Now();
        EXPECT_EQ(e.retry_after_seconds,
                  platform::RateRetryAfter(now, platform::RateWindowStart(now, window), window).count());
        EXPECT_GT(e.retry_after_seconds, 0);
    }

    std::string Hash(UserId id) {
        constexpr store::Sql kHash{"test.sign_in_hash", "SELECT password_hash FROM platform_users WHERE id = $1"};
        auto rows = db().Read([&](store::Tx& tx) { return tx.Query(kHash, {id.key()}); });
        return rows.ok() && !rows->empty() ? (*rows)[0].Text(0) : "";
    }
    std::int64_t Audits(std::string_view action) {
        return QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = $1", {action});
    }
    std::int64_t Rows(std::string_view table) {
        std::string sql = "SELECT count(*) FROM ";
        sql.append(table);
        return QueryInt(sql);
    }

    // 20 seconds into an hour, so that every rule's window (15 minutes, an hour) starts together.
    const core::TimePoint start_ =
        core::FromUnixMicros(platform::RateWindowStart(core::FromUnixMicros(1'795'000'000'000'000), 1h)) + 20s;
    core::ManualClock clock_{start_};
    core::SeededRandom random_{13};
    platform::PasswordHasher weaker_{platform::WeakParamsForTests{{1, 8 * 1024}}};
    platform::PasswordHasher hasher_{platform::WeakParamsForTests{{2, 8 * 1024}}};
    UserId minsu_, jiwon_;
    std::optional<platform::UserService> users_;
    std::optional<platform::SessionService> sessions_;
    std::optional<platform::RateLimiter> limits_;
    std::optional<SignInService> accounts_;
};
JANGTEO_STORE_BACKENDS(SignInTest, AllBackends());

TEST_P(SignInTest, SignUpMakesTheAccountAndItsSessionAndIsAudited) {
    auto up =
        accounts_->SignUp({"Sora@Example.kr", std::nullopt, "정소라", std::string(kNewPassword)}, kAgent, kAddress);
    ASSERT_TRUE(up.ok()) << up.error().message;
    EXPECT_EQ(up->user.email, "sora@example.kr");
    auto session = sessions_->Resolve(up->session.token);
    ASSERT_TRUE(session.ok()) << session.error().message;
    EXPECT_EQ(session->user_id, up->user.id);
    EXPECT_EQ(session->user_agent, kAgent);
    EXPECT_EQ(session->client_address, kAddress);
    EXPECT_EQ(platform::CsrfTokenFor(up->session.token), up->session.csrf_token);

    platform::AuditLog log(db());
    auto page = log.List({.action = "user.signed_up"});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].event.actor_user, up->user.id);
    EXPECT_EQ(page->items[0].event.subject, up->user.id.ToString());
    EXPECT_EQ(page->items[0].event.client_address, kAddress);
}

TEST_P(SignInTest, RefusedSignUpsWriteNothingAndAreNotCounted) {
    const std::int64_t users = Rows("platform_users");
    struct Case {
        platform::SignUpInput input;
        std::string reason, field, code;
    };
    const std::vector<Case> cases = {
        {{"not an email", std::nullopt, "손님", std::string(kNewPassword)},
         "invalid_sign_up",
         "email",
         "invalid_email"},
        {{"sora@example.kr", std::nullopt, "손님", "short"}, "invalid_sign_up", "password", "password_too_short"},
        {{"sora@example.kr", std::nullopt, "손님", "password1234"},
         "invalid_sign_up",
         "password",
         "password_too_common"},
        {{"sora@example.kr", std::nullopt, "손님", "sora@example.kr"},
         "invalid_sign_up",
         "password",
         "password_contains_identity"},
        {{"MINSU@example.kr", std::nullopt, "손님", std::string(kNewPassword)}, "email_taken", "email", "email_taken"},
        {{"sora@example.kr", "010-2468-1357", "손님", std::string(kNewPassword)},
         "mobile_taken",
         "mobile",
         "mobile_taken"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.code);
        auto r = accounts_->SignUp(c.input, kAgent, kAddress);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().reason, c.reason);
        ASSERT_EQ(r.error().fields.size(), 1u);
        EXPECT_EQ(r.error().fields[0].field, c.field);
        EXPECT_EQ(r.error().fields[0].code, c.code);
    }
    EXPECT_EQ(Rows("platform_users"), users);
    EXPECT_EQ(Rows("platform_sessions"), 0);
    EXPECT_EQ(Rows("platform_audit_events"), 0);
    EXPECT_EQ(Rows("platform_rate_counters"), 0);
    // The first account still signs in with its own password.
    EXPECT_EQ(MustSignIn("minsu@example.kr", kPassword).user.id, minsu_);
}

TEST_P(SignInTest, SignUpsAreLimitedPerAddress) {
    for (int i = 0; i < platform::kSignUpPerAddress.limit; ++i) {
        std::string email = "family" + std::to_string(i) + "@example.kr";
        auto r = accounts_->SignUp({email, std::nullopt, "가족", std::string(kNewPassword)}, kAgent, kAddress);
        ASSERT_TRUE(r.ok()) << i << ": " << r.error().message;
        clock_.Advance(1min);
    }
    const std::int64_t users = Rows("platform_users");
    const std::int64_t sessions = Rows("platform_sessions");
    const std::int64_t audits = Rows("platform_audit_events");
    auto refused = accounts_->SignUp({"one.more@example.kr", std::nullopt, "하나 더", std::string(kNewPassword)},
                                     kAgent, kAddress);
    ASSERT_FALSE(refused.ok());
    ExpectLimited(refused.error(), 1h);
    EXPECT_EQ(refused.error().retry_after_seconds, (1h - 20s - 20min).count());
    EXPECT_EQ(Rows("platform_users"), users);
    EXPECT_EQ(Rows("platform_sessions"), sessions);
    EXPECT_EQ(Rows("platform_audit_events"), audits);
    auto by_email = users_->FindByEmail("one.more@example.kr");
    ASSERT_FALSE(by_email.ok());
    EXPECT_EQ(by_email.error().reason, "user_not_found");

    // Another address may, and this one may again in the next window.
    EXPECT_TRUE(
        accounts_
            ->SignUp({"neighbour@example.kr", std::nullopt, "이웃", std::string(kNewPassword)}, kAgent, kOtherAddress)
            .ok());
    clock_.Set(start_ - 20s + 1h);
    EXPECT_TRUE(
        accounts_->SignUp({"one.more@example.kr", std::nullopt, "하나 더", std::string(kNewPassword)}, kAgent, kAddress)
            .ok());
}

TEST_P(SignInTest, FailuresPerAccountLimitBeforeThePasswordIsChecked) {
    for (int i = 0; i < platform::kSignInPerAccount.limit; ++i) {
        // The same account however it is typed; from several addresses.
        Fail(i % 2 == 0 ? "minsu@example.kr" : " MINSU@Example.KR", i % 3 == 0 ? kOtherAddress : kAddress);
        clock_.Advance(10s);
    }
    EXPECT_EQ(Audits("user.sign_in_failed"), 10);
    const std::string weak_hash = Hash(minsu_);
    const std::int64_t audits = Rows("platform_audit_events");

    // The eleventh try is refused whatever the password: the right one is not even checked (a check
    // would have upgraded the weaker stored hash).
    for (std::string_view password : {kPassword, kWrong}) {
        auto r = accounts_->SignIn("minsu@example.kr", password, kAgent, kAddress);
        ASSERT_FALSE(r.ok());
        ExpectLimited(r.error(), 15min);
        EXPECT_EQ(r.error().retry_after_seconds, (15min - 20s - 100s).count());
    }
    EXPECT_EQ(Hash(minsu_), weak_hash);
    EXPECT_EQ(Rows("platform_sessions"), 0);
    EXPECT_EQ(Rows("platform_audit_events"), audits);

    // Another account from the same address is not affected.
    EXPECT_EQ(MustSignIn("jiwon@example.kr", kPassword).user.id, jiwon_);

    // In the next window the right password works, and the hash is upgraded on the way.
    clock_.Set(start_ - 20s + 15min);
    EXPECT_EQ(MustSignIn("minsu@example.kr", kPassword).user.id, minsu_);
    EXPECT_NE(Hash(minsu_), weak_hash);
}

TEST_P(SignInTest, FailuresPerAddressLimitEveryAccountFromThatAddress) {
    for (int i = 0; i < platform::kSignInPerAddress.limit; ++i) {
        // A spray of guesses over many addresses, none of them ten times.
        Fail("guess" + std::to_string(i % 25) + "@example.kr");
    }
    auto r = accounts_->SignIn("jiwon@example.kr", kPassword, kAgent, kAddress);
    ASSERT_FALSE(r.ok());
    ExpectLimited(r.error(), 15min);
    EXPECT_EQ(Rows("platform_sessions"), 0);
    // From another address the same account signs in.
    EXPECT_EQ(MustSignIn("jiwon@example.kr", kPassword, kOtherAddress).user.id, jiwon_);
}

TEST_P(SignInTest, ASuccessClearsTheAccountsCount) {
    for (int i = 0; i < platform::kSignInPerAccount.limit - 1; ++i) Fail("minsu@example.kr");
    MustSignIn("minsu@example.kr", kPassword);
    for (int i = 0; i < platform::kSignInPerAccount.limit; ++i) Fail("minsu@example.kr");
    auto r = accounts_->SignIn("minsu@example.kr", kPassword, kAgent, kAddress);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, "rate_limited");
}

TEST_P(SignInTest, SignInsAndFailuresAreAuditedWithoutWhatWasTyped) {
    SignedIn in = MustSignIn("Minsu@Example.kr", kPassword);
    clock_.Advance(1s);
    Fail("minsu@example.kr", kOtherAddress);
    clock_.Advance(1s);
    // An unknown address, and a password typed into the email field: neither is kept.
    Fail("typo.minsu@example.kr");
    clock_.Advance(1s);
    Fail(kNewPassword);

    platform::AuditLog log(db());
    auto page = log.List({});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 4u);
    const auto& password_as_email = page->items[0].event;
    const auto& unknown = page->items[1].event;
    const auto& failed = page->items[2].event;
    const auto& signed_in = page->items[3].event;

    EXPECT_EQ(signed_in.action, "user.signed_in");
    EXPECT_EQ(signed_in.actor_user, minsu_);
    EXPECT_EQ(signed_in.subject, minsu_.ToString());
    EXPECT_EQ(signed_in.client_address, kAddress);
    EXPECT_EQ(signed_in.detail.at("session").as_string(), in.session.session.id.ToString());

    EXPECT_EQ(failed.action, "user.sign_in_failed");
    EXPECT_FALSE(failed.actor_user.has_value());  // nobody proved who they are
    EXPECT_EQ(failed.subject, minsu_.ToString());
    EXPECT_EQ(failed.client_address, kOtherAddress);
    EXPECT_EQ(failed.detail.at("reason").as_string(), "bad_credentials");

    for (const auto* e : {&unknown, &password_as_email}) {
        EXPECT_EQ(e->action, "user.sign_in_failed");
        EXPECT_FALSE(e->actor_user.has_value());
        EXPECT_EQ(e->subject, "");
    }
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE subject LIKE '%typo%' OR detail LIKE '%typo%'"
                       " OR subject LIKE '%' || $1 || '%' OR detail LIKE '%' || $1 || '%'",
                       {kNewPassword}),
              0);

    // A disabled account with the right password: refused, audited, but no guess to count.
    constexpr store::Sql kDisable{"test.disable_user", "UPDATE platform_users SET status = 'disabled' WHERE id = $1"};
    ASSERT_TRUE(db().Write([&](store::Tx& tx) -> core::Status {
                        JANGTEO_TRY_STATUS(tx.Exec(kDisable, {jiwon_.key()}));
                        return {};
                    })
                    .ok());
    auto disabled = accounts_->SignIn("jiwon@example.kr", kPassword, kAgent, kAddress);
    ASSERT_FALSE(disabled.ok());
    EXPECT_EQ(disabled.error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(disabled.error().reason, "user_disabled");
    auto last = log.List({.action = "user.sign_in_failed", .limit = 1});
    ASSERT_TRUE(last.ok());
    EXPECT_EQ(last->items.at(0).event.subject, jiwon_.ToString());
    EXPECT_EQ(last->items.at(0).event.detail.at("reason").as_string(), "user_disabled");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_rate_counters WHERE bucket LIKE '%jiwon%'"), 0);
}

TEST_P(SignInTest, SignOutEndsTheSession) {
    SignedIn in = MustSignIn("minsu@example.kr", kPassword);
    SignedIn other = MustSignIn("minsu@example.kr", kPassword);
    auto session = sessions_->Resolve(in.session.token);
    ASSERT_TRUE(session.ok());
    ASSERT_TRUE(accounts_->SignOut(*session, kAddress).ok());
    EXPECT_EQ(sessions_->Resolve(in.session.token).error().reason, "session_invalid");
    EXPECT_TRUE(sessions_->Resolve(other.session.token).ok());
    EXPECT_EQ(Audits("user.signed_out"), 1);
    auto again = accounts_->SignOut(*session, kAddress);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().reason, "session_not_found");
    EXPECT_EQ(Audits("user.signed_out"), 1);
}

TEST_P(SignInTest, ChangingThePasswordEndsTheOtherSessions) {
    SignedIn here = MustSignIn("minsu@example.kr", kPassword);
    SignedIn phone = MustSignIn("minsu@example.kr", kPassword);
    SignedIn tablet = MustSignIn("minsu@example.kr", kPassword);
    SignedIn theirs = MustSignIn("jiwon@example.kr", kPassword);
    auto session = sessions_->Resolve(here.session.token);
    ASSERT_TRUE(session.ok());
    const std::string hash = Hash(minsu_);

    // A wrong current password, or a weak new one: refused, nothing changes.
    auto wrong = accounts_->ChangePassword(*session, kWrong, kNewPassword, kAddress);
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(wrong.error().reason, "wrong_password");
    ASSERT_EQ(wrong.error().fields.size(), 1u);
    EXPECT_EQ(wrong.error().fields[0].field, "current_password");
    for (std::string_view weak : {"short", "qwertyuiop1", "minsu@example.kr", "01024681357abc"}) {
        auto r = accounts_->ChangePassword(*session, kPassword, weak, kAddress);
        ASSERT_FALSE(r.ok()) << weak;
        EXPECT_EQ(r.error().reason, "invalid_password");
        ASSERT_EQ(r.error().fields.size(), 1u);
        EXPECT_EQ(r.error().fields[0].field, "new_password");
    }
    EXPECT_EQ(Hash(minsu_), hash);
    EXPECT_TRUE(sessions_->Resolve(phone.session.token).ok());
    EXPECT_EQ(Audits("user.password_changed"), 0);

    auto ended = accounts_->ChangePassword(*session, kPassword, kNewPassword, kAddress);
    ASSERT_TRUE(ended.ok()) << ended.error().message;
    EXPECT_EQ(*ended, 2);
    EXPECT_TRUE(sessions_->Resolve(here.session.token).ok());
    EXPECT_EQ(sessions_->Resolve(phone.session.token).error().reason, "session_invalid");
    EXPECT_EQ(sessions_->Resolve(tablet.session.token).error().reason, "session_invalid");
    EXPECT_TRUE(sessions_->Resolve(theirs.session.token).ok());
    auto old = accounts_->SignIn("minsu@example.kr", kPassword, kAgent, kAddress);
    ASSERT_FALSE(old.ok());
    EXPECT_EQ(old.error().reason, "bad_credentials");
    MustSignIn("minsu@example.kr", kNewPassword);

    platform::AuditLog log(db());
    auto page = log.List({.action = "user.password_changed"});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].event.actor_user, minsu_);
    EXPECT_EQ(page->items[0].event.detail.at("other_sessions_ended").to_number<std::int64_t>(), 2);
}

}  // namespace
}  // namespace jangteo::store_test

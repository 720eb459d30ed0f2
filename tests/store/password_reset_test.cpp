// Password reset on every backend: a request for an active user's address writes a hashed token,
// the mail with its link (in the outbox, in the same transaction) and an audit event; unknown and
// disabled addresses get the same answer and nothing is written; at most three live links per user
// an hour; a confirmation sets the password, ends every session and every other link, mails a notice
// and is audited; malformed, unknown, used, revoked and expired tokens, weak passwords and disabled
// users are refused and change nothing; of two confirmations racing with one token, one wins.
#include "platform/password_reset.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "backend_fixture.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "platform/audit.hpp"
#include "platform/operator.hpp"
#include "platform/session.hpp"
#include "platform/user.hpp"
#include "store/migration.hpp"

namespace jangteo::store_test {
namespace {

using core::ErrorCode;
using platform::PasswordResetService;
using platform::UserId;
using namespace std::chrono_literals;

const platform::WeakParamsForTests kFast{{1, 8 * 1024}};
constexpr std::string_view kOldPassword = "바다가보이는부산항구";
constexpr std::string_view kNewPassword = "해운대모래사장의아침";
constexpr std::string_view kAddress = "203.0.113.9";
constexpr std::string_view kPublicUrl = "https://jangteo.example.kr";

// Counts wake-ups.
class CountingWaker final : public platform::OutboxWaker {
public:
    void Wake() override { ++wakes; }
    std::atomic<int> wakes{0};
};

struct Mail {
    std::string to, subject, body, kind;
};

class PasswordResetTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        auto migrations = platform::SchemaMigrations();
        auto applied = store::Migrator(db(), {migrations.begin(), migrations.end()}).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        users_.emplace(db(), clock_, random_, hasher_);
        auto minsu = users_->SignUp({"minsu@example.kr", "010-2468-1357", "김민수", std::string(kOldPassword)});
        auto jiwon = users_->SignUp({"jiwon@example.kr", std::nullopt, "이지원", "광안대교의밤바다풍경"});
        ASSERT_TRUE(minsu.ok() && jiwon.ok());
        minsu_ = minsu->id;
        jiwon_ = jiwon->id;
        resets_.emplace(db(), clock_, random_, hasher_, Options(), &waker_);
        sessions_.emplace(db(), clock_, random_, platform::SessionOptions{});
    }

    static platform::ResetOptions Options() {
        platform::ResetOptions o;
        o.public_url = std::string(kPublicUrl);
        return o;
    }

    std::vector<Mail> Mails(std::string_view kind) {
        constexpr store::Sql kMails{"test.mails",
                                    "SELECT recipient, subject, body, kind FROM platform_outbox WHERE kind = $1"
                                    " ORDER BY created_at_us, id"};
        auto rows = db().Read([&](store::Tx& tx) { return tx.Query(kMails, {kind}); });
        EXPECT_TRUE(rows.ok());
        std::vector<Mail> out;
        for (std::size_t i = 0; rows.ok() && i < rows->size(); ++i) {
            auto r = (*rows)[i];
            out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3)});
        }
        return out;
    }

    // The token of the link in a reset mail.
    static std::string TokenOf(const Mail& mail) {
        std::string marker = std::string(kPublicUrl) + "/reset-password#token=";
        auto at = mail.body.find(marker);
        EXPECT_NE(at, std::string::npos) << mail.body;
        if (at == std::string::npos) return "";
        return mail.body.substr(at + marker.size(), platform::kSessionTokenChars);
    }

    // Requests a reset for minsu and answers the token of the newest mail.
    std::string RequestToken() {
        auto st = resets_->Request("minsu@example.kr", kAddress);
        EXPECT_TRUE(st.ok()) << st.error().message;
        auto mails = Mails("password_reset");
        EXPECT_FALSE(mails.empty());
        return mails.empty() ? "" : TokenOf(mails.back());
    }

    std::int64_t Count(std::string_view table, std::string_view where = "1 = 1") {
        std::string sql = "SELECT count(*) FROM ";
        sql += table;
        sql += " WHERE ";
        sql += where;
        return QueryInt(sql);
    }
    std::int64_t Audits(std::string_view action) {
        return QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = $1", {action});
    }
    std::string PasswordHash(UserId id) {
        constexpr store::Sql kHash{"test.hash", "SELECT password_hash FROM platform_users WHERE id = $1"};
        auto rows = db().Read([&](store::Tx& tx) { return tx.Query(kHash, {id.key()}); });
        return rows.ok() && !rows->empty() ? (*rows)[0].Text(0) : "";
    }
    void Disable(UserId id) {
        constexpr store::Sql kDisable{"test.disable", "UPDATE platform_users SET status = 'disabled' WHERE id = $1"};
        auto st = db().Write([&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY_STATUS(tx.Exec(kDisable, {id.key()}));
            return {};
        });
        ASSERT_TRUE(st.ok());
    }

    void ExpectRefused(const core::Status& st, ErrorCode code, std::string_view reason, std::string_view field) {
        ASSERT_FALSE(st.ok());
        EXPECT_EQ(st.error().code, code);
        EXPECT_EQ(st.error().reason, reason);
        if (field.empty()) return;
        ASSERT_EQ(st.error().fields.size(), 1u);
        EXPECT_EQ(st.error().fields[0].field, field);
    }

    const core::TimePoint start_ = core::FromUnixMicros(1'795'000'000'000'000);  // 20:06:40 KST, 18 Nov 2026
    core::ManualClock clock_{start_};
    core::SeededRandom random_{5};
    platform::PasswordHasher hasher_{kFast};
    CountingWaker waker_;
    UserId minsu_, jiwon_;
    std::optional<platform::UserService> users_;
    std::optional<PasswordResetService> resets_;
    std::optional<platform::SessionService> sessions_;
};
JANGTEO_STORE_BACKENDS(PasswordResetTest, AllBackends());

class SharedPasswordResetTest : public PasswordResetTest {};
JANGTEO_STORE_BACKENDS(SharedPasswordResetTest, SharedBackends());

TEST_P(PasswordResetTest, RequestWritesTokenMailAndAuditTogether) {
    auto st = resets_->Request("  Minsu@Example.KR ", kAddress);
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(waker_.wakes.load(), 1);

    auto mails = Mails("password_reset");
    ASSERT_EQ(mails.size(), 1u);
    const Mail& mail = mails[0];
    EXPECT_EQ(mail.to, "minsu@example.kr");
    EXPECT_EQ(mail.subject, "[장터] 비밀번호 재설정 안내 / Reset your Jangteo password");
    std::string token = TokenOf(mail);
    EXPECT_TRUE(platform::IsWellFormedSessionToken(token)) << token;
    // Korean first, then English; both name the account and the expiry an hour on, in Korea's time.
    auto korean = mail.body.find("김민수님, 안녕하세요.");
    auto english = mail.body.find("Hello 김민수,");
    EXPECT_EQ(korean, 0u);
    EXPECT_NE(english, std::string::npos);
    EXPECT_LT(korean, english);
    EXPECT_NE(mail.body.find("2026년 11월 18일 21:06 (한국 시간)까지"), std::string::npos) << mail.body;
    EXPECT_NE(mail.body.find("18 November 2026, 21:06 Korea time (KST)"), std::string::npos) << mail.body;
    EXPECT_NE(mail.body.find("장터 계정 minsu@example.kr의"), std::string::npos);
    // The link is in both halves.
    std::string link = std::string(kPublicUrl) + "/reset-password#token=" + token;
    EXPECT_LT(mail.body.find(link), english);
    EXPECT_GT(mail.body.rfind(link), english);

    // Only the hash is stored, with an hour to live.
    EXPECT_EQ(
        QueryInt("SELECT count(*) FROM platform_password_resets WHERE token_hash = $1 AND user_id = $2"
                 " AND created_at_us = $3 AND expires_at_us = $4 AND used_at_us IS NULL AND revoked_at_us IS NULL",
                 {platform::HashSessionToken(token), minsu_.key(), core::ToUnixMicros(start_),
                  core::ToUnixMicros(start_ + 1h)}),
        1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_password_resets WHERE token_hash = $1", {token}), 0);

    platform::AuditLog log(db());
    auto page = log.List({.action = "user.password_reset_requested"});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].event.subject, minsu_.ToString());
    EXPECT_EQ(page->items[0].event.client_address, kAddress);
    EXPECT_FALSE(page->items[0].event.actor_user.has_value());
}

TEST_P(PasswordResetTest, UnknownAndDisabledAddressesGetTheSameAnswerAndNothing) {
    Disable(jiwon_);
    for (std::string_view email : {"nobody@example.kr", "jiwon@example.kr", "JIWON@example.kr "}) {
        auto st = resets_->Request(email, kAddress);
        EXPECT_TRUE(st.ok()) << email;
    }
    EXPECT_EQ(Count("platform_password_resets"), 0);
    EXPECT_EQ(Count("platform_outbox"), 0);
    EXPECT_EQ(Count("platform_audit_events"), 0);
    EXPECT_EQ(waker_.wakes.load(), 0);
}

TEST_P(PasswordResetTest, MalformedEmailIsAFieldError) {
    const std::string_view nul("x@y.kr\0", 7);
    for (std::string_view email : {std::string_view(), std::string_view("   "), std::string_view("not an email"),
                                   std::string_view("a@b"), nul}) {
        auto st = resets_->Request(email, kAddress);
        ExpectRefused(st, ErrorCode::kInvalidArgument, "invalid_email", "email");
    }
    EXPECT_EQ(Count("platform_password_resets"), 0);
    EXPECT_EQ(Count("platform_outbox"), 0);
}

TEST_P(PasswordResetTest, AtMostThreeLiveLinksPerUserAnHour) {
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(resets_->Request("minsu@example.kr", kAddress).ok());
        clock_.Advance(1min);
    }
    EXPECT_EQ(Count("platform_password_resets"), 3);
    EXPECT_EQ(Mails("password_reset").size(), 3u);
    EXPECT_EQ(Audits("user.password_reset_requested"), 3);
    EXPECT_EQ(waker_.wakes.load(), 3);
    // Another user is not affected.
    ASSERT_TRUE(resets_->Request("jiwon@example.kr", kAddress).ok());
    EXPECT_EQ(Mails("password_reset").size(), 4u);
    // An hour after the first, it has expired and no longer counts.
    clock_.Set(start_ + 1h);
    ASSERT_TRUE(resets_->Request("minsu@example.kr", kAddress).ok());
    EXPECT_EQ(Count("platform_password_resets"), 5);
    ASSERT_TRUE(resets_->Request("minsu@example.kr", kAddress).ok());
    EXPECT_EQ(Count("platform_password_resets"), 5);
}

TEST_P(PasswordResetTest, ConfirmSetsThePasswordAndEndsSessionsAndOtherLinks) {
    std::string first = RequestToken();
    clock_.Advance(1min);
    std::string second = RequestToken();
    ASSERT_NE(first, second);
    auto minsu_a = sessions_->Create(minsu_, "agent", kAddress);
    auto minsu_b = sessions_->Create(minsu_, "agent", kAddress);
    auto jiwon_s = sessions_->Create(jiwon_, "agent", kAddress);
    ASSERT_TRUE(minsu_a.ok() && minsu_b.ok() && jiwon_s.ok());
    clock_.Advance(1s);
    ASSERT_TRUE(resets_->Request("jiwon@example.kr", kAddress).ok());
    std::string jiwons = TokenOf(Mails("password_reset").back());
    const int wakes_before = waker_.wakes.load();

    clock_.Advance(5min);
    auto st = resets_->Confirm(second, kNewPassword, "198.51.100.4");
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(waker_.wakes.load(), wakes_before + 1);

    // The new password works, the old one does not.
    EXPECT_TRUE(users_->Authenticate("minsu@example.kr", kNewPassword).ok());
    auto old = users_->Authenticate("minsu@example.kr", kOldPassword);
    ASSERT_FALSE(old.ok());
    EXPECT_EQ(old.error().reason, "bad_credentials");
    // The link reached the address: it counts as verified now.
    auto user = users_->Get(minsu_);
    ASSERT_TRUE(user.ok());
    EXPECT_EQ(user->email_verified_at, clock_.Now());
    // Every session of the user ended; others' did not.
    EXPECT_EQ(sessions_->Resolve(minsu_a->token).error().reason, "session_invalid");
    EXPECT_EQ(sessions_->Resolve(minsu_b->token).error().reason, "session_invalid");
    EXPECT_TRUE(sessions_->Resolve(jiwon_s->token).ok());
    // The link works once, and the user's other link is revoked; another user's link still works.
    ExpectRefused(resets_->Confirm(second, "또다른긴비밀번호입니다", kAddress), ErrorCode::kInvalidArgument,
                  "reset_token_invalid", "token");
    ExpectRefused(resets_->Confirm(first, "또다른긴비밀번호입니다", kAddress), ErrorCode::kInvalidArgument,
                  "reset_token_invalid", "token");
    EXPECT_TRUE(users_->Authenticate("minsu@example.kr", kNewPassword).ok());
    EXPECT_EQ(Count("platform_password_resets", "used_at_us IS NOT NULL"), 1);
    EXPECT_EQ(Count("platform_password_resets", "revoked_at_us IS NOT NULL"), 1);
    clock_.Advance(1s);
    EXPECT_TRUE(resets_->Confirm(jiwons, "광안리의여름밤불꽃축제", kAddress).ok());

    // A notice went to the user, and the reset is audited with the sessions it ended.
    auto notices = Mails("password_changed");
    ASSERT_EQ(notices.size(), 2u);
    EXPECT_EQ(notices[0].to, "minsu@example.kr");
    EXPECT_NE(notices[0].body.find("2026년 11월 18일 20:12 (한국 시간)에 재설정되었고"), std::string::npos)
        << notices[0].body;
    EXPECT_NE(notices[0].body.find("Hello 김민수,"), std::string::npos);
    EXPECT_EQ(notices[0].body.find("token="), std::string::npos);
    platform::AuditLog log(db());
    auto page = log.List({.action = "user.password_reset"});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 2u);
    const auto& minsu_event = page->items[1].event;  // newest first
    EXPECT_EQ(minsu_event.actor_user, minsu_);
    EXPECT_EQ(minsu_event.subject, minsu_.ToString());
    EXPECT_EQ(minsu_event.client_address, "198.51.100.4");
    EXPECT_EQ(minsu_event.detail.at("sessions_revoked").to_number<std::int64_t>(), 2);
}

TEST_P(PasswordResetTest, BadTokensAreRefusedAndChangeNothing) {
    std::string token = RequestToken();
    const std::string hash_before = PasswordHash(minsu_);
    ExpectRefused(resets_->Confirm(platform::NewSessionToken(random_), kNewPassword, kAddress),
                  ErrorCode::kInvalidArgument, "reset_token_invalid", "token");
    ExpectRefused(resets_->Confirm(token + "A", kNewPassword, kAddress), ErrorCode::kInvalidArgument,
                  "reset_token_invalid", "token");
    ExpectRefused(resets_->Confirm("", kNewPassword, kAddress), ErrorCode::kInvalidArgument, "reset_token_invalid",
                  "token");
    // The hash itself is no token.
    ExpectRefused(resets_->Confirm(platform::HashSessionToken(token), kNewPassword, kAddress),
                  ErrorCode::kInvalidArgument, "reset_token_invalid", "token");
    EXPECT_EQ(PasswordHash(minsu_), hash_before);
    EXPECT_EQ(Count("platform_password_resets", "used_at_us IS NULL AND revoked_at_us IS NULL"), 1);
    EXPECT_EQ(Count("platform_outbox", "kind = 'password_changed'"), 0);
    EXPECT_EQ(Audits("user.password_reset"), 0);
    // A malformed token never reaches the store: with the database closed the answer is the same.
    db().Close();
    ExpectRefused(resets_->Confirm("not a token", kNewPassword, kAddress), ErrorCode::kInvalidArgument,
                  "reset_token_invalid", "token");
}

TEST_P(PasswordResetTest, ExpiredTokenIsRefused) {
    std::string token = RequestToken();
    const std::string hash_before = PasswordHash(minsu_);
    clock_.Advance(1h);
    ExpectRefused(resets_->Confirm(token, kNewPassword, kAddress), ErrorCode::kInvalidArgument, "reset_token_expired",
                  "token");
    EXPECT_EQ(PasswordHash(minsu_), hash_before);
    EXPECT_EQ(Count("platform_password_resets", "used_at_us IS NULL"), 1);
    clock_.Set(start_ + 1h - 1us);
    EXPECT_TRUE(resets_->Confirm(token, kNewPassword, kAddress).ok());
}

TEST_P(PasswordResetTest, WeakPasswordIsRefusedAndTheLinkStillWorks) {
    std::string token = RequestToken();
    auto sessions = sessions_->Create(minsu_, "agent", kAddress);
    ASSERT_TRUE(sessions.ok());
    const std::string hash_before = PasswordHash(minsu_);
    for (std::string_view weak : {"short", "password1234", "minsu@example.kr!", "01024681357xyz"}) {
        auto st = resets_->Confirm(token, weak, kAddress);
        ExpectRefused(st, ErrorCode::kInvalidArgument, "invalid_password", "new_password");
    }
    EXPECT_EQ(PasswordHash(minsu_), hash_before);
    EXPECT_TRUE(sessions_->Resolve(sessions->token).ok());
    EXPECT_EQ(Count("platform_password_resets", "used_at_us IS NULL"), 1);
    EXPECT_EQ(Audits("user.password_reset"), 0);
    EXPECT_TRUE(resets_->Confirm(token, kNewPassword, kAddress).ok());
}

TEST_P(PasswordResetTest, DisabledUserCannotConfirm) {
    std::string token = RequestToken();
    Disable(minsu_);
    const std::string hash_before = PasswordHash(minsu_);
    ExpectRefused(resets_->Confirm(token, kNewPassword, kAddress), ErrorCode::kPermissionDenied, "user_disabled", "");
    EXPECT_EQ(PasswordHash(minsu_), hash_before);
    EXPECT_EQ(Count("platform_password_resets", "used_at_us IS NULL"), 1);
}

TEST_P(PasswordResetTest, PurgeRemovesRowsExpiredForADay) {
    RequestToken();
    clock_.Advance(2h);
    std::string later = RequestToken();
    clock_.Set(start_ + 1h + 24h + 1us);  // the first ended a day ago, the second not yet
    auto purged = resets_->PurgeExpired();
    ASSERT_TRUE(purged.ok()) << purged.error().message;
    EXPECT_EQ(*purged, 1);
    EXPECT_EQ(Count("platform_password_resets"), 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_password_resets WHERE token_hash = $1",
                       {platform::HashSessionToken(later)}),
              1);
}

TEST_P(SharedPasswordResetTest, OfTwoRacingConfirmationsOneWins) {
    auto other_db = OpenAnother();
    ASSERT_NE(other_db, nullptr);
    PasswordResetService other(*other_db, clock_, random_, hasher_, Options());
    const std::vector<std::string> passwords = {"첫번째경쟁자의비밀번호", "두번째경쟁자의비밀번호"};
    for (int round = 0; round < 5; ++round) {
        clock_.Advance(2h);  // earlier links are gone, so the limit never bites
        std::string token = RequestToken();
        std::latch start(2);
        std::optional<core::Status> results[2];
        std::thread a([&] {
            start.arrive_and_wait();
            results[0].emplace(resets_->Confirm(token, passwords[0], kAddress));
        });
        std::thread b([&] {
            start.arrive_and_wait();
            results[1].emplace(other.Confirm(token, passwords[1], kAddress));
        });
        a.join();
        b.join();
        int wins = 0;
        int winner = -1;
        for (int i = 0; i < 2; ++i) {
            if (results[i]->ok()) {
                ++wins;
                winner = i;
            } else {
                EXPECT_EQ(results[i]->error().reason, "reset_token_invalid") << results[i]->error().message;
            }
        }
        ASSERT_EQ(wins, 1) << "round " << round;
        EXPECT_TRUE(users_->Authenticate("minsu@example.kr", passwords[winner]).ok());
        EXPECT_FALSE(users_->Authenticate("minsu@example.kr", passwords[1 - winner]).ok());
    }
    EXPECT_EQ(Audits("user.password_reset"), 5);
    EXPECT_EQ(Count("platform_outbox", "kind = 'password_changed'"), 5);
}

}  // namespace
}  // namespace jangteo::store_test

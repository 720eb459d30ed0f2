// Sessions on every backend: create and resolve, the refusals (unknown, malformed, revoked, expired
// by the absolute end or by idleness), the touch that writes last-seen at most once per interval,
// the CSRF check, a user's list and revocations that never reach another user's sessions, the purge
// of old rows, and that neither secret is stored in the clear.
#include "platform/session.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "backend_fixture.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "platform/operator.hpp"
#include "platform/user.hpp"
#include "store/migration.hpp"

namespace jangteo::store_test {
namespace {

using core::ErrorCode;
using platform::NewSession;
using platform::Session;
using platform::SessionId;
using platform::SessionService;
using platform::UserId;
using namespace std::chrono_literals;

const platform::WeakParamsForTests kFast{{1, 8 * 1024}};
constexpr std::string_view kAgent = "Mozilla/5.0 (Linux; Android 14; SM-S921N)";
constexpr std::string_view kAddress = "203.0.113.7";

class SessionTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        auto migrations = platform::SchemaMigrations();
        auto applied = store::Migrator(db(), {migrations.begin(), migrations.end()}).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        platform::UserService users(db(), clock_, random_, hasher_);
        auto minsu = users.SignUp({"minsu@example.kr", std::nullopt, "김민수", "바다가보이는부산항구"});
        auto jiwon = users.SignUp({"jiwon@example.kr", std::nullopt, "이지원", "광안대교의밤바다풍경"});
        ASSERT_TRUE(minsu.ok() && jiwon.ok());
        minsu_ = minsu->id;
        jiwon_ = jiwon->id;
        sessions_.emplace(db(), clock_, random_, platform::SessionOptions{});
    }

    NewSession Make(UserId user) {
        auto made = sessions_->Create(user, kAgent, kAddress);
        EXPECT_TRUE(made.ok()) << made.error().message;
        return made.ok() ? std::move(*made) : NewSession{};
    }

    std::int64_t LastSeen(SessionId id) {
        return QueryInt("SELECT last_seen_at_us FROM platform_sessions WHERE id = $1", {id.key()});
    }
    std::int64_t Rows() { return QueryInt("SELECT count(*) FROM platform_sessions"); }

    void ExpectRefused(std::string_view token, std::string_view reason) {
        auto r = sessions_->Resolve(token);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
        EXPECT_EQ(r.error().reason, reason);
    }

    const core::TimePoint start_ = core::FromUnixMicros(1'795'000'000'000'000);
    core::ManualClock clock_{start_};
    core::SeededRandom random_{7};
    platform::PasswordHasher hasher_{kFast};
    UserId minsu_, jiwon_;
    std::optional<SessionService> sessions_;
};
JANGTEO_STORE_BACKENDS(SessionTest, AllBackends());

TEST_P(SessionTest, CreateThenResolve) {
    NewSession made = Make(minsu_);
    EXPECT_TRUE(made.session.id.ToString().starts_with("ses_"));
    EXPECT_EQ(made.token.size(), platform::kSessionTokenChars);
    EXPECT_EQ(made.csrf_token.size(), platform::kSessionTokenChars);
    EXPECT_NE(made.token, made.csrf_token);
    EXPECT_EQ(made.session.expires_at, start_ + std::chrono::hours(24 * 30));

    clock_.Advance(10s);
    auto s = sessions_->Resolve(made.token);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->id, made.session.id);
    EXPECT_EQ(s->user_id, minsu_);
    EXPECT_EQ(s->created_at, start_);
    EXPECT_EQ(s->last_seen_at, start_);
    EXPECT_EQ(s->expires_at, made.session.expires_at);
    EXPECT_EQ(s->user_agent, kAgent);
    EXPECT_EQ(s->client_address, kAddress);
}

TEST_P(SessionTest, SecretsAreStoredOnlyAsHashes) {
    NewSession made = Make(minsu_);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_sessions WHERE token_hash = $1 OR csrf_hash = $2"
                       " OR token_hash = $2 OR csrf_hash = $1",
                       {std::string_view(made.token), std::string_view(made.csrf_token)}),
              0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_sessions WHERE token_hash = $1 AND csrf_hash = $2",
                       {platform::HashSessionToken(made.token), platform::HashSessionToken(made.csrf_token)}),
              1);
}

TEST_P(SessionTest, LongUserAgentIsCut) {
    auto made = sessions_->Create(minsu_, std::string(1000, 'x') + "한", kAddress);
    ASSERT_TRUE(made.ok()) << made.error().message;
    EXPECT_EQ(made->session.user_agent.size(), platform::kMaxUserAgentBytes);
    auto s = sessions_->Resolve(made->token);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->user_agent, std::string(platform::kMaxUserAgentBytes, 'x'));
}

TEST_P(SessionTest, WrongAndMalformedTokensAreInvalid) {
    NewSession made = Make(minsu_);
    ExpectRefused(platform::NewSessionToken(random_), "session_invalid");
    ExpectRefused("", "session_invalid");
    ExpectRefused(made.token + "A", "session_invalid");
    ExpectRefused(made.csrf_token, "session_invalid");  // the CSRF token is no session token
    // A malformed token is refused before any query: with the database closed, the answer is the
    // same, while a well-formed one now fails in the store.
    db().Close();
    ExpectRefused("not a token", "session_invalid");
    auto well_formed = sessions_->Resolve(made.token);
    ASSERT_FALSE(well_formed.ok());
    EXPECT_NE(well_formed.error().code, ErrorCode::kUnauthenticated);
}

TEST_P(SessionTest, RevokedSessionIsInvalid) {
    NewSession made = Make(minsu_);
    ASSERT_TRUE(sessions_->Revoke(minsu_, made.session.id).ok());
    ExpectRefused(made.token, "session_invalid");
    auto again = sessions_->Revoke(minsu_, made.session.id);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().reason, "session_not_found");
}

TEST_P(SessionTest, AbsoluteExpiry) {
    NewSession made = Make(minsu_);
    // Kept busy: touched every hour, so only the absolute end can stop it.
    for (auto t = 1h; t < std::chrono::hours(24 * 30); t += 1h) {
        clock_.Set(start_ + t);
        ASSERT_TRUE(sessions_->Resolve(made.token).ok()) << t.count();
    }
    clock_.Set(start_ + std::chrono::hours(24 * 30));
    ExpectRefused(made.token, "session_expired");
}

TEST_P(SessionTest, IdleExpiry) {
    NewSession made = Make(minsu_);
    clock_.Advance(2h);
    ASSERT_TRUE(sessions_->Resolve(made.token).ok());  // exactly the idle timeout: still alive, touched
    clock_.Advance(2h);
    ASSERT_TRUE(sessions_->Resolve(made.token).ok());
    clock_.Advance(2h + 1us);
    ExpectRefused(made.token, "session_expired");
    EXPECT_TRUE(sessions_->List(minsu_)->empty());
}

TEST_P(SessionTest, TouchOnlyAfterTheInterval) {
    NewSession made = Make(minsu_);
    SessionId id = made.session.id;
    const std::int64_t t0 = core::ToUnixMicros(start_);
    clock_.Advance(30s);
    ASSERT_TRUE(sessions_->Resolve(made.token).ok());
    EXPECT_EQ(LastSeen(id), t0);
    clock_.Advance(30s);  // exactly the interval: not more than it
    ASSERT_TRUE(sessions_->Resolve(made.token).ok());
    EXPECT_EQ(LastSeen(id), t0);
    clock_.Advance(1us);
    auto s = sessions_->Resolve(made.token);
    ASSERT_TRUE(s.ok());
    const std::int64_t t1 = core::ToUnixMicros(clock_.Now());
    EXPECT_EQ(LastSeen(id), t1);
    EXPECT_EQ(core::ToUnixMicros(s->last_seen_at), t1);
    clock_.Advance(59s);
    ASSERT_TRUE(sessions_->Resolve(made.token).ok());
    EXPECT_EQ(LastSeen(id), t1);
}

TEST_P(SessionTest, CsrfCheck) {
    NewSession made = Make(minsu_);
    NewSession other = Make(minsu_);
    auto s = sessions_->Resolve(made.token);
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(sessions_->CheckCsrf(*s, made.csrf_token));
    EXPECT_TRUE(sessions_->CheckCsrf(made.session, made.csrf_token));
    // A page that lost the token (a reload) gets the same one again from the session token.
    EXPECT_EQ(platform::CsrfTokenFor(made.token), made.csrf_token);
    EXPECT_NE(platform::CsrfTokenFor(other.token), made.csrf_token);
    EXPECT_FALSE(sessions_->CheckCsrf(*s, other.csrf_token));
    EXPECT_FALSE(sessions_->CheckCsrf(*s, made.token));
    EXPECT_FALSE(sessions_->CheckCsrf(*s, ""));
    EXPECT_FALSE(sessions_->CheckCsrf(*s, made.csrf_token + "A"));
    // Listed sessions carry no CSRF hash, so they never pass.
    auto listed = sessions_->List(minsu_);
    ASSERT_TRUE(listed.ok());
    for (const Session& l : *listed) EXPECT_FALSE(sessions_->CheckCsrf(l, made.csrf_token));
}

TEST_P(SessionTest, ListShowsOwnLiveSessionsNewestFirst) {
    NewSession first = Make(minsu_);
    clock_.Advance(1min);
    NewSession second = Make(minsu_);
    clock_.Advance(1min);
    NewSession revoked = Make(minsu_);
    Make(jiwon_);
    ASSERT_TRUE(sessions_->Revoke(minsu_, revoked.session.id).ok());

    auto listed = sessions_->List(minsu_);
    ASSERT_TRUE(listed.ok()) << listed.error().message;
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].id, second.session.id);
    EXPECT_EQ((*listed)[1].id, first.session.id);
    for (const Session& s : *listed) {
        EXPECT_EQ(s.user_id, minsu_);
        EXPECT_EQ(s.user_agent, kAgent);
        EXPECT_EQ(s.client_address, kAddress);
    }
    EXPECT_EQ(sessions_->List(jiwon_)->size(), 1u);
}

TEST_P(SessionTest, RevokingAnotherUsersSessionIsNotFound) {
    NewSession theirs = Make(jiwon_);
    auto r = sessions_->Revoke(minsu_, theirs.session.id);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(r.error().reason, "session_not_found");
    EXPECT_TRUE(sessions_->Resolve(theirs.token).ok());
    EXPECT_EQ(sessions_->Revoke(minsu_, SessionId(12345)).error().reason, "session_not_found");
}

TEST_P(SessionTest, RevokeAllExceptKeepsOne) {
    NewSession keep = Make(minsu_);
    NewSession a = Make(minsu_);
    NewSession b = Make(minsu_);
    NewSession theirs = Make(jiwon_);
    auto n = sessions_->RevokeAllExcept(minsu_, keep.session.id);
    ASSERT_TRUE(n.ok()) << n.error().message;
    EXPECT_EQ(*n, 2);
    EXPECT_TRUE(sessions_->Resolve(keep.token).ok());
    ExpectRefused(a.token, "session_invalid");
    ExpectRefused(b.token, "session_invalid");
    EXPECT_TRUE(sessions_->Resolve(theirs.token).ok());

    auto all = sessions_->RevokeAllExcept(minsu_, std::nullopt);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(*all, 1);
    ExpectRefused(keep.token, "session_invalid");
    EXPECT_TRUE(sessions_->Resolve(theirs.token).ok());
}

TEST_P(SessionTest, PurgeRemovesOnlyOldRows) {
    NewSession revoked = Make(minsu_);  // revoked at 0
    Make(jiwon_);                       // never used again: idle-ended at 2 h
    ASSERT_TRUE(sessions_->Revoke(minsu_, revoked.session.id).ok());

    clock_.Set(start_ + 23h);
    auto none = sessions_->PurgeExpired();
    ASSERT_TRUE(none.ok()) << none.error().message;
    EXPECT_EQ(*none, 0);  // both ended less than a day ago
    EXPECT_EQ(Rows(), 2);
    NewSession live = Make(minsu_);
    NewSession revoked_later = Make(minsu_);
    ASSERT_TRUE(sessions_->Revoke(minsu_, revoked_later.session.id).ok());

    clock_.Set(start_ + 27h);
    EXPECT_EQ(*sessions_->PurgeExpired(), 2);  // the first two; live idle-ended 2 h ago, revoked_later 4 h ago
    EXPECT_EQ(Rows(), 2);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_sessions WHERE id = $1", {live.session.id.key()}), 1);

    // The absolute end alone: with a long idle timeout only expires_at can make this row old.
    platform::SessionOptions long_idle;
    long_idle.idle_timeout = std::chrono::hours(24 * 100);
    SessionService patient(db(), clock_, random_, long_idle);
    auto kept_busy = patient.Create(jiwon_, kAgent, kAddress);
    ASSERT_TRUE(kept_busy.ok());
    clock_.Advance(std::chrono::hours(24 * 30) + 25h);
    auto rows_before = Rows();
    EXPECT_EQ(*patient.PurgeExpired(1), 1);  // bounded: one row, though all three are old
    EXPECT_EQ(Rows(), rows_before - 1);
    EXPECT_EQ(*patient.PurgeExpired(), 2);
    EXPECT_EQ(Rows(), 0);
}

}  // namespace
}  // namespace jangteo::store_test

// The outbox on every backend: a message exists exactly when the transaction that enqueued it
// commits; bad messages are refused with their fields and write nothing; the dispatcher sends due
// messages through the sender of their channel and records them, writes the dev folder's files,
// backs off after failures and finally marks a message failed, holds a claimed message for its lease,
// hands back what it did not get to, wakes on demand and stops promptly, purges old finished rows;
// and two dispatchers over one database never send a message twice.
#include "platform/outbox.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <latch>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "backend_fixture.hpp"
#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "platform/operator.hpp"
#include "store/migration.hpp"

namespace jangteo::store_test {
namespace {

using core::ErrorCode;
using platform::Channel;
using platform::MessageSender;
using platform::OutboxDispatcher;
using platform::OutboxOptions;
using platform::OutgoingMessage;
using platform::StoredMessage;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

// Remembers what it was given, runs a hook if one is set, and answers the set result (OK at first).
class RecordingSender final : public MessageSender {
public:
    core::Status Send(const StoredMessage& message) override {
        std::function<void(const StoredMessage&)> hook;
        {
            std::lock_guard lock(mu_);
            sent_.push_back(message);
            hook = hook_;
        }
        if (hook) hook(message);  // may change the answer to this very message
        std::lock_guard lock(mu_);
        return result_;
    }
    std::vector<StoredMessage> sent() {
        std::lock_guard lock(mu_);
        return sent_;
    }
    std::size_t count() {
        std::lock_guard lock(mu_);
        return sent_.size();
    }
    void Answer(core::Status result) {
        std::lock_guard lock(mu_);
        result_ = std::move(result);
    }
    void OnSend(std::function<void(const StoredMessage&)> hook) {
        std::lock_guard lock(mu_);
        hook_ = std::move(hook);
    }

private:
    std::mutex mu_;
    std::vector<StoredMessage> sent_;
    core::Status result_;
    std::function<void(const StoredMessage&)> hook_;
};

OutgoingMessage Email(std::string to = "minsu@example.kr", std::string kind = "password_reset") {
    return {.channel = Channel::kEmail,
            .to = std::move(to),
            .subject = "[장터] 비밀번호 재설정 안내",
            .body = "김민수님, 안녕하세요.\n링크: https://jangteo.example.kr/reset-password#token=abc\n",
            .kind = std::move(kind)};
}

OutgoingMessage Sms(std::string to = "010 2468 1357") {
    return {.channel = Channel::kSms, .to = std::move(to), .body = "[장터] 인증번호 123456", .kind = "verification"};
}

class OutboxTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        auto migrations = platform::SchemaMigrations();
        auto applied = store::Migrator(db(), {migrations.begin(), migrations.end()}).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
    }

    core::Status Enqueue(const OutgoingMessage& message) {
        return db().Write(
            [&](store::Tx& tx) -> core::Status { return platform::EnqueueMessage(tx, clock_, random_, message); });
    }
    void MustEnqueue(const OutgoingMessage& message) {
        auto st = Enqueue(message);
        ASSERT_TRUE(st.ok()) << st.error().message;
    }

    OutboxDispatcher& Dispatcher(OutboxOptions options = Options()) {
        dispatcher_.emplace(db(), clock_, random_, email_, sms_, options);
        return *dispatcher_;
    }
    static OutboxOptions Options() {
        OutboxOptions o;
        o.batch = 10;
        o.max_attempts = 3;
        o.backoff = 30s;
        o.max_backoff = 1h;
        o.lease = 5min;
        return o;
    }

    std::int64_t Count(std::string_view where = "1 = 1") {
        std::string sql = "SELECT count(*) FROM platform_outbox WHERE ";
        sql += where;
        return QueryInt(sql);
    }
    std::int64_t Column(std::string_view column, std::int64_t id) {
        std::string sql = "SELECT ";
        sql += column;
        sql += " FROM platform_outbox WHERE id = $1";
        return QueryInt(sql, {id});
    }
    std::int64_t Now() { return core::ToUnixMicros(clock_.Now()); }

    const core::TimePoint start_ = core::FromUnixMicros(1'795'000'000'000'000);
    core::ManualClock clock_{start_};
    core::SeededRandom random_{11};
    RecordingSender email_, sms_;
    std::optional<OutboxDispatcher> dispatcher_;
};
JANGTEO_STORE_BACKENDS(OutboxTest, AllBackends());

class SharedOutboxTest : public OutboxTest {};
JANGTEO_STORE_BACKENDS(SharedOutboxTest, SharedBackends());

TEST_P(OutboxTest, EnqueueWritesOneDueRowInTheCallersTransaction) {
    MustEnqueue(Email(" Minsu@Example.KR "));
    EXPECT_EQ(Count(), 1);
    constexpr store::Sql kRow{"test.outbox_row",
                              "SELECT id, channel, recipient, subject, body, kind, created_at_us, next_attempt_at_us,"
                              " attempts, lease_token, last_error, sent_at_us, failed_at_us FROM platform_outbox"};
    auto rows = db().Read([&](store::Tx& tx) { return tx.Query(kRow); });
    ASSERT_TRUE(rows.ok());
    auto row = (*rows)[0];
    EXPECT_GT(row.Int(0), 0);
    EXPECT_EQ(row.Text(1), "email");
    EXPECT_EQ(row.Text(2), "minsu@example.kr");  // normalised
    EXPECT_EQ(row.Text(3), Email().subject);
    EXPECT_EQ(row.Text(4), Email().body);
    EXPECT_EQ(row.Text(5), "password_reset");
    EXPECT_EQ(row.Int(6), Now());
    EXPECT_EQ(row.Int(7), Now());  // due at once
    EXPECT_EQ(row.Int(8), 0);
    for (int col : {9, 10, 11, 12}) EXPECT_TRUE(row.IsNull(col)) << col;

    MustEnqueue(Sms());
    EXPECT_EQ(Count("channel = 'sms' AND recipient = '010-2468-1357' AND subject = ''"), 1);
}

TEST_P(OutboxTest, RolledBackTransactionLeavesNoMessage) {
    auto st = db().Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY_STATUS(platform::EnqueueMessage(tx, clock_, random_, Email()));
        JANGTEO_TRY_STATUS(platform::EnqueueMessage(tx, clock_, random_, Sms()));
        return core::Error::Conflict("changed_my_mind", "the change that caused the mail failed");
    });
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().reason, "changed_my_mind");
    EXPECT_EQ(Count(), 0);
    EXPECT_EQ(*Dispatcher().RunOnce(), 0);
    EXPECT_EQ(email_.count() + sms_.count(), 0u);
}

TEST_P(OutboxTest, BadMessagesAreRefusedWithTheirFields) {
    struct Case {
        OutgoingMessage message;
        std::vector<std::string> fields;
    };
    OutgoingMessage no_subject = Email();
    no_subject.subject.clear();
    OutgoingMessage injected = Email();
    injected.subject = "Hi\r\nBcc: everyone@example.kr";
    OutgoingMessage long_subject = Email();
    long_subject.subject = std::string(platform::kMaxSubjectBytes + 1, 'a');
    OutgoingMessage empty_body = Email();
    empty_body.body.clear();
    OutgoingMessage bad_utf8 = Email();
    bad_utf8.body = "\xC3\x28";
    OutgoingMessage big_body = Email();
    big_body.body = std::string(platform::kMaxMessageBodyBytes + 1, 'x');
    std::vector<Case> cases = {
        {Email("not an address"), {"to"}},
        {Email("minsu@example.kr", "Password Reset"), {"kind"}},
        {Email("minsu@example.kr", ""), {"kind"}},
        {no_subject, {"subject"}},
        {injected, {"subject"}},
        {long_subject, {"subject"}},
        {empty_body, {"body"}},
        {bad_utf8, {"body"}},
        {big_body, {"body"}},
        {Sms("02-123-4567"), {"to"}},
        {Email("", "x y"), {"to", "kind"}},
    };
    for (const Case& c : cases) {
        auto st = Enqueue(c.message);
        ASSERT_FALSE(st.ok()) << c.message.to << " " << c.message.kind;
        EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(st.error().reason, "invalid_message");
        std::vector<std::string> fields;
        for (const auto& f : st.error().fields) fields.push_back(f.field);
        EXPECT_EQ(fields, c.fields) << c.message.to << " " << c.message.kind;
    }
    EXPECT_EQ(Count(), 0);
}

TEST_P(OutboxTest, RunOnceSendsThroughTheChannelsSenderAndRecordsIt) {
    MustEnqueue(Email());
    clock_.Advance(1s);
    MustEnqueue(Sms());
    clock_.Advance(1s);
    MustEnqueue(Email("jiwon@example.kr", "staff_invitation"));
    clock_.Advance(1s);

    auto sent = Dispatcher().RunOnce();
    ASSERT_TRUE(sent.ok()) << sent.error().message;
    EXPECT_EQ(*sent, 3);
    auto emails = email_.sent();
    ASSERT_EQ(emails.size(), 2u);
    // Oldest first.
    EXPECT_EQ(emails[0].to, "minsu@example.kr");
    EXPECT_EQ(emails[0].kind, "password_reset");
    EXPECT_EQ(emails[0].subject, Email().subject);
    EXPECT_EQ(emails[0].body, Email().body);
    EXPECT_EQ(emails[0].created_at, start_);
    EXPECT_EQ(emails[0].attempts, 0);
    EXPECT_TRUE(emails[0].id.ToString().starts_with("msg_"));
    EXPECT_EQ(emails[1].to, "jiwon@example.kr");
    auto sms = sms_.sent();
    ASSERT_EQ(sms.size(), 1u);
    EXPECT_EQ(sms[0].channel, Channel::kSms);
    EXPECT_EQ(sms[0].to, "010-2468-1357");

    EXPECT_EQ(Count("sent_at_us = " + std::to_string(Now()) + " AND lease_token IS NULL AND failed_at_us IS NULL"), 3);
    // Nothing is sent twice.
    EXPECT_EQ(*dispatcher_->RunOnce(), 0);
    EXPECT_EQ(email_.count() + sms_.count(), 3u);
}

TEST_P(OutboxTest, BatchBoundsOneRound) {
    for (int i = 0; i < 25; ++i) MustEnqueue(Email("user" + std::to_string(i) + "@example.kr"));
    auto& d = Dispatcher();  // batch 10
    EXPECT_EQ(*d.RunOnce(), 10);
    EXPECT_EQ(*d.RunOnce(), 10);
    EXPECT_EQ(*d.RunOnce(), 5);
    EXPECT_EQ(*d.RunOnce(), 0);
    std::set<std::string> to;
    for (const auto& m : email_.sent()) to.insert(m.to);
    EXPECT_EQ(to.size(), 25u);
}

TEST_P(OutboxTest, DevFolderSenderWritesOneJsonFilePerMessage) {
    testing::TempDir tmp;
    fs::path dir = tmp.path() / "outbox" / "nested";  // made on first use
    platform::DevFolderSender folder(dir);
    dispatcher_.emplace(db(), clock_, random_, folder, folder, Options());
    MustEnqueue(Email());
    MustEnqueue(Sms());
    ASSERT_EQ(*dispatcher_->RunOnce(), 2);

    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    ASSERT_EQ(files.size(), 2u);  // no temporary file is left behind
    std::set<std::string> channels;
    for (const fs::path& file : files) {
        EXPECT_EQ(file.extension(), ".json");
        EXPECT_EQ((fs::status(file).permissions() & fs::perms::others_read), fs::perms::none);
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        auto doc = core::ParseJsonObject(text.str());
        ASSERT_TRUE(doc.ok()) << text.str();
        std::string id(doc->at("id").as_string());
        std::string channel(doc->at("channel").as_string());
        channels.insert(channel);
        // The name: <created_at_us>-<msg id>.json
        EXPECT_EQ(file.filename().string(), std::to_string(Now()) + "-" + id + ".json");
        EXPECT_EQ(doc->at("created_at").as_string(), core::FormatRfc3339(start_));
        if (channel == "email") {
            EXPECT_EQ(doc->at("to").as_string(), "minsu@example.kr");
            EXPECT_EQ(doc->at("subject").as_string(), Email().subject);
            EXPECT_EQ(doc->at("body").as_string(), Email().body);
            EXPECT_EQ(doc->at("kind").as_string(), "password_reset");
        } else {
            EXPECT_EQ(doc->at("to").as_string(), "010-2468-1357");
            EXPECT_EQ(doc->at("body").as_string(), Sms().body);
            EXPECT_EQ(doc->at("kind").as_string(), "verification");
        }
        auto key = platform::MessageId::Parse(id);
        ASSERT_TRUE(key.ok()) << id;
        EXPECT_EQ(Column("sent_at_us", key->key()), Now());
    }
    EXPECT_EQ(channels, (std::set<std::string>{"email", "sms"}));
}

TEST_P(OutboxTest, UnwritableFolderIsATemporaryFailure) {
    testing::TempDir tmp;
    fs::path blocker = tmp.path() / "file";
    std::ofstream(blocker) << "not a folder";
    platform::DevFolderSender folder(blocker / "outbox");
    StoredMessage m;
    m.id = platform::MessageId(7);
    m.created_at = start_;
    auto st = folder.Send(m);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(st.error().reason, "outbox_folder_unwritable");
}

TEST_P(OutboxTest, FailuresBackOffThenTheMessageIsMarkedFailed) {
    email_.Answer(core::Error::Unavailable("smtp_failed", "Couldn't connect to server"));
    MustEnqueue(Email());
    auto& d = Dispatcher();  // max 3 attempts, backoff 30 s
    const std::int64_t id = QueryInt("SELECT id FROM platform_outbox");

    EXPECT_EQ(*d.RunOnce(), 0);
    EXPECT_EQ(email_.count(), 1u);
    EXPECT_EQ(Column("attempts", id), 1);
    EXPECT_EQ(Column("next_attempt_at_us", id), Now() + 30'000'000);
    EXPECT_EQ(Count("last_error = 'smtp_failed: Couldn''t connect to server' AND lease_token IS NULL"), 1);

    EXPECT_EQ(*d.RunOnce(), 0);  // not due yet
    clock_.Advance(29s);
    EXPECT_EQ(*d.RunOnce(), 0);
    EXPECT_EQ(email_.count(), 1u);
    clock_.Advance(1s);
    EXPECT_EQ(*d.RunOnce(), 0);
    EXPECT_EQ(email_.count(), 2u);
    EXPECT_EQ(email_.sent()[1].attempts, 1);
    EXPECT_EQ(Column("attempts", id), 2);
    EXPECT_EQ(Column("next_attempt_at_us", id), Now() + 60'000'000);  // doubled

    clock_.Advance(60s);
    EXPECT_EQ(*d.RunOnce(), 0);
    EXPECT_EQ(email_.count(), 3u);
    EXPECT_EQ(Column("attempts", id), 3);
    EXPECT_EQ(Column("failed_at_us", id), Now());
    EXPECT_EQ(Count("sent_at_us IS NULL"), 1);

    // Failed for good: never tried again, even once the sender works.
    email_.Answer({});
    clock_.Advance(24h);
    EXPECT_EQ(*d.RunOnce(), 0);
    EXPECT_EQ(email_.count(), 3u);
}

TEST_P(OutboxTest, BackoffIsCapped) {
    email_.Answer(core::Error::Unavailable("smtp_failed", "timeout"));
    MustEnqueue(Email());
    OutboxOptions o = Options();
    o.max_attempts = 40;
    o.backoff = 1min;
    o.max_backoff = 10min;
    auto& d = Dispatcher(o);
    const std::int64_t id = QueryInt("SELECT id FROM platform_outbox");
    std::vector<std::int64_t> waits;
    for (int i = 0; i < 12; ++i) {
        ASSERT_EQ(*d.RunOnce(), 0);
        std::int64_t next = Column("next_attempt_at_us", id);
        waits.push_back((next - Now()) / 60'000'000);
        clock_.Set(core::FromUnixMicros(next));
    }
    EXPECT_EQ(std::vector<std::int64_t>(waits.begin(), waits.begin() + 6),
              (std::vector<std::int64_t>{1, 2, 4, 8, 10, 10}));
    EXPECT_EQ(waits.back(), 10);
}

TEST_P(OutboxTest, PermanentFailureIsFinalAtOnce) {
    email_.Answer(core::Error::FailedPrecondition("smtp_recipient_rejected", "550 no such user"));
    MustEnqueue(Email());
    EXPECT_EQ(*Dispatcher().RunOnce(), 0);
    EXPECT_EQ(Count("failed_at_us IS NOT NULL AND attempts = 1"), 1);
    clock_.Advance(1h);
    EXPECT_EQ(*dispatcher_->RunOnce(), 0);
    EXPECT_EQ(email_.count(), 1u);
}

TEST_P(OutboxTest, AClaimedMessageIsHeldForTheLease) {
    MustEnqueue(Email());
    MustEnqueue(Email("jiwon@example.kr"));
    auto& first = Dispatcher();
    OutboxDispatcher second(db(), clock_, random_, email_, sms_, Options());
    // While the first sends, a second dispatcher finds nothing to claim.
    std::vector<int> second_got;
    email_.OnSend([&](const StoredMessage&) {
        auto got = second.RunOnce();
        second_got.push_back(got.ok() ? *got : -1);
    });
    EXPECT_EQ(*first.RunOnce(), 2);
    EXPECT_EQ(second_got, (std::vector<int>{0, 0}));
    EXPECT_EQ(email_.count(), 2u);
}

TEST_P(OutboxTest, ALeaseThatWasNeverFinishedEnds) {
    // A dispatcher claimed the message and died: the row keeps its lease until the lease ends.
    MustEnqueue(Email());
    constexpr store::Sql kClaimedByTheDead{"test.claimed_by_the_dead",
                                           "UPDATE platform_outbox SET lease_token = 42, next_attempt_at_us = $1"};
    auto st = db().Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY_STATUS(tx.Exec(kClaimedByTheDead, {Now() + 300'000'000}));
        return {};
    });
    ASSERT_TRUE(st.ok());
    auto& d = Dispatcher();
    clock_.Advance(5min - 1us);
    EXPECT_EQ(*d.RunOnce(), 0);
    clock_.Advance(1us);
    EXPECT_EQ(*d.RunOnce(), 1);
    EXPECT_EQ(Count("sent_at_us IS NOT NULL AND lease_token IS NULL"), 1);
}

TEST_P(OutboxTest, StopHandsBackTheRestOfTheClaim) {
    for (int i = 0; i < 4; ++i) MustEnqueue(Email("user" + std::to_string(i) + "@example.kr"));
    auto& d = Dispatcher();
    email_.OnSend([&](const StoredMessage&) { d.Stop(); });  // no thread runs: Stop only sets the flag
    EXPECT_EQ(*d.RunOnce(), 1);
    EXPECT_EQ(email_.count(), 1u);
    // The other three are due again at once, not after the lease.
    EXPECT_EQ(Count("sent_at_us IS NULL AND lease_token IS NULL AND next_attempt_at_us = " + std::to_string(Now())), 3);
    OutboxDispatcher other(db(), clock_, random_, email_, sms_, Options());
    email_.OnSend(nullptr);
    EXPECT_EQ(*other.RunOnce(), 3);
}

TEST_P(OutboxTest, NoSendStartsLateInTheLease) {
    for (int i = 0; i < 3; ++i) MustEnqueue(Email("user" + std::to_string(i) + "@example.kr"));
    auto& d = Dispatcher();  // lease 5 min: sends start only in the first 2.5 min
    email_.OnSend([&](const StoredMessage&) { clock_.Advance(150s); });
    EXPECT_EQ(*d.RunOnce(), 1);
    EXPECT_EQ(Count("sent_at_us IS NULL AND lease_token IS NULL"), 2);
    email_.OnSend(nullptr);
    EXPECT_EQ(*d.RunOnce(), 2);
}

TEST_P(OutboxTest, BackgroundLoopSendsOnWakeAndStopsPromptly) {
    OutboxOptions o = Options();
    o.poll_interval = std::chrono::hours(1);  // only a wake-up can make it look again
    auto& d = Dispatcher(o);
    d.Start();
    d.Start();  // a second Start does nothing
    MustEnqueue(Email());
    d.Wake();
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (email_.count() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    EXPECT_EQ(email_.count(), 1u);

    auto stop_began = std::chrono::steady_clock::now();
    d.Stop();
    EXPECT_LT(std::chrono::steady_clock::now() - stop_began, 2s);
    d.Stop();  // twice is fine
    EXPECT_EQ(Count("sent_at_us IS NOT NULL"), 1);
    // Stopped for good.
    MustEnqueue(Email("jiwon@example.kr"));
    d.Wake();
    std::this_thread::sleep_for(50ms);
    EXPECT_EQ(email_.count(), 1u);
}

TEST_P(OutboxTest, PurgeRemovesOnlyOldFinishedMessages) {
    MustEnqueue(Email("sent@example.kr"));
    MustEnqueue(Email("failed@example.kr"));
    MustEnqueue(Email("waiting@example.kr"));
    auto& d = Dispatcher();
    email_.OnSend([&](const StoredMessage& m) {
        if (m.to == "sent@example.kr") email_.Answer({});
        if (m.to == "failed@example.kr") email_.Answer(core::Error::FailedPrecondition("rejected", "550"));
        if (m.to == "waiting@example.kr") email_.Answer(core::Error::Unavailable("down", "421"));
    });
    EXPECT_EQ(*d.RunOnce(), 1);
    ASSERT_EQ(email_.count(), 3u);
    clock_.Advance(1s);
    MustEnqueue(Email("new@example.kr"));  // made after the cutoff below
    email_.Answer({});
    email_.OnSend(nullptr);
    clock_.Advance(1min);
    EXPECT_EQ(*d.RunOnce(), 2);  // waiting and new

    auto purged = d.PurgeFinished(start_ + 1us, 1);
    ASSERT_TRUE(purged.ok()) << purged.error().message;
    EXPECT_EQ(*purged, 1);  // bounded
    EXPECT_EQ(*d.PurgeFinished(start_ + 1us), 2);
    EXPECT_EQ(Count(), 1);
    EXPECT_EQ(Count("recipient = 'new@example.kr'"), 1);
}

TEST_P(SharedOutboxTest, TwoDispatchersNeverSendAMessageTwice) {
    constexpr int kMessages = 120;
    for (int i = 0; i < kMessages; ++i) MustEnqueue(Email("user" + std::to_string(i) + "@example.kr"));
    auto other_db = OpenAnother();
    ASSERT_NE(other_db, nullptr);
    RecordingSender other_email, other_sms;
    OutboxOptions o = Options();
    o.batch = 7;
    OutboxDispatcher a(db(), clock_, random_, email_, sms_, o);
    OutboxDispatcher b(*other_db, clock_, random_, other_email, other_sms, o);
    std::atomic<int> sent_total{0};
    std::atomic<int> errors{0};
    std::latch start(2);
    auto run = [&](OutboxDispatcher& d) {
        start.arrive_and_wait();
        for (int round = 0; round < 1000 && sent_total.load() < kMessages; ++round) {
            auto n = d.RunOnce();
            if (!n.ok()) {
                ++errors;
                continue;
            }
            sent_total += *n;
        }
    };
    std::thread ta(run, std::ref(a));
    std::thread tb(run, std::ref(b));
    ta.join();
    tb.join();
    EXPECT_EQ(errors.load(), 0);
    EXPECT_EQ(sent_total.load(), kMessages);
    std::map<std::int64_t, int> times;
    for (const auto& m : email_.sent()) ++times[m.id.key()];
    for (const auto& m : other_email.sent()) ++times[m.id.key()];
    EXPECT_EQ(times.size(), static_cast<std::size_t>(kMessages));
    for (const auto& [id, n] : times) EXPECT_EQ(n, 1) << id;
    EXPECT_EQ(Count("sent_at_us IS NOT NULL"), kMessages);
}

}  // namespace
}  // namespace jangteo::store_test

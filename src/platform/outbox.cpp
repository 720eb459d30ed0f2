#include "platform/outbox.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/json.hpp"
#include "core/log.hpp"
#include "core/validate.hpp"
#include "platform/session.hpp"
#include "platform/user.hpp"

namespace jangteo::platform {

namespace {

constexpr store::Sql kInsertMessage{
    "platform.insert_outbox_message",
    "INSERT INTO platform_outbox (id, channel, recipient, subject, body, kind, created_at_us, next_attempt_at_us,"
    " attempts, lease_token, last_error, sent_at_us, failed_at_us)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 0, NULL, NULL, NULL, NULL)"
    // Only a clash of the random 63-bit id can hit this.
    " ON CONFLICT DO NOTHING"};

// The claim: one compare-and-set over a batch. The subquery picks due rows; the same conditions are
// repeated on the outer row because PostgreSQL (READ COMMITTED) re-checks them on the newest version
// of a row that another dispatcher claimed meanwhile, and then skips it. SQLite has one writer at a
// time, so there the statement simply runs alone.
constexpr store::Sql kClaimMessages{
    "platform.claim_outbox_messages",
    "UPDATE platform_outbox SET lease_token = $1, next_attempt_at_us = $2"
    " WHERE id IN (SELECT id FROM platform_outbox WHERE sent_at_us IS NULL AND failed_at_us IS NULL"
    " AND next_attempt_at_us <= $3 ORDER BY next_attempt_at_us, id LIMIT $4)"
    " AND sent_at_us IS NULL AND failed_at_us IS NULL AND next_attempt_at_us <= $3"
    " RETURNING id, channel, recipient, subject, body, kind, created_at_us, attempts"};
// The outcomes, each only while this dispatcher still holds the lease.
constexpr store::Sql kMarkSent{"platform.mark_outbox_sent",
                               "UPDATE platform_outbox SET sent_at_us = $3, lease_token = NULL"
                               " WHERE id = $1 AND lease_token = $2"};
constexpr store::Sql kMarkRetry{
    "platform.mark_outbox_retry",
    "UPDATE platform_outbox SET attempts = $3, last_error = $4, next_attempt_at_us = $5, lease_token = NULL"
    " WHERE id = $1 AND lease_token = $2"};
constexpr store::Sql kMarkFailed{
    "platform.mark_outbox_failed",
    "UPDATE platform_outbox SET attempts = $3, last_error = $4, failed_at_us = $5, lease_token = NULL"
    " WHERE id = $1 AND lease_token = $2"};
// What a claim did not get to (at a stop, or late in its lease) is due again at once.
constexpr store::Sql kReleaseClaim{"platform.release_outbox_claim",
                                   "UPDATE platform_outbox SET next_attempt_at_us = $2, lease_token = NULL"
                                   " WHERE lease_token = $1 AND sent_at_us IS NULL AND failed_at_us IS NULL"};
// DELETE ... LIMIT is SQLite-only; a limited subquery works on both. The condition repeats the
// partial index's, so both backends use it.
constexpr store::Sql kPurgeFinished{
    "platform.purge_outbox",
    "DELETE FROM platform_outbox WHERE id IN (SELECT id FROM platform_outbox"
    " WHERE (sent_at_us IS NOT NULL OR failed_at_us IS NOT NULL) AND created_at_us < $1 LIMIT $2)"};

constexpr std::size_t kMaxErrorBytes = 500;
constexpr std::int64_t kPurgeBatch = 1000;

bool ValidKind(std::string_view kind) {
    if (kind.empty() || kind.size() > kMaxMessageKindBytes) return false;
    return std::all_of(kind.begin(), kind.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// Valid UTF-8 without control characters, except line breaks and tabs where `multiline`.
bool CleanText(std::string_view text, bool multiline) {
    auto cps = core::DecodeUtf8(text);
    if (!cps) return false;
    for (char32_t c : *cps) {
        if (multiline && (c == U'\n' || c == U'\r' || c == U'\t')) continue;
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) return false;
    }
    return true;
}

std::optional<Channel> ParseChannel(std::string_view text) {
    if (text == "email") return Channel::kEmail;
    if (text == "sms") return Channel::kSms;
    return std::nullopt;
}

std::int64_t NewLeaseToken(core::Random& random) {
    return static_cast<std::int64_t>(random.NextU64() >> 1) | 1;
}

}  // namespace

std::string_view ChannelName(Channel channel) {
    switch (channel) {
        case Channel::kEmail: return "email";
        case Channel::kSms: return "sms";
    }
    return "email";
}

core::Status EnqueueMessage(store::Tx& tx, core::Clock& clock, core::Random& random, const OutgoingMessage& message) {
    std::vector<core::FieldError> fields;
    std::string to;
    if (message.channel == Channel::kEmail) {
        if (auto email = NormalizeEmail(message.to, "to"); email.ok()) {
            to = std::move(*email);
        } else {
            fields.push_back(email.error().fields.front());
        }
        if (message.subject.empty()) {
            fields.push_back({"subject", "required", "is required for email"});
        }
    } else if (auto mobile = core::NormalizeKoreanMobile(message.to)) {
        to = std::move(*mobile);
    } else {
        fields.push_back({"to", "invalid_mobile", "must be a Korean mobile number like 010-1234-5678"});
    }
    std::string subject = message.channel == Channel::kEmail ? message.subject : std::string();
    if (subject.size() > kMaxSubjectBytes || !CleanText(subject, false)) {
        fields.push_back({"subject", "invalid_subject", "must be one line of text of at most 400 bytes"});
    }
    if (message.body.empty()) {
        fields.push_back({"body", "required", "is required"});
    } else if (message.body.size() > kMaxMessageBodyBytes || !CleanText(message.body, true)) {
        fields.push_back({"body", "invalid_body", "must be text of at most 64 KiB"});
    }
    if (!ValidKind(message.kind)) {
        fields.push_back({"kind", "invalid_kind", "must be 1 to 64 characters of a-z, 0-9 and _"});
    }
    if (!fields.empty()) {
        return core::Error::Invalid("invalid_message", "the message cannot be sent", std::move(fields));
    }
    JANGTEO_TRY(
        std::int64_t inserted,
        tx.Exec(kInsertMessage, {MessageId::New(random).key(), ChannelName(message.channel), std::string_view(to),
                                 std::string_view(subject), std::string_view(message.body),
                                 std::string_view(message.kind), core::ToUnixMicros(clock.Now())}));
    if (inserted != 1) return core::Error::Unavailable("message_id_clash", "please try again");
    return {};
}

std::string DevFolderSender::FileName(const StoredMessage& message) {
    std::string name = std::to_string(core::ToUnixMicros(message.created_at));
    name += '-';
    name += message.id.ToString();
    name += ".json";
    return name;
}

core::Status DevFolderSender::Send(const StoredMessage& message) {
    namespace fs = std::filesystem;
    auto fail = [&](std::string_view what, int err) {
        std::string text = "cannot ";
        text += what;
        text += " in ";
        text += dir_.string();
        text += ": ";
        text += std::strerror(err);
        return core::Error::Unavailable("outbox_folder_unwritable", std::move(text));
    };
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) {
        fs::create_directories(dir_, ec);
        if (ec) return fail("create the folder", ec.value());
    }

    core::json::object doc{{"id", message.id.ToString()},
                           {"channel", ChannelName(message.channel)},
                           {"to", message.to},
                           {"subject", message.subject},
                           {"body", message.body},
                           {"kind", message.kind},
                           {"created_at", core::FormatRfc3339(message.created_at)}};
    std::string text = core::ToJson(doc);
    text.push_back('\n');

    std::string name = FileName(message);
    // Hidden and with its own suffix, so that a reader listing *.json never sees it half-written.
    std::string temp_name = ".";
    temp_name += name;
    temp_name += '.';
    temp_name += std::to_string(::getpid());
    temp_name += '.';
    temp_name += std::to_string(counter_.fetch_add(1));
    temp_name += ".tmp";
    fs::path temp = dir_ / temp_name;
    fs::path final_path = dir_ / name;

    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return fail("create a file", errno);
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int err = n < 0 ? errno : EIO;
            ::close(fd);
            ::unlink(temp.c_str());
            return fail("write a file", err);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(temp.c_str());
        return fail("write a file", err);
    }
    if (::rename(temp.c_str(), final_path.c_str()) != 0) {
        int err = errno;
        ::unlink(temp.c_str());
        return fail("rename a file", err);
    }
    return {};
}

OutboxDispatcher::OutboxDispatcher(store::Db& db, core::Clock& clock, core::Random& random, MessageSender& email_sender,
                                   MessageSender& sms_sender, OutboxOptions options)
    : db_(db),
      clock_(clock),
      random_(random),
      email_sender_(email_sender),
      sms_sender_(sms_sender),
      options_(options) {}

OutboxDispatcher::~OutboxDispatcher() {
    Stop();
}

void OutboxDispatcher::Start() {
    std::lock_guard lock(mu_);
    if (thread_.joinable() || stopping_) return;
    thread_ = std::thread([this] { Loop(); });
}

void OutboxDispatcher::Stop() {
    std::thread thread;
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        stop_requested_ = true;
        thread = std::move(thread_);
    }
    cv_.notify_all();
    if (thread.joinable()) thread.join();
}

void OutboxDispatcher::Wake() {
    {
        std::lock_guard lock(mu_);
        woken_ = true;
    }
    cv_.notify_one();
}

core::Result<int> OutboxDispatcher::RunOnce() {
    JANGTEO_TRY(Round round, RunRound());
    return round.sent;
}

core::Result<OutboxDispatcher::Round> OutboxDispatcher::RunRound() {
    const core::TimePoint claimed_at = clock_.Now();
    const core::TimePoint lease_end = claimed_at + options_.lease;
    const std::int64_t token = NewLeaseToken(random_);
    JANGTEO_TRY(store::Rows rows, db_.Write([&](store::Tx& tx) -> core::Result<store::Rows> {
        return tx.Query(kClaimMessages, {token, core::ToUnixMicros(lease_end), core::ToUnixMicros(claimed_at),
                                         static_cast<std::int64_t>(options_.batch)});
    }));
    std::vector<StoredMessage> messages;
    messages.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const store::RowView row = rows[i];
        StoredMessage& m = messages.emplace_back();
        m.id = MessageId(row.Int(0));
        m.channel = ParseChannel(row.TextView(1)).value_or(Channel::kEmail);
        m.to = row.Text(2);
        m.subject = row.Text(3);
        m.body = row.Text(4);
        m.kind = row.Text(5);
        m.created_at = core::FromUnixMicros(row.Int(6));
        m.attempts = static_cast<int>(row.Int(7));
    }
    // RETURNING has no order: send the oldest first.
    std::sort(messages.begin(), messages.end(), [](const StoredMessage& a, const StoredMessage& b) {
        return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
    });

    Round round;
    round.claimed = static_cast<int>(messages.size());
    // A send starts only in the first half of the lease, so that it ends before another dispatcher
    // may claim the message again.
    const core::TimePoint last_start = claimed_at + options_.lease / 2;
    std::size_t handled = 0;
    for (const StoredMessage& m : messages) {
        if (stop_requested_.load() || clock_.Now() >= last_start) break;
        MessageSender& sender = m.channel == Channel::kEmail ? email_sender_ : sms_sender_;
        core::Status sent = sender.Send(m);
        const std::int64_t now = core::ToUnixMicros(clock_.Now());
        const std::string id = m.id.ToString();
        ++handled;
        if (sent.ok()) {
            JANGTEO_TRY(std::int64_t changed, db_.Write([&](store::Tx& tx) {
                return tx.Exec(kMarkSent, {m.id.key(), token, now});
            }));
            if (changed != 1) core::log::Warn("outbox_lease_lost", {{"message", id}, {"kind", m.kind}});
            ++round.sent;
            continue;
        }
        const core::Error& error = sent.error();
        const int attempts = m.attempts + 1;
        std::string last_error = error.reason;
        last_error += ": ";
        last_error += error.message;
        last_error = SanitizeHeaderText(last_error, kMaxErrorBytes);
        const bool permanent = error.code == core::ErrorCode::kFailedPrecondition;
        if (permanent || attempts >= options_.max_attempts) {
            JANGTEO_TRY(std::int64_t changed, db_.Write([&](store::Tx& tx) {
                return tx.Exec(kMarkFailed, {m.id.key(), token, static_cast<std::int64_t>(attempts),
                                             std::string_view(last_error), now});
            }));
            core::log::Error("outbox_message_failed", {{"message", id},
                                                       {"kind", m.kind},
                                                       {"channel", ChannelName(m.channel)},
                                                       {"attempts", attempts},
                                                       {"permanent", permanent},
                                                       {"recorded", changed == 1},
                                                       {"error", last_error}});
            continue;
        }
        // backoff * 2^(attempts-1), capped; doubled step by step so that it cannot overflow.
        std::chrono::microseconds delay = options_.backoff;
        for (int i = 1; i < attempts && delay < options_.max_backoff; ++i) delay *= 2;
        delay = std::min(delay, options_.max_backoff);
        JANGTEO_TRY(std::int64_t changed, db_.Write([&](store::Tx& tx) {
            return tx.Exec(kMarkRetry, {m.id.key(), token, static_cast<std::int64_t>(attempts),
                                        std::string_view(last_error), now + delay.count()});
        }));
        core::log::Warn("outbox_send_failed", {{"message", id},
                                               {"kind", m.kind},
                                               {"channel", ChannelName(m.channel)},
                                               {"attempts", attempts},
                                               {"retry_in_s", static_cast<std::int64_t>(delay.count() / 1'000'000)},
                                               {"recorded", changed == 1},
                                               {"error", last_error}});
    }
    if (handled < messages.size()) {
        const std::int64_t now = core::ToUnixMicros(clock_.Now());
        JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) { return tx.Exec(kReleaseClaim, {token, now}); }));
    }
    return round;
}

core::Result<std::int64_t> OutboxDispatcher::PurgeFinished(core::TimePoint cutoff, std::int64_t limit) {
    return db_.Write([&](store::Tx& tx) -> core::Result<std::int64_t> {
        return tx.Exec(kPurgeFinished, {core::ToUnixMicros(cutoff), limit});
    });
}

void OutboxDispatcher::Purge() {
    const core::TimePoint cutoff = clock_.Now() - options_.keep_finished;
    while (!stop_requested_.load()) {
        auto purged = PurgeFinished(cutoff, kPurgeBatch);
        if (!purged.ok()) {
            core::log::Warn("outbox_purge_failed",
                            {{"reason", purged.error().reason}, {"cause", purged.error().message}});
            return;
        }
        if (*purged < kPurgeBatch) return;
    }
}

void OutboxDispatcher::Loop() {
    using Steady = std::chrono::steady_clock;
    constexpr auto kPurgeEvery = std::chrono::hours(1);
    Steady::time_point next_purge = Steady::now();
    while (!stop_requested_.load()) {
        auto round = RunRound();
        if (!round.ok()) {
            core::log::Warn("outbox_round_failed",
                            {{"reason", round.error().reason}, {"cause", round.error().message}});
        }
        if (Steady::now() >= next_purge) {
            Purge();
            next_purge = Steady::now() + kPurgeEvery;
        }
        // A full batch means more may be due: go on at once.
        const bool more = round.ok() && round->claimed == options_.batch;
        std::unique_lock lock(mu_);
        if (!more) cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
        woken_ = false;
        if (stopping_) break;
    }
}

}  // namespace jangteo::platform

// The outbox: email and SMS are written to a table in the same transaction as the change that
// causes them, and a dispatcher sends them afterwards. A rolled-back change therefore sends nothing,
// and a committed one is sent even if the server stops right after the commit.
//
//   // inside the caller's Write transaction, beside the change:
//   JANGTEO_TRY_STATUS(platform::EnqueueMessage(tx, clock, random, {.channel = platform::Channel::kEmail,
//                                                                  .to = "minsu@example.kr",
//                                                                  .subject = "[장터] 초대 / Invitation",
//                                                                  .body = text,
//                                                                  .kind = "staff_invitation"}));
//   // after the commit (optional; otherwise the next poll finds it):
//   dispatcher.Wake();
//
// Senders: DevFolderSender writes each message as a JSON file into a folder (development, tests,
// the demo); SmtpSender (platform/smtp.hpp) delivers email over SMTP. There is no SMS gateway yet:
// SMS always go to a DevFolderSender, whatever the email sender is.
//
// Delivery is at least once: a message is leased to one dispatcher before it is sent, so that two
// servers never send it at the same time, but a dispatcher that dies after sending and before
// recording it, or a send that outlasts the lease, can make a message go out twice.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

enum class Channel { kEmail, kSms };
std::string_view ChannelName(Channel channel);  // "email", "sms": the stored form

// What a part of the platform asks to send.
struct OutgoingMessage {
    Channel channel = Channel::kEmail;
    std::string to;       // an email address, or a Korean mobile number for SMS
    std::string subject;  // one line; email only (ignored for SMS)
    std::string body;     // plain text, UTF-8
    std::string kind;     // what it is about, snake_case: "password_reset", "staff_invitation", ...
};

// Bounds of EnqueueMessage: messages are written by code, but their text may carry user input.
inline constexpr std::size_t kMaxSubjectBytes = 400;
inline constexpr std::size_t kMaxMessageBodyBytes = 64 * 1024;
inline constexpr std::size_t kMaxMessageKindBytes = 64;

// Writes `message` to the outbox inside `tx` (the caller's Write transaction), due at once. The
// recipient is normalised (lower-case email, mobile as 010-1234-5678). Bad fields answer
// kInvalidArgument "invalid_message" with a field error per field (to, subject, body, kind).
core::Status EnqueueMessage(store::Tx& tx, core::Clock& clock, core::Random& random, const OutgoingMessage& message);

// A message as the outbox holds it, handed to a sender.
struct StoredMessage {
    MessageId id;
    Channel channel = Channel::kEmail;
    std::string to;
    std::string subject;
    std::string body;
    std::string kind;
    core::TimePoint created_at;
    int attempts = 0;  // failed attempts before this one
};

// Delivers one message. An error with code kFailedPrecondition says that trying again cannot help
// (the server refused the recipient): the message is marked failed at once. Any other error is
// taken as temporary and the message is tried again later. A sender is called by one dispatcher
// thread at a time, but several dispatchers may share one, so implementations are thread-safe.
class MessageSender {
public:
    virtual ~MessageSender() = default;
    virtual core::Status Send(const StoredMessage& message) = 0;
};

// Writes each message as `<dir>/<created_at_us>-<msg id>.json`, an object {id, channel, to, subject,
// body, kind, created_at (RFC 3339)}, so that names sort by creation. The file is written under a
// hidden temporary name and renamed, so a reader never sees half a file; the folder is made when
// missing. Files are readable by the server's user only: a reset link in them is a secret. For
// development, tests and the demo: in production email goes through SMTP.
class DevFolderSender final : public MessageSender {
public:
    explicit DevFolderSender(std::filesystem::path dir) : dir_(std::move(dir)) {}
    const std::filesystem::path& dir() const { return dir_; }
    core::Status Send(const StoredMessage& message) override;

    // The file name a message gets: "<created_at_us>-<msg id>.json".
    static std::string FileName(const StoredMessage& message);

private:
    std::filesystem::path dir_;
    std::atomic<std::uint64_t> counter_{0};  // keeps temporary names apart
};

struct OutboxOptions {
    int batch = 20;                                 // messages claimed and sent per round
    std::chrono::milliseconds poll_interval{1000};  // how often the background loop looks for due messages
    int max_attempts = 10;                          // after this many failures a message is marked failed
    std::chrono::microseconds backoff{std::chrono::seconds(30)};  // wait after the first failure; doubles each time
    std::chrono::microseconds max_backoff{std::chrono::hours(1)};
    // How long a claim holds its messages. A dispatcher starts a send only in the first half of its
    // lease, so the lease must be more than twice the longest send (SMTP's timeout).
    std::chrono::microseconds lease{std::chrono::minutes(5)};
    // Sent and failed messages are deleted this long after they were made (by the background loop,
    // once an hour).
    std::chrono::microseconds keep_finished{std::chrono::hours(24 * 30)};
};

// Told after a transaction that enqueued messages has committed, so that they go out now rather
// than at the next poll. Services that enqueue take one (optionally).
class OutboxWaker {
public:
    virtual ~OutboxWaker() = default;
    virtual void Wake() = 0;
};

// Sends due messages: email through `email_sender`, SMS through `sms_sender`. Several dispatchers
// (one per server) may work on one database; each claims its batch with a compare-and-set UPDATE.
// A failed send is tried again after backoff, backoff*2, ... (at most max_backoff), and after
// max_attempts the message is marked failed and the failure is logged. Bodies and recipients are
// never logged: a body may hold a reset link.
class OutboxDispatcher final : public OutboxWaker {
public:
    OutboxDispatcher(store::Db& db, core::Clock& clock, core::Random& random, MessageSender& email_sender,
                     MessageSender& sms_sender, OutboxOptions options = {});
    ~OutboxDispatcher() override;
    OutboxDispatcher(const OutboxDispatcher&) = delete;
    OutboxDispatcher& operator=(const OutboxDispatcher&) = delete;

    // Starts the background loop (once; a second call does nothing).
    void Start();
    // Ends the loop promptly and joins it: the send in flight finishes (bounded by the sender's own
    // timeout) and the rest of the claim is handed back. Safe to call twice, and without Start.
    void Stop();
    // Makes the loop look for due messages now.
    void Wake() override;

    // Claims one batch of due messages and sends it; answers how many were sent. For tests and tools;
    // the background loop calls it too.
    core::Result<int> RunOnce();

    // Deletes up to `limit` sent or failed messages made before `cutoff`; answers how many.
    core::Result<std::int64_t> PurgeFinished(core::TimePoint cutoff, std::int64_t limit = 1000);

private:
    struct Round {
        int claimed = 0;
        int sent = 0;
    };
    core::Result<Round> RunRound();
    void Loop();
    void Purge();

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    MessageSender& email_sender_;
    MessageSender& sms_sender_;
    const OutboxOptions options_;

    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;  // guarded by mu_
    bool woken_ = false;     // guarded by mu_
    std::atomic<bool> stop_requested_{false};
    std::thread thread_;
};

}  // namespace jangteo::platform

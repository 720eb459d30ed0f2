// Email over SMTP (libcurl): the outbox's production sender. Each message becomes an RFC 5322 text
// (plain UTF-8 text in base64, the subject as RFC 2047 encoded-words) and is handed to the server
// given by a URL. smtp:// upgrades to TLS with STARTTLS when the server offers it, and insists on it
// when a user name is set, so a password never crosses the network in the clear; smtps:// is TLS from
// the first byte. Certificates are verified. The password is never logged nor put in an error.
//
//   auto smtp = platform::SmtpSender::Create({.url = "smtp://mail.example.kr:587",
//                                             .username = "jangteo",
//                                             .password = secret,
//                                             .from = "부산 장터 <no-reply@jangteo.example.kr>"});
//   platform::OutboxDispatcher dispatcher(db, clock, random, **smtp, folder, {});
//
// FormatEmail is the pure part, so that the message text is tested without a network.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "platform/outbox.hpp"

namespace jangteo::platform {

// A sender's mailbox: "Name <address>", "\"Name\" <address>" or a bare address.
struct Mailbox {
    std::string display_name;  // may be empty; UTF-8
    std::string address;       // local@domain, ASCII; the domain may be a single label (localhost)
};

// kInvalidArgument "invalid_mailbox" for anything else.
core::Result<Mailbox> ParseMailbox(std::string_view text);

struct SmtpSettings {
    std::string url;  // smtp://host[:port] (STARTTLS when offered) or smtps://host[:port]
    std::string username;
    std::string password;
    std::string from = "Jangteo <no-reply@localhost>";
    std::chrono::milliseconds timeout{30'000};  // the whole conversation of one message, connecting included
};

// The text `message` goes out as, lines ending in CRLF: Date (its creation, in Korean time), From,
// To, Subject, Message-ID (<msg id@sender's domain>, the same at every attempt), MIME-Version,
// Content-Type text/plain; charset=UTF-8, base64 body in lines of 76, Auto-Submitted.
std::string FormatEmail(const StoredMessage& message, const Mailbox& from);
// The header value of `text`: as is when it is short printable ASCII, else RFC 2047 encoded-words
// ("=?UTF-8?B?...?=", at most 75 characters each, never splitting a character) folded onto
// continuation lines. `used` is how much of the first line the header's name already takes.
std::string EncodeHeaderText(std::string_view text, std::size_t used);
// RFC 5322 date-time in Korea Standard Time: "Sun, 22 Nov 2026 12:04:05 +0900".
std::string FormatEmailDate(core::TimePoint t);
// Standard base64 with padding, in lines of at most 76 characters ending in CRLF.
std::string Base64Lines(std::string_view bytes);

// Thread-safe: one message at a time, on one libcurl handle kept between messages so that its
// connection can be reused.
class SmtpSender final : public MessageSender {
public:
    // kInvalidArgument "invalid_smtp_settings" for a URL that is not smtp:// or smtps://, a bad from or
    // a timeout that is not positive.
    static core::Result<std::unique_ptr<SmtpSender>> Create(SmtpSettings settings);
    ~SmtpSender() override;

    // Email only (an SMS answers kFailedPrecondition). A recipient refused with 550, 551 or 553
    // answers kFailedPrecondition "smtp_recipient_rejected" (permanent); any other failure
    // kUnavailable "smtp_failed" (tried again later).
    core::Status Send(const StoredMessage& message) override;

private:
    struct Handle;
    SmtpSender(SmtpSettings settings, Mailbox from, std::unique_ptr<Handle> handle);

    const SmtpSettings settings_;
    const Mailbox from_;
    std::mutex mu_;
    std::unique_ptr<Handle> handle_;  // guarded by mu_
};

}  // namespace jangteo::platform

// The SMTP sender against a small SMTP server of the test's own on a loopback port: the envelope
// (MAIL FROM, RCPT TO) and the message text arrive as FormatEmail makes them, with SMTP's
// dot-stuffing undone; one connection carries several messages; a refused recipient is a permanent
// failure and an unreachable server a temporary one; and with a user name but no STARTTLS on offer
// the sender gives up before it would send the password in the clear.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "platform/smtp.hpp"

namespace jangteo::testing {
namespace {

using namespace std::chrono_literals;

// Speaks just enough SMTP (RFC 5321) for libcurl: no STARTTLS, no AUTH. Refuses recipients whose
// address starts with "nobody@" with 550. One connection at a time.
class FakeSmtpServer {
public:
    struct Mail {
        std::string from;
        std::vector<std::string> to;
        std::string data;
    };

    FakeSmtpServer() {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        EXPECT_EQ(::listen(listen_fd_, 4), 0);
        socklen_t len = sizeof addr;
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { Serve(); });
    }
    ~FakeSmtpServer() {
        stop_ = true;
        thread_.join();
        ::close(listen_fd_);
    }

    int port() const { return port_; }
    std::vector<Mail> mails() {
        std::lock_guard lock(mu_);
        return mails_;
    }
    std::vector<std::string> commands() {
        std::lock_guard lock(mu_);
        return commands_;
    }
    int connections() const { return connections_.load(); }

private:
    // Waits for input, checking the stop flag every 50 ms; false when stopping.
    bool WaitReadable(int fd) {
        while (!stop_) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 50) > 0) return true;
        }
        return false;
    }

    void Serve() {
        while (WaitReadable(listen_fd_)) {
            int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            ++connections_;
            Converse(fd);
            ::close(fd);
        }
    }

    // One line without its CRLF, or false at the end of the connection.
    bool ReadLine(int fd, std::string& buffer, std::string& line) {
        while (true) {
            auto end = buffer.find("\r\n");
            if (end != std::string::npos) {
                line = buffer.substr(0, end);
                buffer.erase(0, end + 2);
                return true;
            }
            if (!WaitReadable(fd)) return false;
            char chunk[4096];
            ssize_t n = ::read(fd, chunk, sizeof chunk);
            if (n <= 0) return false;
            buffer.append(chunk, static_cast<std::size_t>(n));
        }
    }

    static void Reply(int fd, std::string_view text) {
        std::string out(text);
        out += "\r\n";
        (void)!::write(fd, out.data(), out.size());
    }

    void Converse(int fd) {
        Reply(fd, "220 fake.example.kr ESMTP");
        std::string buffer, line;
        Mail mail;
        while (ReadLine(fd, buffer, line)) {
            {
                std::lock_guard lock(mu_);
                commands_.push_back(line);
            }
            std::string verb = line.substr(0, line.find(' '));
            for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (verb == "EHLO") {
                Reply(fd, "250-fake.example.kr\r\n250 8BITMIME");
            } else if (verb == "MAIL") {
                mail = Mail{};
                mail.from = line.substr(line.find(':') + 1);
                Reply(fd, "250 OK");
            } else if (verb == "RCPT") {
                std::string to = line.substr(line.find(':') + 1);
                if (to.starts_with("<nobody@")) {
                    Reply(fd, "550 5.1.1 no such mailbox");
                } else {
                    mail.to.push_back(to);
                    Reply(fd, "250 OK");
                }
            } else if (verb == "DATA") {
                Reply(fd, "354 go ahead");
                while (ReadLine(fd, buffer, line) && line != ".") {
                    if (line.starts_with(".")) line.erase(0, 1);  // dot-stuffing
                    mail.data += line;
                    mail.data += "\r\n";
                }
                {
                    std::lock_guard lock(mu_);
                    mails_.push_back(mail);
                }
                Reply(fd, "250 queued");
            } else if (verb == "QUIT") {
                Reply(fd, "221 bye");
                return;
            } else if (verb == "RSET" || verb == "NOOP") {
                Reply(fd, "250 OK");
            } else {
                Reply(fd, "502 not implemented");
            }
        }
    }

    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> connections_{0};
    std::thread thread_;
    std::mutex mu_;
    std::vector<Mail> mails_;
    std::vector<std::string> commands_;
};

platform::StoredMessage Message(std::int64_t key, std::string to) {
    platform::StoredMessage m;
    m.id = platform::MessageId(key);
    m.channel = platform::Channel::kEmail;
    m.to = std::move(to);
    m.subject = "[장터] 비밀번호 재설정 안내";
    m.body = "김민수님, 안녕하세요.\n.\n링크: https://jangteo.example.kr/reset-password#token=abc\n";
    m.kind = "password_reset";
    m.created_at = core::FromUnixMicros(1'795'000'000'000'000);
    return m;
}

std::string Url(const FakeSmtpServer& server) {
    return "smtp://127.0.0.1:" + std::to_string(server.port());
}

TEST(SmtpSenderTest, DeliversTheFormattedMessageOverOneConnection) {
    FakeSmtpServer server;
    std::vector<platform::StoredMessage> messages = {Message(1001, "minsu@example.kr"),
                                                     Message(1002, "jiwon@example.kr")};
    {
        auto sender = platform::SmtpSender::Create(
            {.url = Url(server), .from = "부산 장터 <no-reply@jangteo.example.kr>", .timeout = 5s});
        ASSERT_TRUE(sender.ok()) << sender.error().message;
        for (const auto& m : messages) {
            auto st = (*sender)->Send(m);
            ASSERT_TRUE(st.ok()) << st.error().message;
        }
    }
    auto mails = server.mails();
    ASSERT_EQ(mails.size(), 2u);
    auto from = platform::ParseMailbox("부산 장터 <no-reply@jangteo.example.kr>");
    ASSERT_TRUE(from.ok());
    for (std::size_t i = 0; i < mails.size(); ++i) {
        EXPECT_EQ(mails[i].from, "<no-reply@jangteo.example.kr>");
        EXPECT_EQ(mails[i].to, std::vector<std::string>{"<" + messages[i].to + ">"});
        EXPECT_EQ(mails[i].data, platform::FormatEmail(messages[i], *from));
    }
    EXPECT_EQ(server.connections(), 1);  // the connection was kept for the second message
}

TEST(SmtpSenderTest, RefusedRecipientIsPermanent) {
    FakeSmtpServer server;
    auto sender = platform::SmtpSender::Create({.url = Url(server), .timeout = 5s});
    ASSERT_TRUE(sender.ok()) << sender.error().message;
    auto st = (*sender)->Send(Message(1003, "nobody@example.kr"));
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, core::ErrorCode::kFailedPrecondition);
    EXPECT_EQ(st.error().reason, "smtp_recipient_rejected");
    EXPECT_NE(st.error().message.find("550"), std::string::npos) << st.error().message;
    EXPECT_TRUE(server.mails().empty());
    // The same sender goes on working.
    EXPECT_TRUE((*sender)->Send(Message(1004, "minsu@example.kr")).ok());
}

TEST(SmtpSenderTest, UnreachableServerIsTemporary) {
    int port = 0;
    {
        FakeSmtpServer gone;
        port = gone.port();
    }
    auto sender = platform::SmtpSender::Create({.url = "smtp://127.0.0.1:" + std::to_string(port), .timeout = 2s});
    ASSERT_TRUE(sender.ok());
    auto st = (*sender)->Send(Message(1005, "minsu@example.kr"));
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, core::ErrorCode::kUnavailable);
    EXPECT_EQ(st.error().reason, "smtp_failed");
}

TEST(SmtpSenderTest, NoPasswordInTheClear) {
    FakeSmtpServer server;  // offers no STARTTLS
    auto sender = platform::SmtpSender::Create(
        {.url = Url(server), .username = "jangteo", .password = "pw-never-sent", .timeout = 5s});
    ASSERT_TRUE(sender.ok());
    auto st = (*sender)->Send(Message(1006, "minsu@example.kr"));
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, core::ErrorCode::kUnavailable);
    EXPECT_EQ(st.error().message.find("pw-never-sent"), std::string::npos);
    for (const std::string& command : server.commands()) {
        EXPECT_FALSE(command.starts_with("AUTH")) << command;
        EXPECT_FALSE(command.starts_with("MAIL")) << command;
    }
    EXPECT_TRUE(server.mails().empty());
}

}  // namespace
}  // namespace jangteo::testing

// The text of an email as the SMTP sender hands it to the server: headers (Hangul subject and sender
// name as RFC 2047 encoded-words that never split a character nor make a line too long, the date
// in Korean time, a Message-ID that stays the same across attempts), the base64 body with CRLF line
// breaks, and the parsing of the configured sender. No network: this is the pure part.
#include "platform/smtp.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jangteo::platform {
namespace {

// 2026-11-18T11:06:40Z, 20:06:40 in Korea.
const core::TimePoint kCreated = core::FromUnixMicros(1'795'000'000'000'000);

StoredMessage Message(std::string subject, std::string body) {
    StoredMessage m;
    m.id = MessageId(12345);
    m.channel = Channel::kEmail;
    m.to = "minsu@example.kr";
    m.subject = std::move(subject);
    m.body = std::move(body);
    m.kind = "password_reset";
    m.created_at = kCreated;
    return m;
}

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find("\r\n", pos);
        EXPECT_NE(end, std::string::npos) << "every line ends in CRLF";
        if (end == std::string::npos) break;
        out.push_back(text.substr(pos, end - pos));
        pos = end + 2;
    }
    return out;
}

TEST(SmtpFormatTest, WholeMessageWithHangul) {
    Mailbox from{"부산 장터", "no-reply@jangteo.example.kr"};
    std::string text = FormatEmail(Message("[장터] 비밀번호 재설정 안내 / Reset your Jangteo password",
                                           "안녕하세요.\n링크: https://x.kr/r#token=abc\n"),
                                   from);
    std::string id = MessageId(12345).ToString();
    std::string expected =
        "Date: Wed, 18 Nov 2026 20:06:40 +0900\r\n"
        "From: =?UTF-8?B?67aA7IKwIOyepe2EsA==?= <no-reply@jangteo.example.kr>\r\n"
        "To: minsu@example.kr\r\n"
        "Subject: =?UTF-8?B?W+yepe2EsF0g67mE67CA67KI7Zi4IOyerOyEpOyglSDslYjrgrQg?=\r\n"
        " =?UTF-8?B?LyBSZXNldCB5b3VyIEphbmd0ZW8gcGFzc3dvcmQ=?=\r\n"
        "Message-ID: <" +
        id +
        "@jangteo.example.kr>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "Auto-Submitted: auto-generated\r\n"
        "\r\n"
        "7JWI64WV7ZWY7IS47JqULg0K66eB7YGsOiBodHRwczovL3gua3IvciN0b2tlbj1hYmMNCg==\r\n";
    EXPECT_EQ(text, expected);
}

TEST(SmtpFormatTest, PlainAsciiHeadersStayReadable) {
    std::string text = FormatEmail(Message("Welcome", "hi"), {"Jangteo", "no-reply@localhost"});
    EXPECT_NE(text.find("\r\nFrom: Jangteo <no-reply@localhost>\r\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\r\nSubject: Welcome\r\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\r\nMessage-ID: <" + MessageId(12345).ToString() + "@localhost>\r\n"), std::string::npos);
    // A bare address, and a name with specials that must be quoted.
    EXPECT_NE(FormatEmail(Message("x", "y"), {"", "a@b.kr"}).find("\r\nFrom: a@b.kr\r\n"), std::string::npos);
    EXPECT_NE(FormatEmail(Message("x", "y"), {"Kim, \"Minsu\"", "a@b.kr"})
                  .find("\r\nFrom: \"Kim, \\\"Minsu\\\"\" <a@b.kr>\r\n"),
              std::string::npos);
}

TEST(SmtpFormatTest, EncodedWordsFoldAndNeverSplitACharacter) {
    // 100 Hangul syllables (300 bytes): many words, each a whole number of characters.
    std::string subject;
    for (int i = 0; i < 100; ++i) subject += "가";
    std::string header = "Subject: " + EncodeHeaderText(subject, 9);
    std::vector<std::string> lines = Lines(header + "\r\n");
    ASSERT_GT(lines.size(), 5u);
    std::string decoded_total;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        EXPECT_LE(line.size(), 76u) << line;
        std::string word = i == 0 ? line.substr(9) : line.substr(1);
        if (i > 0) {
            EXPECT_EQ(line[0], ' ');
        }
        ASSERT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?=")) << word;
        EXPECT_LE(word.size(), 75u);
        std::string b64 = word.substr(10, word.size() - 12);
        // Whole characters: 3 bytes each, so each word's payload is a multiple of 4 base64
        // characters without padding.
        EXPECT_EQ(b64.size() % 4, 0u);
        EXPECT_EQ(b64.find('='), std::string::npos) << word;
        decoded_total += b64;
    }
    // 300 bytes in base64 without padding anywhere: 400 characters in all.
    EXPECT_EQ(decoded_total.size(), 400u);
}

TEST(SmtpFormatTest, ControlCharactersNeverReachAHeaderRaw) {
    // A subject with a line break (which EnqueueMessage refuses anyway) is encoded, never injected.
    std::string h = EncodeHeaderText("Hi\r\nBcc: x@evil.example", 9);
    EXPECT_EQ(h.find("\r\nBcc"), std::string::npos);
    EXPECT_TRUE(h.starts_with("=?UTF-8?B?"));
    // Long ASCII is encoded too rather than left over 78 characters.
    EXPECT_TRUE(EncodeHeaderText(std::string(80, 'a'), 9).starts_with("=?UTF-8?B?"));
    // Text that looks like an encoded-word is encoded, so that it is shown as typed.
    EXPECT_TRUE(EncodeHeaderText("=?UTF-8?B?AA==?=", 9).starts_with("=?UTF-8?B?PT9"));
    EXPECT_EQ(EncodeHeaderText("", 9), "");
}

TEST(SmtpFormatTest, BodyLineBreaksBecomeCrlfAndBase64LinesAre76) {
    EXPECT_EQ(Base64Lines(""), "");
    EXPECT_EQ(Base64Lines("f"), "Zg==\r\n");
    EXPECT_EQ(Base64Lines("fo"), "Zm8=\r\n");
    EXPECT_EQ(Base64Lines("foo"), "Zm9v\r\n");
    std::string long_text(100, 'x');
    std::vector<std::string> lines = Lines(Base64Lines(long_text));
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].size(), 76u);
    EXPECT_EQ(lines[1], "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eA==");
    // "a\nb\r\nc\rd" goes out as "a\r\nb\r\nc\r\nd".
    std::string text = FormatEmail(Message("s", "a\nb\r\nc\rd"), {"", "a@b.kr"});
    EXPECT_TRUE(text.ends_with("\r\n\r\n" + Base64Lines("a\r\nb\r\nc\r\nd"))) << text;
}

TEST(SmtpFormatTest, DateIsKoreanTime) {
    EXPECT_EQ(FormatEmailDate(kCreated), "Wed, 18 Nov 2026 20:06:40 +0900");
    // 15:00 UTC on 31 December is already the next year in Korea.
    EXPECT_EQ(FormatEmailDate(core::FromUnixMicros(1'798'729'200'000'000)), "Fri, 01 Jan 2027 00:00:00 +0900");
}

TEST(SmtpFormatTest, ParseMailbox) {
    auto plain = ParseMailbox("Jangteo <no-reply@localhost>");
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(plain->display_name, "Jangteo");
    EXPECT_EQ(plain->address, "no-reply@localhost");
    auto quoted = ParseMailbox("  \"부산 장터 \\\"공식\\\"\" <No-Reply@Jangteo.Example.kr>  ");
    ASSERT_TRUE(quoted.ok());
    EXPECT_EQ(quoted->display_name, "부산 장터 \"공식\"");
    EXPECT_EQ(quoted->address, "No-Reply@Jangteo.Example.kr");
    auto bare = ParseMailbox("ops@example.kr");
    ASSERT_TRUE(bare.ok());
    EXPECT_EQ(bare->display_name, "");
    EXPECT_EQ(bare->address, "ops@example.kr");
    for (const char* bad : {"", "no at sign", "<>", "Name <a@b.kr", "a@@b.kr", "a@b.kr>", "Name <a b@c.kr>",
                            "Name <a@b.kr\r\nBcc: x@y.kr>", "<.a@b.kr>", "a@-b.kr", "a@b..kr", "Na\nme <a@b.kr>"}) {
        auto r = ParseMailbox(bad);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error().reason, "invalid_mailbox");
    }
}

TEST(SmtpSenderTest, CreateRefusesBadSettings) {
    EXPECT_FALSE(SmtpSender::Create({.url = "http://mail.example.kr"}).ok());
    EXPECT_FALSE(SmtpSender::Create({.url = "smtp://"}).ok());
    EXPECT_FALSE(SmtpSender::Create({.url = "smtp://mail.example.kr", .from = "nobody"}).ok());
    SmtpSettings zero{.url = "smtp://mail.example.kr"};
    zero.timeout = std::chrono::milliseconds(0);
    EXPECT_FALSE(SmtpSender::Create(zero).ok());
    auto ok = SmtpSender::Create({.url = "smtps://mail.example.kr:465", .username = "u", .password = "p"});
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    // SMS are not its business, and that is final.
    StoredMessage sms = Message("", "hi");
    sms.channel = Channel::kSms;
    auto r = (*ok)->Send(sms);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, core::ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace jangteo::platform

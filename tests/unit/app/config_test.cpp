#include "app/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace jangteo::app {
namespace {

namespace fs = std::filesystem;
using Sources = std::vector<std::pair<std::string, SettingValues>>;

TEST(ConfigTest, DefaultsWithoutSources) {
    auto s = ResolveSettings({});
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->db, "./data/jangteo.db");
    EXPECT_EQ(s->listen_host, "127.0.0.1");
    EXPECT_EQ(s->listen_port, 8080);
    EXPECT_EQ(s->threads, 0);
    EXPECT_EQ(s->log_format, core::log::Format::kJson);
    EXPECT_TRUE(s->migrate);
    EXPECT_EQ(s->operator_defaults.name_ko, "부산 장터");
}

TEST(ConfigTest, RegionFileIsEmptyForBusanUnlessGiven) {
    auto busan = ResolveSettings({});
    ASSERT_TRUE(busan.ok());
    EXPECT_EQ(busan->region_file, "");
    auto other = ResolveSettings({{"environment", {{"region_file", "/etc/jangteo/gyeongnam.toml"}}}});
    ASSERT_TRUE(other.ok()) << other.error().message;
    EXPECT_EQ(other->region_file, "/etc/jangteo/gyeongnam.toml");
    EXPECT_EQ(ReadSettingsEnv({"JANGTEO_REGION_FILE=region.toml"}), (SettingValues{{"region_file", "region.toml"}}));
}

TEST(ConfigTest, LaterSourcesWin) {
    Sources sources = {
        {"config file app.toml", {{"listen", "10.0.0.1:7000"}, {"threads", "2"}, {"db", "file.db"}}},
        {"environment", {{"listen", "10.0.0.2:7001"}, {"threads", "3"}}},
        {"command line", {{"listen", "10.0.0.3:7002"}}},
    };
    auto s = ResolveSettings(sources);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->listen_host, "10.0.0.3");
    EXPECT_EQ(s->listen_port, 7002);
    EXPECT_EQ(s->threads, 3);
    EXPECT_EQ(s->db, "file.db");
}

TEST(ConfigTest, ParsesEveryKindOfValue) {
    Sources sources = {{"command line",
                        {{"threads", "8"},
                         {"web_root", "/srv/web"},
                         {"log_level", "debug"},
                         {"log_format", "text"},
                         {"migrate", "off"},
                         {"db_pool_size", "16"},
                         {"db_acquire_timeout_ms", "250"},
                         {"sqlite_synchronous", "normal"},
                         {"body_limit", "2048"},
                         {"header_limit", "4096"},
                         {"max_connections", "10"},
                         {"header_timeout_ms", "100"},
                         {"body_timeout_ms", "200"},
                         {"shutdown_grace_ms", "0"},
                         {"operator.name_ko", "서울 장터"},
                         {"operator.name_en", "Seoul Jangteo"},
                         {"operator.region_ko", "서울특별시"},
                         {"operator.region_en", "Seoul"}}}};
    auto s = ResolveSettings(sources);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->threads, 8);
    EXPECT_EQ(s->web_root, "/srv/web");
    EXPECT_EQ(s->log_level, core::log::Level::kDebug);
    EXPECT_EQ(s->log_format, core::log::Format::kText);
    EXPECT_FALSE(s->migrate);
    EXPECT_EQ(s->db_pool_size, 16);
    EXPECT_EQ(s->db_acquire_timeout_ms, 250);
    EXPECT_FALSE(s->sqlite_synchronous_full);
    EXPECT_EQ(s->body_limit, 2048U);
    EXPECT_EQ(s->header_limit, 4096U);
    EXPECT_EQ(s->max_connections, 10);
    EXPECT_EQ(s->header_timeout_ms, 100);
    EXPECT_EQ(s->body_timeout_ms, 200);
    EXPECT_EQ(s->shutdown_grace_ms, 0);
    EXPECT_EQ(s->operator_defaults.name_ko, "서울 장터");
    EXPECT_EQ(s->operator_defaults.name_en, "Seoul Jangteo");
    EXPECT_EQ(s->operator_defaults.region_ko, "서울특별시");
    EXPECT_EQ(s->operator_defaults.region_en, "Seoul");
}

TEST(ConfigTest, EverySpecIsAccepted) {
    // Every documented key is known to the resolver.
    for (const SettingSpec& spec : SettingSpecs()) {
        EXPECT_FALSE(spec.description.empty()) << spec.key;
        auto s = ResolveSettings({{"test", {{spec.key, "\x02"}}}});
        EXPECT_TRUE(s.ok() || s.error().message.find("unknown setting") == std::string::npos) << spec.key;
    }
}

struct ListenCase {
    const char* text;
    const char* host;  // nullptr: refused
    unsigned short port;
    const char* says = "";  // for a refused one: part of the message
};

class ListenTest : public testing::TestWithParam<ListenCase> {};

TEST_P(ListenTest, Parses) {
    auto s = ResolveSettings({{"command line", {{"listen", GetParam().text}}}});
    if (!GetParam().host) {
        ASSERT_FALSE(s.ok());
        EXPECT_NE(s.error().message.find("listen"), std::string::npos) << s.error().message;
        EXPECT_NE(s.error().message.find(GetParam().says), std::string::npos) << s.error().message;
        return;
    }
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->listen_host, GetParam().host);
    EXPECT_EQ(s->listen_port, GetParam().port);
}

INSTANTIATE_TEST_SUITE_P(Accepted, ListenTest,
                         testing::Values(ListenCase{"127.0.0.1:8080", "127.0.0.1", 8080},
                                         ListenCase{"[::1]:8080", "::1", 8080}, ListenCase{"[::]:443", "::", 443},
                                         ListenCase{":8080", "0.0.0.0", 8080}, ListenCase{"10.1.2.3:0", "10.1.2.3", 0},
                                         ListenCase{"0.0.0.0:65535", "0.0.0.0", 65535},
                                         ListenCase{"[fe80::1]:9000", "fe80::1", 9000}));

INSTANTIATE_TEST_SUITE_P(
    Refused, ListenTest,
    testing::Values(ListenCase{"localhost", nullptr, 0, "host:port"}, ListenCase{"::1:8080", nullptr, 0, "host:port"},
                    ListenCase{"[::1]", nullptr, 0, "host:port"}, ListenCase{"[::1]8080", nullptr, 0, "host:port"},
                    ListenCase{"[::1:8080", nullptr, 0, "host:port"}, ListenCase{"", nullptr, 0, "host:port"},
                    ListenCase{"localhost:8080", nullptr, 0, "not an IP address"},
                    ListenCase{"999.1.1.1:80", nullptr, 0, "not an IP address"},
                    ListenCase{"[nope]:80", nullptr, 0, "not an IP address"}));

TEST(ConfigTest, ListenPortOutOfRange) {
    for (const char* text :
         {"127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:80x", "[::1]:", "[::1]:99999"}) {
        SCOPED_TRACE(text);
        auto s = ResolveSettings({{"environment", {{"listen", text}}}});
        ASSERT_FALSE(s.ok());
        EXPECT_NE(s.error().message.find("from 0 to 65535"), std::string::npos) << s.error().message;
    }
}

struct BadCase {
    const char* key;
    std::string value;
    const char* says;
};

class BadSettingTest : public testing::TestWithParam<BadCase> {};

TEST_P(BadSettingTest, OneClearMessage) {
    Sources sources = {{"config file /etc/jangteo.toml", {{"threads", "4"}}},
                       {"environment", {{GetParam().key, GetParam().value}}}};
    auto s = ResolveSettings(sources);
    ASSERT_FALSE(s.ok());
    const core::Error& e = s.error();
    EXPECT_EQ(e.code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(e.reason, "bad_setting");
    EXPECT_NE(e.message.find(std::string("bad setting ") + GetParam().key + "=\""), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("(from environment)"), std::string::npos) << e.message;
    EXPECT_NE(e.message.find(GetParam().says), std::string::npos) << e.message;
    EXPECT_EQ(e.message.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadSettingTest,
    testing::Values(BadCase{"threads", "-1", "from 0 to 256"}, BadCase{"threads", "257", "from 0 to 256"},
                    BadCase{"threads", "four", "whole number"}, BadCase{"threads", "", "whole number"},
                    BadCase{"threads", "4.0", "whole number"}, BadCase{"threads", " 4", "whole number"},
                    BadCase{"threads", "99999999999999999999", "whole number"},
                    BadCase{"listen", "nowhere", "host:port"}, BadCase{"log_level", "verbose", "debug, info"},
                    BadCase{"log_format", "xml", "json or text"}, BadCase{"migrate", "maybe", "true or false"},
                    BadCase{"db", "", "must not be empty"}, BadCase{"sqlite_synchronous", "off", "full or normal"},
                    BadCase{"body_limit", "10", "from 1024"}, BadCase{"db_acquire_timeout_ms", "0", "from 1"},
                    BadCase{"max_connections", "0", "from 1"}, BadCase{"operator.name_ko", "", "must not be empty"},
                    BadCase{"operator.region_en", "", "must not be empty"}));

INSTANTIATE_TEST_SUITE_P(
    MailCases, BadSettingTest,
    testing::Values(BadCase{"public_url", "jangteo.example.kr", "http:// or https://"},
                    BadCase{"public_url", "ftp://jangteo.example.kr", "http:// or https://"},
                    BadCase{"public_url", "https://jangteo.example.kr/", "no trailing slash"},
                    BadCase{"public_url", "https://jangteo.example.kr/shop", "no path"},
                    BadCase{"public_url", "https://jangteo.example.kr?x=1", "no path, query"},
                    BadCase{"public_url", "https://user@jangteo.example.kr", "no path, query or user"},
                    BadCase{"public_url", "https://", "a host name"},
                    BadCase{"public_url", "https://bad_host.kr", "a host name"},
                    BadCase{"public_url", "https://jangteo.example.kr:0", "from 1 to 65535"},
                    BadCase{"public_url", "https://jangteo.example.kr:", "from 1 to 65535"},
                    BadCase{"public_url", "http://[::1", "must be like"},
                    BadCase{"public_url", "http://[nope]:80", "not an IPv6 address"},
                    BadCase{"mail_sender", "sendmail", "dev or smtp"}, BadCase{"mail_dir", "", "must not be empty"},
                    BadCase{"mail_from", "Jangteo", "an address like"},
                    BadCase{"mail_from", "Jangteo <no reply@x.kr>", "an address like"},
                    BadCase{"smtp_url", "mail.example.kr:587", "smtp:// (STARTTLS when offered) or smtps://"},
                    BadCase{"smtp_url", "smtp://mail.example.kr:587/", "no trailing slash"},
                    BadCase{"smtp_url", "smtps://:465", "a host name"}));

TEST(ConfigTest, MailDefaultsAndValues) {
    auto d = ResolveSettings({});
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->public_url, "http://127.0.0.1:8080");
    EXPECT_EQ(d->mail_sender, MailSender::kDev);
    EXPECT_EQ(d->mail_dir, "./data/outbox");
    EXPECT_EQ(d->mail_from, "Jangteo <no-reply@localhost>");
    EXPECT_EQ(d->smtp_url, "");

    auto s = ResolveSettings({{"config file jangteo.toml",
                               {{"public_url", "https://jangteo.example.kr"},
                                {"mail_sender", "smtp"},
                                {"mail_dir", "/var/lib/jangteo/outbox"},
                                {"mail_from", "부산 장터 <no-reply@jangteo.example.kr>"},
                                {"smtp_url", "smtp://mail.example.kr:587"},
                                {"smtp_username", "jangteo"}}},
                              {"environment", {{"smtp_password", "s3cret-pw"}}}});
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->public_url, "https://jangteo.example.kr");
    EXPECT_EQ(s->mail_sender, MailSender::kSmtp);
    EXPECT_EQ(s->mail_dir, "/var/lib/jangteo/outbox");
    EXPECT_EQ(s->mail_from, "부산 장터 <no-reply@jangteo.example.kr>");
    EXPECT_EQ(s->smtp_url, "smtp://mail.example.kr:587");
    EXPECT_EQ(s->smtp_username, "jangteo");
    EXPECT_EQ(s->smtp_password, "s3cret-pw");

    for (const char* url : {"http://localhost:8080", "https://shop.busan.example.kr", "http://[::1]:8080",
                            "https://10.0.0.5", "http://[2001:db8::1]"}) {
        auto ok = ResolveSettings({{"flags", {{"public_url", url}}}});
        EXPECT_TRUE(ok.ok()) << url << ": " << ok.error().message;
    }
    EXPECT_TRUE(ResolveSettings({{"flags", {{"smtp_url", "smtps://[::1]:465"}}}}).ok());
}

TEST(ConfigTest, SmtpNeedsItsUrlAndThePasswordIsNeverShown) {
    auto s = ResolveSettings({{"environment", {{"mail_sender", "smtp"}, {"smtp_password", "hunter2-secret"}}}});
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("mail_sender=smtp needs smtp_url"), std::string::npos) << s.error().message;
    EXPECT_EQ(s.error().message.find("hunter2"), std::string::npos);
    // A later source can supply it.
    EXPECT_TRUE(ResolveSettings({{"environment", {{"mail_sender", "smtp"}}},
                                 {"command line", {{"smtp_url", "smtp://127.0.0.1:2525"}}}})
                    .ok());
    // The secrets are exactly these.
    std::vector<std::string> secrets;
    for (const SettingSpec& spec : SettingSpecs()) {
        if (spec.secret) secrets.push_back(spec.key);
    }
    EXPECT_EQ(secrets, (std::vector<std::string>{"smtp_password", "test_gateway_secret"}));
}

TEST(ConfigTest, PaymentTimeoutsAndTheGatewaySecretAreChecked) {
    auto s =
        ResolveSettings({{"environment", {{"bank_transfer_timeout_minutes", "60"}, {"payment_sweep_seconds", "5"}}}});
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->bank_transfer_timeout_minutes, 60);
    EXPECT_EQ(s->card_payment_timeout_minutes, 15);
    EXPECT_EQ(s->payment_sweep_seconds, 5);
    EXPECT_FALSE(ResolveSettings({{"environment", {{"card_payment_timeout_minutes", "0"}}}}).ok());
    auto short_secret = ResolveSettings({{"environment", {{"test_gateway_secret", "hunter2"}}}});
    ASSERT_FALSE(short_secret.ok());
    EXPECT_EQ(short_secret.error().message.find("hunter2"), std::string::npos) << "a secret is never shown";
}

TEST(ConfigTest, UnknownSettingNamesItsSource) {
    auto s = ResolveSettings({{"command line", {{"colour", "red"}}}});
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message, "unknown setting 'colour' (from command line)");
}

TEST(ConfigTest, LongBadValuesAreShortened) {
    auto s = ResolveSettings({{"environment", {{"log_level", std::string(500, 'x')}}}});
    ASSERT_FALSE(s.ok());
    EXPECT_LT(s.error().message.size(), 200U);
    EXPECT_NE(s.error().message.find(std::string(80, 'x') + "…\""), std::string::npos) << s.error().message;
}

TEST(ConfigTest, ReadSettingsEnvMapsVariables) {
    SettingValues values = ReadSettingsEnv({
        "PATH=/usr/bin",
        "JANGTEO_LISTEN=:9000",
        "JANGTEO_DB=postgresql://u@h/db?sslmode=require",
        "JANGTEO_DB_POOL_SIZE=4",
        "JANGTEO_OPERATOR_NAME_KO=서울 장터",
        "JANGTEO_SQLITE_SYNCHRONOUS=normal",
        "JANGTEO_CONFIG=/etc/jangteo.toml",
        "JANGTEO_NOT_A_SETTING=1",
        "jangteo_threads=3",
        "JANGTEO_THREADS",
        "XJANGTEO_MIGRATE=false",
        "JANGTEO_WEB_ROOT=",
    });
    SettingValues expected = {
        {"listen", ":9000"},
        {"db", "postgresql://u@h/db?sslmode=require"},
        {"db_pool_size", "4"},
        {"operator.name_ko", "서울 장터"},
        {"sqlite_synchronous", "normal"},
        {"web_root", ""},
    };
    EXPECT_EQ(values, expected);
}

class ConfigFileTest : public testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "jangteo-config-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
    }
    void TearDown() override {
        std::error_code ec;
        if (!dir_.empty()) fs::remove_all(dir_, ec);
    }
    std::string WriteFile(const std::string& content) {
        std::string path = (dir_ / "jangteo.toml").string();
        std::ofstream(path) << content;
        return path;
    }
    fs::path dir_;
};

TEST_F(ConfigFileTest, ReadsTopLevelKeysAndTheOperatorTable) {
    std::string path = WriteFile(R"(# settings
listen = "[::1]:9090"
threads = 4
migrate = false
log_format = "text"

[operator]
name_ko = "서울 장터"
region_en = "Seoul"
)");
    auto values = ReadSettingsFile(path);
    ASSERT_TRUE(values.ok()) << values.error().message;
    SettingValues expected = {{"listen", "[::1]:9090"},
                              {"threads", "4"},
                              {"migrate", "false"},
                              {"log_format", "text"},
                              {"operator.name_ko", "서울 장터"},
                              {"operator.region_en", "Seoul"}};
    EXPECT_EQ(*values, expected);

    auto s = ResolveSettings({{"config file " + path, *values}});
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->listen_host, "::1");
    EXPECT_EQ(s->listen_port, 9090);
    EXPECT_EQ(s->threads, 4);
    EXPECT_FALSE(s->migrate);
    EXPECT_EQ(s->operator_defaults.name_ko, "서울 장터");
    EXPECT_EQ(s->operator_defaults.name_en, "Busan Jangteo");
}

TEST_F(ConfigFileTest, RefusesUnknownKeys) {
    struct Case {
        const char* content;
        const char* says;
    };
    const Case cases[] = {
        {"colour = \"red\"\n", "unknown setting 'colour'"},
        {"[operator]\nnickname = \"x\"\n", "unknown setting 'operator.nickname'"},
        {"[server]\nport = 8080\n", "unknown setting 'server'"},
        {"operator = \"x\"\n", "unknown setting 'operator'"},
        {"threads = [1, 2]\n", "setting 'threads' must be a value"},
        {"[operator]\nname_ko = { a = 1 }\n", "setting 'operator.name_ko' must be a value"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.content);
        std::string path = WriteFile(c.content);
        auto values = ReadSettingsFile(path);
        ASSERT_FALSE(values.ok());
        EXPECT_EQ(values.error().reason, "bad_setting");
        EXPECT_NE(values.error().message.find(c.says), std::string::npos) << values.error().message;
        EXPECT_NE(values.error().message.find(path), std::string::npos) << values.error().message;
    }
}

TEST_F(ConfigFileTest, SyntaxErrorNamesTheLine) {
    std::string path = WriteFile("threads = 4\nlog_level = \"info\"\nlisten = \"unterminated\n");
    auto values = ReadSettingsFile(path);
    ASSERT_FALSE(values.ok());
    EXPECT_NE(values.error().message.find(path + ":3:"), std::string::npos) << values.error().message;
}

TEST_F(ConfigFileTest, MissingFileIsAnError) {
    std::string path = (dir_ / "absent.toml").string();
    auto values = ReadSettingsFile(path);
    ASSERT_FALSE(values.ok());
    EXPECT_NE(values.error().message.find(path), std::string::npos) << values.error().message;
}

}  // namespace
}  // namespace jangteo::app

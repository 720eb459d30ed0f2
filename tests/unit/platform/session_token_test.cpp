// Session tokens without a database: their shape, the base64url spelling, the refusal of anything
// that is not exactly that shape (so Resolve can refuse it before a query), the stored SHA-256 form
// and the cleaning of header text before it is stored.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <set>
#include <string>

#include "platform/session.hpp"

namespace jangteo::platform {
namespace {

// Gives the same byte over and over, so that the expected spelling can be worked out by hand.
class ConstantRandom final : public core::Random {
public:
    explicit ConstantRandom(std::uint8_t byte) : byte_(byte) {}
    void Fill(void* data, std::size_t size) override { std::memset(data, byte_, size); }

private:
    std::uint8_t byte_;
};

TEST(SessionTokenTest, KnownSpellings) {
    ConstantRandom zeros(0x00), ones(0xFF), dashes(0xFB);
    EXPECT_EQ(NewSessionToken(zeros), std::string(43, 'A'));
    // 256 one-bits: 42 full sextets, then 1111 padded with two zero bits = 60 = '8'.
    EXPECT_EQ(NewSessionToken(ones), std::string(42, '_') + "8");
    // 0xFB 0xFB 0xFB = 111110 111111 101111 111011: '-', '_', 'v', '7': the URL-safe letters, no '+' or '/'.
    EXPECT_TRUE(NewSessionToken(dashes).starts_with("-_v7"));
    std::array<std::uint8_t, kSessionTokenBytes> counting{};
    for (std::size_t i = 0; i < counting.size(); ++i) counting[i] = static_cast<std::uint8_t>(i);
    EXPECT_EQ(EncodeBase64Url(counting), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
}

TEST(SessionTokenTest, RandomTokensHaveTheShapeAndDiffer) {
    core::SeededRandom random(42);
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        std::string token = NewSessionToken(random);
        EXPECT_EQ(token.size(), kSessionTokenChars);
        EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                  std::string::npos)
            << token;
        EXPECT_TRUE(IsWellFormedSessionToken(token)) << token;
        seen.insert(token);
    }
    EXPECT_EQ(seen.size(), 200u);
}

TEST(SessionTokenTest, MalformedTokensAreRefused) {
    const std::string good = std::string(42, 'a') + "A";
    ASSERT_TRUE(IsWellFormedSessionToken(good));
    struct Case {
        std::string token;
        const char* why;
    };
    const Case cases[] = {
        {"", "empty"},
        {good.substr(1), "42 characters"},
        {good + "A", "44 characters"},
        {good.substr(0, 42) + "=", "padding"},
        {"+" + good.substr(1), "standard base64 '+'"},
        {"/" + good.substr(1), "standard base64 '/'"},
        {" " + good.substr(1), "space"},
        {good.substr(0, 21) + std::string(1, '\0') + good.substr(22), "NUL"},
        {good.substr(0, 40) + "한", "non-ASCII"},
        {good.substr(0, 42) + "B", "non-zero padding bits (a second spelling of one token)"},
        {std::string(42, '_') + "_", "all ones with padding bits set"},
    };
    for (const Case& c : cases) EXPECT_FALSE(IsWellFormedSessionToken(c.token)) << c.why;
}

TEST(SessionTokenTest, HashIsLowerHexSha256) {
    EXPECT_EQ(HashSessionToken(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(HashSessionToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    std::string token = std::string(43, 'A');
    EXPECT_EQ(HashSessionToken(token).size(), 64u);
    EXPECT_NE(HashSessionToken(token), token);
}

TEST(SessionTokenTest, HeaderTextIsCleanedAndCut) {
    EXPECT_EQ(SanitizeHeaderText("Mozilla/5.0 (X11)", 256), "Mozilla/5.0 (X11)");
    EXPECT_EQ(SanitizeHeaderText("a\tb\nc\x7f", 256), "a?b?c?");
    EXPECT_EQ(SanitizeHeaderText("삼성", 256), "??????");  // UTF-8 bytes never reach the store half cut
    EXPECT_EQ(SanitizeHeaderText(std::string(1000, 'x'), kMaxUserAgentBytes).size(), kMaxUserAgentBytes);
}

}  // namespace
}  // namespace jangteo::platform

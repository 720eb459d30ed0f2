// The webhook signature: a good one passes; a wrong secret, a changed body, a time more than five
// minutes away either way, and every malformed or missing header are refused as bad_signature.
#include "orders/payment_webhook.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

namespace jangteo::orders {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kSecret = "whsec_test_0123456789abcdef";
constexpr std::string_view kBody = R"({"id":"evt_1","type":"payment.captured","data":{"charge_reference":"tgc_1"}})";
const core::TimePoint kNow = core::FromUnixMicros(1'795'000'000'123'456);

void ExpectBad(const core::Status& st, std::string_view why) {
    ASSERT_FALSE(st.ok()) << why;
    EXPECT_EQ(st.error().code, core::ErrorCode::kUnauthenticated) << why;
    EXPECT_EQ(st.error().reason, "bad_signature") << why;
}

TEST(WebhookSignatureTest, FormAndKnownValue) {
    // The value computed apart from this code: HMAC-SHA256(secret, "1795000000." + body), in hex.
    EXPECT_EQ(SignWebhook(kSecret, kNow, kBody),
              "t=1795000000,v1=4e89f14d85bec65793e323288ac4c4b929e7c9f6c90562601e25e59bce010fab");
    std::string header = SignWebhook(kSecret, kNow, kBody);
    EXPECT_NE(SignWebhook("another_secret_0123456", kNow, kBody), header);
    EXPECT_NE(SignWebhook(kSecret, kNow + 1s, kBody), header);
    EXPECT_NE(SignWebhook(kSecret, kNow, std::string(kBody) + " "), header);
}

TEST(WebhookSignatureTest, AGoodSignaturePasses) {
    std::string header = SignWebhook(kSecret, kNow, kBody);
    EXPECT_TRUE(VerifyWebhookSignature(kSecret, header, kBody, kNow).ok());
    // Within five minutes either way (clock skew between the gateway and us).
    EXPECT_TRUE(VerifyWebhookSignature(kSecret, header, kBody, kNow + 299s).ok());
    EXPECT_TRUE(VerifyWebhookSignature(kSecret, header, kBody, kNow - 300s).ok());
    // Spaces after commas, unknown keys, and a second v1 (secret rotation) are fine.
    std::string v1 = header.substr(13);
    std::string old = SignWebhook("the_old_secret_0123456", kNow, kBody).substr(13);
    EXPECT_TRUE(VerifyWebhookSignature(kSecret, "t=1795000000, v0=abc, " + old + ", " + v1, kBody, kNow).ok());
}

TEST(WebhookSignatureTest, AWrongSecretIsRefused) {
    std::string header = SignWebhook("not_the_secret_0123456", kNow, kBody);
    ExpectBad(VerifyWebhookSignature(kSecret, header, kBody, kNow), "wrong secret");
}

TEST(WebhookSignatureTest, ATamperedBodyIsRefused) {
    std::string header = SignWebhook(kSecret, kNow, kBody);
    std::string tampered(kBody);
    tampered.replace(tampered.find("tgc_1"), 5, "tgc_2");
    ExpectBad(VerifyWebhookSignature(kSecret, header, tampered, kNow), "tampered body");
    ExpectBad(VerifyWebhookSignature(kSecret, header, std::string(kBody) + "\n", kNow), "appended newline");
}

TEST(WebhookSignatureTest, AStaleOrFutureTimestampIsRefused) {
    std::string header = SignWebhook(kSecret, kNow, kBody);
    ExpectBad(VerifyWebhookSignature(kSecret, header, kBody, kNow + 301s), "replayed six minutes later");
    ExpectBad(VerifyWebhookSignature(kSecret, header, kBody, kNow - 301s), "signed in the future");
    ExpectBad(VerifyWebhookSignature(kSecret, header, kBody, kNow + 24h), "a day old");
    // Re-signing the old signature with a new time is what an attacker cannot do: the time is signed.
    std::string v1 = header.substr(header.find("v1="));
    std::string moved = "t=" + std::to_string(core::ToUnixMicros(kNow + 1h) / 1'000'000) + "," + v1;
    ExpectBad(VerifyWebhookSignature(kSecret, moved, kBody, kNow + 1h), "time moved");
}

TEST(WebhookSignatureTest, MalformedOrMissingHeadersAreRefused) {
    std::string good = SignWebhook(kSecret, kNow, kBody);
    std::string v1 = good.substr(good.find("v1="));
    const std::string cases[] = {
        "",
        "garbage",
        "t=1795000000",                                    // no v1
        v1,                                                // no t
        "t=," + v1,                                        // empty t
        "t=-1795000000," + v1,                             // not digits
        "t=1795000000000000000," + v1,                     // absurd
        "t=1795000000,t=1795000000," + v1,                 // t twice
        "t=1795000000,v1=abcd",                            // short
        "t=1795000000,v1=" + std::string(64, 'z'),         // not hex
        "t=1795000000,=x," + v1,                           // empty key
        "t=1795000000,a=1,b=2,c=3,d=4,e=5,f=6,g=7," + v1,  // too many entries
        std::string(2000, 'a'),                            // too long
    };
    for (const std::string& header : cases) {
        ExpectBad(VerifyWebhookSignature(kSecret, header, kBody, kNow), header.substr(0, 80));
    }
    ExpectBad(VerifyWebhookSignature(kSecret, std::nullopt, kBody, kNow), "no header");
}

}  // namespace
}  // namespace jangteo::orders

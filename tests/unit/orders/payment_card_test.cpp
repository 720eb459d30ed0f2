// The test card gateway's rules without a store: the Luhn check, the decision by card number, expiry
// (through the end of its month in Korea) and CVC, and the shape check of what a customer types.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "orders/payment_provider.hpp"
#include "orders/payment_test_card.hpp"

namespace jangteo::orders {
namespace {

// 2026-11-22 03:04:05 UTC, 12:04 in Korea.
const core::TimePoint kNow = *core::ParseRfc3339("2026-11-22T03:04:05Z");

TEST(LuhnTest, KnownNumbers) {
    EXPECT_TRUE(LuhnValid("4242424242424242"));
    EXPECT_TRUE(LuhnValid("4000000000000002"));
    EXPECT_TRUE(LuhnValid("4000000000009995"));
    EXPECT_TRUE(LuhnValid("4000000000000077"));
    EXPECT_TRUE(LuhnValid("5555555555554444"));
    EXPECT_TRUE(LuhnValid("79927398713"));
    EXPECT_FALSE(LuhnValid("4242424242424241"));
    EXPECT_FALSE(LuhnValid("79927398710"));
    EXPECT_FALSE(LuhnValid(""));
    EXPECT_FALSE(LuhnValid("0"));
    EXPECT_FALSE(LuhnValid("4242 4242 4242 4242"));  // digits only
}

struct CardCase {
    std::string number, expiry, cvc;
    ChargeStatus status;
    std::string decline;
};

TEST(TestCardRulesTest, DecisionTable) {
    const std::vector<CardCase> cases = {
        {"4242424242424242", "12/29", "123", ChargeStatus::kCaptured, ""},
        {"4000000000000002", "12/29", "123", ChargeStatus::kDeclined, "card_declined"},
        {"4000000000009995", "12/29", "123", ChargeStatus::kDeclined, "insufficient_funds"},
        {"4000000000000077", "12/29", "123", ChargeStatus::kPending, ""},
        {"5555555555554444", "12/29", "123", ChargeStatus::kCaptured, ""},  // any other valid number
        {"4242424242424241", "12/29", "123", ChargeStatus::kDeclined, "invalid_number"},
        {"4000000000000003", "12/29", "123", ChargeStatus::kDeclined, "invalid_number"},  // 0002 with a typo
        {"4242424242424242", "10/26", "123", ChargeStatus::kDeclined, "expired_card"},
        {"4242424242424242", "11/26", "123", ChargeStatus::kCaptured, ""},  // good through November
        {"4242424242424242", "12/25", "123", ChargeStatus::kDeclined, "expired_card"},
        {"4242424242424242", "13/29", "123", ChargeStatus::kDeclined, "expired_card"},
        {"4242424242424242", "1229", "123", ChargeStatus::kDeclined, "expired_card"},
        {"4242424242424242", "12/29", "12", ChargeStatus::kDeclined, "invalid_cvc"},
        {"4242424242424242", "12/29", "1234", ChargeStatus::kDeclined, "invalid_cvc"},
        {"4242424242424242", "12/29", "12a", ChargeStatus::kDeclined, "invalid_cvc"},
        // Luhn first: a bad number with a past expiry is an invalid number.
        {"4242424242424241", "01/20", "1", ChargeStatus::kDeclined, "invalid_number"},
    };
    for (const CardCase& c : cases) {
        TestCardDecision d = DecideTestCard(c.number, c.expiry, c.cvc, kNow);
        EXPECT_EQ(d.status, c.status) << c.number << " " << c.expiry << " " << c.cvc;
        EXPECT_EQ(d.decline_code, c.decline) << c.number << " " << c.expiry << " " << c.cvc;
    }
}

TEST(TestCardRulesTest, ExpiryFollowsTheKoreanCalendar) {
    // 2026-11-30 15:30 UTC is already 2026-12-01 in Korea: a card of 11/26 has expired there.
    core::TimePoint late = *core::ParseRfc3339("2026-11-30T15:30:00Z");
    EXPECT_EQ(DecideTestCard("4242424242424242", "11/26", "123", late).decline_code, "expired_card");
    core::TimePoint earlier = *core::ParseRfc3339("2026-11-30T14:59:59Z");
    EXPECT_EQ(DecideTestCard("4242424242424242", "11/26", "123", earlier).status, ChargeStatus::kCaptured);
}

TEST(CardInputTest, NormalizesTheNumber) {
    auto card = NormalizeCardInput({.number = "4242 4242-4242 4242", .expiry = "12/29", .cvc = "123"});
    ASSERT_TRUE(card.ok()) << card.error().message;
    EXPECT_EQ(card->number, "4242424242424242");
    EXPECT_EQ(card->expiry, "12/29");
    EXPECT_EQ(card->cvc, "123");
}

TEST(CardInputTest, AToken) {
    auto card = NormalizeCardInput({.token = "tok_4242424242424242"});
    ASSERT_TRUE(card.ok());
    EXPECT_EQ(card->token, "tok_4242424242424242");
}

std::vector<std::string> FieldsOf(const core::Result<CardInput>& r) {
    std::vector<std::string> out;
    if (r.ok()) return out;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().reason, "invalid_card");
    for (const auto& f : r.error().fields) out.push_back(f.field + ":" + f.code);
    return out;
}

TEST(CardInputTest, NamesEveryBadField) {
    using V = std::vector<std::string>;
    EXPECT_EQ(FieldsOf(NormalizeCardInput({})),
              (V{"card.number:required", "card.expiry:required", "card.cvc:required"}));
    EXPECT_EQ(FieldsOf(NormalizeCardInput({.number = "4242x", .expiry = "2029-12", .cvc = "12"})),
              (V{"card.number:invalid_number", "card.expiry:invalid_expiry", "card.cvc:invalid_cvc"}));
    EXPECT_EQ(FieldsOf(NormalizeCardInput({.number = "42424242424", .expiry = "00/29", .cvc = "12345"})),
              (V{"card.number:invalid_number", "card.expiry:invalid_expiry", "card.cvc:invalid_cvc"}));
    EXPECT_EQ(FieldsOf(NormalizeCardInput({.number = "42424242424242424242", .expiry = "12/29", .cvc = "123"})),
              (V{"card.number:invalid_number"}));
    EXPECT_EQ(FieldsOf(NormalizeCardInput({.token = "tok", .number = "4242424242424242"})),
              (V{"card.token:token_or_fields"}));
    EXPECT_EQ(FieldsOf(NormalizeCardInput({.token = "tok with space"})), (V{"card.token:invalid_token"}));
    EXPECT_EQ(FieldsOf(NormalizeCardInput({.token = std::string(201, 'a')})), (V{"card.token:invalid_token"}));
}

TEST(PaymentProvidersTest, FindsByCodeAndRefusesTwins) {
    class Fake final : public PaymentProvider {
    public:
        explicit Fake(std::string code) : code_(std::move(code)) {}
        std::string_view code() const override { return code_; }
        core::Result<ChargeResult> Charge(const ChargeRequest&) override { return ChargeResult{}; }
        core::Result<RefundResult> Refund(const RefundRequest&) override { return RefundResult{}; }
        core::Result<std::vector<PaymentEvent>> ParseWebhook(const WebhookHeaders&, std::string_view) override {
            return std::vector<PaymentEvent>{};
        }

    private:
        std::string code_;
    };
    Fake a("toss"), b("test_card"), twin("toss");
    PaymentProviders providers;
    providers.Add(a);
    providers.Add(b);
    EXPECT_EQ(providers.Find("toss"), &a);
    EXPECT_EQ(providers.Find("test_card"), &b);
    EXPECT_EQ(providers.Find("nicepay"), nullptr);
    EXPECT_THROW(providers.Add(twin), std::invalid_argument);
}

TEST(WebhookHeadersTest, FindsWithoutCase) {
    WebhookHeaders headers{{"content-type", "application/json"}, {"Jangteo-Signature", "t=1,v1=00"}};
    EXPECT_EQ(FindHeader(headers, "jangteo-signature"), "t=1,v1=00");
    EXPECT_EQ(FindHeader(headers, "CONTENT-TYPE"), "application/json");
    EXPECT_FALSE(FindHeader(headers, "x-other").has_value());
}

}  // namespace
}  // namespace jangteo::orders

// Payments on every backend: pending rows per order of a checkout; a card checkout charged once at
// the test gateway for its total, declined and charged again, refused a second time with nothing
// charged twice; a pending charge settled by a signed webhook, applied once however often it comes;
// forged webhooks refused; staff confirmations and cancellations; refunds, partial and beyond the
// limit; a lost gateway answer asked again with the same key; and two servers racing to charge one
// checkout charging it exactly once.
#include "orders/payment.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "merchant_fixture.hpp"
#include "orders/payment_test_card.hpp"
#include "orders/payment_webhook.hpp"

namespace jangteo::store_test {
namespace {

using namespace std::chrono_literals;
using orders::CardInput;
using orders::ChargeStatus;
using orders::CheckoutId;
using orders::OrderId;
using orders::Payment;
using orders::PaymentMethod;
using orders::PaymentState;
using orders::RefundState;
using platform::MerchantId;

constexpr std::string_view kSecret = "whsec_store_test_0123456789";

CardInput Card(std::string number) {
    return {.number = std::move(number), .expiry = "12/29", .cvc = "123"};
}

// A provider that passes every call to the test gateway but, while `lose_answers` is set, throws the
// gateway's answer away and reports a timeout: the charge went through, the server never learnt it.
class LossyProvider final : public orders::PaymentProvider {
public:
    explicit LossyProvider(orders::PaymentProvider& inner) : inner_(inner) {}
    std::string_view code() const override { return "lossy"; }
    core::Result<orders::ChargeResult> Charge(const orders::ChargeRequest& request) override {
        auto r = inner_.Charge(request);
        keys.push_back(request.idempotency_key);
        if (lose_answers) return core::Error::Unavailable("gateway_timeout", "no answer in time");
        return r;
    }
    core::Result<orders::RefundResult> Refund(const orders::RefundRequest& request) override {
        return inner_.Refund(request);
    }
    core::Result<std::vector<orders::PaymentEvent>> ParseWebhook(const orders::WebhookHeaders& headers,
                                                                 std::string_view body) override {
        return inner_.ParseWebhook(headers, body);
    }

    bool lose_answers = true;
    std::vector<std::string> keys;

private:
    orders::PaymentProvider& inner_;
};

class PaymentTest : public MerchantFixture {
protected:
    void SetUp() override {
        MerchantFixture::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        Migrate(db());
        m1_ = MustApply(1).id;
        m2_ = MustApply(2).id;
        staff_ = NewUser("이직원");
        gateway_ = std::make_unique<orders::TestCardProvider>(db(), clock_, random_,
                                                              orders::TestCardOptions{std::string(kSecret)});
        lossy_ = std::make_unique<LossyProvider>(*gateway_);
        providers_.Add(*gateway_);
        providers_.Add(*lossy_);
        payments_.emplace(db(), clock_, random_, providers_);
    }

    static void Migrate(store::Db& db) {
        std::vector<store::Migration> all;
        for (const auto& m : platform::SchemaMigrations()) all.push_back(m);
        for (const auto& m : orders::SchemaMigrations()) all.push_back(m);
        auto applied = store::Migrator(db, all).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
    }

    // A checkout of two orders (30,000 won at m1, 24,000 won at m2) paid by `method`.
    std::vector<Payment> NewCheckout(PaymentMethod method = PaymentMethod::kCard, std::string provider = "") {
        checkout_ = CheckoutId::New(random_);
        order1_ = OrderId::New(random_);
        order2_ = OrderId::New(random_);
        auto made = db().Write([&](store::Tx& tx) {
            return payments_->CreatePendingInTx(tx, {.checkout = checkout_,
                                                     .method = method,
                                                     .provider = std::move(provider),
                                                     .orders = {{order1_, m1_, 30'000}, {order2_, m2_, 24'000}}});
        });
        EXPECT_TRUE(made.ok()) << made.error().reason << ": " << made.error().message;
        return made.ok() ? *made : std::vector<Payment>{};
    }

    orders::CardChargeResult MustCharge(const CardInput& card, const orders::PaidHook& hook = {}) {
        auto r = payments_->ChargeCard(checkout_, card, hook);
        EXPECT_TRUE(r.ok()) << r.error().reason << ": " << r.error().message;
        return r.ok() ? *r : orders::CardChargeResult{};
    }

    Payment Get(MerchantId merchant, OrderId order) {
        auto p = payments_->ForOrder(merchant, order);
        EXPECT_TRUE(p.ok()) << p.error().message;
        return p.ok() ? *p : Payment{};
    }

    std::int64_t GatewayCharges() { return QueryInt("SELECT count(*) FROM orders_test_gateway_charges"); }
    std::int64_t GatewayCaptured() {
        return QueryInt(
            "SELECT coalesce(sum(amount_won), 0) FROM orders_test_gateway_charges WHERE state = 'captured'");
    }
    std::int64_t Events() { return QueryInt("SELECT count(*) FROM orders_payment_events"); }

    MerchantId m1_, m2_;
    platform::UserId staff_;
    std::unique_ptr<orders::TestCardProvider> gateway_;
    std::unique_ptr<LossyProvider> lossy_;
    orders::PaymentProviders providers_;
    std::optional<orders::PaymentService> payments_;
    CheckoutId checkout_;
    OrderId order1_, order2_;
};
JANGTEO_STORE_BACKENDS(PaymentTest, AllBackends());

void ExpectError(const core::Error& e, core::ErrorCode code, std::string_view reason) {
    EXPECT_EQ(e.code, code) << e.reason << ": " << e.message;
    EXPECT_EQ(e.reason, reason) << e.message;
}

TEST_P(PaymentTest, PendingRowsPerOrderOfACheckout) {
    std::vector<Payment> made = NewCheckout();
    ASSERT_EQ(made.size(), 2u);
    EXPECT_EQ(made[0].order, order1_);
    EXPECT_EQ(made[0].merchant, m1_);
    EXPECT_EQ(made[0].amount_won, 30'000);
    EXPECT_EQ(made[0].state, PaymentState::kPending);
    EXPECT_EQ(made[0].method, PaymentMethod::kCard);
    EXPECT_EQ(made[0].provider, "test_card");
    EXPECT_EQ(made[0].checkout, checkout_);
    EXPECT_EQ(made[0].created_at, start_);
    EXPECT_FALSE(made[0].captured_at);

    Payment p2 = Get(m2_, order2_);
    EXPECT_EQ(p2.id, made[1].id);
    EXPECT_EQ(p2.amount_won, 24'000);
    auto both = payments_->ForCheckout(checkout_);
    ASSERT_TRUE(both.ok());
    EXPECT_EQ(both->size(), 2u);
    // Another merchant does not see the order's payment.
    ExpectError(payments_->ForOrder(m2_, order1_).error(), core::ErrorCode::kNotFound, "payment_not_found");
    auto none = payments_->ForCheckout(CheckoutId::New(random_));
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
}

TEST_P(PaymentTest, BadPendingInputNamesTheFieldsAndWritesNothing) {
    auto create = [&](const orders::PendingPaymentsInput& input) {
        return db().Write([&](store::Tx& tx) { return payments_->CreatePendingInTx(tx, input); });
    };
    CheckoutId chk = CheckoutId::New(random_);
    OrderId o = OrderId::New(random_);
    auto bad = create({.checkout = chk,
                       .method = PaymentMethod::kBankTransfer,
                       .provider = "test_card",
                       .orders = {{o, m1_, 0}, {o, m1_, 1'000'000'000'001}, {OrderId(), MerchantId(), 5}}});
    ASSERT_FALSE(bad.ok());
    ExpectError(bad.error(), core::ErrorCode::kInvalidArgument, "invalid_payment");
    std::vector<std::string> fields;
    for (const auto& f : bad.error().fields) fields.push_back(f.field + ":" + f.code);
    EXPECT_EQ(fields, (std::vector<std::string>{"provider:not_for_method", "orders[0].amount_won:out_of_range",
                                                "orders[1].order_id:duplicate", "orders[1].amount_won:out_of_range",
                                                "orders[2].order_id:required", "orders[2].merchant_id:required"}));
    auto empty = create({.checkout = chk, .method = PaymentMethod::kCard});
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().fields.at(0).field, "orders");
    auto too_much = create({.checkout = chk,
                            .method = PaymentMethod::kCard,
                            .orders = {{o, m1_, 600'000'000'000}, {OrderId::New(random_), m2_, 600'000'000'000}}});
    ASSERT_FALSE(too_much.ok());
    EXPECT_EQ(too_much.error().fields.at(0).code, "total_out_of_range");
    ExpectError(
        create({.checkout = chk, .method = PaymentMethod::kCard, .provider = "nicepay", .orders = {{o, m1_, 5}}})
            .error(),
        core::ErrorCode::kFailedPrecondition, "unknown_provider");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM orders_payments"), 0);

    // One payment per order: a second is refused, and the first stays as it was.
    ASSERT_TRUE(create({.checkout = chk, .method = PaymentMethod::kCashOnDelivery, .orders = {{o, m1_, 5}}}).ok());
    ExpectError(create({.checkout = chk, .method = PaymentMethod::kCard, .orders = {{o, m1_, 7}}}).error(),
                core::ErrorCode::kAlreadyExists, "payment_exists");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM orders_payments"), 1);
    EXPECT_EQ(Get(m1_, o).amount_won, 5);
}

TEST_P(PaymentTest, ACardCheckoutIsOneChargeForItsTotal) {
    NewCheckout();
    std::vector<orders::PaidOrder> hooked;
    orders::CardChargeResult r = MustCharge(Card("4242 4242 4242 4242"), [&](store::Tx&, const auto& paid) {
        hooked = paid;
        return core::Status{};
    });
    EXPECT_EQ(r.status, ChargeStatus::kCaptured);
    EXPECT_EQ(r.amount_won, 54'000);
    ASSERT_EQ(r.paid.size(), 2u);
    EXPECT_EQ(hooked.size(), 2u);
    EXPECT_EQ(GatewayCharges(), 1);
    EXPECT_EQ(GatewayCaptured(), 54'000);
    Payment p1 = Get(m1_, order1_), p2 = Get(m2_, order2_);
    EXPECT_EQ(p1.state, PaymentState::kCaptured);
    EXPECT_EQ(p2.state, PaymentState::kCaptured);
    EXPECT_EQ(p1.amount_won, 30'000);
    EXPECT_EQ(p2.amount_won, 24'000);
    ASSERT_TRUE(p1.provider_ref);
    EXPECT_EQ(p1.provider_ref, p2.provider_ref);
    EXPECT_EQ(p1.provider_ref, r.provider_ref);
    EXPECT_EQ(p1.captured_at, start_);
    ASSERT_EQ(r.payments.size(), 2u);
}

TEST_P(PaymentTest, ASecondChargeIsRefusedAndChargesNothing) {
    NewCheckout();
    MustCharge(Card("4242424242424242"));
    auto again = payments_->ChargeCard(checkout_, Card("4242424242424242"));
    ASSERT_FALSE(again.ok());
    ExpectError(again.error(), core::ErrorCode::kConflict, "already_paid");
    EXPECT_EQ(GatewayCharges(), 1);
    EXPECT_EQ(GatewayCaptured(), 54'000);
    // A checkout without card payments, and one that does not exist.
    ExpectError(payments_->ChargeCard(CheckoutId::New(random_), Card("4242424242424242")).error(),
                core::ErrorCode::kNotFound, "payment_not_found");
    NewCheckout(PaymentMethod::kBankTransfer);
    ExpectError(payments_->ChargeCard(checkout_, Card("4242424242424242")).error(), core::ErrorCode::kNotFound,
                "payment_not_found");
}

TEST_P(PaymentTest, DeclinedCardsThenAGoodOne) {
    NewCheckout();
    orders::CardChargeResult declined = MustCharge(Card("4000 0000 0000 0002"));
    EXPECT_EQ(declined.status, ChargeStatus::kDeclined);
    EXPECT_EQ(declined.decline_code, "card_declined");
    EXPECT_TRUE(declined.paid.empty());
    EXPECT_EQ(Get(m1_, order1_).state, PaymentState::kDeclined);
    EXPECT_EQ(Get(m2_, order2_).decline_code, "card_declined");

    EXPECT_EQ(MustCharge(Card("4000000000009995")).decline_code, "insufficient_funds");
    EXPECT_EQ(MustCharge(Card("4242424242424241")).decline_code, "invalid_number");
    EXPECT_EQ(MustCharge({.number = "4242424242424242", .expiry = "01/20", .cvc = "123"}).decline_code, "expired_card");

    orders::CardChargeResult ok = MustCharge(Card("4242424242424242"));
    EXPECT_EQ(ok.status, ChargeStatus::kCaptured);
    EXPECT_EQ(ok.paid.size(), 2u);
    Payment p = Get(m1_, order1_);
    EXPECT_EQ(p.state, PaymentState::kCaptured);
    EXPECT_FALSE(p.decline_code);
    // Each attempt was a charge of its own at the gateway (a new key after each decline), one captured.
    EXPECT_EQ(GatewayCharges(), 5);
    EXPECT_EQ(QueryInt("SELECT count(DISTINCT idempotency_key) FROM orders_test_gateway_charges"), 5);
    EXPECT_EQ(GatewayCaptured(), 54'000);
}

TEST_P(PaymentTest, BadCardFieldsChangeNothing) {
    NewCheckout();
    auto r = payments_->ChargeCard(checkout_, {.number = "4242", .expiry = "2029-12", .cvc = ""});
    ASSERT_FALSE(r.ok());
    ExpectError(r.error(), core::ErrorCode::kInvalidArgument, "invalid_card");
    EXPECT_EQ(r.error().fields.size(), 3u);
    EXPECT_EQ(GatewayCharges(), 0);
    EXPECT_EQ(Get(m1_, order1_).state, PaymentState::kPending);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM orders_payments WHERE claim_token IS NOT NULL"), 0);
}

TEST_P(PaymentTest, APendingChargeIsSettledByItsSignedWebhookOnce) {
    NewCheckout();
    orders::CardChargeResult pending = MustCharge(Card("4000000000000077"));
    EXPECT_EQ(pending.status, ChargeStatus::kPending);
    EXPECT_TRUE(pending.paid.empty());
    Payment p = Get(m1_, order1_);
    EXPECT_EQ(p.state, PaymentState::kProcessing);
    ASSERT_TRUE(p.provider_ref);

    // While the gateway has not answered: no second charge, no cancellation.
    ExpectError(payments_->ChargeCard(checkout_, Card("4242424242424242")).error(), core::ErrorCode::kConflict,
                "payment_in_progress");
    auto cancel = db().Write([&](store::Tx& tx) { return payments_->CancelPendingInTx(tx, m1_, order1_); });
    ASSERT_FALSE(cancel.ok());
    ExpectError(cancel.error(), core::ErrorCode::kConflict, "payment_in_progress");
    EXPECT_EQ(GatewayCharges(), 1);

    clock_.Advance(40s);
    auto webhook = gateway_->SettlePending(*p.provider_ref);
    ASSERT_TRUE(webhook.ok()) << webhook.error().message;
    int hook_calls = 0;
    auto hook = [&](store::Tx&, const std::vector<orders::PaidOrder>& paid) {
        ++hook_calls;
        EXPECT_EQ(paid.size(), 2u);
        return core::Status{};
    };
    auto applied = payments_->HandleWebhook("test_card", webhook->headers, webhook->body, hook);
    ASSERT_TRUE(applied.ok()) << applied.error().reason << ": " << applied.error().message;
    EXPECT_EQ(applied->applied, 1);
    ASSERT_EQ(applied->paid.size(), 2u);
    EXPECT_EQ(applied->paid[0].checkout, checkout_);
    EXPECT_EQ(hook_calls, 1);
    p = Get(m1_, order1_);
    EXPECT_EQ(p.state, PaymentState::kCaptured);
    EXPECT_EQ(p.captured_at, start_ + 40s);
    EXPECT_EQ(Get(m2_, order2_).state, PaymentState::kCaptured);

    // The gateway delivers the same event again: acknowledged, nothing done.
    clock_.Advance(10s);
    auto again = payments_->HandleWebhook("test_card", webhook->headers, webhook->body, hook);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->applied, 0);
    EXPECT_EQ(again->duplicates, 1);
    EXPECT_TRUE(again->paid.empty());
    EXPECT_EQ(hook_calls, 1);
    EXPECT_EQ(Events(), 1);
    EXPECT_EQ(Get(m1_, order1_).captured_at, start_ + 40s);
    ExpectError(payments_->ChargeCard(checkout_, Card("4242424242424242")).error(), core::ErrorCode::kConflict,
                "already_paid");
    EXPECT_EQ(GatewayCharges(), 1);
}

TEST_P(PaymentTest, AFailedPendingChargeIsDeclinedByItsWebhook) {
    NewCheckout();
    std::string ref = MustCharge(Card("4000000000000077")).provider_ref;
    auto webhook = gateway_->SettlePending(ref, false);
    ASSERT_TRUE(webhook.ok());
    auto applied = payments_->HandleWebhook("test_card", webhook->headers, webhook->body);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_EQ(applied->declined.size(), 2u);
    EXPECT_TRUE(applied->paid.empty());
    EXPECT_EQ(Get(m1_, order1_).state, PaymentState::kDeclined);
    EXPECT_EQ(Get(m1_, order1_).decline_code, "card_declined");
    ExpectError(gateway_->SettlePending(ref).error(), core::ErrorCode::kConflict, "charge_not_pending");
    // The customer tries another card.
    EXPECT_EQ(MustCharge(Card("4242424242424242")).status, ChargeStatus::kCaptured);
}

TEST_P(PaymentTest, ForgedOrStaleWebhooksChangeNothing) {
    NewCheckout();
    std::string ref = MustCharge(Card("4000000000000077")).provider_ref;
    auto webhook = gateway_->SettlePending(ref);
    ASSERT_TRUE(webhook.ok());

    std::string tampered = webhook->body;
    tampered.replace(tampered.find("54000"), 5, "99999");
    ExpectError(payments_->HandleWebhook("test_card", webhook->headers, tampered).error(),
                core::ErrorCode::kUnauthenticated, "bad_signature");
    ExpectError(payments_->HandleWebhook("test_card", {}, webhook->body).error(), core::ErrorCode::kUnauthenticated,
                "bad_signature");
    orders::WebhookHeaders wrong_secret{
        {"jangteo-signature", orders::SignWebhook("not_the_gateway_secret", clock_.Now(), webhook->body)}};
    ExpectError(payments_->HandleWebhook("test_card", wrong_secret, webhook->body).error(),
                core::ErrorCode::kUnauthenticated, "bad_signature");
    ExpectError(payments_->HandleWebhook("nicepay", webhook->headers, webhook->body).error(),
                core::ErrorCode::kNotFound, "unknown_provider");
    // A signed body that is not an event.
    orders::WebhookHeaders signed_junk{{"jangteo-signature", orders::SignWebhook(kSecret, clock_.Now(), "[1]")}};
    ExpectError(payments_->HandleWebhook("test_card", signed_junk, "[1]").error(), core::ErrorCode::kMalformed,
                "bad_webhook_body");
    // Replayed six minutes later.
    clock_.Advance(6min);
    ExpectError(payments_->HandleWebhook("test_card", webhook->headers, webhook->body).error(),
                core::ErrorCode::kUnauthenticated, "bad_signature");
    EXPECT_EQ(Events(), 0);
    EXPECT_EQ(Get(m1_, order1_).state, PaymentState::kProcessing);
}

TEST_P(PaymentTest, AnEventAboutAnUnrecordedChargeIsDeliveredAgainLater) {
    NewCheckout();
    orders::PaymentEvent e;
    e.type = orders::PaymentEventType::kPaymentCaptured;
    e.charge_reference = "tgc_not_recorded_yet";
    e.amount_won = 54'000;
    orders::WebhookDelivery early = gateway_->Deliver(e);
    auto r = payments_->HandleWebhook("test_card", early.headers, early.body);
    ASSERT_FALSE(r.ok());
    ExpectError(r.error(), core::ErrorCode::kUnavailable, "payment_not_recorded");
    EXPECT_EQ(Events(), 0);
    // An event type this version does not know is acknowledged and ignored.
    orders::PaymentEvent other;
    other.type_name = "payment.dispute_opened";
    other.charge_reference = "tgc_x";
    orders::WebhookDelivery d = gateway_->Deliver(other);
    auto ignored = payments_->HandleWebhook("test_card", d.headers, d.body);
    ASSERT_TRUE(ignored.ok()) << ignored.error().message;
    EXPECT_EQ(ignored->applied, 1);
    EXPECT_EQ(Events(), 1);
}

TEST_P(PaymentTest, StaffConfirmOfflinePayments) {
    NewCheckout(PaymentMethod::kBankTransfer);
    auto confirm = [&](MerchantId m, OrderId o) {
        return db().Write([&](store::Tx& tx) { return payments_->ConfirmInTx(tx, m, o, staff_); });
    };
    clock_.Advance(2h);
    auto p = confirm(m1_, order1_);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->state, PaymentState::kCaptured);
    EXPECT_EQ(p->confirmed_by, staff_);
    EXPECT_EQ(p->captured_at, start_ + 2h);
    EXPECT_FALSE(p->provider);
    ExpectError(confirm(m1_, order1_).error(), core::ErrorCode::kConflict, "already_paid");
    ExpectError(confirm(m1_, order2_).error(), core::ErrorCode::kNotFound, "payment_not_found");  // m2's order
    EXPECT_EQ(Get(m2_, order2_).state, PaymentState::kPending);

    // A cancelled payment cannot be confirmed; a captured one cannot be cancelled.
    auto cancel = [&](MerchantId m, OrderId o) {
        return db().Write([&](store::Tx& tx) { return payments_->CancelPendingInTx(tx, m, o); });
    };
    auto cancelled = cancel(m2_, order2_);
    ASSERT_TRUE(cancelled.ok());
    EXPECT_EQ(cancelled->state, PaymentState::kCancelled);
    EXPECT_TRUE(cancel(m2_, order2_).ok());  // again: as it is
    ExpectError(confirm(m2_, order2_).error(), core::ErrorCode::kConflict, "payment_cancelled");
    ExpectError(cancel(m1_, order1_).error(), core::ErrorCode::kConflict, "already_paid");

    // Card payments are settled by their gateway, not by staff.
    NewCheckout(PaymentMethod::kCard);
    ExpectError(confirm(m1_, order1_).error(), core::ErrorCode::kConflict, "settled_by_gateway");
}

TEST_P(PaymentTest, ACancelledOrderIsLeftOutOfTheCardCharge) {
    NewCheckout();
    ASSERT_TRUE(db().Write([&](store::Tx& tx) { return payments_->CancelPendingInTx(tx, m2_, order2_); }).ok());
    orders::CardChargeResult r = MustCharge(Card("4242424242424242"));
    EXPECT_EQ(r.amount_won, 30'000);
    ASSERT_EQ(r.paid.size(), 1u);
    EXPECT_EQ(r.paid[0].order, order1_);
    EXPECT_EQ(GatewayCaptured(), 30'000);
    EXPECT_EQ(Get(m2_, order2_).state, PaymentState::kCancelled);

    NewCheckout();
    ASSERT_TRUE(db().Write([&](store::Tx& tx) { return payments_->CancelPendingInTx(tx, m1_, order1_); }).ok());
    ASSERT_TRUE(db().Write([&](store::Tx& tx) { return payments_->CancelPendingInTx(tx, m2_, order2_); }).ok());
    ExpectError(payments_->ChargeCard(checkout_, Card("4242424242424242")).error(), core::ErrorCode::kConflict,
                "payment_cancelled");
    EXPECT_EQ(GatewayCharges(), 1);
}

TEST_P(PaymentTest, CardRefundsPartialAndBeyondTheLimit) {
    NewCheckout();
    MustCharge(Card("4242424242424242"));
    auto refund = [&](std::int64_t won, std::string reason = "고객 변심") {
        return payments_->Refund(m1_, order1_, {.amount_won = won, .reason = std::move(reason), .actor = staff_});
    };
    auto first = refund(10'000);
    ASSERT_TRUE(first.ok()) << first.error().reason << ": " << first.error().message;
    EXPECT_EQ(first->state, RefundState::kSucceeded);
    EXPECT_EQ(first->amount_won, 10'000);
    EXPECT_EQ(first->actor, staff_);
    EXPECT_EQ(first->reason, "고객 변심");
    ASSERT_TRUE(first->provider_ref);
    EXPECT_EQ(Get(m1_, order1_).refunded_won, 10'000);
    EXPECT_EQ(QueryInt("SELECT refunded_won FROM orders_test_gateway_charges"), 10'000);

    auto too_much = refund(20'001);
    ASSERT_FALSE(too_much.ok());
    ExpectError(too_much.error(), core::ErrorCode::kInvalidArgument, "invalid_refund");
    ASSERT_EQ(too_much.error().fields.size(), 1u);
    EXPECT_EQ(too_much.error().fields[0].field, "amount_won");
    EXPECT_EQ(too_much.error().fields[0].code, "exceeds_refundable");
    EXPECT_EQ(Get(m1_, order1_).refunded_won, 10'000);

    ExpectError(refund(0).error(), core::ErrorCode::kInvalidArgument, "invalid_refund");
    ExpectError(refund(5, "").error(), core::ErrorCode::kInvalidArgument, "invalid_refund");
    EXPECT_EQ(refund(5, "").error().fields.at(0).field, "reason");

    clock_.Advance(1h);
    ASSERT_TRUE(refund(20'000).ok());
    EXPECT_EQ(Get(m1_, order1_).refunded_won, 30'000);
    ExpectError(refund(1).error(), core::ErrorCode::kInvalidArgument, "invalid_refund");
    // The other merchant's order, of the same charge, is refundable on its own.
    ASSERT_TRUE(payments_->Refund(m2_, order2_, {.amount_won = 24'000, .reason = "품절"}).ok());
    EXPECT_EQ(QueryInt("SELECT refunded_won FROM orders_test_gateway_charges"), 54'000);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM orders_test_gateway_refunds"), 3);

    auto listed = payments_->RefundsOfOrder(m1_, order1_);
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].amount_won, 10'000);
    // Asking the gateway again for a finished refund does nothing.
    auto again = payments_->CompleteRefund(m1_, first->id);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->state, RefundState::kSucceeded);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM orders_test_gateway_refunds"), 3);
}

TEST_P(PaymentTest, OfflineRefundsAreRecordedAtOnceAndUnpaidOnesRefused) {
    NewCheckout(PaymentMethod::kPayAtPickup);
    ExpectError(payments_->Refund(m1_, order1_, {.amount_won = 1'000, .reason = "환불"}).error(),
                core::ErrorCode::kConflict, "not_captured");
    ASSERT_TRUE(db().Write([&](store::Tx& tx) { return payments_->ConfirmInTx(tx, m1_, order1_, staff_); }).ok());
    auto r = payments_->Refund(m1_, order1_, {.amount_won = 30'000, .reason = "매장 환불", .actor = staff_});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->state, RefundState::kSucceeded);
    EXPECT_FALSE(r->provider_ref);
    EXPECT_EQ(Get(m1_, order1_).refunded_won, 30'000);
    ExpectError(payments_->Refund(m2_, order1_, {.amount_won = 1, .reason = "x"}).error(), core::ErrorCode::kNotFound,
                "payment_not_found");
}

TEST_P(PaymentTest, ARefundTheGatewayRefusesIsFailedAndRefundableAgain) {
    NewCheckout();
    MustCharge(Card("4242424242424242"));
    // The gateway's own ledger says the charge is fully refunded already (refunded elsewhere).
    Script("UPDATE orders_test_gateway_charges SET refunded_won = amount_won");
    auto r = payments_->Refund(m1_, order1_, {.amount_won = 5'000, .reason = "불량"});
    ASSERT_FALSE(r.ok());
    ExpectError(r.error(), core::ErrorCode::kConflict, "refund_exceeds_charge");
    EXPECT_EQ(Get(m1_, order1_).refunded_won, 0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM orders_payment_refunds WHERE state = 'failed'"
                       " AND failure_code = 'refund_exceeds_charge'"),
              1);
}

TEST_P(PaymentTest, ALostGatewayAnswerIsAskedAgainWithTheSameKey) {
    NewCheckout(PaymentMethod::kCard, "lossy");
    auto lost = payments_->ChargeCard(checkout_, Card("4242424242424242"));
    ASSERT_FALSE(lost.ok());
    ExpectError(lost.error(), core::ErrorCode::kUnavailable, "gateway_timeout");
    EXPECT_EQ(Get(m1_, order1_).state, PaymentState::kPending);
    EXPECT_EQ(GatewayCaptured(), 54'000);  // the money was taken, unseen

    lossy_->lose_answers = false;
    orders::CardChargeResult r = MustCharge(Card("4242424242424242"));
    EXPECT_EQ(r.status, ChargeStatus::kCaptured);
    ASSERT_EQ(lossy_->keys.size(), 2u);
    EXPECT_EQ(lossy_->keys[0], lossy_->keys[1]);
    EXPECT_EQ(GatewayCharges(), 1);
    EXPECT_EQ(GatewayCaptured(), 54'000);
    EXPECT_EQ(Get(m2_, order2_).state, PaymentState::kCaptured);
}

TEST_P(PaymentTest, AClaimOfACallThatDiedIsTakenOverAfterItsLease) {
    NewCheckout();
    // The flow's hook fails after the gateway captured: the record rolls back, the rows stay claimed.
    auto failed = payments_->ChargeCard(checkout_, Card("4242424242424242"), [](store::Tx&, const auto&) {
        return core::Status(core::Error::Unavailable("flow_failed", "the order could not be moved"));
    });
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().reason, "flow_failed");
    EXPECT_EQ(Get(m1_, order1_).state, PaymentState::kProcessing);
    ExpectError(payments_->ChargeCard(checkout_, Card("4242424242424242")).error(), core::ErrorCode::kConflict,
                "payment_in_progress");
    clock_.Advance(3min);
    orders::CardChargeResult r = MustCharge(Card("4242424242424242"));
    EXPECT_EQ(r.status, ChargeStatus::kCaptured);
    EXPECT_EQ(GatewayCharges(), 1);  // the same key: the gateway answered its first charge
    EXPECT_EQ(GatewayCaptured(), 54'000);
}

// Two servers (two Db handles, each with its own gateway and service) and several threads each race to
// charge one checkout: exactly one charge is made and recorded; every other call is refused.
class PaymentRaceTest : public PaymentTest {};
JANGTEO_STORE_BACKENDS(PaymentRaceTest, SharedBackends());

TEST_P(PaymentRaceTest, RacingChargesChargeOnce) {
    std::unique_ptr<store::Db> other = OpenAnother();
    ASSERT_TRUE(other);
    orders::TestCardProvider other_gateway(*other, clock_, random_, {std::string(kSecret)});
    orders::PaymentProviders other_providers;
    other_providers.Add(other_gateway);
    orders::PaymentService other_payments(*other, clock_, random_, other_providers);

    for (int round = 0; round < 3; ++round) {
        NewCheckout();
        std::atomic<int> captured{0}, refused{0}, other_errors{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 6; ++t) {
            threads.emplace_back([&, t] {
                orders::PaymentService& service = t % 2 == 0 ? *payments_ : other_payments;
                auto r = service.ChargeCard(checkout_, Card("4242424242424242"));
                if (r.ok() && r->status == ChargeStatus::kCaptured) {
                    ++captured;
                } else if (!r.ok() &&
                           (r.error().reason == "payment_in_progress" || r.error().reason == "already_paid")) {
                    ++refused;
                } else {
                    ++other_errors;
                    ADD_FAILURE() << (r.ok() ? "not captured" : r.error().reason + ": " + r.error().message);
                }
            });
        }
        for (auto& th : threads) th.join();
        EXPECT_EQ(captured.load(), 1) << "round " << round;
        EXPECT_EQ(refused.load(), 5) << "round " << round;
        EXPECT_EQ(Get(m1_, order1_).state, PaymentState::kCaptured);
        EXPECT_EQ(Get(m2_, order2_).state, PaymentState::kCaptured);
    }
    EXPECT_EQ(GatewayCharges(), 3);
    EXPECT_EQ(GatewayCaptured(), 3 * 54'000);
}

}  // namespace
}  // namespace jangteo::store_test

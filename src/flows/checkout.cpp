#include "flows/checkout.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/json.hpp"
#include "core/log.hpp"
#include "core/validate.hpp"
#include "flows/order_routing.hpp"
#include "platform/user.hpp"

namespace jangteo::flows {

namespace {

core::Error CartChanged(std::vector<core::FieldError> lines) {
    core::Error e = core::Error::Conflict(
        "cart_changed", "the cart changed since it was shown: look at the marked lines and try again");
    e.fields = std::move(lines);
    return e;
}

std::string WonText(core::Money m) {
    return m.Format();
}

}  // namespace

core::Result<CheckoutOutcome> CheckoutFlows::Checkout(const CheckoutInput& input, const CheckoutCommitHook& on_commit) {
    if (!input.owner.user) {
        return core::Error::Unauthenticated("not_signed_in", "sign in to place an order");
    }
    // Lines whose price changed, found inside the transaction, to remember after it rolled back.
    std::vector<std::pair<orders::CartLine, core::Money>> repriced;
    auto outcome = db_.Write([&](store::Tx& tx) -> core::Result<CheckoutOutcome> {
        repriced.clear();
        JANGTEO_TRY(orders::Cart cart, carts_.LockInTx(tx, input.owner));
        if (!cart.id.valid() || cart.lines.empty()) {
            return core::Error::FailedPrecondition("cart_empty", "the cart is empty");
        }
        JANGTEO_TRY(CartView view, carts_view_.PriceInTx(tx, cart));

        // 1. Every line as it was shown: sold, at that price, in stock.
        std::vector<core::FieldError> issues;
        for (const auto& g : view.merchants) {
            for (const auto& line : g.lines) {
                if (line.problem == LineProblem::kNone) continue;
                std::string field = "lines." + line.variant.ToString();
                switch (line.problem) {
                    case LineProblem::kPriceChanged:
                        issues.push_back(
                            {field, "price_changed",
                             "the price changed from " + WonText(line.price_seen) + " to " + WonText(line.unit_price)});
                        for (const auto& l : cart.lines) {
                            if (l.variant_key == line.variant.key()) repriced.emplace_back(l, line.unit_price);
                        }
                        break;
                    case LineProblem::kShortOfStock:
                        issues.push_back({field, "short_of_stock",
                                          "only " + std::to_string(line.available) + " can be ordered now"});
                        break;
                    default: issues.push_back({field, "unavailable", "is no longer sold"}); break;
                }
            }
        }
        if (!issues.empty()) return CartChanged(std::move(issues));

        // 2. The shopper's choices, every problem at once.
        std::vector<core::FieldError> errors;
        std::string email, name, phone;
        if (auto e = platform::NormalizeEmail(input.email, "email"); e.ok()) {
            email = *e;
        } else {
            for (auto& f : e.error().fields) errors.push_back(f);
            if (e.error().fields.empty()) errors.push_back({"email", "invalid_email", "is not an email address"});
        }
        if (auto n = core::NormalizeText(input.name, "name", {.max_code_points = 50}); n.ok()) {
            name = *n;
        } else {
            for (auto& f : n.error().fields) errors.push_back(f);
        }
        if (auto p = core::NormalizeKoreanPhone(input.phone)) {
            phone = *p;
        } else {
            errors.push_back({"phone", "invalid_phone", "is not a Korean telephone number"});
        }
        std::unordered_map<std::int64_t, std::size_t> group_of;
        for (std::size_t i = 0; i < view.merchants.size(); ++i) group_of.emplace(view.merchants[i].id.key(), i);
        std::map<std::int64_t, std::size_t> chosen;  // merchant key → index in input.orders, by merchant
        std::unordered_map<std::int64_t, orders::DeliveryAddress> normalised;  // as stored, for the fee too
        for (std::size_t i = 0; i < input.orders.size(); ++i) {
            const CheckoutOrderInput& o = input.orders[i];
            std::string field = "orders[" + std::to_string(i) + "]";
            auto g = group_of.find(o.merchant.key());
            if (g == group_of.end()) {
                errors.push_back({field + ".merchant_id", "not_in_cart", "nothing of this merchant is in the cart"});
                continue;
            }
            if (!chosen.emplace(o.merchant.key(), i).second) {
                errors.push_back({field + ".merchant_id", "duplicate_merchant", "one order per merchant"});
                continue;
            }
            const CartMerchant& group = view.merchants[g->second];
            if (o.fulfilment == orders::Fulfilment::kPickup) {
                bool offered = o.pickup && std::any_of(group.pickup.begin(), group.pickup.end(),
                                                       [&](const PickupPlace& p) { return p.id == *o.pickup; });
                if (!offered) {
                    errors.push_back({field + ".pickup_location_id", "not_a_pickup_place",
                                      "must be one of the merchant's shops that hand out orders"});
                }
                if (input.method == orders::PaymentMethod::kCashOnDelivery) {
                    errors.push_back({field + ".fulfilment", "needs_delivery", "cash on delivery needs a delivery"});
                }
            } else {
                normalised[o.merchant.key()] = orders::CheckAddress(o.address, field + ".address", errors);
                if (input.method == orders::PaymentMethod::kPayAtPickup) {
                    errors.push_back({field + ".fulfilment", "needs_pickup", "paying at the shop needs a pickup"});
                }
            }
        }
        for (const auto& g : view.merchants) {
            if (!chosen.contains(g.id.key())) {
                errors.push_back(
                    {"orders", "merchant_missing", "say how the order of " + g.id.ToString() + " is to be fulfilled"});
            }
        }
        if (!errors.empty()) {
            return core::Error::Invalid("invalid_checkout", "the checkout has invalid fields", std::move(errors));
        }
        // Points to spend, per merchant of the cart: merchant key → (index in input.points, points).
        std::map<std::int64_t, std::pair<std::size_t, std::int64_t>> spend;
        if (!input.points.empty()) {
            std::vector<core::FieldError> wrong;
            if (!customers_) wrong.push_back({"points", "not_offered", "points are not spent at this checkout"});
            for (std::size_t i = 0; i < input.points.size() && customers_; ++i) {
                const PointsToSpend& p = input.points[i];
                std::string field = "points[" + std::to_string(i) + "]";
                if (!group_of.contains(p.merchant.key())) {
                    wrong.push_back({field + ".merchant_id", "not_in_cart", "nothing of this merchant is in the cart"});
                } else if (!spend.emplace(p.merchant.key(), std::pair{i, p.points}).second) {
                    wrong.push_back({field + ".merchant_id", "duplicate_merchant", "one entry per merchant"});
                } else if (p.points <= 0) {
                    wrong.push_back({field + ".points", "out_of_range", "a whole number of points above 0"});
                } else if (p.points > view.merchants[group_of.at(p.merchant.key())].subtotal.won()) {
                    wrong.push_back({field + ".points", "over_goods_total", "at most the order's goods total"});
                }
            }
            if (!wrong.empty()) {
                return core::Error::Invalid("invalid_points", "the points to spend are not acceptable",
                                            std::move(wrong));
            }
        }

        // 3. The orders: ids first (the reservations name them), fees, the total.
        core::TimePoint now = clock_.Now();
        orders::CheckoutDraft draft;
        draft.customer = {.user = input.owner.user, .email = email, .name = name, .phone = phone};
        draft.payment_method = input.method;
        if (input.method == orders::PaymentMethod::kBankTransfer) {
            draft.payment_due = now + options_.bank_transfer_timeout;
        } else if (input.method == orders::PaymentMethod::kCard) {
            draft.payment_due = now + options_.card_timeout;
        }
        core::Money total;
        std::vector<std::int64_t> ordered_keys;
        // By merchant: the fixed order in which stock rows are locked across merchants.
        for (const auto& [merchant_key, index] : chosen) {
            const CheckoutOrderInput& o = input.orders[index];
            const CartMerchant& group = view.merchants[group_of.at(merchant_key)];
            orders::OrderDraft order;
            order.id = orders::OrderId::New(random_);
            order.merchant = group.id;
            order.fulfilment = o.fulfilment;
            if (o.fulfilment == orders::Fulfilment::kPickup) {
                order.pickup_location_key = o.pickup->key();
            } else {
                order.address = o.address;
                JANGTEO_TRY(order.shipping_fee,
                            orders::ShippingFee(group.shipping, group.subtotal, o.address.postal_code));
            }
            if (auto p = spend.find(merchant_key);
                p != spend.end() && p->second.second >= group.subtotal.won() + order.shipping_fee.won()) {
                // Every order has a payment of at least 1 won to capture, cancel or refund (an order paid
                // wholly in points would have none), so points stop short of what the order costs.
                return core::Error::Invalid(
                    "invalid_points", "the points to spend are not acceptable",
                    {{"points[" + std::to_string(p->second.first) + "].points", "nothing_to_pay",
                      "leave at least 1 won of the order to pay: at most " +
                          std::to_string(group.subtotal.won() + order.shipping_fee.won() - 1) + " points"}});
            }
            std::vector<inventory::ReservationRequest> requests;
            for (const auto& line : group.lines) {
                requests.push_back({.variant_key = line.variant.key(),
                                    .quantity = line.quantity,
                                    .location = o.fulfilment == orders::Fulfilment::kPickup ? o.pickup : std::nullopt});
            }
            inventory::ReservationResult reserved;
            if (o.fulfilment == orders::Fulfilment::kPickup) {
                JANGTEO_TRY(reserved, stock_.ReserveInTx(tx, group.id, order.id->key(), requests));
                order.routing = {.reason = orders::RoutingReason::kPickup,
                                 .location_key = o.pickup->key(),
                                 .credit_reason = orders::CreditReason::kPickup,
                                 .credit_location_key = o.pickup->key()};
            } else {
                if (auto a = normalised.find(merchant_key); a != normalised.end()) order.address = a->second;
                JANGTEO_TRY(reserved, RouteDeliveryInTx(tx, order, requests));
            }
            if (!reserved.ok()) {
                const std::string_view where = o.fulfilment == orders::Fulfilment::kPickup ? " at that shop"
                                               : order.routing.reason == orders::RoutingReason::kNone
                                                   ? " from one place"
                                                   : "";
                std::vector<core::FieldError> short_lines;
                for (const auto& s : reserved.shortfalls) {
                    short_lines.push_back(
                        {"lines." + catalog::VariantId(s.variant_key).ToString(), "short_of_stock",
                         "only " + std::to_string(s.available) + std::string(where) + " can be ordered now"});
                }
                return CartChanged(std::move(short_lines));
            }
            std::unordered_map<std::int64_t, std::int64_t> location_of;
            for (const auto& a : reserved.allocations)
                location_of.emplace(a.variant_key, a.location.key());  // the first
            for (const auto& line : group.lines) {
                order.lines.push_back({.variant_key = line.variant.key(),
                                       .product_key = line.product.key(),
                                       .sku = line.sku,
                                       .title_ko = line.title_ko,
                                       .title_en = line.title_en,
                                       .options_json = core::ToJson(line.options),
                                       .vat = line.vat == catalog::VatMode::kExempt ? orders::LineVat::kExempt
                                                                                    : orders::LineVat::kTaxable,
                                       .unit_price = line.unit_price,
                                       .quantity = line.quantity,
                                       .location_key = location_of[line.variant.key()]});
                ordered_keys.push_back(line.variant.key());
            }
            if (auto p = spend.find(merchant_key); p != spend.end()) order.points_used = p->second.second;
            JANGTEO_TRY(total, total.Plus(group.subtotal));
            JANGTEO_TRY(total, total.Plus(order.shipping_fee));
            JANGTEO_TRY(total, total.Minus(core::Money::Won(order.points_used)));
            draft.orders.push_back(std::move(order));
        }
        if (input.expected_total_won && *input.expected_total_won != total.won()) {
            return core::Error::FailedPrecondition(
                "total_changed", "the total is now " + total.Format() + ", not what was shown; look again");
        }

        // 4. Write the checkout, its payments, and empty the ordered lines out of the cart.
        JANGTEO_TRY(orders::Checkout checkout, orders_.CreateCheckoutInTx(tx, draft));
        if (!spend.empty()) {
            // Redeemed with the orders: a refusal rolls everything back.
            JANGTEO_TRY(customers::PersonId person, customers_->UserPersonInTx(tx, *input.owner.user));
            for (const auto& o : checkout.orders) {
                if (o.points_used <= 0) continue;
                auto used = customers_->RedeemForOrderInTx(tx, o, person);
                if (!used.ok()) {
                    core::Error e = std::move(used).error();
                    if (e.code == core::ErrorCode::kInvalidArgument) {
                        std::string field = "points[" + std::to_string(spend.at(o.merchant.key()).first) + "].points";
                        e = core::Error::Invalid(
                            "invalid_points", "the points to spend are not acceptable",
                            {{field, "below_minimum", e.fields.empty() ? e.message : e.fields[0].message}});
                    } else if (e.reason == "insufficient_points") {
                        e.message = "the points of " + o.merchant.ToString() + ": " + e.message;
                    }
                    return e;
                }
            }
        }
        orders::PendingPaymentsInput pending{.checkout = checkout.id, .method = input.method};
        for (const auto& o : checkout.orders) pending.orders.push_back({o.id, o.merchant, o.total.won()});
        JANGTEO_TRY(std::vector<orders::Payment> payments, payments_.CreatePendingInTx(tx, pending));
        JANGTEO_TRY_STATUS(carts_.RemoveLinesInTx(tx, cart.id, input.owner, ordered_keys));
        CheckoutOutcome out{.checkout = std::move(checkout), .payments = std::move(payments)};
        if (on_commit) JANGTEO_TRY_STATUS(on_commit(tx, out));
        return out;
    });
    if (!outcome.ok() && outcome.error().reason == "cart_changed" && !repriced.empty()) {
        // The cart remembers the prices the shopper has now been shown.
        for (const auto& [line, now] : repriced) {
            auto kept = carts_.SetQuantity(input.owner, {.variant_key = line.variant_key,
                                                         .product_key = line.product_key,
                                                         .merchant = line.merchant,
                                                         .quantity = line.quantity,
                                                         .price_seen = now});
            if (!kept.ok()) core::log::Warn("cart.reprice_failed", {{"reason", kept.error().reason}});
        }
    }
    return outcome;
}

core::Result<inventory::ReservationResult> CheckoutFlows::RouteDeliveryInTx(
    store::Tx& tx, orders::OrderDraft& order, std::span<const inventory::ReservationRequest> requests) {
    const platform::MerchantId merchant = order.merchant;
    JANGTEO_TRY(channels::RoutingPolicy policy, routing_.GetInTx(tx, merchant));
    JANGTEO_TRY(std::vector<inventory::Location> locations, locations_.ListInTx(tx, merchant));
    std::optional<inventory::LocationId> territory =
        TerritoryShop(locations, policy, locations_.region(), order.address.postal_code);
    order.routing.credit_reason = territory ? orders::CreditReason::kTerritory : orders::CreditReason::kNoTerritory;
    if (territory) order.routing.credit_location_key = territory->key();

    std::map<std::int64_t, std::int64_t> summed;  // variant → quantity
    for (const auto& r : requests) summed[r.variant_key] += r.quantity;
    std::vector<RoutingNeed> needs;
    std::vector<std::int64_t> keys;
    for (const auto& [variant, quantity] : summed) {
        needs.push_back({variant, quantity});
        keys.push_back(variant);
    }
    // Locked in (variant, location) order before anything is decided: what is counted stays.
    JANGTEO_TRY(std::vector<inventory::StockLevel> levels, stock_.LockLevelsInTx(tx, merchant, keys));
    std::vector<inventory::LocationId> preference = PriorityOrder(locations, policy);
    RouteChoice choice = ChooseRoute(needs, levels, territory, preference, policy.allow_split);
    order.routing.reason = choice.reason;
    inventory::ReservationResult reserved;
    if (choice.reason == orders::RoutingReason::kNone) {
        reserved.shortfalls = std::move(choice.shortfalls);
        return reserved;
    }
    if (choice.location) {
        std::vector<inventory::ReservationRequest> pinned(requests.begin(), requests.end());
        for (auto& r : pinned) r.location = choice.location;
        JANGTEO_TRY(reserved, stock_.ReserveInTx(tx, merchant, order.id->key(), pinned));
        order.routing.location_key = choice.location->key();
        return reserved;
    }
    JANGTEO_TRY(reserved, stock_.ReserveInTx(tx, merchant, order.id->key(), requests, preference));
    // A split that found everything at one place after all names it.
    if (reserved.ok() && !reserved.allocations.empty() &&
        std::all_of(reserved.allocations.begin(), reserved.allocations.end(),
                    [&](const inventory::Allocation& a) { return a.location == reserved.allocations[0].location; })) {
        order.routing.location_key = reserved.allocations[0].location.key();
    }
    return reserved;
}

namespace {

channels::CreditActor CreditActorOf(const orders::Actor& actor) {
    return {.kind = orders::ActorKindName(actor.kind),
            .user_key = actor.user ? std::optional<std::int64_t>(actor.user->key()) : std::nullopt};
}

}  // namespace

core::Status CheckoutFlows::CreditPaidInTx(store::Tx& tx, const orders::Order& order, const orders::Actor& actor) {
    if (!order.routing.credit_location_key) return {};
    JANGTEO_TRY(channels::RoutingPolicy policy, routing_.GetInTx(tx, order.merchant));
    JANGTEO_TRY(std::optional<channels::CreditEntry> credited,
                credits_.CreditInTx(tx, order.merchant, *order.routing.credit_location_key, order.id.key(),
                                    GoodsKeptWon(order), policy.commission_bp, CreditActorOf(actor)));
    (void)credited;
    return {};
}

core::Status CheckoutFlows::ReverseCreditInTx(store::Tx& tx, const orders::ReturnResult& r,
                                              const orders::Actor& actor) {
    const orders::Order& o = r.order;
    if (!o.routing.credit_location_key) return {};
    // A cancelled or wholly refunded order keeps nothing of its credit; else the goods that came back,
    // or, for a refund without goods (a price reduction), the amount refunded.
    std::optional<std::int64_t> goods;
    if (o.status != orders::OrderStatus::kCancelled && o.payment_status != orders::PaymentStatus::kRefunded) {
        if (!r.recorded.lines.empty()) {
            std::int64_t back = 0;
            for (const auto& returned : r.recorded.lines) {
                for (const auto& line : o.lines) {
                    if (line.line_no == returned.line_no) back += line.unit_price.won() * returned.quantity;
                }
            }
            goods = back;
        } else {
            goods = r.recorded.refund.won();
        }
    }
    JANGTEO_TRY(std::optional<channels::CreditEntry> reversed,
                credits_.ReverseInTx(tx, o.merchant, o.id.key(), r.recorded.id.key(), goods, CreditActorOf(actor)));
    (void)reversed;
    return {};
}

orders::PaymentService::RefundHook CheckoutFlows::UndoRefund(platform::MerchantId merchant) {
    // A refund the gateway refused: the order may refund that amount again.
    return [this, merchant](store::Tx& tx, const orders::PaymentRefund& refund) -> core::Status {
        auto undone = orders_.UndoRefundInTx(tx, merchant, refund.order, core::Money::Won(refund.amount_won));
        if (!undone.ok()) return std::move(undone).error();
        return {};
    };
}

core::Result<OrderContext> CheckoutFlows::ContextOf(const std::vector<orders::Order>& list) {
    std::vector<platform::MerchantId> merchants;
    for (const auto& o : list) {
        if (std::find(merchants.begin(), merchants.end(), o.merchant) == merchants.end())
            merchants.push_back(o.merchant);
    }
    return db_.Read([&](store::Tx& tx) -> core::Result<OrderContext> {
        OrderContext out;
        JANGTEO_TRY(std::vector<platform::Merchant> found, platform::MerchantService::ManyInTx(tx, merchants));
        for (auto& m : found) out.merchants.emplace(m.id.key(), std::move(m));
        JANGTEO_TRY(std::vector<inventory::Location> places, locations_.PickupPlacesInTx(tx, merchants));
        for (auto& l : places) out.pickup_places.emplace(l.id.key(), std::move(l));
        return out;
    });
}

core::Result<int> CheckoutFlows::RetryRefunds(int limit) {
    JANGTEO_TRY(std::vector<orders::PaymentRefund> pending,
                payments_.PendingRefunds(clock_.Now() - std::chrono::minutes(1), limit));
    int settled = 0;
    for (const auto& r : pending) {
        auto done = payments_.CompleteRefund(r.merchant, r.id, UndoRefund(r.merchant));
        if (done.ok() && done->state != orders::RefundState::kPending) ++settled;
    }
    return settled;
}

core::Status CheckoutFlows::MarkPaidInTx(store::Tx& tx, const std::vector<orders::PaidOrder>& paid) {
    for (const auto& p : paid) {
        auto moved =
            orders_.TransitionInTx(tx, p.order, p.merchant, orders::OrderStatus::kPaid, orders::Actor::Provider(),
                                   std::nullopt, {.only_from = orders::OrderStatus::kPendingPayment});
        if (!moved.ok()) return std::move(moved).error();
        JANGTEO_TRY_STATUS(CreditPaidInTx(tx, *moved, orders::Actor::Provider()));
        if (customers_) JANGTEO_TRY_STATUS(customers_->OrderPaidInTx(tx, *moved));
    }
    return {};
}

core::Result<orders::CardChargeResult> CheckoutFlows::PayByCard(orders::CheckoutId checkout,
                                                                std::optional<platform::UserId> customer,
                                                                const orders::CardInput& card) {
    JANGTEO_TRY(orders::Checkout mine, orders_.ByCheckout(checkout, customer));
    (void)mine;
    return payments_.ChargeCard(checkout, card, [this](store::Tx& tx, const std::vector<orders::PaidOrder>& paid) {
        return MarkPaidInTx(tx, paid);
    });
}

core::Result<orders::Order> CheckoutFlows::ConfirmPayment(platform::MerchantId merchant, orders::OrderId id,
                                                          platform::UserId staff, std::int64_t expected_version) {
    return db_.Write([&](store::Tx& tx) -> core::Result<orders::Order> {
        JANGTEO_TRY(orders::Order order, orders_.GetInTx(tx, id, merchant));
        if (order.version != expected_version) {
            return core::Error::Conflict("version_changed", "the order was changed meanwhile; load it again");
        }
        // The order's row first, then the payment's, as in every flow (one lock order).
        orders::Order after;
        if (orders::IsDeferred(order.payment_method)) {
            JANGTEO_TRY(after, orders_.RecordDeferredPaymentInTx(tx, merchant, id, orders::Actor::Staff(staff),
                                                                 expected_version));
        } else {
            JANGTEO_TRY(after, orders_.TransitionInTx(tx, id, merchant, orders::OrderStatus::kPaid,
                                                      orders::Actor::Staff(staff), expected_version));
        }
        JANGTEO_TRY(orders::Payment payment, payments_.ConfirmInTx(tx, merchant, id, staff));
        (void)payment;
        JANGTEO_TRY_STATUS(CreditPaidInTx(tx, after, orders::Actor::Staff(staff)));
        if (customers_) JANGTEO_TRY_STATUS(customers_->OrderPaidInTx(tx, after));
        return after;
    });
}

core::Result<orders::Order> CheckoutFlows::Advance(platform::MerchantId merchant, orders::OrderId id,
                                                   orders::OrderStatus to, platform::UserId staff,
                                                   std::int64_t expected_version,
                                                   const orders::TransitionDetails& details) {
    if (to == orders::OrderStatus::kPaid || to == orders::OrderStatus::kCancelled ||
        to == orders::OrderStatus::kPendingPayment) {
        return core::Error::Invalid("invalid_status", "use the payment or cancel action for this",
                                    {{"status", "not_an_advance", "is set by the payment or cancel action"}});
    }
    return db_.Write([&](store::Tx& tx) -> core::Result<orders::Order> {
        orders::TransitionDetails d = details;
        JANGTEO_TRY(orders::Order before, orders_.GetInTx(tx, id, merchant));
        if (to == orders::OrderStatus::kReadyForPickup && before.pickup_location_key) {
            auto place = locations_.GetInTx(tx, merchant, inventory::LocationId(*before.pickup_location_key));
            if (place.ok()) {
                d.pickup_place = place->name_ko + " (" + place->road_address +
                                 (place->address_detail.empty() ? "" : " " + place->address_detail) + ")";
            }
        }
        bool collect = d.payment_collected && orders::IsDeferred(before.payment_method) &&
                       before.payment_status == orders::PaymentStatus::kUnpaid;
        // The order's row first, then the payment's, as in every flow (one lock order).
        JANGTEO_TRY(orders::Order after,
                    orders_.TransitionInTx(tx, id, merchant, to, orders::Actor::Staff(staff), expected_version, d));
        if (collect) {
            JANGTEO_TRY(orders::Payment payment, payments_.ConfirmInTx(tx, merchant, id, staff));
            (void)payment;
            JANGTEO_TRY_STATUS(CreditPaidInTx(tx, after, orders::Actor::Staff(staff)));
            if (customers_) JANGTEO_TRY_STATUS(customers_->OrderPaidInTx(tx, after));
        }
        if (to == orders::OrderStatus::kShipped || to == orders::OrderStatus::kPickedUp) {
            JANGTEO_TRY(std::int64_t sold,
                        stock_.CommitSaleInTx(tx, merchant, id.key(), {inventory::ActorKind::kUser, staff.key()}));
            (void)sold;
        }
        return after;
    });
}

core::Result<orders::Order> CheckoutFlows::Cancel(orders::OrderId id, std::optional<platform::MerchantId> merchant,
                                                  std::optional<platform::UserId> customer, const orders::Actor& actor,
                                                  std::optional<std::int64_t> expected_version,
                                                  std::string_view reason) {
    std::optional<orders::RefundId> card_refund;
    platform::MerchantId owner_merchant;
    auto cancelled = db_.Write([&](store::Tx& tx) -> core::Result<orders::Order> {
        card_refund.reset();
        JANGTEO_TRY(orders::Order before, orders_.GetInTx(tx, id, merchant));
        if (customer && before.customer.user != customer) {
            return core::Error::NotFound("order_not_found", "no such order");
        }
        owner_merchant = before.merchant;
        orders::TransitionDetails details{.note = std::string(reason)};
        if (!expected_version) details.only_from = before.status;
        JANGTEO_TRY(orders::Order after,
                    orders_.TransitionInTx(tx, id, before.merchant, orders::OrderStatus::kCancelled, actor,
                                           expected_version, details));
        JANGTEO_TRY(std::int64_t released, stock_.ReleaseInTx(tx, before.merchant, id.key()));
        (void)released;
        JANGTEO_TRY(orders::Payment payment, payments_.ForOrderInTx(tx, before.merchant, id));
        if (payment.state == orders::PaymentState::kCaptured) {
            std::int64_t refundable = payment.amount_won - payment.refunded_won;
            if (refundable > 0) {
                JANGTEO_TRY(orders::ReturnResult recorded,
                            orders_.RecordReturnInTx(tx, before.merchant, id, {}, core::Money::Won(refundable), false,
                                                     reason.empty() ? "cancelled" : reason, actor));
                after = recorded.order;
                JANGTEO_TRY_STATUS(ReverseCreditInTx(tx, recorded, actor));
                if (customers_) JANGTEO_TRY_STATUS(customers_->OrderRefundedInTx(tx, recorded));
                JANGTEO_TRY(orders::PaymentRefund refund,
                            payments_.RefundInTx(
                                tx, before.merchant, id,
                                {.amount_won = refundable,
                                 .reason = reason.empty() ? std::string("cancelled") : std::string(reason),
                                 .actor = actor.kind == orders::ActorKind::kStaff ? actor.user : std::nullopt}));
                if (refund.state == orders::RefundState::kPending) card_refund = refund.id;
            }
        } else {
            JANGTEO_TRY(orders::Payment gone, payments_.CancelPendingInTx(tx, before.merchant, id));
            (void)gone;
            if (customers_ && payment.state != orders::PaymentState::kCaptured) {
                JANGTEO_TRY_STATUS(customers_->OrderCancelledUnpaidInTx(tx, after));
            }
        }
        return after;
    });
    if (cancelled.ok() && card_refund) {
        // The gateway after the commit; a failure leaves the refund pending for another try.
        auto done = payments_.CompleteRefund(owner_merchant, *card_refund, UndoRefund(owner_merchant));
        if (!done.ok()) core::log::Warn("refund.pending", {{"reason", done.error().reason}});
    }
    return cancelled;
}

core::Result<orders::ReturnResult> CheckoutFlows::Return(platform::MerchantId merchant, orders::OrderId id,
                                                         const std::vector<orders::ReturnLine>& lines,
                                                         core::Money refund, bool restock, std::string_view reason,
                                                         platform::UserId staff, const ReturnCommitHook& on_commit) {
    std::optional<orders::RefundId> card_refund;
    auto result = db_.Write([&](store::Tx& tx) -> core::Result<orders::ReturnResult> {
        card_refund.reset();
        JANGTEO_TRY(orders::ReturnResult r, orders_.RecordReturnInTx(tx, merchant, id, lines, refund, restock, reason,
                                                                     orders::Actor::Staff(staff)));
        if (restock && !r.recorded.lines.empty()) {
            std::vector<inventory::Allocation> back;
            for (const auto& l : r.recorded.lines) {
                back.push_back({l.variant_key, l.quantity, inventory::LocationId(l.location_key)});
            }
            JANGTEO_TRY_STATUS(
                stock_.RestockInTx(tx, merchant, id.key(), back, {inventory::ActorKind::kUser, staff.key()}));
        }
        JANGTEO_TRY_STATUS(ReverseCreditInTx(tx, r, orders::Actor::Staff(staff)));
        if (customers_) JANGTEO_TRY_STATUS(customers_->OrderRefundedInTx(tx, r));
        if (refund.won() > 0) {
            JANGTEO_TRY(
                orders::PaymentRefund paid_back,
                payments_.RefundInTx(tx, merchant, id,
                                     {.amount_won = refund.won(), .reason = std::string(reason), .actor = staff}));
            if (paid_back.state == orders::RefundState::kPending) card_refund = paid_back.id;
        }
        if (on_commit) JANGTEO_TRY_STATUS(on_commit(tx, r));
        return r;
    });
    if (result.ok() && card_refund) {
        auto done = payments_.CompleteRefund(merchant, *card_refund, UndoRefund(merchant));
        if (!done.ok()) core::log::Warn("refund.pending", {{"reason", done.error().reason}});
    }
    return result;
}

core::Result<orders::WebhookOutcome> CheckoutFlows::Webhook(std::string_view provider,
                                                            const orders::WebhookHeaders& headers,
                                                            std::string_view body) {
    return payments_.HandleWebhook(
        provider, headers, body,
        [this](store::Tx& tx, const std::vector<orders::PaidOrder>& paid) { return MarkPaidInTx(tx, paid); });
}

core::Result<int> CheckoutFlows::CancelOverdue(int limit) {
    JANGTEO_TRY(std::vector<orders::DueOrder> due, orders_.DuePendingOrders(clock_.Now(), limit));
    int cancelled = 0;
    for (const auto& d : due) {
        auto done = db_.Write([&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY(
                orders::Order after,
                orders_.TransitionInTx(tx, d.id, d.merchant, orders::OrderStatus::kCancelled, orders::Actor::System(),
                                       std::nullopt,
                                       {.note = "payment_timeout", .only_from = orders::OrderStatus::kPendingPayment}));
            if (customers_) JANGTEO_TRY_STATUS(customers_->OrderCancelledUnpaidInTx(tx, after));
            JANGTEO_TRY(std::int64_t released, stock_.ReleaseInTx(tx, d.merchant, d.id.key()));
            (void)released;
            JANGTEO_TRY(orders::Payment gone, payments_.CancelPendingInTx(tx, d.merchant, d.id));
            (void)gone;
            return {};
        });
        if (done.ok()) {
            ++cancelled;
        } else if (done.error().code != core::ErrorCode::kConflict) {
            // Paid or cancelled meanwhile, or a card charge in flight: nothing to do now. Anything else
            // is logged; the next round tries again.
            core::log::Warn("orders.overdue_cancel_failed",
                            {{"order", d.id.ToString()}, {"reason", done.error().reason}});
        }
    }
    return cancelled;
}

}  // namespace jangteo::flows

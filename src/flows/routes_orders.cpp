// Checkouts, payments and orders over HTTP: the customer's checkout and card payment (each under an
// Idempotency-Key), their orders and cancellations; the merchant's order list, fulfilment, payment
// confirmations, cancellations and returns, and its shipping rules; the payment gateways' webhook.
#include <algorithm>

#include "channels/credit.hpp"
#include "flows/checkout.hpp"
#include "flows/order_json.hpp"
#include "flows/routes.hpp"
#include "http/problem.hpp"
#include "platform/http_util.hpp"
#include "platform/idempotency.hpp"

namespace jangteo::flows {

namespace json = core::json;
using platform::web::ArrayOf;
using platform::web::BodyObject;
using platform::web::BodyReader;
using platform::web::CallerOf;
using platform::web::IdSchema;
using platform::web::ListSchema;
using platform::web::ObjectSchema;
using platform::web::PagingOf;
using platform::web::StringSchema;

namespace {

constexpr http::Access kOrdersRead{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "orders:read"};
constexpr http::Access kOrdersWrite{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "orders:write"};
constexpr http::Access kShippingWrite{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kOwner, .key_scope = "orders:write"};

json::object Int() {
    return json::object{{"type", "integer"}};
}

platform::MerchantId PathMerchant(const http::Request& request) {
    return *CallerOf(request).merchant;
}

orders::OrderId PathOrder(const http::Request& request) {
    return orders::OrderId::Parse(request.Param("order_id")).value();
}

// The person behind a merchant request (API keys act for the merchant without a person).
std::optional<platform::UserId> Person(const http::Request& request) {
    return CallerOf(request).user;
}

core::Result<platform::UserId> StaffOf(const http::Request& request) {
    auto user = Person(request);
    if (!user) {
        // Orders record the person who acted; a program acts for the owner who made its key.
        const platform::Caller& caller = CallerOf(request);
        if (caller.key && caller.key->created_by.valid()) return caller.key->created_by;
        return core::Error::PermissionDenied("person_required", "a person of the merchant must do this");
    }
    return *user;
}

// Runs `run` under the request's Idempotency-Key in `scope`: the same key with the same request
// answers the first answer; `run` records its answer with FinishInTx in its own transaction (the
// hook it gets), and a 4xx that changed nothing is recorded here.
using Finisher = std::function<core::Status(store::Tx&, int status, const json::value& body)>;
core::Result<http::Response> Idempotent(platform::IdempotencyService& keys, const http::Request& request,
                                        const std::string& scope,
                                        const std::function<core::Result<http::Response>(const Finisher&)>& run) {
    auto key = request.Header("idempotency-key");
    if (!key || key->empty()) {
        return core::Error::Malformed("idempotency_key_required",
                                      "send an Idempotency-Key header (a unique value per attempt) with this request");
    }
    std::string fingerprint(http::MethodName(request.method));
    fingerprint += ' ';
    fingerprint += request.path();
    fingerprint += '\n';
    fingerprint += request.body;
    JANGTEO_TRY(platform::IdempotencyBegin begin, keys.Begin(scope, *key, platform::RequestHash(fingerprint)));
    if (begin.replay) {
        http::Response r = http::Response::JsonText(begin.replay->status, begin.replay->body);
        if (begin.replay->status >= 400) r.content_type = "application/problem+json";
        r.SetHeader("Idempotent-Replayed", "true");
        return r;
    }
    const platform::IdempotencyClaim claim = *begin.claim;
    bool finished = false;
    Finisher finish = [&keys, &claim, &finished](store::Tx& tx, int status, const json::value& body) {
        finished = true;
        return keys.FinishInTx(tx, claim, status, core::ToJson(body));
    };
    auto answer = run(finish);
    if (answer.ok() && !finished) {
        // An effect whose own transactions could not carry the answer (a card charge: the gateway is
        // called between two): the answer is recorded right after. Were the server to die in between,
        // the retry finds the charge done (already_paid) rather than charging again.
        (void)keys.Finish(claim, answer->status, answer->body);
    }
    if (!answer.ok()) {
        // A definite refusal of the input is the key's answer; a conflict of the moment (the cart
        // changed, a charge in flight) or a failure of ours gives the key back for another try.
        int status = http::StatusFor(answer.error().code);
        if (status == 400 || status == 404 || status == 422) {
            http::Response problem = http::ProblemResponse(answer.error(), request.request_id);
            (void)keys.Finish(claim, problem.status, problem.body);
        } else {
            (void)keys.Abandon(claim);
        }
    }
    return answer;
}

core::Result<orders::DeliveryAddress> AddressOf(BodyReader& read, const json::object& o, const std::string& path) {
    orders::DeliveryAddress a;
    a.recipient = read.Text(o, "recipient", path + ".recipient");
    a.phone = read.Text(o, "phone", path + ".phone");
    a.postal_code = read.Text(o, "postal_code", path + ".postal_code");
    a.road_address = read.Text(o, "road_address", path + ".road_address");
    a.detail = read.Text(o, "detail", path + ".detail");
    a.note = read.Text(o, "note", path + ".note");
    return a;
}

core::Result<CheckoutInput> CheckoutInputOf(const json::object& body) {
    BodyReader read;
    CheckoutInput in;
    in.email = read.Text(body, "email", "email", true);
    in.name = read.Text(body, "name", "name", true);
    in.phone = read.Text(body, "phone", "phone", true);
    std::string method = read.Text(body, "payment_method", "payment_method", true);
    if (!method.empty()) {
        if (auto m = orders::ParsePaymentMethod(method)) {
            in.method = *m;
        } else {
            read.errors.push_back(
                {"payment_method", "unknown_method", "must be card, bank_transfer, pay_at_pickup or cash_on_delivery"});
        }
    }
    in.expected_total_won = read.Whole(body, "expected_total_won", "expected_total_won", false);
    if (const json::array* list = read.Array(body, "orders", "orders", true)) {
        if (list->empty() || list->size() > orders::kMaxOrdersPerCheckout) {
            read.errors.push_back({"orders", "count", "one to twenty merchants' orders"});
        }
        for (std::size_t i = 0; i < list->size() && i < orders::kMaxOrdersPerCheckout; ++i) {
            std::string path = "orders[" + std::to_string(i) + "]";
            const json::object* o = read.Object((*list)[i], path);
            if (!o) continue;
            CheckoutOrderInput order;
            order.merchant = read.Id<platform::MerchantId>(*o, "merchant_id", path + ".merchant_id", true)
                                 .value_or(platform::MerchantId());
            std::string fulfilment = read.Text(*o, "fulfilment", path + ".fulfilment", true);
            if (auto f = orders::ParseFulfilment(fulfilment)) {
                order.fulfilment = *f;
            } else if (!fulfilment.empty()) {
                read.errors.push_back({path + ".fulfilment", "unknown_fulfilment", "must be delivery or pickup"});
            }
            if (order.fulfilment == orders::Fulfilment::kPickup) {
                order.pickup =
                    read.Id<inventory::LocationId>(*o, "pickup_location_id", path + ".pickup_location_id", true);
            } else if (const json::object* a = read.Object(*o, "address", path + ".address", true)) {
                JANGTEO_TRY(order.address, AddressOf(read, *a, path + ".address"));
            }
            in.orders.push_back(std::move(order));
        }
    }
    if (const json::array* list = read.Array(body, "points", "points", false)) {
        if (list->size() > orders::kMaxOrdersPerCheckout) {
            read.errors.push_back({"points", "count", "at most one entry per merchant of the cart"});
        }
        for (std::size_t i = 0; i < list->size() && i < orders::kMaxOrdersPerCheckout; ++i) {
            std::string path = "points[" + std::to_string(i) + "]";
            const json::object* o = read.Object((*list)[i], path);
            if (!o) continue;
            PointsToSpend spend;
            spend.merchant = read.Id<platform::MerchantId>(*o, "merchant_id", path + ".merchant_id", true)
                                 .value_or(platform::MerchantId());
            spend.points = read.Whole(*o, "points", path + ".points", true).value_or(0);
            in.points.push_back(spend);
        }
    }
    if (!read.errors.empty()) {
        // Problems of the points alone are refused as the points, like those the checkout finds later.
        const bool only_points = std::all_of(read.errors.begin(), read.errors.end(),
                                             [](const core::FieldError& e) { return e.field.starts_with("points"); });
        if (only_points) return read.Fail("invalid_points", "the points to spend are not acceptable");
        return read.Fail("invalid_checkout", "the checkout has invalid fields");
    }
    return in;
}

json::object CheckoutInputSchema() {
    json::object order =
        ObjectSchema(json::array{"merchant_id", "fulfilment"},
                     json::object{{"merchant_id", IdSchema("mrc")},
                                  {"fulfilment", json::object{{"enum", json::array{"delivery", "pickup"}}}},
                                  {"address", AddressSchema()},
                                  {"pickup_location_id", IdSchema("loc")}});
    return ObjectSchema(
        json::array{"email", "name", "phone", "payment_method", "orders"},
        json::object{
            {"email", StringSchema()},
            {"name", StringSchema()},
            {"phone", StringSchema()},
            {"payment_method",
             json::object{{"enum", json::array{"card", "bank_transfer", "pay_at_pickup", "cash_on_delivery"}}}},
            {"expected_total_won", Int()},
            {"orders", ArrayOf(std::move(order))},
            {"points", ArrayOf(ObjectSchema(json::array{"merchant_id", "points"},
                                            json::object{{"merchant_id", IdSchema("mrc")}, {"points", Int()}}))}});
}

json::object ChargeJson(const orders::CardChargeResult& r) {
    json::array paid;
    for (const auto& p : r.paid) paid.push_back(json::value(p.order.ToString()));
    json::array payments;
    for (const auto& p : r.payments) payments.push_back(PaymentJson(p));
    return json::object{{"status", orders::ChargeStatusName(r.status)},
                        {"decline_code", r.decline_code.empty() ? json::value(nullptr) : json::value(r.decline_code)},
                        {"amount_won", r.amount_won},
                        {"paid_orders", std::move(paid)},
                        {"payments", std::move(payments)}};
}

json::object ChargeSchema() {
    return ObjectSchema(json::array{"status", "amount_won", "paid_orders", "payments"},
                        json::object{{"status", json::object{{"enum", json::array{"captured", "declined", "pending"}}}},
                                     {"decline_code", json::object{{"type", json::array{"string", "null"}}}},
                                     {"amount_won", Int()},
                                     {"paid_orders", ArrayOf(IdSchema("ord"))},
                                     {"payments", ArrayOf(PaymentSchema())}});
}

core::Result<std::int64_t> VersionOf(const json::object& body) {
    BodyReader read;
    auto v = read.Whole(body, "version", "version", true);
    if (!v || *v < 1) {
        return core::Error::Invalid("invalid_version", "version must be the version of the order that was read",
                                    {{"version", "required", "must be the version that was read"}});
    }
    return *v;
}

core::Result<orders::OrderQuery> OrderQueryOf(const http::Request& request) {
    JANGTEO_TRY(platform::web::Paging paging, PagingOf(request));
    orders::OrderQuery q{.cursor = paging.cursor, .limit = paging.limit};
    if (auto s = request.Query("status"); s && !s->empty()) {
        q.status = orders::ParseOrderStatus(*s);
        if (!q.status) {
            return core::Error::Invalid("bad_status", "status is not an order status",
                                        {{"status", "unknown_status", "is not an order status"}});
        }
    }
    if (auto f = request.Query("fulfilment"); f && !f->empty()) {
        q.fulfilment = orders::ParseFulfilment(*f);
        if (!q.fulfilment) {
            return core::Error::Invalid("bad_fulfilment", "fulfilment must be delivery or pickup",
                                        {{"fulfilment", "unknown_fulfilment", "must be delivery or pickup"}});
        }
    }
    q.q = request.Query("q").value_or("");
    return q;
}

json::object PageJson(const orders::OrderPage& page, const OrderContext* context = nullptr) {
    json::array items;
    for (const auto& o : page.items) {
        json::object one = OrderJson(o);
        if (context) AddOrderContext(one, o, *context);
        items.push_back(std::move(one));
    }
    return json::object{{"items", std::move(items)},
                        {"next_cursor", page.next_cursor ? json::value(*page.next_cursor) : json::value(nullptr)}};
}

json::object StatusInputSchema() {
    return ObjectSchema(
        json::array{"status", "version"},
        json::object{{"status", json::object{{"enum", json::array{"preparing", "shipped", "ready_for_pickup",
                                                                  "delivered", "picked_up", "completed"}}}},
                     {"version", Int()},
                     {"carrier", StringSchema()},
                     {"tracking_number", StringSchema()},
                     {"note", StringSchema()},
                     {"payment_collected", json::object{{"type", "boolean"}}}});
}

}  // namespace

void AddOrderRoutes(http::Router& router, const RouteServices& services) {
    CheckoutFlows& flows = services.checkout_flows;
    orders::OrderService& orders_service = services.orders;
    orders::PaymentService& payments = services.payments;
    orders::ShippingService& shipping = services.shipping;
    platform::IdempotencyService& keys = services.idempotency;
    inventory::LocationService& locations = services.locations;
    channels::CreditService& credits = services.credits;

    // The customer.
    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/checkouts",
         .handler = [&flows, &keys](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             JANGTEO_TRY(CheckoutInput input, CheckoutInputOf(body));
             platform::UserId user = *CallerOf(request).user;
             input.owner = orders::CartOwner::User(user);
             return Idempotent(keys, request, "checkout:" + user.ToString(),
                               [&](const Finisher& finish) -> core::Result<http::Response> {
                                   json::value answer;
                                   JANGTEO_TRY(CheckoutOutcome done,
                                               flows.Checkout(input, [&](store::Tx& tx, const CheckoutOutcome& out) {
                                                   answer = CheckoutJson(out.checkout, out.payments);
                                                   return finish(tx, 201, answer);
                                               }));
                                   http::Response r = http::Response::Json(201, answer);
                                   r.SetHeader("Location", "/api/v1/checkouts/" + done.checkout.id.ToString());
                                   return r;
                               });
         },
         .doc =
             {.summary = "Place the cart's orders: one order per merchant under one checkout",
              .description =
                  "Idempotency-Key is required (400 without): the same key with the same body answers the first "
                  "answer (Idempotent-Replayed: true); with another body 422 idempotency_key_reused; while the "
                  "first still runs 409 idempotency_in_progress. The cart is read and priced again: 409 cart_changed "
                  "with a field error per line (lines.<variant id>: price_changed, short_of_stock, unavailable; the "
                  "cart then shows the new prices); 409 cart_empty; 409 total_changed when expected_total_won is "
                  "not the total now. Each merchant of the cart needs its fulfilment: delivery to a Korean address "
                  "(5-digit postal code) or pickup at one of its shops (GET /api/v1/cart lists them). Stock is "
                  "reserved in the same transaction; card and bank transfer orders are cancelled when unpaid in "
                  "time (payment_due_at). points: [{merchant_id, points}] spends the buyer's points with a "
                  "merchant of the cart (1 point = 1 won off that merchant's goods; at least its min_redeem, at "
                  "most the order's goods total and the balance), redeemed in the same transaction and given back "
                  "when the order is cancelled unpaid; each order's points_used says what it took and its totals "
                  "are after them. 422 invalid_points (fields points[i].merchant_id / points[i].points: "
                  "not_in_cart, duplicate_merchant, malformed_id, below_minimum, over_goods_total, nothing_to_pay "
                  "(at least 1 won of each order is left to pay), not_whole), 409 insufficient_points.",
              .tag = "orders",
              .operation_id = "checkout",
              .request_schema = CheckoutInputSchema(),
              .success_status = 201,
              .response_schema = CheckoutSchema(),
              .error_statuses = {400, 409, 422}},
         .body = http::BodyKind::kJson,
         .access = http::kUserAccess});

    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/checkouts/{checkout_id:chk}",
         .handler = [&orders_service, &payments, &flows](http::Request& request) -> core::Result<http::Response> {
             auto id = orders::CheckoutId::Parse(request.Param("checkout_id")).value();
             JANGTEO_TRY(orders::Checkout c, orders_service.ByCheckout(id, *CallerOf(request).user));
             JANGTEO_TRY(std::vector<orders::Payment> paid, payments.ForCheckout(id));
             JANGTEO_TRY(OrderContext context, flows.ContextOf(c.orders));
             return http::Response::Json(200, CheckoutJson(c, paid, &context));
         },
         .doc = {.summary = "One of the customer's checkouts, with its orders and payments",
                 .tag = "orders",
                 .operation_id = "getCheckout",
                 .response_schema = CheckoutSchema(),
                 .error_statuses = {404}},
         .access = http::kUserAccess});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/checkouts/{checkout_id:chk}/card-payments",
                .handler = [&flows, &keys](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    BodyReader read;
                    orders::CardInput card;
                    if (const json::object* c = read.Object(body, "card", "card", true)) {
                        card.token = read.Text(*c, "token", "card.token");
                        card.number = read.Text(*c, "number", "card.number");
                        card.expiry = read.Text(*c, "expiry", "card.expiry");
                        card.cvc = read.Text(*c, "cvc", "card.cvc");
                    }
                    if (!read.errors.empty()) return read.Fail("invalid_card", "the card has invalid fields");
                    auto id = orders::CheckoutId::Parse(request.Param("checkout_id")).value();
                    platform::UserId user = *CallerOf(request).user;
                    return Idempotent(keys, request, "payment:" + user.ToString() + ":" + id.ToString(),
                                      [&](const Finisher&) -> core::Result<http::Response> {
                                          JANGTEO_TRY(orders::CardChargeResult r, flows.PayByCard(id, user, card));
                                          return http::Response::Json(200, ChargeJson(r));
                                      });
                },
                .doc = {.summary = "Pay a checkout's orders by card",
                        .description =
                            "One charge at the gateway for the total of the checkout's card orders; the answer "
                            "says captured (the orders are paid), declined (with decline_code; another card may be "
                            "tried) or pending (settled later by the gateway's webhook). Idempotency-Key is "
                            "required, as for the checkout. 409 already_paid, payment_in_progress; 422 invalid_card. "
                            "The test card provider's numbers are in docs/payments.md.",
                        .tag = "orders",
                        .operation_id = "payByCard",
                        .request_schema = ObjectSchema(
                            json::array{"card"},
                            json::object{{"card", ObjectSchema(json::array{}, json::object{{"token", StringSchema()},
                                                                                           {"number", StringSchema()},
                                                                                           {"expiry", StringSchema()},
                                                                                           {"cvc", StringSchema()}})}}),
                        .response_schema = ChargeSchema(),
                        .error_statuses = {400, 404, 409, 422, 503}},
                .body = http::BodyKind::kJson,
                .access = http::kUserAccess});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/me/orders",
                .handler = [&orders_service, &flows](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(platform::web::Paging paging, PagingOf(request));
                    JANGTEO_TRY(orders::OrderPage page,
                                orders_service.ListForCustomer(*CallerOf(request).user, paging.cursor, paging.limit));
                    JANGTEO_TRY(OrderContext context, flows.ContextOf(page.items));
                    return http::Response::Json(200, PageJson(page, &context));
                },
                .doc = {.summary = "The customer's orders, newest first",
                        .tag = "orders",
                        .operation_id = "listMyOrders",
                        .response_schema = ListSchema(OrderSchema(), true),
                        .error_statuses = {422},
                        .query = {{"cursor", "from the previous page's next_cursor", {}, false},
                                  {"limit", "1 to 200 (50)", Int(), false}}},
                .access = http::kUserAccess});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/me/orders/{order_id:ord}",
                .handler = [&orders_service, &flows](http::Request& request) -> core::Result<http::Response> {
                    platform::UserId user = *CallerOf(request).user;
                    JANGTEO_TRY(orders::Order o, orders_service.GetForCustomer(user, PathOrder(request)));
                    JANGTEO_TRY(std::vector<orders::OrderEvent> events,
                                orders_service.EventsForCustomer(user, PathOrder(request)));
                    JANGTEO_TRY(OrderContext context, flows.ContextOf({o}));
                    json::object out = OrderJson(o, &events);
                    AddOrderContext(out, o, context);
                    return http::Response::Json(200, out);
                },
                .doc = {.summary = "One of the customer's orders, with its history",
                        .tag = "orders",
                        .operation_id = "getMyOrder",
                        .response_schema = OrderSchema(),
                        .error_statuses = {404}},
                .access = http::kUserAccess});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/me/orders/{order_id:ord}/cancel",
                .handler = [&flows](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    BodyReader read;
                    std::string reason = read.Text(body, "reason", "reason");
                    if (!read.errors.empty()) return read.Fail("invalid_cancel", "the cancellation has invalid fields");
                    platform::UserId user = *CallerOf(request).user;
                    JANGTEO_TRY(orders::Order o, flows.Cancel(PathOrder(request), std::nullopt, user,
                                                              orders::Actor::Customer(user), std::nullopt, reason));
                    return http::Response::Json(200, OrderJson(o));
                },
                .doc = {.summary = "Cancel one of the customer's orders before it ships",
                        .description = "The stock goes back; an unpaid payment is cancelled, a paid one refunded. 409 "
                                       "invalid_transition once the order has shipped or is picked up.",
                        .tag = "orders",
                        .operation_id = "cancelMyOrder",
                        .request_schema = ObjectSchema(json::array{}, json::object{{"reason", StringSchema()}}),
                        .response_schema = OrderSchema(),
                        .error_statuses = {404, 409, 422}},
                .body = http::BodyKind::kJson,
                .access = http::kUserAccess});

    // The merchant.
    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/orders",
                .handler = [&orders_service](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(orders::OrderQuery q, OrderQueryOf(request));
                    JANGTEO_TRY(orders::OrderPage page, orders_service.ListForMerchant(PathMerchant(request), q));
                    json::object out = PageJson(page);
                    json::array& items = out["items"].as_array();
                    for (std::size_t i = 0; i < items.size(); ++i) AddRoutingJson(items[i].as_object(), page.items[i]);
                    return http::Response::Json(200, out);
                },
                .doc = {.summary = "The merchant's orders, newest first",
                        .description = "Filters: status, fulfilment, q (an order id).",
                        .tag = "orders",
                        .operation_id = "listOrders",
                        .response_schema = ListSchema(OrderSchema(), true),
                        .error_statuses = {422},
                        .query = {{"status", "an order status", {}, false},
                                  {"fulfilment", "delivery or pickup", {}, false},
                                  {"q", "an order id", {}, false},
                                  {"cursor", "from the previous page's next_cursor", {}, false},
                                  {"limit", "1 to 200 (50)", Int(), false}}},
                .access = kOrdersRead});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/orders/{order_id:ord}",
                .handler = [&orders_service, &payments, &flows, &locations,
                            &credits](http::Request& request) -> core::Result<http::Response> {
                    platform::MerchantId merchant = PathMerchant(request);
                    JANGTEO_TRY(orders::Order o, orders_service.GetForMerchant(merchant, PathOrder(request)));
                    JANGTEO_TRY(std::vector<orders::OrderEvent> events,
                                orders_service.EventsForMerchant(merchant, PathOrder(request)));
                    JANGTEO_TRY(orders::Payment payment, payments.ForOrder(merchant, o.id));
                    JANGTEO_TRY(std::vector<orders::PaymentRefund> refunds, payments.RefundsOfOrder(merchant, o.id));
                    JANGTEO_TRY(OrderContext context, flows.ContextOf({o}));
                    JANGTEO_TRY(std::vector<inventory::Location> places, locations.List(merchant));
                    JANGTEO_TRY(std::vector<channels::CreditEntry> credited, credits.OfOrder(merchant, o.id.key()));
                    json::object out = OrderJson(o, &events, &payment, &refunds);
                    AddOrderContext(out, o, context);
                    AddRoutingJson(out, o, &places, &credited);
                    return http::Response::Json(200, out);
                },
                .doc = {.summary = "One of the merchant's orders, with its history, payment, refunds and routing",
                        .description = "routing: why the order is fulfilled where it is (pickup, territory, priority, "
                                       "split), the location that fulfils it, the shop credited with it (credit_reason "
                                       "no_territory: none) and its credit ledger entries (docs/routing.md).",
                        .tag = "orders",
                        .operation_id = "getOrder",
                        .response_schema = OrderSchema(),
                        .error_statuses = {}},
                .access = kOrdersRead});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/orders/{order_id:ord}/status",
         .handler = [&flows](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             JANGTEO_TRY(std::int64_t version, VersionOf(body));
             BodyReader read;
             std::string status = read.Text(body, "status", "status", true);
             orders::TransitionDetails details;
             details.carrier = read.Text(body, "carrier", "carrier");
             details.tracking_number = read.Text(body, "tracking_number", "tracking_number");
             details.note = read.Text(body, "note", "note");
             details.payment_collected =
                 read.Bool(body, "payment_collected", "payment_collected", false).value_or(false);
             auto to = orders::ParseOrderStatus(status);
             if (!status.empty() && !to) read.errors.push_back({"status", "unknown_status", "is not an order status"});
             if (!read.errors.empty()) return read.Fail("invalid_transition_details", "the change has invalid fields");
             JANGTEO_TRY(platform::UserId staff, StaffOf(request));
             JANGTEO_TRY(orders::Order o,
                         flows.Advance(PathMerchant(request), PathOrder(request), *to, staff, version, details));
             return http::Response::Json(200, OrderJson(o));
         },
         .doc = {.summary = "Move an order on: preparing, shipped, ready for pickup, delivered, picked up, completed",
                 .description = "version is the version read (409 version_changed). shipped needs carrier and "
                                "tracking_number; a pay-at-pickup or cash-on-delivery order is completed once "
                                "payment_collected was given at delivered / picked_up. A step the order's state does "
                                "not allow answers 409 invalid_transition and changes nothing. Shipping or handing "
                                "over turns the order's reserved stock into a sale.",
                 .tag = "orders",
                 .operation_id = "advanceOrder",
                 .request_schema = StatusInputSchema(),
                 .response_schema = OrderSchema(),
                 .error_statuses = {409, 422}},
         .body = http::BodyKind::kJson,
         .access = kOrdersWrite});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/orders/{order_id:ord}/payment-confirmation",
                .handler = [&flows](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    JANGTEO_TRY(std::int64_t version, VersionOf(body));
                    JANGTEO_TRY(platform::UserId staff, StaffOf(request));
                    JANGTEO_TRY(orders::Order o,
                                flows.ConfirmPayment(PathMerchant(request), PathOrder(request), staff, version));
                    return http::Response::Json(200, OrderJson(o));
                },
                .doc = {.summary = "Confirm the money of an order: a bank transfer's deposit, or cash or card taken "
                                   "at pickup or delivery",
                        .description = "A bank transfer order becomes paid. 409 already_paid, settled_by_gateway (a "
                                       "card payment), version_changed.",
                        .tag = "orders",
                        .operation_id = "confirmPayment",
                        .request_schema = ObjectSchema(json::array{"version"}, json::object{{"version", Int()}}),
                        .response_schema = OrderSchema(),
                        .error_statuses = {409, 422}},
                .body = http::BodyKind::kJson,
                .access = kOrdersWrite});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/orders/{order_id:ord}/cancel",
                .handler = [&flows](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    JANGTEO_TRY(std::int64_t version, VersionOf(body));
                    BodyReader read;
                    std::string reason = read.Text(body, "reason", "reason", true);
                    if (!read.errors.empty()) return read.Fail("invalid_cancel", "say why the order is cancelled");
                    JANGTEO_TRY(platform::UserId staff, StaffOf(request));
                    JANGTEO_TRY(orders::Order o, flows.Cancel(PathOrder(request), PathMerchant(request), std::nullopt,
                                                              orders::Actor::Staff(staff), version, reason));
                    return http::Response::Json(200, OrderJson(o));
                },
                .doc = {.summary = "Cancel an order before it ships",
                        .description = "The stock goes back; an unpaid payment is cancelled, a paid one refunded in "
                                       "full (a card through the gateway; a bank transfer is recorded as paid back "
                                       "by the merchant). 409 invalid_transition once shipped or picked up.",
                        .tag = "orders",
                        .operation_id = "cancelOrder",
                        .request_schema = ObjectSchema(json::array{"version", "reason"},
                                                       json::object{{"version", Int()}, {"reason", StringSchema()}}),
                        .response_schema = OrderSchema(),
                        .error_statuses = {409, 422}},
                .body = http::BodyKind::kJson,
                .access = kOrdersWrite});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/orders/{order_id:ord}/returns",
         .handler = [&flows, &keys](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             BodyReader read;
             std::vector<orders::ReturnLine> lines;
             if (const json::array* list = read.Array(body, "lines", "lines", false)) {
                 for (std::size_t i = 0; i < list->size() && i < orders::kMaxLinesPerOrder; ++i) {
                     std::string path = "lines[" + std::to_string(i) + "]";
                     const json::object* l = read.Object((*list)[i], path);
                     if (!l) continue;
                     orders::ReturnLine line;
                     line.line_no = static_cast<int>(read.Whole(*l, "line_no", path + ".line_no", true).value_or(0));
                     line.quantity = read.Whole(*l, "quantity", path + ".quantity", true).value_or(0);
                     lines.push_back(line);
                 }
             }
             auto refund = read.Whole(body, "refund_won", "refund_won", true);
             bool restock = read.Bool(body, "restock", "restock", false).value_or(false);
             std::string reason = read.Text(body, "reason", "reason", true);
             if (!read.errors.empty()) return read.Fail("invalid_return", "the return has invalid fields");
             JANGTEO_TRY(platform::UserId staff, StaffOf(request));
             platform::MerchantId merchant = PathMerchant(request);
             orders::OrderId order = PathOrder(request);
             return Idempotent(keys, request, "return:" + order.ToString(),
                               [&](const Finisher& finish) -> core::Result<http::Response> {
                                   json::value answer;
                                   JANGTEO_TRY(
                                       orders::ReturnResult r,
                                       flows.Return(merchant, order, lines, core::Money::Won(*refund), restock, reason,
                                                    staff, [&](store::Tx& tx, const orders::ReturnResult& done) {
                                                        answer = OrderJson(done.order);
                                                        return finish(tx, 201, answer);
                                                    }));
                                   (void)r;
                                   return http::Response::Json(201, answer);
                               });
         },
         .doc = {.summary = "Record a return and/or a refund, full or partial",
                 .description = "lines (line_no, quantity) for goods coming back (delivered, picked up or completed "
                                "orders), refund_won (up to what was paid and not yet refunded), restock to put the "
                                "returned units back on hand. A refund alone (no lines) needs a paid order. "
                                "Idempotency-Key is required. 409 return_not_allowed, nothing_to_refund; 422 "
                                "invalid_return.",
                 .tag = "orders",
                 .operation_id = "returnOrder",
                 .request_schema = ObjectSchema(
                     json::array{"refund_won", "reason"},
                     json::object{
                         {"lines", ArrayOf(ObjectSchema(json::array{"line_no", "quantity"},
                                                        json::object{{"line_no", Int()}, {"quantity", Int()}}))},
                         {"refund_won", Int()},
                         {"restock", json::object{{"type", "boolean"}}},
                         {"reason", StringSchema()}}),
                 .success_status = 201,
                 .response_schema = OrderSchema(),
                 .error_statuses = {400, 409, 422}},
         .body = http::BodyKind::kJson,
         .access = kOrdersWrite});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/shipping",
                .handler = [&shipping](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(orders::ShippingRules rules, shipping.Get(PathMerchant(request)));
                    return http::Response::Json(200, ShippingJson(rules));
                },
                .doc = {.summary = "The merchant's delivery fees",
                        .description = "A flat fee, free from a subtotal (null: never), and surcharges for Jeju and "
                                       "other islands. version 0: the defaults, never saved.",
                        .tag = "orders",
                        .operation_id = "getShipping",
                        .response_schema = ShippingSchema(),
                        .error_statuses = {}},
                .access = kOrdersRead});

    router.Add({.method = http::Method::kPut,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/shipping",
                .handler = [&shipping](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    BodyReader read;
                    orders::ShippingRulesInput in;
                    in.flat_fee_won = read.Whole(body, "flat_fee_won", "flat_fee_won", true).value_or(0);
                    in.free_over_won = read.Whole(body, "free_over_won", "free_over_won", false);
                    in.jeju_surcharge_won =
                        read.Whole(body, "jeju_surcharge_won", "jeju_surcharge_won", true).value_or(0);
                    in.islands_surcharge_won =
                        read.Whole(body, "islands_surcharge_won", "islands_surcharge_won", true).value_or(0);
                    auto version = read.Whole(body, "version", "version", true);
                    if (!read.errors.empty()) {
                        return read.Fail("invalid_shipping_rules", "the delivery fees have invalid fields");
                    }
                    JANGTEO_TRY(orders::ShippingRules rules, shipping.Set(PathMerchant(request), in, *version));
                    return http::Response::Json(200, ShippingJson(rules));
                },
                .doc = {.summary = "Set the merchant's delivery fees",
                        .description = "Amounts 0 to 1,000,000 won; free_over_won null for never free. version as "
                                       "read (409 version_changed). Owners only.",
                        .tag = "orders",
                        .operation_id = "setShipping",
                        .request_schema = ObjectSchema(
                            json::array{"flat_fee_won", "jeju_surcharge_won", "islands_surcharge_won", "version"},
                            json::object{{"flat_fee_won", Int()},
                                         {"free_over_won", Int()},
                                         {"jeju_surcharge_won", Int()},
                                         {"islands_surcharge_won", Int()},
                                         {"version", Int()}}),
                        .response_schema = ShippingSchema(),
                        .error_statuses = {409, 422}},
                .body = http::BodyKind::kJson,
                .access = kShippingWrite});

    // The gateways.
    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/payments/webhooks/{provider}",
                .handler = [&flows](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(orders::WebhookOutcome outcome,
                                flows.Webhook(request.Param("provider"), request.headers, request.body));
                    return http::Response::Json(
                        200, json::object{{"applied", outcome.applied}, {"duplicates", outcome.duplicates}});
                },
                .doc = {.summary = "A payment gateway's events",
                        .description = "Verified by the Jangteo-Signature header (t=<unix seconds>,v1=<hex "
                                       "HMAC-SHA256 of \"<t>.<body>\" with the webhook secret>; 401 bad_signature, "
                                       "also when t is more than 5 minutes off). Each event is applied once; a "
                                       "repeated event id is acknowledged and does nothing. 503 "
                                       "payment_not_recorded asks the gateway to deliver again later.",
                        .tag = "orders",
                        .operation_id = "paymentWebhook",
                        .request_schema = json::object{{"type", "object"}},
                        .response_schema = ObjectSchema(json::array{"applied", "duplicates"},
                                                        json::object{{"applied", Int()}, {"duplicates", Int()}}),
                        .error_statuses = {400, 401, 404, 503}},
                .body = http::BodyKind::kJson,
                .access = http::kPublicAccess});
}

}  // namespace jangteo::flows

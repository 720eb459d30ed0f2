#include "flows/order_json.hpp"

#include "catalog/product.hpp"
#include "flows/checkout.hpp"
#include "platform/http_util.hpp"

namespace jangteo::flows {

namespace json = core::json;
using platform::web::ArrayOf;
using platform::web::IdSchema;
using platform::web::ObjectSchema;
using platform::web::StringSchema;
using platform::web::Time;
using platform::web::TimeSchema;

namespace {

json::object Int() {
    return json::object{{"type", "integer"}};
}
json::object Bool() {
    return json::object{{"type", "boolean"}};
}
json::object Nullable(json::object schema) {
    json::array types{schema.contains("type") ? schema["type"] : json::value("object"), "null"};
    schema["type"] = std::move(types);
    return schema;
}
json::object Enum(std::initializer_list<std::string_view> values) {
    json::array out;
    for (auto v : values) out.push_back(json::value(v));
    return json::object{{"enum", std::move(out)}};
}

json::value ImageJson(const std::optional<catalog::ProductImage>& image) {
    if (!image) return nullptr;
    return json::object{{"url", catalog::ImageUrl(image->hash, image->media_type)},
                        {"width", image->width},
                        {"height", image->height},
                        {"alt", image->alt}};
}

json::object AddressJson(const orders::DeliveryAddress& a) {
    return json::object{{"recipient", a.recipient},       {"phone", a.phone},   {"postal_code", a.postal_code},
                        {"road_address", a.road_address}, {"detail", a.detail}, {"note", a.note}};
}

}  // namespace

json::object AddressSchema() {
    return ObjectSchema(json::array{"recipient", "phone", "postal_code", "road_address"},
                        json::object{{"recipient", StringSchema()},
                                     {"phone", StringSchema()},
                                     {"postal_code", json::object{{"type", "string"}, {"pattern", "^[0-9]{5}$"}}},
                                     {"road_address", StringSchema()},
                                     {"detail", StringSchema()},
                                     {"note", StringSchema()}});
}

json::object ShippingJson(const orders::ShippingRules& r) {
    return json::object{{"flat_fee_won", r.flat_fee.won()},
                        {"free_over_won", r.free_over ? json::value(r.free_over->won()) : json::value(nullptr)},
                        {"jeju_surcharge_won", r.jeju_surcharge.won()},
                        {"islands_surcharge_won", r.islands_surcharge.won()},
                        {"version", r.version},
                        {"updated_at", Time(r.updated_at)}};
}

json::object ShippingSchema() {
    return ObjectSchema(
        json::array{"flat_fee_won", "free_over_won", "jeju_surcharge_won", "islands_surcharge_won", "version"},
        json::object{{"flat_fee_won", Int()},
                     {"free_over_won", Nullable(Int())},
                     {"jeju_surcharge_won", Int()},
                     {"islands_surcharge_won", Int()},
                     {"version", Int()},
                     {"updated_at", Nullable(TimeSchema())}});
}

json::object CartJson(const CartView& cart) {
    json::array merchants;
    for (const auto& g : cart.merchants) {
        json::array lines;
        for (const auto& l : g.lines) {
            lines.push_back(json::object{{"variant_id", l.variant.ToString()},
                                         {"product_id", l.product.ToString()},
                                         {"sku", l.sku},
                                         {"title_ko", l.title_ko},
                                         {"title_en", l.title_en},
                                         {"options", l.options},
                                         {"image", ImageJson(l.image)},
                                         {"vat", l.vat == catalog::VatMode::kExempt ? "exempt" : "taxable"},
                                         {"quantity", l.quantity},
                                         {"unit_price_won", l.unit_price.won()},
                                         {"price_seen_won", l.price_seen.won()},
                                         {"line_total_won", l.line_total.won()},
                                         {"available", l.available},
                                         {"problem", LineProblemName(l.problem)}});
        }
        json::array pickup;
        for (const auto& p : g.pickup) {
            pickup.push_back(json::object{{"id", p.id.ToString()},
                                          {"name_ko", p.name_ko},
                                          {"name_en", p.name_en},
                                          {"district_code", p.district_code},
                                          {"postal_code", p.postal_code},
                                          {"road_address", p.road_address},
                                          {"address_detail", p.address_detail},
                                          {"phone", p.phone},
                                          {"hours", inventory::WeekHoursJson(p.hours)}});
        }
        merchants.push_back(json::object{{"merchant_id", g.id.ToString()},
                                         {"name_ko", g.name_ko},
                                         {"name_en", g.name_en},
                                         {"district_code", g.district_code},
                                         {"selling", g.selling},
                                         {"lines", std::move(lines)},
                                         {"subtotal_won", g.subtotal.won()},
                                         {"shipping_mainland_won", g.shipping_mainland.won()},
                                         {"shipping", ShippingJson(g.shipping)},
                                         {"pickup_locations", std::move(pickup)}});
    }
    return json::object{{"id", cart.id ? json::value(cart.id->ToString()) : json::value(nullptr)},
                        {"merchants", std::move(merchants)},
                        {"items", cart.items},
                        {"subtotal_won", cart.subtotal.won()},
                        {"ready", cart.ready}};
}

json::object CartSchema() {
    json::object line =
        ObjectSchema(json::array{"variant_id", "product_id", "sku", "title_ko", "quantity", "unit_price_won",
                                 "price_seen_won", "line_total_won", "available", "problem"},
                     json::object{{"variant_id", IdSchema("var")},
                                  {"product_id", IdSchema("prd")},
                                  {"sku", StringSchema()},
                                  {"title_ko", StringSchema()},
                                  {"title_en", StringSchema()},
                                  {"options", json::object{{"type", "object"}}},
                                  {"image", Nullable(json::object{{"type", "object"}})},
                                  {"vat", Enum({"taxable", "exempt"})},
                                  {"quantity", Int()},
                                  {"unit_price_won", Int()},
                                  {"price_seen_won", Int()},
                                  {"line_total_won", Int()},
                                  {"available", Int()},
                                  {"problem", Enum({"none", "price_changed", "short_of_stock", "unavailable"})}});
    json::object place = ObjectSchema(json::array{"id", "name_ko", "road_address"},
                                      json::object{{"id", IdSchema("loc")},
                                                   {"name_ko", StringSchema()},
                                                   {"name_en", StringSchema()},
                                                   {"district_code", StringSchema()},
                                                   {"postal_code", StringSchema()},
                                                   {"road_address", StringSchema()},
                                                   {"address_detail", StringSchema()},
                                                   {"phone", StringSchema()},
                                                   {"hours", json::object{{"type", "array"}}}});
    json::object merchant = ObjectSchema(json::array{"merchant_id", "name_ko", "selling", "lines", "subtotal_won",
                                                     "shipping_mainland_won", "shipping", "pickup_locations"},
                                         json::object{{"merchant_id", IdSchema("mrc")},
                                                      {"name_ko", StringSchema()},
                                                      {"name_en", StringSchema()},
                                                      {"district_code", StringSchema()},
                                                      {"selling", Bool()},
                                                      {"lines", ArrayOf(std::move(line))},
                                                      {"subtotal_won", Int()},
                                                      {"shipping_mainland_won", Int()},
                                                      {"shipping", ShippingSchema()},
                                                      {"pickup_locations", ArrayOf(std::move(place))}});
    return ObjectSchema(json::array{"id", "merchants", "items", "subtotal_won", "ready"},
                        json::object{{"id", Nullable(IdSchema("crt"))},
                                     {"merchants", ArrayOf(std::move(merchant))},
                                     {"items", Int()},
                                     {"subtotal_won", Int()},
                                     {"ready", Bool()}});
}

json::object PaymentJson(const orders::Payment& p) {
    return json::object{{"id", p.id.ToString()},
                        {"method", orders::PaymentMethodName(p.method)},
                        {"provider", p.provider ? json::value(*p.provider) : json::value(nullptr)},
                        {"amount_won", p.amount_won},
                        {"state", orders::PaymentStateName(p.state)},
                        {"decline_code", p.decline_code ? json::value(*p.decline_code) : json::value(nullptr)},
                        {"refunded_won", p.refunded_won},
                        {"captured_at", Time(p.captured_at)}};
}

json::object PaymentSchema() {
    return ObjectSchema(json::array{"id", "method", "amount_won", "state", "refunded_won"},
                        json::object{{"id", IdSchema("pay")},
                                     {"method", Enum({"bank_transfer", "card", "pay_at_pickup", "cash_on_delivery"})},
                                     {"provider", Nullable(StringSchema())},
                                     {"amount_won", Int()},
                                     {"state", Enum({"pending", "processing", "captured", "declined", "cancelled"})},
                                     {"decline_code", Nullable(StringSchema())},
                                     {"refunded_won", Int()},
                                     {"captured_at", Nullable(TimeSchema())}});
}

json::object OrderJson(const orders::Order& o, const std::vector<orders::OrderEvent>* events,
                       const orders::Payment* payment, const std::vector<orders::PaymentRefund>* refunds) {
    json::array lines;
    for (const auto& l : o.lines) {
        json::value options = json::object{};
        if (auto parsed = core::ParseJsonObject(l.options_json); parsed.ok()) options = std::move(*parsed);
        lines.push_back(json::object{{"line_no", l.line_no},
                                     {"variant_id", catalog::VariantId(l.variant_key).ToString()},
                                     {"product_id", catalog::ProductId(l.product_key).ToString()},
                                     {"sku", l.sku},
                                     {"title_ko", l.title_ko},
                                     {"title_en", l.title_en},
                                     {"options", std::move(options)},
                                     {"vat", l.vat == orders::LineVat::kExempt ? "exempt" : "taxable"},
                                     {"unit_price_won", l.unit_price.won()},
                                     {"quantity", l.quantity},
                                     {"line_total_won", l.line_total.won()},
                                     {"location_id", inventory::LocationId(l.location_key).ToString()},
                                     {"returned_quantity", l.returned_quantity}});
    }
    json::object out{{"id", o.id.ToString()},
                     {"checkout_id", o.checkout.ToString()},
                     {"merchant_id", o.merchant.ToString()},
                     {"status", orders::OrderStatusName(o.status)},
                     {"fulfilment", orders::FulfilmentName(o.fulfilment)},
                     {"customer", json::object{{"user_id", o.customer.user ? json::value(o.customer.user->ToString())
                                                                           : json::value(nullptr)},
                                               {"email", o.customer.email},
                                               {"name", o.customer.name},
                                               {"phone", o.customer.phone}}},
                     {"address", o.address ? json::value(AddressJson(*o.address)) : json::value(nullptr)},
                     {"pickup_location_id", o.pickup_location_key
                                                ? json::value(inventory::LocationId(*o.pickup_location_key).ToString())
                                                : json::value(nullptr)},
                     {"subtotal_won", o.subtotal.won()},
                     {"shipping_fee_won", o.shipping_fee.won()},
                     {"points_used", o.points_used},
                     {"total_won", o.total.won()},
                     {"vat_won", o.vat.won()},
                     {"payment_method", orders::PaymentMethodName(o.payment_method)},
                     {"payment_status", orders::PaymentStatusName(o.payment_status)},
                     {"payment_due_at", Time(o.payment_due)},
                     {"carrier", o.carrier},
                     {"tracking_number", o.tracking_number},
                     {"refunded_won", o.refunded.won()},
                     {"version", o.version},
                     {"created_at", Time(o.created_at)},
                     {"updated_at", Time(o.updated_at)},
                     {"lines", std::move(lines)}};
    if (events) {
        json::array list;
        for (const auto& e : *events) {
            list.push_back(
                json::object{{"seq", e.seq},
                             {"from", e.from ? json::value(orders::OrderStatusName(*e.from)) : json::value(nullptr)},
                             {"to", orders::OrderStatusName(e.to)},
                             {"actor", json::object{{"kind", orders::ActorKindName(e.actor.kind)},
                                                    {"user_id", e.actor.user ? json::value(e.actor.user->ToString())
                                                                             : json::value(nullptr)}}},
                             {"note", e.note},
                             {"at", Time(e.at)}});
        }
        out["events"] = std::move(list);
    }
    if (payment) out["payment"] = PaymentJson(*payment);
    if (refunds) {
        json::array list;
        for (const auto& r : *refunds) {
            list.push_back(json::object{{"id", r.id.ToString()},
                                        {"amount_won", r.amount_won},
                                        {"reason", r.reason},
                                        {"state", orders::RefundStateName(r.state)},
                                        {"created_at", Time(r.created_at)}});
        }
        out["refunds"] = std::move(list);
    }
    return out;
}

json::object OrderSchema() {
    json::object line = ObjectSchema(
        json::array{"line_no", "variant_id", "sku", "title_ko", "unit_price_won", "quantity", "line_total_won"},
        json::object{{"line_no", Int()},
                     {"variant_id", IdSchema("var")},
                     {"product_id", IdSchema("prd")},
                     {"sku", StringSchema()},
                     {"title_ko", StringSchema()},
                     {"title_en", StringSchema()},
                     {"options", json::object{{"type", "object"}}},
                     {"vat", Enum({"taxable", "exempt"})},
                     {"unit_price_won", Int()},
                     {"quantity", Int()},
                     {"line_total_won", Int()},
                     {"location_id", IdSchema("loc")},
                     {"returned_quantity", Int()}});
    json::object event =
        ObjectSchema(json::array{"seq", "to", "actor", "at"}, json::object{{"seq", Int()},
                                                                           {"from", Nullable(StringSchema())},
                                                                           {"to", StringSchema()},
                                                                           {"actor", json::object{{"type", "object"}}},
                                                                           {"note", StringSchema()},
                                                                           {"at", TimeSchema()}});
    return ObjectSchema(
        json::array{"id", "checkout_id", "merchant_id", "status", "fulfilment", "subtotal_won", "shipping_fee_won",
                    "points_used", "total_won", "vat_won", "payment_method", "payment_status", "version", "lines"},
        json::object{
            {"id", IdSchema("ord")},
            {"checkout_id", IdSchema("chk")},
            {"merchant_id", IdSchema("mrc")},
            {"status", Enum({"pending_payment", "paid", "preparing", "shipped", "ready_for_pickup", "delivered",
                             "picked_up", "completed", "cancelled"})},
            {"fulfilment", Enum({"delivery", "pickup"})},
            {"customer", json::object{{"type", "object"}}},
            {"address", Nullable(AddressSchema())},
            {"pickup_location_id", Nullable(IdSchema("loc"))},
            {"subtotal_won", Int()},
            {"shipping_fee_won", Int()},
            {"points_used", json::object{{"type", "integer"},
                                         {"description",
                                          "points spent on the order at checkout (1 point = 1 won off "
                                          "the goods); total_won and vat_won are after them"}}},
            {"total_won", Int()},
            {"vat_won", Int()},
            {"payment_method", Enum({"bank_transfer", "card", "pay_at_pickup", "cash_on_delivery"})},
            {"payment_status", Enum({"unpaid", "paid", "partially_refunded", "refunded"})},
            {"payment_due_at", Nullable(TimeSchema())},
            {"carrier", StringSchema()},
            {"tracking_number", StringSchema()},
            {"refunded_won", Int()},
            {"version", Int()},
            {"created_at", TimeSchema()},
            {"updated_at", TimeSchema()},
            {"lines", ArrayOf(std::move(line))},
            {"events", ArrayOf(std::move(event))},
            {"payment", PaymentSchema()},
            {"merchant", json::object{{"type", "object"}}},
            {"pickup_location", json::object{{"type", "object"}}},
            {"refunds", ArrayOf(json::object{{"type", "object"}})},
            {"routing", ObjectSchema(json::array{"reason", "location", "credit_reason", "credited_location"},
                                     json::object{{"reason", Enum({"", "pickup", "territory", "priority", "split"})},
                                                  {"location", Nullable(json::object{{"type", "object"}})},
                                                  {"credit_reason", Enum({"", "pickup", "territory", "no_territory"})},
                                                  {"credited_location", Nullable(json::object{{"type", "object"}})},
                                                  {"credits", ArrayOf(json::object{{"type", "object"}})},
                                                  {"credited_goods_won", Int()},
                                                  {"credited_commission_won", Int()}})}});
}

void AddOrderContext(json::object& out, const orders::Order& o, const OrderContext& context) {
    if (auto m = context.merchants.find(o.merchant.key()); m != context.merchants.end()) {
        out["merchant"] = json::object{{"id", o.merchant.ToString()},
                                       {"name_ko", m->second.name_ko},
                                       {"name_en", m->second.name_en},
                                       {"phone", m->second.phone}};
    }
    if (o.pickup_location_key) {
        if (auto l = context.pickup_places.find(*o.pickup_location_key); l != context.pickup_places.end()) {
            const inventory::Location& p = l->second;
            out["pickup_location"] = json::object{{"id", p.id.ToString()},
                                                  {"name_ko", p.name_ko},
                                                  {"name_en", p.name_en},
                                                  {"postal_code", p.postal_code},
                                                  {"road_address", p.road_address},
                                                  {"address_detail", p.address_detail},
                                                  {"phone", p.phone},
                                                  {"hours", inventory::WeekHoursJson(p.hours)}};
        }
    }
}

void AddRoutingJson(json::object& out, const orders::Order& o, const std::vector<inventory::Location>* locations,
                    const std::vector<channels::CreditEntry>* credits) {
    auto place = [&](const std::optional<std::int64_t>& key) -> json::value {
        if (!key) return nullptr;
        json::object p{{"id", inventory::LocationId(*key).ToString()}};
        if (locations) {
            for (const auto& l : *locations) {
                if (l.id.key() != *key) continue;
                p["name_ko"] = l.name_ko;
                p["name_en"] = l.name_en;
                p["kind"] = inventory::LocationKindName(l.kind);
            }
        }
        return p;
    };
    json::object routing{{"reason", orders::RoutingReasonName(o.routing.reason)},
                         {"location", place(o.routing.location_key)},
                         {"credit_reason", orders::CreditReasonName(o.routing.credit_reason)},
                         {"credited_location", place(o.routing.credit_location_key)}};
    if (credits) {
        json::array list;
        std::int64_t goods = 0, commission = 0;
        for (const auto& e : *credits) {
            goods += e.goods_won;
            commission += e.commission_won;
            list.push_back(json::object{{"id", e.id.ToString()},
                                        {"kind", channels::CreditKindName(e.kind)},
                                        {"goods_won", e.goods_won},
                                        {"commission_won", e.commission_won},
                                        {"rate_bp", e.rate_bp},
                                        {"at", Time(e.at)}});
        }
        routing["credits"] = std::move(list);
        routing["credited_goods_won"] = goods;
        routing["credited_commission_won"] = commission;
    }
    out["routing"] = std::move(routing);
}

json::object CheckoutJson(const orders::Checkout& c, const std::vector<orders::Payment>& payments,
                          const OrderContext* context) {
    json::array list;
    for (const auto& o : c.orders) {
        const orders::Payment* payment = nullptr;
        for (const auto& p : payments) {
            if (p.order == o.id) payment = &p;
        }
        json::object one = OrderJson(o, nullptr, payment);
        if (context) AddOrderContext(one, o, *context);
        list.push_back(std::move(one));
    }
    return json::object{{"id", c.id.ToString()},
                        {"payment_method", orders::PaymentMethodName(c.payment_method)},
                        {"total_won", c.total.won()},
                        {"created_at", Time(c.created_at)},
                        {"orders", std::move(list)}};
}

json::object CheckoutSchema() {
    return ObjectSchema(json::array{"id", "payment_method", "total_won", "created_at", "orders"},
                        json::object{{"id", IdSchema("chk")},
                                     {"payment_method", StringSchema()},
                                     {"total_won", Int()},
                                     {"created_at", TimeSchema()},
                                     {"orders", ArrayOf(OrderSchema())}});
}

}  // namespace jangteo::flows

// The shopper's cart over HTTP, for guests and signed-in people alike. A guest's cart is named by a
// random token in an HttpOnly cookie, set on the first add; a signed-in person's by their account.
// When a signed-in request still carries a guest cookie (the shopper filled a cart, then signed in),
// the guest's lines are merged into the account's cart and the cookie is cleared.
#include "flows/cart.hpp"
#include "flows/order_json.hpp"
#include "flows/routes.hpp"
#include "platform/access.hpp"
#include "platform/http_util.hpp"

namespace jangteo::flows {

namespace json = core::json;
using platform::web::BodyObject;
using platform::web::BodyReader;
using platform::web::CallerOf;
using platform::web::IdSchema;
using platform::web::ObjectSchema;

namespace {

constexpr std::chrono::seconds kGuestCartAge = std::chrono::hours(24 * 30);

std::string_view CookieName(bool secure) {
    return secure ? "__Host-jangteo_cart" : "jangteo_cart";
}

std::string CartCookie(bool secure, std::string_view token, std::chrono::seconds max_age) {
    std::string out(CookieName(secure));
    out += '=';
    out.append(token);
    out += "; Path=/; Max-Age=" + std::to_string(max_age.count()) + "; HttpOnly; SameSite=Lax";
    if (secure) out += "; Secure";
    return out;
}

// Who the cart belongs to for this request, and the cookie to send back.
struct CartContext {
    orders::CartOwner owner;
    std::optional<std::string> set_cookie;
    bool new_guest = false;
};

core::Result<CartContext> ContextOf(const http::Request& request, CartFlows& flows, orders::CartService& carts,
                                    bool secure, bool creating) {
    const platform::Caller& caller = CallerOf(request);
    std::optional<std::string> guest;
    if (auto header = request.Header("cookie")) {
        if (auto v = platform::CookieValue(*header, CookieName(secure)); v && !v->empty()) guest = std::string(*v);
    }
    CartContext ctx;
    if (caller.user) {
        ctx.owner = orders::CartOwner::User(*caller.user);
        if (guest) {
            // Signed in with a guest cart: it joins the account's. A token that is no cart's (or
            // malformed) is simply dropped.
            auto merged = flows.Merge(*guest, *caller.user);
            if (!merged.ok() && merged.error().code != core::ErrorCode::kInvalidArgument) {
                return std::move(merged).error();
            }
            ctx.set_cookie = CartCookie(secure, "", std::chrono::seconds(0));
        }
        return ctx;
    }
    if (guest) {
        ctx.owner = orders::CartOwner::Guest(*guest);
        return ctx;
    }
    if (creating) {
        std::string token = carts.NewGuestToken();
        ctx.owner = orders::CartOwner::Guest(token);
        ctx.set_cookie = CartCookie(secure, token, kGuestCartAge);
        ctx.new_guest = true;
    } else {
        ctx.owner = orders::CartOwner::Guest("");
    }
    return ctx;
}

http::Response Answer(int status, const CartView& view, const CartContext& ctx) {
    http::Response r = http::Response::Json(status, CartJson(view));
    if (ctx.set_cookie) r.SetHeader("Set-Cookie", *ctx.set_cookie);
    r.SetHeader("Cache-Control", "no-store");
    return r;
}

catalog::VariantId PathVariant(const http::Request& request) {
    return catalog::VariantId::Parse(request.Param("variant_id")).value();
}

core::Result<std::int64_t> QuantityOf(const json::object& body, bool zero_ok) {
    BodyReader read;
    auto q = read.Whole(body, "quantity", "quantity", true);
    if (q && (*q < (zero_ok ? 0 : 1) || *q > orders::kMaxCartQuantity)) {
        read.errors.push_back(
            {"quantity", "out_of_range", zero_ok ? "must be 0 (to remove) to 999" : "must be 1 to 999"});
    }
    if (!read.errors.empty()) return read.Fail("invalid_quantity", "the quantity is not one that can be ordered");
    return *q;
}

}  // namespace

void AddCartRoutes(http::Router& router, const RouteServices& services) {
    CartFlows& flows = services.cart_flows;
    orders::CartService& carts = services.carts;
    bool secure = services.secure_cookies;

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/cart",
                .handler = [&flows, &carts, secure](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(CartContext ctx, ContextOf(request, flows, carts, secure, false));
                    if (!ctx.owner.user && ctx.owner.guest_token.empty()) return Answer(200, CartView{}, ctx);
                    auto view = flows.View(ctx.owner);
                    if (!view.ok() && view.error().reason == "invalid_guest_token") {
                        // A cookie that is no cart's: an empty cart, and the cookie goes.
                        ctx.set_cookie = CartCookie(secure, "", std::chrono::seconds(0));
                        return Answer(200, CartView{}, ctx);
                    }
                    JANGTEO_TRY(CartView v, std::move(view));
                    return Answer(200, v, ctx);
                },
                .doc = {.summary = "The shopper's cart, priced now",
                        .description = "Lines grouped by merchant, each with its price now, the price seen when it "
                                       "was added, what can be had online and a problem (price_changed, "
                                       "short_of_stock, unavailable); per merchant its subtotal, its delivery fee to "
                                       "the mainland, its shipping rules and its shops that hand out orders. A "
                                       "guest's cart is named by an HttpOnly cookie; signed in with a guest "
                                       "cookie, the guest's lines join the account's cart.",
                        .tag = "cart",
                        .operation_id = "getCart",
                        .response_schema = CartSchema(),
                        .error_statuses = {}},
                .access = http::kShopperAccess});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/cart/lines",
         .handler = [&flows, &carts, secure](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             BodyReader read;
             auto variant = read.Id<catalog::VariantId>(body, "variant_id", "variant_id", true);
             if (!read.errors.empty()) return read.Fail("invalid_cart_line", "the line has invalid fields");
             JANGTEO_TRY(std::int64_t quantity, QuantityOf(body, false));
             JANGTEO_TRY(CartContext ctx, ContextOf(request, flows, carts, secure, true));
             JANGTEO_TRY(CartView view, flows.Add(ctx.owner, *variant, quantity));
             return Answer(200, view, ctx);
         },
         .doc = {.summary = "Put units of a product's variant in the cart",
                 .description = "Adds to the variant's line (1 to 999 units a line, 100 lines a cart: 409 cart_full). "
                                "404 variant_not_found for a variant not on sale. A guest's first add sets the cart "
                                "cookie.",
                 .tag = "cart",
                 .operation_id = "addToCart",
                 .request_schema = ObjectSchema(
                     json::array{"variant_id", "quantity"},
                     json::object{{"variant_id", IdSchema("var")},
                                  {"quantity", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 999}}}}),
                 .response_schema = CartSchema(),
                 .error_statuses = {404, 409, 422}},
         .body = http::BodyKind::kJson,
         .access = http::kShopperAccess});

    router.Add(
        {.method = http::Method::kPut,
         .pattern = "/api/v1/cart/lines/{variant_id:var}",
         .handler = [&flows, &carts, secure](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             JANGTEO_TRY(std::int64_t quantity, QuantityOf(body, true));
             JANGTEO_TRY(CartContext ctx, ContextOf(request, flows, carts, secure, false));
             if (!ctx.owner.user && ctx.owner.guest_token.empty()) {
                 return core::Error::NotFound("cart_not_found", "there is no cart yet");
             }
             JANGTEO_TRY(CartView view, flows.Set(ctx.owner, PathVariant(request), quantity));
             return Answer(200, view, ctx);
         },
         .doc = {.summary = "Change the quantity of a line (0 removes it)",
                 .description = "The price seen becomes the price now, so a price change the shopper has "
                                "looked at is accepted this way.",
                 .tag = "cart",
                 .operation_id = "setCartLine",
                 .request_schema = ObjectSchema(
                     json::array{"quantity"},
                     json::object{{"quantity", json::object{{"type", "integer"}, {"minimum", 0}, {"maximum", 999}}}}),
                 .response_schema = CartSchema(),
                 .error_statuses = {404, 409, 422}},
         .body = http::BodyKind::kJson,
         .access = http::kShopperAccess});

    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/products/{product_id:prd}/availability",
         .handler = [&flows](http::Request& request) -> core::Result<http::Response> {
             auto product = catalog::ProductId::Parse(request.Param("product_id")).value();
             JANGTEO_TRY(std::vector<VariantAvailability> all, flows.Availability(product));
             json::array variants;
             for (const auto& a : all) {
                 json::array pickup;
                 for (const auto& p : a.pickup) {
                     pickup.push_back(json::object{{"location_id", p.place.id.ToString()},
                                                   {"name_ko", p.place.name_ko},
                                                   {"name_en", p.place.name_en},
                                                   {"road_address", p.place.road_address},
                                                   {"available", p.available}});
                 }
                 variants.push_back(json::object{{"variant_id", a.variant.ToString()},
                                                 {"available_online", a.available_online},
                                                 {"pickup", std::move(pickup)}});
             }
             http::Response r = http::Response::Json(200, json::object{{"variants", std::move(variants)}});
             r.SetHeader("Cache-Control", "no-store");
             return r;
         },
         .doc = {.summary = "What can be had of a product now: online, and at each shop that hands out orders",
                 .description = "Per variant: available online (over the merchant's open locations, less what "
                                "orders hold and the safety stock) and at each pickup shop. 404 product_not_found "
                                "for a product not on sale.",
                 .tag = "cart",
                 .operation_id = "getAvailability",
                 .response_schema = ObjectSchema(
                     json::array{"variants"},
                     json::object{{"variants", platform::web::ArrayOf(ObjectSchema(
                                                   json::array{"variant_id", "available_online", "pickup"},
                                                   json::object{{"variant_id", IdSchema("var")},
                                                                {"available_online", json::object{{"type", "integer"}}},
                                                                {"pickup", platform::web::ArrayOf(
                                                                               json::object{{"type", "object"}})}}))}}),
                 .error_statuses = {404}},
         .access = http::kPublicAccess});

    router.Add({.method = http::Method::kDelete,
                .pattern = "/api/v1/cart/lines/{variant_id:var}",
                .handler = [&flows, &carts, secure](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(CartContext ctx, ContextOf(request, flows, carts, secure, false));
                    if (!ctx.owner.user && ctx.owner.guest_token.empty()) return Answer(200, CartView{}, ctx);
                    JANGTEO_TRY(CartView view, flows.Remove(ctx.owner, PathVariant(request)));
                    return Answer(200, view, ctx);
                },
                .doc = {.summary = "Take a line out of the cart",
                        .tag = "cart",
                        .operation_id = "removeCartLine",
                        .response_schema = CartSchema(),
                        .error_statuses = {}},
                .access = http::kShopperAccess});
}

}  // namespace jangteo::flows

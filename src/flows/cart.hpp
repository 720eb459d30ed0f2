// The cart as a shopper sees it, over the orders module's cart (what was added, at which price), the
// catalog (what each variant is and costs now), the inventory (what can be had online) and the
// platform (whether each merchant still sells). Lines are grouped by merchant, each group with its
// subtotal, its delivery fee to the mainland, its shops that hand out orders, and a problem per line
// when the price changed since it was added, the stock is short or the product is no longer sold.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/product.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "inventory/location.hpp"
#include "inventory/stock.hpp"
#include "orders/cart.hpp"
#include "orders/shipping.hpp"
#include "store/db.hpp"

namespace jangteo::flows {

enum class LineProblem { kNone, kPriceChanged, kShortOfStock, kUnavailable };
std::string_view LineProblemName(LineProblem problem);  // "none", "price_changed", "short_of_stock", "unavailable"

struct CartLineView {
    catalog::VariantId variant;
    catalog::ProductId product;
    std::string sku;
    std::string title_ko;
    std::string title_en;
    core::json::object options;
    std::optional<catalog::ProductImage> image;
    catalog::VatMode vat = catalog::VatMode::kTaxable;
    std::int64_t quantity = 0;
    core::Money unit_price;  // what an online buyer pays now at this quantity (0 when unavailable)
    core::Money price_seen;  // when the line was added
    core::Money line_total;
    std::int64_t available = 0;  // online, over the merchant's open locations
    LineProblem problem = LineProblem::kNone;
};

// A shop of the merchant where an order can be picked up.
struct PickupPlace {
    inventory::LocationId id;
    std::string name_ko;
    std::string name_en;
    std::string district_code;
    std::string postal_code;
    std::string road_address;
    std::string address_detail;
    std::string phone;
    inventory::WeekHours hours;
};

PickupPlace PlaceOf(const inventory::Location& location);

struct CartMerchant {
    platform::MerchantId id;
    std::string name_ko;
    std::string name_en;
    std::string district_code;
    bool selling = true;  // approved; otherwise every line is unavailable
    std::vector<CartLineView> lines;
    core::Money subtotal;           // of the lines still sold, at their price now
    core::Money shipping_mainland;  // the delivery fee to the mainland for that subtotal
    orders::ShippingRules shipping;
    std::vector<PickupPlace> pickup;
};

struct CartView {
    std::optional<orders::CartId> id;
    std::vector<CartMerchant> merchants;  // in the order their first line was added
    std::int64_t items = 0;               // units over every line
    core::Money subtotal;
    bool ready = true;  // no line has a problem: the checkout can go ahead
};

// What a product page shows of the stock: per variant, what can be had online and at each shop that
// hands out orders.
struct PickupAvailability {
    PickupPlace place;
    std::int64_t available = 0;
};
struct VariantAvailability {
    catalog::VariantId variant;
    std::int64_t available_online = 0;
    std::vector<PickupAvailability> pickup;
};

// Thread-safe: holds references only.
class CartFlows {
public:
    CartFlows(store::Db& db, core::Clock& clock, orders::CartService& carts, orders::ShippingService& shipping,
              inventory::LocationService& locations, inventory::StockService& stock)
        : db_(db), clock_(clock), carts_(carts), shipping_(shipping), locations_(locations), stock_(stock) {}

    // The owner's cart, priced now. A signed-in owner with a guest token too gets the guest's lines
    // merged into their cart first (the sign-in of a shopper who filled a cart as a guest).
    core::Result<CartView> View(const orders::CartOwner& owner);
    // Adds units of an active product's variant of a selling merchant, at its price now:
    // kNotFound "variant_not_found" otherwise; the cart's own limits (quantity 1..999, 100 lines).
    core::Result<CartView> Add(const orders::CartOwner& owner, catalog::VariantId variant, std::int64_t quantity);
    // Sets a line's quantity (0 removes it); the price seen becomes the price now.
    core::Result<CartView> Set(const orders::CartOwner& owner, catalog::VariantId variant, std::int64_t quantity);
    core::Result<CartView> Remove(const orders::CartOwner& owner, catalog::VariantId variant);
    // Moves a guest's lines into the user's cart.
    core::Status Merge(std::string_view guest_token, platform::UserId user);

    // The availability of an active product of a selling merchant; kNotFound "product_not_found" otherwise.
    core::Result<std::vector<VariantAvailability>> Availability(catalog::ProductId product);

    // The view of given lines inside a transaction (the checkout's recheck uses the same rules).
    core::Result<CartView> PriceInTx(store::Tx& tx, const orders::Cart& cart);

private:
    core::Result<CartView> Change(const orders::CartOwner& owner, catalog::VariantId variant, std::int64_t quantity,
                                  bool add);

    store::Db& db_;
    core::Clock& clock_;
    orders::CartService& carts_;
    orders::ShippingService& shipping_;
    inventory::LocationService& locations_;
    inventory::StockService& stock_;
};

}  // namespace jangteo::flows

#include "flows/cart.hpp"

#include <algorithm>
#include <unordered_map>

#include "catalog/pricing.hpp"
#include "catalog/sellable.hpp"
#include "platform/merchant.hpp"

namespace jangteo::flows {

PickupPlace PlaceOf(const inventory::Location& l) {
    return {.id = l.id,
            .name_ko = l.name_ko,
            .name_en = l.name_en,
            .district_code = l.district_code,
            .postal_code = l.postal_code,
            .road_address = l.road_address,
            .address_detail = l.address_detail,
            .phone = l.phone,
            .hours = l.hours};
}

std::string_view LineProblemName(LineProblem problem) {
    switch (problem) {
        case LineProblem::kNone: return "none";
        case LineProblem::kPriceChanged: return "price_changed";
        case LineProblem::kShortOfStock: return "short_of_stock";
        case LineProblem::kUnavailable: return "unavailable";
    }
    return "none";
}

core::Result<CartView> CartFlows::PriceInTx(store::Tx& tx, const orders::Cart& cart) {
    CartView view;
    if (cart.id.valid()) view.id = cart.id;
    if (cart.lines.empty()) return view;
    std::vector<catalog::VariantId> ids;
    std::vector<std::int64_t> keys;
    std::vector<platform::MerchantId> merchant_ids;
    for (const auto& line : cart.lines) {
        ids.emplace_back(line.variant_key);
        keys.push_back(line.variant_key);
        if (std::find(merchant_ids.begin(), merchant_ids.end(), line.merchant) == merchant_ids.end()) {
            merchant_ids.push_back(line.merchant);
        }
    }
    JANGTEO_TRY(std::vector<catalog::SellableVariant> sellable, catalog::SellableVariantsInTx(tx, ids));
    std::unordered_map<std::int64_t, const catalog::SellableVariant*> by_key;
    for (const auto& v : sellable) by_key.emplace(v.id.key(), &v);
    JANGTEO_TRY(std::vector<platform::Merchant> merchants, platform::MerchantService::ManyInTx(tx, merchant_ids));
    std::unordered_map<std::int64_t, const platform::Merchant*> merchant_of;
    for (const auto& m : merchants) merchant_of.emplace(m.id.key(), &m);
    JANGTEO_TRY(std::vector<std::int64_t> available, stock_.AvailableOnline(tx, keys));
    JANGTEO_TRY(std::vector<orders::ShippingRules> rules, shipping_.ManyInTx(tx, merchant_ids));
    JANGTEO_TRY(std::vector<inventory::Location> places, locations_.PickupPlacesInTx(tx, merchant_ids));

    core::TimePoint now = clock_.Now();
    std::unordered_map<std::int64_t, std::size_t> group_of;
    for (std::size_t i = 0; i < merchant_ids.size(); ++i) {
        CartMerchant g;
        g.id = merchant_ids[i];
        if (auto it = merchant_of.find(g.id.key()); it != merchant_of.end()) {
            g.name_ko = it->second->name_ko;
            g.name_en = it->second->name_en;
            g.district_code = it->second->district_code;
            g.selling = it->second->status == platform::MerchantStatus::kApproved;
        } else {
            g.selling = false;
        }
        for (const auto& r : rules) {
            if (r.merchant == g.id) g.shipping = r;
        }
        for (const auto& l : places) {
            if (l.merchant_id != g.id) continue;
            g.pickup.push_back(PlaceOf(l));
        }
        group_of.emplace(g.id.key(), view.merchants.size());
        view.merchants.push_back(std::move(g));
    }
    for (std::size_t i = 0; i < cart.lines.size(); ++i) {
        const orders::CartLine& line = cart.lines[i];
        CartMerchant& g = view.merchants[group_of.at(line.merchant.key())];
        CartLineView out;
        out.variant = catalog::VariantId(line.variant_key);
        out.product = catalog::ProductId(line.product_key);
        out.quantity = line.quantity;
        out.price_seen = line.price_seen;
        out.available = available[i];
        auto it = by_key.find(line.variant_key);
        const catalog::SellableVariant* v = it == by_key.end() ? nullptr : it->second;
        if (v) {
            out.sku = v->sku;
            out.title_ko = v->title_ko;
            out.title_en = v->title_en;
            out.options = v->options;
            out.image = v->image;
            out.vat = v->pricing.vat;
        }
        if (!v || v->status != catalog::ProductStatus::kActive || v->merchant != line.merchant || !g.selling) {
            out.problem = LineProblem::kUnavailable;
        } else {
            auto quote = catalog::QuotePrice(v->pricing, catalog::SalesChannel::kOnline, line.quantity, now);
            if (!quote.ok()) {
                out.problem = LineProblem::kUnavailable;
            } else {
                out.unit_price = quote->unit;
                out.line_total = quote->total;
                if (out.unit_price != out.price_seen) out.problem = LineProblem::kPriceChanged;
                if (out.quantity > out.available) out.problem = LineProblem::kShortOfStock;
            }
        }
        if (out.problem != LineProblem::kUnavailable) {
            JANGTEO_TRY(g.subtotal, g.subtotal.Plus(out.line_total));
        }
        if (out.problem != LineProblem::kNone) view.ready = false;
        view.items += out.quantity;
        g.lines.push_back(std::move(out));
    }
    for (auto& g : view.merchants) {
        if (g.subtotal > core::Money()) {
            JANGTEO_TRY(g.shipping_mainland, orders::ShippingFee(g.shipping, g.subtotal, ""));
        }
        JANGTEO_TRY(view.subtotal, view.subtotal.Plus(g.subtotal));
    }
    return view;
}

core::Result<CartView> CartFlows::View(const orders::CartOwner& owner) {
    JANGTEO_TRY(orders::Cart cart, carts_.Open(owner));
    return db_.Read([&](store::Tx& tx) { return PriceInTx(tx, cart); });
}

core::Result<CartView> CartFlows::Change(const orders::CartOwner& owner, catalog::VariantId variant,
                                         std::int64_t quantity, bool add) {
    // What the variant is and costs now, read first; the cart then keeps the line with that price.
    struct Found {
        catalog::SellableVariant variant;
        core::Money unit;
    };
    JANGTEO_TRY(std::optional<Found> found, db_.Read([&](store::Tx& tx) -> core::Result<std::optional<Found>> {
        std::vector<catalog::VariantId> one{variant};
        JANGTEO_TRY(std::vector<catalog::SellableVariant> sellable, catalog::SellableVariantsInTx(tx, one));
        if (sellable.empty() || sellable[0].status != catalog::ProductStatus::kActive) {
            return std::optional<Found>();
        }
        std::vector<platform::MerchantId> m{sellable[0].merchant};
        JANGTEO_TRY(std::vector<platform::Merchant> merchants, platform::MerchantService::ManyInTx(tx, m));
        if (merchants.empty() || merchants[0].status != platform::MerchantStatus::kApproved) {
            return std::optional<Found>();
        }
        // The unit price at one unit: the line's own quantity is priced again whenever the cart is read.
        auto quote = catalog::QuotePrice(sellable[0].pricing, catalog::SalesChannel::kOnline, 1, clock_.Now());
        if (!quote.ok()) return std::optional<Found>();
        return std::optional<Found>(Found{std::move(sellable[0]), quote->unit});
    }));
    if (!found && (add || quantity > 0)) {
        return core::Error::NotFound("variant_not_found", "no such product is on sale");
    }
    if (!found) {
        JANGTEO_TRY(orders::Cart after, carts_.Remove(owner, variant.key()));
        return db_.Read([&](store::Tx& tx) { return PriceInTx(tx, after); });
    }
    orders::CartLineInput line{.variant_key = variant.key(),
                               .product_key = found->variant.product.key(),
                               .merchant = found->variant.merchant,
                               .quantity = quantity,
                               .price_seen = found->unit};
    JANGTEO_TRY(orders::Cart after, add ? carts_.Add(owner, line) : carts_.SetQuantity(owner, line));
    // The price seen is the unit price of one; a volume price is for business buyers, not here.
    return db_.Read([&](store::Tx& tx) { return PriceInTx(tx, after); });
}

core::Result<CartView> CartFlows::Add(const orders::CartOwner& owner, catalog::VariantId variant,
                                      std::int64_t quantity) {
    return Change(owner, variant, quantity, true);
}

core::Result<CartView> CartFlows::Set(const orders::CartOwner& owner, catalog::VariantId variant,
                                      std::int64_t quantity) {
    return Change(owner, variant, quantity, false);
}

core::Result<CartView> CartFlows::Remove(const orders::CartOwner& owner, catalog::VariantId variant) {
    JANGTEO_TRY(orders::Cart after, carts_.Remove(owner, variant.key()));
    return db_.Read([&](store::Tx& tx) { return PriceInTx(tx, after); });
}

core::Result<std::vector<VariantAvailability>> CartFlows::Availability(catalog::ProductId product) {
    return db_.Read([&](store::Tx& tx) -> core::Result<std::vector<VariantAvailability>> {
        auto not_found = [] { return core::Error::NotFound("product_not_found", "no such product is on sale"); };
        JANGTEO_TRY(std::vector<catalog::VariantId> ids, catalog::VariantIdsOfProductInTx(tx, product));
        JANGTEO_TRY(std::vector<catalog::SellableVariant> variants, catalog::SellableVariantsInTx(tx, ids));
        if (variants.empty() || variants[0].status != catalog::ProductStatus::kActive) return not_found();
        platform::MerchantId merchant = variants[0].merchant;
        std::vector<platform::MerchantId> one{merchant};
        JANGTEO_TRY(std::vector<platform::Merchant> merchants, platform::MerchantService::ManyInTx(tx, one));
        if (merchants.empty() || merchants[0].status != platform::MerchantStatus::kApproved) return not_found();
        std::vector<std::int64_t> keys;
        for (const auto& v : variants) keys.push_back(v.id.key());
        JANGTEO_TRY(std::vector<std::int64_t> online, stock_.AvailableOnline(tx, keys));
        JANGTEO_TRY(std::vector<inventory::Location> places, locations_.PickupPlacesInTx(tx, one));
        JANGTEO_TRY(std::vector<inventory::StockLevel> levels, stock_.LevelsInTx(tx, merchant, {.variant_keys = keys}));
        std::vector<VariantAvailability> out;
        for (std::size_t i = 0; i < variants.size(); ++i) {
            VariantAvailability a{.variant = variants[i].id, .available_online = online[i]};
            for (const auto& l : places) {
                std::int64_t here = 0;
                for (const auto& level : levels) {
                    if (level.variant_key == keys[i] && level.location == l.id) here = level.available();
                }
                a.pickup.push_back({.place = PlaceOf(l), .available = here});
            }
            out.push_back(std::move(a));
        }
        return out;
    });
}

core::Status CartFlows::Merge(std::string_view guest_token, platform::UserId user) {
    JANGTEO_TRY(orders::MergeResult merged, carts_.Merge(guest_token, user));
    (void)merged;
    return {};
}

}  // namespace jangteo::flows

// The HTTP binding of the flows: the routes whose use case spans modules.
#pragma once

#include "http/router.hpp"

namespace jangteo::inventory {
class StockService;
class LocationService;
}  // namespace jangteo::inventory

namespace jangteo::orders {
class CartService;
class OrderService;
class PaymentService;
class ShippingService;
}  // namespace jangteo::orders

namespace jangteo::platform {
class IdempotencyService;
}  // namespace jangteo::platform

namespace jangteo::flows {

class StockFlows;
class CartFlows;
class CheckoutFlows;

struct RouteServices {
    StockFlows& stock_flows;
    inventory::StockService& stock;
    inventory::LocationService& locations;
    CartFlows& cart_flows;
    CheckoutFlows& checkout_flows;
    orders::CartService& carts;
    orders::OrderService& orders;
    orders::PaymentService& payments;
    orders::ShippingService& shipping;
    platform::IdempotencyService& idempotency;
    bool secure_cookies = false;  // the public address is https: the cart cookie is Secure and __Host-
};

void AddRoutes(http::Router& router, const RouteServices& services);

// The parts, each in its own file.
void AddStockRoutes(http::Router& router, const RouteServices& services);
void AddCartRoutes(http::Router& router, const RouteServices& services);
void AddOrderRoutes(http::Router& router, const RouteServices& services);

}  // namespace jangteo::flows

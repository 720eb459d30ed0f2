// The HTTP binding of the flows: the routes whose use case spans modules.
#pragma once

#include "http/router.hpp"

namespace jangteo::core {
class Clock;
}  // namespace jangteo::core

namespace jangteo::channels {
class CreditService;
}  // namespace jangteo::channels

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
class ApiKeyService;
class IdempotencyService;
class UserService;
class JobService;
}  // namespace jangteo::platform

namespace jangteo::channels {
class PosSaleStore;
class PosReports;
}  // namespace jangteo::channels

namespace jangteo::customers {
class MemberStore;
class PointService;
}  // namespace jangteo::customers

namespace jangteo::flows {

class StockFlows;
class CartFlows;
class CheckoutFlows;
class PosFlows;
class ChannelFlows;
class ImportJobs;
class CustomerViews;
class CustomerFlows;

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
    PosFlows& pos_flows;
    channels::PosSaleStore& pos_sales;
    channels::PosReports& pos_reports;
    platform::ApiKeyService& keys;
    platform::UserService& users;
    ChannelFlows& channel_flows;
    channels::CreditService& credits;
    core::Clock& clock;
    customers::MemberStore& members;
    ImportJobs& imports;
    platform::JobService& jobs;
    CustomerViews& customer_views;
    customers::PointService& points;
    CustomerFlows& customer_flows;
    std::size_t csv_max_bytes = 0;  // the largest legacy file the back office takes (the CLI takes any)
    bool secure_cookies = false;    // the public address is https: the cart cookie is Secure and __Host-
};

void AddRoutes(http::Router& router, const RouteServices& services);

// The parts, each in its own file.
void AddStockRoutes(http::Router& router, const RouteServices& services);
void AddCartRoutes(http::Router& router, const RouteServices& services);
void AddOrderRoutes(http::Router& router, const RouteServices& services);
void AddPosRoutes(http::Router& router, const RouteServices& services);
void AddRoutingRoutes(http::Router& router, const RouteServices& services);
void AddCustomerRoutes(http::Router& router, const RouteServices& services);

class MyCustomerFlows;
// My page as a customer (routes_me_customers.cpp): added on its own, with the flow it needs.
void AddMyCustomerRoutes(http::Router& router, MyCustomerFlows& flows, core::Clock& clock, bool secure_cookies);

}  // namespace jangteo::flows

// The HTTP binding of the flows: the routes whose use case spans modules.
#pragma once

#include "http/router.hpp"

namespace jangteo::inventory {
class StockService;
class LocationService;
}  // namespace jangteo::inventory

namespace jangteo::flows {

class StockFlows;

struct RouteServices {
    StockFlows& stock_flows;
    inventory::StockService& stock;
    inventory::LocationService& locations;
};

void AddRoutes(http::Router& router, const RouteServices& services);

// The parts, each in its own file.
void AddStockRoutes(http::Router& router, const RouteServices& services);

}  // namespace jangteo::flows

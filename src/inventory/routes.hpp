// The HTTP binding of the inventory module: the merchant's locations. Stock itself is reached through
// the flows' routes (flows/routes_stock.cpp), because every stock change names catalog variants.
#pragma once

#include "core/json.hpp"
#include "http/router.hpp"
#include "inventory/location.hpp"

namespace jangteo::inventory {

void AddRoutes(http::Router& router, LocationService& locations);

// The JSON of a location and its schema (the flows' routes show locations too).
core::json::object LocationJson(const Location& location, const platform::Region& region);
core::json::object LocationSchema();

}  // namespace jangteo::inventory

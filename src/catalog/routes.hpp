// The HTTP binding of the catalog module: parse, call the service, render. Access is declared per
// route in the table and applied by the platform's access policy.
#pragma once

#include "http/router.hpp"

namespace jangteo::catalog {

class CategoryService;

void AddRoutes(http::Router& router, CategoryService& categories);

}  // namespace jangteo::catalog

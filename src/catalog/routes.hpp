// The HTTP binding of the catalog module: parse, call the service, render. Access is declared per
// route in the table and applied by the platform's access policy.
#pragma once

#include <cstddef>

#include "http/router.hpp"

namespace jangteo::platform {
class IndustryService;
struct Region;
}  // namespace jangteo::platform

namespace jangteo::catalog {

class CategoryService;
class ProductService;
class ImageService;
class ImportService;
class Portal;
class PricePolicyService;

struct RouteServices {
    CategoryService& categories;
    ProductService& products;
    ImageService& images;
    ImportService& imports;
    Portal& portal;
    PricePolicyService& price_policies;
    platform::IndustryService& industries;
    const platform::Region& region;
    std::size_t csv_max_bytes = 0;  // the largest CSV upload (the portal's config answer tells it too)
};

void AddRoutes(http::Router& router, const RouteServices& services);

// The parts, each in its own file.
void AddCategoryRoutes(http::Router& router, CategoryService& categories);
void AddProductRoutes(http::Router& router, const RouteServices& services);
void AddPortalRoutes(http::Router& router, const RouteServices& services);
void AddImportRoutes(http::Router& router, const RouteServices& services);
void AddParityRoutes(http::Router& router, const RouteServices& services);

}  // namespace jangteo::catalog

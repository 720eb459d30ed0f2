// Products in the merchant API's JSON: the body a merchant sends (ProductInput, with a field error
// for every value of the wrong shape: a fractional or text price, an unknown channel, a time that is
// not RFC 3339) and the product it gets back (with the warnings of the save that answered it, such as
// a price that breaks a "warn" parity policy), with their JSON Schemas for the API description.
#pragma once

#include "catalog/product.hpp"
#include "core/error.hpp"
#include "core/json.hpp"

namespace jangteo::catalog {

namespace json = core::json;

// Reads a product body. Shapes are checked here; values (lengths, ranges, the category's attributes)
// by ProductService, so that both report with the same field paths.
core::Result<ProductInput> ProductInputFromJson(const json::object& body);

json::object ProductJson(const Product& product);
json::object ProductSummaryJson(const ProductSummary& summary);
json::object ImageJson(const ProductImage& image);

json::object ProductInputSchema(bool with_version);
json::object ProductSchema();
json::object ProductSummarySchema();
// A field error as answers carry them (warnings): field, code, message, and params for some codes.
json::object FieldErrorSchema();

}  // namespace jangteo::catalog

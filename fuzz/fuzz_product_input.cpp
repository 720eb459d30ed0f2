// Product bodies from the merchant API: reading them never crashes, and whatever is read goes
// through the catalog's validation without crashing either; an accepted product keeps the limits.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "catalog/product.hpp"
#include "catalog/product_json.hpp"

namespace {

const jangteo::catalog::CategoryTree& Tree() {
    using namespace jangteo::catalog;
    static const CategoryTree tree = [] {
        Category food{.id = CategoryId(1), .code = "food", .name_ko = "식품", .name_en = "Food"};
        food.attributes.push_back({.code = "origin",
                                   .name_ko = "원산지",
                                   .name_en = "Origin",
                                   .type = AttributeType::kText,
                                   .required = true});
        Category fish{
            .id = CategoryId(2), .parent = CategoryId(1), .code = "fish", .name_ko = "생선", .name_en = "Fish"};
        fish.attributes.push_back(
            {.code = "weight", .name_ko = "중량", .name_en = "Weight", .type = AttributeType::kDecimal});
        return CategoryTree({food, fish}, 1);
    }();
    return tree;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace jangteo;
    auto body = core::ParseJsonObject(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!body.ok()) return 0;
    auto input = catalog::ProductInputFromJson(*body);
    if (!input.ok()) {
        if (input.error().fields.empty()) std::abort();  // every refusal names its fields
        return 0;
    }
    auto checked = catalog::ProductService::Check(Tree(), *input);
    if (!checked.ok() && checked.error().fields.empty()) std::abort();
    if (checked.ok() && (input->variants.empty() || input->variants.size() > catalog::kMaxVariants)) std::abort();
    return 0;
}

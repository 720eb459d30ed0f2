#include "catalog/product_json.hpp"

#include <cmath>

#include "http/problem.hpp"
#include "platform/http_util.hpp"

namespace jangteo::catalog {

using platform::web::ArrayOf;
using platform::web::IdSchema;
using platform::web::ObjectSchema;
using platform::web::StringSchema;
using platform::web::Time;
using platform::web::TimeSchema;

namespace {

// Collects the shape errors of one body, each with its full path.
class Reader {
public:
    std::vector<core::FieldError> errors;

    std::string Text(const json::object& o, std::string_view key, const std::string& path) {
        auto it = o.find(key);
        if (it == o.end() || it->value().is_null()) return {};
        if (!it->value().is_string()) {
            errors.push_back({path, "wrong_type", "must be text"});
            return {};
        }
        return std::string(it->value().get_string());
    }

    // A whole number: 12900, not 12900.5, "12900" or 1e20.
    std::optional<std::int64_t> Whole(const json::object& o, std::string_view key, const std::string& path,
                                      bool required, std::string_view code = "not_whole_won") {
        auto it = o.find(key);
        if (it == o.end() || it->value().is_null()) {
            if (required) errors.push_back({path, "required", "is required"});
            return std::nullopt;
        }
        const json::value& v = it->value();
        if (v.is_int64()) return v.get_int64();
        if (v.is_uint64()) {
            errors.push_back({path, "out_of_range", "is too large"});
            return std::nullopt;
        }
        if (v.is_double()) {
            double d = v.get_double();
            if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) return static_cast<std::int64_t>(d);
            errors.push_back({path, std::string(code), "must be a whole number"});
            return std::nullopt;
        }
        errors.push_back({path, "wrong_type", "must be a number"});
        return std::nullopt;
    }

    const json::array* Array(const json::object& o, std::string_view key, const std::string& path) {
        auto it = o.find(key);
        if (it == o.end() || it->value().is_null()) return nullptr;
        if (!it->value().is_array()) {
            errors.push_back({path, "wrong_type", "must be an array"});
            return nullptr;
        }
        return &it->value().get_array();
    }

    const json::object* Object(const json::value& v, const std::string& path) {
        if (!v.is_object()) {
            errors.push_back({path, "wrong_type", "must be an object"});
            return nullptr;
        }
        return &v.get_object();
    }

    std::optional<SalesChannel> Channel(const json::object& o, const std::string& path, bool required) {
        std::string text = Text(o, "channel", path);
        if (text.empty()) {
            if (required) errors.push_back({path, "required", "is required"});
            return std::nullopt;
        }
        auto channel = ParseSalesChannel(text);
        if (!channel) errors.push_back({path, "unknown_channel", "must be online, shop or business"});
        return channel;
    }

    core::TimePoint Moment(const json::object& o, std::string_view key, const std::string& path) {
        std::string text = Text(o, key, path);
        if (text.empty()) {
            errors.push_back({path, "required", "is required"});
            return {};
        }
        auto t = core::ParseRfc3339(text);
        if (!t) {
            errors.push_back({path, "invalid_time", "must be a time like 2026-12-01T00:00:00+09:00"});
            return {};
        }
        return *t;
    }
};

// The array items past this many are not read: the service refuses the count anyway.
constexpr std::size_t kReadCap = 200;

VariantInput ReadVariant(Reader& r, const json::object& v, const std::string& at) {
    VariantInput out;
    out.sku = r.Text(v, "sku", at + "sku");
    out.barcode = r.Text(v, "barcode", at + "barcode");
    if (auto it = v.find("options"); it != v.end() && !it->value().is_null()) {
        if (it->value().is_object()) {
            out.options = it->value().get_object();
        } else {
            r.errors.push_back({at + "options", "wrong_type", "must be an object of names and values"});
        }
    }
    out.weight_grams = r.Whole(v, "weight_grams", at + "weight_grams", false, "not_whole_number");
    out.base_price_won = r.Whole(v, "base_price_won", at + "base_price_won", true).value_or(0);
    if (const json::array* prices = r.Array(v, "channel_prices", at + "channel_prices")) {
        for (std::size_t j = 0; j < prices->size() && j < kReadCap; ++j) {
            std::string pf = at + "channel_prices[" + std::to_string(j) + "]";
            const json::object* p = r.Object((*prices)[j], pf);
            if (p == nullptr) continue;
            auto channel = r.Channel(*p, pf + ".channel", true);
            auto unit = r.Whole(*p, "unit_price_won", pf + ".unit_price_won", true);
            if (channel && unit) out.channel_prices.push_back({*channel, core::Money::Won(*unit)});
        }
    }
    if (const json::array* tiers = r.Array(v, "tiers", at + "tiers")) {
        for (std::size_t j = 0; j < tiers->size() && j < kReadCap; ++j) {
            std::string tf = at + "tiers[" + std::to_string(j) + "]";
            const json::object* t = r.Object((*tiers)[j], tf);
            if (t == nullptr) continue;
            auto min = r.Whole(*t, "min_quantity", tf + ".min_quantity", true, "not_whole_number");
            auto unit = r.Whole(*t, "unit_price_won", tf + ".unit_price_won", true);
            if (min && unit) out.tiers.push_back({*min, core::Money::Won(*unit)});
        }
    }
    if (const json::array* sales = r.Array(v, "sales", at + "sales")) {
        for (std::size_t j = 0; j < sales->size() && j < kReadCap; ++j) {
            std::string sf = at + "sales[" + std::to_string(j) + "]";
            const json::object* s = r.Object((*sales)[j], sf);
            if (s == nullptr) continue;
            SalePrice sale;
            auto unit = r.Whole(*s, "unit_price_won", sf + ".unit_price_won", true);
            sale.unit = core::Money::Won(unit.value_or(0));
            sale.starts = r.Moment(*s, "starts_at", sf + ".starts_at");
            sale.ends = r.Moment(*s, "ends_at", sf + ".ends_at");
            sale.channel = r.Channel(*s, sf + ".channel", false);
            out.sales.push_back(sale);
        }
    }
    return out;
}

json::object VariantJson(const Variant& v) {
    json::array channel_prices;
    for (const auto& c : v.pricing.channel_prices) {
        channel_prices.push_back(
            json::object{{"channel", SalesChannelName(c.channel)}, {"unit_price_won", c.unit.won()}});
    }
    json::array tiers;
    for (const auto& t : v.pricing.tiers) {
        tiers.push_back(json::object{{"min_quantity", t.min_quantity}, {"unit_price_won", t.unit.won()}});
    }
    json::array sales;
    for (const auto& s : v.pricing.sales) {
        sales.push_back(
            json::object{{"unit_price_won", s.unit.won()},
                         {"starts_at", Time(s.starts)},
                         {"ends_at", Time(s.ends)},
                         {"channel", s.channel ? json::value(SalesChannelName(*s.channel)) : json::value(nullptr)}});
    }
    return json::object{
        {"id", v.id.ToString()},
        {"sku", v.sku},
        {"barcode", v.barcode ? json::value(*v.barcode) : json::value(nullptr)},
        {"options", v.options},
        {"weight_grams", v.weight_grams ? json::value(*v.weight_grams) : json::value(nullptr)},
        {"base_price_won", v.pricing.base.won()},
        {"channel_prices", std::move(channel_prices)},
        {"tiers", std::move(tiers)},
        {"sales", std::move(sales)},
    };
}

json::object IntegerSchema() {
    return json::object{{"type", "integer"}};
}

json::object NullableSchema(std::string_view type) {
    return json::object{{"type", json::array{type, "null"}}};
}

json::object ImageSchema() {
    return ObjectSchema(json::array{"hash", "url", "width", "height", "alt"}, json::object{{"hash", StringSchema()},
                                                                                           {"url", StringSchema()},
                                                                                           {"width", IntegerSchema()},
                                                                                           {"height", IntegerSchema()},
                                                                                           {"alt", StringSchema()}});
}

json::object VariantSchema(bool input) {
    json::object channel_price =
        ObjectSchema(json::array{"channel", "unit_price_won"},
                     json::object{{"channel", json::object{{"enum", json::array{"online", "shop", "business"}}}},
                                  {"unit_price_won", IntegerSchema()}});
    json::object tier =
        ObjectSchema(json::array{"min_quantity", "unit_price_won"},
                     json::object{{"min_quantity", IntegerSchema()}, {"unit_price_won", IntegerSchema()}});
    json::object sale = ObjectSchema(
        json::array{"unit_price_won", "starts_at", "ends_at"},
        json::object{{"unit_price_won", IntegerSchema()},
                     {"starts_at", TimeSchema()},
                     {"ends_at", TimeSchema()},
                     {"channel", json::object{{"enum", json::array{"online", "shop", "business", nullptr}}}}});
    json::object properties{{"sku", StringSchema()},
                            {"barcode", NullableSchema("string")},
                            {"options", json::object{{"type", "object"}}},
                            {"weight_grams", NullableSchema("integer")},
                            {"base_price_won", IntegerSchema()},
                            {"channel_prices", ArrayOf(channel_price)},
                            {"tiers", ArrayOf(tier)},
                            {"sales", ArrayOf(sale)}};
    if (input) return ObjectSchema(json::array{"sku", "base_price_won"}, std::move(properties));
    properties["id"] = IdSchema("var");
    return ObjectSchema(json::array{"id", "sku", "barcode", "options", "weight_grams", "base_price_won",
                                    "channel_prices", "tiers", "sales"},
                        std::move(properties));
}

}  // namespace

core::Result<ProductInput> ProductInputFromJson(const json::object& body) {
    Reader r;
    ProductInput in;
    std::string category = r.Text(body, "category_id", "category_id");
    if (category.empty()) {
        r.errors.push_back({"category_id", "required", "is required"});
    } else if (auto id = CategoryId::Parse(category); id.ok()) {
        in.category = *id;
    } else {
        r.errors.push_back({"category_id", "unknown_category", "is not a category id"});
    }
    in.title_ko = r.Text(body, "title_ko", "title_ko");
    in.title_en = r.Text(body, "title_en", "title_en");
    in.description = r.Text(body, "description", "description");
    in.brand = r.Text(body, "brand", "brand");
    if (auto it = body.find("attributes"); it != body.end() && !it->value().is_null()) {
        if (it->value().is_object()) {
            in.attributes = it->value();
        } else {
            r.errors.push_back({"attributes", "wrong_type", "must be an object of attribute codes and values"});
        }
    }
    std::string vat = r.Text(body, "vat", "vat");
    if (vat.empty() || vat == "taxable") {
        in.vat = VatMode::kTaxable;
    } else if (vat == "exempt") {
        in.vat = VatMode::kExempt;
    } else {
        r.errors.push_back({"vat", "invalid_vat", "must be taxable or exempt"});
    }
    if (const json::array* images = r.Array(body, "images", "images")) {
        for (std::size_t i = 0; i < images->size() && i < kReadCap; ++i) {
            std::string at = "images[" + std::to_string(i) + "]";
            const json::object* image = r.Object((*images)[i], at);
            if (image == nullptr) continue;
            in.images.push_back({r.Text(*image, "hash", at + ".hash"), r.Text(*image, "alt", at + ".alt")});
        }
        if (images->size() > kReadCap) r.errors.push_back({"images", "too_many_items", "at most 10 images"});
    }
    if (const json::array* variants = r.Array(body, "variants", "variants")) {
        for (std::size_t i = 0; i < variants->size() && i < kReadCap; ++i) {
            std::string at = "variants[" + std::to_string(i) + "]";
            const json::object* v = r.Object((*variants)[i], at);
            if (v == nullptr) continue;
            in.variants.push_back(ReadVariant(r, *v, at + "."));
        }
        if (variants->size() > kReadCap)
            r.errors.push_back({"variants", "invalid_count", "a product has 1 to 100 variants"});
    } else if (auto it = body.find("variants"); it == body.end() || it->value().is_null()) {
        r.errors.push_back({"variants", "required", "is required"});
    }
    if (!r.errors.empty()) {
        return core::Error::Invalid("invalid_product", "the product is not acceptable", std::move(r.errors));
    }
    return in;
}

json::object ImageJson(const ProductImage& image) {
    return json::object{{"hash", image.hash},
                        {"url", ImageUrl(image.hash, image.media_type)},
                        {"width", image.width},
                        {"height", image.height},
                        {"alt", image.alt}};
}

json::object ProductJson(const Product& p) {
    json::array images;
    for (const auto& i : p.images) images.push_back(ImageJson(i));
    json::array variants;
    for (const auto& v : p.variants) variants.push_back(VariantJson(v));
    json::array warnings;
    for (const auto& w : p.warnings) warnings.push_back(http::FieldErrorJson(w));
    return json::object{{"id", p.id.ToString()},
                        {"merchant_id", p.merchant_id.ToString()},
                        {"category_id", p.category.ToString()},
                        {"title_ko", p.title_ko},
                        {"title_en", p.title_en},
                        {"description", p.description},
                        {"brand", p.brand},
                        {"attributes", p.attributes},
                        {"vat", p.vat == VatMode::kExempt ? "exempt" : "taxable"},
                        {"status", ProductStatusName(p.status)},
                        {"version", p.version},
                        {"created_at", Time(p.created_at)},
                        {"updated_at", Time(p.updated_at)},
                        {"images", std::move(images)},
                        {"variants", std::move(variants)},
                        {"warnings", std::move(warnings)}};
}

json::object ProductSummaryJson(const ProductSummary& s) {
    json::value image = nullptr;
    if (s.image) image = json::object{{"hash", s.image->hash}, {"url", ImageUrl(s.image->hash, s.image->media_type)}};
    return json::object{{"id", s.id.ToString()},
                        {"category_id", s.category.ToString()},
                        {"title_ko", s.title_ko},
                        {"title_en", s.title_en},
                        {"status", ProductStatusName(s.status)},
                        {"version", s.version},
                        {"updated_at", Time(s.updated_at)},
                        {"variants", s.variants},
                        {"min_price_won", s.min_price_won},
                        {"max_price_won", s.max_price_won},
                        {"image", std::move(image)}};
}

json::object ProductInputSchema(bool with_version) {
    json::object properties{
        {"category_id", IdSchema("cat")},
        {"title_ko", StringSchema()},
        {"title_en", StringSchema()},
        {"description", json::object{{"type", "string"}, {"description", "Markdown; no HTML is rendered"}}},
        {"brand", StringSchema()},
        {"attributes", json::object{{"type", "object"}}},
        {"vat", json::object{{"enum", json::array{"taxable", "exempt"}}}},
        {"images",
         ArrayOf(ObjectSchema(json::array{"hash"}, json::object{{"hash", StringSchema()}, {"alt", StringSchema()}}))},
        {"variants", ArrayOf(VariantSchema(true))}};
    json::array required{"category_id", "title_ko", "variants"};
    if (with_version) {
        properties["version"] = IntegerSchema();
        required.push_back("version");
    }
    return ObjectSchema(std::move(required), std::move(properties));
}

json::object ProductSchema() {
    return ObjectSchema(
        json::array{"id", "merchant_id", "category_id", "title_ko", "title_en", "description", "brand", "attributes",
                    "vat", "status", "version", "created_at", "updated_at", "images", "variants", "warnings"},
        json::object{{"id", IdSchema("prd")},
                     {"merchant_id", IdSchema("mrc")},
                     {"category_id", IdSchema("cat")},
                     {"title_ko", StringSchema()},
                     {"title_en", StringSchema()},
                     {"description", StringSchema()},
                     {"brand", StringSchema()},
                     {"attributes", json::object{{"type", "object"}}},
                     {"vat", json::object{{"enum", json::array{"taxable", "exempt"}}}},
                     {"status", json::object{{"enum", json::array{"draft", "active", "archived"}}}},
                     {"version", IntegerSchema()},
                     {"created_at", TimeSchema()},
                     {"updated_at", TimeSchema()},
                     {"images", ArrayOf(ImageSchema())},
                     {"variants", ArrayOf(VariantSchema(false))},
                     {"warnings", ArrayOf(FieldErrorSchema())}});
}

json::object FieldErrorSchema() {
    return ObjectSchema(json::array{"field", "code", "message"},
                        json::object{{"field", StringSchema()},
                                     {"code", StringSchema()},
                                     {"message", StringSchema()},
                                     {"params", json::object{{"type", "object"}}}});
}

json::object ProductSummarySchema() {
    return ObjectSchema(json::array{"id", "category_id", "title_ko", "title_en", "status", "version", "updated_at",
                                    "variants", "min_price_won", "max_price_won", "image"},
                        json::object{{"id", IdSchema("prd")},
                                     {"category_id", IdSchema("cat")},
                                     {"title_ko", StringSchema()},
                                     {"title_en", StringSchema()},
                                     {"status", json::object{{"enum", json::array{"draft", "active", "archived"}}}},
                                     {"version", IntegerSchema()},
                                     {"updated_at", TimeSchema()},
                                     {"variants", IntegerSchema()},
                                     {"min_price_won", IntegerSchema()},
                                     {"max_price_won", IntegerSchema()},
                                     {"image", json::object{{"type", json::array{"object", "null"}}}}});
}

}  // namespace jangteo::catalog

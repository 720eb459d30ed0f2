// The merchant's catalog over HTTP: its products (list, create, read, replace, change status), the
// image uploads they refer to, and the image files themselves, served by content hash.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog/media.hpp"
#include "catalog/product.hpp"
#include "catalog/product_json.hpp"
#include "catalog/routes.hpp"
#include "platform/http_util.hpp"

namespace jangteo::catalog {

using platform::web::BodyObject;
using platform::web::CallerOf;
using platform::web::IdSchema;
using platform::web::ListSchema;
using platform::web::ObjectSchema;
using platform::web::PagingOf;
using platform::web::StringSchema;

namespace {

constexpr http::Access kCatalogRead{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "catalog:read"};
constexpr http::Access kCatalogWrite{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "catalog:write"};

platform::MerchantId PathMerchant(const http::Request& request) {
    return *CallerOf(request).merchant;
}

ProductId PathProduct(const http::Request& request) {
    return ProductId::Parse(request.Param("product_id")).value();
}

core::Result<std::int64_t> VersionOf(const json::object& body) {
    auto it = body.find("version");
    if (it == body.end() || !it->value().is_int64() || it->value().get_int64() < 1) {
        return core::Error::Invalid("invalid_version", "version must be the version of the product that was read",
                                    {{"version", "required", "must be the version that was read"}});
    }
    return it->value().get_int64();
}

core::Result<ProductQuery> ListQueryOf(const http::Request& request) {
    JANGTEO_TRY(platform::web::Paging paging, PagingOf(request));
    ProductQuery q{.cursor = paging.cursor, .limit = paging.limit};
    if (auto status = request.Query("status"); status && !status->empty()) {
        q.status = ParseProductStatus(*status);
        if (!q.status) {
            return core::Error::Invalid("bad_status", "status must be draft, active or archived",
                                        {{"status", "unknown_status", "must be draft, active or archived"}});
        }
    }
    if (auto category = request.Query("category_id"); category && !category->empty()) {
        auto id = CategoryId::Parse(*category);
        if (!id.ok()) {
            return core::Error::Invalid("bad_category", "category_id is not a category id",
                                        {{"category_id", "unknown_category", "is not a category id"}});
        }
        q.category = *id;
    }
    q.text = request.Query("q").value_or("");
    return q;
}

json::object StoredImageJson(const StoredImage& s) {
    std::string_view type = ImageMediaType(s.info.type);
    return json::object{{"hash", s.hash},        {"url", ImageUrl(s.hash, type)}, {"type", type},
                        {"width", s.info.width}, {"height", s.info.height},       {"bytes", s.bytes}};
}

// Reads a whole image file; nullopt when it is not there.
std::optional<std::string> ReadFile(const std::string& path, std::size_t max_bytes) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<std::size_t>(st.st_size) > max_bytes) {
        ::close(fd);
        return std::nullopt;
    }
    std::string out(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < out.size()) {
        ssize_t n = ::read(fd, out.data() + done, out.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (done != out.size()) return std::nullopt;
    return out;
}

}  // namespace

void AddProductRoutes(http::Router& router, const RouteServices& services) {
    ProductService& products = services.products;
    ImageService& images = services.images;

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/products",
                .handler = [&products](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(ProductQuery query, ListQueryOf(request));
                    JANGTEO_TRY(ProductPage page, products.List(PathMerchant(request), query));
                    json::array items;
                    for (const auto& s : page.items) items.push_back(ProductSummaryJson(s));
                    return http::Response::Json(
                        200, json::object{{"items", std::move(items)},
                                          {"next_cursor",
                                           page.next_cursor ? json::value(*page.next_cursor) : json::value(nullptr)}});
                },
                .doc = {.summary = "The merchant's products",
                        .description = "Newest change first, by pages (cursor). Filters: status, category_id (that "
                                       "category only), q (part of a title or of a SKU).",
                        .tag = "catalog",
                        .operation_id = "listProducts",
                        .response_schema = ListSchema(ProductSummarySchema(), true),
                        .error_statuses = {422},
                        .query = {{"status", "draft, active or archived", {}, false},
                                  {"category_id", "a category id", {}, false},
                                  {"q", "part of a title or of a SKU (≤ 100 bytes)", {}, false},
                                  {"cursor", "from the previous page's next_cursor", {}, false},
                                  {"limit", "1 to 200 (50)", json::object{{"type", "integer"}}, false}}},
                .access = kCatalogRead});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/products",
                .handler = [&products](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    JANGTEO_TRY(ProductInput input, ProductInputFromJson(body));
                    JANGTEO_TRY(Product made, products.Create(PathMerchant(request), input));
                    http::Response r = http::Response::Json(201, ProductJson(made));
                    r.SetHeader("Location",
                                "/api/v1/merchants/" + made.merchant_id.ToString() + "/products/" + made.id.ToString());
                    return r;
                },
                .doc = {.summary = "Add a product (as a draft)",
                        .description = "Every problem is reported at once, by field: title_ko, category_id, "
                                       "attributes.<code> (the category path's definitions), images[i].hash (an "
                                       "image this merchant uploaded), variants[i].sku (unique within the "
                                       "merchant: 409 sku_taken), .barcode (GTIN check digit), prices in whole won "
                                       "from 0. The merchant's price parity policies judge the prices from now on "
                                       "(getPricePolicies): a breach of a refuse policy is 422 price_parity with a "
                                       "field error (code price_parity, params with both prices and the allowed "
                                       "range) at the price that sets it; a breach of a warn policy is saved and "
                                       "listed in the answer's warnings, in the same shape.",
                        .tag = "catalog",
                        .operation_id = "createProduct",
                        .request_schema = ProductInputSchema(false),
                        .success_status = 201,
                        .response_schema = ProductSchema(),
                        .error_statuses = {409, 422}},
                .body = http::BodyKind::kJson,
                .access = kCatalogWrite});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/products/{product_id:prd}",
                .handler = [&products](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(Product p, products.Get(PathMerchant(request), PathProduct(request)));
                    return http::Response::Json(200, ProductJson(p));
                },
                .doc = {.summary = "One of the merchant's products, drafts included",
                        .tag = "catalog",
                        .operation_id = "getProduct",
                        .response_schema = ProductSchema(),
                        .error_statuses = {}},
                .access = kCatalogRead});

    router.Add({.method = http::Method::kPut,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/products/{product_id:prd}",
                .handler = [&products](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    JANGTEO_TRY(std::int64_t version, VersionOf(body));
                    JANGTEO_TRY(ProductInput input, ProductInputFromJson(body));
                    JANGTEO_TRY(Product p,
                                products.Update(PathMerchant(request), PathProduct(request), input, version));
                    return http::Response::Json(200, ProductJson(p));
                },
                .doc = {.summary = "Replace a product's fields, images and variants",
                        .description = "version is the version that was read: 409 version_changed when someone "
                                       "saved meanwhile. Variants are matched by SKU: a kept SKU keeps its "
                                       "variant id. Errors and warnings (price parity) as createProduct.",
                        .tag = "catalog",
                        .operation_id = "updateProduct",
                        .request_schema = ProductInputSchema(true),
                        .response_schema = ProductSchema(),
                        .error_statuses = {409, 422}},
                .body = http::BodyKind::kJson,
                .access = kCatalogWrite});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/products/{product_id:prd}/status",
         .handler = [&products](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             JANGTEO_TRY(std::int64_t version, VersionOf(body));
             JANGTEO_TRY(std::string status_text, platform::web::RequiredString(body, "status"));
             auto status = ParseProductStatus(status_text);
             if (!status) {
                 return core::Error::Invalid("bad_status", "status must be draft, active or archived",
                                             {{"status", "unknown_status", "must be draft, active or archived"}});
             }
             JANGTEO_TRY(Product p, products.SetStatus(PathMerchant(request), PathProduct(request), *status, version));
             return http::Response::Json(200, ProductJson(p));
         },
         .doc = {.summary = "Publish, withdraw, archive or restore a product",
                 .description = "draft ⇄ active (active products of an approved merchant are on the portal), "
                                "either → archived, archived → draft; 409 invalid_transition otherwise, 409 "
                                "version_changed when the version is not the current one.",
                 .tag = "catalog",
                 .operation_id = "setProductStatus",
                 .request_schema = ObjectSchema(
                     json::array{"status", "version"},
                     json::object{{"status", json::object{{"enum", json::array{"draft", "active", "archived"}}}},
                                  {"version", json::object{{"type", "integer"}}}}),
                 .response_schema = ProductSchema(),
                 .error_statuses = {409, 422}},
         .body = http::BodyKind::kJson,
         .access = kCatalogWrite});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/images",
         .handler = [&images](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(StoredImage stored, images.Upload(PathMerchant(request), request.body));
             return http::Response::Json(stored.created ? 201 : 200, StoredImageJson(stored));
         },
         .doc = {.summary = "Upload a product image",
                 .description = "The body is the file itself: JPEG, PNG or WebP, recognised by its bytes whatever "
                                "its Content-Type or name says, up to image_max_bytes (GET "
                                "/api/v1/portal/config). 201 with its hash for a new file, 200 for one this "
                                "merchant uploaded before. Attach it to a product by its hash.",
                 .tag = "catalog",
                 .operation_id = "uploadImage",
                 .request_types = {"image/jpeg", "image/png", "image/webp", "application/octet-stream"},
                 .success_status = 201,
                 .response_schema = ObjectSchema(json::array{"hash", "url", "type", "width", "height", "bytes"},
                                                 json::object{{"hash", StringSchema()},
                                                              {"url", StringSchema()},
                                                              {"type", StringSchema()},
                                                              {"width", json::object{{"type", "integer"}}},
                                                              {"height", json::object{{"type", "integer"}}},
                                                              {"bytes", json::object{{"type", "integer"}}}}),
                 .error_statuses = {422, 503}},
         .body = http::BodyKind::kBytes,
         .body_limit = images.limits().max_bytes + 1,  // one byte more: the service names the refusal
         .access = kCatalogWrite});

    router.Add({.method = http::Method::kGet,
                .pattern = "/media/{name}",
                .handler = [&images](http::Request& request) -> core::Result<http::Response> {
                    auto file = images.FileOf(request.Param("name"));
                    if (!file) return core::Error::NotFound("media_not_found", "no such image");
                    std::string etag = "\"" + file->hash + "\"";
                    if (auto given = request.Header("if-none-match"); given && *given == etag) {
                        http::Response r = http::Response::Empty(304);
                        r.SetHeader("ETag", etag);
                        r.SetHeader("Cache-Control", "public, max-age=31536000, immutable");
                        return r;
                    }
                    auto bytes = ReadFile(file->path, images.limits().max_bytes);
                    if (!bytes) return core::Error::NotFound("media_not_found", "no such image");
                    http::Response r;
                    r.status = 200;
                    r.content_type = std::string(file->media_type);
                    r.body = std::move(*bytes);
                    r.SetHeader("ETag", etag);
                    r.SetHeader("Cache-Control", "public, max-age=31536000, immutable");
                    r.SetHeader("X-Content-Type-Options", "nosniff");
                    return r;
                },
                .doc = {.summary = "A product image file",
                        .description = "By the SHA-256 of its bytes and its extension; never changes, so it is "
                                       "cached for a year.",
                        .tag = "catalog",
                        .operation_id = "getMedia",
                        .success_content_type = "image/*",
                        .response_schema = json::object{{"type", "string"}, {"format", "binary"}},
                        .error_statuses = {404}},
                .access = http::kPublicAccess});
}

}  // namespace jangteo::catalog

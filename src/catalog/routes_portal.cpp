// The public portal over HTTP: the search box (and category pages, which are searches without
// text), the product page, the merchant mini-site's profile, and the settings the web app needs.
// Everything here is read from the portal's memory (catalog::Portal); nothing needs a sign-in.
#include <charconv>

#include "catalog/media.hpp"
#include "catalog/portal.hpp"
#include "catalog/product_json.hpp"
#include "catalog/routes.hpp"
#include "platform/http_util.hpp"
#include "platform/industry.hpp"
#include "platform/region.hpp"

namespace jangteo::catalog {

using platform::web::ArrayOf;
using platform::web::IdSchema;
using platform::web::Localized;
using platform::web::LocalizedSchema;
using platform::web::ObjectSchema;
using platform::web::StringSchema;
using platform::web::Time;

namespace {

core::Error BadParam(std::string_view field, std::string code, std::string message) {
    return core::Error::Invalid("bad_search", message, {{std::string(field), std::move(code), message}});
}

core::Result<std::optional<std::int64_t>> IntParam(const http::Request& request, std::string_view name,
                                                   std::int64_t min, std::int64_t max) {
    auto text = request.Query(name);
    if (!text || text->empty()) return std::optional<std::int64_t>();
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc() || end != text->data() + text->size() || n < min || n > max) {
        return BadParam(
            name, "out_of_range",
            std::string(name) + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return std::optional<std::int64_t>(n);
}

template <typename IdT>
core::Result<std::optional<IdT>> IdParam(const http::Request& request, std::string_view name) {
    auto text = request.Query(name);
    if (!text || text->empty()) return std::optional<IdT>();
    auto id = IdT::Parse(*text);
    if (!id.ok()) return BadParam(name, "invalid_id", std::string(name) + " is not a valid id");
    return std::optional<IdT>(*id);
}

core::Result<PortalQuery> SearchQueryOf(const http::Request& request, const platform::Region& region) {
    PortalQuery q;
    q.text = request.Query("q").value_or("");
    if (q.text.size() > search::kMaxQueryBytes) {
        return BadParam("q", "too_long", "the search text is at most 200 bytes");
    }
    JANGTEO_TRY(q.category, IdParam<CategoryId>(request, "category_id"));
    JANGTEO_TRY(q.merchant, IdParam<platform::MerchantId>(request, "merchant_id"));
    if (auto district = request.Query("district"); district && !district->empty()) {
        if (region.Find(*district) == nullptr) {
            return BadParam("district", "unknown_district", "district is not a district of the region");
        }
        q.district = *district;
    }
    constexpr std::int64_t kMaxWon = 1'000'000'000'000;
    JANGTEO_TRY(q.min_price_won, IntParam(request, "min_price_won", 0, kMaxWon));
    JANGTEO_TRY(q.max_price_won, IntParam(request, "max_price_won", 0, kMaxWon));
    if (q.min_price_won && q.max_price_won && *q.min_price_won > *q.max_price_won) {
        return BadParam("min_price_won", "out_of_range", "min_price_won is above max_price_won");
    }
    if (auto sort = request.Query("sort"); sort && !sort->empty()) {
        if (*sort == "relevance") {
            q.sort = search::Sort::kRelevance;
        } else if (*sort == "price_asc") {
            q.sort = search::Sort::kPriceAsc;
        } else if (*sort == "price_desc") {
            q.sort = search::Sort::kPriceDesc;
        } else if (*sort == "newest") {
            q.sort = search::Sort::kNewest;
        } else {
            return BadParam("sort", "unknown_sort", "sort must be relevance, price_asc, price_desc or newest");
        }
    }
    JANGTEO_TRY(std::optional<std::int64_t> limit, IntParam(request, "limit", 1, search::kMaxLimit));
    q.limit = static_cast<int>(limit.value_or(20));
    JANGTEO_TRY(std::optional<std::int64_t> page, IntParam(request, "page", 1, search::kMaxOffset));
    q.page = static_cast<int>(page.value_or(1));
    if (static_cast<std::int64_t>(q.page) * q.limit > search::kMaxOffset) {
        return BadParam("page", "out_of_range", "page × limit must be at most 10,000");
    }
    if (auto facets = request.Query("facets")) {
        q.facets = 0;
        std::string_view rest = *facets;
        while (!rest.empty()) {
            std::string_view name = rest.substr(0, rest.find(','));
            rest.remove_prefix(std::min(rest.size(), name.size() + 1));
            if (name == "category") {
                q.facets |= search::kFacetCategory;
            } else if (name == "merchant") {
                q.facets |= search::kFacetMerchant;
            } else if (name == "district") {
                q.facets |= search::kFacetDistrict;
            } else if (name == "price") {
                q.facets |= search::kFacetPrice;
            } else if (name != "none" && !name.empty()) {
                return BadParam("facets", "unknown_facet", "facets are category, merchant, district, price or none");
            }
        }
    }
    return q;
}

// The search answer is written straight into its text: it is the portal's hottest path (every
// search and category page), and building a JSON tree first cost a third of it.
class JsonText {
public:
    explicit JsonText(std::size_t reserve) { out_.reserve(reserve); }
    std::string Take() { return std::move(out_); }

    JsonText& Open(char c) {
        Separate();
        out_.push_back(c);
        first_ = true;
        return *this;
    }
    JsonText& Close(char c) {
        out_.push_back(c);
        first_ = false;
        return *this;
    }
    JsonText& Key(std::string_view key) {
        Separate();
        core::AppendJsonString(out_, key);
        out_.push_back(':');
        first_ = true;  // the value follows without a comma
        return *this;
    }
    JsonText& Str(std::string_view value) {
        Separate();
        core::AppendJsonString(out_, value);
        return *this;
    }
    JsonText& Int(std::int64_t value) {
        Separate();
        char buffer[24];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
        out_.append(buffer, end);
        return *this;
    }
    JsonText& Bool(bool value) {
        Separate();
        out_.append(value ? "true" : "false");
        return *this;
    }
    JsonText& Null() {
        Separate();
        out_.append("null");
        return *this;
    }
    JsonText& Localized(std::string_view ko, std::string_view en) {
        Open('{').Key("ko").Str(ko).Key("en").Str(en).Close('}');
        return *this;
    }

private:
    void Separate() {
        if (!first_) out_.push_back(',');
        first_ = false;
    }
    std::string out_;
    bool first_ = true;
};

// What names a browsing page: the parsed query (parameters the route ignores do not make new pages).
std::string PageKey(const PortalQuery& q) {
    std::string key;
    key.reserve(96);
    auto add = [&](std::int64_t n) { key.append(std::to_string(n)).push_back('|'); };
    add(q.category ? q.category->key() : 0);
    add(q.merchant ? q.merchant->key() : 0);
    key.append(q.district.value_or("")).push_back('|');
    add(q.min_price_won.value_or(-1));
    add(q.max_price_won.value_or(-1));
    add(static_cast<int>(q.sort));
    add(q.page);
    add(q.limit);
    add(q.facets);
    return key;
}

// A title cut into the pieces that matched and those that did not, for <mark> in the page.
void Segments(JsonText& out, std::string_view title, const std::vector<search::Span>& spans, search::Field field) {
    out.Open('[');
    std::size_t at = 0;
    bool any = false;
    auto piece = [&](std::string_view text, bool match) {
        out.Open('{').Key("text").Str(text).Key("match").Bool(match).Close('}');
        any = true;
    };
    for (const auto& s : spans) {
        if (s.field != field || s.begin < at || s.end > title.size() || s.begin >= s.end) continue;
        if (s.begin > at) piece(title.substr(at, s.begin - at), false);
        piece(title.substr(s.begin, s.end - s.begin), true);
        at = s.end;
    }
    if (at < title.size() || !any) piece(title.substr(at), false);
    out.Close(']');
}

void District(JsonText& out, const platform::Region& region, std::string_view code) {
    const platform::District* d = region.Find(code);
    out.Open('{').Key("code").Str(code).Key("name");
    if (d == nullptr) {
        out.Localized(code, code);
    } else {
        out.Localized(d->name_ko, d->name_en);
    }
}

json::value DistrictJson(const platform::Region& region, std::string_view code) {
    const platform::District* d = region.Find(code);
    if (d == nullptr) return json::object{{"code", code}, {"name", Localized(code, code)}};
    return json::object{{"code", d->code}, {"name", Localized(d->name_ko, d->name_en)}};
}

std::string SearchText(const PortalPage& page, const PortalQuery& q, Portal& portal, const CategoryTree& tree,
                       const platform::Region& region, core::TimePoint now) {
    JsonText out(1024 + 640 * page.hits.size() + 96 * (page.result.categories.size() + page.result.merchants.size()));
    out.Open('{');
    out.Key("total").Int(page.result.total).Key("page").Int(q.page).Key("limit").Int(q.limit);
    out.Key("items").Open('[');
    for (const auto& hit : page.hits) {
        const Card& c = *hit.card;
        std::shared_ptr<const MerchantInfo> m = portal.Merchant(c.merchant);
        // Every price here is what an online buyer pays now: the range over the variants, the
        // lowest (price_won) with the list price of that variant when a sale makes it lower.
        CardPrice price = PriceNow(c, now);
        out.Open('{');
        out.Key("id").Str(c.id.ToString());
        out.Key("title_ko").Str(c.title_ko()).Key("title_en").Str(c.title_en());
        out.Key("highlight").Open('{');
        out.Key("title_ko");
        Segments(out, c.title_ko(), hit.highlights, search::Field::kTitleKo);
        out.Key("title_en");
        Segments(out, c.title_en(), hit.highlights, search::Field::kTitleEn);
        out.Close('}');
        out.Key("merchant").Open('{').Key("id").Str(c.merchant.ToString()).Key("name");
        if (m) {
            out.Localized(m->name_ko, m->name_en);
        } else {
            out.Localized("", "");
        }
        out.Close('}');
        out.Key("district");
        if (m) {
            District(out, region, m->district_code);
            out.Close('}');
        } else {
            out.Null();
        }
        out.Key("category_id").Str(c.category.ToString());
        out.Key("min_price_won").Int(price.price_won).Key("max_price_won").Int(price.highest_won);
        out.Key("price_won").Int(price.price_won).Key("list_price_won").Int(price.list_won);
        out.Key("on_sale").Bool(price.on_sale);
        out.Key("image");
        if (c.has_image()) {
            std::string hash = c.ImageHash();
            out.Open('{').Key("hash").Str(hash).Key("url").Str(ImageUrl(hash, c.ImageMediaType())).Close('}');
        } else {
            out.Null();
        }
        out.Close('}');
    }
    out.Close(']');
    out.Key("facets").Open('{');
    out.Key("categories").Open('[');
    for (const auto& f : page.result.categories) {
        const Category* c = tree.Find(CategoryId(f.category_id));
        if (c == nullptr) continue;
        out.Open('{').Key("id").Str(c->id.ToString()).Key("parent_id");
        if (c->parent) {
            out.Str(c->parent->ToString());
        } else {
            out.Null();
        }
        out.Key("name").Localized(c->name_ko, c->name_en).Key("count").Int(f.count).Close('}');
    }
    out.Close(']');
    out.Key("merchants").Open('[');
    for (const auto& f : page.result.merchants) {
        std::shared_ptr<const MerchantInfo> m = portal.Merchant(platform::MerchantId(f.merchant_id));
        if (!m) continue;
        out.Open('{').Key("id").Str(m->id.ToString()).Key("name").Localized(m->name_ko, m->name_en);
        out.Key("count").Int(f.count).Close('}');
    }
    out.Close(']');
    out.Key("districts").Open('[');
    for (const auto& f : page.result.districts) {
        District(out, region, f.district);
        out.Key("count").Int(f.count).Close('}');
    }
    out.Close(']');
    out.Key("prices").Open('[');
    for (const auto& f : page.result.prices) {
        out.Open('{').Key("min_won").Int(f.min_won).Key("max_won");
        if (f.max_won == 0) {
            out.Null();
        } else {
            out.Int(f.max_won);
        }
        out.Key("count").Int(f.count).Close('}');
    }
    out.Close(']');
    out.Close('}');
    out.Close('}');
    return out.Take();
}

// The product page: display-ready (attributes named and in the category path's order, the price
// each variant costs online now).
RenderedProduct RenderProduct(const PublicProduct& view, core::TimePoint now, const CategoryTree& tree,
                              const platform::Region& region) {
    const Product& p = view.product;
    json::array attributes;
    for (const auto& a : tree.Attributes(p.category)) {
        auto it = p.attributes.find(a.def->code);
        if (it == p.attributes.end()) continue;
        json::value value = it->value();
        if (a.def->type == AttributeType::kChoice && value.is_string()) {
            for (const auto& choice : a.def->choices) {
                if (choice.code == value.get_string()) value = Localized(choice.name_ko, choice.name_en);
            }
        }
        attributes.push_back(json::object{{"code", a.def->code},
                                          {"name", Localized(a.def->name_ko, a.def->name_en)},
                                          {"value", std::move(value)},
                                          {"unit", a.def->unit}});
    }
    json::array path;
    for (CategoryId id : tree.Path(p.category)) {
        if (const Category* c = tree.Find(id)) {
            path.push_back(json::object{{"id", c->id.ToString()}, {"name", Localized(c->name_ko, c->name_en)}});
        }
    }
    json::array images;
    for (const auto& i : p.images) images.push_back(ImageJson(i));
    json::array variants;
    for (const auto& v : p.variants) {
        auto quote = QuotePrice(v.pricing, SalesChannel::kOnline, 1, now);
        json::array tiers;
        for (const auto& t : v.pricing.tiers) {
            tiers.push_back(json::object{{"min_quantity", t.min_quantity}, {"unit_price_won", t.unit.won()}});
        }
        std::int64_t list = v.pricing.base.won();
        for (const auto& c : v.pricing.channel_prices) {
            if (c.channel == SalesChannel::kOnline) list = c.unit.won();
        }
        bool on_sale = quote.ok() && quote->source == PriceSource::kSale;
        variants.push_back(json::object{
            {"id", v.id.ToString()},
            {"sku", v.sku},
            {"barcode", v.barcode ? json::value(*v.barcode) : json::value(nullptr)},
            {"options", v.options},
            {"price_won", quote.ok() ? quote->unit.won() : list},
            {"base_price_won", list},
            {"on_sale", on_sale},
            {"sale_ends_at", on_sale && quote->sale_ends ? Time(*quote->sale_ends) : json::value(nullptr)},
            {"tiers", std::move(tiers)},
        });
    }
    const MerchantInfo& m = view.merchant;
    json::object body{
        {"id", p.id.ToString()},
        {"title_ko", p.title_ko},
        {"title_en", p.title_en},
        {"description", p.description},
        {"brand", p.brand},
        {"attributes", std::move(attributes)},
        {"vat", p.vat == VatMode::kExempt ? "exempt" : "taxable"},
        {"category", json::object{{"id", p.category.ToString()}, {"path", std::move(path)}}},
        {"merchant", json::object{{"id", m.id.ToString()},
                                  {"name", Localized(m.name_ko, m.name_en)},
                                  {"district", DistrictJson(region, m.district_code)},
                                  {"phone", m.phone},
                                  {"address", m.address}}},
        {"images", std::move(images)},
        {"variants", std::move(variants)},
        {"updated_at", Time(p.updated_at)},
    };
    RenderedProduct out;
    out.body = core::ToJson(body);
    // The version and the tree's version name the content; the minute covers prices that change
    // with the clock.
    out.etag = "\"" + p.id.ToString() + "-" + std::to_string(p.version) + "-" + std::to_string(tree.version()) + "-" +
               std::to_string(core::ToUnixMicros(now) / 60'000'000) + "\"";
    return out;
}

json::object SearchSchema() {
    json::object count{{"type", "integer"}};
    return ObjectSchema(
        json::array{"total", "page", "limit", "items", "facets"},
        json::object{{"total", count},
                     {"page", count},
                     {"limit", count},
                     {"items", ArrayOf(ObjectSchema(
                                   json::array{"id", "title_ko", "title_en", "highlight", "merchant", "district",
                                               "category_id", "min_price_won", "max_price_won", "price_won",
                                               "list_price_won", "on_sale", "image"},
                                   json::object{{"id", IdSchema("prd")},
                                                {"title_ko", StringSchema()},
                                                {"title_en", StringSchema()},
                                                {"highlight", json::object{{"type", "object"}}},
                                                {"merchant", json::object{{"type", "object"}}},
                                                {"district", json::object{{"type", json::array{"object", "null"}}}},
                                                {"category_id", IdSchema("cat")},
                                                {"min_price_won", count},
                                                {"max_price_won", count},
                                                {"price_won", count},
                                                {"list_price_won", count},
                                                {"on_sale", json::object{{"type", "boolean"}}},
                                                {"image", json::object{{"type", json::array{"object", "null"}}}}}))},
                     {"facets", ObjectSchema(json::array{"categories", "merchants", "districts", "prices"},
                                             json::object{{"categories", ArrayOf(json::object{{"type", "object"}})},
                                                          {"merchants", ArrayOf(json::object{{"type", "object"}})},
                                                          {"districts", ArrayOf(json::object{{"type", "object"}})},
                                                          {"prices", ArrayOf(json::object{{"type", "object"}})}})}});
}

}  // namespace

void AddPortalRoutes(http::Router& router, const RouteServices& services) {
    Portal& portal = services.portal;
    const platform::Region& region = services.region;
    platform::IndustryService& industries = services.industries;

    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/search",
         .handler = [&portal, &region](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(PortalQuery query, SearchQueryOf(request, region));
             auto render = [&]() -> core::Result<std::string> {
                 JANGTEO_TRY(PortalPage page, portal.Search(query));
                 return SearchText(page, query, portal, *portal.Tree(), region, portal.Now());
             };
             http::Response r;
             if (query.text.empty()) {
                 // A browsing page (a category, a merchant's list): the same for every visitor until
                 // the catalog changes, so it is rendered once.
                 JANGTEO_TRY(std::shared_ptr<const std::string> body, portal.BrowsingPage(PageKey(query), render));
                 r = http::Response::JsonText(200, *body);
             } else {
                 JANGTEO_TRY(std::string body, render());
                 r = http::Response::JsonText(200, std::move(body));
             }
             r.SetHeader("Cache-Control", "public, max-age=5");
             return r;
         },
         .doc =
             {.summary = "Search the portal (and category pages)",
              .description =
                  "Every active product of every approved merchant. Korean matches partial words (고등어 finds "
                  "순살고등어구이); English words whole, the last one also as a prefix, and with one typo from 5 "
                  "letters; SKUs and barcodes exactly. Without q: every product that passes the filters (a "
                  "category page). Facets count the whole result; prices are online prices in won. 503 "
                  "search_warming_up (with Retry-After) while a server is still loading its index.",
              .tag = "portal",
              .operation_id = "search",
              .response_schema = SearchSchema(),
              .error_statuses = {422, 503},
              .query = {{"q", "the search text, at most 200 bytes and 10 words", {}, false},
                        {"category_id", "this category and those below it", {}, false},
                        {"merchant_id", "one merchant's products", {}, false},
                        {"district", "a district code", {}, false},
                        {"min_price_won", "lowest price", json::object{{"type", "integer"}}, false},
                        {"max_price_won", "highest price", json::object{{"type", "integer"}}, false},
                        {"sort", "relevance (default), price_asc, price_desc or newest", {}, false},
                        {"page", "from 1; page × limit ≤ 10,000", json::object{{"type", "integer"}}, false},
                        {"limit", "1 to 100 (20)", json::object{{"type", "integer"}}, false},
                        {"facets", "comma-separated: category, merchant, district, price (all), or none", {}, false}}},
         .access = http::kPublicAccess});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/products/{product_id:prd}",
                .handler = [&portal, &region](http::Request& request) -> core::Result<http::Response> {
                    ProductId id = ProductId::Parse(request.Param("product_id")).value();
                    // Served from the portal's memory: no store round trip for a cached page.
                    JANGTEO_TRY(std::shared_ptr<const RenderedProduct> page,
                                portal.Detail(id, [&](const PublicProduct& view, core::TimePoint now) {
                                    return RenderProduct(view, now, *portal.Tree(), region);
                                }));
                    if (auto given = request.Header("if-none-match");
                        given && given->find(page->etag) != std::string_view::npos) {
                        http::Response r = http::Response::Empty(304);
                        r.SetHeader("ETag", page->etag);
                        r.SetHeader("Cache-Control", "public, max-age=60");
                        return r;
                    }
                    http::Response r = http::Response::JsonText(200, page->body);
                    r.SetHeader("ETag", page->etag);
                    r.SetHeader("Cache-Control", "public, max-age=60");
                    return r;
                },
                .doc = {.summary = "A product's public page",
                        .description = "Only an active product of an approved merchant (404 product_not_found for any "
                                       "other, drafts included). Attributes come named, in the category path's order; "
                                       "each variant with the online price now (sale included).",
                        .tag = "portal",
                        .operation_id = "getPublicProduct",
                        .response_schema = json::object{{"type", "object"}},
                        .error_statuses = {404, 503}},
                .access = http::kPublicAccess});

    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/sellers/{seller_id:mrc}",
         .handler = [&portal, &region, &industries](http::Request& request) -> core::Result<http::Response> {
             platform::MerchantId id = platform::MerchantId::Parse(request.Param("seller_id")).value();
             if (!portal.Ready()) {
                 core::Error e = core::Error::Unavailable("search_warming_up", "the portal is loading its catalog");
                 e.retry_after_seconds = 2;
                 return e;
             }
             std::shared_ptr<const MerchantInfo> m = portal.Merchant(id);
             if (!m || !m->approved) return core::Error::NotFound("merchant_not_found", "no such merchant");
             PortalQuery q{.merchant = id, .limit = 1, .facets = search::kFacetCategory};
             JANGTEO_TRY(PortalPage page, portal.Search(q));
             std::shared_ptr<const CategoryTree> tree = portal.Tree();
             json::array top;
             for (const auto& f : page.result.categories) {
                 const Category* c = tree->Find(CategoryId(f.category_id));
                 if (c == nullptr) continue;
                 top.push_back(
                     json::object{{"id", c->id.ToString()},
                                  {"parent_id", c->parent ? json::value(c->parent->ToString()) : json::value(nullptr)},
                                  {"name", Localized(c->name_ko, c->name_en)},
                                  {"count", f.count}});
                 if (top.size() >= 20) break;
             }
             json::object industry{{"code", m->industry_code}, {"name", Localized(m->industry_code, m->industry_code)}};
             JANGTEO_TRY(std::vector<platform::Industry> all, industries.ListIndustries(true));
             for (const auto& i : all) {
                 if (i.code == m->industry_code) industry["name"] = Localized(i.name_ko, i.name_en);
             }
             return http::Response::Json(200, json::object{{"id", m->id.ToString()},
                                                           {"name", Localized(m->name_ko, m->name_en)},
                                                           {"industry", std::move(industry)},
                                                           {"district", DistrictJson(region, m->district_code)},
                                                           {"address", m->address},
                                                           {"phone", m->phone},
                                                           {"products", page.result.total},
                                                           {"top_categories", std::move(top)}});
         },
         .doc = {.summary = "A merchant's mini-site profile",
                 .description = "An approved merchant's public profile and its active products' count by "
                                "category; its products are GET /api/v1/search?merchant_id=….",
                 .tag = "portal",
                 .operation_id = "getSeller",
                 .response_schema =
                     ObjectSchema(json::array{"id", "name", "industry", "district", "address", "phone", "products",
                                              "top_categories"},
                                  json::object{{"id", IdSchema("mrc")},
                                               {"name", LocalizedSchema()},
                                               {"industry", json::object{{"type", "object"}}},
                                               {"district", json::object{{"type", "object"}}},
                                               {"address", StringSchema()},
                                               {"phone", StringSchema()},
                                               {"products", json::object{{"type", "integer"}}},
                                               {"top_categories", ArrayOf(json::object{{"type", "object"}})}}),
                 .error_statuses = {404, 503}},
         .access = http::kPublicAccess});

    std::size_t image_max = services.images.limits().max_bytes;
    std::size_t csv_max = services.csv_max_bytes;
    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/portal/config",
                .handler = [&region, image_max, csv_max](http::Request&) -> core::Result<http::Response> {
                    json::array districts;
                    for (const auto& d : region.districts) {
                        districts.push_back(json::object{{"code", d.code}, {"name", Localized(d.name_ko, d.name_en)}});
                    }
                    return http::Response::Json(200, json::object{{"image_max_bytes", image_max},
                                                                  {"csv_max_bytes", csv_max},
                                                                  {"districts", std::move(districts)}});
                },
                .doc = {.summary = "What the web app needs to know of this portal's limits and region",
                        .tag = "portal",
                        .operation_id = "getPortalConfig",
                        .response_schema =
                            ObjectSchema(json::array{"image_max_bytes", "csv_max_bytes", "districts"},
                                         json::object{{"image_max_bytes", json::object{{"type", "integer"}}},
                                                      {"csv_max_bytes", json::object{{"type", "integer"}}},
                                                      {"districts", ArrayOf(json::object{{"type", "object"}})}}),
                        .error_statuses = {}},
                .access = http::kPublicAccess,
                .may_block = false});
}

}  // namespace jangteo::catalog

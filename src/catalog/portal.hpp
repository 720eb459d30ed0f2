// The portal's read side: what every visitor sees, served from memory. It holds
//   - the search index (search::Index) of every active product of every approved merchant;
//   - a card per indexed product (titles, merchant, category, main image, online prices) for
//     result lists and category pages;
//   - the directory of merchants (names, district, industry, status);
//   - a bounded cache of rendered product pages.
// It is built from the store at start-up (Load, in the background: Ready() says when) and follows
// the catalog's change feed (catalog_changes) and the merchants' changes by polling, on every
// server: a change made here is applied at once (the product service wakes the follower), one made
// by another server sharing the database within about a second. Nothing is kept that the store
// does not have, so a process that dies loses nothing.
//
//   catalog::Portal portal(db, clock, categories, products, merchants, {});
//   portal.Start();                          // loads, then follows
//   auto page = portal.Search({.text = "고등어", .limit = 20});
//   auto body = portal.Detail(product_id, render);   // cached rendering of a public product
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "catalog/category.hpp"
#include "catalog/pricing.hpp"
#include "catalog/product.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "platform/merchant.hpp"
#include "search/index.hpp"
#include "store/db.hpp"

namespace jangteo::catalog {

struct PortalOptions {
    std::size_t detail_cache_entries = 50'000;  // rendered product pages kept
    std::chrono::milliseconds poll_interval{500};
    std::size_t load_batch = 5'000;  // products per statement while loading
    // Rendered pages of searches without text (category pages, mini-sites' lists), kept until the
    // index changes; 0 turns the cache off.
    std::size_t page_cache_entries = 2'000;
};

// A merchant as the portal shows it.
struct MerchantInfo {
    platform::MerchantId id;
    std::string name_ko;
    std::string name_en;
    std::string district_code;
    std::string industry_code;
    std::string phone;
    std::string address;
    bool approved = false;
};

// What a result list shows of a product, kept small (a million of them live in memory): both
// titles in one string, the main image's hash as bytes, and per variant its online list price
// (the online channel price, else the base price) with the sales that apply online.
struct CardSale {
    std::uint32_t variant = 0;  // index into Card::list_won
    std::int64_t unit_won = 0;
    core::TimePoint starts;
    core::TimePoint ends;
};

struct Card {
    ProductId id;
    platform::MerchantId merchant;
    CategoryId category;
    std::string titles;  // title_ko, then title_en
    std::uint32_t ko_bytes = 0;
    std::uint8_t image_type = 0;  // 0: no image; else 1 + ImageType
    std::array<std::uint8_t, 32> image{};
    std::vector<std::int64_t> list_won;
    std::vector<CardSale> sales;

    std::string_view title_ko() const { return std::string_view(titles).substr(0, ko_bytes); }
    std::string_view title_en() const { return std::string_view(titles).substr(ko_bytes); }
    bool has_image() const { return image_type != 0; }
    std::string ImageHash() const;            // 64 hex digits
    std::string_view ImageMediaType() const;  // image/jpeg, …
    // The variant's pricing as QuotePrice takes it (online channel).
    VariantPricing Pricing(std::size_t variant) const;
};

// What an online buyer pays now for the cheapest variant of a card, and its list price.
struct CardPrice {
    std::int64_t price_won = 0;
    std::int64_t list_won = 0;
    bool on_sale = false;
    std::int64_t highest_won = 0;  // the dearest variant's price now
};
CardPrice PriceNow(const Card& card, core::TimePoint now);

struct PortalQuery {
    std::string text;
    std::optional<CategoryId> category;
    std::optional<platform::MerchantId> merchant;
    std::optional<std::string> district;
    std::optional<std::int64_t> min_price_won;
    std::optional<std::int64_t> max_price_won;
    search::Sort sort = search::Sort::kRelevance;
    int page = 1;
    int limit = 20;
    unsigned facets = search::kFacetCategory | search::kFacetMerchant | search::kFacetDistrict | search::kFacetPrice;
};

struct PortalHit {
    std::shared_ptr<const Card> card;
    std::vector<search::Span> highlights;
};

struct PortalPage {
    search::SearchResult result;  // hits' ids and facets as the index counted them
    std::vector<PortalHit> hits;  // the page, in order
};

// A product page as it was rendered, and until when it may be served (a sale starting or ending
// changes its prices; every entry is rendered again after a minute at most).
struct RenderedProduct {
    std::string body;
    std::string etag;
    core::TimePoint expires;
};

// The public view of an active product of an approved merchant, for rendering.
struct PublicProduct {
    Product product;
    MerchantInfo merchant;
};

class Portal {
public:
    Portal(store::Db& db, core::Clock& clock, CategoryService& categories, ProductService& products,
           platform::MerchantService& merchants, PortalOptions options = {});
    ~Portal();
    Portal(const Portal&) = delete;
    Portal& operator=(const Portal&) = delete;

    // Starts the background thread: loads everything, then follows the changes; a second call does
    // nothing. Stop (or the destructor) ends it. Thread-safe.
    void Start();
    void Stop();
    // Loads everything now, on this thread (tests and tools; Start does it in the background).
    core::Status LoadNow();
    // Applies the changes since the last look now (tests; the thread does it by itself).
    core::Status FollowNow();
    // Asks the thread to look for changes at once (the product service calls it after a commit).
    void Wake();

    bool Ready() const { return ready_.load(std::memory_order_acquire); }
    std::size_t ProductCount() const { return index_.Size(); }
    // How long the last full load took, in seconds.
    double LoadSeconds() const { return load_seconds_.load(); }

    // kUnavailable "search_warming_up" before the first load finished; the index's refusals
    // (kInvalidArgument with fields) otherwise.
    core::Result<PortalPage> Search(const PortalQuery& query) const;

    // The rendered page of an active product of an approved merchant, from the cache or rendered now
    // by `render`; kNotFound "product_not_found" for any other product.
    using Renderer = std::function<RenderedProduct(const PublicProduct&, core::TimePoint now)>;
    core::Result<std::shared_ptr<const RenderedProduct>> Detail(ProductId id, const Renderer& render);

    // The merchant as the portal knows it (null when unknown); a snapshot that a change replaces.
    // A browsing page (a search without text) rendered by `render`, or the same page rendered before
    // while the index has not changed since (and for 30 s at most). `key` names the query.
    using PageRenderer = std::function<core::Result<std::string>()>;
    core::Result<std::shared_ptr<const std::string>> BrowsingPage(const std::string& key, const PageRenderer& render);

    std::shared_ptr<const MerchantInfo> Merchant(platform::MerchantId id) const;
    // The category tree the portal was built with (null before the first load).
    std::shared_ptr<const CategoryTree> Tree() const;
    core::TimePoint Now() const { return clock_.Now(); }

private:
    struct Shard;
    struct Loaded;

    void Run();
    bool Stopping();
    core::Status LoadAll();
    core::Status LoadMerchants(core::TimePoint since, std::vector<platform::MerchantId>* changed);
    core::Status ReloadProducts(const std::vector<std::int64_t>& ids);
    core::Status ReloadMerchantProducts(platform::MerchantId merchant);
    core::Result<std::vector<Loaded>> LoadRange(store::Tx& tx, std::int64_t from, std::int64_t to, std::int64_t limit);
    void Apply(Loaded& loaded, const CategoryTree& tree);
    void Drop(std::int64_t id);
    void UnscheduleRepricing(std::int64_t id);
    void Forget(std::int64_t id);  // the rendered page only

    store::Db& db_;
    core::Clock& clock_;
    CategoryService& categories_;
    ProductService& products_;
    platform::MerchantService& merchants_;
    PortalOptions options_;

    search::Index index_;
    mutable std::shared_mutex cards_mutex_;
    std::unordered_map<std::int64_t, std::shared_ptr<const Card>> cards_;
    mutable std::shared_mutex merchants_mutex_;
    std::unordered_map<std::int64_t, std::shared_ptr<const MerchantInfo>> directory_;
    mutable std::mutex tree_mutex_;
    std::shared_ptr<const CategoryTree> tree_;
    std::vector<std::unique_ptr<Shard>> shards_;
    struct PageShard;
    std::vector<std::unique_ptr<PageShard>> page_shards_;
    // Grows with every change of the index: a browsing page rendered at another generation is stale.
    std::atomic<std::uint64_t> generation_{0};

    // The follower's position: the last change seen, the gaps below it still watched (a change
    // that commits after a later one), and the merchants' last update time seen.
    std::int64_t last_seq_ = 0;
    std::map<std::int64_t, core::TimePoint> gaps_;  // by number, for one range read
    core::TimePoint merchants_seen_{};
    std::int64_t tree_version_ = -1;
    // When a sale of an indexed product starts or ends (its indexed price changes then); an entry
    // of a product changed meanwhile only reloads it once more.
    std::multimap<core::TimePoint, std::int64_t> price_changes_;
    std::unordered_map<std::int64_t, core::TimePoint> price_change_of_;  // one entry per product
    // Work a follow round could not finish (a read failed): done first in the next round.
    std::set<std::int64_t> pending_products_;
    std::set<std::int64_t> pending_merchants_;
    std::mutex follow_mutex_;  // one follower at a time (the thread, or a test's FollowNow)

    std::atomic<bool> ready_{false};
    std::atomic<double> load_seconds_{0};
    std::mutex wake_mutex_;
    std::condition_variable wake_cv_;
    bool woken_ = false;
    bool stopping_ = false;
    std::mutex start_mutex_;
    std::thread thread_;
};

}  // namespace jangteo::catalog

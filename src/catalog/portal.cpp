#include "catalog/portal.hpp"

#include <algorithm>
#include <deque>
#include <list>
#include <map>
#include <unordered_set>

#include "catalog/media.hpp"
#include "core/log.hpp"

namespace jangteo::catalog {

namespace {

// Active products with keys in [$1, $2], in key order, at most $3. The variants, online prices, sales
// running or to come, and main images of the same key range follow in four more statements, so a
// batch of thousands of products costs five statements, not five per product.
constexpr store::Sql kLoadProducts{
    "catalog.portal_products",
    "SELECT id, merchant_id, category_id, title_ko, title_en, brand, attributes, created_at_us"
    " FROM catalog_products WHERE status = 'active' AND id >= $1 AND id <= $2 ORDER BY id LIMIT $3"};
constexpr store::Sql kLoadVariants{
    "catalog.portal_variants",
    "SELECT v.product_id, v.id, v.sku, v.barcode, v.base_price_won FROM catalog_variants v"
    " WHERE v.product_id >= $1 AND v.product_id <= $2 ORDER BY v.product_id, v.position"};
constexpr store::Sql kLoadOnlinePrices{
    "catalog.portal_online_prices",
    "SELECT variant_id, unit_price_won FROM catalog_variant_prices WHERE product_id >= $1 AND product_id <= $2"
    " AND channel = 'online' AND min_quantity = 1"};
constexpr store::Sql kLoadSales{
    "catalog.portal_sales",
    "SELECT variant_id, unit_price_won, starts_at_us, ends_at_us FROM catalog_sale_prices"
    " WHERE product_id >= $1 AND product_id <= $2 AND (channel IS NULL OR channel = 'online') AND ends_at_us > $3"};
constexpr store::Sql kLoadMainImages{
    "catalog.portal_main_images",
    "SELECT product_id, hash, media_type FROM catalog_product_images WHERE product_id >= $1 AND product_id <= $2"
    " AND position = 0"};
constexpr store::Sql kMerchantProducts{"catalog.portal_merchant_products",
                                       "SELECT id FROM catalog_products WHERE merchant_id = $1"};
constexpr store::Sql kLastChange{"catalog.last_change", "SELECT COALESCE(MAX(seq), 0) FROM catalog_changes"};
constexpr store::Sql kChangesSince{"catalog.changes_since",
                                   "SELECT seq, product_id FROM catalog_changes WHERE seq > $1 ORDER BY seq LIMIT $2"};
constexpr store::Sql kChangesBetween{"catalog.changes_between",
                                     "SELECT seq, product_id FROM catalog_changes WHERE seq >= $1 AND seq <= $2"};

constexpr std::int64_t kMinKey = 1;
constexpr std::int64_t kMaxKey = INT64_MAX;
constexpr int kChangeBatch = 1000;
// How long a gap in the change numbers is watched: longer than any catalog transaction runs (a
// bulk import's apply holds its lease for 15 minutes at most).
constexpr auto kGapWatch = std::chrono::minutes(20);
// Gaps watched at most (a bulk import of 50,000 products takes as many numbers).
constexpr std::size_t kMaxGaps = 200'000;
// At a load, the numbers below the newest that are missing are watched as gaps too (a transaction
// still open then commits later): this many back.
constexpr std::int64_t kLoadGapWindow = 100'000;
// How far back merchants' changes are read again (clocks of servers differ a little).
constexpr auto kMerchantOverlap = std::chrono::seconds(5);
constexpr auto kMaxRenderAge = std::chrono::seconds(60);
constexpr std::size_t kShards = 16;

}  // namespace

// One product as loaded for the portal.
struct Portal::Loaded {
    search::Document doc;
    std::shared_ptr<Card> card;
};

// A slice of the rendered pages' cache, least recently used dropped first.
struct Portal::Shard {
    std::mutex mutex;
    std::list<std::int64_t> order;  // most recent first
    struct Entry {
        std::shared_ptr<const RenderedProduct> page;
        std::list<std::int64_t>::iterator at;
    };
    std::unordered_map<std::int64_t, Entry> entries;
    std::size_t capacity = 1;
    // Counts the pages dropped: a page rendered while one of this shard was dropped may hold what
    // the drop was for, so it is served but not kept.
    std::uint64_t drops = 0;
};

std::string Card::ImageHash() const {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(64);
    for (std::uint8_t b : image) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 15]);
    }
    return out;
}

std::string_view Card::ImageMediaType() const {
    switch (image_type) {
        case 1 + static_cast<int>(ImageType::kJpeg): return "image/jpeg";
        case 1 + static_cast<int>(ImageType::kPng): return "image/png";
        case 1 + static_cast<int>(ImageType::kWebp): return "image/webp";
    }
    return "";
}

VariantPricing Card::Pricing(std::size_t variant) const {
    VariantPricing p;
    p.base = core::Money::Won(list_won[variant]);
    for (const auto& s : sales) {
        if (s.variant == variant)
            p.sales.push_back({.unit = core::Money::Won(s.unit_won), .starts = s.starts, .ends = s.ends});
    }
    return p;
}

// A slice of the browsing pages' cache, least recently used dropped first.
struct Portal::PageShard {
    std::mutex mutex;
    std::list<std::string> order;  // most recent first
    struct Entry {
        std::shared_ptr<const std::string> body;
        std::uint64_t generation = 0;
        core::TimePoint expires;
        std::list<std::string>::iterator at;
    };
    std::unordered_map<std::string, Entry> entries;
    std::size_t capacity = 1;
};

CardPrice PriceNow(const Card& card, core::TimePoint now) {
    CardPrice best;
    for (std::size_t i = 0; i < card.list_won.size(); ++i) {
        std::int64_t paid = card.list_won[i];
        bool sale = false;
        if (!card.sales.empty()) {
            auto quote = QuotePrice(card.Pricing(i), SalesChannel::kOnline, 1, now);
            if (quote.ok()) {
                paid = quote->unit.won();
                sale = quote->source == PriceSource::kSale;
            }
        }
        if (i == 0 || paid < best.price_won) best = {paid, card.list_won[i], sale, best.highest_won};
        best.highest_won = i == 0 ? paid : std::max(best.highest_won, paid);
    }
    return best;
}

Portal::Portal(store::Db& db, core::Clock& clock, CategoryService& categories, ProductService& products,
               platform::MerchantService& merchants, PortalOptions options)
    : db_(db), clock_(clock), categories_(categories), products_(products), merchants_(merchants), options_(options) {
    for (std::size_t i = 0; i < kShards; ++i) {
        auto shard = std::make_unique<Shard>();
        shard->capacity = std::max<std::size_t>(1, options_.detail_cache_entries / kShards);
        shards_.push_back(std::move(shard));
        auto pages = std::make_unique<PageShard>();
        pages->capacity =
            options_.page_cache_entries == 0 ? 0 : std::max<std::size_t>(1, options_.page_cache_entries / kShards);
        page_shards_.push_back(std::move(pages));
    }
}

Portal::~Portal() {
    Stop();
}

void Portal::Start() {
    std::lock_guard start(start_mutex_);
    if (thread_.joinable()) return;
    {
        std::lock_guard lock(wake_mutex_);
        stopping_ = false;
    }
    thread_ = std::thread([this] { Run(); });
}

void Portal::Stop() {
    std::lock_guard start(start_mutex_);
    {
        std::lock_guard lock(wake_mutex_);
        stopping_ = true;
    }
    wake_cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Portal::Wake() {
    {
        std::lock_guard lock(wake_mutex_);
        woken_ = true;
    }
    wake_cv_.notify_all();
}

namespace {

// A step of the portal's thread: an exception (memory, a driver) is logged as an error, never the
// end of the process.
template <typename F>
core::Status Guarded(F&& step) {
    try {
        return step();
    } catch (const std::exception& e) {
        return core::Error::Internal("portal_exception", e.what());
    }
}

}  // namespace

bool Portal::Stopping() {
    std::lock_guard lock(wake_mutex_);
    return stopping_;
}

void Portal::Run() {
    // The first load is retried until it works (the database may still be starting).
    while (true) {
        {
            std::lock_guard lock(wake_mutex_);
            if (stopping_) return;
        }
        core::Status loaded = Guarded([&] { return LoadNow(); });
        if (loaded.ok()) break;
        core::log::Error("portal.load_failed", {{"reason", loaded.error().reason}, {"detail", loaded.error().message}});
        std::unique_lock lock(wake_mutex_);
        wake_cv_.wait_for(lock, std::chrono::seconds(2), [&] { return stopping_; });
    }
    while (true) {
        {
            std::unique_lock lock(wake_mutex_);
            wake_cv_.wait_for(lock, options_.poll_interval, [&] { return stopping_ || woken_; });
            if (stopping_) return;
            woken_ = false;
        }
        core::Status followed = Guarded([&] { return FollowNow(); });
        if (!followed.ok()) {
            core::log::Warn("portal.follow_failed",
                            {{"reason", followed.error().reason}, {"detail", followed.error().message}});
        }
    }
}

core::Status Portal::LoadNow() {
    std::lock_guard follow(follow_mutex_);
    auto start = std::chrono::steady_clock::now();
    JANGTEO_TRY_STATUS(LoadAll());
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    load_seconds_.store(seconds);
    ready_.store(true, std::memory_order_release);
    core::log::Info("portal.loaded", {{"products", static_cast<std::int64_t>(index_.Size())},
                                      {"merchants", static_cast<std::int64_t>(directory_.size())},
                                      {"seconds", seconds}});
    return {};
}

core::Status Portal::LoadAll() {
    // The feed position first: a change committed while loading is applied again afterwards.
    JANGTEO_TRY(store::Rows last, db_.Read([&](store::Tx& tx) { return tx.Query(kLastChange, {}); }));
    std::int64_t seq = last[0].Int(0);
    // Numbers below it that are missing may belong to transactions still open: watched as gaps.
    if (seq > 0) {
        std::int64_t low = std::max<std::int64_t>(1, seq - kLoadGapWindow);
        JANGTEO_TRY(store::Rows present, db_.Read([&](store::Tx& tx) {
            return tx.Query(kChangesBetween, {low, seq});
        }));
        std::vector<std::int64_t> seen_numbers;
        seen_numbers.reserve(present.size());
        for (std::size_t i = 0; i < present.size(); ++i) seen_numbers.push_back(present[i].Int(0));
        std::sort(seen_numbers.begin(), seen_numbers.end());
        // Below the oldest row kept, numbers were purged by housekeeping, not left open.
        std::int64_t from = seen_numbers.empty() ? seq : seen_numbers.front();
        core::TimePoint now = clock_.Now();
        for (std::int64_t n = from; n < seq && gaps_.size() < kMaxGaps; ++n) {
            if (!std::binary_search(seen_numbers.begin(), seen_numbers.end(), n)) gaps_.emplace(n, now);
        }
    }
    core::TimePoint merchants_from = clock_.Now() - kMerchantOverlap;
    JANGTEO_TRY_STATUS(LoadMerchants(core::TimePoint{}, nullptr));
    JANGTEO_TRY(std::shared_ptr<const CategoryTree> tree, categories_.Tree());

    // A reader thread fetches the next batches while this one indexes the last: the database and
    // the index work at the same time. At most two batches wait.
    struct Queue {
        std::mutex mutex;
        std::condition_variable cv;
        std::deque<std::vector<Loaded>> batches;
        bool done = false;
        bool stop = false;
        core::Status status;
    } queue;
    std::thread reader([&] {
        std::int64_t from = kMinKey;
        while (true) {
            core::Result<std::vector<Loaded>> batch = core::Error::Internal("portal_exception", "not read");
            try {
                batch = db_.Read([&](store::Tx& tx) {
                    return LoadRange(tx, from, kMaxKey, static_cast<std::int64_t>(options_.load_batch));
                });
            } catch (const std::exception& e) {
                batch = core::Error::Internal("portal_exception", e.what());
            }
            std::unique_lock lock(queue.mutex);
            if (!batch.ok()) {
                queue.status = std::move(batch).error();
                queue.done = true;
                queue.cv.notify_all();
                return;
            }
            bool last_batch = batch->size() < options_.load_batch || batch->empty() || batch->back().doc.id == kMaxKey;
            if (!batch->empty()) from = batch->back().doc.id + 1;
            queue.cv.wait(lock, [&] { return queue.batches.size() < 2 || queue.stop; });
            if (queue.stop) return;
            if (!batch->empty()) queue.batches.push_back(std::move(*batch));
            if (last_batch) queue.done = true;
            queue.cv.notify_all();
            if (last_batch) return;
        }
    });
    // Whatever ends this function (an exception included) stops and joins the reader first.
    struct JoinReader {
        Queue& queue;
        std::thread& reader;
        ~JoinReader() {
            {
                std::lock_guard lock(queue.mutex);
                queue.stop = true;
            }
            queue.cv.notify_all();
            if (reader.joinable()) reader.join();
        }
    } join_reader{queue, reader};
    // Only a reload has products to drop afterwards; the first load keeps no list of what it saw.
    bool reload = false;
    {
        std::shared_lock lock(cards_mutex_);
        reload = !cards_.empty();
    }
    std::unordered_set<std::int64_t> seen;
    while (true) {
        std::vector<Loaded> batch;
        {
            std::unique_lock lock(queue.mutex);
            queue.cv.wait(lock, [&] { return !queue.batches.empty() || queue.done; });
            if (queue.batches.empty()) break;
            batch = std::move(queue.batches.front());
            queue.batches.pop_front();
            queue.cv.notify_all();
        }
        if (Stopping()) return core::Error::Unavailable("portal_stopping", "the server is stopping");
        for (auto& l : batch) {
            if (reload) seen.insert(l.doc.id);
            Apply(l, *tree);
        }
    }
    {
        std::lock_guard lock(queue.mutex);
        queue.stop = true;
    }
    queue.cv.notify_all();
    reader.join();
    JANGTEO_TRY_STATUS(std::move(queue.status));
    // A reload (the tree changed) drops what is no longer active.
    std::vector<std::int64_t> gone;
    if (reload) {
        std::shared_lock lock(cards_mutex_);
        for (const auto& [id, card] : cards_) {
            if (!seen.contains(id)) gone.push_back(id);
        }
    }
    for (std::int64_t id : gone) Drop(id);
    last_seq_ = std::max(last_seq_, seq);
    merchants_seen_ = std::max(merchants_seen_, merchants_from);
    tree_version_ = tree->version();
    {
        std::lock_guard lock(tree_mutex_);
        tree_ = tree;
    }
    generation_.fetch_add(1, std::memory_order_release);  // pages rendered with the old tree are stale
    return {};
}

core::Result<std::vector<Portal::Loaded>> Portal::LoadRange(store::Tx& tx, std::int64_t from, std::int64_t to,
                                                            std::int64_t limit) {
    std::vector<Loaded> out;
    JANGTEO_TRY(store::Rows products, tx.Query(kLoadProducts, {from, to, limit}));
    if (products.empty()) return out;
    out.reserve(products.size());
    std::unordered_map<std::int64_t, std::size_t> at;
    at.reserve(products.size());
    for (std::size_t i = 0; i < products.size(); ++i) {
        const store::RowView r = products[i];
        Loaded& l = out.emplace_back();
        l.card = std::make_shared<Card>();
        Card& c = *l.card;
        c.id = ProductId(r.Int(0));
        c.merchant = platform::MerchantId(r.Int(1));
        c.category = CategoryId(r.Int(2));
        search::Document& d = l.doc;
        d.title_ko = r.Text(3);
        d.title_en = r.Text(4);
        c.titles.reserve(d.title_ko.size() + d.title_en.size());
        c.titles.append(d.title_ko).append(d.title_en);
        c.ko_bytes = static_cast<std::uint32_t>(d.title_ko.size());
        d.id = r.Int(0);
        d.merchant_id = r.Int(1);
        d.category_path = {r.Int(2)};  // the path is set by Apply, from the tree
        d.brand = r.Text(5);
        // Attribute values are searchable too (원산지 국내산, a material, a colour).
        if (auto attributes = core::ParseJsonObject(r.TextView(6)); attributes.ok()) {
            for (const auto& kv : *attributes) {
                if (!kv.value().is_string()) continue;
                std::string_view value = kv.value().get_string();
                if (d.text.size() + value.size() + 1 > search::kMaxTextBytes) break;
                if (!d.text.empty()) d.text.push_back(' ');
                d.text.append(value);
            }
        }
        d.created_at_us = r.Int(7);
        at.emplace(d.id, i);
    }
    std::int64_t lo = out.front().doc.id;
    std::int64_t hi = out.back().doc.id;
    JANGTEO_TRY(store::Rows variants, tx.Query(kLoadVariants, {lo, hi}));
    JANGTEO_TRY(store::Rows online, tx.Query(kLoadOnlinePrices, {lo, hi}));
    JANGTEO_TRY(store::Rows sales, tx.Query(kLoadSales, {lo, hi, core::ToUnixMicros(clock_.Now())}));
    JANGTEO_TRY(store::Rows images, tx.Query(kLoadMainImages, {lo, hi}));
    // variant key → (product slot, variant index)
    std::unordered_map<std::int64_t, std::pair<std::size_t, std::size_t>> variant_at;
    variant_at.reserve(variants.size());
    for (std::size_t i = 0; i < variants.size(); ++i) {
        const store::RowView v = variants[i];
        auto it = at.find(v.Int(0));
        if (it == at.end()) continue;  // a product that is not active
        Loaded& l = out[it->second];
        if (l.doc.codes.size() + 2 <= search::kMaxCodes) {
            l.doc.codes.push_back(v.Text(2));
            if (!v.IsNull(3)) l.doc.codes.push_back(v.Text(3));
        }
        variant_at.emplace(v.Int(1), std::make_pair(it->second, l.card->list_won.size()));
        l.card->list_won.push_back(v.Int(4));
    }
    for (std::size_t i = 0; i < online.size(); ++i) {
        auto it = variant_at.find(online[i].Int(0));
        if (it == variant_at.end()) continue;
        out[it->second.first].card->list_won[it->second.second] = online[i].Int(1);
    }
    for (std::size_t i = 0; i < sales.size(); ++i) {
        const store::RowView s = sales[i];
        auto it = variant_at.find(s.Int(0));
        if (it == variant_at.end()) continue;
        out[it->second.first].card->sales.push_back({.variant = static_cast<std::uint32_t>(it->second.second),
                                                     .unit_won = s.Int(1),
                                                     .starts = core::FromUnixMicros(s.Int(2)),
                                                     .ends = core::FromUnixMicros(s.Int(3))});
    }
    for (std::size_t i = 0; i < images.size(); ++i) {
        auto it = at.find(images[i].Int(0));
        std::string_view hash = images[i].TextView(1);
        if (it == at.end() || hash.size() != 64) continue;
        Card& c = *out[it->second].card;
        auto nibble = [](char x) { return static_cast<std::uint8_t>(x <= '9' ? x - '0' : x - 'a' + 10); };
        for (std::size_t b = 0; b < 32; ++b) {
            c.image[b] = static_cast<std::uint8_t>(nibble(hash[2 * b]) << 4 | nibble(hash[2 * b + 1]));
        }
        std::string_view type = images[i].TextView(2);
        ImageType t = type == "image/png"    ? ImageType::kPng
                      : type == "image/webp" ? ImageType::kWebp
                                             : ImageType::kJpeg;
        c.image_type = static_cast<std::uint8_t>(1 + static_cast<int>(t));
    }
    // Search sorts, filters and counts by what an online buyer pays now (a sale included), the
    // price the card shows; a sale starting or ending re-indexes the product (Portal::Apply).
    core::TimePoint now = clock_.Now();
    for (auto& l : out) {
        l.card->list_won.shrink_to_fit();
        l.card->sales.shrink_to_fit();
        CardPrice price = PriceNow(*l.card, now);
        l.doc.min_price_won = price.price_won;
        l.doc.max_price_won = price.highest_won;
    }
    return out;
}

void Portal::Apply(Loaded& l, const CategoryTree& tree) {
    std::shared_ptr<const MerchantInfo> merchant = Merchant(l.card->merchant);
    if (!merchant || !merchant->approved || !tree.Visible(l.card->category) || l.card->list_won.empty()) {
        Drop(l.doc.id);
        return;
    }
    l.doc.district = merchant->district_code;
    std::vector<CategoryId> path = tree.Path(l.card->category);
    l.doc.category_path.clear();
    for (std::size_t i = 0; i < path.size() && i < search::kMaxCategoryDepth; ++i)
        l.doc.category_path.push_back(path[i].key());
    auto added = index_.Upsert(l.doc);
    if (!added.ok()) {
        core::log::Warn("portal.index_refused",
                        {{"product", l.card->id.ToString()}, {"detail", added.error().message}});
        Drop(l.doc.id);
        return;
    }
    // The next moment a sale of it starts or ends: its price changes then.
    core::TimePoint now = clock_.Now();
    std::optional<core::TimePoint> next;
    for (const auto& sale : l.card->sales) {
        for (core::TimePoint t : {sale.starts, sale.ends}) {
            if (t > now && (!next || t < *next)) next = t;
        }
    }
    UnscheduleRepricing(l.doc.id);
    if (next) {
        price_changes_.emplace(*next, l.doc.id);
        price_change_of_[l.doc.id] = *next;
    }
    {
        std::unique_lock lock(cards_mutex_);
        cards_[l.doc.id] = std::move(l.card);
    }
    generation_.fetch_add(1, std::memory_order_release);
    Forget(l.doc.id);
}

void Portal::UnscheduleRepricing(std::int64_t id) {
    auto at = price_change_of_.find(id);
    if (at == price_change_of_.end()) return;
    auto [first, last] = price_changes_.equal_range(at->second);
    for (auto it = first; it != last; ++it) {
        if (it->second == id) {
            price_changes_.erase(it);
            break;
        }
    }
    price_change_of_.erase(at);
}

void Portal::Drop(std::int64_t id) {
    UnscheduleRepricing(id);
    if (index_.Remove(id)) generation_.fetch_add(1, std::memory_order_release);
    {
        std::unique_lock lock(cards_mutex_);
        cards_.erase(id);
    }
    Forget(id);
}

void Portal::Forget(std::int64_t id) {
    Shard& shard = *shards_[static_cast<std::uint64_t>(id) % kShards];
    std::lock_guard lock(shard.mutex);
    ++shard.drops;
    auto it = shard.entries.find(id);
    if (it == shard.entries.end()) return;
    shard.order.erase(it->second.at);
    shard.entries.erase(it);
}

core::Status Portal::LoadMerchants(core::TimePoint since, std::vector<platform::MerchantId>* changed) {
    constexpr int kPage = 1000;
    core::TimePoint from = since;
    while (true) {
        JANGTEO_TRY(std::vector<platform::Merchant> page, merchants_.ChangedSince(from, kPage));
        {
            std::unique_lock lock(merchants_mutex_);
            for (const auto& m : page) {
                MerchantInfo info{.id = m.id,
                                  .name_ko = m.name_ko,
                                  .name_en = m.name_en,
                                  .district_code = m.district_code,
                                  .industry_code = m.industry_code,
                                  .phone = m.phone,
                                  .address = m.address,
                                  .approved = m.status == platform::MerchantStatus::kApproved};
                auto it = directory_.find(m.id.key());
                const MerchantInfo* was = it == directory_.end() ? nullptr : it->second.get();
                bool differs = was == nullptr || was->approved != info.approved ||
                               was->district_code != info.district_code || was->name_ko != info.name_ko ||
                               was->name_en != info.name_en || was->phone != info.phone ||
                               was->address != info.address || was->industry_code != info.industry_code;
                if (differs && changed != nullptr) changed->push_back(m.id);
                if (differs) directory_[m.id.key()] = std::make_shared<const MerchantInfo>(std::move(info));
            }
        }
        if (page.size() < static_cast<std::size_t>(kPage)) break;
        core::TimePoint next = page.back().updated_at;
        // A page full of one instant: step past it (a thousand merchants changed in one microsecond
        // do not happen; this only keeps the loop finite).
        from = next > from ? next : next + std::chrono::microseconds(1);
    }
    return {};
}

core::Status Portal::ReloadProducts(const std::vector<std::int64_t>& ids) {
    if (ids.empty()) return {};
    JANGTEO_TRY(std::shared_ptr<const CategoryTree> tree, categories_.Tree());
    for (std::int64_t id : ids) {
        JANGTEO_TRY(std::vector<Loaded> loaded, db_.Read([&](store::Tx& tx) { return LoadRange(tx, id, id, 1); }));
        if (loaded.empty()) {
            Drop(id);  // not active any more (or gone)
        } else {
            Apply(loaded.front(), *tree);
        }
    }
    return {};
}

core::Status Portal::ReloadMerchantProducts(platform::MerchantId merchant) {
    JANGTEO_TRY(store::Rows rows,
                db_.Read([&](store::Tx& tx) { return tx.Query(kMerchantProducts, {merchant.key()}); }));
    std::vector<std::int64_t> ids;
    ids.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) ids.push_back(rows[i].Int(0));
    return ReloadProducts(ids);
}

core::Status Portal::FollowNow() {
    std::lock_guard follow(follow_mutex_);
    if (!ready_.load()) return {};
    // The category tree: a change of it (a category retired or moved) reloads everything.
    JANGTEO_TRY(std::shared_ptr<const CategoryTree> tree, categories_.Tree());
    if (tree->version() != tree_version_) {
        core::log::Info("portal.tree_changed", {{"version", tree->version()}});
        return LoadAll();
    }
    // Merchants: one approved, suspended, renamed or moved shows or hides its products. A merchant
    // whose products could not be reloaded stays pending for the next round.
    core::TimePoint now = clock_.Now();
    std::vector<platform::MerchantId> changed;
    JANGTEO_TRY_STATUS(LoadMerchants(merchants_seen_, &changed));
    merchants_seen_ = std::max(merchants_seen_, now - kMerchantOverlap);
    for (platform::MerchantId m : changed) pending_merchants_.insert(m.key());
    for (auto it = pending_merchants_.begin(); it != pending_merchants_.end();) {
        JANGTEO_TRY_STATUS(ReloadMerchantProducts(platform::MerchantId(*it)));
        it = pending_merchants_.erase(it);
    }

    // Products: the feed since the last change seen, and the gaps still watched (numbers taken by
    // transactions not committed yet: a bulk import's can stay open for minutes).
    while (true) {
        JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
            return tx.Query(kChangesSince, {last_seq_, std::int64_t{kChangeBatch}});
        }));
        for (std::size_t i = 0; i < rows.size(); ++i) {
            std::int64_t seq = rows[i].Int(0);
            gaps_.erase(seq);
            for (std::int64_t missing = last_seq_ + 1; missing < seq && gaps_.size() < kMaxGaps; ++missing) {
                gaps_.emplace(missing, now);
            }
            last_seq_ = std::max(last_seq_, seq);
            pending_products_.insert(rows[i].Int(1));
        }
        if (rows.size() < static_cast<std::size_t>(kChangeBatch)) break;
    }
    if (!gaps_.empty()) {
        // One range read over the gaps (they are mostly runs), not one statement per gap.
        std::int64_t low = gaps_.begin()->first;
        std::int64_t high = gaps_.rbegin()->first;
        JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) { return tx.Query(kChangesBetween, {low, high}); }));
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (gaps_.erase(rows[i].Int(0)) > 0) pending_products_.insert(rows[i].Int(1));
        }
        for (auto it = gaps_.begin(); it != gaps_.end();) {
            it = now - it->second > kGapWatch ? gaps_.erase(it) : std::next(it);  // a rolled-back number
        }
    }
    // Products whose sale started or ended since: their price is another now.
    while (!price_changes_.empty() && price_changes_.begin()->first <= now) {
        std::int64_t id = price_changes_.begin()->second;
        price_changes_.erase(price_changes_.begin());
        price_change_of_.erase(id);
        pending_products_.insert(id);
    }
    // Reloaded one by one: what fails stays pending for the next round.
    for (auto it = pending_products_.begin(); it != pending_products_.end();) {
        JANGTEO_TRY_STATUS(ReloadProducts({*it}));
        it = pending_products_.erase(it);
    }
    return {};
}

core::Result<PortalPage> Portal::Search(const PortalQuery& q) const {
    if (!Ready()) {
        core::Error e = core::Error::Unavailable("search_warming_up", "the portal is loading its catalog; try again");
        e.retry_after_seconds = 2;
        return e;
    }
    if (q.page < 1 || q.limit < 1 || q.limit > search::kMaxLimit ||
        static_cast<std::int64_t>(q.page) * q.limit > search::kMaxOffset) {
        return core::Error::Invalid("bad_page", "page × limit must stay within 10,000 results",
                                    {{"page", "out_of_range", "page × limit must be at most 10,000"}});
    }
    search::Query sq{.text = q.text,
                     .category_id = q.category ? std::optional<std::int64_t>(q.category->key()) : std::nullopt,
                     .merchant_id = q.merchant ? std::optional<std::int64_t>(q.merchant->key()) : std::nullopt,
                     .district = q.district,
                     .min_price_won = q.min_price_won,
                     .max_price_won = q.max_price_won,
                     .sort = q.sort,
                     .offset = (q.page - 1) * q.limit,
                     .limit = q.limit,
                     .facets = q.facets};
    JANGTEO_TRY(search::SearchResult result, index_.Search(sq));
    PortalPage page;
    page.hits.reserve(result.hits.size());
    {
        std::shared_lock lock(cards_mutex_);
        for (auto& hit : result.hits) {
            auto it = cards_.find(hit.id);
            if (it == cards_.end()) continue;  // dropped between the two looks
            page.hits.push_back({it->second, std::move(hit.highlights)});
        }
    }
    page.result = std::move(result);
    return page;
}

std::shared_ptr<const MerchantInfo> Portal::Merchant(platform::MerchantId id) const {
    std::shared_lock lock(merchants_mutex_);
    auto it = directory_.find(id.key());
    if (it == directory_.end()) return nullptr;
    return it->second;
}

core::Result<std::shared_ptr<const std::string>> Portal::BrowsingPage(const std::string& key,
                                                                      const PageRenderer& render) {
    constexpr auto kMaxPageAge = std::chrono::seconds(30);
    PageShard& shard = *page_shards_[std::hash<std::string>{}(key) % kShards];
    if (shard.capacity == 0) {
        JANGTEO_TRY(std::string body, render());
        return std::make_shared<const std::string>(std::move(body));
    }
    core::TimePoint now = clock_.Now();
    std::uint64_t generation = generation_.load(std::memory_order_acquire);
    {
        std::lock_guard lock(shard.mutex);
        auto it = shard.entries.find(key);
        if (it != shard.entries.end() && it->second.generation == generation && it->second.expires > now) {
            shard.order.splice(shard.order.begin(), shard.order, it->second.at);
            return it->second.body;
        }
    }
    JANGTEO_TRY(std::string rendered, render());
    auto body = std::make_shared<const std::string>(std::move(rendered));
    std::lock_guard lock(shard.mutex);
    auto it = shard.entries.find(key);
    if (it != shard.entries.end()) {
        shard.order.erase(it->second.at);
        shard.entries.erase(it);
    }
    shard.order.push_front(key);
    shard.entries.emplace(key, PageShard::Entry{body, generation, now + kMaxPageAge, shard.order.begin()});
    while (shard.entries.size() > shard.capacity) {
        shard.entries.erase(shard.order.back());
        shard.order.pop_back();
    }
    return body;
}

std::shared_ptr<const CategoryTree> Portal::Tree() const {
    std::lock_guard lock(tree_mutex_);
    return tree_;
}

core::Result<std::shared_ptr<const RenderedProduct>> Portal::Detail(ProductId id, const Renderer& render) {
    if (!Ready()) {
        core::Error e = core::Error::Unavailable("search_warming_up", "the portal is loading its catalog; try again");
        e.retry_after_seconds = 2;
        return e;
    }
    core::TimePoint now = clock_.Now();
    Shard& shard = *shards_[static_cast<std::uint64_t>(id.key()) % kShards];
    std::uint64_t drops = 0;
    {
        std::lock_guard lock(shard.mutex);
        drops = shard.drops;
        auto it = shard.entries.find(id.key());
        if (it != shard.entries.end() && it->second.page->expires > now) {
            shard.order.splice(shard.order.begin(), shard.order, it->second.at);
            return it->second.page;
        }
    }
    // Only what the portal shows: an indexed product (active, approved merchant, visible category).
    std::shared_ptr<const Card> card;
    {
        std::shared_lock lock(cards_mutex_);
        auto it = cards_.find(id.key());
        if (it != cards_.end()) card = it->second;
    }
    auto not_found = [] { return core::Error::NotFound("product_not_found", "no such product"); };
    if (!card) return not_found();
    std::shared_ptr<const MerchantInfo> merchant = Merchant(card->merchant);
    if (!merchant || !merchant->approved) return not_found();
    auto product = products_.Get(card->merchant, id);
    if (!product.ok()) {
        if (product.error().code == core::ErrorCode::kNotFound) return not_found();
        return std::move(product).error();
    }
    if (product->status != ProductStatus::kActive) return not_found();
    PublicProduct view{.product = std::move(*product), .merchant = *merchant};
    RenderedProduct rendered = render(view, now);
    // Served until a sale of it starts or ends, and a minute at most.
    rendered.expires = now + kMaxRenderAge;
    for (const auto& v : view.product.variants) {
        for (const auto& s : v.pricing.sales) {
            if (s.starts > now && s.starts < rendered.expires) rendered.expires = s.starts;
            if (s.ends > now && s.ends < rendered.expires) rendered.expires = s.ends;
        }
    }
    auto page = std::make_shared<const RenderedProduct>(std::move(rendered));
    {
        std::lock_guard lock(shard.mutex);
        if (shard.drops != drops) return page;  // changed while rendering: not kept
        auto it = shard.entries.find(id.key());
        if (it != shard.entries.end()) {
            shard.order.erase(it->second.at);
            shard.entries.erase(it);
        }
        shard.order.push_front(id.key());
        shard.entries.emplace(id.key(), Shard::Entry{page, shard.order.begin()});
        while (shard.entries.size() > shard.capacity) {
            shard.entries.erase(shard.order.back());
            shard.order.pop_back();
        }
    }
    return page;
}

}  // namespace jangteo::catalog

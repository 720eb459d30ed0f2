// catalog_gen: writes a synthetic portal catalog straight into a Jangteo database, for the HTTP
// benchmark of search and the portal's read paths (bench/search.sh).
//
//   build/release/bench/catalog_gen --database sqlite:///tmp/bench.db --products 1000000
//       [--merchants 5000] [--seed 20261123] [--ids-out ids.txt] [--region-file region.toml]
//
// The database must have been made by `jangteo migrate` and `jangteo seed --demo`: the demo's
// category tree (read from the store, with its attribute definitions), its operator admin (who
// approves the new merchants) and the operator's industries. It adds:
//   - M approved merchants (default N/200) spread over the region's districts, each with an owner
//     account (email owner-<seed>-<n>@bench.example.kr, password kOwnerPassword), the owner
//     membership and the two status changes (applied, approved), as platform/merchant.cpp writes
//     them; each sells in one part of the tree (seafood, fruit and vegetables, shoes, …);
//   - N active products in the leaf categories, with Korean and English titles from the word lists
//     of words.cpp, a Markdown description, the attributes each category path declares (every
//     required one, e.g. the food's origin, and about half of the others), 1–3 variants each with a
//     SKU unique within the merchant, an EAN-13 barcode for some (880…, check digit right), option
//     values, base prices in won, channel prices, business volume tiers and sale prices (some
//     running now, some past, some to come) for some.
// Everything is checked the way ProductService::Validate checks it (attributes by the category
// tree's own ValidateAttributes) before it is written. Rows go in with multi-row INSERTs through
// store::Db, --batch products per transaction.
//
// The same seed, counts and region make the same ids, titles, prices and attributes; times are
// relative to the moment of the run (so that "sale now" stays true). Ids are random 63-bit keys
// from the seeded generator, handed out in ascending order so that the tables grow at their end.
//
// --ids-out writes one id per line: a sample of the products ("prd_…", at most --sample), every
// category that holds products ("cat_…", leaves first, then their parents) and a sample of the
// merchants ("mrc_…").
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "catalog/category.hpp"
#include "catalog/product.hpp"
#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "core/validate.hpp"
#include "platform/ids.hpp"
#include "platform/password.hpp"
#include "platform/region.hpp"
#include "store/db.hpp"
#include "words.hpp"

namespace {

using namespace jangteo;
namespace json = core::json;
namespace portal = bench::portal;
using portal::Axis;
using portal::Word;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kOwnerPassword = "장터 벤치마크 2026 광안대교";
constexpr std::int64_t kMinute = 60'000'000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

[[noreturn]] void Fail(const std::string& message) {
    std::fprintf(stderr, "catalog_gen: %s\n", message.c_str());
    std::exit(1);
}

void Check(const core::Status& st, std::string_view what) {
    if (st.ok()) return;
    std::string message(what);
    message.append(": ").append(st.error().message);
    for (const auto& f : st.error().fields) message.append("\n  ").append(f.field).append(": ").append(f.message);
    Fail(message);
}

template <typename T>
T Take(core::Result<T> r, std::string_view what) {
    if (!r.ok()) Check(core::Status(std::move(r).error()), what);
    return std::move(*r);
}

// splitmix64: cheap, and the same numbers on every platform.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t Next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint64_t Below(std::uint64_t n) { return n == 0 ? 0 : Next() % n; }
    std::int64_t Between(std::int64_t lo, std::int64_t hi) {  // inclusive
        return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo + 1)));
    }
    bool Percent(int p) { return Below(100) < static_cast<std::uint64_t>(p); }
    double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
    template <typename T>
    const T& Pick(std::span<const T> items) {
        return items[Below(items.size())];
    }
    template <typename T>
    const T& Pick(const std::vector<T>& items) {
        return items[Below(items.size())];
    }
    // A key as core::Id::New makes one: positive, odd, 63 bits.
    std::int64_t Key() { return static_cast<std::int64_t>(Next() >> 1) | 1; }

private:
    std::uint64_t state_;
};

// `count` distinct keys in ascending order.
std::vector<std::int64_t> SortedKeys(Rng& rng, std::size_t count) {
    std::vector<std::int64_t> keys;
    keys.reserve(count);
    while (keys.size() < count) {
        while (keys.size() < count) keys.push_back(rng.Key());
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    }
    return keys;
}

// ---------------------------------------------------------------------------------------------
// Multi-row INSERTs: rows are collected as values, then written in statements of up to
// kMaxRows rows (fewer for the rest: 100, 10, 1), so that each table needs four statement texts.

class BulkInsert {
public:
    BulkInsert(std::string table, std::vector<std::string> columns)
        : table_(std::move(table)), columns_(std::move(columns)) {
        max_rows_ = std::min<std::size_t>(1000, 30'000 / columns_.size());
    }

    template <typename... V>
    void Add(V&&... v) {
        static_assert(sizeof...(V) > 0);
        if (sizeof...(V) != columns_.size()) Fail("internal: wrong number of values for " + table_);
        (values_.emplace_back(std::forward<V>(v)), ...);
    }

    std::size_t rows() const { return values_.size() / columns_.size(); }
    std::int64_t written() const { return written_; }
    void Clear() { values_.clear(); }

    // Writes every pending row; leaves them pending (a retried transaction writes them again).
    core::Status Flush(store::Tx& tx) {
        const std::size_t n = rows();
        std::size_t at = 0;
        while (at < n) {
            std::size_t left = n - at;
            std::size_t chunk = left >= max_rows_ ? max_rows_ : left >= 100 ? 100 : left >= 10 ? 10 : 1;
            const store::Sql& sql = Statement(chunk);
            JANGTEO_TRY_STATUS(
                tx.Exec(sql, store::Params(values_.data() + at * columns_.size(), chunk * columns_.size())));
            at += chunk;
        }
        return {};
    }
    void Committed() {
        written_ += static_cast<std::int64_t>(rows());
        Clear();
    }

private:
    const store::Sql& Statement(std::size_t rows) {
        auto it = statements_.find(rows);
        if (it != statements_.end()) return it->second.sql;
        Owned& owned = statements_[rows];  // a map's node never moves: the Sql may refer to its strings
        owned.name = "bench.insert_" + table_ + "_" + std::to_string(rows);
        owned.text = "INSERT INTO " + table_ + " (";
        for (std::size_t c = 0; c < columns_.size(); ++c) owned.text.append(c ? ", " : "").append(columns_[c]);
        owned.text.append(") VALUES ");
        std::size_t p = 1;
        for (std::size_t r = 0; r < rows; ++r) {
            owned.text.append(r ? ", (" : "(");
            for (std::size_t c = 0; c < columns_.size(); ++c) {
                owned.text.append(c ? ", $" : "$").append(std::to_string(p++));
            }
            owned.text.push_back(')');
        }
        owned.sql = store::Sql{owned.name, owned.text};
        return owned.sql;
    }

    struct Owned {
        std::string name;
        std::string text;
        store::Sql sql;
    };
    std::string table_;
    std::vector<std::string> columns_;
    std::size_t max_rows_;
    std::vector<store::Value> values_;
    std::map<std::size_t, Owned> statements_;
    std::int64_t written_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The catalog's shape: leaves of the tree with their words, and merchants.

struct Leaf {
    catalog::CategoryId id;
    std::string code;
    std::string root_code;
    std::string shop_kind;  // which merchants sell here: the second level of deep paths, else the root
    portal::LeafWords words;
    std::vector<Word> own_words;  // for a leaf without word lists: its own names
    std::vector<catalog::EffectiveAttribute> attributes;
    bool exempt = false;
    bool food = false;
    bool goods = true;  // has barcodes
    bool b2b = false;   // business prices and volume tiers are common
    std::string sku_prefix;
};

struct Merchant {
    std::int64_t id = 0;
    std::int64_t owner = 0;
    std::string shop_kind;
    std::string brand;
};

// The operator's industry a shop kind files its merchants under.
std::string_view IndustryOf(std::string_view shop_kind) {
    static const std::unordered_map<std::string_view, std::string_view> map = {
        {"food_seafood", "seafood"},
        {"food_agri", "farm_produce"},
        {"food_meat", "groceries"},
        {"food_processed", "groceries"},
        {"food", "cafe_bakery"},
        {"farming", "flowers_garden"},
        {"fashion", "clothing"},
        {"fashion_shoes", "shoes_bags"},
        {"beauty", "beauty_cosmetics"},
        {"health", "health"},
        {"living_furniture", "furniture_interior"},
        {"living", "household_goods"},
        {"machinery_tool", "hardware_tools"},
        {"machinery", "machinery_parts"},
        {"printing", "printing_advertising"},
        {"electronics", "electronics"},
        {"services", "other"},
        {"sports", "sports_leisure"},
        {"kids", "household_goods"},
        {"pets", "pets"},
        {"books", "books_stationery"},
    };
    auto it = map.find(shop_kind);
    return it == map.end() ? std::string_view("other") : it->second;
}

const std::vector<Word> kColours = {{"블랙", "black"},  {"화이트", "white"}, {"네이비", "navy"}, {"베이지", "beige"},
                                    {"그레이", "grey"}, {"레드", "red"},     {"카키", "khaki"},  {"핑크", "pink"}};
const std::vector<std::string_view> kFamily = {"김", "이", "박", "최", "정", "강", "조", "윤", "장", "임",
                                               "한", "오", "서", "신", "권", "황", "안", "송", "전", "홍"};
const std::vector<std::string_view> kGiven = {"민수", "서연", "지훈", "현우", "수빈", "영호", "준서", "도윤",
                                              "하은", "예린", "은지", "유진", "승민", "재현", "태희", "성진"};
const std::vector<std::string_view> kRoads = {"중앙대로", "해운대로", "수영로",   "동래로", "낙동대로",
                                              "가야대로", "태종로",   "충렬대로", "번영로", "전포대로"};
const std::vector<std::string_view> kSuffixKo = {"", "", "상회", "마켓", "스토어", "상사", "공방", "하우스"};
const std::vector<std::string_view> kSuffixEn = {"", "", "Trading", "Market", "Store", "Co.", "Studio", "House"};

// "해운대구" → "해운대"; "Haeundae-gu" → "Haeundae".
std::string PlaceKo(const platform::District& d) {
    std::string s = d.name_ko;
    for (std::string_view tail : {"구", "군", "시"}) {
        if (s.size() > tail.size() + 3 && s.ends_with(tail)) return s.substr(0, s.size() - tail.size());
    }
    return s;
}
std::string PlaceEn(const platform::District& d) {
    std::string s = d.name_en;
    for (std::string_view tail : {"-gu", "-gun", "-si"}) {
        if (s.size() > tail.size() && s.ends_with(tail)) return s.substr(0, s.size() - tail.size());
    }
    return s;
}

std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string Capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

// A GTIN-13 of `prefix` (3 digits: 880 for Korea, 979 for an ISBN) and 9 digits of `n`, with its check digit.
std::string Ean13(std::uint64_t n, std::string_view prefix = "880") {
    std::string digits(prefix);
    std::string tail = std::to_string(n % 1'000'000'000ull);
    digits.append(9 - tail.size(), '0').append(tail);
    int sum = 0;
    for (std::size_t i = 0; i < 12; ++i) sum += (digits[i] - '0') * (i % 2 == 0 ? 1 : 3);
    digits.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
    return digits;
}

std::string BusinessNumber(Rng& rng) {
    std::string d;
    // Office code (3 digits, 101–899), type (2 digits: 01–79 individuals, 81–88 corporations), serial.
    d.append(std::to_string(rng.Between(101, 899)));
    std::int64_t type = rng.Percent(70) ? rng.Between(10, 79) : rng.Between(81, 88);
    d.append(std::to_string(type));
    std::string serial = std::to_string(rng.Between(0, 9999));
    d.append(4 - serial.size(), '0').append(serial);
    for (char last = '0'; last <= '9'; ++last) {
        std::string candidate = d + last;
        if (core::BusinessNumberCheckDigitOk(candidate)) return candidate;
    }
    Fail("internal: no check digit");
}

// Won as people price things: 8,900, 12,900, 35,000, 129,000, 1,290,000.
std::int64_t Won(double raw, Rng& rng) {
    auto w = static_cast<std::int64_t>(raw);
    if (w < 1'000) return std::max<std::int64_t>(100, (w / 100) * 100);
    std::int64_t step = w < 100'000 ? 1'000 : w < 1'000'000 ? 10'000 : 100'000;
    std::int64_t rounded = std::max(step, (w + step / 2) / step * step);
    if (rng.Percent(55)) rounded -= step / 10;  // 12,900 rather than 13,000
    return rounded;
}

std::string Grams(std::int64_t g) {
    if (g < 1000) return std::to_string(g) + "g";
    if (g % 1000 == 0) return std::to_string(g / 1000) + "kg";
    return std::to_string(g / 1000) + "." + std::to_string((g % 1000) / 100) + "kg";
}

// "500g" → 500, "1.5kg" → 1500; 0 when the unit is no weight.
std::int64_t ParseGrams(std::string_view unit) {
    double v = 0;
    std::size_t i = 0;
    while (i < unit.size() && ((unit[i] >= '0' && unit[i] <= '9') || unit[i] == '.')) ++i;
    if (i == 0) return 0;
    v = std::atof(std::string(unit.substr(0, i)).c_str());
    std::string_view rest = unit.substr(i);
    if (rest == "g") return static_cast<std::int64_t>(v);
    if (rest == "kg") return static_cast<std::int64_t>(v * 1000);
    return 0;
}

// The leading number of a unit ("200매" → 200), or 0.
std::int64_t LeadingNumber(std::string_view unit) {
    std::int64_t v = 0;
    std::size_t i = 0;
    for (; i < unit.size() && unit[i] >= '0' && unit[i] <= '9'; ++i) v = v * 10 + (unit[i] - '0');
    return i == 0 ? 0 : v;
}

std::string Date(std::int64_t us) {
    std::time_t t = static_cast<std::time_t>(us / 1'000'000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return buf;
}

// What one product's words were, for its attribute values and description.
struct Made {
    const Leaf* leaf = nullptr;
    Word kind, quality;
    const Word* origin = nullptr;  // a food title's place
    std::string unit_ko;
    std::int64_t grams = 0;  // of the first variant, when it is sold by weight
};

class Generator {
public:
    Generator(store::Db& db, const platform::Region& region, std::uint64_t seed, std::int64_t now_us)
        : db_(db), region_(region), seed_(seed), now_us_(now_us), rng_(seed ^ 0x6361'7461'6c6f'6721ull) {}

    void LoadTree() {
        core::SystemClock clock;
        core::SystemRandom random;
        catalog::CategoryService categories(db_, clock, random);
        tree_ =
            Take(categories.Tree(),
                 "reading the category tree (was the database made by `jangteo migrate` and `jangteo seed --demo`?)");
        if (tree_->All().empty()) Fail("the database has no category tree: run `jangteo seed --demo` first");
        std::unordered_map<std::string_view, const portal::LeafWords*> words;
        for (const auto& w : portal::Leaves()) words.emplace(w.code, &w);
        std::set<std::int64_t> parents;
        for (const auto& c : tree_->All()) {
            if (c.parent) parents.insert(c.parent->key());
        }
        for (const auto& c : tree_->All()) {
            if (parents.contains(c.id.key()) || !tree_->Visible(c.id)) continue;
            Leaf leaf;
            leaf.id = c.id;
            leaf.code = c.code;
            std::vector<catalog::CategoryId> path = tree_->Path(c.id);
            leaf.root_code = tree_->Find(path.front())->code;
            leaf.shop_kind = path.size() >= 3 ? tree_->Find(path[1])->code : leaf.root_code;
            if (auto it = words.find(c.code); it != words.end()) {
                leaf.words = *it->second;
            } else {
                // A category the word lists do not know (the operator added it): titles from its names.
                leaf.own_words = {{c.name_ko, AsciiLower(c.name_en)}};
                static const std::vector<Word> kQualities = {
                    {"프리미엄", "premium"}, {"인기", "popular"}, {"국산", "korean-made"}, {"정품", "genuine"}};
                leaf.words = {c.code, 2, Axis::kCount, 5'000, 100'000, {}, kQualities, {}};
                ++unknown_leaves_;
            }
            if (!leaf.own_words.empty()) leaf.words.kinds = leaf.own_words;
            leaf.attributes = tree_->Attributes(c.id);
            const std::string& sk = leaf.shop_kind;
            leaf.food = leaf.root_code == "food";
            leaf.exempt = sk == "food_seafood" || sk == "food_agri" || sk == "food_meat" || leaf.code == "books_books";
            leaf.goods = leaf.root_code != "services" && leaf.root_code != "printing";
            leaf.b2b = leaf.root_code == "machinery" || leaf.root_code == "printing" || leaf.root_code == "farming" ||
                       leaf.code == "electronics_parts" || leaf.code == "books_office";
            // SKU prefix: the first three letters of the code's last part, upper-cased (FIS, SNE, …).
            std::string_view last = leaf.code;
            if (auto u = last.rfind('_'); u != std::string_view::npos) last = last.substr(u + 1);
            for (char ch : last.substr(0, 3)) {
                leaf.sku_prefix.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
            }
            leaves_.push_back(std::move(leaf));
        }
        // Leaves that have lists come first in the table order; the cumulative weights pick them.
        std::int64_t total = 0;
        for (const Leaf& l : leaves_) {
            total += l.words.weight;
            cumulative_.push_back(total);
        }
        if (leaves_.empty()) Fail("the category tree has no visible leaf category");
    }

    void LoadPlatform() {
        static constexpr store::Sql kAdmin{"bench.find_admin",
                                           "SELECT user_id FROM platform_operator_admins"
                                           " ORDER BY granted_at_us, user_id LIMIT 1"};
        static constexpr store::Sql kIndustries{"bench.industries",
                                                "SELECT code FROM platform_industries WHERE active = TRUE"};
        static constexpr store::Sql kNumbers{"bench.business_numbers",
                                             "SELECT business_number FROM platform_merchants"};
        static constexpr store::Sql kEmail{"bench.email_taken", "SELECT count(*) FROM platform_users WHERE email = $1"};
        Check(db_.Read([&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY(store::Rows admin, tx.Query(kAdmin));
            if (admin.empty())
                return core::Error::NotFound("no_admin", "no operator admin: run `jangteo seed --demo` first");
            admin_ = admin[0].Int(0);
            JANGTEO_TRY(store::Rows industries, tx.Query(kIndustries));
            for (std::size_t i = 0; i < industries.size(); ++i) industries_.insert(industries[i].Text(0));
            JANGTEO_TRY(store::Rows numbers, tx.Query(kNumbers));
            for (std::size_t i = 0; i < numbers.size(); ++i) business_numbers_.insert(numbers[i].Text(0));
            JANGTEO_TRY(store::Rows taken, tx.Query(kEmail, {std::string_view(OwnerEmail(0))}));
            if (taken[0].Int(0) > 0) {
                return core::Error::AlreadyExists("already_loaded", "this database already holds the catalog of seed " +
                                                                        std::to_string(seed_) +
                                                                        " (use another --seed)");
            }
            return {};
        }),
              "reading the platform");
    }

    std::string OwnerEmail(std::int64_t n) const {
        return "owner-" + std::to_string(seed_) + "-" + std::to_string(n) + "@bench.example.kr";
    }

    void MakeMerchants(std::int64_t count) {
        if (region_.districts.empty()) Fail("the region has no districts");
        // Shop kinds in tree order with their share of the catalog.
        std::vector<std::string> kinds;
        std::map<std::string, std::int64_t> weight;
        for (const Leaf& l : leaves_) {
            if (!weight.contains(l.shop_kind)) kinds.push_back(l.shop_kind);
            weight[l.shop_kind] += l.words.weight;
        }
        std::int64_t total = 0;
        for (const auto& k : kinds) total += weight[k];
        platform::PasswordHasher hasher;
        std::string hash = Take(hasher.Hash(kOwnerPassword), "hashing the owners' password");
        std::vector<std::int64_t> ids = SortedKeys(rng_, static_cast<std::size_t>(count));
        std::vector<std::int64_t> owners = SortedKeys(rng_, static_cast<std::size_t>(count));
        std::set<std::string> names;

        BulkInsert users("platform_users", {"id", "email", "mobile", "name", "password_hash", "status",
                                            "email_verified_at_us", "created_at_us", "updated_at_us"});
        BulkInsert merchants("platform_merchants",
                             {"id", "name_ko", "name_en", "business_number", "representative", "industry_code",
                              "district_code", "address", "phone", "status", "status_version", "applied_by_user_id",
                              "search_text", "created_at_us", "updated_at_us"});
        BulkInsert members("platform_memberships", {"merchant_id", "user_id", "role", "created_at_us"});
        BulkInsert changes("platform_merchant_status_changes", {"id", "merchant_id", "seq", "from_status", "to_status",
                                                                "actor_user_id", "reason", "changed_at_us"});
        for (std::int64_t j = 0; j < count; ++j) {
            Merchant m;
            m.id = ids[static_cast<std::size_t>(j)];
            m.owner = owners[static_cast<std::size_t>(j)];
            if (j < static_cast<std::int64_t>(kinds.size())) {
                m.shop_kind = kinds[static_cast<std::size_t>(j)];  // every kind has a merchant
            } else {
                std::int64_t r = rng_.Between(0, total - 1);
                for (const auto& k : kinds) {
                    if ((r -= weight[k]) < 0) {
                        m.shop_kind = k;
                        break;
                    }
                }
            }
            const platform::District& district = rng_.Pick(region_.districts);
            const Word& word = rng_.Pick(portal::ShopWords(m.shop_kind));
            std::size_t suffix = rng_.Below(kSuffixKo.size());
            std::string place_ko = PlaceKo(district), place_en = PlaceEn(district);
            std::string name_ko = place_ko + " " + std::string(word.ko) + std::string(kSuffixKo[suffix]);
            std::string name_en = place_en + " " + std::string(word.en);
            if (!kSuffixEn[suffix].empty()) name_en.append(" ").append(kSuffixEn[suffix]);
            for (int n = 2; names.contains(name_ko); ++n) {
                name_ko = place_ko + " " + std::string(word.ko) + std::string(kSuffixKo[suffix]) + " " +
                          std::to_string(n) + "호점";
                name_en = place_en + " " + std::string(word.en) +
                          (kSuffixEn[suffix].empty() ? "" : " " + std::string(kSuffixEn[suffix])) + " " +
                          std::to_string(n);
            }
            names.insert(name_ko);
            m.brand = rng_.Percent(50) ? place_ko + std::string(word.ko) : place_en + " " + std::string(word.en);

            std::string number;
            do {
                number = BusinessNumber(rng_);
            } while (business_numbers_.contains(number));
            business_numbers_.insert(number);
            std::string representative = std::string(rng_.Pick(kFamily)) + std::string(rng_.Pick(kGiven));
            std::string address = region_.name_ko + " " + district.name_ko + " " + std::string(rng_.Pick(kRoads)) +
                                  " " + std::to_string(rng_.Between(1, 399));
            std::string phone = (region_.code == "26" ? "051-" : "070-") + std::to_string(rng_.Between(200, 899)) +
                                "-" + std::to_string(rng_.Between(1000, 9999));
            if (!core::NormalizeKoreanPhone(phone)) Fail("internal: bad phone " + phone);
            std::string industry(IndustryOf(m.shop_kind));
            if (!industries_.contains(industry)) industry = "other";
            if (!industries_.contains(industry)) Fail("the operator has no industry '" + industry + "'");
            std::string search_text = AsciiLower(name_ko) + "\n" + AsciiLower(name_en) + "\n" + number + "\n" +
                                      core::FormatBusinessNumber(number);

            std::int64_t applied = now_us_ - 400 * kDay + rng_.Between(0, 30 * kDay);
            std::int64_t approved = applied + rng_.Between(kHour, 3 * kDay);
            std::int64_t joined = applied - rng_.Between(kHour, 2 * kDay);
            std::string owner_name = std::string(rng_.Pick(kFamily)) + std::string(rng_.Pick(kGiven));
            users.Add(m.owner, OwnerEmail(j), nullptr, owner_name, hash, std::string_view("active"),
                      joined + 10 * kMinute, joined, joined);
            merchants.Add(m.id, name_ko, name_en, number, representative, industry, district.code, address, phone,
                          std::string_view("approved"), std::int64_t{2}, m.owner, search_text, applied, approved);
            members.Add(m.id, m.owner, std::string_view("owner"), applied);
            changes.Add(rng_.Key(), m.id, std::int64_t{1}, nullptr, std::string_view("applied"), m.owner,
                        std::string_view(), applied);
            changes.Add(rng_.Key(), m.id, std::int64_t{2}, std::string_view("applied"), std::string_view("approved"),
                        admin_, std::string_view(), approved);
            by_kind_[m.shop_kind].push_back(merchants_.size());
            merchants_.push_back(std::move(m));
        }
        // A kind without a merchant of its own (fewer merchants than kinds) borrows one.
        for (std::size_t k = 0; k < kinds.size(); ++k) {
            if (by_kind_[kinds[k]].empty()) by_kind_[kinds[k]].push_back(k % merchants_.size());
        }
        Check(db_.Write([&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY_STATUS(users.Flush(tx));
            JANGTEO_TRY_STATUS(merchants.Flush(tx));
            JANGTEO_TRY_STATUS(members.Flush(tx));
            return changes.Flush(tx);
        }),
              "writing the merchants");
    }

    // Writes `count` products, `batch` to a transaction.
    void MakeProducts(std::int64_t count, std::int64_t batch, std::size_t sample) {
        product_ids_ = SortedKeys(rng_, static_cast<std::size_t>(count));
        // Variants: at most three a product; their ids are handed out in order, too.
        variant_ids_ = SortedKeys(rng_, static_cast<std::size_t>(count) * 3);
        barcode_base_ = rng_.Below(1'000'000'000ull);
        std::size_t stride =
            std::max<std::size_t>(1, static_cast<std::size_t>(count) / std::max<std::size_t>(1, sample));

        BulkInsert products("catalog_products",
                            {"id", "merchant_id", "category_id", "title_ko", "title_en", "description", "brand",
                             "attributes", "vat", "status", "version", "created_at_us", "updated_at_us"});
        BulkInsert variants("catalog_variants", {"id", "product_id", "merchant_id", "sku", "barcode", "options",
                                                 "weight_g", "base_price_won", "position"});
        BulkInsert prices("catalog_variant_prices",
                          {"variant_id", "channel", "min_quantity", "unit_price_won", "product_id"});
        BulkInsert sales("catalog_sale_prices", {"variant_id", "position", "channel", "unit_price_won", "starts_at_us",
                                                 "ends_at_us", "product_id"});
        auto start = Clock::now();
        bool first = true;
        for (std::int64_t i = 0; i < count; ++i) {
            MakeProduct(i, products, variants, prices, sales);
            if (static_cast<std::size_t>(i) % stride == 0 && sampled_.size() < sample) {
                sampled_.push_back(product_ids_[static_cast<std::size_t>(i)]);
            }
            if ((i + 1) % batch == 0 || i + 1 == count) {
                Check(db_.Write([&](store::Tx& tx) -> core::Status {
                    if (first && tx.dialect() == store::Dialect::kSqlite) {
                        // A larger page cache for the load: index pages stay in memory between statements.
                        JANGTEO_TRY_STATUS(tx.ExecScript("PRAGMA cache_size=-262144"));
                    }
                    JANGTEO_TRY_STATUS(products.Flush(tx));
                    JANGTEO_TRY_STATUS(variants.Flush(tx));
                    JANGTEO_TRY_STATUS(prices.Flush(tx));
                    return sales.Flush(tx);
                }),
                      "writing products");
                first = false;
                products.Committed();
                variants.Committed();
                prices.Committed();
                sales.Committed();
                double s = std::chrono::duration<double>(Clock::now() - start).count();
                std::fprintf(stderr, "catalog_gen: %lld/%lld products, %.1f s (%.0f/s)\n",
                             static_cast<long long>(i + 1), static_cast<long long>(count), s,
                             static_cast<double>(i + 1) / std::max(s, 1e-9));
            }
        }
        counts_.products = products.written();
        counts_.variants = variants.written();
        counts_.prices = prices.written();
        counts_.sales = sales.written();
    }

    void Analyze() {
        if (db_.dialect() != store::Dialect::kPostgres) return;
        // What autovacuum would do a minute later, done now so that it does not run during the
        // measurements: statistics for the planner, the visibility map for index-only scans.
        for (std::string_view table :
             {"catalog_products", "catalog_variants", "catalog_variant_prices", "catalog_sale_prices",
              "platform_merchants", "platform_users", "platform_memberships", "platform_merchant_status_changes"}) {
            std::string sql = "VACUUM (ANALYZE) " + std::string(table);
            Check(db_.Read([&](store::Tx& tx) { return tx.ExecScript(sql); }), "vacuum " + std::string(table));
        }
    }

    void WriteIds(const std::string& path) const {
        std::ofstream out(path);
        if (!out) Fail("cannot write " + path);
        for (std::int64_t id : sampled_) out << catalog::ProductId(id).ToString() << '\n';
        // Categories that hold products: leaves by their count, then every category above them.
        std::vector<std::pair<std::int64_t, std::int64_t>> leaves(used_leaves_.begin(), used_leaves_.end());
        std::sort(leaves.begin(), leaves.end(), [](auto a, auto b) { return a.second > b.second; });
        std::set<std::int64_t> parents;
        for (const auto& [leaf, n] : leaves) {
            out << catalog::CategoryId(leaf).ToString() << '\n';
            auto path = tree_->Path(catalog::CategoryId(leaf));
            for (std::size_t i = 0; i + 1 < path.size(); ++i) parents.insert(path[i].key());
        }
        for (std::int64_t p : parents) out << catalog::CategoryId(p).ToString() << '\n';
        std::size_t stride = std::max<std::size_t>(1, merchants_.size() / 100);
        for (std::size_t i = 0; i < merchants_.size(); i += stride) {
            out << platform::MerchantId(merchants_[i].id).ToString() << '\n';
        }
        if (!out.flush()) Fail("cannot write " + path);
    }

    struct Counts {
        std::int64_t products = 0, variants = 0, prices = 0, sales = 0;
    };
    const Counts& counts() const { return counts_; }
    int unknown_leaves() const { return unknown_leaves_; }
    std::size_t leaves() const { return leaves_.size(); }

private:
    const Leaf& PickLeaf() {
        std::int64_t r = rng_.Between(0, cumulative_.back() - 1);
        auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), r);
        return leaves_[static_cast<std::size_t>(it - cumulative_.begin())];
    }

    const Merchant& PickMerchant(const Leaf& leaf) {
        const std::vector<std::size_t>& of = by_kind_.at(leaf.shop_kind);
        // A long tail: a few merchants list many products, most list a few.
        double u = rng_.Unit();
        auto i = static_cast<std::size_t>(static_cast<double>(of.size()) * u * u);
        return merchants_[of[std::min(i, of.size() - 1)]];
    }

    json::value AttributeValue(const catalog::AttributeDef& def, const Made& made) {
        using catalog::AttributeType;
        const std::string& code = def.code;
        switch (def.type) {
            case AttributeType::kText: {
                if (code == "origin") {
                    if (made.origin != nullptr && made.origin->ko != "국내산") {
                        return json::value(std::string("국내산(") + std::string(made.origin->ko) + ")");
                    }
                    if (made.quality.ko.ends_with("산") && made.quality.ko != "국내산")
                        return json::value(made.quality.ko);
                    static const std::vector<std::string_view> kOrigins = {
                        "국내산",     "국내산", "국내산", "국내산(부산)", "국내산(경남)", "국내산(전남)",
                        "노르웨이산", "중국산", "미국산", "호주산",       "베트남산",     "칠레산"};
                    return json::value(rng_.Pick(kOrigins));
                }
                if (code == "colour") return json::value(rng_.Pick(kColours).ko);
                if (code == "material") {
                    static const std::vector<std::string_view> kFashion = {"면 100%", "폴리에스터", "린넨",
                                                                           "울 혼방", "나일론",     "소가죽"};
                    static const std::vector<std::string_view> kMetal = {"SUS304", "SCM435", "탄소강", "황동"};
                    static const std::vector<std::string_view> kHome = {"원목", "MDF", "스틸", "순면", "극세사"};
                    if (made.leaf->root_code == "fashion") return json::value(rng_.Pick(kFashion));
                    if (made.leaf->root_code == "machinery") return json::value(rng_.Pick(kMetal));
                    return json::value(rng_.Pick(kHome));
                }
                if (code == "approval_number") {
                    return json::value("제" + std::to_string(rng_.Between(10, 25)) + "-" +
                                       std::to_string(rng_.Between(100, 9999)) + "호");
                }
                if (code == "kc_cert") {
                    return json::value("CB" + std::to_string(rng_.Between(100, 999)) + "R" +
                                       std::to_string(rng_.Between(1000, 9999)) + "-" +
                                       std::to_string(rng_.Between(1000, 9999)));
                }
                if (code == "trace_number") {
                    std::string t = "0";
                    for (int i = 0; i < 11; ++i) t.push_back(static_cast<char>('0' + rng_.Below(10)));
                    return json::value(t);
                }
                if (code == "ingredients") {
                    return json::value(std::string(made.kind.ko) + " " + std::to_string(rng_.Between(70, 99)) +
                                       "%, 정제소금, 설탕");
                }
                if (code == "isbn") return json::value(Ean13(rng_.Below(1'000'000'000ull), "979"));
                if (code == "publisher") {
                    static const std::vector<std::string_view> kPublishers = {"바다출판사", "부산문화", "산지니",
                                                                              "해성출판", "동백북스"};
                    return json::value(rng_.Pick(kPublishers));
                }
                if (code == "manufacturer") {
                    static const std::vector<std::string_view> kMakers = {"대한정밀", "부산기계", "동아공업",
                                                                          "NSK",      "SKF",      "한일산업"};
                    return json::value(rng_.Pick(kMakers));
                }
                if (code == "spec") return json::value(made.unit_ko.empty() ? std::string("표준") : made.unit_ko);
                if (code == "dimensions") {
                    return json::value(std::to_string(rng_.Between(4, 20) * 10) + "×" +
                                       std::to_string(rng_.Between(3, 9) * 10) + "×" +
                                       std::to_string(rng_.Between(4, 20) * 10));
                }
                if (code == "paper") {
                    static const std::vector<std::string_view> kPapers = {"스노우지 250g", "아트지 150g", "모조지 100g",
                                                                          "랑데뷰 240g"};
                    return json::value(rng_.Pick(kPapers));
                }
                if (code == "age") {
                    static const std::vector<std::string_view> kAges = {"3세 이상", "36개월 이상", "6세 이상",
                                                                        "14세 이상"};
                    return json::value(rng_.Pick(kAges));
                }
                if (code == "variety") {
                    static const std::vector<std::string_view> kVarieties = {"청양", "설향", "대추방울", "적상추",
                                                                             "켄터키블루그래스"};
                    return json::value(rng_.Pick(kVarieties));
                }
                return json::value(made.kind.ko);
            }
            case AttributeType::kInteger: {
                if (code == "sheets") {
                    std::int64_t n = LeadingNumber(made.unit_ko);
                    return json::value(n > 0 ? n : rng_.Pick(std::vector<std::int64_t>{100, 200, 500, 1000}));
                }
                if (code == "harvest_year") return json::value(std::int64_t{2025} + rng_.Between(0, 1));
                if (code == "servings") return json::value(rng_.Between(1, 4) * 30);
                if (code == "warranty_months") return json::value(rng_.Between(1, 3) * 12);
                if (code == "duration") return json::value(rng_.Between(1, 8) * 30);
                return json::value(rng_.Between(1, 12));
            }
            case AttributeType::kDecimal: {
                if (code == "weight") {
                    std::int64_t g = made.grams > 0 ? made.grams : rng_.Between(1, 40) * 100;
                    if (def.unit == "kg") return json::value(static_cast<double>(g) / 1000.0);
                    return json::value(g);
                }
                if (code == "volume") return json::value(rng_.Pick(std::vector<std::int64_t>{50, 100, 150, 300, 500}));
                if (code == "bore") return json::value(rng_.Between(10, 60));
                if (code == "frame_size") return json::value(rng_.Pick(std::vector<std::int64_t>{16, 20, 24, 26}));
                return json::value(static_cast<double>(rng_.Between(10, 999)) / 10.0);
            }
            case AttributeType::kBoolean: return json::value(rng_.Percent(50));
            case AttributeType::kChoice: {
                auto has = [&](std::string_view choice) {
                    return std::any_of(def.choices.begin(), def.choices.end(),
                                       [&](const catalog::AttributeChoice& c) { return c.code == choice; });
                };
                if (code == "storage" && made.quality.ko == "냉동" && has("frozen")) return json::value("frozen");
                if (code == "wild_or_farmed" && made.quality.ko == "자연산" && has("wild")) return json::value("wild");
                if (code == "wild_or_farmed" && made.quality.ko == "양식" && has("farmed"))
                    return json::value("farmed");
                if (code == "cultivation" && made.quality.ko == "유기농" && has("organic"))
                    return json::value("organic");
                if (code == "cultivation" && made.quality.ko == "무농약" && has("pesticide_free")) {
                    return json::value("pesticide_free");
                }
                if (def.choices.empty()) return json::value(nullptr);
                return json::value(rng_.Pick(def.choices).code);
            }
            case AttributeType::kDate: return json::value(Date(now_us_ + rng_.Between(60, 720) * kDay));
        }
        return json::value(nullptr);
    }

    void MakeProduct(std::int64_t seq, BulkInsert& products, BulkInsert& variants, BulkInsert& prices,
                     BulkInsert& sales) {
        const Leaf& leaf = PickLeaf();
        const Merchant& merchant = PickMerchant(leaf);
        const portal::LeafWords& w = leaf.words;
        Made made;
        made.leaf = &leaf;
        made.kind = rng_.Pick(w.kinds);
        made.quality = rng_.Pick(w.qualities);
        const Word* second = nullptr;
        if (w.qualities.size() > 1 && rng_.Percent(20)) {
            second = &rng_.Pick(w.qualities);
            if (second->ko == made.quality.ko) second = nullptr;
        }
        const Word* unit = w.units.empty() ? nullptr : &rng_.Pick(w.units);
        if (unit != nullptr) made.unit_ko = unit->ko;
        if (leaf.food && rng_.Percent(33)) made.origin = &rng_.Pick(portal::FoodOrigins());
        made.grams = unit != nullptr ? ParseGrams(unit->ko) : 0;
        if (w.axis == Axis::kWeight && made.grams == 0)
            made.grams = rng_.Pick(std::vector<std::int64_t>{500, 1000, 2000});

        // Titles: [place] [second word] word(+)kind [unit]: 기장 순살고등어구이 500g / Gijang boneless grilled mackerel
        // 500g.
        std::string ko, en;
        if (made.origin != nullptr) {
            ko.append(made.origin->ko).append(" ");
            en.append(made.origin->en).append(" ");
        }
        if (second != nullptr) {
            ko.append(second->ko).append(" ");
            en.append(second->en).append(" ");
        }
        ko.append(made.quality.ko);
        if (!rng_.Percent(33)) ko.append(" ");  // a third of them joined: 순살고등어구이
        ko.append(made.kind.ko);
        en.append(made.quality.en).append(" ").append(made.kind.en);
        if (unit != nullptr) {
            ko.append(" ").append(unit->ko);
            en.append(" ").append(unit->en);
        }
        if (rng_.Percent(8)) {
            static const std::vector<Word> kTags = {{"(무료배송)", "(free shipping)"},
                                                    {"[당일발송]", "[ships today]"},
                                                    {"선물세트", "gift set"},
                                                    {"(1+1)", "(1+1)"}};
            const Word& tag = rng_.Pick(kTags);
            ko.append(" ").append(tag.ko);
            en.append(" ").append(tag.en);
        }
        if (rng_.Percent(50)) en = Capitalised(std::move(en));
        std::string brand = rng_.Percent(40) ? merchant.brand : std::string();

        // Attributes: every required one, about half of the others.
        json::object attrs;
        for (const auto& ea : leaf.attributes) {
            if (!ea.def->required && !rng_.Percent(50)) continue;
            json::value v = AttributeValue(*ea.def, made);
            if (!v.is_null()) attrs[ea.def->code] = std::move(v);
        }
        auto checked = tree_->ValidateAttributes(leaf.id, json::value(attrs), "attributes");
        if (!checked.ok()) {
            std::string m = "internal: product attributes the catalog refuses in " + leaf.code + ":";
            for (const auto& f : checked.error().fields) m.append(" ").append(f.field).append(" ").append(f.code);
            Fail(m);
        }
        auto title_ko = core::NormalizeText(ko, "title_ko", {.max_code_points = catalog::kMaxTitleCodePoints});
        auto title_en = core::NormalizeText(en, "title_en", {.max_code_points = catalog::kMaxTitleCodePoints});
        if (!title_ko.ok() || *title_ko != ko || !title_en.ok() || *title_en != en || !core::IsPrintableAscii(en)) {
            Fail("internal: a title the catalog refuses: " + ko + " / " + en);
        }

        // A short Markdown description.
        std::string description = "**" + ko + "**\n\n";
        if (made.origin != nullptr) description.append("- 산지: ").append(made.origin->ko).append("\n");
        if (unit != nullptr) description.append("- 구성: ").append(unit->ko).append("\n");
        static const std::vector<std::string_view> kShipping = {"택배 당일발송 (오후 2시 이전 주문)", "택배 1~2일",
                                                                "매장 방문 수령 가능", "부산 지역 직접 배송"};
        description.append("- 배송: ").append(rng_.Pick(kShipping)).append("\n\n").append(Capitalised(en)).append(".");
        auto checked_description = core::NormalizeText(
            description, "description",
            {.max_code_points = catalog::kMaxDescriptionCodePoints, .required = false, .multi_line = true});
        auto checked_brand = core::NormalizeText(brand, "brand", {.max_code_points = 100, .required = false});
        if (!checked_description.ok() || *checked_description != description || !checked_brand.ok() ||
            *checked_brand != brand) {
            Fail("internal: a description or brand the catalog refuses: " + description);
        }

        const std::int64_t id = product_ids_[static_cast<std::size_t>(seq)];
        const std::int64_t created = now_us_ - rng_.Between(kHour, 365 * kDay);
        const std::int64_t updated = std::min(now_us_ - kMinute, created + rng_.Between(kMinute, 30 * kDay));
        const std::int64_t version = 2 + (rng_.Percent(30) ? rng_.Between(1, 5) : 0);  // created, activated, edits
        products.Add(id, merchant.id, leaf.id.key(), std::move(ko), std::move(en), std::move(description),
                     std::move(brand), core::ToJson(json::value(std::move(*checked))),
                     std::string_view(leaf.exempt ? "exempt" : "taxable"), std::string_view("active"), version, created,
                     updated);
        used_leaves_[leaf.id.key()]++;

        // Variants.
        int r = static_cast<int>(rng_.Below(100));
        int count = w.axis == Axis::kSession ? (r < 80 ? 1 : 2) : r < 50 ? 1 : r < 80 ? 2 : 3;
        const double base = static_cast<double>(w.min_won) *
                            std::pow(static_cast<double>(w.max_won) / static_cast<double>(w.min_won), rng_.Unit());
        const Word& colour = rng_.Pick(kColours);
        std::size_t ladder = rng_.Below(3);  // where a product's sizes start
        for (int v = 0; v < count; ++v) {
            json::object options;
            std::optional<std::int64_t> weight;
            double factor = 1.0 + 0.85 * v;  // the second is a bit less than twice the first
            bool plain = count == 1 && rng_.Percent(40);
            switch (w.axis) {
                case Axis::kWeight: {
                    std::int64_t g = made.grams * (v + 1);
                    weight = g + 50;
                    if (!plain) options["weight"] = Grams(g);
                    break;
                }
                case Axis::kCount: {
                    static const std::vector<std::string_view> kPacks = {"1개", "2개 세트", "3개 세트"};
                    if (!plain) options["pack"] = kPacks[static_cast<std::size_t>(v)];
                    break;
                }
                case Axis::kClothes: {
                    static const std::vector<std::string_view> kSizes = {"S", "M", "L", "XL", "XXL"};
                    options["size"] = kSizes[ladder + static_cast<std::size_t>(v)];
                    options["colour"] = colour.ko;
                    factor = 1.0;
                    break;
                }
                case Axis::kKids: {
                    static const std::vector<std::string_view> kSizes = {"100", "110", "120", "130", "140"};
                    options["size"] = kSizes[ladder + static_cast<std::size_t>(v)];
                    factor = 1.0 + 0.05 * v;
                    break;
                }
                case Axis::kShoes: {
                    options["size"] = std::to_string(240 + 10 * static_cast<int>(ladder) + 10 * v);
                    factor = 1.0;
                    break;
                }
                case Axis::kVolume: {
                    static const std::vector<std::string_view> kVolumes = {"50ml", "100ml", "200ml"};
                    if (!plain) options["volume"] = kVolumes[static_cast<std::size_t>(v)];
                    break;
                }
                case Axis::kSheets: {
                    static const std::vector<std::string_view> kSheets = {"200매", "500매", "1000매"};
                    options["quantity"] = kSheets[static_cast<std::size_t>(v)];
                    factor = 1.0 + 0.6 * v;
                    break;
                }
                case Axis::kColour: {
                    options["colour"] = kColours[(ladder * 3 + static_cast<std::size_t>(v)) % kColours.size()].ko;
                    factor = 1.0;
                    break;
                }
                case Axis::kSpec: {
                    if (!w.units.empty()) {
                        options["spec"] = w.units[(ladder + static_cast<std::size_t>(v)) % w.units.size()].ko;
                    }
                    factor = 1.0 + 0.3 * v;
                    break;
                }
                case Axis::kSession: {
                    static const std::vector<std::string_view> kSessions = {"1회", "2회", "3회"};
                    if (!plain) options["session"] = kSessions[static_cast<std::size_t>(v)];
                    break;
                }
            }
            if (!weight && leaf.goods && rng_.Percent(30)) weight = rng_.Between(1, 200) * 100;
            const std::int64_t price = Won(base * factor, rng_);
            const std::int64_t variant = variant_ids_[next_variant_++];
            char number[32];
            std::snprintf(number, sizeof number, "-%07lld-%d", static_cast<long long>(seq + 1), v + 1);
            std::string sku = leaf.sku_prefix + number;  // FIS-0000042-1: unique in the catalog, so in the merchant
            store::Value barcode = nullptr;
            if (leaf.goods && rng_.Percent(60)) {
                std::string code = Ean13(barcode_base_ + next_barcode_++);
                if (!core::GtinCheckDigitOk(code)) Fail("internal: bad barcode " + code);
                barcode = std::move(code);
            }
            variants.Add(variant, id, merchant.id, std::move(sku), std::move(barcode),
                         core::ToJson(json::value(std::move(options))),
                         weight ? store::Value(*weight) : store::Value(nullptr), price, std::int64_t{v});

            // Channel prices, business tiers and sales.
            auto d = static_cast<double>(price);
            if (rng_.Percent(25))
                prices.Add(variant, std::string_view("online"), std::int64_t{1}, Won(d * 0.95, rng_), id);
            if (rng_.Percent(10))
                prices.Add(variant, std::string_view("shop"), std::int64_t{1}, Won(d * 0.97, rng_), id);
            if (rng_.Percent(leaf.b2b ? 40 : 8)) {
                prices.Add(variant, std::string_view("business"), std::int64_t{1}, Won(d * 0.9, rng_), id);
                if (leaf.b2b && rng_.Percent(60)) {
                    prices.Add(variant, std::string_view("business"), std::int64_t{10}, Won(d * 0.85, rng_), id);
                    prices.Add(variant, std::string_view("business"), std::int64_t{100}, Won(d * 0.75, rng_), id);
                }
            }
            if (rng_.Percent(12)) {
                std::int64_t position = 0;
                if (rng_.Percent(20)) {  // an earlier sale, over
                    std::int64_t ends = now_us_ - rng_.Between(20, 60) * kDay;
                    sales.Add(variant, position++, nullptr, Won(d * 0.85, rng_), ends - 7 * kDay, ends, id);
                }
                int when = static_cast<int>(rng_.Below(10));
                std::int64_t starts = 0, ends = 0;
                if (when < 6) {  // running now
                    starts = now_us_ - rng_.Between(kHour, 14 * kDay);
                    ends = now_us_ + rng_.Between(3 * kDay, 30 * kDay);
                } else if (when < 8) {  // over
                    ends = now_us_ - rng_.Between(kDay, 19 * kDay);
                    starts = ends - rng_.Between(kDay, 14 * kDay);
                } else {  // to come
                    starts = now_us_ + rng_.Between(kDay, 10 * kDay);
                    ends = starts + rng_.Between(3 * kDay, 14 * kDay);
                }
                store::Value channel =
                    rng_.Percent(70) ? store::Value(nullptr) : store::Value(std::string_view("online"));
                sales.Add(variant, position, std::move(channel), Won(d * (0.7 + 0.2 * rng_.Unit()), rng_), starts, ends,
                          id);
            }
        }
    }

    store::Db& db_;
    const platform::Region& region_;
    std::uint64_t seed_;
    std::int64_t now_us_;
    Rng rng_;
    std::shared_ptr<const catalog::CategoryTree> tree_;
    std::vector<Leaf> leaves_;
    std::vector<std::int64_t> cumulative_;
    int unknown_leaves_ = 0;
    std::int64_t admin_ = 0;
    std::unordered_set<std::string> industries_;
    std::unordered_set<std::string> business_numbers_;
    std::vector<Merchant> merchants_;
    std::map<std::string, std::vector<std::size_t>> by_kind_;
    std::vector<std::int64_t> product_ids_;
    std::vector<std::int64_t> variant_ids_;
    std::size_t next_variant_ = 0;
    std::uint64_t barcode_base_ = 0;
    std::uint64_t next_barcode_ = 0;
    std::vector<std::int64_t> sampled_;
    std::map<std::int64_t, std::int64_t> used_leaves_;
    Counts counts_;
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{
        "Writes a synthetic portal catalog into a Jangteo database made by `jangteo migrate` and "
        "`jangteo seed --demo`",
        "catalog_gen"};
    std::string database, ids_out, region_file;
    std::int64_t products = 0, merchants = -1, batch = 50'000;
    std::uint64_t seed = 20261123;
    std::size_t sample = 10'000;
    cli.add_option("--database,--db", database,
                   "the database, as the server's `db` setting: a SQLite file path, sqlite:///abs/path.db or "
                   "postgresql://user@host/db")
        ->required();
    cli.add_option("--products", products, "active products to add")->required()->check(CLI::Range(1, 50'000'000));
    cli.add_option("--merchants", merchants, "approved merchants to add (default: products / 200, at least 1)");
    cli.add_option("--seed", seed, "the seed: the same seed makes the same catalog")->capture_default_str();
    cli.add_option("--ids-out", ids_out, "write sampled product ids, category ids and merchant ids here, one a line");
    cli.add_option("--sample", sample, "product ids to write to --ids-out")->capture_default_str();
    cli.add_option("--batch", batch, "products per transaction")
        ->capture_default_str()
        ->check(CLI::Range(1, 10'000'000));
    cli.add_option("--region-file", region_file, "the server's region_file setting, if it has one (default: Busan)");
    CLI11_PARSE(cli, argc, argv);
    if (merchants < 0) merchants = std::max<std::int64_t>(1, products / 200);
    if (merchants < 1) Fail("--merchants must be at least 1");

    auto started = Clock::now();
    platform::Region region = platform::BusanRegion();
    if (!region_file.empty()) region = Take(platform::LoadRegion(region_file), "reading the region file");
    store::DbOptions options;
    options.pool_size = 2;
    options.sqlite_synchronous_full = false;
    options.acquire_timeout_ms = 60'000;
    std::unique_ptr<store::Db> db = Take(store::Open(database, options), "opening the database");

    const std::int64_t now_us = core::ToUnixMicros(core::SystemClock().Now());
    Generator gen(*db, region, seed, now_us);
    gen.LoadTree();
    gen.LoadPlatform();
    gen.MakeMerchants(merchants);
    gen.MakeProducts(products, batch, sample);
    double load_s = std::chrono::duration<double>(Clock::now() - started).count();
    gen.Analyze();
    if (!ids_out.empty()) gen.WriteIds(ids_out);
    db->Close();
    double total_s = std::chrono::duration<double>(Clock::now() - started).count();
    const auto& c = gen.counts();
    std::printf(
        "catalog_gen: %lld products (%lld variants, %lld channel prices and tiers, %lld sale prices) of %lld "
        "merchants in %zu leaf categories into %s\n",
        static_cast<long long>(c.products), static_cast<long long>(c.variants), static_cast<long long>(c.prices),
        static_cast<long long>(c.sales), static_cast<long long>(merchants), gen.leaves(), db->Describe().c_str());
    std::printf("catalog_gen: loaded in %.1f s (%.0f products/s), %.1f s in all\n", load_s,
                static_cast<double>(c.products) / load_s, total_s);
    std::printf("catalog_gen: owners sign in as owner-%llu-<n>@bench.example.kr with the password '%s'\n",
                static_cast<unsigned long long>(seed), std::string(kOwnerPassword).c_str());
    if (gen.unknown_leaves() > 0) {
        std::printf("catalog_gen: %d leaf categories had no word lists: their titles use the category's names\n",
                    gen.unknown_leaves());
    }
    return 0;
}

// The demo's products on every backend: each approved merchant of the demo region gets 3 to 12
// products of its trade, filed under the demo tree with every attribute the category requires, valid
// as ProductService checks real input (read back and checked again), with SKUs, EAN-13 barcodes,
// prices in 100-won steps, online prices, business tiers and sales around the demo's present, mostly
// active with a few drafts and one or two archived per merchant, most with a PNG picture stored by
// its hash. A second seeding adds nothing, merchants' own products are left alone, a tree without
// the demo's categories gets none, and the same seed makes the same rows and files.
#include "catalog/demo_products.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <variant>

#include "backend_fixture.hpp"
#include "catalog/category.hpp"
#include "catalog/demo_categories.hpp"
#include "catalog/media.hpp"
#include "catalog/product.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/validate.hpp"
#include "platform/demo_seed.hpp"
#include "platform/merchant.hpp"
#include "platform/operator.hpp"
#include "platform/region.hpp"
#include "store/migration.hpp"

namespace jangteo::store_test {
namespace {

using catalog::DemoProductsSummary;
using catalog::Product;
using catalog::ProductStatus;
namespace json = core::json;

const platform::WeakParamsForTests kFast{{1, 8 * 1024}};
// A seeding is a few thousand statements in a few transactions; durability is not what this is about.
const store::DbOptions kOptions{.sqlite_synchronous_full = false};
const core::TimePoint kNow = core::FromUnixMicros(catalog::kDemoProductsNowUs);

void Migrate(store::Db& db) {
    std::vector<store::Migration> all;
    for (const auto& m : platform::SchemaMigrations()) all.push_back(m);
    for (const auto& m : catalog::SchemaMigrations()) all.push_back(m);
    auto applied = store::Migrator(db, all).Migrate();
    ASSERT_TRUE(applied.ok()) << applied.error().message;
}

// The rows the products' seeding writes, in key order, as text.
std::string Digest(store::Db& db) {
    static constexpr store::Sql kTables[] = {
        {"test.digest_products",
         "SELECT id, merchant_id, category_id, title_ko, title_en, description, brand, attributes, vat, status,"
         " version, created_at_us, updated_at_us FROM catalog_products ORDER BY id"},
        {"test.digest_variants",
         "SELECT id, product_id, merchant_id, sku, barcode, options, weight_g, base_price_won, position"
         " FROM catalog_variants ORDER BY id"},
        {"test.digest_variant_prices",
         "SELECT variant_id, channel, min_quantity, unit_price_won FROM catalog_variant_prices"
         " ORDER BY variant_id, channel, min_quantity"},
        {"test.digest_sale_prices",
         "SELECT variant_id, position, channel, unit_price_won, starts_at_us, ends_at_us FROM catalog_sale_prices"
         " ORDER BY variant_id, position"},
        {"test.digest_images",
         "SELECT merchant_id, hash, media_type, width, height, bytes, created_at_us FROM catalog_images"
         " ORDER BY merchant_id, hash"},
        {"test.digest_product_images",
         "SELECT product_id, position, hash, media_type, width, height, alt FROM catalog_product_images"
         " ORDER BY product_id, position"},
        {"test.digest_changes", "SELECT product_id, merchant_id, changed_at_us FROM catalog_changes ORDER BY seq"},
    };
    std::string out;
    for (const store::Sql& sql : kTables) {
        auto rows = db.Read([&](store::Tx& tx) { return tx.Query(sql); });
        EXPECT_TRUE(rows.ok()) << sql.name << ": " << rows.error().message;
        if (!rows.ok()) return {};
        out.append(sql.name).push_back('\n');
        for (std::size_t r = 0; r < rows->size(); ++r) {
            for (std::size_t c = 0; c < rows->columns().size(); ++c) {
                const store::Value& v = (*rows)[r].Get(c);
                if (std::holds_alternative<std::nullptr_t>(v)) {
                    out.append("NULL");
                } else if (auto* i = std::get_if<std::int64_t>(&v)) {
                    out.append(std::to_string(*i));
                } else {
                    out.append((*rows)[r].TextView(c));
                }
                out.push_back('|');
            }
            out.push_back('\n');
        }
    }
    return out;
}

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every file under `dir` by its name, with its bytes.
std::map<std::string, std::string> Files(const std::filesystem::path& dir) {
    std::map<std::string, std::string> out;
    if (!std::filesystem::exists(dir)) return out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        if (e.is_regular_file()) out[e.path().filename().string()] = ReadFile(e.path());
    }
    return out;
}

// A product as the input that would make it again (for ProductService::Check).
catalog::ProductInput InputOf(const Product& p) {
    catalog::ProductInput in{.category = p.category,
                             .title_ko = p.title_ko,
                             .title_en = p.title_en,
                             .description = p.description,
                             .brand = p.brand,
                             .attributes = p.attributes,
                             .vat = p.vat};
    for (const auto& i : p.images) in.images.push_back({.hash = i.hash, .alt = i.alt});
    for (const auto& v : p.variants) {
        in.variants.push_back({.sku = v.sku,
                               .barcode = v.barcode.value_or(""),
                               .options = v.options,
                               .weight_grams = v.weight_grams,
                               .base_price_won = v.pricing.base.won(),
                               .channel_prices = v.pricing.channel_prices,
                               .tiers = v.pricing.tiers,
                               .sales = v.pricing.sales});
    }
    return in;
}

class DemoProductsTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        Reopen(kOptions);
        Migrate(db());
    }

    // The demo region and its category tree (or `with_tree` false: none), as `jangteo seed --demo`
    // makes them before the products.
    void SeedRegion(store::Db& db, std::uint64_t seed = platform::kDefaultDemoSeed, bool with_tree = true) {
        platform::DemoSeeder seeder(db, platform::BusanRegion(), hasher_);
        auto region = seeder.Seed(seed);
        ASSERT_TRUE(region.ok()) << region.error().message;
        ASSERT_TRUE(region->seeded);
        approved_ = region->approved;
        admin_ = region->admin.id;
        if (!with_tree) return;
        auto tree = catalog::SeedDemoCategories(db, region->admin.id, seed);
        ASSERT_TRUE(tree.ok()) << tree.error().message;
        ASSERT_TRUE(tree->seeded);
    }

    DemoProductsSummary MustSeedProducts(store::Db& db, const std::filesystem::path& media,
                                         std::uint64_t seed = platform::kDefaultDemoSeed) {
        auto made = catalog::SeedDemoProducts(db, platform::BusanRegion(), {.media_dir = media.string()}, seed);
        EXPECT_TRUE(made.ok()) << made.error().reason << ": " << made.error().message;
        return made.ok() ? *made : DemoProductsSummary{};
    }

    // Another fresh, migrated database on the same backend as db().
    std::unique_ptr<store::Db> FreshDatabase() {
        std::string url = "sqlite::memory:";
        if (GetParam() == Backend::kSqliteFile) {
            auto& dir = dirs_.emplace_back(std::make_unique<testing::TempDir>());
            url = "sqlite://" + (dir->path() / "other.db").string();
        } else if (GetParam() == Backend::kPostgres) {
            std::string why;
            auto& pg = pgs_.emplace_back(testing::FreshPgDatabase::Create(&why));
            EXPECT_NE(pg, nullptr) << why;
            if (!pg) return nullptr;
            url = pg->url();
        }
        auto db = store::Open(url, kOptions);
        EXPECT_TRUE(db.ok()) << url << ": " << db.error().message;
        if (!db.ok()) return nullptr;
        Migrate(**db);
        return std::move(*db);
    }

    std::int64_t Products(std::string_view status) {
        return QueryInt("SELECT count(*) FROM catalog_products WHERE status = $1", {status});
    }

    platform::PasswordHasher hasher_{kFast};
    core::ManualClock clock_{core::FromUnixMicros(1'796'000'000'000'000)};
    core::SeededRandom random_{11};
    testing::TempDir media_;
    int approved_ = 0;
    platform::UserId admin_;

private:
    std::vector<std::unique_ptr<testing::TempDir>> dirs_;
    std::vector<std::unique_ptr<testing::FreshPgDatabase>> pgs_;
};
JANGTEO_STORE_BACKENDS(DemoProductsTest, AllBackends());

TEST_P(DemoProductsTest, EveryApprovedMerchantSellsItsTrade) {
    SeedRegion(db());
    ASSERT_FALSE(HasFatalFailure());
    const DemoProductsSummary made = MustSeedProducts(db(), media_.path());
    ASSERT_TRUE(made.seeded);
    EXPECT_EQ(made.existing, 0);
    EXPECT_EQ(made.skipped, 0);
    EXPECT_EQ(made.dropped_attributes, 0) << "a template's attribute does not fit the demo tree";

    // The counts: every approved merchant, 3 to 12 products each, about a thousand in all.
    EXPECT_EQ(made.merchants, approved_);
    EXPECT_EQ(QueryInt("SELECT count(DISTINCT merchant_id) FROM catalog_products"), approved_);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM catalog_products p JOIN platform_merchants m ON m.id = p.merchant_id"
                       " WHERE m.status <> 'approved'"),
              0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM catalog_products"), made.products);
    EXPECT_GE(made.products, 900);
    EXPECT_LE(made.products, 1600);
    EXPECT_EQ(QueryInt("SELECT min(n) FROM (SELECT count(*) AS n FROM catalog_products GROUP BY merchant_id) c"), 3);
    EXPECT_LE(QueryInt("SELECT max(n) FROM (SELECT count(*) AS n FROM catalog_products GROUP BY merchant_id) c"), 12);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM catalog_variants"), made.variants);

    // Most on sale, a few drafts, one or two archived at every merchant, and some left active.
    EXPECT_EQ(Products("active"), made.active);
    EXPECT_EQ(Products("draft"), made.draft);
    EXPECT_EQ(Products("archived"), made.archived);
    EXPECT_GT(made.active, made.products * 6 / 10);
    EXPECT_GT(made.draft, 0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM (SELECT merchant_id, sum(CASE WHEN status = 'archived' THEN 1 ELSE 0 END)"
                       " AS a, sum(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS n FROM catalog_products"
                       " GROUP BY merchant_id) c WHERE a < 1 OR a > 2 OR n < 1"),
              0);

    // Pictures on most, sales on about one in seven, tiers, barcodes, exempt and taxable goods.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM catalog_product_images WHERE position = 0"), made.with_images);
    EXPECT_GT(made.with_images, made.products * 3 / 4);
    EXPECT_LT(made.with_images, made.products);
    EXPECT_GT(made.images, 0);
    EXPECT_GT(made.on_sale, 0);
    EXPECT_GT(made.sale_soon, 0);
    EXPECT_GT(made.on_sale + made.sale_soon, made.products / 12);
    EXPECT_LT(made.on_sale + made.sale_soon, made.products / 4);
    EXPECT_GT(made.with_tiers, 0);
    EXPECT_GT(made.with_barcode, 0);
    EXPECT_GT(QueryInt("SELECT count(*) FROM catalog_products WHERE vat = 'exempt'"), 0);
    EXPECT_GT(QueryInt("SELECT count(*) FROM catalog_variant_prices WHERE channel = 'online'"), 0);

    // The trades show: fish at the fishmongers, business cards at the printers, beans at the cafés.
    auto sells = [&](std::string_view industry, std::string_view category) {
        return QueryInt(
            "SELECT count(*) FROM catalog_products p JOIN platform_merchants m ON m.id = p.merchant_id"
            " JOIN catalog_categories c ON c.id = p.category_id WHERE m.industry_code = $1 AND c.code LIKE $2",
            {industry, category});
    };
    EXPECT_GT(sells("seafood", "food_seafood%"), 0);
    EXPECT_GT(sells("printing_advertising", "printing%"), 0);
    EXPECT_GT(sells("cafe_bakery", "food_%"), 0);
    EXPECT_GT(sells("flowers_garden", "farming_%"), 0);
    EXPECT_EQ(sells("seafood", "fashion%"), 0);
    EXPECT_GT(QueryInt("SELECT count(*) FROM catalog_products WHERE title_ko = '손질 고등어'"), 0);

    // Every product, read back as the back office would, passes the checks real input meets, and
    // carries every attribute its category requires.
    catalog::CategoryService categories(db(), clock_, random_);
    catalog::ProductService products(db(), clock_, random_, categories);
    auto tree = categories.Tree();
    ASSERT_TRUE(tree.ok());
    constexpr store::Sql kAll{"test.all_products",
                              "SELECT id, merchant_id FROM catalog_products ORDER BY merchant_id, created_at_us"};
    auto rows = db().Read([&](store::Tx& tx) { return tx.Query(kAll); });
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(static_cast<int>(rows->size()), made.products);
    std::map<std::int64_t, core::TimePoint> approved_at;
    platform::MerchantService merchants(db(), clock_, random_, platform::BusanRegion());
    std::set<std::string> hashes;
    int running = 0, soon = 0, exempt = 0;
    for (std::size_t i = 0; i < rows->size(); ++i) {
        const platform::MerchantId merchant((*rows)[i].Int(1));
        auto got = products.Get(merchant, catalog::ProductId((*rows)[i].Int(0)));
        ASSERT_TRUE(got.ok()) << got.error().message;
        const Product& p = *got;
        SCOPED_TRACE(p.title_ko + " (" + p.id.ToString() + ")");
        auto checked = products.Check(**tree, InputOf(p));
        EXPECT_TRUE(checked.ok()) << checked.error().message << " "
                                  << (checked.ok() || checked.error().fields.empty()
                                          ? ""
                                          : checked.error().fields[0].field + ": " + checked.error().fields[0].code);
        for (const auto& a : (*tree)->Attributes(p.category)) {
            if (a.def->required) {
                EXPECT_TRUE(p.attributes.contains(a.def->code)) << a.def->code;
            }
        }
        const std::string& category = (*tree)->Find(p.category)->code;
        if (category.starts_with("food")) {
            EXPECT_TRUE(p.attributes.contains("origin"));
        }
        EXPECT_FALSE(p.title_en.empty());
        EXPECT_NE(p.description.find("## "), std::string::npos);
        EXPECT_NE(p.description.find("\n- "), std::string::npos);
        EXPECT_NE(p.description.find("**"), std::string::npos);
        if (p.vat == catalog::VatMode::kExempt) {
            ++exempt;
            EXPECT_TRUE(category.starts_with("food_seafood") || category.starts_with("food_agri") ||
                        category.starts_with("food_meat") || category == "books_books")
                << category;
        }
        if (category.starts_with("food_agri") || category.starts_with("food_meat")) {
            EXPECT_EQ(p.vat, catalog::VatMode::kExempt) << category;
        }

        // Listed after the merchant's approval, before the demo's present.
        if (!approved_at.contains(merchant.key())) {
            auto m = merchants.Get(merchant);
            ASSERT_TRUE(m.ok());
            approved_at[merchant.key()] = m->merchant.updated_at;
        }
        EXPECT_GT(p.created_at, approved_at[merchant.key()]);
        EXPECT_LT(p.updated_at, kNow);
        EXPECT_GE(p.updated_at, p.created_at);

        ASSERT_GE(p.variants.size(), 1u);
        EXPECT_LE(p.variants.size(), 4u);
        bool sale_now = false, sale_soon = false;
        for (const auto& v : p.variants) {
            const std::int64_t base = v.pricing.base.won();
            EXPECT_GT(base, 0);
            EXPECT_EQ(base % 100, 0) << v.sku;
            if (v.barcode) {
                EXPECT_EQ(v.barcode->size(), 13u);
                EXPECT_TRUE(v.barcode->starts_with("880")) << *v.barcode;
                EXPECT_TRUE(core::GtinCheckDigitOk(*v.barcode)) << *v.barcode;
            }
            for (const auto& c : v.pricing.channel_prices) {
                EXPECT_LT(c.unit.won(), base);
                EXPECT_EQ(c.unit.won() % 100, 0);
            }
            for (const auto& t : v.pricing.tiers) {
                EXPECT_LT(t.unit.won(), base);
                EXPECT_EQ(t.unit.won() % 100, 0);
            }
            for (const auto& s : v.pricing.sales) {
                EXPECT_LT(s.unit.won(), base);
                EXPECT_EQ(s.unit.won() % 100, 0);
                EXPECT_LT(s.starts, s.ends);
                if (s.starts <= kNow && kNow < s.ends) sale_now = true;
                if (s.starts > kNow) sale_soon = true;
                EXPECT_TRUE(s.ends > kNow) << "a sale that is over already";
            }
        }
        running += sale_now ? 1 : 0;
        soon += sale_soon ? 1 : 0;

        // The main picture: a 240×240 PNG stored under its hash, as the upload read it.
        if (p.images.empty()) continue;
        const catalog::ProductImage& image = p.images.front();
        EXPECT_EQ(image.media_type, "image/png");
        EXPECT_EQ(image.width, 240);
        EXPECT_EQ(image.height, 240);
        EXPECT_EQ(image.alt, p.title_ko);
        if (hashes.insert(image.hash).second) {
            const std::string bytes = ReadFile(media_.path() / image.hash.substr(0, 2) / (image.hash + ".png"));
            auto info = catalog::SniffImage(bytes);
            ASSERT_TRUE(info.ok()) << image.hash << ": " << info.error().message;
            EXPECT_EQ(info->type, catalog::ImageType::kPng);
            EXPECT_EQ(catalog::Sha256Hex(bytes), image.hash);
        }
    }
    EXPECT_EQ(running, made.on_sale);
    EXPECT_EQ(soon, made.sale_soon);
    EXPECT_EQ(exempt, QueryInt("SELECT count(*) FROM catalog_products WHERE vat = 'exempt'"));
    // The pictures vary: several shades per category, each file once.
    EXPECT_GT(hashes.size(), 40u);
    EXPECT_EQ(Files(media_.path()).size(), hashes.size());
}

TEST_P(DemoProductsTest, ASecondSeedingAddsNothing) {
    SeedRegion(db());
    ASSERT_FALSE(HasFatalFailure());
    const DemoProductsSummary first = MustSeedProducts(db(), media_.path());
    ASSERT_TRUE(first.seeded);
    const std::string before = Digest(db());
    const auto files = Files(media_.path());
    const DemoProductsSummary second = MustSeedProducts(db(), media_.path());
    EXPECT_FALSE(second.seeded);
    EXPECT_EQ(second.existing, first.products);
    EXPECT_EQ(second.products, 0);
    EXPECT_TRUE(Digest(db()) == before);
    EXPECT_TRUE(Files(media_.path()) == files);
    EXPECT_FALSE(MustSeedProducts(db(), media_.path(), 7).seeded);
    EXPECT_TRUE(Digest(db()) == before);
}

TEST_P(DemoProductsTest, AMerchantsOwnProductsAreLeftAlone) {
    SeedRegion(db());
    ASSERT_FALSE(HasFatalFailure());
    platform::MerchantService merchants(db(), clock_, random_, platform::BusanRegion());
    auto approved = merchants.List({.status = platform::MerchantStatus::kApproved, .limit = 1});
    ASSERT_TRUE(approved.ok());
    ASSERT_EQ(approved->items.size(), 1u);
    catalog::CategoryService categories(db(), clock_, random_);
    catalog::ProductService products(db(), clock_, random_, categories);
    auto tree = categories.Tree();
    ASSERT_TRUE(tree.ok());
    auto own = products.Create(approved->items[0].id, {.category = (*tree)->FindByCode("books_stationery")->id,
                                                       .title_ko = "가게 노트",
                                                       .variants = {{.sku = "OWN-1", .base_price_won = 3'000}}});
    ASSERT_TRUE(own.ok()) << own.error().message;
    const std::string before = Digest(db());
    const DemoProductsSummary made = MustSeedProducts(db(), media_.path());
    EXPECT_FALSE(made.seeded);
    EXPECT_EQ(made.existing, 1);
    EXPECT_TRUE(Digest(db()) == before);
    EXPECT_TRUE(Files(media_.path()).empty());
}

TEST_P(DemoProductsTest, ATreeWithoutTheDemosCategoriesGetsNone) {
    SeedRegion(db(), platform::kDefaultDemoSeed, /*with_tree=*/false);
    ASSERT_FALSE(HasFatalFailure());
    catalog::CategoryService categories(db(), clock_, random_);
    auto own = categories.Create({.code = "groceries", .name_ko = "장보기", .name_en = "Groceries"}, admin_, "cli");
    ASSERT_TRUE(own.ok()) << own.error().message;
    const DemoProductsSummary made = MustSeedProducts(db(), media_.path());
    EXPECT_TRUE(made.seeded);
    EXPECT_EQ(made.products, 0);
    EXPECT_GT(made.skipped, 900);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM catalog_products"), 0);
    EXPECT_TRUE(Files(media_.path()).empty());
}

TEST_P(DemoProductsTest, SameSeedSameProductsOtherSeedOthers) {
    SeedRegion(db());
    ASSERT_FALSE(HasFatalFailure());
    MustSeedProducts(db(), media_.path());
    const std::string digest = Digest(db());
    ASSERT_GT(digest.size(), 100'000u);
    const auto files = Files(media_.path());

    auto again = FreshDatabase();
    ASSERT_NE(again, nullptr);
    SeedRegion(*again);
    ASSERT_FALSE(HasFatalFailure());
    testing::TempDir again_media;
    MustSeedProducts(*again, again_media.path());
    EXPECT_TRUE(Digest(*again) == digest) << "the same seed made other rows";
    EXPECT_TRUE(Files(again_media.path()) == files) << "the same seed made other pictures";

    auto other = FreshDatabase();
    ASSERT_NE(other, nullptr);
    SeedRegion(*other, 7);
    ASSERT_FALSE(HasFatalFailure());
    testing::TempDir other_media;
    const DemoProductsSummary made = MustSeedProducts(*other, other_media.path(), 7);
    EXPECT_TRUE(made.seeded);
    EXPECT_GT(made.products, 0);
    EXPECT_FALSE(Digest(*other) == digest);
}

}  // namespace
}  // namespace jangteo::store_test

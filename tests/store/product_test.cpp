// Products on every backend: a draft with variants and prices, read back whole; every field problem
// answered at once with nothing written; SKUs unique per merchant; another merchant sees nothing;
// updates keep the variant ids of kept SKUs and refuse a stale version; the status lifecycle; and
// the price a buyer pays, read from the store.
#include "catalog/product.hpp"

#include <gtest/gtest.h>

#include "backend_fixture.hpp"
#include "platform/merchant.hpp"
#include "platform/operator.hpp"
#include "platform/region.hpp"
#include "platform/user.hpp"

namespace jangteo::store_test {
namespace {

using catalog::ProductInput;
using catalog::ProductStatus;
using catalog::SalesChannel;
using catalog::VariantInput;
using core::ErrorCode;
using core::Money;
using namespace std::chrono_literals;
namespace json = core::json;

const platform::WeakParamsForTests kFast{{1, 8 * 1024}};

std::vector<std::pair<std::string, std::string>> FieldsOf(const core::Error& e) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : e.fields) out.emplace_back(f.field, f.code);
    return out;
}

class ProductTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        std::vector<store::Migration> all;
        for (const auto& m : platform::SchemaMigrations()) all.push_back(m);
        for (const auto& m : catalog::SchemaMigrations()) all.push_back(m);
        auto applied = store::Migrator(db(), all).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        platform::UserService users(db(), clock_, random_, hasher_);
        auto owner = users.SignUp({"owner@example.kr", std::nullopt, "김사장", "바다가보이는부산항구"});
        ASSERT_TRUE(owner.ok());
        platform::MerchantService merchants(db(), clock_, random_, platform::BusanRegion());
        auto a = merchants.Apply(owner->id, Shop("2208162517"), "");
        auto b = merchants.Apply(owner->id, Shop("1234567891"), "");
        ASSERT_TRUE(a.ok() && b.ok()) << (a.ok() ? b.error().message : a.error().message);
        shop_ = a->id;
        other_ = b->id;
        categories_.emplace(db(), clock_, random_);
        auto food = categories_->Create({.code = "food", .name_ko = "식품", .name_en = "Food"}, owner->id, "");
        ASSERT_TRUE(food.ok());
        ASSERT_TRUE(categories_
                        ->SetAttributes(
                            food->id, {{.code = "origin", .name_ko = "원산지", .name_en = "Origin", .required = true}},
                            owner->id, "")
                        .ok());
        auto fish = categories_->Create({.parent = food->id, .code = "fish", .name_ko = "생선", .name_en = "Fish"},
                                        owner->id, "");
        ASSERT_TRUE(fish.ok());
        fish_ = fish->id;
        products_.emplace(db(), clock_, random_, *categories_);
    }

    static platform::MerchantInput Shop(const std::string& number) {
        return {.name_ko = "자갈치 고등어",
                .business_number = number,
                .representative = "김사장",
                .industry_code = "seafood",
                .district_code = "26110",
                .address = "부산광역시 중구 자갈치해안로 52",
                .phone = "051-245-2594"};
    }

    ProductInput Mackerel() {
        VariantInput small{.sku = "MAC-500",
                           .barcode = "8801234567893",
                           .options = {{"size", "500g"}},
                           .weight_grams = 500,
                           .base_price_won = 8'900};
        small.channel_prices = {{SalesChannel::kShop, Money::Won(8'500)}};
        small.tiers = {{10, Money::Won(7'900)}};
        small.sales = {{.unit = Money::Won(7'500), .starts = clock_.Now() - 1h, .ends = clock_.Now() + 24h}};
        VariantInput big{
            .sku = "MAC-1KG", .options = {{"size", "1kg"}}, .weight_grams = 1000, .base_price_won = 16'900};
        return {.category = fish_,
                .title_ko = "국내산 순살 고등어구이",
                .title_en = "Grilled boneless mackerel",
                .description = "부산 자갈치에서 손질한 **순살** 고등어.",
                .brand = "자갈치",
                .attributes = json::object{{"origin", "국산(부산)"}},
                .vat = catalog::VatMode::kExempt,
                .variants = {small, big}};
    }

    std::int64_t Rows(std::string_view table) { return QueryInt(std::string("SELECT count(*) FROM ").append(table)); }

    core::ManualClock clock_{core::FromUnixMicros(1'795'000'000'000'000)};
    core::SeededRandom random_{5};
    platform::PasswordHasher hasher_{kFast};
    std::optional<catalog::CategoryService> categories_;
    std::optional<catalog::ProductService> products_;
    platform::MerchantId shop_, other_;
    catalog::CategoryId fish_;
};

TEST_P(ProductTest, CreatesADraftAndReadsItBackWhole) {
    auto made = products_->Create(shop_, Mackerel());
    ASSERT_TRUE(made.ok()) << made.error().message;
    EXPECT_EQ(made->status, ProductStatus::kDraft);
    EXPECT_EQ(made->version, 1);
    auto read = products_->Get(shop_, made->id);
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(read->title_ko, "국내산 순살 고등어구이");
    EXPECT_EQ(read->attributes.at("origin").as_string(), "국산(부산)");
    EXPECT_EQ(read->vat, catalog::VatMode::kExempt);
    ASSERT_EQ(read->variants.size(), 2u);
    const catalog::Variant& v = read->variants[0];
    EXPECT_EQ(v.sku, "MAC-500");
    EXPECT_EQ(v.barcode, "8801234567893");
    EXPECT_EQ(v.options.at("size").as_string(), "500g");
    EXPECT_EQ(v.weight_grams, 500);
    EXPECT_EQ(v.id, made->variants[0].id);
    // The price a buyer pays, from what the store holds.
    auto online = catalog::QuotePrice(v.pricing, SalesChannel::kOnline, 1, clock_.Now());
    ASSERT_TRUE(online.ok());
    EXPECT_EQ(online->unit, Money::Won(7'500)) << "the sale";
    EXPECT_EQ(online->vat, Money::Won(0)) << "exempt";
    auto bulk = catalog::QuotePrice(v.pricing, SalesChannel::kBusiness, 10, clock_.Now() + 48h);
    ASSERT_TRUE(bulk.ok());
    EXPECT_EQ(bulk->unit, Money::Won(7'900)) << "the tier, after the sale";
    auto shop = catalog::QuotePrice(v.pricing, SalesChannel::kShop, 1, clock_.Now() + 48h);
    EXPECT_EQ(shop->unit, Money::Won(8'500));
    EXPECT_EQ(read->variants[1].barcode, std::nullopt);
}

TEST_P(ProductTest, EveryProblemAtOnceAndNothingWritten) {
    ProductInput bad = Mackerel();
    bad.title_ko = "";
    bad.title_en = "고등어";
    bad.attributes = json::object{{"colour", "blue"}};
    bad.variants[0].barcode = "8801234567890";
    bad.variants[0].base_price_won = -100;
    bad.variants[0].tiers = {{1, Money::Won(100)}};
    bad.variants[1].sku = "MAC-500";
    auto r = products_->Create(shop_, bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().reason, "invalid_product");
    EXPECT_EQ(FieldsOf(r.error()), (std::vector<std::pair<std::string, std::string>>{
                                       {"title_ko", "required"},
                                       {"title_en", "not_latin"},
                                       {"attributes.origin", "required"},
                                       {"attributes.colour", "unknown_attribute"},
                                       {"variants[0].barcode", "gtin_check_digit"},
                                       {"variants[0].base_price_won", "out_of_range"},
                                       {"variants[0].tiers[0].min_quantity", "invalid_min_quantity"},
                                       {"variants[1].sku", "duplicate_sku"}}));
    ProductInput nowhere = Mackerel();
    nowhere.category = catalog::CategoryId(4242);
    EXPECT_EQ(FieldsOf(products_->Create(shop_, nowhere).error()),
              (std::vector<std::pair<std::string, std::string>>{{"category_id", "unknown_category"}}));
    EXPECT_EQ(Rows("catalog_products"), 0);
    EXPECT_EQ(Rows("catalog_variants"), 0);
}

TEST_P(ProductTest, SkusAreUniquePerMerchantAndOthersSeeNothing) {
    auto made = products_->Create(shop_, Mackerel());
    ASSERT_TRUE(made.ok());
    auto again = products_->Create(shop_, Mackerel());
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(FieldsOf(again.error()), (std::vector<std::pair<std::string, std::string>>{
                                           {"variants[0].sku", "sku_taken"}, {"variants[1].sku", "sku_taken"}}));
    EXPECT_EQ(Rows("catalog_products"), 1) << "the refused product left nothing";
    EXPECT_TRUE(products_->Create(other_, Mackerel()).ok()) << "another merchant may use the same SKUs";
    auto stranger = products_->Get(other_, made->id);
    ASSERT_FALSE(stranger.ok());
    EXPECT_EQ(stranger.error().reason, "product_not_found");
    EXPECT_FALSE(products_->Update(other_, made->id, Mackerel(), 1).ok());
    EXPECT_FALSE(products_->SetStatus(other_, made->id, ProductStatus::kArchived, 1).ok());
    EXPECT_EQ(products_->Get(shop_, made->id)->status, ProductStatus::kDraft);
}

TEST_P(ProductTest, UpdatesKeepVariantIdsAndRefuseStaleVersions) {
    auto made = products_->Create(shop_, Mackerel());
    ASSERT_TRUE(made.ok());
    ProductInput next = Mackerel();
    next.title_ko = "순살 고등어구이 (국내산)";
    next.variants.erase(next.variants.begin() + 1);
    next.variants.push_back({.sku = "MAC-2KG", .base_price_won = 29'900});
    auto updated = products_->Update(shop_, made->id, next, made->version);
    ASSERT_TRUE(updated.ok()) << updated.error().message;
    EXPECT_EQ(updated->version, 2);
    ASSERT_EQ(updated->variants.size(), 2u);
    EXPECT_EQ(updated->variants[0].id, made->variants[0].id) << "a kept SKU keeps its id";
    EXPECT_NE(updated->variants[1].id, made->variants[1].id);
    auto read = products_->Get(shop_, made->id);
    EXPECT_EQ(read->title_ko, "순살 고등어구이 (국내산)");
    EXPECT_EQ(read->variants[1].sku, "MAC-2KG");
    EXPECT_EQ(Rows("catalog_variants"), 2);
    auto stale = products_->Update(shop_, made->id, Mackerel(), made->version);
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().reason, "version_changed");
    EXPECT_EQ(products_->Get(shop_, made->id)->version, 2) << "nothing changed";
}

TEST_P(ProductTest, StatusLifecycle) {
    auto p = products_->Create(shop_, Mackerel());
    ASSERT_TRUE(p.ok());
    auto active = products_->SetStatus(shop_, p->id, ProductStatus::kActive, 1);
    ASSERT_TRUE(active.ok());
    EXPECT_EQ(active->status, ProductStatus::kActive);
    auto archived = products_->SetStatus(shop_, p->id, ProductStatus::kArchived, active->version);
    ASSERT_TRUE(archived.ok());
    auto wrong = products_->SetStatus(shop_, p->id, ProductStatus::kActive, archived->version);
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().reason, "invalid_transition");
    auto back = products_->SetStatus(shop_, p->id, ProductStatus::kDraft, archived->version);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(products_->Get(shop_, p->id)->status, ProductStatus::kDraft);
}

TEST_P(ProductTest, ListsTheMerchantsProductsWithFiltersAndPages) {
    std::vector<catalog::ProductId> made;
    for (int i = 0; i < 5; ++i) {
        ProductInput in = Mackerel();
        in.title_ko = "고등어 " + std::to_string(i);
        in.title_en = i == 3 ? "Smoked MACKEREL 100% natural" : "Mackerel";
        for (auto& v : in.variants) v.sku += "-" + std::to_string(i);
        in.variants[1].base_price_won = 10'000 + i;
        clock_.Advance(1s);
        auto p = products_->Create(shop_, in);
        ASSERT_TRUE(p.ok()) << p.error().message;
        made.push_back(p->id);
    }
    ASSERT_TRUE(products_->Create(other_, Mackerel()).ok()) << "another merchant's product is never listed";
    ASSERT_TRUE(products_->SetStatus(shop_, made[1], ProductStatus::kActive, 1).ok());

    auto all = products_->List(shop_, {.limit = 2});
    ASSERT_TRUE(all.ok()) << all.error().message;
    ASSERT_EQ(all->items.size(), 2u);
    EXPECT_EQ(all->items[0].id, made[1]) << "the newest change first";
    EXPECT_EQ(all->items[1].id, made[4]);
    EXPECT_EQ(all->items[1].variants, 2);
    EXPECT_EQ(all->items[1].min_price_won, 8'900);
    EXPECT_EQ(all->items[1].max_price_won, 10'004);
    ASSERT_TRUE(all->next_cursor.has_value());
    std::vector<catalog::ProductId> seen = {all->items[0].id, all->items[1].id};
    std::optional<std::string> cursor = all->next_cursor;
    while (cursor) {
        auto page = products_->List(shop_, {.cursor = cursor, .limit = 2});
        ASSERT_TRUE(page.ok());
        for (const auto& p : page->items) seen.push_back(p.id);
        cursor = page->next_cursor;
    }
    EXPECT_EQ(seen.size(), 5u);

    auto active = products_->List(shop_, {.status = ProductStatus::kActive});
    ASSERT_TRUE(active.ok()) << active.error().message;
    ASSERT_EQ(active->items.size(), 1u);
    EXPECT_EQ(active->items[0].id, made[1]);
    auto smoked = products_->List(shop_, {.text = "smoked mack"});
    ASSERT_TRUE(smoked.ok()) << smoked.error().message;
    ASSERT_EQ(smoked->items.size(), 1u);
    EXPECT_EQ(smoked->items[0].id, made[3]);
    EXPECT_EQ(products_->List(shop_, {.text = "100%"})->items.size(), 1u) << "% is a character, not a wildcard";
    EXPECT_EQ(products_->List(shop_, {.text = "_"})->items.size(), 0u);
    EXPECT_EQ(products_->List(shop_, {.text = "mac-1kg-2"})->items.size(), 1u) << "SKUs match too";
    EXPECT_EQ(products_->List(shop_, {.text = "고등어 4"})->items.size(), 1u);
    auto in_fish = products_->List(shop_, {.category = fish_});
    ASSERT_TRUE(in_fish.ok()) << in_fish.error().message;
    EXPECT_EQ(in_fish->items.size(), 5u);
    EXPECT_EQ(products_->List(shop_, {.category = catalog::CategoryId(77)})->items.size(), 0u);
    EXPECT_EQ(products_->List(shop_, {.limit = 0}).error().reason, "bad_limit");
    EXPECT_EQ(products_->List(shop_, {.cursor = std::string("x")}).error().reason, "bad_cursor");
    EXPECT_EQ(products_->List(shop_, {.text = std::string(101, 'a')}).error().reason, "bad_query");
}

JANGTEO_STORE_BACKENDS(ProductTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test

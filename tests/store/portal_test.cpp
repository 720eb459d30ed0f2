// The portal's read side on every backend: it loads the active products of approved merchants in
// visible categories, then follows the change feed and the merchants' changes (a product published,
// renamed, archived; a merchant suspended and reinstated; a category retired), drops a rendered page
// when its product changes, and picks up a change whose number became visible after a later one.
#include "catalog/portal.hpp"

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
using catalog::VariantInput;
using core::Money;
using platform::MerchantStatus;
using namespace std::chrono_literals;
namespace json = core::json;

const platform::WeakParamsForTests kFast{{1, 8 * 1024}};

class PortalTest : public BackendTest {
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
        actor_ = owner->id;
        merchants_.emplace(db(), clock_, random_, platform::BusanRegion());
        auto a = merchants_->Apply(owner->id, Shop("2208162517", "자갈치 고등어"), "");
        auto b = merchants_->Apply(owner->id, Shop("1234567891", "해운대 꽃집"), "");
        ASSERT_TRUE(a.ok() && b.ok());
        shop_ = a->id;
        pending_ = b->id;
        Move(shop_, MerchantStatus::kApproved);
        categories_.emplace(db(), clock_, random_);
        auto food = categories_->Create({.code = "food", .name_ko = "식품", .name_en = "Food"}, actor_, "");
        ASSERT_TRUE(food.ok());
        food_ = food->id;
        auto fish =
            categories_->Create({.parent = food_, .code = "fish", .name_ko = "생선", .name_en = "Fish"}, actor_, "");
        ASSERT_TRUE(fish.ok());
        fish_ = fish->id;
        products_.emplace(db(), clock_, random_, *categories_);
        portal_.emplace(db(), clock_, *categories_, *products_, *merchants_);
    }

    void Move(platform::MerchantId m, MerchantStatus to) {
        clock_.Advance(1ms);
        auto r = merchants_->ChangeStatus(m, to, actor_, to == MerchantStatus::kApproved ? "" : "사유", "");
        ASSERT_TRUE(r.ok()) << r.error().message;
    }

    static platform::MerchantInput Shop(const std::string& number, const std::string& name) {
        return {.name_ko = name,
                .business_number = number,
                .representative = "김사장",
                .industry_code = "seafood",
                .district_code = "26110",
                .address = "부산광역시 중구 자갈치해안로 52",
                .phone = "051-245-2594"};
    }

    ProductInput Product(const std::string& title, const std::string& sku, std::int64_t price) {
        VariantInput v{.sku = sku, .base_price_won = price};
        v.sales = {{.unit = Money::Won(price / 2), .starts = clock_.Now() + 1h, .ends = clock_.Now() + 2h}};
        return {.category = fish_, .title_ko = title, .title_en = "Mackerel", .variants = {v}};
    }

    catalog::ProductId Active(platform::MerchantId m, const std::string& title, const std::string& sku,
                              std::int64_t price = 12'900) {
        auto made = products_->Create(m, Product(title, sku, price));
        EXPECT_TRUE(made.ok()) << made.error().message;
        auto live = products_->SetStatus(m, made->id, ProductStatus::kActive, made->version);
        EXPECT_TRUE(live.ok()) << live.error().message;
        return made->id;
    }

    std::uint32_t Found(const std::string& text) {
        auto page = portal_->Search({.text = text});
        EXPECT_TRUE(page.ok()) << page.error().message;
        return page.ok() ? page->result.total : 0;
    }

    core::ManualClock clock_{core::FromUnixMicros(1'795'000'000'000'000)};
    core::SeededRandom random_{7};
    platform::PasswordHasher hasher_{kFast};
    platform::UserId actor_;
    std::optional<platform::MerchantService> merchants_;
    std::optional<catalog::CategoryService> categories_;
    std::optional<catalog::ProductService> products_;
    std::optional<catalog::Portal> portal_;
    platform::MerchantId shop_, pending_;
    catalog::CategoryId food_, fish_;
};

TEST_P(PortalTest, LoadsOnlyWhatThePortalShows) {
    Active(shop_, "순살고등어구이", "A-1");
    auto draft = products_->Create(shop_, Product("고등어 초안", "A-2", 5'000));
    ASSERT_TRUE(draft.ok());
    Active(pending_, "심사중 고등어", "B-1");
    auto early = portal_->Search({});
    ASSERT_FALSE(early.ok()) << "not loaded yet";
    EXPECT_EQ(early.error().reason, "search_warming_up");

    ASSERT_TRUE(portal_->LoadNow().ok());
    EXPECT_EQ(portal_->ProductCount(), 1u);
    EXPECT_EQ(Found("고등어"), 1u);
    auto page = portal_->Search({.text = "고등어", .facets = search::kFacetCategory});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->hits.size(), 1u);
    const catalog::Card& card = *page->hits[0].card;
    EXPECT_EQ(card.title_ko(), "순살고등어구이");
    EXPECT_EQ(card.merchant, shop_);
    ASSERT_EQ(page->result.categories.size(), 2u) << "the category and its parent";
    EXPECT_EQ(page->result.categories[0].category_id, food_.key());
    // The sale starts in an hour: the card's price follows the clock.
    EXPECT_EQ(catalog::PriceNow(card, clock_.Now()).price_won, 12'900);
    EXPECT_EQ(catalog::PriceNow(card, clock_.Now() + 90min).price_won, 6'450);
    EXPECT_TRUE(catalog::PriceNow(card, clock_.Now() + 90min).on_sale);
}

TEST_P(PortalTest, FollowsProductsAndDropsTheirRenderedPages) {
    ASSERT_TRUE(portal_->LoadNow().ok());
    catalog::ProductId id = Active(shop_, "순살고등어구이", "A-1");
    EXPECT_EQ(Found("고등어"), 0u) << "not followed yet";
    ASSERT_TRUE(portal_->FollowNow().ok());
    EXPECT_EQ(Found("고등어"), 1u);

    int renders = 0;
    auto render = [&](const catalog::PublicProduct& view, core::TimePoint) {
        ++renders;
        return catalog::RenderedProduct{.body = view.product.title_ko, .etag = "x"};
    };
    auto first = portal_->Detail(id, render);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ((*first)->body, "순살고등어구이");
    ASSERT_TRUE(portal_->Detail(id, render).ok());
    EXPECT_EQ(renders, 1) << "served from the cache";
    EXPECT_LE((*first)->expires, clock_.Now() + 1h) << "until the sale starts";

    auto current = products_->Get(shop_, id);
    ProductInput renamed = Product("손질 갈치", "A-1", 9'900);
    ASSERT_TRUE(products_->Update(shop_, id, renamed, current->version).ok());
    ASSERT_TRUE(portal_->FollowNow().ok());
    EXPECT_EQ(Found("고등어"), 0u);
    EXPECT_EQ(Found("갈치"), 1u);
    auto again = portal_->Detail(id, render);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ((*again)->body, "손질 갈치");
    EXPECT_EQ(renders, 2);

    current = products_->Get(shop_, id);
    ASSERT_TRUE(products_->SetStatus(shop_, id, ProductStatus::kArchived, current->version).ok());
    ASSERT_TRUE(portal_->FollowNow().ok());
    EXPECT_EQ(Found("갈치"), 0u);
    auto gone = portal_->Detail(id, render);
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().reason, "product_not_found");
}

TEST_P(PortalTest, FollowsMerchantsAndTheCategoryTree) {
    Active(shop_, "순살고등어구이", "A-1");
    Active(pending_, "심사중 고등어", "B-1");
    ASSERT_TRUE(portal_->LoadNow().ok());
    EXPECT_EQ(Found("고등어"), 1u);

    Move(pending_, MerchantStatus::kApproved);
    ASSERT_TRUE(portal_->FollowNow().ok());
    EXPECT_EQ(Found("고등어"), 2u) << "an approval shows the merchant's active products";
    Move(shop_, MerchantStatus::kSuspended);
    ASSERT_TRUE(portal_->FollowNow().ok());
    EXPECT_EQ(Found("고등어"), 1u);
    EXPECT_FALSE(portal_->Merchant(shop_)->approved);
    Move(shop_, MerchantStatus::kApproved);
    ASSERT_TRUE(portal_->FollowNow().ok());
    EXPECT_EQ(Found("고등어"), 2u);

    ASSERT_TRUE(categories_->Update(fish_, {.active = false}, actor_, "").ok());
    ASSERT_TRUE(portal_->FollowNow().ok());
    EXPECT_EQ(Found("고등어"), 0u) << "a retired category leaves the portal with its products";
    ASSERT_TRUE(categories_->Update(fish_, {.active = true}, actor_, "").ok());
    ASSERT_TRUE(portal_->FollowNow().ok());
    EXPECT_EQ(Found("고등어"), 2u);
}

TEST_P(PortalTest, AChangeNumberedBeforeOneAlreadySeenIsPickedUp) {
    catalog::ProductId late = Active(shop_, "늦게 보인 고등어", "A-1");
    ASSERT_TRUE(portal_->LoadNow().ok());
    catalog::ProductId early = Active(shop_, "순살 갈치", "A-2");
    // The feed as another server's transactions can leave it: a number is skipped, then appears.
    std::int64_t last = QueryInt("SELECT MAX(seq) FROM catalog_changes");
    Script("DELETE FROM catalog_changes WHERE seq = " + std::to_string(last));
    std::string insert = postgres() ? "INSERT INTO catalog_changes (seq, product_id, merchant_id, changed_at_us)"
                                      " OVERRIDING SYSTEM VALUE VALUES "
                                    : "INSERT INTO catalog_changes (seq, product_id, merchant_id, changed_at_us)"
                                      " VALUES ";
    Script(insert + "(" + std::to_string(last + 1) + ", " + std::to_string(early.key()) + ", " +
           std::to_string(shop_.key()) + ", 0)");
    ASSERT_TRUE(portal_->FollowNow().ok());
    EXPECT_EQ(Found("갈치"), 1u);
    // The skipped number commits now, for a product renamed meanwhile.
    auto current = products_->Get(shop_, late);
    Script("UPDATE catalog_products SET title_ko = '늦게 보인 전갱이' WHERE id = " + std::to_string(late.key()));
    Script(insert + "(" + std::to_string(last) + ", " + std::to_string(late.key()) + ", " +
           std::to_string(shop_.key()) + ", 0)");
    ASSERT_TRUE(portal_->FollowNow().ok());
    EXPECT_EQ(Found("전갱이"), 1u) << "the gap was watched";
    (void)current;
}

TEST_P(PortalTest, AChangeStillOpenWhenTheLoadStartsIsPickedUp) {
    catalog::ProductId early = Active(shop_, "순살 갈치", "A-1");
    Active(shop_, "생고등어", "A-2");
    // The first product's last change is a transaction that has not committed when the load starts.
    std::int64_t last = QueryInt("SELECT MAX(seq) FROM catalog_changes");
    std::int64_t open =
        QueryInt("SELECT MAX(seq) FROM catalog_changes WHERE product_id = " + std::to_string(early.key()));
    ASSERT_LT(open, last);
    Script("DELETE FROM catalog_changes WHERE seq = " + std::to_string(open));
    Script("UPDATE catalog_products SET status = 'draft' WHERE id = " + std::to_string(early.key()));
    ASSERT_TRUE(portal_->LoadNow().ok());
    EXPECT_EQ(Found("갈치"), 0u);
    // It commits now: the product is active again, under the number it took before the load.
    Script("UPDATE catalog_products SET status = 'active' WHERE id = " + std::to_string(early.key()));
    std::string insert = postgres() ? "INSERT INTO catalog_changes (seq, product_id, merchant_id, changed_at_us)"
                                      " OVERRIDING SYSTEM VALUE VALUES "
                                    : "INSERT INTO catalog_changes (seq, product_id, merchant_id, changed_at_us)"
                                      " VALUES ";
    Script(insert + "(" + std::to_string(open) + ", " + std::to_string(early.key()) + ", " +
           std::to_string(shop_.key()) + ", 0)");
    ASSERT_TRUE(portal_->FollowNow().ok());
    EXPECT_EQ(Found("갈치"), 1u) << "the number below the load's start was watched";
}

JANGTEO_STORE_BACKENDS(PortalTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test

// Price parity on every backend: the policies saved by compare-and-set with an audit event, refused
// values and stale versions changing nothing; product saves judged by them (a refuse policy keeps a
// breaking price out of the store, a warn policy saves it with a warning, a web sale that starts next
// week is judged when it is saved); the report of what breaks the policy now, by pages, one merchant
// only, archived products left out, a sale that has started since counted; and the CSV import's
// dry run and apply reporting the same per row.
#include "catalog/price_policy.hpp"

#include <gtest/gtest.h>

#include <set>

#include "backend_fixture.hpp"
#include "catalog/product_import.hpp"
#include "platform/merchant.hpp"
#include "platform/operator.hpp"
#include "platform/region.hpp"
#include "platform/user.hpp"

namespace jangteo::store_test {
namespace {

using catalog::ParityEnforcement;
using catalog::ParityPolicies;
using catalog::ParityPolicy;
using catalog::ParityRule;
using catalog::ProductInput;
using catalog::ProductStatus;
using catalog::SalesChannel;
using catalog::VariantInput;
using core::ErrorCode;
using core::Money;
using namespace std::chrono_literals;
namespace json = core::json;

const platform::WeakParamsForTests kFast{{1, 8 * 1024}};

ParityPolicy Within(std::int64_t bp, ParityEnforcement e) {
    return {.rule = ParityRule::kWithin, .tolerance_bp = bp, .enforcement = e};
}

std::vector<std::pair<std::string, std::string>> FieldsOf(const std::vector<core::FieldError>& fields) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : fields) out.emplace_back(f.field, f.code);
    return out;
}

class PricePolicyTest : public BackendTest {
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
        owner_ = owner->id;
        platform::MerchantService merchants(db(), clock_, random_, platform::BusanRegion());
        auto a = merchants.Apply(owner->id, Shop("2208162517"), "");
        auto b = merchants.Apply(owner->id, Shop("1234567891"), "");
        ASSERT_TRUE(a.ok() && b.ok());
        shop_ = a->id;
        other_ = b->id;
        categories_.emplace(db(), clock_, random_);
        auto fish = categories_->Create({.code = "food_fish", .name_ko = "생선", .name_en = "Fish"}, owner_, "");
        ASSERT_TRUE(fish.ok());
        fish_ = fish->id;
        products_.emplace(db(), clock_, random_, *categories_);
        policies_.emplace(db(), clock_, random_);
        imports_.emplace(db(), clock_, random_, *categories_, *products_, catalog::ImportOptions{});
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

    // A product with one variant per online price given, each at shop 10,000 won (base 10,500).
    ProductInput Mackerel(const std::string& sku, std::vector<std::int64_t> online) {
        ProductInput in{.category = fish_, .title_ko = "순살 고등어 " + sku, .title_en = "Mackerel"};
        for (std::size_t i = 0; i < online.size(); ++i) {
            VariantInput v{.sku = sku + "-" + std::to_string(i), .base_price_won = 10'500};
            v.channel_prices = {{SalesChannel::kShop, Money::Won(10'000)},
                                {SalesChannel::kOnline, Money::Won(online[i])}};
            in.variants.push_back(std::move(v));
        }
        return in;
    }

    ParityPolicies Save(std::optional<ParityPolicy> online, std::optional<ParityPolicy> business = std::nullopt) {
        auto current = policies_->Get(shop_);
        EXPECT_TRUE(current.ok());
        auto saved = policies_->Set(shop_, {.online = online, .business = business}, current->version,
                                    {.user = owner_, .client_address = "203.0.113.7"});
        EXPECT_TRUE(saved.ok()) << saved.error().message;
        return saved.ok() ? *saved : ParityPolicies{};
    }

    std::int64_t Rows(std::string_view table) { return QueryInt(std::string("SELECT count(*) FROM ").append(table)); }
    std::int64_t Audits() {
        return QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'price_policy.changed'");
    }

    core::ManualClock clock_{core::FromUnixMicros(1'795'000'000'000'000)};
    core::SeededRandom random_{7};
    platform::PasswordHasher hasher_{kFast};
    std::optional<catalog::CategoryService> categories_;
    std::optional<catalog::ProductService> products_;
    std::optional<catalog::PricePolicyService> policies_;
    std::optional<catalog::ImportService> imports_;
    platform::UserId owner_;
    platform::MerchantId shop_, other_;
    catalog::CategoryId fish_;
};

TEST_P(PricePolicyTest, PoliciesAreSavedByVersionAndAudited) {
    auto none = policies_->Get(shop_);
    ASSERT_TRUE(none.ok()) << none.error().message;
    EXPECT_EQ(none->version, 0);
    EXPECT_FALSE(none->Any());

    ParityPolicies saved = Save(Within(500, ParityEnforcement::kRefuse), ParityPolicy{});
    EXPECT_EQ(saved.version, 1);
    EXPECT_EQ(saved.online, Within(500, ParityEnforcement::kRefuse));
    EXPECT_EQ(saved.business, ParityPolicy{}) << "equal, warn";
    EXPECT_EQ(saved.updated_at, clock_.Now());
    auto read = policies_->Get(shop_);
    EXPECT_EQ(read->online, saved.online);
    EXPECT_EQ(read->business, saved.business);
    EXPECT_EQ(Audits(), 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'price_policy.changed'"
                       " AND merchant_id = $1 AND actor_user_id = $2",
                       {shop_.key(), owner_.key()}),
              1);

    // A stale version (also 0 again, once saved) changes nothing.
    for (std::int64_t stale : {0, 5}) {
        auto r = policies_->Set(shop_, {}, stale, {.user = owner_});
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kConflict);
        EXPECT_EQ(r.error().reason, "version_changed");
    }
    // Out of range, on both lists at once.
    auto bad = policies_->Set(shop_,
                              {.online = Within(0, ParityEnforcement::kWarn),
                               .business = ParityPolicy{.rule = ParityRule::kEqual, .tolerance_bp = 100}},
                              1, {.user = owner_});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().reason, "invalid_price_policy");
    EXPECT_EQ(FieldsOf(bad.error().fields),
              (std::vector<std::pair<std::string, std::string>>{{"online.tolerance_bp", "out_of_range"},
                                                                {"business.tolerance_bp", "not_allowed"}}));
    EXPECT_EQ(policies_->Get(shop_)->version, 1);
    EXPECT_EQ(Audits(), 1) << "refusals record nothing";

    // Removing both is a change like any other; another merchant has none all along.
    ParityPolicies cleared = Save(std::nullopt);
    EXPECT_EQ(cleared.version, 2);
    EXPECT_FALSE(cleared.Any());
    EXPECT_EQ(Audits(), 2);
    EXPECT_EQ(policies_->Get(other_)->version, 0);
}

TEST_P(PricePolicyTest, ARefusePolicyKeepsABreakingPriceOut) {
    Save(Within(500, ParityEnforcement::kRefuse));
    // Online 9,600 is within 5% of 10,000; 9,000 is not, nor is 11,000.
    auto r = products_->Create(shop_, Mackerel("MK", {9'600, 9'000, 11'000}));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().reason, "price_parity");
    EXPECT_EQ(FieldsOf(r.error().fields), (std::vector<std::pair<std::string, std::string>>{
                                              {"variants[1].channel_prices[1].unit_price_won", "price_parity"},
                                              {"variants[2].channel_prices[1].unit_price_won", "price_parity"}}));
    EXPECT_EQ(r.error().fields[0].message,
              "the online price 9,000 won is outside 9,500–10,500 won, the shop price 10,000 won ± 5%");
    EXPECT_EQ(Rows("catalog_products"), 0);
    EXPECT_EQ(Rows("catalog_variants"), 0);

    auto made = products_->Create(shop_, Mackerel("MK", {9'600, 9'500, 10'500}));
    ASSERT_TRUE(made.ok()) << made.error().message;
    EXPECT_TRUE(made->warnings.empty());

    // A web-only sale next week, far below the shop: refused now, and the product stays as it was.
    ProductInput next = Mackerel("MK", {9'600, 9'500, 10'500});
    next.variants[0].sales = {{.unit = Money::Won(7'000),
                               .starts = clock_.Now() + 7 * 24h,
                               .ends = clock_.Now() + 8 * 24h,
                               .channel = SalesChannel::kOnline}};
    auto later = products_->Update(shop_, made->id, next, made->version);
    ASSERT_FALSE(later.ok());
    EXPECT_EQ(
        FieldsOf(later.error().fields),
        (std::vector<std::pair<std::string, std::string>>{{"variants[0].sales[0].unit_price_won", "price_parity"}}));
    EXPECT_EQ(products_->Get(shop_, made->id)->version, 1);
    EXPECT_EQ(Rows("catalog_sale_prices"), 0);
    // The same sale for every channel moves the shop price too: allowed.
    next.variants[0].sales[0].channel.reset();
    auto everywhere = products_->Update(shop_, made->id, next, made->version);
    ASSERT_TRUE(everywhere.ok()) << everywhere.error().message;
    EXPECT_EQ(everywhere->version, 2);

    // Another merchant's products are not judged by this one's policy.
    EXPECT_TRUE(products_->Create(other_, Mackerel("MK", {1'000})).ok());
}

TEST_P(PricePolicyTest, AWarnPolicySavesWithWarnings) {
    Save(Within(500, ParityEnforcement::kWarn), Within(1'000, ParityEnforcement::kRefuse));
    ProductInput in = Mackerel("MK", {9'000, 9'600});
    in.variants[1].channel_prices.push_back({SalesChannel::kBusiness, Money::Won(9'100)});
    auto made = products_->Create(shop_, in);
    ASSERT_TRUE(made.ok()) << made.error().message;
    EXPECT_EQ(FieldsOf(made->warnings), (std::vector<std::pair<std::string, std::string>>{
                                            {"variants[0].channel_prices[1].unit_price_won", "price_parity"}}));
    EXPECT_EQ(Rows("catalog_variants"), 2) << "saved";
    EXPECT_TRUE(products_->Get(shop_, made->id)->warnings.empty()) << "warnings belong to the save, not the product";

    // The business list refuses even while the online list only warns.
    ProductInput cheap = in;
    cheap.variants[1].channel_prices[2].unit = Money::Won(8'000);
    auto refused = products_->Update(shop_, made->id, cheap, made->version);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(FieldsOf(refused.error().fields), (std::vector<std::pair<std::string, std::string>>{
                                                    {"variants[1].channel_prices[2].unit_price_won", "price_parity"}}));
    // Without policies, nothing is said.
    Save(std::nullopt);
    auto quiet = products_->Update(shop_, made->id, cheap, made->version);
    ASSERT_TRUE(quiet.ok()) << quiet.error().message;
    EXPECT_TRUE(quiet->warnings.empty());
}

TEST_P(PricePolicyTest, TheReportListsWhatBreaksThePolicyNowByPages) {
    EXPECT_TRUE(policies_->Violations(shop_, {})->items.empty()) << "no policy, nothing to report";
    // Made while no policy stood in the way.
    auto fine = products_->Create(shop_, Mackerel("OK", {10'000}));
    auto a = products_->Create(shop_, Mackerel("A", {9'000, 10'000, 12'000}));
    auto b = products_->Create(shop_, Mackerel("B", {8'000}));
    auto archived = products_->Create(shop_, Mackerel("ARC", {1'000}));
    auto theirs = products_->Create(other_, Mackerel("A", {1'000}));
    ProductInput soon_in = Mackerel("SOON", {10'000});
    soon_in.variants[0].sales = {{.unit = Money::Won(5'000),
                                  .starts = clock_.Now() + 1h,
                                  .ends = clock_.Now() + 2h,
                                  .channel = SalesChannel::kOnline}};
    auto soon = products_->Create(shop_, soon_in);
    for (const auto* p : {&fine, &a, &b, &archived, &theirs, &soon}) ASSERT_TRUE(p->ok()) << p->error().message;
    ASSERT_TRUE(products_->SetStatus(shop_, archived->id, ProductStatus::kArchived, 1).ok());
    ASSERT_TRUE(products_->SetStatus(shop_, a->id, ProductStatus::kActive, 1).ok());
    Save(Within(500, ParityEnforcement::kWarn));

    // Every page, one variant at a time.
    std::vector<std::string> skus;
    std::optional<std::string> cursor;
    int pages = 0;
    do {
        auto page = policies_->Violations(shop_, {.cursor = cursor, .limit = 1});
        ASSERT_TRUE(page.ok()) << page.error().message;
        EXPECT_LE(page->items.size(), 1u);
        EXPECT_EQ(page->evaluated_at, clock_.Now());
        for (const auto& v : page->items) skus.push_back(v.sku);
        cursor = page->next_cursor;
        ASSERT_LT(++pages, 20);
    } while (cursor);
    EXPECT_EQ(std::multiset<std::string>(skus.begin(), skus.end()), (std::multiset<std::string>{"A-0", "A-2", "B-0"}))
        << "not the archived product, not another merchant's, not a sale that has not started";

    auto all = policies_->Violations(shop_, {.limit = 50});
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->items.size(), 3u);
    EXPECT_FALSE(all->next_cursor.has_value());
    const catalog::ParityViolation* b0 = nullptr;
    for (const auto& v : all->items) {
        if (v.sku == "B-0") b0 = &v;
    }
    ASSERT_NE(b0, nullptr);
    EXPECT_EQ(b0->product_id, b->id);
    EXPECT_EQ(b0->variant_id, b->variants[0].id);
    EXPECT_EQ(b0->title_ko, "순살 고등어 B");
    EXPECT_EQ(b0->status, ProductStatus::kDraft);
    ASSERT_EQ(b0->breaches.size(), 1u);
    EXPECT_EQ(b0->breaches[0].list, SalesChannel::kOnline);
    EXPECT_EQ(b0->breaches[0].price, Money::Won(8'000));
    EXPECT_EQ(b0->breaches[0].shop, Money::Won(10'000));
    EXPECT_EQ(b0->breaches[0].allowed.min, Money::Won(9'500));
    EXPECT_EQ(b0->breaches[0].allowed.max, Money::Won(10'500));
    EXPECT_EQ(b0->breaches[0].difference_bp, -2'000);

    // An hour on, the web sale has started: it breaks the policy now.
    clock_.Advance(90min);
    auto later = policies_->Violations(shop_, {.limit = 50});
    ASSERT_TRUE(later.ok());
    ASSERT_EQ(later->items.size(), 4u);
    bool found = false;
    for (const auto& v : later->items) {
        if (v.sku != "SOON-0") continue;
        found = true;
        EXPECT_EQ(v.breaches.at(0).price, Money::Won(5'000));
        EXPECT_EQ(v.breaches.at(0).price_source, catalog::PriceSource::kSale);
    }
    EXPECT_TRUE(found);
    // And it ends.
    clock_.Advance(1h);
    EXPECT_EQ(policies_->Violations(shop_, {.limit = 50})->items.size(), 3u);

    EXPECT_TRUE(policies_->Violations(other_, {})->items.empty()) << "the other merchant has no policy";
    auto bad = policies_->Violations(shop_, {.cursor = "x.y"});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().reason, "bad_cursor");
    EXPECT_EQ(policies_->Violations(shop_, {.limit = 0}).error().reason, "bad_limit");
}

TEST_P(PricePolicyTest, ThePageStopsAtItsLimitAndGoesOnFromThere) {
    auto p = products_->Create(shop_, Mackerel("MANY", {9'000, 9'000, 10'000, 9'000, 9'000}));
    ASSERT_TRUE(p.ok());
    Save(Within(500, ParityEnforcement::kWarn));
    auto first = policies_->Violations(shop_, {.limit = 2});
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->items.size(), 2u);
    EXPECT_EQ(first->items[0].sku, "MANY-0");
    EXPECT_EQ(first->items[1].sku, "MANY-1");
    ASSERT_TRUE(first->next_cursor.has_value());
    auto second = policies_->Violations(shop_, {.cursor = first->next_cursor, .limit = 2});
    ASSERT_TRUE(second.ok());
    ASSERT_EQ(second->items.size(), 2u);
    EXPECT_EQ(second->items[0].sku, "MANY-3") << "in the variants' order, the one that keeps the policy skipped";
    EXPECT_EQ(second->items[1].sku, "MANY-4");
    EXPECT_FALSE(second->next_cursor.has_value());
}

TEST_P(PricePolicyTest, TheImportReportsParityPerRow) {
    Save(Within(500, ParityEnforcement::kWarn));
    const std::string header = "category_code,title_ko,sku,base_price_won,online_price_won,shop_price_won\r\n";
    const std::string csv = header + "food_fish,고등어,IMP-1,10000,9000,10000\r\n" +
                            "food_fish,갈치,IMP-2,10000,9800,10000\r\n" + "food_fish,삼치,IMP-3,9000,,10000\r\n";
    auto run = [&](bool dry_run) {
        auto job = imports_->Submit(shop_, {.bytes = csv, .dry_run = dry_run}, {.user = owner_});
        EXPECT_TRUE(job.ok()) << job.error().message;
        auto ran = imports_->RunOnce();
        EXPECT_TRUE(ran.ok() && *ran);
        return *imports_->Get(shop_, job->id);
    };
    auto lines = [](const std::vector<catalog::ImportError>& list) {
        std::vector<std::pair<std::int64_t, std::string>> out;
        for (const auto& e : list) out.emplace_back(e.line, e.field + ":" + e.code);
        return out;
    };
    catalog::Import dry = run(true);
    EXPECT_EQ(dry.status, catalog::ImportStatus::kSucceeded);
    EXPECT_TRUE(dry.errors.empty());
    EXPECT_EQ(lines(dry.warnings), (std::vector<std::pair<std::int64_t, std::string>>{
                                       {2, "online_price_won:price_parity"}, {4, "base_price_won:price_parity"}}))
        << "the third row has no online price: its base price is what the web sells at";
    EXPECT_EQ(Rows("catalog_products"), 0) << "a dry run writes nothing";
    catalog::Import applied = run(false);
    EXPECT_EQ(applied.status, catalog::ImportStatus::kSucceeded);
    EXPECT_EQ(applied.created, 3);
    EXPECT_EQ(lines(applied.warnings), lines(dry.warnings));

    // Refused: the rows are errors, and nothing is applied.
    Save(Within(500, ParityEnforcement::kRefuse));
    const std::string more =
        header + "food_fish,전갱이,IMP-4,10000,9000,10000\r\n" + "food_fish,꽁치,IMP-5,10000,10000,10000\r\n";
    auto job = imports_->Submit(shop_, {.bytes = more, .dry_run = false}, {.user = owner_});
    ASSERT_TRUE(job.ok());
    ASSERT_TRUE(imports_->RunOnce().ok());
    catalog::Import refused = *imports_->Get(shop_, job->id);
    EXPECT_EQ(refused.status, catalog::ImportStatus::kFailed);
    EXPECT_EQ(lines(refused.errors),
              (std::vector<std::pair<std::int64_t, std::string>>{{2, "online_price_won:price_parity"}}));
    EXPECT_EQ(Rows("catalog_products"), 3);
}

JANGTEO_STORE_BACKENDS(PricePolicyTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test

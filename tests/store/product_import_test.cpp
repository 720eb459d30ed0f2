// The bulk CSV import on every backend: a 10,000-row file with five bad rows reports exactly those
// and writes nothing; a dry run writes nothing; a good file creates every product (and publishes
// those marked active); a failure in the middle of the apply leaves nothing; CP949 and UTF-8 files
// make the same products; an export imported again changes nothing, and edited updates in place;
// another merchant's product id is refused; bad files and full queues are refused at once; a job
// whose server died is taken up again, and given up after too many tries.
#include "catalog/product_import.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include "backend_fixture.hpp"
#include "core/csv.hpp"
#include "platform/merchant.hpp"
#include "platform/operator.hpp"
#include "platform/region.hpp"
#include "platform/user.hpp"

namespace jangteo::store_test {
namespace {

using catalog::Import;
using catalog::ImportStatus;
using catalog::ProductStatus;
using core::TextEncoding;
using namespace std::chrono_literals;
namespace json = core::json;

const platform::WeakParamsForTests kFast{{1, 8 * 1024}};

constexpr std::string_view kHeader =
    "product_id,product_ref,category_code,title_ko,title_en,vat,status,attr:origin,attr:weight,sku,barcode,options,"
    "base_price_won,online_price_won,shop_price_won,sale_price_won,sale_starts_at,sale_ends_at\r\n";

// A row of kHeader's columns for a new product of its own (no ref) in food_fish.
std::string Row(const std::string& sku, const std::string& price = "12,900", const std::string& title = "순살 고등어") {
    return ",,food_fish," + title + ",Mackerel,exempt,,국내산,500," + sku + ",,,\"" + price + "\",,,,,\r\n";
}

std::vector<std::pair<std::int64_t, std::string>> LinesOf(const Import& job) {
    std::vector<std::pair<std::int64_t, std::string>> out;
    for (const auto& e : job.errors) out.emplace_back(e.line, e.field + ":" + e.code);
    return out;
}

class ProductImportTest : public BackendTest {
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
        auto food = categories_->Create({.code = "food", .name_ko = "식품", .name_en = "Food"}, owner_, "");
        ASSERT_TRUE(food.ok());
        ASSERT_TRUE(categories_
                        ->SetAttributes(food->id,
                                        {{.code = "origin", .name_ko = "원산지", .name_en = "Origin", .required = true},
                                         {.code = "storage",
                                          .name_ko = "보관 방법",
                                          .name_en = "Storage",
                                          .type = catalog::AttributeType::kChoice,
                                          .choices = {{"frozen", "냉동", "Frozen"}, {"chilled", "냉장", "Chilled"}}}},
                                        owner_, "")
                        .ok());
        auto fish = categories_->Create({.parent = food->id, .code = "food_fish", .name_ko = "생선", .name_en = "Fish"},
                                        owner_, "");
        ASSERT_TRUE(fish.ok());
        ASSERT_TRUE(categories_
                        ->SetAttributes(fish->id,
                                        {{.code = "weight",
                                          .name_ko = "중량",
                                          .name_en = "Weight",
                                          .type = catalog::AttributeType::kDecimal,
                                          .unit = "g"}},
                                        owner_, "")
                        .ok());
        fish_ = fish->id;
        auto tools = categories_->Create({.code = "tools", .name_ko = "공구", .name_en = "Tools"}, owner_, "");
        ASSERT_TRUE(tools.ok());
        products_.emplace(db(), clock_, random_, *categories_);
        products_->SetChangeHook([this] { ++changes_; });
        imports_.emplace(db(), clock_, random_, *categories_, *products_, Options());
    }

    virtual catalog::ImportOptions Options() { return {.max_rows = 10'000, .max_pending_total = 5}; }

    static platform::MerchantInput Shop(const std::string& number) {
        return {.name_ko = "자갈치 고등어",
                .business_number = number,
                .representative = "김사장",
                .industry_code = "seafood",
                .district_code = "26110",
                .address = "부산광역시 중구 자갈치해안로 52",
                .phone = "051-245-2594"};
    }

    Import Submit(platform::MerchantId merchant, std::string_view csv, bool dry_run,
                  std::optional<TextEncoding> encoding = std::nullopt) {
        auto job =
            imports_->Submit(merchant, {.bytes = csv, .dry_run = dry_run, .encoding = encoding}, {.user = owner_});
        EXPECT_TRUE(job.ok()) << job.error().reason << ": " << job.error().message;
        return job.ok() ? *job : Import{};
    }

    // Submits and runs one job to its end, and reads it back.
    Import RunImport(platform::MerchantId merchant, std::string_view csv, bool dry_run,
                     std::optional<TextEncoding> encoding = std::nullopt) {
        Import job = Submit(merchant, csv, dry_run, encoding);
        EXPECT_EQ(job.status, ImportStatus::kQueued);
        auto ran = imports_->RunOnce();
        EXPECT_TRUE(ran.ok() && *ran) << (ran.ok() ? "no job" : ran.error().message);
        auto done = imports_->Get(merchant, job.id);
        EXPECT_TRUE(done.ok());
        return done.ok() ? *done : Import{};
    }

    std::int64_t Count(std::string_view table) { return QueryInt(std::string("SELECT count(*) FROM ").append(table)); }
    std::int64_t ProductsOf(platform::MerchantId m) {
        return QueryInt("SELECT count(*) FROM catalog_products WHERE merchant_id = $1", {m.key()});
    }

    std::string Export(platform::MerchantId m, TextEncoding encoding = TextEncoding::kUtf8) {
        auto file = imports_->Export(m, encoding);
        EXPECT_TRUE(file.ok()) << file.error().message;
        return file.ok() ? file->bytes : std::string();
    }

    core::ManualClock clock_{core::FromUnixMicros(1'795'000'000'000'000)};
    core::SeededRandom random_{9};
    platform::PasswordHasher hasher_{kFast};
    std::optional<catalog::CategoryService> categories_;
    std::optional<catalog::ProductService> products_;
    std::optional<catalog::ImportService> imports_;
    platform::UserId owner_;
    platform::MerchantId shop_, other_;
    catalog::CategoryId fish_;
    std::atomic<int> changes_{0};
};

TEST_P(ProductImportTest, TenThousandRowsWithFiveBadOnesReportExactlyThoseAndWriteNothing) {
    std::string csv(kHeader);
    // Line n of the file is data row n - 1 (the header is line 1).
    for (int line = 2; line <= 10'001; ++line) {
        std::string sku = "SKU-" + std::to_string(line);
        if (line == 18) {
            csv += Row(sku, "12.5");
        } else if (line == 1001) {
            csv += ",,food_fish,고등어,,exempt,,국내산,500," + sku + ",8801234567890,,1000,,,,,\r\n";
        } else if (line == 5000) {
            csv += ",,food_shellfish,조개,,exempt,,국내산,500," + sku + ",,,1000,,,,,\r\n";
        } else if (line == 7777) {
            csv += Row("SKU-3000");
        } else if (line == 9999) {
            csv += ",,tools,망치,Hammer,taxable,,국내산,," + sku + ",,,1000,,,,,\r\n";
        } else {
            csv += Row(sku);
        }
    }
    Import job = RunImport(shop_, csv, false);
    EXPECT_EQ(job.status, ImportStatus::kFailed);
    EXPECT_EQ(job.total_rows, 10'000);
    EXPECT_EQ(job.processed_rows, 10'000);
    EXPECT_FALSE(job.errors_truncated);
    EXPECT_EQ(LinesOf(job),
              (std::vector<std::pair<std::int64_t, std::string>>{{18, "base_price_won:not_whole_won"},
                                                                 {1001, "barcode:gtin_check_digit"},
                                                                 {5000, "category_code:unknown_category"},
                                                                 {7777, "sku:duplicate_sku"},
                                                                 {9999, "attr:origin:unknown_attribute"}}));
    EXPECT_EQ(job.errors[3].message, "is also on line 3000");
    EXPECT_EQ(job.created, 0);
    ASSERT_TRUE(job.finished_at.has_value());
    EXPECT_EQ(Count("catalog_products"), 0);
    EXPECT_EQ(Count("catalog_variants"), 0);
    EXPECT_EQ(Count("catalog_changes"), 0);
    EXPECT_EQ(Count("catalog_import_files"), 0) << "the file goes when the job ends";
    EXPECT_EQ(changes_, 0);
}

TEST_P(ProductImportTest, ADryRunReportsWhatAnApplyWouldDoAndWritesNothing) {
    std::string csv(kHeader);
    for (int i = 0; i < 30; ++i) csv += Row("D-" + std::to_string(i));
    Import job = RunImport(shop_, csv, true);
    EXPECT_EQ(job.status, ImportStatus::kSucceeded);
    EXPECT_TRUE(job.dry_run);
    EXPECT_EQ(job.created, 30);
    EXPECT_EQ(job.updated, 0);
    EXPECT_TRUE(job.errors.empty());
    EXPECT_EQ(job.encoding, TextEncoding::kUtf8);
    EXPECT_EQ(Count("catalog_products"), 0);
    EXPECT_EQ(Count("catalog_changes"), 0);
    EXPECT_EQ(changes_, 0);
}

TEST_P(ProductImportTest, AGoodFileCreatesEveryProductAndPublishesTheActiveOnes) {
    std::string csv(kHeader);
    // Two products of three and two variants by their refs (not adjacent), one of a row, and 300 more.
    csv +=
        ",MK,food_fish,순살 고등어구이,Grilled mackerel,면세,판매중,국내산,500,MK-S,8801234567893,size=S,"
        "\"8,900원\",\"8,500\",,7900,2026-11-01,2027-01-01 00:00\r\n";
    csv += ",GG,food_fish,갈치,Hairtail,exempt,draft,국내산,,GG-1,,size=1미,15000,,,,,\r\n";
    csv += ",MK,,,,,,,,MK-M,,size=M,12900,,,,,\r\n";
    csv += ",GG,food_fish,,,,,,,GG-2,,size=2미,28000,,,,,\r\n";
    csv += ",MK,food_fish,순살 고등어구이,,,판매중,,,MK-L,,size=L,16900,,,,,\r\n";
    csv += ",,food_fish,\"=반건조 \"\"특\"\" 오징어\",,과세,,원양산,,SQ-1,,,9900,,,,,\r\n";
    for (int i = 0; i < 300; ++i) csv += Row("N-" + std::to_string(i));
    Import job = RunImport(shop_, csv, false);
    ASSERT_EQ(job.status, ImportStatus::kSucceeded) << (job.errors.empty() ? "" : job.errors[0].message);
    EXPECT_FALSE(job.dry_run);
    EXPECT_EQ(job.created, 303);
    EXPECT_EQ(job.total_rows, 306);
    EXPECT_EQ(job.processed_rows, 306);
    EXPECT_EQ(ProductsOf(shop_), 303);
    EXPECT_EQ(Count("catalog_variants"), 306);
    EXPECT_GE(changes_, 1) << "the portal is told after the commit";

    auto active = products_->List(shop_, {.status = ProductStatus::kActive});
    ASSERT_TRUE(active.ok());
    ASSERT_EQ(active->items.size(), 1u) << "판매중 publishes";
    auto mk = products_->Get(shop_, active->items[0].id);
    ASSERT_TRUE(mk.ok());
    EXPECT_EQ(mk->title_ko, "순살 고등어구이");
    EXPECT_EQ(mk->vat, catalog::VatMode::kExempt);
    EXPECT_EQ(mk->attributes, (json::object{{"origin", "국내산"}, {"weight", 500}}));
    ASSERT_EQ(mk->variants.size(), 3u);
    EXPECT_EQ(mk->variants[0].sku, "MK-S");
    EXPECT_EQ(mk->variants[1].sku, "MK-M");
    EXPECT_EQ(mk->variants[2].sku, "MK-L");
    EXPECT_EQ(mk->variants[0].barcode, "8801234567893");
    EXPECT_EQ(mk->variants[0].options, (json::object{{"size", "S"}}));
    EXPECT_EQ(mk->variants[0].pricing.base, core::Money::Won(8'900));
    ASSERT_EQ(mk->variants[0].pricing.channel_prices.size(), 1u);
    EXPECT_EQ(mk->variants[0].pricing.channel_prices[0].channel, catalog::SalesChannel::kOnline);
    EXPECT_EQ(mk->variants[0].pricing.channel_prices[0].unit, core::Money::Won(8'500));
    ASSERT_EQ(mk->variants[0].pricing.sales.size(), 1u);
    EXPECT_EQ(mk->variants[0].pricing.sales[0].starts, *core::ParseRfc3339("2026-10-31T15:00:00Z"));
    EXPECT_EQ(mk->variants[1].pricing.sales.size(), 0u);

    auto drafts = products_->List(shop_, {.text = "반건조"});
    ASSERT_TRUE(drafts.ok());
    ASSERT_EQ(drafts->items.size(), 1u);
    auto squid = products_->Get(shop_, drafts->items[0].id);
    EXPECT_EQ(squid->title_ko, "=반건조 \"특\" 오징어") << "quotes and a formula-looking title arrive as written";
    EXPECT_EQ(squid->vat, catalog::VatMode::kTaxable);
    EXPECT_EQ(squid->status, ProductStatus::kDraft);
    EXPECT_EQ(Count("catalog_import_files"), 0);
}

TEST_P(ProductImportTest, AFailureInTheMiddleOfTheApplyLeavesNothing) {
    std::string csv(kHeader);
    for (int i = 0; i < 200; ++i) csv += Row("R-" + std::to_string(i));
    // Meanwhile, someone takes the SKU of row 150 (line 151) in the back office.
    imports_->SetBeforeApplyHookForTests([this] {
        catalog::ProductInput input{.category = fish_,
                                    .title_ko = "먼저 등록한 고등어",
                                    .attributes = json::object{{"origin", "국내산"}},
                                    .variants = {{.sku = "R-149", .base_price_won = 1000}}};
        auto made = products_->Create(shop_, input);
        ASSERT_TRUE(made.ok()) << made.error().message;
    });
    const int before = changes_;
    Import job = RunImport(shop_, csv, false);
    EXPECT_EQ(job.status, ImportStatus::kFailed);
    EXPECT_EQ(LinesOf(job), (std::vector<std::pair<std::int64_t, std::string>>{{151, "sku:sku_taken"}}));
    EXPECT_EQ(job.created, 0);
    EXPECT_EQ(ProductsOf(shop_), 1) << "only the product made meanwhile";
    EXPECT_EQ(Count("catalog_variants"), 1);
    EXPECT_EQ(Count("catalog_changes"), 1);
    EXPECT_EQ(changes_, before + 1) << "only the back office's change";
}

TEST_P(ProductImportTest, Cp949AndUtf8FilesMakeTheSameProducts) {
    std::string csv(kHeader);
    csv += ",A,food_fish,국내산 순살 고등어,Mackerel,면세,,국내산,500,MK-1,,크기=대;색상=은빛,\"12,900원\",,,,,\r\n";
    csv += ",A,,,,,,,,MK-2,,크기=소;색상=은빛,8900,,,,,\r\n";
    csv += ",,food_fish,똠얌 새우,Tom yum prawns,과세,,태국산,,TY-1,,,15000,,,,,\r\n";
    auto cp949 = core::EncodeCp949(csv);
    ASSERT_TRUE(cp949.ok());
    ASSERT_NE(*cp949, csv);
    Import from_excel = RunImport(shop_, *cp949, false);
    ASSERT_EQ(from_excel.status, ImportStatus::kSucceeded)
        << (from_excel.errors.empty() ? "" : from_excel.errors[0].message);
    EXPECT_EQ(from_excel.encoding, TextEncoding::kCp949);
    Import from_utf8 = RunImport(other_, "\xEF\xBB\xBF" + csv, false);
    ASSERT_EQ(from_utf8.status, ImportStatus::kSucceeded);
    EXPECT_EQ(from_utf8.encoding, TextEncoding::kUtf8);
    Import told = RunImport(other_, *cp949, true, TextEncoding::kCp949);
    EXPECT_EQ(told.encoding, TextEncoding::kCp949);
    EXPECT_EQ(told.status, ImportStatus::kFailed) << "the same SKUs exist now: " << told.errors.size();

    // Both catalogs export the same, but for the ids (and the order of products made at one moment).
    auto without_ids = [](const std::string& exported) {
        core::CsvTable t = core::ReadCsvTable(exported);
        std::vector<std::vector<std::string>> rows;
        for (const auto& r : t.rows) {
            std::vector<std::string> cells;
            for (std::size_t i = 1; i < r.size(); ++i) cells.emplace_back(r[i]);
            rows.push_back(std::move(cells));
        }
        std::sort(rows.begin(), rows.end());
        return rows;
    };
    std::string exported = Export(shop_);
    auto a = without_ids(exported);
    ASSERT_EQ(a.size(), 3u);
    EXPECT_EQ(a, without_ids(Export(other_)));
    EXPECT_NE(exported.find(",국내산 순살 고등어,"), std::string::npos);
    EXPECT_NE(exported.find(",크기=대;색상=은빛,"), std::string::npos);
    EXPECT_NE(exported.find(",똠얌 새우,"), std::string::npos) << "똠 is in CP949, not in EUC-KR";
}

TEST_P(ProductImportTest, AnExportImportedAgainChangesNothingAndEditedUpdatesInPlace) {
    std::string csv(kHeader);
    csv +=
        ",MK,food_fish,순살 고등어,Mackerel,면세,active,국내산,1.5,MK-S,8801234567893,size=S,8900,8500,8000,7900,"
        "2026-11-01,2099-01-01\r\n";
    csv += ",MK,,,,,,,,MK-L,,size=L,16900,,,,,\r\n";
    csv += ",,food_fish,- 갈치 (특),,exempt,,국내산,,GG-1,,,15000,,,,,\r\n";
    ASSERT_EQ(RunImport(shop_, csv, false).status, ImportStatus::kSucceeded);
    // A volume tier, which the file has no column for: the import keeps it.
    auto mk_id = products_->List(shop_, {.text = "MK-S"})->items.at(0).id;
    auto made = products_->Get(shop_, mk_id);
    ASSERT_TRUE(made.ok());
    catalog::ProductInput with_tier{.category = made->category,
                                    .title_ko = made->title_ko,
                                    .title_en = made->title_en,
                                    .attributes = json::value(made->attributes),
                                    .vat = made->vat};
    for (const auto& v : made->variants) {
        with_tier.variants.push_back({.sku = v.sku,
                                      .barcode = v.barcode.value_or(""),
                                      .options = v.options,
                                      .base_price_won = v.pricing.base.won(),
                                      .channel_prices = v.pricing.channel_prices,
                                      .sales = v.pricing.sales});
    }
    with_tier.variants[0].tiers = {{10, core::Money::Won(7'000)}};
    ASSERT_TRUE(products_->Update(shop_, mk_id, with_tier, made->version).ok());
    auto mk = products_->Get(shop_, mk_id);
    ASSERT_TRUE(mk.ok());
    const catalog::VariantId kept_variant = mk->variants[0].id;
    std::map<std::string, std::int64_t> versions;
    auto listed = products_->List(shop_, {});
    ASSERT_TRUE(listed.ok());
    for (const auto& s : listed->items) versions[s.id.ToString()] = s.version;
    ASSERT_EQ(versions.size(), 2u);

    std::string exported = Export(shop_);
    ASSERT_TRUE(exported.starts_with("\xEF\xBB\xBF"));
    const int before = changes_;
    Import again = RunImport(shop_, exported, false);
    ASSERT_EQ(again.status, ImportStatus::kSucceeded)
        << (again.errors.empty() ? "" : again.errors[0].field + " " + again.errors[0].message);
    EXPECT_EQ(again.created, 0);
    EXPECT_EQ(again.updated, 0);
    EXPECT_EQ(ProductsOf(shop_), 2);
    EXPECT_EQ(changes_, before) << "nothing changed, nothing to tell";
    auto relisted = products_->List(shop_, {});
    ASSERT_TRUE(relisted.ok());
    for (const auto& s : relisted->items) EXPECT_EQ(s.version, versions[s.id.ToString()]);

    // CP949 too.
    Import cp949 = RunImport(shop_, Export(shop_, TextEncoding::kCp949), true);
    EXPECT_EQ(cp949.status, ImportStatus::kSucceeded);
    EXPECT_EQ(cp949.updated, 0);

    // An edited price and a new variant: the same product, its kept variant keeps its id.
    std::string edited = exported;
    auto at = edited.find(",16900,");
    ASSERT_NE(at, std::string::npos);
    edited.replace(at, 7, ",17900,");
    edited += mk_id.ToString() + std::string(12, ',') + "MK-XL,,size=XL,,21900" + std::string(6, ',') + "\r\n";
    Import update = RunImport(shop_, edited, false);
    ASSERT_EQ(update.status, ImportStatus::kSucceeded)
        << (update.errors.empty() ? "" : update.errors[0].field + " " + update.errors[0].message);
    EXPECT_EQ(update.created, 0);
    EXPECT_EQ(update.updated, 1);
    EXPECT_EQ(ProductsOf(shop_), 2);
    auto after = products_->Get(shop_, mk_id);
    ASSERT_TRUE(after.ok());
    ASSERT_EQ(after->variants.size(), 3u);
    EXPECT_EQ(after->variants[0].id, kept_variant);
    EXPECT_EQ(after->variants[1].pricing.base, core::Money::Won(17'900));
    EXPECT_EQ(after->variants[2].sku, "MK-XL");
    EXPECT_EQ(after->status, ProductStatus::kActive);
    EXPECT_EQ(after->variants[0].pricing.sales.size(), 1u) << "the sale the file shows stays";
    ASSERT_EQ(after->variants[0].pricing.tiers.size(), 1u) << "so does the tier it does not show";
    EXPECT_EQ(after->variants[0].pricing.tiers[0].unit, core::Money::Won(7'000));
    EXPECT_EQ(after->attributes, mk->attributes);
    EXPECT_EQ(after->version, mk->version + 1);
}

TEST_P(ProductImportTest, AnotherMerchantsProductIdIsRefused) {
    catalog::ProductInput input{.category = fish_,
                                .title_ko = "옆가게 고등어",
                                .attributes = json::object{{"origin", "국내산"}},
                                .variants = {{.sku = "THEIRS", .base_price_won = 1000}}};
    auto theirs = products_->Create(other_, input);
    ASSERT_TRUE(theirs.ok());
    std::string csv(kHeader);
    csv += theirs->id.ToString() + ",,food_fish,가로챈 고등어,,exempt,,국내산,,THEIRS,,,1,,,,,\r\n";
    csv += "prd_0000000000001,,food_fish,없는 상품,,exempt,,국내산,,GHOST,,,1,,,,,\r\n";
    csv += "not-an-id,,food_fish,엉터리,,exempt,,국내산,,JUNK,,,1,,,,,\r\n";
    Import job = RunImport(shop_, csv, false);
    EXPECT_EQ(job.status, ImportStatus::kFailed);
    EXPECT_EQ(LinesOf(job), (std::vector<std::pair<std::int64_t, std::string>>{{2, "product_id:product_not_found"},
                                                                               {3, "product_id:product_not_found"},
                                                                               {4, "product_id:product_not_found"}}));
    auto unchanged = products_->Get(other_, theirs->id);
    ASSERT_TRUE(unchanged.ok());
    EXPECT_EQ(unchanged->title_ko, "옆가게 고등어");
    EXPECT_EQ(unchanged->version, 1);
    EXPECT_EQ(ProductsOf(shop_), 0);
    // Nor can it read the other merchant's import.
    auto read = imports_->Get(other_, job.id);
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().reason, "import_not_found");
}

TEST_P(ProductImportTest, RowProblemsAreReportedByLineAndColumn) {
    std::string csv(kHeader);
    csv += ",P,food_fish,고등어,,exempt,,국내산,,P-1,,,1000,,,,,\r\n";  // 2: fine
    csv += ",P,food_fish,갈치,,taxable,,,,P-2,,,-1,,,,,\r\n";           // 3: other title and vat, price
    csv += ",,food_fish,,Mackerel,영세,sold,,무거움,Q 1,8.80123E+12,size,12.5,x,,,,\r\n";  // 4
    csv += ",,food_fish,오징어,,exempt,,국내산,,R-1,,,1000,,,9000,,2026-13-01\r\n";        // 5: sale without a start
    csv += ",,food_fish,문어,,exempt,archived,국내산,,R-2,,,1000,,,,,\r\n";  // 6: draft → archived is fine
    csv += "\"unclosed,,\r\n";                                               // 7: to the end
    Import job = RunImport(shop_, csv, true);
    EXPECT_EQ(job.status, ImportStatus::kFailed);
    EXPECT_EQ(LinesOf(job), (std::vector<std::pair<std::int64_t, std::string>>{{3, "title_ko:conflicting_value"},
                                                                               {3, "vat:conflicting_value"},
                                                                               {3, "base_price_won:out_of_range"},
                                                                               {4, "title_ko:required"},
                                                                               {4, "vat:invalid_vat"},
                                                                               {4, "status:invalid_status"},
                                                                               {4, "attr:origin:required"},
                                                                               {4, "attr:weight:wrong_type"},
                                                                               {4, "sku:invalid_sku"},
                                                                               {4, "barcode:scientific_notation"},
                                                                               {4, "options:invalid_options"},
                                                                               {4, "base_price_won:not_whole_won"},
                                                                               {4, "online_price_won:invalid_number"},
                                                                               {5, "sale_starts_at:required"},
                                                                               {5, "sale_ends_at:invalid_time"},
                                                                               {7, "row:unclosed_quote"}}));
    EXPECT_EQ(job.created, 0);
    EXPECT_EQ(Count("catalog_products"), 0);
}

TEST_P(ProductImportTest, HeaderProblemsStopAtLineOne) {
    Import unknown = RunImport(shop_, "sku,price,상품명,상품명\r\nA,1,가,가\r\n", true);
    EXPECT_EQ(unknown.status, ImportStatus::kFailed);
    EXPECT_EQ(LinesOf(unknown), (std::vector<std::pair<std::int64_t, std::string>>{{1, "price:unknown_column"},
                                                                                   {1, "상품명:duplicate_column"}}));
    EXPECT_EQ(unknown.processed_rows, 0);
    Import missing = RunImport(shop_, "sku,title_ko\r\nA,가\r\n", true);
    EXPECT_EQ(LinesOf(missing), (std::vector<std::pair<std::int64_t, std::string>>{
                                    {1, "category_code:missing_column"}, {1, "base_price_won:missing_column"}}));
}

TEST_P(ProductImportTest, ErrorsAreCutAtAThousand) {
    std::string csv(kHeader);
    for (int i = 0; i < 1500; ++i) csv += Row("E-" + std::to_string(i), "free");
    Import job = RunImport(shop_, csv, true);
    EXPECT_EQ(job.status, ImportStatus::kFailed);
    EXPECT_EQ(job.errors.size(), 1000u);
    EXPECT_TRUE(job.errors_truncated);
    EXPECT_EQ(job.errors.front().line, 2);
    EXPECT_EQ(job.errors.back().line, 1001);
}

TEST_P(ProductImportTest, BadFilesAndFullQueuesAreRefusedAtOnce) {
    auto code = [&](std::string_view bytes, std::optional<TextEncoding> encoding = std::nullopt) {
        auto r = imports_->Submit(shop_, {.bytes = bytes, .encoding = encoding}, {});
        if (r.ok()) return std::string("accepted");
        return r.error().reason + "/" + (r.error().fields.empty() ? "" : r.error().fields[0].field);
    };
    EXPECT_EQ(code(""), "empty_file/file");
    EXPECT_EQ(code("sku\r\n\r\n"), "no_rows/file");
    EXPECT_EQ(code(std::string_view("sku\0x\n1\n", 8)), "undecodable_text/file");
    EXPECT_EQ(code("sku\n\xB0\xED\n", TextEncoding::kUtf8), "undecodable_text/file") << "CP949 said to be UTF-8";
    EXPECT_EQ(code("\xEF\xBB\xBFsku\n1\n", TextEncoding::kCp949), "undecodable_text/file");
    std::string many = "sku\n";
    for (int i = 0; i <= 10'000; ++i) many += "S" + std::to_string(i) + "\n";
    EXPECT_EQ(code(many), "too_many_rows/file");
    std::string big(imports_->options().max_bytes + 1, 'a');
    EXPECT_EQ(code(big), "file_too_large/file");
    EXPECT_EQ(Count("catalog_imports"), 0);

    // Three waiting jobs of one merchant, then 429; five of all, then 429 for everyone.
    std::string csv = std::string(kHeader) + Row("Q-1");
    for (int i = 0; i < 3; ++i) Submit(shop_, csv, true);
    auto full = imports_->Submit(shop_, {.bytes = csv, .dry_run = true}, {});
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().code, core::ErrorCode::kResourceExhausted);
    EXPECT_EQ(full.error().reason, "import_queue_full");
    EXPECT_GT(full.error().retry_after_seconds, 0);
    Submit(other_, csv, true);
    Submit(other_, csv, true);
    EXPECT_FALSE(imports_->Submit(other_, {.bytes = csv, .dry_run = true}, {}).ok());
    // Running them frees the queue.
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(*imports_->RunOnce());
    EXPECT_FALSE(*imports_->RunOnce());
    EXPECT_TRUE(imports_->Submit(shop_, {.bytes = csv, .dry_run = true}, {}).ok());
}

TEST_P(ProductImportTest, AJobWhoseServerDiedIsTakenUpAgainThenGivenUp) {
    std::string csv = std::string(kHeader) + Row("Z-1");
    Import job = Submit(shop_, csv, false);
    // As if a server had claimed it and died: running, its claim not yet run out.
    Script("UPDATE catalog_imports SET status = 'running', attempts = 1, lease_until_us = " +
           std::to_string(core::ToUnixMicros(clock_.Now() + 1min)));
    EXPECT_FALSE(*imports_->RunOnce()) << "another server may still be working on it";
    clock_.Advance(2min);
    ASSERT_TRUE(*imports_->RunOnce());
    Import done = *imports_->Get(shop_, job.id);
    EXPECT_EQ(done.status, ImportStatus::kSucceeded);
    EXPECT_EQ(ProductsOf(shop_), 1);

    Import doomed = Submit(shop_, std::string(kHeader) + Row("Z-2"), false);
    Script("UPDATE catalog_imports SET status = 'running', attempts = 3, lease_until_us = 1 WHERE status = 'queued'");
    EXPECT_TRUE(*imports_->RunOnce());
    Import given_up = *imports_->Get(shop_, doomed.id);
    EXPECT_EQ(given_up.status, ImportStatus::kFailed);
    EXPECT_EQ(LinesOf(given_up), (std::vector<std::pair<std::int64_t, std::string>>{{0, "file:interrupted"}}));
    EXPECT_EQ(ProductsOf(shop_), 1);
    EXPECT_EQ(Count("catalog_import_files"), 0);

    // Finished jobs are purged after a while.
    clock_.Advance(24h * 31);
    auto purged = imports_->PurgeFinishedBefore(clock_.Now() - 24h * 30);
    ASSERT_TRUE(purged.ok());
    EXPECT_EQ(*purged, 2);
    EXPECT_EQ(Count("catalog_imports"), 0);
}

TEST_P(ProductImportTest, TheWorkerRunsJobsAndStopsPromptly) {
    imports_->Start();
    std::string csv = std::string(kHeader) + Row("W-1");
    Import job = Submit(shop_, csv, false);
    Import seen;
    for (int i = 0; i < 200; ++i) {
        seen = *imports_->Get(shop_, job.id);
        if (seen.status == ImportStatus::kSucceeded || seen.status == ImportStatus::kFailed) break;
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_EQ(seen.status, ImportStatus::kSucceeded);
    imports_->Stop();
    imports_->Stop();
    EXPECT_EQ(ProductsOf(shop_), 1);
}

JANGTEO_STORE_BACKENDS(ProductImportTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test

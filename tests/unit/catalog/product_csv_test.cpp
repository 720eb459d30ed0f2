// The product file's cells and columns: prices in whole won as Korean spreadsheets write them,
// options with their escapes, times in Korea's time, VAT and status in English or Korean, attribute
// values by type, the header in either language, and a catalog written out and read back.
#include "catalog/product_csv.hpp"

#include <gtest/gtest.h>

#include "core/csv.hpp"

namespace jangteo::catalog {
namespace {

using namespace std::chrono_literals;
namespace json = core::json;
using core::CsvRecord;
using core::CsvTable;
using core::ReadCsvTable;

std::string CodeOf(const core::Error& e) {
    return e.fields.empty() ? "(no field)" : e.fields[0].code;
}

TEST(ProductCsvTest, PricesInWholeWon) {
    struct Case {
        std::string_view cell;
        std::int64_t won;
    };
    for (const Case& c :
         {Case{"12900", 12900}, Case{"12,900", 12900}, Case{"12,900원", 12900}, Case{"12900 원", 12900},
          Case{"₩12,900", 12900}, Case{"￦ 1,234,567", 1234567}, Case{" 0 ", 0}, Case{"12900.00", 12900},
          Case{"\xE3\x80\x80"
               "500",
               500},
          Case{"1,000,000,000,000", 1'000'000'000'000}, Case{"007", 7}}) {
        auto won = ParseWonCell(c.cell, "base_price_won");
        ASSERT_TRUE(won.ok()) << c.cell << ": " << won.error().message;
        EXPECT_EQ(*won, c.won) << c.cell;
    }
    struct Bad {
        std::string_view cell;
        std::string_view code;
    };
    for (const Bad& b :
         {Bad{"12.5", "not_whole_won"}, Bad{"12,900.50", "not_whole_won"}, Bad{"-1", "out_of_range"},
          Bad{"-12,900원", "out_of_range"}, Bad{"1,000,000,000,001", "out_of_range"},
          Bad{"99999999999999999999999", "out_of_range"}, Bad{"abc", "invalid_number"}, Bad{"12,90", "invalid_number"},
          Bad{"1,2900", "invalid_number"}, Bad{"1e5", "invalid_number"}, Bad{"12.", "invalid_number"},
          Bad{"원", "invalid_number"}, Bad{"", "required"}, Bad{"  ", "required"}, Bad{"+5", "invalid_number"}}) {
        auto won = ParseWonCell(b.cell, "base_price_won");
        ASSERT_FALSE(won.ok()) << b.cell;
        EXPECT_EQ(CodeOf(won.error()), b.code) << b.cell;
        EXPECT_EQ(won.error().fields[0].field, "base_price_won");
    }
}

TEST(ProductCsvTest, WeightsInWholeGrams) {
    EXPECT_EQ(*ParseGramsCell("500", "weight_grams"), 500);
    EXPECT_EQ(*ParseGramsCell("1,200g", "weight_grams"), 1200);
    EXPECT_EQ(*ParseGramsCell("500 G", "weight_grams"), 500);
    EXPECT_EQ(CodeOf(ParseGramsCell("0.5", "weight_grams").error()), "not_whole_number");
    EXPECT_EQ(CodeOf(ParseGramsCell("100,000,001", "weight_grams").error()), "out_of_range");
    EXPECT_EQ(CodeOf(ParseGramsCell("500kg", "weight_grams").error()), "invalid_number");
}

TEST(ProductCsvTest, OptionsWithTheirEscapes) {
    auto two = ParseOptionsCell("size=L;colour=red", "options");
    ASSERT_TRUE(two.ok());
    EXPECT_EQ(*two, (json::object{{"size", "L"}, {"colour", "red"}}));
    auto spaced = ParseOptionsCell(" 크기 = 대 ; 색상=빨강 ;", "options");
    ASSERT_TRUE(spaced.ok()) << spaced.error().message;
    EXPECT_EQ(*spaced, (json::object{{"크기", "대"}, {"색상", "빨강"}}));
    auto escaped = ParseOptionsCell(R"(set=1\;2;ratio=a\=b;path=c\\d)", "options");
    ASSERT_TRUE(escaped.ok());
    EXPECT_EQ(*escaped, (json::object{{"set", "1;2"}, {"ratio", "a=b"}, {"path", "c\\d"}}));
    EXPECT_TRUE(ParseOptionsCell("", "options")->empty());
    EXPECT_EQ(*ParseOptionsCell("note=x=y", "options"), (json::object{{"note", "x=y"}})) << "the first '=' divides";
    EXPECT_EQ(CodeOf(ParseOptionsCell("size", "options").error()), "invalid_options");
    EXPECT_EQ(CodeOf(ParseOptionsCell("=L", "options").error()), "invalid_options");
    EXPECT_EQ(CodeOf(ParseOptionsCell("size=L;size=M", "options").error()), "duplicate_option");
    EXPECT_EQ(CodeOf(ParseOptionsCell("size=L\\", "options").error()), "invalid_options");

    json::object tricky{{"set", "1;2"}, {"a=b", "c\\d"}, {"size", "L"}};
    std::string cell = FormatOptionsCell(tricky);
    EXPECT_EQ(cell, R"(set=1\;2;a\=b=c\\d;size=L)");
    EXPECT_EQ(*ParseOptionsCell(cell, "options"), tricky);
}

TEST(ProductCsvTest, TimesInKoreasTimeOrRfc3339) {
    const core::TimePoint midnight_kst = *core::ParseRfc3339("2026-11-30T15:00:00Z");
    for (std::string_view cell :
         {"2026-12-01", "2026-12-01 00:00", "2026-12-01 0:00", "2026/12/01 00:00:00", "2026.12.01", "2026.12.01.",
          "2026-12-01T00:00:00+09:00", "2026-11-30T15:00:00Z", "2026-12-1"}) {
        auto t = ParseTimeCell(cell, "sale_starts_at");
        ASSERT_TRUE(t.ok()) << cell;
        EXPECT_EQ(*t, midnight_kst) << cell;
    }
    EXPECT_EQ(*ParseTimeCell("2026-12-01 9:30", "x"), midnight_kst + 9h + 30min);
    for (std::string_view cell : {"2026-02-30", "2026-13-01", "26-12-01", "2026-12-01 24:00", "tomorrow",
                                  "2026-12-01 9", "2026-12-01T", "12/01/2026"}) {
        auto t = ParseTimeCell(cell, "sale_ends_at");
        ASSERT_FALSE(t.ok()) << cell;
        EXPECT_EQ(CodeOf(t.error()), "invalid_time");
    }
    EXPECT_EQ(FormatTimeCell(midnight_kst), "2026-12-01T00:00:00+09:00");
    EXPECT_EQ(*ParseTimeCell(FormatTimeCell(midnight_kst + 1500ms), "x"), midnight_kst + 1500ms);
}

TEST(ProductCsvTest, VatAndStatusInEitherLanguage) {
    EXPECT_EQ(*ParseVatCell("과세", "vat"), VatMode::kTaxable);
    EXPECT_EQ(*ParseVatCell("Exempt", "vat"), VatMode::kExempt);
    EXPECT_EQ(*ParseVatCell("면세", "vat"), VatMode::kExempt);
    EXPECT_EQ(CodeOf(ParseVatCell("영세", "vat").error()), "invalid_vat");
    EXPECT_EQ(*ParseStatusCell("판매중", "status"), ProductStatus::kActive);
    EXPECT_EQ(*ParseStatusCell("ACTIVE", "status"), ProductStatus::kActive);
    EXPECT_EQ(*ParseStatusCell("임시저장", "status"), ProductStatus::kDraft);
    EXPECT_EQ(*ParseStatusCell("archived", "status"), ProductStatus::kArchived);
    EXPECT_EQ(CodeOf(ParseStatusCell("sold", "status").error()), "invalid_status");
}

TEST(ProductCsvTest, AttributeValuesByType) {
    AttributeDef grams{.code = "weight", .type = AttributeType::kDecimal};
    EXPECT_EQ(AttributeFromCell(grams, "500"), json::value(500));
    EXPECT_EQ(AttributeFromCell(grams, "1,250.5"), json::value(1250.5));
    EXPECT_EQ(AttributeFromCell(grams, "약 500"), json::value("약 500")) << "left for the category's check";
    AttributeDef year{.code = "harvest_year", .type = AttributeType::kInteger};
    EXPECT_EQ(AttributeFromCell(year, "2026"), json::value(2026));
    EXPECT_EQ(AttributeFromCell(year, "-3"), json::value(-3));
    EXPECT_EQ(AttributeFromCell(year, "2026.5"), json::value("2026.5"));
    AttributeDef organic{.code = "organic", .type = AttributeType::kBoolean};
    EXPECT_EQ(AttributeFromCell(organic, "예"), json::value(true));
    EXPECT_EQ(AttributeFromCell(organic, "FALSE"), json::value(false));
    AttributeDef storage{.code = "storage",
                         .type = AttributeType::kChoice,
                         .choices = {{"frozen", "냉동", "Frozen"}, {"chilled", "냉장", "Chilled"}}};
    EXPECT_EQ(AttributeFromCell(storage, "냉동"), json::value("frozen"));
    EXPECT_EQ(AttributeFromCell(storage, "chilled"), json::value("chilled"));
    EXPECT_EQ(AttributeFromCell(storage, "frozen "), json::value("frozen"));
    EXPECT_EQ(AttributeFromCell(storage, "CHILLED"), json::value("chilled")) << "the English name, any case";
    AttributeDef origin{.code = "origin"};
    EXPECT_EQ(AttributeFromCell(origin, " 국내산 "), json::value("국내산"));

    EXPECT_EQ(AttributeCell(json::value(1250.5)), "1250.5");
    EXPECT_EQ(AttributeCell(json::value(500)), "500");
    EXPECT_EQ(AttributeCell(json::value(true)), "true");
    EXPECT_EQ(AttributeCell(json::value("국내산")), "국내산");
}

TEST(ProductCsvTest, HeadersInEnglishOrKorean) {
    EXPECT_EQ(ParseHeaderCell("title_ko"), (HeaderCell{ProductColumn::kTitleKo, ""}));
    EXPECT_EQ(ParseHeaderCell(" 상품명 "), (HeaderCell{ProductColumn::kTitleKo, ""}));
    EXPECT_EQ(ParseHeaderCell("SKU"), (HeaderCell{ProductColumn::kSku, ""}));
    EXPECT_EQ(ParseHeaderCell("기본가 (원)"), (HeaderCell{ProductColumn::kBasePrice, ""}));
    EXPECT_EQ(ParseHeaderCell("attr:origin"), (HeaderCell{ProductColumn::kAttribute, "origin"}));
    EXPECT_EQ(ParseHeaderCell("속성:origin"), (HeaderCell{ProductColumn::kAttribute, "origin"}));
    EXPECT_EQ(ParseHeaderCell("attr:"), std::nullopt);
    EXPECT_EQ(ParseHeaderCell("attr:원산지"), std::nullopt);
    EXPECT_EQ(ParseHeaderCell("price"), std::nullopt);
    EXPECT_EQ(ColumnName({ProductColumn::kAttribute, "origin"}), "attr:origin");

    std::vector<std::string> good = {"sku", "상품명", "attr:origin", "base_price_won"};
    auto header = ReadProductHeader(good);
    ASSERT_TRUE(header.ok());
    EXPECT_EQ(header->At(ProductColumn::kTitleKo), 1);
    EXPECT_EQ(header->At(ProductColumn::kBarcode), -1);
    ASSERT_EQ(header->attributes.size(), 1u);
    EXPECT_EQ(header->attributes[0], (std::pair<std::string, int>{"origin", 2}));

    std::vector<std::string> bad = {"title_ko", "상품명", "price", "attr:origin", "속성:origin"};
    auto refused = ReadProductHeader(bad);
    ASSERT_FALSE(refused.ok());
    std::vector<std::pair<std::string, std::string>> problems;
    for (const auto& f : refused.error().fields) problems.emplace_back(f.field, f.code);
    EXPECT_EQ(problems, (std::vector<std::pair<std::string, std::string>>{{"상품명", "duplicate_column"},
                                                                          {"price", "unknown_column"},
                                                                          {"속성:origin", "duplicate_column"},
                                                                          {"sku", "missing_column"}}));
}

TEST(ProductCsvTest, TheSaleAFileShows) {
    const core::TimePoint now = *core::ParseRfc3339("2026-12-01T00:00:00Z");
    SalePrice past{.unit = core::Money::Won(1), .starts = now - 48h, .ends = now - 24h};
    SalePrice running{.unit = core::Money::Won(2), .starts = now - 1h, .ends = now + 1h};
    SalePrice next{.unit = core::Money::Won(3), .starts = now + 24h, .ends = now + 48h};
    SalePrice shop_only{
        .unit = core::Money::Won(4), .starts = now - 1h, .ends = now + 1h, .channel = SalesChannel::kShop};
    std::vector<SalePrice> all = {past, next, running, shop_only};
    EXPECT_EQ(SaleForFile(all, now)->unit, core::Money::Won(2));
    std::vector<SalePrice> later = {past, next};
    EXPECT_EQ(SaleForFile(later, now)->unit, core::Money::Won(3));
    std::vector<SalePrice> over = {past};
    EXPECT_EQ(SaleForFile(over, now)->unit, core::Money::Won(1));
    std::vector<SalePrice> channel = {shop_only};
    EXPECT_EQ(SaleForFile(channel, now), std::nullopt);
}

TEST(ProductCsvTest, ACatalogWrittenOutHasOneRowPerVariant) {
    Category food{.id = CategoryId(1), .code = "food", .name_ko = "식품", .name_en = "Food"};
    food.attributes = {{.code = "origin", .name_ko = "원산지", .name_en = "Origin", .required = true}};
    Category fish{
        .id = CategoryId(2), .parent = CategoryId(1), .code = "food_fish", .name_ko = "생선", .name_en = "Fish"};
    fish.attributes = {{.code = "weight", .name_ko = "중량", .name_en = "Weight", .type = AttributeType::kDecimal}};
    CategoryTree tree({food, fish}, 1);
    const core::TimePoint now = *core::ParseRfc3339("2026-12-01T00:00:00Z");
    Product p;
    p.id = ProductId(77);
    p.category = CategoryId(2);
    p.title_ko = "=순살 고등어";
    p.title_en = "Mackerel, boneless";
    p.description = "- 국내산\n- 냉동";
    p.attributes = json::object{{"origin", "국내산"}, {"weight", 1.5}};
    p.vat = VatMode::kExempt;
    p.status = ProductStatus::kActive;
    Variant small{
        .sku = "MK-500", .barcode = "8801234567893", .options = json::object{{"size", "500g"}}, .weight_grams = 500};
    small.pricing.base = core::Money::Won(12900);
    small.pricing.channel_prices = {{SalesChannel::kShop, core::Money::Won(12000)}};
    small.pricing.sales = {{.unit = core::Money::Won(9900), .starts = now - 1h, .ends = now + 24h}};
    Variant big{.sku = "MK-1KG"};
    big.pricing.base = core::Money::Won(22900);
    p.variants = {small, big};
    std::vector<Product> products = {p};

    CsvTable table = ReadCsvTable(RenderProductCsv(products, tree, now));
    EXPECT_EQ(table.header, (std::vector<std::string>{"product_id",
                                                      "product_ref",
                                                      "category_code",
                                                      "title_ko",
                                                      "title_en",
                                                      "brand",
                                                      "vat",
                                                      "status",
                                                      "description",
                                                      "attr:origin",
                                                      "attr:weight",
                                                      "sku",
                                                      "barcode",
                                                      "options",
                                                      "weight_grams",
                                                      "base_price_won",
                                                      "online_price_won",
                                                      "shop_price_won",
                                                      "business_price_won",
                                                      "sale_price_won",
                                                      "sale_starts_at",
                                                      "sale_ends_at"}));
    ASSERT_EQ(table.rows.size(), 2u);
    ASSERT_TRUE(table.bad.empty());
    const CsvRecord& row = table.rows[0];
    EXPECT_EQ(row[0], p.id.ToString());
    EXPECT_EQ(row[2], "food_fish");
    EXPECT_EQ(row[3], "'=순살 고등어") << "protected against formulas";
    EXPECT_EQ(row[4], "Mackerel, boneless");
    EXPECT_EQ(row[6], "exempt");
    EXPECT_EQ(row[7], "active");
    EXPECT_EQ(row[8], "'- 국내산\n- 냉동");
    EXPECT_EQ(row[9], "국내산");
    EXPECT_EQ(row[10], "1.5");
    EXPECT_EQ(row[11], "MK-500");
    EXPECT_EQ(row[12], "8801234567893");
    EXPECT_EQ(row[13], "size=500g");
    EXPECT_EQ(row[14], "500");
    EXPECT_EQ(row[15], "12900");
    EXPECT_EQ(row[16], "");
    EXPECT_EQ(row[17], "12000");
    EXPECT_EQ(row[19], "9900");
    EXPECT_EQ(row[20], "2026-12-01T08:00:00+09:00");
    EXPECT_EQ(row[21], "2026-12-02T09:00:00+09:00");
    EXPECT_EQ(table.rows[1][3], "'=순살 고등어") << "the product's columns on each of its rows";
    EXPECT_EQ(table.rows[1][11], "MK-1KG");
    EXPECT_EQ(table.rows[1][19], "");
}

TEST(ProductCsvTest, TheTemplateHasTheKoreanHeaderAndAnExample) {
    CsvTable table = ReadCsvTable(RenderTemplateCsv());
    auto header = ReadProductHeader(table.header);
    ASSERT_TRUE(header.ok()) << header.error().message;
    EXPECT_EQ(table.header[3], "상품명");
    ASSERT_EQ(table.rows.size(), 1u);
    EXPECT_EQ(table.rows[0][header->At(ProductColumn::kCategoryCode)], "food_seafood_fish");
    EXPECT_EQ(*ParseWonCell(table.rows[0][header->At(ProductColumn::kBasePrice)], "x"), 12900);
}

}  // namespace
}  // namespace jangteo::catalog

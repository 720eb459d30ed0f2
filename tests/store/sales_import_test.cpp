// Legacy counter sales from CSV on every backend: a CP949 file with Korean headers goes in whole,
// once (a second import skips it, a changed receipt is reported and left alone), a receipt with a bad
// row is left out whole while every bad row is reported by line and column, a dry run writes nothing,
// and a file that cannot be read at all says why and writes nothing.
#include "channels/sales_import.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog/product.hpp"
#include "channels/pos_sale.hpp"
#include "core/encoding.hpp"
#include "inventory/location.hpp"
#include "orders_fixture.hpp"

namespace jangteo::store_test {
namespace {

class SalesImportTest : public OrdersFixture {
protected:
    void SetUp() override {
        OrdersFixture::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        std::vector<store::Migration> rest;
        for (const auto& m : catalog::SchemaMigrations()) rest.push_back(m);
        for (const auto& m : inventory::SchemaMigrations()) rest.push_back(m);
        for (const auto& m : channels::SchemaMigrations()) rest.push_back(m);
        std::vector<store::Migration> all;
        for (const auto& m : platform::SchemaMigrations()) all.push_back(m);
        for (const auto& m : orders::SchemaMigrations()) all.push_back(m);
        all.insert(all.end(), rest.begin(), rest.end());
        auto applied = store::Migrator(db(), all).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        inventory::LocationService locations(db(), clock_, random_, platform::BusanRegion());
        auto shop = locations.Create(fish_shop_, {.kind = inventory::LocationKind::kShop,
                                                  .name_ko = "자갈치점",
                                                  .district_code = "26110",
                                                  .postal_code = "48983",
                                                  .road_address = "부산 중구 자갈치해안로 52"});
        ASSERT_TRUE(shop.ok()) << shop.error().message;
        location_ = shop->id.key();
        importer_.emplace(db(), clock_, random_);
    }

    core::Result<channels::SalesImportSummary> Import(std::string_view bytes, bool dry_run = false) {
        issues_.clear();
        channels::SalesImportOptions o{.dry_run = dry_run};
        o.on_issue = [this](const channels::ImportIssue& i) { issues_.push_back(i); };
        o.resolve_codes = [](store::Tx&, std::span<const std::string> codes)
            -> core::Result<std::unordered_map<std::string, channels::CodeMatch>> {
            // The catalog's lookup in production; here two known codes are enough.
            std::unordered_map<std::string, channels::CodeMatch> out;
            for (const auto& c : codes) {
                if (c == "MK-500") out.emplace(c, channels::CodeMatch{101, "MK-500"});
                if (c == "8801234567893") out.emplace(c, channels::CodeMatch{102, "MK-1K"});
            }
            return out;
        };
        return importer_->Run(fish_shop_, location_, bytes, o);
    }

    bool Reported(std::int64_t line, std::string_view field, std::string_view code) const {
        for (const auto& i : issues_) {
            if (i.line == line && i.field == field && i.code == code) return true;
        }
        return false;
    }

    std::int64_t location_ = 0;
    std::optional<channels::SalesImporter> importer_;
    std::vector<channels::ImportIssue> issues_;
};

constexpr std::string_view kGood =
    "영수증번호,판매일시,상품코드,상품명,수량,단가,할인,금액,결제수단,고객전화,판매자\r\n"
    "A-1,2023-05-01 14:23,MK-500,순살 고등어,2,\"9,900\",0,19800,카드,01012345678,박점원\r\n"
    "A-1,2023-05-01 14:23,8801234567893,고등어 1kg,1,17900원,900,17000,카드,01012345678,박점원\r\n"
    "A-2,2023/05/02 09:05:30,OLD-77,구 갈치,1,12000,,,현금,,\r\n"
    "A-3,20230503,MK-500,순살 고등어,-1,9900,0,,현금,,\r\n";

TEST_P(SalesImportTest, AKoreanExcelFileGoesInWholeAndOnce) {
    auto cp949 = core::EncodeCp949(kGood);
    ASSERT_TRUE(cp949.ok());
    auto r = Import(*cp949);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->encoding, "cp949");
    EXPECT_EQ(r->rows, 4);
    EXPECT_EQ(r->bad_rows, 0);
    EXPECT_EQ(r->sales, 3);
    EXPECT_EQ(r->sales_imported, 3);
    EXPECT_EQ(r->lines_imported, 4);
    EXPECT_EQ(r->amount_won, 19800 + 17000 + 12000 - 9900) << "the return subtracts";
    EXPECT_EQ(r->unmatched_codes, 1);
    EXPECT_TRUE(issues_.empty());
    EXPECT_EQ(Count("channels_pos_sales"), 3);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM channels_pos_sales WHERE source = 'import' AND kind = 'return'"), 1);
    EXPECT_EQ(QueryInt("SELECT total_won FROM channels_pos_sales WHERE receipt_no = 'A-1'"), 36800);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM channels_pos_sales WHERE customer_phone = '010-1234-5678'"), 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM channels_pos_sale_lines WHERE variant_id = 102"), 1) << "by barcode";
    EXPECT_EQ(QueryInt("SELECT count(*) FROM channels_pos_payments WHERE method = 'card' AND amount_won = 36800"), 1);
    EXPECT_EQ(Count("inventory_movements"), 0) << "history does not move today's stock";

    // Again: nothing new. A receipt changed since: reported, left as it was.
    auto again = Import(*cp949);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->sales_imported, 0);
    EXPECT_EQ(again->sales_already, 3);
    std::string changed(kGood);
    changed.replace(changed.find("12000"), 5, "13000");
    auto edited = Import(changed);
    ASSERT_TRUE(edited.ok());
    EXPECT_EQ(edited->sales_already, 2);
    EXPECT_EQ(edited->sales_left_out, 1);
    EXPECT_TRUE(Reported(4, "receipt_no", "receipt_changed"));
    EXPECT_EQ(QueryInt("SELECT total_won FROM channels_pos_sales WHERE receipt_no = 'A-2'"), 12000);
    EXPECT_EQ(Count("channels_pos_sales"), 3);
}

TEST_P(SalesImportTest, BadRowsAreReportedAndTheirReceiptsLeftOutWhole) {
    std::string text =
        "receipt_no,sold_at,code,title,quantity,unit_price,amount,payment_method,customer_phone\n"
        "B-1,2023-06-01 10:00,MK-500,고등어,1,9900,9900,cash,\n"
        "B-1,2023-06-01 10:00,MK-500,고등어,x,9900,,cash,\n"          // bad quantity: B-1 left out whole
        "B-2,yesterday,MK-500,고등어,1,9900,,cash,\n"                 // bad time
        "B-3,2023-06-01 11:00,MK-500,고등어,2,9900,10000,bitcoin,\n"  // wrong amount, unknown method
        "B-4,2023-06-01 12:00,MK-500,고등어,1,9900,,card,010-12\n"    // bad phone
        ",2023-06-01 12:00,MK-500,고등어,1,9900,,card,\n"             // no receipt
        "B-5,2023-06-01 13:00,MK-500,고등어,1,9900\n"                 // too few fields
        "B-6,2023-06-01 14:00,,,1,9900,,card,\n"                      // neither code nor title
        "B-7,2023-06-01 15:00,MK-500,고등어,1,9900,,card,\n"
        "B-7,2023-06-01 15:05,MK-500,고등어,1,9900,,card,\n"       // another time in one receipt
        "B-8,2023-06-01 16:00,MK-500,고등어,3,9900,,transfer,\n";  // good
    auto dry = Import(text, true);
    ASSERT_TRUE(dry.ok()) << dry.error().message;
    EXPECT_EQ(Count("channels_pos_sales"), 0) << "a dry run writes nothing";
    EXPECT_EQ(dry->sales_imported, 1);
    auto r = Import(text);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->rows, 11);
    EXPECT_EQ(r->bad_rows, 8);
    EXPECT_EQ(r->sales_imported, 1);
    EXPECT_EQ(r->sales_left_out, 7);
    EXPECT_TRUE(Reported(3, "quantity", "invalid_quantity"));
    EXPECT_TRUE(Reported(4, "sold_at", "invalid_time"));
    EXPECT_TRUE(Reported(5, "amount", "amount_mismatch"));
    EXPECT_TRUE(Reported(5, "payment_method", "unknown_method"));
    EXPECT_TRUE(Reported(6, "customer_phone", "invalid_phone"));
    EXPECT_TRUE(Reported(7, "receipt_no", "required"));
    EXPECT_TRUE(Reported(8, "file", "wrong_column_count"));
    EXPECT_TRUE(Reported(9, "code", "required"));
    EXPECT_TRUE(Reported(11, "sold_at", "receipt_inconsistent"));
    EXPECT_EQ(Count("channels_pos_sales"), 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM channels_pos_sales WHERE receipt_no = 'B-8'"), 1);
    EXPECT_EQ(Count("channels_pos_sale_lines"), 1);
}

TEST_P(SalesImportTest, AFileThatCannotBeReadSaysWhyAndWritesNothing) {
    auto missing = Import("receipt_no,title,quantity\nA,고등어,1\n");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().reason, "invalid_file");
    std::vector<std::string> fields;
    for (const auto& f : missing.error().fields) fields.push_back(f.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"sold_at", "unit_price"}));
    auto garbage = Import(std::string("receipt_no,sold_at\n\xff\xfe\xff,1\n"));
    ASSERT_FALSE(garbage.ok());
    EXPECT_EQ(garbage.error().fields.at(0).code, "undecodable_text");
    auto empty = Import("");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().fields.at(0).code, "no_header");
    auto twice = Import("receipt_no,영수증번호,sold_at,quantity,unit_price,title\n");
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().fields.at(0).code, "duplicate_column");
    EXPECT_EQ(Count("channels_pos_sales"), 0);
}

JANGTEO_STORE_BACKENDS(SalesImportTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test

// legacy_gen: a merchant with a shop and a catalog in a database, and a legacy sales file for it, for
// bench/legacy_import.sh (the import itself is timed through the real `jangteo import sales`).
//
//   legacy_gen --database URL --lines 1000000 --out sales.csv [--bad-percent 0] [--cp949]
//
// Writes through the services: an operator admin, a category, an approved merchant with a shop and
// 200 products of 5 variants (SKUs BENCH-0001-1 …, barcodes on every other one). The file has one
// row per sale line, 1–5 lines per receipt (3 on average), receipts over the last three years in
// Korean time, codes that are SKUs, barcodes or old codes the catalog does not know (a fifth), cash
// and card, a customer mobile number on a third of the receipts; with --bad-percent, that share of
// rows is broken (a quantity of "x", a time that is no time, a missing receipt number). Prints
// "<merchant id> <location id>" on standard output. The same --seed makes the same file.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "catalog/category.hpp"
#include "catalog/product.hpp"
#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "core/random.hpp"
#include "inventory/location.hpp"
#include "platform/merchant.hpp"
#include "platform/password.hpp"
#include "platform/region.hpp"
#include "platform/user.hpp"
#include "store/db.hpp"

namespace {

using namespace jangteo;

template <typename T>
T Take(core::Result<T> r, std::string_view what) {
    if (!r.ok()) {
        std::fprintf(stderr, "legacy_gen: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
                     r.error().message.c_str());
        for (const auto& f : r.error().fields) std::fprintf(stderr, "  %s: %s\n", f.field.c_str(), f.message.c_str());
        std::exit(1);
    }
    return std::move(*r);
}

// The check digit of a 12-digit EAN-13 prefix.
char Ean13Check(const std::string& twelve) {
    int sum = 0;
    for (int i = 0; i < 12; ++i) sum += (twelve[i] - '0') * (i % 2 == 0 ? 1 : 3);
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

constexpr const char* kPassword = "legacy-bench-2026";

}  // namespace

int main(int argc, char** argv) {
    std::string database, out;
    long long lines = 1'000'000;
    int bad_percent = 0;
    bool cp949 = false;
    unsigned seed = 20261123;
    CLI::App app{"legacy_gen: a merchant and its legacy sales file, for bench/legacy_import.sh"};
    app.add_option("--database", database, "as the server's db setting")->required();
    app.add_option("--lines", lines, "sale lines in the file");
    app.add_option("--out", out, "the CSV file to write")->required();
    app.add_option("--bad-percent", bad_percent, "share of broken rows");
    app.add_flag("--cp949", cp949, "write CP949 (as Korean Excel saves) instead of UTF-8");
    app.add_option("--seed", seed, "makes the same file");
    CLI11_PARSE(app, argc, argv);

    store::DbOptions options;
    options.sqlite_synchronous_full = false;
    auto db = Take(store::Open(database, options), "open " + database);
    core::SystemClock clock;
    core::SystemRandom random;
    platform::PasswordHasher hasher(platform::WeakParamsForTests{{1, 8 * 1024}});
    platform::Region region = platform::BusanRegion();
    platform::UserService users(*db, clock, random, hasher);
    platform::MerchantService merchants(*db, clock, random, region);
    catalog::CategoryService categories(*db, clock, random);
    catalog::ProductService products(*db, clock, random, categories);
    inventory::LocationService locations(*db, clock, random, region);

    platform::User admin =
        Take(users.SignUp({"admin@legacy.example.kr", std::nullopt, "벤치 운영자", kPassword}), "the admin");
    catalog::Category category =
        Take(categories.Create({.code = "legacy_bench", .name_ko = "생활용품", .name_en = "Household"}, admin.id,
                               "127.0.0.1"),
             "the category");
    platform::User owner =
        Take(users.SignUp({"owner@legacy.example.kr", std::nullopt, "김대표", kPassword}), "the owner");
    platform::Merchant shop = Take(merchants.Apply(owner.id,
                                                   {.name_ko = "서면 생활마트",
                                                    .name_en = "Seomyeon Mart",
                                                    .business_number = "2208162517",
                                                    .representative = "김대표",
                                                    .industry_code = "seafood",
                                                    .district_code = "26230",
                                                    .address = "부산광역시 부산진구 중앙대로 691",
                                                    .phone = "051-803-1234"},
                                                   "127.0.0.1"),
                                   "the merchant");
    Take(merchants.ChangeStatus(shop.id, platform::MerchantStatus::kApproved, admin.id, "", "127.0.0.1"), "approval");
    inventory::Location place = Take(locations.Create(shop.id, {.kind = inventory::LocationKind::kShop,
                                                                .name_ko = "서면점",
                                                                .district_code = "26230",
                                                                .postal_code = "47285",
                                                                .road_address = "부산 부산진구 중앙대로 691"}),
                                     "the shop");
    struct Item {
        std::string sku, barcode;
        std::int64_t price;
    };
    std::vector<Item> items;
    for (int p = 1; p <= 200; ++p) {
        char n[16];
        std::snprintf(n, sizeof n, "%04d", p);
        catalog::ProductInput input{.category = category.id, .title_ko = std::string("생활용품 ") + n};
        for (int v = 1; v <= 5; ++v) {
            catalog::VariantInput variant;
            variant.sku = std::string("BENCH-") + n + "-" + std::to_string(v);
            variant.options = core::json::object{{"size", std::to_string(v)}};
            variant.base_price_won = 1'000 + 500 * ((p * 7 + v) % 40);
            if (v % 2 == 1) {
                char twelve[16];
                std::snprintf(twelve, sizeof twelve, "880%04d%05d", p, v);
                std::string code(twelve);
                variant.barcode = code + Ean13Check(code);
            }
            items.push_back({variant.sku, variant.barcode, variant.base_price_won});
            input.variants.push_back(std::move(variant));
        }
        Take(products.Create(shop.id, input), "a product");
    }

    std::mt19937_64 rng(seed);
    auto pick = [&](std::uint64_t n) { return static_cast<std::uint64_t>(rng() % n); };
    std::string text = "영수증번호,판매일시,상품코드,상품명,수량,단가,할인,금액,결제수단,고객전화,판매자\r\n";
    text.reserve(static_cast<std::size_t>(lines) * 110);
    const std::int64_t now = core::ToUnixMicros(clock.Now()) / 1'000'000 + 9 * 3600;  // Korean time, seconds
    const std::int64_t span = 3LL * 365 * 24 * 3600;
    const char* cashiers[] = {"박점원", "이직원", "최매니저", "김사장"};
    long long written = 0, receipt = 0;
    while (written < lines) {
        ++receipt;
        // Receipts in the order the shop made them, as an old POS exports them: about every few minutes.
        std::int64_t t = now - span + (receipt * span) / (lines / 2 + 1) + static_cast<std::int64_t>(pick(60));
        std::time_t tt = static_cast<std::time_t>(t);
        std::tm tm{};
        gmtime_r(&tt, &tm);
        char when[64];
        std::snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                      tm.tm_hour, tm.tm_min);
        std::string phone;
        if (pick(3) == 0) phone = "010-" + std::to_string(2000 + pick(8000)) + "-" + std::to_string(1000 + pick(9000));
        const char* method = pick(10) < 6 ? "카드" : "현금";
        const char* cashier = cashiers[pick(4)];
        int count = 1 + static_cast<int>(pick(5));
        for (int i = 0; i < count && written < lines; ++i, ++written) {
            const Item& item = items[pick(items.size())];
            std::string code = item.sku, title = "생활용품";
            std::uint64_t kind = pick(10);
            if (kind < 2) {
                code = "OLD" + std::to_string(10000 + pick(5000));  // a code of the old system
                title = "구 상품 " + code;
            } else if (kind < 5 && !item.barcode.empty()) {
                code = item.barcode;
            }
            std::int64_t qty = 1 + static_cast<std::int64_t>(pick(3));
            std::int64_t discount = pick(10) == 0 ? 100 * qty : 0;
            std::int64_t amount = qty * item.price - discount;
            std::string row = "R" + std::to_string(receipt) + "," + when + "," + code + "," + title + "," +
                              std::to_string(qty) + "," + std::to_string(item.price) + "," + std::to_string(discount) +
                              "," + std::to_string(amount) + "," + method + "," + phone + "," + cashier + "\r\n";
            if (bad_percent > 0 && static_cast<int>(pick(100)) < bad_percent) {
                std::uint64_t how = pick(3);
                if (how == 0)
                    row = "R" + std::to_string(receipt) + "," + when + "," + code + "," + title + ",x," +
                          std::to_string(item.price) + ",0,,현금,,\r\n";
                if (how == 1)
                    row = "R" + std::to_string(receipt) + ",어제," + code + "," + title + ",1," +
                          std::to_string(item.price) + ",0,,현금,,\r\n";
                if (how == 2) row = "," + std::string(when) + "," + code + "," + title + ",1,1000,0,,현금,,\r\n";
            }
            text += row;
        }
    }
    std::string bytes = cp949 ? Take(core::EncodeCp949(text), "CP949") : text;
    std::ofstream file(out, std::ios::binary);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!file) {
        std::fprintf(stderr, "legacy_gen: cannot write %s\n", out.c_str());
        return 1;
    }
    std::printf("%s %s %lld\n", shop.id.ToString().c_str(), place.id.ToString().c_str(), receipt);
    return 0;
}

#include "catalog.hpp"

#include <array>
#include <string_view>

namespace jangteo::bench::search {
namespace {

struct Kind {
    std::string_view ko;
    std::string_view en;
};

struct Industry {
    std::vector<Kind> kinds;
    std::vector<Kind> qualities;  // words before the kind, sometimes joined to it (순살고등어구이)
    std::vector<std::string_view> units;
};

const std::vector<Industry>& Industries() {
    static const std::vector<Industry> industries = {
        {{{"고등어구이", "grilled mackerel"},
          {"고등어", "mackerel"},
          {"갈치", "hairtail"},
          {"전복", "abalone"},
          {"미역", "seaweed"},
          {"멸치", "anchovy"},
          {"오징어", "squid"},
          {"새우", "shrimp"},
          {"굴비", "dried croaker"},
          {"꽃게", "blue crab"}},
         {{"순살", "boneless"},
          {"손질", "cleaned"},
          {"냉동", "frozen"},
          {"생물", "fresh"},
          {"자연산", "wild"},
          {"특대", "jumbo"},
          {"국내산", "Korean"},
          {"기장", "Gijang"},
          {"통영", "Tongyeong"}},
         {"500g", "1kg", "2kg", "10미", "20마리", "3팩"}},
        {{{"감귤", "tangerine"},
          {"한라봉", "hallabong orange"},
          {"사과", "apple"},
          {"배", "pear"},
          {"고구마", "sweet potato"},
          {"쌀", "rice"},
          {"딸기", "strawberry"},
          {"토마토", "tomato"},
          {"양파", "onion"}},
         {{"유기농", "organic"},
          {"무농약", "pesticide free"},
          {"제주", "Jeju"},
          {"햇", "new harvest"},
          {"못난이", "ugly"},
          {"프리미엄", "premium"},
          {"가정용", "family"},
          {"선물용", "gift"}},
         {"3kg", "5kg", "10kg", "1박스", "2kg"}},
        {{{"운동화", "sneakers"},
          {"등산화", "hiking boots"},
          {"양말", "socks"},
          {"티셔츠", "t-shirt"},
          {"청바지", "jeans"},
          {"가방", "backpack"},
          {"모자", "cap"},
          {"슬리퍼", "slippers"}},
         {{"남성", "men's"},
          {"여성", "women's"},
          {"아동", "kids"},
          {"방수", "waterproof"},
          {"경량", "lightweight"},
          {"면", "cotton"},
          {"가죽", "leather"}},
         {"230mm", "260mm", "280mm", "free", "m", "l", "xl"}},
        {{{"수분크림", "moisture cream"},
          {"선크림", "sunscreen"},
          {"마스크팩", "sheet mask"},
          {"샴푸", "shampoo"},
          {"클렌징폼", "cleansing foam"},
          {"핸드크림", "hand cream"}},
         {{"저자극", "gentle"}, {"비건", "vegan"}, {"대용량", "large"}, {"여행용", "travel"}, {"약산성", "low ph"}},
         {"50ml", "100ml", "300ml", "10매", "1+1"}},
        {{{"수납장", "storage cabinet"},
          {"의자", "chair"},
          {"식탁", "dining table"},
          {"이불", "duvet"},
          {"베개", "pillow"},
          {"커튼", "curtain"},
          {"원목선반", "wooden shelf"}},
         {{"원목", "solid wood"},
          {"접이식", "folding"},
          {"사계절", "all season"},
          {"호텔식", "hotel"},
          {"북유럽", "nordic"}},
         {"1인용", "2인용", "queen", "king", "120cm"}},
        {{{"베어링", "bearing"},
          {"볼트", "bolt"},
          {"너트", "nut"},
          {"유압호스", "hydraulic hose"},
          {"감속기", "gear reducer"},
          {"체인", "chain"},
          {"모터", "motor"}},
         {{"스테인리스", "stainless"}, {"산업용", "industrial"}, {"고강도", "high strength"}, {"정밀", "precision"}},
         {"m8", "m10", "6205", "1/2인치", "100개"}},
        {{{"명함", "business cards"},
          {"전단지", "flyers"},
          {"스티커", "stickers"},
          {"현수막", "banner"},
          {"포스터", "poster"}},
         {{"고급", "premium"}, {"무광", "matte"}, {"유광", "glossy"}, {"당일", "same day"}},
         {"200매", "500매", "1000매", "a4", "a3"}},
        {{{"충전기", "charger"},
          {"케이블", "cable"},
          {"이어폰", "earphones"},
          {"보조배터리", "power bank"},
          {"블루투스스피커", "bluetooth speaker"}},
         {{"고속", "fast"}, {"무선", "wireless"}, {"휴대용", "portable"}, {"정품", "genuine"}},
         {"usb-c", "20w", "10000mah", "1m", "2m"}},
    };
    return industries;
}

const std::array<std::string_view, 16> kDistricts = {"jung",   "seo",     "dong",     "yeongdo", "busanjin",  "dongnae",
                                                     "nam",    "buk",     "haeundae", "saha",    "geumjeong", "gangseo",
                                                     "yeonje", "suyeong", "sasang",   "gijang"};
constexpr std::array<std::string_view, 8> kBrands = {"바다애", "Haenam Farm", "부산상회",   "Jeju Green",
                                                     "Daehan", "솜씨",        "Gijang Sea", "Nordic Home"};
constexpr int kMerchants = 5000;
constexpr int kSubcategories = 8;
constexpr int kLeaves = 5;

std::uint64_t Mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

}  // namespace

Catalog::Catalog(std::uint64_t seed) : seed_(seed) {}

std::string Catalog::Barcode(std::int64_t key) {
    std::string digits = std::to_string(880'000'000'000 + key % 1'000'000'000);  // 12 digits
    int sum = 0;
    for (std::size_t i = 0; i < 12; ++i) sum += (digits[i] - '0') * (i % 2 == 0 ? 1 : 3);
    digits.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
    return digits;
}

std::int64_t Catalog::SomeCategory(std::uint64_t n) const {
    std::int64_t industry = static_cast<std::int64_t>(n % Industries().size()) + 1;
    return industry * 100 + static_cast<std::int64_t>((n / 8) % kSubcategories);
}

jangteo::search::Document Catalog::Product(std::int64_t key) const {
    std::uint64_t r = Mix(seed_ ^ static_cast<std::uint64_t>(key));
    auto next = [&](std::uint64_t bound) {
        r = Mix(r);
        return r % bound;
    };
    const auto& industries = Industries();
    std::size_t industry = next(industries.size());
    const Industry& ind = industries[industry];
    const Kind& kind = ind.kinds[next(ind.kinds.size())];
    const Kind& quality = ind.qualities[next(ind.qualities.size())];
    std::string_view unit = ind.units[next(ind.units.size())];

    jangteo::search::Document d;
    d.id = key;
    d.merchant_id = static_cast<std::int64_t>(next(kMerchants)) + 1;
    d.district = std::string(kDistricts[static_cast<std::size_t>(d.merchant_id) % kDistricts.size()]);
    std::int64_t root = static_cast<std::int64_t>(industry) + 1;
    std::int64_t sub = root * 100 + static_cast<std::int64_t>(next(kSubcategories));
    std::int64_t leaf = sub * 100 + static_cast<std::int64_t>(next(kLeaves));
    d.category_path = {root, sub, leaf};

    if (next(3) == 0) {
        const Kind& origin = industries[0].qualities[6 + next(3)];  // 국내산, 기장, 통영
        d.title_ko.append(origin.ko).append(" ");
        d.title_en.append(origin.en).append(" ");
    }
    d.title_ko.append(quality.ko);
    if (next(3) != 0) d.title_ko.append(" ");  // often joined: 순살고등어구이
    d.title_ko.append(kind.ko).append(" ").append(unit);
    d.title_en.append(quality.en).append(" ").append(kind.en).append(" ").append(unit);
    if (next(4) == 0) {
        d.title_en[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(d.title_en[0])));
    }
    d.brand = std::string(kBrands[next(kBrands.size())]);
    d.text.append(kind.ko).append(" ").append(quality.en).append(" 택배 당일발송");
    d.codes = {"M" + std::to_string(d.merchant_id) + "-" + std::to_string(key), Barcode(key)};
    d.min_price_won = static_cast<std::int64_t>(next(300) + 1) * 500;
    d.max_price_won = d.min_price_won + (next(3) == 0 ? static_cast<std::int64_t>(next(50)) * 1000 : 0);
    d.created_at_us = 1'700'000'000'000'000 + static_cast<std::int64_t>(next(31'536'000)) * 1'000'000;
    return d;
}

}  // namespace jangteo::bench::search

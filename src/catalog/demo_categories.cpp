#include "catalog/demo_categories.hpp"

#include <chrono>
#include <memory>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "catalog/category.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"

namespace jangteo::catalog {

namespace {

using namespace std::chrono_literals;

// 2025-12-01T00:30:00Z (09:30 in Seoul): half an hour after the demo region's first event, the
// operator admin builds the tree, one step a minute.
constexpr std::int64_t kTreeStartUs = 1'764'549'000'000'000;
constexpr std::string_view kClientAddress = "seed";
// Mixed into the seed so that the tree's ids are a stream of their own, apart from the region's.
constexpr std::uint64_t kIdStream = 0x63617465'676f7279ULL;

// A category, after its parent ("" for a top one); siblings keep this order.
struct DemoCategory {
    std::string_view code;
    std::string_view parent;
    std::string_view ko;
    std::string_view en;
};

// clang-format off
constexpr DemoCategory kTree[] = {
    {"food", "", "식품", "Food"},
    {"food_seafood", "food", "수산물", "Seafood"},
    {"food_seafood_fish", "food_seafood", "생선", "Fish"},
    {"food_seafood_shellfish", "food_seafood", "조개·갑각류", "Shellfish and crustaceans"},
    {"food_seafood_dried", "food_seafood", "건어물", "Dried seafood"},
    {"food_seafood_seaweed", "food_seafood", "김·미역·해조류", "Laver and seaweed"},
    {"food_seafood_jeotgal", "food_seafood", "젓갈", "Salted seafood (jeotgal)"},
    {"food_agri", "food", "농산물", "Farm produce"},
    {"food_agri_fruit", "food_agri", "과일", "Fruit"},
    {"food_agri_vegetable", "food_agri", "채소", "Vegetables"},
    {"food_agri_grain", "food_agri", "쌀·잡곡", "Rice and grains"},
    {"food_meat", "food", "축산물", "Meat and eggs"},
    {"food_meat_beef", "food_meat", "소고기", "Beef"},
    {"food_meat_pork", "food_meat", "돼지고기", "Pork"},
    {"food_meat_poultry", "food_meat", "닭·오리", "Chicken and duck"},
    {"food_meat_egg", "food_meat", "달걀", "Eggs"},
    {"food_processed", "food", "가공식품", "Processed food"},
    {"food_processed_kimchi", "food_processed", "김치·반찬", "Kimchi and side dishes"},
    {"food_processed_fishcake", "food_processed", "어묵", "Fish cakes"},
    {"food_processed_sauce", "food_processed", "장류·양념", "Pastes and seasonings"},
    {"food_bakery", "food", "베이커리·떡", "Bakery and rice cakes"},
    {"food_drink", "food", "음료·차", "Drinks and tea"},

    {"farming", "", "농자재·원예", "Farming and gardening"},
    {"farming_seed", "farming", "씨앗·모종", "Seeds and seedlings"},
    {"farming_fertilizer", "farming", "비료·상토", "Fertilisers and soil"},
    {"farming_tool", "farming", "농기구", "Farm tools"},
    {"farming_flower", "farming", "꽃·화분", "Flowers and pot plants"},
    {"farming_feed", "farming", "사료·축산 자재", "Feed and livestock supplies"},

    {"fashion", "", "패션·신발", "Fashion and shoes"},
    {"fashion_women", "fashion", "여성의류", "Women's clothing"},
    {"fashion_men", "fashion", "남성의류", "Men's clothing"},
    {"fashion_kids", "fashion", "아동복", "Children's clothing"},
    {"fashion_underwear", "fashion", "속옷·잠옷", "Underwear and nightwear"},
    {"fashion_hanbok", "fashion", "한복", "Hanbok"},
    {"fashion_shoes", "fashion", "신발", "Shoes"},
    {"fashion_shoes_sneakers", "fashion_shoes", "운동화", "Sneakers"},
    {"fashion_shoes_dress", "fashion_shoes", "구두", "Dress shoes"},
    {"fashion_shoes_sandals", "fashion_shoes", "샌들·슬리퍼", "Sandals and slippers"},
    {"fashion_shoes_boots", "fashion_shoes", "부츠", "Boots"},
    {"fashion_bags", "fashion", "가방·잡화", "Bags and accessories"},

    {"beauty", "", "뷰티", "Beauty"},
    {"beauty_skincare", "beauty", "스킨케어", "Skincare"},
    {"beauty_makeup", "beauty", "메이크업", "Make-up"},
    {"beauty_hair", "beauty", "헤어케어", "Hair care"},
    {"beauty_body", "beauty", "바디케어", "Body care"},
    {"beauty_perfume", "beauty", "향수", "Perfume"},
    {"beauty_tools", "beauty", "미용 소품", "Beauty tools"},

    {"health", "", "건강", "Health"},
    {"health_supplement", "health", "건강기능식품", "Health supplements"},
    {"health_medical", "health", "의료기기", "Medical devices"},
    {"health_hygiene", "health", "위생·마스크", "Hygiene and masks"},
    {"health_fitness", "health", "운동·헬스", "Fitness equipment"},
    {"health_massage", "health", "안마·찜질", "Massage and heat packs"},

    {"living", "", "리빙·가구", "Living and furniture"},
    {"living_furniture", "living", "가구", "Furniture"},
    {"living_furniture_bed", "living_furniture", "침대·매트리스", "Beds and mattresses"},
    {"living_furniture_sofa", "living_furniture", "소파", "Sofas"},
    {"living_furniture_table", "living_furniture", "식탁·책상", "Tables and desks"},
    {"living_furniture_storage", "living_furniture", "수납장·옷장", "Cabinets and wardrobes"},
    {"living_bedding", "living", "침구", "Bedding"},
    {"living_kitchen", "living", "주방용품", "Kitchenware"},
    {"living_decor", "living", "인테리어 소품", "Home decor"},
    {"living_cleaning", "living", "청소·세탁용품", "Cleaning and laundry supplies"},
    {"living_bath", "living", "욕실용품", "Bathroom"},

    {"machinery", "", "기계·부품", "Machinery and parts"},
    {"machinery_bearing", "machinery", "베어링", "Bearings"},
    {"machinery_tool", "machinery", "공구", "Tools"},
    {"machinery_tool_hand", "machinery_tool", "수공구", "Hand tools"},
    {"machinery_tool_power", "machinery_tool", "전동공구", "Power tools"},
    {"machinery_tool_measure", "machinery_tool", "측정공구", "Measuring tools"},
    {"machinery_fastener", "machinery", "볼트·너트", "Bolts and nuts"},
    {"machinery_hydraulic", "machinery", "유압·공압", "Hydraulics and pneumatics"},
    {"machinery_motor", "machinery", "모터·감속기", "Motors and gearboxes"},
    {"machinery_marine", "machinery", "선박 부품", "Ship parts"},

    {"printing", "", "인쇄", "Printing"},
    {"printing_card", "printing", "명함", "Business cards"},
    {"printing_flyer", "printing", "전단지", "Flyers"},
    {"printing_banner", "printing", "현수막·배너", "Banners"},
    {"printing_sticker", "printing", "스티커·라벨", "Stickers and labels"},
    {"printing_booklet", "printing", "책자·카탈로그", "Booklets and catalogues"},
    {"printing_package", "printing", "포장·쇼핑백", "Packaging and shopping bags"},

    {"electronics", "", "전자·가전", "Electronics and appliances"},
    {"electronics_phone", "electronics", "휴대폰·액세서리", "Phones and accessories"},
    {"electronics_computer", "electronics", "컴퓨터·주변기기", "Computers and peripherals"},
    {"electronics_appliance", "electronics", "생활가전", "Home appliances"},
    {"electronics_kitchen", "electronics", "주방가전", "Kitchen appliances"},
    {"electronics_av", "electronics", "영상·음향", "TV and audio"},
    {"electronics_lighting", "electronics", "조명", "Lighting"},
    {"electronics_parts", "electronics", "전자부품", "Electronic components"},

    {"services", "", "서비스", "Services"},
    {"services_laundry", "services", "세탁", "Laundry and dry cleaning"},
    {"services_repair", "services", "수선·수리", "Alterations and repairs"},
    {"services_cleaning", "services", "청소·방역", "Cleaning and pest control"},
    {"services_moving", "services", "이사·운송", "Moving and delivery"},
    {"services_salon", "services", "미용실·네일", "Hair and nail salons"},
    {"services_lesson", "services", "교육·강습", "Lessons and classes"},
    {"services_photo", "services", "사진·영상", "Photo and video"},

    {"sports", "", "스포츠·레저", "Sports and leisure"},
    {"sports_fishing", "sports", "낚시", "Fishing"},
    {"sports_camping", "sports", "캠핑", "Camping"},
    {"sports_hiking", "sports", "등산", "Hiking"},
    {"sports_golf", "sports", "골프", "Golf"},
    {"sports_bicycle", "sports", "자전거", "Bicycles"},
    {"sports_water", "sports", "수영·수상레저", "Swimming and water sports"},

    {"kids", "", "출산·유아동", "Baby and kids"},
    {"kids_toys", "kids", "장난감", "Toys"},
    {"kids_diapers", "kids", "기저귀·물티슈", "Nappies and wet wipes"},
    {"kids_feeding", "kids", "수유·이유용품", "Feeding"},
    {"kids_stroller", "kids", "유모차·카시트", "Pushchairs and car seats"},

    {"pets", "", "반려동물", "Pets"},
    {"pets_food", "pets", "사료·간식", "Pet food and treats"},
    {"pets_supplies", "pets", "반려동물 용품", "Pet supplies"},
    {"pets_grooming", "pets", "미용·위생", "Grooming and hygiene"},
    {"pets_aquarium", "pets", "관상어·수족관", "Aquarium fish and tanks"},

    {"books", "", "도서·문구", "Books and stationery"},
    {"books_books", "books", "도서", "Books"},
    {"books_stationery", "books", "문구", "Stationery"},
    {"books_office", "books", "사무용품", "Office supplies"},
    {"books_instrument", "books", "악기", "Musical instruments"},
    {"books_craft", "books", "공예·DIY", "Crafts and DIY"},
};
// clang-format on

struct DemoChoice {
    std::string_view code;
    std::string_view ko;
    std::string_view en;
};

constexpr DemoChoice kStorage[] = {
    {"room", "실온", "Room temperature"}, {"chilled", "냉장", "Chilled"}, {"frozen", "냉동", "Frozen"}};
constexpr DemoChoice kWildOrFarmed[] = {{"wild", "자연산", "Wild"}, {"farmed", "양식", "Farmed"}};
constexpr DemoChoice kCultivation[] = {{"conventional", "일반", "Conventional"},
                                       {"low_pesticide", "저농약", "Low pesticide"},
                                       {"pesticide_free", "무농약", "Pesticide-free"},
                                       {"organic", "유기농", "Organic"}};
constexpr DemoChoice kBeefGrades[] = {{"g1pp", "1++등급", "Grade 1++"},
                                      {"g1p", "1+등급", "Grade 1+"},
                                      {"g1", "1등급", "Grade 1"},
                                      {"g2", "2등급", "Grade 2"},
                                      {"g3", "3등급", "Grade 3"}};
constexpr DemoChoice kClothingSizes[] = {{"xs", "XS (85)", "XS (85)"},   {"s", "S (90)", "S (90)"},
                                         {"m", "M (95)", "M (95)"},      {"l", "L (100)", "L (100)"},
                                         {"xl", "XL (105)", "XL (105)"}, {"xxl", "XXL (110)", "XXL (110)"},
                                         {"free", "프리", "One size"}};
constexpr DemoChoice kKidsSizes[] = {{"c90", "90", "90"},    {"c100", "100", "100"}, {"c110", "110", "110"},
                                     {"c120", "120", "120"}, {"c130", "130", "130"}, {"c140", "140", "140"},
                                     {"c150", "150", "150"}, {"c160", "160", "160"}};
constexpr DemoChoice kShoeSizes[] = {{"mm220", "220", "220"}, {"mm225", "225", "225"}, {"mm230", "230", "230"},
                                     {"mm235", "235", "235"}, {"mm240", "240", "240"}, {"mm245", "245", "245"},
                                     {"mm250", "250", "250"}, {"mm255", "255", "255"}, {"mm260", "260", "260"},
                                     {"mm265", "265", "265"}, {"mm270", "270", "270"}, {"mm275", "275", "275"},
                                     {"mm280", "280", "280"}, {"mm285", "285", "285"}, {"mm290", "290", "290"}};
constexpr DemoChoice kSkinTypes[] = {{"all", "모든 피부", "All skin types"},
                                     {"dry", "건성", "Dry"},
                                     {"oily", "지성", "Oily"},
                                     {"combination", "복합성", "Combination"},
                                     {"sensitive", "민감성", "Sensitive"}};
constexpr DemoChoice kVoltages[] = {
    {"v110", "110V", "110 V"}, {"v220", "220V", "220 V"}, {"free", "프리볼트", "Free voltage"}};
constexpr DemoChoice kEnergyGrades[] = {{"g1", "1등급", "Grade 1"},
                                        {"g2", "2등급", "Grade 2"},
                                        {"g3", "3등급", "Grade 3"},
                                        {"g4", "4등급", "Grade 4"},
                                        {"g5", "5등급", "Grade 5"}};
constexpr DemoChoice kPaperSizes[] = {{"card", "명함 (90×50)", "Business card (90x50)"},
                                      {"a5", "A5", "A5"},
                                      {"a4", "A4", "A4"},
                                      {"a3", "A3", "A3"},
                                      {"b5", "B5 (16절)", "B5"}};
constexpr DemoChoice kPrintSides[] = {{"single", "단면", "Single-sided"}, {"double", "양면", "Double-sided"}};
constexpr DemoChoice kPetKinds[] = {{"dog", "강아지", "Dog"}, {"cat", "고양이", "Cat"}, {"other", "기타", "Other"}};

struct DemoAttribute {
    std::string_view category;
    std::string_view code;
    std::string_view ko;
    std::string_view en;
    AttributeType type;
    bool required = false;
    std::string_view unit = "";
    std::span<const DemoChoice> choices = {};
};

using enum AttributeType;

// Declared where they first apply: a category's products carry these and those of every category
// above. A code appears once along any path, so the food subcategories each declare the weight.
// clang-format off
constexpr DemoAttribute kAttributes[] = {
    {"food", "origin", "원산지", "Country of origin", kText, true},
    {"food", "expiry", "유통기한", "Best before", kDate},
    {"food", "storage", "보관 방법", "Storage", kChoice, false, "", kStorage},
    {"food_seafood", "weight", "중량", "Weight", kDecimal, false, "g"},
    {"food_seafood", "wild_or_farmed", "자연산·양식", "Wild or farmed", kChoice, false, "", kWildOrFarmed},
    {"food_agri", "weight", "중량", "Weight", kDecimal, false, "g"},
    {"food_agri", "cultivation", "재배 방법", "Cultivation", kChoice, false, "", kCultivation},
    {"food_agri_grain", "harvest_year", "생산연도", "Harvest year", kInteger},
    {"food_meat", "weight", "중량", "Weight", kDecimal, false, "g"},
    {"food_meat", "trace_number", "이력번호", "Traceability number", kText},
    {"food_meat_beef", "grade", "등급", "Grade", kChoice, false, "", kBeefGrades},
    {"food_processed", "weight", "중량", "Weight", kDecimal, false, "g"},
    {"food_processed", "ingredients", "원재료명", "Ingredients", kText},
    {"food_bakery", "weight", "중량", "Weight", kDecimal, false, "g"},
    {"food_drink", "weight", "중량", "Weight", kDecimal, false, "g"},
    {"food_drink", "volume", "용량", "Volume", kDecimal, false, "ml"},
    {"farming_seed", "variety", "품종", "Variety", kText},
    {"farming_fertilizer", "weight", "중량", "Weight", kDecimal, false, "kg"},
    {"farming_feed", "weight", "중량", "Weight", kDecimal, false, "kg"},
    {"fashion", "colour", "색상", "Colour", kText},
    {"fashion", "material", "소재", "Material", kText},
    {"fashion_women", "size", "사이즈", "Size", kChoice, false, "", kClothingSizes},
    {"fashion_men", "size", "사이즈", "Size", kChoice, false, "", kClothingSizes},
    {"fashion_underwear", "size", "사이즈", "Size", kChoice, false, "", kClothingSizes},
    {"fashion_hanbok", "size", "사이즈", "Size", kChoice, false, "", kClothingSizes},
    {"fashion_kids", "size", "사이즈", "Size", kChoice, false, "", kKidsSizes},
    {"fashion_shoes", "size", "사이즈", "Size", kChoice, false, "", kShoeSizes},
    {"beauty", "volume", "용량", "Volume", kDecimal, false, "ml"},
    {"beauty", "use_by", "사용기한", "Use by", kDate},
    {"beauty_skincare", "skin_type", "피부 타입", "Skin type", kChoice, false, "", kSkinTypes},
    {"health_supplement", "origin", "원산지", "Country of origin", kText, true},
    {"health_supplement", "expiry", "유통기한", "Best before", kDate, true},
    {"health_supplement", "servings", "섭취 횟수", "Servings", kInteger},
    {"health_medical", "approval_number", "의료기기 허가번호", "Medical device approval number", kText, true},
    {"living_furniture", "dimensions", "크기 (가로×세로×높이)", "Size (W x D x H)", kText, false, "cm"},
    {"living_furniture", "material", "소재", "Material", kText},
    {"living_bedding", "material", "소재", "Material", kText},
    {"machinery", "spec", "규격", "Specification", kText},
    {"machinery", "manufacturer", "제조사", "Manufacturer", kText},
    {"machinery_bearing", "bore", "내경", "Bore", kDecimal, false, "mm"},
    {"machinery_tool_power", "voltage", "전압", "Voltage", kChoice, false, "", kVoltages},
    {"machinery_fastener", "material", "재질", "Material", kText},
    {"printing", "sheets", "수량", "Sheets", kInteger, true, "매"},
    {"printing", "paper", "용지", "Paper", kText},
    {"printing", "sides", "인쇄면", "Printed sides", kChoice, false, "", kPrintSides},
    {"printing_flyer", "paper_size", "규격", "Paper size", kChoice, false, "", kPaperSizes},
    {"electronics", "voltage", "전압", "Voltage", kChoice, false, "", kVoltages},
    {"electronics", "kc_cert", "KC 인증번호", "KC certification number", kText},
    {"electronics", "warranty_months", "보증 기간", "Warranty", kInteger, false, "개월"},
    {"electronics_appliance", "energy_grade", "에너지효율등급", "Energy efficiency grade", kChoice, false, "", kEnergyGrades},
    {"services", "duration", "소요 시간", "Duration", kInteger, false, "분"},
    {"services", "on_site", "출장 가능", "Comes to you", kBoolean},
    {"sports_bicycle", "frame_size", "프레임 크기", "Frame size", kDecimal, false, "inch"},
    {"kids", "kc_cert", "KC 인증번호", "KC certification number", kText, true},
    {"kids", "age", "사용 연령", "Age", kText},
    {"pets", "pet", "대상 동물", "For", kChoice, false, "", kPetKinds},
    {"pets_food", "weight", "중량", "Weight", kDecimal, false, "g"},
    {"pets_food", "expiry", "유통기한", "Best before", kDate},
    {"books_books", "isbn", "ISBN", "ISBN", kText},
    {"books_books", "publisher", "출판사", "Publisher", kText},
};
// clang-format on

std::vector<AttributeDef> DefinitionsOf(std::string_view category) {
    std::vector<AttributeDef> out;
    for (const DemoAttribute& a : kAttributes) {
        if (a.category != category) continue;
        AttributeDef& d = out.emplace_back();
        d.code = a.code;
        d.name_ko = a.ko;
        d.name_en = a.en;
        d.type = a.type;
        d.required = a.required;
        d.unit = a.unit;
        for (const DemoChoice& c : a.choices)
            d.choices.push_back({std::string(c.code), std::string(c.ko), std::string(c.en)});
    }
    return out;
}

}  // namespace

core::Result<DemoCategoriesSummary> SeedDemoCategories(store::Db& db, platform::UserId admin, std::uint64_t seed) {
    core::ManualClock clock(core::FromUnixMicros(kTreeStartUs));
    core::SeededRandom ids(seed ^ kIdStream);
    CategoryService categories(db, clock, ids);

    DemoCategoriesSummary summary;
    JANGTEO_TRY(std::shared_ptr<const CategoryTree> tree, categories.Tree());
    summary.existing = static_cast<std::int64_t>(tree->All().size());
    if (summary.existing > 0) return summary;

    std::unordered_map<std::string_view, CategoryId> made;
    for (const DemoCategory& c : kTree) {
        NewCategory input{.code = std::string(c.code), .name_ko = std::string(c.ko), .name_en = std::string(c.en)};
        if (!c.parent.empty()) input.parent = made.at(c.parent);
        JANGTEO_TRY(Category category, categories.Create(input, admin, kClientAddress));
        made.emplace(c.code, category.id);
        ++summary.categories;
        if (c.parent.empty()) ++summary.roots;
        clock.Advance(1min);
        std::vector<AttributeDef> attributes = DefinitionsOf(c.code);
        if (attributes.empty()) continue;
        summary.attributes += static_cast<int>(attributes.size());
        JANGTEO_TRY_STATUS(categories.SetAttributes(category.id, attributes, admin, kClientAddress));
        clock.Advance(1min);
    }
    summary.seeded = true;
    return summary;
}

}  // namespace jangteo::catalog

#include "catalog/demo_products.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <vector>

#include "catalog/category.hpp"
#include "catalog/product.hpp"
#include "core/random.hpp"
#include "platform/merchant.hpp"

namespace jangteo::catalog {

namespace {

using namespace std::chrono_literals;
namespace json = core::json;

// Mixed into the seed so that the products' ids and the content's choices are streams of their own,
// apart from the region's and the tree's.
constexpr std::uint64_t kIdStream = 0x70726f64'75637473ULL;
constexpr std::uint64_t kDiceStream = 0x64656d6f'63617274ULL;
constexpr std::uint32_t kPictureSide = 240;
// Products written per transaction: a few big commits instead of one per product and status.
constexpr std::size_t kBatch = 200;
constexpr std::string_view kFallbackIndustry = "other";

constexpr store::Sql kCountProducts{"catalog.demo_count_products", "SELECT count(*) FROM catalog_products"};

enum class Vat { kByCategory, kExempt, kTaxable };

// A product a shop of `industry` may sell. In `options` "name:value=factor,value=factor" gives the
// variants (the factor scales the price of the first value); "" makes one variant. `attributes` is
// "code=value;code=value", where "a|b" offers alternatives, "+N" in a date is N days after the demo's
// present, and "*" makes a traceability number, an ISBN or a KC number. `points` are the
// description's list items, split by ';'. A brand "*" is the merchant's own name.
struct DemoProduct {
    std::string_view industry;
    std::string_view category;
    std::string_view ko;
    std::string_view en;
    std::string_view sku;
    std::int64_t price;
    std::string_view options;
    std::string_view attributes;
    std::string_view points;
    std::string_view brand = "";
    int weight_grams = 0;  // of one item, when the options do not say
    Vat vat = Vat::kByCategory;
};

// clang-format off
constexpr DemoProduct kProducts[] = {
    // Restaurants sell their dishes as meal kits and take-away.
    {"restaurant", "food_processed", "돼지국밥 밀키트", "Pork and rice soup meal kit", "GUKBAP", 12900, "구성:2인분=1,4인분=1.9",
     "origin=돼지고기: 국내산;storage=frozen;expiry=+180;ingredients=돼지고기, 사골육수, 대파, 새우젓, 다대기",
     "사골을 12시간 우린 진한 국물;데우기만 하면 되는 5분 조리;새우젓과 다대기를 따로 담았습니다", "*", 1400},
    {"restaurant", "food_processed", "부산 밀면 밀키트", "Busan milmyeon (cold wheat noodles) kit", "MILMYEON", 9900,
     "구성:2인분=1,4인분=1.9",
     "origin=밀가루: 미국산, 호주산|밀가루: 호주산;storage=frozen;expiry=+120;ingredients=밀가루, 전분, 소뼈 육수, 한약재, 비빔장",
     "쫄깃한 면과 살얼음 육수;물밀면과 비빔밀면 중에 고르세요;여름만이 아닌 사계절 메뉴", "*", 1000},
    {"restaurant", "food_processed", "양념 곰장어 구이", "Spicy grilled hagfish", "GOMJANGEO", 18000, "중량:400g=1,800g=1.9",
     "origin=곰장어: 국내산 (기장)|곰장어: 국내산;storage=frozen;expiry=+90;ingredients=곰장어, 고추장, 고춧가루, 마늘, 물엿",
     "기장 곰장어를 초벌로 구워 보냅니다;양념을 따로 넣어 맵기를 조절하세요;팬에 5분이면 완성", "*"},
    {"restaurant", "food_processed", "돼지 수육", "Boiled pork slices (suyuk)", "SUYUK", 15000, "중량:500g=1,1kg=1.9",
     "origin=돼지고기: 국내산;storage=chilled;expiry=+5;ingredients=돼지고기 앞다리살, 된장, 월계수잎",
     "새우젓과 부추무침을 함께 드립니다;전자레인지에 2분 데우세요;당일 삶아 당일 발송", "*"},
    {"restaurant", "food_processed_kimchi", "부추김치", "Chive kimchi", "BUCHU", 8000, "중량:500g=1,1kg=1.9",
     "origin=부추: 국내산, 고춧가루: 국내산;storage=chilled;expiry=+14;ingredients=부추, 고춧가루, 멸치액젓, 마늘, 양파",
     "국밥과 가장 잘 어울리는 반찬;매일 아침 담급니다", "*"},
    {"restaurant", "food_processed_kimchi", "깍두기", "Cubed radish kimchi (kkakdugi)", "KKAKDUGI", 9000,
     "중량:1kg=1,2kg=1.9",
     "origin=무: 국내산, 고춧가루: 국내산;storage=chilled;expiry=+20;ingredients=무, 고춧가루, 새우젓, 마늘, 생강",
     "국밥집 깍두기 그대로;아삭하게 익으면 더 맛있습니다", "*"},
    {"restaurant", "food_processed", "사골 육수", "Beef bone broth", "SAGOL", 6000, "구성:1팩=1,3팩=2.8,5팩=4.5",
     "origin=소뼈: 국내산 (한우)|소뼈: 호주산;storage=frozen;expiry=+180;ingredients=소 사골, 정제수",
     "떡국, 국밥, 찌개에 두루 쓰세요;한 팩 500g", "*", 500},
    {"restaurant", "food_processed_fishcake", "어묵탕 세트", "Fish cake soup set", "ODENG", 11000, "구성:2~3인분=1,4~5인분=1.8",
     "origin=연육: 미국산, 베트남산|연육: 국내산;storage=chilled;expiry=+10;ingredients=연육, 밀가루, 양파, 당근, 육수 스프",
     "부산 어묵 8종과 육수 스프;꼬치와 무를 함께 드립니다", "*", 900},
    {"restaurant", "food_processed_sauce", "비빔 양념장", "Spicy bibim sauce", "BIBIMJANG", 7000, "중량:300g=1,1kg=2.8",
     "origin=고춧가루: 국내산|고춧가루: 중국산;storage=chilled;expiry=+90;ingredients=고추장, 고춧가루, 배, 마늘, 참기름",
     "밀면과 비빔국수에 딱 맞는 비율;가게에서 쓰는 그대로", "*"},
    {"restaurant", "food_processed", "냉동 손만두", "Hand-made frozen dumplings", "MANDU", 10000, "맛:고기만두=1,김치만두=1",
     "origin=돼지고기: 국내산, 배추김치: 국내산;storage=frozen;expiry=+180;ingredients=밀가루, 돼지고기, 두부, 김치, 당면",
     "20개입 (1kg);찜기에 10분, 구워도 맛있습니다", "*", 1000},

    // Cafés and bakeries.
    {"cafe_bakery", "food_drink", "하우스 블렌드 원두", "House blend coffee beans", "BEAN-HOUSE", 14000,
     "중량:200g=1,500g=2.2,1kg=4",
     "origin=브라질, 에티오피아, 콜롬비아|브라질, 과테말라;storage=room;expiry=+90",
     "주문을 받고 로스팅해 보냅니다;고소한 견과류와 초콜릿 향;분쇄 정도를 메모로 알려 주세요", "*"},
    {"cafe_bakery", "food_drink", "에티오피아 예가체프 원두", "Ethiopia Yirgacheffe coffee beans", "BEAN-YIRGA", 17000,
     "중량:200g=1,500g=2.2",
     "origin=에티오피아;storage=room;expiry=+90", "꽃향과 산뜻한 산미;핸드드립에 추천합니다", "*"},
    {"cafe_bakery", "food_drink", "드립백 커피", "Drip bag coffee", "DRIPBAG", 9000, "구성:10개입=1,20개입=1.9,30개입=2.7",
     "origin=브라질, 에티오피아;storage=room;expiry=+180",
     "한 잔에 10g;뜨거운 물 200ml를 세 번에 나누어 부으세요;선물 상자 포장", "*", 120},
    {"cafe_bakery", "food_drink", "콜드브루 원액", "Cold brew concentrate", "COLDBREW", 12000, "용량:500ml=1,1L=1.8",
     "origin=콜롬비아|브라질;storage=chilled;expiry=+30", "물이나 우유에 1:4로 타 드세요;14시간 저온 추출", "*"},
    {"cafe_bakery", "food_bakery", "소금빵", "Salt butter rolls (shio pan)", "SALTBREAD", 9000, "구성:4개입=1,8개입=1.9",
     "origin=밀가루: 미국산, 버터: 프랑스산;storage=room;expiry=+3",
     "아침에 구워 당일 발송;에어프라이어에 2분 데우면 갓 구운 맛", "*", 320},
    {"cafe_bakery", "food_bakery", "수제 쿠키 선물세트", "Hand-made cookie gift set", "COOKIE", 18000, "구성:9개입=1,16개입=1.7",
     "origin=밀가루: 미국산, 버터: 뉴질랜드산;storage=room;expiry=+21",
     "초코칩, 오트밀, 말차 등 여섯 가지 맛;리본 포장과 메시지 카드", "*", 450},
    {"cafe_bakery", "food_bakery", "카스텔라", "Castella sponge cake", "CASTELLA", 12000, "",
     "origin=달걀: 국내산, 밀가루: 미국산;storage=room;expiry=+7", "우유와 꿀로 촉촉하게;한 판 600g", "*", 600},
    {"cafe_bakery", "food_bakery", "찹쌀떡", "Sweet rice cakes (chapssal-tteok)", "CHAPSSAL", 15000, "구성:10개입=1,20개입=1.9",
     "origin=찹쌀: 국내산, 팥: 국내산|찹쌀: 국내산, 팥: 중국산;storage=frozen;expiry=+60",
     "직접 쑨 통팥 앙금;냉동으로 보내 드리며 실온에서 30분 해동하세요", "*", 600},
    {"cafe_bakery", "food_drink", "유자차", "Citron tea (yuja-cha)", "YUJA", 11000, "중량:500g=1,1kg=1.8",
     "origin=유자: 국내산 (전남 고흥);storage=room;expiry=+365", "얇게 썬 유자를 설탕에 재웠습니다;따뜻한 물이나 탄산수에 타 드세요", "*"},
    {"cafe_bakery", "food_bakery", "우유 식빵", "Milk bread loaf", "MILKBREAD", 5500, "",
     "origin=밀가루: 캐나다산, 우유: 국내산;storage=room;expiry=+3", "우유로만 반죽한 결 식빵;토스트와 샌드위치에", "*", 500},
    {"cafe_bakery", "food_bakery", "콩고물 인절미", "Injeolmi (rice cakes in roasted soybean flour)", "INJEOLMI", 9000,
     "중량:500g=1,1kg=1.9",
     "origin=찹쌀: 국내산, 콩가루: 국내산;storage=frozen;expiry=+60", "새벽에 친 찹쌀떡에 볶은 콩고물;해동 후 바로 드세요", "*"},
    {"cafe_bakery", "food_bakery", "모둠 떡 선물세트", "Assorted rice cake gift box", "TTEOKSET", 30000, "구성:소=1,대=1.6",
     "origin=멥쌀: 국내산, 찹쌀: 국내산;storage=frozen;expiry=+60", "꿀떡, 쑥떡, 설기 등 다섯 가지;답례품과 명절 선물로", "*", 1200},
    {"cafe_bakery", "food_bakery", "가래떡", "Garaetteok (rice cake bars)", "GARAETTEOK", 8000, "중량:1kg=1,2kg=1.9",
     "origin=멥쌀: 국내산;storage=chilled;expiry=+5", "떡국과 떡볶이용으로 썰어 드립니다;뽑은 날 보냅니다", "*"},
    {"cafe_bakery", "living_kitchen", "카페 로고 머그컵", "Cafe logo mug", "MUG", 12000, "색상:화이트=1,네이비=1", "",
     "350ml 도자기 머그;식기세척기에 넣어도 됩니다", "*", 350},
    {"cafe_bakery", "food_drink", "수제 과일청 3종 세트", "Fruit syrup trio", "CHEONG", 24000, "",
     "origin=레몬: 미국산, 자몽: 이스라엘산, 청귤: 국내산 (제주);storage=chilled;expiry=+60;volume=750",
     "레몬, 자몽, 청귤 250ml씩;에이드와 차로 즐기세요", "*", 1000},

    // Butchers, side-dish shops, mills and food marts.
    {"groceries", "food_meat_beef", "한우 등심", "Hanwoo beef sirloin", "HANWOO-SIR", 45000, "중량:300g=1,600g=1.95",
     "origin=국내산 (한우);storage=chilled;expiry=+5;grade=g1pp|g1p|g1;trace_number=*",
     "구이용 2cm 두께;이력번호로 산지와 등급을 확인하세요"},
    {"groceries", "food_meat_pork", "돼지 삼겹살", "Pork belly", "SAMGYEOP", 16000, "중량:500g=1,1kg=1.95",
     "origin=국내산|국내산 (제주);storage=chilled;expiry=+5;trace_number=*", "구이용 1.2cm 두께;오늘 들어온 생고기"},
    {"groceries", "food_meat_pork", "돼지 앞다리살", "Pork shoulder", "APDARI", 9000, "중량:500g=1,1kg=1.95",
     "origin=국내산;storage=chilled;expiry=+5;trace_number=*", "찌개, 수육, 제육볶음에;원하는 두께로 썰어 드립니다"},
    {"groceries", "food_meat_poultry", "닭볶음탕용 닭", "Chicken cut for braising", "DAKDORI", 8000, "",
     "origin=국내산;storage=chilled;expiry=+3;weight=1000", "한 마리 1kg을 토막 냈습니다;당일 도축한 닭", "", 1000},
    {"groceries", "food_meat_egg", "무항생제 유정란", "Antibiotic-free fertile eggs", "EGG", 9900, "구성:15구=1,30구=1.9",
     "origin=국내산 (경남 김해)|국내산;storage=chilled;expiry=+21", "산란일자가 찍혀 있습니다;대란 (개당 52~60g)", "", 900},
    {"groceries", "food_processed_kimchi", "포기김치", "Whole cabbage kimchi", "POGI", 18000, "중량:2kg=1,5kg=2.3",
     "origin=배추: 국내산, 고춧가루: 국내산;storage=chilled;expiry=+30;ingredients=배추, 무, 고춧가루, 멸치액젓, 새우젓, 마늘, 생강",
     "해남 배추로 담근 김치;익은 정도를 메모로 알려 주세요", "*"},
    {"groceries", "food_processed_kimchi", "멸치볶음", "Stir-fried anchovies", "MYEOLBOK", 6000, "중량:200g=1,400g=1.9",
     "origin=멸치: 국내산 (남해);storage=chilled;expiry=+10;ingredients=멸치, 아몬드, 물엿, 간장, 참기름",
     "도시락 반찬으로 인기;매일 조금씩 볶습니다", "*"},
    {"groceries", "food_processed_sauce", "방앗간 참기름", "Mill-pressed sesame oil", "SESAME", 15000, "용량:180ml=1,350ml=1.8",
     "origin=참깨: 국내산|참깨: 인도산;storage=room;expiry=+365;ingredients=참깨 100%", "주문을 받고 짜는 저온 압착;유리병 포장", "*"},
    {"groceries", "food_processed_sauce", "집된장", "Home-made soybean paste (doenjang)", "DOENJANG", 14000,
     "중량:1kg=1,2kg=1.9",
     "origin=대두: 국내산;storage=room;expiry=+365;ingredients=대두, 천일염, 정제수", "메주를 띄워 1년 숙성;찌개와 쌈장으로", "*"},
    {"groceries", "food_processed_sauce", "태양초 고춧가루", "Sun-dried red pepper powder", "GOCHUGARU", 25000,
     "중량:500g=1,1kg=1.95",
     "origin=국내산 (경북 영양)|국내산;storage=room;expiry=+365;ingredients=고추 100%",
     "김장용 굵은 것과 양념용 고운 것;햇고추로 빻았습니다", "*"},
    {"groceries", "food_processed", "손두부", "Hand-made tofu", "TOFU", 4500, "",
     "origin=대두: 국내산;storage=chilled;expiry=+4;ingredients=대두, 간수", "새벽에 만든 두부;한 모 550g", "*", 550},

    // Fishmongers, dried seafood and fish cake shops.
    {"seafood", "food_seafood_fish", "손질 고등어", "Cleaned mackerel", "GODEUNGEO", 9900, "중량:500g=1,1kg=1.9,2kg=3.6",
     "origin=국내산 (부산)|노르웨이산;wild_or_farmed=wild;storage=frozen;expiry=+180",
     "머리와 내장을 뺀 순살;한 마리씩 진공 포장;구이와 조림에 좋습니다"},
    {"seafood", "food_seafood_fish", "제주 은갈치", "Jeju silver hairtail", "GALCHI", 29000, "중량:1kg=1,2kg=1.9",
     "origin=국내산 (제주);wild_or_farmed=wild;storage=frozen;expiry=+180", "낚시로 잡은 은갈치;손질해 토막 내어 포장합니다"},
    {"seafood", "food_seafood_dried", "기장 멸치", "Gijang dried anchovies", "MYEOLCHI", 15000, "중량:500g=1,1.5kg=2.7",
     "origin=국내산 (부산 기장)|국내산 (남해);wild_or_farmed=wild;storage=chilled;expiry=+365",
     "볶음용 잔멸치와 국물용 대멸치;봄 멸치를 바로 삶아 말렸습니다"},
    {"seafood", "food_seafood_dried", "마른오징어", "Dried squid", "OJINGEO", 25000, "구성:5마리=1,10마리=1.9",
     "origin=국내산 (동해)|원양산;wild_or_farmed=wild;storage=frozen;expiry=+180", "한 축(20마리)을 다섯 마리씩 나누어 팝니다", "", 400},
    {"seafood", "food_seafood_shellfish", "활전복", "Live abalone", "JEONBOK", 35000,
     "크기:중 (12~13미/kg)=1,대 (9~10미/kg)=1.3",
     "origin=국내산 (전남 완도);wild_or_farmed=farmed;storage=chilled;expiry=+3", "산소 포장으로 살아서 도착합니다;회, 구이, 죽으로", "", 1000},
    {"seafood", "food_seafood_shellfish", "통영 굴", "Tongyeong oysters", "GUL", 12000, "중량:500g=1,1kg=1.9",
     "origin=국내산 (경남 통영);wild_or_farmed=farmed;storage=chilled;expiry=+3", "껍질을 깐 알굴, 세척 완료;11월부터가 제철입니다"},
    {"seafood", "food_seafood_seaweed", "기장 미역", "Gijang dried seaweed (miyeok)", "MIYEOK", 13000, "중량:200g=1,500g=2.3",
     "origin=국내산 (부산 기장);wild_or_farmed=farmed;storage=room;expiry=+365", "돌미역처럼 쫄깃한 기장 미역;산모 미역국용으로 많이 찾습니다"},
    {"seafood", "food_seafood_seaweed", "기장 다시마", "Gijang kelp (dasima)", "DASIMA", 9000, "중량:300g=1,1kg=3",
     "origin=국내산 (부산 기장);wild_or_farmed=farmed;storage=room;expiry=+365", "국물용으로 잘라 담았습니다;흰 가루는 감칠맛 성분이에요"},
    {"seafood", "food_seafood_seaweed", "재래 조미김", "Seasoned laver", "JOMIGIM", 8000, "구성:전장 10봉=1,전장 20봉=1.9",
     "origin=김: 국내산, 들기름: 국내산;storage=room;expiry=+180", "들기름을 발라 두 번 구웠습니다;도시락용 낱봉 포장", "*", 250, Vat::kTaxable},
    {"seafood", "food_seafood_jeotgal", "저염 명란젓", "Low-salt pollock roe (myeongnan)", "MYEONGNAN", 22000,
     "중량:300g=1,500g=1.6",
     "origin=명태알: 러시아산|명태알: 미국산;storage=frozen;expiry=+90", "부산 초량에서 시작한 명란;저염으로 숙성했습니다", "*"},
    {"seafood", "food_seafood_fish", "손질 민물장어", "Cleaned freshwater eel", "JANGEO", 32000, "중량:500g=1,1kg=1.9",
     "origin=국내산 (전북 고창)|국내산;wild_or_farmed=farmed;storage=chilled;expiry=+3", "구이용으로 손질했습니다;소스와 생강채를 함께 드립니다"},
    {"seafood", "food_processed_fishcake", "부산 어묵 모둠", "Busan fish cake assortment", "EOMUK", 12000, "중량:1kg=1,2kg=1.9",
     "origin=연육: 미국산, 베트남산;storage=chilled;expiry=+14;ingredients=연육, 밀가루, 대두유, 양파, 당근",
     "사각, 봉, 말이 등 여덟 가지;매일 아침 튀겨 냅니다", "*"},
    {"seafood", "food_processed_fishcake", "어묵 꼬치", "Fish cake skewers", "EOMUK-SKEWER", 10000, "구성:10개=1,20개=1.9",
     "origin=연육: 미국산, 국내산;storage=chilled;expiry=+14;ingredients=연육, 밀가루, 전분, 대파", "끓는 육수에 5분;간장 소스 포함", "*", 600},
    {"seafood", "food_processed_fishcake", "수제 어묵 고로케", "Hand-made fish cake croquettes", "EOMUK-CROQ", 12000,
     "구성:6개=1,12개=1.9",
     "origin=연육: 미국산, 감자: 국내산;storage=frozen;expiry=+90;ingredients=연육, 감자, 카레, 빵가루", "감자와 카레를 넣은 부산식 간식;에어프라이어에 8분",
     "*", 540},
    {"seafood", "food_seafood_fish", "광어회", "Flatfish sashimi", "GWANGEO", 40000, "중량:500g=1,1kg=1.9",
     "origin=국내산 (제주)|국내산 (완도);wild_or_farmed=farmed;storage=chilled;expiry=+1",
     "주문하신 날 떠서 보냅니다 (부산 시내 퀵);초장과 와사비를 함께 드립니다"},

    // Fruit, vegetables and grains.
    {"farm_produce", "food_agri_fruit", "밀양 얼음골 사과", "Miryang Eoreumgol apples", "APPLE", 35000, "중량:3kg=1,5kg=1.55",
     "origin=국내산 (경남 밀양);cultivation=conventional|low_pesticide;storage=chilled", "꿀이 박힌 부사;선물용 상자에 담아 드립니다"},
    {"farm_produce", "food_agri_fruit", "나주 배", "Naju pears", "PEAR", 39000, "중량:5kg=1,7.5kg=1.45",
     "origin=국내산 (전남 나주);cultivation=conventional;storage=chilled", "한 알 700g 이상 특품;명절 선물로 좋습니다"},
    {"farm_produce", "food_agri_fruit", "김해 단감", "Gimhae sweet persimmons", "DANGAM", 25000, "중량:5kg=1,10kg=1.9",
     "origin=국내산 (경남 김해);cultivation=conventional|low_pesticide;storage=room", "10월 말부터 11월이 제철;아삭한 단감"},
    {"farm_produce", "food_agri_vegetable", "대저 짭짤이 토마토", "Daejeo salty tomatoes", "TOMATO", 22000, "중량:2kg=1,5kg=2.3",
     "origin=국내산 (부산 강서구 대저동);cultivation=conventional|pesticide_free;storage=room",
     "낙동강 하구 염분 땅에서 자란 짭짤이;2월부터 5월이 제철"},
    {"farm_produce", "food_agri_fruit", "설향 딸기", "Seolhyang strawberries", "STRAWB", 18000, "중량:500g=1,1kg=1.9",
     "origin=국내산 (경남 진주)|국내산 (부산 강서구);cultivation=conventional|pesticide_free;storage=chilled",
     "아침에 딴 딸기;무르지 않게 한 줄 포장"},
    {"farm_produce", "food_agri_vegetable", "햇감자", "New potatoes", "POTATO", 12000, "중량:3kg=1,5kg=1.6,10kg=3",
     "origin=국내산 (경남 밀양)|국내산 (강원 평창);cultivation=conventional;storage=room", "포슬포슬한 수미 감자;찌고 볶고 튀겨도 좋습니다"},
    {"farm_produce", "food_agri_vegetable", "양파", "Onions", "ONION", 9000, "중량:3kg=1,10kg=2.8",
     "origin=국내산 (전남 무안)|국내산 (경남 창녕);cultivation=conventional;storage=room", "단단하고 매운맛이 덜한 햇양파"},
    {"farm_produce", "food_agri_vegetable", "깐마늘", "Peeled garlic", "GARLIC", 11000, "중량:500g=1,1kg=1.9",
     "origin=국내산 (경남 남해)|국내산 (경북 의성);cultivation=conventional;storage=chilled", "바로 쓸 수 있게 깐 통마늘"},
    {"farm_produce", "food_agri_grain", "햅쌀", "New-crop rice", "RICE", 32000, "중량:10kg=1,20kg=1.9",
     "origin=국내산 (경남 김해)|국내산 (경기 이천);cultivation=conventional|organic;harvest_year=2026;storage=room",
     "도정일자를 봉투에 찍었습니다;윤기 나는 햅쌀"},
    {"farm_produce", "food_agri_grain", "현미", "Brown rice", "BROWNRICE", 18000, "중량:4kg=1,10kg=2.3",
     "origin=국내산;cultivation=conventional|pesticide_free;harvest_year=2026|2025;storage=room", "불려서 백미와 섞어 지으세요"},
    {"farm_produce", "food_agri_grain", "혼합 잡곡", "Mixed grains", "JAPGOK", 15000, "중량:2kg=1,4kg=1.9",
     "origin=국내산;cultivation=conventional;harvest_year=2026;storage=room", "찰보리, 현미, 서리태, 수수 등 12곡"},
    {"farm_produce", "food_agri_vegetable", "청양고추", "Cheongyang hot peppers", "PEPPER", 6000, "중량:500g=1,1kg=1.9",
     "origin=국내산;cultivation=conventional;storage=chilled", "찌개에 한두 개면 충분히 맵습니다"},

    // Clothing.
    {"clothing", "fashion_women", "린넨 블라우스", "Linen blouse", "BLOUSE", 49000, "사이즈:S=1,M=1,L=1",
     "colour=화이트|베이지|스카이블루;material=린넨 100%", "바람이 잘 통하는 린넨;단추 여밈, 여유 있는 품", "*", 200},
    {"clothing", "fashion_women", "울 니트 가디건", "Wool knit cardigan", "CARDIGAN", 69000, "사이즈:S=1,M=1,L=1,XL=1",
     "colour=오트밀|차콜|버건디;material=울 70%, 나일론 30%", "따끔거리지 않는 메리노 울;울 전용 세제로 손세탁하세요", "*", 400},
    {"clothing", "fashion_men", "옥스퍼드 셔츠", "Oxford shirt", "OXFORD", 45000, "사이즈:M=1,L=1,XL=1,XXL=1",
     "colour=화이트|블루;material=면 100%", "버튼다운 칼라;세탁 후에도 형태가 잘 잡힙니다", "*", 300},
    {"clothing", "fashion_men", "치노 팬츠", "Chino trousers", "CHINO", 55000, "사이즈:M=1,L=1,XL=1",
     "colour=베이지|네이비|카키;material=면 98%, 스판덱스 2%", "기장 수선 무료;편안한 스트레치", "*", 450},
    {"clothing", "fashion_women", "롱 원피스", "Long dress", "DRESS", 79000, "사이즈:S=1,M=1,L=1",
     "colour=블랙|플라워 프린트;material=레이온 100%", "허리 끈으로 핏을 조절합니다;안감이 있어 비치지 않습니다", "*", 350},
    {"clothing", "fashion_kids", "아동 맨투맨", "Kids' sweatshirt", "KIDSSWEAT", 25000, "사이즈:100=1,110=1,120=1,130=1",
     "colour=옐로|그레이;material=면 100%", "보들보들한 쭈리 원단;목 늘어남이 적습니다", "*", 250},
    {"clothing", "fashion_hanbok", "맞춤 생활한복", "Made-to-measure everyday hanbok", "HANBOK", 180000, "사이즈:S=1,M=1,L=1",
     "colour=쪽빛|연분홍;material=면, 모시", "치수를 재어 2주 안에 지어 드립니다;매장에서 입어 보실 수 있습니다", "*", 600},
    {"clothing", "fashion_underwear", "면 파자마 세트", "Cotton pyjama set", "PAJAMA", 39000, "사이즈:M=1,L=1,XL=1",
     "colour=블루 스트라이프|그레이;material=면 100%", "상하의 한 벌;고무줄 허리", "*", 400},
    {"clothing", "fashion_men", "경량 패딩 조끼", "Light padded vest", "VEST", 59000, "사이즈:M=1,L=1,XL=1",
     "colour=블랙|네이비;material=겉감 나일론 100%, 충전재 오리털 80%", "주머니에 접어 넣을 수 있습니다;간절기 겹쳐 입기에", "*", 250},
    {"clothing", "fashion_bags", "캔버스 에코백", "Canvas tote bag", "ECOBAG", 19000, "색상:아이보리=1,블랙=1",
     "material=캔버스 (면 100%)", "A4 파일이 들어가는 크기;안쪽 주머니 하나", "*", 300},
    {"clothing", "fashion_kids", "아기 바디슈트", "Baby bodysuit", "BODYSUIT", 19000, "사이즈:90=1,100=1",
     "colour=화이트|민트;material=오가닉 면 100%", "똑딱이 단추로 갈아입히기 쉽습니다", "*", 150},

    // Shoes and bags.
    {"shoes_bags", "fashion_shoes_dress", "수제 가죽 로퍼", "Hand-made leather loafers", "LOAFER", 129000,
     "사이즈:250=1,260=1,270=1",
     "colour=브라운|블랙;material=소가죽", "부산 전포동 구두 골목에서 만든 수제화;발볼을 넓게 주문할 수 있습니다", "*", 800},
    {"shoes_bags", "fashion_shoes_dress", "여성 미들힐 펌프스", "Women's mid-heel pumps", "PUMPS", 89000,
     "사이즈:225=1,235=1,245=1",
     "colour=블랙|누드베이지;material=양가죽", "굽 높이 5cm;쿠션 깔창", "*", 600},
    {"shoes_bags", "fashion_shoes_sneakers", "캔버스 스니커즈", "Canvas sneakers", "SNEAKER", 59000,
     "사이즈:230=1,240=1,250=1,260=1",
     "colour=화이트|블랙;material=캔버스, 고무창", "가볍고 통기성이 좋습니다;반 치수 크게 신으세요", "*", 700},
    {"shoes_bags", "fashion_shoes_sandals", "가죽 슬라이드", "Leather slides", "SLIDE", 45000, "사이즈:230=1,250=1,270=1",
     "colour=탄|블랙;material=소가죽", "발등을 감싸는 넓은 밴드", "*", 500},
    {"shoes_bags", "fashion_shoes_boots", "첼시 부츠", "Chelsea boots", "CHELSEA", 149000, "사이즈:240=1,260=1,270=1",
     "colour=블랙|브라운;material=소가죽, 고무창", "양옆 밴드로 신고 벗기 쉽습니다", "*", 1100},
    {"shoes_bags", "fashion_bags", "가죽 토트백", "Leather tote bag", "TOTE", 159000, "색상:블랙=1,카멜=1,버건디=1",
     "material=소가죽", "한 장의 가죽으로 재단;노트북 13인치가 들어갑니다", "*", 900},
    {"shoes_bags", "fashion_bags", "카드 지갑", "Card wallet", "CARDWALLET", 39000, "색상:블랙=1,네이비=1,브라운=1",
     "material=소가죽", "카드 여섯 장;이니셜 각인 무료", "*", 60},
    {"shoes_bags", "fashion_bags", "가죽 벨트", "Leather belt", "BELT", 49000, "길이:105cm=1,115cm=1",
     "colour=블랙|브라운;material=소가죽", "길이는 매장에서 맞춰 드립니다", "*", 200},
    {"shoes_bags", "services_repair", "구두 밑창 교체", "Shoe resoling", "RESOLE", 25000, "",
     "duration=60;on_site=false", "맡기신 다음 날 찾아가세요;가죽창, 고무창 모두 가능합니다"},
    {"shoes_bags", "fashion_shoes_sneakers", "러닝화", "Running shoes", "RUNNER", 99000, "사이즈:250=1,260=1,270=1,280=1",
     "colour=네이비|그레이;material=메시, EVA 미드솔", "가벼운 쿠션;매장에서 발 크기를 재 드립니다", "*", 600},

    // Cosmetics.
    {"beauty_cosmetics", "beauty_skincare", "수분 크림", "Moisture cream", "CREAM", 28000, "용량:50ml=1,100ml=1.7",
     "skin_type=dry|all;use_by=+730", "세라마이드와 히알루론산;끈적임 없는 마무리", "*"},
    {"beauty_cosmetics", "beauty_skincare", "어성초 토너", "Heartleaf toner", "TONER", 18000, "용량:200ml=1,500ml=2",
     "skin_type=oily|sensitive|combination;use_by=+730", "진정에 좋은 어성초 추출물 70%;화장솜에 적셔 닦아 내세요", "*"},
    {"beauty_cosmetics", "beauty_body", "천연 비누", "Natural cold-process soap", "SOAP", 8000, "향:라벤더=1,쑥=1,동백=1",
     "use_by=+540", "6주 동안 저온 숙성;부산 동백 오일을 넣었습니다", "*", 100},
    {"beauty_cosmetics", "beauty_body", "핸드크림", "Hand cream", "HANDCREAM", 9000, "향:동백=1,무화과=1,베르가못=1",
     "volume=50;use_by=+730", "끈적이지 않고 빨리 스며듭니다", "*", 70},
    {"beauty_cosmetics", "beauty_hair", "약산성 샴푸", "Low-pH shampoo", "SHAMPOO", 16000, "용량:500ml=1,1000ml=1.7",
     "use_by=+730", "pH 5.5 약산성;실리콘을 넣지 않았습니다", "*"},
    {"beauty_cosmetics", "beauty_makeup", "립밤", "Lip balm", "LIPBALM", 7000, "색상:무색=1,코랄=1,로즈=1",
     "volume=4;use_by=+730", "시어버터와 호호바 오일", "*", 10},
    {"beauty_cosmetics", "beauty_perfume", "동백꽃 오 드 퍼퓸", "Camellia eau de parfum", "PERFUME", 58000,
     "용량:30ml=1,50ml=1.5",
     "use_by=+1095", "부산의 시화 동백을 담은 향;은은한 플로럴 머스크", "*"},
    {"beauty_cosmetics", "beauty_makeup", "쿠션 팩트", "Cushion compact", "CUSHION", 32000, "호수:21호=1,23호=1",
     "volume=15;use_by=+730", "리필 하나를 함께 드립니다;SPF50+ PA++++", "*", 60},
    {"beauty_cosmetics", "beauty_skincare", "시트 마스크팩", "Sheet masks", "MASKPACK", 15000, "구성:10매=1,30매=2.7",
     "skin_type=all;use_by=+730", "한 장에 에센스 25ml;주 2~3회 붙이세요", "*", 300},
    {"beauty_cosmetics", "beauty_tools", "옥 괄사", "Jade gua sha stone", "GUASHA", 22000, "", "",
     "얼굴선을 따라 부드럽게 밀어 주세요;파우치에 담아 드립니다", "", 80},

    // Jewellery and accessories.
    {"jewelry_accessories", "fashion_bags", "은반지", "Sterling silver ring", "SILVERRING", 45000,
     "호수:9호=1,11호=1,13호=1,15호=1",
     "colour=실버;material=은 925", "매장에서 손으로 두드려 만듭니다;각인 무료", "*", 5},
    {"jewelry_accessories", "fashion_bags", "담수 진주 목걸이", "Freshwater pearl necklace", "PEARL", 89000,
     "길이:42cm=1,45cm=1.1",
     "colour=화이트;material=담수진주, 은 925", "알 크기 7~8mm;보증서를 함께 드립니다", "*", 30},
    {"jewelry_accessories", "fashion_bags", "14K 귀걸이", "14-karat gold earrings", "EARRING", 129000, "",
     "colour=옐로 골드;material=14K 금", "알레르기 걱정이 적은 14K;선물 상자 포장", "*", 5},
    {"jewelry_accessories", "fashion_bags", "가죽줄 손목시계", "Leather-strap watch", "WATCH", 159000, "색상:브라운=1,블랙=1",
     "material=스테인리스 스틸, 소가죽", "생활 방수 5기압;배터리 무상 교체 1년", "*", 60},
    {"jewelry_accessories", "fashion_bags", "매듭 팔찌", "Knotted bracelet", "BRACELET", 19000, "색상:레드=1,네이비=1,그린=1",
     "material=실크 실, 은 925", "손목 둘레에 맞춰 조절됩니다", "*", 5},
    {"jewelry_accessories", "fashion_bags", "머리핀 세트", "Hair pin set", "HAIRPIN", 15000, "", "material=아세테이트",
     "세 개 한 세트;자개 무늬", "*", 30},
    {"jewelry_accessories", "services_repair", "시계 배터리 교체", "Watch battery replacement", "WBATTERY", 5000, "",
     "duration=10;on_site=false", "기다리시는 동안 바꿔 드립니다;방수 점검 포함"},
    {"jewelry_accessories", "fashion_bags", "순금 돌반지", "Pure gold first-birthday ring", "GOLDRING", 480000,
     "중량:1돈=1,2돈=2",
     "colour=골드;material=순금 (24K)", "한 돈은 3.75g;돌잔치 선물", "*", 4},

    // Furniture and interiors.
    {"furniture_interior", "living_furniture_table", "원목 식탁", "Solid wood dining table", "DTABLE", 690000,
     "크기:4인용=1,6인용=1.3",
     "dimensions=1400×800×740|1600×850×740;material=오크 원목", "오일 마감으로 나뭇결이 살아 있습니다;부산 시내 설치 배송", "*", 40000},
    {"furniture_interior", "living_furniture_table", "원목 책상", "Solid wood desk", "DESK", 390000, "크기:1200=1,1400=1.15",
     "dimensions=1200×600×730;material=월넛 원목", "배선 구멍 두 곳;높이 조절 발", "*", 25000},
    {"furniture_interior", "living_furniture_storage", "4단 서랍장", "Four-drawer chest", "CHEST", 290000, "",
     "dimensions=800×450×1000;material=자작나무 합판", "서랍마다 소프트 클로징 레일", "*", 35000},
    {"furniture_interior", "living_furniture_sofa", "3인용 패브릭 소파", "Three-seat fabric sofa", "SOFA", 890000,
     "색상:그레이=1,베이지=1",
     "dimensions=2100×900×800;material=패브릭, 원목 프레임", "커버를 벗겨 세탁할 수 있습니다;설치 배송", "*", 55000},
    {"furniture_interior", "living_furniture_bed", "편백 침대 프레임", "Hinoki cypress bed frame", "BED", 590000,
     "크기:슈퍼싱글=1,퀸=1.25",
     "dimensions=1100×2100×350|1500×2100×350;material=편백나무", "은은한 편백 향;매트리스는 따로 팝니다", "*", 45000},
    {"furniture_interior", "living_decor", "린넨 커튼", "Linen curtains", "CURTAIN", 59000, "크기:150×230=1,200×230=1.3", "",
     "맞춤 기장 가능;집게 고리를 함께 드립니다", "*", 1200},
    {"furniture_interior", "electronics_lighting", "라탄 펜던트 조명", "Rattan pendant lamp", "PENDANT", 89000, "",
     "voltage=v220;kc_cert=*;warranty_months=12", "E26 소켓, 전구는 따로;직접 엮은 라탄 갓", "*", 1500},
    {"furniture_interior", "living_decor", "쿠션 커버", "Cushion cover", "CUSHIONCV", 19000, "색상:머스타드=1,올리브=1,크림=1", "",
     "45×45cm;숨은 지퍼", "*", 150},
    {"furniture_interior", "living_kitchen", "원목 도마", "Wooden cutting board", "BOARD", 35000, "크기:중=1,대=1.4", "",
     "캄포 원목;가끔 식용유로 닦아 주세요", "*", 900},
    {"furniture_interior", "living_furniture_storage", "원목 벽 선반", "Wooden wall shelf", "SHELF", 79000,
     "길이:600=1,900=1.3",
     "dimensions=600×200×150;material=오크 원목", "나사와 앵커를 함께 드립니다", "*", 3000},

    // Household goods.
    {"household_goods", "living_kitchen", "스테인리스 냄비 세트", "Stainless steel pot set", "POTSET", 89000, "", "",
     "16·18·20cm 세 가지;인덕션에서도 쓸 수 있습니다", "", 4500},
    {"household_goods", "living_kitchen", "코팅 프라이팬", "Non-stick frying pan", "PAN", 29000, "크기:24cm=1,28cm=1.2", "",
     "세라믹 코팅;인덕션 겸용", "", 900},
    {"household_goods", "living_kitchen", "도자기 그릇 세트", "Stoneware dish set", "DISHSET", 59000, "구성:2인=1,4인=1.8", "",
     "밥공기, 국그릇, 접시 두 개씩;전자레인지 사용 가능", "", 3000},
    {"household_goods", "living_kitchen", "방짜 유기 수저 세트", "Brass spoon and chopsticks set", "SUJEO", 45000,
     "구성:1벌=1,2벌=1.9", "",
     "두드려 만든 방짜 유기;선물 상자 포장", "", 200},
    {"household_goods", "living_cleaning", "세탁 세제", "Laundry detergent", "DETERGENT", 15000, "용량:2.5L=1,5L=1.8", "",
     "드럼, 일반 세탁기 겸용;실내 건조에도 냄새가 덜합니다", "", 2700},
    {"household_goods", "living_cleaning", "천연 수세미", "Loofah scrubbers", "LOOFAH", 6000, "구성:3개=1,10개=3", "",
     "말린 수세미 열매를 잘랐습니다;설거지와 목욕에", "", 30},
    {"household_goods", "living_bath", "호텔 수건", "Hotel towels", "TOWEL", 25000, "구성:3장=1,5장=1.6", "",
     "40수 코마사 180g;보풀이 적습니다", "", 180},
    {"household_goods", "living_bedding", "차렵이불", "Quilted comforter", "QUILT", 89000, "크기:싱글=1,퀸=1.3",
     "material=겉감 면 100%, 충전재 폴리에스터", "사계절용;세탁기에 빨 수 있습니다", "", 2500},
    {"household_goods", "living_bedding", "메밀 베개", "Buckwheat pillow", "PILLOW", 29000, "",
     "material=겉감 면, 충전재 메밀 껍질", "높이를 조절할 수 있게 지퍼를 달았습니다", "", 1500},
    {"household_goods", "living_kitchen", "유리 밀폐용기 세트", "Glass food containers", "CONTAINER", 32000, "구성:4종=1,8종=1.8",
     "",
     "내열 유리;오븐과 전자레인지에 쓸 수 있습니다", "", 2000},
    {"household_goods", "living_cleaning", "스텐 빨래 건조대", "Stainless drying rack", "RACK", 39000, "", "",
     "접이식;이불도 널 수 있는 날개", "", 4000},
    {"household_goods", "kids_diapers", "아기 물티슈", "Baby wet wipes", "BABYWIPE", 12000, "구성:10팩=1,20팩=1.9",
     "kc_cert=*;age=0세 이상", "도톰한 80매 캡형;무향", "", 500},

    // Electronics.
    {"electronics", "electronics_phone", "휴대폰 케이스", "Phone case", "CASE", 19000, "기종:갤럭시 S25=1,아이폰 16=1",
     "warranty_months=6", "카드 수납 포켓;모서리 충격 보호", "", 50},
    {"electronics", "electronics_phone", "45W 고속 충전기", "45 W fast charger", "CHARGER", 29000, "",
     "voltage=free;kc_cert=*;warranty_months=12", "USB-C 케이블 포함;노트북도 충전됩니다", "", 120},
    {"electronics", "electronics_phone", "보조배터리 10000mAh", "Power bank, 10,000 mAh", "POWERBANK", 35000,
     "색상:화이트=1,블랙=1",
     "kc_cert=*;warranty_months=12", "휴대폰을 두 번 충전;기내 반입 가능", "", 200},
    {"electronics", "electronics_av", "블루투스 이어폰", "Bluetooth earbuds", "EARBUDS", 59000, "색상:화이트=1,블랙=1",
     "kc_cert=*;warranty_months=12", "노이즈 캔슬링;케이스 포함 24시간 재생", "", 60},
    {"electronics", "electronics_computer", "무선 마우스", "Wireless mouse", "MOUSE", 25000, "색상:블랙=1,그레이=1",
     "warranty_months=12", "저소음 클릭;블루투스와 USB 수신기 겸용", "", 90},
    {"electronics", "electronics_computer", "기계식 키보드", "Mechanical keyboard", "KEYBOARD", 89000, "스위치:갈축=1,청축=1,적축=1",
     "warranty_months=12", "한글 각인 PBT 키캡;매장에서 타건해 보세요", "", 900},
    {"electronics", "electronics_kitchen", "전기포트", "Electric kettle", "KETTLE", 39000, "",
     "voltage=v220;kc_cert=*;warranty_months=12", "1.7L 스테인리스;온도 조절 5단계", "", 1200},
    {"electronics", "electronics_appliance", "서큘레이터", "Air circulator", "CIRCULATOR", 79000, "",
     "voltage=v220;kc_cert=*;energy_grade=g1|g2;warranty_months=12", "사계절 공기 순환;리모컨 포함", "", 3000},
    {"electronics", "electronics_appliance", "제습기 16L", "Dehumidifier, 16 L", "DEHUMID", 289000, "",
     "voltage=v220;kc_cert=*;energy_grade=g1;warranty_months=24", "장마철 빨래 건조 모드;물통 4L", "", 13000},
    {"electronics", "electronics_lighting", "LED 스탠드", "LED desk lamp", "LEDLAMP", 45000, "색상:화이트=1,블랙=1",
     "voltage=v220;kc_cert=*;warranty_months=12", "눈부심을 줄인 확산판;밝기 5단계", "", 1100},
    {"electronics", "electronics_parts", "개별 스위치 멀티탭", "Power strip with switches", "POWERSTRIP", 15000,
     "구성:4구 1.5m=1,6구 3m=1.4",
     "voltage=v220;kc_cert=*", "과부하 차단;16A", "", 500},
    {"electronics", "services_repair", "휴대폰 액정 수리", "Phone screen repair", "SCREENFIX", 120000, "",
     "duration=60;on_site=false", "한 시간이면 찾아가실 수 있습니다;수리 후 3개월 보증"},

    // Books and stationery.
    {"books_stationery", "books_books", "부산 골목 산책", "Walks in Busan's Alleys", "BOOK-ALLEY", 16800, "",
     "isbn=*;publisher=갈매기출판사", "원도심 골목 스무 곳;지도와 사진 120장", "", 450, Vat::kExempt},
    {"books_stationery", "books_books", "그림책 바다 이야기", "Picture book: Tales of the Sea", "BOOK-SEA", 14000, "",
     "isbn=*;publisher=파도어린이", "4~7세;해녀 할머니와 손녀의 하루", "", 500, Vat::kExempt},
    {"books_stationery", "books_books", "중고 소설 묶음", "Second-hand novels bundle", "USEDNOVELS", 10000, "구성:5권=1,10권=1.8",
     "publisher=여러 출판사", "상태 좋은 한국 소설;무엇이 올지는 열어 보세요", "", 1800, Vat::kExempt},
    {"books_stationery", "books_books", "부산 사투리 사전", "Dictionary of Busan Dialect", "BOOK-DIAL", 22000, "",
     "isbn=*;publisher=동백서가", "표제어 3,000개;예문마다 표준어 풀이", "", 700, Vat::kExempt},
    {"books_stationery", "books_stationery", "만년필", "Fountain pen", "FPEN", 45000, "촉:EF=1,F=1,M=1", "",
     "잉크 컨버터 포함;각인 서비스", "", 30},
    {"books_stationery", "books_stationery", "양장 노트", "Hardcover notebook", "NOTE", 12000, "내지:무지=1,줄=1,모눈=1", "",
     "만년필에도 번지지 않는 100g 용지;192쪽", "", 400},
    {"books_stationery", "books_stationery", "색연필 36색", "36 coloured pencils", "PENCILS", 18000, "", "",
     "수채 겸용;틴 케이스", "", 500},
    {"books_stationery", "books_craft", "수채화 물감 세트", "Watercolour paint set", "WATERCOLOR", 32000, "구성:24색=1,36색=1.4",
     "",
     "고체 물감 팔레트;물붓 포함", "", 400},
    {"books_stationery", "books_craft", "스케치북", "Sketchbook", "SKETCH", 6000, "크기:A4=1,A3=1.6", "",
     "200g 켄트지 30매", "", 500},
    {"books_stationery", "books_office", "클리어 파일", "Clear file folders", "CLEARFILE", 5000, "구성:10개=1,30개=2.6", "",
     "A4 20매 수납", "", 100},
    {"books_stationery", "books_instrument", "입문용 우쿨렐레", "Beginner's ukulele", "UKULELE", 79000, "크기:소프라노=1,콘서트=1.2",
     "",
     "가방, 튜너, 교본 포함;매장에서 줄을 맞춰 드립니다", "", 700},
    {"books_stationery", "kids_toys", "원목 쌓기 블록", "Wooden building blocks", "BLOCKS", 35000, "",
     "kc_cert=*;age=3세 이상", "너도밤나무 50피스;친환경 수성 도료", "", 1500},

    // Florists and garden centres.
    {"flowers_garden", "farming_flower", "계절 꽃다발", "Seasonal bouquet", "BOUQUET", 39000, "크기:S=1,M=1.5,L=2.2", "",
     "그날 들어온 꽃으로 엮습니다;메시지 카드 무료;부산 시내 당일 배송", "*"},
    {"flowers_garden", "farming_flower", "몬스테라 화분", "Monstera pot plant", "MONSTERA", 45000, "크기:중=1,대=1.8", "",
     "밝은 그늘에 두세요;흙이 마르면 물을 듬뿍", "*", 5000},
    {"flowers_garden", "farming_flower", "다육식물 모둠", "Succulent set", "SUCCULENT", 19000, "구성:3개=1,6개=1.8", "",
     "토분에 심어 보냅니다;한 달에 두 번 물 주기", "*", 900},
    {"flowers_garden", "farming_flower", "축하 화환", "Congratulatory flower stand", "HWAHWAN", 100000, "단:3단=1,4단=1.3", "",
     "개업, 결혼식장 배달;리본 문구를 적어 주세요", "*"},
    {"flowers_garden", "farming_flower", "꽃바구니", "Flower basket", "BASKET", 59000, "", "",
     "생일, 기념일 선물;오아시스에 꽂아 오래갑니다", "*"},
    {"flowers_garden", "farming_flower", "동양란", "Oriental orchid", "ORCHID", 79000, "", "",
     "승진, 개업 선물;리본 문구 무료", "*", 3000},
    {"flowers_garden", "farming_fertilizer", "분갈이 흙", "Potting soil", "SOIL", 8000, "중량:5kg=1,20kg=3.2", "",
     "펄라이트와 마사토를 섞었습니다;실내 화분용", ""},
    {"flowers_garden", "farming_seed", "허브 모종", "Herb seedlings", "HERB", 4000, "품종:바질=1,로즈마리=1,애플민트=1", "",
     "창가에서 잘 자랍니다;잎을 따서 요리에 쓰세요", "", 300},
    {"flowers_garden", "farming_seed", "꽃씨", "Flower seeds", "FLOWERSEED", 3000, "품종:코스모스=1,해바라기=1,백일홍=1", "",
     "봄에 뿌리세요;한 봉지 약 100립", "", 10},
    {"flowers_garden", "farming_tool", "원예 가위", "Pruning shears", "SHEARS", 25000, "", "",
     "탄소강 날;한 손에 쥐기 좋은 크기", "", 250},

    // Pet shops.
    {"pets", "pets_food", "강아지 사료", "Dog food", "DOGFOOD", 32000, "중량:2kg=1,6kg=2.6",
     "pet=dog;expiry=+365", "국내산 연어와 현미;작은 알갱이", ""},
    {"pets", "pets_food", "고양이 사료", "Cat food", "CATFOOD", 35000, "중량:2kg=1,5kg=2.3",
     "pet=cat;expiry=+365", "곡물 없는 레시피;헤어볼 관리", ""},
    {"pets", "pets_food", "수제 닭가슴살 육포", "Hand-made chicken jerky", "JERKY", 9000, "중량:100g=1,300g=2.7",
     "pet=dog|cat;expiry=+90", "국내산 닭가슴살 하나만;방부제를 넣지 않았습니다", "*"},
    {"pets", "pets_supplies", "배변패드", "Puppy pads", "PADS", 15000, "구성:50매=1,100매=1.8",
     "pet=dog", "흡수력 좋은 5겹;냄새 차단", "", 2000},
    {"pets", "pets_supplies", "두부 고양이 모래", "Tofu cat litter", "LITTER", 12000, "구성:7L=1,7L 3개=2.8",
     "pet=cat", "변기에 버릴 수 있습니다;먼지가 적습니다", "", 2500},
    {"pets", "pets_supplies", "강아지 하네스", "Dog harness", "HARNESS", 25000, "사이즈:S=1,M=1,L=1",
     "pet=dog", "목에 부담이 없는 H형;반사 띠", "", 150},
    {"pets", "pets_supplies", "깃털 낚싯대 장난감", "Feather wand toy", "WAND", 6000, "", "pet=cat",
     "리필 깃털 두 개", "", 40},
    {"pets", "pets_grooming", "저자극 샴푸", "Gentle pet shampoo", "PETSHAMPOO", 14000, "", "pet=dog|cat",
     "약산성 300ml;눈물 자국 관리", "", 350},
    {"pets", "services", "강아지 목욕과 미용", "Dog bath and grooming", "GROOMING", 40000, "크기:소형견=1,중형견=1.5",
     "duration=120;on_site=false", "예약제로 운영합니다;발톱 정리와 귀 청소 포함"},
    {"pets", "pets_aquarium", "구피", "Guppies", "GUPPY", 10000, "구성:5마리=1,10마리=1.8", "pet=other",
     "매장에서 번식시킨 건강한 개체;부산 시내 직접 배달"},
    {"pets", "pets_aquarium", "어항 세트", "Aquarium starter set", "TANK", 59000, "크기:30cm=1,45cm=1.6", "pet=other",
     "여과기, 조명, 바닥재 포함;물 맞춤 안내서", "", 4000},

    // Health.
    {"health", "health_supplement", "6년근 홍삼 농축액", "Six-year red ginseng extract", "HONGSAM", 89000,
     "중량:240g=1,480g=1.9",
     "origin=국내산 (충남 금산)|국내산 (경북 영주);expiry=+540;servings=60", "하루 한 스푼;진세노사이드 함량 표시", "*"},
    {"health", "health_supplement", "종합 비타민", "Multivitamin", "VITAMIN", 25000, "구성:60정=1,120정=1.8",
     "origin=국내산|미국산;expiry=+540;servings=60", "하루 한 알, 식후에 드세요", "", 120},
    {"health", "health_supplement", "흑염소 진액", "Black goat tonic", "GOAT", 150000, "구성:30포=1,60포=1.9",
     "origin=흑염소: 국내산;expiry=+365;servings=30", "건강원에서 직접 달였습니다;하루 한 포", "*", 3500},
    {"health", "food_drink", "무안 양파즙", "Muan onion juice", "ONIONJUICE", 35000, "구성:30포=1,60포=1.9",
     "origin=양파: 국내산 (전남 무안);storage=room;expiry=+365;volume=110", "한 포 110ml;껍질째 달였습니다", "*", 3500},
    {"health", "health_medical", "자동 혈압계", "Automatic blood pressure monitor", "BPMETER", 69000, "",
     "approval_number=제허 12-345호|수허 19-1234호", "위팔형;두 사람 기록 저장", "", 400},
    {"health", "health_medical", "돋보기 안경", "Reading glasses", "READER", 29000, "도수:+1.0=1,+1.5=1,+2.0=1,+2.5=1",
     "approval_number=수신 20-567호", "가벼운 TR 테;케이스 포함", "", 30},
    {"health", "health_medical", "비접촉 체온계", "Non-contact thermometer", "THERMO", 35000, "",
     "approval_number=제허 21-789호", "1초 측정;기록 30회", "", 150},
    {"health", "health_hygiene", "KF94 마스크", "KF94 masks", "KF94", 15000, "구성:25매=1,50매=1.9", "",
     "개별 포장;식약처 허가 의약외품", "", 200},
    {"health", "health_massage", "팥 찜질팩", "Red bean heat pack", "HEATPACK", 19000, "", "",
     "전자레인지에 2분;국내산 팥", "", 1200},
    {"health", "health_fitness", "요가 매트", "Yoga mat", "YOGAMAT", 29000, "두께:6mm=1,10mm=1.2", "",
     "미끄럼 방지 TPE;스트랩 포함", "", 900},

    // Sports and leisure.
    {"sports_leisure", "sports_fishing", "바다 낚싯대", "Sea fishing rod", "ROD", 89000, "길이:2.7m=1,3.6m=1.3", "",
     "갯바위, 방파제 겸용;카본 소재", "", 300},
    {"sports_leisure", "sports_fishing", "루어 세트", "Lure set", "LURE", 25000, "구성:10종=1,20종=1.8", "",
     "농어, 고등어, 삼치용;케이스 포함", "", 200},
    {"sports_leisure", "sports_fishing", "갯바위 구명조끼", "Rock fishing life vest", "LIFEVEST", 79000, "사이즈:M=1,L=1,XL=1",
     "",
     "부력재 7kg;주머니 여섯 개", "", 900},
    {"sports_leisure", "sports_camping", "4인용 텐트", "Four-person tent", "TENT", 259000, "", "",
     "설치 10분;내수압 3,000mm", "", 7000},
    {"sports_leisure", "sports_camping", "캠핑 의자", "Camping chair", "CHAIR", 39000, "색상:카키=1,베이지=1", "",
     "접으면 한 뼘;하중 120kg", "", 1500},
    {"sports_leisure", "sports_hiking", "등산 스틱", "Trekking poles", "POLES", 49000, "", "",
     "두 개 한 조;두랄루민 3단", "", 500},
    {"sports_leisure", "sports_bicycle", "접이식 자전거", "Folding bicycle", "FOLDBIKE", 390000, "색상:화이트=1,민트=1",
     "frame_size=16|20", "10초 만에 접힙니다;지하철에 가지고 탈 수 있습니다", "", 11000},
    {"sports_leisure", "sports_bicycle", "자전거 헬멧", "Cycling helmet", "HELMET", 59000, "사이즈:M=1,L=1", "",
     "KC 인증;후미등 포함", "", 300},
    {"sports_leisure", "sports_water", "래시가드", "Rash guard", "RASHGUARD", 45000, "사이즈:S=1,M=1,L=1,XL=1", "",
     "자외선 차단 UPF 50+;빨리 마르는 원단", "", 250},
    {"sports_leisure", "services_lesson", "송정 서핑 강습", "Surf lesson at Songjeong beach", "SURFLESSON", 60000, "",
     "duration=120;on_site=false", "보드와 웻슈트 대여 포함;처음이어도 괜찮습니다"},
    {"sports_leisure", "sports_golf", "골프공", "Golf balls", "GOLFBALL", 39000, "구성:12구=1,24구=1.9", "",
     "3피스;로고 인쇄는 따로 문의하세요", "", 550},

    // Crafts.
    {"crafts", "living_kitchen", "물레 도자기 머그", "Wheel-thrown ceramic mug", "CMUG", 28000, "색상:청자=1,분청=1,백자=1", "",
     "하나하나 모양이 조금씩 다릅니다;식기세척기 사용 가능", "*", 400},
    {"crafts", "living_decor", "나전칠기 보석함", "Mother-of-pearl jewellery box", "NAJEON", 120000, "크기:소=1,중=1.6", "",
     "통영 자개를 한 조각씩 붙였습니다;옻칠 마감", "*", 800},
    {"crafts", "living_decor", "소이 캔들", "Soy candle", "CANDLE", 22000, "향:동백=1,바다=1,무화과=1", "",
     "콩기름 왁스;40시간 탑니다", "*", 300},
    {"crafts", "fashion_bags", "매듭 노리개", "Knotted norigae pendant", "NORIGAE", 35000, "색상:홍색=1,청색=1",
     "material=명주실", "전통 매듭 장인이 엮었습니다;한복과 가방에", "*", 40},
    {"crafts", "services_lesson", "도자기 물레 체험", "Pottery wheel class", "CLASSPOT", 50000, "",
     "duration=120;on_site=false", "두 시간 동안 그릇 두 점;구워서 3주 뒤 보내 드립니다"},
    {"crafts", "books_craft", "캔들 만들기 키트", "Candle-making kit", "CANDLEKIT", 25000, "", "",
     "캔들 두 개 분량;설명 영상 QR", "*", 700},
    {"crafts", "living_kitchen", "원목 수저받침", "Wooden spoon rests", "SPOONREST", 12000, "구성:2개=1,4개=1.8", "",
     "호두나무;물고기 모양", "*", 60},
    {"crafts", "living_decor", "도자기 화병", "Ceramic vase", "VASE", 45000, "", "",
     "한 송이 꽂기 좋은 작은 화병", "*", 500},
    {"crafts", "services_lesson", "매듭 공예 원데이 클래스", "Knot craft one-day class", "CLASSKNOT", 40000, "",
     "duration=150;on_site=false", "팔찌나 노리개 하나를 완성합니다;재료비 포함"},

    // Car parts and car care.
    {"auto_parts", "machinery", "와이퍼 블레이드", "Wiper blades", "WIPER", 15000, "길이:400mm=1,500mm=1,600mm=1.1",
     "spec=U클립 공용;manufacturer=대한와이퍼", "매장에서 무료로 달아 드립니다", "", 200},
    {"auto_parts", "machinery", "엔진오일 5W-30", "Engine oil 5W-30", "ENGINEOIL", 38000, "용량:4L=1,6L=1.4",
     "spec=5W-30, API SP;manufacturer=남해정유", "가솔린, 디젤 겸용;교환 공임은 매장에서", "", 3800},
    {"auto_parts", "machinery", "사계절 타이어", "All-season tyre", "TIRE", 120000, "규격:205/55R16=1,225/45R17=1.3",
     "spec=사계절용;manufacturer=부산타이어", "장착과 휠 밸런스 포함;네 짝 구매 시 얼라인먼트 무료", "", 9000},
    {"auto_parts", "machinery", "자동차 배터리", "Car battery", "CARBATT", 110000, "용량:60Ah=1,80Ah=1.3",
     "spec=12V AGM;manufacturer=동해전지", "폐배터리 반납 시 할인;출장 교체 가능", "", 17000},
    {"auto_parts", "electronics_av", "2채널 블랙박스", "Two-channel dashcam", "DASHCAM", 189000, "",
     "voltage=free;kc_cert=*;warranty_months=12", "전후방 QHD;주차 녹화", "", 400},
    {"auto_parts", "machinery", "브레이크 패드", "Brake pads", "BRAKEPAD", 65000, "위치:앞바퀴=1,뒷바퀴=0.9",
     "spec=세라믹;manufacturer=대한브레이크", "소음과 분진이 적습니다", "", 1500},
    {"auto_parts", "services_cleaning", "실내 세차", "Interior car cleaning", "CARCLEAN", 50000, "차종:경·소형=1,중·대형=1.4",
     "duration=90;on_site=true|false", "시트와 매트 스팀 세척;예약제"},
    {"auto_parts", "electronics_phone", "차량용 고속 충전기", "Car fast charger", "CARCHARGER", 19000, "",
     "voltage=free;kc_cert=*;warranty_months=6", "USB-C와 USB-A 두 구", "", 50},
    {"auto_parts", "machinery", "에어컨 필터", "Cabin air filter", "CABINFILTER", 15000, "",
     "spec=PM2.5 활성탄;manufacturer=맑은공기필터", "6개월마다 바꿔 주세요", "", 200},

    // Machinery and parts: the port city's factories and shipyards.
    {"machinery_parts", "machinery_bearing", "깊은 홈 볼 베어링 6204", "Deep groove ball bearing 6204", "BRG-6204", 4500,
     "실:ZZ=1,2RS=1.1", "bore=20;spec=6204 (20×47×14mm);manufacturer=부산정밀베어링", "철판 실 ZZ와 고무 실 2RS;당일 출고", "", 110},
    {"machinery_parts", "machinery_bearing", "테이퍼 롤러 베어링 30205", "Tapered roller bearing 30205", "BRG-30205", 12000, "",
     "bore=25;spec=30205 (25×52×16.25mm);manufacturer=부산정밀베어링", "대량 주문은 견적 문의", "", 160},
    {"machinery_parts", "machinery_hydraulic", "유압 실린더", "Hydraulic cylinder", "HYDCYL", 350000, "행정:100mm=1,200mm=1.3",
     "spec=내경 50mm, 최고 14MPa;manufacturer=녹산유압", "주문 제작 7일;시험 성적서 첨부", "", 9000},
    {"machinery_parts", "machinery_hydraulic", "우레탄 공압 호스", "Urethane pneumatic hose", "AIRHOSE", 25000,
     "길이:10m=1,20m=1.8",
     "spec=외경 8mm, 내경 5mm;manufacturer=녹산유압", "원터치 피팅과 맞습니다", "", 400},
    {"machinery_parts", "machinery_motor", "기어드 모터", "Geared motor", "GMOTOR", 280000, "출력:0.2kW=1,0.4kW=1.4",
     "spec=감속비 1/30, 3상 380V;manufacturer=사상모터", "컨베이어용;브레이크 부착 가능", "", 12000},
    {"machinery_parts", "machinery_marine", "선박용 볼 밸브", "Marine ball valve", "MVALVE", 85000, "호칭:25A=1,50A=1.8",
     "spec=청동, KS 5K;manufacturer=영도선박부품", "선급 인증품;해수 라인용", "", 2500},
    {"machinery_parts", "machinery_marine", "소형 선박 프로펠러", "Small boat propeller", "PROP", 1200000, "",
     "spec=3날, 직경 600mm, 청동;manufacturer=영도선박부품", "피치 맞춤 가공;밸런싱 포함", "", 35000},
    {"machinery_parts", "machinery_fastener", "스테인리스 육각 볼트 M10", "Stainless hex bolts M10", "BOLT-M10", 12000,
     "길이:30mm=1,50mm=1.3",
     "material=스테인리스 304;spec=M10, 100개입;manufacturer=사상볼트", "KS 규격;너트 별매", "", 3000},
    {"machinery_parts", "machinery", "롤러 체인 #40", "Roller chain #40", "CHAIN", 35000, "길이:3m=1,5m=1.6",
     "spec=#40 (피치 12.7mm);manufacturer=부산체인", "조인트 링크 포함", "", 1800},
    {"machinery_parts", "machinery", "오일 실", "Oil seals", "OILSEAL", 8000, "규격:TC 25×40×7=1,TC 35×52×7=1.2",
     "spec=NBR, 10개입;manufacturer=동남씰", "규격표에 없는 치수도 구해 드립니다", "", 100},

    // Hardware and tools.
    {"hardware_tools", "machinery_tool_hand", "콤비 스패너 세트", "Combination spanner set", "SPANNER", 39000,
     "구성:8종=1,14종=1.6",
     "spec=8~24mm;manufacturer=대한공구", "크롬 바나듐강;걸이형 케이스", "", 1800},
    {"hardware_tools", "machinery_tool_hand", "드라이버 세트", "Screwdriver set", "DRIVER", 19000, "",
     "spec=십자, 일자 6종;manufacturer=대한공구", "자석 팁", "", 600},
    {"hardware_tools", "machinery_tool_power", "충전 드릴", "Cordless drill", "DRILL", 129000, "배터리:1개=1,2개=1.3",
     "voltage=free;spec=18V 2.0Ah;manufacturer=한빛전동", "충전기와 비트 세트 포함;1년 무상 수리", "", 1500},
    {"hardware_tools", "machinery_tool_power", "앵글 그라인더", "Angle grinder", "GRINDER", 89000, "",
     "voltage=v220;spec=4인치, 720W;manufacturer=한빛전동", "보안경을 함께 드립니다", "", 1900},
    {"hardware_tools", "machinery_tool_measure", "줄자", "Tape measure", "TAPE", 8000, "길이:5.5m=1,7.5m=1.3",
     "spec=폭 25mm;manufacturer=대한공구", "고무 커버로 떨어뜨려도 튼튼합니다", "", 300},
    {"hardware_tools", "machinery_tool_measure", "디지털 버니어 캘리퍼스", "Digital vernier calipers", "CALIPER", 45000, "",
     "spec=0~150mm, 0.01mm;manufacturer=정밀측기", "교정 성적서 발급 가능", "", 200},
    {"hardware_tools", "machinery_fastener", "피스 못 모음", "Screw assortment", "SCREWS", 15000, "",
     "material=철 (아연 도금);spec=여섯 가지 규격 500개", "정리함에 담아 드립니다", "", 1200},
    {"hardware_tools", "electronics_parts", "VCTF 전선 2.5sq", "VCTF cable 2.5 sq mm", "CABLE", 45000,
     "길이:30m=1,100m=3.1",
     "voltage=v220;kc_cert=*", "2심;필요한 만큼 잘라 드립니다", "", 4000},
    {"hardware_tools", "books_craft", "수성 페인트", "Water-based paint", "PAINT", 35000, "용량:1L=1,4L=3", "",
     "냄새가 적은 실내용;조색해 드립니다", "", 1300},
    {"hardware_tools", "machinery_tool_hand", "실리콘 건", "Caulking gun", "CAULK", 9000, "",
     "spec=300ml 카트리지용;manufacturer=대한공구", "", "", 500},

    // Guesthouses and hotels sell their rooms.
    {"lodging", "services", "오션뷰 더블룸 1박", "Ocean-view double room, one night", "ROOM-OCEAN", 120000, "요일:주중=1,주말=1.4",
     "on_site=false", "체크인 15시, 체크아웃 11시;창밖으로 바다가 보입니다", "*"},
    {"lodging", "services", "가족실 1박", "Family room, one night", "ROOM-FAMILY", 160000, "요일:주중=1,주말=1.4",
     "on_site=false", "최대 네 명;취사 가능", "*"},
    {"lodging", "services", "도미토리 1박", "Dormitory bed, one night", "DORM", 30000, "",
     "on_site=false", "여성 전용, 남성 전용 방;개인 사물함", "*"},
    {"lodging", "services", "조식 이용권", "Breakfast voucher", "BREAKFAST", 15000, "구성:1인=1,2인=1.9",
     "duration=60;on_site=false", "07시부터 10시까지;부산식 어묵국이 나옵니다", "*"},
    {"lodging", "services", "늦은 체크아웃", "Late check-out", "LATECHECKOUT", 20000, "",
     "duration=180;on_site=false", "14시까지 머무르세요", "*"},
    {"lodging", "services", "파티룸 대관 (3시간)", "Party room hire, three hours", "PARTYROOM", 90000, "",
     "duration=180;on_site=false", "열 명까지;음향 장비 포함", "*"},

    // Travel agencies and tours.
    {"travel", "sports_water", "광안리 요트 투어", "Gwangalli yacht tour", "YACHT", 35000, "시간:주간=1,야경=1.4", "",
     "광안대교 아래를 지나는 한 시간;불꽃축제 날은 따로 문의하세요", "*"},
    {"travel", "services", "부산 시티투어 버스", "Busan city tour bus", "CITYBUS", 20000, "코스:레드라인=1,블루라인=1",
     "duration=120;on_site=false", "하루 종일 타고 내릴 수 있습니다", "*"},
    {"travel", "services", "감천문화마을 도보 여행", "Gamcheon Culture Village walking tour", "GAMCHEON", 25000, "",
     "duration=150;on_site=false", "마을 해설사와 함께;사진 명소 다섯 곳", "*"},
    {"travel", "services", "해운대 야경 투어", "Haeundae night view tour", "NIGHTTOUR", 39000, "",
     "duration=180;on_site=false", "더베이101, 동백섬, 달맞이길", "*"},
    {"travel", "fashion_bags", "여행용 파우치 세트", "Travel pouch set", "POUCH", 19000, "색상:네이비=1,그레이=1", "",
     "세 가지 크기;방수 안감", "*", 200},
    {"travel", "fashion_bags", "기내용 캐리어", "Cabin suitcase, 20 inch", "CARRIER", 129000, "색상:블랙=1,실버=1",
     "material=폴리카보네이트", "TSA 잠금장치;360도 바퀴", "", 3200},
    {"travel", "services", "태종대 트레킹", "Taejongdae trekking tour", "TAEJONGDAE", 30000, "",
     "duration=180;on_site=false", "영도 해안 절벽길;간식 포함", "*"},

    // Academies and classes.
    {"education", "services_lesson", "영어 회화 그룹 수업 (4주)", "English conversation, group class (4 weeks)", "ENG-GROUP",
     160000,
     "반:초급=1,중급=1", "duration=60;on_site=false", "주 2회, 정원 여섯 명;레벨 테스트 무료", "*"},
    {"education", "services_lesson", "피아노 개인 레슨", "Private piano lessons", "PIANO", 200000, "횟수:월 4회=1,월 8회=1.8",
     "duration=50;on_site=false", "취미반, 입시반;연습실 무료 이용", "*"},
    {"education", "services_lesson", "어린이 미술 수업", "Art class for children", "ART", 140000, "",
     "duration=90;on_site=false", "한 달 여덟 번;재료비 포함", "*"},
    {"education", "services_lesson", "초등 코딩 교실", "Coding class for primary pupils", "CODING", 180000,
     "반:블록 코딩=1,파이썬 입문=1.2",
     "duration=80;on_site=false", "노트북 대여 가능;한 달 과정", "*"},
    {"education", "books_books", "영어 회화 교재", "English conversation workbook", "ENGBOOK", 18000, "",
     "isbn=*;publisher=바다어학", "수업에서 쓰는 교재;음원 QR", "*", 400, Vat::kExempt},
    {"education", "services_lesson", "성인 드로잉 원데이 클래스", "Drawing one-day class for adults", "DRAWING", 45000, "",
     "duration=120;on_site=false", "연필 하나로 시작합니다;재료 포함", "*"},
    {"education", "books_stationery", "연습장 묶음", "Practice notebooks", "PRACTICE", 5000, "구성:5권=1,10권=1.8", "",
     "학원에서 쓰는 그 연습장", "", 300},

    // Hair and nail salons.
    {"hair_nail", "services_salon", "커트", "Haircut", "CUT", 20000, "대상:남성=1,여성=1.5",
     "duration=40;on_site=false", "샴푸와 드라이 포함;예약 우선", "*"},
    {"hair_nail", "services_salon", "펌", "Perm", "PERM", 80000, "길이:숏=1,미디엄=1.25,롱=1.5",
     "duration=150;on_site=false", "손상 케어 포함;상담 후 시술합니다", "*"},
    {"hair_nail", "services_salon", "뿌리 염색", "Root colouring", "DYE", 50000, "",
     "duration=90;on_site=false", "새치 커버;두피 보호제 사용", "*"},
    {"hair_nail", "services_salon", "젤 네일", "Gel nails", "GELNAIL", 45000, "디자인:원컬러=1,아트=1.4",
     "duration=75;on_site=false", "제거 포함;3주 유지", "*"},
    {"hair_nail", "services_salon", "속눈썹 연장", "Eyelash extensions", "LASH", 60000, "",
     "duration=90;on_site=false", "자연스러운 J컬;리터치 2주 안 할인", "*"},
    {"hair_nail", "beauty_hair", "헤어 에센스", "Hair serum", "ESSENCE", 18000, "", "volume=100;use_by=+730",
     "살롱에서 쓰는 아르간 오일 에센스", "*", 150},
    {"hair_nail", "beauty_hair", "두피 샴푸", "Scalp shampoo", "SCALP", 22000, "용량:500ml=1,1000ml=1.7", "use_by=+730",
     "멘톨로 시원하게;약산성", "*"},
    {"hair_nail", "services_salon", "두피 스케일링", "Scalp scaling", "SCALING", 40000, "",
     "duration=60;on_site=false", "두피 진단 후 맞춤 관리", "*"},

    // Laundries and alterations.
    {"laundry", "services_laundry", "와이셔츠 세탁", "Shirt laundering", "SHIRT", 3000, "구성:1벌=1,5벌=4.5",
     "on_site=false", "다림질까지;다음 날 찾아가세요", "*"},
    {"laundry", "services_laundry", "정장 드라이클리닝", "Suit dry cleaning", "SUIT", 12000, "",
     "on_site=false", "상하의 한 벌;얼룩 제거 포함", "*"},
    {"laundry", "services_laundry", "운동화 세탁", "Sneaker cleaning", "SNEAKERWASH", 6000, "",
     "on_site=false", "손세탁 후 자연 건조;2~3일 걸립니다", "*"},
    {"laundry", "services_laundry", "이불 세탁", "Duvet cleaning", "DUVET", 15000, "크기:싱글=1,퀸=1.3",
     "on_site=true", "수거와 배달을 해 드립니다;고온 살균 건조", "*"},
    {"laundry", "services_repair", "바지 기장 수선", "Trouser hemming", "HEM", 7000, "",
     "duration=30;on_site=false", "기다리시는 동안 줄여 드립니다", "*"},
    {"laundry", "services_laundry", "패딩 세탁", "Down jacket cleaning", "PADDING", 15000, "길이:숏=1,롱=1.4",
     "on_site=false", "전용 세제로 물세탁;털 살리기 건조", "*"},
    {"laundry", "services_repair", "지퍼 교체", "Zip replacement", "ZIP", 10000, "",
     "duration=40;on_site=false", "바지, 점퍼, 가방 지퍼", "*"},

    // Printers and sign makers.
    {"printing_advertising", "printing_card", "명함", "Business cards", "CARD", 15000, "인쇄면:단면=1,양면=1.4",
     "sheets=200;paper=스노우지 250g|랑데뷰 240g", "파일을 보내 주시면 다음 날 출고;디자인 무료 수정 1회", "*", 500},
    {"printing_advertising", "printing_card", "박 명함", "Foil-stamped business cards", "CARDFOIL", 45000, "",
     "sheets=200;paper=반누보 250g;sides=double", "금박, 은박 중에 고르세요;5일 제작", "*", 500},
    {"printing_advertising", "printing_flyer", "전단지", "Flyers", "FLYER", 60000, "규격:A5=1,A4=1.6",
     "sheets=1000;paper=아트지 100g;sides=double", "가게 홍보 전단 디자인 포함;3일 제작", "*", 5000},
    {"printing_advertising", "printing_banner", "현수막", "Banner", "BANNER", 25000, "크기:5m×0.9m=1,7m×0.9m=1.4",
     "sheets=1;paper=현수막 천", "끈과 각목을 달아 드립니다;당일 출고 가능", "*", 800},
    {"printing_advertising", "printing_banner", "X배너", "X-banner stand", "XBANNER", 35000, "",
     "sheets=1;paper=PET 배너 필름", "거치대 포함;600×1800mm", "*", 2000},
    {"printing_advertising", "printing_sticker", "원형 스티커", "Round stickers", "STICKER", 20000,
     "크기:지름 40mm=1,지름 60mm=1.5",
     "sheets=1000;paper=아트지 스티커", "가게 로고 스티커로 많이 찾습니다", "*", 300},
    {"printing_advertising", "printing_booklet", "카탈로그 인쇄 (16쪽)", "Catalogue printing, 16 pages", "CATALOG", 350000, "",
     "sheets=200;paper=스노우지 150g;sides=double", "중철 제본;교정쇄를 먼저 보내 드립니다", "*", 20000},
    {"printing_advertising", "printing_package", "로고 쇼핑백", "Logo shopping bags", "SHOPBAG", 150000,
     "크기:소=1,중=1.2,대=1.4",
     "sheets=500;paper=크라프트지 120g", "종이 손잡이;한 가지 색 인쇄", "*", 30000},
    {"printing_advertising", "printing_sticker", "제품 라벨", "Product labels", "LABEL", 30000, "",
     "sheets=1000;paper=유포지", "물에 강한 합성지;원하는 모양으로 재단", "*", 400},
    {"printing_advertising", "printing_package", "배달 포장 박스", "Delivery boxes", "BOX", 90000, "크기:소=1,중=1.3",
     "sheets=500;paper=골판지 E골", "음식 배달용;로고 한 색 인쇄", "*", 40000},

    // Trading companies and wholesalers, and the fallback for any other trade.
    {"other", "food_drink", "생수 2L", "Bottled water, 2 L", "WATER", 8000, "구성:6병=1,12병=1.9",
     "origin=국내산 (경남 산청)|국내산;storage=room;expiry=+365;volume=2000", "먹는샘물;무라벨 병", "", 12500},
    {"other", "health_hygiene", "면 목장갑", "Cotton work gloves", "GLOVES", 10000, "구성:10켤레=1,50켤레=4.5", "",
     "코팅 없는 면장갑;공장, 물류 현장용", "", 600},
    {"other", "printing_package", "택배 상자", "Shipping boxes", "SHIPBOX", 25000, "크기:2호=1,4호=1.5",
     "sheets=50;paper=골판지 B골", "무지 박스;대량 주문 환영", "", 8000},
    {"other", "books_office", "박스 테이프", "Packing tape", "PTAPE", 12000, "구성:5개=1,50개=8.5", "",
     "투명 48mm×80m", "", 1000},
    {"other", "books_office", "A4 복사용지", "A4 copy paper", "A4PAPER", 25000, "", "",
     "80g 2,500매 한 상자", "", 12500},
    {"other", "living_cleaning", "대용량 물티슈", "Bulk wet wipes", "WETWIPE", 15000, "구성:10팩=1,20팩=1.9", "",
     "업소용 100매 팩", "", 600},
    {"other", "living_kitchen", "일회용 종이컵", "Paper cups", "PAPERCUP", 9000, "구성:1000개=1,3000개=2.8", "",
     "6.5온스 무지 컵", "", 3000},
    {"other", "health_hygiene", "손 소독제", "Hand sanitiser", "SANITIZER", 7000, "용량:500ml=1,1L=1.7", "",
     "에탄올 70%;펌프형", ""},
    {"other", "food_processed", "라면 한 상자", "Instant noodles, one box", "RAMEN", 22000, "",
     "origin=소맥분: 미국산, 호주산;storage=room;expiry=+180;ingredients=소맥분, 팜유, 감자전분, 분말스프", "40봉 들이", "", 4800},
};
// clang-format on

// What a shop is known for, by a word of its name ("○○ 떡집" sells rice cakes first): those products
// lead its list, the rest of its trade's follow.
struct Specialty {
    std::string_view industry;
    std::string_view word;
    std::string_view skus;  // stems, split by ','
};
constexpr Specialty kSpecialties[] = {
    {"restaurant", "국밥", "GUKBAP,SUYUK,KKAKDUGI,BUCHU"},
    {"restaurant", "밀면", "MILMYEON,BIBIMJANG"},
    {"restaurant", "곰장어", "GOMJANGEO"},
    {"cafe_bakery", "카페", "BEAN-HOUSE,BEAN-YIRGA,DRIPBAG,COLDBREW,MUG"},
    {"cafe_bakery", "로스터리", "BEAN-HOUSE,BEAN-YIRGA,DRIPBAG,COLDBREW"},
    {"cafe_bakery", "빵", "SALTBREAD,MILKBREAD,CASTELLA,COOKIE"},
    {"cafe_bakery", "베이커리", "SALTBREAD,MILKBREAD,CASTELLA,COOKIE"},
    {"cafe_bakery", "떡", "INJEOLMI,TTEOKSET,GARAETTEOK,CHAPSSAL"},
    {"groceries", "반찬", "POGI,MYEOLBOK,TOFU"},
    {"groceries", "정육", "HANWOO-SIR,SAMGYEOP,APDARI,DAKDORI"},
    {"groceries", "방앗간", "SESAME,GOCHUGARU,DOENJANG"},
    {"seafood", "횟집", "GWANGEO,JEONBOK,GUL"},
    {"seafood", "수산", "GODEUNGEO,GALCHI,JANGEO,GUL"},
    {"seafood", "건어물", "MYEOLCHI,OJINGEO,MIYEOK,DASIMA"},
    {"seafood", "멸치", "MYEOLCHI,DASIMA,MIYEOK"},
    {"seafood", "어묵", "EOMUK,EOMUK-SKEWER,EOMUK-CROQ"},
    {"farm_produce", "잡곡", "RICE,BROWNRICE,JAPGOK"},
    {"farm_produce", "과일", "APPLE,PEAR,DANGAM,STRAWB"},
    {"farm_produce", "청과", "APPLE,TOMATO,STRAWB,ONION"},
    {"clothing", "아동복", "KIDSSWEAT,BODYSUIT"},
    {"clothing", "한복", "HANBOK"},
    {"shoes_bags", "수제화", "LOAFER,PUMPS,CHELSEA"},
    {"shoes_bags", "구두수선", "RESOLE"},
    {"shoes_bags", "가방", "TOTE,CARDWALLET,BELT"},
    {"shoes_bags", "가죽", "TOTE,CARDWALLET,BELT"},
    {"shoes_bags", "신발", "SNEAKER,RUNNER,SLIDE"},
    {"beauty_cosmetics", "비누", "SOAP,HANDCREAM"},
    {"beauty_cosmetics", "향수", "PERFUME"},
    {"jewelry_accessories", "금은방", "GOLDRING,EARRING,SILVERRING"},
    {"jewelry_accessories", "시계", "WATCH,WBATTERY"},
    {"jewelry_accessories", "은공방", "SILVERRING,BRACELET"},
    {"jewelry_accessories", "진주", "PEARL"},
    {"furniture_interior", "원목", "DTABLE,DESK,SHELF,BOARD"},
    {"furniture_interior", "커튼", "CURTAIN,CUSHIONCV"},
    {"furniture_interior", "조명", "PENDANT"},
    {"household_goods", "그릇", "DISHSET,SUJEO,CONTAINER"},
    {"household_goods", "주방", "POTSET,PAN,CONTAINER"},
    {"electronics", "휴대폰", "CASE,CHARGER,POWERBANK,SCREENFIX"},
    {"electronics", "컴퓨터", "MOUSE,KEYBOARD"},
    {"books_stationery", "헌책방", "USEDNOVELS"},
    {"books_stationery", "화방", "WATERCOLOR,SKETCH,PENCILS"},
    {"books_stationery", "문구", "FPEN,NOTE,PENCILS"},
    {"flowers_garden", "다육", "SUCCULENT"},
    {"flowers_garden", "화원", "MONSTERA,ORCHID,SOIL,HERB"},
    {"pets", "수족관", "GUPPY,TANK"},
    {"pets", "미용", "GROOMING,PETSHAMPOO"},
    {"pets", "간식", "JERKY"},
    {"pets", "고양이", "CATFOOD,LITTER,WAND"},
    {"health", "의료기", "BPMETER,THERMO"},
    {"health", "건강원", "GOAT,ONIONJUICE"},
    {"health", "안경", "READER"},
    {"health", "홍삼", "HONGSAM"},
    {"sports_leisure", "낚시", "ROD,LURE,LIFEVEST"},
    {"sports_leisure", "자전거", "FOLDBIKE,HELMET"},
    {"sports_leisure", "서핑", "SURFLESSON,RASHGUARD"},
    {"sports_leisure", "등산", "POLES,TENT,CHAIR"},
    {"crafts", "도자기", "CMUG,VASE,CLASSPOT"},
    {"crafts", "나전칠기", "NAJEON"},
    {"crafts", "캔들", "CANDLE,CANDLEKIT"},
    {"crafts", "매듭", "NORIGAE,CLASSKNOT"},
    {"crafts", "목공방", "SPOONREST"},
    {"auto_parts", "타이어", "TIRE"},
    {"auto_parts", "카센터", "ENGINEOIL,BRAKEPAD,WIPER,CARCLEAN"},
    {"machinery_parts", "베어링", "BRG-6204,BRG-30205"},
    {"machinery_parts", "유압", "HYDCYL,AIRHOSE"},
    {"hardware_tools", "볼트", "SCREWS"},
    {"hardware_tools", "전기", "CABLE"},
    {"hardware_tools", "페인트", "PAINT"},
    {"lodging", "게스트하우스", "DORM,BREAKFAST"},
    {"travel", "요트", "YACHT"},
    {"education", "영어", "ENG-GROUP,ENGBOOK"},
    {"education", "피아노", "PIANO"},
    {"education", "미술", "ART,DRAWING"},
    {"education", "코딩", "CODING"},
    {"hair_nail", "네일", "GELNAIL"},
    {"hair_nail", "속눈썹", "LASH"},
    {"hair_nail", "이용원", "CUT"},
    {"laundry", "수선", "HEM,ZIP"},
    {"laundry", "운동화", "SNEAKERWASH"},
    {"printing_advertising", "현수막", "BANNER,XBANNER"},
    {"printing_advertising", "간판", "BANNER,XBANNER"},
    {"printing_advertising", "스티커", "STICKER,LABEL"},
};

// The colour of a category's pictures (a hue in degrees), by the longest code prefix listed.
struct Hue {
    std::string_view prefix;
    int degrees;
};
constexpr Hue kHues[] = {
    {"food", 30},
    {"food_seafood", 200},
    {"food_agri", 95},
    {"food_meat", 2},
    {"food_bakery", 38},
    {"food_drink", 22},
    {"food_processed", 14},
    {"farming", 120},
    {"farming_flower", 330},
    {"fashion", 345},
    {"fashion_shoes", 18},
    {"fashion_bags", 285},
    {"beauty", 318},
    {"health", 168},
    {"living", 42},
    {"living_furniture", 28},
    {"machinery", 212},
    {"printing", 262},
    {"electronics", 224},
    {"services", 186},
    {"sports", 145},
    {"kids", 52},
    {"pets", 12},
    {"books", 238},
};

// The content's dice: every choice comes from here, in a fixed order.
class Dice {
public:
    explicit Dice(std::uint64_t seed) : random_(seed) {}
    int Below(std::size_t bound) { return static_cast<int>(random_.NextU64() % bound); }
    int Between(int low, int high) { return low + Below(static_cast<std::size_t>(high - low) + 1); }
    bool Percent(int p) { return Below(100) < p; }
    template <typename T>
    void Shuffle(std::vector<T>& items) {
        for (std::size_t i = items.size(); i > 1; --i)
            std::swap(items[i - 1], items[static_cast<std::size_t>(Below(i))]);
    }

private:
    core::SeededRandom random_;
};

std::vector<std::string_view> Split(std::string_view text, char separator) {
    std::vector<std::string_view> out;
    if (text.empty()) return out;
    while (true) {
        std::size_t at = text.find(separator);
        out.push_back(text.substr(0, at));
        if (at == std::string_view::npos) return out;
        text.remove_prefix(at + 1);
    }
}

std::optional<double> Number(std::string_view text) {
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// "500g" → 500, "1.5kg" → 1500; nullopt for anything else.
std::optional<std::int64_t> Grams(std::string_view value) {
    for (auto [suffix, scale] : {std::pair<std::string_view, double>{"kg", 1000}, {"g", 1}}) {
        if (!value.ends_with(suffix)) continue;
        if (auto n = Number(value.substr(0, value.size() - suffix.size()))) return std::llround(*n * scale);
        return std::nullopt;
    }
    return std::nullopt;
}

// "500ml" → 500, "1L" → 1000, "2.5L" → 2500.
std::optional<std::int64_t> Millilitres(std::string_view value) {
    for (auto [suffix, scale] : {std::pair<std::string_view, double>{"ml", 1}, {"L", 1000}}) {
        if (!value.ends_with(suffix)) continue;
        if (auto n = Number(value.substr(0, value.size() - suffix.size()))) return std::llround(*n * scale);
        return std::nullopt;
    }
    return std::nullopt;
}

// Shop prices: under 10,000 won to the nearest 100; above, to the nearest 1,000 and often 100 won
// under it (12,900원), as price tags read.
std::int64_t ShopPrice(double won, Dice& dice) {
    if (won < 10'000) return std::max<std::int64_t>(100, std::llround(won / 100) * 100);
    std::int64_t thousands = std::llround(won / 1000) * 1000;
    return dice.Percent(50) ? thousands - 100 : thousands;
}

// A discount off `base`, in 100-won steps, below it.
std::int64_t Discounted(std::int64_t base, int percent) {
    return std::max<std::int64_t>(100, (base * (100 - percent) / 100) / 100 * 100);
}

std::string Digits(Dice& dice, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out.push_back(static_cast<char>('0' + dice.Below(10)));
    return out;
}

// The EAN-13 check digit of 12 digits.
char Ean13Check(std::string_view twelve) {
    int sum = 0;
    for (std::size_t i = 0; i < 12; ++i) sum += (twelve[i] - '0') * (i % 2 == 0 ? 1 : 3);
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

// A Korean EAN-13 (GS1 Korea's prefix 880) with its check digit.
std::string Ean13(Dice& dice) {
    std::string code = "880" + Digits(dice, 9);
    code.push_back(Ean13Check(code));
    return code;
}

// A Korean ISBN-13 (979-11, a made-up publisher and title number) with its check digit.
std::string Isbn(Dice& dice) {
    std::string publisher = "9" + Digits(dice, 3);
    std::string title = Digits(dice, 3);
    std::string digits = "97911" + publisher + title;
    return "979-11-" + publisher + "-" + title + "-" + std::string(1, Ean13Check(digits));
}

std::string Date(core::TimePoint t) {
    return core::FormatRfc3339(t).substr(0, 10);
}

// The value of an attribute as the template writes it, in the JSON type its definition asks for;
// nullopt when the text does not fit (the operator changed the definition).
std::optional<json::value> AttributeValue(const AttributeDef& def, std::string_view text, std::string_view category,
                                          core::TimePoint now, Dice& dice) {
    if (text == "*") {
        if (def.code == "trace_number") {
            // 이력번호 are 12 digits; those of cattle start with 002.
            return json::value((category == "food_meat_beef" ? "002" : "1") +
                               Digits(dice, category == "food_meat_beef" ? 9 : 11));
        }
        if (def.code == "isbn") return json::value(Isbn(dice));
        if (def.code == "kc_cert") {
            // Shaped like a KC safety certificate number (CB, a lab's code, a serial); made up.
            return json::value("CB" + Digits(dice, 3) + "R" + Digits(dice, 4) + "-" + Digits(dice, 4));
        }
        return std::nullopt;
    }
    switch (def.type) {
        case AttributeType::kText: return json::value(text);
        case AttributeType::kInteger:
            if (auto n = Number(text); n && *n == std::floor(*n)) return json::value(static_cast<std::int64_t>(*n));
            return std::nullopt;
        case AttributeType::kDecimal:
            if (auto n = Number(text)) {
                if (*n == std::floor(*n)) return json::value(static_cast<std::int64_t>(*n));
                return json::value(*n);
            }
            return std::nullopt;
        case AttributeType::kBoolean:
            if (text == "true" || text == "false") return json::value(text == "true");
            return std::nullopt;
        case AttributeType::kChoice:
            for (const AttributeChoice& c : def.choices) {
                if (c.code == text) return json::value(text);
            }
            return std::nullopt;
        case AttributeType::kDate:
            if (text.starts_with("+")) {
                if (auto days = Number(text.substr(1))) {
                    return json::value(Date(now + std::chrono::days(static_cast<int>(*days))));
                }
                return std::nullopt;
            }
            return json::value(text);
    }
    return std::nullopt;
}

// A value for a required attribute the template left out (a tree the operator extended).
json::value DefaultValue(const AttributeDef& def, core::TimePoint now) {
    if (def.code == "origin") return json::value("국내산");
    switch (def.type) {
        case AttributeType::kText: return json::value("상세 설명 참조");
        case AttributeType::kInteger:
        case AttributeType::kDecimal: return json::value(1);
        case AttributeType::kBoolean: return json::value(false);
        case AttributeType::kChoice: return json::value(def.choices.empty() ? "" : def.choices.front().code);
        case AttributeType::kDate: return json::value(Date(now + std::chrono::days(365)));
    }
    return json::value("-");
}

// An attribute's value as the description lists it: a choice by its Korean name, a unit after it.
std::string Shown(const AttributeDef& def, const json::value& v) {
    std::string out;
    if (v.is_string()) {
        out = std::string(v.get_string());
        if (def.type == AttributeType::kChoice) {
            for (const AttributeChoice& c : def.choices) {
                if (c.code == out) out = c.name_ko;
            }
        }
    } else if (v.is_bool()) {
        out = v.get_bool() ? "예" : "아니요";
    } else {
        out = core::ToJson(v);
    }
    if (!def.unit.empty()) {
        bool latin = static_cast<unsigned char>(def.unit[0]) < 0x80;
        if (latin) out.push_back(' ');
        out.append(def.unit);
    }
    return out;
}

int HueOf(std::string_view category) {
    int degrees = 200;
    std::size_t best = 0;
    for (const Hue& h : kHues) {
        bool match = category == h.prefix || (category.starts_with(h.prefix) && category[h.prefix.size()] == '_');
        if (match && h.prefix.size() > best) {
            best = h.prefix.size();
            degrees = h.degrees;
        }
    }
    return degrees;
}

bool FreshFood(std::string_view category) {
    for (std::string_view prefix : {"food_seafood_fish", "food_seafood_shellfish", "food_seafood_dried",
                                    "food_seafood_seaweed", "food_agri", "food_meat"}) {
        if (category.starts_with(prefix)) return true;
    }
    return false;
}

bool IsService(std::string_view category) {
    return category == "services" || category.starts_with("services_");
}

// The upper-case letters and digits of a value, for a SKU ("500g" → 500G); "" when it has none.
std::string SkuPart(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out.push_back(c);
        if (out.size() == 10) break;
    }
    return out;
}

struct Planned {
    platform::MerchantId merchant;
    ProductInput input;
    ProductStatus status = ProductStatus::kActive;
    core::TimePoint created, activated, archived;
    std::optional<int> picture_hue;  // a main image of this hue
    bool sale_now = false, sale_soon = false, tiers = false, barcode = false;
};

// One seeding: the plan first (every choice of the dice in a fixed order), then the writes.
class DemoCatalog {
public:
    DemoCatalog(const platform::Region& region, const CategoryTree& tree, std::uint64_t seed)
        : region_(region), tree_(tree), dice_(seed ^ kDiceStream) {}

    void Plan(const platform::Merchant& merchant) {
        std::vector<const DemoProduct*> offer;
        std::string_view industry = merchant.industry_code;
        for (int round = 0; round < 2 && offer.empty(); ++round) {
            for (const DemoProduct& p : kProducts) {
                if (p.industry == industry) offer.push_back(&p);
            }
            industry = kFallbackIndustry;
        }
        dice_.Shuffle(offer);
        // The shop's specialties first, in the shuffled order.
        std::set<std::string_view> special;
        for (const Specialty& sp : kSpecialties) {
            if (sp.industry != merchant.industry_code || merchant.name_ko.find(sp.word) == std::string::npos) continue;
            for (std::string_view sku : Split(sp.skus, ',')) special.insert(sku);
        }
        std::stable_partition(offer.begin(), offer.end(),
                              [&](const DemoProduct* p) { return special.contains(p->sku); });
        // Most shops list a handful; a few a dozen.
        std::size_t count = static_cast<std::size_t>(3 + std::min(dice_.Below(10), dice_.Below(10)));
        count = std::min(count, offer.size());
        offer.resize(count);

        // 1 or 2 archived, a few drafts, the rest on sale.
        std::vector<ProductStatus> statuses(count, ProductStatus::kActive);
        std::size_t archived = count >= 8 ? 2 : 1;
        std::size_t drafts = static_cast<std::size_t>(dice_.Below(count >= 6 ? 3 : 2));
        for (std::size_t i = 0; i < archived + drafts && i + 1 < count; ++i) {
            statuses[i] = i < archived ? ProductStatus::kArchived : ProductStatus::kDraft;
        }
        dice_.Shuffle(statuses);

        // Listed over the weeks after the approval (an approved demo merchant's last change), never
        // after the demo's present.
        const core::TimePoint now = core::FromUnixMicros(kDemoProductsNowUs);
        const core::TimePoint start = merchant.updated_at + std::chrono::hours(dice_.Between(2, 48));
        const auto room = std::max<core::TimePoint::duration>(
            std::chrono::hours(count), std::min<core::TimePoint::duration>(now - 24h - start, 100 * 24h));
        ++merchants_;
        for (std::size_t i = 0; i < count; ++i) {
            core::TimePoint created = start + room * static_cast<std::int64_t>(i) / static_cast<std::int64_t>(count) +
                                      std::chrono::minutes(dice_.Between(0, 50));
            created = std::min(created, now - std::chrono::minutes(90));
            Planned& p = planned_.emplace_back();
            p.merchant = merchant.id;
            p.status = statuses[i];
            p.created = created;
            p.activated = std::min(created + std::chrono::minutes(dice_.Between(5, 180)), now - 1h);
            p.activated = std::max(p.activated, created + 1min);
            p.archived = std::min(p.activated + std::chrono::days(dice_.Between(7, 60)), now - 30min);
            p.archived = std::max(p.archived, p.activated + 1min);
            if (!Fill(p, *offer[i], merchant)) {
                planned_.pop_back();
                ++skipped_;
            }
        }
    }

    std::vector<Planned>& planned() { return planned_; }
    int merchants() const { return merchants_; }
    int skipped() const { return skipped_; }
    int dropped() const { return dropped_; }

private:
    // The product's input from its template, for this merchant; false when the tree lacks its category.
    bool Fill(Planned& p, const DemoProduct& t, const platform::Merchant& merchant) {
        const Category* category = tree_.FindByCode(t.category);
        if (category == nullptr || !tree_.Visible(category->id)) return false;
        const core::TimePoint now = core::FromUnixMicros(kDemoProductsNowUs);
        ProductInput& in = p.input;
        in.category = category->id;
        in.title_ko = std::string(t.ko);
        in.title_en = std::string(t.en);
        if (t.brand == "*") {
            if (dice_.Percent(60)) in.brand = merchant.name_ko;
        } else {
            in.brand = std::string(t.brand);
        }
        in.vat = t.vat == Vat::kExempt || (t.vat == Vat::kByCategory && FreshFood(t.category)) ? VatMode::kExempt
                                                                                               : VatMode::kTaxable;

        // Variants: a run of the option's values, 1 to 4.
        std::string_view option_name;
        std::vector<std::pair<std::string_view, double>> values;
        if (!t.options.empty()) {
            std::size_t colon = t.options.find(':');
            option_name = t.options.substr(0, colon);
            for (std::string_view v : Split(t.options.substr(colon + 1), ',')) {
                std::size_t eq = v.find('=');
                values.emplace_back(v.substr(0, eq), Number(v.substr(eq + 1)).value_or(1));
            }
        }
        std::size_t n =
            values.empty() ? 1 : static_cast<std::size_t>(1 + dice_.Below(std::min<std::size_t>(4, values.size())));
        std::size_t first = values.empty() ? 0 : static_cast<std::size_t>(dice_.Below(values.size() - n + 1));
        const double jitter = dice_.Between(92, 112) / 100.0;
        const bool barcode = in.vat == VatMode::kTaxable && !IsService(t.category) && dice_.Percent(45);
        const bool online = dice_.Percent(25);
        const bool tiers = (merchant.industry_code == "machinery_parts" || merchant.industry_code == "hardware_tools" ||
                            merchant.industry_code == "auto_parts" ||
                            merchant.industry_code == "printing_advertising" || merchant.industry_code == "other")
                               ? dice_.Percent(80)
                               : dice_.Percent(6);
        const int sale_roll = dice_.Below(100);  // under 15: a sale, half of them running now
        const int sale_percent = dice_.Between(10, 30);
        std::set<std::string> skus;
        for (std::size_t i = 0; i < n; ++i) {
            VariantInput& v = in.variants.emplace_back();
            double factor = values.empty() ? 1.0 : values[first + i].second;
            std::string sku(t.sku);
            if (!values.empty()) {
                std::string_view value = values[first + i].first;
                v.options[option_name] = value;
                std::string part = SkuPart(value);
                if (part.empty() || skus.contains(sku + "-" + part)) part = "V" + std::to_string(first + i + 1);
                sku.append("-").append(part);
                if (auto grams = Grams(value)) v.weight_grams = grams;
            }
            skus.insert(sku);
            v.sku = sku;
            if (!v.weight_grams && t.weight_grams > 0) v.weight_grams = std::llround(t.weight_grams * factor);
            if (barcode) v.barcode = Ean13(dice_);
            v.base_price_won = ShopPrice(static_cast<double>(t.price) * factor * jitter, dice_);
            if (online && v.base_price_won >= 2'000) {
                v.channel_prices.push_back(
                    {.channel = SalesChannel::kOnline, .unit = core::Money::Won(Discounted(v.base_price_won, 5))});
            }
            if (tiers && v.base_price_won >= 2'000) {
                v.tiers.push_back({.min_quantity = 10, .unit = core::Money::Won(Discounted(v.base_price_won, 5))});
                v.tiers.push_back({.min_quantity = 50, .unit = core::Money::Won(Discounted(v.base_price_won, 10))});
            }
            if (sale_roll < 15) {
                SalePrice s{.unit = core::Money::Won(Discounted(v.base_price_won, sale_percent))};
                if (sale_roll < 8) {  // running now
                    s.starts = now - std::chrono::days(1 + sale_roll);
                    s.ends = now + std::chrono::days(4 + 3 * sale_roll);
                } else {  // starting soon
                    s.starts = now + std::chrono::days(sale_roll - 5);
                    s.ends = s.starts + std::chrono::days(7);
                }
                if (sale_roll % 4 == 3) s.channel = SalesChannel::kOnline;
                v.sales.push_back(s);
            }
        }
        p.barcode = barcode;
        p.tiers = tiers && !in.variants.front().tiers.empty();
        p.sale_now = sale_roll < 8;
        p.sale_soon = sale_roll >= 8 && sale_roll < 15;

        // Attributes: the template's, those the first variant's option tells, and every required one.
        json::object attributes;
        std::map<std::string_view, std::vector<std::string_view>> given;
        for (std::string_view pair : Split(t.attributes, ';')) {
            std::size_t eq = pair.find('=');
            given[pair.substr(0, eq)] = Split(pair.substr(eq + 1), '|');
        }
        const std::vector<EffectiveAttribute> declared = tree_.Attributes(category->id);
        std::vector<std::pair<const AttributeDef*, json::value>> listed;
        for (const EffectiveAttribute& a : declared) {
            const AttributeDef& def = *a.def;
            std::optional<json::value> value;
            if (auto it = given.find(def.code); it != given.end()) {
                const auto& choices = it->second;
                value = AttributeValue(def, choices[static_cast<std::size_t>(dice_.Below(choices.size()))], t.category,
                                       now, dice_);
                if (!value) ++dropped_;
                given.erase(it);
            }
            if (!value && !values.empty() && (def.code == "weight" || def.code == "volume")) {
                std::string_view first_value = values[first].first;
                std::optional<std::int64_t> amount =
                    def.code == "weight" ? Grams(first_value) : Millilitres(first_value);
                if (amount && def.unit == "kg") {
                    value = json::value(static_cast<double>(*amount) / 1000.0);
                } else if (amount) {
                    value = json::value(*amount);
                }
            }
            if (!value && def.required) value = DefaultValue(def, now);
            if (!value) continue;
            attributes[def.code] = *value;
            listed.emplace_back(&def, *value);
        }
        dropped_ += static_cast<int>(given.size());  // codes the category does not declare
        in.attributes = std::move(attributes);

        // A heading, the main attributes and the template's points as a list, the shop in bold.
        std::string d = "## ";
        d.append(t.ko).append("\n\n*").append(t.en).append("*\n\n");
        std::size_t shown = 0;
        for (const auto& [def, value] : listed) {
            if (shown++ == 3) break;
            d.append("- **").append(def->name_ko).append("**: ").append(Shown(*def, value)).append("\n");
        }
        for (std::string_view point : Split(t.points, ';')) d.append("- ").append(point).append("\n");
        d.append("\n**").append(merchant.name_ko).append("**");
        const platform::District* district = region_.Find(merchant.district_code);
        if (district != nullptr) d.append(" · ").append(region_.name_ko).append(" ").append(district->name_ko);
        d.append(IsService(t.category)
                     ? "\n\n예약은 전화나 메시지로 받습니다. 방문 전에 연락 주세요.\n"
                     : "\n\n오후 2시까지 주문하시면 그날 보내 드립니다. 매장에서 찾아가셔도 됩니다.\n");
        in.description = std::move(d);

        // Most products have a picture in their category's colour, in one of seven shades (so that
        // a grid of cards varies, while the files stay a few hundred KB in all).
        if (dice_.Percent(88)) p.picture_hue = (HueOf(t.category) + 6 * dice_.Between(-3, 3) + 360) % 360;
        return true;
    }

    const platform::Region& region_;
    const CategoryTree& tree_;
    Dice dice_;
    std::vector<Planned> planned_;
    int merchants_ = 0;
    int skipped_ = 0;
    int dropped_ = 0;
};

// PNG: CRC-32 (ISO-HDLC) over chunk type and data, Adler-32 over the zlib stream's data.
std::uint32_t Crc32(std::string_view bytes, std::uint32_t crc = 0) {
    static const std::array<std::uint32_t, 256> kTable = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (char b : bytes) crc = kTable[(crc ^ static_cast<unsigned char>(b)) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

std::uint32_t Adler32(std::string_view bytes) {
    std::uint32_t a = 1, b = 0;
    for (char c : bytes) {
        a = (a + static_cast<unsigned char>(c)) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

void PutBe32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

// Deflate's bits, least significant first; Huffman codes go most significant bit first.
class BitWriter {
public:
    explicit BitWriter(std::string& out) : out_(out) {}
    void Bits(std::uint32_t value, int count) {
        acc_ |= static_cast<std::uint64_t>(value) << filled_;
        filled_ += count;
        while (filled_ >= 8) {
            out_.push_back(static_cast<char>(acc_ & 0xFF));
            acc_ >>= 8;
            filled_ -= 8;
        }
    }
    void Code(std::uint32_t code, int length) {
        std::uint32_t reversed = 0;
        for (int i = 0; i < length; ++i) reversed |= ((code >> i) & 1u) << (length - 1 - i);
        Bits(reversed, length);
    }
    void Flush() {
        if (filled_ > 0) Bits(0, 8 - filled_);
    }

private:
    std::string& out_;
    std::uint64_t acc_ = 0;
    int filled_ = 0;
};

// A literal/length symbol in the fixed Huffman code (RFC 1951, 3.2.6).
void FixedSymbol(BitWriter& w, int symbol) {
    if (symbol < 144) {
        w.Code(static_cast<std::uint32_t>(0x30 + symbol), 8);
    } else if (symbol < 256) {
        w.Code(static_cast<std::uint32_t>(0x190 + symbol - 144), 9);
    } else if (symbol < 280) {
        w.Code(static_cast<std::uint32_t>(symbol - 256), 7);
    } else {
        w.Code(static_cast<std::uint32_t>(0xC0 + symbol - 280), 8);
    }
}

constexpr int kLengthBase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr int kLengthExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                  2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};

// One block of fixed codes: literals, and each run of three or more copies of the byte before as a
// match at distance 1 (up to 258 bytes a match).
std::string Deflate(std::string_view data) {
    std::string out;
    BitWriter w(out);
    w.Bits(1, 1);  // the last block
    w.Bits(1, 2);  // fixed Huffman codes
    for (std::size_t i = 0; i < data.size();) {
        std::size_t run = 0;
        if (i > 0) {
            while (i + run < data.size() && run < 258 && data[i + run] == data[i - 1]) ++run;
        }
        if (run >= 3) {
            int code = 28;
            while (kLengthBase[code] > static_cast<int>(run)) --code;
            FixedSymbol(w, 257 + code);
            w.Bits(static_cast<std::uint32_t>(run) - static_cast<std::uint32_t>(kLengthBase[code]), kLengthExtra[code]);
            w.Code(0, 5);  // distance code 0: distance 1
            i += run;
        } else {
            FixedSymbol(w, static_cast<unsigned char>(data[i]));
            ++i;
        }
    }
    FixedSymbol(w, 256);  // end of block
    w.Flush();
    return out;
}

void Chunk(std::string& png, std::string_view type, std::string_view data) {
    PutBe32(png, static_cast<std::uint32_t>(data.size()));
    std::string body(type);
    body.append(data);
    png.append(body);
    PutBe32(png, Crc32(body));
}

// HSV (hue in degrees, saturation and value 0..1) to 8-bit RGB.
std::array<double, 3> Hsv(double h, double s, double v) {
    h = std::fmod(h, 360.0);
    if (h < 0) h += 360.0;
    double c = v * s;
    double x = c * (1 - std::fabs(std::fmod(h / 60.0, 2.0) - 1));
    double m = v - c;
    double r = 0, g = 0, b = 0;
    switch (static_cast<int>(h / 60.0)) {
        case 0: r = c, g = x; break;
        case 1: r = x, g = c; break;
        case 2: g = c, b = x; break;
        case 3: g = x, b = c; break;
        case 4: r = x, b = c; break;
        default: r = c, b = x; break;
    }
    return {(r + m) * 255.0, (g + m) * 255.0, (b + m) * 255.0};
}

}  // namespace

std::string EncodePng(std::uint32_t width, std::uint32_t height, std::string_view rgb) {
    const std::size_t row = static_cast<std::size_t>(width) * 3;
    // Each row: filter type 1 (Sub), then each byte less the byte of the pixel to its left.
    std::string filtered;
    filtered.reserve((row + 1) * height);
    for (std::uint32_t y = 0; y < height; ++y) {
        std::string_view line = rgb.substr(y * row, row);
        filtered.push_back(1);
        for (std::size_t x = 0; x < row; ++x) {
            unsigned char left = x >= 3 ? static_cast<unsigned char>(line[x - 3]) : 0;
            filtered.push_back(static_cast<char>(static_cast<unsigned char>(line[x]) - left));
        }
    }
    std::string zlib = "\x78\x01";  // deflate, 32 KiB window, no dictionary; (0x7801 % 31 == 0)
    zlib.append(Deflate(filtered));
    PutBe32(zlib, Adler32(filtered));

    std::string png = "\x89PNG\r\n\x1A\n";
    std::string header;
    PutBe32(header, width);
    PutBe32(header, height);
    header.append({8, 2, 0, 0, 0});  // 8 bits, truecolour, deflate, adaptive filters, no interlace
    Chunk(png, "IHDR", header);
    Chunk(png, "IDAT", zlib);
    Chunk(png, "IEND", "");
    return png;
}

std::string DemoPicture(std::uint32_t width, std::uint32_t height, int hue) {
    std::string rgb(static_cast<std::size_t>(width) * height * 3, '\0');
    const double cx = width / 2.0, cy = height * 0.52, radius = std::min(width, height) * 0.3;
    for (std::uint32_t y = 0; y < height; ++y) {
        const double t = height > 1 ? static_cast<double>(y) / (height - 1) : 0;
        // The background fades from a pale tint at the top to a deeper one below; the disc is
        // deeper still and darkens downwards, as if lit from above.
        const auto back = Hsv(hue, 0.10 + 0.28 * t, 1.0 - 0.06 * t);
        const double d = std::clamp((y - (cy - radius)) / (2 * radius), 0.0, 1.0);
        const auto disc = Hsv(hue + 8, 0.45 + 0.30 * d, 0.95 - 0.22 * d);
        for (std::uint32_t x = 0; x < width; ++x) {
            const double dist = std::hypot(x + 0.5 - cx, y + 0.5 - cy);
            const double cover = std::clamp(radius - dist + 0.5, 0.0, 1.0);  // a soft edge, one pixel wide
            for (int c = 0; c < 3; ++c) {
                const double v =
                    back[static_cast<std::size_t>(c)] * (1 - cover) + disc[static_cast<std::size_t>(c)] * cover;
                rgb[(static_cast<std::size_t>(y) * width + x) * 3 + static_cast<std::size_t>(c)] =
                    static_cast<char>(static_cast<unsigned char>(std::clamp(std::lround(v), 0L, 255L)));
            }
        }
    }
    return rgb;
}

core::Result<DemoProductsSummary> SeedDemoProducts(store::Db& db, const platform::Region& region,
                                                   const DemoProductsOptions& options, std::uint64_t seed) {
    DemoProductsSummary summary;
    JANGTEO_TRY(store::Rows existing, db.Read([](store::Tx& tx) { return tx.Query(kCountProducts); }));
    summary.existing = existing[0].Int(0);
    if (summary.existing > 0) return summary;

    core::ManualClock clock(core::FromUnixMicros(kDemoProductsNowUs));
    core::SeededRandom ids(seed ^ kIdStream);
    CategoryService categories(db, clock, ids);
    ProductService products(db, clock, ids, categories);
    ImageService images(db, clock, options.media_dir, options.image_limits);
    platform::MerchantService merchants(db, clock, ids, region);

    JANGTEO_TRY(std::shared_ptr<const CategoryTree> tree, categories.Tree());
    // Every approved merchant, in the order they applied.
    std::vector<platform::Merchant> approved;
    platform::MerchantQuery query{.status = platform::MerchantStatus::kApproved, .limit = 200};
    while (true) {
        JANGTEO_TRY(platform::MerchantPage page, merchants.List(query));
        for (auto& m : page.items) approved.push_back(std::move(m));
        if (!page.next_cursor) break;
        query.cursor = page.next_cursor;
    }
    std::sort(approved.begin(), approved.end(), [](const platform::Merchant& a, const platform::Merchant& b) {
        return std::pair(a.created_at, a.id.key()) < std::pair(b.created_at, b.id.key());
    });

    DemoCatalog catalog(region, *tree, seed);
    for (const platform::Merchant& m : approved) catalog.Plan(m);
    std::vector<Planned>& planned = catalog.planned();

    // The pictures, uploaded as the merchant would, a minute before the product is listed; a
    // merchant's second product of the same shade reuses its upload.
    std::map<int, std::string> encoded;
    std::map<std::pair<std::int64_t, int>, std::string> uploaded;
    for (Planned& p : planned) {
        if (!p.picture_hue) continue;
        if (auto done = uploaded.find({p.merchant.key(), *p.picture_hue}); done != uploaded.end()) {
            p.input.images.push_back({.hash = done->second, .alt = p.input.title_ko});
            continue;
        }
        auto it = encoded.find(*p.picture_hue);
        if (it == encoded.end()) {
            it = encoded
                     .emplace(*p.picture_hue, EncodePng(kPictureSide, kPictureSide,
                                                        DemoPicture(kPictureSide, kPictureSide, *p.picture_hue)))
                     .first;
        }
        clock.Set(p.created - 1min);
        JANGTEO_TRY(StoredImage stored, images.Upload(p.merchant, it->second));
        if (stored.created) ++summary.images;
        uploaded.emplace(std::pair(p.merchant.key(), *p.picture_hue), stored.hash);
        p.input.images.push_back({.hash = stored.hash, .alt = p.input.title_ko});
    }

    // The products in a few big transactions, each listed and then activated (and some archived).
    for (std::size_t from = 0; from < planned.size(); from += kBatch) {
        const std::size_t to = std::min(planned.size(), from + kBatch);
        JANGTEO_TRY_STATUS(db.Write([&](store::Tx& tx) -> core::Status {
            for (std::size_t i = from; i < to; ++i) {
                const Planned& p = planned[i];
                clock.Set(p.created);
                JANGTEO_TRY(Product made, products.CreateInTx(tx, *tree, p.merchant, p.input));
                if (p.status == ProductStatus::kDraft) continue;
                clock.Set(p.activated);
                JANGTEO_TRY(made,
                            products.SetStatusInTx(tx, p.merchant, made.id, ProductStatus::kActive, made.version));
                if (p.status != ProductStatus::kArchived) continue;
                clock.Set(p.archived);
                JANGTEO_TRY(made,
                            products.SetStatusInTx(tx, p.merchant, made.id, ProductStatus::kArchived, made.version));
            }
            return {};
        }));
    }
    products.NotifyChanged();

    summary.seeded = true;
    summary.merchants = catalog.merchants();
    summary.skipped = catalog.skipped();
    summary.dropped_attributes = catalog.dropped();
    for (const Planned& p : planned) {
        ++summary.products;
        summary.variants += static_cast<int>(p.input.variants.size());
        switch (p.status) {
            case ProductStatus::kActive: ++summary.active; break;
            case ProductStatus::kDraft: ++summary.draft; break;
            case ProductStatus::kArchived: ++summary.archived; break;
        }
        if (!p.input.images.empty()) ++summary.with_images;
        if (p.sale_now) ++summary.on_sale;
        if (p.sale_soon) ++summary.sale_soon;
        if (p.tiers) ++summary.with_tiers;
        if (p.barcode) ++summary.with_barcode;
    }
    return summary;
}

}  // namespace jangteo::catalog

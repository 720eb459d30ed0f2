#include "platform/demo_seed.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <optional>
#include <set>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/validate.hpp"
#include "platform/industry.hpp"
#include "platform/membership.hpp"
#include "platform/merchant.hpp"
#include "platform/operator_admin.hpp"
#include "platform/user.hpp"

namespace jangteo::platform {

namespace {

using namespace std::chrono_literals;

constexpr store::Sql kCountExisting{
    "platform.demo_count_existing",
    "SELECT (SELECT count(*) FROM platform_users), (SELECT count(*) FROM platform_merchants)"};
constexpr store::Sql kFindDemoAdmin{"platform.demo_find_admin",
                                    "SELECT u.id FROM platform_users u JOIN platform_operator_admins a"
                                    " ON a.user_id = u.id WHERE u.email = $1"};

// 2025-12-01T00:00:00Z (09:00 in Seoul): the demo's first event. A year of applications follows, so
// the data looks lived-in and its times are the same on every run.
constexpr std::int64_t kDemoStartUs = 1'764'547'200'000'000;
// The applications the operator decided, one every this long; the last lands in September 2026.
constexpr auto kSlot = 34h;

constexpr int kApproved = 200;  // approved in the end; one of them was suspended and reinstated
constexpr int kRejected = 3;
constexpr int kSuspended = 2;
constexpr int kPending = 8;
constexpr int kCustomers = 20;
constexpr int kSecondShops = 4;  // owners who run a second merchant
constexpr std::string_view kClientAddress = "seed";

// A word in Korean and its romanised or translated English form.
struct Pair {
    std::string_view ko;
    std::string_view en;
};

// Family names with roughly how many people in a thousand carry them (the census's order).
struct FamilyName {
    std::string_view ko;
    std::string_view en;
    int weight;
};
constexpr FamilyName kFamilyNames[] = {
    {"김", "kim", 215},  {"이", "lee", 147}, {"박", "park", 84}, {"최", "choi", 47}, {"정", "jung", 43},
    {"강", "kang", 23},  {"조", "cho", 21},  {"윤", "yoon", 20}, {"장", "jang", 20}, {"임", "lim", 17},
    {"한", "han", 15},   {"오", "oh", 15},   {"서", "seo", 15},  {"신", "shin", 14}, {"권", "kwon", 14},
    {"황", "hwang", 14}, {"안", "ahn", 13},  {"송", "song", 13}, {"전", "jeon", 11}, {"홍", "hong", 11},
    {"유", "yoo", 11},   {"고", "ko", 9},    {"문", "moon", 9},  {"양", "yang", 9},  {"손", "son", 9},
    {"배", "bae", 8},    {"백", "baek", 8},  {"허", "heo", 6},   {"노", "noh", 6},   {"남", "nam", 5},
    {"심", "shim", 5},   {"하", "ha", 5},    {"곽", "kwak", 4},  {"성", "sung", 4},  {"차", "cha", 4},
    {"주", "joo", 4},    {"우", "woo", 4},   {"구", "koo", 4},   {"민", "min", 3},   {"진", "jin", 3},
};

// Given names are two syllables, one from each list.
constexpr Pair kGivenFirst[] = {
    {"민", "min"},  {"서", "seo"},  {"지", "ji"},   {"현", "hyun"}, {"수", "su"},   {"영", "young"}, {"준", "jun"},
    {"도", "do"},   {"하", "ha"},   {"예", "ye"},   {"은", "eun"},  {"유", "yu"},   {"승", "seung"}, {"재", "jae"},
    {"태", "tae"},  {"성", "sung"}, {"정", "jung"}, {"혜", "hye"},  {"미", "mi"},   {"경", "kyung"}, {"동", "dong"},
    {"상", "sang"}, {"진", "jin"},  {"소", "so"},   {"채", "chae"}, {"윤", "yoon"}, {"다", "da"},    {"주", "ju"},
};
constexpr Pair kGivenSecond[] = {
    {"수", "su"},   {"준", "jun"},  {"현", "hyun"}, {"우", "woo"},   {"진", "jin"},  {"호", "ho"},  {"영", "young"},
    {"민", "min"},  {"서", "seo"},  {"연", "yeon"}, {"윤", "yoon"},  {"희", "hee"},  {"빈", "bin"}, {"원", "won"},
    {"훈", "hoon"}, {"석", "seok"}, {"숙", "sook"}, {"철", "cheol"}, {"은", "eun"},  {"린", "rin"}, {"율", "yul"},
    {"주", "ju"},   {"혁", "hyuk"}, {"나", "na"},   {"경", "kyung"}, {"정", "jung"},
};

// What makes a district's merchants look local: neighbourhoods and landmarks that shop names
// start with, road names for addresses, telephone exchanges (the three digits after 051), and how
// busy its trade is relative to the others.
struct DistrictFlavor {
    std::string_view code;
    int weight;
    std::array<Pair, 4> places;
    std::array<std::string_view, 5> roads;
    std::array<std::string_view, 5> exchanges;
};
constexpr DistrictFlavor kBusanFlavors[] = {
    {"26110",
     10,
     {{{"남포동", "Nampo-dong"}, {"자갈치", "Jagalchi"}, {"광복동", "Gwangbok-dong"}, {"국제시장", "Gukje Market"}}},
     {"중앙대로", "광복로", "구덕로", "자갈치해안로", "대청로"},
     {"245", "246", "253", "254", "256"}},
    {"26140",
     5,
     {{{"송도", "Songdo"}, {"충무동", "Chungmu-dong"}, {"대신동", "Daesin-dong"}, {"암남", "Amnam"}}},
     {"구덕로", "충무대로", "송도해변로", "대신공원로", "까치고개로"},
     {"240", "242", "243", "244", "247"}},
    {"26170",
     6,
     {{{"초량", "Choryang"}, {"부산역", "Busan Station"}, {"수정동", "Sujeong-dong"}, {"범일동", "Beomil-dong"}}},
     {"중앙대로", "초량로", "범일로", "망양로", "고관로"},
     {"440", "441", "462", "463", "465"}},
    {"26200",
     5,
     {{{"영도", "Yeongdo"}, {"태종대", "Taejongdae"}, {"흰여울", "Huinnyeoul"}, {"봉래동", "Bongnae-dong"}}},
     {"태종로", "절영로", "와치로", "해양로", "봉래나루로"},
     {"403", "405", "412", "414", "416"}},
    {"26230",
     16,
     {{{"서면", "Seomyeon"}, {"전포", "Jeonpo"}, {"부전", "Bujeon"}, {"양정", "Yangjeong"}}},
     {"중앙대로", "서면로", "전포대로", "가야대로", "동평로"},
     {"802", "803", "806", "807", "818"}},
    {"26260",
     9,
     {{{"동래", "Dongnae"}, {"온천장", "Oncheonjang"}, {"명륜", "Myeongnyun"}, {"사직", "Sajik"}}},
     {"충렬대로", "명륜로", "온천장로", "금강공원로", "사직로"},
     {"552", "553", "554", "555", "557"}},
    {"26290",
     8,
     {{{"대연", "Daeyeon"}, {"용호", "Yongho"}, {"경성대", "Kyungsung Univ."}, {"문현", "Munhyeon"}}},
     {"수영로", "용호로", "유엔평화로", "황령대로", "못골로"},
     {"611", "612", "621", "625", "628"}},
    {"26320",
     6,
     {{{"구포", "Gupo"}, {"화명", "Hwamyeong"}, {"덕천", "Deokcheon"}, {"만덕", "Mandeok"}}},
     {"만덕대로", "금곡대로", "낙동대로", "화명대로", "덕천로"},
     {"333", "335", "337", "362", "364"}},
    {"26350",
     14,
     {{{"해운대", "Haeundae"}, {"센텀", "Centum"}, {"송정", "Songjeong"}, {"달맞이", "Dalmaji"}}},
     {"해운대해변로", "구남로", "달맞이길", "센텀중앙로", "해운대로"},
     {"701", "731", "742", "744", "747"}},
    {"26380",
     7,
     {{{"하단", "Hadan"}, {"다대포", "Dadaepo"}, {"괴정", "Goejeong"}, {"감천", "Gamcheon"}}},
     {"낙동대로", "다대로", "하신중앙로", "승학로", "감내로"},
     {"201", "203", "205", "262", "265"}},
    {"26410",
     7,
     {{{"부산대", "Pusan Nat'l Univ."}, {"장전", "Jangjeon"}, {"구서", "Guseo"}, {"범어사", "Beomeosa"}}},
     {"중앙대로", "부산대학로", "금정로", "서동로", "체육공원로"},
     {"512", "513", "515", "517", "583"}},
    {"26440",
     5,
     {{{"명지", "Myeongji"}, {"대저", "Daejeo"}, {"녹산", "Noksan"}, {"가덕도", "Gadeokdo"}}},
     {"공항로", "명지국제로", "가락대로", "녹산산단로", "낙동북로"},
     {"970", "971", "972", "974", "941"}},
    {"26470",
     7,
     {{{"연산", "Yeonsan"}, {"거제동", "Geoje-dong"}, {"시청", "City Hall"}, {"토곡", "Togok"}}},
     {"중앙대로", "월드컵대로", "연수로", "과정로", "고분로"},
     {"851", "853", "861", "866", "868"}},
    {"26500",
     9,
     {{{"광안리", "Gwangalli"}, {"민락", "Millak"}, {"남천", "Namcheon"}, {"수영", "Suyeong"}}},
     {"광안해변로", "광남로", "수영로", "남천동로", "민락수변로"},
     {"751", "753", "754", "756", "759"}},
    {"26530",
     7,
     {{{"사상", "Sasang"}, {"괘법", "Gwaebeop"}, {"덕포", "Deokpo"}, {"학장", "Hakjang"}}},
     {"사상로", "새벽로", "가야대로", "학장로", "낙동대로"},
     {"301", "304", "313", "316", "324"}},
    {"26710",
     6,
     {{{"기장", "Gijang"}, {"일광", "Ilgwang"}, {"정관", "Jeonggwan"}, {"대변항", "Daebyeon Port"}}},
     {"기장해안로", "기장대로", "정관중앙로", "차성로", "일광로"},
     {"721", "722", "723", "727", "792"}},
};
// Roads for the districts of another region, which the demo knows nothing about.
constexpr std::string_view kGenericRoads[] = {"중앙로", "시장로", "번영로", "문화로", "역전로"};

// Shop names of an industry. In the templates {p} is a place of the district, {w} one of the words
// below, {f} the owner's family name and {i} the industry's own name.
struct IndustryFlavor {
    std::string_view code;
    int weight;      // how common such shops are
    bool corporate;  // often a company (business number type 81, 86 or 87) rather than a sole trader
    std::array<Pair, 5> names;
};
constexpr IndustryFlavor kIndustryFlavors[] = {
    {"restaurant",
     30,
     false,
     {{{"{p} 할매 국밥", "{p} Halmae Gukbap"},
       {"{p} 돼지국밥", "{p} Pork Rice Soup"},
       {"{p} 밀면", "{p} Milmyeon"},
       {"{p} 곰장어", "{p} Grilled Hagfish"},
       {"{p} {f}씨네 밥상", "{f}'s Table {p}"}}}},
    {"cafe_bakery",
     22,
     false,
     {{{"{p} 카페 {w}", "Cafe {w} {p}"},
       {"{p} 빵집", "{p} Bakery"},
       {"{p} 로스터리", "{p} Roastery"},
       {"{w} 베이커리 {p}점", "{w} Bakery {p}"},
       {"{p} 떡집", "{p} Rice Cakes"}}}},
    {"groceries",
     10,
     false,
     {{{"{p} 반찬가게", "{p} Side Dishes"},
       {"{p} 정육점", "{p} Butcher"},
       {"{p} 방앗간", "{p} Mill"},
       {"{f}씨네 반찬 {p}점", "{f}'s Side Dishes {p}"},
       {"{p} 식자재마트", "{p} Food Mart"}}}},
    {"seafood",
     12,
     false,
     {{{"{p} 바다횟집", "{p} Sea Sashimi"},
       {"{p} 수산", "{p} Fisheries"},
       {"{p} 건어물", "{p} Dried Seafood"},
       {"{p} 어묵", "{p} Fish Cakes"},
       {"{p} 멸치상회", "{p} Anchovy Store"}}}},
    {"farm_produce",
     6,
     false,
     {{{"{p} 청과", "{p} Fruit and Vegetables"},
       {"{p} 농산", "{p} Farm Produce"},
       {"{p} 잡곡상회", "{p} Grain Store"},
       {"{p} 과일가게", "{p} Fruit Shop"},
       {"{p} {f}씨네 농장", "{f} Family Farm {p}"}}}},
    {"clothing",
     10,
     false,
     {{{"{p} 양장점", "{p} Tailor"},
       {"{p} 옷가게 {w}", "{w} Clothing {p}"},
       {"{p} 한복", "{p} Hanbok"},
       {"{p} 빈티지", "{p} Vintage"},
       {"{p} 아동복", "{p} Kids' Wear"}}}},
    {"shoes_bags",
     6,
     false,
     {{{"{p} 수제화", "{p} Handmade Shoes"},
       {"{p} 가방 공방", "{p} Bag Workshop"},
       {"{p} 신발", "{p} Shoes"},
       {"{p} 가죽공방", "{p} Leather Studio"},
       {"{p} 구두수선", "{p} Shoe Repair"}}}},
    {"beauty_cosmetics",
     6,
     false,
     {{{"{p} 화장품", "{p} Cosmetics"},
       {"{p} 천연비누", "{p} Natural Soap"},
       {"{p} 뷰티", "{p} Beauty"},
       {"{w} 코스메틱 {p}", "{w} Cosmetics {p}"},
       {"{p} 향수 공방", "{p} Perfume Studio"}}}},
    {"jewelry_accessories",
     4,
     false,
     {{{"{p} 금은방", "{p} Jewelers"},
       {"{p} 액세서리", "{p} Accessories"},
       {"{p} 시계", "{p} Watches"},
       {"{p} 은공방", "{p} Silver Studio"},
       {"{p} 진주", "{p} Pearls"}}}},
    {"furniture_interior",
     5,
     false,
     {{{"{p} 가구", "{p} Furniture"},
       {"{p} 원목 공방", "{p} Woodwork Studio"},
       {"{p} 인테리어", "{p} Interiors"},
       {"{p} 커튼", "{p} Curtains"},
       {"{p} 조명", "{p} Lighting"}}}},
    {"household_goods",
     5,
     false,
     {{{"{p} 생활용품", "{p} Living Goods"},
       {"{p} 그릇가게", "{p} Tableware"},
       {"{p} 잡화점", "{p} General Store"},
       {"{p} 주방용품", "{p} Kitchenware"},
       {"{p} 천냥마트", "{p} Thousand-won Mart"}}}},
    {"electronics",
     4,
     true,
     {{{"{p} 전자", "{p} Electronics"},
       {"{p} 휴대폰", "{p} Mobile Phones"},
       {"{p} 컴퓨터", "{p} Computers"},
       {"{p} 전파사", "{p} Radio Repair"},
       {"{p} 카메라", "{p} Cameras"}}}},
    {"books_stationery",
     4,
     false,
     {{{"{p} 서점", "{p} Books"},
       {"{p} 문구", "{p} Stationery"},
       {"{p} 헌책방", "{p} Used Books"},
       {"{p} 화방", "{p} Art Supplies"},
       {"{p} 책방 {w}", "{w} Books {p}"}}}},
    {"flowers_garden",
     5,
     false,
     {{{"{p} 골목 꽃집", "{p} Alley Florist"},
       {"{p} 꽃집", "{p} Florist"},
       {"{p} 화원", "{p} Garden Center"},
       {"{p} 다육식물", "{p} Succulents"},
       {"{p} 꽃방 {w}", "{w} Flowers {p}"}}}},
    {"pets",
     4,
     false,
     {{{"{p} 펫샵", "{p} Pet Shop"},
       {"{p} 애견미용", "{p} Dog Grooming"},
       {"{p} 수제 간식", "{p} Handmade Pet Treats"},
       {"{p} 고양이 상점", "{p} Cat Store"},
       {"{p} 수족관", "{p} Aquarium Shop"}}}},
    {"health",
     4,
     false,
     {{{"{p} 약초", "{p} Herbs"},
       {"{p} 의료기", "{p} Medical Supplies"},
       {"{p} 건강원", "{p} Health Tonics"},
       {"{p} 안경", "{p} Optical"},
       {"{p} 홍삼", "{p} Red Ginseng"}}}},
    {"sports_leisure",
     5,
     false,
     {{{"{p} 낚시", "{p} Fishing Tackle"},
       {"{p} 자전거", "{p} Bicycles"},
       {"{p} 서핑", "{p} Surf Shop"},
       {"{p} 등산용품", "{p} Hiking Gear"},
       {"{p} 스포츠", "{p} Sports"}}}},
    {"crafts",
     4,
     false,
     {{{"{p} 도자기 공방", "{p} Pottery Studio"},
       {"{p} 나전칠기", "{p} Lacquerware"},
       {"{p} 목공방", "{p} Woodshop"},
       {"{p} 캔들 공방", "{p} Candle Studio"},
       {"{p} 매듭 공방", "{p} Knot Craft"}}}},
    {"auto_parts",
     3,
     true,
     {{{"{p} 자동차부품", "{p} Auto Parts"},
       {"{p} 타이어", "{p} Tires"},
       {"{p} 카센터", "{p} Car Care"},
       {"{p} 모터스", "{p} Motors"},
       {"{p} 오토", "{p} Auto"}}}},
    {"machinery_parts",
     6,
     true,
     {{{"{p} 기계", "{p} Machinery"},
       {"{p} 정밀", "{p} Precision"},
       {"{p} 베어링", "{p} Bearings"},
       {"{p} 유압", "{p} Hydraulics"},
       {"{p} 금속", "{p} Metal Works"}}}},
    {"hardware_tools",
     4,
     false,
     {{{"{p} 철물점", "{p} Hardware"},
       {"{p} 공구상사", "{p} Tool Supply"},
       {"{p} 볼트", "{p} Bolts and Nuts"},
       {"{p} 전기자재", "{p} Electrical Supplies"},
       {"{p} 페인트", "{p} Paints"}}}},
    {"lodging",
     5,
     true,
     {{{"{p} 게스트하우스", "{p} Guesthouse"},
       {"{p} 호텔", "{p} Hotel"},
       {"{p} 민박", "{p} Minbak"},
       {"{p} 스테이 {w}", "Stay {w} {p}"},
       {"{p} 모텔", "{p} Motel"}}}},
    {"travel",
     3,
     true,
     {{{"{p} 여행사", "{p} Travel"},
       {"{p} 투어", "{p} Tours"},
       {"{p} 요트투어", "{p} Yacht Tours"},
       {"{w} 여행 {p}", "{w} Travel {p}"},
       {"{p} 시티투어", "{p} City Tours"}}}},
    {"education",
     4,
     false,
     {{{"{p} 영어학원", "{p} English Academy"},
       {"{p} 피아노", "{p} Piano School"},
       {"{p} 미술학원", "{p} Art School"},
       {"{p} 코딩교실", "{p} Coding Class"},
       {"{p} 공부방", "{p} Study Room"}}}},
    {"hair_nail",
     6,
     false,
     {{{"{p} 미용실", "{p} Hair Salon"},
       {"{p} 네일", "{p} Nails"},
       {"{p} 헤어 {w}", "Hair {w} {p}"},
       {"{p} 이용원", "{p} Barbershop"},
       {"{p} 속눈썹", "{p} Lash Studio"}}}},
    {"laundry",
     3,
     false,
     {{{"{p} 세탁소", "{p} Cleaners"},
       {"{p} 빨래방", "{p} Laundromat"},
       {"{p} 수선집", "{p} Alterations"},
       {"{p} 운동화 세탁", "{p} Sneaker Wash"},
       {"{p} {f}씨네 세탁", "{f}'s Laundry {p}"}}}},
    {"printing_advertising",
     4,
     true,
     {{{"{p} 인쇄", "{p} Printing"},
       {"{p} 간판", "{p} Signs"},
       {"{p} 기획", "{p} Design"},
       {"{p} 현수막", "{p} Banners"},
       {"{p} 스티커", "{p} Stickers"}}}},
    {"other",
     2,
     false,
     {{{"{p} 상회", "{p} Trading"},
       {"{p} 종합상사", "{p} General Trading"},
       {"{p} 상사", "{p} Co."},
       {"{p} 유통", "{p} Distribution"},
       {"{p} 물산", "{p} Goods"}}}},
};
// For an industry the operator added, which the demo knows only by its names.
constexpr IndustryFlavor kGenericIndustry{"",
                                          3,
                                          false,
                                          {{{"{p} {i}", "{p} {i}"},
                                            {"{w} {i} {p}", "{w} {i} {p}"},
                                            {"{p} {i}", "{p} {i}"},
                                            {"{p} {i} {w}", "{w} {i} {p}"},
                                            {"{p} {f}씨네 {i}", "{f}'s {i} {p}"}}}};

// Busan's own words that shop names like: waves, the camellia (the city's flower), seagulls, …
constexpr Pair kWords[] = {{"파도", "Pado"},     {"동백", "Dongbaek"}, {"갈매기", "Galmaegi"}, {"윤슬", "Yunseul"},
                           {"등대", "Deungdae"}, {"노을", "Noeul"},    {"바람", "Baram"},      {"물결", "Mulgyeol"}};

// Tax office codes, the first three digits of a business number registered in Busan.
constexpr std::string_view kTaxOffices[] = {"602", "603", "605", "606", "607", "608", "610", "617", "621", "623"};
constexpr std::string_view kCorporateTypes[] = {"81", "86", "87"};

// Reasons the operator gives. {r} is the region's name.
constexpr std::string_view kRejectReasons[] = {
    "사업자등록증의 상호와 신청서의 상호가 다릅니다. 사업자등록증과 같은 상호로 다시 신청해 주세요.",
    "국세청 조회 결과 휴업 중인 사업자로 확인됩니다. 영업을 다시 시작한 뒤 신청해 주세요.",
    "사업장 주소가 {r} 밖입니다. {r}에 사업장이 있는 업체만 입점할 수 있습니다.",
};
constexpr std::string_view kSuspendReasons[] = {
    "관할 구청의 위생 점검에서 영업정지 15일 처분을 받아, 그 기간 동안 판매를 멈춥니다.",
    "배송 지연에 대한 고객 민원이 3주 동안 12건 접수되었습니다. 개선 계획을 받을 때까지 판매를 멈춥니다.",
};
constexpr std::string_view kPauseReason = "대표자 요청: 가게 리모델링으로 한 달 동안 쉽니다.";
constexpr std::string_view kResumeReason = "리모델링을 마치고 영업을 다시 시작했습니다.";

std::string Replace(std::string_view text, std::string_view token, std::string_view with) {
    std::string out;
    while (true) {
        std::size_t at = text.find(token);
        out.append(text.substr(0, at));
        if (at == std::string_view::npos) return out;
        out.append(with);
        text.remove_prefix(at + token.size());
    }
}

std::string Digits(int value, int width) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%0*d", width, value);
    return buf;
}

std::string Capitalized(std::string_view word) {
    std::string out(word);
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

// The content's dice: every choice of the demo comes from here, in a fixed order.
class Dice {
public:
    explicit Dice(std::uint64_t seed) : random_(seed) {}

    // 0 ≤ n < bound.
    int Below(std::size_t bound) { return static_cast<int>(random_.NextU64() % bound); }
    int Between(int low, int high) { return low + Below(static_cast<std::size_t>(high - low + 1)); }
    bool Percent(int p) { return Below(100) < p; }
    // One element of an array or vector.
    template <typename Items>
    const auto& Pick(const Items& items) {
        return items[static_cast<std::size_t>(Below(std::size(items)))];
    }
    // An index of `weights`, each as likely as its weight.
    std::size_t Weighted(std::span<const int> weights) {
        int total = 0;
        for (int w : weights) total += w;
        int roll = Below(static_cast<std::size_t>(total));
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (roll < weights[i]) return i;
            roll -= weights[i];
        }
        return weights.size() - 1;
    }
    template <typename T>
    void Shuffle(std::vector<T>& items) {
        for (std::size_t i = items.size(); i > 1; --i)
            std::swap(items[i - 1], items[static_cast<std::size_t>(Below(i))]);
    }

private:
    core::SeededRandom random_;
};

// A district as the demo uses it: the region's district and its local colour.
struct DemoDistrict {
    const District* district;
    std::vector<Pair> places;
    std::vector<std::string_view> roads;
    std::vector<std::string_view> exchanges;  // empty: no landline prefixes known (another region)
    int weight = 5;
};

struct DemoIndustry {
    const Industry* industry;
    const IndustryFlavor* flavor;
};

struct Person {
    UserId id;
    std::string email;
    std::string name;
    std::size_t family = 0;  // index into kFamilyNames
    std::optional<std::string> mobile;
};

// How the operator decided an application made in the year.
enum class Fate { kApprove, kReject, kSuspend, kPauseAndResume };

struct Shop {
    Merchant merchant;
    Fate fate = Fate::kApprove;
    std::size_t owner = 0;           // index into DemoRun::people_
    std::vector<std::size_t> staff;  // likewise
    bool second_shop = false;
};

// One seeding: the services on a clock and ids of its own, and everything made so far.
class DemoRun {
public:
    DemoRun(store::Db& db, const Region& region, const PasswordHasher& hasher, std::string hash, std::uint64_t seed,
            std::span<const Industry> industries)
        : region_(region),
          hash_(std::move(hash)),
          seed_(seed),
          dice_(seed),
          ids_(seed ^ 0x6a616e677465'6f00ULL),
          clock_(core::FromUnixMicros(kDemoStartUs)),
          users_(db, clock_, ids_, hasher),
          merchants_(db, clock_, ids_, region),
          members_(db, clock_, ids_),
          admins_(db, clock_, ids_) {
        for (const District& d : region.districts) {
            DemoDistrict& out = districts_.emplace_back();
            out.district = &d;
            auto known = std::find_if(std::begin(kBusanFlavors), std::end(kBusanFlavors),
                                      [&](const DistrictFlavor& f) { return f.code == d.code; });
            if (known != std::end(kBusanFlavors)) {
                out.places.assign(known->places.begin(), known->places.end());
                out.roads.assign(known->roads.begin(), known->roads.end());
                out.exchanges.assign(known->exchanges.begin(), known->exchanges.end());
                out.weight = known->weight;
            } else {
                out.places.push_back({d.name_ko, d.name_en});
                out.roads.assign(std::begin(kGenericRoads), std::end(kGenericRoads));
            }
        }
        for (const Industry& i : industries) {
            auto known = std::find_if(std::begin(kIndustryFlavors), std::end(kIndustryFlavors),
                                      [&](const IndustryFlavor& f) { return f.code == i.code; });
            industries_.push_back({&i, known != std::end(kIndustryFlavors) ? &*known : &kGenericIndustry});
        }
        for (const DemoDistrict& d : districts_) district_weights_.push_back(d.weight);
        for (const DemoIndustry& i : industries_) industry_weights_.push_back(i.flavor->weight);
        for (const FamilyName& f : kFamilyNames) family_weights_.push_back(f.weight);
    }

    core::Result<DemoSeedSummary> Run() {
        JANGTEO_TRY(std::size_t admin, NewPerson(std::string(kDemoAdminEmail), std::nullopt, 100));
        JANGTEO_TRY_STATUS(admins_.GrantOperatorAdmin(people_[admin].id, std::nullopt, kClientAddress));
        admin_ = admin;

        // The year's decided applications, in the order they came in. Every district and industry
        // gets merchants that are approved or suspended in the end: each appears in their lists before
        // the weighted draws, every district more often than there are suspensions.
        const int decided = kApproved + kRejected + kSuspended;
        std::vector<Fate> fates(static_cast<std::size_t>(kApproved - 1), Fate::kApprove);
        fates.push_back(Fate::kPauseAndResume);
        fates.insert(fates.end(), kRejected, Fate::kReject);
        fates.insert(fates.end(), kSuspended, Fate::kSuspend);
        dice_.Shuffle(fates);
        std::vector<std::size_t> approved_districts = Spread(district_weights_, kSuspended + 1, kApproved + kSuspended);
        std::vector<std::size_t> approved_industries = Spread(industry_weights_, 1, kApproved + kSuspended);
        std::set<int> second_shops;
        while (static_cast<int>(second_shops.size()) < kSecondShops) {
            int slot = dice_.Between(decided / 5, decided - 1);
            if (fates[static_cast<std::size_t>(slot)] == Fate::kApprove) second_shops.insert(slot);
        }

        const core::TimePoint start = clock_.Now() + 24h;
        std::size_t next_approved = 0;
        for (int slot = 0; slot < decided; ++slot) {
            clock_.Set(start + kSlot * slot + std::chrono::minutes(dice_.Between(0, 180)));
            const Fate fate = fates[static_cast<std::size_t>(slot)];
            std::size_t district, industry;
            if (fate == Fate::kReject) {
                district = dice_.Weighted(district_weights_);
                industry = dice_.Weighted(industry_weights_);
            } else {
                district = approved_districts[next_approved];
                industry = approved_industries[next_approved];
                ++next_approved;
            }
            std::optional<std::size_t> owner;
            if (second_shops.contains(slot)) owner = OwnerForSecondShop();
            if (!owner) {
                JANGTEO_TRY(owner, NewPerson("", std::nullopt, 90));
            }
            clock_.Advance(std::chrono::minutes(dice_.Between(5, 40)));
            JANGTEO_TRY(std::size_t shop, Apply(*owner, district, industry));
            shops_[shop].fate = fate;
            shops_[shop].second_shop = second_shops.contains(slot);
            clock_.Advance(std::chrono::minutes(dice_.Between(180, 1200)));
            if (fate == Fate::kReject) {
                JANGTEO_TRY_STATUS(Decide(shop, MerchantStatus::kRejected, RejectReason()));
            } else {
                JANGTEO_TRY_STATUS(Decide(shop, MerchantStatus::kApproved, ""));
                JANGTEO_TRY_STATUS(MaybeAddStaff(shop));
            }
            if (slot % 10 == 3 && customers_.size() < static_cast<std::size_t>(kCustomers)) {
                clock_.Advance(std::chrono::minutes(dice_.Between(60, 240)));
                JANGTEO_TRY_STATUS(NewCustomer());
            }
        }

        // The autumn: a pause for remodelling, two suspensions, the end of the pause a month later,
        // the remaining customers, and the applications that still wait for the operator.
        clock_.Advance(48h);
        for (Fate fate : {Fate::kPauseAndResume, Fate::kSuspend}) {
            int n = 0;
            for (std::size_t i = 0; i < shops_.size(); ++i) {
                if (shops_[i].fate != fate) continue;
                clock_.Advance(std::chrono::hours(dice_.Between(48, 120)));
                std::string reason(fate == Fate::kSuspend ? kSuspendReasons[n++ % std::size(kSuspendReasons)]
                                                          : kPauseReason);
                JANGTEO_TRY_STATUS(Decide(i, MerchantStatus::kSuspended, reason));
            }
        }
        for (std::size_t i = 0; i < shops_.size(); ++i) {
            if (shops_[i].fate != Fate::kPauseAndResume) continue;
            clock_.Advance(std::chrono::hours(dice_.Between(24 * 26, 24 * 32)));  // about the month it asked for
            JANGTEO_TRY_STATUS(Decide(i, MerchantStatus::kApproved, std::string(kResumeReason)));
        }
        while (customers_.size() < static_cast<std::size_t>(kCustomers)) {
            clock_.Advance(std::chrono::hours(dice_.Between(6, 30)));
            JANGTEO_TRY_STATUS(NewCustomer());
        }
        for (int i = 0; i < kPending; ++i) {
            clock_.Advance(std::chrono::hours(dice_.Between(20, 60)));
            std::optional<std::size_t> owner;
            if (i == kPending / 2) owner = OwnerForSecondShop();  // an owner applying for a second shop
            if (!owner) {
                JANGTEO_TRY(owner, NewPerson("", std::nullopt, 90));
            }
            clock_.Advance(std::chrono::minutes(dice_.Between(5, 40)));
            JANGTEO_TRY(std::size_t shop,
                        Apply(*owner, dice_.Weighted(district_weights_), dice_.Weighted(industry_weights_)));
            shops_[shop].second_shop = i == kPending / 2;
        }
        return Summary();
    }

private:
    // `count` indexes of `weights`, each index `each` times (as far as count allows) and the rest
    // drawn by weight, in a random order.
    std::vector<std::size_t> Spread(const std::vector<int>& weights, int each, int count) {
        std::vector<std::size_t> out;
        for (int round = 0; round < each; ++round) {
            for (std::size_t i = 0; i < weights.size() && static_cast<int>(out.size()) < count; ++i) out.push_back(i);
        }
        while (static_cast<int>(out.size()) < count) out.push_back(dice_.Weighted(weights));
        dice_.Shuffle(out);
        return out;
    }

    // A new account with the demo password. `email` empty: one made from the name. `family`: the
    // family name to give (a relative of an owner), or nullopt for a drawn one.
    core::Result<std::size_t> NewPerson(std::string email, std::optional<std::size_t> family, int mobile_percent) {
        Person p;
        p.family = family ? *family : dice_.Weighted(family_weights_);
        const Pair& first = dice_.Pick(kGivenFirst);
        const Pair* second = &dice_.Pick(kGivenSecond);
        while (second->ko == first.ko) second = &dice_.Pick(kGivenSecond);
        p.name = std::string(kFamilyNames[p.family].ko);
        p.name.append(first.ko).append(second->ko);
        if (email.empty()) {
            std::string given(first.en);
            given.append(second->en);
            std::string_view family_en = kFamilyNames[p.family].en;
            do {
                email.clear();
                if (dice_.Percent(25)) {
                    email.append(family_en).append(".").append(given);
                } else {
                    email.append(given).append(".").append(family_en);
                }
                email.append(std::to_string(dice_.Between(10, 99)));
                email.append(dice_.Percent(70) ? "@example.kr" : "@example.com");
            } while (emails_.contains(email));
        }
        emails_.insert(email);
        p.email = std::move(email);
        if (dice_.Percent(mobile_percent)) p.mobile = NewMobile();
        JANGTEO_TRY(User user,
                    users_.CreateWithPasswordHash({.email = p.email, .mobile = p.mobile, .name = p.name}, hash_));
        p.id = user.id;
        people_.push_back(std::move(p));
        return people_.size() - 1;
    }

    std::string NewMobile() {
        std::string mobile;
        do {
            mobile = "010-";
            mobile.append(Digits(dice_.Between(2000, 9999), 4)).append("-").append(Digits(dice_.Between(0, 9999), 4));
        } while (mobiles_.contains(mobile));
        mobiles_.insert(mobile);
        return mobile;
    }

    core::Status NewCustomer() {
        JANGTEO_TRY(std::size_t customer, NewPerson("", std::nullopt, 60));
        customers_.push_back(customer);
        return {};
    }

    // An owner of an approved merchant who has only that one, or nullopt when there is none.
    std::optional<std::size_t> OwnerForSecondShop() {
        std::vector<std::size_t> candidates;
        std::set<std::size_t> busy;
        for (const Shop& s : shops_) {
            if (s.second_shop) busy.insert(s.owner);
        }
        for (const Shop& s : shops_) {
            if (s.fate == Fate::kApprove && s.merchant.status == MerchantStatus::kApproved && !busy.contains(s.owner)) {
                candidates.push_back(s.owner);
            }
        }
        if (candidates.empty()) return std::nullopt;
        return candidates[static_cast<std::size_t>(dice_.Below(candidates.size()))];
    }

    // A valid business number nobody in the demo has: tax office, type, serial, check digit.
    std::string NewBusinessNumber(bool corporate) {
        std::string number;
        do {
            number = std::string(dice_.Pick(kTaxOffices));
            number.append(corporate && dice_.Percent(60) ? std::string(dice_.Pick(kCorporateTypes))
                                                         : Digits(dice_.Between(10, 49), 2));
            number.append(Digits(dice_.Between(1, 9999), 4));
            number.push_back('0');
            for (char check = '0'; check <= '9'; ++check) {
                number.back() = check;
                if (core::BusinessNumberCheckDigitOk(number)) break;
            }
        } while (business_numbers_.contains(number));
        business_numbers_.insert(number);
        return number;
    }

    // A shop name for the industry in the district that no demo merchant has yet.
    std::pair<std::string, std::string> ShopName(const DemoIndustry& industry, const DemoDistrict& district,
                                                 std::size_t family) {
        for (int attempt = 0;; ++attempt) {
            const Pair& name = dice_.Pick(industry.flavor->names);
            const Pair& place = dice_.Pick(district.places);
            const Pair& word = dice_.Pick(kWords);
            auto fill = [&](std::string_view text, bool korean) {
                std::string out = Replace(text, "{p}", korean ? place.ko : place.en);
                out = Replace(out, "{w}", korean ? word.ko : word.en);
                const std::string family_name =
                    korean ? std::string(kFamilyNames[family].ko) : Capitalized(kFamilyNames[family].en);
                out = Replace(out, "{f}", family_name);
                return Replace(out, "{i}", korean ? industry.industry->name_ko : industry.industry->name_en);
            };
            std::string ko = fill(name.ko, true);
            std::string en = fill(name.en, false);
            if (attempt >= 8) {
                // A busy street: the next branch of a name that exists.
                for (int branch = 2; names_.contains(ko); ++branch) {
                    ko = fill(name.ko, true);
                    ko.append(" ").append(std::to_string(branch)).append("호점");
                    en = fill(name.en, false);
                    en.append(" Branch ").append(std::to_string(branch));
                }
            }
            if (!names_.contains(ko)) {
                names_.insert(ko);
                return {std::move(ko), std::move(en)};
            }
        }
    }

    std::string Address(const DemoDistrict& district) {
        std::string out = region_.name_ko;
        out.append(" ").append(district.district->name_ko).append(" ");
        out.append(dice_.Pick(district.roads)).append(" ").append(std::to_string(dice_.Between(1, 320)));
        if (dice_.Percent(15)) out.append("-").append(std::to_string(dice_.Between(1, 30)));
        int floor = dice_.Below(10);
        if (floor >= 7) {
            out.append(", ").append(std::to_string(floor - 5)).append("층");
        } else if (floor == 6) {
            out.append(", 1층 10").append(std::to_string(dice_.Between(1, 9))).append("호");
        }
        return out;
    }

    std::string ShopPhone(const DemoDistrict& district, const Person& owner) {
        if (dice_.Percent(20)) return owner.mobile ? *owner.mobile : NewMobile();
        if (district.exchanges.empty()) {
            std::string phone = "070-";
            phone.append(Digits(dice_.Between(2000, 8999), 4)).append("-").append(Digits(dice_.Between(0, 9999), 4));
            return phone;
        }
        std::string phone = "051-";
        phone.append(dice_.Pick(district.exchanges)).append("-").append(Digits(dice_.Between(0, 9999), 4));
        return phone;
    }

    core::Result<std::size_t> Apply(std::size_t owner, std::size_t district_index, std::size_t industry_index) {
        const DemoDistrict& district = districts_[district_index];
        const DemoIndustry& industry = industries_[industry_index];
        const Person& person = people_[owner];
        MerchantInput input;
        std::tie(input.name_ko, input.name_en) = ShopName(industry, district, person.family);
        input.business_number = core::FormatBusinessNumber(NewBusinessNumber(industry.flavor->corporate));
        input.representative = person.name;
        input.industry_code = industry.industry->code;
        input.district_code = district.district->code;
        input.address = Address(district);
        input.phone = ShopPhone(district, person);
        JANGTEO_TRY(Merchant merchant, merchants_.Apply(person.id, input, kClientAddress));
        shops_.push_back({.merchant = std::move(merchant), .owner = owner});
        return shops_.size() - 1;
    }

    core::Status Decide(std::size_t shop, MerchantStatus to, const std::string& reason) {
        JANGTEO_TRY(Merchant changed,
                    merchants_.ChangeStatus(shops_[shop].merchant.id, to, people_[admin_].id, reason, kClientAddress));
        shops_[shop].merchant.status = changed.status;
        return {};
    }

    std::string RejectReason() { return Replace(dice_.Pick(kRejectReasons), "{r}", region_.name_ko); }

    // Nearly half of the merchants take on one to three staff soon after their approval; a third of
    // those are family and share the owner's family name.
    core::Status MaybeAddStaff(std::size_t shop) {
        if (!dice_.Percent(45)) return {};
        int roll = dice_.Below(10);
        int count = roll < 6 ? 1 : roll < 9 ? 2 : 3;
        for (int i = 0; i < count; ++i) {
            clock_.Advance(std::chrono::minutes(dice_.Between(10, 90)));
            std::optional<std::size_t> family;
            if (dice_.Percent(33)) family = people_[shops_[shop].owner].family;
            JANGTEO_TRY(std::size_t staff, NewPerson("", family, 70));
            clock_.Advance(std::chrono::minutes(dice_.Between(1, 20)));
            JANGTEO_TRY_STATUS(members_.AddMember(shops_[shop].merchant.id, people_[staff].id, MemberRole::kStaff,
                                                  people_[shops_[shop].owner].id, kClientAddress));
            shops_[shop].staff.push_back(staff);
        }
        return {};
    }

    DemoAccount Account(std::size_t person, const Shop* shop = nullptr) const {
        DemoAccount a{.id = people_[person].id, .email = people_[person].email, .name = people_[person].name};
        if (shop != nullptr) {
            a.merchant_id = shop->merchant.id;
            a.merchant_name_ko = shop->merchant.name_ko;
            a.merchant_name_en = shop->merchant.name_en;
        }
        return a;
    }

    DemoSeedSummary Summary() const {
        DemoSeedSummary s;
        s.seeded = true;
        s.seed = seed_;
        s.password = std::string(kDemoPassword);
        s.users = static_cast<int>(people_.size());
        s.operator_admins = 1;
        s.customers = static_cast<int>(customers_.size());
        std::set<std::size_t> owners;
        std::set<std::string_view> districts, industries;
        for (const Shop& shop : shops_) {
            owners.insert(shop.owner);
            s.staff += static_cast<int>(shop.staff.size());
            switch (shop.merchant.status) {
                case MerchantStatus::kApproved:
                    ++s.approved;
                    districts.insert(shop.merchant.district_code);
                    industries.insert(shop.merchant.industry_code);
                    break;
                case MerchantStatus::kApplied: ++s.pending; break;
                case MerchantStatus::kRejected: ++s.rejected; break;
                case MerchantStatus::kSuspended: ++s.suspended; break;
                case MerchantStatus::kClosed: break;
            }
        }
        s.owners = static_cast<int>(owners.size());
        s.districts = static_cast<int>(districts.size());
        s.industries = static_cast<int>(industries.size());
        s.admin = Account(admin_);
        // The owner (of this one merchant only) and a staff member of a merchant that has always been
        // open, and the first customer.
        std::set<std::size_t> with_second_shop;
        for (const Shop& shop : shops_) {
            if (shop.second_shop) with_second_shop.insert(shop.owner);
        }
        for (const Shop& shop : shops_) {
            if (shop.fate == Fate::kApprove && !with_second_shop.contains(shop.owner) && !shop.staff.empty() &&
                shop.merchant.status == MerchantStatus::kApproved) {
                s.owner = Account(shop.owner, &shop);
                s.staff_member = Account(shop.staff.front(), &shop);
                break;
            }
        }
        if (!customers_.empty()) s.customer = Account(customers_.front());
        return s;
    }

    const Region& region_;
    const std::string hash_;
    const std::uint64_t seed_;
    Dice dice_;
    core::SeededRandom ids_;
    core::ManualClock clock_;
    UserService users_;
    MerchantService merchants_;
    MembershipService members_;
    OperatorAdminService admins_;
    std::vector<DemoDistrict> districts_;
    std::vector<DemoIndustry> industries_;
    std::vector<int> district_weights_, industry_weights_, family_weights_;
    std::vector<Person> people_;
    std::vector<Shop> shops_;
    std::vector<std::size_t> customers_;
    std::size_t admin_ = 0;
    std::set<std::string, std::less<>> emails_, mobiles_, business_numbers_, names_;
};

}  // namespace

core::Result<DemoSeedSummary> DemoSeeder::Seed(std::uint64_t seed) {
    JANGTEO_TRY(store::Rows existing, db_.Read([](store::Tx& tx) { return tx.Query(kCountExisting); }));
    DemoSeedSummary summary;
    summary.existing_users = existing[0].Int(0);
    summary.existing_merchants = existing[0].Int(1);
    if (summary.existing_users > 0 || summary.existing_merchants > 0) return summary;

    // The industry list is only read: the clock and ids given here are never used.
    core::ManualClock unused_clock(core::FromUnixMicros(kDemoStartUs));
    core::SeededRandom unused_random(seed);
    JANGTEO_TRY(std::vector<Industry> industries, IndustryService(db_, unused_clock, unused_random).ListIndustries());
    if (industries.empty()) {
        return core::Error::FailedPrecondition("no_industries", "the operator's industry list is empty");
    }
    if (region_.districts.empty()) {
        return core::Error::FailedPrecondition("no_districts", "the region has no districts");
    }
    // One hash for every demo account: production hashing costs tens of milliseconds per account.
    JANGTEO_TRY(std::string hash, hasher_.Hash(kDemoPassword));
    DemoRun run(db_, region_, hasher_, std::move(hash), seed, industries);
    return run.Run();
}

core::Result<std::optional<UserId>> DemoSeeder::DemoAdmin() {
    JANGTEO_TRY(store::Rows rows, db_.Read([](store::Tx& tx) { return tx.Query(kFindDemoAdmin, {kDemoAdminEmail}); }));
    if (rows.empty()) return std::optional<UserId>();
    return std::optional<UserId>(UserId(rows[0].Int(0)));
}

}  // namespace jangteo::platform

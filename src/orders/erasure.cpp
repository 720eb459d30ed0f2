#include "orders/erasure.hpp"

#include <map>
#include <vector>

namespace jangteo::orders {

namespace {

constexpr store::Sql kStripCheckouts{"orders.strip_buyer_checkouts",
                                     "UPDATE orders_checkouts SET email = '', name = '', phone = ''"
                                     " WHERE user_id = $1"};
constexpr store::Sql kAddressesOf{"orders.buyer_addresses",
                                  "SELECT DISTINCT road_address FROM orders_orders WHERE customer_user_id = $1"};
// One statement per distinct address (a buyer has a handful), not per order.
constexpr store::Sql kStripOrders{
    "orders.strip_buyer_orders",
    "UPDATE orders_orders SET customer_email = '', customer_name = '', customer_phone = '', recipient = '',"
    " recipient_phone = '', postal_code = '', road_address = $3, address_detail = '', delivery_note = '',"
    " updated_at_us = $4 WHERE customer_user_id = $1 AND road_address = $2"};

std::vector<std::string_view> Words(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
        if (i > start) out.push_back(text.substr(start, i - start));
    }
    return out;
}

bool EndsWith(std::string_view word, std::string_view tail) {
    return word.size() > tail.size() && word.substr(word.size() - tail.size()) == tail;
}

// 특별시, 광역시, 특별자치시, 도, 특별자치도 and their short forms (부산, 경기, 제주 …).
bool IsProvince(std::string_view word) {
    static constexpr std::string_view kShort[] = {"서울", "부산", "대구", "인천", "광주", "대전",
                                                  "울산", "세종", "경기", "강원", "충북", "충남",
                                                  "전북", "전남", "경북", "경남", "제주"};
    for (auto s : kShort) {
        if (word == s) return true;
    }
    return EndsWith(word, "시") || EndsWith(word, "도");
}

bool IsDistrict(std::string_view word) {
    return EndsWith(word, "구") || EndsWith(word, "군") || EndsWith(word, "시");
}

}  // namespace

std::string DistrictOf(std::string_view road_address) {
    const std::vector<std::string_view> words = Words(road_address);
    std::vector<std::string_view> kept;
    std::size_t i = 0;
    if (i < words.size() && IsProvince(words[i]) && !EndsWith(words[i], "구") && !EndsWith(words[i], "군")) {
        kept.push_back(words[i++]);
    }
    // 시 then 구 (수원시 영통구), or one 시, 군 or 구.
    if (i < words.size() && IsDistrict(words[i]) && !EndsWith(words[i], "로") && !EndsWith(words[i], "길")) {
        kept.push_back(words[i]);
        if (EndsWith(words[i], "시") && i + 1 < words.size() && EndsWith(words[i + 1], "구"))
            kept.push_back(words[i + 1]);
    }
    // A metropolitan city with no district word after it (세종) keeps just the city; nothing readable
    // keeps nothing.
    std::string out;
    for (auto w : kept) {
        if (!out.empty()) out.push_back(' ');
        out += w;
    }
    return out;
}

core::Result<StrippedBuyer> StripBuyerInTx(store::Tx& tx, platform::UserId user, core::TimePoint now) {
    StrippedBuyer out;
    JANGTEO_TRY(out.checkouts, tx.Exec(kStripCheckouts, {user.key()}));
    JANGTEO_TRY(store::Rows addresses, tx.Query(kAddressesOf, {user.key()}));
    const std::int64_t at = core::ToUnixMicros(now);
    for (std::size_t i = 0; i < addresses.size(); ++i) {
        const std::string address = addresses[i].Text(0);
        const std::string district = DistrictOf(address);
        JANGTEO_TRY(std::int64_t n,
                    tx.Exec(kStripOrders, {user.key(), std::string_view(address), std::string_view(district), at}));
        out.orders += n;
    }
    return out;
}

}  // namespace jangteo::orders

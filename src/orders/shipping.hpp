// Delivery fees. Each merchant sets a flat fee, an optional order subtotal from which delivery is
// free, and surcharges for Jeju and for the other islands (도서산간 지역), which Korean carriers bill
// on top of the normal fee. The checkout flow computes one order's fee with ShippingFee from the
// merchant's rules, the order's subtotal and the delivery postal code; a pickup costs nothing and
// does not ask (the flow decides).
//
//   orders::ShippingService shipping(db, clock);
//   JANGTEO_TRY(orders::ShippingRules rules, shipping.Get(merchant));
//   JANGTEO_TRY(core::Money fee, orders::ShippingFee(rules, subtotal, address.postal_code));
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::orders {

// Where a postal code lies, for the carriers' surcharges.
enum class RemoteArea { kMainland, kJeju, kIsland };
std::string_view RemoteAreaName(RemoteArea area);  // "mainland", "jeju", "island"

// The area of a 5-digit postal code (the 2015 codes). The table follows the ranges that Korean
// carriers and the large marketplaces publish as 도서산간 for their surcharges:
//   Jeju 63000–63644 (the whole province, its own islands included);
//   islands: Incheon Jung-gu 22386–22388 (무의도 and its neighbours), Ganghwa's islands 23004–23010
//   (교동·삼산·서도), Ongjin-gun 23100–23116 and 23124–23136, Dangjin 31708, Taean 32133, Boryeong 33411,
//   Ulleung-gun 40200–40240, Busan Gangseo's islands 46768–46771, Sacheon 52570–52571, Tongyeong
//   53031–53033 and 53089–53104, Gunsan 54000, Buan 56347–56349, Yeonggwang 57068–57069, Mokpo
//   58760–58762, Sinan 58800–58810, 58816–58818, 58826 and 58828–58866, Jindo 58953–58958, Wando
//   59102–59103, 59106, 59127, 59129 and 59137–59166, Yeosu 59650, 59766 and 59781–59790.
// Carriers differ in the details (some add Geoje's or Goheung's islands); the table is data in
// shipping.cpp and can be extended. Anything that is not a listed 5-digit code is kMainland.
RemoteArea AreaOf(std::string_view postal_code);

// The default rules of a merchant that has set none: 3,000원 flat, free from 50,000원, Jeju +3,000원,
// other islands +5,000원 (what small Korean online shops commonly charge).
inline constexpr std::int64_t kDefaultFlatFeeWon = 3'000;
inline constexpr std::int64_t kDefaultFreeOverWon = 50'000;
inline constexpr std::int64_t kDefaultJejuSurchargeWon = 3'000;
inline constexpr std::int64_t kDefaultIslandsSurchargeWon = 5'000;
// Every amount of the rules is from 0 to this.
inline constexpr std::int64_t kMaxShippingAmountWon = 1'000'000;

struct ShippingRules {
    platform::MerchantId merchant;
    core::Money flat_fee = core::Money::Won(kDefaultFlatFeeWon);
    std::optional<core::Money> free_over = core::Money::Won(kDefaultFreeOverWon);  // nullopt: never free
    core::Money jeju_surcharge = core::Money::Won(kDefaultJejuSurchargeWon);
    core::Money islands_surcharge = core::Money::Won(kDefaultIslandsSurchargeWon);
    // 0 while the merchant has the defaults (no row); Set expects the version it read.
    std::int64_t version = 0;
    std::optional<core::TimePoint> updated_at;
};

struct ShippingRulesInput {
    std::int64_t flat_fee_won = kDefaultFlatFeeWon;
    std::optional<std::int64_t> free_over_won = kDefaultFreeOverWon;
    std::int64_t jeju_surcharge_won = kDefaultJejuSurchargeWon;
    std::int64_t islands_surcharge_won = kDefaultIslandsSurchargeWon;
};

// The delivery fee of an order: the flat fee, or nothing when the rules have a free_over and the
// subtotal reaches it; plus the surcharge of the postal code's area in every case, because carriers
// bill the island surcharge even for parcels the shop sends free.
core::Result<core::Money> ShippingFee(const ShippingRules& rules, core::Money subtotal, std::string_view postal_code);

// Thread-safe: holds references only.
class ShippingService {
public:
    ShippingService(store::Db& db, core::Clock& clock) : db_(db), clock_(clock) {}

    // The merchant's rules, or the defaults (version 0) when it has set none.
    core::Result<ShippingRules> Get(platform::MerchantId merchant);
    core::Result<ShippingRules> GetInTx(store::Tx& tx, platform::MerchantId merchant);
    // The rules of several merchants at once (a cart's), in the order given, defaults where none.
    core::Result<std::vector<ShippingRules>> ManyInTx(store::Tx& tx, std::span<const platform::MerchantId> merchants);

    // Replaces the merchant's rules. `expected_version` is the version read (0 for the defaults):
    // kConflict "version_changed" when someone saved meanwhile. Amounts out of 0..1,000,000 won:
    // kInvalidArgument "invalid_shipping_rules" with a field error each (flat_fee_won, free_over_won,
    // jeju_surcharge_won, islands_surcharge_won: "out_of_range").
    core::Result<ShippingRules> Set(platform::MerchantId merchant, const ShippingRulesInput& input,
                                    std::int64_t expected_version);

private:
    store::Db& db_;
    core::Clock& clock_;
};

}  // namespace jangteo::orders

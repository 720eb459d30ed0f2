// What an order keeps of its buyer after the buyer asked for their data to be erased (docs/privacy.md).
// Korean e-commerce law (전자상거래법 §6 and 시행령 §6) has the seller keep the records of a contract and
// its withdrawal, of payment and of delivery for five years, and of complaints and disputes for three:
// the amounts, the lines, the dates, the payment method and status and the status history stay. What
// names the person goes: the buyer's name, e-mail and phone, the recipient and their phone, the postal
// code, the address beyond its district (시·군·구), the address detail and the courier note.
//
//   // in the erasure flow's transaction:
//   JANGTEO_TRY(orders::StrippedBuyer stripped, orders::StripBuyerInTx(tx, user, clock.Now()));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::orders {

struct StrippedBuyer {
    std::int64_t checkouts = 0;
    std::int64_t orders = 0;
};

// The district part of a Korean road-name address: the province or metropolitan city and the
// 시·군·구 ("부산광역시 해운대구 해운대해변로 264" → "부산광역시 해운대구"; "경기도 수원시 영통구 …" →
// "경기도 수원시 영통구"; "세종특별자치시 한누리대로 2130" → "세종특별자치시"). "" when no district can be
// read: then nothing of the address is kept.
std::string DistrictOf(std::string_view road_address);

// Strips the buyer data of every checkout and order of `user` (see above), in the caller's
// transaction; answers how many were stripped. Orders stay the user's (their user id stays), so the
// account's order list and the merchants' books still add up.
core::Result<StrippedBuyer> StripBuyerInTx(store::Tx& tx, platform::UserId user, core::TimePoint now);

}  // namespace jangteo::orders

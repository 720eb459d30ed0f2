// How a customer pays: the one list that the orders, their payments and the flows share.
#pragma once

#include <optional>
#include <string_view>

namespace jangteo::orders {

// bank_transfer (무통장입금: to the merchant's account, confirmed by its staff), card (through a
// gateway), pay_at_pickup (cash or card at the shop) and cash_on_delivery.
enum class PaymentMethod { kBankTransfer, kCard, kPayAtPickup, kCashOnDelivery };
// "bank_transfer", "card", "pay_at_pickup", "cash_on_delivery": the stored and the API form.
std::string_view PaymentMethodName(PaymentMethod method);
std::optional<PaymentMethod> ParsePaymentMethod(std::string_view name);
// Paid at the end (at the counter or to the courier) rather than before the merchant prepares.
bool IsDeferred(PaymentMethod method);

}  // namespace jangteo::orders

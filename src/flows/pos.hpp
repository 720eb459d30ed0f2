// The counter's use cases, over the catalog (what a scanned code is, its shop price), inventory (the
// location's stock) and channels (the sale, its exceptions): recording a sale, a return or a void as
// one transaction; a batch of up to 1,000 queued sales from a device that was offline; the devices
// themselves (API keys bound to a location); and the price list a POS keeps for selling offline.
//
// A sale that reaches the platform has already happened. It moves its location's stock in the same
// ledger as web sales, even below zero (the row is then flagged for a count); a code that names no
// variant, or a price off the shop price list, is recorded as an exception, never dropped. A sale is
// idempotent by the id its device made: sending it again answers the first result and changes nothing.
// A sale with a customer's phone or card also records the customer, the purchase and its points
// (flows/customer_flows.hpp) in the same transaction; a points tender the balance cannot cover is
// kept as a points_short exception, and nothing is taken.
//
//   JANGTEO_TRY(flows::SaleOutcome out, pos.Record(merchant, caller, raw));   // out.created, out.sale
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "catalog/sellable.hpp"
#include "channels/pos_sale.hpp"
#include "channels/sales_import.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "flows/customer_flows.hpp"
#include "inventory/location.hpp"
#include "inventory/stock.hpp"
#include "platform/api_key.hpp"
#include "store/db.hpp"

namespace jangteo::flows {

// Who reports a sale: a device (an API key, bound to a location or not) or a person at the web POS.
struct PosCaller {
    std::optional<platform::ApiKeyId> api_key;
    std::optional<std::int64_t> key_location;  // a device key's location: its sales are there only
    std::optional<platform::UserId> user;
    std::string user_name;  // the web POS's cashier when the sale names none
};

struct SaleOutcome {
    bool created = false;  // false: the same sale was already recorded, and this is its first result
    channels::PosSale sale;
    std::vector<std::int64_t> count_flagged;  // variants whose on_hand this sale drove below zero
};

// One sale of a batch: its outcome or why it was refused.
struct BatchResult {
    std::optional<SaleOutcome> outcome;
    std::optional<core::Error> error;
};

// A variant as a POS sells it offline.
struct PosItem {
    catalog::VariantId variant;
    std::string sku;
    std::string barcode;
    std::string title_ko;
    std::string title_en;
    core::json::object options;
    std::int64_t shop_price_won = 0;  // now, for one unit
    std::int64_t on_hand = 0;         // at the location
    bool vat_exempt = false;          // taxable: 10% VAT is inside the price
};

struct PosItemPage {
    std::vector<PosItem> items;  // by SKU
    std::optional<std::string> next_after;
};

// A device key with its location's name.
struct PosDevice {
    platform::ApiKey key;
    std::string location_name;
};

// Thread-safe: holds references only.
class PosFlows {
public:
    // `customers`, when given, records what each sale does to its customer (flows/customer_flows.hpp).
    PosFlows(store::Db& db, core::Clock& clock, core::Random& random, channels::PosSaleStore& sales,
             inventory::StockService& stock, inventory::LocationService& locations, platform::ApiKeyService& keys,
             CustomerFlows* customers = nullptr)
        : db_(db),
          clock_(clock),
          random_(random),
          sales_(sales),
          stock_(stock),
          locations_(locations),
          keys_(keys),
          customers_(customers),
          importer_(db, clock, random) {}

    // The checks of a sale's fields alone, at the server's time (a route merges them with its own).
    core::Result<channels::SaleInput> Check(const channels::RawSale& raw) {
        return channels::CheckSale(raw, clock_.Now());
    }

    // Records one sale, return or void. Errors: kInvalidArgument "invalid_sale" (fields), "sale_id_reused"
    // (the id was used for another sale), "unknown_location", "unknown_sale" (a return of no recorded sale);
    // kPermissionDenied "wrong_location" (a device key's sale for another location); kFailedPrecondition
    // "return_exceeds_sale", "already_voided", "not_voidable".
    core::Result<SaleOutcome> Record(platform::MerchantId merchant, const PosCaller& caller,
                                     const channels::RawSale& raw);
    // Records sales in their order, each on its own: one refused keeps the others. Transactions of at
    // most 100 sales. kInvalidArgument "too_many_sales" beyond kMaxBatchSales (nothing recorded).
    core::Result<std::vector<BatchResult>> RecordBatch(platform::MerchantId merchant, const PosCaller& caller,
                                                       std::span<const channels::RawSale> raws);

    // The variants of the merchant's products that are not archived (a draft is not on the web yet, but may
    // well be on the shelf), by SKU after `after_sku`, with the shop price and the
    // stock at `location` (one of the merchant's: kNotFound otherwise).
    core::Result<PosItemPage> Items(platform::MerchantId merchant, inventory::LocationId location,
                                    std::string_view after_sku, int limit);

    // Device keys: made by an owner for one of the merchant's active locations (kInvalidArgument
    // "invalid_device" with field location_id otherwise), holding the scope "pos" only.
    core::Result<platform::NewApiKey> CreateDevice(platform::MerchantId merchant, platform::UserId owner,
                                                   std::string_view name, inventory::LocationId location,
                                                   std::string_view client_address);
    core::Result<std::vector<PosDevice>> Devices(platform::MerchantId merchant);

    // Legacy counter sales of one of the merchant's locations from CSV (channels/sales_import.hpp), their
    // codes matched to the merchant's variants by SKU or barcode. kInvalidArgument "unknown_location"
    // (field location_id) for a location that is not the merchant's.
    core::Result<channels::SalesImportSummary> ImportSales(platform::MerchantId merchant,
                                                           inventory::LocationId location, std::string_view bytes,
                                                           channels::SalesImportOptions options);

private:
    core::Result<SaleOutcome> RecordInTx(store::Tx& tx, platform::MerchantId merchant, const PosCaller& caller,
                                         const channels::SaleInput& in, std::int64_t location_key);
    core::Result<std::int64_t> LocationOf(platform::MerchantId merchant, const PosCaller& caller,
                                          const channels::SaleInput& in);

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    channels::PosSaleStore& sales_;
    inventory::StockService& stock_;
    inventory::LocationService& locations_;
    platform::ApiKeyService& keys_;
    CustomerFlows* customers_;
    channels::SalesImporter importer_;
};

}  // namespace jangteo::flows

// Sales at the counter (POS): what a device or the web POS reports, checked and stored as it happened.
// A counter sale is a fact — the goods have left — so nothing here refuses it for stock or for an
// unknown code; what looks wrong (a code that names no variant, a price off the shop price list)
// becomes an exception for the back office. What is refused is a report that cannot be a sale: no
// lines, payments that do not add up to the total, a return of more than was sold.
//
// The flows (src/flows/pos.*) resolve codes to variants and prices and move stock; this file has the
// types, the checks that need nothing but the input, and the repository of the channels_pos_* tables.
//
//   JANGTEO_TRY(channels::SaleInput in, channels::CheckSale(parsed, now));   // field errors at once
//   JANGTEO_TRY(auto existing, sales.FindByClientIdInTx(tx, merchant, in.client_id));
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "channels/ids.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"
#include "store/migration.hpp"

namespace jangteo::channels {

// The module's schema migrations (schema/*.sql), compiled in.
std::span<const store::Migration> SchemaMigrations();

enum class SaleKind { kSale, kReturn, kVoid };
std::string_view SaleKindName(SaleKind kind);
std::optional<SaleKind> ParseSaleKind(std::string_view name);

enum class TenderMethod { kCash, kCard, kTransfer, kPoints };
std::string_view TenderMethodName(TenderMethod method);
std::optional<TenderMethod> ParseTenderMethod(std::string_view name);
inline constexpr TenderMethod kTenderMethods[] = {TenderMethod::kCash, TenderMethod::kCard, TenderMethod::kTransfer,
                                                  TenderMethod::kPoints};

// Who reported a sale.
enum class SaleSource { kDevice, kWebPos, kImport };
std::string_view SaleSourceName(SaleSource source);

inline constexpr std::size_t kMaxBatchSales = 1000;
inline constexpr std::size_t kMaxSaleLines = 200;
inline constexpr std::size_t kMaxPayments = 10;
inline constexpr std::size_t kMaxClientSaleIdBytes = 64;
inline constexpr std::size_t kMaxCodeBytes = 64;
inline constexpr std::size_t kMaxReceiptNoCodePoints = 40;
inline constexpr std::size_t kMaxCashierCodePoints = 50;
inline constexpr std::size_t kMaxLineTitleCodePoints = 200;
inline constexpr std::size_t kMaxCardNoBytes = 40;
inline constexpr std::int64_t kMaxLineQuantity = 100'000;
// A unit price or an amount: at most 1,000,000,000 won (a counter does not sell more at once).
inline constexpr std::int64_t kMaxAmountWon = 1'000'000'000;
// A device's clock may run ahead a little; a sale further in the future is a wrong clock, refused.
inline constexpr std::chrono::minutes kMaxClockAhead{10};

struct SaleLineInput {
    std::string code;                 // SKU or barcode as scanned or typed
    std::int64_t quantity = 0;        // > 0
    std::int64_t unit_price_won = 0;  // what was charged per unit, before the line's discount
    std::int64_t discount_won = 0;    // off the line
    std::string title;                // what the counter called it (for an unknown code)
};

struct Tender {
    TenderMethod method = TenderMethod::kCash;
    std::int64_t amount_won = 0;  // > 0
};

// A sale as reported, after CheckSale: trimmed, the phone number normalised.
struct SaleInput {
    std::string client_id;  // made by the device: [A-Za-z0-9._:-], 1..64
    SaleKind kind = SaleKind::kSale;
    std::string original_client_id;            // return, void: the sale it refers to
    std::optional<std::int64_t> location_key;  // as the body names it (a device key fixes it)
    std::string receipt_no;
    core::TimePoint sold_at;
    std::string cashier;         // the staff member's name or number at the counter
    std::string customer_phone;  // 010-1234-5678, or ""
    std::string customer_card;   // a membership card number, or ""
    std::vector<SaleLineInput> lines;
    std::int64_t discount_won = 0;  // off the whole sale
    std::vector<Tender> payments;   // add up to the total (a return: what was paid back)
    bool restock = true;            // a return: the goods go back on hand
};

// The raw fields of a sale as a parser read them; CheckSale validates them all at once.
struct RawSale {
    std::string client_id;
    std::string kind = "sale";
    std::string original_client_id;
    std::optional<std::int64_t> location_key;
    std::string receipt_no;
    std::string sold_at;  // RFC 3339
    std::string cashier;
    std::string customer_phone;
    std::string customer_card;
    std::vector<SaleLineInput> lines;
    std::int64_t discount_won = 0;
    std::vector<std::pair<std::string, std::int64_t>> payments;  // method, amount
    bool restock = true;
};

// Field errors for everything a sale's fields alone can show, named as in the JSON body (sale_id,
// lines[2].quantity, payments, …): kInvalidArgument "invalid_sale".
core::Result<SaleInput> CheckSale(const RawSale& raw, core::TimePoint now);

// A line's amount: quantity × unit price − its discount (CheckSale keeps it within 0..kMaxAmountWon).
std::int64_t LineAmount(const SaleLineInput& line);
// Σ line amounts − the sale's discount.
std::int64_t SaleTotal(const SaleInput& sale);

// The identity of a sale's content: a second upload with the same id and the same fingerprint is the
// same sale; the same id with another fingerprint is a device bug, refused.
std::string SaleFingerprint(const SaleInput& sale, std::int64_t location_key);

struct SaleLine {
    int line_no = 0;
    std::string code;
    std::optional<std::int64_t> variant_key;
    std::string sku;
    std::string title;
    std::int64_t quantity = 0;
    std::int64_t unit_price_won = 0;
    std::optional<std::int64_t> list_price_won;
    std::int64_t discount_won = 0;
    std::int64_t amount_won = 0;
    std::int64_t returned_quantity = 0;
};

struct PosSale {
    PosSaleId id;
    platform::MerchantId merchant;
    std::int64_t location_key = 0;
    std::string client_id;
    std::string fingerprint;
    SaleKind kind = SaleKind::kSale;
    std::optional<PosSaleId> original;
    std::string original_client_id;  // when read
    SaleSource source = SaleSource::kDevice;
    std::optional<std::int64_t> api_key;
    std::optional<platform::UserId> user;
    std::string cashier;
    std::string receipt_no;
    std::string customer_phone;
    std::string customer_card;
    std::int64_t subtotal_won = 0;
    std::int64_t discount_won = 0;
    std::int64_t total_won = 0;
    bool restock = true;
    core::TimePoint sold_at;
    core::TimePoint received_at;
    std::optional<PosSaleId> voided_by;
    int exception_count = 0;
    std::vector<SaleLine> lines;
    std::vector<Tender> payments;
};

// points_short: a "points" tender the customer's balance could not cover (or under the merchant's
// minimum); the sale stands and no points were taken (line_no 0, code "points", charged_won the
// points tendered, expected_won the balance there was).
enum class ExceptionKind { kUnknownItem, kPriceMismatch, kPointsShort };
std::string_view ExceptionKindName(ExceptionKind kind);

struct PosException {
    PosExceptionId id;
    std::int64_t location_key = 0;
    PosSaleId sale;
    std::string sale_client_id;  // when read
    std::string receipt_no;      // when read
    int line_no = 0;
    ExceptionKind kind = ExceptionKind::kUnknownItem;
    std::string code;
    std::string title;  // the line's
    std::optional<std::int64_t> variant_key;
    std::int64_t quantity = 0;
    std::optional<std::int64_t> expected_won;  // the shop price
    std::int64_t charged_won = 0;
    bool open = true;
    core::TimePoint raised_at;
    std::optional<core::TimePoint> resolved_at;
    std::optional<platform::UserId> resolved_by;
    std::string resolution_note;
};

struct SaleListQuery {
    std::optional<std::int64_t> location_key;
    std::optional<core::TimePoint> from;                          // sold at or after
    std::optional<core::TimePoint> to;                            // sold before
    std::string receipt_no;                                       // exact, or ""
    std::string customer_phone;                                   // normalised (010-1234-5678), or ""
    std::optional<std::pair<std::int64_t, std::int64_t>> before;  // cursor: (sold_at_us, id)
    int limit = 50;
};

struct SalePage {
    std::vector<PosSale> items;  // newest first, with lines and payments
    std::optional<std::pair<std::int64_t, std::int64_t>> next_before;
};

// The repository of counter sales and their exceptions. Thread-safe: holds references only.
class PosSaleStore {
public:
    PosSaleStore(store::Db& db, core::Clock& clock, core::Random& random) : db_(db), clock_(clock), random_(random) {}

    // The merchant's sale with this client id, with its lines and payments.
    core::Result<std::optional<PosSale>> FindByClientIdInTx(store::Tx& tx, platform::MerchantId merchant,
                                                            std::string_view client_id);
    core::Result<PosSale> GetInTx(store::Tx& tx, platform::MerchantId merchant, PosSaleId id);
    core::Result<PosSale> Get(platform::MerchantId merchant, PosSaleId id);
    // Inserts the sale with its lines and payments (the id, totals and times set by the caller).
    // kAlreadyExists "sale_exists" when its client id is taken (a concurrent upload of the same sale).
    core::Status InsertInTx(store::Tx& tx, const PosSale& sale);
    // A return took `quantity` of `line_no` back: kFailedPrecondition "return_exceeds_sale" beyond it.
    core::Status AddReturnedInTx(store::Tx& tx, PosSaleId sale, int line_no, std::int64_t quantity);
    // The sale is voided by `by` (once: kFailedPrecondition "already_voided").
    core::Status MarkVoidedInTx(store::Tx& tx, PosSaleId sale, PosSaleId by);
    core::Status InsertExceptionInTx(store::Tx& tx, platform::MerchantId merchant, const PosException& e);
    // Counts exceptions raised after the sale was written (points_short) on the sale.
    core::Status AddExceptionCountInTx(store::Tx& tx, PosSaleId sale, int added);

    core::Result<SalePage> List(platform::MerchantId merchant, const SaleListQuery& query);

    // Open ones (or all) of the merchant, oldest first, at a location or all; keyset by id order of
    // raising: `after` is the last (raised_at_us, id) seen.
    core::Result<std::vector<PosException>> Exceptions(platform::MerchantId merchant, bool open_only,
                                                       std::optional<std::int64_t> location_key,
                                                       std::optional<std::pair<std::int64_t, std::int64_t>> after,
                                                       int limit);
    // Marks an open exception resolved with a note; kNotFound for another merchant's or an unknown one,
    // kFailedPrecondition "already_resolved".
    core::Result<PosException> ResolveException(platform::MerchantId merchant, PosExceptionId id, platform::UserId by,
                                                std::string_view note);

private:
    core::Status LoadDetails(store::Tx& tx, std::span<PosSale> sales);

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace jangteo::channels

#include "channels/pos_sale.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "core/validate.hpp"
#include "platform/idempotency.hpp"

namespace jangteo::channels {

namespace {

constexpr store::Sql kFindByClientId{
    "channels.find_pos_sale_by_client_id",
    "SELECT s.id, s.merchant_id, s.location_id, s.client_sale_id, s.fingerprint, s.kind, s.original_id,"
    " o.client_sale_id, s.source, s.api_key_id, s.user_id, s.cashier, s.receipt_no, s.customer_phone,"
    " s.customer_card, s.subtotal_won, s.discount_won, s.total_won, s.restock, s.sold_at_us, s.received_at_us,"
    " s.voided_by, s.exception_count FROM channels_pos_sales s LEFT JOIN channels_pos_sales o ON o.id = s.original_id"
    " WHERE s.merchant_id = $1 AND s.client_sale_id = $2"};
constexpr store::Sql kGetSale{
    "channels.get_pos_sale",
    "SELECT s.id, s.merchant_id, s.location_id, s.client_sale_id, s.fingerprint, s.kind, s.original_id,"
    " o.client_sale_id, s.source, s.api_key_id, s.user_id, s.cashier, s.receipt_no, s.customer_phone,"
    " s.customer_card, s.subtotal_won, s.discount_won, s.total_won, s.restock, s.sold_at_us, s.received_at_us,"
    " s.voided_by, s.exception_count FROM channels_pos_sales s LEFT JOIN channels_pos_sales o ON o.id = s.original_id"
    " WHERE s.merchant_id = $1 AND s.id = $2"};
constexpr store::Sql kListSales{
    "channels.list_pos_sales",
    "SELECT s.id, s.merchant_id, s.location_id, s.client_sale_id, s.fingerprint, s.kind, s.original_id,"
    " o.client_sale_id, s.source, s.api_key_id, s.user_id, s.cashier, s.receipt_no, s.customer_phone,"
    " s.customer_card, s.subtotal_won, s.discount_won, s.total_won, s.restock, s.sold_at_us, s.received_at_us,"
    " s.voided_by, s.exception_count FROM channels_pos_sales s LEFT JOIN channels_pos_sales o ON o.id = s.original_id"
    " WHERE s.merchant_id = $1 AND (s.location_id = $2 OR $2 = 0) AND s.sold_at_us >= $3 AND s.sold_at_us < $4"
    " AND (s.receipt_no = $5 OR $5 = '') AND (s.sold_at_us < $6 OR (s.sold_at_us = $6 AND s.id < $7))"
    " AND (s.customer_phone = $8 OR $8 = '') ORDER BY s.sold_at_us DESC, s.id DESC LIMIT $9"};
constexpr store::Sql kLinesSqlite{
    "channels.pos_sale_lines",
    "SELECT sale_id, line_no, code, variant_id, sku, title, quantity, unit_price_won, list_price_won, discount_won,"
    " amount_won, returned_quantity FROM channels_pos_sale_lines WHERE sale_id IN (SELECT value FROM json_each($1))"
    " ORDER BY sale_id, line_no"};
constexpr store::Sql kLinesPostgres{
    "channels.pos_sale_lines",
    "SELECT sale_id, line_no, code, variant_id, sku, title, quantity, unit_price_won, list_price_won, discount_won,"
    " amount_won, returned_quantity FROM channels_pos_sale_lines"
    " WHERE sale_id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb)) ORDER BY sale_id, line_no"};
constexpr store::Sql kPaymentsSqlite{"channels.pos_sale_payments",
                                     "SELECT sale_id, position, method, amount_won FROM channels_pos_payments"
                                     " WHERE sale_id IN (SELECT value FROM json_each($1)) ORDER BY sale_id, position"};
constexpr store::Sql kPaymentsPostgres{
    "channels.pos_sale_payments",
    "SELECT sale_id, position, method, amount_won FROM channels_pos_payments"
    " WHERE sale_id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb)) ORDER BY sale_id, position"};
constexpr store::Sql kInsertSale{
    "channels.insert_pos_sale",
    "INSERT INTO channels_pos_sales (id, merchant_id, location_id, client_sale_id, fingerprint, kind, original_id,"
    " source, api_key_id, user_id, cashier, receipt_no, customer_phone, customer_card, subtotal_won, discount_won,"
    " total_won, restock, sold_at_us, received_at_us, exception_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
    " $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) ON CONFLICT (merchant_id, client_sale_id) DO "
    "NOTHING"};
constexpr store::Sql kInsertLine{
    "channels.insert_pos_sale_line",
    "INSERT INTO channels_pos_sale_lines (sale_id, line_no, merchant_id, code, variant_id, sku, title, quantity,"
    " unit_price_won, list_price_won, discount_won, amount_won) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
    " $11, $12)"};
constexpr store::Sql kInsertPayment{"channels.insert_pos_payment",
                                    "INSERT INTO channels_pos_payments (sale_id, position, merchant_id, method,"
                                    " amount_won) VALUES ($1, $2, $3, $4, $5)"};
constexpr store::Sql kAddReturned{"channels.add_returned_quantity",
                                  "UPDATE channels_pos_sale_lines SET returned_quantity = returned_quantity + $3"
                                  " WHERE sale_id = $1 AND line_no = $2 AND returned_quantity + $3 <= quantity"};
constexpr store::Sql kAddExceptionCount{"channels.add_pos_sale_exception_count",
                                        "UPDATE channels_pos_sales SET exception_count = exception_count + $2"
                                        " WHERE id = $1"};
constexpr store::Sql kMarkVoided{"channels.mark_pos_sale_voided",
                                 "UPDATE channels_pos_sales SET voided_by = $2 WHERE id = $1 AND voided_by IS NULL"};
constexpr store::Sql kInsertException{
    "channels.insert_pos_exception",
    "INSERT INTO channels_pos_exceptions (id, merchant_id, location_id, sale_id, line_no, kind, code, variant_id,"
    " quantity, expected_won, charged_won, state, raised_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
    " 'open', $12)"};
constexpr store::Sql kExceptions{
    "channels.pos_exceptions",
    "SELECT e.id, e.location_id, e.sale_id, s.client_sale_id, s.receipt_no, e.line_no, e.kind, e.code, l.title,"
    " e.variant_id, e.quantity, e.expected_won, e.charged_won, e.state, e.raised_at_us, e.resolved_at_us,"
    " e.resolved_by, e.resolution_note FROM channels_pos_exceptions e"
    " JOIN channels_pos_sales s ON s.id = e.sale_id"
    " LEFT JOIN channels_pos_sale_lines l ON l.sale_id = e.sale_id AND l.line_no = e.line_no"
    " WHERE e.merchant_id = $1 AND (e.state = 'open' OR $2 = 0) AND (e.location_id = $3 OR $3 = 0)"
    " AND (e.raised_at_us > $4 OR (e.raised_at_us = $4 AND e.id > $5)) ORDER BY e.raised_at_us, e.id LIMIT $6"};
constexpr store::Sql kGetException{
    "channels.get_pos_exception",
    "SELECT e.id, e.location_id, e.sale_id, s.client_sale_id, s.receipt_no, e.line_no, e.kind, e.code, l.title,"
    " e.variant_id, e.quantity, e.expected_won, e.charged_won, e.state, e.raised_at_us, e.resolved_at_us,"
    " e.resolved_by, e.resolution_note FROM channels_pos_exceptions e"
    " JOIN channels_pos_sales s ON s.id = e.sale_id"
    " LEFT JOIN channels_pos_sale_lines l ON l.sale_id = e.sale_id AND l.line_no = e.line_no"
    " WHERE e.merchant_id = $1 AND e.id = $2"};
constexpr store::Sql kResolveException{
    "channels.resolve_pos_exception",
    "UPDATE channels_pos_exceptions SET state = 'resolved', resolved_at_us = $3, resolved_by = $4,"
    " resolution_note = $5 WHERE merchant_id = $1 AND id = $2 AND state = 'open'"};

const store::Sql& Pick(store::Tx& tx, const store::Sql& sqlite, const store::Sql& postgres) {
    return tx.dialect() == store::Dialect::kSqlite ? sqlite : postgres;
}

store::Value Opt(const std::optional<std::int64_t>& v) {
    return v ? store::Value(*v) : store::Value(nullptr);
}

PosSale SaleFrom(const store::RowView& r) {
    PosSale s;
    s.id = PosSaleId(r.Int(0));
    s.merchant = platform::MerchantId(r.Int(1));
    s.location_key = r.Int(2);
    s.client_id = r.Text(3);
    s.fingerprint = r.Text(4);
    s.kind = ParseSaleKind(r.TextView(5)).value_or(SaleKind::kSale);
    if (!r.IsNull(6)) s.original = PosSaleId(r.Int(6));
    s.original_client_id = r.Text(7);
    std::string_view source = r.TextView(8);
    s.source = source == "web_pos"  ? SaleSource::kWebPos
               : source == "import" ? SaleSource::kImport
                                    : SaleSource::kDevice;
    s.api_key = r.OptInt(9);
    if (!r.IsNull(10)) s.user = platform::UserId(r.Int(10));
    s.cashier = r.Text(11);
    s.receipt_no = r.Text(12);
    s.customer_phone = r.Text(13);
    s.customer_card = r.Text(14);
    s.subtotal_won = r.Int(15);
    s.discount_won = r.Int(16);
    s.total_won = r.Int(17);
    s.restock = r.Bool(18);
    s.sold_at = core::FromUnixMicros(r.Int(19));
    s.received_at = core::FromUnixMicros(r.Int(20));
    if (!r.IsNull(21)) s.voided_by = PosSaleId(r.Int(21));
    s.exception_count = static_cast<int>(r.Int(22));
    return s;
}

PosException ExceptionFrom(const store::RowView& r) {
    PosException e;
    e.id = PosExceptionId(r.Int(0));
    e.location_key = r.Int(1);
    e.sale = PosSaleId(r.Int(2));
    e.sale_client_id = r.Text(3);
    e.receipt_no = r.Text(4);
    e.line_no = static_cast<int>(r.Int(5));
    e.kind = r.TextView(6) == "price_mismatch" ? ExceptionKind::kPriceMismatch
             : r.TextView(6) == "points_short" ? ExceptionKind::kPointsShort
                                               : ExceptionKind::kUnknownItem;
    e.code = r.Text(7);
    e.title = r.Text(8);
    e.variant_key = r.OptInt(9);
    e.quantity = r.Int(10);
    e.expected_won = r.OptInt(11);
    e.charged_won = r.Int(12);
    e.open = r.TextView(13) == "open";
    e.raised_at = core::FromUnixMicros(r.Int(14));
    if (!r.IsNull(15)) e.resolved_at = core::FromUnixMicros(r.Int(15));
    if (!r.IsNull(16)) e.resolved_by = platform::UserId(r.Int(16));
    e.resolution_note = r.Text(17);
    return e;
}

bool IsClientIdChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == ':' || c == '-';
}

bool IsCodeChar(char c) {
    return c > ' ' && c <= '~';
}

// Text a person typed at the counter: trimmed, checked; a field error on failure.
std::string Text(std::string_view value, const std::string& field, std::size_t max, bool required,
                 std::vector<core::FieldError>& errors) {
    auto r = core::NormalizeText(value, field, {.max_code_points = max, .required = required});
    if (r.ok()) return std::move(*r);
    for (auto& f : r.error().fields) errors.push_back(std::move(f));
    return {};
}

}  // namespace

std::string_view SaleKindName(SaleKind kind) {
    switch (kind) {
        case SaleKind::kSale: return "sale";
        case SaleKind::kReturn: return "return";
        case SaleKind::kVoid: return "void";
    }
    return "sale";
}

std::optional<SaleKind> ParseSaleKind(std::string_view name) {
    if (name == "sale") return SaleKind::kSale;
    if (name == "return") return SaleKind::kReturn;
    if (name == "void") return SaleKind::kVoid;
    return std::nullopt;
}

std::string_view TenderMethodName(TenderMethod method) {
    switch (method) {
        case TenderMethod::kCash: return "cash";
        case TenderMethod::kCard: return "card";
        case TenderMethod::kTransfer: return "transfer";
        case TenderMethod::kPoints: return "points";
    }
    return "cash";
}

std::optional<TenderMethod> ParseTenderMethod(std::string_view name) {
    for (TenderMethod m : kTenderMethods) {
        if (TenderMethodName(m) == name) return m;
    }
    return std::nullopt;
}

std::string_view SaleSourceName(SaleSource source) {
    switch (source) {
        case SaleSource::kDevice: return "device";
        case SaleSource::kWebPos: return "web_pos";
        case SaleSource::kImport: return "import";
    }
    return "device";
}

std::string_view ExceptionKindName(ExceptionKind kind) {
    switch (kind) {
        case ExceptionKind::kPriceMismatch: return "price_mismatch";
        case ExceptionKind::kPointsShort: return "points_short";
        case ExceptionKind::kUnknownItem: break;
    }
    return "unknown_item";
}

std::int64_t LineAmount(const SaleLineInput& line) {
    return line.quantity * line.unit_price_won - line.discount_won;
}

std::int64_t SaleTotal(const SaleInput& sale) {
    std::int64_t sum = 0;
    for (const auto& l : sale.lines) sum += LineAmount(l);
    return sum - sale.discount_won;
}

core::Result<SaleInput> CheckSale(const RawSale& raw, core::TimePoint now) {
    std::vector<core::FieldError> errors;
    SaleInput out;
    if (raw.client_id.empty() || raw.client_id.size() > kMaxClientSaleIdBytes ||
        !std::all_of(raw.client_id.begin(), raw.client_id.end(), IsClientIdChar)) {
        errors.push_back({"sale_id", raw.client_id.empty() ? "required" : "invalid_sale_id",
                          "1 to 64 of the characters A–Z, a–z, 0–9 . _ : -"});
    }
    out.client_id = raw.client_id;
    if (auto k = ParseSaleKind(raw.kind)) {
        out.kind = *k;
    } else {
        errors.push_back({"kind", "unknown_kind", "must be sale, return or void"});
    }
    if (out.kind != SaleKind::kSale) {
        if (raw.original_client_id.empty()) {
            errors.push_back({"original_sale_id", "required", "a return or a void names the sale it refers to"});
        } else if (raw.original_client_id.size() > kMaxClientSaleIdBytes ||
                   !std::all_of(raw.original_client_id.begin(), raw.original_client_id.end(), IsClientIdChar)) {
            errors.push_back({"original_sale_id", "invalid_sale_id", "not a sale id"});
        } else if (raw.original_client_id == raw.client_id) {
            errors.push_back({"original_sale_id", "same_sale", "a sale cannot refer to itself"});
        }
    } else if (!raw.original_client_id.empty()) {
        errors.push_back({"original_sale_id", "not_allowed", "only a return or a void refers to a sale"});
    }
    out.original_client_id = raw.original_client_id;
    out.location_key = raw.location_key;
    out.receipt_no = Text(raw.receipt_no, "receipt_no", kMaxReceiptNoCodePoints, false, errors);
    out.cashier = Text(raw.cashier, "cashier", kMaxCashierCodePoints, false, errors);
    if (raw.sold_at.empty()) {
        errors.push_back({"sold_at", "required", "the time of the sale, RFC 3339"});
    } else if (auto t = core::ParseRfc3339(raw.sold_at); !t) {
        errors.push_back({"sold_at", "invalid_time", "an RFC 3339 time such as 2026-11-23T14:05:00+09:00"});
    } else if (*t > now + kMaxClockAhead) {
        errors.push_back({"sold_at", "in_future", "more than 10 minutes ahead of the server: check the device clock"});
    } else if (*t < core::FromUnixMicros(946'684'800'000'000)) {
        errors.push_back({"sold_at", "too_old", "before 2000"});
    } else {
        out.sold_at = *t;
    }
    if (!raw.customer_phone.empty()) {
        if (auto phone = core::NormalizeKoreanMobile(raw.customer_phone)) {
            out.customer_phone = *phone;
        } else {
            errors.push_back({"customer.phone", "invalid_phone", "a Korean mobile number such as 010-1234-5678"});
        }
    }
    if (!raw.customer_card.empty()) {
        if (raw.customer_card.size() > kMaxCardNoBytes ||
            !std::all_of(raw.customer_card.begin(), raw.customer_card.end(), IsCodeChar)) {
            errors.push_back({"customer.card_no", "invalid_card_no", "up to 40 printable ASCII characters"});
        } else {
            out.customer_card = raw.customer_card;
        }
    }
    out.restock = raw.restock;

    if (out.kind == SaleKind::kVoid) {
        // A void takes back the whole sale it names: its lines and payments are the original's.
        if (!raw.lines.empty()) errors.push_back({"lines", "not_allowed", "a void takes back the whole sale"});
        if (!raw.payments.empty()) errors.push_back({"payments", "not_allowed", "a void repays what was paid"});
        if (raw.discount_won != 0) errors.push_back({"discount", "not_allowed", "a void has no discount"});
    } else {
        if (raw.lines.empty() || raw.lines.size() > kMaxSaleLines) {
            errors.push_back({"lines", "count", "1 to 200 lines"});
        }
        std::int64_t sum = 0;
        for (std::size_t i = 0; i < raw.lines.size() && i < kMaxSaleLines; ++i) {
            const SaleLineInput& in = raw.lines[i];
            std::string path = "lines[" + std::to_string(i) + "]";
            SaleLineInput line;
            if (in.code.empty() || in.code.size() > kMaxCodeBytes ||
                !std::all_of(in.code.begin(), in.code.end(), IsCodeChar)) {
                errors.push_back({path + ".code", in.code.empty() ? "required" : "invalid_code",
                                  "a SKU or a barcode: 1 to 64 printable ASCII characters without spaces"});
            }
            line.code = in.code;
            bool numbers_ok = true;
            if (in.quantity < 1 || in.quantity > kMaxLineQuantity) {
                errors.push_back({path + ".quantity", "out_of_range", "1 to 100,000"});
                numbers_ok = false;
            }
            if (in.unit_price_won < 0 || in.unit_price_won > kMaxAmountWon) {
                errors.push_back({path + ".unit_price", "out_of_range", "0 to 1,000,000,000 won"});
                numbers_ok = false;
            }
            if (in.discount_won < 0 || in.discount_won > kMaxAmountWon) {
                errors.push_back({path + ".discount", "out_of_range", "0 to 1,000,000,000 won"});
                numbers_ok = false;
            }
            line.quantity = in.quantity;
            line.unit_price_won = in.unit_price_won;
            line.discount_won = in.discount_won;
            if (numbers_ok) {
                std::int64_t gross = in.quantity * in.unit_price_won;  // ≤ 1e5 × 1e9: fits
                if (in.discount_won > gross) {
                    errors.push_back({path + ".discount", "exceeds_line", "more than the line's amount"});
                } else if (gross - in.discount_won > kMaxAmountWon) {
                    errors.push_back({path + ".quantity", "amount_out_of_range", "the line is over 1,000,000,000 won"});
                } else {
                    sum += gross - in.discount_won;
                }
            }
            line.title = Text(in.title, path + ".title", kMaxLineTitleCodePoints, false, errors);
            out.lines.push_back(std::move(line));
        }
        if (raw.discount_won < 0 || raw.discount_won > kMaxAmountWon) {
            errors.push_back({"discount", "out_of_range", "0 to 1,000,000,000 won"});
        } else if (errors.empty() && raw.discount_won > sum) {
            errors.push_back({"discount", "exceeds_sale", "more than the sale's amount"});
        }
        out.discount_won = raw.discount_won;
        // A sale of 0 won (a free sample) has no payments; any other has 1 to 10 that add up to its total.
        if (raw.payments.size() > kMaxPayments) errors.push_back({"payments", "count", "at most 10 payments"});
        std::int64_t paid = 0;
        bool payments_ok = true;
        for (std::size_t i = 0; i < raw.payments.size() && i < kMaxPayments; ++i) {
            std::string path = "payments[" + std::to_string(i) + "]";
            Tender t;
            if (auto m = ParseTenderMethod(raw.payments[i].first)) {
                t.method = *m;
            } else {
                errors.push_back({path + ".method", "unknown_method", "must be cash, card, transfer or points"});
                payments_ok = false;
            }
            t.amount_won = raw.payments[i].second;
            if (t.amount_won < 1 || t.amount_won > kMaxAmountWon) {
                errors.push_back({path + ".amount", "out_of_range", "1 to 1,000,000,000 won"});
                payments_ok = false;
            } else {
                paid += t.amount_won;
            }
            out.payments.push_back(t);
        }
        if (errors.empty() && payments_ok) {
            std::int64_t total = sum - out.discount_won;
            if (paid != total) {
                errors.push_back({"payments", "total_mismatch",
                                  "the payments add up to " + std::to_string(paid) + " won, the " +
                                      (out.kind == SaleKind::kReturn ? "refund" : "sale") + " to " +
                                      std::to_string(total) + " won"});
            }
        }
    }
    if (!errors.empty()) return core::Error::Invalid("invalid_sale", "the sale has invalid fields", std::move(errors));
    return out;
}

std::string SaleFingerprint(const SaleInput& s, std::int64_t location_key) {
    // Every field that makes the sale, separated by a byte no field can hold.
    std::string text;
    text.reserve(256 + s.lines.size() * 64);
    auto add = [&](std::string_view v) {
        text.append(v);
        text.push_back('\x1f');
    };
    auto num = [&](std::int64_t v) { add(std::to_string(v)); };
    add(s.client_id);
    add(SaleKindName(s.kind));
    add(s.original_client_id);
    num(location_key);
    add(s.receipt_no);
    num(core::ToUnixMicros(s.sold_at));
    add(s.cashier);
    add(s.customer_phone);
    add(s.customer_card);
    num(s.discount_won);
    add(s.restock ? "1" : "0");
    for (const auto& l : s.lines) {
        add(l.code);
        num(l.quantity);
        num(l.unit_price_won);
        num(l.discount_won);
        add(l.title);
    }
    for (const auto& p : s.payments) {
        add(TenderMethodName(p.method));
        num(p.amount_won);
    }
    return platform::RequestHash(text);
}

core::Status PosSaleStore::LoadDetails(store::Tx& tx, std::span<PosSale> sales) {
    if (sales.empty()) return {};
    std::string list = "[";
    std::unordered_map<std::int64_t, PosSale*> by_key;
    for (PosSale& s : sales) {
        if (list.size() > 1) list += ',';
        list += std::to_string(s.id.key());
        by_key.emplace(s.id.key(), &s);
    }
    list += ']';
    JANGTEO_TRY(store::Rows lines, tx.Query(Pick(tx, kLinesSqlite, kLinesPostgres), {std::string_view(list)}));
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const store::RowView r = lines[i];
        auto it = by_key.find(r.Int(0));
        if (it == by_key.end()) continue;
        it->second->lines.push_back({.line_no = static_cast<int>(r.Int(1)),
                                     .code = r.Text(2),
                                     .variant_key = r.OptInt(3),
                                     .sku = r.Text(4),
                                     .title = r.Text(5),
                                     .quantity = r.Int(6),
                                     .unit_price_won = r.Int(7),
                                     .list_price_won = r.OptInt(8),
                                     .discount_won = r.Int(9),
                                     .amount_won = r.Int(10),
                                     .returned_quantity = r.Int(11)});
    }
    JANGTEO_TRY(store::Rows payments, tx.Query(Pick(tx, kPaymentsSqlite, kPaymentsPostgres), {std::string_view(list)}));
    for (std::size_t i = 0; i < payments.size(); ++i) {
        const store::RowView r = payments[i];
        auto it = by_key.find(r.Int(0));
        if (it == by_key.end()) continue;
        it->second->payments.push_back(
            {.method = ParseTenderMethod(r.TextView(2)).value_or(TenderMethod::kCash), .amount_won = r.Int(3)});
    }
    return {};
}

core::Result<std::optional<PosSale>> PosSaleStore::FindByClientIdInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                      std::string_view client_id) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kFindByClientId, {merchant.key(), client_id}));
    if (rows.empty()) return std::optional<PosSale>();
    PosSale sale = SaleFrom(rows[0]);
    JANGTEO_TRY_STATUS(LoadDetails(tx, std::span<PosSale>(&sale, 1)));
    return std::optional<PosSale>(std::move(sale));
}

core::Result<PosSale> PosSaleStore::GetInTx(store::Tx& tx, platform::MerchantId merchant, PosSaleId id) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kGetSale, {merchant.key(), id.key()}));
    if (rows.empty()) return core::Error::NotFound("sale_not_found", "no such sale");
    PosSale sale = SaleFrom(rows[0]);
    JANGTEO_TRY_STATUS(LoadDetails(tx, std::span<PosSale>(&sale, 1)));
    return sale;
}

core::Result<PosSale> PosSaleStore::Get(platform::MerchantId merchant, PosSaleId id) {
    return db_.Read([&](store::Tx& tx) { return GetInTx(tx, merchant, id); });
}

core::Status PosSaleStore::InsertInTx(store::Tx& tx, const PosSale& s) {
    JANGTEO_TRY(std::int64_t inserted,
                tx.Exec(kInsertSale, {s.id.key(),
                                      s.merchant.key(),
                                      s.location_key,
                                      std::string_view(s.client_id),
                                      std::string_view(s.fingerprint),
                                      SaleKindName(s.kind),
                                      s.original ? store::Value(s.original->key()) : store::Value(nullptr),
                                      SaleSourceName(s.source),
                                      Opt(s.api_key),
                                      s.user ? store::Value(s.user->key()) : store::Value(nullptr),
                                      std::string_view(s.cashier),
                                      std::string_view(s.receipt_no),
                                      std::string_view(s.customer_phone),
                                      std::string_view(s.customer_card),
                                      s.subtotal_won,
                                      s.discount_won,
                                      s.total_won,
                                      s.restock,
                                      core::ToUnixMicros(s.sold_at),
                                      core::ToUnixMicros(s.received_at),
                                      std::int64_t{s.exception_count}}));
    if (inserted != 1) return core::Error::AlreadyExists("sale_exists", "the sale " + s.client_id + " is recorded");
    for (const SaleLine& l : s.lines) {
        JANGTEO_TRY(
            std::int64_t n,
            tx.Exec(kInsertLine, {s.id.key(), std::int64_t{l.line_no}, s.merchant.key(), std::string_view(l.code),
                                  Opt(l.variant_key), std::string_view(l.sku), std::string_view(l.title), l.quantity,
                                  l.unit_price_won, Opt(l.list_price_won), l.discount_won, l.amount_won}));
        (void)n;
    }
    for (std::size_t i = 0; i < s.payments.size(); ++i) {
        JANGTEO_TRY(std::int64_t n,
                    tx.Exec(kInsertPayment, {s.id.key(), static_cast<std::int64_t>(i), s.merchant.key(),
                                             TenderMethodName(s.payments[i].method), s.payments[i].amount_won}));
        (void)n;
    }
    return {};
}

core::Status PosSaleStore::AddReturnedInTx(store::Tx& tx, PosSaleId sale, int line_no, std::int64_t quantity) {
    JANGTEO_TRY(std::int64_t n, tx.Exec(kAddReturned, {sale.key(), std::int64_t{line_no}, quantity}));
    if (n != 1) {
        return core::Error::FailedPrecondition("return_exceeds_sale", "more is returned than the sale has left");
    }
    return {};
}

core::Status PosSaleStore::MarkVoidedInTx(store::Tx& tx, PosSaleId sale, PosSaleId by) {
    JANGTEO_TRY(std::int64_t n, tx.Exec(kMarkVoided, {sale.key(), by.key()}));
    if (n != 1) return core::Error::FailedPrecondition("already_voided", "the sale is already voided");
    return {};
}

core::Status PosSaleStore::AddExceptionCountInTx(store::Tx& tx, PosSaleId sale, int added) {
    JANGTEO_TRY(std::int64_t n, tx.Exec(kAddExceptionCount, {sale.key(), std::int64_t{added}}));
    (void)n;
    return {};
}

core::Status PosSaleStore::InsertExceptionInTx(store::Tx& tx, platform::MerchantId merchant, const PosException& e) {
    JANGTEO_TRY(
        std::int64_t n,
        tx.Exec(kInsertException, {e.id.key(), merchant.key(), e.location_key, e.sale.key(), std::int64_t{e.line_no},
                                   ExceptionKindName(e.kind), std::string_view(e.code), Opt(e.variant_key), e.quantity,
                                   Opt(e.expected_won), e.charged_won, core::ToUnixMicros(e.raised_at)}));
    (void)n;
    return {};
}

core::Result<SalePage> PosSaleStore::List(platform::MerchantId merchant, const SaleListQuery& q) {
    int limit = std::clamp(q.limit, 1, 200);
    std::int64_t from = q.from ? core::ToUnixMicros(*q.from) : std::numeric_limits<std::int64_t>::min();
    std::int64_t to = q.to ? core::ToUnixMicros(*q.to) : std::numeric_limits<std::int64_t>::max();
    std::int64_t before_at = q.before ? q.before->first : std::numeric_limits<std::int64_t>::max();
    std::int64_t before_id = q.before ? q.before->second : std::numeric_limits<std::int64_t>::max();
    return db_.Read([&](store::Tx& tx) -> core::Result<SalePage> {
        JANGTEO_TRY(
            store::Rows rows,
            tx.Query(kListSales, {merchant.key(), q.location_key.value_or(0), from, to, std::string_view(q.receipt_no),
                                  before_at, before_id, std::string_view(q.customer_phone), std::int64_t{limit + 1}}));
        SalePage page;
        for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(limit); ++i) {
            page.items.push_back(SaleFrom(rows[i]));
        }
        if (rows.size() > static_cast<std::size_t>(limit)) {
            const PosSale& last = page.items.back();
            page.next_before = std::pair(core::ToUnixMicros(last.sold_at), last.id.key());
        }
        JANGTEO_TRY_STATUS(LoadDetails(tx, page.items));
        return page;
    });
}

core::Result<std::vector<PosException>> PosSaleStore::Exceptions(
    platform::MerchantId merchant, bool open_only, std::optional<std::int64_t> location_key,
    std::optional<std::pair<std::int64_t, std::int64_t>> after, int limit) {
    std::int64_t after_at = after ? after->first : std::numeric_limits<std::int64_t>::min();
    std::int64_t after_id = after ? after->second : std::numeric_limits<std::int64_t>::min();
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kExceptions, {merchant.key(), std::int64_t{open_only ? 1 : 0}, location_key.value_or(0),
                                      after_at, after_id, std::int64_t{std::clamp(limit, 1, 201)}});
    }));
    std::vector<PosException> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(ExceptionFrom(rows[i]));
    return out;
}

core::Result<PosException> PosSaleStore::ResolveException(platform::MerchantId merchant, PosExceptionId id,
                                                          platform::UserId by, std::string_view note) {
    std::vector<core::FieldError> errors;
    std::string clean = Text(note, "note", 500, false, errors);
    if (!errors.empty()) return core::Error::Invalid("invalid_note", "the note is not acceptable", std::move(errors));
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    return db_.Write([&](store::Tx& tx) -> core::Result<PosException> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kGetException, {merchant.key(), id.key()}));
        if (rows.empty()) return core::Error::NotFound("exception_not_found", "no such exception");
        if (rows[0].TextView(13) != "open") {
            return core::Error::FailedPrecondition("already_resolved", "the exception is already resolved");
        }
        JANGTEO_TRY(std::int64_t n,
                    tx.Exec(kResolveException, {merchant.key(), id.key(), now, by.key(), std::string_view(clean)}));
        if (n != 1) return core::Error::FailedPrecondition("already_resolved", "the exception is already resolved");
        JANGTEO_TRY(store::Rows after, tx.Query(kGetException, {merchant.key(), id.key()}));
        return ExceptionFrom(after[0]);
    });
}

}  // namespace jangteo::channels

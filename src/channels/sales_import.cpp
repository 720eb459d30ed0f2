#include "channels/sales_import.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <unordered_set>

#include "channels/pos_sale.hpp"
#include "core/csv.hpp"
#include "core/json.hpp"
#include "core/validate.hpp"
#include "platform/idempotency.hpp"

namespace jangteo::channels {

namespace json = core::json;

namespace {

constexpr std::size_t kChunk = 1000;  // sales per transaction
constexpr auto kSeoulOffset = std::chrono::hours(9);

enum Column {
    kReceipt,
    kSoldAt,
    kKind,
    kCode,
    kTitle,
    kQuantity,
    kUnitPrice,
    kDiscount,
    kAmount,
    kMethod,
    kPhone,
    kCard,
    kCashier,
    kColumnCount
};

struct ColumnName {
    Column column;
    std::string_view english;
    std::array<std::string_view, 4> korean;
};

// English names first (what the reports call a column), then the Korean ones old ledgers use.
constexpr std::array<ColumnName, kColumnCount> kColumns{{
    {kReceipt, "receipt_no", {"영수증번호", "영수증", "전표번호", "거래번호"}},
    {kSoldAt, "sold_at", {"판매일시", "판매일자", "거래일시", "일시"}},
    {kKind, "kind", {"구분", "거래구분", "", ""}},
    {kCode, "code", {"상품코드", "바코드", "코드", "sku"}},
    {kTitle, "title", {"상품명", "품명", "", ""}},
    {kQuantity, "quantity", {"수량", "", "", ""}},
    {kUnitPrice, "unit_price", {"단가", "판매단가", "", ""}},
    {kDiscount, "discount", {"할인", "할인금액", "", ""}},
    {kAmount, "amount", {"금액", "판매금액", "합계", ""}},
    {kMethod, "payment_method", {"결제수단", "결제방법", "", ""}},
    {kPhone, "customer_phone", {"고객전화", "휴대폰", "전화번호", "연락처"}},
    {kCard, "card_no", {"회원카드", "카드번호", "회원번호", ""}},
    {kCashier, "cashier", {"판매자", "담당자", "직원", ""}},
}};

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
}

std::optional<Column> ColumnOf(std::string_view header) {
    std::string name = Lower(Trim(header));
    for (const auto& c : kColumns) {
        if (name == c.english) return c.column;
        for (auto k : c.korean) {
            if (!k.empty() && name == k) return c.column;
        }
    }
    return std::nullopt;
}

std::optional<TenderMethod> LegacyMethod(std::string_view text) {
    std::string t = Lower(Trim(text));
    if (t.empty() || t == "cash" || t == "현금") return TenderMethod::kCash;
    if (t == "card" || t == "카드" || t == "신용카드" || t == "체크카드") return TenderMethod::kCard;
    if (t == "transfer" || t == "계좌이체" || t == "이체" || t == "무통장") return TenderMethod::kTransfer;
    if (t == "points" || t == "point" || t == "포인트") return TenderMethod::kPoints;
    return std::nullopt;
}

struct Line {
    std::string code;
    std::string title;
    std::int64_t quantity = 0;  // > 0
    std::int64_t unit_price = 0;
    std::int64_t discount = 0;
    std::int64_t amount = 0;
};

struct Receipt {
    std::string receipt_no;
    std::int64_t first_line = 0;
    bool bad = false;
    bool started = false;  // its first good row set its time, customer and payment
    bool kind_given = false;
    SaleKind kind = SaleKind::kSale;
    int sign = 0;  // of the quantities: +1, −1 (a return), 0 unknown yet
    core::TimePoint sold_at;
    std::string cashier, phone, card;
    TenderMethod method = TenderMethod::kCash;
    std::vector<Line> lines;
};

bool AllDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int Num(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

std::optional<std::int64_t> ParseInt(std::string_view s) {
    s = Trim(s);
    bool negative = false;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    std::string digits;
    for (char c : s) {
        if (c == ',') continue;
        if (c < '0' || c > '9') return std::nullopt;
        digits.push_back(c);
    }
    if (digits.empty() || digits.size() > 15) return std::nullopt;
    std::int64_t v = std::stoll(digits);
    return negative ? -v : v;
}

const store::Sql kExistingSqlite{"channels.import_existing",
                                 "SELECT client_sale_id, fingerprint FROM channels_pos_sales WHERE merchant_id = $1"
                                 " AND client_sale_id IN (SELECT value FROM json_each($2))"};
const store::Sql kExistingPostgres{"channels.import_existing",
                                   "SELECT client_sale_id, fingerprint FROM channels_pos_sales WHERE merchant_id = $1"
                                   " AND client_sale_id IN (SELECT jsonb_array_elements_text($2::jsonb))"};
// Rows reach SQL as one JSON array of arrays per statement.
const store::Sql kSalesSqlite{
    "channels.import_sales",
    "INSERT INTO channels_pos_sales (id, merchant_id, location_id, client_sale_id, fingerprint, kind, source, cashier,"
    " receipt_no, customer_phone, customer_card, subtotal_won, discount_won, total_won, restock, sold_at_us,"
    " received_at_us) SELECT value ->> 0, $2, $3, value ->> 1, value ->> 2, value ->> 3, 'import', value ->> 4,"
    " value ->> 5, value ->> 6, value ->> 7, value ->> 8, 0, value ->> 8, false, value ->> 9, $4 FROM json_each($1)"
    " WHERE true ON CONFLICT (merchant_id, client_sale_id) DO NOTHING RETURNING id"};
const store::Sql kSalesPostgres{
    "channels.import_sales",
    "INSERT INTO channels_pos_sales (id, merchant_id, location_id, client_sale_id, fingerprint, kind, source, cashier,"
    " receipt_no, customer_phone, customer_card, subtotal_won, discount_won, total_won, restock, sold_at_us,"
    " received_at_us) SELECT (e ->> 0)::bigint, $2, $3, e ->> 1, e ->> 2, e ->> 3, 'import', e ->> 4, e ->> 5,"
    " e ->> 6, e ->> 7, (e ->> 8)::bigint, 0, (e ->> 8)::bigint, false, (e ->> 9)::bigint, $4"
    " FROM jsonb_array_elements($1::jsonb) e ON CONFLICT (merchant_id, client_sale_id) DO NOTHING RETURNING id"};
const store::Sql kLinesSqlite{
    "channels.import_lines",
    "INSERT INTO channels_pos_sale_lines (sale_id, line_no, merchant_id, code, variant_id, sku, title, quantity,"
    " unit_price_won, list_price_won, discount_won, amount_won) SELECT value ->> 0, value ->> 1, $2, value ->> 2,"
    " value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, NULL, value ->> 8, value ->> 9"
    " FROM json_each($1)"};
const store::Sql kLinesPostgres{
    "channels.import_lines",
    "INSERT INTO channels_pos_sale_lines (sale_id, line_no, merchant_id, code, variant_id, sku, title, quantity,"
    " unit_price_won, list_price_won, discount_won, amount_won) SELECT (e ->> 0)::bigint, (e ->> 1)::int, $2,"
    " e ->> 2, (e ->> 3)::bigint, e ->> 4, e ->> 5, (e ->> 6)::bigint, (e ->> 7)::bigint, NULL, (e ->> 8)::bigint,"
    " (e ->> 9)::bigint FROM jsonb_array_elements($1::jsonb) e"};
const store::Sql kPaymentsSqlite{
    "channels.import_payments",
    "INSERT INTO channels_pos_payments (sale_id, position, merchant_id, method, amount_won)"
    " SELECT value ->> 0, 0, $2, value ->> 1, value ->> 2 FROM json_each($1)"};
const store::Sql kPaymentsPostgres{
    "channels.import_payments",
    "INSERT INTO channels_pos_payments (sale_id, position, merchant_id, method, amount_won)"
    " SELECT (e ->> 0)::bigint, 0, $2, e ->> 1, (e ->> 2)::bigint FROM jsonb_array_elements($1::jsonb) e"};

const store::Sql& Pick(store::Tx& tx, const store::Sql& sqlite, const store::Sql& postgres) {
    return tx.dialect() == store::Dialect::kSqlite ? sqlite : postgres;
}

// The sale id of an imported receipt: "imp:<location key>:<receipt no>" when the receipt number is
// made of sale-id characters and short enough (old POS numbers mostly are, and then they sort as the
// shop numbered them), else "imp:<location key>:h-" and a hash of it.
std::string ClientId(const std::string& location_text, const std::string& receipt_no) {
    std::string prefix = "imp:" + location_text + ":";
    bool plain = !receipt_no.starts_with("h-") && prefix.size() + receipt_no.size() <= kMaxClientSaleIdBytes &&
                 std::all_of(receipt_no.begin(), receipt_no.end(), [](char c) {
                     return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                            c == '_' || c == ':' || c == '-';
                 });
    if (plain) return prefix + receipt_no;
    return prefix + "h-" + platform::RequestHash(receipt_no).substr(0, 32);
}

std::string Fingerprint(const Receipt& r) {
    std::string text;
    auto add = [&](std::string_view v) {
        text.append(v);
        text.push_back('\x1f');
    };
    add(r.receipt_no);
    add(SaleKindName(r.kind));
    add(std::to_string(core::ToUnixMicros(r.sold_at)));
    add(r.cashier);
    add(r.phone);
    add(r.card);
    add(TenderMethodName(r.method));
    for (const auto& l : r.lines) {
        add(l.code);
        add(l.title);
        add(std::to_string(l.quantity));
        add(std::to_string(l.unit_price));
        add(std::to_string(l.discount));
    }
    return platform::RequestHash(text);
}

using ColumnIndex = std::array<int, kColumnCount>;
struct HeaderColumns {
    ColumnIndex index;
    std::size_t width = 0;  // fields of the header row: every row has as many
};
constexpr core::CsvLimits kReaderLimits{.max_fields = 64, .max_field_bytes = 4096};

// The header row: which column is where. Unknown columns are reported through `issue` and not read;
// a file without a header, with a column named twice or without a required one cannot be imported.
template <typename IssueFn>
core::Result<HeaderColumns> ReadHeader(core::CsvReader& reader, IssueFn&& issue) {
    auto header = reader.Next();
    if (!header || header->problem) {
        return core::Error::Invalid("invalid_file", "the file has no header row",
                                    {{"file", "no_header", "the first row names the columns"}});
    }
    ColumnIndex index;
    index.fill(-1);
    for (std::size_t i = 0; i < header->size(); ++i) {
        auto c = ColumnOf((*header)[i]);
        if (!c) {
            if (!Trim((*header)[i]).empty()) {
                issue(header->line, std::string((*header)[i]).substr(0, 40), "unknown_column",
                      "this column is not read");
            }
            continue;
        }
        if (index[*c] >= 0) {
            return core::Error::Invalid("invalid_file", "a column is named twice",
                                        {{std::string(kColumns[*c].english), "duplicate_column", "named twice"}});
        }
        index[*c] = static_cast<int>(i);
    }
    std::vector<core::FieldError> missing;
    for (Column c : {kReceipt, kSoldAt, kQuantity, kUnitPrice}) {
        if (index[c] < 0) {
            missing.push_back({std::string(kColumns[c].english), "missing_column",
                               "the file needs a column " + std::string(kColumns[c].english) + " (" +
                                   std::string(kColumns[c].korean[0]) + ")"});
        }
    }
    if (index[kCode] < 0 && index[kTitle] < 0) {
        missing.push_back({"code", "missing_column", "the file needs a column code (상품코드) or title (상품명)"});
    }
    if (!missing.empty()) {
        return core::Error::Invalid("invalid_file", "required columns are missing", std::move(missing));
    }
    return HeaderColumns{.index = index, .width = header->size()};
}

core::Result<core::DecodedText> Decode(std::string_view bytes, std::optional<core::TextEncoding> encoding) {
    auto decoded = encoding ? core::DecodeKoreanText(bytes, *encoding) : core::DecodeKoreanText(bytes);
    if (!decoded.ok()) {
        return core::Error::Invalid("invalid_file", "the file cannot be read as UTF-8 or CP949 text",
                                    {{"file", "undecodable_text", decoded.error().message}});
    }
    return decoded;
}

}  // namespace

core::Result<CheckedSalesFile> CheckSalesFile(std::string_view bytes, std::optional<core::TextEncoding> encoding) {
    if (bytes.empty()) {
        return core::Error::Invalid("invalid_file", "the file is empty", {{"file", "empty_file", "no bytes"}});
    }
    JANGTEO_TRY(core::DecodedText decoded, Decode(bytes, encoding));
    core::CsvReader reader(decoded.utf8, kReaderLimits);
    JANGTEO_TRY(HeaderColumns head, ReadHeader(reader, [](auto&&...) {}));
    (void)head;
    CheckedSalesFile file{.encoding = decoded.encoding};
    while (auto record = reader.Next()) {
        if (record->Blank()) continue;
        if (++file.rows > kMaxImportRows) {
            return core::Error::Invalid("invalid_file", "the file has too many rows",
                                        {{"file", "too_many_rows", "at most 5,000,000 rows in one file: split it"}});
        }
    }
    if (file.rows == 0) {
        return core::Error::Invalid("invalid_file", "the file has no rows below its header",
                                    {{"file", "no_rows", "a header and nothing else"}});
    }
    file.utf8 = std::move(decoded.utf8);
    return file;
}

std::optional<core::TimePoint> ParseLegacyTime(std::string_view text) {
    text = Trim(text);
    if (text.size() >= 20 && (text.back() == 'Z' || text[text.size() - 3] == ':' || text[text.size() - 6] == '+')) {
        if (auto t = core::ParseRfc3339(text)) return t;
    }
    // Digits only: YYYYMMDD or YYYYMMDDHHMM[SS].
    std::string digits;
    if (AllDigits(text)) {
        digits = std::string(text);
    } else {
        // YYYY?MM?DD[ T]HH:MM[:SS] with - / . as the date separator.
        std::size_t i = 0;
        auto take = [&](std::size_t n) -> bool {
            if (i + n > text.size() || !AllDigits(text.substr(i, n))) return false;
            digits.append(text.substr(i, n));
            i += n;
            return true;
        };
        auto sep = [&](std::string_view allowed) -> bool {
            if (i >= text.size() || allowed.find(text[i]) == std::string_view::npos) return false;
            ++i;
            return true;
        };
        if (!take(4) || !sep("-/.") || !take(2) || !sep("-/.") || !take(2)) return std::nullopt;
        if (i < text.size() && text[i] == '.') ++i;  // "2023.05.01."
        if (i < text.size()) {
            if (!sep(" T")) return std::nullopt;
            while (i < text.size() && text[i] == ' ') ++i;
            if (!take(2) || !sep(":") || !take(2)) return std::nullopt;
            if (i < text.size() && (!sep(":") || !take(2))) return std::nullopt;
            if (i != text.size()) return std::nullopt;
        }
    }
    if (digits.size() != 8 && digits.size() != 12 && digits.size() != 14) return std::nullopt;
    int y = Num(std::string_view(digits).substr(0, 4)), mo = Num(std::string_view(digits).substr(4, 2)),
        d = Num(std::string_view(digits).substr(6, 2));
    int h = digits.size() >= 12 ? Num(std::string_view(digits).substr(8, 2)) : 0;
    int mi = digits.size() >= 12 ? Num(std::string_view(digits).substr(10, 2)) : 0;
    int s = digits.size() == 14 ? Num(std::string_view(digits).substr(12, 2)) : 0;
    std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                                    std::chrono::day(static_cast<unsigned>(d))};
    if (y < 1990 || !ymd.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
    return core::TimePoint(std::chrono::sys_days(ymd)) + std::chrono::hours(h) + std::chrono::minutes(mi) +
           std::chrono::seconds(s) - kSeoulOffset;
}

std::optional<std::int64_t> ParseWon(std::string_view text) {
    text = Trim(text);
    if (text.starts_with("₩")) text.remove_prefix(std::string_view("₩").size());
    if (text.ends_with("원")) text.remove_suffix(std::string_view("원").size());
    auto v = ParseInt(text);
    if (!v) return std::nullopt;
    return v;
}

core::Result<SalesImportSummary> SalesImporter::Run(platform::MerchantId merchant, std::int64_t location_key,
                                                    std::string_view bytes, const SalesImportOptions& options) {
    JANGTEO_TRY(core::DecodedText decoded_text, Decode(bytes, options.encoding));
    const core::DecodedText* decoded = &decoded_text;
    SalesImportSummary summary;
    summary.encoding = std::string(core::TextEncodingName(decoded->encoding));
    auto issue = [&](std::int64_t line, std::string_view field, std::string_view code, std::string message) {
        ++summary.issues;
        if (options.on_issue) options.on_issue({line, std::string(field), std::string(code), std::move(message)});
    };

    core::CsvReader reader(decoded->utf8, kReaderLimits);
    JANGTEO_TRY(HeaderColumns head, ReadHeader(reader, issue));
    const ColumnIndex& index = head.index;

    std::vector<Receipt> receipts;
    std::unordered_map<std::string, std::size_t> receipt_of;
    auto cell = [&](const core::CsvRecord& r, Column c) -> std::string_view {
        int i = index[c];
        return i >= 0 && static_cast<std::size_t>(i) < r.size() ? Trim(core::UnprotectCsvText(r[i]))
                                                                : std::string_view();
    };
    while (auto record = reader.Next()) {
        if (record->Blank()) continue;
        ++summary.rows;
        if (summary.rows > kMaxImportRows) {
            return core::Error::Invalid("invalid_file", "the file has too many rows",
                                        {{"file", "too_many_rows", "at most 5,000,000 rows in one file: split it"}});
        }
        const std::int64_t line = record->line;
        std::string receipt_no(cell(*record, kReceipt));
        Receipt* receipt = nullptr;
        if (!receipt_no.empty() && receipt_no.size() <= 100) {
            auto [it, inserted] = receipt_of.try_emplace(receipt_no, receipts.size());
            if (inserted) {
                receipts.push_back({});
                receipts.back().receipt_no = receipt_no;
                receipts.back().first_line = line;
            }
            receipt = &receipts[it->second];
        }
        bool row_bad = false;
        auto bad = [&](std::string_view field, std::string_view code, std::string message) {
            issue(line, field, code, std::move(message));
            row_bad = true;
        };
        if (record->problem) {
            bad("file", record->problem->code, record->problem->message);
        } else if (record->size() != head.width) {
            bad("file", "wrong_column_count",
                "the row has " + std::to_string(record->size()) + " fields, the header " + std::to_string(head.width));
        }
        if (!row_bad) {
            if (receipt_no.empty()) bad("receipt_no", "required", "every row names its receipt");
            if (receipt_no.size() > 100) bad("receipt_no", "too_long", "at most 100 bytes");
            auto sold_at = ParseLegacyTime(cell(*record, kSoldAt));
            if (!sold_at) {
                bad("sold_at", "invalid_time", "a time such as 2023-05-01 14:23 (Korean time)");
            } else if (*sold_at > clock_.Now() + std::chrono::minutes(10)) {
                bad("sold_at", "in_future", "after now");
            }
            Line l;
            l.code = std::string(cell(*record, kCode));
            auto title = core::NormalizeText(cell(*record, kTitle), "title",
                                             {.max_code_points = kMaxLineTitleCodePoints, .required = false});
            if (title.ok()) {
                l.title = std::move(*title);
            } else {
                bad("title", title.error().fields.at(0).code, title.error().fields.at(0).message);
            }
            if (l.code.empty() && l.title.empty()) bad("code", "required", "a code or a title");
            if (l.code.size() > kMaxCodeBytes ||
                !std::all_of(l.code.begin(), l.code.end(), [](char c) { return c > ' ' && c <= '~'; })) {
                bad("code", "invalid_code", "a SKU or a barcode: printable ASCII without spaces, up to 64");
            }
            auto qty = ParseInt(cell(*record, kQuantity));
            if (!qty || *qty == 0 || *qty > kMaxLineQuantity || *qty < -kMaxLineQuantity) {
                bad("quantity", "invalid_quantity", "a whole number of units, not 0 (negative for a return)");
            }
            auto price = ParseWon(cell(*record, kUnitPrice));
            if (!price || *price < 0 || *price > kMaxAmountWon) {
                bad("unit_price", "invalid_price", "won, 0 to 1,000,000,000");
            }
            std::int64_t discount = 0;
            if (!cell(*record, kDiscount).empty()) {
                auto d = ParseWon(cell(*record, kDiscount));
                if (!d || *d < 0 || *d > kMaxAmountWon) {
                    bad("discount", "invalid_discount", "won, 0 or more");
                } else {
                    discount = *d;
                }
            }
            auto method = LegacyMethod(cell(*record, kMethod));
            if (!method)
                bad("payment_method", "unknown_method", "현금/카드/계좌이체/포인트 or cash/card/transfer/points");
            std::string phone;
            if (!cell(*record, kPhone).empty()) {
                auto p = core::NormalizeKoreanMobile(cell(*record, kPhone));
                if (!p) {
                    bad("customer_phone", "invalid_phone", "a Korean mobile number such as 010-1234-5678");
                } else {
                    phone = *p;
                }
            }
            std::string card(cell(*record, kCard));
            if (card.size() > kMaxCardNoBytes) bad("card_no", "too_long", "at most 40 bytes");
            auto cashier = core::NormalizeText(cell(*record, kCashier), "cashier",
                                               {.max_code_points = kMaxCashierCodePoints, .required = false});
            if (!cashier.ok()) bad("cashier", "invalid_text", "at most 50 characters of text");
            std::optional<SaleKind> kind;
            if (std::string_view k = cell(*record, kKind); !k.empty()) {
                std::string lk = Lower(k);
                if (lk == "sale" || k == "판매" || k == "매출") {
                    kind = SaleKind::kSale;
                } else if (lk == "return" || k == "반품" || k == "환불") {
                    kind = SaleKind::kReturn;
                } else {
                    bad("kind", "unknown_kind", "sale (판매) or return (반품)");
                }
            }
            // The amounts, whenever the numbers themselves are readable (so that a row shows every problem).
            bool numbers = qty && *qty != 0 && *qty <= kMaxLineQuantity && *qty >= -kMaxLineQuantity && price &&
                           *price >= 0 && *price <= kMaxAmountWon;
            if (numbers) {
                l.quantity = *qty < 0 ? -*qty : *qty;
                l.unit_price = *price;
                l.discount = discount;
                std::int64_t gross = l.quantity * l.unit_price;
                if (discount > gross) {
                    bad("discount", "exceeds_line", "more than the line's amount");
                } else {
                    l.amount = gross - discount;
                    if (!cell(*record, kAmount).empty()) {
                        auto amount = ParseWon(cell(*record, kAmount));
                        std::int64_t a = amount ? (*amount < 0 ? -*amount : *amount) : -1;
                        if (a != l.amount) {
                            bad("amount", "amount_mismatch",
                                "quantity × unit price − discount is " + std::to_string(l.amount) + " won");
                        }
                    }
                }
            }
            if (!row_bad && receipt) {
                Receipt& r = *receipt;
                int sign = *qty < 0 ? -1 : 1;
                if (!r.started) {
                    r.started = true;
                    r.sold_at = *sold_at;
                    r.cashier = *cashier;
                    r.phone = phone;
                    r.card = card;
                    r.method = *method;
                    r.sign = sign;
                    if (kind) {
                        r.kind = *kind;
                        r.kind_given = true;
                    } else {
                        r.kind = sign < 0 ? SaleKind::kReturn : SaleKind::kSale;
                    }
                } else if (r.sold_at != *sold_at) {
                    bad("sold_at", "receipt_inconsistent",
                        "another row of receipt " + r.receipt_no + " has another time");
                } else if (r.sign != 0 && r.sign != sign && !r.kind_given) {
                    bad("quantity", "mixed_signs", "a receipt is a sale or a return: import them as two receipts");
                }
                if (!row_bad) r.lines.push_back(std::move(l));
            }
        }
        if (row_bad) {
            ++summary.bad_rows;
            if (receipt) receipt->bad = true;
        }
        if (options.on_progress && summary.rows % 100'000 == 0) options.on_progress(summary.rows, 0);
    }
    summary.sales = static_cast<std::int64_t>(receipts.size());
    for (const auto& r : receipts) {
        if (r.bad || r.lines.size() > kMaxSaleLines) ++summary.sales_left_out;
    }
    for (const auto& r : receipts) {
        if (!r.bad && r.lines.size() > kMaxSaleLines) {
            issue(r.first_line, "receipt_no", "too_many_lines", "receipt " + r.receipt_no + " has over 200 lines");
        }
    }

    // The variants the codes name, looked up once for the whole file.
    std::unordered_map<std::string, CodeMatch> matches;
    if (options.resolve_codes) {
        std::vector<std::string> codes;
        std::unordered_set<std::string> seen;
        for (const auto& r : receipts) {
            if (r.bad) continue;
            for (const auto& l : r.lines) {
                if (!l.code.empty() && seen.insert(l.code).second) codes.push_back(l.code);
            }
        }
        for (std::size_t start = 0; start < codes.size(); start += 1000) {
            std::size_t end = std::min(codes.size(), start + 1000);
            JANGTEO_TRY(auto found, db_.Read([&](store::Tx& tx) {
                return options.resolve_codes(tx, std::span<const std::string>(codes.data() + start, end - start));
            }));
            for (auto& [code, m] : found) matches.emplace(code, std::move(m));
        }
        summary.unmatched_codes = static_cast<std::int64_t>(codes.size() - std::min(codes.size(), matches.size()));
    }

    const std::string location_text = std::to_string(location_key);
    // The import's sale ids follow one another from a random base (its low 24 bits clear: room for
    // 16 million sales), so that the rows of one import go into the tables' indexes side by side
    // instead of all over the file; they are as unguessable from outside as any id, and every read
    // is scoped to the merchant anyway.
    std::int64_t next_key = PosSaleId::New(random_).key() & ~std::int64_t{0xFFFFFF};
    if (next_key == 0) next_key = std::int64_t{1} << 24;
    const std::int64_t received = core::ToUnixMicros(clock_.Now());
    std::vector<const Receipt*> good;
    for (const auto& r : receipts) {
        if (!r.bad && r.lines.size() <= kMaxSaleLines) good.push_back(&r);
    }
    std::int64_t rows_done = 0;
    for (std::size_t start = 0; start < good.size(); start += kChunk) {
        std::size_t end = std::min(good.size(), start + kChunk);
        std::vector<std::string> ids, prints;
        json::array id_list;
        for (std::size_t i = start; i < end; ++i) {
            const Receipt& r = *good[i];
            ids.push_back(ClientId(location_text, r.receipt_no));
            prints.push_back(Fingerprint(r));
            id_list.emplace_back(ids.back());
        }
        std::string id_text = core::ToJson(id_list);
        auto chunk = [&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY(store::Rows existing, tx.Query(Pick(tx, kExistingSqlite, kExistingPostgres),
                                                       {merchant.key(), std::string_view(id_text)}));
            std::unordered_map<std::string, std::string> print_of;
            for (std::size_t i = 0; i < existing.size(); ++i)
                print_of.emplace(existing[i].Text(0), existing[i].Text(1));
            json::array sales, lines, payments;
            std::vector<ImportedSale> customer_sales;
            std::vector<std::int64_t> keys;
            std::int64_t new_sales = 0, new_lines = 0, amount = 0;
            for (std::size_t i = start; i < end; ++i) {
                const Receipt& r = *good[i];
                std::size_t k = i - start;
                if (auto it = print_of.find(ids[k]); it != print_of.end()) {
                    if (it->second == prints[k]) {
                        ++summary.sales_already;
                    } else {
                        ++summary.sales_left_out;
                        issue(r.first_line, "receipt_no", "receipt_changed",
                              "receipt " + r.receipt_no + " was imported before with other content: left as it was");
                    }
                    continue;
                }
                std::int64_t key = next_key++;
                std::int64_t total = 0;
                int line_no = 0;
                for (const auto& l : r.lines) {
                    total += l.amount;
                    auto m = l.code.empty() ? matches.end() : matches.find(l.code);
                    json::value variant = nullptr;
                    std::string sku;
                    if (m != matches.end()) {
                        variant = m->second.variant_key;
                        sku = m->second.sku;
                    }
                    lines.push_back(json::array{key, ++line_no, l.code, variant, sku, l.title, l.quantity, l.unit_price,
                                                l.discount, l.amount});
                }
                sales.push_back(json::array{key, ids[k], prints[k], SaleKindName(r.kind), r.cashier, r.receipt_no,
                                            r.phone, r.card, total, core::ToUnixMicros(r.sold_at)});
                if (total > 0) payments.push_back(json::array{key, TenderMethodName(r.method), total});
                if (options.on_imported && (!r.phone.empty() || !r.card.empty())) {
                    customer_sales.push_back({.client_id = ids[k],
                                              .kind = r.kind,
                                              .phone = r.phone,
                                              .card = r.card,
                                              .total_won = total,
                                              .sold_at = r.sold_at});
                }
                keys.push_back(key);
                ++new_sales;
                new_lines += static_cast<std::int64_t>(r.lines.size());
                amount += r.kind == SaleKind::kReturn ? -total : total;
                if (!summary.first_sold_at || r.sold_at < *summary.first_sold_at) summary.first_sold_at = r.sold_at;
                if (!summary.last_sold_at || r.sold_at > *summary.last_sold_at) summary.last_sold_at = r.sold_at;
            }
            if (!options.dry_run && !sales.empty()) {
                std::string sales_text = core::ToJson(sales);
                JANGTEO_TRY(store::Rows inserted,
                            tx.Query(Pick(tx, kSalesSqlite, kSalesPostgres),
                                     {std::string_view(sales_text), merchant.key(), location_key, received}));
                if (inserted.size() != sales.size()) {
                    // Another import of the same receipts committed meanwhile: this chunk starts over.
                    return core::Error::Conflict("import_raced", "the same receipts are being imported elsewhere");
                }
                std::string lines_text = core::ToJson(lines);
                JANGTEO_TRY(std::int64_t n1, tx.Exec(Pick(tx, kLinesSqlite, kLinesPostgres),
                                                     {std::string_view(lines_text), merchant.key()}));
                (void)n1;
                if (!payments.empty()) {
                    std::string payments_text = core::ToJson(payments);
                    JANGTEO_TRY(std::int64_t n2, tx.Exec(Pick(tx, kPaymentsSqlite, kPaymentsPostgres),
                                                         {std::string_view(payments_text), merchant.key()}));
                    (void)n2;
                }
                if (options.on_imported && !customer_sales.empty()) {
                    JANGTEO_TRY_STATUS(options.on_imported(tx, customer_sales));
                }
            }
            summary.sales_imported += new_sales;
            summary.lines_imported += new_lines;
            summary.amount_won += amount;
            return {};
        };
        // The summary's counts are added only by the attempt that commits.
        SalesImportSummary before = summary;
        core::Status done;
        for (int attempt = 0; attempt < 3; ++attempt) {
            summary = before;
            done = options.dry_run ? db_.Read(chunk) : db_.Write(chunk);
            if (done.ok() || done.error().reason != "import_raced") break;
        }
        JANGTEO_TRY_STATUS(std::move(done));
        for (std::size_t i = start; i < end; ++i) rows_done += static_cast<std::int64_t>(good[i]->lines.size());
        if (options.on_progress) options.on_progress(rows_done, summary.rows - summary.bad_rows);
    }
    return summary;
}

}  // namespace jangteo::channels

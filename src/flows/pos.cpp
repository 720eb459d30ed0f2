#include "flows/pos.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "catalog/pricing.hpp"

namespace jangteo::flows {

namespace {

constexpr std::size_t kSalesPerTransaction = 100;
constexpr std::string_view kPosRef = "pos_sale";

// Errors that belong to one sale (its input, its references) as opposed to the store failing: only
// these leave the rest of a batch going.
bool IsSaleError(const core::Error& e) {
    using core::ErrorCode;
    return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kNotFound ||
           e.code == ErrorCode::kFailedPrecondition || e.code == ErrorCode::kAlreadyExists ||
           e.code == ErrorCode::kPermissionDenied || e.code == ErrorCode::kConflict;
}

core::Error Reused(std::string_view client_id) {
    return core::Error::Invalid("sale_id_reused",
                                "the sale id " + std::string(client_id) + " was already used for another sale",
                                {{"sale_id", "reused", "already used for a sale with other content"}});
}

inventory::Actor ActorOf(const PosCaller& caller) {
    if (caller.api_key) return {inventory::ActorKind::kApiKey, caller.api_key->key()};
    if (caller.user) return {inventory::ActorKind::kUser, caller.user->key()};
    return inventory::Actor::System();
}

// Runs `body` inside a savepoint: a sale that fails leaves nothing behind in the batch's transaction.
template <typename F>
auto InSavepoint(store::Tx& tx, F&& body) -> decltype(body()) {
    JANGTEO_TRY_STATUS(tx.ExecScript("SAVEPOINT jt_pos_sale"));
    auto result = body();
    if (!result.ok()) {
        JANGTEO_TRY_STATUS(tx.ExecScript("ROLLBACK TO SAVEPOINT jt_pos_sale"));
    }
    JANGTEO_TRY_STATUS(tx.ExecScript("RELEASE SAVEPOINT jt_pos_sale"));
    return result;
}

}  // namespace

core::Result<std::int64_t> PosFlows::LocationOf(platform::MerchantId, const PosCaller& caller,
                                                const channels::SaleInput& in) {
    if (caller.key_location) {
        if (in.location_key && *in.location_key != *caller.key_location) {
            return core::Error::PermissionDenied(
                "wrong_location", "this device is bound to " + inventory::LocationId(*caller.key_location).ToString() +
                                      " and cannot record sales of another location");
        }
        return *caller.key_location;
    }
    if (!in.location_key) {
        return core::Error::Invalid("invalid_sale", "the sale has invalid fields",
                                    {{"location_id", "required", "which shop the sale was made at"}});
    }
    return *in.location_key;
}

core::Result<SaleOutcome> PosFlows::Record(platform::MerchantId merchant, const PosCaller& caller,
                                           const channels::RawSale& raw) {
    JANGTEO_TRY(channels::SaleInput in, channels::CheckSale(raw, clock_.Now()));
    JANGTEO_TRY(std::int64_t location, LocationOf(merchant, caller, in));
    return db_.Write([&](store::Tx& tx) { return RecordInTx(tx, merchant, caller, in, location); });
}

core::Result<std::vector<BatchResult>> PosFlows::RecordBatch(platform::MerchantId merchant, const PosCaller& caller,
                                                             std::span<const channels::RawSale> raws) {
    if (raws.size() > channels::kMaxBatchSales) {
        return core::Error::Invalid("too_many_sales", "a batch has at most 1,000 sales",
                                    {{"sales", "count", "at most 1,000 sales; send the rest in the next batch"}});
    }
    std::vector<BatchResult> results(raws.size());
    // Checked first, outside any transaction; those that pass are recorded in order, in chunks.
    std::vector<std::optional<channels::SaleInput>> inputs(raws.size());
    std::vector<std::int64_t> locations(raws.size(), 0);
    core::TimePoint now = clock_.Now();
    for (std::size_t i = 0; i < raws.size(); ++i) {
        auto in = channels::CheckSale(raws[i], now);
        if (!in.ok()) {
            results[i].error = std::move(in).error();
            continue;
        }
        auto location = LocationOf(merchant, caller, *in);
        if (!location.ok()) {
            results[i].error = std::move(location).error();
            continue;
        }
        locations[i] = *location;
        inputs[i] = std::move(*in);
    }
    for (std::size_t start = 0; start < raws.size(); start += kSalesPerTransaction) {
        std::size_t end = std::min(raws.size(), start + kSalesPerTransaction);
        std::vector<BatchResult> chunk(end - start);
        JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
            for (auto& c : chunk) c = BatchResult{};  // a retried transaction starts over
            for (std::size_t i = start; i < end; ++i) {
                if (!inputs[i]) continue;
                auto r = InSavepoint(tx, [&] { return RecordInTx(tx, merchant, caller, *inputs[i], locations[i]); });
                if (r.ok()) {
                    chunk[i - start].outcome = std::move(*r);
                } else if (IsSaleError(r.error())) {
                    chunk[i - start].error = std::move(r).error();
                } else {
                    return std::move(r).error();
                }
            }
            return {};
        }));
        for (std::size_t i = start; i < end; ++i) {
            if (inputs[i]) results[i] = std::move(chunk[i - start]);
        }
    }
    return results;
}

core::Result<SaleOutcome> PosFlows::RecordInTx(store::Tx& tx, platform::MerchantId merchant, const PosCaller& caller,
                                               const channels::SaleInput& in, std::int64_t location_key) {
    std::string fingerprint = channels::SaleFingerprint(in, location_key);
    JANGTEO_TRY(std::optional<channels::PosSale> existing, sales_.FindByClientIdInTx(tx, merchant, in.client_id));
    if (existing) {
        if (existing->fingerprint != fingerprint) return Reused(in.client_id);
        return SaleOutcome{.created = false, .sale = std::move(*existing)};
    }
    auto location = locations_.GetInTx(tx, merchant, inventory::LocationId(location_key));
    if (!location.ok()) {
        if (location.error().code != core::ErrorCode::kNotFound) return std::move(location).error();
        return core::Error::Invalid("unknown_location", "the merchant has no such location",
                                    {{"location_id", "unknown_location", "not one of the merchant's locations"}});
    }

    channels::PosSale sale;
    sale.id = channels::PosSaleId::New(random_);
    sale.merchant = merchant;
    sale.location_key = location_key;
    sale.client_id = in.client_id;
    sale.fingerprint = std::move(fingerprint);
    sale.kind = in.kind;
    sale.source = caller.api_key ? channels::SaleSource::kDevice : channels::SaleSource::kWebPos;
    if (caller.api_key) sale.api_key = caller.api_key->key();
    sale.user = caller.user;
    sale.cashier = in.cashier.empty() ? caller.user_name : in.cashier;
    sale.receipt_no = in.receipt_no;
    sale.customer_phone = in.customer_phone;
    sale.customer_card = in.customer_card;
    sale.restock = in.restock;
    sale.sold_at = in.sold_at;
    sale.received_at = clock_.Now();
    sale.discount_won = in.discount_won;

    std::vector<channels::PosException> exceptions;
    std::optional<channels::PosSale> referred;  // the sale a return or void refers to
    // (variant, delta) of the stock this sale moves, summed per variant.
    std::map<std::int64_t, std::int64_t> moves;
    inventory::Reason reason = inventory::Reason::kShopSale;
    std::string note;
    // Inserts the sale before anything else changes; when another upload of the same id committed
    // meanwhile, answers that one's outcome (or refuses a reuse) instead.
    auto insert = [&](const channels::PosSale& s) -> core::Result<std::optional<SaleOutcome>> {
        auto inserted = sales_.InsertInTx(tx, s);
        if (inserted.ok()) return std::optional<SaleOutcome>();
        if (inserted.error().code != core::ErrorCode::kAlreadyExists) return std::move(inserted).error();
        JANGTEO_TRY(std::optional<channels::PosSale> other, sales_.FindByClientIdInTx(tx, merchant, in.client_id));
        if (!other || other->fingerprint != s.fingerprint) return Reused(in.client_id);
        return std::optional<SaleOutcome>(SaleOutcome{.created = false, .sale = std::move(*other)});
    };

    if (in.kind == channels::SaleKind::kVoid) {
        JANGTEO_TRY(std::optional<channels::PosSale> original,
                    sales_.FindByClientIdInTx(tx, merchant, in.original_client_id));
        if (!original) {
            return core::Error::Invalid("unknown_sale", "there is no recorded sale " + in.original_client_id,
                                        {{"original_sale_id", "unknown_sale", "no recorded sale has this id"}});
        }
        if (original->kind != channels::SaleKind::kSale) {
            return core::Error::FailedPrecondition("not_voidable", "only a sale can be voided");
        }
        if (original->voided_by) return core::Error::FailedPrecondition("already_voided", "the sale is already voided");
        if (original->location_key != location_key) {
            return core::Error::FailedPrecondition("not_voidable", "a sale is voided at the location that made it");
        }
        for (const auto& l : original->lines) {
            if (l.returned_quantity > 0) {
                return core::Error::FailedPrecondition(
                    "not_voidable", "part of the sale was returned; record a return of the rest instead");
            }
        }
        sale.original = original->id;
        sale.original_client_id = original->client_id;
        sale.lines = original->lines;
        sale.payments = original->payments;
        sale.subtotal_won = original->subtotal_won;
        sale.discount_won = original->discount_won;
        sale.total_won = original->total_won;
        sale.restock = true;
        if (sale.receipt_no.empty()) sale.receipt_no = original->receipt_no;
        for (const auto& l : original->lines) {
            if (l.variant_key) moves[*l.variant_key] += l.quantity;
        }
        note = "void of " + original->client_id;
        JANGTEO_TRY(std::optional<SaleOutcome> raced, insert(sale));
        if (raced) return std::move(*raced);
        JANGTEO_TRY_STATUS(sales_.MarkVoidedInTx(tx, original->id, sale.id));
        referred = std::move(original);
    } else {
        std::vector<std::string> codes;
        codes.reserve(in.lines.size());
        for (const auto& l : in.lines) codes.push_back(l.code);
        JANGTEO_TRY(std::vector<std::optional<catalog::SellableVariant>> found,
                    catalog::VariantsByCodeInTx(tx, merchant, codes));
        std::int64_t subtotal = 0;
        for (std::size_t i = 0; i < in.lines.size(); ++i) {
            const channels::SaleLineInput& l = in.lines[i];
            channels::SaleLine line{.line_no = static_cast<int>(i) + 1,
                                    .code = l.code,
                                    .title = l.title,
                                    .quantity = l.quantity,
                                    .unit_price_won = l.unit_price_won,
                                    .discount_won = l.discount_won,
                                    .amount_won = channels::LineAmount(l)};
            subtotal += line.amount_won;
            if (found[i]) {
                const catalog::SellableVariant& v = *found[i];
                line.variant_key = v.id.key();
                line.sku = v.sku;
                if (line.title.empty()) line.title = v.title_ko;
                auto quote = catalog::QuotePrice(v.pricing, catalog::SalesChannel::kShop, l.quantity, in.sold_at);
                if (quote.ok()) line.list_price_won = quote->unit.won();
            }
            sale.lines.push_back(std::move(line));
        }
        sale.subtotal_won = subtotal;
        sale.total_won = subtotal - in.discount_won;
        sale.payments = in.payments;

        if (in.kind == channels::SaleKind::kReturn) {
            JANGTEO_TRY(std::optional<channels::PosSale> original,
                        sales_.FindByClientIdInTx(tx, merchant, in.original_client_id));
            if (!original) {
                return core::Error::Invalid("unknown_sale", "there is no recorded sale " + in.original_client_id,
                                            {{"original_sale_id", "unknown_sale", "no recorded sale has this id"}});
            }
            if (original->kind != channels::SaleKind::kSale) {
                return core::Error::FailedPrecondition("not_returnable", "only a sale can be returned");
            }
            if (original->voided_by) {
                return core::Error::FailedPrecondition("already_voided", "the sale was voided: nothing to return");
            }
            sale.original = original->id;
            sale.original_client_id = original->client_id;
            // A return's price is what was paid back: no price list check.
            for (auto& line : sale.lines) line.list_price_won.reset();
            JANGTEO_TRY(std::optional<SaleOutcome> raced, insert(sale));
            if (raced) return std::move(*raced);
            // Each returned line takes from the original's lines of the same variant (or, for an unknown
            // item, the same code) what they have left, in line order.
            std::vector<std::int64_t> left;
            for (const auto& o : original->lines) left.push_back(o.quantity - o.returned_quantity);
            for (const auto& line : sale.lines) {
                std::int64_t need = line.quantity;
                for (std::size_t j = 0; j < original->lines.size() && need > 0; ++j) {
                    const auto& o = original->lines[j];
                    bool same =
                        line.variant_key ? o.variant_key == line.variant_key : (!o.variant_key && o.code == line.code);
                    if (!same || left[j] == 0) continue;
                    std::int64_t take = std::min(need, left[j]);
                    JANGTEO_TRY_STATUS(sales_.AddReturnedInTx(tx, original->id, o.line_no, take));
                    left[j] -= take;
                    need -= take;
                }
                if (need > 0) {
                    return core::Error::FailedPrecondition(
                        "return_exceeds_sale", "line " + std::to_string(line.line_no) + " (" + line.code +
                                                   ") returns more than sale " + original->client_id + " has left");
                }
                if (in.restock && line.variant_key) moves[*line.variant_key] += line.quantity;
            }
            reason = inventory::Reason::kReturn;
            note = "return of " + original->client_id;
            referred = std::move(original);
        } else {
            for (const auto& line : sale.lines) {
                if (line.variant_key) {
                    moves[*line.variant_key] -= line.quantity;
                    if (line.list_price_won && *line.list_price_won != line.unit_price_won) {
                        exceptions.push_back({.id = channels::PosExceptionId::New(random_),
                                              .location_key = location_key,
                                              .sale = sale.id,
                                              .line_no = line.line_no,
                                              .kind = channels::ExceptionKind::kPriceMismatch,
                                              .code = line.code,
                                              .variant_key = line.variant_key,
                                              .quantity = line.quantity,
                                              .expected_won = line.list_price_won,
                                              .charged_won = line.unit_price_won,
                                              .raised_at = sale.received_at});
                    }
                } else {
                    exceptions.push_back({.id = channels::PosExceptionId::New(random_),
                                          .location_key = location_key,
                                          .sale = sale.id,
                                          .line_no = line.line_no,
                                          .kind = channels::ExceptionKind::kUnknownItem,
                                          .code = line.code,
                                          .quantity = line.quantity,
                                          .charged_won = line.unit_price_won,
                                          .raised_at = sale.received_at});
                }
            }
            sale.exception_count = static_cast<int>(exceptions.size());
            JANGTEO_TRY(std::optional<SaleOutcome> raced, insert(sale));
            if (raced) return std::move(*raced);
        }
    }
    for (const auto& e : exceptions) {
        JANGTEO_TRY_STATUS(sales_.InsertExceptionInTx(tx, merchant, e));
    }

    if (customers_) {
        JANGTEO_TRY(CounterEffect effect, customers_->SaleInTx(tx, sale, referred ? &*referred : nullptr));
        if (effect.points_short > 0) {
            JANGTEO_TRY_STATUS(sales_.InsertExceptionInTx(tx, merchant,
                                                          {.id = channels::PosExceptionId::New(random_),
                                                           .location_key = location_key,
                                                           .sale = sale.id,
                                                           .line_no = 0,
                                                           .kind = channels::ExceptionKind::kPointsShort,
                                                           .code = "points",
                                                           .quantity = 0,
                                                           .expected_won = effect.balance_then,
                                                           .charged_won = effect.points_short,
                                                           .raised_at = sale.received_at}));
            JANGTEO_TRY_STATUS(sales_.AddExceptionCountInTx(tx, sale.id, 1));
            ++sale.exception_count;
        }
    }

    SaleOutcome out{.created = true};
    // One location: the rows are moved in variant order, the lock order of every stock change.
    inventory::Actor actor = ActorOf(caller);
    for (const auto& [variant, delta] : moves) {
        if (delta == 0) continue;
        JANGTEO_TRY(inventory::CounterMove moved,
                    stock_.CounterMoveInTx(tx, merchant, inventory::LocationId(location_key), variant, delta, reason,
                                           actor, kPosRef, sale.id.key(), note));
        if (moved.on_hand_after < 0) out.count_flagged.push_back(variant);
    }
    out.sale = std::move(sale);
    return out;
}

core::Result<PosItemPage> PosFlows::Items(platform::MerchantId merchant, inventory::LocationId location,
                                          std::string_view after_sku, int limit) {
    limit = std::clamp(limit, 1, 500);
    core::TimePoint now = clock_.Now();
    return db_.Read([&](store::Tx& tx) -> core::Result<PosItemPage> {
        JANGTEO_TRY(inventory::Location where, locations_.GetInTx(tx, merchant, location));
        (void)where;
        JANGTEO_TRY(std::vector<catalog::SellableVariant> variants,
                    catalog::MerchantVariantsInTx(tx, merchant, "", after_sku, limit + 1));
        PosItemPage page;
        if (variants.size() > static_cast<std::size_t>(limit)) {
            variants.resize(static_cast<std::size_t>(limit));
            page.next_after = variants.back().sku;
        }
        inventory::StockQuery query{.location = location};
        for (const auto& v : variants) query.variant_keys.push_back(v.id.key());
        std::unordered_map<std::int64_t, std::int64_t> on_hand;
        if (!query.variant_keys.empty()) {
            JANGTEO_TRY(std::vector<inventory::StockLevel> levels, stock_.LevelsInTx(tx, merchant, query));
            for (const auto& l : levels) on_hand[l.variant_key] = l.on_hand;
        }
        for (auto& v : variants) {
            if (v.status == catalog::ProductStatus::kArchived) continue;
            auto quote = catalog::QuotePrice(v.pricing, catalog::SalesChannel::kShop, 1, now);
            if (!quote.ok()) continue;
            page.items.push_back({.variant = v.id,
                                  .sku = v.sku,
                                  .barcode = v.barcode,
                                  .title_ko = v.title_ko,
                                  .title_en = v.title_en,
                                  .options = std::move(v.options),
                                  .shop_price_won = quote->unit.won(),
                                  .on_hand = on_hand[v.id.key()],
                                  .vat_exempt = v.pricing.vat == catalog::VatMode::kExempt});
        }
        return page;
    });
}

core::Result<platform::NewApiKey> PosFlows::CreateDevice(platform::MerchantId merchant, platform::UserId owner,
                                                         std::string_view name, inventory::LocationId location,
                                                         std::string_view client_address) {
    return db_.Write([&](store::Tx& tx) -> core::Result<platform::NewApiKey> {
        auto where = locations_.GetInTx(tx, merchant, location);
        if (!where.ok() || !where->active) {
            if (!where.ok() && where.error().code != core::ErrorCode::kNotFound) return std::move(where).error();
            return core::Error::Invalid(
                "invalid_device", "the device is not acceptable",
                {{"location_id", "unknown_location", "not one of the merchant's open locations"}});
        }
        return keys_.CreateInTx(tx, merchant, owner,
                                {.name = std::string(name),
                                 .scopes = {"pos"},
                                 .location_key = location.key(),
                                 .location_ref = location.ToString()},
                                client_address);
    });
}

core::Result<std::vector<PosDevice>> PosFlows::Devices(platform::MerchantId merchant) {
    JANGTEO_TRY(std::vector<platform::ApiKey> keys, keys_.List(merchant));
    JANGTEO_TRY(std::vector<inventory::Location> places, locations_.List(merchant));
    std::unordered_map<std::int64_t, std::string> name_of;
    for (const auto& l : places) name_of.emplace(l.id.key(), l.name_ko);
    std::vector<PosDevice> out;
    for (auto& k : keys) {
        if (!k.location_key) continue;
        std::string name = name_of[*k.location_key];
        out.push_back({.key = std::move(k), .location_name = std::move(name)});
    }
    return out;
}

core::Result<channels::SalesImportSummary> PosFlows::ImportSales(platform::MerchantId merchant,
                                                                 inventory::LocationId location, std::string_view bytes,
                                                                 channels::SalesImportOptions options) {
    auto where = locations_.Get(merchant, location);
    if (!where.ok()) {
        if (where.error().code != core::ErrorCode::kNotFound) return std::move(where).error();
        return core::Error::Invalid("unknown_location", "the merchant has no such location",
                                    {{"location_id", "unknown_location", "not one of the merchant's locations"}});
    }
    options.resolve_codes = [merchant](store::Tx& tx, std::span<const std::string> codes)
        -> core::Result<std::unordered_map<std::string, channels::CodeMatch>> {
        JANGTEO_TRY(auto found, catalog::VariantsByCodeInTx(tx, merchant, codes));
        std::unordered_map<std::string, channels::CodeMatch> out;
        for (std::size_t i = 0; i < codes.size(); ++i) {
            if (found[i]) out.emplace(codes[i], channels::CodeMatch{found[i]->id.key(), found[i]->sku});
        }
        return out;
    };
    // Each distinct phone or card of the file is resolved once; a chunk that rolls back forgets its finds.
    ImportPersonCache cache;
    if (customers_ && !options.dry_run) {
        options.on_imported = [this, merchant, &cache](store::Tx& tx,
                                                       std::span<const channels::ImportedSale> sales) -> core::Status {
            cache.Forget();
            return customers_->ImportedSalesInTx(tx, merchant, sales, cache);
        };
        options.on_progress = [&cache, progress = std::move(options.on_progress)](std::int64_t done,
                                                                                  std::int64_t total) {
            cache.Commit();
            if (progress) progress(done, total);
        };
    }
    return importer_.Run(merchant, location.key(), bytes, options);
}

}  // namespace jangteo::flows

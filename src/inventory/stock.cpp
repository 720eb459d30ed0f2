#include "inventory/stock.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/json.hpp"
#include "core/validate.hpp"

namespace jangteo::inventory {

namespace json = core::json;

namespace {

// Lists of keys reach SQL as one JSON array parameter, unpacked by each dialect's JSON table function,
// so that a list costs one statement whatever its length.
constexpr store::Sql kLevelsOfVariantsSqlite{
    "inventory.levels_of_variants",
    "SELECT s.location_id, s.variant_id, s.on_hand, s.reserved, s.safety_stock, s.updated_at_us,"
    " f.variant_id IS NOT NULL FROM inventory_stock s LEFT JOIN inventory_count_flags f"
    " ON f.location_id = s.location_id AND f.variant_id = s.variant_id"
    " WHERE s.merchant_id = $1 AND s.variant_id IN (SELECT value FROM json_each($2))"
    " AND (s.location_id = $3 OR $3 = 0) ORDER BY s.variant_id, s.location_id"};
constexpr store::Sql kLevelsOfVariantsPostgres{
    "inventory.levels_of_variants",
    "SELECT s.location_id, s.variant_id, s.on_hand, s.reserved, s.safety_stock, s.updated_at_us,"
    " f.variant_id IS NOT NULL FROM inventory_stock s LEFT JOIN inventory_count_flags f"
    " ON f.location_id = s.location_id AND f.variant_id = s.variant_id"
    " WHERE s.merchant_id = $1 AND s.variant_id IN (SELECT value::bigint FROM jsonb_array_elements_text($2::jsonb))"
    " AND (s.location_id = $3 OR $3 = 0) ORDER BY s.variant_id, s.location_id"};
constexpr store::Sql kLevelsAt{
    "inventory.levels_at_location",
    "SELECT s.location_id, s.variant_id, s.on_hand, s.reserved, s.safety_stock, s.updated_at_us,"
    " f.variant_id IS NOT NULL FROM inventory_stock s LEFT JOIN inventory_count_flags f"
    " ON f.location_id = s.location_id AND f.variant_id = s.variant_id"
    " WHERE s.merchant_id = $1 AND s.location_id = $2 ORDER BY s.variant_id LIMIT 5000"};
constexpr store::Sql kAvailableSqlite{"inventory.available_online",
                                      "SELECT s.variant_id, SUM(CASE WHEN s.on_hand - s.reserved - s.safety_stock > 0"
                                      " THEN s.on_hand - s.reserved - s.safety_stock ELSE 0 END) FROM inventory_stock s"
                                      " JOIN inventory_locations l ON l.id = s.location_id AND l.active"
                                      " WHERE s.variant_id IN (SELECT value FROM json_each($1)) GROUP BY s.variant_id"};
constexpr store::Sql kAvailablePostgres{
    "inventory.available_online",
    "SELECT s.variant_id, SUM(CASE WHEN s.on_hand - s.reserved - s.safety_stock > 0"
    " THEN s.on_hand - s.reserved - s.safety_stock ELSE 0 END) FROM inventory_stock s"
    " JOIN inventory_locations l ON l.id = s.location_id AND l.active"
    " WHERE s.variant_id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb)) GROUP BY s.variant_id"};

constexpr store::Sql kEnsureRow{
    "inventory.ensure_stock_row",
    "INSERT INTO inventory_stock (location_id, variant_id, merchant_id, on_hand, reserved, safety_stock,"
    " updated_at_us) VALUES ($1, $2, $3, 0, 0, 0, $4) ON CONFLICT (location_id, variant_id) DO NOTHING"};
// The guards keep on_hand from going below zero, and (unless the change is a fact that happened, such
// as a count) below what orders hold.
constexpr store::Sql kMoveGuarded{
    "inventory.move_on_hand",
    "UPDATE inventory_stock SET on_hand = on_hand + $3, updated_at_us = $4 WHERE location_id = $1"
    " AND variant_id = $2 AND merchant_id = $5 AND on_hand + $3 >= reserved AND on_hand + $3 >= 0"
    " RETURNING on_hand"};
constexpr store::Sql kMoveFact{
    "inventory.move_on_hand_fact",
    "UPDATE inventory_stock SET on_hand = on_hand + $3, updated_at_us = $4 WHERE location_id = $1"
    " AND variant_id = $2 AND merchant_id = $5 AND on_hand + $3 >= 0 RETURNING on_hand"};
// Locks the row (PostgreSQL) and reads it: a count needs the current value to write the difference.
// A counter sale or return: a fact, moved whatever the stock says.
constexpr store::Sql kMoveCounter{
    "inventory.move_on_hand_counter",
    "UPDATE inventory_stock SET on_hand = on_hand + $3, updated_at_us = $4 WHERE location_id = $1"
    " AND variant_id = $2 AND merchant_id = $5 RETURNING on_hand"};
constexpr store::Sql kFlagCount{
    "inventory.flag_count",
    "INSERT INTO inventory_count_flags (location_id, variant_id, merchant_id, on_hand_at_flag, ref_kind, ref_key,"
    " flagged_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (location_id, variant_id) DO NOTHING"};
constexpr store::Sql kClearCountFlag{"inventory.clear_count_flag",
                                     "DELETE FROM inventory_count_flags WHERE location_id = $1 AND variant_id = $2"};
constexpr store::Sql kCountFlags{
    "inventory.count_flags",
    "SELECT f.location_id, f.variant_id, f.on_hand_at_flag, s.on_hand, f.ref_kind, f.ref_key, f.flagged_at_us"
    " FROM inventory_count_flags f JOIN inventory_stock s ON s.location_id = f.location_id"
    " AND s.variant_id = f.variant_id WHERE f.merchant_id = $1 AND (f.location_id = $2 OR $2 = 0)"
    " ORDER BY f.flagged_at_us, f.location_id, f.variant_id LIMIT 500"};
constexpr store::Sql kLockRow{"inventory.lock_stock_row",
                              "UPDATE inventory_stock SET updated_at_us = $3 WHERE location_id = $1"
                              " AND variant_id = $2 AND merchant_id = $4 RETURNING on_hand, reserved"};
constexpr store::Sql kReadRow{"inventory.read_stock_row",
                              "SELECT on_hand, reserved, safety_stock FROM inventory_stock WHERE location_id = $1"
                              " AND variant_id = $2"};
constexpr store::Sql kSetSafety{"inventory.set_safety_stock",
                                "UPDATE inventory_stock SET safety_stock = $3, updated_at_us = $4"
                                " WHERE location_id = $1 AND variant_id = $2 AND merchant_id = $5"};
constexpr store::Sql kInsertMovement{
    "inventory.insert_movement",
    "INSERT INTO inventory_movements (merchant_id, location_id, variant_id, delta, on_hand_after, reason,"
    " actor_kind, actor_id, ref_kind, ref_key, note, at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
    " $12)"};

// Reservations.
constexpr store::Sql kActiveLocations{"inventory.active_locations",
                                      "SELECT id FROM inventory_locations WHERE merchant_id = $1 AND active"
                                      " ORDER BY id"};
constexpr store::Sql kCandidates{
    "inventory.reservation_candidates",
    "SELECT location_id, on_hand - reserved - safety_stock FROM inventory_stock WHERE variant_id = $1"
    " AND merchant_id = $2 ORDER BY location_id"};
// The rows a checkout chooses among, locked in (variant, location) order (PostgreSQL locks the rows
// of a FOR UPDATE in the order of its ORDER BY; SQLite's writer already holds the whole database).
constexpr store::Sql kLockLevelsSqlite{
    "inventory.lock_levels",
    "SELECT s.location_id, s.variant_id, s.on_hand, s.reserved, s.safety_stock, s.updated_at_us, false"
    " FROM inventory_stock s JOIN inventory_locations l ON l.id = s.location_id AND l.active WHERE s.merchant_id = $1"
    " AND s.variant_id IN (SELECT value FROM json_each($2)) ORDER BY s.variant_id, s.location_id"};
constexpr store::Sql kLockLevelsPostgres{
    "inventory.lock_levels",
    "SELECT s.location_id, s.variant_id, s.on_hand, s.reserved, s.safety_stock, s.updated_at_us, false"
    " FROM inventory_stock s JOIN inventory_locations l ON l.id = s.location_id AND l.active WHERE s.merchant_id = $1"
    " AND s.variant_id IN (SELECT value::bigint FROM jsonb_array_elements_text($2::jsonb))"
    " ORDER BY s.variant_id, s.location_id FOR UPDATE OF s"};
// The conditional increment: it takes the row lock, and on PostgreSQL re-reads the row after a
// concurrent change before it decides, so two checkouts never both take the last unit.
constexpr store::Sql kReserve{
    "inventory.reserve",
    "UPDATE inventory_stock SET reserved = reserved + $3, updated_at_us = $4 WHERE location_id = $1"
    " AND variant_id = $2 AND on_hand - reserved - safety_stock >= $3"};
constexpr store::Sql kUnreserve{"inventory.unreserve",
                                "UPDATE inventory_stock SET reserved = reserved - $3, updated_at_us = $4"
                                " WHERE location_id = $1 AND variant_id = $2"};
constexpr store::Sql kSell{"inventory.sell_reserved",
                           "UPDATE inventory_stock SET reserved = reserved - $3, on_hand = on_hand - $3,"
                           " updated_at_us = $4 WHERE location_id = $1 AND variant_id = $2 AND on_hand >= $3"
                           " RETURNING on_hand"};
constexpr store::Sql kInsertReservation{
    "inventory.insert_reservation",
    "INSERT INTO inventory_reservations (order_key, location_id, variant_id, merchant_id, quantity, state,"
    " created_at_us, updated_at_us) VALUES ($1, $2, $3, $4, $5, 'held', $6, $6)"};
constexpr store::Sql kHeldReservations{
    "inventory.held_reservations",
    "SELECT location_id, variant_id, quantity FROM inventory_reservations WHERE order_key = $1 AND merchant_id = $2"
    " AND state = 'held' ORDER BY variant_id, location_id"};
constexpr store::Sql kAllReservations{
    "inventory.reservations_of_order",
    "SELECT location_id, variant_id, quantity, state FROM inventory_reservations WHERE order_key = $1"
    " ORDER BY variant_id, location_id"};
// Claims one held reservation for a release or a sale: of two racing (a cancel and the payment
// sweeper), only one changes the row, and only that one moves the stock.
constexpr store::Sql kCloseReservation{
    "inventory.close_reservation",
    "UPDATE inventory_reservations SET state = $4, updated_at_us = $5 WHERE order_key = $1 AND location_id = $2"
    " AND variant_id = $3 AND state = 'held'"};

// Transfers.
constexpr store::Sql kInsertTransfer{
    "inventory.insert_transfer",
    "INSERT INTO inventory_transfers (id, merchant_id, from_location_id, to_location_id, state, note, lines,"
    " created_by, created_at_us) VALUES ($1, $2, $3, $4, 'in_transit', $5, $6, $7, $8)"};
constexpr store::Sql kGetTransfer{
    "inventory.get_transfer",
    "SELECT id, merchant_id, from_location_id, to_location_id, state, note, lines, created_at_us, closed_at_us"
    " FROM inventory_transfers WHERE id = $1 AND merchant_id = $2"};
constexpr store::Sql kListTransfers{
    "inventory.list_transfers",
    "SELECT id, merchant_id, from_location_id, to_location_id, state, note, lines, created_at_us, closed_at_us"
    " FROM inventory_transfers WHERE merchant_id = $1 AND (state = 'in_transit' OR $2 = 0)"
    " ORDER BY created_at_us DESC, id DESC LIMIT $3"};
constexpr store::Sql kCloseTransfer{
    "inventory.close_transfer",
    "UPDATE inventory_transfers SET state = $3, closed_by = $4, closed_at_us = $5 WHERE id = $1 AND merchant_id = $2"
    " AND state = 'in_transit'"};

// The ledger.
constexpr store::Sql kLedger{
    "inventory.ledger",
    "SELECT id, location_id, variant_id, delta, on_hand_after, reason, actor_kind, actor_id, ref_kind, ref_key,"
    " note, at_us FROM inventory_movements WHERE merchant_id = $1 AND id < $2 AND (location_id = $3 OR $3 = 0)"
    " AND (variant_id = $4 OR $4 = 0) ORDER BY id DESC LIMIT $5"};

const store::Sql& Pick(store::Tx& tx, const store::Sql& sqlite, const store::Sql& postgres) {
    return tx.dialect() == store::Dialect::kSqlite ? sqlite : postgres;
}

std::string KeysJson(std::span<const std::int64_t> keys) {
    std::string out = "[";
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(keys[i]);
    }
    out += ']';
    return out;
}

store::Value ActorId(const Actor& actor) {
    return actor.id ? store::Value(*actor.id) : store::Value(nullptr);
}

// Every query read here selects the seven columns in this order (the last: whether a count is needed).
StockLevel LevelFrom(const store::RowView& r) {
    return {.location = LocationId(r.Int(0)),
            .variant_key = r.Int(1),
            .on_hand = r.Int(2),
            .reserved = r.Int(3),
            .safety_stock = r.Int(4),
            .updated_at = core::FromUnixMicros(r.Int(5)),
            .count_needed = r.Bool(6)};
}

core::Error InsufficientStock(std::int64_t variant_key, LocationId location) {
    return core::Error::FailedPrecondition("insufficient_stock", "variant " + std::to_string(variant_key) + " at " +
                                                                     location.ToString() +
                                                                     " would go below zero or below what orders hold");
}

std::string TransferLinesJson(std::span<const TransferLine> lines) {
    json::array out;
    for (const auto& l : lines) out.push_back(json::array{l.variant_key, l.quantity});
    return core::ToJson(out);
}

std::vector<TransferLine> TransferLinesFrom(std::string_view text) {
    std::vector<TransferLine> out;
    auto parsed = core::ParseJson(text);
    if (!parsed.ok() || !parsed->is_array()) return out;
    for (const auto& v : parsed->get_array()) {
        if (!v.is_array() || v.get_array().size() != 2) continue;
        const auto& a = v.get_array();
        if (!a[0].is_int64() || !a[1].is_int64()) continue;
        out.push_back({a[0].get_int64(), a[1].get_int64()});
    }
    return out;
}

std::optional<TransferState> ParseTransferState(std::string_view s) {
    if (s == "in_transit") return TransferState::kInTransit;
    if (s == "received") return TransferState::kReceived;
    if (s == "cancelled") return TransferState::kCancelled;
    return std::nullopt;
}

Transfer TransferFrom(const store::RowView& r) {
    Transfer t;
    t.id = TransferId(r.Int(0));
    t.merchant_id = platform::MerchantId(r.Int(1));
    t.from = LocationId(r.Int(2));
    t.to = LocationId(r.Int(3));
    t.state = ParseTransferState(r.TextView(4)).value_or(TransferState::kInTransit);
    t.note = r.Text(5);
    t.lines = TransferLinesFrom(r.TextView(6));
    t.created_at = core::FromUnixMicros(r.Int(7));
    if (auto closed = r.OptInt(8)) t.closed_at = core::FromUnixMicros(*closed);
    return t;
}

std::optional<ActorKind> ParseActorKind(std::string_view s) {
    if (s == "user") return ActorKind::kUser;
    if (s == "api_key") return ActorKind::kApiKey;
    if (s == "customer") return ActorKind::kCustomer;
    if (s == "system") return ActorKind::kSystem;
    return std::nullopt;
}

core::Result<std::string> Note(std::string_view note, std::string_view field) {
    return core::NormalizeText(note, field,
                               {.max_code_points = kMaxNoteCodePoints, .required = false, .multi_line = true});
}

}  // namespace

std::string_view ActorKindName(ActorKind kind) {
    switch (kind) {
        case ActorKind::kUser: return "user";
        case ActorKind::kApiKey: return "api_key";
        case ActorKind::kCustomer: return "customer";
        case ActorKind::kSystem: return "system";
    }
    return "system";
}

std::string_view ReasonName(Reason reason) {
    switch (reason) {
        case Reason::kReceipt: return "receipt";
        case Reason::kOnlineSale: return "online_sale";
        case Reason::kShopSale: return "shop_sale";
        case Reason::kReturn: return "return";
        case Reason::kAdjustment: return "adjustment";
        case Reason::kCount: return "count";
        case Reason::kTransferOut: return "transfer_out";
        case Reason::kTransferIn: return "transfer_in";
    }
    return "adjustment";
}

std::optional<Reason> ParseReason(std::string_view name) {
    for (Reason r : {Reason::kReceipt, Reason::kOnlineSale, Reason::kShopSale, Reason::kReturn, Reason::kAdjustment,
                     Reason::kCount, Reason::kTransferOut, Reason::kTransferIn}) {
        if (ReasonName(r) == name) return r;
    }
    return std::nullopt;
}

std::string_view TransferStateName(TransferState state) {
    switch (state) {
        case TransferState::kInTransit: return "in_transit";
        case TransferState::kReceived: return "received";
        case TransferState::kCancelled: return "cancelled";
    }
    return "in_transit";
}

core::Result<std::vector<StockLevel>> StockService::Levels(platform::MerchantId merchant, const StockQuery& query) {
    return db_.Read([&](store::Tx& tx) { return LevelsInTx(tx, merchant, query); });
}

core::Result<std::vector<StockLevel>> StockService::LevelsInTx(store::Tx& tx, platform::MerchantId merchant,
                                                               const StockQuery& query) {
    std::vector<StockLevel> out;
    store::Rows rows;
    if (query.variant_keys.empty()) {
        if (!query.location) return out;
        JANGTEO_TRY(rows, tx.Query(kLevelsAt, {merchant.key(), query.location->key()}));
    } else {
        std::int64_t location = query.location ? query.location->key() : 0;
        JANGTEO_TRY(rows, tx.Query(Pick(tx, kLevelsOfVariantsSqlite, kLevelsOfVariantsPostgres),
                                   {merchant.key(), KeysJson(query.variant_keys), location}));
    }
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(LevelFrom(rows[i]));
    return out;
}

core::Result<std::vector<std::int64_t>> StockService::AvailableOnline(store::Tx& tx,
                                                                      std::span<const std::int64_t> variant_keys) {
    std::vector<std::int64_t> out(variant_keys.size(), 0);
    if (variant_keys.empty()) return out;
    JANGTEO_TRY(store::Rows rows, tx.Query(Pick(tx, kAvailableSqlite, kAvailablePostgres), {KeysJson(variant_keys)}));
    std::unordered_map<std::int64_t, std::int64_t> by_key;
    for (std::size_t i = 0; i < rows.size(); ++i) by_key[rows[i].Int(0)] = rows[i].Int(1);
    for (std::size_t i = 0; i < variant_keys.size(); ++i) {
        if (auto it = by_key.find(variant_keys[i]); it != by_key.end()) out[i] = it->second;
    }
    return out;
}

core::Result<std::int64_t> StockService::Move(store::Tx& tx, platform::MerchantId merchant, LocationId location,
                                              std::int64_t variant_key, std::int64_t delta, Reason reason,
                                              const Actor& actor, std::string_view ref_kind,
                                              std::optional<std::int64_t> ref_key, std::string_view note,
                                              bool allow_below_reserved) {
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    JANGTEO_TRY(std::int64_t ensured, tx.Exec(kEnsureRow, {location.key(), variant_key, merchant.key(), now}));
    (void)ensured;
    JANGTEO_TRY(store::Rows moved, tx.Query(allow_below_reserved ? kMoveFact : kMoveGuarded,
                                            {location.key(), variant_key, delta, now, merchant.key()}));
    if (moved.empty()) return InsufficientStock(variant_key, location);
    std::int64_t after = moved[0].Int(0);
    JANGTEO_TRY(std::int64_t n,
                tx.Exec(kInsertMovement, {merchant.key(), location.key(), variant_key, delta, after, ReasonName(reason),
                                          ActorKindName(actor.kind), ActorId(actor), ref_kind,
                                          ref_key ? store::Value(*ref_key) : store::Value(nullptr), note, now}));
    (void)n;
    return after;
}

core::Result<CounterMove> StockService::CounterMoveInTx(store::Tx& tx, platform::MerchantId merchant,
                                                        LocationId location, std::int64_t variant_key,
                                                        std::int64_t delta, Reason reason, const Actor& actor,
                                                        std::string_view ref_kind, std::int64_t ref_key,
                                                        std::string_view note) {
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    JANGTEO_TRY(std::int64_t ensured, tx.Exec(kEnsureRow, {location.key(), variant_key, merchant.key(), now}));
    (void)ensured;
    JANGTEO_TRY(store::Rows moved, tx.Query(kMoveCounter, {location.key(), variant_key, delta, now, merchant.key()}));
    if (moved.empty()) return core::Error::NotFound("location_not_found", "no such location");
    CounterMove out{.on_hand_after = moved[0].Int(0)};
    JANGTEO_TRY(std::int64_t n,
                tx.Exec(kInsertMovement,
                        {merchant.key(), location.key(), variant_key, delta, out.on_hand_after, ReasonName(reason),
                         ActorKindName(actor.kind), ActorId(actor), ref_kind, ref_key, note, now}));
    (void)n;
    if (out.on_hand_after < 0) {
        JANGTEO_TRY(std::int64_t flagged, tx.Exec(kFlagCount, {location.key(), variant_key, merchant.key(),
                                                               out.on_hand_after, ref_kind, ref_key, now}));
        out.flagged = flagged == 1;
    }
    return out;
}

core::Result<std::vector<CountFlag>> StockService::CountFlags(platform::MerchantId merchant,
                                                              std::optional<LocationId> location) {
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kCountFlags, {merchant.key(), location ? location->key() : std::int64_t{0}});
    }));
    std::vector<CountFlag> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const store::RowView r = rows[i];
        out.push_back({.location = LocationId(r.Int(0)),
                       .variant_key = r.Int(1),
                       .on_hand_at_flag = r.Int(2),
                       .on_hand = r.Int(3),
                       .ref_kind = r.Text(4),
                       .ref_key = r.OptInt(5),
                       .flagged_at = core::FromUnixMicros(r.Int(6))});
    }
    return out;
}

core::Result<std::vector<StockLevel>> StockService::AdjustInTx(store::Tx& tx, platform::MerchantId merchant,
                                                               std::span<const Adjustment> adjustments,
                                                               const Actor& actor) {
    std::vector<core::FieldError> errors;
    if (adjustments.empty() || adjustments.size() > kMaxLinesPerRequest) {
        errors.push_back({"adjustments", "count", "give 1 to 500 adjustments"});
    }
    std::vector<Adjustment> sorted;
    sorted.reserve(adjustments.size());
    for (std::size_t i = 0; i < adjustments.size() && errors.empty(); ++i) {
        const Adjustment& a = adjustments[i];
        std::string field = "adjustments[" + std::to_string(i) + "]";
        if (a.delta == 0) errors.push_back({field + ".delta", "zero", "must not be zero"});
        if (a.delta > kMaxQuantity || a.delta < -kMaxQuantity) {
            errors.push_back({field + ".delta", "out_of_range", "must be within one billion units"});
        }
        if (a.reason != Reason::kReceipt && a.reason != Reason::kAdjustment && a.reason != Reason::kReturn &&
            a.reason != Reason::kShopSale) {
            errors.push_back({field + ".reason", "not_allowed", "must be receipt, adjustment, return or shop_sale"});
        }
        if ((a.reason == Reason::kReceipt || a.reason == Reason::kReturn) && a.delta < 0) {
            errors.push_back({field + ".delta", "must_add", "a receipt or a return adds stock"});
        }
        if (a.reason == Reason::kShopSale && a.delta > 0) {
            errors.push_back({field + ".delta", "must_remove", "a sale takes stock away"});
        }
        Adjustment copy = a;
        auto note = Note(a.note, field + ".note");
        if (note.ok()) {
            copy.note = std::move(*note);
        } else {
            for (auto& f : note.error().fields) errors.push_back(std::move(f));
        }
        sorted.push_back(std::move(copy));
    }
    if (!errors.empty()) {
        return core::Error::Invalid("invalid_adjustment", "the adjustments have invalid fields", std::move(errors));
    }
    // One fixed order of rows, as everywhere: (variant, location).
    std::stable_sort(sorted.begin(), sorted.end(), [](const Adjustment& a, const Adjustment& b) {
        return std::pair(a.variant_key, a.location.key()) < std::pair(b.variant_key, b.location.key());
    });
    for (const Adjustment& a : sorted) {
        JANGTEO_TRY(std::int64_t after, Move(tx, merchant, a.location, a.variant_key, a.delta, a.reason, actor, "",
                                             std::nullopt, a.note, false));
        (void)after;
    }
    std::vector<std::int64_t> keys;
    for (const Adjustment& a : sorted) keys.push_back(a.variant_key);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return LevelsInTx(tx, merchant, {.variant_keys = std::move(keys)});
}

core::Result<CountId> StockService::CountInTx(store::Tx& tx, platform::MerchantId merchant, LocationId location,
                                              std::span<const CountLine> lines, std::string_view note,
                                              const Actor& actor) {
    std::vector<core::FieldError> errors;
    if (lines.empty() || lines.size() > kMaxLinesPerRequest) {
        errors.push_back({"lines", "count", "count 1 to 500 variants at a time"});
    }
    std::vector<CountLine> sorted(lines.begin(), lines.end());
    for (std::size_t i = 0; i < lines.size() && errors.empty(); ++i) {
        if (lines[i].counted < 0 || lines[i].counted > kMaxQuantity) {
            errors.push_back({"lines[" + std::to_string(i) + "].counted", "out_of_range", "must be 0 to one billion"});
        }
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const CountLine& a, const CountLine& b) { return a.variant_key < b.variant_key; });
    for (std::size_t i = 1; i < sorted.size() && errors.empty(); ++i) {
        if (sorted[i].variant_key == sorted[i - 1].variant_key) {
            errors.push_back({"lines", "duplicate_variant", "each variant once per count"});
        }
    }
    auto clean_note = Note(note, "note");
    if (!clean_note.ok()) {
        for (auto& f : clean_note.error().fields) errors.push_back(std::move(f));
    }
    if (!errors.empty()) {
        return core::Error::Invalid("invalid_count", "the count has invalid fields", std::move(errors));
    }
    CountId id = CountId::New(random_);
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    for (const CountLine& line : sorted) {
        JANGTEO_TRY(std::int64_t ensured, tx.Exec(kEnsureRow, {location.key(), line.variant_key, merchant.key(), now}));
        (void)ensured;
        JANGTEO_TRY(store::Rows current, tx.Query(kLockRow, {location.key(), line.variant_key, now, merchant.key()}));
        if (current.empty()) return InsufficientStock(line.variant_key, location);
        std::int64_t delta = line.counted - current[0].Int(0);
        JANGTEO_TRY(std::int64_t cleared, tx.Exec(kClearCountFlag, {location.key(), line.variant_key}));
        (void)cleared;
        if (delta == 0) continue;
        JANGTEO_TRY(std::int64_t after, Move(tx, merchant, location, line.variant_key, delta, Reason::kCount, actor,
                                             "count", id.key(), *clean_note, true));
        (void)after;
    }
    return id;
}

core::Status StockService::SetSafetyStockInTx(store::Tx& tx, platform::MerchantId merchant, LocationId location,
                                              std::int64_t variant_key, std::int64_t safety_stock) {
    if (safety_stock < 0 || safety_stock > kMaxQuantity) {
        return core::Error::Invalid("invalid_safety_stock", "safety stock must be 0 to one billion",
                                    {{"safety_stock", "out_of_range", "must be 0 to one billion"}});
    }
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    JANGTEO_TRY(std::int64_t ensured, tx.Exec(kEnsureRow, {location.key(), variant_key, merchant.key(), now}));
    (void)ensured;
    JANGTEO_TRY(std::int64_t n, tx.Exec(kSetSafety, {location.key(), variant_key, safety_stock, now, merchant.key()}));
    if (n != 1) return core::Error::NotFound("location_not_found", "no such location");
    return {};
}

core::Result<Transfer> StockService::SendTransferInTx(store::Tx& tx, platform::MerchantId merchant, LocationId from,
                                                      LocationId to, std::span<const TransferLine> lines,
                                                      std::string_view note, const Actor& actor) {
    std::vector<core::FieldError> errors;
    if (from == to) errors.push_back({"to_location_id", "same_location", "must differ from the source"});
    if (lines.empty() || lines.size() > kMaxLinesPerRequest) {
        errors.push_back({"lines", "count", "send 1 to 500 variants at a time"});
    }
    std::vector<TransferLine> sorted(lines.begin(), lines.end());
    for (std::size_t i = 0; i < lines.size() && lines.size() <= kMaxLinesPerRequest; ++i) {
        if (lines[i].quantity <= 0 || lines[i].quantity > kMaxQuantity) {
            errors.push_back({"lines[" + std::to_string(i) + "].quantity", "out_of_range", "must be 1 to one billion"});
        }
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const TransferLine& a, const TransferLine& b) { return a.variant_key < b.variant_key; });
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        if (sorted[i].variant_key == sorted[i - 1].variant_key) {
            errors.push_back({"lines", "duplicate_variant", "each variant once per transfer"});
            break;
        }
    }
    auto clean_note = Note(note, "note");
    if (!clean_note.ok()) {
        for (auto& f : clean_note.error().fields) errors.push_back(std::move(f));
    }
    if (!errors.empty()) {
        return core::Error::Invalid("invalid_transfer", "the transfer has invalid fields", std::move(errors));
    }
    TransferId id = TransferId::New(random_);
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    for (const TransferLine& line : sorted) {
        JANGTEO_TRY(std::int64_t after, Move(tx, merchant, from, line.variant_key, -line.quantity, Reason::kTransferOut,
                                             actor, "transfer", id.key(), *clean_note, false));
        (void)after;
    }
    JANGTEO_TRY(std::int64_t n, tx.Exec(kInsertTransfer, {id.key(), merchant.key(), from.key(), to.key(), *clean_note,
                                                          TransferLinesJson(sorted), ActorId(actor), now}));
    (void)n;
    return Transfer{.id = id,
                    .merchant_id = merchant,
                    .from = from,
                    .to = to,
                    .state = TransferState::kInTransit,
                    .note = *clean_note,
                    .lines = std::move(sorted),
                    .created_at = core::FromUnixMicros(now)};
}

core::Result<Transfer> StockService::CloseTransfer(platform::MerchantId merchant, TransferId id, const Actor& actor,
                                                   bool receive) {
    return db_.Write([&](store::Tx& tx) -> core::Result<Transfer> {
        std::int64_t now = core::ToUnixMicros(clock_.Now());
        JANGTEO_TRY(store::Rows rows, tx.Query(kGetTransfer, {id.key(), merchant.key()}));
        if (rows.empty()) return core::Error::NotFound("transfer_not_found", "no such transfer");
        Transfer t = TransferFrom(rows[0]);
        TransferState to_state = receive ? TransferState::kReceived : TransferState::kCancelled;
        JANGTEO_TRY(std::int64_t n, tx.Exec(kCloseTransfer, {id.key(), merchant.key(), TransferStateName(to_state),
                                                             ActorId(actor), now}));
        if (n != 1) {
            return core::Error::FailedPrecondition("transfer_closed", "the transfer was already received or cancelled");
        }
        LocationId where = receive ? t.to : t.from;
        for (const TransferLine& line : t.lines) {
            JANGTEO_TRY(std::int64_t after,
                        Move(tx, merchant, where, line.variant_key, line.quantity, Reason::kTransferIn, actor,
                             "transfer", id.key(), receive ? "" : "transfer cancelled", true));
            (void)after;
        }
        t.state = to_state;
        t.closed_at = core::FromUnixMicros(now);
        return t;
    });
}

core::Result<Transfer> StockService::ReceiveTransfer(platform::MerchantId merchant, TransferId id, const Actor& actor) {
    return CloseTransfer(merchant, id, actor, true);
}

core::Result<Transfer> StockService::CancelTransfer(platform::MerchantId merchant, TransferId id, const Actor& actor) {
    return CloseTransfer(merchant, id, actor, false);
}

core::Result<Transfer> StockService::GetTransfer(platform::MerchantId merchant, TransferId id) {
    return db_.Read([&](store::Tx& tx) -> core::Result<Transfer> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kGetTransfer, {id.key(), merchant.key()}));
        if (rows.empty()) return core::Error::NotFound("transfer_not_found", "no such transfer");
        return TransferFrom(rows[0]);
    });
}

core::Result<std::vector<Transfer>> StockService::ListTransfers(platform::MerchantId merchant, bool open_only,
                                                                int limit) {
    if (limit < 1 || limit > 200) {
        return core::Error::Invalid("bad_limit", "limit must be 1 to 200", {{"limit", "out_of_range", "1 to 200"}});
    }
    return db_.Read([&](store::Tx& tx) -> core::Result<std::vector<Transfer>> {
        JANGTEO_TRY(store::Rows rows,
                    tx.Query(kListTransfers, {merchant.key(), std::int64_t{open_only ? 1 : 0}, std::int64_t{limit}}));
        std::vector<Transfer> out;
        for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(TransferFrom(rows[i]));
        return out;
    });
}

core::Result<std::vector<StockLevel>> StockService::LockLevelsInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                   std::span<const std::int64_t> variant_keys) {
    std::vector<StockLevel> out;
    if (variant_keys.empty()) return out;
    std::vector<std::int64_t> keys(variant_keys.begin(), variant_keys.end());
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    JANGTEO_TRY(store::Rows rows,
                tx.Query(Pick(tx, kLockLevelsSqlite, kLockLevelsPostgres), {merchant.key(), KeysJson(keys)}));
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(LevelFrom(rows[i]));
    return out;
}

core::Result<ReservationResult> StockService::ReserveInTx(store::Tx& tx, platform::MerchantId merchant,
                                                          std::int64_t order_key,
                                                          std::span<const ReservationRequest> requests,
                                                          std::span<const LocationId> preference) {
    // Requests of one variant for one place are one request; then (variant, location) order.
    // (A part-taken request whose whole could not be met is given back below with the rest.)
    std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> wanted;  // (variant, location or 0) → quantity
    for (const auto& r : requests) {
        if (r.quantity <= 0 || r.quantity > kMaxQuantity) {
            return core::Error::Invalid("invalid_quantity", "a quantity must be 1 or more",
                                        {{"quantity", "out_of_range", "must be 1 or more"}});
        }
        wanted[{r.variant_key, r.location ? r.location->key() : 0}] += r.quantity;
    }
    JANGTEO_TRY(store::Rows active_rows, tx.Query(kActiveLocations, {merchant.key()}));
    std::vector<std::int64_t> active;
    for (std::size_t i = 0; i < active_rows.size(); ++i) active.push_back(active_rows[i].Int(0));
    auto is_active = [&](std::int64_t loc) { return std::binary_search(active.begin(), active.end(), loc); };

    ReservationResult result;
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    std::int64_t candidates_of = -1;
    std::vector<std::pair<std::int64_t, std::int64_t>> candidates;  // (location, available), by location
    for (const auto& [key, quantity] : wanted) {
        const auto [variant, pinned] = key;
        if (candidates_of != variant) {
            JANGTEO_TRY(store::Rows rows, tx.Query(kCandidates, {variant, merchant.key()}));
            candidates.clear();
            for (std::size_t i = 0; i < rows.size(); ++i) {
                if (is_active(rows[i].Int(0))) candidates.emplace_back(rows[i].Int(0), rows[i].Int(1));
            }
            if (!preference.empty()) {
                // The preferred locations first, in their order; the rest stay in id order.
                auto rank = [&](std::int64_t loc) {
                    for (std::size_t p = 0; p < preference.size(); ++p) {
                        if (preference[p].key() == loc) return p;
                    }
                    return preference.size();
                };
                std::stable_sort(candidates.begin(), candidates.end(),
                                 [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
            }
            candidates_of = variant;
        }
        // A pickup takes it all from its shop; a delivery from as many open locations as it needs, in
        // location order (one parcel per location, as the merchant ships it).
        std::int64_t remaining = quantity;
        std::int64_t offered = 0;
        std::vector<Allocation> taken;
        for (auto& [loc, available] : candidates) {
            if (pinned != 0 && loc != pinned) continue;
            if (available > 0) offered += available;
            if (!result.shortfalls.empty() || remaining == 0 || available <= 0) continue;
            std::int64_t take = pinned != 0 ? remaining : std::min(available, remaining);
            if (available < take) continue;
            JANGTEO_TRY(std::int64_t n, tx.Exec(kReserve, {loc, variant, take, now}));
            if (n != 1) continue;  // someone took it meanwhile: the next location
            available -= take;
            remaining -= take;
            taken.push_back({variant, take, LocationId(loc)});
        }
        bool done = remaining == 0 && result.shortfalls.empty();
        for (auto& a : taken) result.allocations.push_back(a);
        std::int64_t best = offered;
        if (!done) result.shortfalls.push_back({variant, quantity, std::max<std::int64_t>(best, 0)});
    }
    if (!result.shortfalls.empty()) {
        // Nothing for a part of an order: give back what was taken (in the same order).
        for (const Allocation& a : result.allocations) {
            JANGTEO_TRY(std::int64_t n, tx.Exec(kUnreserve, {a.location.key(), a.variant_key, a.quantity, now}));
            (void)n;
        }
        result.allocations.clear();
        return result;
    }
    for (const Allocation& a : result.allocations) {
        JANGTEO_TRY(std::int64_t n, tx.Exec(kInsertReservation, {order_key, a.location.key(), a.variant_key,
                                                                 merchant.key(), a.quantity, now}));
        (void)n;
    }
    return result;
}

core::Result<std::int64_t> StockService::ReleaseInTx(store::Tx& tx, platform::MerchantId merchant,
                                                     std::int64_t order_key) {
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    JANGTEO_TRY(store::Rows held, tx.Query(kHeldReservations, {order_key, merchant.key()}));
    std::int64_t units = 0;
    for (std::size_t i = 0; i < held.size(); ++i) {
        std::int64_t loc = held[i].Int(0), variant = held[i].Int(1), quantity = held[i].Int(2);
        JANGTEO_TRY(std::int64_t claimed,
                    tx.Exec(kCloseReservation, {order_key, loc, variant, std::string_view("released"), now}));
        if (claimed != 1) continue;
        JANGTEO_TRY(std::int64_t n, tx.Exec(kUnreserve, {loc, variant, quantity, now}));
        (void)n;
        units += quantity;
    }
    return units;
}

core::Result<std::int64_t> StockService::CommitSaleInTx(store::Tx& tx, platform::MerchantId merchant,
                                                        std::int64_t order_key, const Actor& actor) {
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    JANGTEO_TRY(store::Rows held, tx.Query(kHeldReservations, {order_key, merchant.key()}));
    std::int64_t units = 0;
    for (std::size_t i = 0; i < held.size(); ++i) {
        std::int64_t loc = held[i].Int(0), variant = held[i].Int(1), quantity = held[i].Int(2);
        JANGTEO_TRY(std::int64_t claimed,
                    tx.Exec(kCloseReservation, {order_key, loc, variant, std::string_view("sold"), now}));
        if (claimed != 1) continue;
        JANGTEO_TRY(store::Rows sold, tx.Query(kSell, {loc, variant, quantity, now}));
        // Less on hand than the order holds (a count found less since): the goods are not there to send.
        if (sold.empty()) return InsufficientStock(variant, LocationId(loc));
        JANGTEO_TRY(std::int64_t n, tx.Exec(kInsertMovement,
                                            {merchant.key(), loc, variant, -quantity, sold[0].Int(0),
                                             ReasonName(Reason::kOnlineSale), ActorKindName(actor.kind), ActorId(actor),
                                             std::string_view("order"), order_key, std::string_view(), now}));
        (void)n;
        units += quantity;
    }
    return units;
}

core::Status StockService::RestockInTx(store::Tx& tx, platform::MerchantId merchant, std::int64_t order_key,
                                       std::span<const Allocation> lines, const Actor& actor) {
    std::vector<Allocation> sorted(lines.begin(), lines.end());
    std::sort(sorted.begin(), sorted.end(), [](const Allocation& a, const Allocation& b) {
        return std::pair(a.variant_key, a.location.key()) < std::pair(b.variant_key, b.location.key());
    });
    for (const Allocation& a : sorted) {
        if (a.quantity <= 0) continue;
        JANGTEO_TRY(std::int64_t after, Move(tx, merchant, a.location, a.variant_key, a.quantity, Reason::kReturn,
                                             actor, "order", order_key, "", true));
        (void)after;
    }
    return {};
}

core::Result<std::vector<Allocation>> StockService::ReservationsOf(store::Tx& tx, std::int64_t order_key,
                                                                   bool held_only) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kAllReservations, {order_key}));
    std::vector<Allocation> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (held_only && rows[i].TextView(3) != "held") continue;
        out.push_back({rows[i].Int(1), rows[i].Int(2), LocationId(rows[i].Int(0))});
    }
    return out;
}

core::Result<LedgerPage> StockService::Ledger(platform::MerchantId merchant, const LedgerQuery& query) {
    if (query.limit < 1 || query.limit > 200) {
        return core::Error::Invalid("bad_limit", "limit must be 1 to 200", {{"limit", "out_of_range", "1 to 200"}});
    }
    return db_.Read([&](store::Tx& tx) -> core::Result<LedgerPage> {
        std::int64_t before = query.before_seq.value_or(INT64_MAX);
        JANGTEO_TRY(store::Rows rows,
                    tx.Query(kLedger, {merchant.key(), before, query.location ? query.location->key() : 0,
                                       query.variant_key.value_or(0), std::int64_t{query.limit + 1}}));
        LedgerPage page;
        for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(query.limit); ++i) {
            const auto r = rows[i];
            Movement m;
            m.seq = r.Int(0);
            m.location = LocationId(r.Int(1));
            m.variant_key = r.Int(2);
            m.delta = r.Int(3);
            m.on_hand_after = r.Int(4);
            m.reason = ParseReason(r.TextView(5)).value_or(Reason::kAdjustment);
            m.actor = {ParseActorKind(r.TextView(6)).value_or(ActorKind::kSystem), r.OptInt(7)};
            m.ref_kind = r.Text(8);
            m.ref_key = r.OptInt(9);
            m.note = r.Text(10);
            m.at = core::FromUnixMicros(r.Int(11));
            page.items.push_back(std::move(m));
        }
        if (rows.size() > static_cast<std::size_t>(query.limit)) page.next_before = page.items.back().seq;
        return page;
    });
}

}  // namespace jangteo::inventory

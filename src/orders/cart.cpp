#include "orders/cart.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <unordered_map>

namespace jangteo::orders {

namespace {

constexpr store::Sql kFindUserCart{"orders.find_user_cart", "SELECT id FROM orders_carts WHERE user_id = $1"};
constexpr store::Sql kFindGuestCart{"orders.find_guest_cart",
                                    "SELECT id FROM orders_carts WHERE guest_token_hash = $1"};
// Two first requests of one customer at once make one cart: the second insert does nothing.
constexpr store::Sql kInsertUserCart{"orders.insert_user_cart",
                                     "INSERT INTO orders_carts (id, user_id, guest_token_hash, created_at_us,"
                                     " updated_at_us) VALUES ($1, $2, NULL, $3, $3) ON CONFLICT (user_id) DO NOTHING"};
constexpr store::Sql kInsertGuestCart{
    "orders.insert_guest_cart",
    "INSERT INTO orders_carts (id, user_id, guest_token_hash, created_at_us, updated_at_us)"
    " VALUES ($1, NULL, $2, $3, $3) ON CONFLICT (guest_token_hash) DO NOTHING"};
constexpr store::Sql kGetCart{"orders.get_cart",
                              "SELECT id, user_id, created_at_us, updated_at_us FROM orders_carts WHERE id = $1"};
// Every change of a cart starts here: on PostgreSQL the update locks the cart's row, so that two
// changes of one cart (two tabs) run one after the other and the line count stays true.
constexpr store::Sql kTouchCart{"orders.touch_cart", "UPDATE orders_carts SET updated_at_us = $2 WHERE id = $1"};
constexpr store::Sql kGetLines{"orders.get_cart_lines",
                               "SELECT variant_key, product_key, merchant_id, quantity, price_seen_won, added_at_us"
                               " FROM orders_cart_lines WHERE cart_id = $1 ORDER BY position"};
constexpr store::Sql kGetLine{"orders.get_cart_line",
                              "SELECT quantity FROM orders_cart_lines WHERE cart_id = $1 AND variant_key = $2"};
constexpr store::Sql kCountLines{"orders.count_cart_lines",
                                 "SELECT count(*), COALESCE(MAX(position), 0) FROM orders_cart_lines"
                                 " WHERE cart_id = $1"};
constexpr store::Sql kInsertLine{
    "orders.insert_cart_line",
    "INSERT INTO orders_cart_lines (cart_id, variant_key, product_key, merchant_id, quantity, price_seen_won,"
    " position, added_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr store::Sql kUpdateLine{"orders.update_cart_line",
                                 "UPDATE orders_cart_lines SET quantity = $3, price_seen_won = $4, product_key = $5,"
                                 " merchant_id = $6 WHERE cart_id = $1 AND variant_key = $2"};
constexpr store::Sql kDeleteLine{"orders.delete_cart_line",
                                 "DELETE FROM orders_cart_lines WHERE cart_id = $1 AND variant_key = $2"};
constexpr store::Sql kDeleteLines{"orders.delete_cart_lines", "DELETE FROM orders_cart_lines WHERE cart_id = $1"};
constexpr store::Sql kDeleteCart{"orders.delete_cart", "DELETE FROM orders_carts WHERE id = $1"};
constexpr store::Sql kIdleGuestCarts{"orders.idle_guest_carts",
                                     "SELECT id FROM orders_carts WHERE user_id IS NULL AND updated_at_us < $1"
                                     " ORDER BY updated_at_us LIMIT $2"};

constexpr std::size_t kGuestTokenBytes = 32;
constexpr std::size_t kGuestTokenChars = 43;  // 32 bytes in unpadded base64url

void InitSodium() {
    // Idempotent and thread-safe (libsodium >= 1.0.11).
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

bool IsGuestToken(std::string_view token) {
    return token.size() == kGuestTokenChars && std::all_of(token.begin(), token.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_';
           });
}

std::string TokenHash(std::string_view token) {
    InitSodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()), token.size());
    std::string hex(crypto_hash_sha256_BYTES * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    hex.pop_back();
    return hex;
}

core::Error BadToken() {
    return core::Error::Invalid("invalid_guest_token", "the guest cart token is not one this server made");
}

core::Error CartNotFound() {
    return core::Error::NotFound("cart_not_found", "no such cart");
}

core::Error BadQuantity() {
    return core::Error::Invalid("invalid_quantity", "a cart line holds 1 to 999 of a variant",
                                {{"quantity", "out_of_range", "must be from 1 to 999"}});
}

core::Status CheckLine(const CartLineInput& line) {
    std::vector<core::FieldError> fields;
    if (line.variant_key <= 0) fields.push_back({"variant_id", "required", "must name a variant"});
    if (line.product_key <= 0) fields.push_back({"product_id", "required", "must name a product"});
    if (!line.merchant.valid()) fields.push_back({"merchant_id", "required", "must name a merchant"});
    if (line.price_seen.won() < 0) fields.push_back({"price_won", "out_of_range", "must be whole won ≥ 0"});
    if (!fields.empty())
        return core::Error::Invalid("invalid_cart_line", "the cart line is incomplete", std::move(fields));
    return {};
}

}  // namespace

std::string CartService::NewGuestToken() {
    InitSodium();
    std::array<unsigned char, kGuestTokenBytes> bytes{};
    random_.Fill(bytes.data(), bytes.size());
    std::string out(sodium_base64_ENCODED_LEN(kGuestTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(kGuestTokenChars);
    return out;
}

core::Result<CartId> CartService::Resolve(store::Tx& tx, const CartOwner& owner, bool create) {
    const std::int64_t now = core::ToUnixMicros(clock_.Now());
    if (owner.user) {
        JANGTEO_TRY(store::Rows rows, tx.Query(kFindUserCart, {owner.user->key()}));
        if (!rows.empty()) return CartId(rows[0].Int(0));
        if (!create) return CartId();
        JANGTEO_TRY_STATUS(tx.Exec(kInsertUserCart, {CartId::New(random_).key(), owner.user->key(), now}));
        JANGTEO_TRY(store::Rows made, tx.Query(kFindUserCart, {owner.user->key()}));
        if (made.empty()) return core::Error::Internal("cart_lost", "the new cart was not found");
        return CartId(made[0].Int(0));
    }
    if (!IsGuestToken(owner.guest_token)) return BadToken();
    std::string hash = TokenHash(owner.guest_token);
    JANGTEO_TRY(store::Rows rows, tx.Query(kFindGuestCart, {std::string_view(hash)}));
    if (!rows.empty()) return CartId(rows[0].Int(0));
    if (!create) return CartId();
    JANGTEO_TRY_STATUS(tx.Exec(kInsertGuestCart, {CartId::New(random_).key(), std::string_view(hash), now}));
    JANGTEO_TRY(store::Rows made, tx.Query(kFindGuestCart, {std::string_view(hash)}));
    if (made.empty()) return core::Error::Internal("cart_lost", "the new cart was not found");
    return CartId(made[0].Int(0));
}

core::Result<Cart> CartService::Load(store::Tx& tx, CartId id) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kGetCart, {id.key()}));
    if (rows.empty()) return CartNotFound();
    Cart cart;
    cart.id = id;
    if (!rows[0].IsNull(1)) cart.user = platform::UserId(rows[0].Int(1));
    cart.created_at = core::FromUnixMicros(rows[0].Int(2));
    cart.updated_at = core::FromUnixMicros(rows[0].Int(3));
    JANGTEO_TRY(store::Rows lines, tx.Query(kGetLines, {id.key()}));
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const store::RowView r = lines[i];
        cart.lines.push_back({.variant_key = r.Int(0),
                              .product_key = r.Int(1),
                              .merchant = platform::MerchantId(r.Int(2)),
                              .quantity = r.Int(3),
                              .price_seen = core::Money::Won(r.Int(4)),
                              .added_at = core::FromUnixMicros(r.Int(5))});
    }
    return cart;
}

core::Result<Cart> CartService::FindInTx(store::Tx& tx, const CartOwner& owner) {
    JANGTEO_TRY(CartId id, Resolve(tx, owner, false));
    if (!id.valid()) return Cart{.user = owner.user};
    return Load(tx, id);
}

core::Result<Cart> CartService::LockInTx(store::Tx& tx, const CartOwner& owner) {
    JANGTEO_TRY(CartId id, Resolve(tx, owner, false));
    if (!id.valid()) return Cart{.user = owner.user};
    // The row lock (PostgreSQL) before the lines are read: a second checkout of this cart waits here,
    // then finds the lines the first one took gone.
    JANGTEO_TRY_STATUS(tx.Exec(kTouchCart, {id.key(), core::ToUnixMicros(clock_.Now())}));
    return Load(tx, id);
}

core::Result<Cart> CartService::Open(const CartOwner& owner) {
    // A read first: showing a cart is frequent, making one happens once per user.
    JANGTEO_TRY(Cart found, db_.Read([&](store::Tx& tx) { return FindInTx(tx, owner); }));
    if (found.id.valid() || !owner.user) return found;
    return db_.Write([&](store::Tx& tx) -> core::Result<Cart> {
        JANGTEO_TRY(CartId id, Resolve(tx, owner, true));
        return Load(tx, id);
    });
}

core::Result<Cart> CartService::Get(CartId cart, const CartOwner& owner) {
    return db_.Read([&](store::Tx& tx) -> core::Result<Cart> {
        JANGTEO_TRY(CartId id, Resolve(tx, owner, false));
        if (!id.valid() || id != cart) return CartNotFound();
        return Load(tx, id);
    });
}

core::Result<std::vector<CartLine>> CartService::Lines(CartId cart, const CartOwner& owner) {
    JANGTEO_TRY(Cart c, Get(cart, owner));
    return std::move(c.lines);
}

core::Result<Cart> CartService::Add(const CartOwner& owner, const CartLineInput& line) {
    return Change(owner, line, true);
}

core::Result<Cart> CartService::SetQuantity(const CartOwner& owner, const CartLineInput& line) {
    return Change(owner, line, false);
}

core::Result<Cart> CartService::Change(const CartOwner& owner, const CartLineInput& line, bool add) {
    JANGTEO_TRY_STATUS(CheckLine(line));
    if (add ? (line.quantity < 1 || line.quantity > kMaxCartQuantity)
            : (line.quantity < 0 || line.quantity > kMaxCartQuantity)) {
        return BadQuantity();
    }
    if (!owner.user && !IsGuestToken(owner.guest_token)) return BadToken();
    return db_.Write([&](store::Tx& tx) -> core::Result<Cart> {
        const std::int64_t now = core::ToUnixMicros(clock_.Now());
        // Setting a missing line to 0 changes nothing, and makes no guest cart.
        JANGTEO_TRY(CartId id, Resolve(tx, owner, add || line.quantity > 0));
        if (!id.valid()) return Cart{.user = owner.user};
        JANGTEO_TRY_STATUS(tx.Exec(kTouchCart, {id.key(), now}));
        JANGTEO_TRY(store::Rows existing, tx.Query(kGetLine, {id.key(), line.variant_key}));
        if (existing.empty()) {
            if (line.quantity > 0) {
                JANGTEO_TRY(store::Rows count, tx.Query(kCountLines, {id.key()}));
                if (static_cast<std::size_t>(count[0].Int(0)) >= kMaxCartLines) {
                    return core::Error::FailedPrecondition("cart_full", "a cart holds at most 100 lines");
                }
                JANGTEO_TRY_STATUS(
                    tx.Exec(kInsertLine, {id.key(), line.variant_key, line.product_key, line.merchant.key(),
                                          line.quantity, line.price_seen.won(), count[0].Int(1) + 1, now}));
            }
        } else {
            std::int64_t quantity = add ? existing[0].Int(0) + line.quantity : line.quantity;
            if (quantity > kMaxCartQuantity) return BadQuantity();
            if (quantity == 0) {
                JANGTEO_TRY_STATUS(tx.Exec(kDeleteLine, {id.key(), line.variant_key}));
            } else {
                JANGTEO_TRY_STATUS(tx.Exec(kUpdateLine, {id.key(), line.variant_key, quantity, line.price_seen.won(),
                                                         line.product_key, line.merchant.key()}));
            }
        }
        return Load(tx, id);
    });
}

core::Result<Cart> CartService::Remove(const CartOwner& owner, std::int64_t variant_key) {
    if (!owner.user && !IsGuestToken(owner.guest_token)) return BadToken();
    return db_.Write([&](store::Tx& tx) -> core::Result<Cart> {
        JANGTEO_TRY(CartId id, Resolve(tx, owner, false));
        if (!id.valid()) return Cart{.user = owner.user};
        JANGTEO_TRY_STATUS(tx.Exec(kTouchCart, {id.key(), core::ToUnixMicros(clock_.Now())}));
        JANGTEO_TRY_STATUS(tx.Exec(kDeleteLine, {id.key(), variant_key}));
        return Load(tx, id);
    });
}

core::Result<MergeResult> CartService::Merge(std::string_view guest_token, platform::UserId user) {
    return db_.Write([&](store::Tx& tx) { return MergeInTx(tx, guest_token, user); });
}

core::Result<MergeResult> CartService::MergeInTx(store::Tx& tx, std::string_view guest_token, platform::UserId user) {
    const CartOwner guest_owner = CartOwner::Guest(std::string(guest_token));
    const CartOwner user_owner = CartOwner::User(user);
    JANGTEO_TRY(CartId guest_id, Resolve(tx, guest_owner, false));
    JANGTEO_TRY(CartId user_id, Resolve(tx, user_owner, true));
    MergeResult result;
    if (!guest_id.valid()) {
        JANGTEO_TRY(result.cart, Load(tx, user_id));
        return result;
    }
    const std::int64_t now = core::ToUnixMicros(clock_.Now());
    JANGTEO_TRY_STATUS(tx.Exec(kTouchCart, {user_id.key(), now}));
    JANGTEO_TRY_STATUS(tx.Exec(kTouchCart, {guest_id.key(), now}));
    JANGTEO_TRY(Cart guest, Load(tx, guest_id));
    JANGTEO_TRY(Cart mine, Load(tx, user_id));
    std::unordered_map<std::int64_t, const CartLine*> by_variant;
    for (const CartLine& l : mine.lines) by_variant.emplace(l.variant_key, &l);
    JANGTEO_TRY(store::Rows count, tx.Query(kCountLines, {user_id.key()}));
    std::size_t lines = static_cast<std::size_t>(count[0].Int(0));
    std::int64_t position = count[0].Int(1);
    for (const CartLine& g : guest.lines) {
        auto it = by_variant.find(g.variant_key);
        if (it != by_variant.end()) {
            const CartLine& u = *it->second;
            std::int64_t quantity = u.quantity + g.quantity;
            if (quantity > kMaxCartQuantity) {
                quantity = kMaxCartQuantity;
                result.quantity_capped = true;
            }
            const CartLine& newer = g.added_at >= u.added_at ? g : u;
            JANGTEO_TRY_STATUS(tx.Exec(kUpdateLine, {user_id.key(), g.variant_key, quantity, newer.price_seen.won(),
                                                     newer.product_key, newer.merchant.key()}));
            ++result.moved;
        } else if (lines < kMaxCartLines) {
            JANGTEO_TRY_STATUS(
                tx.Exec(kInsertLine, {user_id.key(), g.variant_key, g.product_key, g.merchant.key(), g.quantity,
                                      g.price_seen.won(), ++position, core::ToUnixMicros(g.added_at)}));
            ++lines;
            ++result.moved;
        } else {
            ++result.dropped;
        }
    }
    JANGTEO_TRY_STATUS(tx.Exec(kDeleteLines, {guest_id.key()}));
    JANGTEO_TRY_STATUS(tx.Exec(kDeleteCart, {guest_id.key()}));
    JANGTEO_TRY(result.cart, Load(tx, user_id));
    return result;
}

core::Status CartService::RemoveLinesInTx(store::Tx& tx, CartId cart, const CartOwner& owner,
                                          std::span<const std::int64_t> variant_keys) {
    JANGTEO_TRY(CartId id, Resolve(tx, owner, false));
    if (!id.valid() || id != cart) return CartNotFound();
    JANGTEO_TRY_STATUS(tx.Exec(kTouchCart, {id.key(), core::ToUnixMicros(clock_.Now())}));
    for (std::int64_t key : variant_keys) {
        JANGTEO_TRY(std::int64_t gone, tx.Exec(kDeleteLine, {id.key(), key}));
        if (gone != 1) {
            return core::Error::Conflict("cart_changed", "the cart changed while the order was placed; look again");
        }
    }
    return {};
}

core::Result<std::int64_t> CartService::PurgeIdleGuestCarts(core::TimePoint before, std::int64_t limit) {
    return db_.Write([&](store::Tx& tx) -> core::Result<std::int64_t> {
        JANGTEO_TRY(store::Rows ids, tx.Query(kIdleGuestCarts, {core::ToUnixMicros(before), limit}));
        for (std::size_t i = 0; i < ids.size(); ++i) {
            JANGTEO_TRY_STATUS(tx.Exec(kDeleteLines, {ids[i].Int(0)}));
            JANGTEO_TRY_STATUS(tx.Exec(kDeleteCart, {ids[i].Int(0)}));
        }
        return static_cast<std::int64_t>(ids.size());
    });
}

}  // namespace jangteo::orders

// The cart: one per customer across every merchant, for a signed-in user or for a guest who is known
// by a random token in a cookie (only its SHA-256 is stored). A guest's cart is made on the first
// add, so visitors who only browse leave no rows, and moves to the user at sign-in (Merge).
//
// The owner names the cart: a user has one cart, a guest token has one, so a customer reaches no
// other cart than theirs whatever ids they send. Calls that also take a cart id (from a URL) check
// that it is the owner's and answer kNotFound "cart_not_found" otherwise.
//
// The cart knows nothing of the catalog: the flow that adds a line passes the variant's and product's
// keys, the merchant and the unit price it quoted (price_seen), which the checkout compares with the
// price then.
//
//   orders::CartService carts(db, clock, random);
//   std::string token = carts.NewGuestToken();                          // into the cookie
//   auto owner = orders::CartOwner::Guest(token);
//   auto cart = carts.Add(owner, {.variant_key = v, .product_key = p, .merchant = m, .quantity = 2,
//                                 .price_seen = core::Money::Won(8'900)});
//   ... at sign-in:  carts.Merge(token, user_id);
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/random.hpp"
#include "orders/ids.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::orders {

inline constexpr std::int64_t kMaxCartQuantity = 999;
inline constexpr std::size_t kMaxCartLines = 100;

// Who a cart belongs to: a user, or the holder of a guest token.
struct CartOwner {
    std::optional<platform::UserId> user;
    std::string guest_token;  // when user is nullopt

    static CartOwner User(platform::UserId user) { return {user, {}}; }
    static CartOwner Guest(std::string token) { return {std::nullopt, std::move(token)}; }
};

// A line as the flow adds it. The variant and product keys are catalog ids' keys (VariantId::key()).
struct CartLineInput {
    std::int64_t variant_key = 0;
    std::int64_t product_key = 0;
    platform::MerchantId merchant;
    std::int64_t quantity = 1;
    core::Money price_seen;  // the unit price quoted when added
};

struct CartLine {
    std::int64_t variant_key = 0;
    std::int64_t product_key = 0;
    platform::MerchantId merchant;
    std::int64_t quantity = 0;
    core::Money price_seen;
    core::TimePoint added_at;
};

struct Cart {
    CartId id;  // invalid (0) for a guest who has added nothing yet
    std::optional<platform::UserId> user;
    std::vector<CartLine> lines;  // in the order they were added
    core::TimePoint created_at;
    core::TimePoint updated_at;
};

struct MergeResult {
    Cart cart;                     // the user's cart after the merge
    std::int64_t moved = 0;        // guest lines that went into it (added or summed up)
    std::int64_t dropped = 0;      // guest lines left out because the cart was full
    bool quantity_capped = false;  // a summed quantity was cut to 999
};

// Thread-safe: holds references only.
class CartService {
public:
    CartService(store::Db& db, core::Clock& clock, core::Random& random) : db_(db), clock_(clock), random_(random) {}

    // A new guest token: 32 random bytes as unpadded base64url (43 characters).
    std::string NewGuestToken();

    // The owner's cart with its lines: a user's is made if missing; a guest's is answered empty
    // (invalid id) until the first add. A guest token that NewGuestToken did not make:
    // kInvalidArgument "invalid_guest_token".
    core::Result<Cart> Open(const CartOwner& owner);
    // The cart `cart` if it is the owner's (kNotFound "cart_not_found" otherwise).
    core::Result<Cart> Get(CartId cart, const CartOwner& owner);
    // Its lines in the order added.
    core::Result<std::vector<CartLine>> Lines(CartId cart, const CartOwner& owner);

    // Adds `line.quantity` to the variant's line (made if missing, at the end; its price_seen becomes
    // the one given). The line's quantity must stay within 1..999: kInvalidArgument "invalid_quantity"
    // (field quantity); a new line in a cart of 100: kFailedPrecondition "cart_full". Bad keys:
    // kInvalidArgument "invalid_cart_line". Nothing changes on an error. Answers the cart after.
    core::Result<Cart> Add(const CartOwner& owner, const CartLineInput& line);
    // Sets the variant's line to `line.quantity` (absolute; 0 removes it). Errors as Add.
    core::Result<Cart> SetQuantity(const CartOwner& owner, const CartLineInput& line);
    // Removes the variant's line (no line: nothing to do).
    core::Result<Cart> Remove(const CartOwner& owner, std::int64_t variant_key);

    // At sign-in: the guest's lines move into the user's cart, a variant in both gets the sum of the
    // quantities (at most 999) and the newer price_seen; lines beyond 100 are left out; the guest
    // cart is deleted. No guest cart: the user's cart as it is. A token that NewGuestToken did not
    // make: kInvalidArgument "invalid_guest_token" (the sign-in flow ignores it and drops the cookie).
    core::Result<MergeResult> Merge(std::string_view guest_token, platform::UserId user);
    core::Result<MergeResult> MergeInTx(store::Tx& tx, std::string_view guest_token, platform::UserId user);

    // After a checkout, inside its transaction: removes these variants' lines from the owner's cart;
    // a line already gone answers kConflict "cart_changed".
    core::Status RemoveLinesInTx(store::Tx& tx, CartId cart, const CartOwner& owner,
                                 std::span<const std::int64_t> variant_keys);
    // The owner's cart inside a transaction (not made when missing; invalid id then).
    core::Result<Cart> FindInTx(store::Tx& tx, const CartOwner& owner);
    // The same, holding the cart's row for the rest of the transaction (the checkout: two checkouts of
    // one cart run one after the other).
    core::Result<Cart> LockInTx(store::Tx& tx, const CartOwner& owner);

    // Deletes up to `limit` guest carts not changed since `before`, with their lines; answers how many.
    core::Result<std::int64_t> PurgeIdleGuestCarts(core::TimePoint before, std::int64_t limit = 1000);

private:
    // The owner's cart id, made when `create`; invalid when missing and not made.
    core::Result<CartId> Resolve(store::Tx& tx, const CartOwner& owner, bool create);
    core::Result<Cart> Load(store::Tx& tx, CartId id);
    core::Result<Cart> Change(const CartOwner& owner, const CartLineInput& line, bool add);

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace jangteo::orders

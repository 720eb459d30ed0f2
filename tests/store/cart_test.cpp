// Carts on every backend: a user's cart made on first open, a guest's on first add; lines in the
// order added; quantity bounds and the line limit refused with nothing changed; one customer never
// reaches another's cart; the merge at sign-in; lines removed after a checkout; idle guest carts
// purged.
#include "orders/cart.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "orders_fixture.hpp"

namespace jangteo::store_test {
namespace {

using core::Money;
using orders::CartLineInput;
using orders::CartOwner;
using namespace std::chrono_literals;

class CartTest : public OrdersFixture {
protected:
    void SetUp() override {
        OrdersFixture::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        carts_.emplace(db(), clock_, random_);
    }

    CartLineInput Line(std::int64_t variant, std::int64_t quantity, std::int64_t price = 8'900) {
        return {.variant_key = variant,
                .product_key = 1000 + variant,
                .merchant = variant % 2 == 0 ? fish_shop_ : shoe_shop_,
                .quantity = quantity,
                .price_seen = Money::Won(price)};
    }

    orders::Cart Add(const CartOwner& owner, const CartLineInput& line) {
        auto cart = carts_->Add(owner, line);
        EXPECT_TRUE(cart.ok()) << cart.error().message;
        return cart.ok() ? *cart : orders::Cart{};
    }

    std::vector<std::pair<std::int64_t, std::int64_t>> Lines(const orders::Cart& cart) {
        std::vector<std::pair<std::int64_t, std::int64_t>> out;
        for (const auto& l : cart.lines) out.emplace_back(l.variant_key, l.quantity);
        return out;
    }
    using Pairs = std::vector<std::pair<std::int64_t, std::int64_t>>;

    std::optional<orders::CartService> carts_;
};

TEST_P(CartTest, GuestTokensAreRandomAndUrlSafe) {
    std::string a = carts_->NewGuestToken();
    std::string b = carts_->NewGuestToken();
    EXPECT_EQ(a.size(), 43u);
    EXPECT_NE(a, b);
    EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    auto bad = carts_->Open(CartOwner::Guest("not-a-token"));
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().reason, "invalid_guest_token");
}

TEST_P(CartTest, GuestCartIsMadeOnFirstAddAndKeepsOrder) {
    CartOwner guest = CartOwner::Guest(carts_->NewGuestToken());
    auto empty = carts_->Open(guest);
    ASSERT_TRUE(empty.ok()) << empty.error().message;
    EXPECT_FALSE(empty->id.valid());
    EXPECT_EQ(Count("orders_carts"), 0);

    Add(guest, Line(2, 1));
    Add(guest, Line(1, 3));
    orders::Cart cart = Add(guest, Line(2, 2));  // increments, keeps its place
    EXPECT_TRUE(cart.id.valid());
    EXPECT_EQ(Lines(cart), (Pairs{{2, 3}, {1, 3}}));
    EXPECT_EQ(Count("orders_carts"), 1);
    // Only the token's hash is stored.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM orders_carts WHERE guest_token_hash = $1", {guest.guest_token}), 0);

    auto set = carts_->SetQuantity(guest, Line(1, 7, 9'900));
    ASSERT_TRUE(set.ok());
    EXPECT_EQ(Lines(*set), (Pairs{{2, 3}, {1, 7}}));
    EXPECT_EQ(set->lines[1].price_seen, Money::Won(9'900));
    auto removed = carts_->SetQuantity(guest, Line(2, 0));
    ASSERT_TRUE(removed.ok());
    EXPECT_EQ(Lines(*removed), (Pairs{{1, 7}}));
    auto gone = carts_->Remove(guest, 1);
    ASSERT_TRUE(gone.ok());
    EXPECT_TRUE(gone->lines.empty());
}

TEST_P(CartTest, UserCartIsMadeOnceOnOpen) {
    auto a = carts_->Open(CartOwner::User(minsu_));
    auto b = carts_->Open(CartOwner::User(minsu_));
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_TRUE(a->id.valid());
    EXPECT_EQ(a->id, b->id);
    EXPECT_EQ(a->user, minsu_);
    EXPECT_EQ(Count("orders_carts"), 1);
}

TEST_P(CartTest, QuantityBoundsChangeNothing) {
    CartOwner owner = CartOwner::User(minsu_);
    Add(owner, Line(1, 998));
    for (std::int64_t q : {0, -1, 1000, 1'000'000}) {
        auto r = carts_->Add(owner, Line(2, q));
        ASSERT_FALSE(r.ok()) << q;
        EXPECT_EQ(r.error().reason, "invalid_quantity");
        EXPECT_EQ(r.error().fields.at(0).field, "quantity");
    }
    auto over = carts_->Add(owner, Line(1, 2));  // 998 + 2 > 999
    ASSERT_FALSE(over.ok());
    EXPECT_EQ(over.error().reason, "invalid_quantity");
    auto set = carts_->SetQuantity(owner, Line(1, 1000));
    ASSERT_FALSE(set.ok());
    auto cart = carts_->Open(owner);
    EXPECT_EQ(Lines(*cart), (Pairs{{1, 998}}));
    EXPECT_TRUE(carts_->Add(owner, Line(1, 1)).ok());  // exactly 999
}

TEST_P(CartTest, AtMostOneHundredLines) {
    CartOwner owner = CartOwner::User(minsu_);
    for (std::int64_t v = 1; v <= 100; ++v) ASSERT_TRUE(carts_->Add(owner, Line(v, 1)).ok()) << v;
    auto full = carts_->Add(owner, Line(101, 1));
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().code, core::ErrorCode::kFailedPrecondition);
    EXPECT_EQ(full.error().reason, "cart_full");
    EXPECT_TRUE(carts_->Add(owner, Line(100, 1)).ok());  // an existing line still grows
    EXPECT_EQ(Count("orders_cart_lines"), 100);
}

TEST_P(CartTest, NobodyReachesAnotherCustomersCart) {
    CartOwner minsu = CartOwner::User(minsu_);
    CartOwner guest = CartOwner::Guest(carts_->NewGuestToken());
    orders::Cart mine = Add(minsu, Line(1, 1));
    orders::Cart theirs = Add(guest, Line(2, 1));
    for (const auto& [cart, owner] :
         std::vector<std::pair<orders::CartId, CartOwner>>{{mine.id, CartOwner::User(jiyoung_)},
                                                           {mine.id, guest},
                                                           {theirs.id, minsu},
                                                           {theirs.id, CartOwner::Guest(carts_->NewGuestToken())}}) {
        auto read = carts_->Lines(cart, owner);
        ASSERT_FALSE(read.ok());
        EXPECT_EQ(read.error().code, core::ErrorCode::kNotFound);
        EXPECT_EQ(read.error().reason, "cart_not_found");
        const std::int64_t keys[] = {1, 2};
        auto removed = db().Write([&](store::Tx& tx) { return carts_->RemoveLinesInTx(tx, cart, owner, keys); });
        ASSERT_FALSE(removed.ok());
        EXPECT_EQ(removed.error().reason, "cart_not_found");
    }
    EXPECT_EQ(Lines(*carts_->Get(mine.id, minsu)), (Pairs{{1, 1}}));
    EXPECT_EQ(Lines(*carts_->Get(theirs.id, guest)), (Pairs{{2, 1}}));
}

TEST_P(CartTest, MergeAtSignInSumsCapsAndDeletesTheGuestCart) {
    CartOwner user = CartOwner::User(minsu_);
    std::string token = carts_->NewGuestToken();
    CartOwner guest = CartOwner::Guest(token);
    Add(user, Line(1, 2, 8'000));
    Add(user, Line(3, 900));
    clock_.Advance(1min);
    Add(guest, Line(1, 5, 7'500));  // newer price
    Add(guest, Line(3, 200));       // 1,100 → 999
    Add(guest, Line(4, 1));
    auto merged = carts_->Merge(token, minsu_);
    ASSERT_TRUE(merged.ok()) << merged.error().message;
    EXPECT_EQ(Lines(merged->cart), (Pairs{{1, 7}, {3, 999}, {4, 1}}));
    EXPECT_EQ(merged->cart.lines[0].price_seen, Money::Won(7'500));
    EXPECT_EQ(merged->moved, 3);
    EXPECT_EQ(merged->dropped, 0);
    EXPECT_TRUE(merged->quantity_capped);
    EXPECT_EQ(Count("orders_carts"), 1);
    EXPECT_FALSE(carts_->Open(guest)->id.valid());
    // A second merge with the same token finds nothing to move.
    auto again = carts_->Merge(token, minsu_);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->moved, 0);
    EXPECT_EQ(Lines(again->cart), (Pairs{{1, 7}, {3, 999}, {4, 1}}));
}

TEST_P(CartTest, MergeIntoAUserWithoutACartAndIntoAFullOne) {
    std::string token = carts_->NewGuestToken();
    Add(CartOwner::Guest(token), Line(5, 2));
    auto merged = carts_->Merge(token, jiyoung_);
    ASSERT_TRUE(merged.ok()) << merged.error().message;
    EXPECT_EQ(merged->cart.user, jiyoung_);
    EXPECT_EQ(Lines(merged->cart), (Pairs{{5, 2}}));

    CartOwner user = CartOwner::User(minsu_);
    for (std::int64_t v = 1; v <= 99; ++v) ASSERT_TRUE(carts_->Add(user, Line(v, 1)).ok());
    std::string other = carts_->NewGuestToken();
    Add(CartOwner::Guest(other), Line(200, 1));
    Add(CartOwner::Guest(other), Line(201, 1));
    Add(CartOwner::Guest(other), Line(1, 1));
    auto full = carts_->Merge(other, minsu_);
    ASSERT_TRUE(full.ok()) << full.error().message;
    EXPECT_EQ(full->cart.lines.size(), 100u);
    EXPECT_EQ(full->moved, 2);
    EXPECT_EQ(full->dropped, 1);
    EXPECT_EQ(full->cart.lines[0].quantity, 2);
}

TEST_P(CartTest, RemoveLinesAfterCheckoutAndPurgeIdleGuests) {
    CartOwner user = CartOwner::User(minsu_);
    Add(user, Line(1, 1));
    Add(user, Line(2, 1));
    orders::Cart cart = Add(user, Line(3, 1));
    const std::int64_t bought[] = {1, 3};
    auto removed = db().Write([&](store::Tx& tx) { return carts_->RemoveLinesInTx(tx, cart.id, user, bought); });
    ASSERT_TRUE(removed.ok()) << removed.error().message;
    EXPECT_EQ(Lines(*carts_->Open(user)), (Pairs{{2, 1}}));

    Add(CartOwner::Guest(carts_->NewGuestToken()), Line(7, 1));
    clock_.Advance(24h * 31);
    CartOwner fresh = CartOwner::Guest(carts_->NewGuestToken());
    Add(fresh, Line(8, 1));
    auto purged = carts_->PurgeIdleGuestCarts(clock_.Now() - 24h * 30);
    ASSERT_TRUE(purged.ok()) << purged.error().message;
    EXPECT_EQ(*purged, 1);
    EXPECT_EQ(Count("orders_carts"), 2);  // the user's (never purged) and the fresh guest's
    EXPECT_EQ(Lines(*carts_->Open(fresh)), (Pairs{{8, 1}}));
}

JANGTEO_STORE_BACKENDS(CartTest, AllBackends());

class CartRaceTest : public CartTest {};

// Two tabs on two servers add to one customer's cart at once: one cart, every unit counted, and
// never more than 100 lines.
TEST_P(CartRaceTest, ConcurrentAddsAreAllCountedAndBounded) {
    std::vector<std::unique_ptr<store::Db>> handles;
    for (int i = 0; i < 2; ++i) {
        handles.push_back(OpenAnother());
        ASSERT_TRUE(handles.back());
    }
    const std::string token = carts_->NewGuestToken();
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            core::SeededRandom random(static_cast<std::uint64_t>(t + 1));
            orders::CartService carts(*handles[static_cast<std::size_t>(t % 2)], clock_, random);
            for (int i = 0; i < 10; ++i) {
                if (!carts.Add(CartOwner::User(minsu_), Line(1, 1)).ok()) ++failures;
                if (!carts.Add(CartOwner::Guest(token), Line(2, 2)).ok()) ++failures;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(Count("orders_carts"), 2);
    EXPECT_EQ(Lines(*carts_->Open(CartOwner::User(minsu_))), (Pairs{{1, 40}}));
    EXPECT_EQ(Lines(*carts_->Open(CartOwner::Guest(token))), (Pairs{{2, 80}}));

    std::atomic<int> full{0};
    threads.clear();
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            core::SeededRandom random(static_cast<std::uint64_t>(t + 11));
            orders::CartService carts(*handles[static_cast<std::size_t>(t % 2)], clock_, random);
            for (int i = 0; i < 30; ++i) {
                auto r = carts.Add(CartOwner::Guest(token), Line(100 + t * 100 + i, 1));
                if (!r.ok() && r.error().reason == "cart_full") ++full;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(Count("orders_cart_lines"), 1 + 100);  // the user's line and the guest's full cart
    EXPECT_EQ(full.load(), 4 * 30 - 99);
}

JANGTEO_STORE_BACKENDS(CartRaceTest, SharedBackends());

}  // namespace
}  // namespace jangteo::store_test

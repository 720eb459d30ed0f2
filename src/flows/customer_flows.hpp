// What a sale or an order does to the customer (issue 7; docs/customers.md "How records arrive"):
// the record that identifies the buyer (resolved in real time into a person), the purchase on the
// merchant's relationship, and the points earned, redeemed and given back — all in the caller's
// transaction, so that a sale and its customer effects commit together or not at all. Every write is
// keyed by what caused it ("pos_sale:psl_…", "order:ord_…", "return:ret_…"), so a retried sale, a
// replayed webhook or an import run again changes nothing.
//
//   flows::CustomerFlows customers(db, profiles, points, members, users);
//   // in the sale's transaction, after the sale is written:
//   JANGTEO_TRY(flows::CounterEffect effect, customers.SaleInTx(tx, sale, original));
//   // in the transaction that makes an order paid:
//   JANGTEO_TRY_STATUS(customers.OrderPaidInTx(tx, order));
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "channels/pos_sale.hpp"
#include "channels/sales_import.hpp"
#include "core/error.hpp"
#include "customers/counter.hpp"
#include "customers/member.hpp"
#include "customers/points.hpp"
#include "customers/profile.hpp"
#include "orders/order.hpp"
#include "platform/user.hpp"
#include "store/db.hpp"

namespace jangteo::flows {

// What a counter sale, return or void did to its customer.
struct CounterEffect {
    std::optional<customers::PersonId> person;  // none: the sale named no customer
    std::int64_t earned = 0;
    std::int64_t redeemed = 0;
    std::int64_t given_back = 0;  // points a return or void gave back
    // A "points" tender that was not taken (the balance, or the merchant's minimum, did not allow it):
    // the points tendered, and the balance there was.
    std::int64_t points_short = 0;
    std::int64_t balance_then = 0;
};

// An item of the counter's customer search (GET /pos/customers): a member (with its person when the
// member has one) or a person who is the merchant's customer but no member.
struct CounterCustomerItem {
    std::optional<customers::Member> member;
    std::optional<customers::PersonId> person;
    std::string card_no, name, phone;
    std::int64_t points = 0;  // the ledger balance with a person; the member's legacy points without
};

// Points a signed-in buyer spends with one merchant of the cart (1 point = 1 won off its order).
struct PointsToSpend {
    platform::MerchantId merchant;
    std::int64_t points = 0;
};

// Resolves each distinct phone or card of a legacy sales import once, and keeps what it found only
// once the chunk that found it has committed (a chunk that rolls back forgets its own finds).
class ImportPersonCache {
public:
    std::optional<customers::PersonId> Find(const std::string& key) const;
    void Stage(const std::string& key, customers::PersonId person) { staged_[key] = person; }
    void Commit();
    void Forget() { staged_.clear(); }
    std::size_t size() const { return known_.size(); }

private:
    std::unordered_map<std::string, customers::PersonId> known_, staged_;
};

// Thread-safe: holds references only.
class CustomerFlows {
public:
    CustomerFlows(store::Db& db, customers::ProfileService& profiles, customers::PointService& points,
                  customers::MemberStore& members, platform::UserService& users)
        : db_(db), profiles_(profiles), points_(points), members_(members), users_(users) {}

    // ---- the counter ----
    // A sale (`original` none), a return or a void (`original` the sale it refers to) just written.
    // A sale without a customer phone or card (nor its original's) does nothing. A record that cannot
    // be read (a card of odd characters) leaves the customer out rather than refusing the sale.
    core::Result<CounterEffect> SaleInTx(store::Tx& tx, const channels::PosSale& sale,
                                         const channels::PosSale* original);
    // The counter's customer search by mobile number: the members first (by member number), then the
    // merchant's other customers with the number. kInvalidArgument "invalid_phone".
    core::Result<std::vector<CounterCustomerItem>> CounterCustomers(platform::MerchantId merchant,
                                                                    std::string_view phone);

    // ---- accounts ----
    // A new account, in the transaction that writes it (the app installs this as the users' NewUserHook):
    // its web record ("usr_…", the same one a first paid order or my page would make), resolved at once,
    // so that the person exists from sign-up on. It never fails the account: a record that cannot be
    // made is rolled back to a savepoint, logged and left to the first order, points or consent, as
    // before; only a store failure that retries the whole transaction is passed on.
    core::Status AccountCreatedInTx(store::Tx& tx, const platform::User& account);

    // ---- web orders ----
    // The buyer's person for points at checkout (a signed-in user's web record, made when missing).
    core::Result<customers::PersonId> UserPersonInTx(store::Tx& tx, platform::UserId user);
    // Redeems the order's points_used ("order:<id>"): kInvalidArgument "invalid_points" under the
    // merchant's minimum, kFailedPrecondition "insufficient_points" beyond the balance.
    core::Result<customers::PointEntry> RedeemForOrderInTx(store::Tx& tx, const orders::Order& order,
                                                           customers::PersonId person);
    // The order became paid: the buyer's record, the purchase, the points earned on what was paid in money.
    core::Status OrderPaidInTx(store::Tx& tx, const orders::Order& order);
    // A refund or return was recorded on a paid order (`r.order` after it).
    core::Status OrderRefundedInTx(store::Tx& tx, const orders::ReturnResult& r);
    // The order was cancelled before it was paid (by the buyer, the merchant or the sweeper): the points
    // it redeemed come back.
    core::Status OrderCancelledUnpaidInTx(store::Tx& tx, const orders::Order& order);

    // ---- imports ----
    // The membership import's second phase: each member of the page becomes a record (source member) and
    // its legacy points an adjust entry ("import:<mbr id>"). Answers the members newly recorded.
    core::Result<std::int64_t> MembersInTx(store::Tx& tx, platform::MerchantId merchant,
                                           std::span<const customers::Member> page);
    // Every member of the merchant through MembersInTx, kMembersPerChunk per transaction, in key order;
    // `on_progress` gets the members walked after each chunk. Members carried before are found in one
    // query per chunk and passed over (customers::MembersCarriedInTx: their records, relationships and
    // points are there), so a second run changes nothing and costs little.
    struct MembersRecorded {
        std::int64_t walked = 0;
        std::int64_t recorded = 0;  // new records
    };
    static constexpr int kMembersPerChunk = 1000;
    core::Result<MembersRecorded> RecordMembers(platform::MerchantId merchant,
                                                const std::function<void(std::int64_t walked)>& on_progress = {});
    // Legacy sales just imported (in the chunk's transaction): for those with a phone or card, the
    // purchase ("import:<sale client id>") on the relationship; no points for history.
    core::Status ImportedSalesInTx(store::Tx& tx, platform::MerchantId merchant,
                                   std::span<const channels::ImportedSale> sales, ImportPersonCache& cache);

private:
    // The account's web record: its name, mobile and e-mail (verified as the account says); a name the
    // identity rules cannot read (an emoji, a company's name) is left out, the contact identifies it.
    core::Result<customers::RecordOutcome> AccountRecordInTx(store::Tx& tx, const platform::User& account);
    // The record of a counter customer (source pos, one per merchant and identifier) and its person.
    core::Result<std::optional<customers::PersonId>> CounterPersonInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                       std::string_view phone, std::string_view card,
                                                                       std::string& card_used);
    core::Result<customers::PersonId> OrderPersonInTx(store::Tx& tx, const orders::Order& order);

    store::Db& db_;
    customers::ProfileService& profiles_;
    customers::PointService& points_;
    customers::MemberStore& members_;
    platform::UserService& users_;
};

// The source_ref of a counter customer's record: "<mrc>:phone:01012345678" or "<mrc>:card:<no>".
std::string CounterRecordRef(platform::MerchantId merchant, std::string_view phone, std::string_view card);

}  // namespace jangteo::flows

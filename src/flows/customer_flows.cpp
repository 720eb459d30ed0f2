#include "flows/customer_flows.hpp"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "core/log.hpp"
#include "core/validate.hpp"
#include "customers/counter.hpp"

namespace jangteo::flows {
namespace {

using customers::PersonId;

std::string Digits(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c >= '0' && c <= '9') out.push_back(c);
    }
    return out;
}

std::int64_t PointsTendered(const channels::PosSale& sale) {
    std::int64_t points = 0;
    for (const auto& p : sale.payments) {
        if (p.method == channels::TenderMethod::kPoints) points += p.amount_won;
    }
    return points;
}

// A customer's record that cannot be read leaves the customer out; the sale or the payment stands.
bool LeftOut(const core::Error& e, std::string_view what) {
    if (e.code != core::ErrorCode::kInvalidArgument) return false;
    core::log::Info("customers.record_left_out", {{"what", std::string(what)}, {"reason", e.reason}});
    return true;
}

}  // namespace

std::string CounterRecordRef(platform::MerchantId merchant, std::string_view phone, std::string_view card) {
    if (!card.empty()) return merchant.ToString() + ":card:" + std::string(card);
    return merchant.ToString() + ":phone:" + Digits(phone);
}

std::optional<PersonId> ImportPersonCache::Find(const std::string& key) const {
    if (auto s = staged_.find(key); s != staged_.end()) return s->second;
    if (auto k = known_.find(key); k != known_.end()) return k->second;
    return std::nullopt;
}

void ImportPersonCache::Commit() {
    for (auto& [k, v] : staged_) known_[k] = v;
    staged_.clear();
}

// ---- the counter ----

core::Result<std::optional<PersonId>> CustomerFlows::CounterPersonInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                       std::string_view phone, std::string_view card,
                                                                       std::string& card_used) {
    card_used = std::string(card);
    if (card.empty() && !phone.empty()) {
        // The safe merchant-local rule: when exactly one member or customer of this merchant has the
        // number, the record carries their card, so that the same-card rule joins it to them; two or
        // more (a family's shared number, a reused one) leave it to resolution.
        JANGTEO_TRY(std::vector<customers::Member> members, members_.FindByPhoneInTx(tx, merchant, phone));
        JANGTEO_TRY(std::vector<customers::CounterCustomer> known,
                    customers::CustomersByPhoneInTx(tx, merchant, phone));
        std::vector<std::string> refs;
        for (const auto& m : members) refs.push_back(m.id.ToString());
        JANGTEO_TRY(auto person_of, customers::PersonsOfRecordsInTx(tx, customers::RecordSource::kMember, refs));
        std::set<std::string> who;
        std::string only_card;
        for (const auto& m : members) {
            auto p = person_of.find(m.id.ToString());
            who.insert(p != person_of.end() ? p->second.ToString() : m.id.ToString());
            only_card = m.card_no;
        }
        for (const auto& c : known) {
            if (who.insert(c.person.ToString()).second) only_card = c.card_no;
        }
        if (who.size() == 1) card_used = only_card;
    }
    customers::RecordInput in{.merchant = merchant,
                              .source = customers::RecordSource::kPos,
                              .source_ref = CounterRecordRef(merchant, phone, card),
                              .phone = std::string(phone),
                              .card_no = card_used};
    auto got = profiles_.RecordInTx(tx, in);
    if (!got.ok()) {
        if (LeftOut(got.error(), "pos")) return std::optional<PersonId>();
        return std::move(got).error();
    }
    return std::optional<PersonId>(got->person);
}

core::Result<CounterEffect> CustomerFlows::SaleInTx(store::Tx& tx, const channels::PosSale& sale,
                                                    const channels::PosSale* original) {
    CounterEffect effect;
    const platform::MerchantId merchant = sale.merchant;
    // A return or void belongs to the customer of the sale it refers to.
    std::string phone = original && !original->customer_phone.empty() ? original->customer_phone : sale.customer_phone;
    std::string card = original && !original->customer_card.empty() ? original->customer_card : sale.customer_card;
    if (phone.empty() && card.empty()) return effect;
    std::string card_used;
    JANGTEO_TRY(std::optional<PersonId> person, CounterPersonInTx(tx, merchant, phone, card, card_used));
    if (!person) return effect;
    effect.person = person;
    const std::string ref = "pos_sale:" + sale.id.ToString();

    if (sale.kind == channels::SaleKind::kSale) {
        const std::int64_t tendered = PointsTendered(sale);
        if (sale.total_won > 0) {
            JANGTEO_TRY(bool added, profiles_.RecordPurchaseInTx(tx, merchant, *person, sale.total_won, sale.sold_at,
                                                                 ref, card_used));
            (void)added;
        }
        // Redeemed before earning: the points this sale earns are not spent on it.
        if (tendered > 0) {
            auto used = points_.RedeemInTx(tx, merchant, *person, tendered, ref);
            if (used.ok()) {
                effect.redeemed = -used->delta;
            } else if (used.error().code == core::ErrorCode::kFailedPrecondition ||
                       used.error().code == core::ErrorCode::kInvalidArgument) {
                // The sale has happened: it is not refused; the back office sees what was not covered.
                effect.points_short = tendered;
                JANGTEO_TRY(effect.balance_then, points_.BalanceInTx(tx, merchant, *person));
            } else {
                return std::move(used).error();
            }
        }
        JANGTEO_TRY(std::optional<customers::PointEntry> earned,
                    points_.EarnInTx(tx, merchant, *person, sale.total_won - tendered, ref));
        if (earned) effect.earned = earned->delta;
        return effect;
    }
    if (!original) return effect;
    const std::string sale_ref = "pos_sale:" + original->id.ToString();
    // A void is a return of everything: one kind in the history ("pos_return"), a void's own id.
    const std::string back_ref = "pos_return:" + sale.id.ToString();
    const bool void_all = sale.kind == channels::SaleKind::kVoid;
    const std::int64_t amount = void_all ? original->total_won : sale.total_won;
    if (amount > 0) {
        JANGTEO_TRY(bool added, profiles_.RecordPurchaseInTx(tx, merchant, *person, -amount, sale.sold_at, back_ref));
        (void)added;
    }
    const std::int64_t paid_in_money = original->total_won - PointsTendered(*original);
    const std::int64_t points_back = void_all ? PointsTendered(*original) : PointsTendered(sale);
    const std::int64_t money_back = void_all ? paid_in_money : std::max<std::int64_t>(0, amount - points_back);
    JANGTEO_TRY(std::optional<customers::PointEntry> reversed,
                points_.ReverseEarnInTx(tx, merchant, sale_ref, money_back, paid_in_money, back_ref));
    if (reversed) effect.earned = reversed->delta;
    std::optional<customers::PointEntry> given;
    if (void_all) {
        JANGTEO_TRY(given, points_.ReverseRedeemInTx(tx, merchant, sale_ref));
    } else if (points_back > 0) {
        JANGTEO_TRY(given, points_.GiveBackInTx(tx, merchant, sale_ref, points_back, back_ref));
    }
    if (given) effect.given_back = given->delta;
    return effect;
}

core::Result<std::vector<CounterCustomerItem>> CustomerFlows::CounterCustomers(platform::MerchantId merchant,
                                                                               std::string_view phone) {
    auto normal = core::NormalizeKoreanMobile(phone);
    if (!normal) {
        return core::Error::Invalid("invalid_phone", "not a mobile number",
                                    {{"phone", "invalid_phone", "a Korean mobile number such as 010-1234-5678"}});
    }
    // A write: reading a balance records the expiry of what is due.
    return db_.Write([&](store::Tx& tx) -> core::Result<std::vector<CounterCustomerItem>> {
        std::vector<CounterCustomerItem> out;
        JANGTEO_TRY(std::vector<customers::Member> members, members_.FindByPhoneInTx(tx, merchant, *normal));
        std::vector<std::string> refs;
        for (const auto& m : members) refs.push_back(m.id.ToString());
        JANGTEO_TRY(auto person_of, customers::PersonsOfRecordsInTx(tx, customers::RecordSource::kMember, refs));
        std::set<std::int64_t> seen;
        for (auto& m : members) {
            CounterCustomerItem item{.card_no = m.card_no, .name = m.name, .phone = m.phone, .points = m.points};
            if (auto p = person_of.find(m.id.ToString()); p != person_of.end()) {
                item.person = p->second;
                seen.insert(p->second.key());
                JANGTEO_TRY(item.points, points_.BalanceInTx(tx, merchant, p->second));
            }
            item.member = std::move(m);
            out.push_back(std::move(item));
        }
        JANGTEO_TRY(std::vector<customers::CounterCustomer> known,
                    customers::CustomersByPhoneInTx(tx, merchant, *normal));
        for (auto& c : known) {
            if (!seen.insert(c.person.key()).second) continue;
            CounterCustomerItem item{.person = c.person, .card_no = c.card_no, .name = c.name, .phone = *normal};
            JANGTEO_TRY(item.points, points_.BalanceInTx(tx, merchant, c.person));
            out.push_back(std::move(item));
        }
        return out;
    });
}

// ---- accounts ----

core::Result<customers::RecordOutcome> CustomerFlows::AccountRecordInTx(store::Tx& tx, const platform::User& account) {
    customers::RecordInput in{.source = customers::RecordSource::kWeb,
                              .source_ref = account.id.ToString(),
                              .name = account.name,
                              .phone = account.mobile.value_or(""),
                              .email = account.email,
                              .email_verified = account.email_verified_at.has_value()};
    auto got = profiles_.RecordInTx(tx, in);
    if (!got.ok() && got.error().code == core::ErrorCode::kInvalidArgument) {
        in.name.clear();
        got = profiles_.RecordInTx(tx, in);
    }
    return got;
}

core::Status CustomerFlows::AccountCreatedInTx(store::Tx& tx, const platform::User& account) {
    // A savepoint, so that a record refused half-way leaves nothing behind in the account's transaction.
    JANGTEO_TRY_STATUS(tx.ExecScript("SAVEPOINT jt_account_record"));
    auto got = AccountRecordInTx(tx, account);
    if (!got.ok()) {
        if (store::IsRetryable(got.error())) return std::move(got).error();
        JANGTEO_TRY_STATUS(tx.ExecScript("ROLLBACK TO SAVEPOINT jt_account_record"));
        core::log::Warn("customers.account_record_left_out",
                        {{"user", account.id.ToString()},
                         {"code", std::string(core::ErrorCodeName(got.error().code))},
                         {"reason", got.error().reason}});
    }
    return tx.ExecScript("RELEASE SAVEPOINT jt_account_record");
}

// ---- web orders ----

core::Result<PersonId> CustomerFlows::UserPersonInTx(store::Tx& tx, platform::UserId user) {
    JANGTEO_TRY(platform::User account, platform::UserService::GetInTx(tx, user));
    JANGTEO_TRY(customers::RecordOutcome got, AccountRecordInTx(tx, account));
    return got.person;
}

core::Result<customers::PointEntry> CustomerFlows::RedeemForOrderInTx(store::Tx& tx, const orders::Order& order,
                                                                      PersonId person) {
    return points_.RedeemInTx(tx, order.merchant, person, order.points_used, "order:" + order.id.ToString());
}

core::Result<PersonId> CustomerFlows::OrderPersonInTx(store::Tx& tx, const orders::Order& order) {
    if (order.customer.user) return UserPersonInTx(tx, *order.customer.user);
    customers::RecordInput in{.merchant = order.merchant,
                              .source = customers::RecordSource::kOrder,
                              .source_ref = order.id.ToString(),
                              .name = order.customer.name,
                              .email = order.customer.email};
    // A landline is a contact, not an identifier of a person.
    if (core::NormalizeKoreanMobile(order.customer.phone)) in.phone = order.customer.phone;
    if (order.address) {
        in.postal_code = order.address->postal_code;
        in.address = order.address->road_address;
    }
    auto got = profiles_.RecordInTx(tx, in);
    if (!got.ok() && got.error().code == core::ErrorCode::kInvalidArgument) {
        in.name.clear();
        in.address.clear();
        got = profiles_.RecordInTx(tx, in);
    }
    if (!got.ok()) return std::move(got).error();
    return got->person;
}

core::Status CustomerFlows::OrderPaidInTx(store::Tx& tx, const orders::Order& order) {
    auto person = OrderPersonInTx(tx, order);
    if (!person.ok()) {
        if (LeftOut(person.error(), "order")) return {};
        return std::move(person).error();
    }
    const std::string ref = "order:" + order.id.ToString();
    const std::int64_t goods = order.subtotal.won();
    if (goods > 0) {
        JANGTEO_TRY(bool added,
                    profiles_.RecordPurchaseInTx(tx, order.merchant, *person, goods, order.updated_at, ref));
        (void)added;
    }
    // Earned on the goods paid in money: not on the points spent, nor on the delivery fee.
    JANGTEO_TRY(std::optional<customers::PointEntry> earned,
                points_.EarnInTx(tx, order.merchant, *person, goods - order.points_used, ref));
    (void)earned;
    return {};
}

core::Status CustomerFlows::OrderRefundedInTx(store::Tx& tx, const orders::ReturnResult& r) {
    const orders::Order& o = r.order;
    const std::int64_t goods = o.subtotal.won();
    if (goods <= 0) return {};
    const bool cancelled = o.status == orders::OrderStatus::kCancelled;
    std::int64_t amount = 0;
    if (cancelled) {
        amount = goods;
    } else if (!r.recorded.lines.empty()) {
        for (const auto& returned : r.recorded.lines) {
            for (const auto& line : o.lines) {
                if (line.line_no == returned.line_no) amount += line.unit_price.won() * returned.quantity;
            }
        }
    } else {
        amount = r.recorded.refund.won();
    }
    amount = std::min(amount, goods);
    const std::string ref = cancelled ? "cancel:" + o.id.ToString() : "return:" + r.recorded.id.ToString();
    const std::string order_ref = "order:" + o.id.ToString();
    if (amount > 0) {
        auto person = OrderPersonInTx(tx, o);
        if (!person.ok()) {
            if (LeftOut(person.error(), "order")) return {};
            return std::move(person).error();
        }
        JANGTEO_TRY(bool added,
                    profiles_.RecordPurchaseInTx(tx, o.merchant, *person, -amount, r.recorded.created_at, ref));
        (void)added;
        JANGTEO_TRY(std::optional<customers::PointEntry> reversed,
                    points_.ReverseEarnInTx(tx, o.merchant, order_ref, amount, goods, ref));
        (void)reversed;
    }
    if (cancelled || o.payment_status == orders::PaymentStatus::kRefunded) {
        JANGTEO_TRY(std::optional<customers::PointEntry> back, points_.ReverseRedeemInTx(tx, o.merchant, order_ref));
        (void)back;
    }
    return {};
}

core::Status CustomerFlows::OrderCancelledUnpaidInTx(store::Tx& tx, const orders::Order& order) {
    if (order.points_used <= 0) return {};
    JANGTEO_TRY(std::optional<customers::PointEntry> back,
                points_.ReverseRedeemInTx(tx, order.merchant, "order:" + order.id.ToString()));
    (void)back;
    return {};
}

// ---- imports ----

core::Result<std::int64_t> CustomerFlows::MembersInTx(store::Tx& tx, platform::MerchantId merchant,
                                                      std::span<const customers::Member> page) {
    std::int64_t recorded = 0;
    for (const auto& m : page) {
        customers::RecordInput in{.merchant = merchant,
                                  .source = customers::RecordSource::kMember,
                                  .source_ref = m.id.ToString(),
                                  .name = m.name,
                                  .phone = m.phone,
                                  .email = m.email,
                                  .birth_date = m.birth_date,
                                  .postal_code = m.postal_code,
                                  .address = m.address,
                                  .card_no = m.card_no};
        auto got = profiles_.RecordInTx(tx, in);
        if (!got.ok() && got.error().code == core::ErrorCode::kInvalidArgument) {
            // The member list took what the identity rules refuse (a name of letters the rules cannot
            // read): the member is still known by its card and contact.
            in.name.clear();
            in.address.clear();
            got = profiles_.RecordInTx(tx, in);
        }
        if (!got.ok()) {
            if (LeftOut(got.error(), "member")) continue;
            return std::move(got).error();
        }
        if (got->decision != customers::RecordDecision::kExisting) ++recorded;
        // A member is the shop's customer before it buys anything through the platform.
        JANGTEO_TRY_STATUS(profiles_.EnsureRelationshipInTx(tx, merchant, got->person, m.card_no));
        if (m.points > 0) {
            JANGTEO_TRY(customers::PointEntry carried,
                        points_.AdjustInTx(tx, merchant, got->person, m.points, "import:" + m.id.ToString()));
            (void)carried;
        }
    }
    return recorded;
}

core::Result<CustomerFlows::MembersRecorded> CustomerFlows::RecordMembers(
    platform::MerchantId merchant, const std::function<void(std::int64_t walked)>& on_progress) {
    MembersRecorded out;
    std::int64_t after = 0;
    for (;;) {
        std::int64_t last = after, walked = 0, recorded = 0;
        JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY(std::vector<customers::Member> page, members_.PageInTx(tx, merchant, after, kMembersPerChunk));
            walked = static_cast<std::int64_t>(page.size());
            if (page.empty()) return {};
            last = page.back().id.key();
            // A list imported again is mostly members carried before: one query finds them, and only
            // the rest (new, left out before, carried in part) take the per-member path.
            JANGTEO_TRY(std::unordered_set<std::string> carried, customers::MembersCarriedInTx(tx, merchant, page));
            std::erase_if(page, [&](const customers::Member& m) { return carried.contains(m.id.ToString()); });
            JANGTEO_TRY(recorded, MembersInTx(tx, merchant, page));
            return {};
        }));
        if (walked == 0) break;
        out.walked += walked;
        out.recorded += recorded;
        after = last;
        if (on_progress) on_progress(out.walked);
        if (walked < kMembersPerChunk) break;
    }
    return out;
}

core::Status CustomerFlows::ImportedSalesInTx(store::Tx& tx, platform::MerchantId merchant,
                                              std::span<const channels::ImportedSale> sales, ImportPersonCache& cache) {
    for (const auto& s : sales) {
        const std::int64_t amount = s.kind == channels::SaleKind::kReturn ? -s.total_won : s.total_won;
        if (amount == 0) continue;
        const std::string key = s.card.empty() ? "p:" + s.phone : "c:" + s.card + "|" + s.phone;
        std::optional<PersonId> person = cache.Find(key);
        std::string card_used = s.card;
        if (!person) {
            JANGTEO_TRY(person, CounterPersonInTx(tx, merchant, s.phone, s.card, card_used));
            if (!person) continue;
            cache.Stage(key, *person);
        }
        JANGTEO_TRY(bool added,
                    profiles_.RecordPurchaseInTx(tx, merchant, *person, amount, s.sold_at, "import:" + s.client_id));
        (void)added;
    }
    return {};
}

}  // namespace jangteo::flows

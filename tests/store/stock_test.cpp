// Stock on every backend: locations checked field by field; receipts, adjustments, counts and
// transfers each a ledger row, with on hand always the ledger's sum; reservations that take only
// what is available, all or nothing per order, released or sold once however often they are asked;
// and many checkouts racing for the last units on two handles of one database selling exactly what
// there is.
#include "inventory/stock.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "backend_fixture.hpp"
#include "inventory/location.hpp"
#include "platform/merchant.hpp"
#include "platform/operator.hpp"
#include "platform/region.hpp"
#include "platform/user.hpp"

namespace jangteo::store_test {
namespace {

using core::ErrorCode;
using inventory::Actor;
using inventory::ActorKind;
using inventory::Adjustment;
using inventory::LocationId;
using inventory::LocationInput;
using inventory::LocationKind;
using inventory::Reason;
using inventory::ReservationRequest;

const platform::WeakParamsForTests kFast{{1, 8 * 1024}};
constexpr std::int64_t kMackerel = 1001;
constexpr std::int64_t kSquid = 1002;

std::vector<std::pair<std::string, std::string>> FieldsOf(const core::Error& e) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : e.fields) out.emplace_back(f.field, f.code);
    return out;
}

class StockTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        std::vector<store::Migration> all;
        for (const auto& m : platform::SchemaMigrations()) all.push_back(m);
        for (const auto& m : inventory::SchemaMigrations()) all.push_back(m);
        auto applied = store::Migrator(db(), all).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        platform::UserService users(db(), clock_, random_, hasher_);
        auto owner = users.SignUp({"owner@example.kr", std::nullopt, "김사장", "바다가보이는부산항구"});
        ASSERT_TRUE(owner.ok());
        owner_ = owner->id;
        platform::MerchantService merchants(db(), clock_, random_, platform::BusanRegion());
        auto a = merchants.Apply(owner->id, Shop("2208162517"), "");
        auto b = merchants.Apply(owner->id, Shop("1234567891"), "");
        ASSERT_TRUE(a.ok() && b.ok());
        shop_ = a->id;
        other_ = b->id;
        locations_.emplace(db(), clock_, random_, platform::BusanRegion());
        stock_.emplace(db(), clock_, random_);
        auto counter = locations_->Create(shop_, Place(LocationKind::kShop, "광안리점"));
        auto depot = locations_->Create(shop_, Place(LocationKind::kWarehouse, "감천 창고"));
        ASSERT_TRUE(counter.ok()) << counter.error().message;
        ASSERT_TRUE(depot.ok()) << depot.error().message;
        counter_ = counter->id;
        depot_ = depot->id;
    }

    static platform::MerchantInput Shop(const std::string& number) {
        return {.name_ko = "자갈치 고등어",
                .business_number = number,
                .representative = "김사장",
                .industry_code = "seafood",
                .district_code = "26110",
                .address = "부산광역시 중구 자갈치해안로 52",
                .phone = "051-245-2594"};
    }

    static LocationInput Place(LocationKind kind, std::string name) {
        LocationInput in{.kind = kind,
                         .name_ko = std::move(name),
                         .name_en = "Gwangalli",
                         .district_code = "26500",
                         .postal_code = "48303",
                         .road_address = "부산 수영구 광안해변로 219",
                         .phone = "0517541234",
                         .pickup = kind == LocationKind::kShop};
        for (int d = 0; d < 6; ++d) in.hours[d] = inventory::DayHours{"09:00", "21:00"};
        return in;
    }

    // Applies one adjustment in its own transaction.
    core::Status Adjust(LocationId where, std::int64_t variant, std::int64_t delta, Reason reason = Reason::kReceipt) {
        return db().Write([&](store::Tx& tx) -> core::Status {
            std::vector<Adjustment> one{{where, variant, delta, reason, ""}};
            auto r = stock_->AdjustInTx(tx, shop_, one, user_);
            if (!r.ok()) return core::Status(std::move(r).error());
            return core::Status();
        });
    }

    inventory::StockLevel Level(LocationId where, std::int64_t variant) {
        auto levels = stock_->Levels(shop_, {.location = where, .variant_keys = {variant}});
        EXPECT_TRUE(levels.ok());
        if (!levels.ok() || levels->empty()) return {};
        return levels->front();
    }

    // Every stock row's on hand against the sum of its ledger: the number of rows that disagree.
    std::int64_t LedgerMismatches() {
        return QueryInt(
            "SELECT count(*) FROM inventory_stock s WHERE s.on_hand <> (SELECT COALESCE(SUM(m.delta), 0)"
            " FROM inventory_movements m WHERE m.location_id = s.location_id AND m.variant_id = s.variant_id)");
    }

    core::Result<inventory::ReservationResult> Reserve(std::int64_t order, std::vector<ReservationRequest> requests,
                                                       store::Db* on = nullptr) {
        store::Db& target = on ? *on : db();
        return target.Write([&](store::Tx& tx) { return stock_->ReserveInTx(tx, shop_, order, requests); });
    }

    core::ManualClock clock_{core::FromUnixMicros(1'795'000'000'000'000)};
    core::SeededRandom random_{7};
    platform::PasswordHasher hasher_{kFast};
    std::optional<inventory::LocationService> locations_;
    std::optional<inventory::StockService> stock_;
    platform::UserId owner_;
    platform::MerchantId shop_, other_;
    LocationId counter_, depot_;
    Actor user_{ActorKind::kUser, 42};
};

TEST_P(StockTest, LocationsAreCheckedFieldByFieldAndKeptPerMerchant) {
    LocationInput bad = Place(LocationKind::kWarehouse, "");
    bad.postal_code = "4830";
    bad.district_code = "11110";
    bad.phone = "12345";
    bad.hours[0] = inventory::DayHours{"21:00", "09:00"};
    bad.hours[1] = inventory::DayHours{"25:00", "26:00"};
    bad.territory.postal_ranges = {{"48100", "48000"}};
    bad.pickup = true;
    auto refused = locations_->Create(shop_, bad);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().reason, "invalid_location");
    auto fields = FieldsOf(refused.error());
    for (auto expected :
         std::vector<std::pair<std::string, std::string>>{{"name_ko", "required"},
                                                          {"district_code", "unknown_district"},
                                                          {"postal_code", "invalid_postal_code"},
                                                          {"phone", "invalid_phone"},
                                                          {"hours[0].close", "closes_before_opening"},
                                                          {"hours[1].open", "invalid_time"},
                                                          {"pickup", "warehouse_pickup"},
                                                          {"territory.postal_ranges[0]", "invalid_range"}}) {
        EXPECT_NE(std::find(fields.begin(), fields.end(), expected), fields.end()) << expected.first;
    }
    EXPECT_EQ(QueryInt("SELECT count(*) FROM inventory_locations"), 2) << "nothing written";

    auto read = locations_->Get(shop_, counter_);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->phone, "051-754-1234");
    EXPECT_EQ(read->hours[0], (inventory::DayHours{"09:00", "21:00"}));
    EXPECT_FALSE(read->hours[6]);
    EXPECT_EQ(locations_->Get(other_, counter_).error().code, ErrorCode::kNotFound);
    auto theirs = locations_->List(other_);
    ASSERT_TRUE(theirs.ok());
    EXPECT_TRUE(theirs->empty());

    // A stale version is refused; closing a location that holds stock too.
    LocationInput edit = Place(LocationKind::kShop, "광안리 본점");
    edit.territory = {.districts = {"26500", "26350"}, .postal_ranges = {{"48200", "48299"}}};
    auto updated = locations_->Update(shop_, counter_, edit, read->version);
    ASSERT_TRUE(updated.ok()) << updated.error().message;
    EXPECT_EQ(updated->name_ko, "광안리 본점");
    EXPECT_TRUE(updated->territory.Covers("26350", "00000"));
    EXPECT_TRUE(updated->territory.Covers("26110", "48250"));
    EXPECT_FALSE(updated->territory.Covers("26110", "48300"));
    EXPECT_EQ(locations_->Update(shop_, counter_, edit, read->version).error().reason, "version_changed");
    ASSERT_TRUE(Adjust(counter_, kMackerel, 3).ok());
    edit.active = false;
    EXPECT_EQ(locations_->Update(shop_, counter_, edit, updated->version).error().reason, "location_has_stock");
}

TEST_P(StockTest, EveryChangeIsALedgerRowAndOnHandIsItsSum) {
    ASSERT_TRUE(Adjust(counter_, kMackerel, 10).ok());
    ASSERT_TRUE(Adjust(depot_, kMackerel, 5).ok());
    ASSERT_TRUE(Adjust(counter_, kSquid, 4).ok());
    ASSERT_TRUE(Adjust(counter_, kMackerel, -1, Reason::kShopSale).ok());
    EXPECT_EQ(Level(counter_, kMackerel).on_hand, 9);

    // Not below zero; a receipt cannot take away; a reason only the system records is refused.
    auto below = Adjust(depot_, kMackerel, -6, Reason::kAdjustment);
    EXPECT_EQ(below.error().reason, "insufficient_stock");
    EXPECT_EQ(Adjust(depot_, kMackerel, -1, Reason::kReceipt).error().reason, "invalid_adjustment");
    EXPECT_EQ(Adjust(depot_, kMackerel, 1, Reason::kOnlineSale).error().reason, "invalid_adjustment");
    EXPECT_EQ(Adjust(depot_, kMackerel, 0, Reason::kAdjustment).error().reason, "invalid_adjustment");
    EXPECT_EQ(Level(depot_, kMackerel).on_hand, 5);

    // A count writes the difference, and nothing where it matches.
    auto count = db().Write([&](store::Tx& tx) {
        std::vector<inventory::CountLine> lines{{kMackerel, 7}, {kSquid, 4}};
        return stock_->CountInTx(tx, shop_, counter_, lines, "월말 재고조사", user_);
    });
    ASSERT_TRUE(count.ok()) << count.error().message;
    EXPECT_EQ(Level(counter_, kMackerel).on_hand, 7);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM inventory_movements WHERE reason = 'count'"), 1);
    EXPECT_EQ(QueryInt("SELECT delta FROM inventory_movements WHERE reason = 'count'"), -2);

    // A transfer leaves at once and arrives when received; a cancelled one comes back.
    auto sent = db().Write([&](store::Tx& tx) {
        std::vector<inventory::TransferLine> lines{{kMackerel, 3}};
        return stock_->SendTransferInTx(tx, shop_, depot_, counter_, lines, "", user_);
    });
    ASSERT_TRUE(sent.ok()) << sent.error().message;
    EXPECT_EQ(Level(depot_, kMackerel).on_hand, 2);
    EXPECT_EQ(Level(counter_, kMackerel).on_hand, 7);
    ASSERT_TRUE(stock_->ReceiveTransfer(shop_, sent->id, user_).ok());
    EXPECT_EQ(Level(counter_, kMackerel).on_hand, 10);
    EXPECT_EQ(stock_->ReceiveTransfer(shop_, sent->id, user_).error().reason, "transfer_closed");
    EXPECT_EQ(stock_->CancelTransfer(other_, sent->id, user_).error().code, ErrorCode::kNotFound);
    auto back = db().Write([&](store::Tx& tx) {
        std::vector<inventory::TransferLine> lines{{kSquid, 4}};
        return stock_->SendTransferInTx(tx, shop_, counter_, depot_, lines, "", user_);
    });
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(Level(counter_, kSquid).on_hand, 0);
    ASSERT_TRUE(stock_->CancelTransfer(shop_, back->id, user_).ok());
    EXPECT_EQ(Level(counter_, kSquid).on_hand, 4);
    auto too_many = db().Write([&](store::Tx& tx) {
        std::vector<inventory::TransferLine> lines{{kSquid, 5}};
        return stock_->SendTransferInTx(tx, shop_, counter_, depot_, lines, "", user_);
    });
    EXPECT_EQ(too_many.error().reason, "insufficient_stock");

    EXPECT_EQ(LedgerMismatches(), 0);
    auto ledger = stock_->Ledger(shop_, {.location = counter_, .variant_key = kMackerel, .limit = 2});
    ASSERT_TRUE(ledger.ok());
    ASSERT_EQ(ledger->items.size(), 2u);
    EXPECT_EQ(ledger->items[0].reason, Reason::kTransferIn) << "newest first";
    EXPECT_EQ(ledger->items[0].on_hand_after, 10);
    EXPECT_EQ(ledger->items[0].actor.kind, ActorKind::kUser);
    EXPECT_EQ(ledger->items[0].actor.id, 42);
    EXPECT_EQ(ledger->items[1].reason, Reason::kCount);
    ASSERT_TRUE(ledger->next_before);
    auto older = stock_->Ledger(
        shop_, {.location = counter_, .variant_key = kMackerel, .before_seq = ledger->next_before, .limit = 200});
    ASSERT_TRUE(older.ok());
    EXPECT_EQ(older->items.size(), 2u) << "the shop sale and the receipt";
    EXPECT_FALSE(older->next_before);
    auto theirs = stock_->Ledger(other_, {.limit = 200});
    ASSERT_TRUE(theirs.ok());
    EXPECT_TRUE(theirs->items.empty());
}

TEST_P(StockTest, ReservationsTakeOnlyWhatIsAvailableAndAreReleasedOrSoldOnce) {
    ASSERT_TRUE(Adjust(counter_, kMackerel, 3).ok());
    ASSERT_TRUE(Adjust(depot_, kMackerel, 5).ok());
    ASSERT_TRUE(Adjust(depot_, kSquid, 2).ok());
    ASSERT_TRUE(
        db().Write([&](store::Tx& tx) { return stock_->SetSafetyStockInTx(tx, shop_, counter_, kMackerel, 1); }).ok());
    auto online = db().Read([&](store::Tx& tx) {
        std::vector<std::int64_t> keys{kMackerel, kSquid, 999};
        return stock_->AvailableOnline(tx, keys);
    });
    ASSERT_TRUE(online.ok());
    EXPECT_EQ(*online, (std::vector<std::int64_t>{7, 2, 0}))
        << "2 at the counter beyond its safety stock, 5 in the depot";

    // Pickup: from that location only, within its safety stock.
    auto pickup = Reserve(3, {{kMackerel, 3, counter_}});
    ASSERT_TRUE(pickup.ok());
    EXPECT_FALSE(pickup->ok()) << "3 on hand but 1 kept for the counter";
    auto pickup2 = Reserve(3, {{kMackerel, 2, counter_}});
    ASSERT_TRUE(pickup2.ok() && pickup2->ok());
    EXPECT_EQ(Level(counter_, kMackerel).reserved, 2);
    ASSERT_TRUE(db().Write([&](store::Tx& tx) { return stock_->ReleaseInTx(tx, shop_, 3); }).ok());

    // From the locations in id order, as much as each has, until it is enough; all or nothing.
    auto first = Reserve(1, {{kMackerel, 4}});
    ASSERT_TRUE(first.ok() && first->ok());
    std::int64_t reserved_total = 0;
    for (const auto& a : first->allocations) reserved_total += a.quantity;
    EXPECT_EQ(reserved_total, 4);
    // The 3 left are spread over both locations: one order still gets them all.
    auto split = Reserve(9, {{kMackerel, 3}});
    ASSERT_TRUE(split.ok() && split->ok());
    ASSERT_TRUE(db().Write([&](store::Tx& tx) { return stock_->ReleaseInTx(tx, shop_, 9); }).ok());
    auto short_order = Reserve(2, {{kMackerel, 1}, {kSquid, 3}});
    ASSERT_TRUE(short_order.ok());
    ASSERT_FALSE(short_order->ok());
    ASSERT_EQ(short_order->shortfalls.size(), 1u);
    EXPECT_EQ(short_order->shortfalls[0].variant_key, kSquid);
    EXPECT_EQ(short_order->shortfalls[0].available, 2);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM inventory_reservations WHERE order_key = 2"), 0);
    EXPECT_EQ(QueryInt("SELECT SUM(reserved) FROM inventory_stock"), 4) << "the short order holds nothing";

    // Released once, sold once, whatever is asked twice.
    auto release = [&](std::int64_t order) {
        return db().Write([&](store::Tx& tx) { return stock_->ReleaseInTx(tx, shop_, order); });
    };
    auto sell = [&](std::int64_t order) {
        return db().Write([&](store::Tx& tx) { return stock_->CommitSaleInTx(tx, shop_, order, Actor::System()); });
    };
    EXPECT_EQ(*release(3), 0) << "released once above";
    EXPECT_EQ(*sell(3), 0) << "a released order sells nothing";
    std::int64_t depot_before = Level(depot_, kMackerel).on_hand;
    std::int64_t both_before = depot_before + Level(counter_, kMackerel).on_hand;
    EXPECT_EQ(*sell(1), 4);
    EXPECT_EQ(*sell(1), 0);
    EXPECT_EQ(*release(1), 0) << "a sold order gives nothing back";
    EXPECT_EQ(Level(depot_, kMackerel).on_hand + Level(counter_, kMackerel).on_hand, both_before - 4);
    EXPECT_EQ(Level(depot_, kMackerel).reserved + Level(counter_, kMackerel).reserved, 0);
    depot_before = Level(depot_, kMackerel).on_hand;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM inventory_movements WHERE reason = 'online_sale' AND ref_key = 1"), 1);
    // Another merchant cannot touch the order's reservations.
    auto foreign = db().Write([&](store::Tx& tx) { return stock_->ReleaseInTx(tx, other_, 1); });
    EXPECT_EQ(*foreign, 0);
    // Returned units come back on hand.
    ASSERT_TRUE(db().Write([&](store::Tx& tx) {
                        std::vector<inventory::Allocation> back{{kMackerel, 1, depot_}};
                        return stock_->RestockInTx(tx, shop_, 1, back, user_);
                    })
                    .ok());
    EXPECT_EQ(Level(depot_, kMackerel).on_hand, depot_before + 1);
    EXPECT_EQ(LedgerMismatches(), 0);
    // Stock below what orders hold cannot be adjusted away.
    ASSERT_TRUE(Reserve(4, {{kSquid, 2}})->ok());
    EXPECT_EQ(Adjust(depot_, kSquid, -1, Reason::kAdjustment).error().reason, "insufficient_stock");
    // A count that finds less than orders hold is a fact; the order then cannot ship what is not
    // there, and on hand never goes below zero.
    ASSERT_TRUE(db().Write([&](store::Tx& tx) -> core::Status {
                        std::vector<inventory::CountLine> lines{{kSquid, 1}};
                        auto counted = stock_->CountInTx(tx, shop_, depot_, lines, "", user_);
                        return counted.ok() ? core::Status() : core::Status(std::move(counted).error());
                    })
                    .ok());
    auto short_sale = db().Write([&](store::Tx& tx) { return stock_->CommitSaleInTx(tx, shop_, 4, Actor::System()); });
    ASSERT_FALSE(short_sale.ok());
    EXPECT_EQ(short_sale.error().reason, "insufficient_stock");
    EXPECT_EQ(Level(depot_, kSquid).on_hand, 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM inventory_stock WHERE on_hand < 0"), 0);
}

// Two handles on one database (two servers), many threads each, 200 orders of one unit for 50 units
// spread over two locations: exactly 50 are taken, none twice, and stock never goes below zero.
class StockRaceTest : public StockTest {};

TEST_P(StockRaceTest, RacingCheckoutsSellExactlyWhatThereIs) {
    ASSERT_TRUE(Adjust(counter_, kMackerel, 20).ok());
    ASSERT_TRUE(Adjust(depot_, kMackerel, 30).ok());
    auto second = OpenAnother({.pool_size = 8});
    ASSERT_NE(second, nullptr);
    // A zero quantity is refused before anything is touched.
    EXPECT_EQ(Reserve(1, {{kMackerel, 1}, {kSquid, 0}}).error().reason, "invalid_quantity");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM inventory_reservations"), 0);
    std::atomic<int> accepted{0}, refused{0}, failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            store::Db* on = (t % 2 == 0) ? &db() : second.get();
            for (int i = 0; i < 25; ++i) {
                std::int64_t order = 20'000 + t * 100 + i;
                auto r = Reserve(order, {{kMackerel, 1}}, on);
                if (!r.ok()) {
                    ++failed;
                } else if (r->ok()) {
                    ++accepted;
                } else {
                    ++refused;
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(accepted.load(), 50);
    EXPECT_EQ(refused.load(), 150);
    EXPECT_EQ(QueryInt("SELECT SUM(quantity) FROM inventory_reservations WHERE state = 'held'"), 50);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM inventory_stock WHERE reserved > on_hand OR on_hand < 0"), 0);
    EXPECT_EQ(QueryInt("SELECT SUM(reserved) FROM inventory_stock"), 50);
}

JANGTEO_STORE_BACKENDS(StockTest, AllBackends());
JANGTEO_STORE_BACKENDS(StockRaceTest, SharedBackends());

}  // namespace
}  // namespace jangteo::store_test

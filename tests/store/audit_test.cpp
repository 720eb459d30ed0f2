// The audit log on every backend: events are read back newest first with every field; a merchant's
// list holds only its own events; the action filter, alone and with the merchant; keyset pages that
// together give the whole list once, also when several events share a microsecond and when new
// events arrive between pages; bad cursors and limits are field errors; long text is cut, never
// refused; and an event stands or falls with the transaction of its change.
#include "platform/audit.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "backend_fixture.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "platform/operator.hpp"
#include "store/migration.hpp"

namespace jangteo::store_test {
namespace {

using core::ErrorCode;
using platform::AuditEvent;
using platform::AuditEventId;
using platform::AuditLog;
using platform::AuditPage;
using platform::AuditQuery;
using platform::MerchantId;
using platform::UserId;
using namespace std::chrono_literals;

class AuditTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        auto migrations = platform::SchemaMigrations();
        auto applied = store::Migrator(db(), {migrations.begin(), migrations.end()}).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        log_.emplace(db());
    }

    void Record(const AuditEvent& event) {
        auto st = db().Write(
            [&](store::Tx& tx) -> core::Status { return platform::RecordAudit(tx, clock_, random_, event); });
        ASSERT_TRUE(st.ok()) << st.error().message;
    }

    // Records `action` for `merchant` (none when absent) with the subject "n<n>", then moves the clock on.
    void Event(std::string action, std::optional<MerchantId> merchant, int n, std::chrono::microseconds step = 1s) {
        Record({.action = std::move(action),
                .actor_user = kAdmin,
                .merchant = merchant,
                .subject = "n" + std::to_string(n),
                .client_address = "203.0.113.7"});
        clock_.Advance(step);
    }

    AuditPage List(const AuditQuery& query) {
        auto page = log_->List(query);
        EXPECT_TRUE(page.ok()) << page.error().reason << ": " << page.error().message;
        return page.ok() ? std::move(*page) : AuditPage{};
    }

    static std::vector<std::string> Subjects(const AuditPage& page) {
        std::vector<std::string> out;
        for (const auto& r : page.items) out.push_back(r.event.subject);
        return out;
    }

    // Every page of `query` in turn, as subjects.
    std::vector<std::string> AllPages(AuditQuery query, int* pages) {
        std::vector<std::string> out;
        *pages = 0;
        for (;;) {
            AuditPage page = List(query);
            ++*pages;
            EXPECT_LE(page.items.size(), static_cast<std::size_t>(query.limit));
            for (auto& s : Subjects(page)) out.push_back(std::move(s));
            if (!page.next_cursor || *pages > 100) break;
            EXPECT_EQ(page.items.size(), static_cast<std::size_t>(query.limit));
            query.cursor = page.next_cursor;
        }
        return out;
    }

    static constexpr UserId kAdmin{101};
    static constexpr MerchantId kShop{201};
    static constexpr MerchantId kNeighbour{202};
    const core::TimePoint start_ = core::FromUnixMicros(1'795'000'000'000'000);
    core::ManualClock clock_{start_};
    core::SeededRandom random_{17};
    std::optional<AuditLog> log_;
};
JANGTEO_STORE_BACKENDS(AuditTest, AllBackends());

TEST_P(AuditTest, EventsComeBackNewestFirstWithEveryField) {
    Record({.action = "api_key.created",
            .actor_user = kAdmin,
            .merchant = kShop,
            .subject = "key_0000000000001",
            .client_address = "2001:db8::7",
            .detail = {{"name", "1번 계산대"}, {"scopes", core::json::array{"pos"}}, {"count", 3}}});
    clock_.Advance(1s);
    Record({.action = "api_key.used", .actor_key = platform::ApiKeyId(301), .merchant = kShop});
    clock_.Advance(1s);
    Record({.action = "system.started"});

    AuditPage page = List({});
    ASSERT_EQ(page.items.size(), 3u);
    EXPECT_FALSE(page.next_cursor.has_value());
    EXPECT_EQ(page.items[0].event.action, "system.started");
    EXPECT_EQ(page.items[1].event.action, "api_key.used");
    EXPECT_EQ(page.items[2].event.action, "api_key.created");

    const auto& system = page.items[0];
    EXPECT_EQ(system.occurred_at, start_ + 2s);
    EXPECT_FALSE(system.event.actor_user.has_value());
    EXPECT_FALSE(system.event.actor_key.has_value());
    EXPECT_FALSE(system.event.merchant.has_value());
    EXPECT_EQ(system.event.subject, "");
    EXPECT_EQ(system.event.client_address, "");
    EXPECT_TRUE(system.event.detail.empty());

    EXPECT_EQ(page.items[1].event.actor_key, platform::ApiKeyId(301));
    EXPECT_FALSE(page.items[1].event.actor_user.has_value());

    const auto& created = page.items[2];
    EXPECT_TRUE(created.id.ToString().starts_with("aud_"));
    EXPECT_EQ(created.occurred_at, start_);
    EXPECT_EQ(created.event.actor_user, kAdmin);
    EXPECT_EQ(created.event.merchant, kShop);
    EXPECT_EQ(created.event.subject, "key_0000000000001");
    EXPECT_EQ(created.event.client_address, "2001:db8::7");
    EXPECT_EQ(created.event.detail.at("name").as_string(), "1번 계산대");
    EXPECT_EQ(created.event.detail.at("scopes").as_array().at(0).as_string(), "pos");
    EXPECT_EQ(created.event.detail.at("count").to_number<int>(), 3);
    std::set<AuditEventId> ids;
    for (const auto& r : page.items) ids.insert(r.id);
    EXPECT_EQ(ids.size(), 3u);
}

TEST_P(AuditTest, AMerchantSeesOnlyItsOwnEventsAndTheActionFilterNarrows) {
    Event("merchant.applied", kShop, 1);
    Event("user.signed_in", std::nullopt, 2);
    Event("merchant.applied", kNeighbour, 3);
    Event("merchant.approved", kShop, 4);
    Event("api_key.created", kShop, 5);
    Event("api_key.created", kNeighbour, 6);
    Event("merchant.approved", std::nullopt, 7);  // an odd one without a merchant

    using V = std::vector<std::string>;
    EXPECT_EQ(Subjects(List({})), (V{"n7", "n6", "n5", "n4", "n3", "n2", "n1"}));
    EXPECT_EQ(Subjects(List({.merchant = kShop})), (V{"n5", "n4", "n1"}));
    EXPECT_EQ(Subjects(List({.merchant = kNeighbour})), (V{"n6", "n3"}));
    EXPECT_EQ(Subjects(List({.merchant = MerchantId(999)})), V{});
    EXPECT_EQ(Subjects(List({.action = "merchant.approved"})), (V{"n7", "n4"}));
    EXPECT_EQ(Subjects(List({.merchant = kShop, .action = "merchant.approved"})), V{"n4"});
    EXPECT_EQ(Subjects(List({.merchant = kNeighbour, .action = "merchant.approved"})), V{});
    EXPECT_EQ(Subjects(List({.action = "api_key"})), V{});  // whole actions only, no prefixes
    EXPECT_EQ(Subjects(List({.action = "%"})), V{});
    EXPECT_EQ(Subjects(List({.action = ""})).size(), 7u);  // empty: every action
    EXPECT_EQ(Subjects(List({.action = std::string(300, 'x')})), V{});
}

TEST_P(AuditTest, PagesGiveTheWholeListOnceAlsoWithinOneMicrosecond) {
    // Twelve events, four of them sharing each microsecond, so that page ends fall between events
    // of the same time and only the id orders them.
    std::vector<std::string> expected;
    for (int i = 0; i < 12; ++i)
        Event("user.signed_in", i % 2 == 0 ? std::optional(kShop) : std::nullopt, i,
              i % 4 == 3 ? std::chrono::microseconds(1) : std::chrono::microseconds(0));
    AuditPage whole = List({.limit = 200});
    ASSERT_EQ(whole.items.size(), 12u);
    EXPECT_FALSE(whole.next_cursor.has_value());
    for (std::size_t i = 1; i < whole.items.size(); ++i) {
        const auto& newer = whole.items[i - 1];
        const auto& older = whole.items[i];
        EXPECT_TRUE(newer.occurred_at > older.occurred_at ||
                    (newer.occurred_at == older.occurred_at && newer.id.key() > older.id.key()))
            << i;
    }
    expected = Subjects(whole);

    for (int limit : {1, 3, 5, 11, 12}) {
        SCOPED_TRACE(limit);
        int pages = 0;
        EXPECT_EQ(AllPages({.limit = limit}, &pages), expected);
        EXPECT_EQ(pages, (12 + limit - 1) / limit);
    }
    // The merchant's list pages the same way.
    std::vector<std::string> shop_expected = Subjects(List({.merchant = kShop}));
    ASSERT_EQ(shop_expected.size(), 6u);
    int pages = 0;
    EXPECT_EQ(AllPages({.merchant = kShop, .limit = 4}, &pages), shop_expected);
    EXPECT_EQ(pages, 2);

    // Events that arrive after the first page do not shift the pages after it.
    AuditPage first = List({.limit = 5});
    ASSERT_TRUE(first.next_cursor.has_value());
    clock_.Advance(1min);
    for (int i = 100; i < 103; ++i) Event("user.signed_in", kShop, i);
    AuditPage second = List({.cursor = first.next_cursor, .limit = 5});
    EXPECT_EQ(Subjects(second), std::vector<std::string>(expected.begin() + 5, expected.begin() + 10));
    EXPECT_EQ(Subjects(List({.limit = 3})), (std::vector<std::string>{"n102", "n101", "n100"}));
}

TEST_P(AuditTest, BadCursorsAndLimitsAreFieldErrors) {
    Event("user.signed_in", kShop, 1);
    for (int limit : {0, -1, 201, 100000}) {
        auto r = log_->List({.limit = limit});
        ASSERT_FALSE(r.ok()) << limit;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().reason, "bad_limit");
        ASSERT_EQ(r.error().fields.size(), 1u);
        EXPECT_EQ(r.error().fields[0].field, "limit");
    }
    for (std::string cursor : {"", "abc", "1", "1.", ".1", "-1.5", "1.-5", "1.2.3", "+1.2", "1 .2", "1.2x",
                               "99999999999999999999.1", "0x10.1"}) {
        auto r = log_->List({.cursor = cursor});
        ASSERT_FALSE(r.ok()) << cursor;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().reason, "bad_cursor");
        ASSERT_EQ(r.error().fields.size(), 1u);
        EXPECT_EQ(r.error().fields[0].field, "cursor");
    }
    EXPECT_EQ(List({.limit = 200}).items.size(), 1u);
    EXPECT_EQ(List({.limit = 1}).items.size(), 1u);
    // A well-formed cursor that no page gave is simply a position.
    EXPECT_EQ(List({.cursor = std::string("0.0")}).items.size(), 0u);
}

TEST_P(AuditTest, LongTextIsCutNotRefused) {
    std::string long_subject;
    for (int i = 0; i < 100; ++i) long_subject.append("가");  // 300 bytes
    core::json::object big;
    big["text"] = std::string(5000, 'x');
    Record({.action = std::string(100, 'a'),
            .subject = long_subject,
            .client_address = std::string(100, '1'),
            .detail = std::move(big)});
    AuditPage page = List({});
    ASSERT_EQ(page.items.size(), 1u);
    const AuditEvent& e = page.items[0].event;
    EXPECT_EQ(e.action, std::string(64, 'a'));
    EXPECT_EQ(e.subject.size(), 198u);  // 66 whole syllables: no sequence is split
    EXPECT_EQ(e.subject, long_subject.substr(0, 198));
    EXPECT_EQ(e.client_address, std::string(64, '1'));
    EXPECT_EQ(e.detail.at("truncated").as_bool(), true);
}

TEST_P(AuditTest, AnEventStandsOrFallsWithItsTransaction) {
    auto st = db().Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY_STATUS(platform::RecordAudit(tx, clock_, random_, {.action = "merchant.approved"}));
        return core::Error::Conflict("changed_meanwhile", "the change lost its race");
    });
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(List({}).items.empty());
}

}  // namespace
}  // namespace jangteo::store_test

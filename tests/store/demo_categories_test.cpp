// The demo's category tree on every backend: a dozen and more industries with their subcategories
// and some third levels, Korean and English names, stable codes, and attribute definitions that fit
// each trade (every food category requires the country of origin). A second seeding adds nothing, an
// operator's own tree is left alone, and the same seed makes the same rows, ids and times included,
// while another seed makes other ids under the same codes. On the demo region it is built by the
// demo's operator admin.
#include "catalog/demo_categories.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <variant>

#include "backend_fixture.hpp"
#include "catalog/category.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "platform/demo_seed.hpp"
#include "platform/operator.hpp"
#include "platform/region.hpp"
#include "platform/user.hpp"
#include "store/migration.hpp"

namespace jangteo::store_test {
namespace {

using catalog::AttributeType;
using catalog::CategoryTree;
using catalog::DemoCategoriesSummary;
namespace json = core::json;

const platform::WeakParamsForTests kFast{{1, 8 * 1024}};
const store::DbOptions kOptions{.sqlite_synchronous_full = false};

void Migrate(store::Db& db) {
    std::vector<store::Migration> all;
    for (const auto& m : platform::SchemaMigrations()) all.push_back(m);
    for (const auto& m : catalog::SchemaMigrations()) all.push_back(m);
    auto applied = store::Migrator(db, all).Migrate();
    ASSERT_TRUE(applied.ok()) << applied.error().message;
}

// The rows the tree's seeding writes, in key order, as text.
std::string Digest(store::Db& db) {
    static constexpr store::Sql kTables[] = {
        {"test.digest_categories",
         "SELECT id, parent_id, code, name_ko, name_en, position, active, created_at_us, updated_at_us"
         " FROM catalog_categories ORDER BY id"},
        {"test.digest_category_attributes",
         "SELECT category_id, code, name_ko, name_en, type, required, unit, choices, position"
         " FROM catalog_category_attributes ORDER BY category_id, code"},
        {"test.digest_category_audit",
         "SELECT id, occurred_at_us, action, actor_user_id, subject, client_address FROM platform_audit_events"
         " WHERE action LIKE 'category.%' ORDER BY id"},
        {"test.digest_tree_version", "SELECT version FROM catalog_tree_state"},
    };
    std::string out;
    for (const store::Sql& sql : kTables) {
        auto rows = db.Read([&](store::Tx& tx) { return tx.Query(sql); });
        EXPECT_TRUE(rows.ok()) << sql.name << ": " << rows.error().message;
        if (!rows.ok()) return {};
        out.append(sql.name).push_back('\n');
        for (std::size_t r = 0; r < rows->size(); ++r) {
            for (std::size_t c = 0; c < rows->columns().size(); ++c) {
                const store::Value& v = (*rows)[r].Get(c);
                if (std::holds_alternative<std::nullptr_t>(v)) {
                    out.append("NULL");
                } else if (auto* i = std::get_if<std::int64_t>(&v)) {
                    out.append(std::to_string(*i));
                } else if (auto* b = std::get_if<bool>(&v)) {
                    out.append(*b ? "true" : "false");
                } else {
                    out.append((*rows)[r].TextView(c));
                }
                out.push_back('|');
            }
            out.push_back('\n');
        }
    }
    return out;
}

// The codes of the tree, each with its parent's code, in tree order.
std::string Codes(const CategoryTree& tree) {
    std::string out;
    for (const auto& c : tree.All()) {
        out.append(c.code).push_back('<');
        if (c.parent) out.append(tree.Find(*c.parent)->code);
        out.push_back('\n');
    }
    return out;
}

class DemoCategoriesTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        Reopen(kOptions);
        Migrate(db());
        admin_ = MakeAdmin(db());
    }

    // The same person, with the same id, in every database.
    platform::UserId MakeAdmin(store::Db& db) {
        core::ManualClock clock(core::FromUnixMicros(1'764'547'200'000'000));
        core::SeededRandom random(5);
        platform::UserService users(db, clock, random, hasher_);
        auto made = users.SignUp({"operator@example.kr", std::nullopt, "박운영", "바다가보이는부산항구"});
        EXPECT_TRUE(made.ok()) << made.error().message;
        return made.ok() ? made->id : platform::UserId();
    }

    DemoCategoriesSummary MustSeed(store::Db& db, std::uint64_t seed = platform::kDefaultDemoSeed) {
        auto made = catalog::SeedDemoCategories(db, admin_, seed);
        EXPECT_TRUE(made.ok()) << made.error().reason << ": " << made.error().message;
        return made.ok() ? *made : DemoCategoriesSummary{};
    }

    std::shared_ptr<const CategoryTree> Tree(store::Db& db) {
        catalog::CategoryService categories(db, clock_, random_);
        auto tree = categories.Tree();
        EXPECT_TRUE(tree.ok()) << tree.error().message;
        return tree.ok() ? *tree : std::make_shared<const CategoryTree>(std::vector<catalog::Category>{});
    }

    // Another fresh, migrated database on the same backend as db(), with the same admin or nobody.
    std::unique_ptr<store::Db> FreshDatabase(bool with_admin = true) {
        std::string url = "sqlite::memory:";
        if (GetParam() == Backend::kSqliteFile) {
            auto& dir = dirs_.emplace_back(std::make_unique<testing::TempDir>());
            url = "sqlite://" + (dir->path() / "other.db").string();
        } else if (GetParam() == Backend::kPostgres) {
            std::string why;
            auto& pg = pgs_.emplace_back(testing::FreshPgDatabase::Create(&why));
            EXPECT_NE(pg, nullptr) << why;
            if (!pg) return nullptr;
            url = pg->url();
        }
        auto db = store::Open(url, kOptions);
        EXPECT_TRUE(db.ok()) << url << ": " << db.error().message;
        if (!db.ok()) return nullptr;
        Migrate(**db);
        if (with_admin) {
            EXPECT_EQ(MakeAdmin(**db), admin_);
        }
        return std::move(*db);
    }

    platform::PasswordHasher hasher_{kFast};
    core::ManualClock clock_{core::FromUnixMicros(1'795'000'000'000'000)};
    core::SeededRandom random_{9};
    platform::UserId admin_;

private:
    std::vector<std::unique_ptr<testing::TempDir>> dirs_;
    std::vector<std::unique_ptr<testing::FreshPgDatabase>> pgs_;
};
JANGTEO_STORE_BACKENDS(DemoCategoriesTest, AllBackends());

const catalog::EffectiveAttribute* FindAttribute(const std::vector<catalog::EffectiveAttribute>& all,
                                                 std::string_view code) {
    for (const auto& a : all) {
        if (a.def->code == code) return &a;
    }
    return nullptr;
}

TEST_P(DemoCategoriesTest, BuildsARealisticTree) {
    DemoCategoriesSummary made = MustSeed(db());
    ASSERT_TRUE(made.seeded);
    EXPECT_EQ(made.existing, 0);
    auto tree = Tree(db());

    // Many industries, each with several subcategories, some with a third level.
    const auto roots = tree->Children(std::nullopt);
    EXPECT_GE(roots.size(), 12u);
    EXPECT_EQ(static_cast<int>(roots.size()), made.roots);
    EXPECT_GE(tree->All().size(), 60u);
    EXPECT_EQ(static_cast<int>(tree->All().size()), made.categories);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM catalog_categories"), made.categories);
    for (const catalog::Category* root : roots) {
        const std::size_t children = tree->Children(root->id).size();
        EXPECT_GE(children, 3u) << root->code;
        EXPECT_LE(children, 8u) << root->code;
    }
    std::size_t third_level = 0;
    std::set<std::string> codes;
    for (const auto& c : tree->All()) {
        EXPECT_TRUE(codes.insert(c.code).second) << c.code;
        EXPECT_FALSE(c.name_ko.empty()) << c.code;
        EXPECT_FALSE(c.name_en.empty()) << c.code;
        EXPECT_NE(c.name_ko, c.name_en) << c.code;
        EXPECT_TRUE(c.active) << c.code;
        EXPECT_TRUE(tree->Visible(c.id)) << c.code;
        const std::vector<catalog::CategoryId> path = tree->Path(c.id);
        if (path.size() == 3) ++third_level;
        // A code starts with its parent's: food > food_seafood > food_seafood_fish.
        if (c.parent) {
            EXPECT_TRUE(c.code.starts_with(tree->Find(*c.parent)->code + "_")) << c.code;
        }
    }
    EXPECT_GE(third_level, 15u);
    for (std::string_view code :
         {"food", "food_seafood_fish", "food_agri_fruit", "food_agri_vegetable", "food_agri_grain",
          "fashion_shoes_sneakers", "fashion_shoes_dress", "machinery_bearing", "machinery_tool", "printing_card",
          "printing_flyer", "services_laundry", "services_repair", "electronics", "beauty", "health", "living"}) {
        EXPECT_NE(tree->FindByCode(code), nullptr) << code;
    }
    const catalog::Category* fish = tree->FindByCode("food_seafood_fish");
    ASSERT_NE(fish, nullptr);
    EXPECT_EQ(fish->name_ko, "생선");
    EXPECT_EQ(tree->Find(*tree->Find(*fish->parent)->parent)->code, "food");

    // Every food category requires the country of origin, declared once on 식품; the ones below
    // the top carry a weight in grams.
    const catalog::Category* food = tree->FindByCode("food");
    ASSERT_NE(food, nullptr);
    std::size_t food_categories = 0;
    for (const auto& c : tree->All()) {
        const std::vector<catalog::CategoryId> path = tree->Path(c.id);
        if (path.front() != food->id) continue;
        ++food_categories;
        const auto attributes = tree->Attributes(c.id);
        const catalog::EffectiveAttribute* origin = FindAttribute(attributes, "origin");
        ASSERT_NE(origin, nullptr) << c.code;
        EXPECT_TRUE(origin->def->required) << c.code;
        EXPECT_EQ(origin->def->type, AttributeType::kText);
        EXPECT_EQ(origin->def->name_ko, "원산지");
        EXPECT_EQ(origin->declared_by, food->id);
        const catalog::EffectiveAttribute* expiry = FindAttribute(attributes, "expiry");
        ASSERT_NE(expiry, nullptr) << c.code;
        EXPECT_EQ(expiry->def->type, AttributeType::kDate);
        if (c.id != food->id) {
            const catalog::EffectiveAttribute* weight = FindAttribute(attributes, "weight");
            ASSERT_NE(weight, nullptr) << c.code;
            EXPECT_EQ(weight->def->type, AttributeType::kDecimal);
            EXPECT_EQ(weight->def->unit, "g");
        }
    }
    EXPECT_GE(food_categories, 15u);
    // Outside food (and health supplements) nothing asks for an origin.
    EXPECT_EQ(FindAttribute(tree->Attributes(tree->FindByCode("fashion_shoes_sneakers")->id), "origin"), nullptr);

    // Each trade its own: sizes, colour and material on fashion, a voltage on electronics, a
    // specification on machinery, a number of sheets on printing.
    auto sneakers = tree->Attributes(tree->FindByCode("fashion_shoes_sneakers")->id);
    const catalog::EffectiveAttribute* size = FindAttribute(sneakers, "size");
    ASSERT_NE(size, nullptr);
    EXPECT_EQ(size->def->type, AttributeType::kChoice);
    EXPECT_GE(size->def->choices.size(), 10u);
    EXPECT_NE(FindAttribute(sneakers, "colour"), nullptr);
    EXPECT_NE(FindAttribute(sneakers, "material"), nullptr);
    auto kettle = tree->Attributes(tree->FindByCode("electronics_kitchen")->id);
    const catalog::EffectiveAttribute* voltage = FindAttribute(kettle, "voltage");
    ASSERT_NE(voltage, nullptr);
    std::set<std::string> volts;
    for (const auto& c : voltage->def->choices) volts.insert(c.name_ko);
    EXPECT_TRUE(volts.contains("110V") && volts.contains("220V"));
    auto hand_tool = tree->Attributes(tree->FindByCode("machinery_tool_hand")->id);
    const catalog::EffectiveAttribute* spec = FindAttribute(hand_tool, "spec");
    ASSERT_NE(spec, nullptr);
    EXPECT_EQ(spec->def->name_ko, "규격");
    auto card = tree->Attributes(tree->FindByCode("printing_card")->id);
    const catalog::EffectiveAttribute* sheets = FindAttribute(card, "sheets");
    ASSERT_NE(sheets, nullptr);
    EXPECT_EQ(sheets->def->type, AttributeType::kInteger);

    // Attribute definitions across the tree, every type among them.
    EXPECT_GE(made.attributes, 10);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM catalog_category_attributes"), made.attributes);
    EXPECT_EQ(QueryInt("SELECT count(DISTINCT type) FROM catalog_category_attributes"), 6);

    // The definitions work as a product's would meet them: a mackerel without its origin is
    // refused, with it accepted.
    auto refused = tree->ValidateAttributes(fish->id, json::object{{"weight", 400}});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().reason, "invalid_attributes");
    ASSERT_EQ(refused.error().fields.size(), 1u);
    EXPECT_EQ(refused.error().fields[0].field, "attributes.origin");
    auto accepted = tree->ValidateAttributes(fish->id, json::object{{"origin", "국내산 (부산)"},
                                                                    {"weight", 400},
                                                                    {"wild_or_farmed", "wild"},
                                                                    {"storage", "frozen"},
                                                                    {"expiry", "2026-12-31"}});
    EXPECT_TRUE(accepted.ok()) << accepted.error().message;

    // The operator admin made it, as the audit log says.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'category.created'"
                       " AND actor_user_id = $1 AND client_address = 'seed'",
                       {admin_.key()}),
              made.categories);
    EXPECT_GT(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'category.attributes_changed'"), 20);
}

TEST_P(DemoCategoriesTest, SecondSeedingAddsNothing) {
    DemoCategoriesSummary first = MustSeed(db());
    ASSERT_TRUE(first.seeded);
    const std::string before = Digest(db());
    DemoCategoriesSummary second = MustSeed(db());
    EXPECT_FALSE(second.seeded);
    EXPECT_EQ(second.existing, first.categories);
    EXPECT_EQ(second.categories, 0);
    EXPECT_TRUE(Digest(db()) == before);
    EXPECT_FALSE(MustSeed(db(), 7).seeded);
    EXPECT_TRUE(Digest(db()) == before);
}

TEST_P(DemoCategoriesTest, AnOperatorsOwnTreeIsLeftAlone) {
    catalog::CategoryService categories(db(), clock_, random_);
    auto own = categories.Create({.code = "groceries", .name_ko = "장보기", .name_en = "Groceries"}, admin_, "cli");
    ASSERT_TRUE(own.ok()) << own.error().message;
    const std::string before = Digest(db());
    DemoCategoriesSummary made = MustSeed(db());
    EXPECT_FALSE(made.seeded);
    EXPECT_EQ(made.existing, 1);
    EXPECT_TRUE(Digest(db()) == before);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM catalog_categories"), 1);
}

TEST_P(DemoCategoriesTest, SameSeedSameTreeOtherSeedSameCodes) {
    MustSeed(db());
    const std::string digest = Digest(db());
    ASSERT_GT(digest.size(), 5'000u);
    const std::string codes = Codes(*Tree(db()));

    auto again = FreshDatabase();
    ASSERT_NE(again, nullptr);
    MustSeed(*again);
    EXPECT_TRUE(Digest(*again) == digest) << "the same seed made other rows";

    // Another seed: other ids, the same codes in the same places.
    auto other = FreshDatabase();
    ASSERT_NE(other, nullptr);
    MustSeed(*other, 7);
    EXPECT_FALSE(Digest(*other) == digest);
    EXPECT_EQ(Codes(*Tree(*other)), codes);
    auto mine = Tree(db());
    auto theirs = Tree(*other);
    EXPECT_NE(mine->FindByCode("food")->id, theirs->FindByCode("food")->id);
}

TEST_P(DemoCategoriesTest, TheDemoRegionsAdminBuildsIt) {
    // In a store of real people there is no demo admin, not even someone with its address.
    platform::UserService users(db(), clock_, random_, hasher_);
    auto namesake =
        users.SignUp({std::string(platform::kDemoAdminEmail), std::nullopt, "김관리", "바다가보이는부산항구"});
    ASSERT_TRUE(namesake.ok()) << namesake.error().message;
    platform::DemoSeeder here(db(), platform::BusanRegion(), hasher_);
    auto none = here.DemoAdmin();
    ASSERT_TRUE(none.ok()) << none.error().message;
    EXPECT_FALSE(none->has_value());

    // In the demo region the tree is the demo admin's work.
    auto demo_db = FreshDatabase(/*with_admin=*/false);
    ASSERT_NE(demo_db, nullptr);
    platform::DemoSeeder demo(*demo_db, platform::BusanRegion(), hasher_);
    auto region = demo.Seed();
    ASSERT_TRUE(region.ok()) << region.error().message;
    ASSERT_TRUE(region->seeded);
    auto admin = demo.DemoAdmin();
    ASSERT_TRUE(admin.ok()) << admin.error().message;
    ASSERT_TRUE(admin->has_value());
    EXPECT_EQ(**admin, region->admin.id);
    auto tree = catalog::SeedDemoCategories(*demo_db, **admin);
    ASSERT_TRUE(tree.ok()) << tree.error().message;
    EXPECT_TRUE(tree->seeded);
    EXPECT_GE(tree->categories, 60);
    constexpr store::Sql kByAdmin{"test.categories_by_admin",
                                  "SELECT count(*) FROM platform_audit_events WHERE action = 'category.created'"
                                  " AND actor_user_id = $1"};
    auto rows = demo_db->Read([&](store::Tx& tx) { return tx.Query(kByAdmin, {region->admin.id.key()}); });
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    EXPECT_EQ((*rows)[0].Int(0), tree->categories);
}

}  // namespace
}  // namespace jangteo::store_test

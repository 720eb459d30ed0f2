// The shared category tree on every backend: creating and changing categories with their field
// errors (and nothing written), moves that would make a cycle or nest too deep, attribute
// definitions inherited down the tree (a food category requires the country of origin), the
// validation of a product's attribute values, the cached snapshot that follows the version, and
// the audit events.
#include "catalog/category.hpp"

#include <gtest/gtest.h>

#include "backend_fixture.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "platform/operator.hpp"
#include "platform/user.hpp"

namespace jangteo::store_test {
namespace {

using catalog::AttributeDef;
using catalog::AttributeType;
using catalog::CategoryId;
using core::ErrorCode;
namespace json = core::json;

const platform::WeakParamsForTests kFast{{1, 8 * 1024}};
constexpr std::string_view kAddress = "198.51.100.9";

std::vector<std::pair<std::string, std::string>> FieldsOf(const core::Error& e) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : e.fields) out.emplace_back(f.field, f.code);
    return out;
}

class CategoryTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        std::vector<store::Migration> all;
        for (const auto& m : platform::SchemaMigrations()) all.push_back(m);
        for (const auto& m : catalog::SchemaMigrations()) all.push_back(m);
        auto applied = store::Migrator(db(), all).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        platform::UserService users(db(), clock_, random_, hasher_);
        auto admin = users.SignUp({"admin@example.kr", std::nullopt, "박운영", "바다가보이는부산항구"});
        ASSERT_TRUE(admin.ok());
        admin_ = admin->id;
        categories_.emplace(db(), clock_, random_);
    }

    catalog::Category Make(const std::string& code, std::optional<CategoryId> parent = std::nullopt) {
        auto c = categories_->Create({.parent = parent, .code = code, .name_ko = "분류 " + code, .name_en = "Category"},
                                     admin_, kAddress);
        EXPECT_TRUE(c.ok()) << c.error().message;
        return c.ok() ? *c : catalog::Category{};
    }

    std::int64_t Count() { return QueryInt("SELECT count(*) FROM catalog_categories"); }

    core::ManualClock clock_{core::FromUnixMicros(1'795'000'000'000'000)};
    core::SeededRandom random_{7};
    platform::PasswordHasher hasher_{kFast};
    std::optional<catalog::CategoryService> categories_;
    platform::UserId admin_;
};

TEST_P(CategoryTest, CreatesATreeInOrder) {
    auto food = Make("food");
    auto seafood = Make("seafood", food.id);
    auto fish = Make("fish", seafood.id);
    auto fashion = Make("fashion");
    auto tree = categories_->Tree();
    ASSERT_TRUE(tree.ok());
    EXPECT_EQ((*tree)->All().size(), 4u);
    auto roots = (*tree)->Children(std::nullopt);
    ASSERT_EQ(roots.size(), 2u);
    EXPECT_EQ(roots[0]->code, "food") << "siblings come in the order they were made";
    EXPECT_EQ(roots[1]->code, "fashion");
    EXPECT_EQ((*tree)->Path(fish.id), (std::vector<CategoryId>{food.id, seafood.id, fish.id}));
    EXPECT_EQ((*tree)->FindByCode("seafood")->id, seafood.id);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'category.created'"), 4);
}

TEST_P(CategoryTest, RefusesBadInputAndWritesNothing) {
    auto r = categories_->Create({.code = "Bad Code", .name_ko = " ", .name_en = "생선"}, admin_, kAddress);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(FieldsOf(r.error()), (std::vector<std::pair<std::string, std::string>>{
                                       {"code", "invalid_code"}, {"name_ko", "required"}, {"name_en", "not_latin"}}));
    auto orphan = categories_->Create({.parent = CategoryId(424242), .code = "x1", .name_ko = "가", .name_en = "A"},
                                      admin_, kAddress);
    ASSERT_FALSE(orphan.ok());
    EXPECT_EQ(FieldsOf(orphan.error()),
              (std::vector<std::pair<std::string, std::string>>{{"parent", "unknown_parent"}}));
    Make("food");
    auto twice = categories_->Create({.code = "food", .name_ko = "식품", .name_en = "Food"}, admin_, kAddress);
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(twice.error().reason, "category_code_taken");
    EXPECT_EQ(Count(), 1);
}

TEST_P(CategoryTest, MovesRefuseCyclesAndDepth) {
    auto a = Make("aa");
    auto b = Make("bb", a.id);
    auto c = Make("cc", b.id);
    auto cycle = categories_->Update(a.id, {.parent = std::optional<CategoryId>(c.id)}, admin_, kAddress);
    ASSERT_FALSE(cycle.ok());
    EXPECT_EQ(FieldsOf(cycle.error()), (std::vector<std::pair<std::string, std::string>>{{"parent", "cycle"}}));
    auto self = categories_->Update(b.id, {.parent = std::optional<CategoryId>(b.id)}, admin_, kAddress);
    ASSERT_FALSE(self.ok());
    // Six deep at most: a chain of four under another chain of three is too deep.
    auto d = Make("dd", c.id);  // aa > bb > cc > dd
    auto x = Make("xx");
    auto y = Make("yy", x.id);
    auto z = Make("zz", y.id);  // xx > yy > zz
    auto deep = categories_->Update(a.id, {.parent = std::optional<CategoryId>(z.id)}, admin_, kAddress);
    ASSERT_FALSE(deep.ok());
    EXPECT_EQ(FieldsOf(deep.error()), (std::vector<std::pair<std::string, std::string>>{{"parent", "too_deep"}}));
    auto ok = categories_->Update(b.id, {.parent = std::optional<CategoryId>(y.id)}, admin_, kAddress);
    ASSERT_TRUE(ok.ok()) << ok.error().message;  // xx > yy > bb > cc > dd
    auto tree = categories_->Tree();
    EXPECT_EQ((*tree)->Path(d.id), (std::vector<CategoryId>{x.id, y.id, b.id, c.id, d.id}));
    auto top = categories_->Update(b.id, {.parent = std::optional<CategoryId>()}, admin_, kAddress);
    ASSERT_TRUE(top.ok());
    EXPECT_FALSE(top->parent.has_value());
    EXPECT_FALSE(categories_->Update(CategoryId(999), {.active = false}, admin_, kAddress).ok());
}

TEST_P(CategoryTest, AttributesAreInheritedAndValidated) {
    auto food = Make("food");
    auto fish = Make("fish", food.id);
    ASSERT_TRUE(
        categories_
            ->SetAttributes(
                food.id,
                {{.code = "origin",
                  .name_ko = "원산지",
                  .name_en = "Country of origin",
                  .type = AttributeType::kText,
                  .required = true},
                 {.code = "expiry", .name_ko = "유통기한", .name_en = "Best before", .type = AttributeType::kDate}},
                admin_, kAddress)
            .ok());
    auto set = categories_->SetAttributes(
        fish.id,
        {{.code = "weight", .name_ko = "중량", .name_en = "Weight", .type = AttributeType::kDecimal, .unit = "kg"},
         {.code = "frozen", .name_ko = "냉동", .name_en = "Frozen", .type = AttributeType::kBoolean},
         {.code = "grade",
          .name_ko = "등급",
          .name_en = "Grade",
          .type = AttributeType::kChoice,
          .choices = {{"premium", "특", "Premium"}, {"standard", "상", "Standard"}}},
         {.code = "pieces", .name_ko = "마릿수", .name_en = "Pieces", .type = AttributeType::kInteger}},
        admin_, kAddress);
    ASSERT_TRUE(set.ok()) << set.error().message;
    auto tree = categories_->Tree();
    ASSERT_TRUE(tree.ok());
    auto attrs = (*tree)->Attributes(fish.id);
    ASSERT_EQ(attrs.size(), 6u);
    EXPECT_EQ(attrs[0].def->code, "origin") << "the root's first";
    EXPECT_EQ(attrs[0].declared_by, food.id);

    auto good = (*tree)->ValidateAttributes(
        fish.id, *core::ParseJson(R"({"origin":" 국산(부산) ","expiry":"2028-02-29","weight":1.5,"frozen":true,)"
                                  R"("grade":"premium","pieces":3})"));
    ASSERT_TRUE(good.ok()) << good.error().message;
    EXPECT_EQ(good->at("origin").as_string(), "국산(부산)");

    auto bad = (*tree)->ValidateAttributes(
        fish.id,
        *core::ParseJson(R"({"expiry":"2027-02-29","weight":"heavy","frozen":"yes","grade":"best",)"
                         R"("pieces":2.5,"colour":"red"})"),
        "attributes");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().reason, "invalid_attributes");
    EXPECT_EQ(FieldsOf(bad.error()),
              (std::vector<std::pair<std::string, std::string>>{{"attributes.origin", "required"},
                                                                {"attributes.expiry", "invalid_date"},
                                                                {"attributes.weight", "wrong_type"},
                                                                {"attributes.frozen", "wrong_type"},
                                                                {"attributes.grade", "unknown_choice"},
                                                                {"attributes.pieces", "wrong_type"},
                                                                {"attributes.colour", "unknown_attribute"}}));
    // The parent knows nothing of the child's attributes.
    auto parent_only = (*tree)->ValidateAttributes(food.id, *core::ParseJson(R"({"origin":"국산","weight":1})"));
    ASSERT_FALSE(parent_only.ok());
    EXPECT_EQ(FieldsOf(parent_only.error()),
              (std::vector<std::pair<std::string, std::string>>{{"attributes.weight", "unknown_attribute"}}));
}

TEST_P(CategoryTest, AttributeDefinitionsAreChecked) {
    auto food = Make("food");
    auto fish = Make("fish", food.id);
    ASSERT_TRUE(categories_
                    ->SetAttributes(food.id,
                                    {{.code = "origin", .name_ko = "원산지", .name_en = "Origin", .required = true}},
                                    admin_, kAddress)
                    .ok());
    auto clash = categories_->SetAttributes(fish.id, {{.code = "origin", .name_ko = "원산지", .name_en = "Origin"}},
                                            admin_, kAddress);
    ASSERT_FALSE(clash.ok());
    EXPECT_EQ(FieldsOf(clash.error()),
              (std::vector<std::pair<std::string, std::string>>{{"attributes[0].code", "duplicate_attribute"}}));
    auto bad = categories_->SetAttributes(
        fish.id,
        {{.code = "Grade", .name_ko = "등급", .name_en = "Grade"},
         {.code = "grade", .name_ko = "", .name_en = "Grade", .type = AttributeType::kChoice},
         {.code = "size", .name_ko = "크기", .name_en = "Size", .choices = {{"s", "소", "S"}}}},
        admin_, kAddress);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(FieldsOf(bad.error()),
              (std::vector<std::pair<std::string, std::string>>{{"attributes[0].code", "invalid_code"},
                                                                {"attributes[1].name_ko", "required"},
                                                                {"attributes[1].choices", "invalid_choices"},
                                                                {"attributes[2].choices", "invalid_choices"}}));
    EXPECT_EQ(QueryInt("SELECT count(*) FROM catalog_category_attributes"), 1) << "nothing was written";
}

TEST_P(CategoryTest, TheSnapshotFollowsTheVersion) {
    auto food = Make("food");
    auto first = categories_->Tree();
    auto again = categories_->Tree();
    ASSERT_TRUE(first.ok() && again.ok());
    EXPECT_EQ(first->get(), again->get()) << "nothing changed: the same snapshot";
    ASSERT_TRUE(categories_->Update(food.id, {.name_ko = std::string("식품·수산")}, admin_, kAddress).ok());
    auto after = categories_->Tree();
    ASSERT_TRUE(after.ok());
    EXPECT_NE(first->get(), after->get());
    EXPECT_EQ((*after)->Find(food.id)->name_ko, "식품·수산");
    EXPECT_EQ((*first)->Find(food.id)->name_ko, "분류 food") << "an old snapshot never changes";
    // A change made through another service (another server) is seen too.
    catalog::CategoryService other(db(), clock_, random_);
    ASSERT_TRUE(other.Update(food.id, {.active = false}, admin_, kAddress).ok());
    EXPECT_FALSE((*categories_->Tree())->Find(food.id)->active);
}

JANGTEO_STORE_BACKENDS(CategoryTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test

// The shared category tree that the operator keeps and every merchant files its products under:
// Korean and English names, a stable code, an order among siblings, and attribute definitions that
// products of the category and of every category below it must carry (food requires the country of
// origin, 원산지, as Korean law does). The tree is read as an immutable snapshot, so that product
// validation and category pages never see a half-made change.
//
//   catalog::CategoryService categories(db, clock, random);
//   auto food = categories.Create({.code = "food", .name_ko = "식품", .name_en = "Food"}, admin, address);
//   categories.SetAttributes(food->id, {{.code = "origin", .name_ko = "원산지", .name_en = "Country of origin",
//                                        .type = catalog::AttributeType::kText, .required = true}}, admin, address);
//   JANGTEO_TRY(auto tree, categories.Tree());
//   JANGTEO_TRY(auto values, tree->ValidateAttributes(leaf_id, product_json["attributes"], "attributes"));
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"
#include "store/migration.hpp"

namespace jangteo::catalog {

struct CategoryTag {
    static constexpr std::string_view kPrefix = "cat";
};
using CategoryId = core::Id<CategoryTag>;

enum class AttributeType { kText, kInteger, kDecimal, kBoolean, kChoice, kDate };
std::string_view AttributeTypeName(AttributeType type);  // "text", "integer", …: the stored and public form
std::optional<AttributeType> ParseAttributeType(std::string_view name);

struct AttributeChoice {
    std::string code;
    std::string name_ko;
    std::string name_en;
};

struct AttributeDef {
    std::string code;  // [a-z0-9_]{1,40}, unique along a path from the root
    std::string name_ko;
    std::string name_en;
    AttributeType type = AttributeType::kText;
    bool required = false;
    std::string unit;                      // "g", "kg", "ml", "cm", …; "" when none
    std::vector<AttributeChoice> choices;  // for kChoice, at least one
};

struct Category {
    CategoryId id;
    std::optional<CategoryId> parent;
    std::string code;  // [a-z0-9_]{2,40}
    std::string name_ko;
    std::string name_en;
    int position = 0;
    bool active = true;
    std::vector<AttributeDef> attributes;  // declared here (not the inherited ones)
    core::TimePoint created_at;
    core::TimePoint updated_at;
};

inline constexpr std::size_t kMaxCategoryNameCodePoints = 60;
inline constexpr std::size_t kMaxAttributesPerCategory = 30;
inline constexpr std::size_t kMaxChoicesPerAttribute = 200;
inline constexpr std::size_t kMaxCategoryDepth = 6;
inline constexpr std::size_t kMaxTextAttributeCodePoints = 200;

bool IsCategoryCode(std::string_view code);

// One attribute declared along a category's path, with the category that declares it.
struct EffectiveAttribute {
    const AttributeDef* def;
    CategoryId declared_by;
};

// The whole tree at one moment. Thread-safe to read; never changes.
class CategoryTree {
public:
    explicit CategoryTree(std::vector<Category> categories, std::int64_t version = 0);

    // Grows with every change of the tree in the store: clients may cache by it (an ETag).
    std::int64_t version() const { return version_; }

    // Every category in tree order: each right after its parent, siblings by position.
    std::span<const Category> All() const { return categories_; }
    const Category* Find(CategoryId id) const;
    const Category* FindByCode(std::string_view code) const;
    std::vector<const Category*> Children(std::optional<CategoryId> parent) const;
    // Whether the category and every category above it are active (what the portal shows).
    bool Visible(CategoryId id) const;
    // From the root down to `id` (empty for an unknown id).
    std::vector<CategoryId> Path(CategoryId id) const;
    // The attributes a product of `id` carries: those of the root first, then down the path.
    std::vector<EffectiveAttribute> Attributes(CategoryId id) const;

    // Checks a product's attribute values (a JSON object code → value) against the attributes of
    // `category`: every required one present, none the path does not declare, each of its type
    // (text ≤ 200 characters, integer, decimal number, true/false, a choice's code, a date as
    // YYYY-MM-DD). Answers the values normalised (trimmed text), or kInvalidArgument
    // "invalid_attributes" with a field error per problem, on "<field>.<code>".
    core::Result<core::json::object> ValidateAttributes(CategoryId category, const core::json::value& values,
                                                        std::string_view field = "attributes") const;

private:
    std::vector<Category> categories_;
    std::int64_t version_ = 0;
    std::unordered_map<std::int64_t, std::size_t> by_id_;
    std::unordered_map<std::string, std::size_t> by_code_;
};

struct NewCategory {
    std::optional<CategoryId> parent;
    std::string code;
    std::string name_ko;
    std::string name_en;
    std::optional<int> position;  // absent: after its siblings
};

// What Update changes; absent fields stay.
struct CategoryChange {
    std::optional<std::string> name_ko;
    std::optional<std::string> name_en;
    std::optional<int> position;
    std::optional<bool> active;
    // Moves the category (with everything below it) under another parent; std::nullopt inside
    // means "to the top".
    std::optional<std::optional<CategoryId>> parent;
};

// Thread-safe: the cached tree is behind a mutex, held only to swap a pointer.
class CategoryService {
public:
    CategoryService(store::Db& db, core::Clock& clock, core::Random& random)
        : db_(db), clock_(clock), random_(random) {}

    // The whole tree as it is now. The service keeps the last tree it read and its version: while
    // the version in the store is the same (one small read), the same snapshot is answered.
    core::Result<std::shared_ptr<const CategoryTree>> Tree();

    // kInvalidArgument "invalid_category" with field errors (code, name_ko, name_en, parent:
    // unknown_parent or too_deep); kAlreadyExists "category_code_taken" (field code). Records
    // "category.created".
    core::Result<Category> Create(const NewCategory& input, platform::UserId actor, std::string_view client_address);

    // kNotFound "category_not_found"; field errors as Create, and parent "cycle" when moving a
    // category under itself or below it. Records "category.changed".
    core::Result<Category> Update(CategoryId id, const CategoryChange& change, platform::UserId actor,
                                  std::string_view client_address);

    // Replaces the attributes the category declares. Field errors on "attributes[i].<field>":
    // invalid codes, names, a choice without choices, a code that an ancestor or a descendant
    // already declares (duplicate_attribute). Records "category.attributes_changed".
    core::Result<Category> SetAttributes(CategoryId id, const std::vector<AttributeDef>& attributes,
                                         platform::UserId actor, std::string_view client_address);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    std::mutex cache_mu_;
    std::shared_ptr<const CategoryTree> cached_;
    std::int64_t cached_version_ = -1;
};

// The catalog module's migrations (generated from schema/).
std::span<const store::Migration> SchemaMigrations();

}  // namespace jangteo::catalog

#include "catalog/category.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/validate.hpp"
#include "platform/audit.hpp"

namespace jangteo::catalog {

namespace json = core::json;

namespace {

constexpr store::Sql kListCategories{
    "catalog.list_categories",
    "SELECT id, parent_id, code, name_ko, name_en, position, active, created_at_us, updated_at_us"
    " FROM catalog_categories ORDER BY position, code"};
constexpr store::Sql kListAttributes{
    "catalog.list_category_attributes",
    "SELECT category_id, code, name_ko, name_en, type, required, unit, choices FROM catalog_category_attributes"
    " ORDER BY category_id, position"};
constexpr store::Sql kInsertCategory{
    "catalog.insert_category",
    "INSERT INTO catalog_categories (id, parent_id, code, name_ko, name_en, position, active, created_at_us,"
    " updated_at_us) VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $7) ON CONFLICT (code) DO NOTHING"};
constexpr store::Sql kNextPosition{"catalog.next_category_position",
                                   "SELECT COALESCE(MAX(position), 0) + 10 FROM catalog_categories"
                                   " WHERE parent_id = $1 OR ($1 IS NULL AND parent_id IS NULL)"};
constexpr store::Sql kUpdateCategory{"catalog.update_category",
                                     "UPDATE catalog_categories SET parent_id = $2, name_ko = $3, name_en = $4,"
                                     " position = $5, active = $6, updated_at_us = $7 WHERE id = $1"};
constexpr store::Sql kDeleteAttributes{"catalog.delete_category_attributes",
                                       "DELETE FROM catalog_category_attributes WHERE category_id = $1"};
constexpr store::Sql kInsertAttribute{
    "catalog.insert_category_attribute",
    "INSERT INTO catalog_category_attributes (category_id, code, name_ko, name_en, type, required, unit, choices,"
    " position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
constexpr store::Sql kTouchCategory{"catalog.touch_category",
                                    "UPDATE catalog_categories SET updated_at_us = $2 WHERE id = $1"};
// Every write to the tree bumps the version first: the row lock makes writers of the tree run one
// after the other (PostgreSQL runs write transactions at READ COMMITTED; SQLite has one writer).
constexpr store::Sql kBumpVersion{"catalog.bump_tree_version",
                                  "UPDATE catalog_tree_state SET version = version + 1 WHERE singleton = 1"
                                  " RETURNING version"};
constexpr store::Sql kTreeVersion{"catalog.tree_version", "SELECT version FROM catalog_tree_state WHERE singleton = 1"};

bool IsAttributeCode(std::string_view code) {
    if (code.empty() || code.size() > 40) return false;
    return std::all_of(code.begin(), code.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

json::array ChoicesJson(const std::vector<AttributeChoice>& choices) {
    json::array out;
    for (const auto& c : choices) out.push_back(json::object{{"code", c.code}, {"ko", c.name_ko}, {"en", c.name_en}});
    return out;
}

std::vector<AttributeChoice> ParseChoices(std::string_view text) {
    std::vector<AttributeChoice> out;
    auto parsed = core::ParseJson(text);
    if (!parsed.ok() || !parsed->is_array()) return out;
    for (const auto& v : parsed->as_array()) {
        if (!v.is_object()) continue;
        const json::object& o = v.as_object();
        auto text_of = [&](std::string_view key) {
            auto it = o.find(key);
            return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : std::string();
        };
        out.push_back({text_of("code"), text_of("ko"), text_of("en")});
    }
    return out;
}

bool IsDate(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (s[i] < '0' || s[i] > '9') return false;
    }
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int max_day = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
    return day <= max_day;
}

std::string FieldOf(std::string_view prefix, std::string_view code) {
    std::string out(prefix);
    out.push_back('.');
    out.append(code);
    return out;
}

Category ReadCategory(const store::RowView& row) {
    Category c;
    c.id = CategoryId(row.Int(0));
    if (!row.IsNull(1)) c.parent = CategoryId(row.Int(1));
    c.code = row.Text(2);
    c.name_ko = row.Text(3);
    c.name_en = row.Text(4);
    c.position = static_cast<int>(row.Int(5));
    c.active = row.Bool(6);
    c.created_at = core::FromUnixMicros(row.Int(7));
    c.updated_at = core::FromUnixMicros(row.Int(8));
    return c;
}

core::Result<std::vector<Category>> LoadAll(store::Tx& tx) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kListCategories));
    JANGTEO_TRY(store::Rows attrs, tx.Query(kListAttributes));
    std::vector<Category> out;
    out.reserve(rows.size());
    std::unordered_map<std::int64_t, std::size_t> index;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        out.push_back(ReadCategory(rows[i]));
        index.emplace(out.back().id.key(), i);
    }
    for (std::size_t i = 0; i < attrs.size(); ++i) {
        const store::RowView row = attrs[i];
        auto it = index.find(row.Int(0));
        if (it == index.end()) continue;
        AttributeDef def;
        def.code = row.Text(1);
        def.name_ko = row.Text(2);
        def.name_en = row.Text(3);
        def.type = ParseAttributeType(row.TextView(4)).value_or(AttributeType::kText);
        def.required = row.Bool(5);
        def.unit = row.Text(6);
        def.choices = ParseChoices(row.TextView(7));
        out[it->second].attributes.push_back(std::move(def));
    }
    return out;
}

void TakeText(std::vector<core::FieldError>& fields, std::string_view text, std::string field, std::size_t max,
              std::string& out) {
    auto r = core::NormalizeText(text, field, {.max_code_points = max});
    if (r.ok()) {
        out = std::move(*r);
    } else {
        for (auto& f : std::move(r).error().fields) fields.push_back(std::move(f));
    }
}

core::Error InvalidCategory(std::vector<core::FieldError> fields) {
    return core::Error::Invalid("invalid_category", "the category is not acceptable", std::move(fields));
}

core::Error NotFound() {
    return core::Error::NotFound("category_not_found", "no such category");
}

}  // namespace

std::string_view AttributeTypeName(AttributeType type) {
    switch (type) {
        case AttributeType::kText: return "text";
        case AttributeType::kInteger: return "integer";
        case AttributeType::kDecimal: return "decimal";
        case AttributeType::kBoolean: return "boolean";
        case AttributeType::kChoice: return "choice";
        case AttributeType::kDate: return "date";
    }
    return "text";
}

std::optional<AttributeType> ParseAttributeType(std::string_view name) {
    for (AttributeType t : {AttributeType::kText, AttributeType::kInteger, AttributeType::kDecimal,
                            AttributeType::kBoolean, AttributeType::kChoice, AttributeType::kDate}) {
        if (AttributeTypeName(t) == name) return t;
    }
    return std::nullopt;
}

bool IsCategoryCode(std::string_view code) {
    return code.size() >= 2 && IsAttributeCode(code);
}

CategoryTree::CategoryTree(std::vector<Category> categories, std::int64_t version) : version_(version) {
    // Tree order: each category right after its parent, siblings by position then code (the store
    // answers them by position and code already, so a stable walk keeps that).
    std::unordered_map<std::int64_t, std::vector<std::size_t>> children;
    std::vector<std::size_t> roots;
    std::unordered_map<std::int64_t, bool> known;
    for (const auto& c : categories) known.emplace(c.id.key(), true);
    for (std::size_t i = 0; i < categories.size(); ++i) {
        const auto& parent = categories[i].parent;
        if (parent && known.contains(parent->key())) {
            children[parent->key()].push_back(i);
        } else {
            roots.push_back(i);
        }
    }
    categories_.reserve(categories.size());
    std::vector<std::size_t> stack(roots.rbegin(), roots.rend());
    while (!stack.empty() && categories_.size() < categories.size()) {
        std::size_t i = stack.back();
        stack.pop_back();
        auto kids = children.find(categories[i].id.key());
        categories_.push_back(std::move(categories[i]));
        if (kids != children.end()) stack.insert(stack.end(), kids->second.rbegin(), kids->second.rend());
    }
    for (std::size_t i = 0; i < categories_.size(); ++i) {
        by_id_.emplace(categories_[i].id.key(), i);
        by_code_.emplace(categories_[i].code, i);
    }
}

const Category* CategoryTree::Find(CategoryId id) const {
    auto it = by_id_.find(id.key());
    return it == by_id_.end() ? nullptr : &categories_[it->second];
}

const Category* CategoryTree::FindByCode(std::string_view code) const {
    auto it = by_code_.find(std::string(code));
    return it == by_code_.end() ? nullptr : &categories_[it->second];
}

std::vector<const Category*> CategoryTree::Children(std::optional<CategoryId> parent) const {
    std::vector<const Category*> out;
    for (const auto& c : categories_) {
        if (c.parent == parent) out.push_back(&c);
    }
    return out;
}

bool CategoryTree::Visible(CategoryId id) const {
    std::vector<CategoryId> path = Path(id);
    if (path.empty()) return false;
    return std::all_of(path.begin(), path.end(), [this](CategoryId step) { return Find(step)->active; });
}

std::vector<CategoryId> CategoryTree::Path(CategoryId id) const {
    std::vector<CategoryId> out;
    const Category* c = Find(id);
    while (c != nullptr && out.size() <= kMaxCategoryDepth * 2) {
        out.push_back(c->id);
        c = c->parent ? Find(*c->parent) : nullptr;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::vector<EffectiveAttribute> CategoryTree::Attributes(CategoryId id) const {
    std::vector<EffectiveAttribute> out;
    for (CategoryId step : Path(id)) {
        for (const auto& def : Find(step)->attributes) out.push_back({&def, step});
    }
    return out;
}

core::Result<json::object> CategoryTree::ValidateAttributes(CategoryId category, const json::value& values,
                                                            std::string_view field) const {
    std::vector<core::FieldError> problems;
    json::object out;
    static const json::object kEmpty;
    if (!values.is_null() && !values.is_object()) {
        return core::Error::Invalid("invalid_attributes", "attributes must be an object of code → value",
                                    {{std::string(field), "wrong_type", "must be an object"}});
    }
    const json::object& given = values.is_object() ? values.as_object() : kEmpty;
    std::vector<EffectiveAttribute> declared = Attributes(category);
    std::set<std::string, std::less<>> known;
    for (const auto& [def, by] : declared) {
        known.insert(def->code);
        std::string f = FieldOf(field, def->code);
        auto it = given.find(def->code);
        if (it == given.end() || it->value().is_null() ||
            (it->value().is_string() && it->value().get_string().empty())) {
            if (def->required) problems.push_back({f, "required", "is required in this category"});
            continue;
        }
        const json::value& v = it->value();
        switch (def->type) {
            case AttributeType::kText: {
                if (!v.is_string()) {
                    problems.push_back({f, "wrong_type", "must be text"});
                    break;
                }
                auto text = core::NormalizeText(
                    v.get_string(), f, {.max_code_points = kMaxTextAttributeCodePoints, .required = def->required});
                if (!text.ok()) {
                    problems.push_back(text.error().fields.at(0));
                } else if (!text->empty()) {
                    out[def->code] = *text;
                }
                break;
            }
            case AttributeType::kInteger:
                if (v.is_int64()) {
                    out[def->code] = v.get_int64();
                } else if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
                    out[def->code] = static_cast<std::int64_t>(v.get_uint64());
                } else {
                    problems.push_back({f, "wrong_type", "must be a whole number"});
                }
                break;
            case AttributeType::kDecimal:
                if (v.is_int64() || v.is_uint64() || (v.is_double() && std::isfinite(v.get_double()))) {
                    out[def->code] = v;
                } else {
                    problems.push_back({f, "wrong_type", "must be a number"});
                }
                break;
            case AttributeType::kBoolean:
                if (v.is_bool()) {
                    out[def->code] = v.get_bool();
                } else {
                    problems.push_back({f, "wrong_type", "must be true or false"});
                }
                break;
            case AttributeType::kChoice: {
                bool ok =
                    v.is_string() && std::any_of(def->choices.begin(), def->choices.end(),
                                                 [&](const AttributeChoice& c) { return c.code == v.get_string(); });
                if (ok) {
                    out[def->code] = v;
                } else {
                    problems.push_back({f, "unknown_choice", "must be one of the category's choices"});
                }
                break;
            }
            case AttributeType::kDate:
                if (v.is_string() && IsDate(v.get_string())) {
                    out[def->code] = v;
                } else {
                    problems.push_back({f, "invalid_date", "must be a date like 2026-11-23"});
                }
                break;
        }
    }
    for (const auto& kv : given) {
        if (!known.contains(std::string_view(kv.key()))) {
            problems.push_back({FieldOf(field, std::string_view(kv.key()).substr(0, 40)), "unknown_attribute",
                                "the category does not declare this attribute"});
        }
    }
    if (!problems.empty()) {
        return core::Error::Invalid("invalid_attributes", "some attributes are not acceptable", std::move(problems));
    }
    return out;
}

core::Result<std::shared_ptr<const CategoryTree>> CategoryService::Tree() {
    // One small read when nothing changed; the whole tree, read in the same transaction as its
    // version, when something did.
    std::shared_ptr<const CategoryTree> held;
    std::int64_t held_version = -1;
    {
        std::lock_guard lock(cache_mu_);
        held = cached_;
        held_version = cached_version_;
    }
    std::shared_ptr<const CategoryTree> fresh;
    std::int64_t version = 0;
    JANGTEO_TRY_STATUS(db_.Read([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(store::Rows rows, tx.Query(kTreeVersion));
        version = rows.empty() ? 0 : rows[0].Int(0);
        if (held && version == held_version) return {};
        JANGTEO_TRY(std::vector<Category> all, LoadAll(tx));
        fresh = std::make_shared<const CategoryTree>(std::move(all), version);
        return {};
    }));
    if (!fresh) return held;
    std::lock_guard lock(cache_mu_);
    if (version > cached_version_) {
        cached_ = fresh;
        cached_version_ = version;
    }
    return fresh;
}

core::Result<Category> CategoryService::Create(const NewCategory& input, platform::UserId actor,
                                               std::string_view client_address) {
    std::vector<core::FieldError> fields;
    Category c;
    if (!IsCategoryCode(input.code)) {
        fields.push_back({"code", "invalid_code", "must be 2 to 40 lower-case letters, digits or '_'"});
    } else {
        c.code = input.code;
    }
    TakeText(fields, input.name_ko, "name_ko", kMaxCategoryNameCodePoints, c.name_ko);
    TakeText(fields, input.name_en, "name_en", kMaxCategoryNameCodePoints, c.name_en);
    if (!c.name_en.empty() && !core::IsPrintableAscii(c.name_en)) {
        fields.push_back({"name_en", "not_latin", "must be written in Latin letters, digits and punctuation"});
    }
    if (!fields.empty()) return InvalidCategory(std::move(fields));
    c.id = CategoryId::New(random_);
    c.parent = input.parent;
    c.created_at = c.updated_at = clock_.Now();
    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(store::Rows bumped, tx.Query(kBumpVersion));
        (void)bumped;
        JANGTEO_TRY(std::vector<Category> all, LoadAll(tx));
        CategoryTree tree(std::move(all));
        if (c.parent) {
            if (tree.Find(*c.parent) == nullptr) {
                return InvalidCategory({{"parent", "unknown_parent", "there is no such parent category"}});
            }
            if (tree.Path(*c.parent).size() >= kMaxCategoryDepth) {
                return InvalidCategory({{"parent", "too_deep", "categories nest at most 6 deep"}});
            }
        }
        store::Value parent = c.parent ? store::Value(c.parent->key()) : store::Value(nullptr);
        if (input.position) {
            c.position = *input.position;
        } else {
            JANGTEO_TRY(store::Rows next, tx.Query(kNextPosition, {parent}));
            c.position = static_cast<int>(next[0].Int(0));
        }
        JANGTEO_TRY(std::int64_t inserted,
                    tx.Exec(kInsertCategory, {c.id.key(), parent, std::string_view(c.code), std::string_view(c.name_ko),
                                              std::string_view(c.name_en), static_cast<std::int64_t>(c.position),
                                              core::ToUnixMicros(c.created_at)}));
        if (inserted != 1) {
            core::Error taken = core::Error::AlreadyExists("category_code_taken", "a category has this code");
            taken.fields = {{"code", "category_code_taken", "another category has this code"}};
            return taken;
        }
        return platform::RecordAudit(tx, clock_, random_,
                                     {.action = "category.created",
                                      .actor_user = actor,
                                      .subject = c.id.ToString(),
                                      .client_address = std::string(client_address),
                                      .detail = {{"code", c.code}, {"name_ko", c.name_ko}}});
    }));
    return c;
}

core::Result<Category> CategoryService::Update(CategoryId id, const CategoryChange& change, platform::UserId actor,
                                               std::string_view client_address) {
    std::vector<core::FieldError> fields;
    std::string name_ko, name_en;
    if (change.name_ko) TakeText(fields, *change.name_ko, "name_ko", kMaxCategoryNameCodePoints, name_ko);
    if (change.name_en) {
        TakeText(fields, *change.name_en, "name_en", kMaxCategoryNameCodePoints, name_en);
        if (!name_en.empty() && !core::IsPrintableAscii(name_en)) {
            fields.push_back({"name_en", "not_latin", "must be written in Latin letters, digits and punctuation"});
        }
    }
    if (!fields.empty()) return InvalidCategory(std::move(fields));
    Category out;
    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(store::Rows bumped, tx.Query(kBumpVersion));
        (void)bumped;
        JANGTEO_TRY(std::vector<Category> all, LoadAll(tx));
        CategoryTree tree(std::move(all));
        const Category* current = tree.Find(id);
        if (current == nullptr) return NotFound();
        out = *current;
        if (change.name_ko) out.name_ko = name_ko;
        if (change.name_en) out.name_en = name_en;
        if (change.position) out.position = *change.position;
        if (change.active) out.active = *change.active;
        if (change.parent) {
            std::optional<CategoryId> to = *change.parent;
            if (to) {
                if (tree.Find(*to) == nullptr) {
                    return InvalidCategory({{"parent", "unknown_parent", "there is no such parent category"}});
                }
                std::vector<CategoryId> path = tree.Path(*to);
                if (std::find(path.begin(), path.end(), id) != path.end()) {
                    return InvalidCategory({{"parent", "cycle", "a category cannot move below itself"}});
                }
                // The deepest category below `id`, measured from `id`.
                std::size_t below = 0;
                for (const auto& c : tree.All()) {
                    std::vector<CategoryId> p = tree.Path(c.id);
                    auto at = std::find(p.begin(), p.end(), id);
                    if (at != p.end()) below = std::max<std::size_t>(below, static_cast<std::size_t>(p.end() - at) - 1);
                }
                if (path.size() + 1 + below > kMaxCategoryDepth) {
                    return InvalidCategory({{"parent", "too_deep", "categories nest at most 6 deep"}});
                }
            }
            out.parent = to;
        }
        out.updated_at = clock_.Now();
        store::Value parent = out.parent ? store::Value(out.parent->key()) : store::Value(nullptr);
        JANGTEO_TRY_STATUS(
            tx.Exec(kUpdateCategory,
                    {id.key(), parent, std::string_view(out.name_ko), std::string_view(out.name_en),
                     static_cast<std::int64_t>(out.position), out.active, core::ToUnixMicros(out.updated_at)}));
        json::object detail{{"code", out.code}};
        if (change.name_ko || change.name_en) detail["names"] = true;
        if (change.position) detail["position"] = out.position;
        if (change.active) detail["active"] = out.active;
        if (change.parent) detail["parent"] = out.parent ? json::value(out.parent->ToString()) : json::value(nullptr);
        return platform::RecordAudit(tx, clock_, random_,
                                     {.action = "category.changed",
                                      .actor_user = actor,
                                      .subject = id.ToString(),
                                      .client_address = std::string(client_address),
                                      .detail = std::move(detail)});
    }));
    return out;
}

core::Result<Category> CategoryService::SetAttributes(CategoryId id, const std::vector<AttributeDef>& attributes,
                                                      platform::UserId actor, std::string_view client_address) {
    std::vector<core::FieldError> fields;
    std::vector<AttributeDef> clean;
    if (attributes.size() > kMaxAttributesPerCategory) {
        fields.push_back({"attributes", "too_many_items", "at most 30 attributes per category"});
    }
    std::set<std::string, std::less<>> codes;
    for (std::size_t i = 0; i < attributes.size() && i < kMaxAttributesPerCategory; ++i) {
        const AttributeDef& a = attributes[i];
        std::string prefix = "attributes[" + std::to_string(i) + "].";
        AttributeDef d;
        d.type = a.type;
        d.required = a.required;
        if (!IsAttributeCode(a.code)) {
            fields.push_back({prefix + "code", "invalid_code", "must be 1 to 40 lower-case letters, digits or '_'"});
        } else if (!codes.insert(a.code).second) {
            fields.push_back({prefix + "code", "duplicate_attribute", "is declared twice"});
        } else {
            d.code = a.code;
        }
        TakeText(fields, a.name_ko, prefix + "name_ko", kMaxCategoryNameCodePoints, d.name_ko);
        TakeText(fields, a.name_en, prefix + "name_en", kMaxCategoryNameCodePoints, d.name_en);
        auto unit = core::NormalizeText(a.unit, prefix + "unit", {.max_code_points = 10, .required = false});
        if (unit.ok()) {
            d.unit = std::move(*unit);
        } else {
            fields.push_back(unit.error().fields.at(0));
        }
        if (a.type == AttributeType::kChoice) {
            if (a.choices.empty() || a.choices.size() > kMaxChoicesPerAttribute) {
                fields.push_back({prefix + "choices", "invalid_choices", "a choice needs 1 to 200 options"});
            }
            std::set<std::string, std::less<>> choice_codes;
            for (std::size_t j = 0; j < a.choices.size() && j < kMaxChoicesPerAttribute; ++j) {
                const AttributeChoice& c = a.choices[j];
                std::string cp = prefix + "choices[" + std::to_string(j) + "].";
                AttributeChoice out;
                if (!IsAttributeCode(c.code) || !choice_codes.insert(c.code).second) {
                    fields.push_back({cp + "code", "invalid_code", "must be a unique code of lower-case letters"});
                } else {
                    out.code = c.code;
                }
                TakeText(fields, c.name_ko, cp + "ko", kMaxCategoryNameCodePoints, out.name_ko);
                TakeText(fields, c.name_en, cp + "en", kMaxCategoryNameCodePoints, out.name_en);
                d.choices.push_back(std::move(out));
            }
        } else if (!a.choices.empty()) {
            fields.push_back({prefix + "choices", "invalid_choices", "only a choice attribute has choices"});
        }
        clean.push_back(std::move(d));
    }
    if (!fields.empty()) {
        return core::Error::Invalid("invalid_attributes", "the attribute definitions are not acceptable",
                                    std::move(fields));
    }
    Category out;
    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(store::Rows bumped, tx.Query(kBumpVersion));
        (void)bumped;
        JANGTEO_TRY(std::vector<Category> all, LoadAll(tx));
        CategoryTree tree(std::move(all));
        const Category* current = tree.Find(id);
        if (current == nullptr) return NotFound();
        // A code may appear once along any path: not in an ancestor, not in a descendant.
        std::vector<core::FieldError> clashes;
        for (const auto& c : tree.All()) {
            if (c.id == id) continue;
            std::vector<CategoryId> p = tree.Path(c.id);
            bool related = std::find(p.begin(), p.end(), id) != p.end();  // a descendant
            if (!related) {
                std::vector<CategoryId> mine = tree.Path(id);
                related = std::find(mine.begin(), mine.end(), c.id) != mine.end();  // an ancestor
            }
            if (!related) continue;
            for (std::size_t i = 0; i < clean.size(); ++i) {
                for (const auto& theirs : c.attributes) {
                    if (theirs.code == clean[i].code) {
                        clashes.push_back({"attributes[" + std::to_string(i) + "].code", "duplicate_attribute",
                                           "category " + c.code + " above or below declares it already"});
                    }
                }
            }
        }
        if (!clashes.empty()) {
            return core::Error::Invalid("invalid_attributes", "an attribute is declared twice along a path",
                                        std::move(clashes));
        }
        JANGTEO_TRY_STATUS(tx.Exec(kDeleteAttributes, {id.key()}));
        for (std::size_t i = 0; i < clean.size(); ++i) {
            const AttributeDef& d = clean[i];
            JANGTEO_TRY_STATUS(
                tx.Exec(kInsertAttribute,
                        {id.key(), std::string_view(d.code), std::string_view(d.name_ko), std::string_view(d.name_en),
                         AttributeTypeName(d.type), d.required, std::string_view(d.unit),
                         core::ToJson(ChoicesJson(d.choices)), static_cast<std::int64_t>(i * 10)}));
        }
        out = *current;
        out.attributes = clean;
        out.updated_at = clock_.Now();
        JANGTEO_TRY_STATUS(tx.Exec(kTouchCategory, {id.key(), core::ToUnixMicros(out.updated_at)}));
        json::array codes_json;
        for (const auto& d : clean) codes_json.emplace_back(d.code);
        return platform::RecordAudit(tx, clock_, random_,
                                     {.action = "category.attributes_changed",
                                      .actor_user = actor,
                                      .subject = id.ToString(),
                                      .client_address = std::string(client_address),
                                      .detail = {{"code", out.code}, {"attributes", std::move(codes_json)}}});
    }));
    return out;
}

}  // namespace jangteo::catalog

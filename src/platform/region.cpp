#include "platform/region.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "core/validate.hpp"

namespace jangteo::platform {

namespace {

constexpr std::size_t kMaxCodeBytes = 16;
constexpr std::size_t kMaxNameCodePoints = 50;

core::Error Bad(const std::string& path, std::string_view problem) {
    std::string message = "region file ";
    message.append(path).append(": ").append(problem);
    return core::Error::Invalid("bad_region_file", std::move(message));
}

bool ValidCode(std::string_view code) {
    if (code.empty() || code.size() > kMaxCodeBytes) return false;
    for (char c : code) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

// Reads the code, name_ko and name_en of `table` (the file itself or one district) and refuses any
// other key but `extra`. `where` says which part of the file it is, for the message.
core::Status ReadNamed(const toml::table& table, const std::string& path, const std::string& where,
                       std::string_view extra, std::string& code, std::string& name_ko, std::string& name_en) {
    for (const auto& [key, node] : table) {
        std::string_view k = key.str();
        if (!extra.empty() && k == extra) continue;
        std::string* target = k == "code" ? &code : k == "name_ko" ? &name_ko : k == "name_en" ? &name_en : nullptr;
        if (target == nullptr) {
            std::string problem = where;
            problem.append(": unknown key '").append(k).append("'");
            return Bad(path, problem);
        }
        auto value = node.value_exact<std::string>();
        if (!value) {
            std::string problem = where;
            problem.append(": '").append(k).append("' must be a string");
            return Bad(path, problem);
        }
        *target = std::move(*value);
    }
    if (!ValidCode(code)) {
        std::string problem = where;
        problem.append(": 'code' must be 1 to 16 letters, digits, '_' or '-'");
        return Bad(path, problem);
    }
    for (auto [field, value] :
         {std::pair<std::string_view, std::string*>{"name_ko", &name_ko}, {"name_en", &name_en}}) {
        auto normalized = core::NormalizeText(*value, field, {.max_code_points = kMaxNameCodePoints});
        if (!normalized.ok()) {
            std::string problem = where;
            problem.append(": '").append(field).append("' ").append(normalized.error().fields.front().message);
            return Bad(path, problem);
        }
        *value = std::move(*normalized);
    }
    return {};
}

// Busan's districts with the first three digits of their postal codes. Source: the national basic
// zone numbers (국가기초구역번호) that became Korea's postal codes on 1 August 2015, as Korea Post
// (우정사업본부) publishes them per 시·군·구 in its postal code database (우편번호 DB, epost.go.kr):
// Busan holds 46000–49999, numbered from Gijang in the north-east round to Saha in the south-west.
// The table is data: a region file can give another one, and an edit here needs no other change.
Region MakeBusan() {
    Region r{.code = "26", .name_ko = "부산광역시", .name_en = "Busan", .districts = {}};
    r.districts = {
        {"26110", "중구", "Jung-gu", {"489"}},
        {"26140", "서구", "Seo-gu", {"492"}},
        {"26170", "동구", "Dong-gu", {"487", "488"}},
        {"26200", "영도구", "Yeongdo-gu", {"490", "491"}},
        {"26230", "부산진구", "Busanjin-gu", {"471", "472", "473"}},
        {"26260", "동래구", "Dongnae-gu", {"477", "478", "479"}},
        {"26290", "남구", "Nam-gu", {"484", "485", "486"}},
        {"26320", "북구", "Buk-gu", {"465", "466"}},
        {"26350", "해운대구", "Haeundae-gu", {"480", "481"}},
        {"26380", "사하구", "Saha-gu", {"493", "494", "495"}},
        {"26410", "금정구", "Geumjeong-gu", {"462", "463", "464"}},
        {"26440", "강서구", "Gangseo-gu", {"467", "468"}},
        {"26470", "연제구", "Yeonje-gu", {"474", "475", "476"}},
        {"26500", "수영구", "Suyeong-gu", {"482", "483"}},
        {"26530", "사상구", "Sasang-gu", {"469", "470"}},
        {"26710", "기장군", "Gijang-gun", {"460", "461"}},
    };
    return r;
}

bool IsPrefix(std::string_view s) {
    return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

const District* Region::Find(std::string_view code) const {
    // Sixteen-odd entries: a scan is as fast as any index and keeps the order the file gave.
    for (const District& d : districts) {
        if (d.code == code) return &d;
    }
    return nullptr;
}

const District* Region::DistrictOfPostal(std::string_view postal_code) const {
    if (postal_code.size() != 5 ||
        !std::all_of(postal_code.begin(), postal_code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return nullptr;
    }
    std::string_view prefix = postal_code.substr(0, 3);
    for (const District& d : districts) {
        if (std::find(d.postal_prefixes.begin(), d.postal_prefixes.end(), prefix) != d.postal_prefixes.end()) return &d;
    }
    return nullptr;
}

const Region& BusanRegion() {
    // Immutable data made once; not a service, so no constructor needs to carry it.
    static const Region busan = MakeBusan();
    return busan;
}

core::Result<Region> LoadRegion(const std::string& path) {
    toml::table table;
    try {
        table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        std::string problem;
        // A file that cannot be opened has no position.
        if (where.line > 0) {
            problem.append(std::to_string(where.line)).append(":").append(std::to_string(where.column)).append(": ");
        }
        problem.append(e.description());
        return Bad(path, problem);
    }
    Region region;
    JANGTEO_TRY_STATUS(ReadNamed(table, path, "the region", "districts", region.code, region.name_ko, region.name_en));
    const toml::array* list = table["districts"].as_array();
    if (list == nullptr || list->empty()) return Bad(path, "it needs at least one [[districts]] table");
    std::set<std::string, std::less<>> codes;
    std::map<std::string, std::string, std::less<>> prefix_owner;  // postal prefix → district code
    for (std::size_t i = 0; i < list->size(); ++i) {
        std::string where = "district ";
        where.append(std::to_string(i + 1));
        const toml::table* entry = list->get(i)->as_table();
        if (entry == nullptr) return Bad(path, where + " must be a table");
        District d;
        JANGTEO_TRY_STATUS(ReadNamed(*entry, path, where, "postal_prefixes", d.code, d.name_ko, d.name_en));
        if (!codes.insert(d.code).second) return Bad(path, where + ": the code " + d.code + " appears twice");
        if (const toml::node* prefixes = entry->get("postal_prefixes")) {
            const toml::array* items = prefixes->as_array();
            if (items == nullptr) return Bad(path, where + ": 'postal_prefixes' must be an array of strings");
            for (const toml::node& item : *items) {
                auto prefix = item.value_exact<std::string>();
                if (!prefix || !IsPrefix(*prefix)) {
                    return Bad(path, where + ": each of 'postal_prefixes' must be three digits, e.g. \"480\"");
                }
                auto [owner, fresh] = prefix_owner.emplace(*prefix, d.code);
                if (!fresh) {
                    return Bad(path, where + ": the postal prefix " + *prefix + " is already " + owner->second + "'s");
                }
                d.postal_prefixes.push_back(std::move(*prefix));
            }
        }
        region.districts.push_back(std::move(d));
    }
    return region;
}

}  // namespace jangteo::platform

// The operator: the association (a chamber of commerce's e-commerce center, say) that runs this
// Jangteo instance. There is exactly one; it is made at the first start from the configuration and
// kept in the store from then on.
#pragma once

#include <span>
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/id.hpp"
#include "core/random.hpp"
#include "store/db.hpp"
#include "store/migration.hpp"

namespace jangteo::platform {

struct OperatorTag {
    static constexpr std::string_view kPrefix = "opr";
};
using OperatorId = core::Id<OperatorTag>;

struct Operator {
    OperatorId id;
    std::string name_ko;
    std::string name_en;
    std::string region_ko;
    std::string region_en;
    core::TimePoint created_at;
    core::TimePoint updated_at;
};

// What the first start writes when the store has no operator yet.
struct OperatorDefaults {
    std::string name_ko = "부산 장터";
    std::string name_en = "Busan Jangteo";
    std::string region_ko = "부산광역시";
    std::string region_en = "Busan";
};

class OperatorService {
public:
    OperatorService(store::Db& db, core::Clock& clock, core::Random& random)
        : db_(db), clock_(clock), random_(random) {}

    // Creates the operator from `defaults` unless one exists; safe when several servers start at once.
    core::Status Ensure(const OperatorDefaults& defaults);
    core::Result<Operator> Get();

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

// The module's migrations (generated from schema/).
std::span<const store::Migration> SchemaMigrations();

}  // namespace jangteo::platform

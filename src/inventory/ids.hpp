// The typed ids of the inventory module. Variants are catalog's (catalog::VariantId); this module keeps
// their keys without knowing catalog (DESIGN.md: domain modules do not call one another), and the flows
// that span both check that a variant is the merchant's before its stock moves.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/id.hpp"

namespace jangteo::inventory {

struct LocationTag {
    static constexpr std::string_view kPrefix = "loc";
};
using LocationId = core::Id<LocationTag>;

struct TransferTag {
    static constexpr std::string_view kPrefix = "trf";
};
using TransferId = core::Id<TransferTag>;

struct CountTag {
    static constexpr std::string_view kPrefix = "cnt";
};
using CountId = core::Id<CountTag>;

// Who moved stock: a person of the merchant, one of its API keys (a POS, a program), a customer (a web
// order) or the platform itself (a payment that timed out). Recorded on every ledger row.
enum class ActorKind { kUser, kApiKey, kCustomer, kSystem };
std::string_view ActorKindName(ActorKind kind);

struct Actor {
    ActorKind kind = ActorKind::kSystem;
    std::optional<std::int64_t> id;  // the user's or key's id; none for the system or a guest

    static Actor System() { return {ActorKind::kSystem, std::nullopt}; }
};

}  // namespace jangteo::inventory

// The demo region: a realistic, made-up population for a fresh store, so that the portal, the back
// office and the operator console have something to show and to measure. It makes an operator admin,
// about two hundred approved merchants spread over every district of the region and over the
// operator's industries (Korean and English shop names, valid business numbers, road-name addresses,
// Busan landlines), their owners and staff, customers, and a few applications that wait, were
// rejected or are suspended, each with its history. Everything goes through the services, so the
// history rows, memberships and audit events are the ones a person's actions would have left.
//
//   platform::DemoSeeder seeder(db, region, hasher);
//   JANGTEO_TRY(platform::DemoSeedSummary made, seeder.Seed(platform::kDefaultDemoSeed));
//   if (!made.seeded) { /* the store already had users or merchants: nothing was changed */ }
//   // made.owner.email, made.password: how to sign in as a merchant owner
//
// The same seed gives the same data, ids and times included (ids come from a core::SeededRandom and
// times from a core::ManualClock that starts at a fixed date), except the password hash, whose salt
// is fresh. Every account shares kDemoPassword, hashed once: this is demo data, never for production.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "platform/ids.hpp"
#include "platform/password.hpp"
#include "platform/region.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

// The one password of every demo account. It passes the password policy; it is printed on purpose.
inline constexpr std::string_view kDemoPassword = "jangteo-demo-2026";
inline constexpr std::uint64_t kDefaultDemoSeed = 20261123;
// The demo's operator admin, who also builds the demo's category tree (catalog/demo_categories.hpp).
inline constexpr std::string_view kDemoAdminEmail = "admin@example.kr";

// One account to sign in with, and for an owner or staff member the merchant they work for.
struct DemoAccount {
    UserId id;
    std::string email;
    std::string name;
    MerchantId merchant_id;        // owner and staff only
    std::string merchant_name_ko;  // owner and staff only
    std::string merchant_name_en;
};

// What Seed made, or what was there already.
struct DemoSeedSummary {
    // False when the store already had users or merchants: then nothing was written, and only the
    // existing_* counts below are filled.
    bool seeded = false;
    std::int64_t existing_users = 0;
    std::int64_t existing_merchants = 0;

    std::uint64_t seed = 0;
    int users = 0;  // every account below
    int operator_admins = 0;
    int owners = 0;  // people who own at least one merchant (applicants included)
    int staff = 0;
    int customers = 0;
    int approved = 0;
    int pending = 0;  // applications waiting for the operator
    int rejected = 0;
    int suspended = 0;
    int districts = 0;   // districts with at least one approved merchant
    int industries = 0;  // industries with at least one approved merchant
    std::string password;
    DemoAccount admin, owner, staff_member, customer;
};

// Holds references only; the region must outlive it. Each Seed runs on a clock and ids of its own.
class DemoSeeder {
public:
    DemoSeeder(store::Db& db, const Region& region, const PasswordHasher& hasher)
        : db_(db), region_(region), hasher_(hasher) {}

    // Fills an empty store (a migrated one without users or merchants) from `seed`. On a store that
    // has any, it changes nothing and answers seeded = false. The operator's active industries must
    // exist (the migrations make them); none answers kFailedPrecondition "no_industries". A failure
    // part-way leaves what was made so far, which a second run then reports as existing data.
    core::Result<DemoSeedSummary> Seed(std::uint64_t seed = kDefaultDemoSeed);

    // The demo's operator admin (kDemoAdminEmail, holding the operator admin role) when the store
    // holds the demo region; std::nullopt otherwise, as in a store that real people use.
    core::Result<std::optional<UserId>> DemoAdmin();

private:
    store::Db& db_;
    const Region& region_;
    const PasswordHasher& hasher_;
};

}  // namespace jangteo::platform

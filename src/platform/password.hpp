// Password hashing: Argon2id through libsodium, in the PHC string form ("$argon2id$v=19$m=...")
// that carries its own salt and parameters, so that stronger parameters can be adopted later and
// old hashes upgraded at the next sign-in (NeedsRehash).
//
//   platform::PasswordHasher hasher;               // production parameters, made once by the app
//   auto hash = hasher.Hash("correct horse 42");   // Result<std::string>, ~tens of ms by design
//   hasher.Verify(*hash, "correct horse 42");      // true
//
// It lives in platform, not core, because platform owns users and sessions and is the only module
// that needs it; that also keeps libsodium out of core, which everything links.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jangteo::platform {

// Argon2id cost: passes over memory and memory in bytes.
struct PasswordHashParams {
    std::uint64_t ops = 0;
    std::size_t mem_bytes = 0;
};

// The floor for production (OWASP's Argon2id minimum: 19 MiB, 2 passes). The app may configure more,
// never less.
inline constexpr PasswordHashParams kDefaultPasswordHashParams{2, std::size_t{19} << 20};

// Makes a hasher with parameters below the production floor. Only tests construct it, so that
// hashing costs microseconds there; production code has no way to weaken the hash.
struct WeakParamsForTests {
    PasswordHashParams params;
};

// Thread-safe: it holds only constants after construction.
class PasswordHasher {
public:
    // Production: kDefaultPasswordHashParams.
    PasswordHasher();
    // Stronger parameters: values below kDefaultPasswordHashParams are raised to it.
    explicit PasswordHasher(PasswordHashParams params);
    // Tests only: any parameters libsodium accepts (ops >= 1, mem >= 8 KiB).
    explicit PasswordHasher(WeakParamsForTests weak);

    const PasswordHashParams& params() const { return params_; }

    // The PHC string of `password` with a fresh random salt. Fails only when memory cannot be had.
    core::Result<std::string> Hash(std::string_view password) const;
    // Whether `password` matches `hash`, in time that does not depend on where they differ. A hash
    // that is not an Argon2id PHC string never matches.
    bool Verify(std::string_view hash, std::string_view password) const;
    // Whether `hash` was made with other parameters (or another algorithm) than this hasher's.
    bool NeedsRehash(std::string_view hash) const;
    // Costs what Verify of a real user's hash costs and answers false: for unknown accounts, so
    // that the time of a sign-in does not tell whether an email is registered.
    void VerifyDummy(std::string_view password) const;

private:
    void Init();

    PasswordHashParams params_;
    std::string dummy_hash_;  // a hash of a random secret, made with params_
};

}  // namespace jangteo::platform

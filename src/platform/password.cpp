#include "platform/password.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace jangteo::platform {

PasswordHasher::PasswordHasher() : PasswordHasher(kDefaultPasswordHashParams) {}

PasswordHasher::PasswordHasher(PasswordHashParams params)
    : params_{std::max(params.ops, kDefaultPasswordHashParams.ops),
              std::max(params.mem_bytes, kDefaultPasswordHashParams.mem_bytes)} {
    Init();
}

PasswordHasher::PasswordHasher(WeakParamsForTests weak) : params_(weak.params) {
    Init();
}

void PasswordHasher::Init() {
    // sodium_init is idempotent and thread-safe (libsodium >= 1.0.11), so every hasher may call it;
    // a failure means no usable random source, which is a start-up error: fail fast.
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    if (params_.ops < crypto_pwhash_OPSLIMIT_MIN || params_.mem_bytes < crypto_pwhash_MEMLIMIT_MIN ||
        params_.ops > crypto_pwhash_OPSLIMIT_MAX || params_.mem_bytes > crypto_pwhash_MEMLIMIT_MAX) {
        throw std::invalid_argument("Argon2id parameters out of libsodium's range");
    }
    unsigned char secret[32];
    randombytes_buf(secret, sizeof secret);
    auto dummy = Hash(std::string_view(reinterpret_cast<const char*>(secret), sizeof secret));
    sodium_memzero(secret, sizeof secret);
    if (!dummy.ok()) throw std::runtime_error("cannot hash a password: " + dummy.error().message);
    dummy_hash_ = std::move(*dummy);
}

core::Result<std::string> PasswordHasher::Hash(std::string_view password) const {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), params_.ops, params_.mem_bytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return core::Error::ResourceExhausted("password_hash_failed", "not enough memory to hash the password");
    }
    return std::string(out);
}

bool PasswordHasher::Verify(std::string_view hash, std::string_view password) const {
    // libsodium wants a NUL-terminated hash; anything longer than its buffer cannot be one of ours.
    if (hash.size() >= crypto_pwhash_STRBYTES || !hash.starts_with(crypto_pwhash_argon2id_STRPREFIX)) return false;
    char buf[crypto_pwhash_STRBYTES] = {};
    std::copy(hash.begin(), hash.end(), buf);
    return crypto_pwhash_str_verify(buf, password.data(), password.size()) == 0;
}

bool PasswordHasher::NeedsRehash(std::string_view hash) const {
    if (hash.size() >= crypto_pwhash_STRBYTES) return true;
    char buf[crypto_pwhash_STRBYTES] = {};
    std::copy(hash.begin(), hash.end(), buf);
    // 1: other parameters; -1: not an Argon2id string at all. Either way a fresh hash is wanted.
    return crypto_pwhash_str_needs_rehash(buf, params_.ops, params_.mem_bytes) != 0;
}

void PasswordHasher::VerifyDummy(std::string_view password) const {
    // The dummy's secret is 32 random bytes nobody knows, so this is false; the answer is unused.
    static_cast<void>(Verify(dummy_hash_, password));
}

}  // namespace jangteo::platform

#include "orders/payment_webhook.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace jangteo::orders {

namespace {

using Digest = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

// At most this many entries in one header: a real one has two or three.
constexpr int kMaxHeaderItems = 8;
constexpr std::size_t kMaxHeaderBytes = 1024;

void InitSodium() {
    // Idempotent and thread-safe (libsodium >= 1.0.11).
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

// HMAC-SHA256 over "<t>.<body>". The streaming form takes a key of any length (the one-shot
// crypto_auth_hmacsha256 wants exactly 32 bytes).
Digest Mac(std::string_view secret, std::string_view t, std::string_view body) {
    InitSodium();
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(t.data()), t.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>("."), 1);
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
    Digest digest{};
    crypto_auth_hmacsha256_final(&state, digest.data());
    sodium_memzero(&state, sizeof state);
    return digest;
}

core::Error BadSignature(std::string message) {
    return core::Error::Unauthenticated("bad_signature", std::move(message));
}

bool AllDigits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string SignWebhook(std::string_view secret, core::TimePoint at, std::string_view body) {
    std::string t = std::to_string(core::ToUnixMicros(at) / 1'000'000);
    Digest digest = Mac(secret, t, body);
    std::string hex(digest.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    hex.pop_back();
    return "t=" + t + ",v1=" + hex;
}

core::Status VerifyWebhookSignature(std::string_view secret, std::optional<std::string_view> header,
                                    std::string_view body, core::TimePoint now, std::chrono::seconds tolerance) {
    if (!header) return BadSignature("the request has no Jangteo-Signature header");
    if (header->size() > kMaxHeaderBytes) return BadSignature("the Jangteo-Signature header is too long");
    std::optional<std::string_view> t;
    std::vector<std::string_view> signatures;
    std::string_view rest = *header;
    int items = 0;
    while (!rest.empty() || items == 0) {
        if (++items > kMaxHeaderItems) return BadSignature("the Jangteo-Signature header has too many entries");
        std::size_t comma = rest.find(',');
        std::string_view item = Trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        std::size_t eq = item.find('=');
        if (eq == std::string_view::npos || eq == 0) {
            return BadSignature("the Jangteo-Signature header is not t=<seconds>,v1=<hex>");
        }
        std::string_view key = item.substr(0, eq);
        std::string_view value = item.substr(eq + 1);
        if (key == "t") {
            if (t || !AllDigits(value) || value.size() > 12) {
                return BadSignature("the Jangteo-Signature header's t is not one time in seconds");
            }
            t = value;
        } else if (key == "v1") {
            if (value.size() != crypto_auth_hmacsha256_BYTES * 2) {
                return BadSignature("the Jangteo-Signature header's v1 is not 64 hex digits");
            }
            signatures.push_back(value);
        }
    }
    if (!t || signatures.empty()) return BadSignature("the Jangteo-Signature header needs t and v1");

    std::int64_t signed_at = std::stoll(std::string(*t));
    std::int64_t now_s = core::ToUnixMicros(now) / 1'000'000;
    std::int64_t skew = signed_at > now_s ? signed_at - now_s : now_s - signed_at;
    if (skew > tolerance.count()) {
        return BadSignature("the signature's time is more than " + std::to_string(tolerance.count()) +
                            " seconds from now (a replay, or a wrong clock)");
    }

    Digest expected = Mac(secret, *t, body);
    bool match = false;
    for (std::string_view hex : signatures) {
        Digest given{};
        std::size_t len = 0;
        if (sodium_hex2bin(given.data(), given.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
            len != given.size()) {
            return BadSignature("the Jangteo-Signature header's v1 is not 64 hex digits");
        }
        // Every entry is compared, each in constant time, so timing says nothing about which matched.
        if (sodium_memcmp(given.data(), expected.data(), given.size()) == 0) match = true;
    }
    if (!match) return BadSignature("the signature does not match the body");
    return {};
}

}  // namespace jangteo::orders

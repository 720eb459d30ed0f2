#include "core/random.hpp"

#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace jangteo::core {

std::string Random::Hex(std::size_t bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string raw(bytes, '\0');
    Fill(raw.data(), raw.size());
    std::string out(bytes * 2, '\0');
    for (std::size_t i = 0; i < bytes; ++i) {
        auto b = static_cast<unsigned char>(raw[i]);
        out[2 * i] = kHex[b >> 4];
        out[2 * i + 1] = kHex[b & 15];
    }
    return out;
}

void SystemRandom::Fill(void* data, std::size_t size) {
    auto* p = static_cast<unsigned char*>(data);
    while (size > 0) {
        ssize_t n = getrandom(p, size, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            // Without a working kernel generator no token is safe; this is unrecoverable.
            throw std::runtime_error("getrandom failed: " + std::system_category().message(errno));
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
}

void SeededRandom::Fill(void* data, std::size_t size) {
    std::lock_guard lock(mu_);
    auto* p = static_cast<unsigned char*>(data);
    while (size > 0) {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        std::size_t n = size < sizeof z ? size : sizeof z;
        std::memcpy(p, &z, n);
        p += n;
        size -= n;
    }
}

}  // namespace jangteo::core

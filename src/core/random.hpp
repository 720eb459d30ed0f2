// Randomness is injected so that tests are repeatable: production code takes a Random&, the app
// gives it a SystemRandom, tests give a SeededRandom.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

namespace jangteo::core {

class Random {
public:
    virtual ~Random() = default;
    virtual void Fill(void* data, std::size_t size) = 0;

    std::uint64_t NextU64() {
        std::uint64_t v = 0;
        Fill(&v, sizeof v);
        return v;
    }
    // `bytes` random bytes as lower-case hex.
    std::string Hex(std::size_t bytes);
};

// The kernel's generator (getrandom), suitable for tokens and keys. Thread-safe.
class SystemRandom final : public Random {
public:
    void Fill(void* data, std::size_t size) override;
};

// A deterministic generator (splitmix64) for tests and the demo data. Thread-safe.
class SeededRandom final : public Random {
public:
    explicit SeededRandom(std::uint64_t seed) : state_(seed) {}
    void Fill(void* data, std::size_t size) override;

private:
    std::mutex mu_;
    std::uint64_t state_;
};

}  // namespace jangteo::core

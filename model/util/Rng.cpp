#include "util/Rng.h"

#include <cmath>

namespace genrelab {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

__extension__ typedef unsigned __int128 Uint128;  // GCC/Clang: the wide multiply Lemire needs

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

} // namespace

Rng::Rng(std::uint64_t seed, std::uint64_t stream) {
    // Mixing the stream id into the seeding gives independent streams per chain or per job.
    std::uint64_t state = seed ^ (stream * 0xD1B54A32D192ED03ull);
    for (auto& word : s_) word = splitmix64(state);
}

std::uint64_t Rng::next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double Rng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double Rng::uniformOpen() { return (static_cast<double>(next() >> 12) + 0.5) * 0x1.0p-52; }

std::uint64_t Rng::below(std::uint64_t n) {
    // Lemire's nearly-divisionless method.
    Uint128 m = static_cast<Uint128>(next()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
        const std::uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            m = static_cast<Uint128>(next()) * n;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

Rng::State Rng::state() const {
    State out;
    for (int i = 0; i < 4; ++i) out.words[i] = s_[i];
    out.spareNormal = spareNormal_;
    out.hasSpare = hasSpare_;
    return out;
}

Rng Rng::fromState(const State& state) {
    Rng rng;
    for (int i = 0; i < 4; ++i) rng.s_[i] = state.words[i];
    rng.spareNormal_ = state.spareNormal;
    rng.hasSpare_ = state.hasSpare;
    return rng;
}

double Rng::normal() {
    if (hasSpare_) {
        hasSpare_ = false;
        return spareNormal_;
    }
    double u, v, s;
    do {
        u = 2.0 * uniform() - 1.0;
        v = 2.0 * uniform() - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * std::log(s) / s);
    spareNormal_ = v * factor;
    hasSpare_ = true;
    return u * factor;
}

} // namespace genrelab

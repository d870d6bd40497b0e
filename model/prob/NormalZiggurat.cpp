#include "prob/NormalZiggurat.h"

#include <array>
#include <cmath>
#include <cstdint>

namespace genrelab::prob {
namespace {

constexpr int kLayers = 256;
// The base strip's right edge r and the common area v of every layer, for 256 layers
// (Marsaglia and Tsang 2000, table 1).
constexpr double kTailStart = 3.6541528853610088;
constexpr double kLayerArea = 4.92867323399e-3;
constexpr double kScale = 0x1.0p52;  // |h| < 2^52 for the signed 53-bit position h

// Layer i (1..255) spans x in [0, x_i) and density heights [f(x_i), f(x_{i-1})] with x_255 = r
// and x_0 = 0; a draw x = h w_i with |h| < k_i lies left of x_{i-1}, under the curve for sure.
// Layer 0 is the base strip with the tail, as a rectangle of the same area (width v / f(r)).
struct Tables {
    std::array<std::int64_t, kLayers> k{};
    std::array<double, kLayers> w{}, f{};
};

const Tables& tables() {
    static const Tables t = [] {
        Tables z;
        const double fr = std::exp(-0.5 * kTailStart * kTailStart);
        const double q = kLayerArea / fr;
        z.k[0] = static_cast<std::int64_t>(kTailStart / q * kScale);
        z.k[1] = 0;
        z.w[0] = q / kScale;
        z.w[kLayers - 1] = kTailStart / kScale;
        z.f[0] = 1.0;
        z.f[kLayers - 1] = fr;
        double outer = kTailStart;
        for (int i = kLayers - 2; i >= 1; --i) {
            const double x = std::sqrt(-2.0 * std::log(kLayerArea / outer + std::exp(-0.5 * outer * outer)));
            z.k[static_cast<std::size_t>(i) + 1] = static_cast<std::int64_t>(x / outer * kScale);
            outer = x;
            z.f[static_cast<std::size_t>(i)] = std::exp(-0.5 * x * x);
            z.w[static_cast<std::size_t>(i)] = x / kScale;
        }
        return z;
    }();
    return t;
}

// The 1% of draws outside a layer's sure part: the tail beyond r (Marsaglia's exponential
// method), or the wedge between the layer's rectangle and the curve; else a fresh draw.
double slowPath(Rng& rng, const Tables& z, std::size_t layer, std::int64_t h) {
    for (;;) {
        const double x = static_cast<double>(h) * z.w[layer];
        if (layer == 0) {
            double tail, y;
            do {
                tail = -std::log(rng.uniformOpen()) / kTailStart;
                y = -std::log(rng.uniformOpen());
            } while (y + y < tail * tail);
            return h > 0 ? kTailStart + tail : -kTailStart - tail;
        }
        if (z.f[layer] + rng.uniform() * (z.f[layer - 1] - z.f[layer]) < std::exp(-0.5 * x * x)) return x;
        const std::uint64_t bits = rng.next();
        layer = bits & (kLayers - 1);
        h = static_cast<std::int64_t>(bits) >> 11;
        if ((h < 0 ? -h : h) < z.k[layer]) return static_cast<double>(h) * z.w[layer];
    }
}

} // namespace

void fillStandardNormal(Rng& rng, double* out, std::size_t n) {
    const Tables& z = tables();
    for (std::size_t j = 0; j < n; ++j) {
        const std::uint64_t bits = rng.next();
        const std::size_t layer = bits & (kLayers - 1);
        const std::int64_t h = static_cast<std::int64_t>(bits) >> 11;  // arithmetic shift: the top 53 bits, signed
        out[j] = (h < 0 ? -h : h) < z.k[layer] ? static_cast<double>(h) * z.w[layer] : slowPath(rng, z, layer, h);
    }
}

} // namespace genrelab::prob

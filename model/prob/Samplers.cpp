#include "prob/Samplers.h"

#include <cmath>
#include <numbers>

namespace genrelab::prob {

double sampleGamma(Rng& rng, double shape) {
    if (shape < 1.0) return sampleGamma(rng, shape + 1.0) * std::pow(rng.uniformOpen(), 1.0 / shape);
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = rng.normal();
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = rng.uniformOpen();
        if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
        if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
    }
}

double sampleStudentT(Rng& rng, double nu) {
    const double z = rng.normal();
    const double chi2 = 2.0 * sampleGamma(rng, 0.5 * nu);
    return z / std::sqrt(chi2 / nu);
}

double sampleHalfCauchy(Rng& rng, double scale) {
    return scale * std::fabs(std::tan(std::numbers::pi * (rng.uniformOpen() - 0.5)));
}

} // namespace genrelab::prob

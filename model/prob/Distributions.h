#pragma once
// Log densities with their derivatives, written out by hand: the models need value and
// gradient in one pass, and these few are all the study's priors use.
#include <cmath>
#include <numbers>

namespace genrelab::prob {

inline constexpr double kHalfLog2Pi = 0.91893853320467274178;  // log(sqrt(2 pi))

// log |Gamma(x)|. std::lgamma writes the global signgam, a data race when models are built on
// several chain threads at once (ThreadSanitizer shows it); lgamma_r keeps the sign local.
inline double logGamma(double x) {
    int sign = 0;
    return ::lgamma_r(x, &sign);
}

// Normal(x | mu, sigma). Derivatives with respect to x, mu and sigma.
struct NormalLp {
    double value, dx, dmu, dsigma;
};
inline NormalLp normal(double x, double mu, double sigma) {
    const double z = (x - mu) / sigma;
    const double dx = -z / sigma;
    return {-0.5 * z * z - std::log(sigma) - kHalfLog2Pi, dx, -dx, (z * z - 1.0) / sigma};
}

// Student-t(x | nu, 0, scale) with fixed nu and scale: value and d/dx.
struct Lp {
    double value, dx;
};
inline double studentTConstant(double nu, double scale) {
    return logGamma(0.5 * (nu + 1.0)) - logGamma(0.5 * nu) - 0.5 * std::log(nu * std::numbers::pi) - std::log(scale);
}
inline Lp studentT(double x, double nu, double scale) {
    const double u = x / scale;
    return {studentTConstant(nu, scale) - 0.5 * (nu + 1.0) * std::log1p(u * u / nu),
            -(nu + 1.0) * x / (nu * scale * scale + x * x)};
}

// Half-Cauchy(x | scale) on x > 0: value and d/dx.
inline Lp halfCauchy(double x, double scale) {
    const double u = x / scale;
    return {std::log(2.0 / (std::numbers::pi * scale)) - std::log1p(u * u), -2.0 * x / (scale * scale + x * x)};
}

} // namespace genrelab::prob

#include "prob/SpecialFunctions.h"

#include "prob/Distributions.h"

#include <cmath>
#include <limits>

namespace genrelab {
namespace {

// Series for P(a, x), good for x < a + 1 (Numerical Recipes 6.2).
double gammaPSeries(double a, double x) {
    double term = 1.0 / a, sum = term, ap = a;
    for (int n = 0; n < 10000; ++n) {
        ap += 1.0;
        term *= x / ap;
        sum += term;
        if (std::fabs(term) < std::fabs(sum) * 1e-16) break;
    }
    return sum * std::exp(-x + a * std::log(x) - prob::logGamma(a));
}

// Continued fraction for Q(a, x), good for x >= a + 1 (modified Lentz).
double gammaQFraction(double a, double x) {
    const double tiny = 1e-300;
    double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
    for (int i = 1; i < 10000; ++i) {
        const double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (std::fabs(d) < tiny) d = tiny;
        c = b + an / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::fabs(delta - 1.0) < 1e-16) break;
    }
    return std::exp(-x + a * std::log(x) - prob::logGamma(a)) * h;
}

} // namespace

double gammaQ(double a, double x) {
    if (!(a > 0.0) || !(x >= 0.0)) return std::numeric_limits<double>::quiet_NaN();
    if (x == 0.0) return 1.0;
    if (x < a + 1.0) return 1.0 - gammaPSeries(a, x);
    return gammaQFraction(a, x);
}

double chiSquaredSurvival(double statistic, double df) {
    if (statistic <= 0.0) return 1.0;
    return gammaQ(0.5 * df, 0.5 * statistic);
}

} // namespace genrelab

#pragma once
// Special functions needed by tests of independence and, later, by the distributions.

namespace genrelab {

// Regularized upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a), a > 0, x >= 0.
double gammaQ(double a, double x);
// Survival function of the chi-squared distribution with df degrees of freedom.
double chiSquaredSurvival(double statistic, double df);

} // namespace genrelab

#pragma once
// Pareto-smoothed importance sampling diagnostic k-hat (Vehtari, Simpson, Gelman, Yao & Gabry,
// "Pareto smoothed importance sampling", and Yao, Vehtari, Simpson & Gelman 2018 for judging
// variational fits): a generalized Pareto distribution fitted to the largest importance ratios
// by Zhang & Stephens (2009) with the weakly informative shrinkage of the loo package.
// k < 0.5 good, 0.5-0.7 usable, > 0.7 the guide misses the posterior's tails.
#include <Eigen/Core>

namespace genrelab {

// logRatios: log p(theta_s) - log q(theta_s) for draws theta_s ~ q (PSIS with r_eff = 1).
// NaN with fewer than 10 draws, ratios that are not finite, or a tail too short or flat to fit.
double paretoKHat(const Eigen::VectorXd& logRatios);

// Fit of the generalized Pareto shape (k) and scale (sigma) to positive exceedances, as loo's
// gpdfit(wip = TRUE): k is +inf when the fit is not a number.
struct GpdFit {
    double k = 0, sigma = 0;
};
GpdFit fitGeneralizedPareto(Eigen::VectorXd exceedances);
// The same for exceedances already in increasing order.
GpdFit fitSortedGeneralizedPareto(const Eigen::VectorXd& sortedExceedances);

} // namespace genrelab

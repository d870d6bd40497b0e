#pragma once
// Pareto-smoothed importance sampling (Vehtari, Simpson, Gelman, Yao & Gabry 2024, "Pareto
// smoothed importance sampling", JMLR), written to give the numbers of R's loo 2.5.1 psis():
// the largest M = ceil(min(0.2 S, 3 sqrt(S / r_eff))) log ratios are replaced by the expected
// order statistics of a generalized Pareto fit (Zhang & Stephens 2009, with loo's weakly
// informative shrinkage of k toward 0.5), then every weight is truncated at the largest raw one.
#include <Eigen/Core>

namespace genrelab {

// The tail length M for S draws whose relative efficiency is rEff.
Eigen::Index psisTailLength(Eigen::Index draws, double rEff);

// k-hat above which the smoothed estimate is not to be trusted for S draws: min(1 - 1/log10 S,
// 0.7) (Vehtari et al. 2024, section 3); NaN for fewer than 2 draws.
double psisKhatThreshold(Eigen::Index draws);

// Replaces the log importance ratios in logWeights with the smoothed, unnormalized log weights
// and returns k-hat. k-hat is +inf, and the ratios are only truncated, when the tail is shorter
// than 5 draws or flat (as loo); NaN when a ratio is not finite (then the weights are NaN too).
double psisSmooth(Eigen::Ref<Eigen::VectorXd> logWeights, double rEff);

} // namespace genrelab

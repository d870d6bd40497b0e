#pragma once
// Convergence diagnostics of Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), "Rank-
// normalization, folding, and localization: an improved R-hat", as Stan and the posterior R
// package compute them. Input: a draws x chains matrix of one quantity. Degenerate input
// (constant, non-finite, too few draws) gives NaN.
#include <Eigen/Core>

namespace genrelab {

// Classic split R-hat (no rank normalization).
double splitRhat(const Eigen::MatrixXd& draws);
// max(bulk R-hat of rank-normalized split chains, the same of the folded draws).
double rhat(const Eigen::MatrixXd& draws);
// Effective sample size of the mean of the draws as they are (split chains).
double essMean(const Eigen::MatrixXd& draws);
// ESS of rank-normalized split chains: the bulk of the distribution.
double essBulk(const Eigen::MatrixXd& draws);
// min of the ESS of the 5% and 95% quantile indicators: the tails.
double essTail(const Eigen::MatrixXd& draws);
// Monte Carlo standard error of the mean: sd / sqrt(essMean).
double mcseMean(const Eigen::MatrixXd& draws);

// Every draw is the same finite number: such a quantity has no R-hat or ESS (NaN), by definition.
bool constantDraws(const Eigen::MatrixXd& draws);

// Building blocks, exposed for tests.
Eigen::MatrixXd splitChains(const Eigen::MatrixXd& draws);         // 2 * chains columns; odd middle draw dropped
Eigen::MatrixXd rankNormalize(const Eigen::MatrixXd& draws);       // Blom-type ranks -> normal scores
double essRaw(const Eigen::MatrixXd& draws);                       // Geyer initial monotone sequence, no splitting
double normalQuantile(double p);                                   // inverse standard normal CDF

} // namespace genrelab

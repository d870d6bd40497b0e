#pragma once
// LOO-PIT: where each row's observed class falls in its leave-one-out predictive distribution
// (Gabry, Simpson, Vehtari, Betancourt & Gelman 2019, "Visualization in Bayesian workflow",
// section 5), the leave-one-out predictive taken from the PSIS-LOO weights of Loo (Vehtari,
// Gelman & Gabry 2017): p(y_i = c | y_-i) = sum_s w_is p(c | theta_s), w_is the smoothed
// weights of the ratios 1 / p(y_i | theta_s) (times p / q for SVI draws, as Loo).
// The outcome is categorical, so the PIT is the randomized PIT (Brockwell 2007; Czado,
// Gneiting & Held 2009, equation 1) over the classes in their index order:
//   PIT_i = F_i(y_i - 1) + u_i p_i(y_i),   u_i ~ Uniform(0, 1),
// F_i the LOO predictive CDF. For a calibrated model the PIT values are uniform on (0, 1)
// whatever the class order; u_i comes from a seeded generator, so the values are reproducible.
// Their ECDF minus the uniform CDF is read inside the simultaneous band of RankUniformity:
// a smile (ECDF below then above) says the predictive is too wide, a frown too narrow, a
// slope one way or the other a shift.
#include "infer/Posterior.h"
#include "models/Design.h"
#include "models/LogDensity.h"

#include <Eigen/Core>

#include <cstdint>
#include <span>
#include <vector>

namespace genrelab {

// logLik and below: draws x rows of log p(y_i | theta_s) and P(y < y_i | theta_s) (the summed
// probabilities of the classes before y_i). rEff: per row (empty: 1). logCorrection: per draw,
// or empty (see Loo). uniforms: u_i per row. NaN for a row whose weights are not finite.
Eigen::VectorXd looPitFromLikelihood(const Eigen::MatrixXd& logLik, const Eigen::MatrixXd& below, const Eigen::VectorXd& rEff,
                                     const Eigen::VectorXd& logCorrection, const Eigen::VectorXd& uniforms);

// The same from a posterior and rows: u_i from Rng(seed), row after row. threads <= 0: one per
// core; the numbers do not depend on it.
Eigen::VectorXd looPit(const LogDensity& model, const Posterior& posterior, const Design& rows, const Eigen::VectorXi& y,
                       const Eigen::VectorXd& rEff, const Eigen::VectorXd& logCorrection, std::uint64_t seed, int threads = 0);

// How many values lie at or below each z (NaN values are left out of every count).
std::vector<int> ecdfCountsAt(std::span<const double> values, const std::vector<double>& z);

} // namespace genrelab

#pragma once
// Approximate leave-one-out cross-validation by Pareto-smoothed importance sampling (PSIS-LOO;
// Vehtari, Gelman & Gabry 2017), giving the numbers of R's loo 2.5.1 loo() for MCMC draws and
// loo_approximate_posterior() for draws of an approximation q (Magnusson et al. 2019).
//   elpd_loo  sum over rows of log p(y_i | y_-i): the expected log predictive density of new
//             rows, estimated without refitting; higher is better.
//   se        its standard error, sqrt(N var(elpd_i)).
//   p_loo     lpd - elpd_loo: the effective number of parameters (how much the fit to each row
//             leans on that row).
//   k-hat     per row, the Pareto shape of its importance ratios: above psisKhatThreshold(S)
//             that row's elpd_i is not reliable.
#include "infer/Posterior.h"
#include "models/Design.h"
#include "models/LogDensity.h"

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <string>

namespace genrelab {

struct LooResult {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    double elpd = nan, se = nan, pLoo = nan, pLooSe = nan;
    double khatMax = nan, khatBadShare = nan, khatThreshold = nan;
    Eigen::VectorXd pointwiseElpd, pointwisePLoo, khat, rEff;  // per row
    Eigen::Index draws = 0;
    std::string note;  // why the numbers are NaN, when they are

    bool computed() const { return !std::isnan(elpd); }
};

// logLik: draws x rows of log p(y_i | theta_s), draws pooled chain after chain (`chains` chains
// of equal length; r_eff per row from them). logCorrection (one per draw, or empty): log p(theta,
// y) - log q(theta) for draws from an approximation q; then r_eff is 1, as in loo. threads <= 0:
// one per core. Deterministic for any thread count.
LooResult looFromLogLikelihood(const Eigen::MatrixXd& logLik, std::size_t chains,
                               const Eigen::VectorXd& logCorrection = Eigen::VectorXd(), int threads = 0);

// The same from a posterior and the rows its model was fitted to, in blocks of rows so that the
// whole draws x rows matrix is never held.
LooResult looOfPosterior(const LogDensity& model, const Posterior& posterior, const Design& rows, const Eigen::VectorXi& y,
                         const Eigen::VectorXd& logCorrection = Eigen::VectorXd(), int threads = 0);
LooResult looOfPosterior(const LogDensity& model, const Posterior& posterior, const Eigen::MatrixXd& x, const Eigen::VectorXi& y,
                         const Eigen::VectorXd& logCorrection = Eigen::VectorXd(), int threads = 0);

} // namespace genrelab

#pragma once
// Importance resampling of approximate draws toward the posterior with Pareto-smoothed weights:
// how multi-path Pathfinder turns the pooled draws of its paths' Gaussians into one set of
// (approximate) posterior draws (Zhang et al. 2022, section 2.4; Stan's psis_resample).
#include "infer/Posterior.h"

#include <Eigen/Core>

#include <cstdint>

namespace genrelab {

struct PsisResampleResult {
    Posterior posterior;   // one chain of `count` draws, drawn with replacement by weight
    double khat = 0.0;     // of the smoothed ratios (NaN when it cannot be fitted)
    Eigen::Index distinctDraws = 0;  // different source draws among those kept
};

// Smooths logRatios (one per pooled draw of `draws`, r_eff = 1) with PSIS and draws `count` of
// them with replacement, each with probability proportional to its smoothed weight. A draw whose
// ratio is not finite (log p was not finite) gets weight 0. The result keeps draws' method and
// their DrawStats. Throws std::invalid_argument when no ratio is finite or the sizes differ.
PsisResampleResult psisResample(const Posterior& draws, const Eigen::VectorXd& logRatios, Eigen::Index count, std::uint64_t seed);

} // namespace genrelab

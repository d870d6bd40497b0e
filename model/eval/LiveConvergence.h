#pragma once
// Convergence numbers recomputed while NUTS runs: over the post-warmup draws so far, the worst
// R-hat and ESS, divergences, tree-depth hits and E-BFMI per chain, with traffic lights.
#include "infer/Posterior.h"

#include <Eigen/Core>

#include <limits>
#include <vector>

namespace genrelab {

enum class Light { Green, Amber, Red, None };

struct ConvergenceSnapshot {
    std::size_t draws = 0;             // post-warmup draws per chain (the shortest chain)
    // By WorstDiagnostic's rule; NaN: cannot be judged (fewer than 8 draws per chain so far,
    // or a parameter without R-hat or ESS).
    double rhatMax = std::numeric_limits<double>::quiet_NaN(), essBulkMin = std::numeric_limits<double>::quiet_NaN(),
           essTailMin = std::numeric_limits<double>::quiet_NaN();
    std::size_t divergences = 0, depthHits = 0;
    std::vector<double> ebfmi;         // per chain
    Light rhatLight = Light::None, essLight = Light::None, ebfmiLight = Light::None, divergenceLight = Light::None;
    bool converged() const { return rhatLight == Light::Green && essLight == Light::Green; }
};

// Energy Bayesian fraction of missing information of one chain (Betancourt 2016):
// sum of squared energy changes over the sum of squared deviations; below 0.3 is a warning.
double ebfmi(const std::vector<double>& energies);

// draws[c]: post-warmup draws of chain c (rows) by parameters (columns); stats[c] likewise.
// Thresholds: R-hat <= 1.01, ESS >= 400, E-BFMI >= 0.3 (green), amber just past them.
ConvergenceSnapshot liveConvergence(const std::vector<Eigen::MatrixXd>& draws,
                                    const std::vector<std::vector<DrawStats>>& stats, int maxTreeDepth);

} // namespace genrelab

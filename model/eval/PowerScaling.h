#pragma once
// Power-scaling prior and likelihood sensitivity (Kallioinen, Paananen, Buerkner & Vehtari 2023,
// "Detecting and diagnosing prior and likelihood sensitivity with power-scaling", Statistics and
// Computing 34:57), giving the numbers of R's priorsense (github.com/n-kall/priorsense, commit
// d13f150) without moment matching:
//   - the draws are re-weighted by (alpha - 1) x the log prior (or the log-likelihood) of each
//     draw (scaled_log_ratio.R), Pareto-smoothed (powerscale.R lines 275-282);
//   - per parameter, the cumulative Jensen-Shannon distance between the base draws and the
//     re-weighted ones, the larger of those of x and -x (cjs.R, .cjs_dist and cjs_dist);
//   - sensitivity = (D(1.01) / log2(1.01) + D(0.99) / -log2(0.99)) / 2
//     (powerscale_gradients.R, powerscale_divergence_gradients, lines 308-313);
//   - above 0.05 a parameter is sensitive; prior and likelihood sensitive: "prior-data
//     conflict", prior only: "weak likelihood" (powerscale_sensitivity.R).
#include "models/LogDensity.h"

#include <Eigen/Core>

#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace genrelab {

struct Design;
struct Posterior;

inline constexpr double kPowerScalingLowerAlpha = 0.99;
inline constexpr double kPowerScalingUpperAlpha = 1.01;
inline constexpr double kPowerScalingThreshold = 0.05;

// Normalized PSIS weights of draws re-weighted by (alpha - 1) x logComponent, and their k-hat.
struct ScaledWeights {
    Eigen::VectorXd weights;
    double khat = std::numeric_limits<double>::quiet_NaN();
};
ScaledWeights powerScaledWeights(const Eigen::VectorXd& logComponent, double alpha);

// The cumulative Jensen-Shannon distance between equally weighted draws and the same draws
// with `weights` (normalized or not): sqrt of the symmetric CJS over its upper bound, the larger
// of those of the values and of their negatives. NaN for fewer than 2 distinct values.
double cumulativeJensenShannonDistance(const Eigen::VectorXd& values, const Eigen::VectorXd& weights);

// (D(upper) / log2(upper) + D(lower) / -log2(lower)) / 2 from the distances at the two alphas.
double powerScalingSensitivity(double lowerDistance, double upperDistance);

struct PowerScalingEntry {
    std::string name;
    double prior = std::numeric_limits<double>::quiet_NaN();
    double likelihood = std::numeric_limits<double>::quiet_NaN();
    std::string diagnosis;  // "prior-data conflict", "weak likelihood", or empty (not sensitive or NaN)
};

struct PowerScalingResult {
    std::vector<PowerScalingEntry> parameters;
    double priorKhat = std::numeric_limits<double>::quiet_NaN();       // the larger of the two alphas'
    double likelihoodKhat = std::numeric_limits<double>::quiet_NaN();
    std::string note;  // why numbers are NaN, when they are
};

// The diagnosis of one parameter from its two sensitivities (empty when not sensitive or NaN).
std::string powerScalingDiagnosis(double prior, double likelihood, double threshold = kPowerScalingThreshold);

// draws: draws x parameters; logPrior and logLik: one per draw (the selected prior's part, the
// summed log-likelihood). A constant log prior (the selected part absent) gives NaN prior
// sensitivities, with a note.
PowerScalingResult powerScaling(const Eigen::MatrixXd& draws, const std::vector<std::string>& names,
                                const Eigen::VectorXd& logPrior, const Eigen::VectorXd& logLik);

// The same for a posterior: the natural parameters (LogDensity::outputs), the log prior of
// `group` and the log-likelihood of the rows the model was fitted to, per draw.
PowerScalingResult powerScalingOfPosterior(const LogDensity& model, const Posterior& posterior, const Design& rows,
                                           const Eigen::VectorXi& y, PriorGroup group, int threads = 0);

std::string_view priorGroupName(PriorGroup group);     // "all", "hyper", "artist"
PriorGroup priorGroupFromName(std::string_view name);  // throws std::invalid_argument

} // namespace genrelab

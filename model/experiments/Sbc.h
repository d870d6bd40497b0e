#pragma once
// Simulation-based calibration (Talts et al. 2018, "Validating Bayesian inference algorithms
// with simulation-based calibration"; Modrak et al. 2023, "Simulation-based calibration
// checking for Bayesian computation: the choice of test quantities shapes sensitivity").
// Each simulation draws theta from the prior, simulates class labels for fixed feature rows,
// fits the model to them and records the rank of every true natural parameter and of the
// log-likelihood among L posterior draws. A calibrated inference gives uniform ranks on 0..L;
// eval/RankUniformity.h tests that.
//
// Thinning: the fit's S draws (all chains, pooled) are reduced to L evenly spaced ones, draw
// floor(j S / L) for j = 0..L-1. Their spacing S / L is at least S / ESS, i.e. the kept draws
// are about independent (Talts et al., section 5.1), when the smallest bulk ESS over the
// quantities is at least L; simulations where it is not are counted (lowEssSimulations), since
// autocorrelated draws make ranks pile up at the ends even for an exact sampler. SVI's draws
// are independent: it draws L from the guide.
//
// Simulations run on parallelFor; each has its own random streams from (seed, index), and its
// fit runs on one thread, so the ranks do not depend on the thread count.
#include "data/Prepare.h"
#include "eval/RankUniformity.h"
#include "infer/Nuts.h"
#include "infer/Pathfinder.h"
#include "infer/Posterior.h"
#include "infer/Svi.h"
#include "models/ModelSpec.h"
#include "run/RunSpec.h"
#include "util/Cancellation.h"

#include <Eigen/Core>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace genrelab {

// The feature rows labels are simulated for: real rows (standardized training features) or
// synthetic ones.
struct SbcFeatures {
    Eigen::MatrixXd x;    // rows x features
    int classes = 0;
    std::vector<std::string> featureNames, classNames;
};
// Independent standard normal features.
SbcFeatures syntheticSbcFeatures(Eigen::Index rows, Eigen::Index features, int classes, std::uint64_t seed);
// The first `rows` training rows of prepared data (its features as the model reads them);
// throws std::invalid_argument when the training split has fewer.
SbcFeatures sbcFeaturesFromData(const PreparedData& prepared, Eigen::Index rows);

struct SbcOptions {
    ModelSpec model;
    InferenceKind inference = InferenceKind::Nuts;
    std::size_t simulations = 100;
    int thinnedDraws = 99;          // L: ranks run 0..L
    NutsOptions nuts = defaultNuts();   // per simulation (threads and seed are set per simulation)
    SviOptions svi = defaultSvi();
    PathfinderOptions pathfinder = defaultPathfinder();  // per simulation (threads and seed set per simulation)
    double bandLevel = 0.95;        // simultaneous level of the ECDF bands
    std::uint64_t seed = 1;
    int threads = 0;                // simulations at once; 0: one per core
    // Turns the model a simulation fits into another (tests: a deliberately broken one). The
    // prior draws and simulated labels always come from the model as specified.
    std::function<std::unique_ptr<LogDensity>(std::unique_ptr<LogDensity>)> wrapFitted;

    static NutsOptions defaultNuts();
    static SviOptions defaultSvi();
    static PathfinderOptions defaultPathfinder();
};

struct SbcResult {
    std::vector<std::string> names;          // natural parameters, then "log_lik"
    Eigen::MatrixXi ranks;                   // completed simulations (in index order) x quantities
    std::vector<std::size_t> simulationIds;  // the index of each row of ranks
    int maxRank = 0;                         // L
    EcdfBand band;                           // for ranks.rows() simulations
    std::vector<RankUniformity> uniformity;  // per quantity
    double worstPValue = 0.0;                // smallest p-value; NaN when none is computable
    std::size_t quantitiesOutsideBand = 0;
    std::size_t lowEssSimulations = 0;       // NUTS: smallest bulk ESS below L
    std::size_t divergentSimulations = 0;    // NUTS: at least one divergent transition
    std::size_t plannedSimulations = 0;
    bool stopped = false;                    // cancelled: the statistics cover the completed ones
    double seconds = 0.0;
};

// Called after each finished simulation with (finished, planned), from the simulation threads.
using SbcProgress = std::function<void(std::size_t finished, std::size_t planned)>;

// Throws std::invalid_argument for impossible settings and rethrows a fit's error.
SbcResult runSbc(const SbcFeatures& features, const SbcOptions& options, const SbcProgress& progress = {},
                 const CancellationToken& cancel = CancellationToken());

// The one place a simulation's inference is chosen: draws of theta for `model` by
// options.inference, seeded by `seed`, on the calling thread; stops early when `cancel` is.
Posterior fitForSbc(const LogDensity& model, const SbcOptions& options, std::uint64_t seed, const CancellationToken& cancel);

// Indices of the L draws kept out of S (the rule above).
std::vector<Eigen::Index> thinnedDrawIndices(Eigen::Index draws, int kept);

} // namespace genrelab

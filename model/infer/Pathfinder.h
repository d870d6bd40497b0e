#pragma once
// Pathfinder (Zhang, Carpenter, Gelman & Vehtari 2022, JMLR 23(306)): variational inference
// along an optimization path. One path runs L-BFGS on -log p from a random point; at every
// iterate the L-BFGS inverse Hessian (diagonal plus low rank, LbfgsGaussian) and the quasi-Newton
// step give a Gaussian, whose ELBO is estimated from a few draws; the Gaussian with the highest
// ELBO is kept and drawn from. Several paths run on parallel threads from different points; their
// draws are pooled with their importance ratios log p - log q, which the caller smooths and
// resamples with PSIS (eval/PsisResample.h; infer/ may not include eval/).
// As Stan's services/pathfinder: initial points Uniform(-r, r), the diagonal updated as in
// Gilbert & Lemaréchal (1989, eq. 4.9), pairs kept only with s^T y > 0 and |y|^2 / s^T y <= 1e12.
// Where it differs: a strong-Wolfe line search by bracketing and interpolation (Stan's is
// Moré-Thuente) refined by one secant step, L-BFGS directions from H0 = diag(alpha) (Stan's start
// from a scalar), convergence by relative change of log p or gradient norm, and a path stops when
// its ELBO has not improved for elboPatience iterations.
#include "infer/LbfgsGaussian.h"
#include "infer/Observer.h"
#include "infer/Posterior.h"
#include "models/LogDensity.h"

#include <Eigen/Core>

#include <cstdint>
#include <optional>
#include <vector>

namespace genrelab {

struct PathfinderOptions {
    int paths = 4;
    int history = 5;                   // L-BFGS pairs kept
    int maxIterations = 1000;          // per path
    int elboDraws = 25;                // draws per iterate's ELBO estimate (Stan's num_elbo_draws)
    std::size_t drawsPerPath = 250;    // draws from each path's best Gaussian
    double relativeTolerance = 1e-8;   // stop when |delta log p| <= this * max(|log p|, 1)
    double gradientTolerance = 1e-8;   // or when the gradient's norm is below this
    // Or when this many iterations in a row did not raise the best ELBO (0: never). A hierarchical
    // model's log density can keep rising toward a degenerate mode (a group scale going to 0)
    // long after the Gaussians stopped improving; Stan's Pathfinder follows it to maxIterations.
    int elboPatience = 30;
    double initRadius = 2.0;           // initial theta ~ Uniform(-r, r), as Stan
    std::uint64_t seed = 1;
    int threads = 0;                   // paths and draws on this many threads (0: one per core)
    bool operator==(const PathfinderOptions&) const = default;
};

// One path's outcome.
struct PathfinderPath {
    int iterations = 0;                // L-BFGS iterations run
    int bestIteration = -1;            // the iterate whose Gaussian was kept (0: the start)
    double bestElbo = 0.0;             // its ELBO estimate (-inf when no iterate had a finite one)
    std::vector<double> elbo;          // per iterate (0 = start), -inf where not estimable
    std::vector<double> logDensity;    // log p at each iterate
    std::optional<LbfgsGaussian> approximation;  // the kept Gaussian (none: no finite ELBO)
    std::size_t evaluations = 0;       // log density evaluations, line search and ELBO included
    bool converged = false;
};

struct PathfinderResult {
    // Pooled draws of every path, path after path, as one chain (method "pathfinder"); each draw's
    // DrawStats::logDensity is log p there. Not yet importance-resampled.
    Posterior posterior;
    Eigen::VectorXd logRatios;         // per pooled draw: log p(theta) - log q_path(theta)
    std::vector<PathfinderPath> paths;
    bool stopped = false;              // by the observer (the draws are then those finished)
    std::size_t evaluations = 0;
    // The kept Gaussian of the path with the highest ELBO: a start for NUTS.
    Eigen::VectorXd bestMean, bestVariances;
};

// Runs options.paths paths. The observer sees one SviStep-like event per iteration of each path
// (kind PathfinderIteration, chain = path) and may stop the run. Throws std::invalid_argument for
// bad options and std::runtime_error when no path found a Gaussian with a finite ELBO.
PathfinderResult runPathfinder(const LogDensity& model, const PathfinderOptions& options, InferenceObserver* observer = nullptr);

// One path from a given start, on the caller's thread (exposed for tests). Fills draws and their
// log ratios (rows of draws, dim columns) with options.drawsPerPath draws.
PathfinderPath runSinglePath(const LogDensity& model, const Eigen::VectorXd& start, const PathfinderOptions& options,
                             std::uint64_t stream, Eigen::MatrixXd& draws, Eigen::VectorXd& logDensity,
                             Eigen::VectorXd& logRatios, InferenceObserver* observer = nullptr, int pathIndex = 0);

} // namespace genrelab

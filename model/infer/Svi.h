#pragma once
// Stochastic variational inference with a mean-field Gaussian guide (as Pyro's
// AutoDiagonalNormal): q(theta) = Normal(mean, exp(logScale)), reparameterized ELBO gradients
// with K particles, Adam ascent, full batch or minibatches (likelihood scaled by N / batch).
// With minibatches of a model with sparse batches (LogDensity::sparseBatches: group terms), a
// step draws, differentiates and updates only the coordinates the batch touches; the prior and
// the entropy of the others enter through their share in the batches that hold them, and Adam
// updates a coordinate's moments only in the steps that touch it (lazy Adam, as TensorFlow's
// LazyAdam). Per step, that costs the batch's artists and tokens, not all 80,000 offsets.
#include "infer/Observer.h"
#include "infer/Posterior.h"
#include "models/LogDensity.h"
#include "util/Rng.h"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace genrelab {

struct SviOptions {
    std::size_t steps = 5000;           // at most this many steps in one run() call
    double learningRate = 0.01;
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;  // Adam
    int particles = 1;
    std::size_t batchSize = 0;          // 0: full batch
    // Convergence test on the ELBO averaged over windows of steps: stop when two consecutive
    // window means differ by less than tolerance * |mean|. 0 switches it off.
    double convergenceTolerance = 0.0;
    std::size_t window = 200;
    // Reduce-on-plateau: when a window's mean ELBO fails to beat the best by tolerance*|best|
    // for `patience` windows, multiply the learning rate by `factor` (not below minLearningRate).
    bool reduceOnPlateau = false;
    double plateauFactor = 0.5;
    int plateauPatience = 2;
    double plateauTolerance = 1e-4;
    double minLearningRate = 1e-6;
    double initScale = 0.1;             // initial guide sd
    std::uint64_t seed = 1;
    bool operator==(const SviOptions&) const = default;
};

// Everything needed to continue a fit exactly where it stopped.
struct SviState {
    Eigen::VectorXd mean, logScale;
    Eigen::VectorXd adamM, adamV;       // first and second moments, [mean; logScale]
    std::size_t step = 0;
    double learningRate = 0.0;
    Rng rng;
    std::vector<double> elbo;           // every step's ELBO estimate
    std::vector<std::size_t> epochOrder;
    std::size_t epochPosition = 0;
    double bestWindowMean = -1e300;
    int windowsWithoutGain = 0;
    std::size_t skippedSteps = 0;       // non-finite ELBO: see SviResult::skippedSteps
    bool converged = false;
};

struct SviResult {
    std::size_t stepsRun = 0;            // steps that updated the guide
    bool converged = false;
    bool stopped = false;                // by the observer
    double elboFinal = 0.0;              // mean of the finite ELBOs over the last window
    // Steps whose ELBO was not finite. Each one undoes the update before it (which usually
    // stepped into overflow) and halves the learning rate; learningRate is the rate at the end.
    std::size_t skippedSteps = 0;
    double learningRate = 0.0;
};

SviState initSvi(const LogDensity& model, const SviOptions& options);
// Runs up to options.steps more steps from state (so a second call continues the fit).
// Throws std::runtime_error when it ran steps and not one of them had a finite ELBO.
SviResult runSvi(const LogDensity& model, SviState& state, const SviOptions& options, InferenceObserver* observer = nullptr);
// Draws from the fitted guide, as a one-chain Posterior.
Posterior guideDraws(const SviState& state, std::size_t draws, std::uint64_t seed);

} // namespace genrelab

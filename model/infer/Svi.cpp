#include "infer/Svi.h"

#include "infer/SviSparseStep.h"

#include "util/Format.h"

#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <string>

namespace genrelab {
namespace {

// Mean of the finite ELBOs among `window` steps ending `end` steps before the last; NaN if none.
double windowMean(const std::vector<double>& elbo, std::size_t window, std::size_t end = 0) {
    double sum = 0.0;
    std::size_t finite = 0;
    for (std::size_t i = elbo.size() - end - window; i < elbo.size() - end; ++i)
        if (std::isfinite(elbo[i])) {
            sum += elbo[i];
            ++finite;
        }
    return finite > 0 ? sum / static_cast<double>(finite) : std::numeric_limits<double>::quiet_NaN();
}

// Rng::shuffle's Fisher-Yates (the same calls to below(), so the same order and the same
// stream afterwards), with each swap's random element fetched some swaps ahead: the draws do not
// depend on the items, and over a million rows every swap would otherwise wait on a cache miss.
void shuffleFetchingAhead(Rng& rng, std::vector<std::size_t>& items) {
    constexpr std::size_t kAhead = 16;
    const std::size_t n = items.size();
    if (n < 2) return;
    const std::size_t swaps = n - 1;  // swap k exchanges items[n - 1 - k] with a j below n - k
    std::size_t ahead[kAhead];
    std::size_t drawn = 0;
    const auto draw = [&] {
        const auto j = static_cast<std::size_t>(rng.below(n - drawn));
        __builtin_prefetch(items.data() + j, 1);
        ahead[drawn++ % kAhead] = j;
    };
    while (drawn < std::min(kAhead, swaps)) draw();
    for (std::size_t k = 0; k < swaps; ++k) {
        const std::size_t j = ahead[k % kAhead];
        if (drawn < swaps) draw();  // fills the slot just read
        std::swap(items[n - 1 - k], items[j]);
    }
}

void nextBatch(SviState& state, std::size_t rows, std::size_t batchSize, Minibatch& batch) {
    batch.rows.resize(batchSize);
    for (std::size_t i = 0; i < batchSize; ++i) {
        if (state.epochPosition >= state.epochOrder.size()) {  // a new epoch in a new order
            state.epochOrder.resize(rows);
            std::iota(state.epochOrder.begin(), state.epochOrder.end(), std::size_t{0});
            shuffleFetchingAhead(state.rng, state.epochOrder);
            state.epochPosition = 0;
        }
        batch.rows[i] = static_cast<Eigen::Index>(state.epochOrder[state.epochPosition++]);
    }
}

} // namespace

SviState initSvi(const LogDensity& model, const SviOptions& options) {
    if (!(options.initScale > 0.0)) throw std::invalid_argument("the initial guide scale must be positive");
    SviState state;
    const Eigen::Index d = model.dim();
    state.mean = Eigen::VectorXd::Zero(d);
    state.logScale = Eigen::VectorXd::Constant(d, std::log(options.initScale));
    state.adamM = Eigen::VectorXd::Zero(2 * d);
    state.adamV = Eigen::VectorXd::Zero(2 * d);
    state.learningRate = options.learningRate;
    state.rng = Rng(options.seed, 0x5F1);
    return state;
}

SviResult runSvi(const LogDensity& model, SviState& state, const SviOptions& options, InferenceObserver* observer) {
    if (options.steps == 0) throw std::invalid_argument("SVI needs at least one step");
    if (!(options.learningRate > 0.0)) throw std::invalid_argument("the learning rate must be positive");
    if (options.particles < 1) throw std::invalid_argument("SVI needs at least one particle");
    if (options.batchSize > static_cast<std::size_t>(model.dataRows()))
        throw std::invalid_argument("the batch is larger than the " + std::to_string(model.dataRows()) + " training rows");
    if (options.window < 2) throw std::invalid_argument("the convergence window must hold at least 2 steps");

    const Eigen::Index d = model.dim();
    const double entropyConstant = 0.5 * static_cast<double>(d) * (1.0 + std::log(2.0 * std::numbers::pi));
    Eigen::VectorXd eps(d), theta(d), grad(d), gMean(d), gLogScale(d), g(2 * d), scale(d);
    Minibatch batch;
    const bool minibatch = options.batchSize > 0 && options.batchSize < static_cast<std::size_t>(model.dataRows());
    const bool sparse = minibatch && model.sparseBatches();
    SviSparseStep sparseStep;
    // The sparse step's ELBO needs the sum of every log scale; it follows the updates instead of
    // adding up all dim() of them per step.
    double logScaleSum = 0.0, lastLogScaleChange = 0.0;
    if (sparse) {
        theta = state.mean;  // coordinates a batch does not list keep values the model does not read
        grad.setZero();      // and the model adds the listed ones' gradient to zeros (logProbGradSparse)
        logScaleSum = state.logScale.sum();
    }
    SviResult result;
    // The state before the last update, to undo it when the next ELBO is not finite.
    Eigen::VectorXd undoMean, undoLogScale, undoAdamM, undoAdamV, update;
    bool canUndo = false;
    // A non-finite step: counted, the update that led to it undone (once), the rate halved, and
    // the ELBO trace kept at its last value.
    const auto skipStep = [&](const auto& undoLastUpdate) {
        ++state.skippedSteps;
        ++result.skippedSteps;
        if (canUndo) {
            undoLastUpdate();
            canUndo = false;
        }
        state.learningRate *= 0.5;
        state.elbo.push_back(state.elbo.empty() ? -INFINITY : state.elbo.back());
    };
    std::size_t attempted = 0;

    for (std::size_t s = 0; s < options.steps; ++s) {
        if (observer && observer->stopRequested()) {
            result.stopped = true;
            break;
        }
        if (minibatch) nextBatch(state, static_cast<std::size_t>(model.dataRows()), options.batchSize, batch);
        double elbo = 0.0;
        if (sparse) {
            // Draw, differentiate and update the batch's coordinates only (see Svi.h).
            sparseStep.begin(model, batch, state);
            bool finite = true;
            for (int k = 0; k < options.particles && finite; ++k) {
                const double lp = sparseStep.particle(model, batch, state.rng, theta, grad);
                finite = std::isfinite(lp);
                elbo += lp;
            }
            ++state.step;
            ++attempted;
            if (!finite) {
                skipStep([&] {
                    sparseStep.undo(state);
                    logScaleSum -= lastLogScaleChange;
                });
                continue;
            }
            elbo = elbo / options.particles + logScaleSum + entropyConstant;
            lastLogScaleChange = sparseStep.update(state, options, options.particles);
            logScaleSum += lastLogScaleChange;
            canUndo = true;
            state.elbo.push_back(elbo);
            ++result.stepsRun;
        } else {
            scale = state.logScale.array().exp();
            gMean.setZero();
            gLogScale.setZero();
            bool finite = true;
            for (int k = 0; k < options.particles && finite; ++k) {
                for (Eigen::Index i = 0; i < d; ++i) eps[i] = state.rng.normal();
                theta = state.mean + scale.cwiseProduct(eps);
                const double lp = model.logProbGrad(theta, grad, minibatch ? &batch : nullptr);
                finite = std::isfinite(lp);
                elbo += lp;
                gMean += grad;
                gLogScale += grad.cwiseProduct(scale).cwiseProduct(eps);
            }
            ++state.step;
            ++attempted;
            if (!finite) {
                // NumPyro keeps the old state; but a step that overflowed leaves every later one
                // non-finite too, so undo the update that led here and take half its learning rate.
                skipStep([&] {
                    state.mean.swap(undoMean);
                    state.logScale.swap(undoLogScale);
                    state.adamM.swap(undoAdamM);
                    state.adamV.swap(undoAdamV);
                });
                continue;
            }
            const double k = options.particles;
            elbo = elbo / k + state.logScale.sum() + entropyConstant;
            g << gMean / k, (gLogScale / k).array() + 1.0;  // + d(entropy)/d(logScale)

            // Adam, ascending the ELBO. Each new value is written into the undo buffer and swapped
            // in, so the buffer keeps the state before the update without a copy of it.
            canUndo = true;
            const double t = static_cast<double>(state.step);
            undoAdamM = options.beta1 * state.adamM + (1.0 - options.beta1) * g;
            undoAdamV = options.beta2 * state.adamV + (1.0 - options.beta2) * g.cwiseAbs2();
            state.adamM.swap(undoAdamM);
            state.adamV.swap(undoAdamV);
            const double c1 = 1.0 - std::pow(options.beta1, t), c2 = 1.0 - std::pow(options.beta2, t);
            update = state.learningRate * (state.adamM / c1).array() / ((state.adamV / c2).array().sqrt() + options.epsilon);
            undoMean = state.mean + update.head(d);
            undoLogScale = state.logScale + update.tail(d);
            state.mean.swap(undoMean);
            state.logScale.swap(undoLogScale);
            state.elbo.push_back(elbo);
            ++result.stepsRun;
        }

        if (observer) {
            ProgressEvent event;
            event.kind = ProgressEvent::Kind::SviStep;
            event.iteration = state.step - 1;
            event.total = options.steps;
            event.elbo = elbo;
            event.learningRate = state.learningRate;
            observer->onProgress(event);
        }

        // Window checks: convergence and plateau.
        const std::size_t w = options.window;
        if (state.elbo.size() >= 2 * w && state.elbo.size() % w == 0) {
            const double current = windowMean(state.elbo, w), previous = windowMean(state.elbo, w, w);
            if (options.reduceOnPlateau) {
                if (current > state.bestWindowMean + options.plateauTolerance * std::fabs(state.bestWindowMean)) {
                    state.bestWindowMean = current;
                    state.windowsWithoutGain = 0;
                } else if (++state.windowsWithoutGain >= options.plateauPatience) {
                    state.learningRate = std::max(options.minLearningRate, state.learningRate * options.plateauFactor);
                    state.windowsWithoutGain = 0;
                }
            }
            if (options.convergenceTolerance > 0.0 &&
                std::fabs(current - previous) < options.convergenceTolerance * std::fabs(previous)) {
                state.converged = true;
                result.converged = true;
                break;
            }
        }
    }
    if (attempted > 0 && result.stepsRun == 0)
        throw std::runtime_error("SVI: not one of " + std::to_string(attempted) +
                                 " steps had a finite ELBO, though each halved the learning rate (down to " +
                                 shortestDouble(state.learningRate) + "): the model's density is not finite where the guide draws");
    const std::size_t w = std::min<std::size_t>(options.window, state.elbo.size());
    result.elboFinal = w > 0 ? windowMean(state.elbo, w) : 0.0;
    result.learningRate = state.learningRate;
    return result;
}

Posterior guideDraws(const SviState& state, std::size_t draws, std::uint64_t seed) {
    Rng rng(seed, 0xD4A);
    const Eigen::Index d = state.mean.size();
    const Eigen::VectorXd scale = state.logScale.array().exp();
    Posterior posterior;
    posterior.method = "svi";
    Chain chain;
    chain.draws.resize(static_cast<Eigen::Index>(draws), d);
    for (Eigen::Index s = 0; s < chain.draws.rows(); ++s)
        for (Eigen::Index i = 0; i < d; ++i) chain.draws(s, i) = state.mean[i] + scale[i] * rng.normal();
    posterior.chains.push_back(std::move(chain));
    return posterior;
}

} // namespace genrelab

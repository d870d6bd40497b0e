#include "infer/NutsChainRunner.h"

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace genrelab {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

ProgressEvent eventFor(int chain, std::size_t iteration, std::size_t total, bool warmup, const DrawStats& s) {
    ProgressEvent e;
    e.kind = ProgressEvent::Kind::NutsIteration;
    e.chain = chain;
    e.iteration = iteration;
    e.total = total;
    e.warmup = warmup;
    e.logDensity = s.logDensity;
    e.stepSize = s.stepSize;
    e.treeDepth = s.treeDepth;
    e.leapfrogSteps = s.leapfrogSteps;
    e.divergent = s.divergent;
    e.acceptStat = s.acceptStat;
    e.energy = s.energy;
    return e;
}

} // namespace

NutsChainRunner::NutsChainRunner(const LogDensity& model, const NutsOptions& options, int index, const Eigen::VectorXd* initialPoint,
                                 Chain& out)
    : options_(options), index_(index), clone_(model.clone()),
      sampler_(*clone_, Rng(options.seed, static_cast<std::uint64_t>(index) + 1), options.maxTreeDepth, options.maxDeltaH), out_(out),
      stepAdaptation_(options.targetAccept), schedule_(options.warmup, options.windows),
      variance_(options.denseMetric ? 0 : model.dim()), covariance_(options.denseMetric ? model.dim() : 0), warmup_(options.warmup),
      iterations_(options.warmup + options.samples) {
    const auto start = Clock::now();
    // Initial point: the given one, else Uniform(-r, r) on the unconstrained scale, retried where
    // the density fails.
    Eigen::VectorXd q(model.dim());
    bool started = false;
    if (initialPoint) {
        q = *initialPoint;
        sampler_.setPosition(q);
        started = std::isfinite(sampler_.logDensity());
    }
    for (int attempt = 0; !started; ++attempt) {
        for (Eigen::Index i = 0; i < q.size(); ++i) q[i] = options.initRadius * (2.0 * sampler_.rng().uniform() - 1.0);
        sampler_.setPosition(q);
        if (std::isfinite(sampler_.logDensity())) break;
        if (attempt == 100) throw std::runtime_error("NUTS: no finite log density at 100 random initial points");
    }
    if (options.initialInvMetric.size() > 0) sampler_.setInvMetric(options.initialInvMetric);
    sampler_.setStepSize(options.initialStepSize);
    sampler_.initStepSize();
    stepAdaptation_.setMu(std::log(10.0 * options.initialStepSize));
    out_.draws.resize(options.samples, model.dim());
    out_.stats.reserve(static_cast<std::size_t>(options.samples));
    // The chain's own compute time, as CmdStan reports it: turns spent waiting for other chains
    // on the same thread are not counted. The initial step-size search belongs to warmup.
    out_.warmupSeconds = secondsSince(start);
    out_.samplingSeconds = 0.0;
}

NutsChainRunner::NutsChainRunner(const LogDensity& model, const NutsOptions& options, int index, const NutsChainState& state,
                                 int moreDraws, Chain& out)
    : options_(options), index_(index), clone_(model.clone()), sampler_(*clone_, state.rng, options.maxTreeDepth, options.maxDeltaH),
      out_(out), schedule_(0, options.windows), iterations_(moreDraws), firstRow_(out.draws.rows()),
      firstEvent_(out.warmupDone + static_cast<std::size_t>(out.draws.rows())) {
    sampler_.setPosition(state.q);
    sampler_.setStepSize(state.stepSize);
    if (state.denseInvMetric.size() > 0) sampler_.setDenseInvMetric(state.denseInvMetric);
    else sampler_.setInvMetric(state.invMetric);
    out_.draws.conservativeResize(firstRow_ + moreDraws, Eigen::NoChange);
}

void NutsChainRunner::adapt(int it, const DrawStats& stats) {
    sampler_.setStepSize(stepAdaptation_.learn(stats.acceptStat));
    if (schedule_.inSlowWindow(it)) {
        if (options_.denseMetric) covariance_.add(sampler_.position());
        else variance_.add(sampler_.position());
    }
    if (schedule_.advanceAndCheckWindowEnd(it)) {
        const Eigen::Index dim = sampler_.position().size();
        bool usable = false;
        if (options_.denseMetric) {
            const Eigen::MatrixXd metric =
                regularizedDenseMetric(covariance_.covariance(), covariance_.count(), !schedule_.isLastSlowWindowEnd(it));
            usable = usableDenseMetric(metric);
            if (usable) sampler_.setDenseInvMetric(metric);
            covariance_.reset(dim);
        } else {
            const Eigen::VectorXd metric = regularizedDiagMetric(variance_.variance(), variance_.count());
            usable = usableDiagMetric(metric);
            if (usable) sampler_.setInvMetric(metric);
            variance_.reset(dim);
        }
        if (!usable) ++rejectedMetrics_;
        sampler_.initStepSize();
        stepAdaptation_.setMu(std::log(10.0 * sampler_.stepSize()));
        stepAdaptation_.restart();
    }
    if (it == warmup_ - 1) sampler_.setStepSize(stepAdaptation_.finalStepSize());
    out_.warmupDone = static_cast<std::size_t>(it + 1);
}

bool NutsChainRunner::advance(int iterations, InferenceObserver* observer, const CancellationToken& failed) {
    const std::size_t total = firstEvent_ + static_cast<std::size_t>(iterations_);
    for (int n = 0; n < iterations && done_ < iterations_; ++n) {
        if (failed.cancelled()) return false;
        if (observer && observer->stopRequested()) {
            stopped_ = true;
            break;
        }
        const int it = done_++;
        const auto iterationStart = Clock::now();
        const DrawStats stats = sampler_.transition();
        const bool warmup = it < warmup_;
        if (warmup) {
            adapt(it, stats);
            out_.warmupSeconds += secondsSince(iterationStart);
        } else {
            out_.draws.row(firstRow_ + drawn_++) = sampler_.position().transpose();
            out_.stats.push_back(stats);
            out_.samplingSeconds += secondsSince(iterationStart);  // NaN stays NaN: a run restored without times
        }
        if (observer) {
            ProgressEvent event = eventFor(index_, firstEvent_ + static_cast<std::size_t>(it), total, warmup, stats);
            event.position = &sampler_.position();
            observer->onProgress(event);
        }
    }
    if (!stopped_ && done_ < iterations_) return true;
    finish();
    return false;
}

void NutsChainRunner::finish() {
    if (finished_) return;
    finished_ = true;
    out_.draws.conservativeResize(firstRow_ + drawn_, Eigen::NoChange);
}

} // namespace genrelab

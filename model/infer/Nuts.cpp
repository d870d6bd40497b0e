#include "infer/Nuts.h"

#include "util/ParallelFor.h"

#include <Eigen/Cholesky>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace genrelab {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

void validate(const NutsOptions& o) {
    if (o.warmup < 0) throw std::invalid_argument("warmup must not be negative");
    if (o.samples < 1) throw std::invalid_argument("NUTS needs at least one draw");
    if (o.chains < 1) throw std::invalid_argument("NUTS needs at least one chain");
    if (!(o.targetAccept > 0.0 && o.targetAccept < 1.0)) throw std::invalid_argument("the target acceptance must lie in (0, 1)");
    if (o.maxTreeDepth < 1 || o.maxTreeDepth > 20) throw std::invalid_argument("the maximum tree depth must lie in 1..20");
    if (!(o.initialStepSize > 0.0)) throw std::invalid_argument("the initial step size must be positive");
    if (!(o.initRadius >= 0.0)) throw std::invalid_argument("the init radius must not be negative");
}

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

NutsSampler::NutsSampler(const LogDensity& model, Rng rng, int maxTreeDepth, double maxDeltaH)
    : model_(model), rng_(rng), maxDepth_(maxTreeDepth), maxDeltaH_(maxDeltaH),
      invMetric_(Eigen::VectorXd::Ones(model.dim())) {}

void NutsSampler::evaluate(Point& z) const {
    const double lp = model_.logProbGrad(z.q, gradScratch_);
    if (!std::isfinite(lp)) {  // a failed evaluation: infinite energy rejects the proposal
        z.v = kInf;
        z.g.setZero(z.q.size());
        return;
    }
    z.v = -lp;
    z.g = -gradScratch_;
}

void NutsSampler::setPosition(const Eigen::VectorXd& q) {
    z_.q = q;
    z_.p = Eigen::VectorXd::Zero(q.size());
    evaluate(z_);
}

void NutsSampler::setInvMetric(const Eigen::VectorXd& invMetric) {
    invMetric_ = invMetric;
    denseInvMetric_.resize(0, 0);
    denseCholesky_.resize(0, 0);
}

void NutsSampler::setDenseInvMetric(const Eigen::MatrixXd& invMetric) {
    if (invMetric.rows() != model_.dim() || invMetric.cols() != model_.dim())
        throw std::invalid_argument("the dense metric must be dim x dim");
    Eigen::LLT<Eigen::MatrixXd> llt(invMetric);
    if (llt.info() != Eigen::Success) throw std::invalid_argument("the dense metric is not positive definite");
    denseInvMetric_ = invMetric;
    denseCholesky_ = llt.matrixL();
    invMetric_ = invMetric.diagonal();
}

Eigen::VectorXd NutsSampler::velocity(const Eigen::VectorXd& p) const {
    if (denseInvMetric_.size() == 0) return invMetric_.cwiseProduct(p);
    return denseInvMetric_ * p;
}

void NutsSampler::sampleMomentum(Point& z) {
    z.p.resize(z.q.size());
    for (Eigen::Index i = 0; i < z.p.size(); ++i) z.p[i] = rng_.normal();
    // p ~ Normal(0, M) with M the inverse of (inverse metric) = (L L^T)^-1: p = L^-T z.
    if (denseInvMetric_.size() == 0) z.p.array() /= invMetric_.array().sqrt();
    else denseCholesky_.triangularView<Eigen::Lower>().transpose().solveInPlace(z.p);
}

double NutsSampler::hamiltonian(const Point& z) const {
    return z.v + 0.5 * z.p.dot(velocity(z.p));
}

void NutsSampler::leapfrog(Point& z, double epsilon) const {
    z.p -= 0.5 * epsilon * z.g;
    z.q += epsilon * velocity(z.p);
    evaluate(z);
    z.p -= 0.5 * epsilon * z.g;
}

DrawStats NutsSampler::transition() {
    NutsTree<NutsSampler> tree(*this, z_, stepSize_, maxDepth_, maxDeltaH_);
    return tree.transition();
}

void NutsSampler::initStepSize() {
    if (stepSize_ == 0 || stepSize_ > 1e7 || std::isnan(stepSize_)) return;
    const Point start = z_;
    auto oneStep = [&] {
        z_ = start;
        sampleMomentum(z_);
        const double h0 = hamiltonian(z_);
        leapfrog(z_, stepSize_);
        double h = hamiltonian(z_);
        if (std::isnan(h)) h = kInf;
        return h0 - h;
    };
    const int direction = oneStep() > std::log(0.8) ? 1 : -1;
    for (;;) {
        const double deltaH = oneStep();
        if (direction == 1 && !(deltaH > std::log(0.8))) break;
        if (direction == -1 && !(deltaH < std::log(0.8))) break;
        stepSize_ = direction == 1 ? 2.0 * stepSize_ : 0.5 * stepSize_;
        if (stepSize_ > 1e7) throw std::runtime_error("NUTS: the step size ran away to infinity: is the posterior improper?");
        if (stepSize_ == 0) throw std::runtime_error("NUTS: no step size is small enough: the density has no finite gradient here");
    }
    z_ = start;
}

NutsRun runNuts(const LogDensity& model, const NutsOptions& options, InferenceObserver* observer,
                const std::vector<Eigen::VectorXd>& initialPoints) {
    validate(options);
    for (const Eigen::VectorXd& point : initialPoints)
        if (point.size() != model.dim()) throw std::invalid_argument("an initial point needs one value per parameter");
    if (options.initialInvMetric.size() > 0 &&
        (options.initialInvMetric.size() != model.dim() || !(options.initialInvMetric.array() > 0.0).all() ||
         !options.initialInvMetric.allFinite()))
        throw std::invalid_argument("the initial metric needs one positive finite variance per parameter");
    const auto start = std::chrono::steady_clock::now();
    NutsRun run;
    run.posterior.method = "nuts";
    run.posterior.chains.resize(static_cast<std::size_t>(options.chains));
    run.states.resize(static_cast<std::size_t>(options.chains));
    run.rejectedMetrics.assign(static_cast<std::size_t>(options.chains), 0);
    std::atomic<bool> stopped{false};

    // One chain failing stops the others at their next iteration; runNuts rethrows its error.
    parallelFor(static_cast<std::size_t>(options.chains), options.threads, [&](std::size_t chainIndex, const CancellationToken& failed) {
        const int c = static_cast<int>(chainIndex);
        const auto clone = model.clone();
        NutsSampler sampler(*clone, Rng(options.seed, static_cast<std::uint64_t>(c) + 1), options.maxTreeDepth, options.maxDeltaH);
        // Initial point: the given one, else Uniform(-r, r) on the unconstrained scale, retried where
        // the density fails.
        Eigen::VectorXd q(model.dim());
        bool started = false;
        if (!initialPoints.empty()) {
            q = initialPoints[chainIndex % initialPoints.size()];
            sampler.setPosition(q);
            started = std::isfinite(sampler.logDensity());
        }
        for (int attempt = 0; !started; ++attempt) {
            for (Eigen::Index i = 0; i < q.size(); ++i) q[i] = options.initRadius * (2.0 * sampler.rng().uniform() - 1.0);
            sampler.setPosition(q);
            if (std::isfinite(sampler.logDensity())) break;
            if (attempt == 100) throw std::runtime_error("NUTS: no finite log density at 100 random initial points");
        }
        if (options.initialInvMetric.size() > 0) sampler.setInvMetric(options.initialInvMetric);
        sampler.setStepSize(options.initialStepSize);
        sampler.initStepSize();
        DualAveraging stepAdaptation(options.targetAccept);
        stepAdaptation.setMu(std::log(10.0 * options.initialStepSize));
        WarmupSchedule schedule(options.warmup, options.windows);
        WelfordVariance variance(options.denseMetric ? 0 : model.dim());
        WelfordCovariance covariance(options.denseMetric ? model.dim() : 0);

        Chain& chain = run.posterior.chains[static_cast<std::size_t>(c)];
        chain.draws.resize(options.samples, model.dim());
        chain.stats.reserve(static_cast<std::size_t>(options.samples));
        const auto total = static_cast<std::size_t>(options.warmup + options.samples);
        int drawn = 0;
        using Clock = std::chrono::steady_clock;
        const auto chainStart = Clock::now();
        auto samplingStart = chainStart;
        for (int it = 0; it < options.warmup + options.samples; ++it) {
            if (failed.cancelled()) return;
            if (observer && observer->stopRequested()) {
                stopped = true;
                break;
            }
            const DrawStats stats = sampler.transition();
            const bool warmup = it < options.warmup;
            if (warmup) {
                sampler.setStepSize(stepAdaptation.learn(stats.acceptStat));
                if (schedule.inSlowWindow(it)) {
                    if (options.denseMetric) covariance.add(sampler.position());
                    else variance.add(sampler.position());
                }
                if (schedule.advanceAndCheckWindowEnd(it)) {
                    bool usable = false;
                    if (options.denseMetric) {
                        const Eigen::MatrixXd metric =
                            regularizedDenseMetric(covariance.covariance(), covariance.count(), !schedule.isLastSlowWindowEnd(it));
                        usable = usableDenseMetric(metric);
                        if (usable) sampler.setDenseInvMetric(metric);
                        covariance.reset(model.dim());
                    } else {
                        const Eigen::VectorXd metric = regularizedDiagMetric(variance.variance(), variance.count());
                        usable = usableDiagMetric(metric);
                        if (usable) sampler.setInvMetric(metric);
                        variance.reset(model.dim());
                    }
                    if (!usable) ++run.rejectedMetrics[static_cast<std::size_t>(c)];
                    sampler.initStepSize();
                    stepAdaptation.setMu(std::log(10.0 * sampler.stepSize()));
                    stepAdaptation.restart();
                }
                if (it == options.warmup - 1) sampler.setStepSize(stepAdaptation.finalStepSize());
                chain.warmupDone = static_cast<std::size_t>(it + 1);
                samplingStart = Clock::now();
            } else {
                chain.draws.row(drawn++) = sampler.position().transpose();
                chain.stats.push_back(stats);
            }
            if (observer) {
                ProgressEvent event = eventFor(c, static_cast<std::size_t>(it), total, warmup, stats);
                event.position = &sampler.position();
                observer->onProgress(event);
            }
        }
        chain.draws.conservativeResize(drawn, Eigen::NoChange);
        const auto chainEnd = Clock::now();
        chain.warmupSeconds = std::chrono::duration<double>(samplingStart - chainStart).count();
        chain.samplingSeconds = std::chrono::duration<double>(chainEnd - samplingStart).count();
        run.states[static_cast<std::size_t>(c)] = sampler.state();
    });
    run.posterior.partial = stopped;
    run.posterior.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return run;
}

void extendNuts(const LogDensity& model, NutsRun& run, int moreDraws, const NutsOptions& options, InferenceObserver* observer) {
    if (moreDraws < 1) throw std::invalid_argument("extend by at least one draw");
    if (run.states.size() != run.posterior.chains.size()) throw std::invalid_argument("this run has no sampler states to extend");
    const auto start = std::chrono::steady_clock::now();
    std::atomic<bool> stopped{false};
    parallelFor(run.states.size(), options.threads, [&](std::size_t chainIndex, const CancellationToken& failed) {
        const int c = static_cast<int>(chainIndex);
        NutsChainState& state = run.states[static_cast<std::size_t>(c)];
        const auto clone = model.clone();
        NutsSampler sampler(*clone, state.rng, options.maxTreeDepth, options.maxDeltaH);
        sampler.setPosition(state.q);
        sampler.setStepSize(state.stepSize);
        if (state.denseInvMetric.size() > 0) sampler.setDenseInvMetric(state.denseInvMetric);
        else sampler.setInvMetric(state.invMetric);
        Chain& chain = run.posterior.chains[static_cast<std::size_t>(c)];
        const Eigen::Index before = chain.draws.rows();
        const auto extensionStart = std::chrono::steady_clock::now();
        chain.draws.conservativeResize(before + moreDraws, Eigen::NoChange);
        int drawn = 0;
        for (; drawn < moreDraws; ++drawn) {
            if (failed.cancelled()) return;
            if (observer && observer->stopRequested()) {
                stopped = true;
                break;
            }
            const DrawStats stats = sampler.transition();
            chain.draws.row(before + drawn) = sampler.position().transpose();
            chain.stats.push_back(stats);
            if (observer) {
                ProgressEvent event = eventFor(c, chain.warmupDone + static_cast<std::size_t>(before + drawn),
                                               chain.warmupDone + static_cast<std::size_t>(before + moreDraws), false, stats);
                event.position = &sampler.position();
                observer->onProgress(event);
            }
        }
        chain.draws.conservativeResize(before + drawn, Eigen::NoChange);
        chain.samplingSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - extensionStart).count();
        state = sampler.state();
    });
    run.posterior.partial = stopped;
    run.posterior.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace genrelab

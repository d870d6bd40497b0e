#include "infer/Nuts.h"

#include "infer/NutsChainRunner.h"

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

// A turn is short enough that chains sharing a core advance side by side (the live R-hat
// needs every chain), long enough that switching chains costs nothing measurable.
constexpr int kIterationsPerTurn = 10;

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
    std::vector<std::unique_ptr<NutsChainRunner>> runners(static_cast<std::size_t>(options.chains));
    std::atomic<bool> stopped{false};

    // Chains take turns on the threads, so all of them advance together however few cores there
    // are. One chain failing stops the others at their next iteration; runNuts rethrows its error.
    parallelTurns(runners.size(), options.threads, [&](std::size_t c, const CancellationToken& failed) {
        if (!runners[c]) {  // started on a worker thread: the step-size search is work too
            const Eigen::VectorXd* initialPoint = initialPoints.empty() ? nullptr : &initialPoints[c % initialPoints.size()];
            runners[c] = std::make_unique<NutsChainRunner>(model, options, static_cast<int>(c), initialPoint, run.posterior.chains[c]);
        }
        NutsChainRunner& runner = *runners[c];
        if (runner.advance(kIterationsPerTurn, observer, failed)) return true;
        if (runner.stopped()) stopped = true;
        run.states[c] = runner.state();
        run.rejectedMetrics[c] = runner.rejectedMetrics();
        runners[c].reset();
        return false;
    });
    run.posterior.partial = stopped;
    run.posterior.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return run;
}

void extendNuts(const LogDensity& model, NutsRun& run, int moreDraws, const NutsOptions& options, InferenceObserver* observer) {
    if (moreDraws < 1) throw std::invalid_argument("extend by at least one draw");
    if (run.states.size() != run.posterior.chains.size()) throw std::invalid_argument("this run has no sampler states to extend");
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::unique_ptr<NutsChainRunner>> runners(run.states.size());
    std::atomic<bool> stopped{false};
    parallelTurns(runners.size(), options.threads, [&](std::size_t c, const CancellationToken& failed) {
        if (!runners[c])
            runners[c] = std::make_unique<NutsChainRunner>(model, options, static_cast<int>(c), run.states[c], moreDraws, run.posterior.chains[c]);
        NutsChainRunner& runner = *runners[c];
        if (runner.advance(kIterationsPerTurn, observer, failed)) return true;
        if (runner.stopped()) stopped = true;
        run.states[c] = runner.state();
        runners[c].reset();
        return false;
    });
    run.posterior.partial = stopped;
    run.posterior.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace genrelab

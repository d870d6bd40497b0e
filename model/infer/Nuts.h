#pragma once
// The No-U-Turn sampler as Stan runs it: multinomial sampling along the trajectory (biased
// progressive sampling between subtrees), the generalized no-U-turn criterion with extra checks
// across subtrees, a diagonal or dense metric, dual-averaging step size and windowed metric
// adaptation.
// Chains take turns of a few iterations on the threads (NutsChainRunner), so with fewer threads
// than chains all of them still advance together; each has its own model clone and random
// stream, so the draws do not depend on the thread count.
//
// Pinned to Stan 2.21 (base_nuts.hpp, adapt_*_e_nuts.hpp, windowed_adaptation): the tree and its U-turn checks step
// by step (tests/tst_nutstree.cpp), the warmup windows, dual averaging and its final exp(x_bar), Welford estimates with
// Stan's regularization, the step-size search after each window, the unweighted acceptance statistic. Warmup and ESS
// per gradient match rstan's (docs/BENCHMARKS.md, "NUTS against Stan, one ESS code"). Where it departs, and why:
// - Early dense windows shrink their covariance's correlations toward its diagonal by
//   n/(n+d) (regularizedDenseMetric): a window with fewer draws than dimensions is
//   rank-deficient. The last window, whose metric sampling keeps, is Stan's form.
// - The warmup may start from a given diagonal metric (NutsOptions::initialInvMetric, which the
//   run pipeline takes from a short SVI pilot); Stan starts from the identity unless the user
//   passes a metric file.
// - A window whose metric is not finite and positive (definite) is not used: the chain keeps
//   its previous metric and NutsRun::rejectedMetrics counts it. Stan stops the run.
#include "infer/Adaptation.h"
#include "infer/NutsTree.h"
#include "infer/Observer.h"
#include "infer/Posterior.h"
#include "models/LogDensity.h"
#include "util/Rng.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace genrelab {

struct NutsOptions {
    int warmup = 1000;
    int samples = 1000;
    int chains = 4;
    double targetAccept = 0.8;
    int maxTreeDepth = 10;
    double maxDeltaH = 1000.0;       // an energy error above this is a divergence
    double initialStepSize = 1.0;
    double initRadius = 2.0;         // initial theta ~ Uniform(-r, r), as Stan
    std::uint64_t seed = 1;
    int threads = 0;                 // 0: one per chain, at most the number of cores
    // Stan's dense_e: adapt the full covariance, not only its diagonal. Costs a matrix-vector
    // product per leapfrog step; pays off where parameters are strongly correlated (the
    // regressions in shift coordinates on all rows: trees of 500-1,000 steps become ~70).
    bool denseMetric = false;
    // The inverse metric (diagonal) the warmup starts from; empty: the identity, as Stan. A
    // good start (e.g. the variances of an SVI fit) spares the first windows' deep trees.
    Eigen::VectorXd initialInvMetric;
    WindowParams windows;
};

// Where a chain stands, to extend it by more draws without adapting again.
struct NutsChainState {
    Eigen::VectorXd q;
    double stepSize = 0.0;
    Eigen::VectorXd invMetric;       // the diagonal (of the dense one, when dense)
    Eigen::MatrixXd denseInvMetric;  // empty for a diagonal metric
    Rng rng;
};

struct NutsRun {
    Posterior posterior;
    std::vector<NutsChainState> states;
    // Per chain: warmup windows whose metric estimate failed usableDiagMetric/usableDenseMetric;
    // the chain kept the metric it had (Stan stops the run instead).
    std::vector<int> rejectedMetrics;
};

// One NUTS transition machine over one model (exposed for tests: leapfrog, momenta). It is
// the Hamiltonian system its NutsTree runs over: Euclidean kinetic energy, leapfrog.
class NutsSampler {
public:
    NutsSampler(const LogDensity& model, Rng rng, int maxTreeDepth = 10, double maxDeltaH = 1000.0);

    void setPosition(const Eigen::VectorXd& q);    // evaluates the density there
    const Eigen::VectorXd& position() const { return z_.q; }
    double logDensity() const { return -z_.v; }
    void setStepSize(double stepSize) { stepSize_ = stepSize; }
    double stepSize() const { return stepSize_; }
    void setInvMetric(const Eigen::VectorXd& invMetric);
    // A dense inverse metric (symmetric positive definite); throws std::invalid_argument otherwise.
    void setDenseInvMetric(const Eigen::MatrixXd& invMetric);
    const Eigen::VectorXd& invMetric() const { return invMetric_; }        // the diagonal
    const Eigen::MatrixXd& denseInvMetric() const { return denseInvMetric_; }  // empty when diagonal
    NutsChainState state() const { return {z_.q, stepSize_, invMetric_, denseInvMetric_, rng_}; }
    Rng& rng() { return rng_; }

    DrawStats transition();
    // Stan's heuristic: double or halve the step size until one leapfrog step's acceptance
    // crosses 0.8. Throws std::runtime_error if it runs away (a density with no scale).
    void initStepSize();

    // The Hamiltonian system (see NutsTree.h), public for tests.
    using Point = PhasePoint;
    void leapfrog(Point& z, double epsilon) const;
    double hamiltonian(const Point& z) const;
    Eigen::VectorXd velocity(const Eigen::VectorXd& p) const;  // inverse metric times p
    void evaluate(Point& z) const;
    void sampleMomentum(Point& z);
    double uniform() { return rng_.uniform(); }

private:
    const LogDensity& model_;
    Rng rng_;
    int maxDepth_;
    double maxDeltaH_;
    double stepSize_ = 1.0;
    Eigen::VectorXd invMetric_;
    Eigen::MatrixXd denseInvMetric_, denseCholesky_;  // inverse metric = L L^T; empty when diagonal
    mutable Eigen::VectorXd gradScratch_;
    Point z_;
};

// Warmup (adapting) and sampling for every chain. Bad settings throw std::invalid_argument.
// initialPoints: where chain c starts (initialPoints[c % size], e.g. Pathfinder draws); empty:
// Uniform(-initRadius, initRadius). A start whose density is not finite falls back to random points.
NutsRun runNuts(const LogDensity& model, const NutsOptions& options, InferenceObserver* observer = nullptr,
                const std::vector<Eigen::VectorXd>& initialPoints = {});
// More draws from where `run` stopped, reusing its step sizes and metrics.
void extendNuts(const LogDensity& model, NutsRun& run, int moreDraws, const NutsOptions& options,
                InferenceObserver* observer = nullptr);

} // namespace genrelab

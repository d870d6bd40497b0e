#pragma once
// One NUTS chain's warmup and sampling (or extension) as a loop that resumes where it left
// off: runNuts and extendNuts advance each chain a few iterations per turn, so a few threads
// take turns on many chains and every chain's draws arrive from the start of sampling (a live
// R-hat needs all chains). A chain's draws depend only on its own model clone and random
// stream, never on the order of turns or on the thread that runs them.
#include "infer/Adaptation.h"
#include "infer/Nuts.h"

#include <memory>

namespace genrelab {

class NutsChainRunner {
public:
    // Chain `index` from the start: its own model clone and random stream (seed, index + 1), the
    // initial point (when given and its density is finite, else Uniform(-r, r)), the step-size
    // search. Then options.warmup adapting iterations and options.samples draws into `out`.
    NutsChainRunner(const LogDensity& model, const NutsOptions& options, int index, const Eigen::VectorXd* initialPoint, Chain& out);
    // Chain `index` from where `state` stopped, without adapting: `moreDraws` draws appended to `out`.
    NutsChainRunner(const LogDensity& model, const NutsOptions& options, int index, const NutsChainState& state, int moreDraws,
                    Chain& out);

    // Runs up to `iterations` more iterations, reporting each to `observer`. False once the chain
    // is done: all its iterations run, the observer asked to stop (stopped()), or `failed` is
    // cancelled. `out` holds exactly the draws made once it is done.
    bool advance(int iterations, InferenceObserver* observer, const CancellationToken& failed);
    bool stopped() const { return stopped_; }
    int rejectedMetrics() const { return rejectedMetrics_; }
    NutsChainState state() const { return sampler_.state(); }

private:
    void adapt(int iteration, const DrawStats& stats);
    void finish();

    const NutsOptions& options_;
    const int index_;
    std::unique_ptr<LogDensity> clone_;
    NutsSampler sampler_;
    Chain& out_;
    DualAveraging stepAdaptation_;
    WarmupSchedule schedule_;
    WelfordVariance variance_;
    WelfordCovariance covariance_;
    int warmup_ = 0;        // adapting iterations (0 when extending)
    int iterations_ = 0;    // all iterations this runner makes
    int done_ = 0;          // iterations made so far
    Eigen::Index firstRow_ = 0;  // where this runner's draws start in out_.draws
    // Events count iterations over the chain's whole life: an extension's follow its draws so far.
    std::size_t firstEvent_ = 0;
    int drawn_ = 0;
    int rejectedMetrics_ = 0;
    bool stopped_ = false, finished_ = false;
};

} // namespace genrelab

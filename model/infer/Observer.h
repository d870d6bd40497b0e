#pragma once
// How inference reports progress and learns it should stop. Called from inference threads:
// an observer shared by several chains must be thread-safe.
#include "infer/StopReason.h"
#include "util/Cancellation.h"

#include <Eigen/Core>

#include <cstddef>
#include <utility>

namespace genrelab {

struct ProgressEvent {
    enum class Kind { SviStep, NutsIteration, PriorDraw, PathfinderIteration } kind = Kind::SviStep;
    int chain = 0;
    std::size_t iteration = 0;   // 0-based; for NUTS warmup iterations come first
    std::size_t total = 0;       // iterations planned (for this chain)
    bool warmup = false;
    // SVI; Pathfinder: the iterate's ELBO estimate (-inf where it has none), chain = path
    double elbo = 0.0;
    double learningRate = 0.0;
    // NUTS; Pathfinder: log p at the iterate
    double logDensity = 0.0;
    double stepSize = 0.0;
    int treeDepth = 0;
    int leapfrogSteps = 0;
    bool divergent = false;
    double acceptStat = 0.0;
    double energy = 0.0;
    // NUTS: the chain's current position (unconstrained theta), valid during the call only.
    const Eigen::VectorXd* position = nullptr;
};

class LogDensity;

class InferenceObserver {
public:
    virtual ~InferenceObserver() = default;
    // Called once, before inference starts, with the model the run samples (valid until the
    // run returns): lets a live view turn positions into natural parameters (model.outputs).
    virtual void onModel(const LogDensity&) {}
    virtual void onProgress(const ProgressEvent& event) = 0;
    virtual bool stopRequested() const { return false; }
    // Why stopRequested() asked to stop, read once a run stopped before its planned draws: a
    // cancel unless the observer stopped it for a reason of its own (the app's stop when converged).
    virtual RunEnding stopEnding() const { return RunEnding{StopReason::Cancelled, 0}; }
};

// Stops when its token is cancelled; reports nothing. For runs that only need to be cancellable.
class StopFlagObserver : public InferenceObserver {
public:
    explicit StopFlagObserver(CancellationToken token = CancellationToken()) : token_(std::move(token)) {}
    void onProgress(const ProgressEvent&) override {}
    bool stopRequested() const override { return token_.cancelled(); }
    void requestStop() { token_.cancel(); }

private:
    CancellationToken token_;
};

} // namespace genrelab

#pragma once
// The bridge between an inference thread and the GUI: the run's threads push progress into a
// buffer under a mutex; the GUI pulls it on a timer (~30 times a second), so the GUI thread
// never waits on inference and the event queue never floods. Also pause, resume and cancel.
#include "infer/Observer.h"
#include "infer/Posterior.h"
#include "util/Cancellation.h"

#include <Eigen/Core>

#include <atomic>
#include <cstdint>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace genrelab {

struct LiveBatch {
    std::vector<ProgressEvent> events;          // position pointers cleared
    std::vector<Eigen::VectorXd> outputs;       // NUTS: natural parameters, one per event (else empty)
    std::vector<std::string> parameterNames;    // once, in the first batch: names of those outputs
};

class LiveObserver : public InferenceObserver {
public:
    void onModel(const LogDensity& model) override;
    void onProgress(const ProgressEvent& event) override;
    bool stopRequested() const override;

    // Stops the run; its result ends with `ending` (the first request's, if asked twice).
    void requestStop(RunEnding ending = RunEnding{StopReason::Cancelled, 0});
    RunEnding stopEnding() const override;
    // Milliseconds from requestStop() until the inference first saw it (-1: not yet).
    double stopLatencyMs() const { return stopLatencyMs_.load(); }
    void setPaused(bool paused);
    bool paused() const { return paused_.load(); }
    // Everything since the last call; empty until the first event (the parameter names come
    // with it).
    LiveBatch take();
    // Returns a batch the GUI has read so that an inference thread frees it. Memory a chain
    // thread allocated belongs to its malloc arena: freeing it on the GUI thread waits for that
    // arena's lock, which a chain thread below the GUI's priority may hold while descheduled.
    void recycle(LiveBatch&& batch);
    // Batches recycled and not yet freed by an inference thread.
    std::size_t batchesAwaitingRelease();

private:
    std::mutex mutex_;
    std::condition_variable resume_;
    LiveBatch pending_;
    std::vector<LiveBatch> spent_;  // read by the GUI, freed by the next onProgress
    const LogDensity* model_ = nullptr;
    CancellationToken stop_;
    mutable std::mutex endingMutex_;  // written on the GUI thread, read by the run's thread once it stopped
    RunEnding ending_{StopReason::Cancelled, 0};
    bool endingSet_ = false;
    std::atomic<bool> paused_{false};
    std::atomic<std::int64_t> stopAskedNs_{0};
    mutable std::atomic<double> stopLatencyMs_{-1.0};
};

} // namespace genrelab

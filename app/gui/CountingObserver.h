#pragma once
// Counts a run's progress events (SVI steps, NUTS iterations of every chain) for a progress bar
// read from the GUI thread, and stops the run when its token is cancelled.
#include "infer/Observer.h"

#include <atomic>
#include <cstddef>

namespace genrelab {

class CountingObserver : public StopFlagObserver {
public:
    using StopFlagObserver::StopFlagObserver;
    // Chains call this from their own threads at once: the count is atomic.
    void onProgress(const ProgressEvent&) override { count_.fetch_add(1, std::memory_order_relaxed); }
    std::size_t count() const { return count_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::size_t> count_{0};
};

} // namespace genrelab

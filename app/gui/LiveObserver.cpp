#include "LiveObserver.h"

#include "models/LogDensity.h"

#include <chrono>

namespace genrelab {

void LiveObserver::onModel(const LogDensity& model) {
    std::lock_guard lock(mutex_);
    model_ = &model;
    pending_.parameterNames = model.outputLayout().elementNames();
}

void LiveObserver::onProgress(const ProgressEvent& event) {
    Eigen::VectorXd natural;
    // outputs() only reads theta: safe from several chain threads at once.
    if (event.position && model_) natural = model_->outputs(*event.position);
    std::vector<LiveBatch> spent;  // freed on return, outside the lock
    std::unique_lock lock(mutex_);
    ProgressEvent copy = event;
    copy.position = nullptr;
    pending_.events.push_back(copy);
    if (natural.size() > 0) pending_.outputs.push_back(std::move(natural));
    spent.swap(spent_);
    // Pausing holds the inference thread here until resumed or cancelled.
    resume_.wait(lock, [this] { return !paused_.load() || stop_.cancelled(); });
}

namespace {
std::int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
} // namespace

bool LiveObserver::stopRequested() const {
    if (!stop_.cancelled()) return false;
    if (stopLatencyMs_.load() < 0) stopLatencyMs_.store(static_cast<double>(nowNs() - stopAskedNs_.load()) / 1e6);
    return true;
}

void LiveObserver::requestStop(RunEnding ending) {
    {
        std::lock_guard lock(endingMutex_);
        if (!endingSet_) ending_ = ending;
        endingSet_ = true;
    }
    if (!stop_.cancelled()) stopAskedNs_.store(nowNs());
    stop_.cancel();
    std::lock_guard lock(mutex_);
    resume_.notify_all();
}

RunEnding LiveObserver::stopEnding() const {
    std::lock_guard lock(endingMutex_);
    return ending_;
}

void LiveObserver::setPaused(bool paused) {
    paused_.store(paused);
    std::lock_guard lock(mutex_);
    resume_.notify_all();
}

LiveBatch LiveObserver::take() {
    std::lock_guard lock(mutex_);
    LiveBatch out;
    // The parameter names (from onModel) wait for the first events: the GUI shows only batches
    // with events, and names taken alone would be lost.
    if (pending_.events.empty()) return out;
    std::swap(out, pending_);
    return out;
}

void LiveObserver::recycle(LiveBatch&& batch) {
    std::lock_guard lock(mutex_);
    spent_.push_back(std::move(batch));
}

std::size_t LiveObserver::batchesAwaitingRelease() {
    std::lock_guard lock(mutex_);
    return spent_.size();
}

} // namespace genrelab

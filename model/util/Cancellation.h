#pragma once
// A request to stop work early, shared between whoever asks (a Cancel button, a failed task)
// and whoever polls (an inference loop, a task queue). Copies share one flag; polling is one
// relaxed atomic load per level, cheap enough for every iteration of a sampler.
#include <atomic>
#include <memory>

namespace genrelab {

class CancellationToken {
public:
    CancellationToken() : state_(std::make_shared<State>()) {}

    // Thread-safe; cancelling twice is harmless.
    void cancel() const { state_->cancelled.store(true, std::memory_order_relaxed); }
    bool cancelled() const {
        for (const State* s = state_.get(); s; s = s->parent.get())
            if (s->cancelled.load(std::memory_order_relaxed)) return true;
        return false;
    }
    // A token that is cancelled when this one is, and can also be cancelled on its own
    // without cancelling this one (a parallel loop stopping its tasks after a failure).
    CancellationToken child() const { return CancellationToken(std::make_shared<State>(state_)); }

private:
    struct State {
        State() = default;
        explicit State(std::shared_ptr<const State> p) : parent(std::move(p)) {}
        std::atomic<bool> cancelled{false};
        std::shared_ptr<const State> parent;
    };
    explicit CancellationToken(std::shared_ptr<State> state) : state_(std::move(state)) {}
    std::shared_ptr<State> state_;
};

} // namespace genrelab

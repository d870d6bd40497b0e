#pragma once
// Progress of long CLI work on stderr, at most a few lines a second, from any thread.
#include "infer/Observer.h"

#include <chrono>
#include <mutex>
#include <vector>

namespace genrelab::cli {

class ProgressPrinter : public InferenceObserver {
public:
    explicit ProgressPrinter(bool enabled, double intervalSeconds = 1.0) : enabled_(enabled), interval_(intervalSeconds) {}
    void onProgress(const ProgressEvent& event) override;
    void finish();

private:
    bool enabled_;
    double interval_;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
    std::vector<ProgressEvent> latest_;  // per chain
    bool printed_ = false;
};

} // namespace genrelab::cli

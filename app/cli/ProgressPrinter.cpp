#include "ProgressPrinter.h"

#include <cstdio>
#include <string>

namespace genrelab::cli {

void ProgressPrinter::onProgress(const ProgressEvent& event) {
    if (!enabled_) return;
    std::lock_guard lock(mutex_);
    if (latest_.size() <= static_cast<std::size_t>(event.chain)) latest_.resize(static_cast<std::size_t>(event.chain) + 1);
    latest_[static_cast<std::size_t>(event.chain)] = event;
    const auto now = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(now - last_).count() < interval_) return;
    last_ = now;
    printed_ = true;
    std::string line;
    char buffer[160];
    for (const auto& e : latest_) {
        if (e.kind == ProgressEvent::Kind::SviStep)
            std::snprintf(buffer, sizeof buffer, "svi step %zu/%zu  elbo %.2f  lr %.3g", e.iteration + 1, e.total, e.elbo, e.learningRate);
        else if (e.kind == ProgressEvent::Kind::NutsIteration)
            std::snprintf(buffer, sizeof buffer, "%schain %d %zu/%zu%s step %.3g depth %d", line.empty() ? "nuts " : " | ", e.chain + 1,
                          e.iteration + 1, e.total, e.warmup ? " (warmup)" : "", e.stepSize, e.treeDepth);
        else
            std::snprintf(buffer, sizeof buffer, "prior draw %zu/%zu", e.iteration + 1, e.total);
        line += buffer;
    }
    std::fprintf(stderr, "%s\n", line.c_str());
}

void ProgressPrinter::finish() {
    std::lock_guard lock(mutex_);
    if (enabled_ && printed_) std::fflush(stderr);
}

} // namespace genrelab::cli

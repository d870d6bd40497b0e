#include "ProgressPrinter.h"

#include "util/Format.h"

#include <cmath>
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
    const auto of = [](const ProgressEvent& e) { return std::to_string(e.iteration + 1) + "/" + std::to_string(e.total); };
    for (const auto& e : latest_) {
        if (e.kind == ProgressEvent::Kind::SviStep)
            line += "svi step " + of(e) + "  elbo " + fixed(e.elbo, 2) + "  lr " + general(e.learningRate, 3);
        else if (e.kind == ProgressEvent::Kind::NutsIteration)
            line += (line.empty() ? "nuts " : " | ") + std::string("chain ") + std::to_string(e.chain + 1) + " " + of(e) +
                    (e.warmup ? " (warmup)" : "") + " step " + general(e.stepSize, 3) + " depth " + std::to_string(e.treeDepth);
        else if (e.kind == ProgressEvent::Kind::PathfinderIteration)
            line += (line.empty() ? "pathfinder " : " | ") + std::string("path ") + std::to_string(e.chain + 1) + " iteration " +
                    std::to_string(e.iteration + 1) + "  log p " + fixed(e.logDensity, 1) + "  elbo " +
                    (std::isfinite(e.elbo) ? fixed(e.elbo, 1) : std::string("n/a"));
        else
            line += "prior draw " + of(e);
    }
    std::fprintf(stderr, "%s\n", line.c_str());
}

void ProgressPrinter::finish() {
    std::lock_guard lock(mutex_);
    if (enabled_ && printed_) std::fflush(stderr);
}

} // namespace genrelab::cli

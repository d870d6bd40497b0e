#include "StallProbe.h"

#include <time.h>

namespace genrelab {

namespace {
// CPU time of the calling thread in ms, or -1 without a per-thread CPU clock.
double threadCpuMs() {
#if defined(CLOCK_THREAD_CPUTIME_ID)
    timespec t{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0) return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
#endif
    return -1.0;
}
} // namespace

StallProbe::StallProbe(QObject* parent) : QObject(parent) {
    timer_.setInterval(5);
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, [this] {
        const qint64 now = clock_.elapsed();
        const double cpu = threadCpuMs();
        if (last_ >= 0) longest_ = std::max(longest_, now - last_);
        if (lastCpu_ >= 0.0 && cpu >= 0.0) longestBusy_ = std::max(longestBusy_, cpu - lastCpu_);
        last_ = now;
        lastCpu_ = cpu;
        ++ticks_;
    });
}

void StallProbe::start() {
    last_ = -1;
    longest_ = ticks_ = 0;
    lastCpu_ = -1.0;  // like the gaps, counted from the first tick
    longestBusy_ = threadCpuMs() >= 0.0 ? 0.0 : -1.0;
    clock_.start();
    timer_.start();
}

void StallProbe::stop() { timer_.stop(); }

} // namespace genrelab

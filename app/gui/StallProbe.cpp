#include "StallProbe.h"

namespace genrelab {

StallProbe::StallProbe(QObject* parent) : QObject(parent) {
    timer_.setInterval(5);
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, [this] {
        const qint64 now = clock_.elapsed();
        if (last_ >= 0) longest_ = std::max(longest_, now - last_);
        last_ = now;
        ++ticks_;
    });
}

void StallProbe::start() {
    last_ = -1;
    longest_ = ticks_ = 0;
    clock_.start();
    timer_.start();
}

void StallProbe::stop() { timer_.stop(); }

} // namespace genrelab

#pragma once
// The longest time the GUI thread's event loop went without running a timer: a 5 ms timer's
// largest gap between ticks. Used by the stall test and by `genrelab --measure-stall`.
//
// A gap has two causes: work on the GUI thread, and the scheduler running other threads or
// programs while the GUI thread waits. longestBusyMs() counts only the first (the GUI thread's
// CPU time between two ticks), so it does not depend on how busy the machine is.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace genrelab {

class StallProbe : public QObject {
    Q_OBJECT
public:
    explicit StallProbe(QObject* parent = nullptr);
    void start();
    void stop();
    qint64 longestGapMs() const { return longest_; }
    // The most CPU time the GUI thread spent between two ticks, in ms (-1 where the platform
    // has no per-thread CPU clock).
    double longestBusyMs() const { return longestBusy_; }
    qint64 ticks() const { return ticks_; }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 last_ = -1, longest_ = 0, ticks_ = 0;
    double lastCpu_ = -1.0, longestBusy_ = -1.0;
};

} // namespace genrelab

#pragma once
// The longest time the GUI thread's event loop went without running a timer: a 5 ms timer's
// largest gap between ticks. Used by the stall test and by `genrelab --measure-stall`.
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
    qint64 ticks() const { return ticks_; }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 last_ = -1, longest_ = 0, ticks_ = 0;
};

} // namespace genrelab

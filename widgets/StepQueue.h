#pragma once
// Work for the GUI thread cut into steps, run one per event-loop turn, so that filling many
// views (a finished run's tables and plots) never holds the event loop for the sum of them.
// Painting, input and timers run between two steps. clear() drops the steps not yet run (a newer
// run replaces them); runAll() runs the rest at once (tests, exports that need every view).
#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>

namespace genrelab {

class StepQueue : public QObject {
    Q_OBJECT
public:
    explicit StepQueue(QObject* parent = nullptr);

    void add(std::function<void()> step);
    void clear();
    void runAll();
    bool idle() const { return steps_.empty(); }

signals:
    // The last step ran (not emitted by clear()).
    void drained();

private:
    void runNext();
    QTimer turn_;
    std::deque<std::function<void()>> steps_;
};

} // namespace genrelab

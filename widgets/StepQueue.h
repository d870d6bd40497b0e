#pragma once
// Work for the GUI thread cut into steps, run one per event-loop turn, so that filling many
// views (a finished run's tables and plots) never holds the event loop for the sum of them.
// Painting, input and timers run between two steps. clear() drops the steps not yet run (a newer
// run replaces them); runAll() runs the rest at once (tests, exports that need every view).
// All queues share one turn: a step of one queue per event-loop turn, the queues in rotation.
#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>

namespace genrelab {

class StepQueue : public QObject {
    Q_OBJECT
public:
    explicit StepQueue(QObject* parent = nullptr);
    ~StepQueue() override;

    void add(std::function<void()> step);
    void clear();
    void runAll();
    void runNext();  // the next step now, if any
    bool idle() const { return steps_.empty(); }

signals:
    // The last step ran (not emitted by clear()).
    void drained();

private:
    std::deque<std::function<void()>> steps_;
};

} // namespace genrelab

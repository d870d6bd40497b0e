#include "StepQueue.h"

#include <algorithm>
#include <vector>

namespace genrelab {

namespace {

// Every queue's steps take turns on one timer: with a timer each, the Results and the Workflow
// queues both ran a step in the same event-loop turn, which then held the GUI thread for the two
// steps together.
struct Turns {
    QTimer timer;
    std::vector<StepQueue*> queues;
    std::size_t next = 0;  // the queue after the one that ran last: each gets its turn in order
};

Turns& turns() {
    static Turns* shared = [] {
        auto* t = new Turns;  // kept until exit: queues register from any window, in any order
        t->timer.setInterval(0);  // fires once per event-loop turn, after the events already queued
        QObject::connect(&t->timer, &QTimer::timeout, [t] {
            for (std::size_t tried = 0; tried < t->queues.size(); ++tried) {
                StepQueue* queue = t->queues[(t->next + tried) % t->queues.size()];
                if (queue->idle()) continue;
                t->next = (t->next + tried + 1) % t->queues.size();
                queue->runNext();  // may add, clear or delete queues: nothing of t is used after it
                return;
            }
            t->timer.stop();
        });
        return t;
    }();
    return *shared;
}

} // namespace

StepQueue::StepQueue(QObject* parent) : QObject(parent) { turns().queues.push_back(this); }

StepQueue::~StepQueue() {
    Turns& t = turns();
    t.queues.erase(std::remove(t.queues.begin(), t.queues.end(), this), t.queues.end());
    if (t.next >= t.queues.size()) t.next = 0;
}

void StepQueue::add(std::function<void()> step) {
    steps_.push_back(std::move(step));
    turns().timer.start();
}

void StepQueue::clear() { steps_.clear(); }

void StepQueue::runNext() {
    if (steps_.empty()) return;
    // Taken off first: a step may add steps or clear the queue.
    const std::function<void()> step = std::move(steps_.front());
    steps_.pop_front();
    step();
    if (steps_.empty()) emit drained();
}

void StepQueue::runAll() {
    while (!steps_.empty()) runNext();
}

} // namespace genrelab

#include "StepQueue.h"

namespace genrelab {

StepQueue::StepQueue(QObject* parent) : QObject(parent) {
    turn_.setInterval(0);  // fires once per event-loop turn, after the events already queued
    connect(&turn_, &QTimer::timeout, this, &StepQueue::runNext);
}

void StepQueue::add(std::function<void()> step) {
    steps_.push_back(std::move(step));
    turn_.start();
}

void StepQueue::clear() {
    steps_.clear();
    turn_.stop();
}

void StepQueue::runNext() {
    if (steps_.empty()) {
        turn_.stop();
        return;
    }
    // Taken off first: a step may add steps or clear the queue.
    const std::function<void()> step = std::move(steps_.front());
    steps_.pop_front();
    step();
    if (steps_.empty()) {
        turn_.stop();
        emit drained();
    }
}

void StepQueue::runAll() {
    while (!steps_.empty()) runNext();
}

} // namespace genrelab

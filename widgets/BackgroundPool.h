#pragma once
// The pool the app's own background work runs on (loading files, statistics for plots, live
// convergence, experiments, SBC), below the GUI thread's priority.
//
// Not QThreadPool::globalInstance(): Qt's raster paint engine splits large fills across the
// global pool and the GUI thread waits for the pieces (Qt 6.4), so a long job there, or a pool
// thread left at a worker's lowered priority, stalls painting for as long as it runs.
#include "WorkerPriority.h"

#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace genrelab {

QThreadPool& backgroundPool();

// QtConcurrent::run on backgroundPool(), the task lowered below the GUI thread first.
template <class Function>
auto runInBackground(Function&& function) {
    return QtConcurrent::run(&backgroundPool(), [function = std::forward<Function>(function)]() mutable {
        lowerCurrentThreadPriority();
        return function();
    });
}

} // namespace genrelab

#include "BackgroundPool.h"

#include <QThread>

#include <algorithm>

namespace genrelab {

QThreadPool& backgroundPool() {
    // Destroyed after main returns, like Qt's global pool: its destructor waits for running tasks.
    static QThreadPool pool;
    static const bool configured = [] {
        // A long job (an experiment queue, SBC) must not keep a file from loading or the live
        // R-hat from updating: a few threads more than cores, all below the GUI thread.
        pool.setMaxThreadCount(std::max(4, QThread::idealThreadCount() + 2));
        return true;
    }();
    (void)configured;
    return pool;
}

} // namespace genrelab

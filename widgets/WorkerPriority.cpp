#include "WorkerPriority.h"

#include <algorithm>

#if defined(__linux__)
#include <cerrno>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#else
#include <QThread>
#endif

namespace genrelab {

#if defined(__linux__)

namespace {
// getpriority returns -1 both as a nice value and as an error: errno tells them apart.
int niceValueOf(id_t threadId) {
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, threadId);
    return errno == 0 ? nice : 0;
}

id_t currentThreadId() { return static_cast<id_t>(syscall(SYS_gettid)); }
} // namespace

int currentThreadNiceValue() { return niceValueOf(currentThreadId()); }

// On Linux a process id names its main thread when given to getpriority.
int mainThreadNiceValue() { return niceValueOf(static_cast<id_t>(getpid())); }

bool lowerCurrentThreadPriority() {
    const int target = std::min(19, mainThreadNiceValue() + kWorkerNiceIncrement);
    if (currentThreadNiceValue() < target) {
        // A refusal (a sandbox forbidding setpriority) leaves the thread as it was: the work
        // still runs, only with the GUI's priority, which the return value reports.
        setpriority(PRIO_PROCESS, currentThreadId(), target);
    }
    return currentThreadNiceValue() > mainThreadNiceValue();
}

#else

// Elsewhere (macOS, Windows) Qt's thread priorities take effect; children do not inherit them.
int currentThreadNiceValue() { return 0; }
int mainThreadNiceValue() { return 0; }

bool lowerCurrentThreadPriority() {
    QThread::currentThread()->setPriority(QThread::LowPriority);
    return true;
}

#endif

} // namespace genrelab

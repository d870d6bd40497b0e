#pragma once
// The project's one thread pool for independent tasks (NUTS chains, sweep cells, experiment
// runs): a fixed number of threads take indices in order until none are left, or take turns on
// tasks that each run in many short turns (NUTS chains, so that all of them advance together).
#include "util/Cancellation.h"

#include <cstddef>
#include <functional>

namespace genrelab {

// Runs task(index, token) for index 0 .. count-1 on at most `threads` threads at once (<= 0:
// one per hardware thread; the calling thread is one of them). Indices are taken in increasing
// order. The token a task sees is cancelled when `cancel` is or when any task has thrown; after
// that no further index starts, and running tasks may poll it to stop early. The first exception
// a task throws is rethrown here once every thread has joined. Tasks must not share unguarded state.
void parallelFor(std::size_t count, int threads, const std::function<void(std::size_t index, const CancellationToken& token)>& task,
                 const CancellationToken& cancel = CancellationToken());

// Runs turn(index, token) again and again for every index 0 .. count-1 until it returns false
// (that index is done), on at most `threads` threads at once (<= 0: one per hardware thread).
// Turns go round in order: an index waits for every other waiting index to have had a turn,
// so with fewer threads than indices all indices still advance side by side. One index never
// has two turns at once; its turns may run on different threads, one after the other.
// Cancellation and exceptions as parallelFor: after a throw or `cancel`, no further turn starts.
void parallelTurns(std::size_t count, int threads, const std::function<bool(std::size_t index, const CancellationToken& token)>& turn,
                   const CancellationToken& cancel = CancellationToken());

} // namespace genrelab

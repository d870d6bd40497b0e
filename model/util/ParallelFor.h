#pragma once
// The project's one thread pool for independent tasks (NUTS chains, sweep cells, experiment
// runs): a fixed number of threads take indices in order until none are left.
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

} // namespace genrelab

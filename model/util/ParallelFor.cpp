#include "util/ParallelFor.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <exception>
#include <mutex>
#include <numeric>
#include <thread>
#include <vector>

namespace genrelab {

void parallelFor(std::size_t count, int threads, const std::function<void(std::size_t, const CancellationToken&)>& task,
                 const CancellationToken& cancel) {
    if (count == 0) return;
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const std::size_t workers = std::min(count, static_cast<std::size_t>(threads));
    const CancellationToken stop = cancel.child();
    std::atomic<std::size_t> next{0};
    std::mutex errorMutex;
    std::exception_ptr firstError;
    auto work = [&] {
        while (!stop.cancelled()) {
            const std::size_t index = next.fetch_add(1);
            if (index >= count) return;
            try {
                task(index, stop);
            } catch (...) {
                {
                    std::lock_guard lock(errorMutex);
                    if (!firstError) firstError = std::current_exception();
                }
                stop.cancel();
                return;
            }
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    try {
        for (std::size_t t = 1; t < workers; ++t) pool.emplace_back(work);
    } catch (...) {  // no more threads to be had: stop the ones started, then report
        stop.cancel();
        for (auto& thread : pool) thread.join();
        throw;
    }
    work();
    for (auto& thread : pool) thread.join();
    if (firstError) std::rethrow_exception(firstError);
}

void parallelTurns(std::size_t count, int threads, const std::function<bool(std::size_t, const CancellationToken&)>& turn,
                   const CancellationToken& cancel) {
    if (count == 0) return;
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const std::size_t workers = std::min(count, static_cast<std::size_t>(threads));
    std::mutex queueMutex;
    std::deque<std::size_t> waiting(count);
    std::iota(waiting.begin(), waiting.end(), std::size_t{0});
    // A worker leaves once nothing waits: every unfinished index is then held by a worker that
    // goes on with it, so leaving loses no turn.
    parallelFor(workers, static_cast<int>(workers), [&](std::size_t, const CancellationToken& token) {
        while (!token.cancelled()) {
            std::size_t index = 0;
            {
                std::lock_guard lock(queueMutex);
                if (waiting.empty()) return;
                index = waiting.front();
                waiting.pop_front();
            }
            if (!turn(index, token)) continue;
            std::lock_guard lock(queueMutex);
            waiting.push_back(index);
        }
    }, cancel);
}

} // namespace genrelab

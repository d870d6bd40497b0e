#pragma once
// Why a run ended. A run stopped because its draws met the convergence rule is a complete,
// judged run that drew fewer draws than planned; a cancelled run is partial: its numbers use
// what was computed. Faces say which (verdicts, `run --json`'s "stop_reason", sessions).
#include <cstddef>
#include <optional>
#include <string_view>

namespace genrelab {

enum class StopReason { Completed, Converged, Cancelled };

struct RunEnding {
    StopReason reason = StopReason::Completed;
    // Converged: draws per chain when the convergence rule held (the chains stop a few draws later).
    std::size_t convergedAtDrawsPerChain = 0;

    bool operator==(const RunEnding&) const = default;
};

// "completed", "converged", "cancelled": the names in JSON and in the draws file's readers.
std::string_view stopReasonName(StopReason reason);
std::optional<StopReason> stopReasonFromName(std::string_view name);

} // namespace genrelab

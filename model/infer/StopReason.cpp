#include "infer/StopReason.h"

namespace genrelab {

std::string_view stopReasonName(StopReason reason) {
    switch (reason) {
    case StopReason::Completed: return "completed";
    case StopReason::Converged: return "converged";
    case StopReason::Cancelled: return "cancelled";
    }
    return "completed";
}

std::optional<StopReason> stopReasonFromName(std::string_view name) {
    for (StopReason reason : {StopReason::Completed, StopReason::Converged, StopReason::Cancelled})
        if (stopReasonName(reason) == name) return reason;
    return std::nullopt;
}

} // namespace genrelab

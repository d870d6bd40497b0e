#include "run/RunSpec.h"

#include <stdexcept>

namespace genrelab {

std::string_view inferenceName(InferenceKind kind) {
    switch (kind) {
    case InferenceKind::Svi: return "svi";
    case InferenceKind::Nuts: return "nuts";
    case InferenceKind::Prior: return "prior";
    case InferenceKind::Pathfinder: return "pathfinder";
    }
    return "?";
}

InferenceKind inferenceFromName(std::string_view name) {
    for (auto kind : {InferenceKind::Svi, InferenceKind::Nuts, InferenceKind::Prior, InferenceKind::Pathfinder})
        if (inferenceName(kind) == name) return kind;
    throw std::invalid_argument("unknown inference '" + std::string(name) + "' (svi, nuts, pathfinder, prior)");
}

std::string_view nutsInitName(NutsInit init) { return init == NutsInit::Pathfinder ? "pathfinder" : "random"; }

NutsInit nutsInitFromName(std::string_view name) {
    for (auto init : {NutsInit::Random, NutsInit::Pathfinder})
        if (nutsInitName(init) == name) return init;
    throw std::invalid_argument("unknown NUTS initialization '" + std::string(name) + "' (random, pathfinder)");
}

SplitOptions defaultSplit() {
    SplitOptions split;
    split.seed = 1;
    return split;
}

bool operator==(const NutsOptions& a, const NutsOptions& b) {
    const bool sameMetric = a.initialInvMetric.size() == b.initialInvMetric.size() &&
                            (a.initialInvMetric.size() == 0 || a.initialInvMetric == b.initialInvMetric);
    return a.warmup == b.warmup && a.samples == b.samples && a.chains == b.chains && a.targetAccept == b.targetAccept &&
           a.maxTreeDepth == b.maxTreeDepth && a.maxDeltaH == b.maxDeltaH && a.initialStepSize == b.initialStepSize &&
           a.initRadius == b.initRadius && a.seed == b.seed && a.threads == b.threads && a.denseMetric == b.denseMetric &&
           sameMetric && a.windows.initBuffer == b.windows.initBuffer && a.windows.termBuffer == b.windows.termBuffer &&
           a.windows.baseWindow == b.windows.baseWindow;
}

// Every key written here is read in specFromJson; tests/tst_runspec.cpp pins each struct's

TableOptions tableOptionsOf(const RunSpec& spec) {
    TableOptions options;
    if (spec.target) options.target = *spec.target;
    for (const auto& column : {spec.prep.groups.artistColumn, spec.prep.groups.titleColumn})
        if (column) options.textColumns.push_back(*column);
    return options;
}

} // namespace genrelab

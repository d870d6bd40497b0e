#pragma once
// A run kept as what rebuilds it: its spec, its draws (with sampler statistics) and the state
// its judgement needs (the SVI guide). The results (metrics, summaries, diagnostics, LOO) are
// not stored: rebuildRun prepares the same rows from the same table and judges the same draws
// again, which gives the same numbers without running inference. Sessions keep their runs so,
// in a compact binary file (encodeRunDraws): eight bytes per draw and parameter and 41 per NUTS
// draw's statistics, so 4 chains x 1,000 draws of the 187 parameters of hier-studentt take 6.1 MB.
#include "run/RunPipeline.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace genrelab {

struct StoredRun {
    RunSpec spec;                     // the run's own spec (with its data path and class names)
    std::vector<int> extensions;      // NUTS draws added per chain after the run, in order (Extend), as made
    Posterior posterior;
    std::optional<SviState> sviState; // mean, log scale, ELBO trace and step only (what judgement and plots read)
    SviResult svi;
    std::vector<int> nutsRejectedMetrics;
    std::vector<NutsChainState> nutsStates;  // where each NUTS chain stopped: Extend resumes there (empty before format 3)
    double inferenceSeconds = 0, totalSeconds = 0;
    bool partial = false;
    RunEnding ending;                 // why it ended (a file of format version 1: cancelled if partial)
};

// The run's parts that rebuildRun needs, copied from a finished result.
StoredRun storedRunOf(const RunResult& result, const RunSpec& spec, std::vector<int> extensions = {});

// The binary file: "GENRELAB-DRAWS\n\0", a format version (3; version 2, without the NUTS
// chains' end states, and version 1, also without the runs' stop reasons, are still read), the
// payload's length and its FNV-1a hash, then the payload (little-endian integers, IEEE doubles
// bit for bit).
std::string encodeRunDraws(const std::vector<StoredRun>& runs);
// Throws std::invalid_argument starting with sourceName for a file that is not a draws file, of
// another version, cut short, changed (hash) or inconsistent (a chain of the wrong width).
std::vector<StoredRun> decodeRunDraws(std::string_view bytes, const std::string& sourceName);

// The result of run.spec on table from its stored draws: the same preparation, model and
// judgement as runPipeline, no inference. Throws std::invalid_argument when the draws do not fit
// the model built from the table (the data file changed since), DataError for the data.
RunResult rebuildRun(const Table& table, const StoredRun& run);

} // namespace genrelab

#pragma once
// The reproducibility bundle's headless part: what `genrelab-cli run --bundle DIR` writes and
// the app's bundle holds too (the app adds its plots and the session). rerun.sh reruns the run
// with every step (the run, then each Extend), from inside the bundle, into rerun/, and compares
// the rerun's tables with the bundle's byte for byte.
#include "export/ResultTable.h"
#include "run/RunPipeline.h"

#include <string>
#include <utility>
#include <vector>

namespace genrelab {

struct RunBundle {
    RunSpec spec;                  // the run's spec; its data path absolute, so the bundle reruns from anywhere
    std::vector<int> extensions;   // NUTS draws per chain added after the run, in order, as made
    std::string dataSha256;        // hex digest of the data file
    std::string programFolder;     // where the writing program lives: rerun.sh looks there for genrelab-cli
    std::string versions;          // versions.txt
};

// The tables rerun.sh compares: the run's own (not those comparing it with another run), in
// file-name order. trackLabels: the table's track titles by row, for the uncertain tracks.
std::vector<std::pair<std::string, ResultTable>> bundleTables(const RunSpec& spec, const RunResult& result,
                                                              const std::vector<std::string>& trackLabels);
// Each row's identifying cells (its id and text columns, such as artist and title, whatever the
// file calls them; identifyingColumns) joined by " — "; empty when the table has none.
std::vector<std::string> trackLabelsOf(const Table& table);

// The script's command plans the draws the run kept (drawsPerChain of each chain): a NUTS run
// that stopped early (RunResult::ending), whether converged or cancelled, reruns to the same
// tables. Other methods stopped early cannot be replayed: the script says their tables will differ.
std::string rerunScript(const RunBundle& bundle, const RunEnding& ending, std::size_t drawsPerChain);

// data.sha256, spec.json, versions.txt, rerun.sh and tables/<name>.{csv,md,tex,json}, as
// (name inside the bundle, bytes).
std::vector<std::pair<std::string, std::string>> bundleFiles(const RunBundle& bundle, const RunResult& result,
                                                             const std::vector<std::string>& trackLabels);

// Writes files (names inside the bundle) into folder, creating it and its subfolders, as one
// output set with its bundle.manifest.json (util/OutputSet.h), and makes rerun.sh executable.
// Throws FileWriteError.
void writeBundleFiles(const std::string& folder, const std::vector<std::pair<std::string, std::string>>& files,
                      const std::vector<std::string>& command);

} // namespace genrelab

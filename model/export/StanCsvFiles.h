#pragma once
// A run's draws as Stan CSV files, one per chain, named and written as one output set: what
// `genrelab-cli run --draws-out FILE` and the app's "Export draws (Stan CSV)" write.
#include "export/StanCsv.h"
#include "run/RunPipeline.h"
#include "util/AtomicFile.h"

#include <string>
#include <vector>

namespace genrelab {

// The chain files for a draws path: the path itself for one chain, else <base>_1.<ext>,
// <base>_2.<ext>, ... beside it, as CmdStan names output_1.csv, ... (ext "csv" when the path
// has none).
std::vector<std::string> stanCsvChainPaths(const std::string& path, std::size_t chains);

// Each chain's file (stanCsvChainPaths) with its CSV text; dataPath is the data file named in
// the header.
std::vector<FileContent> stanCsvFiles(const std::string& path, const RunSpec& spec, const RunResult& result,
                                      const std::string& dataPath);

// Writes stanCsvFiles and `alsoWrite` (e.g. the spec) as one output set in the path's folder
// with its manifest <base>.manifest.json (util/OutputSet.h), all or none. Chain files of an
// earlier run with more chains, which would pass for part of this one, are removed under the
// same lock; their paths are returned. A path that is no regular file but takes writes
// (/dev/null, a FIFO) gets every chain in turn and no manifest. Throws FileWriteError.
std::vector<std::string> writeStanCsvDraws(const std::string& path, const RunSpec& spec, const RunResult& result,
                                           const std::string& dataPath, const std::vector<FileContent>& alsoWrite,
                                           const std::vector<std::string>& command);

} // namespace genrelab

#pragma once
// One run's output files as a set a reader can recognise. Two runs writing into one folder at
// once take turns (util/FolderLock); under the lock a run writes its files and, last, a
// manifest "<name>.manifest.json" naming each file with its size and FNV-1a hash, the command
// that wrote them and a run id. A set is whole when every file the manifest names has that
// size and hash: a file of another run, or one left half-replaced, shows as a mismatch.
#include "util/AtomicFile.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace genrelab {

struct OutputSet {
    std::string folder;                // the lock and the manifest are here
    std::string name;                  // the manifest is <folder>/<name>.manifest.json
    std::vector<FileContent> files;    // usually in folder; named in the manifest relative to it
    std::vector<std::string> command;  // the command line that made the set
    std::string runId;                 // newRunId() when empty
};

// "20261130T201500Z-4242-9f3a61c2": UTC time, process id, 32 random bits.
std::string newRunId();

// 64-bit FNV-1a of bytes: recognises a file, not a defence against forgery.
std::uint64_t fnv1a64(std::string_view bytes);

std::string manifestPath(const std::string& folder, const std::string& name);

// Under the folder's exclusive lock: writes the files and then the manifest as one atomic set
// (util/AtomicFile), then runs alsoUnderLock (e.g. removing files of an earlier run that would
// pass for part of this one). Throws FileWriteError. Returns the run id.
std::string writeOutputSet(const OutputSet& set, const std::function<void()>& alsoUnderLock = {});

struct OutputSetCheck {
    std::string runId;
    std::vector<std::string> command;
    std::vector<std::string> files;     // as the manifest names them
    std::vector<std::string> problems;  // one line per file that is missing or not the one written
    bool whole() const { return problems.empty(); }
};

// Reads the manifest under the folder's shared lock and compares every file it names with it.
// A missing or unreadable manifest is a problem too.
OutputSetCheck checkOutputSet(const std::string& folder, const std::string& name);

} // namespace genrelab

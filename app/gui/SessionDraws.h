#pragma once
// A session's draws live in a side file beside its JSON (session.json -> session.draws); the
// JSON names it with its size and checksum, so a stale or foreign file is refused.
#include "Session.h"
#include "run/RunDraws.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace genrelab {

// Where a session keeps its draws: session.json -> session.draws, beside it.
QString sessionDrawsPath(const QString& sessionPath);

// FNV-1a of a file's bytes; nullopt when it cannot be read.
std::optional<std::uint64_t> fileFnv1a64(const QString& path);

// The side file's runs, checked against the session's reference (size, hash, format); throws
// std::invalid_argument naming the file and what is wrong.
std::vector<StoredRun> readSessionDraws(const QString& sessionPath, const DrawsReference& ref);

} // namespace genrelab

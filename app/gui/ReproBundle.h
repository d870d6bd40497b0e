#pragma once
// The reproducibility bundle: one folder with everything needed to rerun and check a result.
#include <QString>

#include <utility>
#include <vector>

class QCustomPlot;

namespace genrelab {

class ResultTableView;
class Session;

// Writes into dir (created if needed) the session's last run as export/RunBundle.h writes it
// (data.sha256, spec.json, versions.txt, rerun.sh, the run's tables) plus session.json, the
// given tables that compare it with another run and plots/<name>.{png,svg}, as one output set
// with its bundle.manifest.json (util/OutputSet.h): on a failure the previous bundle stays whole.
// Empty string, or the error naming the file and the reason.
QString writeReproBundle(const QString& dir, const Session& session,
                         const std::vector<std::pair<QString, QCustomPlot*>>& plots,
                         const std::vector<std::pair<QString, ResultTableView*>>& tables);

// SHA-256 of a file's bytes, hex; empty when the file cannot be read.
QString fileSha256(const QString& path);

} // namespace genrelab

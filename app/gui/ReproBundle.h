#pragma once
// The reproducibility bundle: one folder with everything needed to rerun and check a result.
#include <QString>

#include <utility>
#include <vector>

class QCustomPlot;

namespace genrelab {

class ResultTableView;
class Session;

// Writes into dir (created if needed): data.sha256, session.json, versions.txt, rerun.sh,
// tables/<name>.{csv,md,tex,json}, plots/<name>.{png,svg}, as one output set with its
// bundle.manifest.json (util/OutputSet.h): on a failure the previous bundle stays whole.
// Empty string, or the error naming the file and the reason.
QString writeReproBundle(const QString& dir, const Session& session,
                         const std::vector<std::pair<QString, QCustomPlot*>>& plots,
                         const std::vector<std::pair<QString, ResultTableView*>>& tables);

// SHA-256 of a file's bytes, hex; empty when the file cannot be read.
QString fileSha256(const QString& path);

} // namespace genrelab

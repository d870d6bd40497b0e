#pragma once
// What the user is working on: the open table and its report, the preparation and split
// choices, the model and inference choices, and the runs. Panels read and edit it; it tells
// them when something changed. Saved as JSON (a session file, and in QSettings): the run spec's
// JSON form (run/RunSpec.h) and the last result's tables; a saved session file also names a
// binary side file with the runs' draws (run/RunDraws.h), from which its results are rebuilt.
#include "data/Prepare.h"
#include "data/QualityReport.h"
#include "data/Table.h"
#include "run/RunDraws.h"
#include "run/RunPipeline.h"

#include <QObject>

#include <memory>
#include <string>

namespace genrelab {

// The Data section's part of a RunSpec; its defaults are RunSpec's.
struct PrepChoices {
    Imputation imputation = RunSpec{}.prep.imputation;
    double fill = RunSpec{}.prep.constant;
    bool missingIndicators = RunSpec{}.prep.missingIndicators;
    bool repairUnits = RunSpec{}.prep.repairUnits;
    bool standardize = RunSpec{}.prep.standardize;
    std::vector<std::string> excluded;   // numeric columns the user set to "ignored"
    std::optional<std::size_t> trainRows = RunSpec{}.split.trainRows;
    std::optional<std::size_t> testRows = RunSpec{}.split.testRows;  // unset: 20%
    std::uint64_t splitSeed = RunSpec{}.split.seed;
    SplitKind splitKind = RunSpec{}.split.kind;
    GroupOptions groups = RunSpec{}.prep.groups;  // set in the Column roles tab
    bool artifactFeatures = RunSpec{}.prep.artifactFeatures;
    bool suspiciousAsMissing = RunSpec{}.prep.suspiciousAsMissing;
};

// The side file a session JSON names: its name in the session's folder, size and FNV-1a hash.
struct DrawsReference {
    std::string file;
    std::uint64_t bytes = 0;
    std::uint64_t fnv1a64 = 0;
    std::optional<std::uint64_t> dataFnv1a64;  // the data file's bytes when saved: results rebuild only from the same data
};

// A session file as read, before anything is applied.
struct SessionContent {
    RunSpec spec;
    std::optional<DrawsReference> draws;
};

class Session : public QObject {
    Q_OBJECT
public:
    explicit Session(QObject* parent = nullptr) : QObject(parent) {}

    void setData(const QString& path, std::shared_ptr<const Table> table, QualityReport report);
    bool hasData() const { return table_ != nullptr; }
    std::shared_ptr<const Table> table() const { return table_; }
    const QualityReport& report() const { return report_; }
    const QString& path() const { return path_; }
    const std::vector<std::string>& classNames() const { return report_.classNames; }

    const PrepChoices& prep() const { return prep_; }
    // Choices that change the group columns, their separators or the split also inspect the
    // table again, so the report's grouped findings follow them (then reportChanged).
    void setPrep(const PrepChoices& prep);
    const RunSpec& modelSpec() const { return modelSpec_; }   // model + inference parts
    void setModelSpec(const RunSpec& spec);
    // The full spec of a run: model and inference choices plus preparation and split.
    RunSpec runSpec() const;

    void addResult(std::shared_ptr<const RunResult> result, const RunSpec& spec);
    // An extended run takes the place of the result it extends (its added draws per chain are
    // recorded as the extension); the previous run stays the one to compare with.
    void replaceResult(std::shared_ptr<const RunResult> result, const RunSpec& spec);
    // Results rebuilt from a session's draws: the last run and, when there was one, the run before it.
    void restoreResults(std::shared_ptr<const RunResult> result, const StoredRun& run, std::shared_ptr<const RunResult> previous,
                        const RunSpec& previousSpec);
    std::shared_ptr<const RunResult> result() const { return result_; }
    const RunSpec& resultSpec() const { return resultSpec_; }
    // The Extend steps behind the result, draws per chain in order (a rerun repeats them).
    const std::vector<int>& resultExtensions() const { return resultExtensions_; }
    std::shared_ptr<const RunResult> previousResult() const { return previous_; }
    const RunSpec& previousSpec() const { return previousSpec_; }
    // The runs a saved session keeps: the last one first, then the previous one.
    std::vector<StoredRun> storedRuns() const;

    // {"format": "genrelab-session-2", "spec": the run spec, "results": the last result's tables,
    //  "draws": the side file when given}.
    std::string toJson(const std::optional<DrawsReference>& draws = std::nullopt) const;
    // Reads toJson's text (or a "genrelab-session-1" file) and changes nothing. Throws
    // std::invalid_argument naming sourceName and the key at fault.
    static SessionContent readJson(const std::string& text, const std::string& sourceName);
    // Restores the choices; returns the data path to open.
    QString applyContent(const SessionContent& content);
    QString applyJson(const std::string& text, const std::string& sourceName) { return applyContent(readJson(text, sourceName)); }
    // The command line that reruns the current choices with genrelab-cli, paths shell-quoted.
    // Throws std::invalid_argument for a choice no option expresses (see specToArguments).
    QString cliCommand() const;

signals:
    void dataChanged();
    void reportChanged();  // the same table, its report inspected again
    void choicesChanged();
    void resultChanged();

private:
    void regroupReport();

    QString path_;
    std::shared_ptr<const Table> table_;
    QualityReport report_;
    PrepChoices prep_;
    RunSpec modelSpec_;
    std::shared_ptr<const RunResult> result_, previous_;
    RunSpec resultSpec_, previousSpec_;
    std::vector<int> resultExtensions_, previousExtensions_;
};

} // namespace genrelab

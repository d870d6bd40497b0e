#pragma once
// What the user is working on: the open table and its report, the preparation and split
// choices, the model and inference choices, and the runs. Panels read and edit it; it tells
// them when something changed. Saved as JSON (a session file, and in QSettings): the run spec's
// JSON form (run/RunSpec.h) and the last result's tables.
#include "data/Prepare.h"
#include "data/QualityReport.h"
#include "data/Table.h"
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
    // An extended run takes the place of the result it extends; the previous run stays the one to compare with.
    void replaceResult(std::shared_ptr<const RunResult> result, const RunSpec& spec);
    std::shared_ptr<const RunResult> result() const { return result_; }
    const RunSpec& resultSpec() const { return resultSpec_; }
    std::shared_ptr<const RunResult> previousResult() const { return previous_; }
    const RunSpec& previousSpec() const { return previousSpec_; }

    // {"format": "genrelab-session-2", "spec": the run spec, "results": the last result's tables}.
    std::string toJson() const;
    // Restores the choices from toJson's text (or a "genrelab-session-1" file); returns the data
    // path to open. Throws std::invalid_argument naming sourceName and the key at fault.
    QString applyJson(const std::string& text, const std::string& sourceName);
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
};

} // namespace genrelab

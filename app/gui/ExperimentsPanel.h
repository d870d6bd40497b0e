#pragma once
// The Experiments section: a preset (the study's table, the grouped ablation) rerun over seeds on
// both cores (results filling in as runs finish), prior sweeps as a heatmap, VI against MCMC on
// the same rows, and simulation-based calibration (SbcTab). Work runs
// on pool threads; the GUI only receives finished runs.
#include "experiments/Experiment.h"
#include "experiments/Sweep.h"
#include "util/Cancellation.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace genrelab {

class JobProgress;
class ResultTableView;
class SbcTab;
class Session;
class SweepHeatmap;
struct ViVsMcmc;

class ExperimentsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentsPanel(Session& session, QWidget* parent = nullptr);
    ~ExperimentsPanel() override;

    // Runs the preset's experiments (optionally with a smaller step budget, for tests and demos),
    // shown in the named preset's table.
    void runPreset(const std::vector<Experiment>& experiments, const std::string& preset = "study-table2");
    // Runs the preset chosen in the list (the grouped ablation with the session's group columns).
    void runSelectedPreset();
    void runSweep();
    void runComparison();
    void cancel();
    bool busy() const;

    ResultTableView* results() const { return results_; }
    ResultTableView* comparison() const { return comparison_; }
    ResultTableView* marginals() const { return marginals_; }
    SweepHeatmap* heatmap() const { return heatmap_; }
    QComboBox* sweepMetric() const { return sweepMetric_; }
    const SweepResult& sweepResult() const { return sweep_; }
    QLabel* presetNote() const { return presetNote_; }
    SbcTab* sbc() const { return sbc_; }
    // Brings a tab to the front (0 table, 1 sweep, 2 VI against MCMC, 3 SBC).
    void showTab(int index);
    QSpinBox* seeds() const { return seeds_; }
    QLineEdit* nuValues() const { return nus_; }
    QLineEdit* tauValues() const { return taus_; }
    QLabel* status() const { return status_; }
    QComboBox* presets() const { return sizes_; }
    QTabWidget* tabs() const { return tabs_; }
    // Throws std::invalid_argument for the grouped ablation without artist and title columns.
    std::vector<Experiment> selectedPreset() const;
    std::string selectedPresetName() const;

signals:
    void presetFinished();
    void sweepFinished();
    void comparisonFinished();

private:
    void onOutcome(const ExperimentOutcome& outcome, std::size_t done, std::size_t total);
    void setBusy(bool busy);
    void showIdleStatus();  // what the section does, and whether a file is open for it
    void showSweep();       // the sweep's heatmap and best cell for the metric shown
    SweepMetric shownSweepMetric() const;

    Session& session_;
    QComboBox* sizes_;
    QSpinBox *seeds_, *jobs_, *sweepRows_, *compareRows_;
    QPushButton *runPreset_, *runSweep_, *runCompare_, *cancel_;
    QProgressBar* progress_;
    JobProgress* progressEta_;  // the bar's count, time taken and time left
    QLabel* status_;
    QLabel* presetNote_;
    ResultTableView *results_, *comparison_, *marginals_;
    QComboBox* sweepModel_;
    QComboBox* sweepMetric_;
    QLineEdit *nus_, *taus_;
    SweepHeatmap* heatmap_;
    SbcTab* sbc_;
    QTabWidget* tabs_;
    std::vector<Experiment> running_;
    std::string runningPreset_ = "study-table2";
    std::vector<ExperimentOutcome> outcomes_;
    SweepResult sweep_;
    CancellationToken stop_;  // of the job running; its copies in the job share the flag
    QFutureWatcher<void> job_;
};

} // namespace genrelab

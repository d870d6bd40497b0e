#pragma once
// The Results section: metrics and a plain-words verdict; confusion matrix; per-class table;
// calibration (CalibrationTab: the top class over train / validation / test, or one class vs rest);
// coefficient forest plot; ARD relevance; for grouped models per-artist shrinkage and the largest
// title cues; marginal posteriors (overlaid with the previous run);
// R-hat/ESS table; the uncertainty of the verdict itself; two runs side by side, with their
// PSIS-LOO comparison (table and elpd_diff +- SE plot); the workflow plots (WorkflowTabs).
#include "StepQueue.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QTabWidget;
class QCustomPlot;

namespace genrelab {

class ArtistShrinkagePlot;
class CalibrationTab;
class ConfusionMatrixPlot;
class DensityOverlayPlot;
class ForestPlot;
class IntervalBarChart;
class ReliabilityDiagram;
class ResultTableView;
class Session;
class WorkflowTabs;
struct ArtistShrinkage;
struct RunResult;
struct RunSpec;

class ResultsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ResultsPanel(Session& session, QWidget* parent = nullptr);

    QString verdict() const;
    ResultTableView* metrics() const { return metrics_; }
    ResultTableView* perClass() const { return perClass_; }
    ResultTableView* parameters() const { return parameters_; }
    ResultTableView* uncertainTracks() const { return uncertain_; }
    ResultTableView* comparison() const { return comparison_; }
    ResultTableView* looComparison() const { return looComparison_; }
    IntervalBarChart* looDifferences() const { return looDifferences_; }
    ConfusionMatrixPlot* confusion() const { return confusion_; }
    ReliabilityDiagram* reliability() const { return reliability_; }
    ResultTableView* reliabilityTable() const { return reliabilityTable_; }
    CalibrationTab* calibration() const { return calibration_; }
    ForestPlot* forest() const { return forest_; }
    IntervalBarChart* relevance() const { return relevance_; }
    DensityOverlayPlot* marginals() const { return marginals_; }
    DensityOverlayPlot* accuracyPosterior() const { return accuracy_; }
    ArtistShrinkagePlot* shrinkage() const { return shrinkage_; }
    QComboBox* shrinkageClass() const { return shrinkageClass_; }
    IntervalBarChart* titleCues() const { return titleCues_; }
    // Title cues shown: the (token, class) pairs with the largest posterior mean weight.
    static constexpr std::size_t kTitleCues = 30;
    QTabWidget* tabs() const { return tabs_; }
    WorkflowTabs* workflow() const { return workflow_; }
    // Shown over Compare runs, Marginals and Uncertainty when the previous run was fitted or
    // tested on other rows than this one (empty and hidden otherwise).
    QString differentRowsWarning() const;
    // A result fills the verdict and metrics at once and every other view in a step of its own,
    // one per event-loop turn, so that publishing a run never holds the GUI thread for the sum.
    // True while views still wait for their step.
    bool filling() const;
    // Fills the views still waiting (the workflow's too) at once.
    void fillNow();
    // fillNow(), then blocks until the workflow plots' numbers are shown (exports, the
    // reproducibility bundle, tests).
    void waitUntilShown();
    // Every plot and table with a file name, for exports and the reproducibility bundle.
    std::vector<std::pair<QString, QCustomPlot*>> plots() const;
    std::vector<std::pair<QString, ResultTableView*>> tables() const;

private:
    void onResult();
    void showUncertainTracks();
    void showCalibration();
    void showCoefficients();
    void showGroupTerms();
    void showComparison();
    void showEmptyState();
    void showMarginal();
    void showLooComparison();
    void showShrinkage();
    Session& session_;
    QLabel* verdict_;
    std::vector<QLabel*> rowsWarnings_;  // one per view that shows the previous run beside this one
    QTabWidget* tabs_;
    ResultTableView *metrics_, *perClass_, *parameters_, *uncertain_, *comparison_, *looComparison_, *reliabilityTable_;
    ConfusionMatrixPlot* confusion_;
    CalibrationTab* calibration_;
    ReliabilityDiagram* reliability_;
    ForestPlot* forest_;
    IntervalBarChart *relevance_, *looDifferences_, *titleCues_;
    ArtistShrinkagePlot* shrinkage_;
    QComboBox* shrinkageClass_;
    QWidget* shrinkageBox_;
    std::shared_ptr<const ArtistShrinkage> artists_;  // of the result shown
    QComboBox* marginalParameter_;
    DensityOverlayPlot *marginals_, *accuracy_, *macroF1_;
    WorkflowTabs* workflow_;
    StepQueue steps_;
};

} // namespace genrelab

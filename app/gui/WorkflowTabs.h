#pragma once
// The Results section's workflow plots, one tab each: rank plots per chain, ESS evolution and a
// pair plot with divergences for the parameters chosen here; LOO-PIT of the training rows; and
// this run's class contrasts against the previous run's (VI against MCMC when one of the two
// runs is NUTS, which is then the reference). Each tab shows its numbers as a table beside the
// plot, for CSV export.
#include "StepQueue.h"
#include "eval/RankUniformity.h"
#include <Eigen/Core>

#include <QFutureWatcher>
#include <QString>
#include <QTabWidget>

#include <memory>
#include <utility>
#include <vector>

class QComboBox;
class QCustomPlot;

namespace genrelab {

class ChainRankPlots;
class ContrastComparisonPlot;
class EssEvolutionPlot;
class LooPitPlot;
class PairPlot;
class ResultTableView;
struct RunResult;
struct RunSpec;

// What a run's workflow plots need that takes seconds (simultaneous bands by bisection, LOO-PIT
// over draws x rows, SVI's log p - log q per draw): computed on the background pool.
struct WorkflowNumbers {
    EcdfBand rankBand;                 // for the draws per chain (empty with one chain)
    std::vector<double> pit, khat;     // LOO-PIT of the first training rows, their k-hat
    EcdfBand pitBand;                  // for the finite PIT values
    QString pitTitle, pitWhy;          // the plot's title, or why there is no PIT
};

class WorkflowTabs : public QTabWidget {
    Q_OBJECT
public:
    // LOO-PIT uses at most this many training rows (the first ones of the split), so that the
    // draws x rows probabilities stay small and the section updates at once.
    static constexpr long kLooPitRows = 2000;

    explicit WorkflowTabs(QWidget* parent = nullptr);
    // previous may be null. Recomputes every plot: the views one per event-loop turn, the rank
    // band and LOO-PIT on the background pool.
    void setRuns(std::shared_ptr<const RunResult> current, const RunSpec& spec, std::shared_ptr<const RunResult> previous,
                 const RunSpec& previousSpec);

    QComboBox* parameter() const { return parameter_; }
    ChainRankPlots* rankPlots() const { return ranks_; }
    EssEvolutionPlot* essEvolution() const { return ess_; }
    PairPlot* pairPlot() const { return pairs_; }
    LooPitPlot* looPit() const { return pit_; }
    ContrastComparisonPlot* contrasts() const { return contrasts_; }
    std::vector<std::pair<QString, QCustomPlot*>> plots() const;
    std::vector<std::pair<QString, ResultTableView*>> tables() const;
    // The rank band and LOO-PIT are computed off the GUI thread after setRuns; true until shown
    // (their views fill in event-loop turns of their own after the numbers arrive).
    bool computing() const { return pending_ || !steps_.idle(); }
    // True while views still wait for their event-loop turn.
    bool filling() const { return !steps_.idle(); }
    // Fills the views still waiting for their event-loop turn at once.
    void fillNow() { steps_.runAll(); }
    // fillNow(), then blocks until the numbers are shown (tests, export).
    void waitForNumbers();
    ~WorkflowTabs() override;

private:
    void showParameter();
    void showRanks();
    void showPairs();
    void showNumbers();
    void showContrasts(const RunSpec& spec, const RunSpec& previousSpec);
    std::shared_ptr<const RunResult> current_, previous_;
    EcdfBand rankBand_;  // for the run's draws per chain: the same for every parameter
    int shownParameter_ = -1;        // the parameter whose draws are below, -1 before any
    Eigen::MatrixXd parameterDraws_;  // draws x chains of the shown parameter
    QFutureWatcher<WorkflowNumbers> numbersJob_;
    StepQueue steps_;
    bool pending_ = false;
    QComboBox* parameter_;
    ChainRankPlots* ranks_;
    EssEvolutionPlot* ess_;
    PairPlot* pairs_;
    LooPitPlot* pit_;
    ContrastComparisonPlot* contrasts_;
    ResultTableView *ranksTable_, *essTable_, *pairsTable_, *pitTable_, *contrastsTable_;
};

} // namespace genrelab

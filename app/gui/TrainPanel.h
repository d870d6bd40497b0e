#pragma once
// The Train section: start, pause, cancel and extend a run; watch the ELBO (SVI) or per-chain
// traces, sampler statistics and a live convergence dashboard (NUTS) as they grow.
#include "LiveObserver.h"
#include "eval/LiveConvergence.h"
#include "infer/Posterior.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QVBoxLayout;

namespace genrelab {

class ConvergenceDashboard;
class ElboPlot;
class SamplerStatsPlot;
class Session;
class TracePlot;
class TrainingController;
struct RunSpec;
struct RunResult;

class TrainPanel : public QWidget {
    Q_OBJECT
public:
    TrainPanel(Session& session, TrainingController& controller, QWidget* parent = nullptr);

    QPushButton* startButton() const { return start_; }
    QPushButton* cancelButton() const { return cancel_; }
    QPushButton* pauseButton() const { return pause_; }
    QPushButton* extendButton() const { return extend_; }
    ElboPlot* elbo() const { return elbo_; }
    TracePlot* trace() const { return trace_; }
    SamplerStatsPlot* samplerStats() const { return stats_; }
    ConvergenceDashboard* dashboard() const { return dashboard_; }
    QCheckBox* stopWhenConverged() const { return stopWhenConverged_; }
    // One bar per NUTS chain: its share of the run's iterations (of an extension's, when extending).
    const std::vector<QProgressBar*>& chainBars() const { return bars_; }
    QString statusText() const;
    // How often a NUTS run's convergence is judged while it runs (1 s by default).
    void setConvergenceCheckIntervalMs(int ms);

    void startRun();

signals:
    // Every live convergence check of a NUTS run, as the dashboard shows it.
    void convergenceChecked(const genrelab::ConvergenceSnapshot& snapshot);

private:
    void onStarted(const RunSpec& spec);
    void onProgress(const LiveBatch& batch);
    void onFinished(const std::shared_ptr<const RunResult>& result);
    void onFailed(const QString& message);
    // A result that did not come from this panel's run (a session's, rebuilt from its draws):
    // its ELBO, or its chains' draws and sampler statistics after warmup.
    void showStoredRun();
    void refreshConvergence();
    void setRunning(bool running);

    Session& session_;
    TrainingController& controller_;
    QPushButton *start_, *pause_, *cancel_, *extend_;
    QSpinBox* extendBy_;
    QCheckBox* stopWhenConverged_;
    QLabel* status_;
    QStackedWidget* views_;
    ElboPlot* elbo_;
    TracePlot* trace_;
    SamplerStatsPlot* stats_;
    ConvergenceDashboard* dashboard_;
    QVBoxLayout* chainBars_;
    std::vector<QProgressBar*> bars_;

    QElapsedTimer clock_;
    std::size_t eventsSeen_ = 0, totalPlanned_ = 0;
    int chains_ = 0, maxTreeDepth_ = 10, warmup_ = 0;
    bool nuts_ = false;
    int extensionDraws_ = 0;  // draws per chain the running extension adds; 0: not extending
    // Per chain, post-warmup natural parameters; shared and never changed once kept, so that the
    // live check's snapshot copies pointers, not the draws, on the GUI thread.
    std::vector<std::vector<std::shared_ptr<const Eigen::VectorXd>>> liveDraws_;
    std::vector<std::vector<DrawStats>> liveStats_;
    QTimer convergenceTimer_;
    QFutureWatcher<ConvergenceSnapshot> convergenceJob_;
};

} // namespace genrelab

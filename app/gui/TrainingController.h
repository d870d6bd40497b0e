#pragma once
// Runs inference off the GUI thread: a worker QThread executes runPipeline (or extends a NUTS
// run) while a 33 ms timer on the GUI thread pulls progress from the LiveObserver and hands it
// to the views. Cancel stops within one step and keeps what was computed (marked partial).
#include "LiveObserver.h"
#include "run/RunPipeline.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QThread;

namespace genrelab {

class Table;

class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    bool isRunning() const { return running_; }
    bool isExtending() const { return extending_; }  // the running work adds draws to the last result
    int extendedBy() const { return extendedBy_; }   // draws per chain the last extension asked for
    void start(std::shared_ptr<const Table> table, const RunSpec& spec);
    // More NUTS draws for the last result, reusing its adaptation.
    void extend(int moreDraws);
    // Makes a result rebuilt from a session the last result, so Extend resumes its chains (when
    // the session kept their end states). Ignored while a run is going.
    void adopt(std::shared_ptr<const RunResult> result, const RunSpec& spec);
    void cancel();
    // Stops the run because its draws met the convergence rule with `drawsPerChain` draws in
    // each chain (what the status line reports; the chains stop a few draws later); the result's
    // `ending` says so (a complete run, not a cancelled one).
    void stopConverged(std::size_t drawsPerChain);
    // Draws per chain at which the last run was stopped as converged; 0: it was not.
    std::size_t convergedAt() const { return convergedAt_; }
    void setPaused(bool paused);
    bool paused() const { return observer_ && observer_->paused(); }
    // How long the last cancel took to reach the inference (ms; -1 if it has not yet).
    double stopLatencyMs() const { return observer_ ? observer_->stopLatencyMs() : -1.0; }
    std::shared_ptr<const RunResult> result() const { return result_; }
    const RunSpec& spec() const { return spec_; }

signals:
    void started(const genrelab::RunSpec& spec);
    void progress(const genrelab::LiveBatch& batch);
    void finished(std::shared_ptr<const genrelab::RunResult> result);
    void failed(const QString& message);

private:
    void launch(std::function<void(LiveObserver&)> work);
    void poll();
    void onWorkDone();

    QTimer poll_;
    QThread* thread_ = nullptr;
    std::shared_ptr<LiveObserver> observer_;
    std::shared_ptr<const RunResult> result_, pendingResult_;
    QString pendingError_;
    RunSpec spec_;
    bool running_ = false, extending_ = false;
    int extendedBy_ = 0;
    std::size_t convergedAt_ = 0;
};

} // namespace genrelab

Q_DECLARE_METATYPE(genrelab::LiveBatch)
Q_DECLARE_METATYPE(std::shared_ptr<const genrelab::RunResult>)

#include "TrainingController.h"

#include "WorkerPriority.h"
#include "data/Table.h"

#include <QThread>

namespace genrelab {

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
    qRegisterMetaType<genrelab::LiveBatch>();
    qRegisterMetaType<std::shared_ptr<const genrelab::RunResult>>();
    poll_.setInterval(33);  // at most ~30 updates a second reach the views
    connect(&poll_, &QTimer::timeout, this, &TrainingController::poll);
}

TrainingController::~TrainingController() {
    if (thread_) {
        observer_->requestStop();
        thread_->wait();
    }
}

void TrainingController::start(std::shared_ptr<const Table> table, const RunSpec& spec) {
    if (running_) return;
    spec_ = spec;
    extending_ = false;
    emit started(spec);
    launch([this, table, spec](LiveObserver& observer) {
        pendingResult_ = std::make_shared<RunResult>(runPipeline(*table, spec, &observer));
    });
}

void TrainingController::extend(int moreDraws) {
    if (running_ || !result_ || result_->nutsStates.empty()) return;
    // The published result stays as it is (panels may read it meanwhile); the extension is a
    // new result, swapped in on this (the GUI) thread by onWorkDone.
    std::shared_ptr<const RunResult> previous = result_;
    const RunSpec spec = spec_;
    extending_ = true;
    extendedBy_ = moreDraws;
    emit started(spec);
    launch([this, previous, spec, moreDraws](LiveObserver& observer) {
        pendingResult_ = std::make_shared<RunResult>(extendRun(*previous, spec, moreDraws, &observer));
    });
}

void TrainingController::adopt(std::shared_ptr<const RunResult> result, const RunSpec& spec) {
    if (running_) return;
    result_ = std::move(result);
    spec_ = spec;
    extending_ = false;
}

void TrainingController::launch(std::function<void(LiveObserver&)> work) {
    running_ = true;
    convergedAt_ = 0;
    observer_ = std::make_shared<LiveObserver>();
    pendingResult_.reset();
    pendingError_.clear();
    auto observer = observer_;
    thread_ = QThread::create([this, observer, work] {
        lowerCurrentThreadPriority();  // and so every chain thread and pool the run starts
        try {
            work(*observer);
        } catch (const std::exception& error) {
            pendingError_ = QString::fromStdString(error.what());
        }
    });
    connect(thread_, &QThread::finished, this, &TrainingController::onWorkDone);
    thread_->start();
    poll_.start();
}

void TrainingController::cancel() {
    if (observer_) observer_->requestStop();
}

void TrainingController::stopConverged(std::size_t drawsPerChain) {
    if (!running_ || convergedAt_ > 0) return;
    convergedAt_ = drawsPerChain;
    if (observer_) observer_->requestStop(RunEnding{StopReason::Converged, drawsPerChain});
}

void TrainingController::setPaused(bool paused) {
    if (observer_) observer_->setPaused(paused);
}

void TrainingController::poll() {
    if (!observer_) return;
    LiveBatch batch = observer_->take();
    if (!batch.events.empty()) emit progress(batch);
    observer_->recycle(std::move(batch));
}

void TrainingController::onWorkDone() {
    poll();  // the last events
    poll_.stop();
    thread_->deleteLater();
    thread_ = nullptr;
    running_ = false;
    if (!pendingError_.isEmpty()) {
        emit failed(pendingError_);
        return;
    }
    result_ = pendingResult_;
    emit finished(result_);
}

} // namespace genrelab

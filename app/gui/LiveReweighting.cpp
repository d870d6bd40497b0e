#include "LiveReweighting.h"

#include "BackgroundPool.h"
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <ctime>
#include <limits>

namespace genrelab {
namespace {

double threadCpuMilliseconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

} // namespace

LiveReweighting::LiveReweighting(QObject* parent) : QObject(parent) { qRegisterMetaType<ReweightingUpdate>(); }

LiveReweighting::~LiveReweighting() { waitForIdle(); }

void LiveReweighting::waitForIdle() {
    for (auto* watcher : findChildren<QFutureWatcherBase*>()) watcher->waitForFinished();
}

void LiveReweighting::setResult(std::shared_ptr<const RunResult> result, const RunSpec& spec) {
    ++generation_;
    basis_.reset();
    result_ = std::move(result);
    fitted_ = spec.model;
    if (!result_ || !result_->model || result_->posterior.drawsPerChain() == 0) return;
    const int generation = generation_;
    auto* watcher = new QFutureWatcher<std::shared_ptr<const ReweightingBasis>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        if (generation == generation_) {
            basis_ = watcher->result();
            if (!pending_) pending_ = fitted_;
            startNext();
        }
        watcher->deleteLater();
    });
    watcher->setFuture(runInBackground([result = result_] {
        const int threads = 1;  // the GUI stays responsive; the basis takes a second or two once
        return std::make_shared<const ReweightingBasis>(makeReweightingBasis(*result->model, std::shared_ptr<const Posterior>(result, &result->posterior), result->trainDesign,
                                                                              result->data.yTrain, result->testDesign,
                                                                              result->data.yTest, {}, threads));
    }));
}

void LiveReweighting::request(const ModelSpec& model) {
    if (!result_ || !result_->model) return;
    // Another model, or a change the likelihood sees (the title slab): said, never re-weighted.
    const std::string refusal = result_->model->modelData()
                                    ? reweightingRefusal(fitted_, model)
                                    : std::string("Re-weighting needs the fit's training rows, which this result does not hold.");
    if (!refusal.empty()) {
        pending_.reset();
        emit unavailable(QString::fromStdString(refusal));
        return;
    }
    pending_ = model;
    if (basis_ && !running_) startNext();
}

void LiveReweighting::startNext() {
    if (!pending_ || !basis_ || running_) return;
    const ModelSpec target = *pending_;
    pending_.reset();
    running_ = true;
    const int generation = generation_;
    auto* watcher = new QFutureWatcher<ReweightingUpdate>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        running_ = false;
        if (generation == generation_) {
            const ReweightingUpdate update = watcher->result();
            if (update.basis) emit updated(update);
            else emit unavailable(tr("These hyperparameters are not valid."));
            startNext();
        }
        watcher->deleteLater();
    });
    const auto basis = basis_;
    const auto modelData = result_->model->modelData();
    const bool fitted = target == fitted_;
    watcher->setFuture(runInBackground([basis, modelData, target, fitted] {
        ReweightingUpdate update;
        QElapsedTimer timer;
        timer.start();
        const double cpuStart = threadCpuMilliseconds();
        try {
            const auto changed = makeModel(target, modelData);
            update.posterior = reweightPrior(*basis, *changed);
            update.basis = basis;
        } catch (const std::exception&) {
            update.basis.reset();  // invalid hyperparameters: reported as unavailable
        }
        // The fitted hyperparameters, or others that leave the prior's density and the natural
        // parameters as they were.
        update.fittedPrior = fitted || (update.posterior.khat == -std::numeric_limits<double>::infinity() && !update.posterior.remapped);
        update.milliseconds = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        update.cpuMilliseconds = threadCpuMilliseconds() - cpuStart;
        return update;
    }));
}

} // namespace genrelab

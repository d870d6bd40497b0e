#include "TrainPanel.h"

#include "BackgroundPool.h"
#include "ConvergenceDashboard.h"
#include "ElboPlot.h"
#include "RunVerdict.h"
#include "SamplerStatsPlot.h"
#include "Session.h"
#include "TracePlot.h"
#include "TrainingController.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace genrelab {

TrainPanel::TrainPanel(Session& session, TrainingController& controller, QWidget* parent)
    : QWidget(parent), session_(session), controller_(controller) {
    start_ = new QPushButton(tr("Start"), this);
    pause_ = new QPushButton(tr("Pause"), this);
    pause_->setCheckable(true);
    cancel_ = new QPushButton(tr("Cancel"), this);
    extend_ = new QPushButton(tr("Extend by"), this);
    extendBy_ = new QSpinBox(this);
    extendBy_->setRange(10, 100000);
    extendBy_->setValue(500);
    extendBy_->setSuffix(tr(" draws"));
    stopWhenConverged_ = new QCheckBox(tr("stop when converged"), this);
    status_ = new QLabel(tr("Choose a model, then Start."), this);
    auto* bar = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*>{start_, pause_, cancel_, extend_, extendBy_, stopWhenConverged_}) bar->addWidget(w);
    bar->addWidget(status_, 1);

    elbo_ = new ElboPlot(this);
    trace_ = new TracePlot(this);
    stats_ = new SamplerStatsPlot(this);
    dashboard_ = new ConvergenceDashboard(this);
    auto* chainBox = new QWidget(this);
    chainBars_ = new QVBoxLayout(chainBox);
    chainBars_->setContentsMargins(0, 0, 0, 0);

    auto* nutsView = new QSplitter(Qt::Horizontal, this);
    auto* left = new QSplitter(Qt::Vertical, nutsView);
    left->addWidget(trace_);
    left->addWidget(stats_);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 2);
    auto* right = new QWidget(nutsView);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(chainBox);
    rightLayout->addWidget(dashboard_, 1);
    nutsView->addWidget(left);
    nutsView->addWidget(right);
    nutsView->setStretchFactor(0, 3);
    nutsView->setStretchFactor(1, 1);
    views_ = new QStackedWidget(this);
    views_->addWidget(elbo_);
    views_->addWidget(nutsView);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(views_, 1);

    connect(start_, &QPushButton::clicked, this, &TrainPanel::startRun);
    connect(cancel_, &QPushButton::clicked, &controller_, &TrainingController::cancel);
    connect(pause_, &QPushButton::toggled, this, [this](bool paused) {
        controller_.setPaused(paused);
        pause_->setText(paused ? tr("Resume") : tr("Pause"));
    });
    connect(extend_, &QPushButton::clicked, this, [this] { controller_.extend(extendBy_->value()); });
    connect(&controller_, &TrainingController::started, this, &TrainPanel::onStarted);
    connect(&controller_, &TrainingController::progress, this, &TrainPanel::onProgress);
    connect(&controller_, &TrainingController::finished, this, &TrainPanel::onFinished);
    connect(&controller_, &TrainingController::failed, this, &TrainPanel::onFailed);
    connect(&session_, &Session::resultChanged, this, &TrainPanel::showStoredRun);
    convergenceTimer_.setInterval(1000);
    connect(&convergenceTimer_, &QTimer::timeout, this, &TrainPanel::refreshConvergence);
    connect(&convergenceJob_, &QFutureWatcher<ConvergenceSnapshot>::finished, this, [this] {
        const ConvergenceSnapshot s = convergenceJob_.result();
        dashboard_->setSnapshot(s);
        emit convergenceChecked(s);
        if (stopWhenConverged_->isChecked() && s.converged() && controller_.isRunning()) controller_.stopConverged(s.draws);
    });
    setRunning(false);
}

QString TrainPanel::statusText() const { return status_->text(); }

void TrainPanel::setConvergenceCheckIntervalMs(int ms) { convergenceTimer_.setInterval(ms); }

void TrainPanel::setRunning(bool running) {
    start_->setEnabled(!running);
    cancel_->setEnabled(running);
    pause_->setEnabled(running);
    const auto result = controller_.result();
    extend_->setEnabled(!running && result && !result->nutsStates.empty());
    extendBy_->setEnabled(extend_->isEnabled());
    if (!running && pause_->isChecked()) pause_->setChecked(false);
}

void TrainPanel::startRun() {
    if (!session_.hasData()) {
        QMessageBox::information(this, tr("Train"), tr("Open a CSV file first."));
        return;
    }
    controller_.start(session_.table(), session_.runSpec());
}

void TrainPanel::onStarted(const RunSpec& spec) {
    nuts_ = spec.inference == InferenceKind::Nuts;
    chains_ = nuts_ ? spec.nuts.chains : 1;
    maxTreeDepth_ = spec.nuts.maxTreeDepth;
    eventsSeen_ = 0;
    totalPlanned_ = nuts_ ? static_cast<std::size_t>(spec.nuts.warmup + spec.nuts.samples) * static_cast<std::size_t>(chains_)
                          : spec.inference == InferenceKind::Svi ? spec.svi.steps
                          : spec.inference == InferenceKind::Pathfinder   // an upper bound: paths stop once their ELBO stalls
                              ? static_cast<std::size_t>(spec.pathfinder.paths) * static_cast<std::size_t>(spec.pathfinder.maxIterations)
                              : static_cast<std::size_t>(spec.nuts.samples);
    // An extension's progress is its own: the bars and the count go from 0 to its draws.
    extensionDraws_ = controller_.isExtending() ? controller_.extendedBy() : 0;
    if (extensionDraws_ > 0) totalPlanned_ = static_cast<std::size_t>(extensionDraws_) * static_cast<std::size_t>(chains_);
    clock_.start();
    views_->setCurrentIndex(nuts_ ? 1 : 0);
    // Extending a NUTS run keeps its history; a new run starts from empty views.
    const bool extending = controller_.isExtending() && !liveDraws_.empty();
    warmup_ = spec.nuts.warmup;
    if (!extending) {
        elbo_->clear();
        elbo_->setPerIterate(spec.inference == InferenceKind::Pathfinder);
        liveDraws_.assign(static_cast<std::size_t>(chains_), {});
        liveStats_.assign(static_cast<std::size_t>(chains_), {});
        trace_->reset({}, chains_, nuts_ ? spec.nuts.warmup : 0);
        stats_->reset(chains_);
        dashboard_->clear();
    }
    for (auto* b : bars_) b->deleteLater();
    bars_.clear();
    for (int c = 0; c < (nuts_ ? chains_ : 0); ++c) {
        auto* b = new QProgressBar(this);
        b->setFormat(extensionDraws_ > 0 ? tr("chain %1: extension %p%").arg(c + 1) : tr("chain %1: %p%").arg(c + 1));
        bars_.push_back(b);
        chainBars_->addWidget(b);
    }
    status_->setText(tr("Running…"));
    setRunning(true);
    if (nuts_) convergenceTimer_.start();
}

void TrainPanel::onProgress(const LiveBatch& batch) {
    QVector<double> steps, elbos;
    if (!batch.parameterNames.empty() && nuts_ && trace_->pointCount() == 0) {
        QStringList names;
        for (const auto& n : batch.parameterNames) names << QString::fromStdString(n);
        trace_->reset(names, chains_, warmup_);
    }
    std::vector<TracePlot::Point> tracePoints;
    std::vector<SamplerStatsPlot::Point> statPoints;
    std::size_t outputIndex = 0;
    for (const ProgressEvent& e : batch.events) {
        ++eventsSeen_;
        if (e.kind == ProgressEvent::Kind::SviStep) {
            steps << static_cast<double>(e.iteration);
            elbos << e.elbo;
        } else if (e.kind == ProgressEvent::Kind::PathfinderIteration) {
            // The first path's ELBO along its iterations: the curve Pathfinder picks its Gaussian from.
            if (e.chain == 0 && std::isfinite(e.elbo)) {
                steps << static_cast<double>(e.iteration + 1);
                elbos << e.elbo;
            }
        } else if (e.kind == ProgressEvent::Kind::NutsIteration) {
            const auto c = static_cast<std::size_t>(e.chain);
            if (c < bars_.size()) {
                // An extension's events count the chain's whole life; its bar counts only the extension.
                const double first = extensionDraws_ > 0 ? static_cast<double>(e.total) - extensionDraws_ : 0.0;
                const double done = static_cast<double>(e.iteration + 1) - first, planned = static_cast<double>(e.total) - first;
                bars_[c]->setValue(static_cast<int>(100.0 * done / planned));
            }
            if (outputIndex < batch.outputs.size()) {
                const Eigen::VectorXd& out = batch.outputs[outputIndex++];
                tracePoints.push_back({e.chain, static_cast<double>(e.iteration), std::vector<double>(out.data(), out.data() + out.size()), e.divergent});
                if (!e.warmup && c < liveDraws_.size()) {
                    liveDraws_[c].push_back(std::make_shared<const Eigen::VectorXd>(out));
                    DrawStats s;
                    s.divergent = e.divergent;
                    s.treeDepth = e.treeDepth;
                    s.energy = e.energy;
                    s.stepSize = e.stepSize;
                    s.acceptStat = e.acceptStat;
                    liveStats_[c].push_back(s);
                }
            }
            statPoints.push_back({e.chain, static_cast<double>(e.iteration), e.stepSize, e.acceptStat, e.treeDepth});
        }
    }
    if (!elbos.isEmpty()) elbo_->append(steps, elbos);
    if (!tracePoints.empty()) trace_->append(tracePoints);
    if (!statPoints.empty()) stats_->append(statPoints);
    const double seconds = std::max(1e-3, static_cast<double>(clock_.elapsed()) / 1000.0);
    const double rate = static_cast<double>(eventsSeen_) / seconds;
    const double eta = rate > 0 && totalPlanned_ > eventsSeen_ ? static_cast<double>(totalPlanned_ - eventsSeen_) / rate : 0.0;
    status_->setText(tr("%1 %2/s · %3 of %4 · ETA %5 s%6")
                         .arg(rate, 0, 'f', 0)
                         .arg(nuts_ ? tr("iterations") : tr("steps"))
                         .arg(eventsSeen_)
                         .arg(totalPlanned_)
                         .arg(eta, 0, 'f', 1)
                         .arg(controller_.paused() ? tr(" · paused") : QString()));
}

void TrainPanel::refreshConvergence() {
    if (convergenceJob_.isRunning() || liveDraws_.empty()) return;
    // R-hat over hundreds of parameters runs on a pool thread; so does gathering the draws into
    // matrices (up to 10 ms late in a run when it was done here): the GUI thread copies pointers.
    const int depth = maxTreeDepth_;
    convergenceJob_.setFuture(runInBackground([kept = liveDraws_, stats = liveStats_, depth] {
        std::vector<Eigen::MatrixXd> draws;
        for (const auto& chain : kept) {
            Eigen::MatrixXd m(static_cast<Eigen::Index>(chain.size()), chain.empty() ? 0 : chain.front()->size());
            for (std::size_t i = 0; i < chain.size(); ++i) m.row(static_cast<Eigen::Index>(i)) = chain[i]->transpose();
            draws.push_back(std::move(m));
        }
        return liveConvergence(draws, stats, depth);
    }));
}

void TrainPanel::onFinished(const std::shared_ptr<const RunResult>& result) {
    convergenceTimer_.stop();
    refreshConvergence();
    setRunning(false);
    if (elbo_->points() > 0) elbo_->finish();
    if (!result) return;
    QString text = tr("Done in %1 s: test accuracy %2").arg(result->totalSeconds, 0, 'f', 1).arg(result->test.accuracy, 0, 'f', 3);
    text += endingSuffix(result->ending);
    // A bar short of 100% reads as unfinished: after a stop each says why its chain ended there.
    if (result->ending.reason != StopReason::Completed)
        for (std::size_t c = 0; c < bars_.size(); ++c)
            bars_[c]->setFormat(result->ending.reason == StopReason::Converged ? tr("chain %1: %p% (stopped: converged)").arg(c + 1)
                                                                              : tr("chain %1: %p% (cancelled)").arg(c + 1));
    status_->setText(text);
    if (controller_.isExtending()) session_.replaceResult(result, controller_.spec());
    else session_.addResult(result, controller_.spec());
}

void TrainPanel::showStoredRun() {
    const auto result = session_.result();
    if (!result || !result->model || result == controller_.result() || controller_.isRunning()) return;
    const RunSpec& spec = session_.resultSpec();
    nuts_ = spec.inference == InferenceKind::Nuts;
    chains_ = nuts_ ? static_cast<int>(result->posterior.chainCount()) : 1;
    warmup_ = nuts_ ? spec.nuts.warmup : 0;
    views_->setCurrentIndex(nuts_ ? 1 : 0);
    elbo_->clear();
    liveDraws_.assign(static_cast<std::size_t>(chains_), {});
    liveStats_.assign(static_cast<std::size_t>(chains_), {});
    stats_->reset(chains_);
    dashboard_->clear();
    for (auto* b : bars_) b->deleteLater();
    bars_.clear();
    if (result->sviState && !result->sviState->elbo.empty()) {
        QVector<double> steps, elbos;
        for (std::size_t i = 0; i < result->sviState->elbo.size(); ++i) {
            steps << static_cast<double>(i);
            elbos << result->sviState->elbo[i];
        }
        elbo_->append(steps, elbos);
        elbo_->finish();
    }
    QStringList names;
    for (const auto& n : result->model->outputLayout().elementNames()) names << QString::fromStdString(n);
    trace_->reset(names, chains_, warmup_);
    if (nuts_) {
        std::vector<TracePlot::Point> tracePoints;
        std::vector<SamplerStatsPlot::Point> statPoints;
        for (std::size_t c = 0; c < result->posterior.chainCount(); ++c) {
            const Chain& chain = result->posterior.chains[c];
            for (Eigen::Index i = 0; i < chain.draws.rows(); ++i) {
                const Eigen::VectorXd out = result->model->outputs(chain.draws.row(i).transpose());
                const DrawStats s = static_cast<std::size_t>(i) < chain.stats.size() ? chain.stats[static_cast<std::size_t>(i)] : DrawStats{};
                const double iteration = static_cast<double>(warmup_ + i);
                tracePoints.push_back({static_cast<int>(c), iteration, std::vector<double>(out.data(), out.data() + out.size()), s.divergent});
                statPoints.push_back({static_cast<int>(c), iteration, s.stepSize, s.acceptStat, s.treeDepth});
                liveDraws_[c].push_back(std::make_shared<const Eigen::VectorXd>(out));
                liveStats_[c].push_back(s);
            }
        }
        trace_->append(tracePoints);
        stats_->append(statPoints);
        refreshConvergence();
    }
    controller_.adopt(result, spec);
    setRunning(false);
    status_->setText(result->nutsStates.empty() || !nuts_
                         ? tr("The session's run, rebuilt from its draws (warmup is not kept).")
                         : tr("The session's run, rebuilt from its draws (warmup is not kept); Extend resumes its chains."));
}

void TrainPanel::onFailed(const QString& message) {
    convergenceTimer_.stop();
    setRunning(false);
    status_->setText(tr("Failed: %1").arg(message));
    if (!property("quietErrors").toBool()) QMessageBox::warning(this, tr("Training failed"), message);
}

} // namespace genrelab

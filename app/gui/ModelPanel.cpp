#include "ModelPanel.h"

#include "BackgroundPool.h"
#include "LearningRateSweepBox.h"
#include "ModelBuilder.h"
#include "PriorPreviewPlot.h"
#include "ReweightingView.h"
#include "Session.h"
#include "experiments/Sweep.h"
#include "models/PriorPreview.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QScrollArea>
#include <QScrollBar>
#include <QThread>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace genrelab {
namespace {
constexpr std::size_t kPreviewRows = 300;
// Up to this many rows the preview's rows come from preparing the whole table (as a run would).
constexpr std::size_t kPrepareEveryRowUpTo = 20000;
} // namespace

ModelPanel::ModelPanel(Session& session, QWidget* parent)
    : QWidget(parent), session_(session), builder_(new ModelBuilder(this)), preview_(new PriorPreviewPlot(this)),
      lrSweep_(new LearningRateSweepBox(this)), note_(new QLabel(this)), reweightingView_(new ReweightingView(this)) {
    auto* scroll = new QScrollArea(this);
    auto* controls = new QWidget(this);
    auto* controlsLayout = new QVBoxLayout(controls);
    controlsLayout->setContentsMargins(0, 0, 0, 0);
    controlsLayout->addWidget(builder_);
    controlsLayout->addWidget(lrSweep_);
    controlsLayout->addStretch(1);
    scroll->setWidget(controls);
    scroll->setWidgetResizable(true);
    // Wide enough for the builder and a vertical scroll bar: it scrolls down, never sideways.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(std::max(430, builder_->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width() +
                                              2 * scroll->frameWidth()));
    note_->setWordWrap(true);
    auto* right = new QVBoxLayout;
    right->addWidget(preview_, 1);
    right->addWidget(note_);
    right->addWidget(reweightingView_, 1);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(scroll);
    layout->addLayout(right, 1);

    debounce_.setSingleShot(true);
    debounce_.setInterval(15);  // merge a burst of slider moves into one recomputation
    connect(&debounce_, &QTimer::timeout, this, &ModelPanel::refreshPreviewNow);
    lrSweep_->setVisible(builder_->spec().inference == InferenceKind::Svi);
    connect(lrSweep_, &LearningRateSweepBox::runRequested, this, &ModelPanel::runLearningRateSweep);
    connect(lrSweep_, &LearningRateSweepBox::cancelRequested, this, [this] { lrSweepCancel_.cancel(); });
    connect(lrSweep_, &LearningRateSweepBox::useLearningRate, this, [this](double rate) {
        RunSpec spec = builder_->spec();
        spec.svi.learningRate = rate;
        builder_->setSpec(spec);  // blocked: announce the change as an edit would
        emit builder_->specChanged();
    });
    connect(builder_, &ModelBuilder::specChanged, this, [this] {
        lrSweep_->setVisible(builder_->spec().inference == InferenceKind::Svi);
        session_.setModelSpec(builder_->spec());
        debounce_.start();
        reweighting_.request(builder_->spec().model);  // on the pool; a burst merges into its newest
    });
    connect(&session_, &Session::resultChanged, this, [this] {
        if (!session_.result()) {
            reweighting_.setResult(nullptr, {});
            return;
        }
        reweightingView_->setMessage(tr("Gathering the fit's draws for re-weighting…"));
        reweighting_.setResult(session_.result(), session_.resultSpec());
        reweighting_.request(builder_->spec().model);
    });
    connect(&reweighting_, &LiveReweighting::updated, this, [this](const ReweightingUpdate& update) {
        reweightingView_->setPosterior(update.posterior, *update.basis, update.milliseconds, update.fittedPrior);
    });
    connect(&reweighting_, &LiveReweighting::unavailable, reweightingView_, &ReweightingView::setMessage);
    connect(reweightingView_, &ReweightingView::refitRequested, this, &ModelPanel::refitRequested);
    connect(&session_, &Session::dataChanged, this, &ModelPanel::onData);
    connect(&session_, &Session::choicesChanged, this, [this] {
        builder_->setGroupColumns(session_.prep().groups);
        if (sender() == &session_ && !builder_->hasFocus()) {
            const QSignalBlocker block(builder_);
            builder_->setSpec(session_.modelSpec());
            // The blocked builder does not announce a spec set elsewhere (a session, a headless
            // run). Hidden, the preview waits until shown: no GUI-thread work during a fit.
            if (isVisible()) debounce_.start();
            else previewStale_ = true;
        }
    });
    session_.setModelSpec(builder_->spec());
    refreshPreviewNow();
}

ModelPanel::~ModelPanel() { lrSweepCancel_.cancel(); }  // cells not started yet are skipped

RunSpec ModelPanel::learningRateSweepBase() const {
    const RunSpec chosen = builder_->spec();
    SweepSettings settings = lrSweep_->settings();
    settings.seed = chosen.svi.seed;
    RunSpec base = sweepBaseSpec(chosen.model, settings);
    base.prep = session_.runSpec().prep;
    return base;
}

void ModelPanel::runLearningRateSweep() {
    const auto table = session_.table();
    const auto rates = lrSweep_->learningRates();
    if (lrSweepRunning_ || !rates) return;
    if (!table) {
        lrSweep_->setMessage(tr("Open a CSV file first."));
        return;
    }
    const RunSpec base = learningRateSweepBase();
    const SweepAxis axis{"lr", *rates};
    lrSweepCancel_ = CancellationToken();
    lrSweepRunning_ = true;
    lrSweep_->setRunning(true);
    auto* watcher = new QFutureWatcher<SweepResult>(this);
    connect(watcher, &QFutureWatcher<SweepResult>::finished, this, [this, watcher] {
        watcher->deleteLater();
        lrSweepRunning_ = false;
        lrSweep_->setRunning(false);
        try {
            lrSweep_->setResult(watcher->result());
        } catch (const std::exception& e) {
            lrSweep_->setMessage(tr("The sweep failed: %1").arg(QString::fromUtf8(e.what())));
        }
    });
    QPointer<LearningRateSweepBox> box = lrSweep_;
    const int jobs = std::max(1, QThread::idealThreadCount());
    watcher->setFuture(runInBackground([table, base, axis, jobs, cancel = lrSweepCancel_, box] {
        return runSweep(*table, base, axis, SweepAxis{}, jobs, cancel, [box](std::size_t done, std::size_t total) {
            QMetaObject::invokeMethod(box, [box, done, total] { if (box) box->setProgress(done, total); }, Qt::QueuedConnection);
        });
    }));
}

void ModelPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (previewStale_) refreshPreviewNow();
}

void ModelPanel::onData() {
    builder_->setGroupColumns(session_.prep().groups);
    previewRows_.reset();
    const int request = ++previewRequest_;
    const auto table = session_.table();
    if (table && table->hasTarget()) {
        RunSpec spec = session_.runSpec();
        spec.split.trainRows = std::nullopt;
        const bool large = table->rows() > kPrepareEveryRowUpTo;
        if (large) {
            // The preview reads 300 rows: preparing a million of them cost the GUI thread a
            // second. A large table gives a stratified 300 rows and no test rows.
            spec.split.trainRows = kPreviewRows;
            spec.split.testRows = 0;
        }
        const auto prepare = [table, spec, names = session_.classNames()]() -> std::shared_ptr<const ModelData> {
            try {
                const PreparedData prepared = prepareData(*table, spec.prep, spec.split);
                const Eigen::Index rows = std::min<Eigen::Index>(kPreviewRows, prepared.xTrain.rows());
                return makeModelData(prepared.xTrain.topRows(rows), prepared.yTrain.head(rows), prepared.classes(),
                                     prepared.transform.featureNames, names);
            } catch (const std::exception&) {
                return nullptr;  // e.g. one class: the preview shows the priors only
            }
        };
        if (!large) {
            previewRows_ = prepare();
        } else {
            // Even 300 stratified rows start from a pass over every row (the split, the
            // imputation's statistics): a pool thread prepares them, the priors show meanwhile.
            auto* watcher = new QFutureWatcher<std::shared_ptr<const ModelData>>(this);
            connect(watcher, &QFutureWatcher<std::shared_ptr<const ModelData>>::finished, this, [this, watcher, request] {
                watcher->deleteLater();
                if (request != previewRequest_) return;  // another file or target since
                previewRows_ = watcher->result();
                if (isVisible()) refreshPreviewNow();
                else previewStale_ = true;
            });
            watcher->setFuture(runInBackground(prepare));
        }
    }
    refreshPreviewNow();
}

QString ModelPanel::previewNote() const { return note_->text(); }

bool ModelPanel::preparingPreviewRows() const {
    return findChildren<QFutureWatcher<std::shared_ptr<const ModelData>>*>().size() > 0;
}

void ModelPanel::refreshPreviewNow() {
    previewStale_ = false;
    const RunSpec spec = builder_->spec();
    try {
        const PriorPreview p = computePriorPreview(spec.model, previewRows_, 150, 7);
        preview_->setPreview(p, session_.classNames());
        // The class count of the open file (the study's 11 genres before one is open).
        const auto classes = session_.report().classLabels.empty() ? std::size_t{11} : session_.report().classLabels.size();
        QString note = tr("One coefficient's prior spreads about ±%1 (16–84%). Wide priors let a few rows swing the "
                          "fit; with %2 genres the prior-predictive bars should sit near 1/%2 each.")
                           .arg(p.coefficientSd, 0, 'g', 3)
                           .arg(classes);
        if (p.groupTermsLeftOut)
            note += tr(" The bars leave out the group terms (artist effects, title tokens, song copies), whose priors add "
                       "spread to every track's logits.");
        note_->setText(note);
    } catch (const std::exception& error) {
        note_->setText(QString::fromStdString(error.what()));
    }
}

} // namespace genrelab

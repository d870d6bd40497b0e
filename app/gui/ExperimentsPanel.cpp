#include "ExperimentsPanel.h"

#include "BackgroundPool.h"
#include "CountingObserver.h"
#include "JobProgress.h"
#include "ResultTableView.h"
#include "SbcTab.h"
#include "Session.h"
#include "SweepHeatmap.h"
#include "experiments/ViVsMcmc.h"
#include "util/Format.h"
#include "models/ModelTraits.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QThread>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace genrelab {
namespace {

std::vector<double> parseList(const QString& text) {
    std::vector<double> out;
    for (const QString& item : text.split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = item.trimmed().toDouble(&ok);
        if (ok && v > 0) out.push_back(v);
    }
    return out;
}

} // namespace

ExperimentsPanel::ExperimentsPanel(Session& session, QWidget* parent) : QWidget(parent), session_(session) {
    sizes_ = new QComboBox(this);
    sizes_->addItem(tr("study-table2: the study's sizes"), QStringList{"study-table2", ""});
    sizes_->addItem(tr("study-table2 --full: whole training split, 20% test"), QStringList{"study-table2", "full"});
    sizes_->addItem(tr("grouped-ablation: numeric, + artifacts, + titles, + artists, all, all + song copies; random, song and artist splits"),
                    QStringList{"grouped-ablation", ""});
    seeds_ = new QSpinBox(this);
    seeds_->setRange(1, 50);
    seeds_->setValue(5);
    jobs_ = new QSpinBox(this);
    jobs_->setRange(1, std::max(1, QThread::idealThreadCount()));
    jobs_->setValue(std::max(1, QThread::idealThreadCount()));
    runPreset_ = new QPushButton(tr("Run the preset"), this);
    cancel_ = new QPushButton(tr("Cancel"), this);
    progress_ = new QProgressBar(this);
    progressEta_ = new JobProgress(progress_, this);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    results_ = new ResultTableView(this);
    presetNote_ = new QLabel(tr("Before a run the table lists the preset's experiments and the study's numbers. \"Run the preset\" "
                                "fills the rows, accuracies, log predictive, seconds and seeds of each experiment as its runs finish."),
                             this);
    presetNote_->setWordWrap(true);

    auto* presetBar = new QHBoxLayout;
    presetBar->addWidget(sizes_, 1);
    presetBar->addWidget(new QLabel(tr("seeds"), this));
    presetBar->addWidget(seeds_);
    presetBar->addWidget(new QLabel(tr("jobs"), this));
    presetBar->addWidget(jobs_);
    presetBar->addWidget(runPreset_);
    auto* presetTab = new QWidget(this);
    auto* presetLayout = new QVBoxLayout(presetTab);
    presetLayout->addLayout(presetBar);
    presetLayout->addWidget(presetNote_);
    presetLayout->addWidget(results_, 1);

    sweepModel_ = new QComboBox(this);
    sweepModel_->addItem("hier-studentt: nu × tau", "hier-studentt");
    sweepModel_->addItem("hier-normal: lambda × tau", "hier-normal");
    nus_ = new QLineEdit("1,2,4,8,30", this);
    taus_ = new QLineEdit("0.1,0.5,1,2,5", this);
    sweepRows_ = new QSpinBox(this);
    sweepRows_->setRange(50, 100000);
    sweepRows_->setValue(1000);
    sweepMetric_ = new QComboBox(this);
    sweepMetric_->addItems({tr("validation accuracy"), tr("validation log predictive")});
    runSweep_ = new QPushButton(tr("Run sweep"), this);
    heatmap_ = new SweepHeatmap(this);
    auto* sweepForm = new QFormLayout;
    sweepForm->addRow(tr("Grid"), sweepModel_);
    sweepForm->addRow(tr("nu (or lambda) values"), nus_);
    sweepForm->addRow(tr("tau values"), taus_);
    sweepForm->addRow(tr("training rows"), sweepRows_);
    sweepForm->addRow(tr("show"), sweepMetric_);
    sweepForm->addRow(runSweep_);
    auto* sweepTab = new QWidget(this);
    auto* sweepLayout = new QHBoxLayout(sweepTab);
    sweepLayout->addLayout(sweepForm);
    sweepLayout->addWidget(heatmap_, 1);

    compareRows_ = new QSpinBox(this);
    compareRows_->setRange(50, 100000);
    compareRows_->setValue(1000);
    runCompare_ = new QPushButton(tr("Run SVI and NUTS on the same rows"), this);
    comparison_ = new ResultTableView(this);
    marginals_ = new ResultTableView(this);
    comparison_->setEmptyMessage(tr("Run SVI and NUTS on the same rows: their accuracy, log predictive density, time and "
                                    "diagnostics appear here side by side."));
    marginals_->setEmptyMessage(tr("After the comparison: each parameter's posterior mean and sd under SVI and under NUTS, "
                                   "and how far apart they are."));
    auto* compareTab = new QWidget(this);
    auto* compareLayout = new QVBoxLayout(compareTab);
    auto* compareBar = new QHBoxLayout;
    compareBar->addWidget(new QLabel(tr("Model and priors from the Model section; training rows"), this));
    compareBar->addWidget(compareRows_);
    compareBar->addWidget(runCompare_);
    compareBar->addStretch(1);
    compareLayout->addLayout(compareBar);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(comparison_);
    split->addWidget(marginals_);
    compareLayout->addWidget(split, 1);

    tabs_ = new QTabWidget(this);
    tabs_->addTab(presetTab, tr("Presets"));
    tabs_->addTab(sweepTab, tr("Sweep"));
    tabs_->addTab(compareTab, tr("VI against MCMC"));
    sbc_ = new SbcTab(session_, this);
    tabs_->addTab(sbc_, tr("Calibration (SBC)"));
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(progress_, 1);
    bottom->addWidget(cancel_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs_, 1);
    layout->addLayout(bottom);
    layout->addWidget(status_);

    connect(runPreset_, &QPushButton::clicked, this, &ExperimentsPanel::runSelectedPreset);
    // Before a run the table shows the preset itself: the experiments and the study's numbers.
    auto showPreset = [this] {
        if (busy()) return;
        try {
            results_->setTable(presetTable(selectedPresetName(), selectedPreset(), {}));
        } catch (const std::invalid_argument& error) {  // the ablation without its group columns
            results_->setTable(presetTable(selectedPresetName(), {}, {}));
            status_->setText(QString::fromStdString(error.what()) + tr(": choose them in Data, Column roles."));
        }
    };
    connect(sizes_, &QComboBox::currentIndexChanged, this, showPreset);
    showIdleStatus();
    showPreset();
    connect(&session_, &Session::dataChanged, this, [this] {
        if (!busy()) showIdleStatus();
    });
    connect(runSweep_, &QPushButton::clicked, this, &ExperimentsPanel::runSweep);
    connect(runCompare_, &QPushButton::clicked, this, &ExperimentsPanel::runComparison);
    connect(cancel_, &QPushButton::clicked, this, &ExperimentsPanel::cancel);
    connect(sweepMetric_, &QComboBox::currentIndexChanged, this, [this] {
        if (!sweep_.cells.empty()) showSweep();
    });
    connect(this, &ExperimentsPanel::sweepFinished, this, &ExperimentsPanel::showSweep);
    connect(&job_, &QFutureWatcher<void>::finished, this, [this] {
        progressEta_->stop();
        setBusy(false);
    });
    setBusy(false);
}

void ExperimentsPanel::showIdleStatus() {
    status_->setText(session_.hasData()
        ? tr("%1 is open. Run the preset (the study's ten experiments over seeds, or the grouped ablation, which reads the artist "
             "and title columns chosen in Data), a prior sweep, VI against MCMC or calibration (SBC) in the tabs above.")
              .arg(QFileInfo(session_.path()).fileName())
        : tr("Open the Kaggle training file (File > Open), then run the study's ten experiments over seeds, or the grouped "
             "ablation (it reads the artist and title columns chosen in Data)."));
}

SweepMetric ExperimentsPanel::shownSweepMetric() const {
    return sweepMetric_->currentIndex() == 0 ? SweepMetric::Accuracy : SweepMetric::LogPredictive;
}

// The best cell and its one-SE neighbours are those of the metric shown: a cell best by log
// predictive, marked on the accuracy view, would sit below cells that beat it there.
void ExperimentsPanel::showSweep() {
    const SweepMetric metric = shownSweepMetric();
    std::vector<double> values, errors;
    for (const auto& c : sweep_.cells) {
        values.push_back(c.error.empty() ? sweepValue(c, metric) : std::nan(""));
        errors.push_back(c.error.empty() ? sweepStandardError(c, metric) : std::nan(""));
    }
    const auto best = bestSweepCell(sweep_.cells, metric);
    const std::vector<bool> equivalent = sweepEquivalentCells(sweep_.cells, metric);
    heatmap_->setGrid(QString::fromStdString(sweep_.first.name), sweep_.first.values, QString::fromStdString(sweep_.second.name),
                      sweep_.second.values, values, errors, equivalent, sweepMetric_->currentText(), best ? static_cast<int>(*best) : -1,
                      4.0, 1.0);
    if (!best) {
        status_->setText(tr("No cell of the sweep succeeded: there is no best cell. First error: %1")
                             .arg(QString::fromStdString(sweep_.cells.front().error)));
        return;
    }
    const SweepCell& b = sweep_.cells[*best];
    const auto text = [](double v) { return std::isfinite(v) ? QString::number(v, 'f', 3) : tr("n/a"); };
    const auto near = static_cast<int>(std::count(equivalent.begin(), equivalent.end(), true)) - 1;
    status_->setText(tr("Best cell by %1: %2 %3, %4 %5 (validation accuracy %6 ± %7, log predictive %8 ± %9, ± one standard "
                        "error over %10 rows). %11 other cells lie within one SE of it: the validation rows cannot tell them apart.")
                         .arg(sweepMetric_->currentText(), QString::fromStdString(sweep_.first.name), QString::number(b.a),
                              QString::fromStdString(sweep_.second.name), QString::number(b.b), text(b.validationAccuracy),
                              text(b.validationAccuracySe), text(b.validationLogPredictive), text(b.validationLogPredictiveSe))
                         .arg(sweep_.validationRows)
                         .arg(near));
}

ExperimentsPanel::~ExperimentsPanel() {
    stop_.cancel();
    job_.waitForFinished();
}

bool ExperimentsPanel::busy() const { return job_.isRunning(); }

void ExperimentsPanel::showTab(int index) { tabs_->setCurrentIndex(index); }

std::string ExperimentsPanel::selectedPresetName() const { return sizes_->currentData().toStringList().value(0).toStdString(); }

std::vector<Experiment> ExperimentsPanel::selectedPreset() const {
    const QStringList preset = sizes_->currentData().toStringList();
    return experimentPreset(preset.value(0).toStdString(), preset.value(1) == "full", session_.runSpec().prep.groups);
}

void ExperimentsPanel::runSelectedPreset() {
    try {
        runPreset(selectedPreset(), selectedPresetName());
    } catch (const std::invalid_argument& error) {
        status_->setText(QString::fromStdString(error.what()) + tr(": choose them in Data, Column roles."));
    }
}

void ExperimentsPanel::setBusy(bool busy) {
    for (QPushButton* b : {runPreset_, runSweep_, runCompare_}) b->setEnabled(!busy);
    cancel_->setEnabled(busy);
}

void ExperimentsPanel::cancel() {
    stop_.cancel();
}

void ExperimentsPanel::onOutcome(const ExperimentOutcome& o, std::size_t done, std::size_t total) {
    outcomes_.push_back(o);
    progressEta_->setDone(done);
    results_->setTable(presetTable(runningPreset_, running_, outcomes_));
    status_->setText(tr("%1 of %2 runs done; exp %3 seed %4: %5")
                         .arg(done).arg(total).arg(QString::fromStdString(running_[o.experiment].id)).arg(o.seed + 1)
                         .arg(o.ok ? tr("test accuracy %1").arg(o.testAccuracy, 0, 'f', 3) : QString::fromStdString(o.error)));
    if (done == total) emit presetFinished();
}

void ExperimentsPanel::runPreset(const std::vector<Experiment>& experiments, const std::string& preset) {
    if (busy() || !session_.hasData()) return;
    running_ = experiments;
    runningPreset_ = preset;
    outcomes_.clear();
    tabs_->setCurrentIndex(0);
    results_->setTable(presetTable(runningPreset_, running_, outcomes_));
    stop_ = CancellationToken();
    RunnerOptions options;
    options.seeds = seeds_->value();
    options.jobs = jobs_->value();
    options.cancel = stop_;
    options.onOutcome = [this](const ExperimentOutcome& o, std::size_t done, std::size_t total) {
        QMetaObject::invokeMethod(this, [this, o, done, total] { onOutcome(o, done, total); }, Qt::QueuedConnection);
    };
    setBusy(true);
    progressEta_->start(experiments.size() * static_cast<std::size_t>(options.seeds));
    const auto table = session_.table();
    job_.setFuture(runInBackground([table, experiments, options] {
        runExperiments(*table, experiments, options);
    }));
}

void ExperimentsPanel::runSweep() {
    if (busy() || !session_.hasData()) return;
    const std::vector<double> first = parseList(nus_->text()), second = parseList(taus_->text());
    if (first.empty() || second.empty()) {
        status_->setText(tr("Give positive values, separated by commas, on both axes."));
        return;
    }
    RunSpec base = session_.runSpec();
    setModelByName(base.model, sweepModel_->currentData().toString().toStdString());
    base.inference = InferenceKind::Svi;
    base.svi.steps = std::min<std::size_t>(base.svi.steps, 4000);
    base.svi.convergenceTolerance = 1e-4;
    base.guideDraws = 300;
    base.predictiveDraws = 150;
    base.split.trainRows = static_cast<std::size_t>(sweepRows_->value());
    base.split.validationRows = std::max<std::size_t>(200, base.split.trainRows.value() / 5);
    // The first axis is the prior of mu_beta: Normal(0, lambda) or StudentT(nu, 0, s).
    const Hyperparameter mean = traitsOf(base.model).uses(Hyperparameter::Lambda) ? Hyperparameter::Lambda : Hyperparameter::Nu;
    const SweepAxis a{std::string(hyperparameterInfo(mean).option), first};
    const SweepAxis b{std::string(hyperparameterInfo(Hyperparameter::Tau).option), second};
    tabs_->setCurrentIndex(1);
    stop_ = CancellationToken();
    setBusy(true);
    progressEta_->start(first.size() * second.size());
    const auto table = session_.table();
    const auto stop = stop_;
    const int jobs = jobs_->value();
    job_.setFuture(runInBackground([this, table, base, a, b, stop, jobs] {
        SweepResult r = genrelab::runSweep(*table, base, a, b, jobs, stop, [this](std::size_t done, std::size_t) {
            QMetaObject::invokeMethod(this, [this, done] { progressEta_->setDone(done); }, Qt::QueuedConnection);
        });
        QMetaObject::invokeMethod(this, [this, r] {
            sweep_ = r;
            emit sweepFinished();
        }, Qt::QueuedConnection);
    }));
}

void ExperimentsPanel::runComparison() {
    if (busy() || !session_.hasData()) return;
    RunSpec base = session_.runSpec();
    base.split.trainRows = static_cast<std::size_t>(compareRows_->value());
    if (base.inference == InferenceKind::Prior) base.inference = InferenceKind::Svi;
    base.svi.convergenceTolerance = 1e-4;
    stop_ = CancellationToken();
    tabs_->setCurrentIndex(2);
    setBusy(true);
    status_->setText(tr("Fitting the same model by SVI and by NUTS on the same rows…"));
    const auto table = session_.table();
    // SVI steps (at most: it may converge sooner) and NUTS iterations of every chain, counted as they happen.
    const auto observer = std::make_shared<CountingObserver>(stop_);
    progressEta_->start(base.svi.steps + static_cast<std::size_t>(base.nuts.chains) * static_cast<std::size_t>(base.nuts.warmup + base.nuts.samples),
                        [observer] { return observer->count(); });
    job_.setFuture(runInBackground([this, table, base, observer] {
        try {
            const auto c = std::make_shared<ViVsMcmc>(compareViMcmc(*table, base, observer.get()));
            QMetaObject::invokeMethod(this, [this, c] {
                comparison_->setTable(viVsMcmcTable(*c));
                marginals_->setTable(marginalTable(*c));
                // The two fits share one split by construction; the view says on which rows, and would say if not.
                const bool sameRows = c->vi.data.split.train == c->mcmc.data.split.train && c->vi.data.split.test == c->mcmc.data.split.test;
                const QString rows = sameRows
                    ? tr("Both fitted on the same %1 training rows and tested on the same %2 rows. ")
                          .arg(QString::fromStdString(grouped(static_cast<std::int64_t>(c->vi.data.split.train.size()))),
                               QString::fromStdString(grouped(static_cast<std::int64_t>(c->vi.data.split.test.size()))))
                    : tr("WARNING: SVI and NUTS were fitted on different rows (%1 and %2 training rows): the comparison mixes "
                         "the methods with the data. ")
                          .arg(QString::fromStdString(grouped(static_cast<std::int64_t>(c->vi.data.split.train.size()))),
                               QString::fromStdString(grouped(static_cast<std::int64_t>(c->mcmc.data.split.train.size()))));
                status_->setText(rows + tr("Marginal means of SVI sit a median %1 NUTS sds from NUTS's; SVI's sds are a median %2 of NUTS's.")
                                            .arg(c->agreement.medianAbsZ, 0, 'f', 2).arg(c->agreement.medianSdRatio, 0, 'f', 2));
                emit comparisonFinished();
            }, Qt::QueuedConnection);
        } catch (const std::exception& error) {
            const QString message = QString::fromStdString(error.what());
            QMetaObject::invokeMethod(this, [this, message] { status_->setText(message); }, Qt::QueuedConnection);
        }
    }));
}

} // namespace genrelab

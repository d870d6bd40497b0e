#include "SbcTab.h"

#include "BackgroundPool.h"
#include "JobProgress.h"
#include "PlotExport.h"
#include "ResultTableView.h"
#include "SbcQuantityPlots.h"
#include "Session.h"
#include "experiments/SbcFiles.h"
#include "util/AtomicFile.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <qcustomplot.h>

#include <cmath>

namespace genrelab {
namespace {

// Synthetic features when no data is open, or when chosen: independent standard normals.
constexpr Eigen::Index kSyntheticFeatures = 2;
constexpr int kSyntheticClasses = 3;

ResultTable quantityTable(const SbcResult& result) {
    ResultTable table;
    table.title = "Simulation-based calibration";
    table.columns = {"quantity", "rank p-value", "ECDF"};
    for (std::size_t q = 0; q < result.uniformity.size(); ++q) {
        const double p = result.uniformity[q].pValue;
        table.addRow({result.names[q], std::isnan(p) ? Cell(std::string("n/a")) : Cell(p),
                      std::string(result.uniformity[q].outsideBand ? "outside the band" : "inside")});
    }
    return table;
}

QString fileSafe(const std::string& name) {
    QString out = QString::fromStdString(name);
    for (QChar& c : out)
        if (!c.isLetterOrNumber() && c != '_') c = '_';
    return out;
}

} // namespace

SbcTab::SbcTab(Session& session, QWidget* parent) : QWidget(parent), session_(session) {
    model_ = new QComboBox(this);
    for (std::string_view name : modelNames()) model_->addItem(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())));
    model_->setCurrentText("flat");
    inference_ = new QComboBox(this);
    inference_->addItem("NUTS", "nuts");
    inference_->addItem("SVI (mean-field)", "svi");
    inference_->addItem("Pathfinder", "pathfinder");
    features_ = new QComboBox(this);
    features_->addItem(tr("synthetic: %1 normal features, %2 classes").arg(kSyntheticFeatures).arg(kSyntheticClasses), false);
    features_->addItem(tr("the open data's first training rows"), true);
    simulations_ = new QSpinBox(this);
    simulations_->setRange(10, 100000);
    simulations_->setValue(100);
    rows_ = new QSpinBox(this);
    rows_->setRange(2, 1000000);
    rows_->setValue(50);
    draws_ = new QSpinBox(this);
    draws_->setRange(9, 10000);
    draws_->setValue(SbcOptions().thinnedDraws);
    draws_->setToolTip(tr("Posterior draws kept per simulation (L): ranks run 0..L"));
    seed_ = new QSpinBox(this);
    seed_->setRange(0, 1000000);
    seed_->setValue(1);
    run_ = new QPushButton(tr("Run SBC"), this);
    cancel_ = new QPushButton(tr("Cancel"), this);
    export_ = new QPushButton(tr("Export…"), this);
    progress_ = new QProgressBar(this);
    progressEta_ = new JobProgress(progress_, this);
    status_ = new QLabel(tr("Draws parameters from the prior, simulates labels, fits, and checks that the true values' ranks "
                            "among the posterior draws are uniform. A calibrated inference keeps every quantity inside its band."),
                         this);
    status_->setWordWrap(true);
    quantities_ = new ResultTableView(this);
    plots_ = new SbcQuantityPlots(this);

    auto* form = new QFormLayout;
    form->addRow(tr("Model"), model_);
    form->addRow(tr("Inference"), inference_);
    form->addRow(tr("Features"), features_);
    form->addRow(tr("Simulations"), simulations_);
    form->addRow(tr("Rows"), rows_);
    form->addRow(tr("Kept draws"), draws_);
    form->addRow(tr("Seed"), seed_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(run_);
    buttons->addWidget(cancel_);
    buttons->addWidget(export_);
    form->addRow(buttons);
    form->addRow(progress_);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(form);
    leftLayout->addWidget(quantities_, 1);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(plots_);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(status_);

    connect(run_, &QPushButton::clicked, this, &SbcTab::run);
    connect(cancel_, &QPushButton::clicked, this, &SbcTab::cancel);
    connect(export_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export SBC into folder"));
        if (dir.isEmpty()) return;
        const QString error = exportTo(dir);
        status_->setText(error.isEmpty() ? tr("Wrote the ranks, plot data, verdict and plots into %1").arg(dir) : error);
    });
    connect(quantities_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showQuantity(current.row()); });
    connect(&job_, &QFutureWatcher<void>::finished, this, [this] {
        progressEta_->stop();
        setBusy(false);
    });
    setBusy(false);
}

SbcTab::~SbcTab() {
    stop_.cancel();
    job_.waitForFinished();
}

void SbcTab::setBusy(bool busy) {
    run_->setEnabled(!busy);
    cancel_->setEnabled(busy);
    export_->setEnabled(!busy && result_ != nullptr);
}

void SbcTab::cancel() { stop_.cancel(); }

SbcOptions SbcTab::options() const {
    SbcOptions options;
    setModelByName(options.model, model_->currentText().toStdString());
    options.inference = inferenceFromName(inference_->currentData().toString().toStdString());
    options.simulations = static_cast<std::size_t>(simulations_->value());
    options.thinnedDraws = draws_->value();
    options.seed = static_cast<std::uint64_t>(seed_->value());
    return options;
}

void SbcTab::run() {
    if (busy()) return;
    const SbcOptions chosen = options();
    const bool realRows = features_->currentData().toBool();
    if (realRows && !session_.hasData()) {
        status_->setText(tr("Open a data file first, or choose synthetic features."));
        return;
    }
    const auto table = realRows ? session_.table() : nullptr;
    const RunSpec spec = session_.runSpec();
    const auto rows = static_cast<Eigen::Index>(rows_->value());
    stop_ = CancellationToken();
    const auto stop = stop_;
    setBusy(true);
    progressEta_->start(chosen.simulations);
    status_->setText(tr("Running %1 simulations…").arg(chosen.simulations));
    job_.setFuture(runInBackground([this, chosen, table, spec, rows, stop] {
        try {
            const SbcFeatures features = table ? sbcFeaturesFromData(prepareData(*table, spec.prep, spec.split), rows)
                                               : syntheticSbcFeatures(rows, kSyntheticFeatures, kSyntheticClasses, chosen.seed);
            auto result = std::make_shared<const SbcResult>(runSbc(features, chosen, [this](std::size_t done, std::size_t) {
                QMetaObject::invokeMethod(this, [this, done] { progressEta_->setDone(done); }, Qt::QueuedConnection);
            }, stop));
            QMetaObject::invokeMethod(this, [this, result, chosen] { showResult(result, chosen); }, Qt::QueuedConnection);
        } catch (const std::exception& error) {
            const QString message = QString::fromStdString(error.what());
            QMetaObject::invokeMethod(this, [this, message] { status_->setText(message); emit finished(); }, Qt::QueuedConnection);
        }
    }));
}

void SbcTab::showResult(std::shared_ptr<const SbcResult> result, const SbcOptions& options) {
    result_ = std::move(result);
    resultOptions_ = options;
    quantities_->setTable(quantityTable(*result_));
    quantities_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    // The worst quantity first on screen: the one a user needs to see.
    int worst = result_->uniformity.empty() ? -1 : 0;
    for (std::size_t q = 0; q < result_->uniformity.size(); ++q) {
        const auto& u = result_->uniformity[q];
        const auto& w = result_->uniformity[static_cast<std::size_t>(worst)];
        if ((u.outsideBand && !w.outsideBand) || (u.outsideBand == w.outsideBand && u.pValue < w.pValue)) worst = static_cast<int>(q);
    }
    if (worst >= 0) quantities_->selectRow(worst);
    showQuantity(worst);
    const QString worstP = std::isnan(result_->worstPValue) ? QStringLiteral("n/a") : QString::number(result_->worstPValue, 'g', 3);
    // NUTS only: draws that are too autocorrelated pile ranks at the ends even for an exact sampler.
    const QString sampler = options.inference == InferenceKind::Nuts
                                ? tr("; %1 simulations with bulk ESS below %2, %3 with divergences")
                                      .arg(result_->lowEssSimulations).arg(result_->maxRank).arg(result_->divergentSimulations)
                                : QString();
    status_->setText(tr("%1 of %2 simulations%3: %4 of %5 quantities outside the %6% band, smallest p-value %7%8 (%9 s).")
                         .arg(result_->ranks.rows()).arg(result_->plannedSimulations).arg(result_->stopped ? tr(" (cancelled)") : QString())
                         .arg(result_->quantitiesOutsideBand).arg(result_->names.size()).arg(options.bandLevel * 100.0, 0, 'g', 3)
                         .arg(worstP, sampler).arg(result_->seconds, 0, 'f', 1));
    setBusy(busy());
    emit finished();
}

void SbcTab::showQuantity(int index) {
    if (result_) plots_->setQuantity(*result_, index);
}

QString SbcTab::exportTo(const QString& dir) const {
    if (!result_) return tr("Nothing to export: run SBC first.");
    const QDir folder(dir);
    try {
        writeFilesAtomically({{folder.filePath("sbc_ranks.csv").toStdString(), sbcRanksCsv(*result_)},
                              {folder.filePath("sbc_histogram.csv").toStdString(), sbcHistogramCsv(*result_)},
                              {folder.filePath("sbc_ecdf.csv").toStdString(), sbcEcdfCsv(*result_)},
                              {folder.filePath("sbc.json").toStdString(), sbcJson(*result_, resultOptions_)}});
    } catch (const std::exception& error) {
        return QString::fromStdString(error.what());
    }
    // One PNG per plot and quantity, drawn off screen by a plot widget of its own.
    SbcQuantityPlots offscreen;
    offscreen.resize(1000, 400);
    for (std::size_t q = 0; q < result_->names.size(); ++q) {
        offscreen.setQuantity(*result_, static_cast<int>(q));
        const QString stem = fileSafe(result_->names[q]);
        for (const auto& [plot, kind] : {std::pair{offscreen.histogram(), "rank_histogram"}, std::pair{offscreen.ecdfDifference(), "ecdf_difference"}}) {
            const QString error = savePlot(plot, folder.filePath(QString("sbc_%1_%2.png").arg(kind, stem)), 500, 400);
            if (!error.isEmpty()) return error;
        }
    }
    return QString();
}

} // namespace genrelab

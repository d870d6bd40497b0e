#include "PredictPanel.h"

#include "BackgroundPool.h"
#include "IntervalBarChart.h"
#include "JobProgress.h"
#include "ResultTableView.h"
#include "Session.h"
#include "data/CsvWriter.h"
#include "data/Table.h"
#include "export/PredictionTable.h"
#include "run/NewRows.h"
#include "run/TypicalTrack.h"
#include "util/Format.h"
#include "util/Stats.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <utility>

namespace genrelab {

PredictPanel::PredictPanel(Session& session, QWidget* parent) : QWidget(parent), session_(session) {
    auto* formBox = new QWidget(this);
    form_ = new QFormLayout(formBox);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(formBox);
    scroll->setWidgetResizable(true);
    scroll->setMinimumWidth(320);
    predict_ = new QPushButton(tr("Predict this track"), this);
    open_ = new QPushButton(tr("Predict an unlabeled CSV…"), this);
    save_ = new QPushButton(tr("Save predictions…"), this);
    summary_ = new QLabel(tr("Train a model first; then enter a track's features or open a CSV."), this);
    summary_->setWordWrap(true);
    progress_ = new QProgressBar(this);
    progress_->setObjectName("predictProgress");
    progressEta_ = new JobProgress(progress_, this);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setToolTip(tr("Stop predicting the file; the predictions shown before stay"));
    progress_->hide();
    cancel_->hide();
    chart_ = new IntervalBarChart(tr("Predictive distribution over genres (90% interval across draws)"), tr("probability"), "prediction", this);
    predictions_ = new ResultTableView(this);

    auto* left = new QVBoxLayout;
    left->addWidget(scroll, 1);
    left->addWidget(predict_);
    left->addWidget(open_);
    left->addWidget(save_);
    auto* right = new QSplitter(Qt::Vertical, this);
    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(summary_);
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(progress_, 1);
    progressRow->addWidget(cancel_);
    topLayout->addLayout(progressRow);
    topLayout->addWidget(chart_, 1);
    right->addWidget(top);
    right->addWidget(predictions_);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left);
    layout->addWidget(right, 1);

    connect(predict_, &QPushButton::clicked, this, &PredictPanel::predictManual);
    connect(cancel_, &QPushButton::clicked, this, &PredictPanel::cancelPrediction);
    connect(open_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open tracks to predict"), {}, tr("CSV files (*.csv);;All files (*)"));
        if (path.isEmpty()) return;
        const QString error = predictFile(path);
        if (!error.isEmpty() && error != kCancelledMessage) QMessageBox::warning(this, tr("Predict"), error);
    });
    connect(save_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save predictions"), "predictions.csv");
        if (path.isEmpty()) return;
        const QString error = predictions_->saveAs(path);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Save predictions"), error);
    });
    connect(&session_, &Session::resultChanged, this, &PredictPanel::onResult);
    connect(&typicalJob_, &QFutureWatcherBase::finished, this, &PredictPanel::showTypicalTrack);
    onResult();
}

QString PredictPanel::summary() const { return summary_->text(); }

void PredictPanel::cancelPrediction() {
    if (!predicting_) return;
    predictionCancel_.cancel();
    cancel_->setEnabled(false);
    summary_->setText(tr("Cancelling…"));
}

void PredictPanel::onResult() {
    while (form_->rowCount() > 0) form_->removeRow(0);
    inputs_.clear();
    artist_ = title_ = nullptr;  // removeRow deleted them
    const auto r = session_.result();
    const bool ready = r && r->model && session_.table();
    predict_->setEnabled(ready && !predicting_);
    open_->setEnabled(ready && !predicting_);
    save_->setEnabled(ready && !predicting_);
    // A prediction belongs to the run that made it: a new run starts from the empty chart.
    chart_->setEmptyMessage(ready ? tr("Press \"Predict this track\": each genre's probability for the track on the left shows here")
                                  : tr("Train a model first: then each genre's probability for a track shows here"));
    chart_->setBars({}, {}, {}, {});
    predictions_->setEmptyMessage(ready ? tr("Predict an unlabeled CSV: a row per track (its most probable genre, that probability's "
                                             "90% interval, the entropy) fills this table")
                                        : tr("Train a model first: then a file's tracks, predicted, fill this table"));
    typicalFor_ = nullptr;  // a job for the run before fills no form
    if (!ready) return;
    // A run with group terms reads a track's artists and title too (unseen artists: averaged over the artist prior).
    const RunSpec& spec = session_.resultSpec();
    if (spec.model.terms.artistEffects && spec.prep.groups.artistColumn) {
        artist_ = new QLineEdit(this);
        artist_->setPlaceholderText(tr("an artist seen in training gets its offsets"));
        form_->addRow(QString::fromStdString(*spec.prep.groups.artistColumn), artist_);
    }
    if (spec.model.terms.titleTokens && spec.prep.groups.titleColumn) {
        title_ = new QLineEdit(this);
        title_->setPlaceholderText(tr("its words and 3-grams known from training titles"));
        form_->addRow(QString::fromStdString(*spec.prep.groups.titleColumn), title_);
    }
    // A real median track of the open file, read as the model reads it (unit flags, repairs), on
    // the background pool: copying and reading every row of the file took 6-14 ms of the GUI
    // thread at each published run. The feature rows follow when it is done (showTypicalTrack).
    summary_->setText(tr("Reading the open file's median track…"));
    typicalFor_ = r;
    typicalJob_.setFuture(runInBackground([r, table = session_.table()] { return typicalTrack(*r, *table); }));
}

void PredictPanel::waitForForm() {
    if (!typicalFor_) return;
    typicalJob_.waitForFinished();
    showTypicalTrack();
}

void PredictPanel::showTypicalTrack() {
    if (!typicalFor_ || !typicalJob_.isFinished() || typicalJob_.future().resultCount() == 0) return;
    const auto r = std::exchange(typicalFor_, nullptr);
    if (r != session_.result()) return;  // a newer run's job replaced this one
    const std::vector<TypicalInput> typical = typicalJob_.result();
    for (std::size_t k = 0; k < typical.size(); ++k) {
        const TypicalInput& t = typical[k];
        FeatureInput input;
        input.column = QString::fromStdString(t.column);
        input.label = t.unit.empty() ? input.column : tr("%1 (%2)").arg(input.column, QString::fromStdString(t.unit));
        // A column without a present value starts where training filled its missing cells.
        const double start = std::isfinite(t.typical.value) ? t.typical.value : r->data.transform.fillValue.at(k);
        QWidget* widget = nullptr;
        switch (t.typical.kind) {
        case TypicalKind::Flag:
            input.flag = new QCheckBox(this);
            widget = input.flag;
            break;
        case TypicalKind::Code:
            input.code = new QSpinBox(this);
            input.code->setRange(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
            widget = input.code;
            break;
        case TypicalKind::Median:
            input.number = new QDoubleSpinBox(this);
            input.number->setRange(-1e12, 1e12);
            input.number->setDecimals(5);
            widget = input.number;
            break;
        }
        input.setValue(start);
        form_->addRow(input.label, widget);
        inputs_.push_back(std::move(input));
    }
    summary_->setText(tr("Enter a track's features and press Predict. The form starts from a median track of the open file: "
                         "medians of measurements, the most frequent value of codes and flags, in the units the model reads."));
}

double PredictPanel::FeatureInput::value() const {
    if (flag) return flag->isChecked() ? 1.0 : 0.0;
    if (code) return code->value();
    return number->value();
}

void PredictPanel::FeatureInput::setValue(double value) {
    if (flag) flag->setChecked(value != 0);
    else if (code) code->setValue(static_cast<int>(std::clamp(std::round(value), -2147483648.0, 2147483647.0)));
    else number->setValue(value);
}

void PredictPanel::setInput(const QString& feature, double value) {
    waitForForm();
    for (auto& input : inputs_)
        if (input.column == feature) input.setValue(value);
}

double PredictPanel::inputValue(const QString& feature) const {
    for (const auto& input : inputs_)
        if (input.column == feature) return input.value();
    return std::numeric_limits<double>::quiet_NaN();
}

QWidget* PredictPanel::inputWidget(const QString& feature) const {
    for (const auto& input : inputs_)
        if (input.column == feature) return input.flag ? static_cast<QWidget*>(input.flag) : input.code ? static_cast<QWidget*>(input.code) : input.number;
    return nullptr;
}

QString PredictPanel::inputLabel(const QString& feature) const {
    for (const auto& input : inputs_)
        if (input.column == feature) return input.label;
    return {};
}

namespace {

struct FilePredictions {
    ResultTable table;
    std::size_t drawsUsed = 0;
    std::string error;  // empty, or what went wrong reading or predicting the file
    std::string groups;  // how the rows' artists and titles were used, in words (empty without group terms)
    bool cancelled = false;
};

// "412 tracks with every artist seen in training, 30 with some, 58 averaged over the artist prior
// (unseen or no artist); 480 with known title tokens", or why a term has no say.
std::string groupSummary(const RunSpec& spec, const NewRowGroups& g, std::size_t rows) {
    std::string out;
    if (g.artistTerm) {
        if (!g.artistColumn) {
            out = "the file has no column '" + spec.prep.groups.artistColumn.value_or("") + "': every track's artist effect is averaged over the artist prior";
        } else {
            std::size_t seen = 0, some = 0;
            for (std::size_t i = 0; i < rows; ++i) {
                seen += g.artistsSeen[i] > 0 && g.artistsSeen[i] == g.artistsNamed[i];
                some += g.artistsSeen[i] > 0 && g.artistsSeen[i] < g.artistsNamed[i];
            }
            out = std::to_string(seen) + " with every artist seen in training, " + std::to_string(some) + " with some, " +
                  std::to_string(rows - seen - some) + " averaged over the artist prior (artists unseen or none named)";
        }
    }
    if (g.titleTerm) {
        if (!out.empty()) out += "; ";
        if (!g.titleColumn) {
            out += "the file has no column '" + spec.prep.groups.titleColumn.value_or("") + "': no title tokens";
        } else {
            std::size_t known = 0;
            for (std::size_t i = 0; i < rows; ++i) known += g.tokensKnown[i] > 0;
            out += std::to_string(known) + " with title tokens known from training";
        }
    }
    return out;
}

// Steps of a file's prediction, written by the pool thread and read by the GUI's timers.
struct PredictionSteps {
    std::atomic<std::size_t> done{0}, total{0};
};

// Every row of a CSV file predicted (PredictionTable), or the error reading or predicting it;
// `cancelled` when the token stopped it.
FilePredictions predictRows(const RunResult& r, const RunSpec& spec, const std::string& path, const std::vector<std::string>& names,
                            const std::shared_ptr<PredictionSteps>& steps, const CancellationToken& cancel) {
    FilePredictions out;
    try {
        TableOptions reading;  // group columns stay text, as in training
        for (const auto& column : {spec.prep.groups.artistColumn, spec.prep.groups.titleColumn})
            if (column) reading.textColumns.push_back(*column);
        const Table table = readTable(path, reading);
        PredictionTableOptions options;
        options.maxProbabilityColumns = PredictPanel::kMaxProbabilityColumns;
        options.topClasses = PredictPanel::kTopClasses;
        if (cancel.cancelled()) throw PredictionCancelled();  // while the file was read
        PredictionProgress progress;
        progress.cancel = cancel;
        progress.report = [steps](std::size_t done, std::size_t total) {
            steps->total.store(total);
            steps->done.store(done);
        };
        PredictionTable predicted = predictionTable(r, spec, table, names, options, progress);
        out.groups = groupSummary(spec, predicted.groups, table.rows());
        out.table = std::move(predicted.table);
        out.drawsUsed = predicted.drawsUsed;
    } catch (const PredictionCancelled&) {
        out.cancelled = true;
    } catch (const std::exception& error) {
        out.error = error.what();
    }
    return out;
}
} // namespace

std::vector<Eigen::MatrixXd> PredictPanel::drawProbabilities(const Table& table, std::size_t maxDraws) const {
    const auto r = session_.result();
    const Design x = designOfRows(*r, session_.resultSpec(), table).design;
    const PooledDraws pooled = r->posterior.pooled();
    std::vector<Eigen::MatrixXd> out;
    for (const Eigen::Index draw : evenlySpacedDraws(pooled.rows(), maxDraws))
        out.push_back(r->model->classProbabilities(pooled.row(draw).transpose(), x));
    return out;
}

void PredictPanel::predictManual() {
    const auto r = session_.result();
    if (!r || !r->model) return;
    waitForForm();  // a click before the median track is read waits for it
    std::string csv, values;
    for (const auto& input : inputs_) {
        csv += (csv.empty() ? "" : ",") + csvField(input.column.toStdString());
        values += (values.empty() ? "" : ",") + shortestDouble(input.value());
    }
    // The artist and title as text cells, quoted as CSV needs.
    const RunSpec& spec = session_.resultSpec();
    TableOptions reading;
    for (const auto& [column, edit] : {std::pair{spec.prep.groups.artistColumn, artist_}, std::pair{spec.prep.groups.titleColumn, title_}})
        if (column && edit) {
            csv += (csv.empty() ? "" : ",") + csvField(*column);
            values += (values.empty() ? "" : ",") + csvField(edit->text().toStdString());
            reading.textColumns.push_back(*column);
        }
    try {
        const Table one = parseTable(csv + "\n" + values + "\n", "manual entry", reading);
        const NewRowGroups use = designOfRows(*r, spec, one).groups;
        const auto draws = drawProbabilities(one, 200);
        const auto& names = session_.classNames();
        const int classes = static_cast<int>(draws.front().cols());
        std::vector<double> mean(static_cast<std::size_t>(classes)), lo(mean.size()), hi(mean.size());
        for (int c = 0; c < classes; ++c) {
            std::vector<double> v;
            for (const auto& d : draws) v.push_back(d(0, c));
            mean[static_cast<std::size_t>(c)] = stats::mean(v);
            lo[static_cast<std::size_t>(c)] = stats::quantile(v, 0.05);
            hi[static_cast<std::size_t>(c)] = stats::quantile(v, 0.95);
        }
        const auto best = static_cast<std::size_t>(std::max_element(mean.begin(), mean.end()) - mean.begin());
        QString more;
        if (classes > kMaxChartClasses) {
            // The most probable classes, most probable first: 200 bars near zero say nothing.
            std::vector<std::size_t> order(mean.size());
            for (std::size_t c = 0; c < order.size(); ++c) order[c] = c;
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return mean[a] > mean[b]; });
            order.resize(kMaxChartClasses);
            std::vector<std::string> topNames;
            std::vector<double> topMean, topLo, topHi;
            double shown = 0;
            for (const std::size_t c : order) {
                topNames.push_back(c < names.size() ? names[c] : std::to_string(c));
                topMean.push_back(mean[c]);
                topLo.push_back(lo[c]);
                topHi.push_back(hi[c]);
                shown += mean[c];
            }
            chart_->setBars(topNames, topMean, topLo, topHi);
            more = tr(" The chart shows the %1 most probable of %2 classes; the other %3 share %4%.")
                       .arg(kMaxChartClasses).arg(classes).arg(classes - kMaxChartClasses).arg(100 * std::max(0.0, 1.0 - shown), 0, 'f', 1);
        } else {
            chart_->setBars(names, mean, lo, hi);
        }
        QString groups;
        if (use.artistTerm) groups += tr(" Artist: %1.").arg(QString::fromStdString(artistUse(use, 0)));
        if (use.titleTerm) groups += tr(" Title tokens known from training: %1.").arg(use.tokensKnown.front());
        const double entropy = entropyNats(Eigen::Map<const Eigen::RowVectorXd>(mean.data(), static_cast<Eigen::Index>(mean.size())));
        summary_->setText(tr("Most likely: %1 (%2%, 90% interval %3–%4%). Predictive entropy %5 nats.")
                              .arg(best < names.size() ? QString::fromStdString(names[best]) : QString::number(best))
                              .arg(100 * mean[best], 0, 'f', 1).arg(100 * lo[best], 0, 'f', 1).arg(100 * hi[best], 0, 'f', 1)
                              .arg(QString::fromStdString(fixed(entropy, 3))) + groups + more);
    } catch (const std::exception& error) {
        summary_->setText(QString::fromStdString(error.what()));
    }
}

QString PredictPanel::predictFile(const QString& path) {
    const auto r = session_.result();
    if (!r || !r->model) return tr("Train a model first.");
    if (predicting_) return tr("A file is being predicted; wait for it or cancel it first.");
    waitForForm();  // the form's late arrival would overwrite what this says about the file
    // Reading and predicting a large file takes seconds: a pool thread does it while this loop
    // keeps the window responsive (the buttons wait; Cancel and the progress bar work).
    predicting_ = true;
    for (QPushButton* b : {predict_, open_, save_}) b->setEnabled(false);
    summary_->setText(tr("Predicting the tracks in %1…").arg(path));
    predictionCancel_ = CancellationToken();
    const auto steps = std::make_shared<PredictionSteps>();
    progressEta_->start(0);  // a busy bar while the file is read: the reader reports no fraction
    progress_->show();
    cancel_->show();
    cancel_->setEnabled(true);
    // Once the rows are read the steps are known: the bar counts them, with the time left.
    QTimer watch;
    watch.setInterval(100);
    bool counting = false;
    connect(&watch, &QTimer::timeout, this, [&] {
        const std::size_t total = steps->total.load();
        if (total == 0) return;
        if (!counting) progressEta_->start(total, [steps] { return steps->done.load(); });
        else progressEta_->setDone(steps->done.load());
        counting = true;
    });
    watch.start();
    QFutureWatcher<FilePredictions> watcher;
    QEventLoop loop;
    connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(runInBackground([r, spec = session_.resultSpec(), file = path.toStdString(), names = session_.classNames(), steps,
                                       cancel = predictionCancel_] { return predictRows(*r, spec, file, names, steps, cancel); }));
    if (!watcher.isFinished()) loop.exec();
    watch.stop();
    progressEta_->stop();
    progress_->hide();
    cancel_->hide();
    predicting_ = false;
    const bool ready = session_.result() && session_.result()->model && session_.table();
    for (QPushButton* b : {predict_, open_, save_}) b->setEnabled(ready);
    FilePredictions out = watcher.result();
    if (out.cancelled) {
        summary_->setText(tr("Predicting %1 was cancelled; the predictions shown before stay.").arg(QFileInfo(path).fileName()));
        return kCancelledMessage;
    }
    if (!out.error.empty()) {
        summary_->setText(tr("Could not predict %1.").arg(path));
        return QString::fromStdString(out.error);
    }
    const auto rows = out.table.rows.size();
    predictions_->setTable(std::move(out.table));
    // Long titles would push the predictions out of sight: a text column is at most this wide
    // (the whole text stays in the saved file; a wider column by dragging its edge).
    for (int c = 0; c < predictions_->model()->columnCount(); ++c)
        predictions_->setColumnWidth(c, std::min(predictions_->columnWidth(c), kMaxColumnWidth));
    QString groups;
    if (!out.groups.empty()) groups = tr(" Of these tracks: %1.").arg(QString::fromStdString(out.groups));
    summary_->setText(tr("Predicted %1 tracks from %2 (probabilities averaged over %3 posterior draws, the top genre's 90% interval over the same draws, "
                         "entropy of the averaged probabilities in nats).").arg(QString::fromStdString(grouped(static_cast<std::int64_t>(rows)))).arg(QFileInfo(path).fileName()).arg(out.drawsUsed) +
                      groups);
    return {};
}

} // namespace genrelab

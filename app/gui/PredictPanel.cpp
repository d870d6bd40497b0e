#include "PredictPanel.h"

#include "BackgroundPool.h"
#include "IntervalBarChart.h"
#include "ResultTableView.h"
#include "Session.h"
#include "data/CsvWriter.h"
#include "data/Table.h"
#include "run/NewRows.h"
#include "util/Format.h"
#include "util/Stats.h"

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
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

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
    topLayout->addWidget(chart_, 1);
    right->addWidget(top);
    right->addWidget(predictions_);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left);
    layout->addWidget(right, 1);

    connect(predict_, &QPushButton::clicked, this, &PredictPanel::predictManual);
    connect(open_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open tracks to predict"), {}, tr("CSV files (*.csv);;All files (*)"));
        if (path.isEmpty()) return;
        const QString error = predictFile(path);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Predict"), error);
    });
    connect(save_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save predictions"), "predictions.csv");
        if (path.isEmpty()) return;
        const QString error = predictions_->saveAs(path);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Save predictions"), error);
    });
    connect(&session_, &Session::resultChanged, this, &PredictPanel::onResult);
    onResult();
}

QString PredictPanel::summary() const { return summary_->text(); }

void PredictPanel::onResult() {
    while (form_->rowCount() > 0) form_->removeRow(0);
    inputs_.clear();
    artist_ = title_ = nullptr;  // removeRow deleted them
    const auto r = session_.result();
    const bool ready = r && r->model && session_.table();
    predict_->setEnabled(ready);
    open_->setEnabled(ready);
    save_->setEnabled(ready);
    if (!ready) return;
    const Table& table = *session_.table();
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
    for (const auto& name : r->data.transform.inputColumns) {
        auto* box = new QDoubleSpinBox(this);
        box->setRange(-1e12, 1e12);
        box->setDecimals(5);
        double mean = 0;
        std::size_t n = 0;
        if (auto index = table.indexOf(name)) {
            const Column& c = table.column(*index);
            for (std::size_t i = 0; i < c.numbers.size(); ++i)
                if (!c.missing[i]) { mean += c.numbers[i]; ++n; }
        }
        box->setValue(n ? mean / static_cast<double>(n) : 0.0);
        form_->addRow(QString::fromStdString(name), box);
        inputs_.emplace_back(QString::fromStdString(name), box);
    }
    summary_->setText(tr("Enter a track's features (defaults: the column means) and press Predict."));
}

void PredictPanel::setInput(const QString& feature, double value) {
    for (auto& [name, box] : inputs_)
        if (name == feature) box->setValue(value);
}

namespace {
// Row-and-class evaluations per file prediction: up to 200 draws of the 2,000-row sample, fewer
// draws (at least 10) for bigger files and many classes, so the GUI thread is busy for seconds,
// not minutes.
constexpr double kPredictionBudget = 2e8;

std::vector<Eigen::Index> evenlySpacedDraws(Eigen::Index total, std::size_t maxDraws) {
    const auto used = static_cast<Eigen::Index>(std::min<std::size_t>(maxDraws, static_cast<std::size_t>(total)));
    std::vector<Eigen::Index> rows;
    for (Eigen::Index k = 0; k < used; ++k) rows.push_back(k * total / used);
    return rows;
}

// rows x classes: the mean class probabilities over evenly spaced draws, accumulated draw by draw
// (every draw's matrix for 100,000 rows and 200 classes would not fit in memory).
Eigen::MatrixXd meanProbabilities(const RunResult& r, const Design& x, std::size_t* drawsUsed) {
    const PooledDraws pooled = r.posterior.pooled();
    const double perDraw = std::max(1.0, static_cast<double>(x.rows()) * static_cast<double>(r.data.classLabels.size()));
    const auto maxDraws = static_cast<std::size_t>(std::clamp(kPredictionBudget / perDraw, 10.0, 200.0));
    const std::vector<Eigen::Index> draws = evenlySpacedDraws(pooled.rows(), maxDraws);
    Eigen::MatrixXd mean;
    for (const Eigen::Index draw : draws) {
        const Eigen::MatrixXd p = r.model->classProbabilities(pooled.row(draw).transpose(), x);
        if (mean.size() == 0) mean = p;
        else mean += p;
    }
    if (!draws.empty()) mean /= static_cast<double>(draws.size());
    *drawsUsed = draws.size();
    return mean;
}

struct FilePredictions {
    ResultTable table;
    std::size_t drawsUsed = 0;
    std::string error;  // empty, or what went wrong reading or predicting the file
    std::string groups;  // how the rows' artists and titles were used, in words (empty without group terms)
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

// The predictions table for every row of a CSV file: line, most probable genre and its
// probability, then a column per class, or the next most probable classes when there are many.
FilePredictions predictRows(const RunResult& r, const RunSpec& spec, const std::string& path, const std::vector<std::string>& names) {
    FilePredictions out;
    try {
        TableOptions reading;  // group columns stay text, as in training
        for (const auto& column : {spec.prep.groups.artistColumn, spec.prep.groups.titleColumn})
            if (column) reading.textColumns.push_back(*column);
        const Table table = readTable(path, reading);
        const NewRows newRows = newRowsDesign(r, spec, table);
        out.groups = groupSummary(spec, newRows.groups, table.rows());
        const Eigen::MatrixXd mean = meanProbabilities(r, newRows.design, &out.drawsUsed);
        const auto nameOf = [&names](Eigen::Index c) { return static_cast<std::size_t>(c) < names.size() ? names[static_cast<std::size_t>(c)] : std::to_string(c); };
        const Eigen::Index classes = mean.cols();
        constexpr int top = PredictPanel::kTopClasses;
        const bool perClassColumns = classes <= PredictPanel::kMaxProbabilityColumns;
        ResultTable& t = out.table;
        t.title = "Predictions";
        t.columns = {"line", "predicted genre", "probability"};
        if (perClassColumns)
            for (Eigen::Index c = 0; c < classes; ++c) t.columns.push_back("p(" + nameOf(c) + ")");
        else
            for (int k = 2; k <= top; ++k) {
                t.columns.push_back("genre " + std::to_string(k));
                t.columns.push_back("probability " + std::to_string(k));
            }
        // What each row's artists and title added: offsets of seen artists, the artist prior's average, or the population.
        const bool artistColumn = newRows.groups.artistTerm, tokenColumn = newRows.groups.titleTerm;
        if (artistColumn) t.columns.push_back("artists");
        if (tokenColumn) t.columns.push_back("title tokens known");
        std::vector<Eigen::Index> order(static_cast<std::size_t>(classes));
        for (Eigen::Index i = 0; i < mean.rows(); ++i) {
            std::vector<Cell> row{static_cast<std::int64_t>(table.lineOfRow(static_cast<std::size_t>(i)))};
            if (perClassColumns) {
                Eigen::Index best;
                mean.row(i).maxCoeff(&best);
                row.emplace_back(nameOf(best));
                row.emplace_back(mean(i, best));
                for (Eigen::Index c = 0; c < classes; ++c) row.emplace_back(mean(i, c));
            } else {
                for (Eigen::Index c = 0; c < classes; ++c) order[static_cast<std::size_t>(c)] = c;
                std::partial_sort(order.begin(), order.begin() + top, order.end(),
                                  [&](Eigen::Index a, Eigen::Index b) { return mean(i, a) > mean(i, b) || (mean(i, a) == mean(i, b) && a < b); });
                for (int k = 0; k < top; ++k) {
                    row.emplace_back(nameOf(order[static_cast<std::size_t>(k)]));
                    row.emplace_back(mean(i, order[static_cast<std::size_t>(k)]));
                }
            }
            if (artistColumn) row.emplace_back(artistUse(newRows.groups, static_cast<std::size_t>(i)));
            if (tokenColumn) row.emplace_back(static_cast<std::int64_t>(newRows.groups.tokensKnown[static_cast<std::size_t>(i)]));
            t.addRow(std::move(row));
        }
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
    std::string csv, values;
    for (const auto& [name, box] : inputs_) {
        csv += (csv.empty() ? "" : ",") + csvField(name.toStdString());
        values += (values.empty() ? "" : ",") + shortestDouble(box->value());
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
        summary_->setText(tr("Most likely: %1 (%2%, 90% interval %3–%4%).")
                              .arg(best < names.size() ? QString::fromStdString(names[best]) : QString::number(best))
                              .arg(100 * mean[best], 0, 'f', 1).arg(100 * lo[best], 0, 'f', 1).arg(100 * hi[best], 0, 'f', 1) + groups + more);
    } catch (const std::exception& error) {
        summary_->setText(QString::fromStdString(error.what()));
    }
}

QString PredictPanel::predictFile(const QString& path) {
    const auto r = session_.result();
    if (!r || !r->model) return tr("Train a model first.");
    // Reading and predicting a large file takes seconds: a pool thread does it while this loop
    // keeps the window responsive (the buttons wait).
    for (QPushButton* b : {predict_, open_, save_}) b->setEnabled(false);
    summary_->setText(tr("Predicting the tracks in %1…").arg(path));
    QFutureWatcher<FilePredictions> watcher;
    QEventLoop loop;
    connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(runInBackground([r, spec = session_.resultSpec(), file = path.toStdString(), names = session_.classNames()] {
        return predictRows(*r, spec, file, names);
    }));
    if (!watcher.isFinished()) loop.exec();
    const bool ready = session_.result() && session_.result()->model && session_.table();
    for (QPushButton* b : {predict_, open_, save_}) b->setEnabled(ready);
    FilePredictions out = watcher.result();
    if (!out.error.empty()) {
        summary_->setText(tr("Could not predict %1.").arg(path));
        return QString::fromStdString(out.error);
    }
    const auto rows = out.table.rows.size();
    predictions_->setTable(std::move(out.table));
    QString groups;
    if (!out.groups.empty()) groups = tr(" Of these tracks: %1.").arg(QString::fromStdString(out.groups));
    summary_->setText(tr("Predicted %1 tracks from %2 (probabilities averaged over %3 posterior draws).").arg(rows).arg(QFileInfo(path).fileName()).arg(out.drawsUsed) +
                      groups);
    return {};
}

} // namespace genrelab

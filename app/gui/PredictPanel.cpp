#include "PredictPanel.h"

#include "IntervalBarChart.h"
#include "ResultTableView.h"
#include "Session.h"
#include "data/CsvWriter.h"
#include "data/Table.h"
#include "data/UnitMix.h"
#include "util/Format.h"
#include "util/Stats.h"

#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

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
    const auto r = session_.result();
    const bool ready = r && r->model && session_.table();
    predict_->setEnabled(ready);
    open_->setEnabled(ready);
    save_->setEnabled(ready);
    if (!ready) return;
    const Table& table = *session_.table();
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

std::vector<Eigen::MatrixXd> PredictPanel::drawProbabilities(const Table& table) const {
    const auto r = session_.result();
    std::vector<std::size_t> rows(table.rows());
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    const Eigen::MatrixXd x = r->data.transform.apply(table, rows);
    const PooledDraws pooled = r->posterior.pooled();
    const auto total = static_cast<std::size_t>(pooled.rows());
    const std::size_t used = std::min<std::size_t>(200, total);
    std::vector<Eigen::MatrixXd> out;
    for (std::size_t k = 0; k < used; ++k)
        out.push_back(r->model->classProbabilities(pooled.row(static_cast<Eigen::Index>(k * total / used)).transpose(), x));
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
    try {
        const Table one = parseTable(csv + "\n" + values + "\n", "manual entry");
        const auto draws = drawProbabilities(one);
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
        chart_->setBars(names, mean, lo, hi);
        const auto best = static_cast<std::size_t>(std::max_element(mean.begin(), mean.end()) - mean.begin());
        summary_->setText(tr("Most likely: %1 (%2%, 90% interval %3–%4%).")
                              .arg(best < names.size() ? QString::fromStdString(names[best]) : QString::number(best))
                              .arg(100 * mean[best], 0, 'f', 1).arg(100 * lo[best], 0, 'f', 1).arg(100 * hi[best], 0, 'f', 1));
    } catch (const std::exception& error) {
        summary_->setText(QString::fromStdString(error.what()));
    }
}

QString PredictPanel::predictFile(const QString& path) {
    const auto r = session_.result();
    if (!r || !r->model) return tr("Train a model first.");
    try {
        TableOptions options;
        Table table = readTable(path.toStdString(), options);
        addUnitFlagColumns(table, r->data.unitFlags);  // artifact flags read before the repairs, as in training
        for (const auto& repair : r->data.unitRepairs)
            if (table.indexOf(repair.column)) applyUnitRepair(table, repair);
        const auto draws = drawProbabilities(table);
        const auto& names = session_.classNames();
        ResultTable t;
        t.title = "Predictions";
        t.columns = {"line", "predicted genre", "probability"};
        for (const auto& n : names) t.columns.push_back("p(" + n + ")");
        const Eigen::Index rows = draws.front().rows(), classes = draws.front().cols();
        for (Eigen::Index i = 0; i < rows; ++i) {
            Eigen::VectorXd mean = Eigen::VectorXd::Zero(classes);
            for (const auto& d : draws) mean += d.row(i).transpose();
            mean /= static_cast<double>(draws.size());
            Eigen::Index best;
            mean.maxCoeff(&best);
            std::vector<Cell> row{static_cast<std::int64_t>(table.lineOfRow(static_cast<std::size_t>(i))),
                                  static_cast<std::size_t>(best) < names.size() ? names[static_cast<std::size_t>(best)] : std::to_string(best),
                                  mean[best]};
            for (Eigen::Index c = 0; c < classes; ++c) row.emplace_back(mean[c]);
            t.addRow(std::move(row));
        }
        predictions_->setTable(std::move(t));
        summary_->setText(tr("Predicted %1 tracks from %2.").arg(rows).arg(path));
        return {};
    } catch (const std::exception& error) {
        return QString::fromStdString(error.what());
    }
}

} // namespace genrelab

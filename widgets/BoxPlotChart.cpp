#include "BoxPlotChart.h"

#include "BackgroundPool.h"
#include "ClassAxisTicker.h"
#include "ComboRefill.h"
#include "Palette.h"
#include "PlotExport.h"
#include "data/ExploreStats.h"

#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <qcustomplot.h>

namespace genrelab {

BoxPlotChart::BoxPlotChart(QWidget* parent) : QWidget(parent), feature_(new QComboBox(this)), plot_(new QCustomPlot(this)) {
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Box plots of"), this));
    controls->addWidget(feature_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(plot_, 1);
    installPlotExportMenu(plot_, "boxplot");
    connect(feature_, &QComboBox::currentTextChanged, this, [this] { refresh(); });
}

void BoxPlotChart::setTable(std::shared_ptr<const Table> table, std::vector<std::string> classNames) {
    table_ = std::move(table);
    classNames_ = std::move(classNames);
    refillKeepingChoice(feature_, featureNames(*table_));
    refresh();
}

void BoxPlotChart::setFeature(const QString& name) { feature_->setCurrentText(name); }

namespace {
// Above this many rows the quantiles (a sort per class) are computed on a pool thread.
constexpr std::size_t kRowsOnTheGuiThread = 100000;

// Each class's box statistics of one feature, in class order; the values of every class are
// gathered in one pass over the rows (not one pass per class: 200 classes).
std::vector<BoxStats> classBoxStats(const Table& table, std::size_t column) {
    std::vector<std::vector<double>> values(table.classLabels().size());
    const Column& feature = table.column(column);
    if (feature.kind != ColumnKind::Text)
        for (std::size_t r = 0; r < feature.numbers.size(); ++r)
            if (const int c = table.classOfRow()[r]; c >= 0 && !feature.missing[r]) values[static_cast<std::size_t>(c)].push_back(feature.numbers[r]);
    std::vector<BoxStats> stats;
    stats.reserve(values.size());
    for (auto& classValues : values) stats.push_back(boxStats(std::move(classValues)));
    return stats;
}
} // namespace

void BoxPlotChart::refresh() {
    const int request = ++request_;
    if (!table_ || !table_->hasTarget()) {
        draw({});
        return;
    }
    const auto column = table_->indexOf(feature_->currentText().toStdString());
    if (!column) {
        drawnRequest_ = request;
        return;
    }
    if (table_->rows() <= kRowsOnTheGuiThread) {
        draw(classBoxStats(*table_, *column));
        return;
    }
    // The boxes of before stay until the new ones are ready; only the newest request is drawn.
    auto* watcher = new QFutureWatcher<std::vector<BoxStats>>(this);
    connect(watcher, &QFutureWatcher<std::vector<BoxStats>>::finished, this, [this, watcher, request] {
        watcher->deleteLater();
        if (request == request_) draw(watcher->result());
    });
    watcher->setFuture(runInBackground([table = table_, column = *column] { return classBoxStats(*table, column); }));
}

bool BoxPlotChart::busy() const { return drawnRequest_ != request_; }

void BoxPlotChart::draw(const std::vector<BoxStats>& stats) {
    drawnRequest_ = request_;
    plot_->clearPlottables();
    boxes_ = 0;
    if (!table_ || !table_->hasTarget()) {
        plot_->replot();
        return;
    }
    QStringList names;
    for (int c = 0; c < static_cast<int>(table_->classLabels().size()); ++c)
        names << (static_cast<std::size_t>(c) < classNames_.size() ? QString::fromStdString(classNames_[static_cast<std::size_t>(c)]) : QString::number(c));
    for (int c = 0; c < static_cast<int>(stats.size()); ++c) {
        const BoxStats& s = stats[static_cast<std::size_t>(c)];
        if (s.count == 0) continue;
        auto* box = new QCPStatisticalBox(plot_->xAxis, plot_->yAxis);
        box->addData(c, s.lowerWhisker, s.q1, s.median, s.q3, s.upperWhisker, QVector<double>(s.outliers.begin(), s.outliers.end()));
        QColor fill = classColour(c);
        fill.setAlpha(120);
        box->setBrush(fill);
        box->setOutlierStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, classColour(c), 2.5));
        ++boxes_;
    }
    plot_->xAxis->setTicker(QSharedPointer<ClassAxisTicker>(new ClassAxisTicker(plot_->xAxis, names)));
    plot_->xAxis->setTickLabelRotation(40);
    plot_->yAxis->setLabel(feature_->currentText());
    plot_->rescaleAxes();
    plot_->xAxis->setRange(-0.7, static_cast<double>(table_->classLabels().size()) - 0.3);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

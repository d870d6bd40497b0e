#include "CorrelationHeatmap.h"

#include "BackgroundPool.h"
#include "PlotExport.h"
#include "data/ExploreStats.h"

#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <qcustomplot.h>

#include <cmath>

namespace genrelab {

CorrelationHeatmap::CorrelationHeatmap(QWidget* parent)
    : QWidget(parent), method_(new QComboBox(this)), readout_(new QLabel(this)), plot_(new QCustomPlot(this)),
      map_(new QCPColorMap(plot_->xAxis, plot_->yAxis)) {
    method_->addItems({tr("Pearson"), tr("Spearman")});
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Correlation"), this));
    controls->addWidget(method_);
    controls->addWidget(readout_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(plot_, 1);

    auto* scale = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale);
    map_->setColorScale(scale);
    map_->setInterpolate(false);
    // ColorBrewer's RdBu ends around white (as matplotlib's RdBu_r / "coolwarm"-like maps).
    QCPColorGradient gradient;
    gradient.clearColorStops();
    gradient.setColorStopAt(0.0, QColor(0x21, 0x66, 0xac));
    gradient.setColorStopAt(0.25, QColor(0x92, 0xc5, 0xde));
    gradient.setColorStopAt(0.5, QColor(0xff, 0xff, 0xff));
    gradient.setColorStopAt(0.75, QColor(0xf4, 0xa5, 0x82));
    gradient.setColorStopAt(1.0, QColor(0xb2, 0x18, 0x2b));
    gradient.setColorInterpolation(QCPColorGradient::ciRGB);
    gradient.setLevelCount(201);  // steps of 0.01 in r, with an exact white level at 0
    gradient.setNanHandling(QCPColorGradient::nhNanColor);
    gradient.setNanColor(QColor(0xbd, 0xbd, 0xbd));
    map_->setGradient(gradient);
    map_->setDataRange(QCPRange(-1, 1));
    scale->setDataRange(QCPRange(-1, 1));
    auto* margins = new QCPMarginGroup(plot_);
    plot_->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    plot_->yAxis->setRangeReversed(true);
    installPlotExportMenu(plot_, "correlation");
    connect(method_, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        readout_->setText(hoverText(plot_->xAxis->pixelToCoord(event->pos().x()), plot_->yAxis->pixelToCoord(event->pos().y())));
    });
}

void CorrelationHeatmap::setTable(std::shared_ptr<const Table> table) {
    table_ = std::move(table);
    refresh();
}

void CorrelationHeatmap::setSpearman(bool spearman) { method_->setCurrentIndex(spearman ? 1 : 0); }

QColor CorrelationHeatmap::colourOf(double correlation) const {
    return QColor::fromRgba(map_->gradient().color(correlation, map_->dataRange()));
}

QString CorrelationHeatmap::hoverText(double x, double y) const {
    const auto i = static_cast<Eigen::Index>(std::lround(x)), j = static_cast<Eigen::Index>(std::lround(y));
    if (i < 0 || j < 0 || i >= matrix_.rows() || j >= matrix_.cols()) return {};
    const QString value = std::isnan(matrix_(i, j)) ? tr("n/a") : QLocale::c().toString(matrix_(i, j), 'f', 3);
    return QString("%1 × %2: %3").arg(names_[static_cast<std::size_t>(i)], names_[static_cast<std::size_t>(j)], value);
}

void CorrelationHeatmap::refresh() {
    if (!table_) return;
    const auto columns = table_->featureColumns();
    const bool spearman = method_->currentIndex() == 1;
    const int request = ++request_;
    // Spearman ranks every pair's rows again (pairwise-complete): about 20 times Pearson's work.
    const double pairs = static_cast<double>(columns.size()) * static_cast<double>(columns.size() + 1) / 2.0;
    const double work = static_cast<double>(table_->rows()) * pairs * (spearman ? 20.0 : 1.0);
    if (work < kWorkOnTheGuiThread) {
        shownRequest_ = request;
        showMatrix(columns, correlationMatrix(*table_, columns, spearman));
        return;
    }
    // A million rows take seconds (Spearman: tens of seconds): a pool thread computes them, the
    // previous matrix stays on screen meanwhile, and only the newest request is shown.
    readout_->setText(tr("Computing the %1 correlations of %2 rows…").arg(spearman ? tr("Spearman") : tr("Pearson"))
                          .arg(QLocale::c().toString(static_cast<qlonglong>(table_->rows()))));
    auto* watcher = new QFutureWatcher<Eigen::MatrixXd>(this);
    connect(watcher, &QFutureWatcher<Eigen::MatrixXd>::finished, this, [this, watcher, request, columns] {
        watcher->deleteLater();
        if (request != request_) return;
        shownRequest_ = request;
        readout_->clear();
        showMatrix(columns, watcher->result());
    });
    watcher->setFuture(runInBackground([table = table_, columns, spearman] { return correlationMatrix(*table, columns, spearman); }));
}

bool CorrelationHeatmap::busy() const { return shownRequest_ != request_; }

void CorrelationHeatmap::showMatrix(const std::vector<std::size_t>& columns, Eigen::MatrixXd matrix) {
    matrix_ = std::move(matrix);
    names_.clear();
    QSharedPointer<QCPAxisTickerText> xTicks(new QCPAxisTickerText), yTicks(new QCPAxisTickerText);
    for (std::size_t k = 0; k < columns.size(); ++k) {
        names_.push_back(QString::fromStdString(table_->column(columns[k]).name));
        xTicks->addTick(static_cast<double>(k), names_.back());
        yTicks->addTick(static_cast<double>(k), names_.back());
    }
    const int n = static_cast<int>(columns.size());
    map_->data()->setSize(n, n);
    map_->data()->setRange(QCPRange(0, n - 1), QCPRange(0, n - 1));
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) map_->data()->setCell(i, j, matrix_(i, j));
    plot_->xAxis->setTicker(xTicks);
    plot_->yAxis->setTicker(yTicks);
    plot_->xAxis->setTickLabelRotation(60);
    plot_->xAxis->setRange(-0.5, n - 0.5);
    plot_->yAxis->setRange(-0.5, n - 0.5);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

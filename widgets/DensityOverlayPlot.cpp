#include "DensityOverlayPlot.h"

#include "PlotExport.h"
#include "PlotTitle.h"
#include "data/ExploreStats.h"
#include "util/Stats.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>

namespace genrelab {

DensityOverlayPlot::DensityOverlayPlot(const QString& title, const QString& exportName, QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    addPlotTitle(plot_, title);
    plot_->legend->setVisible(true);
    plot_->legend->setFont(QFont(font().family(), 7));
    plot_->yAxis->setLabel(tr("density"));
    installPlotExportMenu(plot_, exportName);
}

void DensityOverlayPlot::clear() {
    plot_->clearGraphs();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

int DensityOverlayPlot::seriesCount() const { return plot_->graphCount(); }

void DensityOverlayPlot::setXLabel(const QString& label) { plot_->xAxis->setLabel(label); }

void DensityOverlayPlot::addSamples(const QString& name, const std::vector<double>& samples, const QColor& colour) {
    if (samples.empty()) return;
    std::vector<double> sorted = samples;
    std::sort(sorted.begin(), sorted.end());
    const double lo = sorted.front(), hi = sorted.back();
    const double pad = hi > lo ? 0.05 * (hi - lo) : 0.01;
    const int bins = std::clamp(static_cast<int>(samples.size()) / 15, 8, 60);
    const Histogram h = histogram(samples, bins, lo - pad, hi + pad);
    QVector<double> x, y;
    const double scale = 1.0 / (static_cast<double>(samples.size()) * h.binWidth());
    for (std::size_t b = 0; b < h.counts.size(); ++b) {
        x << h.lo + (static_cast<double>(b) + 0.5) * h.binWidth();
        y << h.counts[b] * scale;
    }
    const double mean = stats::mean(samples);
    const double q5 = stats::quantileOfSorted(sorted, 0.05);
    const double q95 = stats::quantileOfSorted(sorted, 0.95);
    auto* g = plot_->addGraph();
    g->setData(x, y, true);
    g->setLineStyle(QCPGraph::lsStepCenter);
    g->setPen(QPen(colour, 2));
    QColor fill = colour;
    fill.setAlpha(45);
    g->setBrush(fill);
    g->setName(QString("%1: %2 [%3, %4]").arg(name).arg(mean, 0, 'f', 3).arg(q5, 0, 'f', 3).arg(q95, 0, 'f', 3));
    plot_->rescaleAxes();
    plot_->yAxis->setRangeLower(0);
    plot_->yAxis->setRangeUpper(plot_->yAxis->range().upper * 1.15);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

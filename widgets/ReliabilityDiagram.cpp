#include "ReliabilityDiagram.h"

#include "PlotExport.h"
#include "PlotTitle.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace genrelab {

ReliabilityDiagram::ReliabilityDiagram(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    addPlotTitle(plot_, tr("Reliability diagram (%1 equal-width bins of the top-class probability)").arg(kCalibrationBins));
    plot_->xAxis->setLabel(tr("mean confidence in the bin (top-class probability)"));
    plot_->yAxis->setLabel(tr("accuracy in the bin"));
    plot_->yAxis2->setLabel(tr("share of rows in the bin (bars)"));
    plot_->yAxis2->setVisible(true);
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis, plot_->yAxis2}) axis->setRange(0, 1);
    plot_->legend->setVisible(true);
    plot_->legend->setFont(QFont(font().family(), 7));
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    shares_ = new QCPBars(plot_->xAxis, plot_->yAxis2);
    shares_->setWidth(1.0 / kCalibrationBins);
    shares_->setPen(Qt::NoPen);
    shares_->setBrush(QColor(0, 0, 0, 28));
    shares_->removeFromLegend();
    installPlotExportMenu(plot_, "reliability");
    clear();
}

void ReliabilityDiagram::clear() {
    plot_->clearGraphs();
    shares_->data()->clear();
    auto* diagonal = plot_->addGraph();
    diagonal->setData({0.0, 1.0}, {0.0, 1.0}, true);
    diagonal->setPen(QPen(Qt::gray, 1, Qt::DashLine));
    diagonal->setName(tr("perfect calibration"));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

int ReliabilityDiagram::splitCount() const { return plot_->graphCount() - 1; }

std::vector<std::pair<double, double>> ReliabilityDiagram::points(int index) const {
    std::vector<std::pair<double, double>> out;
    if (index < 0 || index >= splitCount()) return out;
    for (auto it = plot_->graph(index + 1)->data()->constBegin(); it != plot_->graph(index + 1)->data()->constEnd(); ++it)
        out.emplace_back(it->key, it->value);
    return out;
}

void ReliabilityDiagram::addSplit(const QString& name, const std::vector<ReliabilityBin>& bins, double ece, const QColor& colour) {
    long rows = 0;
    for (const ReliabilityBin& bin : bins) rows += bin.count;
    if (rows == 0) return;  // no rows, no calibration to show
    QVector<double> confidence, accuracy;
    for (const ReliabilityBin& bin : bins)
        if (bin.count > 0) {
            confidence << bin.meanConfidence;
            accuracy << bin.accuracy;
        }
    if (splitCount() == 0)
        for (const ReliabilityBin& bin : bins)
            shares_->addData(0.5 * (bin.lower + bin.upper), static_cast<double>(bin.count) / static_cast<double>(rows));
    auto* g = plot_->addGraph();
    g->setData(confidence, accuracy, true);
    g->setPen(QPen(colour, 2));
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour, colour, 6));
    g->setName(std::isnan(ece) ? tr("%1 (ECE n/a)").arg(name) : tr("%1 (ECE %2)").arg(name).arg(ece, 0, 'f', 3));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

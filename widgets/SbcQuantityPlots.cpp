#include "SbcQuantityPlots.h"

#include "EcdfBandGraphs.h"
#include "Palette.h"
#include "PlotExport.h"
#include "experiments/Sbc.h"

#include <QHBoxLayout>
#include <qcustomplot.h>

namespace genrelab {

SbcQuantityPlots::SbcQuantityPlots(QWidget* parent) : QWidget(parent), histogram_(new QCustomPlot(this)), ecdf_(new QCustomPlot(this)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(histogram_, 1);
    layout->addWidget(ecdf_, 1);
    histogram_->xAxis->setLabel(tr("rank"));
    histogram_->yAxis->setLabel(tr("simulations"));
    ecdf_->xAxis->setLabel(tr("fractional rank"));
    ecdf_->yAxis->setLabel(tr("ECDF − uniform CDF"));
    for (QCustomPlot* plot : {histogram_, ecdf_}) {
        plot->plotLayout()->insertRow(0);
        plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, QString(), QFont(font().family(), 9, QFont::Bold)));
    }
    installPlotExportMenu(histogram_, "sbc_rank_histogram");
    installPlotExportMenu(ecdf_, "sbc_ecdf_difference");
}

void SbcQuantityPlots::setQuantity(const SbcResult& result, int index) {
    histogram_->clearPlottables();
    ecdf_->clearPlottables();
    histogram_->clearItems();
    const bool shown = index >= 0 && static_cast<std::size_t>(index) < result.uniformity.size();
    const QString name = shown ? QString::fromStdString(result.names[static_cast<std::size_t>(index)]) : QString();
    static_cast<QCPTextElement*>(histogram_->plotLayout()->element(0, 0))->setText(shown ? tr("%1: rank histogram").arg(name) : QString());
    static_cast<QCPTextElement*>(ecdf_->plotLayout()->element(0, 0))->setText(shown ? tr("%1: ECDF difference, %2% band").arg(name).arg(result.band.level * 100.0, 0, 'g', 3) : QString());
    if (!shown) {
        histogram_->replot();
        ecdf_->replot();
        return;
    }
    const RankUniformity& u = result.uniformity[static_cast<std::size_t>(index)];
    const QColor colour = u.outsideBand ? QColor(200, 40, 40) : classColour(0);

    // Bars over their rank ranges; the dashed line is the count every bin expects.
    const int bins = static_cast<int>(u.histogram.size());
    if (bins > 0) {
        const double width = static_cast<double>(result.maxRank + 1) / bins;
        auto* bars = new QCPBars(histogram_->xAxis, histogram_->yAxis);
        bars->setWidth(width * 0.9);
        bars->setBrush(colour.lighter(130));
        bars->setPen(colour);
        QVector<double> x, y;
        for (int b = 0; b < bins; ++b) {
            x << (b + 0.5) * width - 0.5;
            y << u.histogram[static_cast<std::size_t>(b)];
        }
        bars->setData(x, y, true);
        const double expected = static_cast<double>(result.ranks.rows()) / bins;
        auto* line = new QCPItemStraightLine(histogram_);
        line->point1->setCoords(0, expected);
        line->point2->setCoords(1, expected);
        line->setPen(QPen(Qt::black, 1, Qt::DashLine));
        histogram_->xAxis->setRange(-0.5, result.maxRank + 0.5);
        histogram_->yAxis->setRange(0, std::max(expected * 2.0, *std::max_element(u.histogram.begin(), u.histogram.end()) * 1.1));
    }
    histogram_->replot();

    addEcdfBand(ecdf_, result.band);
    addEcdfDifference(ecdf_, result.band, u.ecdfCounts, colour);
    ecdf_->xAxis->setRange(0, 1);
    ecdf_->rescaleAxes(true);
    ecdf_->yAxis->scaleRange(1.15, 0);
    ecdf_->replot();
}

} // namespace genrelab

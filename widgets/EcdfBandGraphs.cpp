#include "EcdfBandGraphs.h"

#include <qcustomplot.h>

namespace genrelab {

void addEcdfBand(QCustomPlot* plot, const EcdfBand& band) {
    const double n = band.samples;
    QVector<double> z, lower, upper;
    for (std::size_t i = 0; i < band.z.size(); ++i) {
        z << band.z[i];
        lower << band.lower[i] / n - band.z[i];
        upper << band.upper[i] / n - band.z[i];
    }
    auto* low = plot->addGraph();
    auto* high = plot->addGraph();
    low->setData(z, lower, true);
    high->setData(z, upper, true);
    const QColor bandColour(120, 120, 120);
    for (QCPGraph* g : {low, high}) {
        g->setLineStyle(QCPGraph::lsStepLeft);
        g->setPen(QPen(bandColour));
        g->removeFromLegend();
    }
    high->setBrush(QColor(bandColour.red(), bandColour.green(), bandColour.blue(), 50));
    high->setChannelFillGraph(low);
}

QCPGraph* addEcdfDifference(QCustomPlot* plot, const EcdfBand& band, const std::vector<int>& counts, const QColor& colour) {
    const double n = band.samples;
    QVector<double> z, diff;
    for (std::size_t i = 0; i < band.z.size() && i < counts.size(); ++i) {
        z << band.z[i];
        diff << counts[i] / n - band.z[i];
    }
    auto* line = plot->addGraph();
    line->setData(z, diff, true);
    line->setLineStyle(QCPGraph::lsStepLeft);
    line->setPen(QPen(colour, 2));
    return line;
}

} // namespace genrelab

#include "ChainRankPlots.h"

#include "EcdfBandGraphs.h"
#include "Palette.h"
#include "PlotExport.h"
#include "eval/ChainRanks.h"

#include <QHBoxLayout>
#include <qcustomplot.h>

namespace genrelab {

ChainRankPlots::ChainRankPlots(QWidget* parent) : QWidget(parent), histograms_(new QCustomPlot(this)), ecdf_(new QCustomPlot(this)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(histograms_, 1);
    layout->addWidget(ecdf_, 1);
    histograms_->xAxis->setLabel(tr("fractional rank among all chains' draws"));
    histograms_->yAxis->setLabel(tr("draws per bin"));
    ecdf_->xAxis->setLabel(tr("fractional rank"));
    ecdf_->yAxis->setLabel(tr("ECDF − uniform CDF"));
    for (QCustomPlot* plot : {histograms_, ecdf_}) {
        plot->plotLayout()->insertRow(0);
        plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, QString(), QFont(font().family(), 9, QFont::Bold)));
        plot->legend->setFont(QFont(font().family(), 8));
    }
    installPlotExportMenu(histograms_, "rank_histograms");
    installPlotExportMenu(ecdf_, "rank_ecdf_difference");
}

void ChainRankPlots::setRanks(const QString& parameter, const ChainRanks& ranks, const QString& note) {
    for (QCustomPlot* plot : {histograms_, ecdf_}) {
        plot->clearGraphs();
        plot->clearItems();
    }
    const bool shown = !ranks.histograms.empty();
    static_cast<QCPTextElement*>(histograms_->plotLayout()->element(0, 0))->setText(shown ? tr("%1: rank histogram per chain").arg(parameter) : (note.isEmpty() ? tr("Rank plots need at least 2 finite draws per chain") : note));
    static_cast<QCPTextElement*>(ecdf_->plotLayout()->element(0, 0))->setText(shown ? tr("%1: rank ECDF difference per chain, %2% band").arg(parameter).arg(ranks.band.level * 100.0, 0, 'g', 3) : QString());
    if (shown) {
        // Each chain's histogram as a step outline, so overlaid chains stay readable.
        const int bins = ranks.bins;
        int highest = 0;
        for (std::size_t c = 0; c < ranks.histograms.size(); ++c) {
            QVector<double> x, y;
            for (int b = 0; b < bins; ++b) {
                x << static_cast<double>(b) / bins;
                y << ranks.histograms[c][static_cast<std::size_t>(b)];
                highest = std::max(highest, ranks.histograms[c][static_cast<std::size_t>(b)]);
            }
            x << 1.0;
            y << y.back();
            auto* g = histograms_->addGraph();
            g->setData(x, y, true);
            g->setLineStyle(QCPGraph::lsStepLeft);
            g->setPen(QPen(chainColour(static_cast<int>(c)), 2));
            g->setName(tr("chain %1").arg(c + 1));
            QCPGraph* line = addEcdfDifference(ecdf_, ranks.band, ranks.ecdfCounts[c], chainColour(static_cast<int>(c)));
            line->setName(ranks.outsideBand[c] ? tr("chain %1 (outside)").arg(c + 1) : tr("chain %1").arg(c + 1));
        }
        const double expected = static_cast<double>(ranks.drawsPerChain) / bins;
        auto* level = new QCPItemStraightLine(histograms_);
        level->point1->setCoords(0, expected);
        level->point2->setCoords(1, expected);
        level->setPen(QPen(Qt::black, 1, Qt::DashLine));
        histograms_->xAxis->setRange(0, 1);
        histograms_->yAxis->setRange(0, std::max(expected * 2.0, highest * 1.1));
        addEcdfBand(ecdf_, ranks.band);
        ecdf_->xAxis->setRange(0, 1);
        ecdf_->rescaleAxes(true);
        ecdf_->yAxis->scaleRange(1.15, 0);
    }
    histograms_->legend->setVisible(shown);
    ecdf_->legend->setVisible(shown);
    histograms_->replot();
    ecdf_->replot();
}

} // namespace genrelab

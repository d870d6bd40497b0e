#include "EssEvolutionPlot.h"

#include "Palette.h"
#include "PlotExport.h"
#include "eval/EssEvolution.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace genrelab {

EssEvolutionPlot::EssEvolutionPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->xAxis->setLabel(tr("total draws (all chains)"));
    plot_->yAxis->setLabel(tr("effective sample size"));
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, QString(), QFont(font().family(), 9, QFont::Bold)));
    plot_->legend->setFont(QFont(font().family(), 8));
    installPlotExportMenu(plot_, "ess_evolution");
}

void EssEvolutionPlot::setEvolution(const QString& parameter, const EssEvolution& evolution, int chains) {
    plot_->clearGraphs();
    const bool shown = !evolution.drawsPerChain.empty();
    static_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0))->setText(shown ? tr("%1: ESS against draws").arg(parameter) : tr("ESS evolution needs at least 4 draws per chain"));
    if (shown) {
        const auto line = [&](const std::vector<double>& values, const QString& name, const QColor& colour) {
            QVector<double> x, y;
            for (std::size_t k = 0; k < values.size(); ++k)
                if (std::isfinite(values[k])) {  // an uncomputable ESS is a gap, not a zero
                    x << static_cast<double>(evolution.drawsPerChain[k]) * chains;
                    y << values[k];
                }
            auto* g = plot_->addGraph();
            g->setData(x, y, true);
            g->setPen(QPen(colour, 2));
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 5));
            g->setName(name);
        };
        line(evolution.bulk, tr("bulk ESS"), classColour(0));
        line(evolution.tail, tr("tail ESS"), classColour(1));
        const double last = static_cast<double>(evolution.drawsPerChain.back()) * chains;
        auto* target = plot_->addGraph();
        target->setData(QVector<double>{0.0, last}, QVector<double>{100.0 * chains, 100.0 * chains}, true);
        target->setPen(QPen(Qt::gray, 1, Qt::DashLine));
        target->setName(tr("100 per chain"));
        plot_->rescaleAxes();
        plot_->xAxis->setRangeLower(0);
        plot_->yAxis->setRangeLower(0);
        plot_->yAxis->scaleRange(1.1, plot_->yAxis->range().lower);
    }
    plot_->legend->setVisible(shown);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    plot_->replot();
}

} // namespace genrelab

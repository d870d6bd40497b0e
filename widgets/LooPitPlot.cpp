#include "LooPitPlot.h"

#include "EcdfBandGraphs.h"
#include "Palette.h"
#include "PlotExport.h"
#include "eval/LooPit.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace genrelab {

LooPitPlot::LooPitPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->xAxis->setLabel(tr("LOO-PIT"));
    plot_->yAxis->setLabel(tr("ECDF − uniform CDF"));
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, QString(), QFont(font().family(), 9, QFont::Bold)));
    installPlotExportMenu(plot_, "loo_pit");
}

void LooPitPlot::setPit(const std::vector<double>& pit, const QString& title, const QString& note, const EcdfBand* given) {
    plot_->clearGraphs();
    std::vector<double> finite;
    std::copy_if(pit.begin(), pit.end(), std::back_inserter(finite), [](double v) { return std::isfinite(v); });
    outside_ = false;
    auto* heading = static_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0));
    if (finite.size() < 2) {
        heading->setText(note.isEmpty() ? tr("LOO-PIT needs at least 2 rows with finite PSIS weights") : note);
        plot_->replot();
        return;
    }
    const int n = static_cast<int>(finite.size());
    const EcdfBand band = given && given->samples == n ? *given : simultaneousEcdfBand(n, std::min(n, 100));
    const std::vector<int> counts = ecdfCountsAt(finite, band.z);
    for (std::size_t i = 0; i < counts.size(); ++i) outside_ = outside_ || counts[i] < band.lower[i] || counts[i] > band.upper[i];
    heading->setText(tr("%1 (%2 rows, %3% band%4)").arg(title).arg(n).arg(band.level * 100.0, 0, 'g', 3).arg(outside_ ? tr(", leaves the band") : QString()));
    addEcdfBand(plot_, band);
    addEcdfDifference(plot_, band, counts, outside_ ? QColor(200, 40, 40) : classColour(0));
    plot_->xAxis->setRange(0, 1);
    plot_->rescaleAxes(true);
    plot_->yAxis->scaleRange(1.15, 0);
    plot_->replot();
}

} // namespace genrelab

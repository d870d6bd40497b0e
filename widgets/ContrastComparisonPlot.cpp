#include "ContrastComparisonPlot.h"

#include "Palette.h"
#include "PlotExport.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace genrelab {

ContrastComparisonPlot::ContrastComparisonPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, QString(), QFont(font().family(), 9, QFont::Bold)));
    installPlotExportMenu(plot_, "contrast_comparison");
}

int ContrastComparisonPlot::pointCount() const {
    return plot_->graphCount() > 0 ? plot_->graph(0)->dataCount() : 0;
}

void ContrastComparisonPlot::setComparison(const std::vector<ContrastAgreement>& rows, const QString& nameA, const QString& nameB, const QString& note) {
    plot_->clearPlottables();
    plot_->clearItems();
    auto* heading = static_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0));
    QVector<double> x, y, xErr, yErr;
    double lo = 0.0, hi = 0.0;
    for (const ContrastAgreement& r : rows) {
        if (!std::isfinite(r.meanA) || !std::isfinite(r.meanB)) continue;
        x << r.meanB;
        y << r.meanA;
        xErr << (std::isfinite(r.sdB) ? r.sdB : 0.0);
        yErr << (std::isfinite(r.sdA) ? r.sdA : 0.0);
        lo = std::min({lo, r.meanA - yErr.back(), r.meanB - xErr.back()});
        hi = std::max({hi, r.meanA + yErr.back(), r.meanB + xErr.back()});
    }
    if (x.isEmpty()) {
        heading->setText(note.isEmpty() ? tr("No class contrasts to compare") : note);
        plot_->replot();
        return;
    }
    heading->setText(tr("Class contrasts (alpha, beta minus their class mean): %1 against %2").arg(nameA, nameB));
    plot_->xAxis->setLabel(tr("%1: posterior mean (+- 1 sd)").arg(nameB));
    plot_->yAxis->setLabel(tr("%1: posterior mean (+- 1 sd)").arg(nameA));
    auto* points = plot_->addGraph();
    points->setLineStyle(QCPGraph::lsNone);
    points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, classColour(0), classColour(0), 5));
    points->setData(x, y);
    auto* vertical = new QCPErrorBars(plot_->xAxis, plot_->yAxis);
    vertical->setDataPlottable(points);
    vertical->setErrorType(QCPErrorBars::etValueError);
    vertical->setData(yErr);
    vertical->setPen(QPen(classColour(0).lighter(140)));
    auto* horizontal = new QCPErrorBars(plot_->xAxis, plot_->yAxis);
    horizontal->setDataPlottable(points);
    horizontal->setErrorType(QCPErrorBars::etKeyError);
    horizontal->setData(xErr);
    horizontal->setPen(QPen(classColour(1).lighter(140)));
    auto* diagonal = new QCPItemStraightLine(plot_);
    diagonal->point1->setCoords(0, 0);
    diagonal->point2->setCoords(1, 1);
    diagonal->setPen(QPen(Qt::gray, 1, Qt::DashLine));
    const double margin = 0.05 * std::max(hi - lo, 1e-9);
    plot_->xAxis->setRange(lo - margin, hi + margin);
    plot_->yAxis->setRange(lo - margin, hi + margin);
    plot_->replot();
}

} // namespace genrelab

#include "SamplerStatsPlot.h"

#include "Palette.h"
#include "PlotExport.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

namespace genrelab {
namespace {
QCustomPlot* small(QWidget* parent, const QString& label, const QString& name) {
    auto* plot = new QCustomPlot(parent);
    plot->yAxis->setLabel(label);
    plot->setMinimumHeight(90);
    installPlotExportMenu(plot, name);
    return plot;
}
} // namespace

SamplerStatsPlot::SamplerStatsPlot(QWidget* parent)
    : QWidget(parent), step_(small(this, tr("step size"), "stepsize")), accept_(small(this, tr("acceptance"), "acceptance")),
      depth_(small(this, tr("tree depth"), "treedepth")) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(step_);
    layout->addWidget(accept_);
    layout->addWidget(depth_);
    step_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    step_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
}

void SamplerStatsPlot::reset(int chains) {
    stepGraphs_.clear();
    acceptGraphs_.clear();
    depthGraphs_.clear();
    for (QCustomPlot* p : {step_, accept_, depth_}) p->clearGraphs();
    for (int c = 0; c < chains; ++c) {
        const QPen pen(chainColour(c), 1);
        stepGraphs_.push_back(step_->addGraph());
        acceptGraphs_.push_back(accept_->addGraph());
        depthGraphs_.push_back(depth_->addGraph());
        stepGraphs_.back()->setPen(pen);
        acceptGraphs_.back()->setPen(pen);
        depthGraphs_.back()->setPen(pen);
        depthGraphs_.back()->setLineStyle(QCPGraph::lsStepLeft);
    }
    for (QCustomPlot* p : {step_, accept_, depth_}) p->replot(QCustomPlot::rpQueuedReplot);
}

void SamplerStatsPlot::append(const std::vector<Point>& points) {
    for (const Point& p : points) {
        if (p.chain < 0 || static_cast<std::size_t>(p.chain) >= stepGraphs_.size()) continue;
        const auto c = static_cast<std::size_t>(p.chain);
        stepGraphs_[c]->addData(p.iteration, p.stepSize);
        acceptGraphs_[c]->addData(p.iteration, p.acceptStat);
        depthGraphs_[c]->addData(p.iteration, p.treeDepth);
    }
    for (QCustomPlot* plot : {step_, accept_, depth_}) {
        plot->rescaleAxes();
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
    accept_->yAxis->setRange(0, 1.05);
}

} // namespace genrelab

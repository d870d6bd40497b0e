#include "SweepHeatmap.h"

#include "PlotExport.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace genrelab {

SweepHeatmap::SweepHeatmap(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)), map_(new QCPColorMap(plot_->xAxis, plot_->yAxis)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    auto* scale = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale);
    map_->setColorScale(scale);
    map_->setInterpolate(false);
    map_->setGradient(QCPColorGradient(QCPColorGradient::gpJet));
    installPlotExportMenu(plot_, "sweep");
}

void SweepHeatmap::setGrid(const QString& xName, const std::vector<double>& xs, const QString& yName, const std::vector<double>& ys,
                           const std::vector<double>& values, const QString& valueName, int best, double referenceX, double referenceY) {
    plot_->clearItems();
    const int nx = static_cast<int>(xs.size()), ny = static_cast<int>(std::max<std::size_t>(1, ys.size()));
    cells_ = nx * ny;
    map_->data()->setSize(nx, ny);
    map_->data()->setRange(QCPRange(0, nx - 1), QCPRange(0, ny - 1));
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values)
        if (std::isfinite(v)) { lo = std::min(lo, v); hi = std::max(hi, v); }
    QSharedPointer<QCPAxisTickerText> xt(new QCPAxisTickerText), yt(new QCPAxisTickerText);
    for (int i = 0; i < nx; ++i) xt->addTick(i, QString::number(xs[static_cast<std::size_t>(i)]));
    for (int j = 0; j < ny; ++j) yt->addTick(j, ys.empty() ? QString() : QString::number(ys[static_cast<std::size_t>(j)]));
    for (int i = 0; i < nx; ++i)
        for (int j = 0; j < ny; ++j) {
            const double v = values[static_cast<std::size_t>(i * ny + j)];
            map_->data()->setCell(i, j, std::isfinite(v) ? v : lo);
            auto* label = new QCPItemText(plot_);
            label->position->setCoords(i, j);
            label->setText(std::isfinite(v) ? QString::number(v, 'f', 4) : QString("—"));
            label->setColor(Qt::black);
            label->setBrush(QColor(255, 255, 255, 190));
            label->setPadding(QMargins(3, 2, 3, 2));
            QString note;
            if (i * ny + j == best) note += tr("best");
            if (!ys.empty() && xs[static_cast<std::size_t>(i)] == referenceX && ys[static_cast<std::size_t>(j)] == referenceY)
                note += (note.isEmpty() ? "" : ", ") + tr("study");
            if (!note.isEmpty()) {
                auto* box = new QCPItemRect(plot_);
                box->topLeft->setCoords(i - 0.48, j + 0.48);
                box->bottomRight->setCoords(i + 0.48, j - 0.48);
                box->setPen(note.contains(tr("best")) ? QPen(Qt::black, 3) : QPen(Qt::white, 3, Qt::DashLine));
                label->setText(label->text() + "\n" + note);
            }
        }
    if (!(hi > lo)) {  // a flat grid (priors that do not matter) still needs a colour range
        lo -= 0.005;
        hi += 0.005;
    }
    map_->setDataRange(QCPRange(lo, hi));
    map_->colorScale()->setLabel(valueName);
    plot_->xAxis->setTicker(xt);
    plot_->yAxis->setTicker(yt);
    plot_->xAxis->setLabel(xName);
    plot_->yAxis->setLabel(yName);
    plot_->xAxis->setRange(-0.5, nx - 0.5);
    plot_->yAxis->setRange(-0.5, ny - 0.5);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

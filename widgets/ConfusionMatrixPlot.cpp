#include "ConfusionMatrixPlot.h"

#include "PlotExport.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

namespace genrelab {

ConfusionMatrixPlot::ConfusionMatrixPlot(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), map_(new QCPColorMap(plot_->xAxis, plot_->yAxis)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    auto* scale = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale);
    scale->setLabel(tr("share of the true class"));
    map_->setColorScale(scale);
    map_->setInterpolate(false);
    map_->setGradient(QCPColorGradient(QCPColorGradient::gpThermal));
    map_->setDataRange(QCPRange(0, 1));
    auto* margins = new QCPMarginGroup(plot_);
    plot_->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    plot_->yAxis->setRangeReversed(true);
    plot_->xAxis->setLabel(tr("predicted"));
    plot_->yAxis->setLabel(tr("true"));
    installPlotExportMenu(plot_, "confusion");
}

double ConfusionMatrixPlot::cellValue(int t, int p) const { return normalized_(t, p); }

void ConfusionMatrixPlot::setMatrix(const Eigen::MatrixXi& confusion, const std::vector<std::string>& names) {
    const int k = static_cast<int>(confusion.rows());
    normalized_ = confusion.cast<double>();
    for (int i = 0; i < k; ++i) {
        const double total = normalized_.row(i).sum();
        if (total > 0) normalized_.row(i) /= total;
    }
    plot_->clearItems();
    map_->data()->setSize(k, k);
    map_->data()->setRange(QCPRange(0, k - 1), QCPRange(0, k - 1));
    QSharedPointer<QCPAxisTickerText> xTicks(new QCPAxisTickerText), yTicks(new QCPAxisTickerText);
    for (int i = 0; i < k; ++i) {
        const QString name = static_cast<std::size_t>(i) < names.size() ? QString::fromStdString(names[static_cast<std::size_t>(i)]) : QString::number(i);
        xTicks->addTick(i, name);
        yTicks->addTick(i, name);
        for (int j = 0; j < k; ++j) {
            map_->data()->setCell(j, i, normalized_(i, j));  // x = predicted, y = true
            auto* label = new QCPItemText(plot_);
            label->position->setCoords(j, i);
            label->setText(QString::number(confusion(i, j)));
            label->setFont(QFont(font().family(), 7));
            label->setColor(normalized_(i, j) > 0.5 ? Qt::black : Qt::white);
        }
    }
    plot_->xAxis->setTicker(xTicks);
    plot_->yAxis->setTicker(yTicks);
    plot_->xAxis->setTickLabelRotation(45);
    plot_->xAxis->setRange(-0.5, k - 0.5);
    plot_->yAxis->setRange(-0.5, k - 0.5);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

#include "ConfusionMatrixPlot.h"

#include "ClassAxisTicker.h"
#include "MatrixCellLabels.h"
#include "PlotExport.h"

#include <QLabel>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace genrelab {

ConfusionMatrixPlot::ConfusionMatrixPlot(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), map_(new QCPColorMap(plot_->xAxis, plot_->yAxis)),
      labels_(new MatrixCellLabels(plot_)), readout_(new QLabel(this)),
      xTicker_(new ClassAxisTicker(plot_->xAxis)), yTicker_(new ClassAxisTicker(plot_->yAxis)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(readout_);
    layout->addWidget(plot_, 1);
    readout_->setText(tr("Point at a cell to read it."));
    auto* scale = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale);
    scale->setLabel(tr("share of the true class"));
    map_->setColorScale(scale);
    map_->setInterpolate(false);
    map_->setGradient(QCPColorGradient(QCPColorGradient::gpThermal));
    map_->setDataRange(QCPRange(0, 1));
    labels_->setFont(QFont(font().family(), 7));
    auto* margins = new QCPMarginGroup(plot_);
    plot_->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    plot_->yAxis->setRangeReversed(true);
    plot_->xAxis->setLabel(tr("predicted"));
    plot_->yAxis->setLabel(tr("true"));
    plot_->xAxis->setTicker(xTicker_);
    plot_->yAxis->setTicker(yTicker_);
    plot_->xAxis->setTickLabelRotation(45);
    installPlotExportMenu(plot_, "confusion");
    connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        const QString text = hoverText(plot_->xAxis->pixelToCoord(event->pos().x()), plot_->yAxis->pixelToCoord(event->pos().y()));
        if (!text.isEmpty()) readout_->setText(text);
    });
}

double ConfusionMatrixPlot::cellValue(int t, int p) const { return normalized_(t, p); }

QString ConfusionMatrixPlot::hoverText(double x, double y) const {
    const long predicted = std::lround(x), actual = std::lround(y);
    if (predicted < 0 || actual < 0 || predicted >= counts_.cols() || actual >= counts_.rows()) return {};
    const QStringList& names = xTicker_->names();
    return tr("true %1, predicted %2: %3 tracks (%4% of the true class)")
        .arg(names.value(static_cast<int>(actual)), names.value(static_cast<int>(predicted)))
        .arg(counts_(actual, predicted))
        .arg(100.0 * normalized_(actual, predicted), 0, 'f', 1);
}

void ConfusionMatrixPlot::setMatrix(const Eigen::MatrixXi& confusion, const std::vector<std::string>& names) {
    const int k = static_cast<int>(confusion.rows());
    counts_ = confusion;
    normalized_ = confusion.cast<double>();
    for (int i = 0; i < k; ++i) {
        const double total = normalized_.row(i).sum();
        if (total > 0) normalized_.row(i) /= total;
    }
    map_->data()->setSize(k, k);
    map_->data()->setRange(QCPRange(0, k - 1), QCPRange(0, k - 1));
    QStringList labels;
    for (int i = 0; i < k; ++i) {
        labels << (static_cast<std::size_t>(i) < names.size() ? QString::fromStdString(names[static_cast<std::size_t>(i)]) : QString::number(i));
        for (int j = 0; j < k; ++j) map_->data()->setCell(j, i, normalized_(i, j));  // x = predicted, y = true
    }
    labels_->setCells(counts_, normalized_);
    xTicker_->setNames(labels);
    yTicker_->setNames(labels);
    plot_->xAxis->setRange(-0.5, k - 0.5);
    plot_->yAxis->setRange(-0.5, k - 0.5);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

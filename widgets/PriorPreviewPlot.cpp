#include "PriorPreviewPlot.h"

#include "ClassAxisTicker.h"

#include "PlotExport.h"
#include "PlotTitle.h"

#include <QGridLayout>
#include <qcustomplot.h>

namespace genrelab {
namespace {

QCustomPlot* makePlot(QWidget* parent, const QString& title, const QString& name) {
    auto* plot = new QCustomPlot(parent);
    addPlotTitle(plot, title);
    plot->setMinimumSize(260, 180);
    installPlotExportMenu(plot, name);
    return plot;
}

void showCurve(QCustomPlot* plot, const Curve& curve, const QColor& colour) {
    plot->clearGraphs();
    if (curve.x.size() == 0) {
        plot->replot(QCustomPlot::rpQueuedReplot);
        plot->setVisible(false);
        return;
    }
    plot->setVisible(true);
    auto* graph = plot->addGraph();
    graph->setData(QVector<double>(curve.x.data(), curve.x.data() + curve.x.size()),
                   QVector<double>(curve.density.data(), curve.density.data() + curve.density.size()), true);
    graph->setPen(QPen(colour, 2));
    QColor fill = colour;
    fill.setAlpha(50);
    graph->setBrush(fill);
    plot->rescaleAxes();
    plot->yAxis->setRangeLower(0);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace

PriorPreviewPlot::PriorPreviewPlot(QWidget* parent)
    : QWidget(parent), mu_(makePlot(this, tr("prior of mu_beta"), "prior_mu")),
      sigma_(makePlot(this, tr("prior of sigma_beta"), "prior_sigma")),
      coefficient_(makePlot(this, tr("implied prior of one coefficient"), "prior_coefficient")),
      classes_(makePlot(this, tr("prior-predictive share of rows per class"), "prior_classes")) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(mu_, 0, 0);
    grid->addWidget(sigma_, 0, 1);
    grid->addWidget(coefficient_, 1, 0);
    grid->addWidget(classes_, 1, 1);
}

void PriorPreviewPlot::setPreview(const PriorPreview& preview, const std::vector<std::string>& classNames) {
    preview_ = preview;
    showCurve(mu_, preview.mu, QColor(0x4e, 0x79, 0xa7));
    showCurve(sigma_, preview.sigma, QColor(0xe1, 0x57, 0x59));
    showCurve(coefficient_, preview.coefficient, QColor(0x59, 0xa1, 0x4f));

    classes_->clearPlottables();
    const Eigen::Index k = preview.classShareMean.size();
    if (k > 0) {
        auto* bars = new QCPBars(classes_->xAxis, classes_->yAxis);
        bars->setBrush(QColor(0xf2, 0x8e, 0x2b, 180));
        bars->setPen(Qt::NoPen);
        auto* errors = new QCPErrorBars(classes_->xAxis, classes_->yAxis);
        errors->setDataPlottable(bars);
        QVector<double> keys, values, minus, plus;
        QStringList names;
        for (Eigen::Index c = 0; c < k; ++c) {
            keys << static_cast<double>(c);
            values << preview.classShareMean[c];
            minus << preview.classShareMean[c] - preview.classShareQ5[c];
            plus << preview.classShareQ95[c] - preview.classShareMean[c];
            names << (static_cast<std::size_t>(c) < classNames.size() ? QString::fromStdString(classNames[static_cast<std::size_t>(c)])
                                                                       : QString::number(c));
        }
        bars->setData(keys, values);
        errors->setData(minus, plus);
        classes_->xAxis->setTicker(QSharedPointer<ClassAxisTicker>(new ClassAxisTicker(classes_->xAxis, names)));
        classes_->xAxis->setTickLabelRotation(50);
        classes_->xAxis->setTickLabelFont(QFont(font().family(), 7));
        classes_->xAxis->setRange(-0.6, static_cast<double>(k) - 0.4);
        classes_->yAxis->setRange(0, std::min(1.0, (preview.classShareQ95.maxCoeff()) * 1.1 + 0.01));
    }
    classes_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

#include "IntervalBarChart.h"

#include "ClassAxisTicker.h"
#include "PlotExport.h"
#include "PlotMessage.h"
#include "PlotTitle.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>

namespace genrelab {

IntervalBarChart::IntervalBarChart(const QString& title, const QString& valueLabel, const QString& exportName, QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    addPlotTitle(plot_, title);
    plot_->yAxis->setLabel(valueLabel);
    installPlotExportMenu(plot_, exportName);
}

void IntervalBarChart::setEmptyMessage(const QString& text) {
    emptyMessage_ = text;
    if (bars_ == 0) setPlotMessage(plot_, emptyMessage_);
}

void IntervalBarChart::setBars(const std::vector<std::string>& names, const std::vector<double>& values,
                               const std::vector<double>& lower, const std::vector<double>& upper) {
    plot_->clearPlottables();
    bars_ = static_cast<int>(values.size());
    setPlotMessage(plot_, values.empty() ? emptyMessage_ : QString());
    if (values.empty()) {
        plot_->replot();
        return;
    }
    auto* bars = new QCPBars(plot_->xAxis, plot_->yAxis);
    bars->setBrush(QColor(0x4e, 0x79, 0xa7, 190));
    bars->setPen(Qt::NoPen);
    bars->setWidth(0.7);
    auto* errors = new QCPErrorBars(plot_->xAxis, plot_->yAxis);
    errors->setDataPlottable(bars);
    QVector<double> keys, v, minus, plus;
    QStringList labels;
    double top = 0, bottom = 0;  // the axis holds zero and every whisker (values may be negative)
    for (std::size_t i = 0; i < values.size(); ++i) {
        keys << static_cast<double>(i);
        v << values[i];
        minus << std::max(0.0, values[i] - lower[i]);
        plus << std::max(0.0, upper[i] - values[i]);
        top = std::max(top, upper[i]);
        bottom = std::min(bottom, lower[i]);
        labels << (i < names.size() ? QString::fromStdString(names[i]) : QString::number(i));
    }
    bars->setData(keys, v);
    errors->setData(minus, plus);
    plot_->xAxis->setTicker(QSharedPointer<ClassAxisTicker>(new ClassAxisTicker(plot_->xAxis, labels)));
    plot_->xAxis->setTickLabelRotation(45);
    plot_->xAxis->setRange(-0.6, static_cast<double>(values.size()) - 0.4);
    plot_->yAxis->setRange(bottom * 1.1, top * 1.1 + 1e-9);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

#include "ClassBalanceChart.h"

#include "PlotTitle.h"
#include "util/Format.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

namespace genrelab {

ClassBalanceChart::ClassBalanceChart(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    addPlotTitle(plot_, tr("Rows per class"), 10);
    plot_->xAxis->setLabel(tr("rows"));
    setMinimumHeight(220);
}

void ClassBalanceChart::setClasses(const std::vector<std::string>& names, const std::vector<std::size_t>& counts) {
    plot_->clearPlottables();
    plot_->clearItems();
    bars_ = static_cast<int>(counts.size());
    if (counts.empty()) {
        plot_->replot();
        return;
    }
    // Bars run top to bottom in class order: the first class at the top.
    auto* bars = new QCPBars(plot_->yAxis, plot_->xAxis);
    bars->setBrush(QColor(0x2e, 0x86, 0xc1));
    bars->setPen(Qt::NoPen);
    bars->setWidth(0.7);
    QVector<double> keys, values;
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    double maxCount = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const double key = static_cast<double>(counts.size() - i);
        keys << key;
        values << static_cast<double>(counts[i]);
        ticker->addTick(key, QString::fromStdString(names[i]));
        maxCount = std::max(maxCount, static_cast<double>(counts[i]));
        auto* label = new QCPItemText(plot_);
        label->position->setAxes(plot_->xAxis, plot_->yAxis);
        label->position->setCoords(static_cast<double>(counts[i]), key);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        label->setText(" " + QString::fromStdString(grouped(static_cast<std::int64_t>(counts[i]))));
        label->setFont(QFont(font().family(), 8));
    }
    bars->setData(keys, values, true);
    plot_->yAxis->setTicker(ticker);
    plot_->yAxis->setRange(0.3, static_cast<double>(counts.size()) + 0.7);
    plot_->xAxis->setRange(0, maxCount * 1.18);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

#include "ClassBalanceChart.h"

#include "ClassAxisTicker.h"
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
    ticker_.reset(new ClassAxisTicker(plot_->yAxis));
    plot_->yAxis->setTicker(ticker_);
    plot_->yAxis->setRangeReversed(true);
    setMinimumHeight(220);
}

void ClassBalanceChart::setClasses(const std::vector<std::string>& names, const std::vector<std::size_t>& counts) {
    plot_->clearPlottables();
    plot_->clearItems();
    bars_ = static_cast<int>(counts.size());
    countLabels_ = 0;
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
    QStringList labels;
    double maxCount = 0;
    // A count beside each bar while the bars are few enough to have room for one; beyond that
    // the bar lengths and the axis carry the counts.
    const bool writeCounts = counts.size() <= static_cast<std::size_t>(kMaxCountLabels);
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const auto key = static_cast<double>(i);
        keys << key;
        values << static_cast<double>(counts[i]);
        labels << (i < names.size() ? QString::fromStdString(names[i]) : QString::number(i));
        maxCount = std::max(maxCount, static_cast<double>(counts[i]));
        if (!writeCounts) continue;
        auto* label = new QCPItemText(plot_);
        label->position->setAxes(plot_->xAxis, plot_->yAxis);
        label->position->setCoords(static_cast<double>(counts[i]), key);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        label->setText(" " + QString::fromStdString(grouped(static_cast<std::int64_t>(counts[i]))));
        label->setFont(QFont(font().family(), 8));
        ++countLabels_;
    }
    bars->setData(keys, values, true);
    ticker_->setNames(labels);
    plot_->yAxis->setRange(-0.7, static_cast<double>(counts.size()) - 0.3);
    plot_->xAxis->setRange(0, maxCount * 1.18);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

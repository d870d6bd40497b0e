#include "ForestPlot.h"

#include "PlotExport.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace genrelab {

ForestPlot::ForestPlot(QWidget* parent) : QWidget(parent), class_(new QComboBox(this)), plot_(new QCustomPlot(this)) {
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Coefficients for"), this));
    controls->addWidget(class_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(plot_, 1);
    plot_->xAxis->setLabel(tr("coefficient (per sd of the feature): mean and 90% interval"));
    installPlotExportMenu(plot_, "forest");
    connect(class_, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
}

void ForestPlot::setCoefficients(const std::vector<ParameterSummary>& betas, const std::vector<std::string>& features,
                                 const std::vector<std::string>& classes) {
    betas_ = betas;
    features_ = features;
    classes_ = classes;
    const QSignalBlocker block(class_);
    const int previous = class_->currentIndex();
    class_->clear();
    for (const auto& c : classes) class_->addItem(QString::fromStdString(c));
    class_->setCurrentIndex(previous >= 0 && previous < class_->count() ? previous : 0);
    refresh();
}

void ForestPlot::setClass(int index) { class_->setCurrentIndex(index); }

void ForestPlot::refresh() {
    plot_->clearPlottables();
    plot_->clearItems();
    rows_ = 0;
    const auto d = features_.size();
    const auto c = static_cast<std::size_t>(class_->currentIndex());
    if (d == 0 || betas_.size() < d * (c + 1)) {
        plot_->replot();
        return;
    }
    auto* points = new QCPGraph(plot_->yAxis, plot_->xAxis);
    points->setLineStyle(QCPGraph::lsNone);
    points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(0x2e, 0x86, 0xc1), 7));
    auto* errors = new QCPErrorBars(plot_->yAxis, plot_->xAxis);
    errors->setErrorType(QCPErrorBars::etValueError);
    errors->setDataPlottable(points);
    QVector<double> keys, values, minus, plus;
    QSharedPointer<QCPAxisTickerText> ticks(new QCPAxisTickerText);
    for (std::size_t j = 0; j < d; ++j) {
        const ParameterSummary& s = betas_[j + c * d];
        const double key = static_cast<double>(d - j);
        keys << key;
        values << s.mean;
        minus << s.mean - s.q5;
        plus << s.q95 - s.mean;
        ticks->addTick(key, QString::fromStdString(features_[j]));
    }
    points->setData(keys, values);
    errors->setData(minus, plus);
    auto* zero = new QCPItemStraightLine(plot_);
    zero->point1->setCoords(0, 0);
    zero->point2->setCoords(0, 1);
    zero->setPen(QPen(Qt::gray, 1, Qt::DashLine));
    plot_->yAxis->setTicker(ticks);
    plot_->yAxis->setRange(0.3, static_cast<double>(d) + 0.7);
    plot_->xAxis->rescale();
    const QCPRange r = plot_->xAxis->range();
    double lo = r.lower, hi = r.upper;
    for (int i = 0; i < keys.size(); ++i) {
        lo = std::min(lo, values[i] - minus[i]);
        hi = std::max(hi, values[i] + plus[i]);
    }
    plot_->xAxis->setRange(std::min(lo, 0.0) - 0.1, std::max(hi, 0.0) + 0.1);
    rows_ = static_cast<int>(d);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

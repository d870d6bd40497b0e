#include "ElboPlot.h"

#include "PlotExport.h"
#include "util/Smoothing.h"

#include <QCheckBox>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace genrelab {

ElboPlot::ElboPlot(QWidget* parent)
    : QWidget(parent), log_(new QCheckBox(tr("show the loss (-ELBO) on a log scale"), this)), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(log_);
    layout->addWidget(plot_, 1);
    raw_ = plot_->addGraph();
    raw_->setPen(QPen(QColor(0x4e, 0x79, 0xa7, 90), 1));
    raw_->setName(tr("ELBO per step"));
    raw_->setAdaptiveSampling(true);
    smooth_ = plot_->addGraph();
    smooth_->setPen(QPen(QColor(0xe1, 0x57, 0x59), 2));
    setSmoothedName();
    // Lines as segments, not one polyline: QPainter strokes a long polyline (the 2-px smoothed
    // curve's joins) at about 2 µs a point, so a 5,000-step run's queued replot took 10-13 ms of
    // the GUI thread while the run streamed; segments take 1.6 ms and look the same here.
    plot_->setPlottingHint(QCP::phFastPolylines, true);
    plot_->legend->setVisible(true);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    plot_->xAxis->setLabel(tr("step"));
    plot_->yAxis->setLabel(tr("ELBO"));
    installPlotExportMenu(plot_, "elbo");
    connect(log_, &QCheckBox::toggled, this, [this] { applyScale(); });
}

void ElboPlot::setPerIterate(bool on) {
    smooth_->setVisible(!on);
    smooth_->removeFromLegend();
    if (!on) smooth_->addToLegend();
    raw_->setName(on ? tr("ELBO of each iterate's Gaussian (path 1)") : tr("ELBO per step"));
    plot_->xAxis->setLabel(on ? tr("L-BFGS iteration") : tr("step"));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ElboPlot::setSmoothedName() {
    smooth_->setName(finished_ ? tr("centred mean of up to %1 steps (fewer before step %2)")
                                     .arg(2 * centredHalfWidth(points()) + 1)
                                     .arg(static_cast<int>(std::ceil(centredHalfWidth(points()) / kReachPerStep)))
                               : tr("trailing mean of %1 steps (lags %2 steps)").arg(kLiveWindow).arg((kLiveWindow - 1) / 2));
}

int ElboPlot::centredHalfWidth(int points) { return std::max(25, points / 200); }

void ElboPlot::clear() {
    raw_->data()->clear();
    smooth_->data()->clear();
    elbo_.clear();
    finished_ = false;
    setSmoothedName();
    nonPositiveLosses_ = 0;
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

int ElboPlot::points() const { return raw_->dataCount(); }

void ElboPlot::setLogScale(bool on) { log_->setChecked(on); }

void ElboPlot::append(const QVector<double>& steps, const QVector<double>& elbo) {
    const bool loss = log_->isChecked();
    const std::size_t from = elbo_.size();
    elbo_.insert(elbo_.end(), elbo.begin(), elbo.end());
    const std::vector<double> means = trailingMovingAverage(elbo_, kLiveWindow, from);
    QVector<double> rawValues, smoothValues;
    for (int i = 0; i < elbo.size(); ++i) {
        if (elbo[i] >= 0) ++nonPositiveLosses_;
        rawValues << (loss ? -elbo[i] : elbo[i]);
        const double mean = means[static_cast<std::size_t>(i)];
        smoothValues << (loss ? -mean : mean);
    }
    raw_->addData(steps, rawValues, true);
    smooth_->addData(steps, smoothValues, true);
    rescale();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ElboPlot::finish() {
    finished_ = true;
    const bool loss = log_->isChecked();
    const std::vector<double> means = centredMovingAverage(elbo_, static_cast<std::size_t>(centredHalfWidth(points())), kReachPerStep);
    QVector<double> keys, values;
    std::size_t i = 0;
    for (auto it = raw_->data()->constBegin(); it != raw_->data()->constEnd() && i < means.size(); ++it, ++i) {
        keys << it->key;
        values << (loss ? -means[i] : means[i]);
    }
    smooth_->setData(keys, values, true);
    setSmoothedName();
    rescale();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ElboPlot::rescale() {
    plot_->xAxis->rescale();
    if (!log_->isChecked()) {
        plot_->yAxis->rescale();
        return;
    }
    // QCustomPlot rescales a log axis within the sign of its current range, which after the switch
    // is the ELBO's negative one: take the positive losses' range explicitly.
    QCPRange range;
    bool haveRange = false;
    for (QCPGraph* g : {raw_, smooth_}) {
        bool found = false;
        const QCPRange r = g->getValueRange(found, QCP::sdPositive);
        if (!found) continue;
        if (haveRange) range.expand(r);
        else range = r;
        haveRange = true;
    }
    plot_->yAxis->setRange(haveRange ? range : QCPRange(1, 10));
    plot_->yAxis->setLabel(nonPositiveLosses_ == 0
                               ? tr("loss (-ELBO)")
                               : tr("loss (-ELBO); %n step(s) with ELBO >= 0 not shown on a log scale", nullptr, nonPositiveLosses_));
}

void ElboPlot::applyScale() {
    const bool loss = log_->isChecked();
    // Flip the stored values between ELBO and loss.
    for (QCPGraph* g : {raw_, smooth_})
        for (auto it = g->data()->begin(); it != g->data()->end(); ++it) it->value = -it->value;
    plot_->yAxis->setScaleType(loss ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    plot_->yAxis->setTicker(loss ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog) : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    if (!loss) plot_->yAxis->setLabel(tr("ELBO"));
    rescale();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

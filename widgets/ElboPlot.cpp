#include "ElboPlot.h"

#include "PlotExport.h"

#include <QCheckBox>
#include <QVBoxLayout>
#include <qcustomplot.h>

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
    smooth_->setName(tr("smoothed"));
    plot_->legend->setVisible(true);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    plot_->xAxis->setLabel(tr("step"));
    plot_->yAxis->setLabel(tr("ELBO"));
    installPlotExportMenu(plot_, "elbo");
    connect(log_, &QCheckBox::toggled, this, [this] { applyScale(); });
}

void ElboPlot::clear() {
    raw_->data()->clear();
    smooth_->data()->clear();
    hasSmoothed_ = false;
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

int ElboPlot::points() const { return raw_->dataCount(); }

void ElboPlot::setLogScale(bool on) { log_->setChecked(on); }

void ElboPlot::append(const QVector<double>& steps, const QVector<double>& elbo) {
    const bool loss = log_->isChecked();
    QVector<double> rawValues, smoothValues;
    for (int i = 0; i < elbo.size(); ++i) {
        smoothed_ = hasSmoothed_ ? 0.98 * smoothed_ + 0.02 * elbo[i] : elbo[i];
        hasSmoothed_ = true;
        rawValues << (loss ? -elbo[i] : elbo[i]);
        smoothValues << (loss ? -smoothed_ : smoothed_);
    }
    raw_->addData(steps, rawValues, true);
    smooth_->addData(steps, smoothValues, true);
    plot_->rescaleAxes();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ElboPlot::applyScale() {
    const bool loss = log_->isChecked();
    // Flip the stored values between ELBO and loss.
    for (QCPGraph* g : {raw_, smooth_})
        for (auto it = g->data()->begin(); it != g->data()->end(); ++it) it->value = -it->value;
    plot_->yAxis->setScaleType(loss ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    plot_->yAxis->setTicker(loss ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog) : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    plot_->yAxis->setLabel(loss ? tr("loss (-ELBO)") : tr("ELBO"));
    plot_->rescaleAxes();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

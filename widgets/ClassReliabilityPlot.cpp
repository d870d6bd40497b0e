#include "ClassReliabilityPlot.h"

#include "Palette.h"
#include "PlotExport.h"
#include "PlotMessage.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace genrelab {

namespace {

std::vector<std::pair<double, double>> pointsOf(const QCPGraph* graph) {
    std::vector<std::pair<double, double>> out;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) out.emplace_back(it->key, it->value);
    return out;
}

QString decimals(double value) { return std::isnan(value) ? QObject::tr("n/a") : QString::number(value, 'f', 4); }

} // namespace

ClassReliabilityPlot::ClassReliabilityPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, QString(), QFont(font().family(), 9, QFont::Bold)));
    plot_->xAxis->setLabel(tr("predicted probability of the class"));
    plot_->yAxis->setLabel(tr("observed frequency of the class"));
    plot_->yAxis2->setLabel(tr("share of rows in the bin (bars)"));
    plot_->yAxis2->setVisible(true);
    plot_->legend->setVisible(true);
    plot_->legend->setFont(QFont(font().family(), 7));
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);

    shares_ = new QCPBars(plot_->xAxis, plot_->yAxis2);
    shares_->setPen(Qt::NoPen);
    shares_->setBrush(QColor(0, 0, 0, 28));
    shares_->removeFromLegend();
    auto* diagonal = plot_->addGraph();
    diagonal->setData({0.0, 1.0}, {0.0, 1.0}, true);
    diagonal->setPen(QPen(Qt::gray, 1, Qt::DashLine));
    diagonal->setName(tr("perfect calibration"));
    const QColor bandColour(120, 120, 120);
    bandLower_ = plot_->addGraph();
    bandUpper_ = plot_->addGraph();
    bandLower_->setPen(QPen(bandColour, 1));
    bandUpper_->setPen(QPen(bandColour, 1));
    bandUpper_->setBrush(QColor(bandColour.red(), bandColour.green(), bandColour.blue(), 50));
    bandUpper_->setChannelFillGraph(bandLower_);
    bandLower_->removeFromLegend();
    corp_ = plot_->addGraph();
    corp_->setPen(QPen(classColour(0), 2));
    corp_->setName(tr("CORP: isotonic fit (PAVA)"));
    bins_ = plot_->addGraph();
    bins_->setLineStyle(QCPGraph::lsNone);
    bins_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, classColour(1), classColour(1), 6));
    bins_->setName(tr("bins: observed, 95% Wilson interval"));
    intervals_ = new QCPErrorBars(plot_->xAxis, plot_->yAxis);
    intervals_->setDataPlottable(bins_);
    intervals_->setErrorType(QCPErrorBars::etValueError);
    intervals_->setPen(QPen(classColour(1), 1));
    intervals_->removeFromLegend();
    installPlotExportMenu(plot_, "class_reliability");
    clear(tr("Choose a class: its predicted probability against how often it is the true class."));
}

void ClassReliabilityPlot::clear(const QString& message) {
    for (QCPGraph* g : {bandLower_, bandUpper_, corp_, bins_}) g->data()->clear();
    intervals_->data()->clear();
    shares_->data()->clear();
    static_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0))->setText(QString());
    setPlotMessage(plot_, message);
    plot_->yAxis2->setVisible(message.isEmpty());  // the message hides x and y; the bars' axis and the legend go with them
    plot_->legend->setVisible(message.isEmpty());
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ClassReliabilityPlot::setReliability(const ClassReliability& r, const QString& className) {
    if (r.rows == 0) {
        clear(tr("No test rows: no reliability to show for %1.").arg(className));
        return;
    }
    clear(QString());
    static_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0))
        ->setText(tr("%1 vs rest, %2 test rows (%3 of the class): Brier %4 = miscalibration %5 − discrimination %6 + uncertainty %7")
                      .arg(className)
                      .arg(r.rows)
                      .arg(r.events)
                      .arg(decimals(r.brier), decimals(r.miscalibration), decimals(r.discrimination), decimals(r.uncertainty)));
    bandUpper_->setName(tr("%1% consistency band (resampled as if calibrated)").arg(r.bandLevel * 100.0, 0, 'g', 3));
    QVector<double> x(r.bandForecasts.begin(), r.bandForecasts.end());
    bandLower_->setData(x, QVector<double>(r.bandLower.begin(), r.bandLower.end()), true);
    bandUpper_->setData(x, QVector<double>(r.bandUpper.begin(), r.bandUpper.end()), true);
    // The fit is a step function: each block flat over its forecasts, joined to the next.
    QVector<double> corpX, corpY;
    for (const IsotonicBlock& block : r.isotonic) {
        corpX << block.forecastFrom << block.forecastTo;
        corpY << block.fitted << block.fitted;
    }
    corp_->setData(corpX, corpY, true);
    QVector<double> binX, binY, below, above;
    double widest = 0.0;
    for (const ClassReliabilityBin& bin : r.bins) {
        shares_->addData(0.5 * (bin.from + bin.to), static_cast<double>(bin.rows) / static_cast<double>(r.rows));
        widest = std::max(widest, bin.to - bin.from);
        if (bin.rows == 0) continue;
        binX << bin.meanForecast;
        binY << bin.observed;
        below << bin.observed - bin.interval.lower;
        above << bin.interval.upper - bin.observed;
    }
    shares_->setWidth(widest);
    bins_->setData(binX, binY, true);
    intervals_->setData(below, above);
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) axis->setRange(0, 1);
    plot_->yAxis2->setRange(0, 1);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

std::vector<std::pair<double, double>> ClassReliabilityPlot::corpLine() const { return pointsOf(corp_); }
std::vector<std::pair<double, double>> ClassReliabilityPlot::binPoints() const { return pointsOf(bins_); }

} // namespace genrelab

#include "SweepHeatmap.h"

#include "PlotExport.h"
#include "PlotMessage.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace genrelab {
namespace {

// A perceptually uniform sequential map (viridis): equal steps in value look like equal steps
// in colour, so no band of the scale suggests a jump the numbers do not have.
QCPColorGradient viridis() {
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, QColor(0x44, 0x01, 0x54));
    g.setColorStopAt(0.25, QColor(0x3b, 0x52, 0x8b));
    g.setColorStopAt(0.5, QColor(0x21, 0x91, 0x8c));
    g.setColorStopAt(0.75, QColor(0x5e, 0xc9, 0x62));
    g.setColorStopAt(1.0, QColor(0xfd, 0xe7, 0x25));
    return g;
}

QString number(double v, int decimals) { return std::isfinite(v) ? QString::number(v, 'f', decimals) : QObject::tr("n/a"); }

} // namespace

SweepHeatmap::SweepHeatmap(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)), map_(new QCPColorMap(plot_->xAxis, plot_->yAxis)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    auto* scale = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale);
    map_->setColorScale(scale);
    map_->setInterpolate(false);
    map_->setGradient(viridis());
    installPlotExportMenu(plot_, "sweep");
    showMessage(tr("Run a sweep to fill this grid: one cell per pair of values, each scored on the validation rows\n"
                   "(mean and standard error over the rows), the best cell and those within one SE of it marked."));
}

void SweepHeatmap::showMessage(const QString& text) {
    plot_->clearItems();
    cells_ = 0;
    texts_.clear();
    equivalent_.clear();
    map_->setVisible(false);
    map_->colorScale()->setVisible(false);
    setPlotMessage(plot_, text);
}

QString SweepHeatmap::cellText(int cell) const {
    return cell >= 0 && static_cast<std::size_t>(cell) < texts_.size() ? texts_[static_cast<std::size_t>(cell)] : QString();
}

bool SweepHeatmap::markedEquivalent(int cell) const {
    return cell >= 0 && static_cast<std::size_t>(cell) < equivalent_.size() && equivalent_[static_cast<std::size_t>(cell)];
}

std::pair<double, double> SweepHeatmap::colourRange(const std::vector<double>& values, double bestSe) {
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values)
        if (std::isfinite(v)) { lo = std::min(lo, v); hi = std::max(hi, v); }
    if (!(hi >= lo)) return {0.0, 1.0};  // no finite value: any range, nothing is drawn in colour
    if (std::isfinite(bestSe) && hi - lo < kSpanInStandardErrors * bestSe) lo = hi - kSpanInStandardErrors * bestSe;
    if (!(hi > lo)) {  // a flat grid without an SE (priors that do not matter) still needs a range
        lo -= 0.005;
        hi += 0.005;
    }
    return {lo, hi};
}

void SweepHeatmap::setGrid(const QString& xName, const std::vector<double>& xs, const QString& yName, const std::vector<double>& ys,
                           const std::vector<double>& values, const std::vector<double>& standardErrors,
                           const std::vector<bool>& equivalent, const QString& valueName, int best, double referenceX, double referenceY) {
    setPlotMessage(plot_, QString());
    plot_->clearItems();
    map_->setVisible(true);
    map_->colorScale()->setVisible(true);
    const int nx = static_cast<int>(xs.size()), ny = static_cast<int>(std::max<std::size_t>(1, ys.size()));
    cells_ = nx * ny;
    texts_.assign(static_cast<std::size_t>(cells_), QString());
    equivalent_.assign(static_cast<std::size_t>(cells_), false);
    map_->data()->setSize(nx, ny);
    map_->data()->setRange(QCPRange(0, nx - 1), QCPRange(0, ny - 1));
    const bool hasBest = best >= 0 && best < cells_;
    const auto [lo, hi] = colourRange(values, hasBest ? standardErrors[static_cast<std::size_t>(best)] : std::nan(""));
    // Scores like accuracy move in the third decimal; log predictive in the third or fourth.
    const int decimals = 3;
    QSharedPointer<QCPAxisTickerText> xt(new QCPAxisTickerText), yt(new QCPAxisTickerText);
    for (int i = 0; i < nx; ++i) xt->addTick(i, QString::number(xs[static_cast<std::size_t>(i)]));
    for (int j = 0; j < ny; ++j) yt->addTick(j, ys.empty() ? QString() : QString::number(ys[static_cast<std::size_t>(j)]));
    for (int i = 0; i < nx; ++i)
        for (int j = 0; j < ny; ++j) {
            const auto k = static_cast<std::size_t>(i * ny + j);
            const double v = values[k];
            map_->data()->setCell(i, j, std::isfinite(v) ? v : lo);
            auto* label = new QCPItemText(plot_);
            label->position->setCoords(i, j);
            QString text = std::isfinite(v) ? number(v, decimals) + QString::fromUtf8(" ± ") + number(standardErrors[k], decimals)
                                            : QString::fromUtf8("—");
            label->setColor(Qt::black);
            label->setBrush(QColor(255, 255, 255, 190));
            label->setPadding(QMargins(3, 2, 3, 2));
            QStringList notes;
            if (static_cast<int>(k) == best) notes << tr("best");
            else if (k < equivalent.size() && equivalent[k]) notes << tr("within 1 SE");
            equivalent_[k] = k < equivalent.size() && equivalent[k];
            if (!ys.empty() && xs[static_cast<std::size_t>(i)] == referenceX && ys[static_cast<std::size_t>(j)] == referenceY)
                notes << tr("study");
            if (!notes.isEmpty()) {
                auto* box = new QCPItemRect(plot_);
                box->topLeft->setCoords(i - 0.48, j + 0.48);
                box->bottomRight->setCoords(i + 0.48, j - 0.48);
                const bool isBest = static_cast<int>(k) == best;
                box->setPen(isBest ? QPen(Qt::black, 3) : equivalent_[k] ? QPen(Qt::black, 1.5, Qt::DashLine) : QPen(Qt::white, 3, Qt::DashLine));
                text += "\n" + notes.join(", ");
            }
            label->setText(text);
            texts_[k] = text;
        }
    map_->setDataRange(QCPRange(lo, hi));
    map_->colorScale()->setLabel(valueName);
    plot_->xAxis->setTicker(xt);
    plot_->yAxis->setTicker(yt);
    plot_->xAxis->setLabel(xName);
    plot_->yAxis->setLabel(yName);
    plot_->xAxis->setRange(-0.5, nx - 0.5);
    plot_->yAxis->setRange(-0.5, ny - 0.5);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

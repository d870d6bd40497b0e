#include "ArtistShrinkagePlot.h"

#include "Palette.h"
#include "PlotExport.h"
#include "PlotTitle.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace genrelab {
namespace {

constexpr double kBandFloor[ArtistShrinkagePlot::kSizeBands] = {1, 2, 5, 20};
constexpr double kBandPointSize[ArtistShrinkagePlot::kSizeBands] = {3, 5, 8, 12};

int bandOf(double tracks) {
    int band = 0;
    while (band + 1 < ArtistShrinkagePlot::kSizeBands && tracks >= kBandFloor[band + 1]) ++band;
    return band;
}

} // namespace

ArtistShrinkagePlot::ArtistShrinkagePlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    addPlotTitle(plot_, tr("Per-artist shrinkage: raw class share against posterior mean offset (size: training tracks)"));
    plot_->yAxis->setLabel(tr("posterior mean artist offset (logit)"));
    plot_->legend->setVisible(true);
    plot_->legend->setFont(QFont(font().family(), 7));
    // A high share with a negative offset cannot happen, so that corner holds the legend.
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    installPlotExportMenu(plot_, "artist_shrinkage");
    clear();
}

void ArtistShrinkagePlot::clear() {
    plot_->clearGraphs();
    plot_->clearItems();
    points_ = 0;
    plot_->xAxis->setLabel(tr("share of the artist's training tracks in the class"));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ArtistShrinkagePlot::setArtists(const QString& className, const std::vector<double>& rawShare, const std::vector<double>& offset,
                                     const std::vector<double>& tracks, double populationShare) {
    clear();
    plot_->xAxis->setLabel(tr("share of the artist's training tracks in %1").arg(className));
    QVector<double> keys[kSizeBands], values[kSizeBands];
    double low = 0, high = 0;
    const std::size_t n = std::min({rawShare.size(), offset.size(), tracks.size()});
    for (std::size_t a = 0; a < n; ++a) {
        if (!std::isfinite(rawShare[a]) || !std::isfinite(offset[a])) continue;
        const int band = bandOf(tracks[a]);
        keys[band] << rawShare[a];
        values[band] << offset[a];
        low = std::min(low, offset[a]);
        high = std::max(high, offset[a]);
        ++points_;
    }
    const QColor colour = classColour(0);
    const QString bandNames[kSizeBands] = {tr("1 track"), tr("2-4 tracks"), tr("5-19 tracks"), tr("20+ tracks")};
    for (int band = 0; band < kSizeBands; ++band) {
        auto* g = plot_->addGraph();
        g->setData(keys[band], values[band]);  // sorted by QCustomPlot; points only, so order does not matter
        g->setLineStyle(QCPGraph::lsNone);
        QColor fill = colour;
        fill.setAlpha(90);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour, fill, kBandPointSize[band]));
        g->setName(tr("%1 (%2 artists)").arg(bandNames[band]).arg(keys[band].size()));
    }
    auto* zero = plot_->addGraph();
    zero->setData({-0.02, 1.02}, {0.0, 0.0}, true);
    zero->setPen(QPen(Qt::gray, 1));
    zero->setName(tr("the population (offset 0)"));
    if (std::isfinite(populationShare)) {
        auto* share = plot_->addGraph();
        const double pad = 0.05 * std::max(1e-9, high - low);
        share->setData({populationShare, populationShare}, {low - pad, high + pad}, true);
        share->setPen(QPen(Qt::gray, 1, Qt::DashLine));
        share->setName(tr("share of %1 over all training tracks").arg(className));
    }
    plot_->xAxis->setRange(-0.02, 1.02);
    const double pad = 0.08 * std::max(1e-9, high - low);
    plot_->yAxis->setRange(low - pad, high + pad);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

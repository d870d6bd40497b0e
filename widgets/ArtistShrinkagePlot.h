#pragma once
// Partial pooling made visible: per training artist, the raw share of its tracks in one class
// (x) against its posterior mean offset for that class (y), the point's size by its track count.
// Artists with few tracks sit near zero whatever their raw share (shrunk to the population);
// artists with many tracks keep offsets that follow their share. A dashed line marks the class's
// share over all training rows.
#include <QWidget>

#include <vector>

class QCustomPlot;

namespace genrelab {

class ArtistShrinkagePlot : public QWidget {
    Q_OBJECT
public:
    explicit ArtistShrinkagePlot(QWidget* parent = nullptr);
    // One entry per artist: its raw class share, its posterior mean offset, its training tracks.
    void setArtists(const QString& className, const std::vector<double>& rawShare, const std::vector<double>& offset,
                    const std::vector<double>& tracks, double populationShare);
    void clear();
    QCustomPlot* plot() const { return plot_; }
    int pointCount() const { return points_; }
    // Track-count bands, each a graph with its own point size: 1, 2-4, 5-19, 20 and more.
    static constexpr int kSizeBands = 4;

private:
    QCustomPlot* plot_;
    int points_ = 0;
};

} // namespace genrelab

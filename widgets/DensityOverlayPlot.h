#pragma once
// Histogram densities of samples, several overlaid (two runs' marginals of one parameter; the
// posterior of accuracy and of macro F1), each with its mean and 90% interval in the legend.
#include <QWidget>

#include <vector>

class QCustomPlot;

namespace genrelab {

class DensityOverlayPlot : public QWidget {
    Q_OBJECT
public:
    DensityOverlayPlot(const QString& title, const QString& exportName, QWidget* parent = nullptr);
    void clear();
    void addSamples(const QString& name, const std::vector<double>& samples, const QColor& colour);
    void setXLabel(const QString& label);
    QCustomPlot* plot() const { return plot_; }
    int seriesCount() const;

private:
    QCustomPlot* plot_;
};

} // namespace genrelab

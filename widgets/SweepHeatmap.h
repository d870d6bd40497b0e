#pragma once
// A sweep grid as a heatmap: one axis value per column, the other per row; the best cell and a
// reference cell (the study's nu 4, tau 1) marked.
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPColorMap;

namespace genrelab {

class SweepHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit SweepHeatmap(QWidget* parent = nullptr);
    // values[i * ys.size() + j] for xs[i], ys[j]; NaN cells are left blank.
    void setGrid(const QString& xName, const std::vector<double>& xs, const QString& yName, const std::vector<double>& ys,
                 const std::vector<double>& values, const QString& valueName, int best, double referenceX, double referenceY);
    QCustomPlot* plot() const { return plot_; }
    int cells() const { return cells_; }

private:
    QCustomPlot* plot_;
    QCPColorMap* map_;
    int cells_ = 0;
};

} // namespace genrelab

#pragma once
// A reliability diagram: per confidence bin, the accuracy of the rows against their mean
// top-class probability, one line per data split, beside the diagonal of perfect calibration;
// bars show the share of the first split's rows in each bin. Empty bins are left out.
#include "eval/Metrics.h"

#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPBars;

namespace genrelab {

class ReliabilityDiagram : public QWidget {
    Q_OBJECT
public:
    explicit ReliabilityDiagram(QWidget* parent = nullptr);
    void clear();
    // One split's bins; the legend names it with its ECE. The first split added also sets the bars.
    void addSplit(const QString& name, const std::vector<ReliabilityBin>& bins, double ece, const QColor& colour);
    QCustomPlot* plot() const { return plot_; }
    int splitCount() const;
    // The points drawn for split `index`: (mean confidence, accuracy) of its non-empty bins.
    std::vector<std::pair<double, double>> points(int index) const;

private:
    QCustomPlot* plot_;
    QCPBars* shares_;
};

} // namespace genrelab

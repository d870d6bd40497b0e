#pragma once
// The confusion matrix as a heatmap (row-normalized: each true class sums to 1), with genre
// names, the count in each cell where the cells are large enough to hold it, and the cell under
// the mouse in words. Any number of classes: the matrix is one colour map, the counts one item
// that writes only readable cells, the names every n-th one when they do not all fit.
#include <Eigen/Core>
#include <QWidget>

#include <string>
#include <vector>

class QCustomPlot;
class QCPColorMap;
class QLabel;

namespace genrelab {

class ClassAxisTicker;
class MatrixCellLabels;

class ConfusionMatrixPlot : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionMatrixPlot(QWidget* parent = nullptr);
    void setMatrix(const Eigen::MatrixXi& confusion, const std::vector<std::string>& classNames);
    QCustomPlot* plot() const { return plot_; }
    double cellValue(int trueClass, int predicted) const;  // row-normalized
    // What the readout says for plot coordinates (x: predicted, y: true); empty outside the matrix.
    QString hoverText(double x, double y) const;
    const MatrixCellLabels* cellLabels() const { return labels_; }
    const ClassAxisTicker* predictedTicker() const { return xTicker_.get(); }

private:
    QCustomPlot* plot_;
    QCPColorMap* map_;
    MatrixCellLabels* labels_;
    QLabel* readout_;
    QSharedPointer<ClassAxisTicker> xTicker_, yTicker_;
    Eigen::MatrixXi counts_;
    Eigen::MatrixXd normalized_;
};

} // namespace genrelab

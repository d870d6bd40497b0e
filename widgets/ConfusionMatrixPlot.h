#pragma once
// The confusion matrix as a heatmap (row-normalized: each true class sums to 1), with genre
// names and the count in each cell.
#include <Eigen/Core>
#include <QWidget>

#include <string>
#include <vector>

class QCustomPlot;
class QCPColorMap;

namespace genrelab {

class ConfusionMatrixPlot : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionMatrixPlot(QWidget* parent = nullptr);
    void setMatrix(const Eigen::MatrixXi& confusion, const std::vector<std::string>& classNames);
    QCustomPlot* plot() const { return plot_; }
    double cellValue(int trueClass, int predicted) const;  // row-normalized

private:
    QCustomPlot* plot_;
    QCPColorMap* map_;
    Eigen::MatrixXd normalized_;
};

} // namespace genrelab

#pragma once
// Correlation heatmap of the numeric features (Pearson or Spearman) with a colour scale and the
// value under the mouse.
#include <QWidget>

#include <Eigen/Core>

#include <memory>

class QComboBox;
class QLabel;
class QCustomPlot;
class QCPColorMap;

namespace genrelab {

class Table;

class CorrelationHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit CorrelationHeatmap(QWidget* parent = nullptr);
    void setTable(std::shared_ptr<const Table> table);
    void setSpearman(bool spearman);
    const Eigen::MatrixXd& matrix() const { return matrix_; }
    QCustomPlot* plot() const { return plot_; }
    QString hoverText(double x, double y) const;  // what the mouse readout says at plot coordinates

private:
    void refresh();
    std::shared_ptr<const Table> table_;
    std::vector<QString> names_;
    Eigen::MatrixXd matrix_;
    QComboBox* method_;
    QLabel* readout_;
    QCustomPlot* plot_;
    QCPColorMap* map_;
};

} // namespace genrelab

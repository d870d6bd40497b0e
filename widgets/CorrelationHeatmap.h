#pragma once
// Correlation heatmap of the numeric features (Pearson or Spearman) with a colour scale and the
// value under the mouse. The colours diverge from white at zero (blue negative, red positive,
// -1..1 whatever the data), so a weak correlation reads as pale, not as dark as a strong one;
// an uncomputable correlation (a constant column) is grey. Small tables are computed at once; large ones (a million rows) on a pool
// thread, the previous matrix shown until the new one is ready.
#include <QColor>
#include <QWidget>

#include <Eigen/Core>

#include <memory>
#include <vector>

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
    QColor colourOf(double correlation) const;  // the cell colour shown for a correlation
    QString hoverText(double x, double y) const;  // what the mouse readout says at plot coordinates
    bool busy() const;  // the newest computation is not on screen yet
    // Rows x column pairs (x 20 for Spearman) computed on the GUI thread; more goes to a pool thread.
    static constexpr double kWorkOnTheGuiThread = 2e7;

private:
    void refresh();
    void showMatrix(const std::vector<std::size_t>& columns, Eigen::MatrixXd matrix);
    std::shared_ptr<const Table> table_;
    std::vector<QString> names_;
    Eigen::MatrixXd matrix_;
    QComboBox* method_;
    QLabel* readout_;
    QCustomPlot* plot_;
    QCPColorMap* map_;
    int request_ = 0;  // only the newest computation is shown
    int shownRequest_ = 0;
};

} // namespace genrelab

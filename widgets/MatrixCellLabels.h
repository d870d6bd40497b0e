#pragma once
// The counts written into the cells of a matrix drawn as a colour map, as one plot item: it
// writes only the cells in view, and only when a cell is large enough for its text. One text
// item per cell costs seconds at 100 classes and minutes at 1,000; this costs nothing when the
// cells are too small to read.
#include <Eigen/Core>
#include <qcustomplot.h>

namespace genrelab {

class MatrixCellLabels : public QCPAbstractItem {
    Q_OBJECT
public:
    explicit MatrixCellLabels(QCustomPlot* plot);
    // counts(row, column) is written at x = column, y = row; shares (same size, 0..1) choose a
    // dark text on bright cells and a light one on dark cells.
    void setCells(Eigen::MatrixXi counts, Eigen::MatrixXd shares);
    void setFont(const QFont& font) { font_ = font; }
    // Cells written by the last draw (0 when the cells were too small for their text).
    int drawnCells() const { return drawn_; }
    // Whether a cell of the matrix, at the axes' present size and range, holds its text.
    bool cellsHoldText() const;

    double selectTest(const QPointF& pos, bool onlySelectable, QVariant* details = nullptr) const override;

protected:
    void draw(QCPPainter* painter) override;

private:
    Eigen::MatrixXi counts_;
    Eigen::MatrixXd shares_;
    QFont font_;
    int widestText_ = 0;  // characters of the longest count
    int drawn_ = 0;
};

} // namespace genrelab

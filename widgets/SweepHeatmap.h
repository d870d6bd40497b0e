#pragma once
// A sweep grid as a heatmap: one axis value per column, the other per row. Each cell shows its
// score and standard error; the best cell, the cells within one SE of it and a reference cell
// (the study's nu 4, tau 1) are marked. Before a sweep a centred message says what fills it.
#include <QWidget>

#include <utility>
#include <vector>

class QCustomPlot;
class QCPColorMap;

namespace genrelab {

class SweepHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit SweepHeatmap(QWidget* parent = nullptr);
    // values[i * ys.size() + j] and standardErrors[...] for xs[i], ys[j]; NaN cells are left
    // blank; equivalent[...] marks the cells within one SE of the best (sweepEquivalentCells).
    void setGrid(const QString& xName, const std::vector<double>& xs, const QString& yName, const std::vector<double>& ys,
                 const std::vector<double>& values, const std::vector<double>& standardErrors, const std::vector<bool>& equivalent,
                 const QString& valueName, int best, double referenceX, double referenceY);
    // Hides the grid and shows `text` centred instead.
    void showMessage(const QString& text);
    QCustomPlot* plot() const { return plot_; }
    int cells() const { return cells_; }
    // The text shown in a cell (value, SE and marks), for tests and screen readers.
    QString cellText(int cell) const;
    // Whether a cell carries the "within one SE of the best" mark.
    bool markedEquivalent(int cell) const;

    // The colour range: the finite values' range, widened downward from the top to span at
    // least kSpanInStandardErrors times bestSe, so differences well within the noise of the
    // validation rows get nearly one colour instead of the whole scale. A flat grid with no SE
    // still gets a small range around its value.
    static constexpr double kSpanInStandardErrors = 4.0;
    static std::pair<double, double> colourRange(const std::vector<double>& values, double bestSe);

private:
    QCustomPlot* plot_;
    QCPColorMap* map_;
    int cells_ = 0;
    std::vector<QString> texts_;
    std::vector<bool> equivalent_;
};

} // namespace genrelab

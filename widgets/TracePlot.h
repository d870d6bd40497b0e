#pragma once
// Per-chain traces of one chosen parameter, growing as draws arrive; divergent transitions
// marked in red; warmup shaded.
#include <QStringList>
#include <QWidget>

#include <vector>

class QComboBox;
class QCustomPlot;
class QCPGraph;

namespace genrelab {

class TracePlot : public QWidget {
    Q_OBJECT
public:
    explicit TracePlot(QWidget* parent = nullptr);
    void reset(const QStringList& parameterNames, int chains, int warmup);
    // One batch of points: chain, iteration, all parameter values, divergent.
    struct Point {
        int chain;
        double iteration;
        std::vector<double> values;
        bool divergent;
    };
    void append(const std::vector<Point>& points);
    void setParameter(int index);
    int parameter() const;
    QCustomPlot* plot() const { return plot_; }
    int pointCount() const;

private:
    void rebuild();
    QComboBox* parameter_;
    QCustomPlot* plot_;
    std::vector<QCPGraph*> chains_;
    QCPGraph* divergent_ = nullptr;
    std::vector<Point> history_;  // kept so another parameter can be shown at any time
    int warmup_ = 0;
};

} // namespace genrelab

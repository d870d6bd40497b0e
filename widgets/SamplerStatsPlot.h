#pragma once
// NUTS sampler statistics per chain as they arrive: step size (log scale, adapting during
// warmup), acceptance statistic and tree depth.
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPGraph;

namespace genrelab {

class SamplerStatsPlot : public QWidget {
    Q_OBJECT
public:
    explicit SamplerStatsPlot(QWidget* parent = nullptr);
    void reset(int chains);
    struct Point {
        int chain;
        double iteration, stepSize, acceptStat;
        int treeDepth;
    };
    void append(const std::vector<Point>& points);
    QCustomPlot* stepPlot() const { return step_; }

private:
    QCustomPlot *step_, *accept_, *depth_;
    std::vector<QCPGraph*> stepGraphs_, acceptGraphs_, depthGraphs_;
};

} // namespace genrelab

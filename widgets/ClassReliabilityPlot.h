#pragma once
// One class's reliability diagram, one-vs-rest (eval/ClassReliability): the CORP recalibrated
// forecast (isotonic fit of "row is of the class" on p(class)) as a line with its consistency
// band (where the line stays when the forecasts are calibrated), the equal-width bins' observed
// frequencies with 95% Wilson intervals as points, the diagonal of perfect calibration, and
// bars with the share of rows per bin. A line above the diagonal: the class happens more often
// than predicted (underconfident there); below: less often (overconfident).
#include "eval/ClassReliability.h"

#include <QWidget>

#include <utility>
#include <vector>

class QCustomPlot;
class QCPBars;
class QCPErrorBars;
class QCPGraph;

namespace genrelab {

class ClassReliabilityPlot : public QWidget {
    Q_OBJECT
public:
    explicit ClassReliabilityPlot(QWidget* parent = nullptr);
    void setReliability(const ClassReliability& reliability, const QString& className);
    // Empties the plot and shows `message` in its place.
    void clear(const QString& message);
    QCustomPlot* plot() const { return plot_; }
    // What is drawn: the CORP line's vertices and the non-empty bins' (mean p, observed).
    std::vector<std::pair<double, double>> corpLine() const;
    std::vector<std::pair<double, double>> binPoints() const;

private:
    QCustomPlot* plot_;
    QCPGraph *bandLower_, *bandUpper_, *corp_, *bins_;
    QCPErrorBars* intervals_;
    QCPBars* shares_;
};

} // namespace genrelab

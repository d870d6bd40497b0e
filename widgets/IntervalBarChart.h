#pragma once
// Bars with 90% interval whiskers over named categories: ARD relevance per feature, the
// predictive distribution over genres.
#include <QWidget>

#include <string>
#include <vector>

class QCustomPlot;

namespace genrelab {

class IntervalBarChart : public QWidget {
    Q_OBJECT
public:
    IntervalBarChart(const QString& title, const QString& valueLabel, const QString& exportName, QWidget* parent = nullptr);
    void setBars(const std::vector<std::string>& names, const std::vector<double>& values, const std::vector<double>& lower,
                 const std::vector<double>& upper);
    // Shown centred while the chart has no bars: what fills it.
    void setEmptyMessage(const QString& text);
    QCustomPlot* plot() const { return plot_; }
    int barCount() const { return bars_; }

private:
    QCustomPlot* plot_;
    QString emptyMessage_;
    int bars_ = 0;
};

} // namespace genrelab

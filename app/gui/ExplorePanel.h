#pragma once
// The Explore section: feature histograms, class balance, correlation heatmap, box plots.
#include <QWidget>

namespace genrelab {

class BoxPlotChart;
class ClassBalanceChart;
class CorrelationHeatmap;
class HistogramPlot;
class Session;

class ExplorePanel : public QWidget {
    Q_OBJECT
public:
    explicit ExplorePanel(Session& session, QWidget* parent = nullptr);
    HistogramPlot* histogram() const { return histogram_; }
    ClassBalanceChart* balance() const { return balance_; }
    CorrelationHeatmap* correlation() const { return correlation_; }
    BoxPlotChart* boxes() const { return boxes_; }

private:
    void onData();
    Session& session_;
    HistogramPlot* histogram_;
    ClassBalanceChart* balance_;
    CorrelationHeatmap* correlation_;
    BoxPlotChart* boxes_;
};

} // namespace genrelab

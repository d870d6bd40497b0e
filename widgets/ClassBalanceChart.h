#pragma once
// Class balance as a horizontal bar chart with names and counts.
#include <QWidget>

#include <string>
#include <vector>

class QCustomPlot;

namespace genrelab {

class ClassBalanceChart : public QWidget {
    Q_OBJECT
public:
    explicit ClassBalanceChart(QWidget* parent = nullptr);
    void setClasses(const std::vector<std::string>& names, const std::vector<std::size_t>& counts);
    QCustomPlot* plot() const { return plot_; }
    int barCount() const { return bars_; }

private:
    QCustomPlot* plot_;
    int bars_ = 0;
};

} // namespace genrelab

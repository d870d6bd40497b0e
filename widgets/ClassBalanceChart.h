#pragma once
// Class balance as a horizontal bar chart with names and counts (every n-th name when they do
// not all fit; the count beside each bar up to kMaxCountLabels classes).
#include <QSharedPointer>
#include <QWidget>

#include <string>
#include <vector>

class QCustomPlot;

namespace genrelab {

class ClassAxisTicker;

class ClassBalanceChart : public QWidget {
    Q_OBJECT
public:
    explicit ClassBalanceChart(QWidget* parent = nullptr);
    void setClasses(const std::vector<std::string>& names, const std::vector<std::size_t>& counts);
    QCustomPlot* plot() const { return plot_; }
    int barCount() const { return bars_; }
    int countLabelCount() const { return countLabels_; }
    static constexpr int kMaxCountLabels = 40;

private:
    QCustomPlot* plot_;
    QSharedPointer<ClassAxisTicker> ticker_;
    int bars_ = 0;
    int countLabels_ = 0;
};

} // namespace genrelab

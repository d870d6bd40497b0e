#pragma once
// Per-class box plots of one feature.
#include <QWidget>

#include <memory>
#include <string>
#include <vector>

class QComboBox;
class QCustomPlot;

namespace genrelab {

class Table;
struct BoxStats;

class BoxPlotChart : public QWidget {
    Q_OBJECT
public:
    explicit BoxPlotChart(QWidget* parent = nullptr);
    void setTable(std::shared_ptr<const Table> table, std::vector<std::string> classNames);
    void setFeature(const QString& name);
    QCustomPlot* plot() const { return plot_; }
    int boxCount() const { return boxes_; }
    // A large table's boxes are being computed on a pool thread (the previous ones show).
    bool busy() const;

private:
    void refresh();
    void draw(const std::vector<BoxStats>& stats);
    std::shared_ptr<const Table> table_;
    std::vector<std::string> classNames_;
    QComboBox* feature_;
    QCustomPlot* plot_;
    int boxes_ = 0;
    int request_ = 0, drawnRequest_ = 0;
};

} // namespace genrelab

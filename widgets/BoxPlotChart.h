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

class BoxPlotChart : public QWidget {
    Q_OBJECT
public:
    explicit BoxPlotChart(QWidget* parent = nullptr);
    void setTable(std::shared_ptr<const Table> table, std::vector<std::string> classNames);
    void setFeature(const QString& name);
    QCustomPlot* plot() const { return plot_; }
    int boxCount() const { return boxes_; }

private:
    void refresh();
    std::shared_ptr<const Table> table_;
    std::vector<std::string> classNames_;
    QComboBox* feature_;
    QCustomPlot* plot_;
    int boxes_ = 0;
};

} // namespace genrelab

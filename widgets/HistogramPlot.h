#pragma once
// Feature histogram: one feature, chosen bins, all rows or per class (overlay or stacked),
// linear or log count axis. With more than kMaxClassSeries classes, the largest classes get a
// series each and the rest one series, "N more classes".
#include <QWidget>

#include <memory>
#include <string>
#include <vector>

class QComboBox;
class QCheckBox;
class QSpinBox;
class QCustomPlot;

namespace genrelab {

class Table;

class HistogramPlot : public QWidget {
    Q_OBJECT
public:
    enum class Mode { All, Overlay, Stacked };
    explicit HistogramPlot(QWidget* parent = nullptr);
    void setTable(std::shared_ptr<const Table> table, std::vector<std::string> classNames);
    void setFeature(const QString& name);
    void setBins(int bins);
    void setMode(Mode mode);
    void setLogScale(bool on);
    QCustomPlot* plot() const { return plot_; }
    int seriesCount() const;
    static constexpr int kMaxClassSeries = 12;

private:
    void refresh();
    std::vector<int> shownClasses() const;  // class indices with a series of their own
    std::shared_ptr<const Table> table_;
    std::vector<std::string> classNames_;
    QComboBox* feature_;
    QSpinBox* bins_;
    QComboBox* mode_;
    QCheckBox* log_;
    QCustomPlot* plot_;
};

} // namespace genrelab

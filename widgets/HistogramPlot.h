#pragma once
// Feature histogram: one feature, chosen bins, all rows or per class (overlay or stacked),
// linear or log count axis.
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

private:
    void refresh();
    std::shared_ptr<const Table> table_;
    std::vector<std::string> classNames_;
    QComboBox* feature_;
    QSpinBox* bins_;
    QComboBox* mode_;
    QCheckBox* log_;
    QCustomPlot* plot_;
};

} // namespace genrelab

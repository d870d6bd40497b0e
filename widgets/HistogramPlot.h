#pragma once
// Feature histogram: one feature, chosen bins, all rows or per class (overlaid, stacked, or as
// small multiples: one small histogram per class under a shared x axis, each on its own count
// scale, which reads where eleven overlaid pale colours do not), linear or log count axis.
// With more than kMaxClassSeries classes, the largest classes get a series (or panel) each and
// the rest one, "N more classes", so two hundred classes draw as fast as twelve.
#include <QColor>
#include <QWidget>

#include <memory>
#include <string>
#include <vector>

class QComboBox;
class QCheckBox;
class QSpinBox;
class QCustomPlot;
class QStackedWidget;
class QCPMarginGroup;

namespace genrelab {

class Table;
struct Histogram;

class HistogramPlot : public QWidget {
    Q_OBJECT
public:
    enum class Mode { All, Overlay, Stacked, SmallMultiples };
    explicit HistogramPlot(QWidget* parent = nullptr);
    void setTable(std::shared_ptr<const Table> table, std::vector<std::string> classNames);
    void setFeature(const QString& name);
    void setBins(int bins);
    void setMode(Mode mode);
    void setLogScale(bool on);
    QCustomPlot* plot() const { return plot_; }
    // Small multiples: a text line, one axis rect per panel, then a strip holding the shared x axis.
    QCustomPlot* smallMultiplesPlot() const { return multiples_; }
    QCustomPlot* shownPlot() const;  // the one on screen for the chosen mode
    int seriesCount() const;  // bar series (small multiples: one per panel)
    QString smallMultiplesNote() const { return multiplesNote_; }  // what the panels show, or why fewer than the classes
    static constexpr int kMaxClassSeries = 12;

private:
    void refresh();
    std::vector<int> shownClasses() const;  // class indices with a series of their own
    struct Series {
        QString name;
        QColor colour;
    };
    void drawSmallMultiples(const std::vector<Histogram>& counts, const std::vector<Series>& series, double lo, double hi, int classCount);
    std::shared_ptr<const Table> table_;
    std::vector<std::string> classNames_;
    QComboBox* feature_;
    QSpinBox* bins_;
    QComboBox* mode_;
    QCheckBox* log_;
    QCustomPlot* plot_;
    QCustomPlot* multiples_;
    QStackedWidget* plots_;
    QCPMarginGroup* margins_ = nullptr;  // lines up the small multiples' axes
    QString multiplesNote_;
};

} // namespace genrelab

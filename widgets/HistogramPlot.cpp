#include "HistogramPlot.h"

#include "ComboRefill.h"
#include "Palette.h"
#include "PlotExport.h"
#include "data/ExploreStats.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace genrelab {

HistogramPlot::HistogramPlot(QWidget* parent)
    : QWidget(parent), feature_(new QComboBox(this)), bins_(new QSpinBox(this)), mode_(new QComboBox(this)),
      log_(new QCheckBox(tr("log counts"), this)), plot_(new QCustomPlot(this)), multiples_(new QCustomPlot(this)),
      plots_(new QStackedWidget(this)) {
    bins_->setRange(2, 200);
    bins_->setValue(40);
    mode_->addItems({tr("all rows"), tr("per class, overlaid"), tr("per class, stacked"), tr("per class, small multiples")});
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Feature"), this));
    controls->addWidget(feature_, 1);
    controls->addWidget(new QLabel(tr("Bins"), this));
    controls->addWidget(bins_);
    controls->addWidget(mode_);
    controls->addWidget(log_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    plots_->addWidget(plot_);
    plots_->addWidget(multiples_);
    layout->addWidget(plots_, 1);
    plot_->legend->setFont(QFont(font().family(), 7));
    plot_->yAxis->setLabel(tr("rows"));
    installPlotExportMenu(plot_, "histogram");
    installPlotExportMenu(multiples_, "histogram_by_class");
    connect(feature_, &QComboBox::currentTextChanged, this, [this] { refresh(); });
    connect(bins_, &QSpinBox::valueChanged, this, [this] { refresh(); });
    connect(mode_, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    connect(log_, &QCheckBox::toggled, this, [this] { refresh(); });
}

void HistogramPlot::setTable(std::shared_ptr<const Table> table, std::vector<std::string> classNames) {
    table_ = std::move(table);
    classNames_ = std::move(classNames);
    refillKeepingChoice(feature_, featureNames(*table_));
    refresh();
}

void HistogramPlot::setFeature(const QString& name) { feature_->setCurrentText(name); }
void HistogramPlot::setBins(int bins) { bins_->setValue(bins); }
void HistogramPlot::setMode(Mode mode) { mode_->setCurrentIndex(static_cast<int>(mode)); }
void HistogramPlot::setLogScale(bool on) { log_->setChecked(on); }
QCustomPlot* HistogramPlot::shownPlot() const { return static_cast<QCustomPlot*>(plots_->currentWidget()); }
int HistogramPlot::seriesCount() const { return shownPlot()->plottableCount(); }

std::vector<int> HistogramPlot::shownClasses() const {
    const std::vector<std::size_t> counts = table_->classCounts();
    std::vector<int> order(counts.size());
    for (std::size_t g = 0; g < order.size(); ++g) order[g] = static_cast<int>(g);
    if (order.size() > static_cast<std::size_t>(kMaxClassSeries)) {
        // The largest classes (the first on ties), then back in class order for stable colours.
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return counts[static_cast<std::size_t>(a)] > counts[static_cast<std::size_t>(b)]; });
        order.resize(static_cast<std::size_t>(kMaxClassSeries - 1));
        std::sort(order.begin(), order.end());
    }
    return order;
}

void HistogramPlot::refresh() {
    plot_->clearPlottables();
    const bool multiples = static_cast<Mode>(mode_->currentIndex()) == Mode::SmallMultiples && table_ && table_->hasTarget();
    plots_->setCurrentWidget(multiples ? multiples_ : plot_);
    if (!table_ || feature_->currentIndex() < 0) {
        plot_->replot();
        return;
    }
    const auto column = table_->indexOf(feature_->currentText().toStdString());
    if (!column) return;
    const Column& values = table_->column(*column);
    if (values.kind == ColumnKind::Text) return;
    double lo = INFINITY, hi = -INFINITY;
    std::size_t present = 0;
    for (std::size_t r = 0; r < values.numbers.size(); ++r)
        if (!values.missing[r]) {
            lo = std::min(lo, values.numbers[r]);
            hi = std::max(hi, values.numbers[r]);
            ++present;
        }
    if (present == 0) return;
    const int bins = bins_->value();
    const auto mode = static_cast<Mode>(mode_->currentIndex());
    const bool perClass = mode != Mode::All && table_->hasTarget();
    const std::vector<int> shown = perClass ? shownClasses() : std::vector<int>{-1};
    const auto classCount = static_cast<int>(table_->classLabels().size());
    const int others = perClass ? classCount - static_cast<int>(shown.size()) : 0;
    // Every series' counts in one pass over the rows (a pass per class took a million rows
    // twelve times): each class's series, the classes without one in the last ("N more").
    const std::size_t seriesCount = shown.size() + (others > 0 ? 1 : 0);
    std::vector<int> seriesOfClass(static_cast<std::size_t>(classCount), others > 0 ? static_cast<int>(shown.size()) : -1);
    for (std::size_t position = 0; position < shown.size(); ++position)
        if (shown[position] >= 0) seriesOfClass[static_cast<std::size_t>(shown[position])] = static_cast<int>(position);
    std::vector<Histogram> series(seriesCount, histogram({}, bins, lo, hi));
    const double width = series.front().binWidth();
    const double upper = series.front().hi;  // hi, or lo + 1 when every value is lo
    for (std::size_t r = 0; r < values.numbers.size(); ++r) {
        if (values.missing[r]) continue;
        int s = 0;
        if (perClass) {
            const int g = table_->classOfRow()[r];
            if (g < 0 || (s = seriesOfClass[static_cast<std::size_t>(g)]) < 0) continue;
        }
        const double v = values.numbers[r];
        if (std::isnan(v) || v < lo || v > upper) continue;  // as histogram() bins
        auto b = static_cast<std::size_t>((v - lo) / width);
        std::vector<double>& counts = series[static_cast<std::size_t>(s)].counts;
        if (b >= counts.size()) b = counts.size() - 1;
        counts[b] += 1.0;
    }
    std::vector<Series> named;
    for (std::size_t position = 0; position < shown.size(); ++position) {
        const int g = shown[position];
        const QString name = perClass && static_cast<std::size_t>(g) < classNames_.size() ? QString::fromStdString(classNames_[static_cast<std::size_t>(g)])
                                                                                          : feature_->currentText();
        named.push_back({name, perClass ? classColour(static_cast<int>(position)) : QColor(0x2e, 0x86, 0xc1)});
    }
    // The classes beyond the largest few, as one series: hundreds of overlaid colours and
    // legend lines say nothing.
    if (others > 0) named.push_back({tr("%n more classes", nullptr, others), QColor(0x9e, 0x9e, 0x9e)});
    if (multiples) {
        drawSmallMultiples(series, named, lo, hi, classCount);
        return;
    }
    QCPBars* below = nullptr;
    double top = 1;
    const auto addSeries = [&](const Histogram& h, const QString& name, QColor colour) {
        QVector<double> keys, counts;
        for (std::size_t b = 0; b < h.counts.size(); ++b) {
            keys << h.lo + (static_cast<double>(b) + 0.5) * h.binWidth();
            counts << h.counts[b];
            top = std::max(top, h.counts[b]);
        }
        auto* bars = new QCPBars(plot_->xAxis, plot_->yAxis);
        bars->setWidth(h.binWidth() * (mode == Mode::Stacked ? 1.0 : 0.95));
        bars->setPen(Qt::NoPen);
        if (mode == Mode::Overlay) colour.setAlpha(90);
        bars->setBrush(colour);
        bars->setName(name);
        bars->setData(keys, counts, true);
        if (mode == Mode::Stacked && below) bars->moveAbove(below);
        below = bars;
    };
    for (std::size_t k = 0; k < named.size(); ++k) addSeries(series[k], named[k].name, named[k].colour);
    if (mode == Mode::Stacked) top = static_cast<double>(present);
    plot_->legend->setVisible(perClass);
    plot_->xAxis->setLabel(feature_->currentText());
    plot_->xAxis->setRange(lo - 0.02 * (hi - lo), hi + 0.02 * (hi - lo));
    if (log_->isChecked()) {
        plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
        plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        plot_->yAxis->setRange(0.8, top * 1.5);
    } else {
        plot_->yAxis->setScaleType(QCPAxis::stLinear);
        plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        plot_->rescaleAxes();
        plot_->xAxis->setRange(lo - 0.02 * (hi - lo), hi + 0.02 * (hi - lo));
        plot_->yAxis->setRangeLower(0);
        plot_->yAxis->setRangeUpper(plot_->yAxis->range().upper * 1.05);
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void HistogramPlot::drawSmallMultiples(const std::vector<Histogram>& counts, const std::vector<Series>& series, double lo, double hi, int classCount) {
    multiples_->clearPlottables();
    multiples_->clearItems();
    multiples_->plotLayout()->clear();
    multiples_->plotLayout()->setRowSpacing(0);
    const int panels = static_cast<int>(series.size());
    const int capped = classCount - (panels - 1);  // classes in the last panel when it gathers the rest
    multiplesNote_ = capped > 1
                         ? tr("Rows per bin, each panel on its own scale: the %1 largest of %2 classes, the other %3 in the last panel")
                               .arg(panels - 1).arg(classCount).arg(capped)
                         : tr("Rows per bin, each panel on its own scale");
    multiples_->plotLayout()->addElement(0, 0, new QCPTextElement(multiples_, multiplesNote_, QFont(font().family(), 8)));
    delete margins_;  // after the panels that used it are gone
    margins_ = new QCPMarginGroup(multiples_);
    QCPMarginGroup* margins = margins_;
    const QCPRange xRange(lo - 0.02 * (hi - lo), hi + 0.02 * (hi - lo));
    const bool logCounts = log_->isChecked();
    QFont small(font().family(), 7);
    for (int k = 0; k < panels; ++k) {
        const Histogram& h = counts[static_cast<std::size_t>(k)];
        auto* rect = new QCPAxisRect(multiples_);
        multiples_->plotLayout()->addElement(k + 1, 0, rect);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        rect->setAutoMargins(QCP::msLeft | QCP::msRight);
        rect->setMargins(QMargins(0, 1, 0, 1));
        rect->setMinimumSize(50, 12);  // twelve panels must not push the widgets below off the window
        QCPAxis* x = rect->axis(QCPAxis::atBottom);
        QCPAxis* y = rect->axis(QCPAxis::atLeft);
        x->setRange(xRange);
        x->setTickLabels(false);
        x->grid()->setVisible(false);
        // Panels a few pixels high have no room for count ticks: the label states each panel's peak.
        y->setTickLabels(false);
        y->setTicks(false);
        y->grid()->setVisible(false);
        QVector<double> keys, values;
        double top = 0, rows = 0;
        for (std::size_t b = 0; b < h.counts.size(); ++b) {
            keys << h.lo + (static_cast<double>(b) + 0.5) * h.binWidth();
            values << h.counts[b];
            top = std::max(top, h.counts[b]);
            rows += h.counts[b];
        }
        if (logCounts) {
            y->setScaleType(QCPAxis::stLogarithmic);
            y->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
            y->setRange(0.8, std::max(1.0, top) * 1.5);
        } else {
            y->setRange(0, std::max(1.0, top) * 1.15);
        }
        auto* bars = new QCPBars(x, y);
        bars->setWidth(h.binWidth());
        bars->setPen(Qt::NoPen);
        bars->setBrush(series[static_cast<std::size_t>(k)].colour);
        bars->setName(series[static_cast<std::size_t>(k)].name);
        bars->setData(keys, values, true);
        auto* label = new QCPItemText(multiples_);
        label->setClipAxisRect(rect);
        label->position->setType(QCPItemPosition::ptAxisRectRatio);
        label->position->setAxisRect(rect);
        label->position->setCoords(0.995, 0.05);
        label->setPositionAlignment(Qt::AlignTop | Qt::AlignRight);
        label->setFont(small);
        label->setText(tr("%1: n = %2, peak %3 per bin").arg(series[static_cast<std::size_t>(k)].name).arg(static_cast<qlonglong>(rows))
                           .arg(static_cast<qlonglong>(top)));
    }
    // The shared x axis once, under the panels, in a strip of its own so every panel keeps the
    // same height.
    auto* ruler = new QCPAxisRect(multiples_);
    multiples_->plotLayout()->addElement(panels + 1, 0, ruler);
    ruler->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    ruler->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
    ruler->setMargins(QMargins(0, 0, 0, 0));
    ruler->setMinimumSize(50, 1);
    ruler->setMaximumSize(QWIDGETSIZE_MAX, 1);
    ruler->setSizeConstraintRect(QCPLayoutElement::scrInnerRect);
    ruler->axis(QCPAxis::atLeft)->setVisible(false);
    QCPAxis* shared = ruler->axis(QCPAxis::atBottom);
    shared->setRange(xRange);
    shared->setTickLabelFont(small);
    shared->setLabel(feature_->currentText());
    shared->grid()->setVisible(false);
    multiples_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace genrelab

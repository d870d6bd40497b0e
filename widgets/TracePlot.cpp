#include "TracePlot.h"

#include "ComboRefill.h"
#include "Palette.h"
#include "PlotExport.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace genrelab {

TracePlot::TracePlot(QWidget* parent) : QWidget(parent), parameter_(new QComboBox(this)), plot_(new QCustomPlot(this)) {
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Trace of"), this));
    controls->addWidget(parameter_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(plot_, 1);
    parameter_->setMaxVisibleItems(25);
    plot_->xAxis->setLabel(tr("iteration"));
    installPlotExportMenu(plot_, "trace");
    connect(parameter_, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
}

void TracePlot::reset(const QStringList& parameterNames, int chains, int warmup) {
    history_.clear();
    warmup_ = warmup;
    refillKeepingChoice(parameter_, parameterNames);
    plot_->clearGraphs();
    plot_->clearItems();
    chains_.clear();
    for (int c = 0; c < chains; ++c) {
        auto* g = plot_->addGraph();
        g->setPen(QPen(chainColour(c), 1));
        g->setName(tr("chain %1").arg(c + 1));
        chains_.push_back(g);
    }
    divergent_ = plot_->addGraph();
    divergent_->setLineStyle(QCPGraph::lsNone);
    divergent_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, Qt::red, Qt::red, 5));
    divergent_->setName(tr("divergent"));
    if (warmup > 0) {
        auto* shade = new QCPItemRect(plot_);
        shade->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
        shade->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        shade->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
        shade->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        shade->topLeft->setCoords(0, 0);
        shade->bottomRight->setCoords(warmup, 1);
        shade->setPen(Qt::NoPen);
        shade->setBrush(QColor(0, 0, 0, 18));
        shade->setClipToAxisRect(true);
    }
    plot_->legend->setVisible(chains > 1);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

int TracePlot::parameter() const { return parameter_->currentIndex(); }
void TracePlot::setParameter(int index) { parameter_->setCurrentIndex(index); }

int TracePlot::pointCount() const {
    int n = 0;
    for (auto* g : chains_) n += g->dataCount();
    return n;
}

void TracePlot::append(const std::vector<Point>& points) {
    const int p = parameter();
    for (const Point& point : points) {
        history_.push_back(point);
        if (point.chain < 0 || static_cast<std::size_t>(point.chain) >= chains_.size() || p < 0 ||
            static_cast<std::size_t>(p) >= point.values.size())
            continue;
        chains_[static_cast<std::size_t>(point.chain)]->addData(point.iteration, point.values[static_cast<std::size_t>(p)]);
        if (point.divergent) divergent_->addData(point.iteration, point.values[static_cast<std::size_t>(p)]);
    }
    plot_->rescaleAxes();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void TracePlot::rebuild() {
    for (auto* g : chains_) g->data()->clear();
    if (divergent_) divergent_->data()->clear();
    std::vector<Point> points;
    points.swap(history_);
    append(points);
}

} // namespace genrelab

#include "ExplorePanel.h"

#include "BoxPlotChart.h"
#include "ClassBalanceChart.h"
#include "CorrelationHeatmap.h"
#include "HistogramPlot.h"
#include "Session.h"

#include <QGridLayout>

namespace genrelab {

ExplorePanel::ExplorePanel(Session& session, QWidget* parent)
    : QWidget(parent), session_(session), histogram_(new HistogramPlot(this)), balance_(new ClassBalanceChart(this)),
      correlation_(new CorrelationHeatmap(this)), boxes_(new BoxPlotChart(this)) {
    auto* grid = new QGridLayout(this);
    grid->addWidget(histogram_, 0, 0);
    grid->addWidget(balance_, 0, 1);
    grid->addWidget(correlation_, 1, 0);
    grid->addWidget(boxes_, 1, 1);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 2);
    connect(&session_, &Session::dataChanged, this, &ExplorePanel::onData);
}

void ExplorePanel::onData() {
    const auto table = session_.table();
    if (!table) return;
    histogram_->setTable(table, session_.classNames());
    balance_->setClasses(session_.classNames(), session_.report().classCounts);
    correlation_->setTable(table);
    boxes_->setTable(table, session_.classNames());
}

} // namespace genrelab

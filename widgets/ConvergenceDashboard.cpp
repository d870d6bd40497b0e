#include "ConvergenceDashboard.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace genrelab {

QColor ConvergenceDashboard::lightColour(Light light) {
    switch (light) {
    case Light::Green: return QColor(0xc8, 0xe6, 0xc9);
    case Light::Amber: return QColor(0xff, 0xe0, 0x82);
    case Light::Red: return QColor(0xff, 0xab, 0x91);
    case Light::None: break;
    }
    return QColor(0xee, 0xee, 0xee);
}

ConvergenceDashboard::ConvergenceDashboard(QWidget* parent)
    : QWidget(parent), table_(new QTableWidget(0, 3, this)), verdict_(new QLabel(this)) {
    table_->setHorizontalHeaderLabels({tr("check"), tr("value"), tr("goal")});
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    verdict_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* title = new QLabel(tr("<b>Convergence, live</b>"), this);
    layout->addWidget(title);
    layout->addWidget(table_, 1);
    layout->addWidget(verdict_);
    clear();
}

void ConvergenceDashboard::clear() { setSnapshot(ConvergenceSnapshot{}); }

QString ConvergenceDashboard::verdict() const { return verdict_->text(); }

void ConvergenceDashboard::setSnapshot(const ConvergenceSnapshot& s) {
    snapshot_ = s;
    struct Row {
        QString check, value, goal;
        Light light;
    };
    // NaN: not computable (yet), and said so rather than shown as a number.
    auto number = [](double v, int decimals) { return std::isnan(v) ? tr("n/a") : QString::number(v, 'f', decimals); };
    std::vector<Row> rows = {
        {tr("draws per chain"), QString::number(s.draws), tr("after warmup"), Light::None},
        {tr("max R-hat"), number(s.rhatMax, 3), "≤ 1.01", s.rhatLight},
        {tr("min bulk ESS"), number(s.essBulkMin, 0), "≥ 400", s.essLight},
        {tr("min tail ESS"), number(s.essTailMin, 0), "≥ 400", s.essLight},
        {tr("divergences"), QString::number(s.divergences), "0", s.divergenceLight},
        {tr("tree-depth hits"), QString::number(s.depthHits), tr("few"), s.depthHits == 0 ? Light::Green : Light::Amber},
    };
    for (std::size_t c = 0; c < s.ebfmi.size(); ++c)
        rows.push_back({tr("E-BFMI chain %1").arg(c + 1), number(s.ebfmi[c], 2), "≥ 0.3",
                        std::isfinite(s.ebfmi[c]) ? (s.ebfmi[c] >= 0.3 ? Light::Green : s.ebfmi[c] >= 0.2 ? Light::Amber : Light::Red)
                                                  : Light::None});
    table_->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
        const Row& row = rows[static_cast<std::size_t>(r)];
        const QString cells[] = {row.check, row.value, row.goal};
        for (int c = 0; c < 3; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setBackground(lightColour(row.light));
            table_->setItem(r, c, item);
        }
    }
    table_->resizeColumnsToContents();
    if (s.draws == 0) verdict_->setText(tr("Waiting for draws after warmup."));
    else if (s.draws >= 8 && (std::isnan(s.rhatMax) || std::isnan(s.essBulkMin) || std::isnan(s.essTailMin)))
        verdict_->setText(tr("Cannot be judged: R-hat or ESS is not computable (draws that are not finite, or no "
                             "parameter that varies)."));
    else if (s.converged() && s.divergenceLight == Light::Green)
        verdict_->setText(tr("Converged: every chain agrees and there are enough effective draws."));
    else if (s.rhatLight == Light::Red)
        verdict_->setText(tr("Not converged: the chains disagree (R-hat high). Keep sampling or reparameterize."));
    else
        verdict_->setText(tr("Not there yet: more draws are needed for reliable estimates."));
}

} // namespace genrelab

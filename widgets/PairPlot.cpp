#include "PairPlot.h"

#include "ComboRefill.h"
#include "Palette.h"
#include "PlotExport.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>

namespace genrelab {

PairPlot::PairPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Parameters"), this));
    for (int k = 0; k < kMaxParameters; ++k) {
        auto* combo = new QComboBox(this);
        combo->setMaxVisibleItems(25);
        combo->setToolTip(k < 2 ? tr("A parameter of the pair plot") : tr("Another parameter, or (none)"));
        connect(combo, &QComboBox::currentIndexChanged, this, &PairPlot::choiceChanged);
        controls->addWidget(combo, 1);
        choosers_.push_back(combo);
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(plot_, 1);
    installPlotExportMenu(plot_, "pair_plot");
}

void PairPlot::setParameterNames(const QStringList& names) {
    const QStringList withNone = QStringList{tr("(none)")} + names;
    for (std::size_t k = 0; k < choosers_.size(); ++k) {
        QComboBox* combo = choosers_[k];
        const QSignalBlocker block(combo);
        const bool fresh = combo->count() == 0;
        refillKeepingChoice(combo, withNone);
        // A first fill picks the first parameters for the first two choosers and none for the rest.
        if (fresh || combo->currentIndex() < 0) combo->setCurrentIndex(k < 2 && static_cast<int>(k) < names.size() ? static_cast<int>(k) + 1 : 0);
    }
    emit choiceChanged();
}

std::vector<int> PairPlot::chosen() const {
    std::vector<int> out;
    for (QComboBox* combo : choosers_) {
        const int index = combo->currentIndex() - 1;
        if (index >= 0 && std::find(out.begin(), out.end(), index) == out.end()) out.push_back(index);
    }
    return out;
}

void PairPlot::setChosen(const std::vector<int>& indices) {
    for (std::size_t k = 0; k < choosers_.size(); ++k) {
        const QSignalBlocker block(choosers_[k]);
        choosers_[k]->setCurrentIndex(k < indices.size() ? indices[k] + 1 : 0);
    }
    emit choiceChanged();
}

void PairPlot::setDraws(const QStringList& names, const Eigen::MatrixXd& draws, const std::vector<bool>& divergent) {
    plot_->plotLayout()->clear();
    plot_->clearPlottables();
    divergentPoints_ = 0;
    const int k = static_cast<int>(draws.cols());
    if (k < 2 || draws.rows() == 0) {
        plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, tr("Choose two to four parameters"), QFont(font().family(), 9, QFont::Bold)));
        plot_->replot();
        return;
    }
    const QFont small(font().family(), 7);
    for (int row = 0; row < k; ++row)
        for (int col = 0; col <= row; ++col) {
            auto* rect = new QCPAxisRect(plot_);
            plot_->plotLayout()->addElement(row, col, rect);
            for (QCPAxis* axis : rect->axes()) axis->setTickLabelFont(small);
            if (row == k - 1) rect->axis(QCPAxis::atBottom)->setLabel(names.value(col));
            if (col == 0 && row > 0) rect->axis(QCPAxis::atLeft)->setLabel(names.value(row));
            rect->axis(QCPAxis::atBottom)->setLabelFont(small);
            rect->axis(QCPAxis::atLeft)->setLabelFont(small);
            QCPAxis* x = rect->axis(QCPAxis::atBottom);
            QCPAxis* y = rect->axis(QCPAxis::atLeft);
            if (row == col) {
                // 30 equal bins over the draws' range.
                const double lo = draws.col(col).minCoeff(), hi = draws.col(col).maxCoeff();
                const int bins = 30;
                const double width = hi > lo ? (hi - lo) / bins : 1.0;
                QVector<double> centres(bins), counts(bins, 0.0);
                for (int b = 0; b < bins; ++b) centres[b] = lo + (b + 0.5) * width;
                for (Eigen::Index s = 0; s < draws.rows(); ++s)
                    counts[std::clamp(static_cast<int>((draws(s, col) - lo) / width), 0, bins - 1)] += 1.0;
                auto* bars = new QCPBars(x, y);
                bars->setWidth(width);
                bars->setPen(Qt::NoPen);
                bars->setBrush(classColour(0).lighter(130));
                bars->setData(centres, counts, true);
            } else {
                QVector<double> px, py, dx, dy;
                for (Eigen::Index s = 0; s < draws.rows(); ++s) {
                    const bool bad = static_cast<std::size_t>(s) < divergent.size() && divergent[static_cast<std::size_t>(s)];
                    (bad ? dx : px) << draws(s, col);
                    (bad ? dy : py) << draws(s, row);
                }
                auto* points = new QCPGraph(x, y);
                points->setLineStyle(QCPGraph::lsNone);
                QColor colour = classColour(0);
                colour.setAlpha(70);
                points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 2.5));
                points->setData(px, py);
                auto* bad = new QCPGraph(x, y);
                bad->setLineStyle(QCPGraph::lsNone);
                bad->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(220, 20, 20), QColor(220, 20, 20), 5));
                bad->setData(dx, dy);
                if (row == k - 1 && col == 0) divergentPoints_ = static_cast<int>(dx.size());
            }
            x->rescale();
            y->rescale();
            x->scaleRange(1.05);
            y->scaleRange(1.05);
            if (row == col) y->setRangeLower(0);
        }
    // Empty cells above the diagonal keep the grid square.
    for (int row = 0; row < k; ++row)
        for (int col = row + 1; col < k; ++col) plot_->plotLayout()->addElement(row, col, new QCPLayoutElement(plot_));
    plot_->replot();
}

} // namespace genrelab

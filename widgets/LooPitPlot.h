#pragma once
// LOO-PIT of the training rows (eval/LooPit): the ECDF of the randomized PIT values minus the
// uniform CDF, inside the simultaneous 95% band. Inside the band: the leave-one-out predictive
// is calibrated; an S shape below then above zero: predictions too wide (underconfident);
// above then below: too narrow (overconfident).
#include "eval/RankUniformity.h"

#include <QWidget>

#include <vector>

class QCustomPlot;

namespace genrelab {

class LooPitPlot : public QWidget {
    Q_OBJECT
public:
    explicit LooPitPlot(QWidget* parent = nullptr);
    // pit: one value per row (NaN rows are left out of the counts; the band is for the others).
    // An empty pit shows `note` instead.
    // `band`, when given, is the simultaneous band for the finite values (computed off the GUI
    // thread: the bisection over binomial quantiles takes 50 ms at 2,000 values and 100 points).
    void setPit(const std::vector<double>& pit, const QString& title, const QString& note = QString(), const EcdfBand* band = nullptr);
    QCustomPlot* plot() const { return plot_; }
    bool outsideBand() const { return outside_; }

private:
    QCustomPlot* plot_;
    bool outside_ = false;
};

} // namespace genrelab

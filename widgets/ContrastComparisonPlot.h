#pragma once
// Two fits' class contrasts (eval/ClassContrasts) against each other: each contrast a point at
// (mean in the reference fit, mean in the other), with +-1 posterior sd bars of each fit, beside
// the diagonal of agreement. Points off the diagonal: the fits disagree on what the data say;
// vertical bars shorter than horizontal ones: the other fit (mean-field VI, typically) is too
// narrow.
#include "eval/ClassContrasts.h"

#include <QWidget>

#include <vector>

class QCustomPlot;

namespace genrelab {

class ContrastComparisonPlot : public QWidget {
    Q_OBJECT
public:
    explicit ContrastComparisonPlot(QWidget* parent = nullptr);
    // rows: A (the y axis) against B (the x axis, the reference); empty rows show `note`.
    void setComparison(const std::vector<ContrastAgreement>& rows, const QString& nameA, const QString& nameB, const QString& note = QString());
    QCustomPlot* plot() const { return plot_; }
    int pointCount() const;

private:
    QCustomPlot* plot_;
};

} // namespace genrelab

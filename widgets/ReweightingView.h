#pragma once
// The Model section's "after the fit" box: the fit's draws re-weighted to the builder's current
// priors (eval/PriorReweighting.h): the re-weighting's Pareto k-hat and whether to trust it,
// elpd_loo, test accuracy and log predictive, and the main parameters' means and 90% intervals
// beside the fitted ones. Above k-hat 0.7 it offers a refit from the current fit.
#include "eval/PriorReweighting.h"

#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QTableWidget;

namespace genrelab {

class ReweightingView : public QWidget {
    Q_OBJECT
public:
    explicit ReweightingView(QWidget* parent = nullptr);

    // basis: the draws behind the numbers (names, fitted means); milliseconds: the update's time.
    void setPosterior(const ReweightedPosterior& posterior, const ReweightingBasis& basis, double milliseconds, bool fittedPrior);
    // No numbers: why (no fit yet, another model, gathering the draws).
    void setMessage(const QString& message);

    QLabel* status() const { return status_; }
    QLabel* metrics() const { return metrics_; }
    QTableWidget* table() const { return table_; }
    QPushButton* refitButton() const { return refit_; }

signals:
    void refitRequested();

private:
    QLabel* status_;
    QLabel* metrics_;
    QTableWidget* table_;
    QPushButton* refit_;
};

} // namespace genrelab

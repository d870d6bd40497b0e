#pragma once
// Four small plots of what the priors mean: mu_beta and sigma_beta densities, the implied
// prior of one coefficient, and the prior-predictive class distribution.
#include "models/PriorPreview.h"

#include <QWidget>

#include <string>
#include <vector>

class QCustomPlot;

namespace genrelab {

class PriorPreviewPlot : public QWidget {
    Q_OBJECT
public:
    explicit PriorPreviewPlot(QWidget* parent = nullptr);
    void setPreview(const PriorPreview& preview, const std::vector<std::string>& classNames);
    const PriorPreview& preview() const { return preview_; }
    QCustomPlot* muPlot() const { return mu_; }
    QCustomPlot* sigmaPlot() const { return sigma_; }
    QCustomPlot* coefficientPlot() const { return coefficient_; }
    QCustomPlot* classPlot() const { return classes_; }

private:
    PriorPreview preview_;
    QCustomPlot *mu_, *sigma_, *coefficient_, *classes_;
};

} // namespace genrelab

#pragma once
// Coefficient forest plot: for one class, each feature's posterior mean with its 5-95% interval.
#include "eval/Summary.h"

#include <QWidget>

#include <string>
#include <vector>

class QComboBox;
class QCustomPlot;

namespace genrelab {

class ForestPlot : public QWidget {
    Q_OBJECT
public:
    explicit ForestPlot(QWidget* parent = nullptr);
    // betas: the summaries of beta[feature, class], features x classes column-major (the
    // layout's order); empty for a model without linear coefficients.
    void setCoefficients(const std::vector<ParameterSummary>& betas, const std::vector<std::string>& features,
                         const std::vector<std::string>& classes);
    void setClass(int index);
    QCustomPlot* plot() const { return plot_; }
    int rows() const { return rows_; }

private:
    void refresh();
    std::vector<ParameterSummary> betas_;  // D x C, column-major like the layout
    std::vector<std::string> features_, classes_;
    QComboBox* class_;
    QCustomPlot* plot_;
    int rows_ = 0;
};

} // namespace genrelab

#pragma once
// One SBC quantity seen two ways: its rank histogram (with the count a uniform rank gives per
// bin) and the difference between its rank ECDF and the uniform CDF inside the simultaneous
// band (Säilynoja et al. 2022). A calibrated inference keeps the bars level and the line
// inside the band.
#include <QWidget>

class QCustomPlot;

namespace genrelab {

struct SbcResult;

class SbcQuantityPlots : public QWidget {
    Q_OBJECT
public:
    explicit SbcQuantityPlots(QWidget* parent = nullptr);
    // Shows quantity `index` of result; an empty result or an index out of range clears both.
    void setQuantity(const SbcResult& result, int index);
    QCustomPlot* histogram() const { return histogram_; }
    QCustomPlot* ecdfDifference() const { return ecdf_; }

private:
    QCustomPlot *histogram_, *ecdf_;
};

} // namespace genrelab

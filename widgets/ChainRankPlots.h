#pragma once
// Rank plots of one parameter (Vehtari et al. 2021): per chain, the histogram of its draws'
// ranks among all chains' draws (a chain that samples what the others sample spreads its ranks
// evenly: flat bars at the dashed line), and the difference between the ECDF of its fractional
// ranks and the uniform CDF inside the simultaneous 95% band of that many independent draws.
#include <QWidget>

class QCustomPlot;

namespace genrelab {

struct ChainRanks;

class ChainRankPlots : public QWidget {
    Q_OBJECT
public:
    explicit ChainRankPlots(QWidget* parent = nullptr);
    // Empty ranks (too few draws, non-finite ones, one chain) clear both plots and say why: `note`,
    // or that too few finite draws were given.
    void setRanks(const QString& parameter, const ChainRanks& ranks, const QString& note = QString());
    QCustomPlot* histograms() const { return histograms_; }
    QCustomPlot* ecdfDifference() const { return ecdf_; }

private:
    QCustomPlot *histograms_, *ecdf_;
};

} // namespace genrelab

#pragma once
// Are ranks uniform? The checks of simulation-based calibration (Talts et al. 2018; Modrak et
// al. 2023) on the ranks 0..maxRank of true values among maxRank posterior draws:
// - the rank histogram and Pearson's chi-squared test of equal bin counts (the p-value),
// - the ECDF of the ranks' PIT values (1 + rank) / (1 + maxRank) at K equally spaced points with
//   simultaneous bands (Säilynoja, Bürkner & Vehtari 2022, "Graphical test for discrete
//   uniformity and its applications in goodness-of-fit evaluation and multiple sample
//   comparison", Statistics and Computing 32:32): pointwise binomial intervals at level
//   1 - gamma, gamma chosen so that a uniform sample's ECDF stays inside all of them at once
//   with the wanted probability. The computation follows the SBC R package (hyunjimoon/SBC,
//   R/calculate.R: adjust_gamma_optimize, p_interior, ecdf_intervals; R/plot.R:
//   data_for_ecdf_plots with K = min(maxRank + 1, N)). Where R minimizes |coverage - level|
//   over gamma, this takes the largest gamma whose coverage is at least the level, so a band
//   is never narrower than the level promises.
#include <span>
#include <vector>

namespace genrelab {

// The number of draws below the true value: the SBC rank, 0..draws.size().
int sbcRank(double trueValue, std::span<const double> draws);

// Smallest x with P(X <= x) >= p for X ~ Binomial(n, z) (R's qbinom).
int binomialQuantile(double p, int n, double z);
// P(X = x) for X ~ Binomial(n, z).
double binomialProbability(int x, int n, double z);

// Pointwise bands for the ECDF (as counts out of n) of n uniform values at z_i = i / k,
// i = 0..k: lower_i = qbinom(gamma / 2, n, z_i), upper_i = qbinom(1 - gamma / 2, n, z_i).
struct EcdfBand {
    int samples = 0;                  // n
    int points = 0;                   // k
    double gamma = 0.0;               // pointwise level 1 - gamma
    double level = 0.0;               // the simultaneous level asked for
    std::vector<double> z;            // k + 1 points, 0 .. 1
    std::vector<int> lower, upper;    // counts
};
EcdfBand ecdfBandForGamma(int samples, int points, double gamma);
// The probability that the ECDF of `samples` uniform values stays inside the band at every z_i.
double ecdfBandCoverage(const EcdfBand& band);
// The simultaneous band: the largest gamma in (0, 1 - level) whose coverage is at least level.
EcdfBand simultaneousEcdfBand(int samples, int points, double level = 0.95);

// Counts of PIT values (1 + rank) / (1 + maxRank) at or below each band point z_i.
std::vector<int> rankEcdfCounts(std::span<const int> ranks, int maxRank, int points);

// Equal-width bins over the maxRank + 1 rank values: the most bins (at most 20) that divide
// them evenly and expect at least 5 ranks each; 0 when fewer than two bins would.
int rankHistogramBins(int simulations, int maxRank);
std::vector<int> rankHistogram(std::span<const int> ranks, int maxRank, int bins);
// Pearson's chi-squared test of equal counts, bins - 1 degrees of freedom; NaN without two bins.
double rankChiSquaredPValue(std::span<const int> ranks, int maxRank, int bins);

// Everything SBC reports about one quantity's ranks.
struct RankUniformity {
    int maxRank = 0;
    std::vector<int> histogram;        // rankHistogramBins bins
    double pValue = 0.0;               // chi-squared; NaN when too few simulations for two bins
    std::vector<int> ecdfCounts;       // at band.z
    bool outsideBand = false;          // an ECDF count below band.lower or above band.upper
};
// The band is shared by every quantity with the same simulations and maxRank.
RankUniformity rankUniformity(std::span<const int> ranks, int maxRank, const EcdfBand& band);

} // namespace genrelab

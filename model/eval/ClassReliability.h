#pragma once
// How far one class's predicted probability can be taken at its word, one-vs-rest: for class c,
// each row's forecast p(c) against its outcome (1 when the row is of class c, else 0). Two views:
// - CORP (Dimitriadis, Gneiting & Jordan 2021, "Stable reliability diagrams for probabilistic
//   classifiers", PNAS 118(8) e2016191118): the isotonic regression of the outcomes on the
//   forecasts (the pool-adjacent-violators algorithm, PAVA) estimates the conditional event
//   probability P(y = c | p(c)); a calibrated forecast lies on the diagonal. Its consistency
//   band: outcomes resampled as if the forecasts were calibrated (y* ~ Bernoulli(p(c))), each
//   resample fitted again, pointwise quantiles of the fits. The observed fit outside the band
//   is miscalibration that chance alone rarely produces. The Brier score splits exactly into
//   miscalibration (MCB), discrimination (DSC) and uncertainty (UNC): Brier = MCB - DSC + UNC.
// - Bins: equal-width bins of p(c); per bin the mean forecast, the observed frequency of c and
//   its 95% Wilson score interval (Wilson 1927).
#include <Eigen/Core>

#include <cstdint>
#include <span>
#include <vector>

namespace genrelab {

// One block of an isotonic fit: the rows whose forecasts lie in [forecastFrom, forecastTo]
// share the fitted value, their mean outcome.
struct IsotonicBlock {
    double forecastFrom = 0, forecastTo = 0;
    double fitted = 0;
    long rows = 0;
};

// The non-decreasing least-squares fit of outcomes on forecasts (PAVA), blocks in increasing
// forecast order, each a step of the fit (neighbouring blocks differ); rows with equal forecasts
// always share a block, so the fit is a function of the forecast. Throws std::invalid_argument for spans of different sizes or non-finite values.
std::vector<IsotonicBlock> isotonicFit(std::span<const double> forecasts, std::span<const double> outcomes);
// The fit as a step function of the forecast: the value of the last block starting at or below
// x (the first block's value below it). NaN for an empty fit.
double isotonicValueAt(const std::vector<IsotonicBlock>& fit, double x);

// The Wilson score interval of a proportion `successes / trials` at normal quantile z; NaN
// without trials.
struct ProportionInterval {
    double lower = 0, upper = 0;
};
ProportionInterval wilsonInterval(long successes, long trials, double z = 1.959963984540054);

// One equal-width bin of the forecasts, [from, to) (the last includes 1). Empty: NaN means.
struct ClassReliabilityBin {
    double from = 0, to = 0;
    long rows = 0;
    double meanForecast = 0, observed = 0;
    ProportionInterval interval;  // of `observed`, 95% Wilson
};

struct ClassReliabilityOptions {
    int bins = 10;
    int resamples = 400;        // of the consistency band
    double bandLevel = 0.9;     // pointwise; CORP's default
    int bandPoints = 101;       // forecasts at which the band is given, evenly spaced over the observed range
    std::uint64_t seed = 1;
};

struct ClassReliability {
    long rows = 0, events = 0;                // rows, and rows of the class
    std::vector<IsotonicBlock> isotonic;      // CORP's recalibrated forecast
    std::vector<double> bandForecasts;        // bandPoints forecasts
    std::vector<double> bandLower, bandUpper; // the consistency band at bandForecasts
    double bandLevel = 0;
    int resamples = 0;
    // Mean Brier scores, CORP's decomposition: brier = miscalibration - discrimination + uncertainty.
    double brier = 0, miscalibration = 0, discrimination = 0, uncertainty = 0;
    std::vector<ClassReliabilityBin> bins;
};

// From forecasts in [0, 1] and outcomes 0 or 1. With no rows every number is NaN and every list
// empty. Throws std::invalid_argument for mismatched sizes, values outside [0, 1] or options out
// of range (bins, resamples, bandPoints >= 1; bandLevel in (0, 1)).
ClassReliability reliabilityOf(std::span<const double> forecasts, std::span<const double> outcomes,
                               const ClassReliabilityOptions& options = {});
// Class c of probabilities (rows x classes) against labels, one-vs-rest.
ClassReliability classReliability(const Eigen::MatrixXd& probabilities, const Eigen::VectorXi& labels, int classIndex,
                                  const ClassReliabilityOptions& options = {});

} // namespace genrelab

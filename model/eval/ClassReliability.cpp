#include "eval/ClassReliability.h"

#include "util/Rng.h"
#include "util/Stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace genrelab {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Rows grouped by equal forecast, in increasing forecast order.
struct ForecastGroups {
    std::vector<double> forecast;   // per group
    std::vector<long> rows;         // per group
    std::vector<std::size_t> groupOfRow;
};

ForecastGroups groupForecasts(std::span<const double> forecasts) {
    std::vector<std::size_t> order(forecasts.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return forecasts[a] < forecasts[b]; });
    ForecastGroups groups;
    groups.groupOfRow.resize(forecasts.size());
    for (std::size_t i : order) {
        if (groups.forecast.empty() || forecasts[i] != groups.forecast.back()) {
            groups.forecast.push_back(forecasts[i]);
            groups.rows.push_back(0);
        }
        ++groups.rows.back();
        groups.groupOfRow[i] = groups.forecast.size() - 1;
    }
    return groups;
}

// PAVA over the groups: outcome sums per group in, blocks of consecutive groups out.
struct Pooled {
    std::size_t firstGroup, lastGroup;
    double sum;
    long rows;
    double mean() const { return sum / static_cast<double>(rows); }
};

std::vector<Pooled> poolAdjacentViolators(const ForecastGroups& groups, const std::vector<double>& outcomeSums) {
    std::vector<Pooled> blocks;
    blocks.reserve(groups.forecast.size());
    for (std::size_t g = 0; g < groups.forecast.size(); ++g) {
        blocks.push_back({g, g, outcomeSums[g], groups.rows[g]});
        // A block below its predecessor violates the order: pool the two, and again backwards.
        // Blocks of equal means are pooled too, so the blocks are the fit's steps (means compared
        // cross-multiplied: exact for the integer sums of 0/1 outcomes).
        const auto notBelow = [](const Pooled& earlier, const Pooled& later) {
            return earlier.sum * static_cast<double>(later.rows) >= later.sum * static_cast<double>(earlier.rows);
        };
        while (blocks.size() >= 2 && notBelow(blocks[blocks.size() - 2], blocks.back())) {
            const Pooled last = blocks.back();
            blocks.pop_back();
            blocks.back().lastGroup = last.lastGroup;
            blocks.back().sum += last.sum;
            blocks.back().rows += last.rows;
        }
    }
    return blocks;
}

void checkSpans(std::span<const double> forecasts, std::span<const double> outcomes) {
    if (forecasts.size() != outcomes.size()) throw std::invalid_argument("forecasts and outcomes differ in length");
    for (std::size_t i = 0; i < forecasts.size(); ++i)
        if (!std::isfinite(forecasts[i]) || !std::isfinite(outcomes[i]))
            throw std::invalid_argument("a forecast or outcome is not a finite number");
}

} // namespace

std::vector<IsotonicBlock> isotonicFit(std::span<const double> forecasts, std::span<const double> outcomes) {
    checkSpans(forecasts, outcomes);
    const ForecastGroups groups = groupForecasts(forecasts);
    std::vector<double> sums(groups.forecast.size(), 0.0);
    for (std::size_t i = 0; i < outcomes.size(); ++i) sums[groups.groupOfRow[i]] += outcomes[i];
    std::vector<IsotonicBlock> fit;
    for (const Pooled& block : poolAdjacentViolators(groups, sums))
        fit.push_back({groups.forecast[block.firstGroup], groups.forecast[block.lastGroup], block.mean(), block.rows});
    return fit;
}

double isotonicValueAt(const std::vector<IsotonicBlock>& fit, double x) {
    if (fit.empty()) return kNaN;
    const auto after = std::upper_bound(fit.begin(), fit.end(), x, [](double v, const IsotonicBlock& b) { return v < b.forecastFrom; });
    return after == fit.begin() ? fit.front().fitted : std::prev(after)->fitted;
}

ProportionInterval wilsonInterval(long successes, long trials, double z) {
    if (trials <= 0) return {kNaN, kNaN};
    const double n = static_cast<double>(trials), p = static_cast<double>(successes) / n, z2 = z * z;
    const double centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    const double half = z / (1.0 + z2 / n) * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

ClassReliability reliabilityOf(std::span<const double> forecasts, std::span<const double> outcomes, const ClassReliabilityOptions& options) {
    checkSpans(forecasts, outcomes);
    if (options.bins < 1 || options.resamples < 1 || options.bandPoints < 1 || !(options.bandLevel > 0.0 && options.bandLevel < 1.0))
        throw std::invalid_argument("reliability options out of range");
    for (std::size_t i = 0; i < forecasts.size(); ++i) {
        if (forecasts[i] < 0.0 || forecasts[i] > 1.0) throw std::invalid_argument("a forecast lies outside [0, 1]");
        if (outcomes[i] != 0.0 && outcomes[i] != 1.0) throw std::invalid_argument("an outcome is neither 0 nor 1");
    }
    ClassReliability out;
    out.bandLevel = options.bandLevel;
    out.resamples = options.resamples;
    out.rows = static_cast<long>(forecasts.size());
    for (double y : outcomes) out.events += y == 1.0 ? 1 : 0;
    const auto binCount = static_cast<std::size_t>(options.bins);
    out.bins.resize(binCount);
    for (std::size_t b = 0; b < binCount; ++b) {
        out.bins[b].from = static_cast<double>(b) / options.bins;
        out.bins[b].to = static_cast<double>(b + 1) / options.bins;
    }
    if (forecasts.empty()) {
        out.brier = out.miscalibration = out.discrimination = out.uncertainty = kNaN;
        for (ClassReliabilityBin& bin : out.bins) {
            bin.meanForecast = bin.observed = kNaN;
            bin.interval = {kNaN, kNaN};
        }
        return out;
    }

    // Bins: [b / B, (b + 1) / B), the last one closed.
    std::vector<long> binEvents(binCount, 0);
    std::vector<double> binForecastSum(binCount, 0.0);
    for (std::size_t i = 0; i < forecasts.size(); ++i) {
        const auto b = std::min(binCount - 1, static_cast<std::size_t>(forecasts[i] * options.bins));
        ++out.bins[b].rows;
        binForecastSum[b] += forecasts[i];
        binEvents[b] += outcomes[i] == 1.0 ? 1 : 0;
    }
    for (std::size_t b = 0; b < binCount; ++b) {
        ClassReliabilityBin& bin = out.bins[b];
        const double rows = static_cast<double>(bin.rows);
        bin.meanForecast = bin.rows > 0 ? binForecastSum[b] / rows : kNaN;
        bin.observed = bin.rows > 0 ? static_cast<double>(binEvents[b]) / rows : kNaN;
        bin.interval = wilsonInterval(binEvents[b], bin.rows);
    }

    // CORP: the isotonic fit and the Brier score's decomposition.
    const ForecastGroups groups = groupForecasts(forecasts);
    std::vector<double> sums(groups.forecast.size(), 0.0);
    for (std::size_t i = 0; i < outcomes.size(); ++i) sums[groups.groupOfRow[i]] += outcomes[i];
    for (const Pooled& block : poolAdjacentViolators(groups, sums))
        out.isotonic.push_back({groups.forecast[block.firstGroup], groups.forecast[block.lastGroup], block.mean(), block.rows});
    const double rows = static_cast<double>(out.rows), baseRate = static_cast<double>(out.events) / rows;
    double scoreForecast = 0.0, scoreRecalibrated = 0.0, scoreClimatology = 0.0;
    for (std::size_t i = 0; i < forecasts.size(); ++i) {
        const double recalibrated = isotonicValueAt(out.isotonic, forecasts[i]);
        scoreForecast += (forecasts[i] - outcomes[i]) * (forecasts[i] - outcomes[i]);
        scoreRecalibrated += (recalibrated - outcomes[i]) * (recalibrated - outcomes[i]);
        scoreClimatology += (baseRate - outcomes[i]) * (baseRate - outcomes[i]);
    }
    out.brier = scoreForecast / rows;
    out.miscalibration = (scoreForecast - scoreRecalibrated) / rows;
    out.discrimination = (scoreClimatology - scoreRecalibrated) / rows;
    out.uncertainty = scoreClimatology / rows;

    // The consistency band: outcomes drawn as if calibrated, fitted again, read at the grid.
    const double lowest = groups.forecast.front(), highest = groups.forecast.back();
    const auto points = static_cast<std::size_t>(options.bandPoints);
    std::vector<std::size_t> groupAtPoint(points);
    for (std::size_t k = 0; k < points; ++k) {
        const double x = points == 1 ? lowest : lowest + (highest - lowest) * static_cast<double>(k) / static_cast<double>(points - 1);
        out.bandForecasts.push_back(x);
        const auto after = std::upper_bound(groups.forecast.begin(), groups.forecast.end(), x);
        groupAtPoint[k] = after == groups.forecast.begin() ? 0 : static_cast<std::size_t>(after - groups.forecast.begin()) - 1;
    }
    std::vector<std::vector<double>> atPoint(points, std::vector<double>(static_cast<std::size_t>(options.resamples)));
    std::vector<double> fittedOfGroup(groups.forecast.size());
    Rng rng(options.seed);
    for (int s = 0; s < options.resamples; ++s) {
        std::fill(sums.begin(), sums.end(), 0.0);
        for (std::size_t i = 0; i < forecasts.size(); ++i) sums[groups.groupOfRow[i]] += rng.bernoulli(forecasts[i]) ? 1.0 : 0.0;
        for (const Pooled& block : poolAdjacentViolators(groups, sums))
            std::fill(fittedOfGroup.begin() + static_cast<std::ptrdiff_t>(block.firstGroup),
                      fittedOfGroup.begin() + static_cast<std::ptrdiff_t>(block.lastGroup) + 1, block.mean());
        for (std::size_t k = 0; k < points; ++k) atPoint[k][static_cast<std::size_t>(s)] = fittedOfGroup[groupAtPoint[k]];
    }
    for (std::vector<double>& values : atPoint) {
        std::sort(values.begin(), values.end());
        out.bandLower.push_back(stats::quantileOfSorted(values, (1.0 - options.bandLevel) / 2.0));
        out.bandUpper.push_back(stats::quantileOfSorted(values, (1.0 + options.bandLevel) / 2.0));
    }
    return out;
}

ClassReliability classReliability(const Eigen::MatrixXd& probabilities, const Eigen::VectorXi& labels, int classIndex,
                                  const ClassReliabilityOptions& options) {
    if (probabilities.rows() != labels.size()) throw std::invalid_argument("probabilities and labels differ in rows");
    if (classIndex < 0 || classIndex >= probabilities.cols()) throw std::invalid_argument("no such class");
    std::vector<double> forecasts(static_cast<std::size_t>(labels.size())), outcomes(forecasts.size());
    for (Eigen::Index i = 0; i < labels.size(); ++i) {
        forecasts[static_cast<std::size_t>(i)] = std::clamp(probabilities(i, classIndex), 0.0, 1.0);
        outcomes[static_cast<std::size_t>(i)] = labels(i) == classIndex ? 1.0 : 0.0;
    }
    return reliabilityOf(forecasts, outcomes, options);
}

} // namespace genrelab

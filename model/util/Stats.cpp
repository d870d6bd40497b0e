#include "util/Stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace genrelab::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool hasNaN(std::span<const double> values) {
    return std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); });
}

std::span<const double> spanOf(const Eigen::Ref<const Eigen::VectorXd>& values) {
    return {values.data(), static_cast<std::size_t>(values.size())};
}

Eigen::Map<const Eigen::VectorXd> mapOf(std::span<const double> values) {
    return {values.data(), static_cast<Eigen::Index>(values.size())};
}

// The sum of f(v) in one fixed order (four interleaved partial sums), wherever the values lie in
// memory. Eigen's vectorized sum starts its packets at the first aligned element, so the same
// values at another address could sum differently in the last bit, and a rerun would not print
// the same digits.
template <typename F>
double orderedSum(std::span<const double> values, F f) {
    double partial[4] = {0.0, 0.0, 0.0, 0.0};
    std::size_t i = 0;
    for (; i + 4 <= values.size(); i += 4)
        for (std::size_t k = 0; k < 4; ++k) partial[k] += f(values[i + k]);
    for (std::size_t k = 0; i < values.size(); ++i, ++k) partial[k] += f(values[i]);
    return (partial[0] + partial[1]) + (partial[2] + partial[3]);
}

double plainMean(std::span<const double> values) {
    return orderedSum(values, [](double v) { return v; }) / static_cast<double>(values.size());
}

} // namespace

double quantileOfSorted(std::span<const double> sorted, double p) {
    if (sorted.empty() || !(p >= 0.0 && p <= 1.0) || hasNaN(sorted)) return kNaN;
    const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double quantile(std::span<const double> values, double p) {
    if (hasNaN(values)) return kNaN;
    std::vector<double> sorted(values.begin(), values.end());
    std::sort(sorted.begin(), sorted.end());
    return quantileOfSorted(sorted, p);
}

double quantile(const Eigen::Ref<const Eigen::VectorXd>& values, double p) { return quantile(spanOf(values), p); }

std::vector<double> quantiles(std::span<const double> values, std::span<const double> ps) {
    std::vector<double> sorted(values.begin(), values.end());
    if (!hasNaN(sorted)) std::sort(sorted.begin(), sorted.end());
    std::vector<double> out;
    out.reserve(ps.size());
    for (double p : ps) out.push_back(quantileOfSorted(sorted, p));
    return out;
}

double medianOfSorted(std::span<const double> sorted) {
    const std::size_t n = sorted.size();
    if (n == 0 || hasNaN(sorted)) return kNaN;
    return n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

double median(std::span<const double> values) {
    const std::size_t n = values.size();
    if (n == 0 || hasNaN(values)) return kNaN;
    std::vector<double> v(values.begin(), values.end());
    const auto middle = v.begin() + static_cast<std::ptrdiff_t>(n / 2);
    std::nth_element(v.begin(), middle, v.end());  // linear time: no full sort for one order statistic
    if (n % 2) return *middle;
    return 0.5 * (*std::max_element(v.begin(), middle) + *middle);
}

double median(const Eigen::Ref<const Eigen::VectorXd>& values) { return median(spanOf(values)); }

std::vector<double> averageRanks(std::span<const double> values) {
    const std::size_t n = values.size();
    std::vector<double> ranks(n, kNaN);
    if (hasNaN(values)) return ranks;
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j + 1 < n && values[order[j + 1]] == values[order[i]]) ++j;
        const double rank = 0.5 * static_cast<double>(i + j) + 1.0;  // mean of the 1-based ranks i+1 .. j+1
        for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = rank;
        i = j + 1;
    }
    return ranks;
}

double mean(std::span<const double> values) {
    if (values.empty()) return kNaN;
    const double plain = plainMean(values);
    if (std::isfinite(plain) || !mapOf(values).allFinite()) return plain;
    // Finite values whose sum overflows (1e308 + 1e308): the mean of the values divided by the
    // largest magnitude, scaled back, is finite. Only on overflow, so ordinary data keep their bits.
    const double largest = mapOf(values).cwiseAbs().maxCoeff();
    return largest * (orderedSum(values, [largest](double v) { return v / largest; }) / static_cast<double>(values.size()));
}

double mean(const Eigen::Ref<const Eigen::VectorXd>& values) { return mean(spanOf(values)); }

double sampleVariance(std::span<const double> values) {
    if (values.size() < 2) return kNaN;
    const double m = plainMean(values);
    return orderedSum(values, [m](double v) { return (v - m) * (v - m); }) / static_cast<double>(values.size() - 1);
}

double sampleVariance(const Eigen::Ref<const Eigen::VectorXd>& values) { return sampleVariance(spanOf(values)); }

double sampleSd(std::span<const double> values) {
    const double variance = sampleVariance(values);
    if (std::isfinite(variance) || std::isnan(variance) || !mapOf(values).allFinite()) return std::sqrt(variance);
    // The variance of finite values can overflow where their sd does not (sd 1e200, variance
    // 1e400): the sd of the values divided by the largest magnitude, scaled back.
    const double largest = mapOf(values).cwiseAbs().maxCoeff();
    const Eigen::VectorXd scaled = mapOf(values) / largest;
    return largest * std::sqrt(sampleVariance(spanOf(scaled)));
}

double sampleSd(const Eigen::Ref<const Eigen::VectorXd>& values) { return sampleSd(spanOf(values)); }

double standardErrorOfMean(std::span<const double> values) {
    return sampleSd(values) / std::sqrt(static_cast<double>(values.size()));
}

} // namespace genrelab::stats

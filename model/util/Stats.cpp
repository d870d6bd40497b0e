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

// Eigen's reductions, so every caller's mean and variance agree to the bit with each other.
Eigen::Map<const Eigen::VectorXd> mapOf(std::span<const double> values) {
    return {values.data(), static_cast<Eigen::Index>(values.size())};
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
    const double plain = mapOf(values).mean();
    if (std::isfinite(plain) || !mapOf(values).allFinite()) return plain;
    // Finite values whose sum overflows (1e308 + 1e308): the mean of the values divided by the
    // largest magnitude, scaled back, is finite. Only on overflow, so ordinary data keep their bits.
    const double largest = mapOf(values).cwiseAbs().maxCoeff();
    return largest * (mapOf(values) / largest).mean();
}

double mean(const Eigen::Ref<const Eigen::VectorXd>& values) { return mean(spanOf(values)); }

double sampleVariance(std::span<const double> values) {
    if (values.size() < 2) return kNaN;
    const auto x = mapOf(values);
    const double m = x.mean();
    return (x.array() - m).square().sum() / static_cast<double>(values.size() - 1);
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

} // namespace genrelab::stats

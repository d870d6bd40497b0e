#include "util/Smoothing.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace genrelab {

namespace {

// Sums and counts of the finite values before each index, so any window's mean is two lookups.
struct PrefixSums {
    std::vector<double> sum;
    std::vector<std::size_t> count;
    explicit PrefixSums(std::span<const double> values) : sum(values.size() + 1, 0.0), count(values.size() + 1, 0) {
        for (std::size_t i = 0; i < values.size(); ++i) {
            const bool finite = std::isfinite(values[i]);
            sum[i + 1] = sum[i] + (finite ? values[i] : 0.0);
            count[i + 1] = count[i] + (finite ? 1 : 0);
        }
    }
    double mean(std::size_t begin, std::size_t end) const {  // over [begin, end)
        const std::size_t n = count[end] - count[begin];
        return n == 0 ? std::numeric_limits<double>::quiet_NaN() : (sum[end] - sum[begin]) / static_cast<double>(n);
    }
};

} // namespace

std::vector<double> centredMovingAverage(std::span<const double> values, std::size_t halfWidth, double reachPerIndex) {
    const PrefixSums prefix(values);
    const std::size_t n = values.size();
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t reach = std::min({halfWidth, i, n - 1 - i});
        if (reachPerIndex >= 0.0) reach = std::min(reach, static_cast<std::size_t>(reachPerIndex * static_cast<double>(i)));
        out[i] = prefix.mean(i - reach, i + reach + 1);
    }
    return out;
}

std::vector<double> trailingMovingAverage(std::span<const double> values, std::size_t window, std::size_t from) {
    const std::size_t n = values.size();
    window = std::max<std::size_t>(window, 1);
    std::vector<double> out;
    if (from >= n) return out;
    const std::size_t start = from >= window - 1 ? from - (window - 1) : 0;
    const PrefixSums prefix(values.subspan(start));
    out.reserve(n - from);
    for (std::size_t i = from; i < n; ++i) {
        const std::size_t end = i + 1 - start;
        out.push_back(prefix.mean(end >= window ? end - window : 0, end));
    }
    return out;
}

} // namespace genrelab

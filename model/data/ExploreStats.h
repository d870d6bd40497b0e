#pragma once
// The numbers behind the Explore plots: histograms, correlation matrices, box-plot statistics.
#include "data/Table.h"

#include <Eigen/Core>

#include <vector>

namespace genrelab {

struct Histogram {
    double lo = 0, hi = 1;
    std::vector<double> counts;  // per bin
    double binWidth() const { return counts.empty() ? 0.0 : (hi - lo) / static_cast<double>(counts.size()); }
};
// Equal-width bins over [lo, hi] (the last bin closed); NaN values are skipped.
Histogram histogram(const std::vector<double>& values, int bins, double lo, double hi);

// Present values of a numeric column, optionally only rows of one class (classIndex >= 0).
std::vector<double> columnValues(const Table& table, std::size_t column, int classIndex = -1);

// Pairwise-complete correlation of numeric columns; Spearman ranks with ties averaged.
Eigen::MatrixXd correlationMatrix(const Table& table, const std::vector<std::size_t>& columns, bool spearman);

struct BoxStats {
    double q1 = 0, median = 0, q3 = 0, lowerWhisker = 0, upperWhisker = 0;
    std::vector<double> outliers;  // beyond 1.5 IQR from the box
    std::size_t count = 0;
};
BoxStats boxStats(std::vector<double> values);

} // namespace genrelab

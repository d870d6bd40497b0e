#include "data/ExploreStats.h"

#include "util/Stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace genrelab {
namespace {

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
    const double n = static_cast<double>(a.size());
    if (a.size() < 2) return std::nan("");
    const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n, mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : std::nan("");
}

} // namespace

Histogram histogram(const std::vector<double>& values, int bins, double lo, double hi) {
    Histogram h;
    h.lo = lo;
    h.hi = hi > lo ? hi : lo + 1.0;
    h.counts.assign(static_cast<std::size_t>(std::max(1, bins)), 0.0);
    const double width = (h.hi - h.lo) / static_cast<double>(h.counts.size());
    for (double v : values) {
        if (std::isnan(v) || v < h.lo || v > h.hi) continue;
        auto b = static_cast<std::size_t>((v - h.lo) / width);
        if (b >= h.counts.size()) b = h.counts.size() - 1;
        h.counts[b] += 1.0;
    }
    return h;
}

std::vector<double> columnValues(const Table& table, std::size_t column, int classIndex) {
    const Column& c = table.column(column);
    std::vector<double> out;
    if (c.kind == ColumnKind::Text) return out;
    out.reserve(c.numbers.size());
    for (std::size_t r = 0; r < c.numbers.size(); ++r)
        if (!c.missing[r] && (classIndex < 0 || table.classOfRow()[r] == classIndex)) out.push_back(c.numbers[r]);
    return out;
}

Eigen::MatrixXd correlationMatrix(const Table& table, const std::vector<std::size_t>& columns, bool spearman) {
    const auto k = static_cast<Eigen::Index>(columns.size());
    Eigen::MatrixXd m = Eigen::MatrixXd::Identity(k, k);
    for (Eigen::Index i = 0; i < k; ++i)
        for (Eigen::Index j = i + 1; j < k; ++j) {
            const Column& a = table.column(columns[static_cast<std::size_t>(i)]);
            const Column& b = table.column(columns[static_cast<std::size_t>(j)]);
            std::vector<double> x, y;
            for (std::size_t r = 0; r < table.rows(); ++r)
                if (!a.missing[r] && !b.missing[r]) {
                    x.push_back(a.numbers[r]);
                    y.push_back(b.numbers[r]);
                }
            m(i, j) = m(j, i) = spearman ? pearson(stats::averageRanks(x), stats::averageRanks(y)) : pearson(x, y);
        }
    return m;
}

BoxStats boxStats(std::vector<double> values) {
    BoxStats s;
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
    s.count = values.size();
    if (values.empty()) return s;
    std::sort(values.begin(), values.end());
    s.q1 = stats::quantileOfSorted(values, 0.25);
    s.median = stats::quantileOfSorted(values, 0.5);  // the box's middle line is its type-7 quantile, like its edges
    s.q3 = stats::quantileOfSorted(values, 0.75);
    const double iqr = s.q3 - s.q1;
    const double lowFence = s.q1 - 1.5 * iqr, highFence = s.q3 + 1.5 * iqr;
    s.lowerWhisker = s.q1;
    s.upperWhisker = s.q3;
    for (double v : values) {
        if (v < lowFence || v > highFence) s.outliers.push_back(v);
        else {
            s.lowerWhisker = std::min(s.lowerWhisker, v);
            s.upperWhisker = std::max(s.upperWhisker, v);
        }
    }
    return s;
}

} // namespace genrelab

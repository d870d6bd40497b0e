#include "eval/ChainRanks.h"

#include "util/Stats.h"

#include <algorithm>
#include <cmath>

namespace genrelab {

EcdfBand chainRanksBand(Eigen::Index drawsPerChain, int ecdfPoints, double level) {
    const int n = static_cast<int>(drawsPerChain);
    return simultaneousEcdfBand(n, std::min(ecdfPoints, n), level);
}

ChainRanks chainRanks(const Eigen::MatrixXd& draws, int bins, int ecdfPoints, double level) {
    if (draws.rows() < 2 || ecdfPoints < 1) return {};
    return chainRanks(draws, chainRanksBand(draws.rows(), ecdfPoints, level), bins);
}

ChainRanks chainRanks(const Eigen::MatrixXd& draws, const EcdfBand& band, int bins) {
    ChainRanks out;
    const Eigen::Index n = draws.rows(), chains = draws.cols();
    if (n < 2 || chains < 1 || bins < 1 || band.samples != n || !draws.allFinite()) return out;
    out.drawsPerChain = static_cast<int>(n);
    out.bins = bins;
    // Chain after chain, as Eigen stores a column-major matrix.
    const std::vector<double> ranks = stats::averageRanks(std::span<const double>(draws.data(), static_cast<std::size_t>(draws.size())));
    const double total = static_cast<double>(draws.size());
    out.band = band;
    for (Eigen::Index c = 0; c < chains; ++c) {
        std::vector<int> histogram(static_cast<std::size_t>(bins), 0);
        std::vector<double> chainRanks;
        for (Eigen::Index s = 0; s < n; ++s) {
            const double fraction = ranks[static_cast<std::size_t>(c * n + s)] / total;
            // Bin b holds fractional ranks in (b / bins, (b + 1) / bins]; rank S falls in the last.
            const int bin = std::clamp(static_cast<int>(std::ceil(fraction * bins)) - 1, 0, bins - 1);
            ++histogram[static_cast<std::size_t>(bin)];
            chainRanks.push_back(ranks[static_cast<std::size_t>(c * n + s)]);
        }
        std::vector<int> counts;
        bool outside = false;
        for (std::size_t i = 0; i < out.band.z.size(); ++i) {
            // r / S <= i / K compared as r K <= i S: whole (or half-whole) numbers, exact in doubles.
            const double points = out.band.points, at = static_cast<double>(i) * total;
            const int count = static_cast<int>(std::count_if(chainRanks.begin(), chainRanks.end(), [&](double r) { return r * points <= at; }));
            counts.push_back(count);
            outside = outside || count < out.band.lower[i] || count > out.band.upper[i];
        }
        out.histograms.push_back(std::move(histogram));
        out.ecdfCounts.push_back(std::move(counts));
        out.outsideBand.push_back(outside);
    }
    return out;
}

} // namespace genrelab

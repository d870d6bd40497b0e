#include "eval/PsisResample.h"

#include "eval/Psis.h"
#include "util/Rng.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace genrelab {

PsisResampleResult psisResample(const Posterior& draws, const Eigen::VectorXd& logRatios, Eigen::Index count, std::uint64_t seed) {
    const PooledDraws pooled = draws.pooled();
    if (pooled.rows() != logRatios.size()) throw std::invalid_argument("psisResample: one log ratio per draw is needed");
    std::vector<Eigen::Index> finite;
    for (Eigen::Index s = 0; s < logRatios.size(); ++s)
        if (std::isfinite(logRatios[s])) finite.push_back(s);
    if (finite.empty()) throw std::invalid_argument("psisResample: no draw has a finite importance ratio");

    Eigen::VectorXd logWeights(static_cast<Eigen::Index>(finite.size()));
    for (std::size_t i = 0; i < finite.size(); ++i) logWeights[static_cast<Eigen::Index>(i)] = logRatios[finite[i]];
    PsisResampleResult result;
    result.khat = psisSmooth(logWeights, 1.0);
    if (std::isinf(result.khat)) result.khat = std::numeric_limits<double>::quiet_NaN();  // tail too short or flat to fit
    // Cumulative normalized weights; a draw is the first whose cumulative weight passes a uniform.
    const double shift = logWeights.maxCoeff();
    std::vector<double> cumulative(finite.size());
    double total = 0.0;
    for (std::size_t i = 0; i < finite.size(); ++i) cumulative[i] = total += std::exp(logWeights[static_cast<Eigen::Index>(i)] - shift);

    Rng rng(seed, 0x2E5A);
    Chain chain;
    chain.draws.resize(count, pooled.cols());
    const bool withStats = !draws.chains.empty() && !draws.chains.front().stats.empty() && draws.chainCount() == 1;
    if (withStats) chain.stats.resize(static_cast<std::size_t>(count));
    std::vector<bool> used(finite.size(), false);
    for (Eigen::Index r = 0; r < count; ++r) {
        const double u = rng.uniform() * total;
        const auto at = std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin();
        const auto i = static_cast<std::size_t>(std::min<std::ptrdiff_t>(at, static_cast<std::ptrdiff_t>(finite.size()) - 1));
        chain.draws.row(r) = pooled.row(finite[i]);
        if (withStats) chain.stats[static_cast<std::size_t>(r)] = draws.chains.front().stats[static_cast<std::size_t>(finite[i])];
        if (!used[i]) ++result.distinctDraws;
        used[i] = true;
    }
    result.posterior.method = draws.method;
    result.posterior.partial = draws.partial;
    result.posterior.seconds = draws.seconds;
    result.posterior.chains.push_back(std::move(chain));
    return result;
}

} // namespace genrelab

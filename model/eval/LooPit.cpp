#include "eval/LooPit.h"

#include "eval/Psis.h"
#include "util/ParallelFor.h"
#include "util/Rng.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace genrelab {

Eigen::VectorXd looPitFromLikelihood(const Eigen::MatrixXd& logLik, const Eigen::MatrixXd& below, const Eigen::VectorXd& rEff,
                                     const Eigen::VectorXd& logCorrection, const Eigen::VectorXd& uniforms) {
    const Eigen::Index rows = logLik.cols();
    Eigen::VectorXd pit(rows);
    Eigen::VectorXd logWeights(logLik.rows());
    for (Eigen::Index i = 0; i < rows; ++i) {
        logWeights = -logLik.col(i);
        if (logCorrection.size() > 0) logWeights += logCorrection;
        psisSmooth(logWeights, rEff.size() > 0 ? rEff[i] : 1.0);
        const double top = logWeights.maxCoeff();
        if (!std::isfinite(top)) {
            pit[i] = std::numeric_limits<double>::quiet_NaN();
            continue;
        }
        const Eigen::ArrayXd w = (logWeights.array() - top).exp();
        const Eigen::ArrayXd cdf = below.col(i).array() + uniforms[i] * logLik.col(i).array().exp();
        // Rounding can carry a sum of probabilities a hair past 1.
        pit[i] = std::clamp((w * cdf).sum() / w.sum(), 0.0, 1.0);
    }
    return pit;
}

Eigen::VectorXd looPit(const LogDensity& model, const Posterior& posterior, const Design& rows, const Eigen::VectorXi& y,
                       const Eigen::VectorXd& rEff, const Eigen::VectorXd& logCorrection, std::uint64_t seed, int threads) {
    const PooledDraws pooled = posterior.pooled();
    const Eigen::Index draws = pooled.rows(), n = rows.x.rows();
    Eigen::MatrixXd logLik(draws, n), below(draws, n);
    parallelFor(static_cast<std::size_t>(draws), threads, [&](std::size_t task, const CancellationToken&) {
        const auto s = static_cast<Eigen::Index>(task);
        const Eigen::MatrixXd p = model.classProbabilities(pooled.row(s).transpose(), rows);
        for (Eigen::Index i = 0; i < n; ++i) {
            logLik(s, i) = std::log(p(i, y[i]));
            below(s, i) = p.row(i).head(y[i]).sum();
        }
    });
    Rng rng(seed);
    Eigen::VectorXd uniforms(n);
    for (Eigen::Index i = 0; i < n; ++i) uniforms[i] = rng.uniform();
    return looPitFromLikelihood(logLik, below, rEff, logCorrection, uniforms);
}

std::vector<int> ecdfCountsAt(std::span<const double> values, const std::vector<double>& z) {
    std::vector<int> counts;
    counts.reserve(z.size());
    for (double at : z) counts.push_back(static_cast<int>(std::count_if(values.begin(), values.end(), [&](double v) { return v <= at; })));
    return counts;
}

} // namespace genrelab

#include "eval/PointwiseLogLik.h"

#include "util/ParallelFor.h"

#include <cmath>
#include <stdexcept>

namespace genrelab {

Eigen::MatrixXd pointwiseLogLikelihood(const LogDensity& model, const Posterior& posterior, const Eigen::MatrixXd& x,
                                       const Eigen::VectorXi& y, int threads) {
    return pointwiseLogLikelihood(model, posterior, Design{x, {}, {}, {}, {}, {}}, y, threads);
}

Eigen::MatrixXd pointwiseLogLikelihood(const LogDensity& model, const Posterior& posterior, const Design& rows,
                                       const Eigen::VectorXi& y, int threads) {
    const Eigen::MatrixXd& x = rows.x;
    if (x.rows() != y.size()) throw std::invalid_argument("pointwise log-likelihood: rows and labels differ in number");
    const PooledDraws pooled = posterior.pooled();
    Eigen::MatrixXd logLik(pooled.rows(), x.rows());
    if (logLik.size() == 0) return logLik;
    // Each task writes its own draws' rows of logLik: no shared state.
    constexpr Eigen::Index drawsPerTask = 8;
    const auto tasks = static_cast<std::size_t>((pooled.rows() + drawsPerTask - 1) / drawsPerTask);
    parallelFor(tasks, threads, [&](std::size_t task, const CancellationToken&) {
        const Eigen::Index first = static_cast<Eigen::Index>(task) * drawsPerTask;
        const Eigen::Index last = std::min(first + drawsPerTask, pooled.rows());
        for (Eigen::Index s = first; s < last; ++s) {
            const Eigen::MatrixXd p = model.classProbabilities(pooled.row(s).transpose(), rows);
            for (Eigen::Index i = 0; i < x.rows(); ++i) logLik(s, i) = std::log(p(i, y[i]));
        }
    });
    return logLik;
}

} // namespace genrelab

#include "eval/Loo.h"

#include "eval/PointwiseLogLik.h"
#include "eval/Psis.h"
#include "eval/RelativeEff.h"
#include "util/ParallelFor.h"

#include <algorithm>
#include <cmath>

namespace genrelab {
namespace {

double logSumExp(const Eigen::ArrayXd& values) {
    const double top = values.maxCoeff();
    if (!std::isfinite(top)) return top;
    return top + std::log((values - top).exp().sum());
}

// Per row: elpd_i, p_loo_i, k-hat and r_eff, into the result's pointwise vectors at `offset`.
void looRows(const Eigen::MatrixXd& logLik, std::size_t chains, const Eigen::VectorXd& logCorrection, int threads,
             LooResult& out, Eigen::Index offset) {
    const Eigen::Index draws = logLik.rows();
    constexpr Eigen::Index rowsPerTask = 64;
    const auto tasks = static_cast<std::size_t>((logLik.cols() + rowsPerTask - 1) / rowsPerTask);
    const double logDraws = std::log(static_cast<double>(draws));
    parallelFor(tasks, threads, [&](std::size_t task, const CancellationToken&) {
        const Eigen::Index first = static_cast<Eigen::Index>(task) * rowsPerTask;
        const Eigen::Index last = std::min(first + rowsPerTask, logLik.cols());
        Eigen::VectorXd logWeights(draws);
        Eigen::ArrayXd shifted(draws);
        for (Eigen::Index i = first; i < last; ++i) {
            const auto ll = logLik.col(i).array();
            const Eigen::Index at = offset + i;
            double rEff = 1.0;
            const double llMax = ll.maxCoeff();
            if (std::isfinite(llMax)) shifted = (ll - llMax).exp();  // exp(ll) up to a factor r_eff does not see
            if (logCorrection.size() == 0 && std::isfinite(llMax)) {
                rEff = relativeEfficiency(shifted.matrix(), chains);
                if (std::isnan(rEff)) rEff = 1.0;  // not computable: the tail length of independent draws
            }
            logWeights = -ll.matrix();
            if (logCorrection.size() > 0) logWeights += logCorrection;
            const double khat = psisSmooth(logWeights, rEff);
            const double lpd = std::isfinite(llMax) ? llMax + std::log(shifted.sum()) - logDraws : llMax;
            const double elpd = logSumExp(ll + logWeights.array() - logSumExp(logWeights.array()));
            out.pointwiseElpd[at] = elpd;
            out.pointwisePLoo[at] = lpd - elpd;
            out.khat[at] = khat;
            out.rEff[at] = rEff;
        }
    });
}

// Sum and its standard error sqrt(N var) (var with N - 1, as loo's table_of_estimates).
std::pair<double, double> sumAndSe(const Eigen::VectorXd& pointwise) {
    const auto n = static_cast<double>(pointwise.size());
    const double mean = pointwise.mean();
    const double variance = (pointwise.array() - mean).square().sum() / (n - 1.0);
    return {pointwise.sum(), std::sqrt(n * variance)};
}

LooResult emptyResult(Eigen::Index draws, Eigen::Index rows) {
    LooResult out;
    out.draws = draws;
    out.pointwiseElpd.resize(rows);
    out.pointwisePLoo.resize(rows);
    out.khat.resize(rows);
    out.rEff.resize(rows);
    return out;
}

void summarize(LooResult& out) {
    const Eigen::Index rows = out.pointwiseElpd.size();
    if (rows == 0) {
        out.note = "no rows to leave out";
        return;
    }
    out.khatThreshold = psisKhatThreshold(out.draws);
    std::tie(out.elpd, out.se) = sumAndSe(out.pointwiseElpd);
    std::tie(out.pLoo, out.pLooSe) = sumAndSe(out.pointwisePLoo);
    out.khatMax = out.khat.maxCoeff();
    const auto bad = (out.khat.array() > out.khatThreshold || out.khat.array().isNaN()).count();
    out.khatBadShare = static_cast<double>(bad) / static_cast<double>(rows);
    if (out.khat.array().isNaN().any()) {
        out.khatMax = LooResult::nan;
        out.note = "a row's log-likelihood is not finite under some draw (a class probability of 0)";
    }
}

} // namespace

LooResult looFromLogLikelihood(const Eigen::MatrixXd& logLik, std::size_t chains, const Eigen::VectorXd& logCorrection, int threads) {
    LooResult out = emptyResult(logLik.rows(), logLik.cols());
    if (logLik.rows() < 2) {
        out.note = "LOO needs at least 2 draws";
        return out;
    }
    looRows(logLik, chains, logCorrection, threads, out, 0);
    summarize(out);
    return out;
}

LooResult looOfPosterior(const LogDensity& model, const Posterior& posterior, const Eigen::MatrixXd& x, const Eigen::VectorXi& y,
                         const Eigen::VectorXd& logCorrection, int threads) {
    return looOfPosterior(model, posterior, Design{x, {}, {}, {}, {}, {}}, y, logCorrection, threads);
}

LooResult looOfPosterior(const LogDensity& model, const Posterior& posterior, const Design& rows, const Eigen::VectorXi& y,
                         const Eigen::VectorXd& logCorrection, int threads) {
    const Eigen::MatrixXd& x = rows.x;
    const Eigen::Index draws = posterior.pooled().rows();
    LooResult out = emptyResult(draws, x.rows());
    if (draws < 2) {
        out.note = "LOO needs at least 2 draws";
        return out;
    }
    // About 32 MB of log-likelihood at a time.
    const Eigen::Index blockRows = std::max<Eigen::Index>(1, (Eigen::Index{1} << 22) / draws);
    for (Eigen::Index first = 0; first < x.rows(); first += blockRows) {
        const Eigen::Index count = std::min(blockRows, x.rows() - first);
        const Eigen::MatrixXd logLik =
            pointwiseLogLikelihood(model, posterior, rows.middleRows(first, count), y.segment(first, count), threads);
        looRows(logLik, posterior.chainCount(), logCorrection, threads, out, first);
    }
    summarize(out);
    return out;
}

} // namespace genrelab

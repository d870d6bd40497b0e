#include "eval/LooCompare.h"

#include <Eigen/LU>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace genrelab {

std::vector<LooComparisonRow> compareLoo(const std::vector<std::string>& names, const std::vector<const LooResult*>& runs) {
    if (runs.size() < 2 || names.size() != runs.size()) throw std::invalid_argument("a LOO comparison needs two runs or more");
    const Eigen::Index rows = runs.front()->pointwiseElpd.size();
    for (std::size_t k = 0; k < runs.size(); ++k) {
        if (!runs[k]->computed())
            throw std::invalid_argument("run '" + names[k] + "' has no LOO to compare" + (runs[k]->note.empty() ? "" : ": " + runs[k]->note));
        if (runs[k]->pointwiseElpd.size() != rows)
            throw std::invalid_argument("runs '" + names.front() + "' and '" + names[k] + "' were fitted to different rows (" +
                                        std::to_string(rows) + " and " + std::to_string(runs[k]->pointwiseElpd.size()) +
                                        "): LOO compares runs on the same rows only");
    }
    Eigen::MatrixXd pointwise(rows, static_cast<Eigen::Index>(runs.size()));
    for (std::size_t k = 0; k < runs.size(); ++k) pointwise.col(static_cast<Eigen::Index>(k)) = runs[k]->pointwiseElpd;
    const Eigen::VectorXd weights = stackingWeights(pointwise);

    std::vector<std::size_t> order(runs.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return runs[a]->elpd > runs[b]->elpd; });
    const Eigen::VectorXd& best = runs[order.front()]->pointwiseElpd;
    std::vector<LooComparisonRow> table;
    for (const std::size_t k : order) {
        const LooResult& r = *runs[k];
        const Eigen::ArrayXd diff = (r.pointwiseElpd - best).array();
        LooComparisonRow row;
        row.name = names[k];
        row.elpd = r.elpd;
        row.se = r.se;
        row.elpdDiff = diff.sum();
        row.seDiff = std::sqrt(static_cast<double>(rows)) * std::sqrt((diff - diff.mean()).square().sum() / static_cast<double>(rows - 1));
        row.pLoo = r.pLoo;
        row.khatMax = r.khatMax;
        row.khatBadShare = r.khatBadShare;
        row.stackingWeight = weights[static_cast<Eigen::Index>(k)];
        table.push_back(row);
    }
    return table;
}

Eigen::VectorXd stackingWeights(const Eigen::MatrixXd& lpd) {
    const Eigen::Index n = lpd.rows(), runs = lpd.cols();
    if (runs < 2) throw std::invalid_argument("stacking weights need two runs or more");
    // Scaling a row by a constant moves the objective by a constant: the argmax stays.
    const Eigen::MatrixXd density = (lpd.colwise() - lpd.rowwise().maxCoeff()).array().exp().matrix();
    const auto objective = [&](const Eigen::VectorXd& w) { return (density * w).array().log().sum(); };
    Eigen::VectorXd w = Eigen::VectorXd::Constant(runs, 1.0 / static_cast<double>(runs));
    std::vector<bool> free(static_cast<std::size_t>(runs), true);
    const double dn = static_cast<double>(n);
    for (int iteration = 0; iteration < 500; ++iteration) {
        const Eigen::ArrayXd inverse = (density * w).array().inverse();
        const Eigen::VectorXd gradient = density.transpose() * inverse.matrix();
        const Eigen::MatrixXd hessian = -(density.transpose() * (inverse.square().matrix().asDiagonal() * density));
        std::vector<Eigen::Index> active;
        for (Eigen::Index k = 0; k < runs; ++k)
            if (free[static_cast<std::size_t>(k)]) active.push_back(k);
        const auto m = static_cast<Eigen::Index>(active.size());
        // Newton step on the free weights keeping their sum: [H -1; 1' 0] [d; mu] = [-g; 0].
        Eigen::MatrixXd system = Eigen::MatrixXd::Zero(m + 1, m + 1);
        Eigen::VectorXd rhs = Eigen::VectorXd::Zero(m + 1);
        for (Eigen::Index a = 0; a < m; ++a) {
            for (Eigen::Index b = 0; b < m; ++b) system(a, b) = hessian(active[static_cast<std::size_t>(a)], active[static_cast<std::size_t>(b)]);
            system(a, a) -= 1e-12 * dn;  // keeps identical runs solvable
            system(a, m) = -1.0;
            system(m, a) = 1.0;
            rhs[a] = -gradient[active[static_cast<std::size_t>(a)]];
        }
        const Eigen::VectorXd solution = system.fullPivLu().solve(rhs);
        Eigen::VectorXd step = Eigen::VectorXd::Zero(runs);
        for (Eigen::Index a = 0; a < m; ++a) step[active[static_cast<std::size_t>(a)]] = solution[a];
        if (step.lpNorm<Eigen::Infinity>() < 1e-13) {
            // Stationary on the free weights (their gradient is n there): free the fixed weight
            // whose gradient exceeds n the most, or stop when none does (the KKT conditions hold).
            Eigen::Index entering = -1;
            double most = dn * (1.0 + 1e-10);
            for (Eigen::Index k = 0; k < runs; ++k)
                if (!free[static_cast<std::size_t>(k)] && gradient[k] > most) most = gradient[entering = k];
            if (entering < 0) break;
            free[static_cast<std::size_t>(entering)] = true;
            continue;
        }
        double alpha = 1.0;
        Eigen::Index blocking = -1;
        for (Eigen::Index k = 0; k < runs; ++k)
            if (step[k] < 0.0 && w[k] + step[k] < 0.0 && -w[k] / step[k] < alpha) {
                alpha = -w[k] / step[k];
                blocking = k;
            }
        const double current = objective(w);
        while (alpha > 1e-12 && objective(w + alpha * step) < current) {
            alpha /= 2.0;
            blocking = -1;
        }
        w += alpha * step;
        if (blocking >= 0) {
            w[blocking] = 0.0;
            free[static_cast<std::size_t>(blocking)] = false;
        }
        w = w.cwiseMax(0.0);
        w /= w.sum();
    }
    return w;
}

} // namespace genrelab

#include "eval/Psis.h"

#include "eval/ParetoK.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace genrelab {

Eigen::Index psisTailLength(Eigen::Index draws, double rEff) {
    const double s = static_cast<double>(draws);
    return static_cast<Eigen::Index>(std::ceil(std::min(0.2 * s, 3.0 * std::sqrt(s / rEff))));
}

double psisKhatThreshold(Eigen::Index draws) {
    if (draws < 2) return std::numeric_limits<double>::quiet_NaN();
    return std::min(1.0 - 1.0 / std::log10(static_cast<double>(draws)), 0.7);
}

double psisSmooth(Eigen::Ref<Eigen::VectorXd> lw, double rEff) {
    const Eigen::Index s = lw.size();
    if (s == 0) return std::numeric_limits<double>::quiet_NaN();
    if (!lw.allFinite()) {
        lw.setConstant(std::numeric_limits<double>::quiet_NaN());
        return std::numeric_limits<double>::quiet_NaN();
    }
    const double shift = lw.maxCoeff();
    lw.array() -= shift;  // for a safe exp
    double khat = std::numeric_limits<double>::infinity();
    const Eigen::Index tail = psisTailLength(s, rEff);
    if (tail >= 5 && tail < s) {
        // The tail: the largest `tail` ratios in R's stable order (among equal ratios the
        // earlier draw sorts first, so the later ones belong to the tail). The cutoff value is
        // found on a copy (cheaper than ordering indices), then the tail's indices are gathered.
        thread_local std::vector<double> copy;
        thread_local std::vector<Eigen::Index> order;
        copy.assign(lw.data(), lw.data() + s);
        std::nth_element(copy.begin(), copy.begin() + (s - tail - 1), copy.end());
        const double cutoffValue = copy[static_cast<std::size_t>(s - tail - 1)];
        const auto above = static_cast<Eigen::Index>(std::count_if(copy.begin() + (s - tail), copy.end(), [&](double v) { return v > cutoffValue; }));
        Eigen::Index equalInTail = tail - above;  // ties with the cutoff value that are in the tail
        order.clear();
        for (Eigen::Index i = s - 1; i >= 0; --i) {
            if (lw[i] > cutoffValue) order.push_back(i);
            else if (lw[i] == cutoffValue && equalInTail > 0) {
                order.push_back(i);
                --equalInTail;
            }
        }
        std::sort(order.begin(), order.end(), [&lw](Eigen::Index a, Eigen::Index b) { return lw[a] < lw[b] || (lw[a] == lw[b] && a < b); });
        const std::vector<Eigen::Index>& tailOrder = order;  // a thread_local is named, not captured
        const auto tailIndex = [&tailOrder](Eigen::Index j) { return tailOrder[static_cast<std::size_t>(j)]; };
        if (std::abs(lw[order.back()] - lw[order.front()]) >= std::numeric_limits<double>::epsilon() / 100.0) {
            const double expCutoff = std::exp(cutoffValue);
            thread_local Eigen::VectorXd exceedances;
            exceedances.resize(tail);
            for (Eigen::Index j = 0; j < tail; ++j) exceedances[j] = std::exp(lw[tailIndex(j)]) - expCutoff;
            const GpdFit fit = fitSortedGeneralizedPareto(exceedances);
            khat = fit.k;
            if (std::isfinite(fit.k)) {
                const bool usableScale = !std::isnan(fit.sigma) && fit.sigma > 0.0;
                for (Eigen::Index j = 0; j < tail; ++j) {
                    // The expected order statistics of the fit: loo's qgpd at (j + 0.5) / M.
                    const double p = (static_cast<double>(j) + 0.5) / static_cast<double>(tail);
                    const double quantile = usableScale ? fit.sigma * std::expm1(-fit.k * std::log1p(-p)) / fit.k
                                                        : std::numeric_limits<double>::quiet_NaN();
                    lw[tailIndex(j)] = std::log(quantile + expCutoff);
                }
            }
        }
    }
    lw = lw.cwiseMin(0.0);  // truncated at the largest raw weight
    lw.array() += shift;
    return khat;
}

} // namespace genrelab

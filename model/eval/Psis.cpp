#include "eval/Psis.h"

#include "eval/ParetoK.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
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
        // R's sort.int is stable: among equal ratios the earlier draw sorts first.
        thread_local std::vector<Eigen::Index> order;
        order.resize(static_cast<std::size_t>(s));
        std::iota(order.begin(), order.end(), Eigen::Index{0});
        const auto before = [&lw](Eigen::Index a, Eigen::Index b) { return lw[a] < lw[b] || (lw[a] == lw[b] && a < b); };
        const auto cutoffAt = order.begin() + (s - tail - 1);
        std::nth_element(order.begin(), cutoffAt, order.end(), before);
        std::sort(cutoffAt + 1, order.end(), before);
        const double cutoff = lw[*cutoffAt];
        const double tailMin = lw[*(cutoffAt + 1)], tailMax = lw[order.back()];
        if (std::abs(tailMax - tailMin) >= std::numeric_limits<double>::epsilon() / 100.0) {
            const double expCutoff = std::exp(cutoff);
            thread_local Eigen::VectorXd exceedances;
            exceedances.resize(tail);
            for (Eigen::Index j = 0; j < tail; ++j) exceedances[j] = std::exp(lw[*(cutoffAt + 1 + j)]) - expCutoff;
            const GpdFit fit = fitSortedGeneralizedPareto(exceedances);
            khat = fit.k;
            if (std::isfinite(fit.k)) {
                const bool usableScale = !std::isnan(fit.sigma) && fit.sigma > 0.0;
                for (Eigen::Index j = 0; j < tail; ++j) {
                    // The expected order statistics of the fit: loo's qgpd at (j + 0.5) / M.
                    const double p = (static_cast<double>(j) + 0.5) / static_cast<double>(tail);
                    const double quantile = usableScale ? fit.sigma * std::expm1(-fit.k * std::log1p(-p)) / fit.k
                                                        : std::numeric_limits<double>::quiet_NaN();
                    lw[*(cutoffAt + 1 + j)] = std::log(quantile + expCutoff);
                }
            }
        }
    }
    lw = lw.cwiseMin(0.0);  // truncated at the largest raw weight
    lw.array() += shift;
    return khat;
}

} // namespace genrelab

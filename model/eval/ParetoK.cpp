#include "eval/ParetoK.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace genrelab {

GpdFit fitGeneralizedPareto(Eigen::VectorXd x) {
    std::sort(x.data(), x.data() + x.size());
    const Eigen::Index n = x.size();
    const double prior = 3.0;
    const Eigen::Index m = 30 + static_cast<Eigen::Index>(std::floor(std::sqrt(static_cast<double>(n))));
    const double xStar = x[static_cast<Eigen::Index>(std::floor(static_cast<double>(n) / 4.0 + 0.5)) - 1];  // first quartile
    Eigen::VectorXd theta(m), logLik(m);
    for (Eigen::Index j = 0; j < m; ++j) {
        theta[j] = 1.0 / x[n - 1] + (1.0 - std::sqrt(static_cast<double>(m) / (static_cast<double>(j + 1) - 0.5))) / prior / xStar;
        const double a = -theta[j];
        const double k = (a * x.array()).log1p().mean();
        logLik[j] = static_cast<double>(n) * (std::log(a / k) - k - 1.0);
    }
    const double maxLogLik = logLik.maxCoeff();
    const Eigen::VectorXd weights = (logLik.array() - maxLogLik).exp();
    const double thetaHat = theta.dot(weights) / weights.sum();
    GpdFit fit;
    fit.k = (-thetaHat * x.array()).log1p().mean();
    fit.sigma = -fit.k / thetaHat;
    // Shrink toward 0.5 with a weak prior, as loo's gpdfit(wip = TRUE).
    const double dn = static_cast<double>(n);
    fit.k = fit.k * dn / (dn + 10.0) + 10.0 * 0.5 / (dn + 10.0);
    return fit;
}

double paretoKHat(const Eigen::VectorXd& logRatios) {
    const Eigen::Index s = logRatios.size();
    if (s < 10 || !logRatios.allFinite()) return std::numeric_limits<double>::quiet_NaN();
    const auto tail = static_cast<Eigen::Index>(std::ceil(std::min(0.2 * static_cast<double>(s), 3.0 * std::sqrt(static_cast<double>(s)))));
    if (tail < 5) return std::numeric_limits<double>::quiet_NaN();
    Eigen::VectorXd sorted = logRatios.array() - logRatios.maxCoeff();  // scale-free: shift before exp
    std::sort(sorted.data(), sorted.data() + s);
    const double cutoff = sorted[s - tail - 1];
    Eigen::VectorXd exceedances(tail);
    for (Eigen::Index i = 0; i < tail; ++i) exceedances[i] = std::exp(sorted[s - tail + i]) - std::exp(cutoff);
    if (exceedances.maxCoeff() <= 0.0) return std::numeric_limits<double>::quiet_NaN();
    return fitGeneralizedPareto(exceedances).k;
}

} // namespace genrelab

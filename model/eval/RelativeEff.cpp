#include "eval/RelativeEff.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace genrelab {
namespace {

// loo's fft_next_good_size: the FFT length its autocovariance pads to.
Eigen::Index nextGoodFftSize(Eigen::Index n) {
    if (n <= 2) return 2;
    for (;; ++n) {
        Eigen::Index m = n;
        for (const Eigen::Index f : {2, 3, 5})
            while (m % f == 0) m /= f;
        if (m <= 1) return n;
    }
}

} // namespace

double relativeEfficiency(Eigen::Ref<const Eigen::VectorXd> values, std::size_t chainCount) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto chains = static_cast<Eigen::Index>(chainCount);
    if (chains < 1 || values.size() % chains != 0 || !values.allFinite()) return nan;
    const Eigen::Index n = values.size() / chains;
    if (n < 2) return nan;
    const double dn = static_cast<double>(n);
    // loo's autocovariance divides the unnormalized inverse FFT of length 2 M by 2 N^2, so every
    // lag carries a factor M / N besides the biased 1 / N; kept, since the between-chain
    // variance is added to it unscaled.
    const double scale = static_cast<double>(nextGoodFftSize(n)) / dn / dn;
    std::vector<Eigen::VectorXd> centred(static_cast<std::size_t>(chains));
    Eigen::VectorXd chainMeans(chains);
    for (Eigen::Index c = 0; c < chains; ++c) {
        const auto chain = values.segment(c * n, n);
        chainMeans[c] = chain.mean();
        centred[static_cast<std::size_t>(c)] = chain.array() - chainMeans[c];
    }
    // Mean over chains of the autocovariance at one lag, computed only for the lags Geyer's
    // sequence reaches (they are few for well-mixed chains).
    auto meanAutocovariance = [&](Eigen::Index lag) {
        double sum = 0.0;
        for (const Eigen::VectorXd& y : centred) sum += y.head(n - lag).dot(y.tail(n - lag));
        return sum * scale / static_cast<double>(chains);
    };
    const double meanVar = meanAutocovariance(0) * dn / (dn - 1.0);
    double varPlus = meanVar * (dn - 1.0) / dn;
    if (chains > 1) varPlus += (chainMeans.array() - chainMeans.mean()).square().sum() / static_cast<double>(chains - 1);

    std::vector<double> rho(static_cast<std::size_t>(n), 0.0);
    auto at = [&rho](Eigen::Index t) -> double& { return rho[static_cast<std::size_t>(t)]; };
    double rhoEven = 1.0;
    double rhoOdd = 1.0 - (meanVar - meanAutocovariance(1)) / varPlus;
    at(0) = rhoEven;
    at(1) = rhoOdd;
    Eigen::Index t = 0;
    while (t < n - 5 && !std::isnan(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0.0) {
        t += 2;
        rhoEven = 1.0 - (meanVar - meanAutocovariance(t)) / varPlus;
        rhoOdd = 1.0 - (meanVar - meanAutocovariance(t + 1)) / varPlus;
        if (rhoEven + rhoOdd >= 0.0) {
            at(t) = rhoEven;
            at(t + 1) = rhoOdd;
        }
    }
    const Eigen::Index maxT = t;
    if (std::isnan(rhoEven)) return nan;
    if (rhoEven > 0.0) at(maxT) = rhoEven;  // loo's "improved estimate" for antithetic chains
    for (t = 0; t <= maxT - 4;) {            // Geyer's initial monotone sequence
        t += 2;
        if (at(t) + at(t + 1) > at(t - 2) + at(t - 1)) {
            at(t) = (at(t - 2) + at(t - 1)) / 2.0;
            at(t + 1) = at(t);
        }
    }
    double sum = 0.0;  // R's rho_hat_t[1:max_t], which for max_t = 0 is the first entry alone
    for (Eigen::Index j = 0; j < std::max<Eigen::Index>(maxT, 1); ++j) sum += at(j);
    const double total = static_cast<double>(chains) * dn;
    const double tau = std::max(-1.0 + 2.0 * sum + at(maxT), 1.0 / std::log10(total));
    if (std::isnan(tau)) return nan;
    return total / tau / total;
}

} // namespace genrelab

#include "eval/Diagnostics.h"

#include "util/Stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace genrelab {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool degenerate(const Eigen::MatrixXd& x) {
    if (x.rows() < 4 || x.cols() < 1 || !x.allFinite()) return true;
    return x.maxCoeff() == x.minCoeff();
}

// Biased autocovariance (divide by n) at one lag, mean removed: what the FFT route computes.
double autocovariance(const Eigen::VectorXd& centered, Eigen::Index lag) {
    const Eigen::Index n = centered.size();
    return centered.head(n - lag).dot(centered.tail(n - lag)) / static_cast<double>(n);
}

} // namespace

bool constantDraws(const Eigen::MatrixXd& draws) {
    return draws.size() > 0 && draws.allFinite() && draws.maxCoeff() == draws.minCoeff();
}

double normalQuantile(double p) {
    // Acklam's rational approximation, refined by one Halley step on erfc: ~1e-15 relative.
    if (p <= 0.0) return -std::numeric_limits<double>::infinity();
    if (p >= 1.0) return std::numeric_limits<double>::infinity();
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                               1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01, -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    double x;
    if (p < 0.02425) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p > 1 - 0.02425) {
        const double q = std::sqrt(-2 * std::log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else {
        const double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double u = e * std::sqrt(2.0 * 3.14159265358979323846) * std::exp(x * x / 2.0);
    return x - u / (1.0 + x * u / 2.0);
}

Eigen::MatrixXd splitChains(const Eigen::MatrixXd& draws) {
    const Eigen::Index n = draws.rows(), half = n / 2;
    if (n < 2) return draws;
    Eigen::MatrixXd out(half, 2 * draws.cols());
    for (Eigen::Index c = 0; c < draws.cols(); ++c) {
        out.col(2 * c) = draws.col(c).head(half);
        out.col(2 * c + 1) = draws.col(c).tail(half);
    }
    return out;
}

Eigen::MatrixXd rankNormalize(const Eigen::MatrixXd& draws) {
    const Eigen::Index s = draws.size();
    const std::vector<double> ranks = stats::averageRanks({draws.data(), static_cast<std::size_t>(s)});
    Eigen::MatrixXd out(draws.rows(), draws.cols());
    for (Eigen::Index i = 0; i < s; ++i)
        out.data()[i] = normalQuantile((ranks[static_cast<std::size_t>(i)] - 0.375) / (static_cast<double>(s) + 0.25));
    return out;
}

// R-hat of chains as given (already split).
static double basicRhat(const Eigen::MatrixXd& x) {
    const double n = static_cast<double>(x.rows());
    const Eigen::VectorXd means = x.colwise().mean();
    double within = 0.0;
    for (Eigen::Index c = 0; c < x.cols(); ++c) within += stats::sampleVariance(x.col(c));
    within /= static_cast<double>(x.cols());
    const double between = n * stats::sampleVariance(means);
    return std::sqrt(((n - 1.0) / n * within + between / n) / within);
}

double splitRhat(const Eigen::MatrixXd& draws) {
    if (degenerate(draws)) return kNaN;
    return basicRhat(splitChains(draws));
}

double essRaw(const Eigen::MatrixXd& x) {
    const Eigen::Index chains = x.cols(), n = x.rows();
    if (n < 4 || !x.allFinite()) return kNaN;
    std::vector<Eigen::VectorXd> centered;
    Eigen::VectorXd chainMeans(chains);
    for (Eigen::Index c = 0; c < chains; ++c) {
        chainMeans[c] = x.col(c).mean();
        centered.push_back(x.col(c).array() - chainMeans[c]);
    }
    auto meanAcov = [&](Eigen::Index lag) {
        double sum = 0.0;
        for (const auto& v : centered) sum += autocovariance(v, lag);
        return sum / static_cast<double>(chains);
    };
    const double dn = static_cast<double>(n);
    const double meanVar = meanAcov(0) * dn / (dn - 1.0);
    double varPlus = meanVar * (dn - 1.0) / dn;
    if (chains > 1) varPlus += stats::sampleVariance(chainMeans);
    if (!(varPlus > 0.0)) return kNaN;

    // Geyer's initial positive sequence, autocorrelations computed lag by lag as needed.
    std::vector<double> rho(static_cast<std::size_t>(n), 0.0);
    Eigen::Index t = 0;
    double rhoEven = 1.0, rhoOdd = 1.0 - (meanVar - meanAcov(1)) / varPlus;
    rho[0] = rhoEven;
    rho[1] = rhoOdd;
    while (t < n - 5 && !std::isnan(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
        t += 2;
        rhoEven = 1.0 - (meanVar - meanAcov(t)) / varPlus;
        rhoOdd = 1.0 - (meanVar - meanAcov(t + 1)) / varPlus;
        if (rhoEven + rhoOdd >= 0) {
            rho[static_cast<std::size_t>(t)] = rhoEven;
            rho[static_cast<std::size_t>(t + 1)] = rhoOdd;
        }
    }
    const Eigen::Index maxT = t;
    if (rhoEven > 0) rho[static_cast<std::size_t>(maxT)] = rhoEven;
    // Geyer's initial monotone sequence.
    t = 0;
    while (t <= maxT - 4) {
        t += 2;
        const auto i = static_cast<std::size_t>(t);
        if (rho[i] + rho[i + 1] > rho[i - 2] + rho[i - 1]) {
            rho[i] = (rho[i - 2] + rho[i - 1]) / 2.0;
            rho[i + 1] = rho[i];
        }
    }
    const double total = static_cast<double>(chains) * dn;
    double tau = -1.0 + rho[static_cast<std::size_t>(maxT)];
    for (Eigen::Index i = 0; i < maxT; ++i) tau += 2.0 * rho[static_cast<std::size_t>(i)];
    tau = std::max(tau, 1.0 / std::log10(total));
    return total / tau;
}

double rhat(const Eigen::MatrixXd& draws) {
    if (degenerate(draws)) return kNaN;
    const double bulk = basicRhat(rankNormalize(splitChains(draws)));
    const double median = stats::median(Eigen::Map<const Eigen::VectorXd>(draws.data(), draws.size()));
    const Eigen::MatrixXd folded = (draws.array() - median).abs().matrix();
    const double tail = degenerate(folded) ? kNaN : basicRhat(rankNormalize(splitChains(folded)));
    return std::max(bulk, tail);
}

double essMean(const Eigen::MatrixXd& draws) {
    if (degenerate(draws)) return kNaN;
    return essRaw(splitChains(draws));
}

double essBulk(const Eigen::MatrixXd& draws) {
    if (degenerate(draws)) return kNaN;
    return essRaw(rankNormalize(splitChains(draws)));
}

double essTail(const Eigen::MatrixXd& draws) {
    if (degenerate(draws)) return kNaN;
    const Eigen::Map<const Eigen::VectorXd> all(draws.data(), draws.size());
    double result = std::numeric_limits<double>::infinity();
    for (double p : {0.05, 0.95}) {
        const double q = stats::quantile(all, p);
        const Eigen::MatrixXd indicator = (draws.array() <= q).cast<double>().matrix();
        if (degenerate(indicator)) return kNaN;
        result = std::min(result, essRaw(splitChains(indicator)));
    }
    return result;
}

double mcseMean(const Eigen::MatrixXd& draws) {
    const double ess = essMean(draws);
    const Eigen::Map<const Eigen::VectorXd> all(draws.data(), draws.size());
    return std::sqrt(stats::sampleVariance(all) / ess);
}

} // namespace genrelab

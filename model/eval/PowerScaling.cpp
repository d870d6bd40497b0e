#include "eval/PowerScaling.h"

#include "eval/PointwiseLogLik.h"
#include "eval/Psis.h"
#include "infer/Posterior.h"
#include "util/ParallelFor.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace genrelab {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// .cjs_dist of priorsense's cjs.R for one draw order (the identical-draws branch): ECDF steps at
// the sorted values, the last one dropped; p uniform, q the weights.
double cjsInOrder(const Eigen::VectorXd& values, const Eigen::VectorXd& weights, const std::vector<Eigen::Index>& order) {
    const std::size_t n = order.size();
    double p = 0.0, q = 0.0, pInt = 0.0, qInt = 0.0, pq = 0.0, qp = 0.0;
    const double uniform = 1.0 / static_cast<double>(n), total = weights.sum();
    for (std::size_t i = 0; i + 1 < n; ++i) {
        p += uniform;
        q += weights[order[i]] / total;
        const double width = std::fabs(values[order[i + 1]] - values[order[i]]);
        const double m = 0.5 * (p + q);
        pInt += p * width;
        qInt += q * width;
        // 0 log 0 = 0 (R drops the NaN terms with na.rm).
        if (p > 0.0) pq += width * p * std::log2(p / m);
        if (q > 0.0) qp += width * q * std::log2(q / m);
    }
    const double halfOverLn2 = 0.5 / std::log(2.0);
    const double cjs = pq + halfOverLn2 * (qInt - pInt) + qp + halfOverLn2 * (pInt - qInt);
    const double bound = pInt + qInt;
    if (!(bound > 0.0)) return kNan;
    return std::sqrt(std::max(0.0, cjs / bound));
}

} // namespace

ScaledWeights powerScaledWeights(const Eigen::VectorXd& logComponent, double alpha) {
    ScaledWeights out;
    Eigen::VectorXd logWeights = (alpha - 1.0) * logComponent;
    // Draws of one posterior: priorsense passes r_eff = NULL to posterior::pareto_smooth.
    out.khat = psisSmooth(logWeights, 1.0);
    if (!logWeights.allFinite()) {
        out.weights = Eigen::VectorXd::Constant(logComponent.size(), kNan);
        return out;
    }
    out.weights = (logWeights.array() - logWeights.maxCoeff()).exp();
    out.weights /= out.weights.sum();
    return out;
}

double cumulativeJensenShannonDistance(const Eigen::VectorXd& values, const Eigen::VectorXd& weights) {
    const Eigen::Index n = values.size();
    if (n < 2 || weights.size() != n || !values.allFinite() || !weights.allFinite() || !(weights.sum() > 0.0)) return kNan;
    std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return values[a] < values[b]; });
    if (values[order.front()] == values[order.back()]) return kNan;
    const double ascending = cjsInOrder(values, weights, order);
    // -x: the order reversed, ties kept in R's stable order of -x.
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return -values[a] < -values[b]; });
    const double descending = cjsInOrder(values, weights, order);
    return std::max(ascending, descending);
}

double powerScalingSensitivity(double lowerDistance, double upperDistance) {
    return 0.5 * (upperDistance / std::log2(kPowerScalingUpperAlpha) + lowerDistance / -std::log2(kPowerScalingLowerAlpha));
}

std::string powerScalingDiagnosis(double prior, double likelihood, double threshold) {
    if (std::isnan(prior) || std::isnan(likelihood)) return {};
    if (prior >= threshold && likelihood >= threshold) return "prior-data conflict";
    if (prior > threshold && likelihood < threshold) return "weak likelihood";
    return {};
}

PowerScalingResult powerScaling(const Eigen::MatrixXd& draws, const std::vector<std::string>& names,
                                const Eigen::VectorXd& logPrior, const Eigen::VectorXd& logLik) {
    if (static_cast<std::size_t>(draws.cols()) != names.size() || logPrior.size() != draws.rows() || logLik.size() != draws.rows())
        throw std::invalid_argument("power-scaling needs one name per parameter and one log prior and log-likelihood per draw");
    PowerScalingResult out;
    const auto constant = [](const Eigen::VectorXd& v) { return v.size() == 0 || v.maxCoeff() - v.minCoeff() < 1e-300; };
    const auto sensitivities = [&](const Eigen::VectorXd& logComponent, double& khat) {
        Eigen::VectorXd result = Eigen::VectorXd::Constant(draws.cols(), kNan);
        if (constant(logComponent) || !logComponent.allFinite()) return result;
        const ScaledWeights lower = powerScaledWeights(logComponent, kPowerScalingLowerAlpha);
        const ScaledWeights upper = powerScaledWeights(logComponent, kPowerScalingUpperAlpha);
        khat = std::max(lower.khat, upper.khat);
        for (Eigen::Index p = 0; p < draws.cols(); ++p) {
            const Eigen::VectorXd values = draws.col(p);
            result[p] = powerScalingSensitivity(cumulativeJensenShannonDistance(values, lower.weights),
                                                cumulativeJensenShannonDistance(values, upper.weights));
        }
        return result;
    };
    const Eigen::VectorXd prior = sensitivities(logPrior, out.priorKhat);
    const Eigen::VectorXd likelihood = sensitivities(logLik, out.likelihoodKhat);
    if (constant(logPrior) || !logPrior.allFinite()) out.note = "the selected prior is constant or not finite over the draws";
    for (Eigen::Index p = 0; p < draws.cols(); ++p)
        out.parameters.push_back({names[static_cast<std::size_t>(p)], prior[p], likelihood[p], powerScalingDiagnosis(prior[p], likelihood[p])});
    return out;
}

PowerScalingResult powerScalingOfPosterior(const LogDensity& model, const Posterior& posterior, const Design& rows,
                                           const Eigen::VectorXi& y, PriorGroup group, int threads) {
    const PooledDraws pooled = posterior.pooled();
    const Eigen::Index draws = pooled.rows();
    const std::vector<std::string> names = model.outputLayout().elementNames();
    Eigen::MatrixXd natural(draws, static_cast<Eigen::Index>(names.size()));
    Eigen::VectorXd logPrior(draws), logLik = Eigen::VectorXd::Zero(draws);
    parallelFor(static_cast<std::size_t>(draws), threads, [&](std::size_t index, const CancellationToken&) {
        const auto s = static_cast<Eigen::Index>(index);
        const Eigen::VectorXd theta = pooled.row(s).transpose();
        natural.row(s) = model.outputs(theta).transpose();
        logPrior[s] = model.logPrior(theta, group);
    });
    // The log-likelihood in blocks of rows (about 32 MB at a time), as LOO reads it.
    const Eigen::Index blockRows = std::max<Eigen::Index>(1, (Eigen::Index{1} << 22) / std::max<Eigen::Index>(1, draws));
    for (Eigen::Index first = 0; first < rows.rows(); first += blockRows) {
        const Eigen::Index count = std::min(blockRows, rows.rows() - first);
        logLik += pointwiseLogLikelihood(model, posterior, rows.middleRows(first, count), y.segment(first, count), threads).rowwise().sum();
    }
    PowerScalingResult out = powerScaling(natural, names, logPrior, logLik);
    if (draws < 2) out.note = "power-scaling needs at least 2 draws";
    return out;
}

std::string_view priorGroupName(PriorGroup group) {
    switch (group) {
    case PriorGroup::All: return "all";
    case PriorGroup::Hyper: return "hyper";
    case PriorGroup::Artist: return "artist";
    }
    return "?";
}

PriorGroup priorGroupFromName(std::string_view name) {
    for (auto g : {PriorGroup::All, PriorGroup::Hyper, PriorGroup::Artist})
        if (priorGroupName(g) == name) return g;
    throw std::invalid_argument("unknown prior group '" + std::string(name) + "' (all, hyper, artist)");
}

} // namespace genrelab

#include "eval/PriorReweighting.h"

#include "eval/Psis.h"
#include "infer/Posterior.h"
#include "models/Design.h"
#include "util/ParallelFor.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace genrelab {
namespace {

// Rows `picked` of a design (the sparse parts kept empty when they are).
Design pickRows(const Design& design, const std::vector<Eigen::Index>& picked) {
    Design out;
    out.x.resize(static_cast<Eigen::Index>(picked.size()), design.x.cols());
    for (std::size_t i = 0; i < picked.size(); ++i) out.x.row(static_cast<Eigen::Index>(i)) = design.x.row(picked[i]);
    for (auto [from, into] : {std::pair{&design.artists, &out.artists}, std::pair{&design.tokens, &out.tokens},
                              std::pair{&design.songCopies, &out.songCopies}})
        if (from->rows() > 0)
            for (Eigen::Index r : picked) into->appendRow(from->idsOf(static_cast<std::size_t>(r)), from->valuesOf(static_cast<std::size_t>(r)));
    return out;
}

double logSumExp(const Eigen::VectorXd& v) {
    const double m = v.maxCoeff();
    if (!std::isfinite(m)) return m;
    return m + std::log((v.array() - m).exp().sum());
}

// elpd_i of each sampled row with the draws re-weighted by logRatio (zero: the fitted prior), and
// the largest of the rows' k-hats: PSIS on logRatio - log p(y_i | theta) per row.
Eigen::VectorXd looPointwise(const Eigen::MatrixXf& logLik, const Eigen::VectorXd& logRatio, double& khatMax) {
    Eigen::VectorXd elpd(logLik.cols());
    khatMax = -std::numeric_limits<double>::infinity();
    Eigen::VectorXd lw(logLik.rows()), ll(logLik.rows());
    for (Eigen::Index i = 0; i < logLik.cols(); ++i) {
        ll = logLik.col(i).cast<double>();
        lw = logRatio - ll;
        const double khat = psisSmooth(lw, 1.0);
        khatMax = std::isnan(khat) ? khat : std::max(khatMax, khat);
        elpd[i] = logSumExp(lw + ll) - logSumExp(lw);
    }
    return elpd;
}

void meanAndSd(const Eigen::VectorXd& v, double& mean, double& sd) {
    mean = v.mean();
    sd = v.size() > 1 ? std::sqrt((v.array() - mean).square().sum() / static_cast<double>(v.size() - 1)) : ReweightedPosterior::nan;
}

} // namespace

double weightedQuantile(const Eigen::VectorXd& values, const Eigen::VectorXd& weights, double p) {
    if (values.size() == 0 || values.size() != weights.size() || !weights.allFinite()) return ReweightedPosterior::nan;
    std::vector<Eigen::Index> order(static_cast<std::size_t>(values.size()));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return values[a] < values[b]; });
    const double total = weights.sum();
    double cumulative = 0.0;
    for (Eigen::Index i : order) {
        cumulative += weights[i] / total;
        if (cumulative >= p) return values[i];
    }
    return values[order.back()];
}

Eigen::VectorXd ReweightingBasis::theta(Eigen::Index k) const {
    return posterior->pooled().row(draws[static_cast<std::size_t>(k)]).transpose();
}

ReweightingBasis makeReweightingBasis(const LogDensity& model, std::shared_ptr<const Posterior> posterior, const Design& train,
                                      const Eigen::VectorXi& yTrain, const Design& test, const Eigen::VectorXi& yTest,
                                      const ReweightingOptions& options, int threads) {
    ReweightingBasis basis;
    const Eigen::Index total = posterior->pooled().rows();
    const Eigen::Index draws = std::min(total, options.maxDraws);
    if (draws < 2) return basis;
    basis.posterior = std::move(posterior);
    basis.names = model.outputLayout().elementNames();
    for (Eigen::Index k = 0; k < draws; ++k) basis.draws.push_back(k * total / draws);

    basis.trainRows = train.rows();
    const Eigen::Index sampled = std::min(train.rows(), options.looRows);
    std::vector<Eigen::Index> picked(static_cast<std::size_t>(sampled));
    for (Eigen::Index j = 0; j < sampled; ++j) picked[static_cast<std::size_t>(j)] = j * train.rows() / sampled;
    const Design looRows = pickRows(train, picked);

    basis.classes = 0;
    basis.yTest = yTest;
    basis.natural.resize(draws, static_cast<Eigen::Index>(basis.names.size()));
    basis.looLogLik.resize(draws, sampled);
    std::vector<Eigen::MatrixXd> testProbabilities(static_cast<std::size_t>(draws));
    parallelFor(static_cast<std::size_t>(draws), threads, [&](std::size_t index, const CancellationToken&) {
        const auto k = static_cast<Eigen::Index>(index);
        const Eigen::VectorXd theta = basis.theta(k);
        basis.natural.row(k) = model.outputs(theta).transpose();
        const Eigen::MatrixXd p = model.classProbabilities(theta, looRows);
        for (Eigen::Index j = 0; j < sampled; ++j)
            basis.looLogLik(k, j) = static_cast<float>(std::log(p(j, yTrain[picked[static_cast<std::size_t>(j)]])));
        if (test.rows() > 0) testProbabilities[index] = model.classProbabilities(theta, test);
    });
    if (test.rows() > 0) {
        basis.classes = testProbabilities.front().cols();
        basis.testProbabilities.resize(test.rows() * basis.classes, draws);
        for (Eigen::Index k = 0; k < draws; ++k)
            basis.testProbabilities.col(k) =
                Eigen::Map<const Eigen::VectorXd>(testProbabilities[static_cast<std::size_t>(k)].data(), test.rows() * basis.classes).cast<float>();
    }
    gatherPriorTerms(basis, model);
    double unused = 0.0;
    basis.baseLooPointwise = looPointwise(basis.looLogLik, Eigen::VectorXd::Zero(draws), unused);
    return basis;
}

void gatherPriorTerms(ReweightingBasis& basis, const LogDensity& fitted) {
    basis.priorCoordinates = fitted.hyperparameterTermCoordinates();
    const auto count = static_cast<Eigen::Index>(basis.priorCoordinates.size());
    basis.priorValues.resize(count, basis.drawCount());
    basis.baseLogPrior.resize(basis.drawCount());
    Eigen::VectorXd theta = Eigen::VectorXd::Zero(fitted.dim());  // only the listed coordinates are read
    for (Eigen::Index k = 0; k < basis.drawCount(); ++k) {
        const auto draw = basis.posterior->pooled().row(basis.draws[static_cast<std::size_t>(k)]);
        for (Eigen::Index i = 0; i < count; ++i) {
            const Eigen::Index coordinate = basis.priorCoordinates[static_cast<std::size_t>(i)];
            basis.priorValues(i, k) = theta[coordinate] = draw[coordinate];
        }
        basis.baseLogPrior[k] = fitted.hyperparameterTermsLogPrior(theta);
    }
}

Eigen::VectorXd priorLogRatios(const ReweightingBasis& basis, const LogDensity& changed) {
    if (changed.dim() != basis.posterior->dim() || changed.hyperparameterTermCoordinates() != basis.priorCoordinates)
        throw std::invalid_argument("prior re-weighting needs the fitted model with other hyperparameters (the same parameters)");
    const Eigen::Index draws = basis.drawCount();
    Eigen::VectorXd logRatio(draws);
    Eigen::VectorXd theta = Eigen::VectorXd::Zero(changed.dim());  // only the listed coordinates are read
    for (Eigen::Index k = 0; k < draws; ++k) {
        for (Eigen::Index i = 0; i < basis.priorValues.rows(); ++i)
            theta[basis.priorCoordinates[static_cast<std::size_t>(i)]] = basis.priorValues(i, k);
        logRatio[k] = changed.hyperparameterTermsLogPrior(theta) - basis.baseLogPrior[k];
    }
    return logRatio;
}

ReweightedPosterior reweightPrior(const ReweightingBasis& basis, const LogDensity& changed) {
    ReweightedPosterior out;
    if (basis.empty()) return out;
    const Eigen::Index draws = basis.drawCount();
    Eigen::VectorXd logRatio = priorLogRatios(basis, changed);
    Eigen::VectorXd smoothed = logRatio;
    if (logRatio.allFinite() && logRatio.maxCoeff() - logRatio.minCoeff() <= 1e-12 * std::max(1.0, logRatio.cwiseAbs().maxCoeff())) {
        // The prior unchanged (up to its constant): equal weights, and k-hat -inf as priorsense
        // reports for alpha = 1 (powerscale.R line 163). PSIS would call the flat tail +inf.
        smoothed.setZero();
        logRatio.setZero();
        out.khat = -std::numeric_limits<double>::infinity();
    } else {
        out.khat = psisSmooth(smoothed, 1.0);
    }
    if (!smoothed.allFinite()) return out;
    Eigen::VectorXd w = (smoothed.array() - smoothed.maxCoeff()).exp();
    w /= w.sum();
    out.effectiveDraws = 1.0 / w.squaredNorm();

    out.means = basis.natural.transpose() * w;
    out.lower.resize(basis.natural.cols());
    out.upper.resize(basis.natural.cols());
    for (Eigen::Index p = 0; p < basis.natural.cols(); ++p) {
        const Eigen::VectorXd values = basis.natural.col(p);
        out.lower[p] = weightedQuantile(values, w, 0.05);
        out.upper[p] = weightedQuantile(values, w, 0.95);
    }

    if (basis.looLogLik.cols() > 0) {
        const Eigen::VectorXd elpd = looPointwise(basis.looLogLik, logRatio, out.looKhatMax);
        // From n of N rows: the sum is N mean(elpd_i), and its variance LOO's own N var plus the
        // subsample's N^2 (1 - n/N) var / n, that is N^2 var / n (loo's sqrt(N var) when n = N).
        const double rows = static_cast<double>(basis.trainRows), sampled = static_cast<double>(elpd.size());
        double mean = 0.0, sd = 0.0;
        meanAndSd(elpd, mean, sd);
        out.elpdLoo = rows * mean;
        out.elpdLooSe = rows * sd / std::sqrt(sampled);
        meanAndSd(elpd - basis.baseLooPointwise, mean, sd);
        out.elpdLooChange = rows * mean;
        out.elpdLooChangeSe = rows * sd / std::sqrt(sampled);
    }

    if (basis.testProbabilities.cols() == draws && basis.classes > 0) {
        const Eigen::VectorXf probabilities = basis.testProbabilities * w.cast<float>();
        const Eigen::Index rows = basis.yTest.size();
        const Eigen::Map<const Eigen::MatrixXf> p(probabilities.data(), rows, basis.classes);
        Eigen::Index correct = 0;
        double logPredictive = 0.0;
        for (Eigen::Index i = 0; i < rows; ++i) {
            Eigen::Index best = 0;
            p.row(i).maxCoeff(&best);
            correct += best == basis.yTest[i];
            logPredictive += std::log(static_cast<double>(p(i, basis.yTest[i])));
        }
        out.testAccuracy = rows > 0 ? static_cast<double>(correct) / static_cast<double>(rows) : ReweightedPosterior::nan;
        out.testLogPredictive = rows > 0 ? logPredictive / static_cast<double>(rows) : ReweightedPosterior::nan;
    }
    return out;
}

} // namespace genrelab

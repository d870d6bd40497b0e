#include "eval/PriorReweighting.h"

#include "eval/Psis.h"
#include "infer/Posterior.h"
#include "models/Design.h"
#include "models/ModelSpec.h"
#include "util/ParallelFor.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace genrelab {
namespace {

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

// Draw k as far as outputs() reads it: the basis's output coordinates written into theta (dim()
// values, zero elsewhere, kept between calls), or the whole draw where the basis holds none.
const Eigen::VectorXd& outputTheta(const ReweightingBasis& basis, Eigen::Index k, Eigen::VectorXd& theta) {
    if (basis.outputCoordinates.empty() || basis.outputValues.cols() != basis.drawCount()) {
        theta = basis.theta(k);
        return theta;
    }
    if (theta.size() != basis.posterior->dim()) theta.setZero(basis.posterior->dim());
    for (std::size_t i = 0; i < basis.outputCoordinates.size(); ++i)
        theta[basis.outputCoordinates[i]] = basis.outputValues(static_cast<Eigen::Index>(i), k);
    return theta;
}

// Whether `changed` maps theta to the natural parameters as the fitted model did, asked of the
// model on the first and the last draw (a hyperparameter that enters the mapping moves every
// draw's values): within 1e-12 of the basis's, relative.
bool sameOutputs(const ReweightingBasis& basis, const LogDensity& changed, Eigen::VectorXd& theta) {
    for (Eigen::Index k : {Eigen::Index{0}, basis.drawCount() - 1}) {
        const Eigen::VectorXd values = changed.outputs(outputTheta(basis, k, theta));
        if (values.size() != basis.natural.cols()) return false;
        for (Eigen::Index p = 0; p < values.size(); ++p) {
            const double fitted = basis.natural(k, p);
            if (!(std::fabs(values[p] - fitted) <= 1e-12 * std::max(1.0, std::fabs(fitted)))) return false;
        }
    }
    return true;
}

void meanAndSd(const Eigen::VectorXd& v, double& mean, double& sd) {
    mean = v.mean();
    sd = v.size() > 1 ? std::sqrt((v.array() - mean).square().sum() / static_cast<double>(v.size() - 1)) : ReweightedPosterior::nan;
}

} // namespace

std::string reweightingRefusal(const ModelSpec& fitted, const ModelSpec& changed) {
    // The hyperparameters only the prior reads in theta's coordinates: with them aligned, any
    // other difference is another model (architecture, prior family, coordinates, terms, layers).
    ModelSpec aligned = changed;
    auto& r = aligned.regression;
    r.nu = fitted.regression.nu;
    r.tau = fitted.regression.tau;
    r.lambda = fitted.regression.lambda;
    r.muScale = fitted.regression.muScale;
    r.alphaScale = fitted.regression.alphaScale;
    r.betaScale = fitted.regression.betaScale;
    r.precision = fitted.regression.precision;  // the kernel's arithmetic, not the model
    aligned.mlp.priorScale = fitted.mlp.priorScale;
    aligned.mlp.precision = fitted.mlp.precision;
    aligned.terms.tauArtist = fitted.terms.tauArtist;
    aligned.terms.tauTitle = fitted.terms.tauTitle;
    aligned.terms.copyScale = fitted.terms.copyScale;
    const bool slabMoved = fitted.terms.titleTokens && aligned.terms.titleSlab != fitted.terms.titleSlab;
    aligned.terms.titleSlab = fitted.terms.titleSlab;
    if (!(aligned == fitted))
        return "Re-weighting needs the fitted model with other hyperparameters; this is another model. Train it to see its posterior.";
    if (slabMoved)
        return "Changing the title slab changes what the data see (it scales every token's weight in the likelihood), so "
               "re-weighting the fit's draws cannot show it; train to see it.";
    return {};
}

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
    const Design looRows = train.rowsAt(picked);

    basis.classes = 0;
    basis.yTest = yTest;
    basis.natural.resize(draws, static_cast<Eigen::Index>(basis.names.size()));
    basis.outputCoordinates = model.outputCoordinates();
    basis.outputValues.resize(static_cast<Eigen::Index>(basis.outputCoordinates.size()), draws);
    basis.looLogLik.resize(draws, sampled);
    std::vector<Eigen::MatrixXd> testProbabilities(static_cast<std::size_t>(draws));
    parallelFor(static_cast<std::size_t>(draws), threads, [&](std::size_t index, const CancellationToken&) {
        const auto k = static_cast<Eigen::Index>(index);
        const Eigen::VectorXd theta = basis.theta(k);
        basis.natural.row(k) = model.outputs(theta).transpose();
        for (std::size_t i = 0; i < basis.outputCoordinates.size(); ++i)
            basis.outputValues(static_cast<Eigen::Index>(i), k) = theta[basis.outputCoordinates[i]];
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

    // The changed model's natural parameters of the draws: the basis's where it maps theta as the
    // fitted one did (nu, tau, lambda, tau-artist), recomputed where not (alpha-scale, beta-scale
    // in shift coordinates: theta's standardized shift means another shift).
    if (!basis.outputCoordinates.empty() && changed.outputCoordinates() != basis.outputCoordinates)
        throw std::invalid_argument("prior re-weighting needs the fitted model with other hyperparameters (the same outputs)");
    Eigen::MatrixXd remapped;
    Eigen::VectorXd theta;
    if (!sameOutputs(basis, changed, theta)) {
        remapped.resize(draws, basis.natural.cols());
        for (Eigen::Index k = 0; k < draws; ++k) remapped.row(k) = changed.outputs(outputTheta(basis, k, theta)).transpose();
        out.remapped = true;
    }
    const Eigen::MatrixXd& natural = out.remapped ? remapped : basis.natural;
    out.means = natural.transpose() * w;
    out.lower.resize(natural.cols());
    out.upper.resize(natural.cols());
    for (Eigen::Index p = 0; p < natural.cols(); ++p) {
        const Eigen::VectorXd values = natural.col(p);
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

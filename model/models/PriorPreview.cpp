#include "models/PriorPreview.h"

#include "models/ModelTraits.h"
#include "prob/Distributions.h"
#include "prob/Samplers.h"
#include "util/Rng.h"
#include "util/Stats.h"

#include <algorithm>
#include <cmath>

namespace genrelab {
namespace {

Curve densityCurve(double lo, double hi, int points, const auto& logDensity) {
    Curve c;
    c.x = Eigen::VectorXd::LinSpaced(points, lo, hi);
    c.density.resize(points);
    for (int i = 0; i < points; ++i) c.density[i] = std::exp(logDensity(c.x[i]));
    return c;
}

} // namespace

PriorPreview computePriorPreview(const ModelSpec& spec, std::shared_ptr<const ModelData> rows, int draws, std::uint64_t seed) {
    PriorPreview p;
    const RegressionPriorSpec& r = spec.regression;
    const ModelTraits traits = traitsOf(spec);
    Rng rng(seed, 0x9E7);
    if (traits.hierarchical) {
        const bool normalMu = traits.uses(Hyperparameter::Lambda);  // mu_beta ~ Normal(0, lambda), else StudentT
        const double muSpan = normalMu ? 4.0 * r.lambda : 6.0 * r.muScale;
        p.mu = densityCurve(-muSpan, muSpan, 201, [&](double x) {
            return normalMu ? prob::normal(x, 0.0, r.lambda).value : prob::studentT(x, r.nu, r.muScale).value;
        });
        p.sigma = densityCurve(1e-3 * r.tau, 8.0 * r.tau, 201, [&](double x) { return prob::halfCauchy(x, r.tau).value; });
        // Implied prior of beta = mu + sigma z by Monte Carlo, shown as a density histogram.
        const int n = 20000;
        Eigen::VectorXd beta(n);
        for (int i = 0; i < n; ++i) {
            const double mu = normalMu ? r.lambda * rng.normal() : r.muScale * prob::sampleStudentT(rng, r.nu);
            beta[i] = mu + prob::sampleHalfCauchy(rng, r.tau) * rng.normal();
        }
        const double q16 = stats::quantile(beta, 0.16), q84 = stats::quantile(beta, 0.84);
        p.coefficientSd = 0.5 * (q84 - q16);
        const double span = std::max(4.0 * p.coefficientSd, 1e-6);
        const int bins = 80;
        p.coefficient.x = Eigen::VectorXd::LinSpaced(bins, -span + span / bins, span - span / bins);
        p.coefficient.density = Eigen::VectorXd::Zero(bins);
        const double width = 2.0 * span / bins;
        for (int i = 0; i < n; ++i) {
            const auto b = static_cast<int>(std::floor((beta[i] + span) / width));
            if (b >= 0 && b < bins) p.coefficient.density[b] += 1.0 / (n * width);
        }
    } else {
        const double scale = traits.uses(Hyperparameter::MlpPriorScale) ? spec.mlp.priorScale : r.betaScale;
        p.coefficientSd = scale;
        p.coefficient = densityCurve(-4.0 * scale, 4.0 * scale, 201, [&](double x) { return prob::normal(x, 0.0, scale).value; });
    }

    // Prior-predictive class distribution: argmax shares of the rows under each prior draw.
    if (rows && rows->rows() > 0) {
        ModelSpec withoutGroups = spec;
        p.groupTermsLeftOut = spec.terms.any();
        withoutGroups.terms = ModelTerms{};
        const auto model = makeModel(withoutGroups, rows);
        const Eigen::MatrixXd x = rows->xt.transpose();
        Eigen::MatrixXd shares = Eigen::MatrixXd::Zero(draws, rows->classes);
        for (int s = 0; s < draws; ++s) {
            const Eigen::MatrixXd probabilities = model->classProbabilities(model->samplePrior(rng), x);
            for (Eigen::Index n = 0; n < probabilities.rows(); ++n) {
                Eigen::Index c;
                probabilities.row(n).maxCoeff(&c);
                shares(s, c) += 1.0 / static_cast<double>(probabilities.rows());
            }
        }
        p.classShareMean = shares.colwise().mean().transpose();
        p.classShareQ5.resize(rows->classes);
        p.classShareQ95.resize(rows->classes);
        for (int c = 0; c < rows->classes; ++c) {
            p.classShareQ5[c] = stats::quantile(shares.col(c), 0.05);
            p.classShareQ95[c] = stats::quantile(shares.col(c), 0.95);
        }
    }
    return p;
}

} // namespace genrelab

#include "models/SoftmaxRegression.h"

#include "models/Softmax.h"
#include "prob/Distributions.h"
#include "prob/Samplers.h"
#include "util/Rng.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace genrelab {
namespace {

void checkPositive(double value, const char* name) {
    if (!(value > 0.0) || !std::isfinite(value))
        throw std::invalid_argument(std::string(name) + " must be a positive finite number");
}

} // namespace

SoftmaxRegression::SoftmaxRegression(std::shared_ptr<const ModelData> data, RegressionPriorSpec prior)
    : data_(std::move(data)), prior_(prior) {
    checkPositive(prior_.alphaScale, "the alpha prior scale");
    checkPositive(prior_.betaScale, "the beta prior scale");
    checkPositive(prior_.nu, "nu");
    checkPositive(prior_.muScale, "the mu_beta scale");
    checkPositive(prior_.tau, "tau");
    checkPositive(prior_.lambda, "lambda");
    if (!(prior_.centering >= 0.0 && prior_.centering < 1.0))
        throw std::invalid_argument("the partial centering must lie in [0, 1) (1 is the centered form)");
    const Eigen::Index d = data_->features(), c = data_->classes;
    const auto& features = data_->featureNames;
    const auto& classes = data_->classNames;
    offAlpha_ = layout_.add("alpha", c, 1, Constraint::Real, classes);
    const bool raw = hierarchical() && prior_.nonCentered;
    const char* betaName = !raw ? "beta" : prior_.centering > 0.0 ? "beta_tilde" : "beta_raw";
    offBeta_ = layout_.add(betaName, d, c, Constraint::Real, features, classes);
    if (hierarchical()) {
        offMu_ = layout_.add("mu_beta", c, 1, Constraint::Real, classes);
        sigmaCount_ = prior_.kind == RegressionPrior::Ard ? d : c;
        offSigma_ = layout_.add("sigma_beta", sigmaCount_, 1, Constraint::Positive,
                                prior_.kind == RegressionPrior::Ard ? features : classes);
    }
    studentTConstant_ = prob::studentTConstant(prior_.nu, prior_.muScale);
    if (raw) {
        outputLayout_.add("alpha", c, 1, Constraint::Real, classes);
        outputLayout_.add("beta", d, c, Constraint::Real, features, classes);
        outputLayout_.add("mu_beta", c, 1, Constraint::Real, classes);
        outputLayout_.add("sigma_beta", sigmaCount_, 1, Constraint::Real,
                          prior_.kind == RegressionPrior::Ard ? features : classes);
    } else {
        outputLayout_ = layout_;  // same names; natural values via constrain()
    }
}

std::unique_ptr<LogDensity> SoftmaxRegression::clone() const { return std::make_unique<SoftmaxRegression>(data_, prior_); }

void SoftmaxRegression::coefficients(const Eigen::VectorXd& theta, Eigen::MatrixXd& beta, Eigen::VectorXd& alpha) const {
    const Eigen::Index d = data_->features(), c = data_->classes;
    alpha = theta.segment(offAlpha_, c);
    beta = Eigen::Map<const Eigen::MatrixXd>(theta.data() + offBeta_, d, c);
    if (hierarchical() && prior_.nonCentered) {
        const Eigen::VectorXd mu = theta.segment(offMu_, c);
        // beta = mu + sigma^(1 - lambda) (beta_tilde - lambda mu); lambda 0: mu + sigma beta_raw.
        const double lambda = prior_.centering;
        const Eigen::VectorXd scale = ((1.0 - lambda) * theta.segment(offSigma_, sigmaCount_).array()).exp();
        if (lambda > 0.0) beta.rowwise() -= lambda * mu.transpose();
        if (prior_.kind == RegressionPrior::Ard) beta = (beta.array().colwise() * scale.array()).matrix();
        else beta = (beta.array().rowwise() * scale.transpose().array()).matrix();
        beta.rowwise() += mu.transpose();
    }
}

Eigen::VectorXd SoftmaxRegression::outputs(const Eigen::VectorXd& theta) const {
    if (!(hierarchical() && prior_.nonCentered)) return layout_.constrain(theta);
    Eigen::VectorXd out = layout_.constrain(theta);
    Eigen::MatrixXd beta;
    Eigen::VectorXd alpha;
    coefficients(theta, beta, alpha);
    out.segment(offBeta_, beta.size()) = Eigen::Map<const Eigen::VectorXd>(beta.data(), beta.size());
    return out;
}

double SoftmaxRegression::likelihood(const Eigen::VectorXd& alpha, const Eigen::MatrixXd& beta, const Minibatch* batch,
                                     Eigen::VectorXd& gradAlpha, Eigen::MatrixXd& gradBeta) const {
    const KernelRows* rows = &data_->columns;
    double scale = 1.0;
    if (batch) {
        gatherKernelRows(data_->columns, batch->rows, batchRows_, prior_.precision);
        rows = &batchRows_;
        scale = static_cast<double>(data_->rows()) / static_cast<double>(batch->rows.size());
    }
    gradBeta.resize(beta.rows(), beta.cols());
    gradAlpha.resize(alpha.size());
    const double ll = kernel_.evaluate(*rows, beta, alpha, gradBeta, gradAlpha, prior_.precision);
    if (scale != 1.0) {
        gradBeta *= scale;
        gradAlpha *= scale;
    }
    return ll * scale;
}

double SoftmaxRegression::logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch) const {
    const Eigen::Index d = data_->features(), c = data_->classes;
    grad.setZero(dim());
    const bool raw = hierarchical() && prior_.nonCentered;
    const bool ard = prior_.kind == RegressionPrior::Ard;
    coefficients(theta, beta_, alpha_);
    double lp = likelihood(alpha_, beta_, batch, gradAlpha_, gradBeta_);

    const double aS2 = prior_.alphaScale * prior_.alphaScale;
    for (Eigen::Index k = 0; k < c; ++k) {
        lp += prob::normal(alpha_[k], 0.0, prior_.alphaScale).value;
        grad[offAlpha_ + k] = gradAlpha_[k] - alpha_[k] / aS2;
    }
    Eigen::Map<Eigen::MatrixXd> gBeta(grad.data() + offBeta_, d, c);
    if (!hierarchical()) {
        const double bS = prior_.betaScale;
        lp += -0.5 * beta_.squaredNorm() / (bS * bS) - static_cast<double>(beta_.size()) * (std::log(bS) + prob::kHalfLog2Pi);
        gBeta = gradBeta_ - beta_ / (bS * bS);
    } else {
        const auto mu = theta.segment(offMu_, c);
        const auto logSigma = theta.segment(offSigma_, sigmaCount_);
        const Eigen::VectorXd sigma = logSigma.array().exp();
        Eigen::Map<Eigen::VectorXd> gMu(grad.data() + offMu_, c);
        Eigen::Map<Eigen::VectorXd> gLogSigma(grad.data() + offSigma_, sigmaCount_);
        Eigen::VectorXd gSigma = Eigen::VectorXd::Zero(sigmaCount_), gLogSigmaDirect = Eigen::VectorXd::Zero(sigmaCount_);
        if (raw && prior_.centering > 0.0) {
            // Partially centered: with u = beta_tilde - lambda mu and r = u / sigma^lambda,
            // beta = mu + sigma^(1-lambda) u and beta_tilde ~ Normal(lambda mu, sigma^lambda).
            // Derivatives on log sigma go to gLogSigmaDirect (added after the HalfCauchy part).
            const double lambda = prior_.centering;
            const Eigen::Map<const Eigen::MatrixXd> bt(theta.data() + offBeta_, d, c);
            for (Eigen::Index k = 0; k < c; ++k)
                for (Eigen::Index j = 0; j < d; ++j) {
                    const Eigen::Index s = ard ? j : k;
                    const double outer = std::pow(sigma[s], 1.0 - lambda), inner = std::pow(sigma[s], lambda);
                    const double u = bt(j, k) - lambda * mu[k], r = u / inner, g = gradBeta_(j, k);
                    lp += -0.5 * r * r - lambda * logSigma[s] - prob::kHalfLog2Pi;
                    gBeta(j, k) = g * outer - r / inner;
                    gMu[k] += g * (1.0 - lambda * outer) + lambda * r / inner;
                    gLogSigmaDirect[s] += g * (1.0 - lambda) * outer * u + lambda * (r * r - 1.0);
                }
        } else if (raw) {
            const Eigen::Map<const Eigen::MatrixXd> z(theta.data() + offBeta_, d, c);
            lp += -0.5 * z.squaredNorm() - static_cast<double>(z.size()) * prob::kHalfLog2Pi;
            for (Eigen::Index k = 0; k < c; ++k)
                for (Eigen::Index j = 0; j < d; ++j) {
                    const Eigen::Index s = ard ? j : k;
                    const double g = gradBeta_(j, k);
                    gBeta(j, k) = g * sigma[s] - z(j, k);
                    gMu[k] += g;
                    gSigma[s] += g * z(j, k);
                }
        } else {
            for (Eigen::Index k = 0; k < c; ++k)
                for (Eigen::Index j = 0; j < d; ++j) {
                    const Eigen::Index s = ard ? j : k;
                    const auto n = prob::normal(beta_(j, k), mu[k], sigma[s]);
                    lp += n.value;
                    gBeta(j, k) = gradBeta_(j, k) + n.dx;
                    gMu[k] += n.dmu;
                    gSigma[s] += n.dsigma;
                }
        }
        for (Eigen::Index k = 0; k < c; ++k) {
            if (prior_.kind == RegressionPrior::HierNormal) {
                const auto n = prob::normal(mu[k], 0.0, prior_.lambda);
                lp += n.value;
                gMu[k] += n.dx;
            } else {
                const double u = mu[k] / prior_.muScale;
                lp += studentTConstant_ - 0.5 * (prior_.nu + 1.0) * std::log1p(u * u / prior_.nu);
                gMu[k] += -(prior_.nu + 1.0) * mu[k] / (prior_.nu * prior_.muScale * prior_.muScale + mu[k] * mu[k]);
            }
        }
        for (Eigen::Index s = 0; s < sigmaCount_; ++s) {
            const auto h = prob::halfCauchy(sigma[s], prior_.tau);
            lp += h.value + logSigma[s];  // + log Jacobian of sigma = exp(log_sigma)
            gLogSigma[s] = (gSigma[s] + h.dx) * sigma[s] + 1.0 + gLogSigmaDirect[s];
        }
    }
    if (!std::isfinite(lp) || !grad.allFinite()) return -std::numeric_limits<double>::infinity();
    return lp;
}

Eigen::MatrixXd SoftmaxRegression::classProbabilities(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const {
    Eigen::MatrixXd beta;
    Eigen::VectorXd alpha;
    coefficients(theta, beta, alpha);
    Eigen::MatrixXd logits = x * beta;
    logits.rowwise() += alpha.transpose();
    softmaxRowsInPlace(logits);
    return logits;
}

Eigen::VectorXd SoftmaxRegression::samplePrior(Rng& rng) const {
    const Eigen::Index d = data_->features(), c = data_->classes;
    Eigen::VectorXd theta(dim());
    for (Eigen::Index k = 0; k < c; ++k) theta[offAlpha_ + k] = prior_.alphaScale * rng.normal();
    if (!hierarchical()) {
        for (Eigen::Index i = 0; i < d * c; ++i) theta[offBeta_ + i] = prior_.betaScale * rng.normal();
        return theta;
    }
    for (Eigen::Index k = 0; k < c; ++k)
        theta[offMu_ + k] = prior_.kind == RegressionPrior::HierNormal ? prior_.lambda * rng.normal()
                                                                       : prior_.muScale * prob::sampleStudentT(rng, prior_.nu);
    for (Eigen::Index s = 0; s < sigmaCount_; ++s) theta[offSigma_ + s] = std::log(prob::sampleHalfCauchy(rng, prior_.tau));
    for (Eigen::Index k = 0; k < c; ++k)
        for (Eigen::Index j = 0; j < d; ++j) {
            const double z = rng.normal();
            const double sigma = std::exp(theta[offSigma_ + (prior_.kind == RegressionPrior::Ard ? j : k)]);
            const double lambda = prior_.nonCentered ? prior_.centering : 1.0;  // beta_tilde ~ N(lambda mu, sigma^lambda)
            theta[offBeta_ + j + k * d] = lambda * theta[offMu_ + k] + std::pow(sigma, lambda) * z;
        }
    return theta;
}

} // namespace genrelab

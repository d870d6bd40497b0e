#include "models/SoftmaxRegression.h"

#include "models/SoftmaxRows.h"
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

std::string_view coordinatesName(Coordinates coordinates) {
    switch (coordinates) {
    case Coordinates::NonCentered: return "non-centered";
    case Coordinates::Centered: return "centered";
    case Coordinates::PartiallyCentered: return "partially-centered";
    case Coordinates::Shift: return "shift";
    }
    return "?";
}

Coordinates coordinatesFromName(std::string_view name) {
    for (auto c : {Coordinates::NonCentered, Coordinates::Centered, Coordinates::PartiallyCentered, Coordinates::Shift})
        if (coordinatesName(c) == name) return c;
    throw std::invalid_argument("unknown coordinates '" + std::string(name) + "' (non-centered, centered, partially-centered, shift)");
}

SoftmaxRegression::SoftmaxRegression(std::shared_ptr<const ModelData> data, RegressionPriorSpec prior)
    : data_(std::move(data)), prior_(prior) {
    checkPositive(prior_.alphaScale, "the alpha prior scale");
    checkPositive(prior_.betaScale, "the beta prior scale");
    checkPositive(prior_.nu, "nu");
    checkPositive(prior_.muScale, "the mu_beta scale");
    checkPositive(prior_.tau, "tau");
    checkPositive(prior_.lambda, "lambda");
    if (prior_.coordinates == Coordinates::PartiallyCentered && !(prior_.partialCentering >= 0.0 && prior_.partialCentering < 1.0))
        throw std::invalid_argument("the partial centering must lie in [0, 1) (1 is the centered form)");
    const Eigen::Index d = data_->features(), c = data_->classes;
    const auto& features = data_->featureNames;
    const auto& classes = data_->classNames;
    const bool raw = rawCoefficients();
    if (prior_.coordinates == Coordinates::Shift) {
        shift_ = std::make_unique<const ShiftCoordinates>(c);
        alphaPriorMeans_.setZero(1, c);
        alphaPriorPrecisions_.setConstant(1, c, 1.0 / (prior_.alphaScale * prior_.alphaScale));
        std::vector<std::string> contrasts;
        for (Eigen::Index k = 1; k < c; ++k) contrasts.push_back("h" + std::to_string(k));
        offAlpha_ = layout_.add("alpha_contrast", c - 1, 1, Constraint::Real, contrasts);
        layout_.add("alpha_shift", 1, 1, Constraint::Real);
        offBeta_ = layout_.add("beta_contrast", d, c - 1, Constraint::Real, features, contrasts);
        layout_.add("beta_shift", d, 1, Constraint::Real, features);
    } else {
        offAlpha_ = layout_.add("alpha", c, 1, Constraint::Real, classes);
        const char* betaName = !raw ? "beta" : centering() > 0.0 ? "beta_tilde" : "beta_raw";
        offBeta_ = layout_.add(betaName, d, c, Constraint::Real, features, classes);
    }
    if (hierarchical()) {
        offMu_ = layout_.add("mu_beta", c, 1, Constraint::Real, classes);
        sigmaCount_ = prior_.family == PriorFamily::Ard ? d : c;
        offSigma_ = layout_.add("sigma_beta", sigmaCount_, 1, Constraint::Positive,
                                prior_.family == PriorFamily::Ard ? features : classes);
    }
    studentTConstant_ = prob::studentTConstant(prior_.nu, prior_.muScale);
    if (raw || shift_) {
        outputLayout_.add("alpha", c, 1, Constraint::Real, classes);
        outputLayout_.add("beta", d, c, Constraint::Real, features, classes);
        if (hierarchical()) {
            outputLayout_.add("mu_beta", c, 1, Constraint::Real, classes);
            outputLayout_.add("sigma_beta", sigmaCount_, 1, Constraint::Real,
                              prior_.family == PriorFamily::Ard ? features : classes);
        }
    } else {
        outputLayout_ = layout_;  // same names; natural values via constrain()
    }
}

std::unique_ptr<LogDensity> SoftmaxRegression::clone() const { return std::make_unique<SoftmaxRegression>(data_, prior_); }

void SoftmaxRegression::betaPrior(const Eigen::VectorXd& theta, Eigen::MatrixXd& means, Eigen::MatrixXd& precisions) const {
    const Eigen::Index d = data_->features(), c = data_->classes;
    if (!hierarchical()) {
        means.setZero(d, c);
        precisions.setConstant(d, c, 1.0 / (prior_.betaScale * prior_.betaScale));
        return;
    }
    means = theta.segment(offMu_, c).transpose().replicate(d, 1);
    const Eigen::VectorXd precision = (-2.0 * theta.segment(offSigma_, sigmaCount_).array()).exp();
    if (prior_.family == PriorFamily::Ard) precisions = precision.replicate(1, c);
    else precisions = precision.transpose().replicate(d, 1);
}

void SoftmaxRegression::coefficients(const Eigen::VectorXd& theta, Eigen::MatrixXd& beta, Eigen::VectorXd& alpha) const {
    const Eigen::Index d = data_->features(), c = data_->classes;
    if (shift_) {
        // Local matrices, not the workspaces: outputs() may run on several threads at once.
        Eigen::MatrixXd means, precisions, alphaRow;
        shift_->forward(Eigen::Map<const Eigen::MatrixXd>(theta.data() + offAlpha_, 1, c), alphaPriorMeans_,
                        alphaPriorPrecisions_, alphaRow);
        alpha = alphaRow.row(0).transpose();
        betaPrior(theta, means, precisions);
        shift_->forward(Eigen::Map<const Eigen::MatrixXd>(theta.data() + offBeta_, d, c), means, precisions, beta);
        return;
    }
    alpha = theta.segment(offAlpha_, c);
    beta = Eigen::Map<const Eigen::MatrixXd>(theta.data() + offBeta_, d, c);
    if (rawCoefficients()) {
        const Eigen::VectorXd mu = theta.segment(offMu_, c);
        // beta = mu + sigma^(1 - lambda) (beta_tilde - lambda mu); lambda 0: mu + sigma beta_raw.
        const double lambda = centering();
        const Eigen::VectorXd scale = ((1.0 - lambda) * theta.segment(offSigma_, sigmaCount_).array()).exp();
        if (lambda > 0.0) beta.rowwise() -= lambda * mu.transpose();
        if (prior_.family == PriorFamily::Ard) beta = (beta.array().colwise() * scale.array()).matrix();
        else beta = (beta.array().rowwise() * scale.transpose().array()).matrix();
        beta.rowwise() += mu.transpose();
    }
}

Eigen::VectorXd SoftmaxRegression::outputs(const Eigen::VectorXd& theta) const {
    Eigen::VectorXd out = layout_.constrain(theta);
    if (!rawCoefficients() && !shift_) return out;
    Eigen::MatrixXd beta;
    Eigen::VectorXd alpha;
    coefficients(theta, beta, alpha);
    out.segment(offAlpha_, alpha.size()) = alpha;
    out.segment(offBeta_, beta.size()) = Eigen::Map<const Eigen::VectorXd>(beta.data(), beta.size());
    return out;
}

void SoftmaxRegression::shiftBackward(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, double& lp,
                                      Eigen::VectorXd& gSigma) const {
    const Eigen::Index d = data_->features(), c = data_->classes;
    naturalGrad_ = grad.segment(offAlpha_, c).transpose();
    gradMeans_.setZero(1, c);
    gradPrecisions_.setZero(1, c);
    Eigen::Map<Eigen::MatrixXd> gAlpha(grad.data() + offAlpha_, 1, c);
    shift_->backward(Eigen::Map<const Eigen::MatrixXd>(theta.data() + offAlpha_, 1, c), alphaPriorMeans_, alphaPriorPrecisions_,
                     naturalGrad_, gAlpha, gradMeans_, gradPrecisions_);
    lp += ShiftCoordinates::logJacobian(alphaPriorPrecisions_);

    betaPrior(theta, priorMeans_, priorPrecisions_);
    Eigen::Map<Eigen::MatrixXd> gBeta(grad.data() + offBeta_, d, c);
    naturalGrad_ = gBeta;
    gradMeans_.setZero(d, c);
    gradPrecisions_.setZero(d, c);
    shift_->backward(Eigen::Map<const Eigen::MatrixXd>(theta.data() + offBeta_, d, c), priorMeans_, priorPrecisions_,
                     naturalGrad_, gBeta, gradMeans_, gradPrecisions_);
    lp += ShiftCoordinates::logJacobian(priorPrecisions_);
    if (!hierarchical()) return;  // the flat prior's means and precisions are constants
    grad.segment(offMu_, c) += gradMeans_.colwise().sum().transpose();
    // precision = sigma^-2: d precision / d sigma = -2 precision / sigma.
    const Eigen::MatrixXd viaSigma = -2.0 * gradPrecisions_.cwiseProduct(priorPrecisions_);
    const Eigen::VectorXd sigma = theta.segment(offSigma_, sigmaCount_).array().exp();
    if (prior_.family == PriorFamily::Ard) gSigma += viaSigma.rowwise().sum().cwiseQuotient(sigma);
    else gSigma += viaSigma.colwise().sum().transpose().cwiseQuotient(sigma);
}

double SoftmaxRegression::likelihood(const Eigen::VectorXd& alpha, const Eigen::MatrixXd& beta, const Minibatch* batch,
                                     Eigen::VectorXd& gradAlpha, Eigen::MatrixXd& gradBeta, const LogitOffsets& offsets) const {
    const KernelRows* rows = &data_->columns;
    double scale = 1.0;
    if (batch) {
        gatherKernelRows({data_->xt, data_->xtf, data_->y}, batch->rows, batchRows_, prior_.precision);
        rows = &batchRows_;
        scale = static_cast<double>(data_->rows()) / static_cast<double>(batch->rows.size());
    }
    gradBeta.resize(beta.rows(), beta.cols());
    gradAlpha.resize(alpha.size());
    const double ll = kernel_.evaluate(*rows, beta, alpha, gradBeta, gradAlpha, prior_.precision, offsets.values, offsets.gradient);
    if (scale != 1.0) {
        gradBeta *= scale;
        gradAlpha *= scale;
        if (offsets.gradient) *offsets.gradient *= scale;
    }
    return ll * scale;
}

double SoftmaxRegression::logProbGradWithOffsets(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch,
                                                 const LogitOffsets& offsets) const {
    coefficients(theta, beta_, alpha_);
    const double ll = likelihood(alpha_, beta_, batch, gradAlpha_, gradBeta_, offsets);
    return withPrior(theta, ll, grad);
}

void SoftmaxRegression::logProbs(const Eigen::MatrixXd& thetas, Eigen::VectorXd& out) const {
    const Eigen::Index c = data_->classes, sets = thetas.cols();
    out.resize(sets);
    batchBetas_.resize(data_->features(), sets * c);
    batchAlphas_.resize(c, sets);
    batchLikelihoods_.resize(sets);
    for (Eigen::Index j = 0; j < sets; ++j) {
        batchTheta_ = thetas.col(j);
        coefficients(batchTheta_, beta_, alpha_);
        // The prior and Jacobians alone: withPrior on a zero likelihood with a zero gradient.
        gradBeta_.setZero(beta_.rows(), beta_.cols());
        gradAlpha_.setZero(alpha_.size());
        out[j] = withPrior(batchTheta_, 0.0, batchGrad_);
        batchBetas_.middleCols(j * c, c) = beta_;
        batchAlphas_.col(j) = alpha_;
    }
    kernel_.logLikelihoods(data_->columns, batchBetas_, batchAlphas_, batchLikelihoods_, prior_.precision);
    for (Eigen::Index j = 0; j < sets; ++j) {
        out[j] += batchLikelihoods_[j];
        if (!std::isfinite(out[j])) out[j] = -std::numeric_limits<double>::infinity();
    }
}

double SoftmaxRegression::withPrior(const Eigen::VectorXd& theta, double lp, Eigen::VectorXd& grad) const {
    const Eigen::Index d = data_->features(), c = data_->classes;
    grad.setZero(dim());
    const bool raw = rawCoefficients();
    const bool ard = prior_.family == PriorFamily::Ard;

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
        if (shift_) {
            Eigen::VectorXd unused;
            shiftBackward(theta, grad, lp, unused);
        }
    } else {
        const auto mu = theta.segment(offMu_, c);
        const auto logSigma = theta.segment(offSigma_, sigmaCount_);
        const Eigen::VectorXd sigma = logSigma.array().exp();
        Eigen::Map<Eigen::VectorXd> gMu(grad.data() + offMu_, c);
        Eigen::Map<Eigen::VectorXd> gLogSigma(grad.data() + offSigma_, sigmaCount_);
        Eigen::VectorXd gSigma = Eigen::VectorXd::Zero(sigmaCount_), gLogSigmaDirect = Eigen::VectorXd::Zero(sigmaCount_);
        if (raw && centering() > 0.0) {
            // Partially centered: with u = beta_tilde - lambda mu and r = u / sigma^lambda,
            // beta = mu + sigma^(1-lambda) u and beta_tilde ~ Normal(lambda mu, sigma^lambda).
            // Derivatives on log sigma go to gLogSigmaDirect (added after the HalfCauchy part).
            const double lambda = centering();
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
            if (shift_) shiftBackward(theta, grad, lp, gSigma);
        }
        for (Eigen::Index k = 0; k < c; ++k) {
            if (prior_.family == PriorFamily::HierNormal) {
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

LogPriorParts SoftmaxRegression::logPriorParts(const Eigen::VectorXd& theta) const {
    const Eigen::Index d = data_->features(), c = data_->classes;
    Eigen::MatrixXd beta, means, precisions;
    Eigen::VectorXd alpha;
    coefficients(theta, beta, alpha);
    LogPriorParts parts{0.0, 0.0, 0.0, 0.0};
    for (Eigen::Index k = 0; k < c; ++k) parts.rest += prob::normal(alpha[k], 0.0, prior_.alphaScale).value;
    if (shift_) parts.jacobian += ShiftCoordinates::logJacobian(alphaPriorPrecisions_);
    betaPrior(theta, means, precisions);
    // Normal(beta | mean, precision^-1/2), every coefficient.
    parts.rest += (-0.5 * (beta - means).array().square() * precisions.array() + 0.5 * precisions.array().log() - prob::kHalfLog2Pi).sum();
    if (shift_) parts.jacobian += ShiftCoordinates::logJacobian(precisions);
    if (!hierarchical()) return parts;
    const auto mu = theta.segment(offMu_, c);
    const auto logSigma = theta.segment(offSigma_, sigmaCount_);
    for (Eigen::Index k = 0; k < c; ++k)
        parts.hyper += prior_.family == PriorFamily::HierNormal ? prob::normal(mu[k], 0.0, prior_.lambda).value
                                                                : prob::studentT(mu[k], prior_.nu, prior_.muScale).value;
    for (Eigen::Index s = 0; s < sigmaCount_; ++s) parts.hyper += prob::halfCauchy(std::exp(logSigma[s]), prior_.tau).value;
    parts.jacobian += logSigma.sum();  // sigma = exp(log sigma)
    if (rawCoefficients()) {
        // beta = mu + sigma^(1 - lambda) (beta_tilde - lambda mu): (1 - lambda) log sigma per coefficient.
        const double perScale = (1.0 - centering()) * static_cast<double>(prior_.family == PriorFamily::Ard ? c : d);
        parts.jacobian += perScale * logSigma.sum();
    }
    return parts;
}

std::vector<Eigen::Index> SoftmaxRegression::hyperparameterTermCoordinates() const {
    const Eigen::Index d = data_->features(), c = data_->classes;
    std::vector<Eigen::Index> coordinates;
    const auto addRange = [&](Eigen::Index offset, Eigen::Index size) {
        for (Eigen::Index i = 0; i < size; ++i) coordinates.push_back(offset + i);
    };
    addRange(offAlpha_, c);  // in shift coordinates the contrasts and the shift, contiguous
    if (!hierarchical()) {
        addRange(offBeta_, d * c);
        return coordinates;
    }
    addRange(offMu_, c);
    addRange(offSigma_, sigmaCount_);
    return coordinates;
}

double SoftmaxRegression::hyperparameterTermsLogPrior(const Eigen::VectorXd& theta) const {
    const Eigen::Index d = data_->features(), c = data_->classes;
    // The terms of withPrior (logPriorParts and its Jacobians) with alpha-scale, beta-scale, nu,
    // mu-scale, lambda or tau in them; local matrices: this only reads (LogDensity.h).
    double lp = 0.0;
    Eigen::VectorXd alpha = theta.segment(offAlpha_, c);
    if (shift_) {
        Eigen::MatrixXd alphaRow;
        shift_->forward(Eigen::Map<const Eigen::MatrixXd>(theta.data() + offAlpha_, 1, c), alphaPriorMeans_, alphaPriorPrecisions_,
                        alphaRow);
        alpha = alphaRow.row(0).transpose();
        lp += ShiftCoordinates::logJacobian(alphaPriorPrecisions_);
    }
    for (Eigen::Index k = 0; k < c; ++k) lp += prob::normal(alpha[k], 0.0, prior_.alphaScale).value;
    if (!hierarchical()) {
        Eigen::MatrixXd beta = Eigen::Map<const Eigen::MatrixXd>(theta.data() + offBeta_, d, c);
        if (shift_) {
            Eigen::MatrixXd means, precisions;
            betaPrior(theta, means, precisions);  // constants: reads no coordinate of the flat model
            shift_->forward(Eigen::Map<const Eigen::MatrixXd>(theta.data() + offBeta_, d, c), means, precisions, beta);
            lp += ShiftCoordinates::logJacobian(precisions);
        }
        const double bS = prior_.betaScale;
        return lp - 0.5 * beta.squaredNorm() / (bS * bS) - static_cast<double>(beta.size()) * (std::log(bS) + prob::kHalfLog2Pi);
    }
    for (Eigen::Index k = 0; k < c; ++k) {
        const double mu = theta[offMu_ + k];
        lp += prior_.family == PriorFamily::HierNormal ? prob::normal(mu, 0.0, prior_.lambda).value
                                                       : prob::studentT(mu, prior_.nu, prior_.muScale).value;
    }
    for (Eigen::Index s = 0; s < sigmaCount_; ++s) lp += prob::halfCauchy(std::exp(theta[offSigma_ + s]), prior_.tau).value;
    return lp;
}

Eigen::MatrixXd SoftmaxRegression::classLogits(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const {
    Eigen::MatrixXd beta;
    Eigen::VectorXd alpha;
    coefficients(theta, beta, alpha);
    Eigen::MatrixXd logits = x * beta;
    logits.rowwise() += alpha.transpose();
    return logits;
}

Eigen::MatrixXd SoftmaxRegression::classProbabilities(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const {
    Eigen::MatrixXd logits = classLogits(theta, x);
    softmaxRowsInPlace(logits);
    return logits;
}

Eigen::VectorXd SoftmaxRegression::samplePrior(Rng& rng) const {
    const Eigen::Index d = data_->features(), c = data_->classes;
    Eigen::VectorXd theta(dim());
    for (Eigen::Index k = 0; k < c; ++k) theta[offAlpha_ + k] = prior_.alphaScale * rng.normal();
    if (!hierarchical()) {
        for (Eigen::Index i = 0; i < d * c; ++i) theta[offBeta_ + i] = prior_.betaScale * rng.normal();
        if (shift_) toShiftCoordinates(theta);
        return theta;
    }
    for (Eigen::Index k = 0; k < c; ++k)
        theta[offMu_ + k] = prior_.family == PriorFamily::HierNormal ? prior_.lambda * rng.normal()
                                                                       : prior_.muScale * prob::sampleStudentT(rng, prior_.nu);
    for (Eigen::Index s = 0; s < sigmaCount_; ++s) theta[offSigma_ + s] = std::log(prob::sampleHalfCauchy(rng, prior_.tau));
    for (Eigen::Index k = 0; k < c; ++k)
        for (Eigen::Index j = 0; j < d; ++j) {
            const double z = rng.normal();
            const double sigma = std::exp(theta[offSigma_ + (prior_.family == PriorFamily::Ard ? j : k)]);
            const double lambda = rawCoefficients() ? centering() : 1.0;  // beta_tilde ~ N(lambda mu, sigma^lambda)
            theta[offBeta_ + j + k * d] = lambda * theta[offMu_ + k] + std::pow(sigma, lambda) * z;
        }
    if (shift_) toShiftCoordinates(theta);
    return theta;
}

void SoftmaxRegression::toShiftCoordinates(Eigen::VectorXd& theta) const {
    const Eigen::Index d = data_->features(), c = data_->classes;
    const Eigen::MatrixXd alpha = theta.segment(offAlpha_, c).transpose();
    shift_->inverse(alpha, alphaPriorMeans_, alphaPriorPrecisions_,
                    Eigen::Map<Eigen::MatrixXd>(theta.data() + offAlpha_, 1, c));
    Eigen::MatrixXd means, precisions;
    betaPrior(theta, means, precisions);
    const Eigen::MatrixXd beta = Eigen::Map<const Eigen::MatrixXd>(theta.data() + offBeta_, d, c);
    shift_->inverse(beta, means, precisions, Eigen::Map<Eigen::MatrixXd>(theta.data() + offBeta_, d, c));
}

} // namespace genrelab

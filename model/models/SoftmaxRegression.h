#pragma once
// Multinomial logistic regression with the study's priors (M1-M4):
//   alpha[c] ~ Normal(0, alphaScale)                               every model
//   flat:          beta[d,c] ~ Normal(0, betaScale)
//   hier-studentt: mu_beta[c] ~ StudentT(nu, 0, muScale), sigma_beta[c] ~ HalfCauchy(tau),
//                  beta[d,c] ~ Normal(mu_beta[c], sigma_beta[c])   one mean and scale per class
//   hier-normal:   as hier-studentt with mu_beta[c] ~ Normal(0, lambda)
//   ard:           mu_beta[c] ~ StudentT(nu, 0, muScale), sigma_beta[d] ~ HalfCauchy(tau),
//                  beta[d,c] ~ Normal(mu_beta[c], sigma_beta[d])   one scale per feature
// Hierarchical models come centered (beta is a parameter) or non-centered
// (beta = mu + sigma * beta_raw, beta_raw ~ Normal(0, 1)), or partially centered in between.
// Scales live on the log scale. Any of them can instead use shift coordinates (centered, with the
// softmax's unidentified shift standardized; see ShiftCoordinates.h), the same model again.
#include "models/LinearSoftmaxKernel.h"
#include "models/LogitOffsetModel.h"
#include "models/ModelData.h"
#include "models/ShiftCoordinates.h"

#include <memory>
#include <string_view>

namespace genrelab {

// The prior family of the linear model's coefficients (the list above). The model builder's
// names for them live in ModelSpec; what each family has, in ModelTraits.
enum class PriorFamily { Flat, HierStudentT, HierNormal, Ard };

// The coordinates of a hierarchical model's coefficients:
//   NonCentered        beta = mu + sigma * beta_raw, beta_raw ~ Normal(0, 1)
//   Centered           beta is the parameter
//   PartiallyCentered  in between, by RegressionPriorSpec::partialCentering
//   Shift              centered, with the softmax's unidentified shift standardized (every
//                      regression model, flat too; see ShiftCoordinates.h)
enum class Coordinates { NonCentered, Centered, PartiallyCentered, Shift };
std::string_view coordinatesName(Coordinates coordinates);        // "non-centered", "centered", "partially-centered", "shift"
Coordinates coordinatesFromName(std::string_view name);           // throws std::invalid_argument

struct RegressionPriorSpec {
    PriorFamily family = PriorFamily::HierStudentT;
    double alphaScale = 5.0;
    double betaScale = 5.0;   // flat
    double nu = 4.0;          // StudentT degrees of freedom of mu_beta
    double muScale = 1.0;     // StudentT scale of mu_beta
    double tau = 1.0;         // HalfCauchy scale of sigma_beta
    double lambda = 1.0;      // Normal scale of mu_beta (hier-normal)
    // How the coefficients are parameterized; every choice is the same model in other coordinates.
    Coordinates coordinates = Coordinates::NonCentered;
    // With PartiallyCentered only: how far toward the centered form, lambda in [0, 1) (Gorinova
    // et al. 2020): beta_tilde ~ Normal(lambda mu, sigma^lambda), beta = mu + sigma^(1 - lambda)
    // (beta_tilde - lambda mu). 0 computes the plain non-centered form.
    double partialCentering = 0.5;
    // Arithmetic of the likelihood kernel; priors, Jacobians and every sum across row blocks
    // stay in double either way (see LinearSoftmaxKernel.h). Float is 1.5-2x faster and within
    // ~1e-7 of double; finite-difference checks need double.
    KernelPrecision precision = KernelPrecision::Float;
    bool operator==(const RegressionPriorSpec&) const = default;
};

class SoftmaxRegression : public LogitOffsetModel {
public:
    SoftmaxRegression(std::shared_ptr<const ModelData> data, RegressionPriorSpec prior);
    using LogDensity::classProbabilities;

    Eigen::Index dim() const override { return layout_.dim(); }
    const ParameterLayout& layout() const override { return layout_; }
    double logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch = nullptr) const override {
        return logProbGradWithOffsets(theta, grad, batch, {});
    }
    double logProbGradWithOffsets(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch,
                                  const LogitOffsets& offsets) const override;
    // Every draw's likelihood in one pass of the kernel over the rows (LinearSoftmaxKernel::logLikelihoods).
    void logProbs(const Eigen::MatrixXd& thetas, Eigen::VectorXd& out) const override;
    Eigen::MatrixXd classProbabilities(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const override;
    Eigen::MatrixXd classLogits(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const override;
    Eigen::VectorXd samplePrior(Rng& rng) const override;
    LogPriorParts logPriorParts(const Eigen::VectorXd& theta) const override;
    // alpha-scale: the intercepts' prior (in shift coordinates with its Jacobian, and read in theta:
    // the intercepts' shift follows alpha-scale); beta-scale (flat): the coefficients' likewise;
    // nu, mu-scale, lambda: mu_beta's prior; tau: sigma_beta's. The likelihood reads none of them:
    // a shift changes no probability.
    std::vector<Eigen::Index> hyperparameterTermCoordinates() const override;
    double hyperparameterTermsLogPrior(const Eigen::VectorXd& theta) const override;
    const ParameterLayout& outputLayout() const override { return outputLayout_; }
    Eigen::VectorXd outputs(const Eigen::VectorXd& theta) const override;
    std::unique_ptr<LogDensity> clone() const override;
    std::shared_ptr<const ModelData> modelData() const override { return data_; }
    Eigen::Index dataRows() const override { return data_->rows(); }

    const RegressionPriorSpec& prior() const { return prior_; }
    bool hierarchical() const { return prior_.family != PriorFamily::Flat; }
    // beta (features x classes) and alpha from theta, in natural form.
    void coefficients(const Eigen::VectorXd& theta, Eigen::MatrixXd& beta, Eigen::VectorXd& alpha) const;

private:
    bool rawCoefficients() const {
        return hierarchical() && (prior_.coordinates == Coordinates::NonCentered || prior_.coordinates == Coordinates::PartiallyCentered);
    }
    // lambda of the partially centered form; 0 for the plain non-centered one.
    double centering() const { return prior_.coordinates == Coordinates::PartiallyCentered ? prior_.partialCentering : 0.0; }
    // The prior of beta given theta's hyperparameters, as means and precisions (features x classes).
    void betaPrior(const Eigen::VectorXd& theta, Eigen::MatrixXd& means, Eigen::MatrixXd& precisions) const;
    // In shift coordinates: turns dL/dbeta and dL/dalpha held in grad into the coordinates'
    // gradient, adds the log-Jacobian to lp and the paths through the prior to gMu and gSigma.
    void shiftBackward(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, double& lp, Eigen::VectorXd& gSigma) const;

    // Natural alpha and beta in theta (centered form) rewritten in shift coordinates.
    void toShiftCoordinates(Eigen::VectorXd& theta) const;

    // lp (the log likelihood at beta_ and alpha_, its gradient in gradBeta_ and gradAlpha_) plus
    // the priors and Jacobians, and the gradient of the sum in grad; -inf where not finite.
    double withPrior(const Eigen::VectorXd& theta, double lp, Eigen::VectorXd& grad) const;
    double likelihood(const Eigen::VectorXd& alpha, const Eigen::MatrixXd& beta, const Minibatch* batch,
                      Eigen::VectorXd& gradAlpha, Eigen::MatrixXd& gradBeta, const LogitOffsets& offsets) const;

    std::shared_ptr<const ModelData> data_;
    RegressionPriorSpec prior_;
    ParameterLayout layout_, outputLayout_;
    Eigen::Index offAlpha_ = 0, offBeta_ = 0, offMu_ = 0, offSigma_ = 0, sigmaCount_ = 0;
    double studentTConstant_ = 0.0;
    std::unique_ptr<const ShiftCoordinates> shift_;  // in Coordinates::Shift
    Eigen::MatrixXd alphaPriorMeans_, alphaPriorPrecisions_;  // the intercepts' prior as one row

    // Workspaces, sized once (per thread: see LogDensity::clone).
    mutable LinearSoftmaxKernel kernel_;
    mutable KernelRows batchRows_;
    mutable Eigen::MatrixXd beta_, gradBeta_;
    mutable Eigen::VectorXd alpha_, gradAlpha_;
    mutable Eigen::MatrixXd priorMeans_, priorPrecisions_, naturalGrad_, gradMeans_, gradPrecisions_;
    mutable Eigen::MatrixXd batchBetas_, batchAlphas_;  // logProbs: every draw's coefficients side by side
    mutable Eigen::VectorXd batchTheta_, batchGrad_, batchLikelihoods_;
};

} // namespace genrelab

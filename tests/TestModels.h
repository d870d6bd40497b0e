#pragma once
// Small densities with known answers, for testing the samplers and diagnostics.
#include "models/LogDensity.h"
#include "util/Rng.h"

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <cmath>
#include <limits>

namespace genrelab::testing {

// A multivariate normal N(mean, cov).
class GaussianDensity : public LogDensity {
public:
    GaussianDensity(Eigen::VectorXd mean, const Eigen::MatrixXd& cov) : mean_(std::move(mean)), precision_(cov.inverse()) {
        layout_.add("x", mean_.size(), 1, Constraint::Real);
    }
    Eigen::Index dim() const override { return mean_.size(); }
    const ParameterLayout& layout() const override { return layout_; }
    double logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* = nullptr) const override {
        const Eigen::VectorXd d = theta - mean_;
        grad = -precision_ * d;
        return -0.5 * d.dot(precision_ * d);
    }
    Eigen::MatrixXd classProbabilities(const Eigen::VectorXd&, const Eigen::MatrixXd& x) const override {
        return Eigen::MatrixXd::Constant(x.rows(), 2, 0.5);
    }
    Eigen::VectorXd samplePrior(Rng& rng) const override {
        Eigen::VectorXd v(dim());
        for (Eigen::Index i = 0; i < dim(); ++i) v[i] = rng.normal();
        return v;
    }
    std::unique_ptr<LogDensity> clone() const override { return std::make_unique<GaussianDensity>(*this); }
    Eigen::Index dataRows() const override { return 1; }

private:
    Eigen::VectorXd mean_;
    Eigen::MatrixXd precision_;
    ParameterLayout layout_;
};

// p ~ Beta(a, b), k successes in n Bernoulli trials; theta = logit(p) with its Jacobian.
// The exact posterior of p is Beta(a + k, b + n - k).
class BetaBernoulliDensity : public LogDensity {
public:
    BetaBernoulliDensity(double a, double b, int k, int n) : a_(a), b_(b), k_(k), n_(n) {
        layout_.add("logit_p", 1, 1, Constraint::Real);
    }
    Eigen::Index dim() const override { return 1; }
    const ParameterLayout& layout() const override { return layout_; }
    double logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* = nullptr) const override {
        // log p = (a + k) log(s) + (b + n - k) log(1 - s), s = sigmoid(theta), Jacobian included.
        const double t = theta[0];
        const double logS = -std::log1p(std::exp(-t)), log1mS = -std::log1p(std::exp(t));
        const double s = 1.0 / (1.0 + std::exp(-t));
        const double a = a_ + k_, b = b_ + n_ - k_;
        grad.resize(1);
        grad[0] = a * (1.0 - s) - b * s;
        return a * logS + b * log1mS;
    }
    Eigen::MatrixXd classProbabilities(const Eigen::VectorXd&, const Eigen::MatrixXd& x) const override {
        return Eigen::MatrixXd::Constant(x.rows(), 2, 0.5);
    }
    Eigen::VectorXd samplePrior(Rng& rng) const override { return Eigen::VectorXd::Constant(1, rng.normal()); }
    std::unique_ptr<LogDensity> clone() const override { return std::make_unique<BetaBernoulliDensity>(*this); }
    Eigen::Index dataRows() const override { return n_; }
    double posteriorMean() const { return (a_ + k_) / (a_ + b_ + n_); }

private:
    double a_, b_;
    int k_, n_;
    ParameterLayout layout_;
};

// A standard normal truncated to x > 0 by returning -inf below: the sampler must reject, not crash.
class HalfNormalByRejection : public GaussianDensity {
public:
    HalfNormalByRejection() : GaussianDensity(Eigen::VectorXd::Zero(1), Eigen::MatrixXd::Identity(1, 1)) {}
    double logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* b = nullptr) const override {
        if (theta[0] <= 0.0) return -std::numeric_limits<double>::infinity();
        return GaussianDensity::logProbGrad(theta, grad, b);
    }
    std::unique_ptr<LogDensity> clone() const override { return std::make_unique<HalfNormalByRejection>(*this); }
};

} // namespace genrelab::testing

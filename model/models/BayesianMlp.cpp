#include "models/BayesianMlp.h"

#include "models/Softmax.h"
#include "prob/Distributions.h"
#include "util/Rng.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace genrelab {

std::string_view activationName(Activation activation) { return activation == Activation::Tanh ? "tanh" : "relu"; }

BayesianMlp::BayesianMlp(std::shared_ptr<const ModelData> data, MlpSpec spec) : data_(std::move(data)), spec_(std::move(spec)) {
    if (!(spec_.priorScale > 0.0) || !std::isfinite(spec_.priorScale))
        throw std::invalid_argument("the MLP prior scale must be a positive finite number");
    for (int units : spec_.hidden)
        if (units < 1 || units > 4096) throw std::invalid_argument("hidden layer sizes must lie in 1..4096");
    Eigen::Index in = data_->features();
    std::vector<Eigen::Index> sizes(spec_.hidden.begin(), spec_.hidden.end());
    sizes.push_back(data_->classes);
    for (std::size_t l = 0; l < sizes.size(); ++l) {
        const Eigen::Index out = sizes[l];
        const std::string n = std::to_string(l + 1);
        const bool last = l + 1 == sizes.size();
        std::vector<std::string> inNames = l == 0 ? data_->featureNames : std::vector<std::string>{};
        std::vector<std::string> outNames = last ? data_->classNames : std::vector<std::string>{};
        const Eigen::Index offW = layout_.add("W" + n, out, in, Constraint::Real, outNames, inNames);
        const Eigen::Index offB = layout_.add("b" + n, out, 1, Constraint::Real, outNames);
        layers_.push_back({in, out, offW, offB});
        in = out;
    }
    activations_.resize(layers_.size());
}

std::unique_ptr<LogDensity> BayesianMlp::clone() const { return std::make_unique<BayesianMlp>(data_, spec_); }

void BayesianMlp::forward(const Eigen::VectorXd& theta, const Eigen::MatrixXd& inputs) const {
    const Eigen::MatrixXd* previous = &inputs;
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        const Layer& layer = layers_[l];
        const Eigen::Map<const Eigen::MatrixXd> w(theta.data() + layer.offW, layer.out, layer.in);
        const Eigen::Map<const Eigen::VectorXd> b(theta.data() + layer.offB, layer.out);
        Eigen::MatrixXd& a = activations_[l];
        a.resize(layer.out, previous->cols());
        a.noalias() = w * *previous;
        a.colwise() += b;
        if (l + 1 < layers_.size()) {
            // tanh(x) = 1 - 2 / (exp(2x) + 1): Eigen vectorizes exp for doubles, not tanh.
            if (spec_.activation == Activation::Tanh) a = 1.0 - 2.0 / ((2.0 * a.array().cwiseMin(350.0)).exp() + 1.0);
            else a = a.cwiseMax(0.0);
        }
        previous = &a;
    }
}

double BayesianMlp::logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch) const {
    grad.setZero(dim());
    const RowsView rows = rowsFor(*data_, batch, batchX_, batchY_);
    const Eigen::MatrixXd* x = &rows.xt;
    const Eigen::VectorXi* y = &rows.y;
    const double scale = rows.scale;
    forward(theta, *x);
    double lp = scale * softmaxLogLikelihoodResidual(activations_.back(), *y);  // now holds dLL/dlogits
    delta_ = activations_.back() * scale;
    for (std::size_t l = layers_.size(); l-- > 0;) {
        const Layer& layer = layers_[l];
        const Eigen::MatrixXd& input = l == 0 ? *x : activations_[l - 1];
        Eigen::Map<Eigen::MatrixXd> gw(grad.data() + layer.offW, layer.out, layer.in);
        Eigen::Map<Eigen::VectorXd> gb(grad.data() + layer.offB, layer.out);
        gw.noalias() = delta_ * input.transpose();
        gb = delta_.rowwise().sum();
        if (l == 0) break;
        const Eigen::Map<const Eigen::MatrixXd> w(theta.data() + layer.offW, layer.out, layer.in);
        deltaPrev_.resize(layer.in, delta_.cols());
        deltaPrev_.noalias() = w.transpose() * delta_;
        const Eigen::MatrixXd& a = activations_[l - 1];
        if (spec_.activation == Activation::Tanh) deltaPrev_.array() *= 1.0 - a.array().square();
        else deltaPrev_.array() *= (a.array() > 0.0).cast<double>();
        delta_.swap(deltaPrev_);
    }
    const double s2 = spec_.priorScale * spec_.priorScale;
    lp += -0.5 * theta.squaredNorm() / s2 - static_cast<double>(dim()) * (std::log(spec_.priorScale) + prob::kHalfLog2Pi);
    grad -= theta / s2;
    if (!std::isfinite(lp) || !grad.allFinite()) return -std::numeric_limits<double>::infinity();
    return lp;
}

Eigen::MatrixXd BayesianMlp::classProbabilities(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const {
    forward(theta, x.transpose());
    Eigen::MatrixXd probabilities = activations_.back().transpose();
    softmaxRowsInPlace(probabilities);
    return probabilities;
}

Eigen::VectorXd BayesianMlp::samplePrior(Rng& rng) const {
    Eigen::VectorXd theta(dim());
    for (Eigen::Index i = 0; i < dim(); ++i) theta[i] = spec_.priorScale * rng.normal();
    return theta;
}

} // namespace genrelab

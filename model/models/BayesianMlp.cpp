#include "models/BayesianMlp.h"

#include "models/MlpSoftmax.h"
#include "models/SoftmaxRows.h"
#include "prob/Distributions.h"
#include "util/Rng.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <type_traits>

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
}

std::unique_ptr<LogDensity> BayesianMlp::clone() const { return std::make_unique<BayesianMlp>(data_, spec_); }

template <typename Scalar>
void BayesianMlp::forward(const Eigen::VectorXd& theta, const Eigen::Matrix<Scalar, -1, -1>& inputs, Workspace<Scalar>& work) const {
    work.weights.resize(layers_.size());
    work.activations.resize(layers_.size());
    const Eigen::Matrix<Scalar, -1, -1>* previous = &inputs;
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        const Layer& layer = layers_[l];
        work.weights[l] = Eigen::Map<const Eigen::MatrixXd>(theta.data() + layer.offW, layer.out, layer.in).cast<Scalar>();
        const auto b = Eigen::Map<const Eigen::VectorXd>(theta.data() + layer.offB, layer.out).cast<Scalar>();
        auto& a = work.activations[l];
        a.resize(layer.out, previous->cols());
        a.noalias() = work.weights[l] * *previous;
        a.colwise() += b;
        if (l + 1 < layers_.size()) {
            if (spec_.activation == Activation::Relu) a = a.cwiseMax(Scalar(0));
            else if constexpr (std::is_same_v<Scalar, float>) a = a.array().tanh();  // vectorized for float
            else a = 1.0 - 2.0 / ((2.0 * a.array().cwiseMin(350.0)).exp() + 1.0);  // tanh via the vectorized exp
        }
        previous = &a;
    }
}

template <typename Scalar>
double BayesianMlp::likelihood(const Eigen::VectorXd& theta, const Eigen::Matrix<Scalar, -1, -1>& xt, const Minibatch* batch,
                               Eigen::VectorXd& grad, Workspace<Scalar>& work, const LogitOffsets& offsets) const {
    const Eigen::Matrix<Scalar, -1, -1>* x = &xt;
    const Eigen::VectorXi* y = &data_->y;
    double scale = 1.0;
    if (batch) {
        const auto n = static_cast<Eigen::Index>(batch->rows.size());
        work.batchX.resize(xt.rows(), n);
        work.batchY.resize(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            const Eigen::Index r = batch->rows[static_cast<std::size_t>(i)];
            work.batchX.col(i) = xt.col(r);
            work.batchY[i] = data_->y[r];
        }
        x = &work.batchX;
        y = &work.batchY;
        scale = static_cast<double>(data_->rows()) / static_cast<double>(n);
    }
    forward(theta, *x, work);
    if (offsets.values) {
        if (offsets.values->rows() != work.activations.back().rows() || offsets.values->cols() != x->cols())
            throw std::invalid_argument("the logit offsets must be classes x rows");
        work.activations.back() += offsets.values->template cast<Scalar>();
    }
    const double ll = scale * softmaxLogLikelihoodResidual(work.activations.back(), *y);  // now holds dLL/dlogits
    // Backpropagation overwrites each layer's activation with its delta once it has served as
    // the next layer's input: no copies, and every buffer keeps its size between calls.
    auto* delta = &work.activations.back();
    if (scale != 1.0) *delta *= static_cast<Scalar>(scale);
    if (offsets.gradient) *offsets.gradient = delta->template cast<double>();
    work.backprop.resize(layers_.size());
    for (std::size_t l = layers_.size(); l-- > 0;) {
        const Layer& layer = layers_[l];
        const auto& input = l == 0 ? *x : work.activations[l - 1];
        work.gradW.noalias() = *delta * input.transpose();
        Eigen::Map<Eigen::MatrixXd>(grad.data() + layer.offW, layer.out, layer.in) = work.gradW.template cast<double>();
        // Bias gradient: sums over 256-column blocks in Scalar, carried across blocks in double
        // (a float sum over 14,000 rows would lose digits). Whole columns are added because
        // Eigen's rowwise().sum() walks each row with a stride.
        Eigen::Map<Eigen::VectorXd> gb(grad.data() + layer.offB, layer.out);
        gb.setZero();
        for (Eigen::Index c0 = 0; c0 < delta->cols(); c0 += 256) {
            work.columnSum.setZero(layer.out);
            for (Eigen::Index c = c0; c < std::min<Eigen::Index>(c0 + 256, delta->cols()); ++c) work.columnSum += delta->col(c);
            gb += work.columnSum.template cast<double>();
        }
        if (l == 0) break;
        auto& back = work.backprop[l];
        back.resize(layer.in, delta->cols());
        back.noalias() = work.weights[l].transpose() * *delta;
        auto& a = work.activations[l - 1];
        if (spec_.activation == Activation::Tanh) a.array() = back.array() * (Scalar(1) - a.array().square());
        else a.array() = back.array() * (a.array() > Scalar(0)).template cast<Scalar>();
        delta = &a;
    }
    return ll;
}

double BayesianMlp::logProbGradWithOffsets(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch,
                                           const LogitOffsets& offsets) const {
    grad.setZero(dim());
    double lp = spec_.precision == KernelPrecision::Float ? likelihood(theta, data_->xtf, batch, grad, float_, offsets)
                                                          : likelihood(theta, data_->xt, batch, grad, double_, offsets);
    const double s2 = spec_.priorScale * spec_.priorScale;
    lp += -0.5 * theta.squaredNorm() / s2 - static_cast<double>(dim()) * (std::log(spec_.priorScale) + prob::kHalfLog2Pi);
    grad -= theta / s2;
    if (!std::isfinite(lp) || !grad.allFinite()) return -std::numeric_limits<double>::infinity();
    return lp;
}

Eigen::MatrixXd BayesianMlp::classLogits(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const {
    // A workspace of its own, not double_: predictions may run beside logProbGrad (LogDensity.h).
    Workspace<double> work;
    forward<double>(theta, x.transpose(), work);
    return work.activations.back().transpose();
}

Eigen::MatrixXd BayesianMlp::classProbabilities(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const {
    Eigen::MatrixXd probabilities = classLogits(theta, x);
    softmaxRowsInPlace(probabilities);
    return probabilities;
}

LogPriorParts BayesianMlp::logPriorParts(const Eigen::VectorXd& theta) const {
    // Every weight and bias is a natural parameter with a fixed Normal prior: no hyperprior.
    const double s2 = spec_.priorScale * spec_.priorScale;
    const double rest = -0.5 * theta.squaredNorm() / s2 - static_cast<double>(dim()) * (std::log(spec_.priorScale) + prob::kHalfLog2Pi);
    return {0.0, 0.0, rest, 0.0};
}

Eigen::VectorXd BayesianMlp::samplePrior(Rng& rng) const {
    Eigen::VectorXd theta(dim());
    for (Eigen::Index i = 0; i < dim(); ++i) theta[i] = spec_.priorScale * rng.normal();
    return theta;
}

} // namespace genrelab

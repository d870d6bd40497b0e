#include "perf/ReferenceKernels.h"

#include "models/ModelData.h"
#include "util/Rng.h"

namespace genrelab {
namespace {

// Row-wise log-softmax of rows x classes logits: returns the log likelihood of the labels and
// leaves the residual onehot(y) - softmax in place.
double logSoftmaxResidual(Eigen::MatrixXd& logits, const Eigen::VectorXi& y) {
    const Eigen::VectorXd max = logits.rowwise().maxCoeff();
    logits.colwise() -= max;
    double total = 0.0;
    for (Eigen::Index i = 0; i < logits.rows(); ++i) total += logits(i, y[i]);
    logits = logits.array().exp();
    const Eigen::VectorXd sum = logits.rowwise().sum();
    total -= sum.array().log().sum();
    logits.array().colwise() /= -sum.array();
    for (Eigen::Index i = 0; i < logits.rows(); ++i) logits(i, y[i]) += 1.0;
    return total;
}

} // namespace

RegressionReference::RegressionReference(const ModelData& data) : x_(data.xt.transpose()), y_(data.y) {}

double RegressionReference::evaluate(const Eigen::MatrixXd& beta, const Eigen::VectorXd& alpha, Eigen::MatrixXd& gradBeta,
                                     Eigen::VectorXd& gradAlpha) {
    logits_.noalias() = x_ * beta;
    logits_.rowwise() += alpha.transpose();
    const double ll = logSoftmaxResidual(logits_, y_);
    gradBeta.noalias() = x_.transpose() * logits_;
    gradAlpha = logits_.colwise().sum().transpose();
    return ll;
}

MlpReference::MlpReference(const ModelData& data) : x_(data.xt.transpose()), y_(data.y) {}

MlpWeights MlpWeights::random(const ModelData& data, int units, std::uint64_t seed) {
    Rng rng(seed);
    MlpWeights w{Eigen::MatrixXd(units, data.features()), Eigen::MatrixXd(data.classes, units), Eigen::VectorXd::Zero(units),
                 Eigen::VectorXd::Zero(data.classes)};
    for (Eigen::Index i = 0; i < w.w1.size(); ++i) w.w1.data()[i] = 0.1 * rng.normal();
    for (Eigen::Index i = 0; i < w.w2.size(); ++i) w.w2.data()[i] = 0.1 * rng.normal();
    return w;
}

double MlpReference::evaluate(const MlpWeights& weights, MlpWeights& gradient) {
    hidden_.noalias() = x_ * weights.w1.transpose();  // rows x units
    hidden_.rowwise() += weights.b1.transpose();
    hidden_ = hidden_.array().tanh();
    logits_.noalias() = hidden_ * weights.w2.transpose();
    logits_.rowwise() += weights.b2.transpose();
    const double ll = logSoftmaxResidual(logits_, y_);
    gradient.w2.noalias() = logits_.transpose() * hidden_;
    gradient.b2 = logits_.colwise().sum().transpose();
    delta_.noalias() = logits_ * weights.w2;
    delta_.array() *= 1.0 - hidden_.array().square();
    gradient.w1.noalias() = delta_.transpose() * x_;
    gradient.b1 = delta_.colwise().sum().transpose();
    return ll;
}

} // namespace genrelab

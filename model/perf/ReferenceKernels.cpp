#include "perf/ReferenceKernels.h"

#include "models/ModelData.h"

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

double MlpReference::evaluate(const Eigen::MatrixXd& w1, const Eigen::VectorXd& b1, const Eigen::MatrixXd& w2,
                              const Eigen::VectorXd& b2, Eigen::MatrixXd& gradW1, Eigen::VectorXd& gradB1, Eigen::MatrixXd& gradW2,
                              Eigen::VectorXd& gradB2) {
    hidden_.noalias() = x_ * w1.transpose();  // rows x units
    hidden_.rowwise() += b1.transpose();
    hidden_ = hidden_.array().tanh();
    logits_.noalias() = hidden_ * w2.transpose();
    logits_.rowwise() += b2.transpose();
    const double ll = logSoftmaxResidual(logits_, y_);
    gradW2.noalias() = logits_.transpose() * hidden_;
    gradB2 = logits_.colwise().sum().transpose();
    delta_.noalias() = logits_ * w2;
    delta_.array() *= 1.0 - hidden_.array().square();
    gradW1.noalias() = delta_.transpose() * x_;
    gradB1 = delta_.colwise().sum().transpose();
    return ll;
}

} // namespace genrelab

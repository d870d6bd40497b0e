#include "models/MlpSoftmax.h"

#include <cmath>

namespace genrelab {

namespace {

template <typename Scalar>
double logLikelihoodResidual(Eigen::Ref<Eigen::Matrix<Scalar, -1, -1>> logits, const Eigen::Ref<const Eigen::VectorXi>& labels) {
    const Eigen::Index classes = logits.rows(), n = logits.cols();
    // Column maxima and the label logits first; then one vectorized exp over the whole matrix
    // and one vectorized log of the column sums (std::exp and std::log element by element
    // cost more than both matrix products together).
    double total = 0.0;
    for (Eigen::Index j = 0; j < n; ++j) {
        Scalar* l = logits.col(j).data();
        Scalar max = l[0];
        for (Eigen::Index c = 1; c < classes; ++c) max = std::max(max, l[c]);
        total += static_cast<double>(l[labels[j]] - max);  // exact even where exp underflows
        for (Eigen::Index c = 0; c < classes; ++c) l[c] -= max;
    }
    if (logits.outerStride() == classes) {  // contiguous: one flat vectorized exp, no per-column scalar tails
        Eigen::Map<Eigen::Array<Scalar, -1, 1>> flat(logits.data(), logits.size());
        flat = flat.exp();
    } else {
        logits.array() = logits.array().exp();
    }
    thread_local Eigen::Matrix<Scalar, 1, -1> sums;  // one per thread: models on several chains share this code
    sums.noalias() = logits.colwise().sum();
    total -= sums.array().log().template cast<double>().sum();
    for (Eigen::Index j = 0; j < n; ++j) {
        Scalar* l = logits.col(j).data();
        const Scalar inv = Scalar(-1) / sums[j];
        for (Eigen::Index c = 0; c < classes; ++c) l[c] *= inv;
        l[labels[j]] += Scalar(1);
    }
    return total;
}

} // namespace

double softmaxLogLikelihoodResidual(Eigen::Ref<Eigen::MatrixXd> logits, const Eigen::Ref<const Eigen::VectorXi>& labels) {
    return logLikelihoodResidual<double>(logits, labels);
}

double softmaxLogLikelihoodResidual(Eigen::Ref<Eigen::MatrixXf> logits, const Eigen::Ref<const Eigen::VectorXi>& labels) {
    return logLikelihoodResidual<float>(logits, labels);
}

} // namespace genrelab

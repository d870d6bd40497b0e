#pragma once
// Class probabilities from logits, for every model's classProbabilities().
#include <Eigen/Core>

namespace genrelab {

// Row-wise softmax of rows x classes logits, in place (max-shifted).
inline void softmaxRowsInPlace(Eigen::Ref<Eigen::MatrixXd> logits) {
    const Eigen::VectorXd max = logits.rowwise().maxCoeff();
    logits.colwise() -= max;
    logits.array() = logits.array().exp();
    const Eigen::VectorXd sum = logits.rowwise().sum();
    logits.array().colwise() /= sum.array();
}

} // namespace genrelab

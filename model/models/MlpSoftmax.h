#pragma once
// The categorical-logit likelihood of the MLP's output layer: one pass over classes x rows
// logits. (The regression models fuse theirs with the linear map in LinearSoftmaxKernel.)
#include <Eigen/Core>

namespace genrelab {

// For logits (classes x rows) and labels (one per column): returns sum_n log softmax(l_n)[y_n]
// and overwrites logits with the residual onehot(y) - softmax(l), the gradient of that sum
// with respect to the logits. Max-shifted log-sum-exp; no allocation.
double softmaxLogLikelihoodResidual(Eigen::Ref<Eigen::MatrixXd> logits, const Eigen::Ref<const Eigen::VectorXi>& labels);
// The same in float; the returned sum is accumulated in double.
double softmaxLogLikelihoodResidual(Eigen::Ref<Eigen::MatrixXf> logits, const Eigen::Ref<const Eigen::VectorXi>& labels);

} // namespace genrelab

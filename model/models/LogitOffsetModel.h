#pragma once
// A model whose logits can take a per-row offset: what group terms (GroupedModel) build on.
// The linear softmax (any prior family) and the MLP are such models; the offsets enter their
// likelihood kernels directly, and the gradient with respect to the offsets comes back out, so a
// term's gradient needs no pass of its own over the rows.
#include "models/LogDensity.h"

#include <Eigen/Core>

namespace genrelab {

// Offsets added to the logits of the rows the likelihood runs over: classes x rows, in the
// order of the minibatch's rows (or of all training rows without one). gradient receives
// d(scaled log likelihood)/d(offsets) in the same shape, the minibatch's N / rows included.
struct LogitOffsets {
    const Eigen::MatrixXd* values = nullptr;
    Eigen::MatrixXd* gradient = nullptr;
};

class LogitOffsetModel : public LogDensity {
public:
    using LogDensity::classProbabilities;
    // logProbGrad with the offsets added to the likelihood's logits.
    virtual double logProbGradWithOffsets(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch,
                                          const LogitOffsets& offsets) const = 0;
    // Rows x classes of logits (before the softmax) for feature rows x.
    virtual Eigen::MatrixXd classLogits(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const = 0;
};

} // namespace genrelab

#pragma once
// The yardsticks of docs/BENCHMARKS.md: the least work a model's log-likelihood gradient needs,
// written plainly with Eigen the way a careful user would (rows x features, GEMMs, row-wise
// log-softmax). Our kernels are timed against these in the same run, so the ratio does not
// depend on the machine's mood. They compute the same gradient as the models' likelihood part
// (tests/tst_kernel.cpp checks that), without priors.
#include <Eigen/Core>

#include <cstdint>

namespace genrelab {

struct ModelData;

class RegressionReference {
public:
    explicit RegressionReference(const ModelData& data);
    // sum_n log softmax(alpha + beta^T x_n)[y_n]; gradients into gradBeta (features x classes)
    // and gradAlpha.
    double evaluate(const Eigen::MatrixXd& beta, const Eigen::VectorXd& alpha, Eigen::MatrixXd& gradBeta,
                    Eigen::VectorXd& gradAlpha);

private:
    Eigen::MatrixXd x_, logits_;
    Eigen::VectorXi y_;
};

// One hidden layer of tanh units: logits = W2 tanh(W1 x + b1) + b2.
struct MlpWeights {
    Eigen::MatrixXd w1, w2;  // units x features, classes x units
    Eigen::VectorXd b1, b2;
    // Weights ~ Normal(0, 0.1), biases 0: a typical point for timing.
    static MlpWeights random(const ModelData& data, int units, std::uint64_t seed);
};

class MlpReference {
public:
    explicit MlpReference(const ModelData& data);
    // The log likelihood; its gradient into `gradient` (same shapes as the weights).
    double evaluate(const MlpWeights& weights, MlpWeights& gradient);

private:
    Eigen::MatrixXd x_, hidden_, logits_, delta_;
    Eigen::VectorXi y_;
};

} // namespace genrelab

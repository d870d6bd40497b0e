#pragma once
// A Bayesian feed-forward network (study M5): features -> hidden layers (tanh or ReLU) ->
// class logits; every weight and bias ~ Normal(0, priorScale).
#include "models/LogitOffsetModel.h"
#include "models/ModelData.h"

#include <memory>
#include <string_view>
#include <vector>

namespace genrelab {

enum class Activation { Tanh, Relu };
std::string_view activationName(Activation activation);

struct MlpSpec {
    std::vector<int> hidden = {32};
    Activation activation = Activation::Tanh;
    double priorScale = 1.0;
    // Arithmetic of the network's likelihood (layers, activations, softmax); the prior and the
    // sum over rows stay in double. Float is ~2x faster; gradients agree with double to ~1e-5.
    KernelPrecision precision = KernelPrecision::Float;
    bool operator==(const MlpSpec&) const = default;
};

class BayesianMlp : public LogitOffsetModel {
public:
    BayesianMlp(std::shared_ptr<const ModelData> data, MlpSpec spec);
    using LogDensity::classProbabilities;

    Eigen::Index dim() const override { return layout_.dim(); }
    const ParameterLayout& layout() const override { return layout_; }
    double logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch = nullptr) const override {
        return logProbGradWithOffsets(theta, grad, batch, {});
    }
    double logProbGradWithOffsets(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch,
                                  const LogitOffsets& offsets) const override;
    Eigen::MatrixXd classProbabilities(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const override;
    Eigen::MatrixXd classLogits(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const override;
    Eigen::VectorXd samplePrior(Rng& rng) const override;
    LogPriorParts logPriorParts(const Eigen::VectorXd& theta) const override;
    std::unique_ptr<LogDensity> clone() const override;
    std::shared_ptr<const ModelData> modelData() const override { return data_; }
    Eigen::Index dataRows() const override { return data_->rows(); }

    const MlpSpec& spec() const { return spec_; }

private:
    struct Layer {
        Eigen::Index in, out, offW, offB;
    };
    template <typename Scalar>
    struct Workspace {
        using Matrix = Eigen::Matrix<Scalar, -1, -1>;
        std::vector<Matrix> weights, activations;  // per layer; the last activation holds logits
        std::vector<Matrix> backprop;              // per layer: W^T delta on its way down
        Matrix gradW, batchX;
        Eigen::Matrix<Scalar, -1, 1> columnSum;
        Eigen::VectorXi batchY;
    };
    // Forward pass over inputs (features x rows); work.activations[l] holds layer l's output.
    template <typename Scalar>
    void forward(const Eigen::VectorXd& theta, const Eigen::Matrix<Scalar, -1, -1>& inputs, Workspace<Scalar>& work) const;
    template <typename Scalar>
    double likelihood(const Eigen::VectorXd& theta, const Eigen::Matrix<Scalar, -1, -1>& xt, const Minibatch* batch,
                      Eigen::VectorXd& grad, Workspace<Scalar>& work, const LogitOffsets& offsets) const;

    std::shared_ptr<const ModelData> data_;
    MlpSpec spec_;
    ParameterLayout layout_;
    std::vector<Layer> layers_;
    mutable Workspace<double> double_;  // logProbGrad's only
    mutable Workspace<float> float_;
};

} // namespace genrelab

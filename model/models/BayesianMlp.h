#pragma once
// A Bayesian feed-forward network (study M5): features -> hidden layers (tanh or ReLU) ->
// class logits; every weight and bias ~ Normal(0, priorScale).
#include "models/LogDensity.h"
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
};

class BayesianMlp : public LogDensity {
public:
    BayesianMlp(std::shared_ptr<const ModelData> data, MlpSpec spec);

    Eigen::Index dim() const override { return layout_.dim(); }
    const ParameterLayout& layout() const override { return layout_; }
    double logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch = nullptr) const override;
    Eigen::MatrixXd classProbabilities(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const override;
    Eigen::VectorXd samplePrior(Rng& rng) const override;
    std::unique_ptr<LogDensity> clone() const override;
    Eigen::Index dataRows() const override { return data_->rows(); }

    const MlpSpec& spec() const { return spec_; }

private:
    struct Layer {
        Eigen::Index in, out, offW, offB;
    };
    // Forward pass over inputs (features x rows); activations_[l] holds layer l's output.
    void forward(const Eigen::VectorXd& theta, const Eigen::MatrixXd& inputs) const;

    std::shared_ptr<const ModelData> data_;
    MlpSpec spec_;
    ParameterLayout layout_;
    std::vector<Layer> layers_;
    mutable std::vector<Eigen::MatrixXd> activations_;  // per layer; the last holds logits
    mutable Eigen::MatrixXd delta_, deltaPrev_, batchX_;
    mutable Eigen::VectorXi batchY_;
};

} // namespace genrelab

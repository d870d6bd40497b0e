#pragma once
// A model with group terms: any LogitOffsetModel (the linear softmax with any prior family, or
// the MLP) whose logits gain each row's artist effects and title-token weights (GroupTerms.h).
// theta = [the base model's theta; the terms' parameters]. Rows predicted from a dense matrix
// alone get the population's prediction: the base model's. A Design row naming artists training
// never saw (or none, Design::unseenArtistSpread) is predicted by the posterior predictive for
// them: softmax(logits + gamma) averaged over gamma ~ N(0, diag(spread sigma_artist)^2), 16 draws
// fixed per row (seeded from its features, so deterministic and the same on any thread).
#include "models/GroupTerms.h"
#include "models/LogitOffsetModel.h"

#include <memory>

namespace genrelab {

class GroupedModel : public LogDensity {
public:
    // Throws std::invalid_argument as GroupTerms does.
    GroupedModel(std::unique_ptr<LogitOffsetModel> base, std::shared_ptr<const ModelData> data, const ModelTerms& terms);
    using LogDensity::classProbabilities;

    Eigen::Index dim() const override { return layout_.dim(); }
    const ParameterLayout& layout() const override { return layout_; }
    double logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch = nullptr) const override;
    double logProbGradSparse(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch& batch) const override;
    Eigen::MatrixXd classProbabilities(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const override;
    Eigen::MatrixXd classProbabilities(const Eigen::VectorXd& theta, const Design& design) const override;
    Eigen::VectorXd samplePrior(Rng& rng) const override;
    LogPriorParts logPriorParts(const Eigen::VectorXd& theta) const override;
    std::vector<Eigen::Index> hyperparameterTermCoordinates() const override;
    double hyperparameterTermsLogPrior(const Eigen::VectorXd& theta) const override;
    const ParameterLayout& outputLayout() const override { return outputLayout_; }
    Eigen::VectorXd outputs(const Eigen::VectorXd& theta) const override;
    std::vector<Eigen::Index> outputCoordinates() const override;  // the base's and the terms' scales and copy weights
    std::unique_ptr<LogDensity> clone() const override;
    std::shared_ptr<const ModelData> modelData() const override { return data_; }
    Eigen::Index dataRows() const override { return base_->dataRows(); }
    bool sparseBatches() const override { return true; }
    void batchCoordinates(const Minibatch& batch, std::vector<Eigen::Index>& coordinates, std::vector<double>& shares) const override;

    const LogitOffsetModel& base() const { return *base_; }
    const GroupTerms& terms() const { return terms_; }

private:
    std::unique_ptr<LogitOffsetModel> base_;
    std::shared_ptr<const ModelData> data_;
    GroupTerms terms_;
    Eigen::Index baseDim_ = 0;
    ParameterLayout layout_, outputLayout_;
    // logProbGrad's workspaces (one thread at a time, see LogDensity.h).
    mutable Eigen::VectorXd baseTheta_, baseGrad_;
    mutable Eigen::MatrixXd offsets_, offsetGradient_;
    mutable GroupTerms::BatchShares shares_;
    mutable std::vector<Eigen::Index> sharesRows_;  // the batch shares_ belong to
    mutable bool sharesReady_ = false;

    void prepareShares(const Minibatch& batch) const;  // shares_ of this batch
    // The log density, its gradient added to grad (dim() values, zero on arrival), no finite check of grad.
    double evaluate(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch) const;
};

} // namespace genrelab

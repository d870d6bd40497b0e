#include "models/GroupedModel.h"

#include "models/SoftmaxRows.h"
#include "util/Rng.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace genrelab {
namespace {

void copyBlocks(const ParameterLayout& from, ParameterLayout& into) {
    for (const auto& b : from.blocks()) into.add(b.name, b.rows, b.cols, b.constraint, b.rowNames, b.colNames);
}

} // namespace

GroupedModel::GroupedModel(std::unique_ptr<LogitOffsetModel> base, std::shared_ptr<const ModelData> data, const ModelTerms& terms)
    : base_(std::move(base)), data_(std::move(data)), terms_(terms, data_) {
    baseDim_ = base_->dim();
    copyBlocks(base_->layout(), layout_);
    terms_.addParameters(layout_);
    copyBlocks(base_->outputLayout(), outputLayout_);
    terms_.addOutputs(outputLayout_);
}

std::unique_ptr<LogDensity> GroupedModel::clone() const {
    std::unique_ptr<LogDensity> copy = base_->clone();
    auto* offsetModel = dynamic_cast<LogitOffsetModel*>(copy.get());
    if (!offsetModel) throw std::logic_error("a LogitOffsetModel's clone is not one");
    copy.release();
    return std::make_unique<GroupedModel>(std::unique_ptr<LogitOffsetModel>(offsetModel), data_, terms_.terms());
}

double GroupedModel::logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch) const {
    const std::vector<Eigen::Index>* rows = batch ? &batch->rows : nullptr;
    const Eigen::Index count = batch ? static_cast<Eigen::Index>(batch->rows.size()) : data_->rows();
    if (batch) prepareShares(*batch);
    const GroupTerms::BatchShares* shares = batch ? &shares_ : nullptr;
    const Eigen::VectorXd& tokenScale = terms_.prepareTokenScales(theta, shares);
    terms_.offsets(theta, data_->groups.artists, data_->groups.tokens, rows, count, offsets_, &tokenScale);
    baseTheta_ = theta.head(baseDim_);
    double lp = base_->logProbGradWithOffsets(baseTheta_, baseGrad_, batch, {&offsets_, &offsetGradient_});
    grad.resize(dim());
    grad.head(baseDim_) = baseGrad_;
    grad.tail(dim() - baseDim_).setZero();
    if (!std::isfinite(lp)) return -std::numeric_limits<double>::infinity();
    lp += terms_.logPrior(theta, grad, shares);
    terms_.backward(theta, rows, offsetGradient_, grad, shares);
    if (!std::isfinite(lp) || !grad.allFinite()) return -std::numeric_limits<double>::infinity();
    return lp;
}

void GroupedModel::batchCoordinates(const Minibatch& batch, std::vector<Eigen::Index>& coordinates, std::vector<double>& shares) const {
    coordinates.clear();
    shares.clear();
    for (Eigen::Index i = 0; i < baseDim_; ++i) {  // the base model's prior enters every batch whole
        coordinates.push_back(i);
        shares.push_back(1.0);
    }
    prepareShares(batch);
    terms_.batchCoordinates(shares_, coordinates, shares);
}

void GroupedModel::prepareShares(const Minibatch& batch) const {
    // SVI lists a batch's coordinates and then evaluates the same batch: one pass over its rows serves both.
    if (sharesReady_ && sharesRows_ == batch.rows) return;
    terms_.batchShares(batch.rows, static_cast<double>(dataRows()) / static_cast<double>(batch.rows.size()), shares_);
    sharesRows_ = batch.rows;
    sharesReady_ = true;
}

Eigen::MatrixXd GroupedModel::classProbabilities(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const {
    return base_->classProbabilities(theta.head(baseDim_), x);
}

Eigen::MatrixXd GroupedModel::classProbabilities(const Eigen::VectorXd& theta, const Design& design) const {
    for (const SparseRows* part : {&design.artists, &design.tokens})
        if (part->rows() != 0 && static_cast<Eigen::Index>(part->rows()) != design.rows())
            throw std::invalid_argument("a design's artist and token rows must match its feature rows");
    Eigen::MatrixXd logits = base_->classLogits(theta.head(baseDim_), design.x);
    Eigen::MatrixXd offsets;
    terms_.offsets(theta, design.artists, design.tokens, nullptr, design.rows(), offsets);
    logits += offsets.transpose();
    softmaxRowsInPlace(logits);
    return logits;
}

Eigen::VectorXd GroupedModel::samplePrior(Rng& rng) const {
    Eigen::VectorXd theta(dim());
    theta.head(baseDim_) = base_->samplePrior(rng);
    terms_.samplePrior(rng, theta);
    return theta;
}

LogPriorParts GroupedModel::logPriorParts(const Eigen::VectorXd& theta) const {
    LogPriorParts parts = base_->logPriorParts(theta.head(baseDim_));
    terms_.addLogPriorParts(theta, parts);
    return parts;
}

Eigen::VectorXd GroupedModel::outputs(const Eigen::VectorXd& theta) const {
    const Eigen::VectorXd base = base_->outputs(theta.head(baseDim_));
    Eigen::VectorXd out(outputLayout_.dim());
    out.head(base.size()) = base;
    terms_.outputs(theta, out.tail(terms_.outputSize()));
    return out;
}

} // namespace genrelab

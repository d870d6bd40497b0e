#include "models/GroupedModel.h"

#include "models/SoftmaxRows.h"
#include "util/Rng.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

namespace genrelab {
namespace {

// Standard normal draws per row for the unseen-artist integral: 8 antithetic pairs, so the
// draws' mean is exactly zero.
constexpr int kUnseenArtistNodes = 16;

// A seed from the row's feature bits: the same row gets the same draws whatever block or thread
// predicts it, and across posterior draws (common random numbers keep the result smooth in theta).
std::uint64_t rowSeed(const Eigen::MatrixXd& x, Eigen::Index row) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const double v = x(row, j);
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        h ^= bits + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    }
    return h;
}

// Row `row` of probabilities: the softmax of logits + spread * sigma * z averaged over the row's
// nodes z, a Monte Carlo estimate of E[softmax(logits + gamma)], gamma ~ N(0, diag(spread sigma)^2).
void integrateUnseenArtist(const Eigen::RowVectorXd& logits, double spread, const Eigen::ArrayXd& sigma, std::uint64_t seed,
                           Eigen::Ref<Eigen::RowVectorXd> probabilities) {
    Rng rng(seed, 0x756e7365656eull);
    const Eigen::Index classes = logits.size();
    Eigen::RowVectorXd z(classes);
    Eigen::MatrixXd shifted(kUnseenArtistNodes, classes);
    for (int k = 0; k < kUnseenArtistNodes; k += 2) {
        for (Eigen::Index c = 0; c < classes; ++c) z[c] = spread * sigma[c] * rng.normal();
        shifted.row(k) = logits + z;
        shifted.row(k + 1) = logits - z;
    }
    softmaxRowsInPlace(shifted);
    probabilities = shifted.colwise().mean();
}

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
    grad.setZero(dim());
    const double lp = evaluate(theta, grad, batch);
    if (!std::isfinite(lp) || !grad.allFinite()) return -std::numeric_limits<double>::infinity();
    return lp;
}

double GroupedModel::logProbGradSparse(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch& batch) const {
    return evaluate(theta, grad, &batch);  // grad holds zeros (LogDensity.h); the caller checks the listed gradient
}

double GroupedModel::evaluate(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch) const {
    const std::vector<Eigen::Index>* rows = batch ? &batch->rows : nullptr;
    const Eigen::Index count = batch ? static_cast<Eigen::Index>(batch->rows.size()) : data_->rows();
    if (batch) prepareShares(*batch);
    const GroupTerms::BatchShares* shares = batch ? &shares_ : nullptr;
    const Eigen::VectorXd& tokenScale = terms_.prepareTokenScales(theta, shares);
    terms_.offsets(theta, data_->groups.artists, data_->groups.tokens, data_->groups.songCopies, data_->groups.artistSongs, rows, count, offsets_, &tokenScale);
    baseTheta_ = theta.head(baseDim_);
    double lp = base_->logProbGradWithOffsets(baseTheta_, baseGrad_, batch, {&offsets_, &offsetGradient_});
    grad.head(baseDim_) = baseGrad_;
    if (!std::isfinite(lp)) return -std::numeric_limits<double>::infinity();
    lp += terms_.logPrior(theta, grad, shares);
    terms_.backward(theta, rows, offsetGradient_, grad, shares);
    return std::isfinite(lp) ? lp : -std::numeric_limits<double>::infinity();
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
    for (const SparseRows* part : {&design.artists, &design.tokens, &design.songCopies, &design.artistSongs})
        if (part->rows() != 0 && static_cast<Eigen::Index>(part->rows()) != design.rows())
            throw std::invalid_argument("a design's artist and token rows must match its feature rows");
    const bool integrate = terms_.terms().artistEffects && !design.unseenArtistSpread.empty();
    if (integrate && static_cast<Eigen::Index>(design.unseenArtistSpread.size()) != design.rows())
        throw std::invalid_argument("a design's unseen-artist spreads must match its feature rows");
    Eigen::MatrixXd logits = base_->classLogits(theta.head(baseDim_), design.x);
    Eigen::MatrixXd offsets;
    terms_.offsets(theta, design.artists, design.tokens, design.songCopies, design.artistSongs, nullptr, design.rows(), offsets);
    logits += offsets.transpose();
    if (!integrate) {
        softmaxRowsInPlace(logits);
        return logits;
    }
    // Rows with unseen artists average over their unknown offsets; the others are a plain softmax.
    const Eigen::ArrayXd sigma = terms_.artistScales(theta);
    std::vector<std::pair<Eigen::Index, Eigen::RowVectorXd>> integrated;
    for (Eigen::Index r = 0; r < design.rows(); ++r) {
        const double spread = design.unseenArtistSpread[static_cast<std::size_t>(r)];
        if (!(spread > 0.0)) continue;
        Eigen::RowVectorXd p(logits.cols());
        integrateUnseenArtist(logits.row(r), spread, sigma, rowSeed(design.x, r), p);
        integrated.emplace_back(r, std::move(p));
    }
    softmaxRowsInPlace(logits);
    for (const auto& [r, p] : integrated) logits.row(r) = p;
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

std::vector<Eigen::Index> GroupedModel::hyperparameterTermCoordinates() const {
    std::vector<Eigen::Index> coordinates = base_->hyperparameterTermCoordinates();  // theta's head is the base's
    terms_.addHyperparameterTermCoordinates(coordinates);
    return coordinates;
}

double GroupedModel::hyperparameterTermsLogPrior(const Eigen::VectorXd& theta) const {
    return base_->hyperparameterTermsLogPrior(theta.head(baseDim_)) + terms_.hyperparameterTermsLogPrior(theta);
}

std::vector<Eigen::Index> GroupedModel::outputCoordinates() const {
    std::vector<Eigen::Index> coordinates = base_->outputCoordinates();  // theta's head is the base's
    terms_.addOutputCoordinates(coordinates);
    return coordinates;
}

Eigen::VectorXd GroupedModel::outputs(const Eigen::VectorXd& theta) const {
    const Eigen::VectorXd base = base_->outputs(theta.head(baseDim_));
    Eigen::VectorXd out(outputLayout_.dim());
    out.head(base.size()) = base;
    terms_.outputs(theta, out.tail(terms_.outputSize()));
    return out;
}

} // namespace genrelab

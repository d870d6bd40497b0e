#pragma once
// Everything an inference engine knows about a model: the log density of the unconstrained
// parameters theta (Jacobians included) with its gradient, and class probabilities.
#include "models/Design.h"
#include "models/ParameterLayout.h"

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <memory>
#include <vector>

namespace genrelab {

class Rng;
struct ModelData;

// The parts of a model's prior a sensitivity check can scale on their own:
//   All     every prior
//   Hyper   the hyperpriors nu, tau and lambda set (mu_beta, sigma_beta)
//   Artist  the artist-level prior of the group terms (artist effects given sigma_artist, and
//           sigma_artist given tau-artist)
enum class PriorGroup { All, Hyper, Artist };

// log p(theta) of one draw split by PriorGroup, as densities of the natural parameters (beta,
// sigma_beta, the artist effects gamma = sigma_artist z, ...) without the Jacobians of the
// coordinates: power-scaling raises the prior of what the model means to a power, whatever the
// sampler's coordinates. jacobian holds those: logProbGrad = log-likelihood + hyper + artist +
// rest + jacobian. NaN parts: the model does not split its prior.
struct LogPriorParts {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    double hyper = nan, artist = nan, rest = nan, jacobian = nan;

    double of(PriorGroup group) const {
        switch (group) {
        case PriorGroup::Hyper: return hyper;
        case PriorGroup::Artist: return artist;
        case PriorGroup::All: break;
        }
        return hyper + artist + rest;
    }
};

// A subset of the training rows; the likelihood is scaled by N / rows.size().
struct Minibatch {
    std::vector<Eigen::Index> rows;
};

// Thread safety of one instance:
// - logProbGrad writes the instance's workspaces: one thread at a time. Each sampler thread
//   calls it on its own clone() (NUTS chains, SVI), which shares the read-only data.
// - Every other call (dim, layout, outputLayout, outputs, classProbabilities, samplePrior with
//   the caller's Rng, clone, dataRows) only reads the instance: any number of threads may make
//   them at once, also while one thread runs logProbGrad. The app relies on this: each NUTS
//   chain thread calls outputs() for the live plots, and the Predict panel calls
//   classProbabilities() on the GUI thread while a worker extends the same run.
// An implementation keeps it by giving those calls local (or thread_local) scratch space,
// never a mutable member.
class LogDensity {
public:
    virtual ~LogDensity() = default;

    virtual Eigen::Index dim() const = 0;
    virtual const ParameterLayout& layout() const = 0;

    // log p(theta | data) up to a constant, Jacobians of the transforms included; fills grad
    // (resized as needed). Returns -inf (and leaves grad unspecified) where the density is not
    // finite. One thread at a time per instance (see above): use clone() per thread.
    virtual double logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad,
                               const Minibatch* batch = nullptr) const = 0;

    // log p at each column of thetas (dim x draws): logProbGrad's value without its gradient, -inf
    // where logProbGrad's value or gradient is not finite. Writes the workspaces: one thread at a
    // time, as logProbGrad. A model may add up the likelihood of every draw in one pass over the
    // rows (SoftmaxRegression: about half the cost of logProbGrad per draw), its values then equal
    // to logProbGrad's up to rounding; by default one logProbGrad per draw.
    virtual void logProbs(const Eigen::MatrixXd& thetas, Eigen::VectorXd& out) const {
        out.resize(thetas.cols());
        Eigen::VectorXd theta, grad;
        for (Eigen::Index j = 0; j < thetas.cols(); ++j) {
            theta = thetas.col(j);
            const double lp = logProbGrad(theta, grad);
            out[j] = std::isfinite(lp) && grad.allFinite() ? lp : -std::numeric_limits<double>::infinity();
        }
    }

    // Rows x classes of class probabilities for feature rows X (rows x features).
    virtual Eigen::MatrixXd classProbabilities(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const = 0;

    // Rows x classes of class probabilities for the rows of a Design: the dense features and,
    // for a model with group terms, the rows' artists and title tokens. A model without group
    // terms reads design.x only.
    virtual Eigen::MatrixXd classProbabilities(const Eigen::VectorXd& theta, const Design& design) const {
        return classProbabilities(theta, design.x);
    }

    // The log prior of theta in parts (see LogPriorParts); reads only, like outputs().
    virtual LogPriorParts logPriorParts(const Eigen::VectorXd& /*theta*/) const { return {}; }
    double logPrior(const Eigen::VectorXd& theta, PriorGroup group = PriorGroup::All) const {
        return logPriorParts(theta).of(group);
    }

    // Prior re-weighting (eval/PriorReweighting.h) needs log p_new(theta) - log p_old(theta) for
    // the same model with other hyperparameters (ModelSpec's nu, tau, alpha-scale, tau-artist,
    // ...): the difference of the whole log densities in theta, logProbGrad's, likelihood and
    // Jacobians included. For a hyperparameter that only the prior reads, in theta's coordinates
    // (its own terms, and the Jacobian of coordinates built from it: shift coordinates' -1/2 sum
    // log P holds alpha-scale), the likelihood cancels and only the terms that involve it differ;
    // they read few coordinates (with artist effects ~30 of ~100,000).
    // hyperparameterTermCoordinates lists the coordinates those terms read;
    // hyperparameterTermsLogPrior sums the terms reading only those coordinates, so that
    // logProbGrad(theta) minus it is the same for every choice of those hyperparameters. A
    // hyperparameter the likelihood sees in theta's coordinates (the title slab scales the token
    // weights) cannot be re-weighted: reweightingRefusal (PriorReweighting.h) says so. The
    // default: every coordinate, and the whole log prior with its Jacobians (LogPriorParts), which
    // holds for a model whose likelihood reads no hyperparameter.
    virtual std::vector<Eigen::Index> hyperparameterTermCoordinates() const {
        std::vector<Eigen::Index> all(static_cast<std::size_t>(dim()));
        for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<Eigen::Index>(i);
        return all;
    }
    virtual double hyperparameterTermsLogPrior(const Eigen::VectorXd& theta) const {
        const LogPriorParts parts = logPriorParts(theta);
        return parts.of(PriorGroup::All) + parts.jacobian;
    }

    // A draw of theta from the prior (ancestral sampling).
    virtual Eigen::VectorXd samplePrior(Rng& rng) const = 0;

    // The natural parameters a person reads (alpha, beta, sigma_beta, ...), and their names.
    // By default the constrained theta; non-centered models report beta, not its raw form.
    virtual const ParameterLayout& outputLayout() const { return layout(); }
    virtual Eigen::VectorXd outputs(const Eigen::VectorXd& theta) const { return layout().constrain(theta); }
    // The coordinates outputs() reads (it reads no other; by default every one). Re-weighting
    // keeps them per draw, so that a changed model's outputs of its 400 draws read no whole draw
    // (with artist effects 100,000 numbers, strided in the posterior).
    virtual std::vector<Eigen::Index> outputCoordinates() const {
        std::vector<Eigen::Index> all(static_cast<std::size_t>(dim()));
        for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<Eigen::Index>(i);
        return all;
    }

    // Sparse minibatches: a model whose minibatch density touches only some coordinates (group
    // terms: the batch rows' artists and tokens) says so, and lists them for a batch with each
    // one's share of its prior and of the guide's entropy (N / rows times the share of the
    // coordinate's training rows in the batch; 1 for coordinates every batch holds whole). Its
    // minibatch log density then spreads those coordinates' prior over their rows the same way,
    // so it stays unbiased, and its gradient is zero off the listed coordinates, whose values
    // it does not read. SVI then updates only the listed coordinates (Svi.cpp).
    // batchCoordinates uses the instance's workspace: one thread at a time, as logProbGrad.
    virtual bool sparseBatches() const { return false; }
    virtual void batchCoordinates(const Minibatch& /*batch*/, std::vector<Eigen::Index>& coordinates,
                                  std::vector<double>& shares) const {
        coordinates.clear();
        shares.clear();
    }
    // logProbGrad on a batch for a caller that reads the listed coordinates only: grad arrives
    // holding dim() zeros (the caller keeps it so), the model adds the listed coordinates'
    // gradient to it, and the caller checks those for finite values. Per batch this costs the
    // listed coordinates, not dim(). By default, logProbGrad.
    virtual double logProbGradSparse(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch& batch) const {
        return logProbGrad(theta, grad, &batch);
    }

    // An independent copy with its own workspaces, sharing the (read-only) data.
    virtual std::unique_ptr<LogDensity> clone() const = 0;

    // The training rows the model was built on, so a model with other hyperparameters can be
    // built on the same rows (makeModel); null for a density without them.
    virtual std::shared_ptr<const ModelData> modelData() const { return nullptr; }

    // Training rows the likelihood sums over.
    virtual Eigen::Index dataRows() const = 0;
};

} // namespace genrelab

#include "infer/SviSparseStep.h"

#include "prob/NormalZiggurat.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace genrelab {
namespace {

// to[position ...] = from[start ...] over every run, and the reverse.
void gatherRuns(const std::vector<SviSparseStep::Run>& runs, const double* from, double* to) {
    for (const auto& r : runs)
        for (std::size_t k = 0; k < r.length; ++k) to[r.position + k] = from[static_cast<std::size_t>(r.start) + k];
}
void scatterRuns(const std::vector<SviSparseStep::Run>& runs, const double* from, double* to) {
    for (const auto& r : runs)
        for (std::size_t k = 0; k < r.length; ++k) to[static_cast<std::size_t>(r.start) + k] = from[r.position + k];
}

} // namespace

// Grows only: the count changes from batch to batch, and a buffer reallocated per step would
// come back as fresh pages from the kernel (these are larger than malloc's mmap threshold).
void SviSparseStep::reserveArray(Eigen::ArrayXd& a, Eigen::Index n) {
    if (a.size() < n) a.resize(std::max(n, a.size() + a.size() / 2));
}

void SviSparseStep::Values::reserve(Eigen::Index n) {
    for (Eigen::ArrayXd* a : {&mean, &logScale, &meanM, &meanV, &logScaleM, &logScaleV}) reserveArray(*a, n);
}

void SviSparseStep::Values::gather(const std::vector<Run>& runs, const SviState& state, Eigen::Index d) {
    gatherRuns(runs, state.mean.data(), mean.data());
    gatherRuns(runs, state.logScale.data(), logScale.data());
    gatherRuns(runs, state.adamM.data(), meanM.data());
    gatherRuns(runs, state.adamV.data(), meanV.data());
    gatherRuns(runs, state.adamM.data() + d, logScaleM.data());
    gatherRuns(runs, state.adamV.data() + d, logScaleV.data());
}

void SviSparseStep::Values::scatter(const std::vector<Run>& runs, SviState& state, Eigen::Index d) const {
    scatterRuns(runs, mean.data(), state.mean.data());
    scatterRuns(runs, logScale.data(), state.logScale.data());
    scatterRuns(runs, meanM.data(), state.adamM.data());
    scatterRuns(runs, meanV.data(), state.adamV.data());
    scatterRuns(runs, logScaleM.data(), state.adamM.data() + d);
    scatterRuns(runs, logScaleV.data(), state.adamV.data() + d);
}

void SviSparseStep::begin(const LogDensity& model, const Minibatch& batch, const SviState& state) {
    model.batchCoordinates(batch, coordinates_, shares_);
    runs_.clear();
    for (std::size_t j = 0; j < coordinates_.size(); ++j) {
        if (!runs_.empty() && coordinates_[j] == coordinates_[j - 1] + 1) ++runs_.back().length;
        else runs_.push_back({coordinates_[j], j, 1});
    }
    const auto n = static_cast<Eigen::Index>(coordinates_.size());
    n_ = n;
    current_.reserve(n);
    current_.gather(runs_, state, state.mean.size());
    for (Eigen::ArrayXd* a : {&scale_, &eps_, &theta_, &grad_, &gradMean_, &gradLogScale_}) reserveArray(*a, n);
    scale_.head(n) = current_.logScale.head(n).exp();
    gradMean_.head(n).setZero();
    gradLogScale_.head(n).setZero();
}

double SviSparseStep::particle(const LogDensity& model, const Minibatch& batch, Rng& rng, Eigen::VectorXd& theta, Eigen::VectorXd& grad) {
    const Eigen::Index n = n_;
    prob::fillStandardNormal(rng, eps_.data(), static_cast<std::size_t>(n));
    theta_.head(n) = current_.mean.head(n) + scale_.head(n) * eps_.head(n);
    scatterRuns(runs_, theta_.data(), theta.data());
    const double lp = model.logProbGradSparse(theta, grad, batch);
    // Gather the listed gradient and leave zeros behind: the next batch lists other coordinates.
    for (const auto& r : runs_) {
        double* g = grad.data() + r.start;
        for (std::size_t k = 0; k < r.length; ++k) {
            grad_[static_cast<Eigen::Index>(r.position + k)] = g[k];
            g[k] = 0.0;
        }
    }
    if (!std::isfinite(lp) || !grad_.head(n).isFinite().all()) return -std::numeric_limits<double>::infinity();
    gradMean_.head(n) += grad_.head(n);
    gradLogScale_.head(n) += grad_.head(n) * scale_.head(n) * eps_.head(n);
    return lp;
}

double SviSparseStep::update(SviState& state, const SviOptions& options, int particles) {
    const Eigen::Index d = state.mean.size();
    const double k = particles;
    const double t = static_cast<double>(state.step);
    const double c1 = 1.0 - std::pow(options.beta1, t), c2 = 1.0 - std::pow(options.beta2, t);
    const double rate = state.learningRate;
    // Adam of x by g, written straight into the state: its values before are current_'s.
    const auto adam = [&](const auto& g, const auto& m, const auto& v, const auto& x, double* mOut, double* vOut, double* xOut,
                          Eigen::Index length) {
        Eigen::Map<Eigen::ArrayXd> mNext(mOut, length), vNext(vOut, length), xNext(xOut, length);
        mNext = options.beta1 * m + (1.0 - options.beta1) * g;
        vNext = options.beta2 * v + (1.0 - options.beta2) * g * g;
        xNext = x + rate * (mNext / c1) / ((vNext / c2).sqrt() + options.epsilon);
    };
    double logScaleChange = 0.0;
    for (const Run& r : runs_) {
        const auto p = static_cast<Eigen::Index>(r.position), l = static_cast<Eigen::Index>(r.length);
        const Eigen::Map<const Eigen::ArrayXd> shares(shares_.data() + p, l);
        adam(gradMean_.segment(p, l) / k, current_.meanM.segment(p, l), current_.meanV.segment(p, l), current_.mean.segment(p, l),
             state.adamM.data() + r.start, state.adamV.data() + r.start, state.mean.data() + r.start, l);
        adam(gradLogScale_.segment(p, l) / k + shares, current_.logScaleM.segment(p, l), current_.logScaleV.segment(p, l),
             current_.logScale.segment(p, l), state.adamM.data() + d + r.start, state.adamV.data() + d + r.start,
             state.logScale.data() + r.start, l);
        logScaleChange += (state.logScale.segment(r.start, l).array() - current_.logScale.segment(p, l)).sum();
    }
    // The values before the update become undo's; the old undo buffers serve the next begin().
    std::swap(undo_, current_);
    std::swap(undoRuns_, runs_);
    return logScaleChange;
}

void SviSparseStep::undo(SviState& state) const { undo_.scatter(undoRuns_, state, state.mean.size()); }

} // namespace genrelab

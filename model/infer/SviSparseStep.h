#pragma once
// One step of sparse SVI (Svi.h) on the coordinates a minibatch lists: their guide values are
// gathered once into contiguous arrays, drawn, differentiated and updated there with vectorized
// arithmetic, and scattered back. The list is read as runs of consecutive indices (an artist's or
// a token's class offsets, the base model's block, long stretches of frequent tokens), so the
// gathers and scatters copy memory in order. The step keeps the listed values it replaced, so the
// last update can be undone exactly.
#include "infer/Svi.h"

#include <Eigen/Core>

#include <cstddef>
#include <vector>

namespace genrelab {

class SviSparseStep {
public:
    // Lists the batch's coordinates (LogDensity::batchCoordinates) and gathers their guide values.
    void begin(const LogDensity& model, const Minibatch& batch, const SviState& state);
    // One particle: draws theta at the listed coordinates, evaluates the batch's density and adds
    // the gradient at them to the step's sums. grad arrives as dim() zeros and leaves so. Returns
    // the log density, -inf where it or a listed gradient is not finite.
    double particle(const LogDensity& model, const Minibatch& batch, Rng& rng, Eigen::VectorXd& theta, Eigen::VectorXd& grad);
    // Adam (lazy: these coordinates only) from the sums over `particles` particles, the entropy's
    // d/d(logScale) = 1 entering by each coordinate's share. Returns the change of the sum of the
    // log scales. Keeps the values it replaced for undo().
    double update(SviState& state, const SviOptions& options, int particles);
    // Restores the values of the last update() (call at most once after it).
    void undo(SviState& state) const;

    std::size_t size() const { return coordinates_.size(); }

    struct Run {
        Eigen::Index start;    // the first coordinate of the run
        std::size_t position;  // its place in the list
        std::size_t length;
    };

private:
    // The guide's values at listed coordinates: mean, log scale, and the Adam moments of each.
    // Buffers hold at least the listed count (n_) and keep their size between batches.
    struct Values {
        Eigen::ArrayXd mean, logScale, meanM, meanV, logScaleM, logScaleV;
        void reserve(Eigen::Index n);
        void gather(const std::vector<Run>& runs, const SviState& state, Eigen::Index d);
        void scatter(const std::vector<Run>& runs, SviState& state, Eigen::Index d) const;
    };

    static void reserveArray(Eigen::ArrayXd& a, Eigen::Index n);

    std::vector<Eigen::Index> coordinates_;
    Eigen::Index n_ = 0;
    std::vector<double> shares_;
    std::vector<Run> runs_, undoRuns_;
    Values current_, undo_;  // undo_: the values the last update() replaced, at undoRuns_
    Eigen::ArrayXd scale_, eps_, theta_, grad_, gradMean_, gradLogScale_;
};

} // namespace genrelab

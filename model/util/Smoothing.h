#pragma once
// Moving averages for noisy traces such as the ELBO per step. A centred window does not lag: a
// step in the input crosses half its height at the step. A trailing window sees only the past,
// so it can follow a trace as it grows, and lags by (window - 1) / 2 steps.
// Non-finite values are left out of every mean; a window without a finite value gives NaN.
#include <cstddef>
#include <span>
#include <vector>

namespace genrelab {

// The mean of values[i - r .. i + r] for every i, r = halfWidth at most; near the ends the window
// shrinks to the same number of values on either side, so it stays centred on i. With
// reachPerIndex, r is also at most reachPerIndex * i: an optimisation trace bends sharply in its
// first steps, where a wide window would average the bend away (a concave curve's mean lies below it).
std::vector<double> centredMovingAverage(std::span<const double> values, std::size_t halfWidth, double reachPerIndex = -1.0);

// The mean of values[i - window + 1 .. i] (fewer at the start) for every i from `from` on.
std::vector<double> trailingMovingAverage(std::span<const double> values, std::size_t window, std::size_t from = 0);

} // namespace genrelab

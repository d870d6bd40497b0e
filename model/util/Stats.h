#pragma once
// The project's one set of descriptive statistics, defined as R defines them: quantile type 7
// (R's default, numpy's "linear"), median, average ranks, mean and the sample (n - 1) standard
// deviation. Empty input or a NaN anywhere gives NaN (ranks: NaN ranks), never a made-up number.
#include <Eigen/Core>

#include <span>
#include <vector>

namespace genrelab::stats {

// Type-7 quantile of values sorted ascending: with h = (n - 1) p, the value at 0-based position
// h, linear between sorted[floor(h)] and sorted[floor(h) + 1]. NaN for p outside [0, 1].
double quantileOfSorted(std::span<const double> sorted, double p);
// Type-7 quantile of unsorted values (sorts a copy).
double quantile(std::span<const double> values, double p);
double quantile(const Eigen::Ref<const Eigen::VectorXd>& values, double p);
// Several probabilities from one sort, in the order given.
std::vector<double> quantiles(std::span<const double> values, std::span<const double> ps);

// The middle value, or the mean of the two middle values (R's median). Equal to quantile(x, 0.5)
// up to the last bit: (a + b) / 2 rather than a + (b - a) / 2.
double medianOfSorted(std::span<const double> sorted);
double median(std::span<const double> values);
double median(const Eigen::Ref<const Eigen::VectorXd>& values);

// 1-based ranks, ties sharing the mean of their ranks (R's rank(ties.method = "average")).
std::vector<double> averageRanks(std::span<const double> values);

// mean and sampleSd stay finite for finite values near the largest double (1e308), where a
// plain sum or sum of squares overflows; sampleVariance is then honestly infinite.
double mean(std::span<const double> values);
double mean(const Eigen::Ref<const Eigen::VectorXd>& values);
// Divides by n - 1 (R's var and sd); NaN for fewer than two values.
double sampleVariance(std::span<const double> values);
double sampleVariance(const Eigen::Ref<const Eigen::VectorXd>& values);
double sampleSd(std::span<const double> values);
double sampleSd(const Eigen::Ref<const Eigen::VectorXd>& values);
// The standard error of the mean: sampleSd / sqrt(n); NaN for fewer than two values.
double standardErrorOfMean(std::span<const double> values);

} // namespace genrelab::stats

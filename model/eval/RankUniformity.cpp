#include "eval/RankUniformity.h"

#include "prob/Distributions.h"
#include "prob/SpecialFunctions.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace genrelab {

int sbcRank(double trueValue, std::span<const double> draws) {
    return static_cast<int>(std::count_if(draws.begin(), draws.end(), [&](double d) { return d < trueValue; }));
}

double binomialProbability(int x, int n, double z) {
    if (x < 0 || x > n) return 0.0;
    if (z <= 0.0) return x == 0 ? 1.0 : 0.0;
    if (z >= 1.0) return x == n ? 1.0 : 0.0;
    const double logChoose = prob::logGamma(n + 1.0) - prob::logGamma(x + 1.0) - prob::logGamma(n - x + 1.0);
    return std::exp(logChoose + x * std::log(z) + (n - x) * std::log1p(-z));
}

int binomialQuantile(double p, int n, double z) {
    if (z <= 0.0) return 0;
    if (z >= 1.0) return n;
    double cumulative = 0.0;
    for (int x = 0; x < n; ++x) {
        cumulative += binomialProbability(x, n, z);
        // A relative tolerance as R's qbinom (its search uses p * (1 - 64 eps)), so that a sum
        // that should equal p exactly is not pushed past it by rounding.
        if (cumulative >= p * (1.0 - 64.0 * std::numeric_limits<double>::epsilon())) return x;
    }
    return n;
}

EcdfBand ecdfBandForGamma(int samples, int points, double gamma) {
    if (samples < 1 || points < 1) throw std::invalid_argument("an ECDF band needs at least one sample and one point");
    EcdfBand band;
    band.samples = samples;
    band.points = points;
    band.gamma = gamma;
    for (int i = 0; i <= points; ++i) {
        const double z = static_cast<double>(i) / points;
        band.z.push_back(z);
        band.lower.push_back(binomialQuantile(gamma / 2.0, samples, z));
        band.upper.push_back(binomialQuantile(1.0 - gamma / 2.0, samples, z));
    }
    return band;
}

namespace {

// log(m!) for m = 0..n, summed as the coverage always sums it.
std::vector<double> logFactorials(int n) {
    std::vector<double> logFactorial(n + 1, 0.0);
    for (int k = 2; k <= n; ++k) logFactorial[k] = logFactorial[k - 1] + std::log(static_cast<double>(k));
    return logFactorial;
}

double bandCoverage(const EcdfBand& band, const std::vector<double>& logFactorial) {
    // Säilynoja et al. (2022), section 2.2: the count at z_i given the count x at z_{i-1} is
    // x + Binomial(n - x, (z_i - z_{i-1}) / (1 - z_{i-1})). Carry the probability of every count
    // inside the band at z_{i-1} forward to the counts inside the band at z_i.
    const int n = band.samples;
    std::vector<double> probability(n + 1, 0.0), next(n + 1, 0.0);
    probability[0] = 1.0;  // at z = 0 every one of the n values lies above
    int previousLower = 0, previousUpper = 0;
    for (int i = 1; i <= band.points; ++i) {
        const double z1 = band.z[i - 1], z2 = band.z[i];
        const double step = (z2 - z1) / (1.0 - z1);
        const double logStep = std::log(step), logStepComplement = std::log1p(-step);
        std::fill(next.begin(), next.end(), 0.0);
        for (int x2 = band.lower[i]; x2 <= band.upper[i]; ++x2)
            for (int x1 = previousLower; x1 <= std::min(previousUpper, x2); ++x1) {
                if (!(probability[x1] > 0.0)) continue;
                // P(x2 - x1 of the n - x1 values above z_{i-1} fall at or below z_i)
                const int trials = n - x1, x = x2 - x1;
                const double stepProbability =
                    step >= 1.0 ? (x == trials ? 1.0 : 0.0)
                                : std::exp(logFactorial[trials] - logFactorial[x] - logFactorial[trials - x] + x * logStep +
                                           (trials - x) * logStepComplement);
                next[x2] += probability[x1] * stepProbability;
            }
        probability.swap(next);
        previousLower = band.lower[i];
        previousUpper = band.upper[i];
    }
    double total = 0.0;
    for (int x = previousLower; x <= previousUpper; ++x) total += probability[x];
    return total;
}

// binomialQuantile(p, n, z_i) at every band point for any p, without summing the probabilities
// again: each point's cumulative sums are summed once, term by term as binomialQuantile sums
// them, so the first sum at or above p's threshold is the same x. Only the sums strictly
// between 0 and the largest threshold are kept; a quantile never lies outside them.
class BandQuantiles {
public:
    BandQuantiles(int samples, int points) : samples_(samples), z_(points + 1), first_(points + 1, 0), sums_(points + 1) {
        std::vector<double> logGammaOfCount(samples + 1);  // logGamma(m + 1.0)
        for (int m = 0; m <= samples; ++m) logGammaOfCount[m] = prob::logGamma(m + 1.0);
        const double largestThreshold = 1.0 * (1.0 - 64.0 * std::numeric_limits<double>::epsilon());
        for (int i = 0; i <= points; ++i) {
            const double z = static_cast<double>(i) / points;
            z_[i] = z;
            if (z <= 0.0 || z >= 1.0) continue;
            const double logZ = std::log(z), logZComplement = std::log1p(-z);
            double cumulative = 0.0;
            for (int x = 0; x < samples; ++x) {
                const double logChoose = logGammaOfCount[samples] - logGammaOfCount[x] - logGammaOfCount[samples - x];
                cumulative += std::exp(logChoose + x * logZ + (samples - x) * logZComplement);
                if (cumulative <= 0.0) {
                    first_[i] = x + 1;
                    continue;
                }
                sums_[i].push_back(cumulative);
                if (cumulative >= largestThreshold) break;
            }
        }
    }

    int quantile(int i, double p) const {
        if (z_[i] <= 0.0) return 0;
        if (z_[i] >= 1.0) return samples_;
        const double threshold = p * (1.0 - 64.0 * std::numeric_limits<double>::epsilon());
        if (threshold <= 0.0) return 0;  // P(X <= 0) >= 0
        const std::vector<double>& sums = sums_[i];
        const auto at = std::lower_bound(sums.begin(), sums.end(), threshold);
        return at == sums.end() ? samples_ : first_[i] + static_cast<int>(at - sums.begin());
    }

    EcdfBand band(double gamma) const {
        EcdfBand band;
        band.samples = samples_;
        band.points = static_cast<int>(z_.size()) - 1;
        band.gamma = gamma;
        band.z = z_;
        for (int i = 0; i <= band.points; ++i) {
            band.lower.push_back(quantile(i, gamma / 2.0));
            band.upper.push_back(quantile(i, 1.0 - gamma / 2.0));
        }
        return band;
    }

private:
    int samples_;
    std::vector<double> z_;
    std::vector<int> first_;                 // per point: the x of sums_[i][0]
    std::vector<std::vector<double>> sums_;  // per point: P(X <= x) from first_[i] on
};

bool sameBand(const EcdfBand& a, const EcdfBand& b) { return a.lower == b.lower && a.upper == b.upper; }

} // namespace

double ecdfBandCoverage(const EcdfBand& band) { return bandCoverage(band, logFactorials(band.samples)); }

EcdfBand simultaneousEcdfBand(int samples, int points, double level) {
    if (!(level > 0.0 && level < 1.0)) throw std::invalid_argument("the band's level must lie in (0, 1)");
    if (samples < 1 || points < 1) throw std::invalid_argument("an ECDF band needs at least one sample and one point");
    const BandQuantiles quantiles(samples, points);
    const std::vector<double> logFactorial = logFactorials(samples);
    // Coverage falls as gamma grows (every pointwise interval narrows): bisect for the edge.
    // The coverage depends on the band only, and late steps mostly meet a band already seen at
    // one end of the bracket: those steps need no coverage.
    double inside = 0.0, outside = 1.0 - level;
    EcdfBand insideBand = quantiles.band(inside), outsideBand = quantiles.band(outside);
    if (bandCoverage(outsideBand, logFactorial) >= level) {
        inside = outside;
        insideBand = outsideBand;
    }
    for (int iteration = 0; iteration < 60 && inside < outside; ++iteration) {
        const double middle = 0.5 * (inside + outside);
        EcdfBand band = quantiles.band(middle);
        const bool covers = sameBand(band, insideBand)    ? true
                            : sameBand(band, outsideBand) ? false
                                                          : bandCoverage(band, logFactorial) >= level;
        if (covers) {
            inside = middle;
            insideBand = std::move(band);
        } else {
            outside = middle;
            outsideBand = std::move(band);
        }
    }
    EcdfBand band = quantiles.band(inside);
    band.level = level;
    return band;
}

std::vector<int> rankEcdfCounts(std::span<const int> ranks, int maxRank, int points) {
    // PIT (1 + r) / (1 + maxRank) <= i / points, compared in integers.
    std::vector<int> counts(points + 1, 0);
    for (int i = 0; i <= points; ++i)
        counts[i] = static_cast<int>(std::count_if(ranks.begin(), ranks.end(), [&](int r) {
            return static_cast<long long>(1 + r) * points <= static_cast<long long>(i) * (1 + maxRank);
        }));
    return counts;
}

int rankHistogramBins(int simulations, int maxRank) {
    const int values = maxRank + 1;
    for (int bins = std::min(20, simulations / 5); bins >= 2; --bins)
        if (values % bins == 0) return bins;
    return 0;
}

std::vector<int> rankHistogram(std::span<const int> ranks, int maxRank, int bins) {
    std::vector<int> counts(std::max(bins, 0), 0);
    if (bins < 1) return counts;
    const int width = (maxRank + 1) / bins;
    for (int r : ranks) {
        if (r < 0 || r > maxRank) throw std::invalid_argument("a rank lies outside 0..maxRank");
        ++counts[std::min(r / width, bins - 1)];
    }
    return counts;
}

double rankChiSquaredPValue(std::span<const int> ranks, int maxRank, int bins) {
    if (bins < 2 || ranks.empty()) return std::numeric_limits<double>::quiet_NaN();
    const std::vector<int> counts = rankHistogram(ranks, maxRank, bins);
    const double expected = static_cast<double>(ranks.size()) / bins;
    double statistic = 0.0;
    for (int c : counts) statistic += (c - expected) * (c - expected) / expected;
    return chiSquaredSurvival(statistic, bins - 1);
}

RankUniformity rankUniformity(std::span<const int> ranks, int maxRank, const EcdfBand& band) {
    if (static_cast<int>(ranks.size()) != band.samples) throw std::invalid_argument("the band is for another number of simulations");
    RankUniformity result;
    result.maxRank = maxRank;
    const int bins = rankHistogramBins(static_cast<int>(ranks.size()), maxRank);
    result.histogram = rankHistogram(ranks, maxRank, bins);
    result.pValue = rankChiSquaredPValue(ranks, maxRank, bins);
    result.ecdfCounts = rankEcdfCounts(ranks, maxRank, band.points);
    for (int i = 0; i <= band.points; ++i)
        if (result.ecdfCounts[i] < band.lower[i] || result.ecdfCounts[i] > band.upper[i]) result.outsideBand = true;
    return result;
}

} // namespace genrelab

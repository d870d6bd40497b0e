#include "data/Split.h"

#include "util/Format.h"
#include "util/Rng.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace genrelab {

std::vector<std::size_t> proportionalAllocation(const std::vector<std::size_t>& classCounts, std::size_t total) {
    const std::size_t available = std::accumulate(classCounts.begin(), classCounts.end(), std::size_t{0});
    if (total > available) throw std::invalid_argument("cannot take " + std::to_string(total) + " of " + std::to_string(available) + " rows");
    std::vector<std::size_t> take(classCounts.size(), 0);
    if (available == 0) return take;
    std::vector<std::pair<double, std::size_t>> remainders;
    std::size_t assigned = 0;
    for (std::size_t c = 0; c < classCounts.size(); ++c) {
        const double quota = static_cast<double>(total) * static_cast<double>(classCounts[c]) / static_cast<double>(available);
        take[c] = static_cast<std::size_t>(std::floor(quota));
        assigned += take[c];
        remainders.emplace_back(quota - std::floor(quota), c);
    }
    std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; assigned < total; ++i) {
        const std::size_t c = remainders[i % remainders.size()].second;
        if (take[c] < classCounts[c]) { ++take[c]; ++assigned; }
    }
    return take;
}

Split stratifiedSplit(const std::vector<int>& classOfRow, const SplitOptions& options) {
    int classes = 0;
    for (int c : classOfRow) classes = std::max(classes, c + 1);
    // Each class's rows in a seeded random order; every stage takes from the front.
    std::vector<std::vector<std::size_t>> pool(static_cast<std::size_t>(classes));
    for (std::size_t r = 0; r < classOfRow.size(); ++r)
        if (classOfRow[r] >= 0) pool[static_cast<std::size_t>(classOfRow[r])].push_back(r);
    std::size_t labeled = 0;
    for (std::size_t c = 0; c < pool.size(); ++c) {
        Rng rng(options.seed, c);
        rng.shuffle(pool[c]);
        labeled += pool[c].size();
    }
    if (options.testFraction < 0 || options.testFraction >= 1 || options.validationFraction < 0 || options.validationFraction >= 1)
        throw std::invalid_argument("split fractions must lie in [0, 1)");

    auto countFor = [&](std::optional<std::size_t> rows, double fraction) {
        return rows ? *rows : static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(labeled) - 1e-9));
    };
    if (options.testIsRest) {
        if (!options.trainRows) throw std::invalid_argument("testing on the rest needs a training size");
        const std::size_t validationRows = countFor(options.validationRows, options.validationFraction);
        if (*options.trainRows + validationRows > labeled)
            throw std::invalid_argument("asked for " + grouped(static_cast<std::int64_t>(*options.trainRows)) +
                                        " training rows, but only " + grouped(static_cast<std::int64_t>(labeled)) + " are labeled");
        if (*options.trainRows == 0) throw std::invalid_argument("the training split would be empty");
        SplitOptions reordered = options;  // the same stages with training drawn first
        reordered.testIsRest = false;
        reordered.testRows = *options.trainRows;
        reordered.trainRows.reset();
        Split swapped = stratifiedSplit(classOfRow, reordered);
        std::swap(swapped.train, swapped.test);
        return swapped;
    }
    const std::size_t testCount = countFor(options.testRows, options.testFraction);
    const std::size_t validationCount = countFor(options.validationRows, options.validationFraction);
    if (testCount + validationCount > labeled)
        throw std::invalid_argument("test (" + grouped(static_cast<std::int64_t>(testCount)) + ") and validation (" +
                                    grouped(static_cast<std::int64_t>(validationCount)) + ") rows exceed the " +
                                    grouped(static_cast<std::int64_t>(labeled)) + " labeled rows");
    const std::size_t rest = labeled - testCount - validationCount;
    const std::size_t trainCount = options.trainRows.value_or(rest);
    if (trainCount > rest)
        throw std::invalid_argument("asked for " + grouped(static_cast<std::int64_t>(trainCount)) + " training rows, but only " +
                                    grouped(static_cast<std::int64_t>(rest)) + " remain after the test and validation rows");
    if (trainCount == 0) throw std::invalid_argument("the training split would be empty");

    Split split;
    std::vector<std::size_t> offset(pool.size(), 0);
    auto take = [&](std::size_t count, std::vector<std::size_t>& into) {
        std::vector<std::size_t> remaining(pool.size());
        for (std::size_t c = 0; c < pool.size(); ++c) remaining[c] = pool[c].size() - offset[c];
        const auto quota = proportionalAllocation(remaining, count);
        for (std::size_t c = 0; c < pool.size(); ++c) {
            into.insert(into.end(), pool[c].begin() + static_cast<long>(offset[c]),
                        pool[c].begin() + static_cast<long>(offset[c] + quota[c]));
            offset[c] += quota[c];
        }
        std::sort(into.begin(), into.end());
    };
    take(testCount, split.test);
    take(validationCount, split.validation);
    take(trainCount, split.train);
    return split;
}

} // namespace genrelab

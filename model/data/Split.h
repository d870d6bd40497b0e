#pragma once
// Stratified train / validation / test splits with a seed. The test rows are drawn first, then
// validation, then training from what is left, so with one seed the test set stays the same
// whatever the training size (a fair comparison of 100, 1,000 and all rows).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace genrelab {

struct SplitOptions {
    // Test rows: a count, else a fraction of the labeled rows rounded up (as scikit-learn does).
    std::optional<std::size_t> testRows;
    double testFraction = 0.2;
    std::optional<std::size_t> validationRows;
    double validationFraction = 0.0;
    // Training rows: a count, or all that remain.
    std::optional<std::size_t> trainRows;
    // Test rows are all that the training and validation rows leave (the study's "10,000 rows,
    // test on the rest"). Training rows are then drawn first.
    bool testIsRest = false;
    std::uint64_t seed = 0;
    bool operator==(const SplitOptions&) const = default;
};

struct Split {
    std::vector<std::size_t> train, validation, test;  // row indices into the table, ascending
};

// classOfRow: class index per row, -1 for rows to leave out. Throws std::invalid_argument
// when the requested sizes do not fit in the labeled rows.
Split stratifiedSplit(const std::vector<int>& classOfRow, const SplitOptions& options);

// How many of `total` rows each class gets so that the shares match the class counts:
// floor of the exact quota, then the largest remainders (ties to the lower class index).
std::vector<std::size_t> proportionalAllocation(const std::vector<std::size_t>& classCounts, std::size_t total);

} // namespace genrelab

#pragma once
// Stratified train / validation / test splits with a seed. The test rows are drawn first, then
// validation, then training from what is left, so with one seed the test set stays the same
// whatever the training size (a fair comparison of 100, 1,000 and all rows).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace genrelab {

// random: stratified over rows; song: no song on both sides; artist: no artist on both sides.
enum class SplitKind { Random, Song, Artist };
std::string_view splitKindName(SplitKind kind);     // "random", "song", "artist"
SplitKind splitKindFromName(std::string_view name); // throws std::invalid_argument

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
    SplitKind kind = SplitKind::Random;  // the grouped kinds need the rows' groups (groupedSplit)
    bool operator==(const SplitOptions&) const = default;
};

struct Split {
    std::vector<std::size_t> train, validation, test;  // row indices into the table, ascending
};

// classOfRow: class index per row, -1 for rows to leave out. Throws std::invalid_argument
// when the requested sizes do not fit in the labeled rows.
Split stratifiedSplit(const std::vector<int>& classOfRow, const SplitOptions& options);

// The same stages with whole groups (groupOfRow: a group id per row) on one side each. Groups
// are visited in a seeded random order; a stage takes a group whose rows all fill the stage's
// per-class quota, then, while rows are still wanted, groups that fill at least as many as they
// exceed, then groups that fill some quota and still fit the stage's size. Stratification is thus
// as close as the groups allow; the sizes may differ from the quotas by a group's rows. Throws
// std::invalid_argument as stratifiedSplit does.
Split groupedSplit(const std::vector<int>& classOfRow, const std::vector<std::size_t>& groupOfRow, const SplitOptions& options);

// How many of `total` rows each class gets so that the shares match the class counts:
// floor of the exact quota, then the largest remainders (ties to the lower class index).
std::vector<std::size_t> proportionalAllocation(const std::vector<std::size_t>& classCounts, std::size_t total);

} // namespace genrelab

#pragma once
// The track the Predict form starts from: a real median track rather than column means (a mean
// key of 5.95 or a mean duration over minutes and milliseconds is no track at all). Continuous
// columns give their median, codes (key, mode, time signature) and 0/1 flags their most frequent
// value, each read as the run's model reads it: unit flags added and unit repairs applied first.
#include "data/Table.h"
#include "run/RunPipeline.h"

#include <cstddef>
#include <string>
#include <vector>

namespace genrelab {

enum class TypicalKind {
    Median,  // a continuous column: its median
    Code,    // whole numbers, at most kMaxCodeValues distinct values, each seen twice on average: the most frequent
    Flag,    // a boolean column, or whole numbers 0 and 1 only: the most frequent
};

// More distinct whole numbers than this read as a count or a measure (popularity 0..100), not a code.
inline constexpr std::size_t kMaxCodeValues = 24;

struct TypicalValue {
    TypicalKind kind = TypicalKind::Median;
    double value = 0;  // NaN when the column has no present value
};

// The kind and typical value of a column's present cells; ties between modes go to the smallest value.
TypicalValue typicalValue(const Column& column);

struct TypicalInput {
    std::string column;  // a name of FeatureTransform::inputColumns
    TypicalValue typical;
    std::string unit;  // the unit a repaired column is read in ("milliseconds"), else empty
};

// One entry per input column of the run, over every row of `table` (the file the run was fitted
// on, as read). A column the table lacks, or without a present value, has a NaN value.
std::vector<TypicalInput> typicalTrack(const RunResult& result, Table table);

} // namespace genrelab

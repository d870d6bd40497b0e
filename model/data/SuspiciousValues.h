#pragma once
// Values a column's own data makes implausible, read as placeholders for "unknown": an exact
// zero isolated below a column of positive values (a duration, a tempo, a time signature of 0)
// and one value repeated far more often than any value of a continuous column can be (a
// spike). Also rows whose every text field is empty. Learnt from the table alone.
#include "data/Table.h"

#include <cstddef>
#include <string>
#include <vector>

namespace genrelab {

struct SuspiciousValue {
    std::string column;
    std::string kind;                // "isolated_zero" or "spike"
    double value = 0;
    std::vector<std::size_t> rows;   // the table rows holding the value, in order
    std::string reason;              // why the value is implausible, in plain words
};

// Per Numeric column other than the target (identifiers and booleans hold no measurements):
// - isolated_zero: every present value is >= 0, zeros are at most 1% of them (and at least one),
//   and the smallest positive value is at least 5% of the positive values' median, so the zeros
//   are not the low end of a continuum;
// - spike: a value strictly between the column's minimum and maximum, in a column of at least
//   100 distinct values, held by at least 20 rows, 0.5% of the present values, and 20 times the
//   rows an average distinct value holds.
// Columns need 20 present values. In column order, a column's zero before its spike.
std::vector<SuspiciousValue> findSuspiciousValues(const Table& table);

// Rows whose every text column but the target and identifiers (track_id) is empty; none when the table has no text column.
std::vector<std::size_t> rowsWithoutText(const Table& table);

// Marks the cells of every finding as missing (NaN, flagged); returns the cells marked.
std::size_t markSuspiciousMissing(Table& table, const std::vector<SuspiciousValue>& found);

// "lines 3, 40, 77 and 12 more": the file lines of the first `shown` rows.
std::string describeLines(const Table& table, const std::vector<std::size_t>& rows, std::size_t shown = 5);

} // namespace genrelab

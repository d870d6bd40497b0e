#pragma once
// Columns that mix two units, such as Kaggle's "duration_in min/ms": minutes in some rows,
// milliseconds in the rest. Detected as two clusters of positive values whose typical sizes
// differ by a known conversion factor, with an empty gap between them.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace genrelab {

class Table;
struct Column;

struct UnitMix {
    std::string column;
    double threshold = 0;        // values below are the small-unit cluster
    double factor = 1;           // small-unit value * factor = large-unit value
    std::string smallUnit;       // "minutes" ("small" when the factor is not a known one)
    std::string largeUnit;       // "milliseconds"
    std::size_t smallRows = 0;
    std::size_t largeRows = 0;
    double smallMedian = 0;
    double largeMedian = 0;
    std::vector<bool> isSmall;   // per row; false where missing
};

// Finds a unit mix in one numeric column, if there is one.
std::optional<UnitMix> detectUnitMix(const Column& column);

enum class UnitTarget { Majority, SmallUnit, LargeUnit };

struct UnitRepair {
    std::string column;
    double threshold = 0;
    double factor = 1;
    UnitTarget to = UnitTarget::Majority;
    bool operator==(const UnitRepair&) const = default;
};

UnitRepair repairFor(const UnitMix& mix, UnitTarget to = UnitTarget::Majority);
// Converts every value of the minority (or named) unit into the other; returns rows changed.
std::size_t applyUnitRepair(Table& table, const UnitRepair& repair);

} // namespace genrelab

#include "data/UnitMix.h"

#include "data/DataError.h"
#include "data/Table.h"
#include "util/Stats.h"

#include <algorithm>
#include <cmath>
#include <span>

namespace genrelab {
namespace {

struct KnownFactor {
    double factor;
    const char* small;
    const char* large;
};

// Conversions that turn up in real tables; the nearest one (in log scale, within a factor of
// two) names the units. A wider mix still counts when its gap is wide (see below).
constexpr KnownFactor kKnownFactors[] = {
    {60.0, "minutes", "seconds"},
    {1000.0, "seconds", "milliseconds"},
    {3600.0, "hours", "seconds"},
    {60000.0, "minutes", "milliseconds"},
    {3600000.0, "hours", "milliseconds"},
};

// Whether log10 values could hold an empty gap of a decade or more with at least minCluster
// values on each side, found without sorting. Exact when it says no: such a gap covers a whole
// quarter-decade bin clear of the bins its two neighbours fall in, however they round.
bool mayHoldDecadeGap(const std::vector<double>& logs, std::size_t minCluster) {
    const auto [lo, hi] = std::minmax_element(logs.begin(), logs.end());
    if (*hi - *lo < 1.0) return false;
    constexpr double kBinWidth = 0.25;
    const auto bins = static_cast<std::size_t>((*hi - *lo) / kBinWidth) + 1;
    std::vector<std::size_t> counts(bins, 0);
    for (double v : logs) ++counts[std::min(bins - 1, static_cast<std::size_t>((v - *lo) / kBinWidth))];
    std::size_t before = 0;
    for (std::size_t b = 0; b < bins; ++b) {
        if (counts[b] == 0 && before >= minCluster && logs.size() - before >= minCluster) return true;
        before += counts[b];
    }
    return false;
}

} // namespace

std::optional<UnitMix> detectUnitMix(const Column& column) {
    if (column.kind != ColumnKind::Numeric) return std::nullopt;
    std::vector<double> logs;
    logs.reserve(column.numbers.size());
    for (std::size_t r = 0; r < column.numbers.size(); ++r)
        if (!column.missing[r] && column.numbers[r] > 0) logs.push_back(std::log10(column.numbers[r]));
        else if (!column.missing[r] && column.numbers[r] < 0) return std::nullopt;  // signed data: not a unit
    const std::size_t n = logs.size();
    if (n < 20) return std::nullopt;
    // The widest empty gap with a real cluster on each side (a handful of outliers is no mix).
    const std::size_t minCluster = std::max<std::size_t>(5, n / 200);
    if (!mayHoldDecadeGap(logs, minCluster)) return std::nullopt;  // most columns: no sort needed
    std::sort(logs.begin(), logs.end());

    double bestGap = 0;
    std::size_t split = 0;
    for (std::size_t i = minCluster; i + minCluster <= n; ++i) {
        const double gap = logs[i] - logs[i - 1];
        if (gap > bestGap) { bestGap = gap; split = i; }
    }
    if (bestGap < 1.0) return std::nullopt;  // clusters closer than a factor 10: one unit

    const double smallMedian = std::pow(10.0, stats::medianOfSorted(std::span(logs).first(split)));
    const double largeMedian = std::pow(10.0, stats::medianOfSorted(std::span(logs).subspan(split)));
    const double ratio = largeMedian / smallMedian;

    UnitMix mix;
    const KnownFactor* nearest = nullptr;
    double nearestDistance = 1e9;
    for (const auto& known : kKnownFactors) {
        const double distance = std::fabs(std::log10(ratio / known.factor));
        if (distance < nearestDistance) { nearestDistance = distance; nearest = &known; }
    }
    if (nearest && nearestDistance <= std::log10(2.0)) {
        mix.factor = nearest->factor;
        mix.smallUnit = nearest->small;
        mix.largeUnit = nearest->large;
    } else if (bestGap >= 2.0) {
        // Unknown units, but an empty gap of two orders of magnitude is no natural spread.
        const double magnitude = std::pow(10.0, std::floor(std::log10(ratio)));
        mix.factor = std::round(ratio / magnitude) * magnitude;
        mix.smallUnit = "small unit";
        mix.largeUnit = "large unit";
    } else {
        return std::nullopt;
    }
    mix.column = column.name;
    mix.threshold = std::pow(10.0, 0.5 * (logs[split - 1] + logs[split]));
    mix.smallMedian = smallMedian;
    mix.largeMedian = largeMedian;
    mix.isSmall.assign(column.numbers.size(), false);
    for (std::size_t r = 0; r < column.numbers.size(); ++r) {
        if (column.missing[r] || column.numbers[r] <= 0) continue;
        if (column.numbers[r] < mix.threshold) { mix.isSmall[r] = true; ++mix.smallRows; }
        else ++mix.largeRows;
    }
    return mix;
}

UnitRepair repairFor(const UnitMix& mix, UnitTarget to) {
    UnitRepair repair{mix.column, mix.threshold, mix.factor, to};
    if (to == UnitTarget::Majority)
        repair.to = mix.smallRows > mix.largeRows ? UnitTarget::SmallUnit : UnitTarget::LargeUnit;
    return repair;
}

std::size_t applyUnitRepair(Table& table, const UnitRepair& repair) {
    const auto index = table.indexOf(repair.column);
    if (!index) throw DataError({table.source(), 0, 0, repair.column}, "unit repair names a column the table does not have");
    Column& column = table.column(*index);
    if (column.kind != ColumnKind::Numeric)
        throw DataError({table.source(), 0, *index + 1, repair.column}, "unit repair needs a numeric column");
    UnitTarget to = repair.to;
    if (to == UnitTarget::Majority) {
        std::size_t small = 0, large = 0;
        for (std::size_t r = 0; r < column.numbers.size(); ++r)
            if (!column.missing[r] && column.numbers[r] > 0) (column.numbers[r] < repair.threshold ? small : large)++;
        to = small > large ? UnitTarget::SmallUnit : UnitTarget::LargeUnit;
    }
    std::size_t changed = 0;
    for (std::size_t r = 0; r < column.numbers.size(); ++r) {
        double& v = column.numbers[r];
        if (column.missing[r] || v <= 0) continue;
        const bool small = v < repair.threshold;
        if (to == UnitTarget::LargeUnit && small) { v *= repair.factor; ++changed; }
        if (to == UnitTarget::SmallUnit && !small) { v /= repair.factor; ++changed; }
    }
    return changed;
}

} // namespace genrelab

#include "run/TypicalTrack.h"

#include "data/UnitMix.h"
#include "util/Stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace genrelab {

TypicalValue typicalValue(const Column& column) {
    std::vector<double> present;
    for (std::size_t r = 0; r < column.numbers.size(); ++r)
        if (!column.missing[r] && std::isfinite(column.numbers[r])) present.push_back(column.numbers[r]);
    if (present.empty()) return {column.kind == ColumnKind::Boolean ? TypicalKind::Flag : TypicalKind::Median, std::numeric_limits<double>::quiet_NaN()};

    std::map<double, std::size_t> counts;  // ordered: the smallest of tied modes comes first
    bool whole = true;
    for (const double v : present) {
        whole = whole && v == std::floor(v);
        if (whole && counts.size() <= kMaxCodeValues) ++counts[v];
    }
    const bool flag = column.kind == ColumnKind::Boolean ||
                      (whole && counts.size() <= 2 && std::all_of(counts.begin(), counts.end(), [](const auto& c) { return c.first == 0 || c.first == 1; }));
    // Codes repeat: in a small file a few distinct whole numbers seen once each are measurements.
    const bool code = whole && counts.size() <= kMaxCodeValues && 2 * counts.size() <= present.size();
    if (!flag && !code) return {TypicalKind::Median, stats::median(present)};
    auto mode = counts.begin();
    for (auto it = counts.begin(); it != counts.end(); ++it)
        if (it->second > mode->second) mode = it;
    return {flag ? TypicalKind::Flag : TypicalKind::Code, mode->first};
}

std::vector<TypicalInput> typicalTrack(const RunResult& result, Table table) {
    // The unit each repaired column ends in, from the mix as the file shows it before the repair.
    std::map<std::string, std::string> unitOf;
    for (const UnitRepair& repair : result.data.unitRepairs) {
        const auto index = table.indexOf(repair.column);
        if (!index) continue;
        if (const auto mix = detectUnitMix(table.column(*index))) {
            UnitTarget to = repair.to;
            if (to == UnitTarget::Majority) to = mix->smallRows > mix->largeRows ? UnitTarget::SmallUnit : UnitTarget::LargeUnit;
            unitOf[repair.column] = to == UnitTarget::SmallUnit ? mix->smallUnit : mix->largeUnit;
        }
    }
    addUnitFlagColumns(table, result.data.unitFlags);  // flags read before the repairs, as in training
    for (const UnitRepair& repair : result.data.unitRepairs)  // a column of another kind is reported where the model reads it
        if (const auto index = table.indexOf(repair.column); index && table.column(*index).kind == ColumnKind::Numeric)
            applyUnitRepair(table, repair);

    std::vector<TypicalInput> out;
    for (const std::string& name : result.data.transform.inputColumns) {
        TypicalInput input{name, {TypicalKind::Median, std::numeric_limits<double>::quiet_NaN()}, {}};
        if (const auto index = table.indexOf(name)) input.typical = typicalValue(table.column(*index));
        if (const auto it = unitOf.find(name); it != unitOf.end()) input.unit = it->second;
        out.push_back(std::move(input));
    }
    return out;
}

} // namespace genrelab

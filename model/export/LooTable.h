#pragma once
// The LOO comparison of runs as a result table (exported like every table), best run first.
#include "eval/LooCompare.h"
#include "export/ResultTable.h"

namespace genrelab {

// Columns: run, elpd_loo, SE, elpd_diff, SE of diff, p_loo, max k-hat, share k-hat bad,
// stacking weight.
ResultTable looComparisonTable(const std::vector<LooComparisonRow>& rows);

} // namespace genrelab

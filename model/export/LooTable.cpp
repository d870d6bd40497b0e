#include "export/LooTable.h"

namespace genrelab {

ResultTable looComparisonTable(const std::vector<LooComparisonRow>& rows) {
    ResultTable table;
    table.title = "PSIS-LOO comparison on the same training rows";
    table.columns = {"run", "elpd_loo", "SE", "elpd_diff", "SE of diff", "p_loo", "max k-hat", "share k-hat bad", "stacking weight"};
    table.decimals = 2;
    for (const LooComparisonRow& r : rows)
        table.addRow({r.name, r.elpd, r.se, r.elpdDiff, r.seDiff, r.pLoo, r.khatMax, r.khatBadShare, r.stackingWeight});
    return table;
}

} // namespace genrelab

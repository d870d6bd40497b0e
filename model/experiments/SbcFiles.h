#pragma once
// An SBC study as files: the ranks (CSV), the plot data (rank histograms and ECDF differences
// with their simultaneous bands, CSV) and the verdict (JSON). Numbers do not depend on the locale.
#include "experiments/Sbc.h"

#include <string>

namespace genrelab {

// simulation, then one column per quantity.
std::string sbcRanksCsv(const SbcResult& result);
// quantity, bin, first_rank, last_rank, count, expected.
std::string sbcHistogramCsv(const SbcResult& result);
// quantity, z, ecdf, lower, upper, ecdf_diff, lower_diff, upper_diff (shares; diff = minus z).
std::string sbcEcdfCsv(const SbcResult& result);
// {"quantities": [{"name", "rank_p_value", "outside_band"}], "worst_p_value", and the settings
// and counts behind them}. An uncomputable p-value is null.
std::string sbcJson(const SbcResult& result, const SbcOptions& options);

} // namespace genrelab

#include "export/WorkflowTables.h"

#include <cmath>

namespace genrelab {
namespace {

// A NaN stays a missing cell: exported as empty (CSV) or null (JSON), never as a number.
Cell number(double v) { return std::isnan(v) ? Cell{} : Cell{v}; }

} // namespace

ResultTable chainRanksTable(const std::string& parameter, const ChainRanks& ranks) {
    ResultTable t{"Rank plots of " + parameter, {"chain", "kind", "x", "count", "band_lower", "band_upper"}, {}};
    for (std::size_t c = 0; c < ranks.histograms.size(); ++c) {
        const auto chain = static_cast<std::int64_t>(c + 1);
        for (int b = 0; b < ranks.bins; ++b)
            t.addRow({chain, std::string("histogram"), static_cast<double>(b + 1) / ranks.bins,
                      static_cast<std::int64_t>(ranks.histograms[c][static_cast<std::size_t>(b)]), Cell{}, Cell{}});
        for (std::size_t i = 0; i < ranks.band.z.size(); ++i)
            t.addRow({chain, std::string("ecdf"), ranks.band.z[i], static_cast<std::int64_t>(ranks.ecdfCounts[c][i]),
                      static_cast<std::int64_t>(ranks.band.lower[i]), static_cast<std::int64_t>(ranks.band.upper[i])});
    }
    return t;
}

ResultTable essEvolutionTable(const std::string& parameter, const EssEvolution& evolution, int chains) {
    ResultTable t{"ESS evolution of " + parameter, {"draws_per_chain", "total_draws", "ess_bulk", "ess_tail"}, {}};
    for (std::size_t k = 0; k < evolution.drawsPerChain.size(); ++k)
        t.addRow({static_cast<std::int64_t>(evolution.drawsPerChain[k]), static_cast<std::int64_t>(evolution.drawsPerChain[k]) * chains,
                  number(evolution.bulk[k]), number(evolution.tail[k])});
    return t;
}

ResultTable looPitTable(const std::vector<double>& pit, const std::vector<double>& khat) {
    ResultTable t{"LOO-PIT of the training rows", {"training_row", "loo_pit", "pareto_k"}, {}};
    for (std::size_t i = 0; i < pit.size(); ++i)
        t.addRow({static_cast<std::int64_t>(i), number(pit[i]), i < khat.size() ? number(khat[i]) : Cell{}});
    return t;
}

ResultTable contrastTable(const std::vector<ContrastAgreement>& rows, const std::string& nameA, const std::string& nameB) {
    ResultTable t{"Class contrasts: " + nameA + " against " + nameB,
                  {"contrast", "mean_" + nameA, "sd_" + nameA, "mean_" + nameB, "sd_" + nameB, "z", "sd_ratio"}, {}};
    for (const ContrastAgreement& r : rows)
        t.addRow({r.name, number(r.meanA), number(r.sdA), number(r.meanB), number(r.sdB), number(r.z), number(r.sdRatio)});
    return t;
}

} // namespace genrelab

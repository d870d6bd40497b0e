#include "export/ClassReliabilityTables.h"

#include "util/Format.h"

#include <cstdint>

namespace genrelab {

ResultTable classReliabilityBinsTable(const ClassReliability& r, const std::string& className) {
    ResultTable t;
    t.title = className + " vs rest: equal-width bins of p(" + className + "), observed frequency with its 95% Wilson interval";
    t.columns = {"bin from", "bin to", "rows", "mean p", "observed", "observed lower", "observed upper"};
    for (const ClassReliabilityBin& bin : r.bins)
        t.addRow({bin.from, bin.to, static_cast<std::int64_t>(bin.rows), bin.meanForecast, bin.observed, bin.interval.lower,
                  bin.interval.upper});
    return t;
}

ResultTable classReliabilityCorpTable(const ClassReliability& r, const std::string& className) {
    ResultTable t;
    t.title = className + " vs rest: CORP recalibrated p(" + className + ") (isotonic fit) and its " +
              general(r.bandLevel * 100.0, 3) + "% consistency band (" + std::to_string(r.resamples) + " resamples)";
    t.columns = {"p", "recalibrated", "band lower", "band upper"};
    for (std::size_t k = 0; k < r.bandForecasts.size(); ++k)
        t.addRow({r.bandForecasts[k], isotonicValueAt(r.isotonic, r.bandForecasts[k]), r.bandLower[k], r.bandUpper[k]});
    return t;
}

} // namespace genrelab

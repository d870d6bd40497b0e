#include "experiments/SbcFiles.h"

#include "data/CsvWriter.h"
#include "util/Format.h"
#include "util/Json.h"

namespace genrelab {

std::string sbcRanksCsv(const SbcResult& result) {
    std::string out = "simulation";
    for (const std::string& name : result.names) out += "," + csvField(name);
    out += "\n";
    for (Eigen::Index row = 0; row < result.ranks.rows(); ++row) {
        out += std::to_string(result.simulationIds[static_cast<std::size_t>(row)] + 1);
        for (Eigen::Index q = 0; q < result.ranks.cols(); ++q) out += "," + std::to_string(result.ranks(row, q));
        out += "\n";
    }
    return out;
}

std::string sbcHistogramCsv(const SbcResult& result) {
    std::string out = "quantity,bin,first_rank,last_rank,count,expected\n";
    for (std::size_t q = 0; q < result.uniformity.size(); ++q) {
        const std::vector<int>& histogram = result.uniformity[q].histogram;
        if (histogram.empty()) continue;
        const int bins = static_cast<int>(histogram.size());
        const int width = (result.maxRank + 1) / bins;
        const double expected = static_cast<double>(result.ranks.rows()) / bins;
        for (int b = 0; b < bins; ++b)
            out += csvField(result.names[q]) + "," + std::to_string(b + 1) + "," + std::to_string(b * width) + "," +
                   std::to_string((b + 1) * width - 1) + "," + std::to_string(histogram[static_cast<std::size_t>(b)]) + "," +
                   shortestDouble(expected) + "\n";
    }
    return out;
}

std::string sbcEcdfCsv(const SbcResult& result) {
    std::string out = "quantity,z,ecdf,lower,upper,ecdf_diff,lower_diff,upper_diff\n";
    const double n = static_cast<double>(result.band.samples);
    for (std::size_t q = 0; q < result.uniformity.size(); ++q)
        for (std::size_t i = 0; i < result.band.z.size(); ++i) {
            const double z = result.band.z[i];
            const double ecdf = result.uniformity[q].ecdfCounts[i] / n, lower = result.band.lower[i] / n,
                         upper = result.band.upper[i] / n;
            out += csvField(result.names[q]) + "," + shortestDouble(z) + "," + shortestDouble(ecdf) + "," + shortestDouble(lower) + "," +
                   shortestDouble(upper) + "," + shortestDouble(ecdf - z) + "," + shortestDouble(lower - z) + "," +
                   shortestDouble(upper - z) + "\n";
        }
    return out;
}

std::string sbcJson(const SbcResult& result, const SbcOptions& options) {
    JsonWriter json;
    json.beginObject();
    json.key("quantities").beginArray();
    for (std::size_t q = 0; q < result.uniformity.size(); ++q) {
        json.beginObject();
        json.field("name", std::string_view(result.names[q]));
        json.field("rank_p_value", result.uniformity[q].pValue);
        json.field("outside_band", result.uniformity[q].outsideBand);
        json.endObject();
    }
    json.endArray();
    json.field("worst_p_value", result.worstPValue);
    json.field("quantities_outside_band", result.quantitiesOutsideBand);
    json.field("model", modelName(options.model));
    json.field("inference", inferenceName(options.inference));
    json.field("simulations", static_cast<std::size_t>(result.ranks.rows()));
    json.field("planned_simulations", result.plannedSimulations);
    json.field("stopped", result.stopped);
    json.field("seed", static_cast<std::int64_t>(options.seed));
    json.field("max_rank", result.maxRank);
    json.field("band_level", options.bandLevel);
    json.field("band_gamma", result.band.gamma);
    json.field("band_points", result.band.points);
    json.field("p_value_test", "Pearson chi-squared on equal-width rank bins");
    // Sampler counts exist for NUTS only; for SVI's independent draws they are not defined.
    if (options.inference == InferenceKind::Nuts) {
        json.field("low_ess_simulations", result.lowEssSimulations);
        json.field("divergent_simulations", result.divergentSimulations);
    } else {
        json.key("low_ess_simulations").null();
        json.key("divergent_simulations").null();
    }
    json.field("seconds", result.seconds);
    json.endObject();
    return json.str() + "\n";
}

} // namespace genrelab

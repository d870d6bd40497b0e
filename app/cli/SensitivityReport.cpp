#include "SensitivityReport.h"

#include "util/Format.h"

#include <algorithm>
#include <cmath>

namespace genrelab::cli {

void writePowerScalingJson(JsonWriter& json, const PowerScalingResult& result, PriorGroup priors) {
    json.key("power_scaling").beginArray();
    for (const PowerScalingEntry& e : result.parameters) {
        json.beginObject();
        json.field("name", e.name).field("prior", e.prior).field("likelihood", e.likelihood);
        if (e.diagnosis.empty()) json.key("diagnosis").null();
        else json.field("diagnosis", e.diagnosis);
        json.endObject();
    }
    json.endArray();
    json.key("power_scaling_details").beginObject();
    json.field("priors", std::string(priorGroupName(priors))).field("threshold", kPowerScalingThreshold);
    json.field("prior_khat", result.priorKhat).field("likelihood_khat", result.likelihoodKhat);
    if (result.note.empty()) json.key("note").null();
    else json.field("note", result.note);
    json.endObject();
}

std::string powerScalingText(const PowerScalingResult& result, PriorGroup priors) {
    const auto number = [](double v) { return std::isnan(v) ? std::string("n/a") : fixed(v, 3); };
    std::string out = "  power-scaling (" + std::string(priorGroupName(priors)) + " priors; sensitive above " +
                      fixed(kPowerScalingThreshold, 2) + "; k-hat prior " + number(result.priorKhat) + ", likelihood " +
                      number(result.likelihoodKhat) + ")\n";
    std::size_t shown = 0, width = 0;
    for (const PowerScalingEntry& e : result.parameters)
        if (!e.diagnosis.empty()) width = std::max(width, e.name.size());
    for (const PowerScalingEntry& e : result.parameters) {
        if (e.diagnosis.empty()) continue;
        out += "    " + e.name + std::string(width + 2 - e.name.size(), ' ') + "prior " + number(e.prior) + "  likelihood " +
               number(e.likelihood) + "  " + e.diagnosis + "\n";
        ++shown;
    }
    out += "    " + std::to_string(result.parameters.size() - shown) + " of " + std::to_string(result.parameters.size()) +
           " parameters without a diagnosis" + (shown == 0 ? " (none sensitive)" : "") + "\n";
    if (!result.note.empty()) out += "    note: " + result.note + "\n";
    return out;
}

} // namespace genrelab::cli

#pragma once
// Power-scaling sensitivity as the CLI reports it: the one place for its JSON keys and text lines.
#include "eval/PowerScaling.h"
#include "util/Json.h"

#include <string>

namespace genrelab::cli {

// "power_scaling": [{name, prior, likelihood, diagnosis}] (null where not computable, diagnosis
// null when not sensitive) and "power_scaling_details": {priors, threshold, prior_khat,
// likelihood_khat, note}.
void writePowerScalingJson(JsonWriter& json, const PowerScalingResult& result, PriorGroup priors);
// Lines for run's text report: the sensitive parameters, then how many are not.
std::string powerScalingText(const PowerScalingResult& result, PriorGroup priors);

} // namespace genrelab::cli

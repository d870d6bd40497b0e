#pragma once
// The run spec's JSON form as a value, for files that embed a spec (sessions). Kept out of
// RunSpec.h so that only the few users of nlohmann::json compile it.
#include "run/RunSpec.h"

#include <nlohmann/json.hpp>

namespace genrelab {

nlohmann::ordered_json specToJsonValue(const RunSpec& spec);
// As specFromJson; path names where the spec sits in the file (e.g. "spec"), for messages.
RunSpec specFromJsonValue(const nlohmann::ordered_json& value, const std::string& sourceName, const std::string& path = "");

} // namespace genrelab

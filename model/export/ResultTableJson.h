#pragma once
// A result table as a JSON value (nlohmann), for files that embed tables in a larger document
// (sessions). The same shape as toJson(ResultTable): an array of objects, column -> value, NaN null.
#include "export/ResultTable.h"

#include <nlohmann/json.hpp>

namespace genrelab {

nlohmann::ordered_json toJsonValue(const ResultTable& table);

} // namespace genrelab

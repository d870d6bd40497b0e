#pragma once
// The data-quality report as text for a terminal and as JSON for programs.
#include "data/QualityReport.h"

#include <string>

namespace genrelab {

std::string reportToText(const QualityReport& report);
// Keys: rows, columns [{name, kind, missing, ...}], target, class_counts {label: n},
// class_names {label: name}, artifacts [{column, kind, rows, note, ...}].
std::string reportToJson(const QualityReport& report);

} // namespace genrelab

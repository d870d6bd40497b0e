#pragma once
// A class's one-vs-rest reliability (eval/ClassReliability) as tables: its bins with Wilson
// intervals, and the CORP recalibrated forecast with its consistency band.
#include "eval/ClassReliability.h"
#include "export/ResultTable.h"

#include <string>

namespace genrelab {

ResultTable classReliabilityBinsTable(const ClassReliability& reliability, const std::string& className);
ResultTable classReliabilityCorpTable(const ClassReliability& reliability, const std::string& className);

} // namespace genrelab

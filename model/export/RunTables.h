#pragma once
// The tables a run produces, as ResultTables ready for display and export.
#include "export/ResultTable.h"
#include "run/RunPipeline.h"

#include <string>
#include <vector>

namespace genrelab {

// metric, train, test (and validation when the split has validation rows)
ResultTable metricsTable(const RunSpec& spec, const RunResult& result);
// Every bin of each split that has rows: bounds, rows, mean confidence and accuracy (NaN when empty).
ResultTable reliabilityTable(const RunResult& result);
ResultTable perClassTable(const RunResult& result, const std::vector<std::string>& classNames);
ResultTable confusionTable(const RunResult& result, const std::vector<std::string>& classNames);
ResultTable parameterTable(const RunResult& result);                                     // summaries with R-hat/ESS
// The tracks the model is least sure about: highest predictive entropy on the test rows.
ResultTable uncertainTracksTable(const RunResult& result, const std::vector<std::string>& classNames, std::size_t count,
                                 const std::vector<std::string>& trackLabels = {});
// Predictive entropy (nats) of each row's averaged class probabilities.
Eigen::VectorXd predictiveEntropy(const Eigen::MatrixXd& probabilities);

} // namespace genrelab

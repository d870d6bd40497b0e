#pragma once
// Posterior summaries per natural parameter: mean, sd, quantiles, R-hat, ESS, MCSE.
#include "infer/Posterior.h"
#include "models/LogDensity.h"

#include <string>
#include <vector>

namespace genrelab {

struct ParameterSummary {
    std::string name;
    double mean = 0, sd = 0, q5 = 0, q50 = 0, q95 = 0;
    double rhat = 0, essBulk = 0, essTail = 0, mcseMean = 0;  // NaN where undefined (one draw, constant)
};

// Draws of the natural parameters (model.outputs) per chain: chains x (draws x outputs).
std::vector<Eigen::MatrixXd> outputDraws(const Posterior& posterior, const LogDensity& model);
std::vector<ParameterSummary> summarize(const Posterior& posterior, const LogDensity& model);

struct ConvergenceVerdict {
    double rhatMax = 0;        // over the parameters that have an R-hat
    double essBulkMin = 0, essTailMin = 0;
    std::size_t divergences = 0;
};
ConvergenceVerdict convergence(const std::vector<ParameterSummary>& summaries, const Posterior& posterior);

} // namespace genrelab

#pragma once
// Posterior summaries per natural parameter: mean, sd, quantiles, R-hat, ESS, MCSE.
#include "infer/Posterior.h"
#include "models/LogDensity.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace genrelab {

struct ParameterSummary {
    std::string name;
    double mean = 0, sd = 0, q5 = 0, q50 = 0, q95 = 0;
    double rhat = 0, essBulk = 0, essTail = 0, mcseMean = 0;  // NaN where undefined (one draw, constant)
    bool constant = false;  // every draw the same number: its R-hat and ESS are NaN by definition
};

// Draws of the natural parameters (model.outputs) per chain: chains x (draws x outputs).
std::vector<Eigen::MatrixXd> outputDraws(const Posterior& posterior, const LogDensity& model);
std::vector<ParameterSummary> summarize(const Posterior& posterior, const LogDensity& model);

// The worst R-hat and ESS over the parameters, by WorstDiagnostic's rule: constant parameters
// are left out; any other parameter without them, or none left, gives NaN (cannot be judged).
struct ConvergenceVerdict {
    double rhatMax = std::numeric_limits<double>::quiet_NaN();
    double essBulkMin = std::numeric_limits<double>::quiet_NaN(), essTailMin = std::numeric_limits<double>::quiet_NaN();
    std::size_t divergences = 0;
    bool judgeable() const { return !std::isnan(rhatMax) && !std::isnan(essBulkMin) && !std::isnan(essTailMin); }
};
ConvergenceVerdict convergence(const std::vector<ParameterSummary>& summaries, const Posterior& posterior);

} // namespace genrelab

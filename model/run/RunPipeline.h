#pragma once
// One complete run: prepare the data, build the model, infer (SVI, NUTS or prior draws),
// judge the posterior, predict. The CLI, the app's worker and the experiment runner all call
// this, so a run means the same everywhere.
#include "data/Prepare.h"
#include "data/Table.h"
#include "eval/Metrics.h"
#include "eval/Predictive.h"
#include "eval/Summary.h"
#include "infer/Nuts.h"
#include "infer/Svi.h"
#include "models/ModelSpec.h"
#include "run/RunSpec.h"

#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace genrelab {

struct RunResult {
    PreparedData data;
    std::unique_ptr<LogDensity> model;
    Posterior posterior;
    std::optional<SviState> sviState;
    std::optional<NutsRun> nutsRun;
    SviResult svi;

    PredictiveMetrics train, validation, test;
    PosteriorPredictive testPredictive;
    std::vector<ParameterSummary> summaries;
    ConvergenceVerdict convergence;
    PredictionDiagnostics predictionDiagnostics;   // from held-out probabilities (MCMC, several chains)
    double paretoK = std::numeric_limits<double>::quiet_NaN();  // SVI guide vs posterior
    ClassShares predictedShares;                   // share of test rows predicted per class, over draws
    double inferenceSeconds = 0, totalSeconds = 0;
    bool partial = false;
    // Which convergence numbers to believe, in words (e.g. for the MLP, predictions not weights).
    std::string diagnosticsNote;
};

// Throws DataError (data), std::invalid_argument (settings) and std::runtime_error (inference).
RunResult runPipeline(const Table& table, const RunSpec& spec, InferenceObserver* observer = nullptr);
// (Re)computes predictions, metrics, summaries and diagnostics from result.posterior.
void judgeRun(RunResult& result, const RunSpec& spec);
// More NUTS draws for a NUTS result, reusing its adaptation; then judges again.
void extendRun(RunResult& result, const RunSpec& spec, int moreDraws, InferenceObserver* observer = nullptr);

// log q(theta) - terms of the guide, for importance ratios (exposed for tests).
double guideLogDensity(const SviState& state, const Eigen::VectorXd& theta);

} // namespace genrelab

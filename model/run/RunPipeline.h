#pragma once
// One complete run: prepare the data, build the model, infer (SVI, NUTS or prior draws),
// judge the posterior, predict. The CLI, the app's worker and the experiment runner all call
// this, so a run means the same everywhere.
#include "data/Prepare.h"
#include "data/Table.h"
#include "eval/Loo.h"
#include "eval/Metrics.h"
#include "eval/PowerScaling.h"
#include "eval/Predictive.h"
#include "eval/Summary.h"
#include "infer/Nuts.h"
#include "infer/Pathfinder.h"
#include "infer/StopReason.h"
#include "infer/Svi.h"
#include "models/ModelSpec.h"
#include "run/RunSpec.h"

#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace genrelab {

// A finished run. Once handed out (to the app's panels, to an exporter) a result is never
// changed: extending builds a new one (extendRun), so a reader on another thread never sees
// draws or metrics change under it. The model is shared between a result and its extensions
// and used only through LogDensity's const calls that may run concurrently.
struct RunResult {
    PreparedData data;
    // The split's rows as the model reads them: the dense features and, for a model with group
    // terms, each row's artists and title tokens (ids into the training vocabularies).
    Design trainDesign, validationDesign, testDesign;
    std::shared_ptr<const LogDensity> model;
    Posterior posterior;                   // the draws, held once
    std::optional<SviState> sviState;
    std::vector<NutsChainState> nutsStates;  // where each NUTS chain stopped (empty unless NUTS)
    std::vector<int> nutsRejectedMetrics;    // per chain: warmup metrics not used (NutsRun::rejectedMetrics)
    // Pathfinder: each path's iterations, ELBOs and evaluations (as inference, or as NUTS's initializer).
    std::vector<PathfinderPath> pathfinderPaths;
    SviResult svi;

    PredictiveMetrics train, validation, test;
    PosteriorPredictive testPredictive;
    std::vector<ParameterSummary> summaries;
    ConvergenceVerdict convergence;
    PredictionDiagnostics predictionDiagnostics;   // from held-out probabilities (MCMC, several chains)
    // SVI: guide vs posterior; Pathfinder: the PSIS resampling of its pooled draws.
    double paretoK = std::numeric_limits<double>::quiet_NaN();
    LooResult loo;                                 // PSIS-LOO over the training rows
    std::optional<PowerScalingResult> powerScaling;  // with RunSpec::sensitivity enabled
    ClassShares predictedShares;                   // share of test rows predicted per class, over draws
    double inferenceSeconds = 0, totalSeconds = 0;
    // Fewer draws (or steps) than the spec planned; `ending` says why: stopped when converged
    // (complete and judged) or cancelled (partial: the numbers use what was computed).
    bool partial = false;
    RunEnding ending;
    // Which convergence numbers to believe, in words (e.g. for the MLP, predictions not weights).
    std::string diagnosticsNote;
};

// Draws behind the training metrics (at most; the held-out sets use RunSpec::predictiveDraws).
inline constexpr std::size_t kTrainingMetricDraws = 100;

// Throws DataError (data), std::invalid_argument (settings) and std::runtime_error (inference).
RunResult runPipeline(const Table& table, const RunSpec& spec, InferenceObserver* observer = nullptr);
// (Re)computes predictions, metrics, summaries and diagnostics from result.posterior, on
// spec.nuts.threads threads (0: one per core); the numbers do not depend on the thread count.
void judgeRun(RunResult& result, const RunSpec& spec);
// A new result: `result`'s draws and moreDraws more per chain from where its chains stopped
// (reusing their adaptation), judged again. `result` itself is only read, so it may be read
// elsewhere meanwhile. Throws std::invalid_argument unless result is a NUTS run.
RunResult extendRun(const RunResult& result, const RunSpec& spec, int moreDraws, InferenceObserver* observer = nullptr);

// The designs of result.data's splits for a model with these terms, and the training rows' groups
// (artists; title tokens of a vocabulary learnt on the training titles). Without terms: the dense
// rows only, and no groups.
ModelGroups buildDesigns(RunResult& result, const ModelTerms& terms);

// A refit warm-started from a fit of the same parameters (other hyperparameters): for NUTS the
// warmup starts from the fitted chains' mean diagonal metric and step size, which the spec
// carries (NutsOptions::initialInvMetric, initialStepSize), so the refit stays reproducible from
// its spec. Other inference, or another parameter count: the spec is left as it is.
void warmStartFrom(const RunResult& fitted, RunSpec& spec);

// log q(theta) - terms of the guide, for importance ratios (exposed for tests).
double guideLogDensity(const SviState& state, const Eigen::VectorXd& theta);

} // namespace genrelab

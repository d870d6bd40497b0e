#include "run/RunPipeline.h"

#include "eval/ParetoK.h"
#include "eval/PsisResample.h"
#include "models/ModelTraits.h"
#include "models/TitleTokens.h"
#include "util/ParallelFor.h"
#include "util/Rng.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

namespace genrelab {
namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

Posterior priorDraws(const LogDensity& model, std::size_t draws, std::uint64_t seed, InferenceObserver* observer) {
    Posterior posterior;
    posterior.method = "prior";
    Chain chain;
    chain.draws.resize(static_cast<Eigen::Index>(draws), model.dim());
    Rng rng(seed, 0xA2C);
    Eigen::Index made = 0;
    for (; made < chain.draws.rows(); ++made) {
        if (observer && observer->stopRequested()) {
            posterior.partial = true;
            break;
        }
        chain.draws.row(made) = model.samplePrior(rng).transpose();
        if (observer) {
            ProgressEvent e;
            e.kind = ProgressEvent::Kind::PriorDraw;
            e.iteration = static_cast<std::size_t>(made);
            e.total = draws;
            observer->onProgress(e);
        }
    }
    chain.draws.conservativeResize(made, Eigen::NoChange);
    posterior.chains.push_back(std::move(chain));
    return posterior;
}

// log p(theta, y) - log q(theta) per draw of the guide: the importance ratios behind Pareto k-hat
// and behind PSIS-LOO over guide draws (Magnusson et al. 2019). Each costs a full-data log
// density; the draws are spread over `threads` threads, each with its own clone (logProbGrad
// writes the model's workspaces).
Eigen::VectorXd sviLogRatios(const LogDensity& model, const SviState& state, const Posterior& draws, int threads) {
    const PooledDraws pooled = draws.pooled();
    const Eigen::Index n = pooled.rows();
    Eigen::VectorXd logRatios(n);
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const auto parts = static_cast<std::size_t>(std::clamp<Eigen::Index>(threads, 1, std::max<Eigen::Index>(n, 1)));
    parallelFor(parts, threads, [&](std::size_t part, const CancellationToken&) {
        const std::unique_ptr<LogDensity> own = model.clone();
        Eigen::VectorXd theta, grad;
        for (Eigen::Index s = static_cast<Eigen::Index>(part) * n / static_cast<Eigen::Index>(parts);
             s < static_cast<Eigen::Index>(part + 1) * n / static_cast<Eigen::Index>(parts); ++s) {
            theta = pooled.row(s).transpose();
            logRatios[s] = own->logProbGrad(theta, grad) - guideLogDensity(state, theta);
        }
    });
    return logRatios;
}

// PSIS-LOO over the training rows; sviLogRatios corrects guide draws toward the posterior. Prior
// draws do not sample the posterior LOO reweights.
LooResult looOfRun(const RunResult& result, const RunSpec& spec, const Eigen::VectorXd& sviLogRatios) {
    if (spec.inference == InferenceKind::Prior) {
        LooResult none;
        none.note = "prior draws: LOO needs draws of the posterior";
        return none;
    }
    return looOfPosterior(*result.model, result.posterior, result.trainDesign, result.data.yTrain, sviLogRatios);
}

// Passes a stop request on, keeps the pilot's SVI steps out of a NUTS run's progress.
class StopOnly : public InferenceObserver {
public:
    explicit StopOnly(const InferenceObserver* outer) : outer_(outer) {}
    void onProgress(const ProgressEvent&) override {}
    bool stopRequested() const override { return outer_ && outer_->stopRequested(); }

private:
    const InferenceObserver* outer_;
};

// The variances of a short full-batch SVI fit (Adam at its default rate): a start for the NUTS
// metric on the posterior's own scales, where the identity makes the first warmup window take
// the longest trees of the run. Mean-field variances are too small where parameters correlate;
// the warmup windows correct that. Empty (the identity) if the fit gives no usable variances:
// the metric is only a starting point.
Eigen::VectorXd pilotInvMetric(const LogDensity& model, std::size_t steps, std::uint64_t seed, InferenceObserver* observer) {
    SviOptions pilot;
    pilot.steps = steps;
    pilot.seed = seed;
    SviState state = initSvi(model, pilot);
    StopOnly stopOnly(observer);
    runSvi(model, state, pilot, &stopOnly);
    Eigen::VectorXd variances = (2.0 * state.logScale.array()).exp();
    if (!variances.allFinite() || !(variances.array() > 0.0).all()) return {};
    return variances;
}

// Pathfinder's paths, their pooled draws resampled by PSIS to `draws` draws.
struct PathfinderDraws {
    Posterior posterior;
    double khat = std::numeric_limits<double>::quiet_NaN();
    std::vector<PathfinderPath> paths;
    Eigen::VectorXd bestVariances;
    bool stopped = false;
};

PathfinderDraws pathfinderDraws(const LogDensity& model, const PathfinderOptions& options, std::size_t draws, InferenceObserver* observer) {
    PathfinderResult run = runPathfinder(model, options, observer);
    PathfinderDraws out;
    out.paths = std::move(run.paths);
    out.bestVariances = std::move(run.bestVariances);
    out.stopped = run.stopped;
    if (run.logRatios.size() == 0) {  // stopped before any path had a Gaussian
        out.posterior = std::move(run.posterior);
        return out;
    }
    PsisResampleResult resampled = psisResample(run.posterior, run.logRatios, static_cast<Eigen::Index>(draws), options.seed + 1);
    out.posterior = std::move(resampled.posterior);
    out.khat = resampled.khat;
    return out;
}

// Why inference ended: a stop the observer asked for says its own reason.
RunEnding endingOf(bool stoppedEarly, const InferenceObserver* observer) {
    if (!stoppedEarly) return RunEnding{};
    return observer ? observer->stopEnding() : RunEnding{StopReason::Cancelled, 0};
}

} // namespace

double guideLogDensity(const SviState& state, const Eigen::VectorXd& theta) {
    const Eigen::ArrayXd z = (theta - state.mean).array() / state.logScale.array().exp();
    return (-0.5 * z.square() - state.logScale.array() - 0.91893853320467274178).sum();
}

ModelGroups buildDesigns(RunResult& result, const ModelTerms& terms) {
    const PreparedData& data = result.data;
    result.trainDesign = Design{data.xTrain, {}, {}, {}, {}, {}};
    result.validationDesign = Design{data.xValidation, {}, {}, {}, {}, {}};
    result.testDesign = Design{data.xTest, {}, {}, {}, {}, {}};
    ModelGroups groups;
    if (terms.artistEffects) {
        groups.artists = data.groupsTrain.artists;
        groups.artistNames = data.artistVocabulary;
        result.trainDesign.artists = data.groupsTrain.artists;
        result.validationDesign.artists = data.groupsValidation.artists;
        result.testDesign.artists = data.groupsTest.artists;
        // Training rows keep no spread: their pointwise likelihood (LOO, training metrics) is the
        // one the fit used, where a row naming no artist has the zero offset.
        result.validationDesign.unseenArtistSpread = data.groupsValidation.unseenArtistSpread;
        result.testDesign.unseenArtistSpread = data.groupsTest.unseenArtistSpread;
    }
    if (terms.titleTokens) {
        const TitleVocabulary vocabulary(data.groupsTrain.titles, terms.titleMinCount,
                                         static_cast<std::size_t>(std::max(terms.titleMaxTokens, 0)));
        groups.tokenNames = vocabulary.tokens();
        // A split without titles (no title column) keeps its token rows empty: GroupTerms then
        // refuses title tokens for the training rows, and predicts the population elsewhere.
        const auto encode = [&](const GroupedRows& rows) { return rows.titles.empty() ? SparseRows{} : vocabulary.encode(rows.titles); };
        groups.tokens = encode(data.groupsTrain);
        result.trainDesign.tokens = groups.tokens;
        result.validationDesign.tokens = encode(data.groupsValidation);
        result.testDesign.tokens = encode(data.groupsTest);
    }
    if (terms.songCopies) {
        // Every split's rows read the training labels only (SongCopies.h).
        groups.songCopies = data.groupsTrain.songCopies;
        result.trainDesign.songCopies = data.groupsTrain.songCopies;
        result.validationDesign.songCopies = data.groupsValidation.songCopies;
        result.testDesign.songCopies = data.groupsTest.songCopies;
    }
    if (terms.artistSongs) {
        // Every split's rows read the training labels only (ArtistSongs.h).
        groups.artistSongs = data.groupsTrain.artistSongs;
        result.trainDesign.artistSongs = data.groupsTrain.artistSongs;
        result.validationDesign.artistSongs = data.groupsValidation.artistSongs;
        result.testDesign.artistSongs = data.groupsTest.artistSongs;
    }
    return groups;
}

RunResult runPipeline(const Table& table, const RunSpec& spec, InferenceObserver* observer) {
    const auto start = Clock::now();
    RunResult result;
    result.data = prepareData(table, spec.prep, spec.split);
    ModelGroups groups = buildDesigns(result, spec.model.terms);
    result.model = makeModel(spec.model, trainingData(result.data, spec.classNames, std::move(groups)));
    const LogDensity& model = *result.model;
    if (observer) observer->onModel(model);

    const auto inferenceStart = Clock::now();
    switch (spec.inference) {
    case InferenceKind::Svi: {
        result.sviState = initSvi(model, spec.svi);
        result.svi = runSvi(model, *result.sviState, spec.svi, observer);
        result.posterior = guideDraws(*result.sviState, spec.guideDraws, spec.svi.seed + 1);
        result.partial = result.svi.stopped;
        break;
    }
    case InferenceKind::Nuts: {
        NutsOptions nuts = spec.nuts;
        std::vector<Eigen::VectorXd> starts;
        if (spec.nutsInit == NutsInit::Pathfinder) {
            // One resampled Pathfinder draw per chain as its start, the best Gaussian's variances as
            // the first metric; its progress stays out of the run's (as the SVI pilot's).
            StopOnly stopOnly(observer);
            PathfinderOptions options = spec.pathfinder;
            options.seed = spec.nuts.seed;
            PathfinderDraws init = pathfinderDraws(model, options, static_cast<std::size_t>(nuts.chains), &stopOnly);
            const PooledDraws points = init.posterior.pooled();
            for (Eigen::Index c = 0; c < points.rows(); ++c) starts.push_back(points.row(c).transpose());
            if (init.bestVariances.size() == model.dim() && init.bestVariances.allFinite() && (init.bestVariances.array() > 0.0).all())
                nuts.initialInvMetric = init.bestVariances;
            result.pathfinderPaths = std::move(init.paths);
        } else if (spec.nutsPilotSteps > 0) {
            nuts.initialInvMetric = pilotInvMetric(model, spec.nutsPilotSteps, spec.nuts.seed, observer);
        }
        NutsRun run = runNuts(model, nuts, observer, starts);
        result.posterior = std::move(run.posterior);
        result.nutsStates = std::move(run.states);
        result.nutsRejectedMetrics = std::move(run.rejectedMetrics);
        result.partial = result.posterior.partial;
        break;
    }
    case InferenceKind::Pathfinder: {
        PathfinderDraws run = pathfinderDraws(model, spec.pathfinder, spec.guideDraws, observer);
        result.posterior = std::move(run.posterior);
        result.paretoK = run.khat;
        result.pathfinderPaths = std::move(run.paths);
        result.partial = run.stopped;
        break;
    }
    case InferenceKind::Prior:
        result.posterior = priorDraws(model, static_cast<std::size_t>(spec.nuts.samples), spec.nuts.seed, observer);
        result.partial = result.posterior.partial;
        break;
    }
    result.inferenceSeconds = secondsSince(inferenceStart);
    result.posterior.seconds = result.inferenceSeconds;
    result.posterior.partial = result.partial;
    result.ending = endingOf(result.partial, observer);
    judgeRun(result, spec);
    result.totalSeconds = secondsSince(start);
    return result;
}

void judgeRun(RunResult& result, const RunSpec& spec) {
    const LogDensity& model = *result.model;
    // A result assembled elsewhere (a test, an older session) may carry no designs: its dense rows.
    if (result.trainDesign.rows() != result.data.xTrain.rows() || result.validationDesign.rows() != result.data.xValidation.rows() ||
        result.testDesign.rows() != result.data.xTest.rows())
        buildDesigns(result, ModelTerms{});
    const Eigen::MatrixXd noRows = Eigen::MatrixXd::Zero(0, result.data.classes());
    if (result.posterior.drawsPerChain() == 0) {  // stopped before the first draw: nothing to judge
        result.train = result.validation = result.test = evaluatePredictions(noRows, Eigen::VectorXi());
        return;
    }

    // Training metrics only say how well the model fits what it saw: kTrainingMetricDraws draws
    // tell that as well as all of them, at a fraction of the cost on big training sets.
    const int threads = spec.nuts.threads;
    const std::size_t trainingDraws = std::min(spec.predictiveDraws, kTrainingMetricDraws);
    result.train = result.data.yTrain.size() > 0
        ? evaluatePredictions(posteriorPredictive(result.posterior, model, result.trainDesign, nullptr, trainingDraws, threads).probabilities,
                              result.data.yTrain)
        : evaluatePredictions(noRows, result.data.yTrain);
    result.testPredictive = posteriorPredictive(result.posterior, model, result.testDesign, &result.data.yTest, spec.predictiveDraws, threads);
    // An empty split gets the metrics of an empty set (NaN), not the zeros of a default.
    result.test = result.data.yTest.size() > 0 ? evaluatePredictions(result.testPredictive.probabilities, result.data.yTest)
                                               : evaluatePredictions(noRows, result.data.yTest);
    result.validation = result.data.yValidation.size() > 0
        ? evaluatePredictions(
              posteriorPredictive(result.posterior, model, result.validationDesign, nullptr, spec.predictiveDraws, threads).probabilities,
              result.data.yValidation)
        : evaluatePredictions(noRows, result.data.yValidation);
    result.predictedShares = predictedClassShares(result.testPredictive.drawPredictedCounts, result.testDesign.rows());
    result.summaries = summarize(result.posterior, model);
    result.convergence = convergence(result.summaries, result.posterior);
    const Eigen::VectorXd logRatios = spec.inference == InferenceKind::Svi
        ? sviLogRatios(model, *result.sviState, result.posterior, threads) : Eigen::VectorXd();
    result.loo = looOfRun(result, spec, logRatios);
    if (spec.sensitivity.enabled)
        result.powerScaling = powerScalingOfPosterior(model, result.posterior, result.trainDesign, result.data.yTrain,
                                                      spec.sensitivity.priors, threads);

    if (spec.inference == InferenceKind::Svi) {
        result.paretoK = paretoKHat(logRatios.head(std::min<Eigen::Index>(logRatios.size(), 1000)));
        result.diagnosticsNote = "SVI: R-hat and ESS do not apply (independent guide draws); Pareto k-hat " +
                                 std::string(std::isnan(result.paretoK) ? "unavailable"
                                             : result.paretoK < 0.5 ? "below 0.5: the guide fits the posterior well"
                                             : result.paretoK < 0.7 ? "0.5-0.7: the guide is usable with care"
                                                                    : "above 0.7: the guide misses the posterior's tails");
    } else if (spec.inference == InferenceKind::Nuts && result.posterior.chainCount() > 1) {
        const Design& held = result.testDesign.rows() > 0 ? result.testDesign : result.trainDesign;
        result.predictionDiagnostics = predictionDiagnostics(result.posterior, model, held);
        result.diagnosticsNote = !traitsOf(spec.model).identifiedParameters
            ? "MLP: hidden units can swap between chains, so weight R-hat is expected to be high; trust the R-hat of "
              "predictions (held-out class probabilities) instead"
            : "R-hat and ESS of the parameters apply";
    } else if (spec.inference == InferenceKind::Pathfinder) {
        result.diagnosticsNote = "Pathfinder: R-hat and ESS do not apply (its Gaussians' draws, importance-resampled); Pareto k-hat " +
                                 std::string(std::isnan(result.paretoK) ? "unavailable"
                                             : result.paretoK < 0.5 ? "below 0.5: the Gaussians cover the posterior well"
                                             : result.paretoK < 0.7 ? "0.5-0.7: usable with care"
                                                                    : "above 0.7: the Gaussians miss the posterior's tails; use NUTS");
    } else if (spec.inference == InferenceKind::Prior) {
        result.diagnosticsNote = "prior draws: independent by construction; no convergence to judge";
    }
    if (spec.inference == InferenceKind::Nuts && !result.convergence.judgeable())
        result.diagnosticsNote = "convergence cannot be judged: R-hat or ESS is not computable (fewer than 4 draws per chain, "
                                 "or draws that are not finite); draw more before trusting the posterior";
    if (int rejected = 0; !result.nutsRejectedMetrics.empty()) {
        for (int count : result.nutsRejectedMetrics) rejected += count;
        if (rejected > 0)
            result.diagnosticsNote += std::string(result.diagnosticsNote.empty() ? "" : "; ") + std::to_string(rejected) +
                                      " warmup metric estimate(s) not finite and positive were not used (the chains kept their previous metric)";
    }
}

RunResult extendRun(const RunResult& result, const RunSpec& spec, int moreDraws, InferenceObserver* observer) {
    if (result.nutsStates.empty()) throw std::invalid_argument("only a NUTS run can be extended by more draws");
    const auto start = Clock::now();
    if (observer) observer->onModel(*result.model);
    NutsRun run{result.posterior, result.nutsStates, result.nutsRejectedMetrics};  // copies: the extension grows these
    extendNuts(*result.model, run, moreDraws, spec.nuts, observer);

    RunResult extended;
    extended.data = result.data;
    extended.trainDesign = result.trainDesign;
    extended.validationDesign = result.validationDesign;
    extended.testDesign = result.testDesign;
    extended.model = result.model;  // shared, read-only
    extended.posterior = std::move(run.posterior);
    extended.nutsStates = std::move(run.states);
    extended.nutsRejectedMetrics = std::move(run.rejectedMetrics);
    extended.partial = extended.posterior.partial;
    extended.ending = endingOf(extended.partial, observer);
    extended.inferenceSeconds = result.inferenceSeconds + secondsSince(start);
    judgeRun(extended, spec);
    extended.totalSeconds = result.totalSeconds + secondsSince(start);
    return extended;
}

void warmStartFrom(const RunResult& fitted, RunSpec& spec) {
    if (spec.inference != InferenceKind::Nuts || fitted.nutsStates.empty() || !fitted.model || fitted.model->dim() == 0) return;
    Eigen::VectorXd metric = Eigen::VectorXd::Zero(fitted.model->dim());
    double stepSize = 0.0;
    for (const NutsChainState& state : fitted.nutsStates) {
        if (state.invMetric.size() != metric.size()) return;
        metric += state.invMetric;
        stepSize += state.stepSize;
    }
    const auto chains = static_cast<double>(fitted.nutsStates.size());
    metric /= chains;
    stepSize /= chains;
    if (!metric.allFinite() || !(metric.array() > 0.0).all() || !(stepSize > 0.0) || !std::isfinite(stepSize)) return;
    spec.nuts.initialInvMetric = metric;
    spec.nuts.initialStepSize = stepSize;
}

} // namespace genrelab

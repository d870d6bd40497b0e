#include "CliCommon.h"
#include "Commands.h"

#include "data/Csv.h"
#include "data/Prepare.h"
#include "data/Synth.h"
#include "eval/Loo.h"
#include "eval/PointwiseLogLik.h"
#include "eval/PriorReweighting.h"
#include "experiments/Experiment.h"
#include "models/ModelTraits.h"
#include "models/TitleTokens.h"
#include "perf/ReferenceKernels.h"
#include "run/RunPipeline.h"
#include "util/Json.h"
#include "util/Rng.h"
#include "util/Stats.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string_view>

namespace genrelab::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Median over repetitions of the mean time per call, in microseconds.
template <typename F>
double microseconds(F&& call, int callsPerRep, int reps = 5) {
    std::vector<double> times;
    for (int r = 0; r < reps; ++r) {
        const auto start = Clock::now();
        for (int i = 0; i < callsPerRep; ++i) call();
        times.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count() / callsPerRep);
    }
    return stats::median(times);
}

// Median over repetitions of the process's CPU time per call, in microseconds: on a machine
// shared with other jobs, wall-clock time measures the scheduler as much as the code.
template <typename F>
double cpuMicroseconds(F&& call, int callsPerRep, int reps = 5) {
    const auto cpuSeconds = [] {
        timespec t{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
    };
    std::vector<double> times;
    for (int r = 0; r < reps; ++r) {
        const double start = cpuSeconds();
        for (int i = 0; i < callsPerRep; ++i) call();
        times.push_back(1e6 * (cpuSeconds() - start) / callsPerRep);
    }
    return stats::median(times);
}

// The plain-Eigen yardsticks (perf/ReferenceKernels.h).
double referenceMicroseconds(const ModelData& data, int calls) {
    RegressionReference kernel(data);
    Eigen::MatrixXd beta = Eigen::MatrixXd::Constant(data.features(), data.classes, 0.01), grad;
    Eigen::VectorXd alpha = Eigen::VectorXd::Zero(data.classes), gradAlpha;
    volatile double sink = 0;
    return microseconds([&] { sink = sink + kernel.evaluate(beta, alpha, grad, gradAlpha); }, calls);
}

double mlpReferenceMicroseconds(const ModelData& data, int units, int calls) {
    MlpReference kernel(data);
    const MlpWeights weights = MlpWeights::random(data, units, 1);
    MlpWeights gradient;
    volatile double sink = 0;
    return microseconds([&] { sink = sink + kernel.evaluate(weights, gradient); }, calls);
}

double gradientMicroseconds(const ModelSpec& chosen, KernelPrecision precision, std::shared_ptr<const ModelData> data, int calls) {
    ModelSpec spec = chosen;
    spec.regression.precision = precision;
    const auto model = makeModel(spec, std::move(data));
    Rng rng(1);
    Eigen::VectorXd theta(model->dim()), grad;
    for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = 0.1 * rng.normal();
    volatile double sink = 0;
    return microseconds([&] { sink = sink + model->logProbGrad(theta, grad); }, calls);
}

// The training rows' artists and title tokens: from the prepared data when it holds them (an
// artist and a title column), else synthetic ones of the Kaggle file's shape: ~7,300 artists
// over 14,396 rows (skewed: a few with many tracks, most with one or two), every 25th row naming
// two, and ~12 of 4,000 tokens per title (frequent ones more often).
ModelGroups benchGroups(const PreparedData& prepared) {
    const auto rows = static_cast<std::size_t>(prepared.xTrain.rows());
    ModelGroups groups;
    if (prepared.groupsTrain.artists.rows() == rows && !prepared.artistVocabulary.empty() && prepared.groupsTrain.titles.size() == rows) {
        groups.artists = prepared.groupsTrain.artists;
        groups.artistNames = prepared.artistVocabulary;
        const TitleVocabulary vocabulary(prepared.groupsTrain.titles, ModelTerms{}.titleMinCount,
                                         static_cast<std::size_t>(ModelTerms{}.titleMaxTokens));
        groups.tokenNames = vocabulary.tokens();
        groups.tokens = vocabulary.encode(prepared.groupsTrain.titles);
        return groups;
    }
    Rng rng(7);
    const std::size_t artists = std::max<std::size_t>(2, rows * 7300 / 14396), tokens = 4000;
    for (std::size_t a = 0; a < artists; ++a) groups.artistNames.push_back("artist " + std::to_string(a + 1));
    for (std::size_t t = 0; t < tokens; ++t) groups.tokenNames.push_back("token " + std::to_string(t + 1));
    std::vector<std::int32_t> ids;
    for (std::size_t n = 0; n < rows; ++n) {
        const auto skewed = [&](std::size_t count, double power) {
            return static_cast<std::int32_t>(std::min<double>(static_cast<double>(count) - 1,
                                                              std::floor(static_cast<double>(count) * std::pow(rng.uniform(), power))));
        };
        // The first rows name every artist and token once, as a vocabulary learnt on the
        // training rows guarantees; the rest are skewed toward the first ids.
        ids = {n < artists ? static_cast<std::int32_t>(n) : skewed(artists, 2.0)};
        if (n % 25 == 0) ids.push_back((ids[0] + 1) % static_cast<std::int32_t>(artists));
        std::sort(ids.begin(), ids.end());
        groups.artists.appendRow(ids, std::vector<double>(ids.size(), 1.0 / static_cast<double>(ids.size())));
        ids.clear();
        for (int k = 0; k < 12; ++k) ids.push_back(skewed(tokens, 3.0));
        for (std::size_t t = n; t < tokens; t += rows) ids.push_back(static_cast<std::int32_t>(t));
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        groups.tokens.appendRow(ids, std::vector<double>(ids.size(), 1.0 / std::sqrt(static_cast<double>(ids.size()))));
    }
    return groups;
}

constexpr const char* kBenchArtistColumn = "Artist Name";
constexpr const char* kBenchTitleColumn = "Track Name";

// CPU microseconds per SVI step (one particle, Adam) on minibatches of `batch` rows.
double sviStepMicroseconds(const ModelSpec& spec, std::shared_ptr<const ModelData> data, std::size_t batch, std::size_t steps) {
    const auto model = makeModel(spec, std::move(data));
    SviOptions options;
    options.batchSize = batch;
    options.steps = steps;
    SviState state = initSvi(*model, options);
    options.steps = 20;  // warm the workspaces
    runSvi(*model, state, options);
    options.steps = steps;
    return cpuMicroseconds([&] { runSvi(*model, state, options); }, 1, 3) / static_cast<double>(steps);
}

double sviStepsPerSecond(const Table& table, std::optional<std::size_t> rows, std::size_t steps) {
    RunSpec spec;
    setModelByName(spec.model, "hier-studentt");
    spec.svi.steps = steps;
    spec.split.trainRows = rows;
    spec.guideDraws = 10;
    spec.predictiveDraws = 5;
    const RunResult r = runPipeline(table, spec);
    return static_cast<double>(steps) / r.inferenceSeconds;
}

// PSIS-LOO at the size of a full NUTS run (4 chains x 500 draws) over every training row: the
// draws of a short SVI fit, treated as 4 chains so that r_eff per row is part of the time.
// Milliseconds for the draws x rows log-likelihood and for LOO from it (median of 3).
std::pair<double, double> looMilliseconds(const Table& table, std::size_t draws, std::size_t steps) {
    RunSpec spec;
    setModelByName(spec.model, "hier-studentt");
    spec.svi.steps = steps;
    spec.guideDraws = draws;
    spec.predictiveDraws = 5;
    const RunResult r = runPipeline(table, spec);
    Eigen::MatrixXd logLik;
    const double logLikMs = microseconds([&] { logLik = pointwiseLogLikelihood(*r.model, r.posterior, r.trainDesign, r.data.yTrain); }, 1, 1) / 1000.0;
    volatile double sink = 0;
    const double looMs = microseconds([&] { sink = sink + looFromLogLikelihood(logLik, 4).elpd; }, 1, 3) / 1000.0;
    return {logLikMs, looMs};
}

// Milliseconds of one live re-weighting update as the Model section makes it (LiveReweighting,
// one thread): the model with the moved hyperparameter built, and the basis's draws re-weighted
// to it, elpd_loo, test accuracy and log predictive included; wall-clock and thread CPU time,
// each the median of 5 updates alternating tau (tau-artist with artist effects) between 0.1 and
// 10. The basis comes from a short SVI fit of hier-studentt with the app's 400 draws. Artist
// effects need the table's artist column.
struct ReweightTiming {
    double wallMs = 0, cpuMs = 0;
};
ReweightTiming reweightMilliseconds(const std::string& text, bool artists, std::size_t steps) {
    RunSpec spec;
    setModelByName(spec.model, "hier-studentt");
    spec.svi.steps = steps;
    spec.guideDraws = ReweightingOptions{}.maxDraws;
    spec.predictiveDraws = 50;
    if (artists) {
        spec.prep.groups.artistColumn = kBenchArtistColumn;
        spec.model.terms.artistEffects = true;
    }
    const Table table = parseTable(text, "bench.csv", tableOptionsOf(spec));
    const auto result = std::make_shared<const RunResult>(runPipeline(table, spec));
    const ReweightingBasis basis = makeReweightingBasis(*result->model, std::shared_ptr<const Posterior>(result, &result->posterior),
                                                        result->trainDesign, result->data.yTrain, result->testDesign, result->data.yTest);
    const auto threadCpuMs = [] {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return 1e3 * static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_nsec);
    };
    std::vector<double> wall, cpu;
    for (int k = 0; k < 5; ++k) {
        ModelSpec changed = spec.model;
        (artists ? changed.terms.tauArtist : changed.regression.tau) = k % 2 == 0 ? 0.1 : 10.0;
        const auto start = Clock::now();
        const double cpuStart = threadCpuMs();
        const ReweightedPosterior r = reweightPrior(basis, *makeModel(changed, result->model->modelData()));
        cpu.push_back(threadCpuMs() - cpuStart);
        wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        if (!std::isfinite(r.elpdLoo) || !std::isfinite(r.testAccuracy)) throw std::runtime_error("bench: the re-weighting gave no elpd_loo or accuracy");
    }
    return {stats::median(wall), stats::median(cpu)};
}

// Process CPU seconds so far, every thread's.
double processCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// A model's log density with the default LogDensity::logProbs, one logProbGrad per draw: what
// Pathfinder's ELBO draws cost without the batched kernel pass, for the comparison in one run.
class OneDrawAtATime : public LogDensity {
public:
    explicit OneDrawAtATime(std::unique_ptr<LogDensity> model) : model_(std::move(model)) {}
    Eigen::Index dim() const override { return model_->dim(); }
    const ParameterLayout& layout() const override { return model_->layout(); }
    double logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch) const override {
        return model_->logProbGrad(theta, grad, batch);
    }
    Eigen::MatrixXd classProbabilities(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const override {
        return model_->classProbabilities(theta, x);
    }
    Eigen::VectorXd samplePrior(Rng& rng) const override { return model_->samplePrior(rng); }
    std::unique_ptr<LogDensity> clone() const override { return std::make_unique<OneDrawAtATime>(model_->clone()); }
    Eigen::Index dataRows() const override { return model_->dataRows(); }

private:
    std::unique_ptr<LogDensity> model_;
};

// Pathfinder with the run's defaults (4 paths on every core) on hier-studentt over every training
// row of the study split: wall-clock and CPU milliseconds (on a shared machine the CPU time says
// what the work costs; the wall-clock time includes waiting for a core), and log density evaluations.
// oneDrawAtATime: the ELBO draws through logProbGrad one by one instead of the batched pass.
struct PathfinderTiming {
    double wallMs = 0, cpuMs = 0;
    std::size_t evaluations = 0;
};
PathfinderTiming pathfinderMilliseconds(const Table& table, bool quick, bool oneDrawAtATime = false) {
    const RunSpec defaults;
    ModelSpec model;
    setModelByName(model, "hier-studentt");
    const PreparedData prepared = prepareData(table, defaults.prep, defaults.split);
    std::unique_ptr<LogDensity> density = makeModel(model, trainingData(prepared));
    if (oneDrawAtATime) density = std::make_unique<OneDrawAtATime>(std::move(density));
    PathfinderOptions options = defaults.pathfinder;
    if (quick) options.maxIterations = 20;
    const double cpuStart = processCpuSeconds();
    const auto start = Clock::now();
    const PathfinderResult result = runPathfinder(*density, options);
    PathfinderTiming t;
    t.wallMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    t.cpuMs = 1000.0 * (processCpuSeconds() - cpuStart);
    t.evaluations = result.evaluations;
    return t;
}

// CPU microseconds per minibatch SVI step (1,024 rows) on a synthetic table of `rows` rows: the
// step must cost the same whatever the table's size (epoch shuffles amortize to O(batch)). CPU
// time, not wall-clock time: the step is single-threaded, and on a shared machine wall-clock
// time measures the scheduler.
double minibatchStepMicroseconds(std::size_t rows, std::size_t steps) {
    const Table table = parseTable(synthesizeMusicGenreCsv({rows, 1}), "bench.csv");
    const PreparedData prepared = prepareData(table, PrepOptions{}, SplitOptions{});
    ModelSpec model;
    setModelByName(model, "hier-studentt");
    const auto density = makeModel(model, trainingData(prepared));
    SviOptions options;
    options.steps = steps;
    options.batchSize = 1024;
    SviState state = initSvi(*density, options);
    timespec start{}, end{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
    const SviResult result = runSvi(*density, state, options);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &end);
    const double seconds = static_cast<double>(end.tv_sec - start.tv_sec) + 1e-9 * static_cast<double>(end.tv_nsec - start.tv_nsec);
    return 1e6 * seconds / static_cast<double>(std::max<std::size_t>(1, result.stepsRun));
}

} // namespace

int runBenchCommand(const QStringList& args) {
    QCommandLineParser p;
    p.addOptions({{"data", "The Kaggle training file (default: $GENRELAB_REAL_DATA, else a synthetic table of its size).", "FILE"},
                  {"json", "Print JSON."},
                  {"quick", "Small sizes and few repetitions (a smoke test, not a measurement)."},
                  {"preset", "Also time the experiments preset (study sizes, 5 seeds): minutes."},
                  {"scale", "Also time a minibatch SVI step (CPU time) on synthetic tables of 10,000, 100,000 and 1,000,000 rows (about 1 GB)."}});
    if (!parseOrExplain(p, args, "genrelab-cli bench: the speed figures of docs/BENCHMARKS.md, measured in one run."))
        return p.isSet("help") ? Ok : UsageFailure;
    return guarded([&]() -> int {
        std::string path = toStd(p.value("data"));
        if (path.empty() && qEnvironmentVariableIsSet("GENRELAB_REAL_DATA")) path = toStd(qEnvironmentVariable("GENRELAB_REAL_DATA"));
        const bool quick = p.isSet("quick");
        const bool real = !path.empty() && std::filesystem::exists(path);
        const std::string text = real ? readFileText(path) : synthesizeMusicGenreCsv({quick ? std::size_t{3000} : std::size_t{17996}, 1});
        std::fprintf(stderr, "bench: %s\n", real ? path.c_str() : "synthetic table (no real file given)");

        const double csvMs = microseconds([&] { (void)parseTable(text, "bench.csv"); }, 1, quick ? 1 : 5) / 1000.0;
        const Table table = parseTable(text, "bench.csv");
        const PreparedData prepared = prepareData(table, PrepOptions{}, SplitOptions{});
        // The group terms run on the file's own artists and titles when it has the Kaggle file's
        // columns (read as text, as `run` reads group columns); otherwise on synthetic ones.
        PrepOptions groupedPrep;
        groupedPrep.artifactFeatures = true;  // issue 12's full model reads them (its mlp baseline too)
        TableOptions groupColumns;
        for (const char* name : {kBenchArtistColumn, kBenchTitleColumn})
            if (table.indexOf(name)) groupColumns.textColumns.push_back(name);
        if (groupColumns.textColumns.size() == 2) {
            groupedPrep.groups.artistColumn = kBenchArtistColumn;
            groupedPrep.groups.titleColumn = kBenchTitleColumn;
        }
        const PreparedData groupedPrepared =
            groupedPrep.groups.artistColumn ? prepareData(parseTable(text, "bench.csv", groupColumns), groupedPrep, SplitOptions{}) : prepared;
        const auto full = trainingData(prepared);
        const Eigen::Index small = std::min<Eigen::Index>(1000, prepared.xTrain.rows());
        const auto thousand = makeModelData(prepared.xTrain.topRows(small), prepared.yTrain.head(small), prepared.classes());
        const int calls = quick ? 3 : 50;

        JsonWriter json;
        json.beginObject();
        json.field("data", real ? path : std::string("synthetic"));
        double load[1] = {0.0};
        if (getloadavg(load, 1) == 1) json.field("load_average_1min", load[0]);  // the machine's load as the run began
        else json.key("load_average_1min").null();
        json.field("train_rows", static_cast<std::size_t>(full->rows()));
        json.field("csv_load_ms", csvMs);
        std::fprintf(stderr, "bench: gradients\n");
        json.field("reference_us", referenceMicroseconds(*full, calls));
        json.field("reference_us_1000", referenceMicroseconds(*thousand, calls * 10));
        json.field("mlp_reference_us", mlpReferenceMicroseconds(*full, 32, calls / 5 + 1));
        json.field("mlp_reference_us_1000", mlpReferenceMicroseconds(*thousand, 32, calls * 2));
        // Models at their default arithmetic (the regression likelihood in float), then in double.
        const auto gradients = [&](const char* key, KernelPrecision precision, bool onFull, bool withMlp, const auto& extraFields) {
            json.key(key).beginObject();
            for (std::string_view name : modelNames()) {
                ModelSpec model;
                setModelByName(model, name);
                const bool network = traitsOf(model).hiddenUnits;  // ~5x a regression's cost per gradient
                if (network && !withMlp) continue;
                const int n = (onFull ? calls : calls * 10) / (network ? 5 : 1) + 1;
                json.field(name, gradientMicroseconds(model, precision, onFull ? full : thousand, n));
            }
            extraFields();
            json.endObject();
        };
        // The group terms' gradients, measured first so that gradient_us lists them beside the models.
        std::fprintf(stderr, "bench: group terms (artists, title tokens)\n");
        ModelGroups groups = benchGroups(groupedPrepared);
        const bool realGroups = groupedPrep.groups.artistColumn.has_value();
        const std::size_t groupArtists = groups.artistNames.size(), groupTokens = groups.tokenNames.size();
        const auto grouped = trainingData(groupedPrepared, {}, std::move(groups));
        struct Variant {
            const char* key;
            const char* model;
            bool artists, titles;
        };
        const Variant variants[] = {{"mlp", "mlp", false, false},
                                    {"mlp+artists", "mlp", true, false},
                                    {"mlp+titles", "mlp", false, true},
                                    {"mlp+artists+titles", "mlp", true, true},
                                    {"hier-studentt", "hier-studentt", false, false},
                                    {"hier-studentt+artists", "hier-studentt", true, false},
                                    {"hier-studentt+artists+titles", "hier-studentt", true, true}};
        const auto specOf = [](const Variant& v) {
            ModelSpec spec;
            setModelByName(spec, v.model);
            spec.terms.artistEffects = v.artists;
            spec.terms.titleTokens = v.titles;
            return spec;
        };
        std::vector<double> groupGradientUs;
        for (const Variant& v : variants) groupGradientUs.push_back(gradientMicroseconds(specOf(v), KernelPrecision::Float, grouped, calls / 5 + 1));

        gradients("gradient_us", KernelPrecision::Float, true, true, [&] {
            for (std::size_t k = 0; k < std::size(variants); ++k)
                if (variants[k].artists || variants[k].titles) json.field(variants[k].key, groupGradientUs[k]);
        });
        gradients("gradient_us_1000", KernelPrecision::Float, false, true, [] {});
        gradients("gradient_us_double", KernelPrecision::Double, true, false, [] {});
        gradients("gradient_us_1000_double", KernelPrecision::Double, false, false, [] {});
        {
            json.field("group_data", std::string(realGroups ? "the file's artists and titles" : "synthetic"));
            json.field("group_artists", groupArtists);
            json.field("group_tokens", groupTokens);
            json.key("gradient_us_groups").beginObject();
            for (std::size_t k = 0; k < std::size(variants); ++k) json.field(variants[k].key, groupGradientUs[k]);
            json.endObject();
            // The speed goal: an SVI step of mlp + artists + titles on 1,024 rows within 2x the numeric mlp's.
            const std::size_t batch = std::min<std::size_t>(1024, static_cast<std::size_t>(grouped->rows()));
            json.key("svi_step_us_1024").beginObject();
            double mlpStep = 0.0, fullStep = 0.0;
            for (const Variant& v : variants) {
                const double us = sviStepMicroseconds(specOf(v), grouped, batch, quick ? 20 : 300);
                if (std::string_view(v.key) == "mlp") mlpStep = us;
                if (std::string_view(v.key) == "mlp+artists+titles") fullStep = us;
                json.field(v.key, us);
            }
            json.endObject();
            json.field("svi_step_ratio_1024", fullStep / mlpStep);  // the goal: <= 2
        }
        std::fprintf(stderr, "bench: SVI\n");
        json.field("svi_steps_per_s", sviStepsPerSecond(table, std::nullopt, quick ? 20 : 1000));
        json.field("svi_steps_per_s_1000", sviStepsPerSecond(table, static_cast<std::size_t>(small), quick ? 50 : 3000));
        std::fprintf(stderr, "bench: PSIS-LOO (every training row x 2,000 draws)\n");
        const auto [logLikMs, looMs] = looMilliseconds(table, quick ? 200 : 2000, quick ? 20 : 300);
        json.field("loglik_ms", logLikMs);
        json.field("loo_ms", looMs);
        std::fprintf(stderr, "bench: live prior re-weighting (hier-studentt, 400 draws; with artist effects)\n");
        const ReweightTiming reweight = reweightMilliseconds(text, false, quick ? 20 : 1000);
        json.field("reweight_ms", reweight.wallMs);
        json.field("reweight_cpu_ms", reweight.cpuMs);
        if (table.indexOf(kBenchArtistColumn)) {
            const ReweightTiming withArtists = reweightMilliseconds(text, true, quick ? 20 : 500);
            json.field("reweight_artists_ms", withArtists.wallMs);
            json.field("reweight_artists_cpu_ms", withArtists.cpuMs);
        } else {
            json.key("reweight_artists_ms").null();
            json.key("reweight_artists_cpu_ms").null();
        }
        std::fprintf(stderr, "bench: Pathfinder (hier-studentt, every training row, 4 paths)\n");
        const PathfinderTiming pathfinder = pathfinderMilliseconds(table, quick);
        json.field("pathfinder_ms", pathfinder.wallMs);
        json.field("pathfinder_cpu_ms", pathfinder.cpuMs);
        json.field("pathfinder_evaluations", pathfinder.evaluations);
        const PathfinderTiming oneByOne = pathfinderMilliseconds(table, quick, true);
        json.field("pathfinder_one_draw_at_a_time_cpu_ms", oneByOne.cpuMs);
        std::fprintf(stderr, "bench: NUTS (4 chains, 500 warmup + 500 draws, 1,000 rows)\n");
        RunSpec nuts;
        setModelByName(nuts.model, "hier-studentt");
        nuts.inference = InferenceKind::Nuts;
        nuts.nuts.warmup = quick ? 30 : 500;
        nuts.nuts.samples = quick ? 30 : 500;
        nuts.nuts.maxTreeDepth = quick ? 4 : 10;
        nuts.split.trainRows = static_cast<std::size_t>(small);
        nuts.predictiveDraws = 10;
        const RunResult r = runPipeline(table, nuts);
        json.field("nuts_min_ess_per_s", r.convergence.essBulkMin / r.inferenceSeconds);
        json.field("nuts_seconds", r.inferenceSeconds);
        if (p.isSet("preset")) {
            std::fprintf(stderr, "bench: the experiments preset (study sizes, 5 seeds)\n");
            RunnerOptions options;
            const auto start = Clock::now();
            runExperiments(table, studyTable2(false), options);
            json.field("preset_seconds", std::chrono::duration<double>(Clock::now() - start).count());
        } else {
            json.key("preset_seconds").null();
        }
        if (p.isSet("scale")) {
            std::fprintf(stderr, "bench: minibatch SVI steps on 10,000 to 1,000,000 rows\n");
            json.key("svi_minibatch_step_us").beginObject();
            std::vector<double> perStep;
            for (std::size_t rows : {std::size_t{10'000}, std::size_t{100'000}, std::size_t{1'000'000}}) {
                // At least two epochs of the largest table (800,000 training rows, 782 batches of 1,024):
                // each epoch's shuffle is part of a step's cost.
                perStep.push_back(minibatchStepMicroseconds(rows, quick ? 2000 : 5000));
                json.field(std::to_string(rows), perStep.back());
            }
            json.endObject();
            json.field("svi_minibatch_step_ratio", perStep.back() / perStep.front());  // 1,000,000 rows against 10,000
        } else {
            json.key("svi_minibatch_step_us").null();
            json.key("svi_minibatch_step_ratio").null();
        }
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        json.field("peak_rss_mb", static_cast<double>(usage.ru_maxrss) / 1024.0);
        json.endObject();
        std::string out = json.str() + "\n";
        if (!p.isSet("json")) out = "(JSON is the only output format of bench)\n" + out;
        std::fwrite(out.data(), 1, out.size(), stdout);
        return Ok;
    });
}

} // namespace genrelab::cli

#include "CliCommon.h"
#include "Commands.h"

#include "data/Csv.h"
#include "data/Prepare.h"
#include "data/Synth.h"
#include "experiments/Experiment.h"
#include "models/ModelTraits.h"
#include "perf/ReferenceKernels.h"
#include "run/RunPipeline.h"
#include "util/Json.h"
#include "util/Rng.h"
#include "util/Stats.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>

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
        const auto full = trainingData(prepared);
        const Eigen::Index small = std::min<Eigen::Index>(1000, prepared.xTrain.rows());
        const auto thousand = makeModelData(prepared.xTrain.topRows(small), prepared.yTrain.head(small), prepared.classes());
        const int calls = quick ? 3 : 50;

        JsonWriter json;
        json.beginObject();
        json.field("data", real ? path : std::string("synthetic"));
        json.field("train_rows", static_cast<std::size_t>(full->rows()));
        json.field("csv_load_ms", csvMs);
        std::fprintf(stderr, "bench: gradients\n");
        json.field("reference_us", referenceMicroseconds(*full, calls));
        json.field("reference_us_1000", referenceMicroseconds(*thousand, calls * 10));
        json.field("mlp_reference_us", mlpReferenceMicroseconds(*full, 32, calls / 5 + 1));
        json.field("mlp_reference_us_1000", mlpReferenceMicroseconds(*thousand, 32, calls * 2));
        // Models at their default arithmetic (the regression likelihood in float), then in double.
        const auto gradients = [&](const char* key, KernelPrecision precision, bool onFull, bool withMlp) {
            json.key(key).beginObject();
            for (std::string_view name : modelNames()) {
                ModelSpec model;
                setModelByName(model, name);
                const bool network = traitsOf(model).hiddenUnits;  // ~5x a regression's cost per gradient
                if (network && !withMlp) continue;
                const int n = (onFull ? calls : calls * 10) / (network ? 5 : 1) + 1;
                json.field(name, gradientMicroseconds(model, precision, onFull ? full : thousand, n));
            }
            json.endObject();
        };
        gradients("gradient_us", KernelPrecision::Float, true, true);
        gradients("gradient_us_1000", KernelPrecision::Float, false, true);
        gradients("gradient_us_double", KernelPrecision::Double, true, false);
        gradients("gradient_us_1000_double", KernelPrecision::Double, false, false);
        std::fprintf(stderr, "bench: SVI\n");
        json.field("svi_steps_per_s", sviStepsPerSecond(table, std::nullopt, quick ? 20 : 1000));
        json.field("svi_steps_per_s_1000", sviStepsPerSecond(table, static_cast<std::size_t>(small), quick ? 50 : 3000));
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
            for (std::size_t rows : {std::size_t{10'000}, std::size_t{100'000}, std::size_t{1'000'000}})
                json.field(std::to_string(rows), minibatchStepMicroseconds(rows, quick ? 500 : 5000));
            json.endObject();
        } else {
            json.key("svi_minibatch_step_us").null();
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

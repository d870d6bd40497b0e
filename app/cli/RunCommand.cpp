#include "CliCommon.h"
#include "Commands.h"
#include "ProgressPrinter.h"

#include "data/ClassNames.h"
#include "data/DataError.h"
#include "data/UnitMix.h"
#include "export/StanCsv.h"
#include "run/RunPipeline.h"
#include "util/Format.h"
#include "util/Json.h"
#include "util/Stats.h"

#include <QFileInfo>

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace genrelab::cli {
namespace {

// Numbers from the command line, refused with a message naming the option.
double positiveNumber(const QCommandLineParser& p, const char* name) {
    bool ok = false;
    const double v = p.value(name).toDouble(&ok);
    if (!ok || !(v > 0.0) || !std::isfinite(v))
        throw std::invalid_argument(std::string("--") + name + " must be a positive number, not '" + toStd(p.value(name)) + "'");
    return v;
}

long wholeNumber(const QCommandLineParser& p, const char* name, long min) {
    bool ok = false;
    const long v = p.value(name).toLong(&ok);
    if (!ok || v < min)
        throw std::invalid_argument(std::string("--") + name + " must be a whole number of at least " + std::to_string(min) +
                                    ", not '" + toStd(p.value(name)) + "'");
    return v;
}

// One of two words (--precision float|double): true for the second, refused otherwise.
bool secondOfTwo(const QCommandLineParser& p, const char* name, const char* first, const char* second) {
    const QString v = p.value(name);
    if (v != first && v != second)
        throw std::invalid_argument(std::string("--") + name + " takes " + first + " or " + second + ", not '" + toStd(v) + "'");
    return v == second;
}

std::optional<std::size_t> countOrAll(const QCommandLineParser& p, const char* name) {
    if (p.value(name) == "all") return std::nullopt;
    return static_cast<std::size_t>(wholeNumber(p, name, 1));
}

RunSpec specFrom(const QCommandLineParser& p, const Table& table) {
    RunSpec spec;
    const std::string model = toStd(p.value("model"));
    if (model == "prior") {
        spec.inference = InferenceKind::Prior;
        spec.model.kind = modelKindFromName(toStd(p.value("prior-of")));
    } else {
        spec.model.kind = modelKindFromName(model);
        spec.inference = inferenceFromName(toStd(p.value("inference")));
        if (spec.inference == InferenceKind::Prior) spec.model.kind = modelKindFromName(model);
    }
    auto& r = spec.model.regression;
    r.alphaScale = positiveNumber(p, "alpha-scale");
    r.betaScale = positiveNumber(p, "beta-scale");
    r.nu = positiveNumber(p, "nu");
    r.tau = positiveNumber(p, "tau");
    r.lambda = positiveNumber(p, "lambda");
    r.muScale = positiveNumber(p, "mu-scale");
    r.nonCentered = !p.isSet("centered");
    if (p.isSet("partial-centering")) {
        bool ok = false;
        r.centering = p.value("partial-centering").toDouble(&ok);
        if (!ok || !(r.centering >= 0.0 && r.centering < 1.0))
            throw std::invalid_argument("--partial-centering takes a number in [0, 1), not '" + toStd(p.value("partial-centering")) + "'");
        if (!r.nonCentered) throw std::invalid_argument("--partial-centering and --centered exclude each other");
    }
    spec.nutsPilotSteps = static_cast<std::size_t>(wholeNumber(p, "nuts-pilot", 0));
    r.standardizedShift = p.isSet("shift-coordinates");
    if (r.standardizedShift && p.isSet("partial-centering"))
        throw std::invalid_argument("--shift-coordinates and --partial-centering exclude each other");
    r.precision = secondOfTwo(p, "precision", "float", "double") ? KernelPrecision::Double : KernelPrecision::Float;
    spec.model.mlp.precision = r.precision;
    spec.model.mlp.priorScale = positiveNumber(p, "prior-scale");
    spec.model.mlp.hidden.clear();
    for (const QString& units : p.value("hidden").split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int n = units.trimmed().toInt(&ok);
        if (!ok || n < 1) throw std::invalid_argument("--hidden takes layer sizes such as 32,16, not '" + toStd(p.value("hidden")) + "'");
        spec.model.mlp.hidden.push_back(n);
    }
    spec.model.mlp.activation = secondOfTwo(p, "activation", "tanh", "relu") ? Activation::Relu : Activation::Tanh;

    spec.svi.steps = static_cast<std::size_t>(wholeNumber(p, "steps", 1));
    spec.svi.learningRate = positiveNumber(p, "lr");
    spec.svi.particles = static_cast<int>(wholeNumber(p, "particles", 1));
    spec.svi.batchSize = static_cast<std::size_t>(wholeNumber(p, "batch", 0));
    spec.svi.convergenceTolerance = p.isSet("convergence-tol") ? positiveNumber(p, "convergence-tol") : 0.0;
    spec.svi.reduceOnPlateau = p.isSet("plateau");
    spec.svi.seed = static_cast<std::uint64_t>(wholeNumber(p, "seed", 0));
    spec.guideDraws = static_cast<std::size_t>(wholeNumber(p, "guide-draws", 10));
    spec.nuts.warmup = static_cast<int>(wholeNumber(p, "warmup", 0));
    spec.nuts.samples = static_cast<int>(wholeNumber(p, "samples", 1));
    spec.nuts.chains = static_cast<int>(wholeNumber(p, "chains", 1));
    spec.nuts.targetAccept = positiveNumber(p, "target-accept");
    spec.nuts.maxTreeDepth = static_cast<int>(wholeNumber(p, "max-treedepth", 1));
    spec.nuts.denseMetric = secondOfTwo(p, "metric", "diag", "dense");
    spec.nuts.seed = spec.svi.seed;
    spec.nuts.threads = static_cast<int>(wholeNumber(p, "threads", 0));

    spec.prep.imputation = imputationFromString(toStd(p.value("imputation")));
    if (p.isSet("fill")) {
        bool ok = false;
        spec.prep.constant = p.value("fill").toDouble(&ok);
        if (!ok || !std::isfinite(spec.prep.constant)) throw std::invalid_argument("--fill must be a finite number");
    }
    spec.prep.missingIndicators = p.isSet("missing-indicators");
    spec.prep.standardize = !p.isSet("no-standardize");
    for (const QString& name : p.value("exclude").split(',', Qt::SkipEmptyParts)) {
        if (!table.indexOf(name.trimmed().toStdString()))
            throw std::invalid_argument("--exclude names a column the file does not have: '" + toStd(name.trimmed()) + "'");
        spec.prep.exclude.push_back(toStd(name.trimmed()));
    }
    if (p.isSet("repair-units"))
        for (const auto c : table.featureColumns())
            if (auto mix = detectUnitMix(table.column(c))) spec.prep.unitRepairs.push_back(repairFor(*mix));
    spec.split.seed = static_cast<std::uint64_t>(wholeNumber(p, "split-seed", 0));
    spec.split.trainRows = countOrAll(p, "train-size");
    if (p.value("test-size") == "all") spec.split.testIsRest = true;
    else if (p.isSet("test-size")) spec.split.testRows = static_cast<std::size_t>(wholeNumber(p, "test-size", 0));
    return spec;
}

// A diagnostic that could not be computed (NaN) reads "n/a", never a number.
std::string fixedOrNa(double value, int decimals) { return std::isnan(value) ? "n/a" : fixed(value, decimals); }

std::string resultJson(const RunSpec& spec, const RunResult& r) {
    JsonWriter json;
    json.beginObject();
    json.field("model", modelKindName(spec.model.kind));
    json.field("inference", inferenceName(spec.inference));
    json.field("train_rows", static_cast<std::size_t>(r.data.xTrain.rows()));
    json.field("test_rows", static_cast<std::size_t>(r.data.xTest.rows()));
    json.field("features", static_cast<std::size_t>(r.data.xTrain.cols()));
    json.key("dropped_columns").beginArray();  // columns of the file that are not features, and why
    for (const DroppedColumn& d : r.data.droppedColumns)
        json.beginObject().field("name", d.name).field("reason", d.reason).field("detail", d.detail).endObject();
    json.endArray();
    json.field("train_accuracy", r.train.accuracy);
    json.field("test_accuracy", r.test.accuracy);
    json.field("test_log_predictive", r.test.logPredictive);
    json.field("test_ece", r.test.ece);
    json.field("test_brier", r.test.brier);
    json.field("test_macro_f1", r.test.macroF1);
    json.field("seconds", r.totalSeconds);
    json.field("inference_seconds", r.inferenceSeconds);
    json.field("partial", r.partial);
    json.field("draws", r.posterior.drawsPerChain() * r.posterior.chainCount());
    if (spec.inference == InferenceKind::Svi) {
        json.field("elbo_final", r.svi.elboFinal);
        json.field("steps", r.svi.stepsRun);
        json.field("skipped_steps", r.svi.skippedSteps);
        json.field("learning_rate_final", r.svi.learningRate);
        json.field("converged", r.svi.converged);
        json.field("pareto_k", r.paretoK);
    }
    if (spec.inference == InferenceKind::Nuts) {
        json.field("rhat_max", r.convergence.rhatMax);
        json.field("ess_bulk_min", r.convergence.essBulkMin);
        json.field("ess_tail_min", r.convergence.essTailMin);
        json.field("divergences", r.convergence.divergences);
        json.field("prediction_rhat_max", r.predictionDiagnostics.rhatMax);
        json.field("prediction_ess_bulk_min", r.predictionDiagnostics.essBulkMin);
    }
    json.field("diagnostics_note", r.diagnosticsNote);
    if (!r.testPredictive.drawAccuracy.empty()) {
        const std::vector<double>& acc = r.testPredictive.drawAccuracy;
        json.key("test_accuracy_per_draw").beginObject();
        json.field("mean", stats::mean(acc)).field("q5", stats::quantile(acc, 0.05));
        json.field("q95", stats::quantile(acc, 0.95));
        json.endObject();
    }
    if (r.predictedShares.mean.size() > 0) {  // for --model prior: the prior-predictive class distribution
        json.key("predicted_class_shares").beginArray();
        for (Eigen::Index c = 0; c < r.predictedShares.mean.size(); ++c)
            json.beginObject().field("class", r.data.classLabels[static_cast<std::size_t>(c)]).field("mean", r.predictedShares.mean[c])
                .field("q5", r.predictedShares.q5[c]).field("q95", r.predictedShares.q95[c]).endObject();
        json.endArray();
    }
    json.key("per_class").beginArray();
    for (std::size_t c = 0; c < r.test.perClass.size(); ++c) {
        const auto& k = r.test.perClass[c];
        json.beginObject().field("class", r.data.classLabels[c]).field("precision", k.precision).field("recall", k.recall);
        json.field("f1", k.f1).field("support", static_cast<std::int64_t>(k.support)).endObject();
    }
    json.endArray();
    json.key("confusion").beginArray();
    for (Eigen::Index i = 0; i < r.test.confusion.rows(); ++i) {
        json.beginArray();
        for (Eigen::Index j = 0; j < r.test.confusion.cols(); ++j) json.value(r.test.confusion(i, j));
        json.endArray();
    }
    json.endArray();
    json.endObject();
    return json.str() + "\n";
}

std::string resultText(const RunSpec& spec, const RunResult& r) {
    std::string out;
    out += std::string(modelKindName(spec.model.kind)) + " by " + std::string(inferenceName(spec.inference)) + " on " +
           grouped(r.data.xTrain.rows()) + " training rows, " + grouped(r.data.xTest.rows()) + " test rows" +
           (r.partial ? "  (PARTIAL: stopped early)" : "") + "\n";
    for (const DroppedColumn& d : r.data.droppedColumns)
        out += "  not a feature       " + d.name + " (" + d.reason + ": " + d.detail + ")\n";
    out += "  train accuracy      " + fixedOrNa(r.train.accuracy, 4) + "\n";
    const std::string noTest = r.data.xTest.rows() == 0 ? " (no test rows)" : "";
    out += "  test accuracy       " + fixedOrNa(r.test.accuracy, 4) + noTest + "\n";
    out += "  test macro F1       " + fixedOrNa(r.test.macroF1, 4) + noTest + "\n";
    out += "  test log predictive " + fixedOrNa(r.test.logPredictive, 4) + (noTest.empty() ? " nats per row" : noTest) + "\n";
    out += "  test Brier / ECE    " + fixedOrNa(r.test.brier, 4) + " / " + fixedOrNa(r.test.ece, 4) + noTest + "\n";
    if (spec.inference == InferenceKind::Svi)
        out += "  ELBO (last window)  " + fixed(r.svi.elboFinal, 2) + " after " + std::to_string(r.svi.stepsRun) + " steps" +
               (r.svi.converged ? " (converged)" : "") + "\n  Pareto k-hat        " + fixed(r.paretoK, 3) + "\n";
    if (spec.inference == InferenceKind::Svi && r.svi.skippedSteps > 0)
        out += "  skipped steps       " + std::to_string(r.svi.skippedSteps) +
               " (non-finite ELBO: each undid the update before it and halved the learning rate, to " +
               shortestDouble(r.svi.learningRate) + ")\n";
    if (spec.inference == InferenceKind::Nuts)
        out += "  max R-hat           " + fixedOrNa(r.convergence.rhatMax, 4) + "\n  min bulk / tail ESS " +
               fixedOrNa(r.convergence.essBulkMin, 0) + " / " + fixedOrNa(r.convergence.essTailMin, 0) + "\n  divergences         " +
               std::to_string(r.convergence.divergences) + "\n  prediction R-hat    " + fixedOrNa(r.predictionDiagnostics.rhatMax, 4) + "\n";
    out += "  " + r.diagnosticsNote + "\n";
    out += "  seconds             " + fixed(r.totalSeconds, 2) + " (inference " + fixed(r.inferenceSeconds, 2) + ")\n";
    return out;
}

void writeDraws(const std::string& path, const RunSpec& spec, const RunResult& r, const std::string& dataPath) {
    const std::vector<std::string> comments = {
        "genrelab-cli run", "model = " + std::string(modelKindName(spec.model.kind)),
        "method = " + std::string(inferenceName(spec.inference)), "data file = " + dataPath,
        "seed = " + std::to_string(spec.svi.seed), "num_warmup = " + std::to_string(spec.inference == InferenceKind::Nuts ? spec.nuts.warmup : 0)};
    const std::size_t chains = r.posterior.chainCount();
    const QFileInfo info(QString::fromStdString(path));
    for (std::size_t c = 0; c < chains; ++c) {
        std::string file = path;
        if (chains > 1)  // one file per chain, as CmdStan writes output_1.csv, output_2.csv, ...
            file = toStd(info.path() + "/" + info.completeBaseName() + "_" + QString::number(c + 1) + "." +
                         (info.suffix().isEmpty() ? QString("csv") : info.suffix()));
        const NutsChainState* state = r.nutsRun ? &r.nutsRun->states[c] : nullptr;
        writeFileAtomically(file, stanCsv(r.posterior, c, *r.model, comments, state));
    }
}

} // namespace

int runRun(const QStringList& args) {
    QCommandLineParser p;
    p.addOptions({
        {"data", "CSV file with features and the class column.", "FILE"},
        {"target", "Name of the class column (default: Class).", "NAME"},
        {"classes", "CSV mapping class labels to names.", "FILE"},
        {"model", "flat, hier-studentt, hier-normal, ard, mlp, or prior (ancestral sampling).", "NAME", "hier-studentt"},
        {"prior-of", "With --model prior: whose prior to sample (default flat).", "NAME", "flat"},
        {"inference", "svi or nuts.", "NAME", "svi"},
        {"train-size", "Training rows: a count or 'all' (what the test rows leave).", "N|all", "all"},
        {"test-size", "Test rows: a count, or 'all' for every row not used for training (default: 20%).", "N|all"},
        {"split-seed", "Seed of the stratified split.", "S", "1"},
        {"seed", "Seed of the inference.", "S", "1"},
        {"steps", "SVI steps.", "N", "5000"},
        {"lr", "SVI (Adam) learning rate.", "X", "0.01"},
        {"batch", "SVI minibatch size (0: full batch).", "B", "0"},
        {"particles", "SVI particles per step.", "K", "1"},
        {"convergence-tol", "Stop SVI when windowed ELBO means change by less than this fraction.", "X"},
        {"plateau", "Halve the SVI learning rate when the ELBO stops improving."},
        {"guide-draws", "Draws taken from the fitted SVI guide.", "N", "1000"},
        {"warmup", "NUTS warmup iterations per chain.", "N", "1000"},
        {"samples", "NUTS draws per chain (prior draws for --model prior).", "N", "1000"},
        {"chains", "NUTS chains.", "K", "4"},
        {"threads", "Threads for the chains (0: one per core).", "T", "0"},
        {"target-accept", "NUTS target acceptance statistic.", "X", "0.8"},
        {"max-treedepth", "NUTS maximum tree depth.", "N", "10"},
        {"metric", "NUTS metric: diag (Stan's default diag_e) or dense (dense_e).", "M", "diag"},
        {"centered", "Hierarchical models in centered form (default: non-centered)."},
        {"partial-centering", "Hierarchical models partially centered, 0 (non-centered) to <1 (default 0).", "X"},
        {"nuts-pilot", "SVI steps fitted before NUTS to start its metric from (0: identity).", "N", "0"},
        {"shift-coordinates", "Regression models centered, in shift coordinates: contrasts and the standardized "
                              "shift the softmax cannot see (the same model; fastest NUTS on many rows)."},
        {"precision", "Arithmetic of the likelihood: float (fast) or double.", "P", "float"},
        {"alpha-scale", "Prior sd of the intercepts.", "X", "5"},
        {"beta-scale", "Prior sd of the coefficients (flat).", "X", "5"},
        {"nu", "StudentT degrees of freedom of mu_beta.", "X", "4"},
        {"mu-scale", "StudentT scale of mu_beta.", "X", "1"},
        {"tau", "HalfCauchy scale of sigma_beta.", "X", "1"},
        {"lambda", "Normal scale of mu_beta (hier-normal).", "X", "1"},
        {"hidden", "MLP hidden layer sizes.", "32,16", "32"},
        {"activation", "MLP activation: tanh or relu.", "NAME", "tanh"},
        {"prior-scale", "MLP weight prior sd.", "X", "1"},
        {"imputation", "mean, median, constant or drop.", "NAME", "mean"},
        {"fill", "The constant for --imputation constant.", "X"},
        {"missing-indicators", "Add a 0/1 feature per column with missing cells."},
        {"exclude", "Numeric columns to leave out of the features, comma-separated.", "A,B"},
        {"no-standardize", "Keep features in their units (default: standardize with training statistics)."},
        {"repair-units", "Convert unit-mixed columns (minutes among milliseconds) to one unit."},
        {"json", "Print the result as JSON."},
        {"draws-out", "Write the draws in Stan's CSV format (one file per chain: FILE_1.csv, ...).", "FILE"},
        {"quiet", "No progress on stderr."},
    });
    if (!parseOrExplain(p, args, "genrelab-cli run: fit a model and report predictive quality and diagnostics."))
        return p.isSet("help") ? Ok : UsageFailure;
    if (!p.isSet("data")) return usageError("run needs --data FILE");
    const std::string path = toStd(p.value("data"));
    return guarded([&]() -> int {
        TableOptions tableOptions;
        if (p.isSet("target")) tableOptions.target = toStd(p.value("target"));
        const Table table = readTable(path, tableOptions);
        RunSpec spec = specFrom(p, table);
        if (p.isSet("draws-out")) prepareOutputFile(p.value("draws-out"));
        ClassNames names;
        if (p.isSet("classes")) names = readClassNames(toStd(p.value("classes")));
        else if (auto found = findClassNamesFor(path)) names = readClassNames(*found);
        spec.classNames = names.namesOf(table.classLabels());
        ProgressPrinter progress(!p.isSet("quiet"));
        const RunResult result = runPipeline(table, spec, &progress);
        progress.finish();
        const std::string out = p.isSet("json") ? resultJson(spec, result) : resultText(spec, result);
        std::fwrite(out.data(), 1, out.size(), stdout);  // before the draws: a failed write loses nothing
        std::fflush(stdout);
        if (p.isSet("draws-out")) writeDraws(toStd(p.value("draws-out")), spec, result, path);
        return Ok;
    });
}

} // namespace genrelab::cli

#include "CliCommon.h"
#include "Commands.h"
#include "LooReport.h"
#include "SensitivityReport.h"
#include "SpecFile.h"
#include "ProgressPrinter.h"

#include "data/ClassNames.h"
#include "eval/PointwiseLogLik.h"
#include "export/RunBundle.h"
#include "export/StanCsvFiles.h"
#include "run/RunPipeline.h"
#include "run/RunSpec.h"
#include "run/RunSpecJson.h"
#include "util/Format.h"
#include "util/Json.h"
#include "util/Stats.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSysInfo>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace genrelab::cli {
namespace {

// The spec-setting options in the order given, as specFromArguments reads them.
std::vector<std::string> specArguments(const QCommandLineParser& p) {
    std::vector<std::string> args;
    std::map<QString, int> seen;
    for (const QString& name : p.optionNames()) {
        const auto option = std::find_if(runSpecOptions().begin(), runSpecOptions().end(),
                                         [&](const RunOption& o) { return QString::fromStdString(o.name) == name; });
        if (option == runSpecOptions().end()) continue;
        args.push_back("--" + option->name);
        if (!option->valueName.empty()) args.push_back(toStd(p.values(name).value(seen[name]++)));
    }
    return args;
}

// A diagnostic that could not be computed (NaN) reads "n/a", never a number.
std::string fixedOrNa(double value, int decimals) { return std::isnan(value) ? "n/a" : fixed(value, decimals); }

// The draws behind a split's metrics (judgeRun: fewer for the training set; none without rows).
std::size_t metricDraws(const RunSpec& spec, const RunResult& r, Eigen::Index rows, bool training) {
    const std::size_t draws = rows == 0 ? 0 : std::min(r.posterior.drawsPerChain() * r.posterior.chainCount(), spec.predictiveDraws);
    return training ? std::min(draws, kTrainingMetricDraws) : draws;
}

// Pathfinder's paths: iterations, the kept iterate, its ELBO (null where none was finite), log
// density evaluations.
void pathfinderJson(JsonWriter& json, const std::vector<PathfinderPath>& paths) {
    json.key("pathfinder").beginObject();
    std::size_t evaluations = 0;
    for (const auto& p : paths) evaluations += p.evaluations;
    json.field("evaluations", evaluations);
    json.key("paths").beginArray();
    for (const auto& p : paths) {
        json.beginObject();
        json.field("iterations", p.iterations).field("best_iteration", p.bestIteration).field("best_elbo", p.bestElbo);
        json.field("converged", p.converged).field("evaluations", p.evaluations);
        json.endObject();
    }
    json.endArray();
    json.endObject();
}

std::string pathfinderText(const std::vector<PathfinderPath>& paths) {
    std::string out;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        const auto& p = paths[i];
        out += "  Pathfinder path " + std::to_string(i + 1) + "   ELBO " + fixedOrNa(std::isfinite(p.bestElbo) ? p.bestElbo : std::numeric_limits<double>::quiet_NaN(), 2) +
               " at iteration " + std::to_string(p.bestIteration) + " of " + std::to_string(p.iterations) +
               (p.converged ? " (converged)" : "") + ", " + std::to_string(p.evaluations) + " evaluations\n";
    }
    return out;
}

// Every split's predictive metrics and reliability diagram, one object per split; NaN (an
// empty split, an empty bin) is null.
void evaluationJson(JsonWriter& json, const RunSpec& spec, const RunResult& r) {
    json.field("top2_accuracy", r.test.top2Accuracy);  // of the test set, beside test_accuracy
    json.key("evaluation").beginObject();
    json.field("calibration_binning", std::to_string(kCalibrationBins) + " equal-width bins of the top-class probability");
    const struct { const char* name; const PredictiveMetrics& m; Eigen::Index rows; bool training; } splits[] = {
        {"train", r.train, r.data.xTrain.rows(), true},
        {"validation", r.validation, r.data.xValidation.rows(), false},
        {"test", r.test, r.data.xTest.rows(), false}};
    for (const auto& split : splits) {
        json.key(split.name).beginObject();
        json.field("rows", static_cast<std::size_t>(split.rows)).field("draws", metricDraws(spec, r, split.rows, split.training));
        json.field("accuracy", split.m.accuracy).field("top2_accuracy", split.m.top2Accuracy);
        json.field("log_predictive", split.m.logPredictive).field("macro_f1", split.m.macroF1);
        json.field("ece", split.m.ece).field("brier", split.m.brier);
        json.key("reliability").beginArray();
        for (const ReliabilityBin& bin : split.m.reliability)
            json.beginObject().field("lower", bin.lower).field("upper", bin.upper).field("count", static_cast<std::int64_t>(bin.count))
                .field("mean_confidence", bin.meanConfidence).field("accuracy", bin.accuracy).endObject();
        json.endArray();
        json.endObject();
    }
    json.endObject();
}

// The same in text: a line per split, then the test set's non-empty bins.
std::string evaluationText(const RunSpec& spec, const RunResult& r) {
    auto cell = [](const std::string& text, std::size_t width) { return std::string(width > text.size() ? width - text.size() : 0, ' ') + text; };
    std::string out = "  split     " + cell("rows", 9) + cell("draws", 7) + cell("accuracy", 10) + cell("top-2", 8) + cell("log pred", 10) +
                      cell("macro F1", 10) + cell("ECE", 8) + "\n";
    const struct { const char* name; const PredictiveMetrics& m; Eigen::Index rows; bool training; } splits[] = {
        {"train     ", r.train, r.data.xTrain.rows(), true},
        {"validation", r.validation, r.data.xValidation.rows(), false},
        {"test      ", r.test, r.data.xTest.rows(), false}};
    for (const auto& split : splits) {
        if (split.rows == 0 && std::string(split.name).starts_with("validation")) continue;
        out += "  " + std::string(split.name) + cell(grouped(split.rows), 9) + cell(std::to_string(metricDraws(spec, r, split.rows, split.training)), 7) +
               cell(fixedOrNa(split.m.accuracy, 4), 10) + cell(fixedOrNa(split.m.top2Accuracy, 4), 8) +
               cell(fixedOrNa(split.m.logPredictive, 4), 10) + cell(fixedOrNa(split.m.macroF1, 4), 10) + cell(fixedOrNa(split.m.ece, 4), 8) + "\n";
    }
    if (r.data.xTest.rows() == 0) return out;
    out += "  test reliability (" + std::to_string(kCalibrationBins) +
           " equal-width bins of the top-class probability; empty bins left out)\n    confidence bin" + cell("rows", 6) +
           cell("mean confidence", 17) + cell("accuracy", 10) + "\n";
    for (const ReliabilityBin& bin : r.test.reliability)
        if (bin.count > 0)
            out += "    " + fixed(bin.lower, 3) + "-" + fixed(bin.upper, 3) + cell(grouped(bin.count), 9) + cell(fixed(bin.meanConfidence, 4), 17) +
                   cell(fixed(bin.accuracy, 4), 10) + "\n";
    return out;
}

// The group terms a run's model has, by their option names without dashes.
std::vector<std::string> termNames(const ModelTerms& terms) {
    std::vector<std::string> names;
    if (terms.artistEffects) names.emplace_back("artist-effects");
    if (terms.titleTokens) names.emplace_back("title-tokens");
    if (terms.songCopies) names.emplace_back("song-copies");
    if (terms.artistSongs) names.emplace_back("artist-songs");
    return names;
}

// Test rows whose song has a copy among the training rows: the rows the song-copy term reads.
std::size_t testRowsWithSongCopies(const RunResult& r) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < r.testDesign.songCopies.rows(); ++i) n += r.testDesign.songCopies.idsOf(i).empty() ? 0 : 1;
    return n;
}

std::string resultJson(const RunSpec& spec, const RunResult& r) {
    JsonWriter json;
    json.beginObject();
    json.field("model", modelName(spec.model));
    json.key("terms").beginArray();
    for (const auto& name : termNames(spec.model.terms)) json.value(name);
    json.endArray();
    if (spec.model.terms.songCopies) json.field("test_rows_with_song_copies", testRowsWithSongCopies(r));
    json.field("inference", inferenceName(spec.inference));
    json.field("train_rows", static_cast<std::size_t>(r.data.xTrain.rows()));
    json.field("test_rows", static_cast<std::size_t>(r.data.xTest.rows()));
    json.field("features", static_cast<std::size_t>(r.data.xTrain.cols()));
    // The data's grouping: split kind, duplicate policy, overlap of test rows with training.
    json.field("split", splitKindName(r.data.splitKind));
    json.field("duplicates", duplicatePolicyName(r.data.duplicates));
    json.field("duplicate_rows_dropped", r.data.duplicateRowsDropped);
    if (spec.prep.suspiciousAsMissing) {
        json.key("suspicious_as_missing").beginObject().field("cells", r.data.suspiciousMarked);
        json.key("values").beginArray();
        for (const SuspiciousValue& s : r.data.suspiciousValues)
            json.beginObject().field("column", s.column).field("kind", s.kind).field("value", s.value).field("rows", s.rows.size()).endObject();
        json.endArray().endObject();
    }
    if (r.data.overlap) {
        const auto& o = *r.data.overlap;
        const double share = o.testRows ? static_cast<double>(o.testRowsSeenArtist) / static_cast<double>(o.testRows)
                                        : std::numeric_limits<double>::quiet_NaN();
        json.key("test_rows_seen_artist").beginObject().field("count", o.testRowsSeenArtist).field("share", share).endObject();
        if (spec.prep.groups.titleColumn) {
            const double songShare = o.testRows ? static_cast<double>(o.testRowsSeenSong) / static_cast<double>(o.testRows)
                                                : std::numeric_limits<double>::quiet_NaN();
            json.key("test_rows_seen_song").beginObject().field("count", o.testRowsSeenSong).field("share", songShare).endObject();
        }
    }
    json.key("split_notes").beginArray();
    for (const auto& note : r.data.splitNotes) json.value(note);
    json.endArray();
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
    evaluationJson(json, spec, r);
    json.field("seconds", r.totalSeconds);
    json.field("inference_seconds", r.inferenceSeconds);
    json.field("partial", r.partial);
    json.field("stop_reason", std::string(stopReasonName(r.ending.reason)));
    if (r.ending.reason == StopReason::Converged)
        json.field("converged_at_draws_per_chain", static_cast<std::int64_t>(r.ending.convergedAtDrawsPerChain));
    json.field("draws", r.posterior.drawsPerChain() * r.posterior.chainCount());
    if (spec.inference == InferenceKind::Svi) {
        json.field("elbo_final", r.svi.elboFinal);
        json.field("steps", r.svi.stepsRun);
        json.field("skipped_steps", r.svi.skippedSteps);
        json.field("learning_rate_final", r.svi.learningRate);
        json.field("converged", r.svi.converged);
        json.field("pareto_k", r.paretoK);
    }
    if (spec.inference == InferenceKind::Pathfinder) {
        json.field("pareto_k", r.paretoK);
        pathfinderJson(json, r.pathfinderPaths);
    }
    if (spec.inference == InferenceKind::Nuts) {
        if (spec.nutsInit == NutsInit::Pathfinder) pathfinderJson(json, r.pathfinderPaths);
        json.field("rhat_max", r.convergence.rhatMax);
        json.field("ess_bulk_min", r.convergence.essBulkMin);
        json.field("ess_tail_min", r.convergence.essTailMin);
        json.field("divergences", r.convergence.divergences);
        json.field("prediction_rhat_max", r.predictionDiagnostics.rhatMax);
        json.field("prediction_ess_bulk_min", r.predictionDiagnostics.essBulkMin);
    }
    json.field("diagnostics_note", r.diagnosticsNote);
    writeLooJson(json, r.loo);
    if (r.powerScaling) writePowerScalingJson(json, *r.powerScaling, spec.sensitivity.priors);
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

// How the run ended, after its heading: nothing for a run that drew what it planned.
std::string endingText(const RunEnding& ending) {
    switch (ending.reason) {
    case StopReason::Completed: return "";
    case StopReason::Converged: return "  (stopped when converged at " + std::to_string(ending.convergedAtDrawsPerChain) + " draws per chain)";
    case StopReason::Cancelled: return "  (PARTIAL: cancelled; these numbers use what was computed)";
    }
    return "";
}

std::string resultText(const RunSpec& spec, const RunResult& r) {
    std::string out;
    out += std::string(modelName(spec.model)) + " by " + std::string(inferenceName(spec.inference)) + " on " +
           grouped(r.data.xTrain.rows()) + " training rows, " + grouped(r.data.xTest.rows()) + " test rows" +
           endingText(r.ending) + "\n";
    for (const DroppedColumn& d : r.data.droppedColumns)
        out += "  not a feature       " + d.name + " (" + d.reason + ": " + d.detail + ")\n";
    if (spec.model.terms.any()) {
        std::string terms;
        for (const auto& name : termNames(spec.model.terms)) terms += (terms.empty() ? "" : ", ") + name;
        out += "  group terms         " + terms + "\n";
    }
    if (spec.model.terms.songCopies)
        out += "  test rows with song copies in training  " + grouped(static_cast<std::int64_t>(testRowsWithSongCopies(r))) + "\n";
    out += "  split               " + std::string(splitKindName(r.data.splitKind)) + ", duplicates " +
           std::string(duplicatePolicyName(r.data.duplicates)) +
           (r.data.duplicateRowsDropped ? " (" + grouped(static_cast<std::int64_t>(r.data.duplicateRowsDropped)) + " repeated rows left out)" : "") + "\n";
    if (spec.prep.suspiciousAsMissing) out += "  suspicious values   " + describeSuspiciousMarked(r.data) + "\n";
    if (r.data.overlap) {
        const auto& o = *r.data.overlap;
        const auto shareText = [&](std::size_t n) {
            return grouped(static_cast<std::int64_t>(n)) + " (" +
                   (o.testRows ? percent(static_cast<double>(n) / static_cast<double>(o.testRows)) : std::string("n/a")) + ")";
        };
        out += "  test rows, artist seen in training  " + shareText(o.testRowsSeenArtist) + "\n";
        if (spec.prep.groups.titleColumn) out += "  test rows, song seen in training    " + shareText(o.testRowsSeenSong) + "\n";
    }
    for (const auto& note : r.data.splitNotes) out += "  split note          " + note + "\n";
    out += "  train accuracy      " + fixedOrNa(r.train.accuracy, 4) + "\n";
    const std::string noTest = r.data.xTest.rows() == 0 ? " (no test rows)" : "";
    out += "  test accuracy       " + fixedOrNa(r.test.accuracy, 4) + noTest + "\n";
    out += "  test macro F1       " + fixedOrNa(r.test.macroF1, 4) + noTest + "\n";
    out += "  test log predictive " + fixedOrNa(r.test.logPredictive, 4) + (noTest.empty() ? " nats per row" : noTest) + "\n";
    out += "  test Brier / ECE    " + fixedOrNa(r.test.brier, 4) + " / " + fixedOrNa(r.test.ece, 4) + noTest + "\n";
    out += evaluationText(spec, r);
    if (spec.inference == InferenceKind::Svi)
        out += "  ELBO (last window)  " + fixed(r.svi.elboFinal, 2) + " after " + std::to_string(r.svi.stepsRun) + " steps" +
               (r.svi.converged ? " (converged)" : "") + "\n  Pareto k-hat        " + fixedOrNa(r.paretoK, 3) + "\n";
    if (spec.inference == InferenceKind::Svi && r.svi.skippedSteps > 0)
        out += "  skipped steps       " + std::to_string(r.svi.skippedSteps) +
               " (non-finite ELBO: each undid the update before it and halved the learning rate, to " +
               shortestDouble(r.svi.learningRate) + ")\n";
    if (spec.inference == InferenceKind::Pathfinder || (spec.inference == InferenceKind::Nuts && spec.nutsInit == NutsInit::Pathfinder))
        out += pathfinderText(r.pathfinderPaths);
    if (spec.inference == InferenceKind::Pathfinder) out += "  Pareto k-hat        " + fixedOrNa(r.paretoK, 3) + " (PSIS resampling of the paths' draws)\n";
    if (spec.inference == InferenceKind::Nuts)
        out += "  max R-hat           " + fixedOrNa(r.convergence.rhatMax, 4) + "\n  min bulk / tail ESS " +
               fixedOrNa(r.convergence.essBulkMin, 0) + " / " + fixedOrNa(r.convergence.essTailMin, 0) + "\n  divergences         " +
               std::to_string(r.convergence.divergences) + "\n  prediction R-hat    " + fixedOrNa(r.predictionDiagnostics.rhatMax, 4) + "\n";
    out += looText(r.loo);
    if (r.powerScaling) out += powerScalingText(*r.powerScaling, spec.sensitivity.priors);
    out += "  " + r.diagnosticsNote + "\n";
    out += "  seconds             " + fixed(r.totalSeconds, 2) + " (inference " + fixed(r.inferenceSeconds, 2) + ")\n";
    return out;
}

// The draws, one file per chain, and the spec when given: one output set in the draws' folder
// (export/StanCsvFiles.h).
void writeDraws(const std::string& path, const RunSpec& spec, const RunResult& r, const std::string& dataPath,
                const std::optional<FileContent>& specFile) {
    std::vector<FileContent> alsoWrite;
    if (specFile) alsoWrite.push_back(*specFile);
    std::vector<std::string> command;
    for (const QString& word : QCoreApplication::arguments()) command.push_back(toStd(word));
    for (const std::string& stale : writeStanCsvDraws(path, spec, r, dataPath, alsoWrite, command))
        std::fprintf(stderr, "removed %s: a draws file of an earlier run with more chains\n", stale.c_str());
}

// SHA-256 of a file's bytes, hex; empty when it cannot be read (then `sha256sum -c` says so).
std::string fileSha256(const std::string& path) {
    QFile file(QString::fromStdString(path));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file)) return {};
    return hash.result().toHex().toStdString();
}

// The bundle the app writes, without its plots and session (they need the window).
void writeRunBundle(const std::string& folder, const RunSpec& spec, const std::vector<int>& extensions, const RunResult& result,
                    const Table& table, const QStringList& args) {
    RunBundle bundle;
    bundle.spec = spec;
    bundle.spec.dataPath = toStd(QFileInfo(QString::fromStdString(*spec.dataPath)).absoluteFilePath());
    if (spec.classNamesPath) bundle.spec.classNamesPath = toStd(QFileInfo(QString::fromStdString(*spec.classNamesPath)).absoluteFilePath());
    bundle.extensions = extensions;
    bundle.dataSha256 = fileSha256(*bundle.spec.dataPath);
    bundle.programFolder = toStd(QCoreApplication::applicationDirPath());
    bundle.versions = "genrelab-cli " GENRELAB_VERSION "\nQt " + std::string(qVersion()) + "\nEigen " + std::to_string(EIGEN_WORLD_VERSION) + "." +
                      std::to_string(EIGEN_MAJOR_VERSION) + "." + std::to_string(EIGEN_MINOR_VERSION) + "\n" +
                      toStd(QSysInfo::prettyProductName()) + "\nwritten " + toStd(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)) + "\n";
    std::vector<std::string> command{"genrelab-cli", "run"};
    for (const QString& a : args) command.push_back(toStd(a));
    writeBundleFiles(folder, bundleFiles(bundle, result, trackLabelsOf(table)), command);
}

} // namespace

int runRun(const QStringList& args) {
    QCommandLineParser p;
    for (const RunOption& o : runSpecOptions())
        p.addOption(QCommandLineOption(QString::fromStdString(o.name), QString::fromStdString(o.help), QString::fromStdString(o.valueName)));
    p.addOptions({
        {"spec", "Run the spec in this JSON file (see --write-spec); options given override its values.", "FILE"},
        {"write-spec", "Write this run's full spec as JSON, for --spec.", "FILE"},
        {"json", "Print the result as JSON."},
        {"draws-out", "Write the draws in Stan's CSV format (one file per chain: FILE_1.csv, ...), with FILE's manifest (FILE.manifest.json).", "FILE"},
        {"loglik-out", "Write the pointwise log-likelihood (draws x training rows, CSV with a chain column) for R's loo and other tools.", "FILE"},
        {"extend", "After the run, draw N more per NUTS chain from where the chains stopped (as the app's Extend); "
                   "repeat for several extensions.", "N"},
        {"bundle", "Write the reproducibility bundle into DIR: spec, data hash, tables and rerun.sh (which reruns "
                   "every step into DIR/rerun and compares the tables).", "DIR"},
        {"quiet", "No progress on stderr."},
    });
    if (!parseOrExplain(p, args, "genrelab-cli run: fit a model and report predictive quality and diagnostics."))
        return p.isSet("help") ? Ok : UsageFailure;
    return guarded([&]() -> int {
        const RunSpec base = p.isSet("spec") ? readSpecFile(toStd(p.value("spec"))) : RunSpec{};
        const RunSpec spec = specFromArguments(specArguments(p), base);
        if (!spec.dataPath) return usageError("run needs --data FILE (or a --spec naming its data)");
        const std::string& path = *spec.dataPath;
        const Table table = readDataTable(path, tableOptionsOf(spec));
        for (const auto& name : spec.prep.exclude)
            if (!table.indexOf(name)) throw std::invalid_argument("--exclude names a column the file does not have: '" + name + "'");
        if (p.isSet("draws-out")) prepareOutputFile(p.value("draws-out"));
        if (p.isSet("write-spec")) prepareOutputFile(p.value("write-spec"));
        if (p.isSet("loglik-out")) prepareOutputFile(p.value("loglik-out"));
        std::vector<int> extensions;
        for (const QString& value : p.values("extend")) {
            bool ok = false;
            const int more = value.toInt(&ok);
            if (!ok || more < 1 || more > 1000000) return usageError("--extend takes a number of draws from 1 to 1000000, not '" + value + "'");
            extensions.push_back(more);
        }
        if (!extensions.empty() && spec.inference != InferenceKind::Nuts) return usageError("--extend adds NUTS draws: it needs --inference nuts");
        RunSpec resolved = spec;  // with the display names, which the written spec leaves to the files
        if (resolved.classNames.empty()) {
            ClassNames names;
            if (spec.classNamesPath) names = readClassNames(*spec.classNamesPath);
            else if (auto found = findClassNamesFor(path)) names = readClassNames(*found);
            resolved.classNames = names.namesOf(table.classLabels());
        }
        ProgressPrinter progress(!p.isSet("quiet"));
        RunResult result = runPipeline(table, resolved, &progress);
        for (int more : extensions) result = extendRun(result, resolved, more, &progress);
        progress.finish();
        const std::string out = p.isSet("json") ? resultJson(resolved, result) : resultText(resolved, result);
        std::fwrite(out.data(), 1, out.size(), stdout);  // before the files: a failed write loses nothing
        std::fflush(stdout);
        std::optional<FileContent> specFile;
        if (p.isSet("write-spec")) specFile = FileContent{toStd(p.value("write-spec")), specToJson(spec)};
        if (p.isSet("draws-out")) writeDraws(toStd(p.value("draws-out")), resolved, result, path, specFile);
        else if (specFile) writeFileAtomically(specFile->path, specFile->bytes);
        if (p.isSet("loglik-out"))
            writeFileAtomically(toStd(p.value("loglik-out")),
                                logLikelihoodCsv(pointwiseLogLikelihood(*result.model, result.posterior, result.trainDesign, result.data.yTrain),
                                                 result.posterior.chainCount()));
        if (p.isSet("bundle")) writeRunBundle(toStd(p.value("bundle")), resolved, extensions, result, table, args);
        return Ok;
    });
}

} // namespace genrelab::cli

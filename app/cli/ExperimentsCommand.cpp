#include "CliCommon.h"
#include "Commands.h"

#include "data/DataError.h"
#include "experiments/Experiment.h"
#include "experiments/Sweep.h"
#include "experiments/ViVsMcmc.h"
#include "models/Hyperparameter.h"
#include "util/Format.h"

#include <QDir>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace genrelab::cli {
namespace {

int intOption(const QCommandLineParser& p, const char* name, int min) {
    bool ok = false;
    const int v = p.value(name).toInt(&ok);
    if (!ok || v < min) throw std::invalid_argument(std::string("--") + name + " must be a whole number of at least " + std::to_string(min));
    return v;
}

std::vector<double> numberList(const QCommandLineParser& p, const char* name) {
    std::vector<double> out;
    for (const QString& item : p.value(name).split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = item.trimmed().toDouble(&ok);
        if (!ok || !(v > 0)) throw std::invalid_argument(std::string("--") + name + " takes positive numbers such as 1,2,4, not '" + toStd(p.value(name)) + "'");
        out.push_back(v);
    }
    return out;
}

} // namespace

int runExperimentsCommand(const QStringList& args) {
    QCommandLineParser p;
    p.addOptions({{"preset", "Experiment preset: study-table2 (the study's Table 2) or grouped-ablation (numeric only, + artifacts, "
                             "+ titles, + artists, all, all + song copies; on the random, song and artist splits).", "NAME", "study-table2"},
                  {"data", "The labeled CSV (the Kaggle training file).", "FILE"},
                  {"target", "grouped-ablation: the class column (default: Class).", "NAME"},
                  {"artist-column", "grouped-ablation: the column naming each track's artists.", "NAME", "Artist Name"},
                  {"title-column", "grouped-ablation: the column holding each track's title.", "NAME", "Track Name"},
                  {"full", "study-table2: every experiment on the whole training split with a fixed 20% test split "
                           "(grouped-ablation always is)."},
                  {"only", "Only these experiments, e.g. 1,2,8 (8: all three learning rates) or 10.", "IDS"},
                  {"seeds", "Repeat each experiment over K seeds (split and inference).", "K", "5"},
                  {"jobs", "Runs at once.", "J", "2"},
                  {"out", "Folder for results.csv, .md, .tex, .json and results.manifest.json.", "DIR"},
                  {"quiet", "No progress on stderr."}});
    if (!parseOrExplain(p, args, "genrelab-cli experiments: rerun the study's experiment table, over seeds."))
        return p.isSet("help") ? Ok : UsageFailure;
    if (!p.isSet("data") || !p.isSet("out")) return usageError("experiments needs --data FILE and --out DIR");
    return guarded([&]() -> int {
        const std::string preset = toStd(p.value("preset"));
        GroupOptions groups;
        TableOptions reading;
        if (preset == "grouped-ablation") {
            // Group columns stay text whatever their cells look like (artist ids that are numbers).
            groups.artistColumn = toStd(p.value("artist-column"));
            groups.titleColumn = toStd(p.value("title-column"));
            reading.textColumns = {*groups.artistColumn, *groups.titleColumn};
            if (p.isSet("target")) reading.target = toStd(p.value("target"));
        }
        auto experiments = experimentPreset(preset, p.isSet("full"), groups);  // an unknown preset fails before reading
        const Table table = readDataTable(toStd(p.value("data")), reading);
        for (const auto& [column, option] : {std::pair{groups.artistColumn, "--artist-column"}, std::pair{groups.titleColumn, "--title-column"}})
            if (column && !table.indexOf(*column))
                throw DataError({table.source(), 0, 0, *column}, std::string("the file has no such column; name its column with ") + option);
        prepareOutputFolder(p.value("out"));
        if (p.isSet("only")) {
            std::vector<std::string> ids;
            for (const QString& id : p.value("only").split(',', Qt::SkipEmptyParts)) ids.push_back(toStd(id.trimmed()));
            experiments = selectExperiments(experiments, ids);
        }
        RunnerOptions options;
        options.seeds = intOption(p, "seeds", 1);
        options.jobs = intOption(p, "jobs", 1);
        const bool quiet = p.isSet("quiet");
        options.onOutcome = [&](const ExperimentOutcome& o, std::size_t done, std::size_t total) {
            if (quiet) return;
            std::fprintf(stderr, "[%zu/%zu] exp %s seed %d: %s (%s s)\n", done, total, experiments[o.experiment].id.c_str(), o.seed + 1,
                         o.ok ? ("test accuracy " + fixed(o.testAccuracy, 6)).c_str() : o.error.c_str(), fixed(o.seconds, 1).c_str());
        };
        const auto start = std::chrono::steady_clock::now();
        const auto outcomes = runExperiments(table, experiments, options);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const ResultTable results = presetTable(preset, experiments, outcomes);
        const std::string markdown = toMarkdown(results);  // shown first: a failed write loses nothing
        std::fwrite(markdown.data(), 1, markdown.size(), stdout);
        std::vector<FileContent> files;
        addTableFiles(files, p.value("out"), "results", results);
        prepareOutputFolder(p.value("out"));
        writeOutputFiles(p.value("out"), "results", files);
        std::printf("\n%zu runs in %s s (wall)\n", outcomes.size(), fixed(seconds, 1).c_str());
        std::size_t failed = 0;
        for (const auto& o : outcomes)  // every failure is named, even with --quiet
            if (!o.ok) {
                ++failed;
                std::fprintf(stderr, "exp %s seed %d failed: %s\n", experiments[o.experiment].id.c_str(), o.seed + 1, o.error.c_str());
            }
        if (failed > 0)
            return dataError(std::to_string(failed) + " of " + std::to_string(outcomes.size()) +
                             " runs failed; the table's means and sds use the successful runs only");
        return Ok;
    });
}

int runSweepCommand(const QStringList& args) {
    QCommandLineParser p;
    p.addOptions({{"data", "The labeled CSV.", "FILE"},
                  {"model", "hier-studentt, hier-normal, ard, flat.", "NAME", "hier-studentt"}});
    // An axis per hyperparameter (--nu, --tau, --lambda, --mu-scale, ...); the model must use it.
    for (const auto& info : hyperparameters())
        p.addOption({QString::fromUtf8(info.option.data(), static_cast<qsizetype>(info.option.size())),
                     QString::fromUtf8(info.label.data(), static_cast<qsizetype>(info.label.size())) + ": values.", "LIST"});
    const SweepSettings defaults;
    p.addOptions({{"lr", "learning rates.", "LIST"},
                  {"train-size", "Training rows (default " + QString::number(defaults.trainRows) + ").", "N", QString::number(defaults.trainRows)},
                  {"steps", "SVI steps at most.", "N", QString::number(defaults.steps)},
                  {"seed", "Split and inference seed.", "S", QString::number(defaults.seed)},
                  {"jobs", "Runs at once.", "J", QString::number(defaults.jobs)},
                  {"out", "Folder for sweep.csv, sweep.json and sweep.manifest.json.", "DIR"},
                  {"quiet", "No progress on stderr."}});
    if (!parseOrExplain(p, args, "genrelab-cli sweep: a grid of priors judged on a validation split."))
        return p.isSet("help") ? Ok : UsageFailure;
    if (!p.isSet("data") || !p.isSet("out")) return usageError("sweep needs --data FILE and --out DIR");
    return guarded([&]() -> int {
        std::vector<SweepAxis> axes;
        std::vector<std::string> names;
        for (const auto& info : hyperparameters()) names.emplace_back(info.option);
        names.emplace_back("lr");
        std::string choices;
        for (const auto& name : names) {
            choices += (choices.empty() ? "--" : ", --") + name;
            if (p.isSet(QString::fromStdString(name))) axes.push_back({name, numberList(p, name.c_str())});
        }
        if (axes.empty() || axes.size() > 2) throw std::invalid_argument("give one or two of " + choices);
        const Table table = readDataTable(toStd(p.value("data")));
        prepareOutputFolder(p.value("out"));
        ModelSpec model;
        setModelByName(model, toStd(p.value("model")));
        SweepSettings settings;
        settings.steps = static_cast<std::size_t>(intOption(p, "steps", 1));
        settings.trainRows = static_cast<std::size_t>(intOption(p, "train-size", 2));
        settings.seed = static_cast<std::uint64_t>(intOption(p, "seed", 0));
        const RunSpec base = sweepBaseSpec(model, settings);
        const bool quiet = p.isSet("quiet");
        const SweepResult result = runSweep(table, base, axes[0], axes.size() > 1 ? axes[1] : SweepAxis{}, intOption(p, "jobs", 1), CancellationToken(),
                                            [quiet](std::size_t done, std::size_t total) {
                                                if (!quiet) std::fprintf(stderr, "[%zu/%zu] grid cells\n", done, total);
                                            });
        const ResultTable t = sweepTable(result);
        const QString dir = p.value("out");
        prepareOutputFolder(dir);
        writeOutputFiles(dir, "sweep", {{toStd(QDir(dir).filePath("sweep.csv")), toCsv(t)}, {toStd(QDir(dir).filePath("sweep.json")), toJson(t)}});
        const std::string markdown = toMarkdown(t);
        std::fwrite(markdown.data(), 1, markdown.size(), stdout);
        std::fflush(stdout);
        for (const SweepCell& c : result.cells)  // every failure is named, even with --quiet
            if (!c.error.empty())
                std::fprintf(stderr, "cell %s %s%s failed: %s\n", axes[0].name.c_str(), general(c.a, 6).c_str(),
                             axes.size() > 1 ? (", " + axes[1].name + " " + shortestDouble(c.b)).c_str() : "", c.error.c_str());
        if (!result.best)
            return dataError("no cell of the sweep succeeded (" + std::to_string(result.cells.size() - successfulCells(result)) + " of " +
                             std::to_string(result.cells.size()) + " failed): there is no best cell");
        const SweepCell& best = result.cells[*result.best];
        const auto near = sweepEquivalentCells(result.cells, SweepMetric::LogPredictive);
        const auto se = [](double v) { return std::isnan(v) ? std::string("n/a") : fixed(v, 4); };
        std::printf("\nbest: %s %s%s, validation accuracy %s (SE %s), log predictive %s (SE %s) (%zu validation rows); "
                    "%zu cells within one SE of its log predictive\n", axes[0].name.c_str(),
                    general(best.a, 6).c_str(), axes.size() > 1 ? (", " + axes[1].name + " " + fixed(best.b, 6)).c_str() : "",
                    fixed(best.validationAccuracy, 4).c_str(), se(best.validationAccuracySe).c_str(),
                    fixed(best.validationLogPredictive, 4).c_str(), se(best.validationLogPredictiveSe).c_str(), result.validationRows,
                    static_cast<std::size_t>(std::count(near.begin(), near.end(), true)));
        return Ok;
    });
}

int runCompareCommand(const QStringList& args) {
    if (args.contains("--loo")) return runLooCompareCommand(args);
    QCommandLineParser p;
    p.addOptions({{"data", "The labeled CSV.", "FILE"},
                  {"model", "Model to fit both ways.", "NAME", "hier-studentt"},
                  {"train-size", "Training rows.", "N", "1000"},
                  {"steps", "SVI steps.", "N", "4000"},
                  {"warmup", "NUTS warmup.", "N", "500"},
                  {"samples", "NUTS draws per chain.", "N", "500"},
                  {"seed", "Split and inference seed.", "S", "1"},
                  {"out", "Folder for compare.*, marginals.* and compare.manifest.json.", "DIR"}});
    if (!parseOrExplain(p, args, "genrelab-cli compare: SVI against NUTS on the same model and rows.\n"
                                   "genrelab-cli compare --loo SPEC SPEC...: runs compared by PSIS-LOO (see compare --loo --help)."))
        return p.isSet("help") ? Ok : UsageFailure;
    if (!p.isSet("data") || !p.isSet("out")) return usageError("compare needs --data FILE and --out DIR");
    return guarded([&]() -> int {
        const Table table = readDataTable(toStd(p.value("data")));
        prepareOutputFolder(p.value("out"));
        RunSpec base;
        setModelByName(base.model, toStd(p.value("model")));
        base.svi.steps = static_cast<std::size_t>(intOption(p, "steps", 1));
        base.svi.learningRate = 0.01;
        base.svi.convergenceTolerance = 1e-4;
        base.nuts.warmup = intOption(p, "warmup", 0);
        base.nuts.samples = intOption(p, "samples", 1);
        base.split.trainRows = static_cast<std::size_t>(intOption(p, "train-size", 2));
        base.split.seed = base.svi.seed = base.nuts.seed = static_cast<std::uint64_t>(intOption(p, "seed", 0));
        const ViVsMcmc c = compareViMcmc(table, base);
        const std::string markdown = toMarkdown(viVsMcmcTable(c));
        std::fwrite(markdown.data(), 1, markdown.size(), stdout);
        std::vector<FileContent> files;  // both tables, one set
        addTableFiles(files, p.value("out"), "compare", viVsMcmcTable(c));
        addTableFiles(files, p.value("out"), "marginals", marginalTable(c));
        prepareOutputFolder(p.value("out"));
        writeOutputFiles(p.value("out"), "compare", files);
        return Ok;
    });
}

} // namespace genrelab::cli

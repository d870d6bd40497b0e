#include "experiments/Experiment.h"

#include "experiments/GroupedAblation.h"

#include "models/ModelTraits.h"
#include "util/ParallelFor.h"
#include "util/Stats.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <mutex>
#include <stdexcept>

namespace genrelab {
namespace {

RunSpec sviSpec(std::string_view model, double lr, std::size_t trainRows, std::size_t testRows, bool full) {
    RunSpec s;
    setModelByName(s.model, model);
    s.inference = InferenceKind::Svi;
    s.svi.learningRate = lr;
    // "ELBO run to convergence": windowed ELBO means that stop moving, within a step budget
    // that small learning rates need.
    s.svi.steps = lr < 5e-4 ? 30000 : lr < 5e-3 ? 10000 : 4000;
    s.svi.convergenceTolerance = 1e-4;
    s.svi.window = 250;
    s.guideDraws = 400;
    s.predictiveDraws = 200;
    if (!full) {
        s.split.trainRows = trainRows;
        if (testRows > 0) s.split.testRows = testRows;
        else s.split.testIsRest = true;
    }
    return s;
}

Experiment make(std::string id, std::string setting, RunSpec spec, double train, double test) {
    return Experiment{std::move(id), std::move(setting), std::move(spec), train, test};
}

// Rough cost of a run in row-gradients, only to order the queue.
double estimatedWork(const RunSpec& spec, std::size_t tableRows) {
    const double rows = spec.split.trainRows ? static_cast<double>(*spec.split.trainRows) : 0.8 * static_cast<double>(tableRows);
    double perRow = 1.0;
    if (traitsOf(spec.model).hiddenUnits) {
        double units = 0;
        for (int h : spec.model.mlp.hidden) units += h;
        perRow = 1.0 + units / 3.0;  // 32 tanh units cost about 12 softmax regressions
    }
    // An SVI step of the MLP costs ~7x with artist effects and ~25x with title tokens (docs/BENCHMARKS.md).
    if (spec.model.terms.titleTokens) perRow *= 25.0;
    else if (spec.model.terms.artistEffects) perRow *= 7.0;
    switch (spec.inference) {
    case InferenceKind::Svi: {
        const double batch = spec.svi.batchSize > 0 ? std::min(rows, static_cast<double>(spec.svi.batchSize)) : rows;
        // Convergence stops most runs early; the budget still orders them.
        return static_cast<double>(spec.svi.steps) * spec.svi.particles * batch * perRow;
    }
    case InferenceKind::Nuts:
        return static_cast<double>(spec.nuts.chains) * (spec.nuts.warmup + spec.nuts.samples) *
               std::pow(2.0, std::min(spec.nuts.maxTreeDepth, 7)) * rows * perRow;
    case InferenceKind::Prior: return static_cast<double>(spec.nuts.samples) * rows;
    case InferenceKind::Pathfinder:  // ~100 iterations of line search and ELBO draws per path, then its draws
        return static_cast<double>(spec.pathfinder.paths) *
               (100.0 * (2.0 + spec.pathfinder.elboDraws) + static_cast<double>(spec.pathfinder.drawsPerPath)) * rows * perRow;
    }
    return rows;
}

} // namespace

std::vector<Experiment> studyTable2(bool full) {
    std::vector<Experiment> e;
    e.push_back(make("1", "lr 0.001", sviSpec("flat", 0.001, 100, 100, full), 63, 32));
    e.push_back(make("2", "", sviSpec("flat", 0.001, 1000, 200, full), 50.4, 45));
    e.push_back(make("3", "", sviSpec("hier-studentt", 0.001, 1000, 200, full), 51.7, 45.5));
    e.push_back(make("4", "lambda 1", sviSpec("hier-normal", 0.001, 1000, 200, full), 49.1, 45));
    e.push_back(make("5", "tuned nu 4, tau 1", sviSpec("hier-studentt", 0.001, 1000, 200, full), 50.3, 46));
    e.push_back(make("6", "10,000 rows, test on the rest", sviSpec("hier-studentt", 0.001, 10000, 0, full), 49.9, 50.2));
    e.push_back(make("7", "", sviSpec("ard", 0.001, 1000, 200, full), 51.1, 46));
    // The study reports one pair of numbers for its three learning rates; kept on each row.
    e.push_back(make("8a", "lr 0.0001", sviSpec("hier-studentt", 0.0001, 1000, 200, full), 50.7, 47));
    e.push_back(make("8b", "lr 0.001", sviSpec("hier-studentt", 0.001, 1000, 200, full), 50.7, 47));
    e.push_back(make("8c", "lr 0.01", sviSpec("hier-studentt", 0.01, 1000, 200, full), 50.7, 47));
    RunSpec mlp = sviSpec("mlp", 0.001, 1000, 200, full);
    mlp.model.mlp.hidden = {32};
    e.push_back(make("9", "weights Normal(0,1), 32 tanh units", mlp, 49.2, 45.5));
    RunSpec nuts = sviSpec("hier-studentt", 0.001, 1000, 200, full);
    nuts.inference = InferenceKind::Nuts;
    nuts.nuts.warmup = 500;
    nuts.nuts.samples = 500;
    nuts.nuts.chains = 4;
    std::string setting = "4 chains, 500 warmup + 500 draws";
    if (full) {
        // On all rows the data pin the coefficients, and the non-centered form that suits 1,000
        // rows turns into a curved ridge (trees of 500-1,000 steps). The centered form in shift
        // coordinates with a dense metric, started from a short SVI fit, is the same model and
        // mixes ~29x better per second; 0.9 keeps its rare divergences (a funnel in the smallest
        // sigma_beta) to a few per run (docs/BENCHMARKS.md, "NUTS on all rows").
        nuts.model.regression.coordinates = Coordinates::Shift;
        nuts.nuts.denseMetric = true;
        nuts.nuts.targetAccept = 0.9;
        nuts.nutsPilotSteps = 1000;
        setting += ", shift coordinates, dense metric";
    }
    e.push_back(make("10", setting, nuts, 50.8, 47));
    return e;
}

std::vector<Experiment> experimentPreset(const std::string& name, bool full, const GroupOptions& groups) {
    if (name == "study-table2") return studyTable2(full);
    if (name == "grouped-ablation") return groupedAblation(groups);
    throw std::invalid_argument("unknown preset '" + name + "' (" + kExperimentPresets + ")");
}

ResultTable presetTable(const std::string& preset, const std::vector<Experiment>& experiments, const std::vector<ExperimentOutcome>& outcomes) {
    return preset == "grouped-ablation" ? groupedAblationTable(experiments, outcomes) : experimentTable(experiments, outcomes);
}

std::vector<Experiment> selectExperiments(const std::vector<Experiment>& experiments, const std::vector<std::string>& ids) {
    const auto matches = [](const std::string& id, const std::string& wanted) {
        return id == wanted || (id.size() == wanted.size() + 1 && id.compare(0, wanted.size(), wanted) == 0 &&
                                std::isalpha(static_cast<unsigned char>(id.back())));
    };
    for (const auto& wanted : ids)
        if (std::none_of(experiments.begin(), experiments.end(), [&](const Experiment& e) { return matches(e.id, wanted); })) {
            std::string known;
            for (const auto& e : experiments) known += (known.empty() ? "" : ", ") + e.id;
            throw std::invalid_argument("no experiment '" + wanted + "' (there are " + known + ")");
        }
    std::vector<Experiment> selected;
    for (const auto& e : experiments)
        if (std::any_of(ids.begin(), ids.end(), [&](const std::string& wanted) { return matches(e.id, wanted); })) selected.push_back(e);
    return selected;
}

std::vector<ExperimentOutcome> runExperiments(const Table& table, const std::vector<Experiment>& experiments,
                                              const RunnerOptions& options) {
    if (options.seeds < 1) throw std::invalid_argument("at least one seed");
    if (options.jobs < 1) throw std::invalid_argument("at least one job");
    const std::size_t total = experiments.size() * static_cast<std::size_t>(options.seeds);
    std::vector<ExperimentOutcome> outcomes(total);
    std::atomic<std::size_t> done{0};
    std::mutex report;
    // Longest runs first, so the last runs to finish are short ones and no core idles while
    // one NUTS run finishes alone (results do not depend on the order: each run is seeded).
    std::vector<std::size_t> schedule(total);
    std::vector<double> work(total);
    for (std::size_t k = 0; k < total; ++k) {
        schedule[k] = k;
        work[k] = estimatedWork(experiments[k / static_cast<std::size_t>(options.seeds)].spec, table.rows());
    }
    std::stable_sort(schedule.begin(), schedule.end(), [&](std::size_t a, std::size_t b) { return work[a] > work[b]; });

    for (std::size_t k = 0; k < total; ++k) {
        outcomes[k].experiment = k / static_cast<std::size_t>(options.seeds);
        outcomes[k].seed = static_cast<int>(k % static_cast<std::size_t>(options.seeds));
        outcomes[k].error = "cancelled";  // until its run starts
    }

    parallelFor(total, options.jobs, [&](std::size_t slot, const CancellationToken&) {
        const std::size_t k = schedule[slot];
        ExperimentOutcome& o = outcomes[k];
        o.error.clear();
        RunSpec spec = experiments[o.experiment].spec;
        spec.split.seed = options.baseSeed + static_cast<std::uint64_t>(o.seed);
        spec.svi.seed = spec.nuts.seed = options.baseSeed + static_cast<std::uint64_t>(o.seed);
        // Chains may use as many threads as there are jobs: while the other jobs are busy the
        // OS shares the cores, and once the queue drains a long NUTS run gets them all.
        if (options.jobs > 1) spec.nuts.threads = options.jobs;
        StopFlagObserver observer(options.cancel);
        const auto start = std::chrono::steady_clock::now();
        try {
            const RunResult r = runPipeline(table, spec, &observer);
            o.ok = !r.partial;
            o.partial = r.partial;
            o.trainAccuracy = r.train.accuracy;
            o.testAccuracy = r.test.accuracy;
            o.testLogPredictive = r.test.logPredictive;
            o.testMacroF1 = r.test.macroF1;
            o.testTop2Accuracy = r.test.top2Accuracy;
            o.testEce = r.test.ece;
            if (r.data.overlap && r.data.overlap->testRows > 0) {
                const double rows = static_cast<double>(r.data.overlap->testRows);
                o.testShareSeenArtist = static_cast<double>(r.data.overlap->testRowsSeenArtist) / rows;
                // A song is an artist field and a title: without a title column no song is known.
                if (spec.prep.groups.titleColumn) o.testShareSeenSong = static_cast<double>(r.data.overlap->testRowsSeenSong) / rows;
            }
            o.trainRows = static_cast<std::size_t>(r.data.xTrain.rows());
            o.testRows = static_cast<std::size_t>(r.data.xTest.rows());
            if (r.partial) o.error = "cancelled";
        } catch (const std::exception& error) {
            o.error = error.what();
        }
        o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const std::size_t finished = ++done;
        if (options.onOutcome) {
            std::lock_guard lock(report);
            options.onOutcome(o, finished, total);
        }
    }, options.cancel);
    return outcomes;
}

bool hasOutcome(const std::vector<ExperimentOutcome>& outcomes, std::size_t experiment) {
    return std::any_of(outcomes.begin(), outcomes.end(), [experiment](const ExperimentOutcome& o) { return o.experiment == experiment; });
}

void blankRunCells(std::vector<Cell>& row, std::initializer_list<std::size_t> columns) {
    for (std::size_t c : columns)
        if (c < row.size()) row[c] = std::monostate{};
}

ResultTable experimentTable(const std::vector<Experiment>& experiments, const std::vector<ExperimentOutcome>& outcomes) {
    ResultTable t;
    t.title = "Experiments";
    t.decimals = 3;
    t.columns = {"exp", "model", "inference", "setting", "train_rows", "test_rows", "train_accuracy", "train_accuracy_sd",
                 "test_accuracy", "test_accuracy_sd", "test_log_predictive", "test_macro_f1", "study_train", "study_test",
                 "seconds", "seeds"};
    for (std::size_t e = 0; e < experiments.size(); ++e) {
        std::vector<double> train, test, lpd, f1, seconds;
        std::size_t trainRows = 0, testRows = 0;
        for (const auto& o : outcomes)
            if (o.experiment == e && o.ok) {
                train.push_back(o.trainAccuracy);
                test.push_back(o.testAccuracy);
                lpd.push_back(o.testLogPredictive);
                f1.push_back(o.testMacroF1);
                seconds.push_back(o.seconds);
                trainRows = o.trainRows;
                testRows = o.testRows;
            }
        const Experiment& x = experiments[e];
        const std::string model(modelName(x.spec.model));
        auto opt = [](const std::optional<double>& v) { return v ? Cell(*v / 100.0) : Cell(); };
        std::vector<Cell> row{x.id, model, std::string(inferenceName(x.spec.inference)), x.setting, static_cast<std::int64_t>(trainRows),
                  static_cast<std::int64_t>(testRows), stats::mean(train), stats::sampleSd(train), stats::mean(test), stats::sampleSd(test), stats::mean(lpd), stats::mean(f1),
                  opt(x.studyTrain), opt(x.studyTest), stats::mean(seconds), static_cast<std::int64_t>(test.size())};
        if (!hasOutcome(outcomes, e)) blankRunCells(row, {4, 5, 6, 7, 8, 9, 10, 11, 14, 15});
        t.addRow(std::move(row));
    }
    return t;
}

} // namespace genrelab

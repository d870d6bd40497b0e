#include "experiments/Sweep.h"

#include "models/ModelTraits.h"
#include "util/ParallelFor.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <stdexcept>

namespace genrelab {

RunSpec sweepBaseSpec(const ModelSpec& model, const SweepSettings& settings) {
    RunSpec base;
    base.model = model;
    base.inference = InferenceKind::Svi;
    base.svi.steps = settings.steps;
    base.svi.learningRate = 0.01;
    base.svi.convergenceTolerance = 1e-4;
    base.guideDraws = 300;
    base.predictiveDraws = 200;
    base.split.trainRows = settings.trainRows;
    base.split.validationRows = std::max<std::size_t>(200, settings.trainRows / 5);
    base.split.seed = base.svi.seed = settings.seed;
    return base;
}

void applySweepValue(RunSpec& spec, const std::string& axis, double value) {
    if (!(value > 0.0) || !std::isfinite(value)) throw std::invalid_argument("sweep values must be positive: " + axis);
    if (axis == "lr") {
        spec.svi.learningRate = value;
        return;
    }
    const auto h = hyperparameterFromOption(axis);
    if (!h) {
        std::string known;
        for (const auto& info : hyperparameters()) known += std::string(info.option) + ", ";
        throw std::invalid_argument("unknown sweep axis '" + axis + "' (" + known + "lr)");
    }
    // A grid over a hyperparameter the model never reads would show the same fit in every cell.
    if (!traitsOf(spec.model).uses(*h))
        throw std::invalid_argument("the model '" + std::string(modelName(spec.model)) + "' does not use " + axis);
    setHyperparameter(spec.model, *h, value);
}

SweepResult runSweep(const Table& table, RunSpec base, const SweepAxis& first, const SweepAxis& second, int jobs,
                     const CancellationToken& cancel, const std::function<void(std::size_t, std::size_t)>& onProgress) {
    if (first.values.empty()) throw std::invalid_argument("a sweep needs values on its first axis");
    if (!base.split.validationRows && base.split.validationFraction <= 0.0) base.split.validationFraction = 0.2;
    SweepResult result;
    result.first = first;
    result.second = second;
    const std::size_t bCount = second.values.empty() ? 1 : second.values.size();
    result.cells.resize(first.values.size() * bCount);
    for (std::size_t i = 0; i < first.values.size(); ++i)
        for (std::size_t j = 0; j < bCount; ++j) {
            SweepCell& c = result.cells[i * bCount + j];
            c.a = first.values[i];
            c.b = second.values.empty() ? 0.0 : second.values[j];
            RunSpec probe = base;  // validate the names and values before any work
            applySweepValue(probe, first.name, c.a);
            if (!second.values.empty()) applySweepValue(probe, second.name, c.b);
        }
    std::atomic<std::size_t> done{0};
    std::mutex report;
    std::atomic<std::size_t> validationRows{0};
    std::vector<char> started(result.cells.size(), 0);
    parallelFor(result.cells.size(), std::max(1, jobs), [&](std::size_t k, const CancellationToken&) {
        SweepCell& c = result.cells[k];
        started[k] = 1;
        RunSpec spec = base;
        applySweepValue(spec, first.name, c.a);
        if (!second.values.empty()) applySweepValue(spec, second.name, c.b);
        if (jobs > 1) spec.nuts.threads = 1;
        const auto start = std::chrono::steady_clock::now();
        try {
            const RunResult r = runPipeline(table, spec);
            c.validationAccuracy = r.validation.accuracy;
            c.validationLogPredictive = r.validation.logPredictive;
            c.validationAccuracySe = r.validation.accuracySe;
            c.validationLogPredictiveSe = r.validation.logPredictiveSe;
            validationRows = static_cast<std::size_t>(r.data.xValidation.rows());
        } catch (const std::exception& error) {
            c.error = error.what();
        }
        c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const std::size_t finished = ++done;
        if (onProgress) {
            std::lock_guard lock(report);
            onProgress(finished, result.cells.size());
        }
    }, cancel);
    for (std::size_t k = 0; k < result.cells.size(); ++k)
        if (!started[k]) result.cells[k].error = "cancelled";
    result.validationRows = validationRows;
    result.best = bestSweepCell(result.cells);
    return result;
}

double sweepValue(const SweepCell& cell, SweepMetric metric) {
    return metric == SweepMetric::Accuracy ? cell.validationAccuracy : cell.validationLogPredictive;
}

double sweepStandardError(const SweepCell& cell, SweepMetric metric) {
    return metric == SweepMetric::Accuracy ? cell.validationAccuracySe : cell.validationLogPredictiveSe;
}

std::optional<std::size_t> bestSweepCell(const std::vector<SweepCell>& cells, SweepMetric metric) {
    std::optional<std::size_t> best;
    for (std::size_t k = 0; k < cells.size(); ++k)
        if (cells[k].error.empty() && std::isfinite(sweepValue(cells[k], metric)) &&
            (!best || sweepValue(cells[k], metric) > sweepValue(cells[*best], metric)))
            best = k;
    return best;
}

std::vector<bool> sweepEquivalentCells(const std::vector<SweepCell>& cells, SweepMetric metric) {
    std::vector<bool> equivalent(cells.size(), false);
    const auto best = bestSweepCell(cells, metric);
    if (!best) return equivalent;
    const double top = sweepValue(cells[*best], metric);
    const double se = sweepStandardError(cells[*best], metric);
    const double floor = std::isfinite(se) ? top - se : top;
    for (std::size_t k = 0; k < cells.size(); ++k)
        equivalent[k] = cells[k].error.empty() && std::isfinite(sweepValue(cells[k], metric)) && sweepValue(cells[k], metric) >= floor;
    return equivalent;
}

std::size_t successfulCells(const SweepResult& result) {
    return static_cast<std::size_t>(
        std::count_if(result.cells.begin(), result.cells.end(), [](const SweepCell& c) { return c.error.empty(); }));
}

ResultTable sweepTable(const SweepResult& r) {
    ResultTable t;
    t.title = "Sweep";
    t.columns = {r.first.name};
    if (!r.second.values.empty()) t.columns.push_back(r.second.name);
    // best and within_1se_* mark cells by log predictive (the sweep's choice); best_accuracy and
    // within_1se_accuracy by accuracy.
    for (const char* c : {"validation_accuracy", "validation_log_predictive", "seconds", "best", "validation_accuracy_se",
                          "validation_log_predictive_se", "within_1se_log_predictive", "best_accuracy", "within_1se_accuracy"})
        t.columns.emplace_back(c);
    const std::vector<bool> nearLogPredictive = sweepEquivalentCells(r.cells, SweepMetric::LogPredictive);
    const std::vector<bool> nearAccuracy = sweepEquivalentCells(r.cells, SweepMetric::Accuracy);
    const auto bestAccuracy = bestSweepCell(r.cells, SweepMetric::Accuracy);
    for (std::size_t k = 0; k < r.cells.size(); ++k) {
        const SweepCell& c = r.cells[k];
        std::vector<Cell> row{c.a};
        if (!r.second.values.empty()) row.emplace_back(c.b);
        for (double v : {c.validationAccuracy, c.validationLogPredictive}) {
            if (c.error.empty()) row.emplace_back(v);
            else row.emplace_back(std::monostate{});
        }
        row.emplace_back(c.seconds);
        row.emplace_back(std::int64_t{r.best == k ? 1 : 0});
        for (double se : {c.validationAccuracySe, c.validationLogPredictiveSe}) {
            if (c.error.empty()) row.emplace_back(se);
            else row.emplace_back(std::monostate{});
        }
        row.emplace_back(std::int64_t{nearLogPredictive[k] ? 1 : 0});
        row.emplace_back(std::int64_t{bestAccuracy == k ? 1 : 0});
        row.emplace_back(std::int64_t{nearAccuracy[k] ? 1 : 0});
        t.addRow(std::move(row));
    }
    return t;
}

} // namespace genrelab

#pragma once
// Grid sweeps of hyperparameters (nu x tau for hier-studentt, lambda for hier-normal, the
// learning rate) judged on a validation split that the test rows never touch.
#include "export/ResultTable.h"
#include "run/RunPipeline.h"
#include "util/Cancellation.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace genrelab {

struct SweepAxis {
    std::string name;             // a hyperparameter's option (nu, tau, lambda, mu-scale, ...) or lr
    std::vector<double> values;
};

struct SweepCell {
    double a = 0, b = 0;          // values on the first and second axis (b = 0 with one axis)
    double validationAccuracy = 0, validationLogPredictive = 0, seconds = 0;
    // Standard errors over the validation rows (PredictiveMetrics::accuracySe, logPredictiveSe).
    double validationAccuracySe = 0, validationLogPredictiveSe = 0;
    std::string error;
};

// The validation score a sweep is read by.
enum class SweepMetric { Accuracy, LogPredictive };
double sweepValue(const SweepCell& cell, SweepMetric metric);
double sweepStandardError(const SweepCell& cell, SweepMetric metric);

struct SweepResult {
    SweepAxis first, second;      // second may be empty
    std::vector<SweepCell> cells; // first-axis major
    // The successful cell with the highest (finite) validation log predictive density; none
    // when no cell succeeded.
    std::optional<std::size_t> best;
    std::size_t validationRows = 0;
};

// The settings `genrelab-cli sweep` takes beside its axes, with its defaults; the app's
// learning-rate sweep offers the same ones.
struct SweepSettings {
    std::size_t trainRows = 1000;
    std::size_t steps = 4000;     // SVI steps at most
    std::uint64_t seed = 1;       // split and inference
    int jobs = 2;                 // cells at once (results do not depend on it)
};
// What every cell starts from: `model` fitted by SVI on settings.trainRows training rows and
// judged on max(200, trainRows / 5) validation rows, at most settings.steps steps (learning rate
// 0.01, stopping once windowed ELBO means change by less than 1e-4), 300 guide draws and 200
// predictive draws.
RunSpec sweepBaseSpec(const ModelSpec& model, const SweepSettings& settings);

// Applies one axis value to a spec; throws std::invalid_argument for an unknown axis or a
// hyperparameter the spec's model does not use.
void applySweepValue(RunSpec& spec, const std::string& axis, double value);

// base.split: the test rows are held out; 20% of the rest validate (unless set). Cells not
// started when `cancel` is cancelled carry the error "cancelled".
SweepResult runSweep(const Table& table, RunSpec base, const SweepAxis& first, const SweepAxis& second, int jobs,
                     const CancellationToken& cancel = CancellationToken(),
                     const std::function<void(std::size_t done, std::size_t total)>& onProgress = {});

// The cell with the highest finite validation score among those without an error (the first on
// ties); none when there is no such cell.
std::optional<std::size_t> bestSweepCell(const std::vector<SweepCell>& cells, SweepMetric metric = SweepMetric::LogPredictive);
// Per cell: whether it is as good as the best by this metric within the noise of the validation
// rows, that is succeeded and scores at least best - SE(best) (the one-standard-error rule). The
// best cell is always marked; with the best's SE NaN (fewer than two rows) only cells tying it.
// All false when there is no best cell.
std::vector<bool> sweepEquivalentCells(const std::vector<SweepCell>& cells, SweepMetric metric);
// How many cells succeeded (carry no error).
std::size_t successfulCells(const SweepResult& result);

ResultTable sweepTable(const SweepResult& result);

} // namespace genrelab

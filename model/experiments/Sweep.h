#pragma once
// Grid sweeps of hyperparameters (nu x tau for hier-studentt, lambda for hier-normal, the
// learning rate) judged on a validation split that the test rows never touch.
#include "export/ResultTable.h"
#include "run/RunPipeline.h"
#include "util/Cancellation.h"

#include <functional>
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
    std::string error;
};

struct SweepResult {
    SweepAxis first, second;      // second may be empty
    std::vector<SweepCell> cells; // first-axis major
    std::size_t best = 0;         // highest validation log predictive density
    std::size_t validationRows = 0;
};

// Applies one axis value to a spec; throws std::invalid_argument for an unknown axis or a
// hyperparameter the spec's model does not use.
void applySweepValue(RunSpec& spec, const std::string& axis, double value);

// base.split: the test rows are held out; 20% of the rest validate (unless set). Cells not
// started when `cancel` is cancelled carry the error "cancelled".
SweepResult runSweep(const Table& table, RunSpec base, const SweepAxis& first, const SweepAxis& second, int jobs,
                     const CancellationToken& cancel = CancellationToken(),
                     const std::function<void(std::size_t done, std::size_t total)>& onProgress = {});

ResultTable sweepTable(const SweepResult& result);

} // namespace genrelab

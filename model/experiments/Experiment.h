#pragma once
// Experiments: named runs with the study's reported numbers kept beside them, repeated over
// seeds and run on a pool of workers; the study's Table 2 as a preset.
#include "data/GroupOptions.h"
#include "export/ResultTable.h"
#include "run/RunPipeline.h"
#include "util/Cancellation.h"

#include <functional>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace genrelab {

struct Experiment {
    std::string id;       // "1" ... "10", exp 8 as "8a", "8b", "8c"
    std::string setting;  // what distinguishes it ("lr 0.001", "tuned nu 4, tau 1")
    RunSpec spec;
    std::optional<double> studyTrain, studyTest;  // the study's reported accuracies, percent
};

// The study's ten experiments (exp 8 as its three learning rates). full: every experiment on
// the whole training split (80%) with the fixed 20% test split instead of the study's sizes.
std::vector<Experiment> studyTable2(bool full);
// The preset named on the command line: "study-table2" or "grouped-ablation" (GroupedAblation.h,
// which reads the artist and title columns of groups and always uses the whole training split).
// Throws std::invalid_argument for an unknown name.
std::vector<Experiment> experimentPreset(const std::string& name, bool full, const GroupOptions& groups = {});
// The names experimentPreset knows, for help texts.
inline constexpr const char* kExperimentPresets = "study-table2, grouped-ablation";

// The experiments named by ids ("1", "10", "8b"; "8" means 8a, 8b and 8c), in preset order.
// Throws std::invalid_argument naming an id that matches nothing, and the ids there are.
std::vector<Experiment> selectExperiments(const std::vector<Experiment>& experiments, const std::vector<std::string>& ids);

// One run of one experiment with one seed.
struct ExperimentOutcome {
    std::size_t experiment = 0;  // index into the experiment list
    int seed = 0;
    bool ok = false;
    std::string error;
    double trainAccuracy = 0, testAccuracy = 0, testLogPredictive = 0, testMacroF1 = 0, seconds = 0;
    double testTop2Accuracy = 0, testEce = 0;
    // Shares of test rows with an artist (song) in training; NaN without the group columns.
    double testShareSeenArtist = std::numeric_limits<double>::quiet_NaN(), testShareSeenSong = std::numeric_limits<double>::quiet_NaN();
    std::size_t trainRows = 0, testRows = 0;
    bool partial = false;
};

struct RunnerOptions {
    int seeds = 5;        // seed k (0-based) uses split seed and inference seed base + k
    int jobs = 2;         // runs at once
    std::uint64_t baseSeed = 1;
    // Called from worker threads after each run (thread-safe callers only).
    std::function<void(const ExperimentOutcome&, std::size_t done, std::size_t total)> onOutcome;
    // Cancelling stops running runs (kept as partial, error "cancelled") and starts no more.
    CancellationToken cancel;
};

// Runs every experiment with every seed; results in (experiment, seed) order whatever the jobs.
std::vector<ExperimentOutcome> runExperiments(const Table& table, const std::vector<Experiment>& experiments,
                                              const RunnerOptions& options);

// Whether outcomes hold any run (finished or failed) of the experiment: one without has not run.
bool hasOutcome(const std::vector<ExperimentOutcome>& outcomes, std::size_t experiment);
// Empties the given cells of an experiment's row before it has run: its rows, scores, time and
// seeds are unknown, not 0 or NaN.
void blankRunCells(std::vector<Cell>& row, std::initializer_list<std::size_t> columns);

// One row per experiment: means and sds over seeds, the study's numbers beside them. An
// experiment without outcomes (not run yet) shows only what it is and the study's numbers.
ResultTable experimentTable(const std::vector<Experiment>& experiments, const std::vector<ExperimentOutcome>& outcomes);
// The table of the named preset: groupedAblationTable for "grouped-ablation", else experimentTable.
ResultTable presetTable(const std::string& preset, const std::vector<Experiment>& experiments, const std::vector<ExperimentOutcome>& outcomes);

} // namespace genrelab

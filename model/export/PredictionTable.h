#pragma once
// A fitted run's predictions for every row of a file, as a table: the row's line and the file's
// identifying columns (its id and text columns, such as artist and title, whatever they are
// called), the most probable class with its mean probability, the 90% interval of that
// probability over posterior draws, the predictive entropy in nats, then a column per class (or
// the next most probable classes when there are many), then how group terms read the row.
#include "export/ResultTable.h"
#include "run/NewRows.h"
#include "util/Cancellation.h"

#include <Eigen/Core>

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace genrelab {

// At most maxDraws of total draws, evenly spaced from the first (all of them when fewer).
std::vector<Eigen::Index> evenlySpacedDraws(Eigen::Index total, std::size_t maxDraws);

struct PredictionTableOptions {
    std::size_t maxProbabilityColumns = 20;  // more classes: the top `topClasses` per row instead
    std::size_t topClasses = 3;
    // Row-and-class evaluations per table: up to maxDraws draws of a 2,000-row file, fewer (at
    // least minDraws) for bigger files and many classes, so a prediction takes seconds, not minutes.
    double evaluationBudget = 2e8;
    // Top-class probabilities kept per row and draw for the intervals (8 bytes each).
    double storedValueBudget = 2e7;
    std::size_t minDraws = 10, maxDraws = 200;
};

// How far a prediction is, and a way to stop it, for a face that runs it on another thread. The
// work is counted in steps: each chosen draw evaluated over all rows (twice: the mean, then the
// top class's probability) and each block of kPredictionRowsPerStep rows written into the table.
struct PredictionProgress {
    // Called on the predicting thread with the steps done and the steps in all (known once the
    // file's rows are read); may be empty.
    std::function<void(std::size_t done, std::size_t total)> report;
    CancellationToken cancel;  // checked before every step
};
inline constexpr std::size_t kPredictionRowsPerStep = 2000;

// Thrown by predictionTable when its progress's token was cancelled: no table, nothing half made.
class PredictionCancelled : public std::runtime_error {
public:
    PredictionCancelled() : std::runtime_error("the prediction was cancelled") {}
};

struct PredictionTable {
    ResultTable table;
    std::size_t drawsUsed = 0;
    NewRowGroups groups;
};

// The columns of a file that name its rows rather than measure them: id and text columns other than the target.
std::vector<std::size_t> identifyingColumns(const Table& table);

// `table` is the file as read (unit flags and repairs are applied here, as for training rows).
// Throws DataError when a feature column is missing or cannot be read, PredictionCancelled when
// progress.cancel is cancelled. The table does not depend on whether progress is watched.
PredictionTable predictionTable(const RunResult& result, const RunSpec& spec, const Table& table, const std::vector<std::string>& classNames,
                                const PredictionTableOptions& options = {}, const PredictionProgress& progress = {});

// Entropy in nats of one probability vector (0 log 0 = 0).
double entropyNats(const Eigen::Ref<const Eigen::RowVectorXd>& probabilities);

} // namespace genrelab

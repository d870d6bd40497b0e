#pragma once
// Posterior predictive class probabilities: the average over draws of each draw's
// probabilities, and per-draw quantities (accuracy) that carry the uncertainty of the verdict.
#include "infer/Posterior.h"
#include "models/Design.h"
#include "models/LogDensity.h"

#include <Eigen/Core>

#include <limits>

#include <vector>

namespace genrelab {

struct ClassShares;

struct PosteriorPredictive {
    Eigen::MatrixXd probabilities;     // rows x classes, averaged over the draws used
    std::vector<double> drawAccuracy;  // accuracy of each used draw on its own (when labels given)
    std::vector<double> drawMacroF1;   // macro F1 of each used draw on its own (when labels given)
    Eigen::MatrixXi drawPredictedCounts;  // draws used x classes: rows each draw predicts (argmax) as each class
    std::size_t drawsUsed = 0;
};

// Uses at most maxDraws draws, evenly spaced over all chains. Rows are taken in fixed blocks of
// kPredictiveBlockRows, the blocks spread over `threads` threads (<= 0: one per core); every
// block sums its draws in draw order, so the result is the same for any thread count.
inline constexpr Eigen::Index kPredictiveBlockRows = 512;
// Each function comes for dense rows and for a Design (the rows' artists and title tokens too, for
// models with group terms).
PosteriorPredictive posteriorPredictive(const Posterior& posterior, const LogDensity& model, const Eigen::MatrixXd& x,
                                        const Eigen::VectorXi* labels = nullptr, std::size_t maxDraws = 1000, int threads = 0);
PosteriorPredictive posteriorPredictive(const Posterior& posterior, const LogDensity& model, const Design& design,
                                        const Eigen::VectorXi* labels = nullptr, std::size_t maxDraws = 1000, int threads = 0);

// The share of rows predicted (argmax) as each class, per draw, summarized over draws: for
// prior draws this is the prior-predictive class distribution (what a model believes about
// genre frequencies before seeing any label).
struct ClassShares {
    Eigen::VectorXd mean, q5, q95;  // per class
};
ClassShares predictedClassShares(const Posterior& posterior, const LogDensity& model, const Eigen::MatrixXd& x,
                                 std::size_t maxDraws = 400, int threads = 0);
ClassShares predictedClassShares(const Posterior& posterior, const LogDensity& model, const Design& design,
                                 std::size_t maxDraws = 400, int threads = 0);
// The same from the predicted counts a posteriorPredictive pass over `rows` rows has made.
ClassShares predictedClassShares(const Eigen::MatrixXi& drawPredictedCounts, Eigen::Index rows);

// R-hat and bulk ESS of predicted class probabilities for the first `rows` rows of x: the
// diagnostics to trust for models whose parameters are not identified (an MLP's hidden units
// can be relabelled, so its weights never mix across chains even when its predictions do).
// The worst over rows and classes by WorstDiagnostic's rule: NaN when it cannot be judged.
struct PredictionDiagnostics {
    double rhatMax = std::numeric_limits<double>::quiet_NaN(), essBulkMin = std::numeric_limits<double>::quiet_NaN();
};
PredictionDiagnostics predictionDiagnostics(const Posterior& posterior, const LogDensity& model, const Eigen::MatrixXd& x,
                                            Eigen::Index rows = 40);
PredictionDiagnostics predictionDiagnostics(const Posterior& posterior, const LogDensity& model, const Design& design,
                                            Eigen::Index rows = 40);

// The first `rows` rows of a design (its sparse parts too, where it has them).
Design topRows(const Design& design, Eigen::Index rows);

} // namespace genrelab

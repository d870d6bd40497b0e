#pragma once
// Live prior re-weighting: a fit's draws re-weighted by the ratio of a changed prior's density
// to the fitted one's (importance sampling, Pareto-smoothed), so moving nu, tau, lambda or a
// prior scale shows
// within milliseconds what the posterior, elpd_loo and the test predictions would become, with
// the re-weighting's k-hat saying whether to trust it (above 0.7: refit).
//
// What is kept per draw is bounded: at most maxDraws draws (evenly thinned over the pooled
// chains, read in place from the fit's posterior, never copied: with artist effects a draw holds
// 100,000 numbers), their natural parameters, the coordinates the prior's hyperparameter terms
// read (LogDensity::hyperparameterTermCoordinates: for hier-studentt with artist effects and 11
// classes 44 of them, copied so an update reads them contiguously), the log-likelihood of at most looRows training rows (float;
// an evenly spaced subset, from which elpd_loo is scaled to all rows) and the test rows' class
// probabilities (float), all computed once per fit. With the defaults, 400 draws and 3,600 test
// rows of 11 classes hold 63 MB.
#include "models/LogDensity.h"

#include <Eigen/Core>

#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace genrelab {

struct Design;
struct ModelSpec;
struct Posterior;

struct ReweightingOptions {
    Eigen::Index maxDraws = 400;
    Eigen::Index looRows = 1000;
};

// What re-weighting needs of a fit, computed once after it (on a worker).
struct ReweightingBasis {
    std::shared_ptr<const Posterior> posterior;  // the fit's draws (kept alive, read in place)
    std::vector<Eigen::Index> draws;             // the pooled indices used
    Eigen::MatrixXd natural;             // draws x outputs (LogDensity::outputs)
    std::vector<Eigen::Index> outputCoordinates;  // the fitted model's outputCoordinates()
    Eigen::MatrixXd outputValues;        // coordinates x draws: theta at outputCoordinates (a changed model's outputs)
    std::vector<std::string> names;      // of the outputs
    std::vector<Eigen::Index> priorCoordinates;  // the fitted model's hyperparameterTermCoordinates()
    Eigen::MatrixXd priorValues;         // coordinates x draws: theta at priorCoordinates
    Eigen::VectorXd baseLogPrior;        // per draw, the fitted model's hyperparameterTermsLogPrior
    Eigen::MatrixXf looLogLik;           // draws x sampled training rows
    Eigen::Index trainRows = 0;          // rows elpd_loo is scaled to
    Eigen::MatrixXf testProbabilities;   // (test rows x classes, column-major) x draws
    Eigen::VectorXi yTest;
    Eigen::Index classes = 0;
    Eigen::VectorXd baseLooPointwise;    // elpd_i of the sampled rows with the fitted prior

    Eigen::Index drawCount() const { return static_cast<Eigen::Index>(draws.size()); }
    Eigen::VectorXd theta(Eigen::Index k) const;  // of the k-th used draw
    bool empty() const { return draws.empty(); }
};

// posterior: for a RunResult r held by shared_ptr, std::shared_ptr<const Posterior>(r, &r->posterior).
ReweightingBasis makeReweightingBasis(const LogDensity& model, std::shared_ptr<const Posterior> posterior, const Design& train,
                                      const Eigen::VectorXi& yTrain, const Design& test, const Eigen::VectorXi& yTest,
                                      const ReweightingOptions& options = {}, int threads = 0);

// Fills the basis's priorCoordinates, priorValues and baseLogPrior from its draws (after
// posterior and draws are set).
void gatherPriorTerms(ReweightingBasis& basis, const LogDensity& fitted);

// Per draw of the basis, log p_changed(theta) - log p_fitted(theta), the whole log densities'
// difference in theta (likelihood and Jacobians included; where reweightingRefusal allows the
// change): the difference of the hyperparameter terms alone (the others cancel), from the
// gathered coordinates. Throws
// std::invalid_argument for a model of another layout.
Eigen::VectorXd priorLogRatios(const ReweightingBasis& basis, const LogDensity& changed);

struct ReweightedPosterior {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    double khat = nan;                       // of the prior ratios; -inf when the prior is unchanged
    Eigen::VectorXd means, lower, upper;     // per output: weighted mean, 5% and 95% quantiles
    // Scaled from the sampled rows to all training rows; the SEs hold LOO's and the subsample's
    // uncertainty (N sd(elpd_i) / sqrt(n)).
    double elpdLoo = nan, elpdLooSe = nan;
    double elpdLooChange = nan, elpdLooChangeSe = nan;  // against the fitted prior, same rows and draws
    double looKhatMax = nan;                 // of the rows' combined ratios
    double testAccuracy = nan, testLogPredictive = nan;  // from the weighted mean probabilities
    double effectiveDraws = nan;             // 1 / sum w^2
    // The means and intervals are of the changed model's natural parameters of the draws, which
    // differ from the basis's (its mapping from theta moved: alpha-scale, beta-scale in shift
    // coordinates).
    bool remapped = false;

    // min(1 - 1/log10 S, 0.7) would be stricter for few draws; the app states 0.7 (Vehtari et al. 2024).
    bool reliable() const { return khat <= 0.7; }
};

// Why a fit of `fitted` cannot be re-weighted to `changed` (empty when it can): a model that
// differs in more than the hyperparameters only its prior reads in theta's coordinates (nu, tau,
// lambda, mu-scale, alpha-scale, beta-scale, the network's prior scale, tau-artist, tau-title,
// copy-scale) is another model (family, coordinates, terms, layers), and a changed title slab
// changes the token weights the likelihood reads: the ratio of the densities is then not the
// prior's, and the basis's predictions are the fitted likelihood's.
std::string reweightingRefusal(const ModelSpec& fitted, const ModelSpec& changed);

// Re-weights the basis's draws to the prior of `changed` (the same model with other
// hyperparameters: same layout; see reweightingRefusal). The weights are the exact ratio of the
// two log densities in theta (the likelihood cancels); the means and intervals are of `changed`'s
// natural parameters of the draws (LogDensity::outputs), recomputed only where its mapping from
// theta differs from the fitted one's. Throws std::invalid_argument for a model of another layout.
ReweightedPosterior reweightPrior(const ReweightingBasis& basis, const LogDensity& changed);

// The inverse of the weighted ECDF at p: the smallest value whose cumulative normalized weight
// reaches p (the intervals' ends).
double weightedQuantile(const Eigen::VectorXd& values, const Eigen::VectorXd& weights, double p);

} // namespace genrelab

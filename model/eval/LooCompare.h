#pragma once
// Comparing runs by PSIS-LOO on the same rows, as R's loo 2.5.1: loo_compare() (elpd_diff to the
// best run and the standard error of that difference, sqrt(N) sd of the pointwise differences)
// and loo_model_weights(method = "stacking") (Yao, Vehtari, Simpson & Gelman 2018: the weights
// of the mixture of the runs' LOO predictive densities with the highest log score).
#include "eval/Loo.h"

#include <string>
#include <vector>

namespace genrelab {

struct LooComparisonRow {
    std::string name;
    double elpd = 0, se = 0, elpdDiff = 0, seDiff = 0, pLoo = 0, khatMax = 0, khatBadShare = 0, stackingWeight = 0;
};

// Rows best first (highest elpd_loo; elpd_diff 0 and se_diff 0 for the best). Throws
// std::invalid_argument for fewer than two runs, runs on different numbers of rows, or a run
// whose LOO was not computed.
std::vector<LooComparisonRow> compareLoo(const std::vector<std::string>& names, const std::vector<const LooResult*>& runs);

// Stacking weights from rows x runs pointwise elpd_loo: argmax over the simplex of
// sum_i log sum_k w_k exp(lpd_ik), solved to optimality (the objective is concave) by Newton
// steps on the free weights. Throws std::invalid_argument for fewer than two runs.
Eigen::VectorXd stackingWeights(const Eigen::MatrixXd& pointwiseElpd);

} // namespace genrelab

#pragma once
// PSIS-LOO as the CLI reports it: the one place for its JSON keys, its text lines and the
// pointwise log-likelihood file.
#include "eval/Loo.h"
#include "util/Json.h"

#include <string>

namespace genrelab::cli {

// "loo": {elpd, se, p_loo, khat_max, khat_bad_share, khat_threshold, note}; null where not computable.
void writeLooJson(JsonWriter& json, const LooResult& loo);
// Lines for run's text report ("n/a" where not computable).
std::string looText(const LooResult& loo);
// draws x rows as CSV: "chain,row_1,...,row_N", then per draw its chain (1-based) and
// log p(y_i | theta_s) in shortest round-trip form (-Inf where a probability is 0): the format
// R's loo reads with read.csv, and tests/data/loo holds.
std::string logLikelihoodCsv(const Eigen::MatrixXd& logLik, std::size_t chains);

} // namespace genrelab::cli

#pragma once
// What a choice of priors means before any data: the densities of mu_beta and sigma_beta, the
// implied prior of one coefficient beta = mu + sigma * z, and the prior-predictive class
// distribution on some feature rows. Cheap enough to recompute while a slider moves.
#include "models/ModelData.h"
#include "models/ModelSpec.h"

#include <Eigen/Core>

#include <memory>

namespace genrelab {

struct Curve {
    Eigen::VectorXd x, density;
};

struct PriorPreview {
    Curve mu;           // mu_beta (hierarchical models); empty otherwise
    Curve sigma;        // sigma_beta (hierarchical models); empty otherwise
    Curve coefficient;  // implied prior of one beta[d,c] (Monte Carlo histogram for hierarchical models)
    Eigen::VectorXd classShareMean, classShareQ5, classShareQ95;  // prior-predictive share of rows per class
    double coefficientSd = 0;  // robust spread (half the 16-84% range) of the implied coefficient prior
    // The class shares are those of the model without its group terms (artist effects, title
    // tokens, song copies): the preview's rows carry no groups. Those terms' priors add spread to
    // every row's logits that the shares do not show.
    bool groupTermsLeftOut = false;
};

// rows: features x rows to predict on (a small sample is enough); draws: prior draws used.
PriorPreview computePriorPreview(const ModelSpec& spec, std::shared_ptr<const ModelData> rows, int draws = 200,
                                 std::uint64_t seed = 1);

} // namespace genrelab

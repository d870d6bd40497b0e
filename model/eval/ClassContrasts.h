#pragma once
// The identified quantities of a softmax over classes. Adding one number to every class's
// intercept (or to every class's weight of one feature) leaves every probability unchanged, so
// alpha and beta themselves are identified only through their prior; two fits (VI and MCMC, or
// two parameterizations) may agree on every prediction and still differ by that shift. Their
// class contrasts do not: alpha_c - mean_k alpha_k and beta[j,c] - mean_k beta[j,k], which sum
// to zero over the classes. Compare fits on these.
#include "infer/Posterior.h"
#include "models/LogDensity.h"

#include <Eigen/Core>

#include <string>
#include <vector>

namespace genrelab {

struct ClassContrasts {
    std::vector<std::string> names;       // "alpha[Rock] - mean", "beta[energy,Rock] - mean"
    Eigen::MatrixXd draws;                // pooled draws x contrasts
};

// Each row of `block` (rows x classes, column-major as a ParameterBlock) minus its mean over the classes.
Eigen::MatrixXd centreOverClasses(const Eigen::MatrixXd& block);

// The contrasts of the model's natural alpha and beta blocks over the pooled draws; empty
// (no names) when its outputs have neither (the network's hidden weights have no such meaning).
ClassContrasts classContrasts(const LogDensity& model, const Posterior& posterior);

struct ContrastAgreement {
    std::string name;
    double meanA = 0, sdA = 0, meanB = 0, sdB = 0;
    double z = 0;          // (meanA - meanB) / sdB: how far A's mean sits in B's posterior sds
    double sdRatio = 0;    // sdA / sdB
};
// A against B (B the reference, e.g. NUTS) for the contrasts both have, by name, in A's order.
std::vector<ContrastAgreement> compareContrasts(const ClassContrasts& a, const ClassContrasts& b);

} // namespace genrelab

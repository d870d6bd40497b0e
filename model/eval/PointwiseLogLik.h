#pragma once
// The pointwise log-likelihood every LOO number starts from: draws x rows of
// log p(y_i | theta_s), the log of the model's probability of row i's class under draw s. One
// entry point for every model: a model with its own row structure passes its own rows here.
#include "infer/Posterior.h"
#include "models/Design.h"
#include "models/LogDensity.h"

#include <Eigen/Core>

namespace genrelab {

// Draws pooled chain after chain (Posterior::pooled). threads <= 0: one per core. The same
// numbers for any thread count. -inf where a probability underflows to 0.
Eigen::MatrixXd pointwiseLogLikelihood(const LogDensity& model, const Posterior& posterior, const Design& rows,
                                       const Eigen::VectorXi& y, int threads = 0);
// Dense rows only (a model without group terms).
Eigen::MatrixXd pointwiseLogLikelihood(const LogDensity& model, const Posterior& posterior, const Eigen::MatrixXd& x,
                                       const Eigen::VectorXi& y, int threads = 0);

} // namespace genrelab

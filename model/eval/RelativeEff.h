#pragma once
// Relative efficiency of draws of one quantity, as R's loo 2.5.1 relative_eff() (its ess_rfun:
// Geyer's initial positive and monotone sequences on the autocovariances of each chain, with
// the between-chain variance of the chain means). loo applies it to exp(log-likelihood) per row
// to set each row's PSIS tail length. Chains are stacked in `values`: chain c holds entries
// c * n .. c * n + n - 1 with n = size / chains.
#include <Eigen/Core>

#include <cstddef>

namespace genrelab {

// ESS / (chains * n); NaN when it cannot be computed (fewer than 2 draws per chain, no variance,
// values that are not finite).
double relativeEfficiency(Eigen::Ref<const Eigen::VectorXd> values, std::size_t chains);

} // namespace genrelab

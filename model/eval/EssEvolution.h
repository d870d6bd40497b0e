#pragma once
// How bulk and tail ESS grow with the draws (Vehtari et al. 2021, section 4.3): the ESS of the
// first n draws of every chain, at evenly spaced n up to all of them. With a sampler that mixes
// both grow about linearly in n; a curve that flattens or falls says more draws buy little.
#include <Eigen/Core>

#include <vector>

namespace genrelab {

struct EssEvolution {
    std::vector<int> drawsPerChain;      // n at each cut point, increasing, the last all draws
    std::vector<double> bulk, tail;      // essBulk and essTail of the first n draws of each chain
};

// draws: draws x chains. cuts points at n_k = round(k N / cuts), k = 1..cuts, leaving out n
// below 4 (Diagnostics needs them) and repeats; NaN where Diagnostics gives NaN. The last point
// equals essBulk(draws) and essTail(draws) exactly.
EssEvolution essEvolution(const Eigen::MatrixXd& draws, int cuts = 20);

} // namespace genrelab

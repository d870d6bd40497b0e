#include "infer/Posterior.h"

#include <algorithm>

namespace genrelab {

std::size_t Posterior::drawsPerChain() const {
    if (chains.empty()) return 0;
    std::size_t n = static_cast<std::size_t>(chains.front().draws.rows());
    for (const auto& c : chains) n = std::min(n, static_cast<std::size_t>(c.draws.rows()));
    return n;
}

Eigen::MatrixXd Posterior::pooled() const {
    const auto n = static_cast<Eigen::Index>(drawsPerChain());
    Eigen::MatrixXd out(n * static_cast<Eigen::Index>(chains.size()), dim());
    for (std::size_t c = 0; c < chains.size(); ++c) out.middleRows(static_cast<Eigen::Index>(c) * n, n) = chains[c].draws.topRows(n);
    return out;
}

Eigen::MatrixXd Posterior::coordinate(Eigen::Index index) const {
    const auto n = static_cast<Eigen::Index>(drawsPerChain());
    Eigen::MatrixXd out(n, static_cast<Eigen::Index>(chains.size()));
    for (std::size_t c = 0; c < chains.size(); ++c) out.col(static_cast<Eigen::Index>(c)) = chains[c].draws.col(index).head(n);
    return out;
}

std::size_t Posterior::divergences() const {
    std::size_t n = 0;
    for (const auto& c : chains)
        for (const auto& s : c.stats) n += s.divergent ? 1 : 0;
    return n;
}

} // namespace genrelab

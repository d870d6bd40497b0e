#include "infer/Posterior.h"

#include <algorithm>

namespace genrelab {

std::size_t Posterior::drawsPerChain() const {
    if (chains.empty()) return 0;
    std::size_t n = static_cast<std::size_t>(chains.front().draws.rows());
    for (const auto& c : chains) n = std::min(n, static_cast<std::size_t>(c.draws.rows()));
    return n;
}

PooledDraws::PooledDraws(const Posterior& posterior)
    : chains_(&posterior.chains), perChain_(static_cast<Eigen::Index>(posterior.drawsPerChain())) {}

Eigen::Index PooledDraws::cols() const { return chains_->empty() ? 0 : chains_->front().draws.cols(); }

Eigen::MatrixXd::ConstRowXpr PooledDraws::row(Eigen::Index s) const {
    const Eigen::MatrixXd& draws = (*chains_)[static_cast<std::size_t>(s / perChain_)].draws;
    return draws.row(s % perChain_);
}

Eigen::MatrixXd PooledDraws::matrix() const {
    Eigen::MatrixXd out(rows(), cols());
    for (std::size_t c = 0; c < chains_->size(); ++c)
        out.middleRows(static_cast<Eigen::Index>(c) * perChain_, perChain_) = (*chains_)[c].draws.topRows(perChain_);
    return out;
}

Eigen::MatrixXd Posterior::coordinate(Eigen::Index index) const {
    const auto n = static_cast<Eigen::Index>(drawsPerChain());
    Eigen::MatrixXd out(n, static_cast<Eigen::Index>(chains.size()));
    for (std::size_t c = 0; c < chains.size(); ++c) out.col(static_cast<Eigen::Index>(c)) = chains[c].draws.col(index).head(n);
    return out;
}

std::size_t Posterior::divergences() const {
    // Only the kept draws (the shortest chain's length) count: every other summary reads those.
    const std::size_t kept = drawsPerChain();
    std::size_t n = 0;
    for (const auto& c : chains)
        for (std::size_t i = 0; i < std::min(kept, c.stats.size()); ++i) n += c.stats[i].divergent ? 1 : 0;
    return n;
}

} // namespace genrelab

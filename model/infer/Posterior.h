#pragma once
// Draws of theta per chain, with each draw's sampler diagnostics. SVI, NUTS and prior sampling
// all end here, so prediction, summaries, diagnostics and export are written once.
#include <Eigen/Core>

#include <limits>
#include <string>
#include <vector>

namespace genrelab {

struct DrawStats {
    double logDensity = 0.0;   // lp__
    double acceptStat = 0.0;
    double stepSize = 0.0;
    int treeDepth = 0;
    int leapfrogSteps = 0;
    bool divergent = false;
    double energy = 0.0;
};

struct Chain {
    Eigen::MatrixXd draws;          // draws x dim (unconstrained theta)
    std::vector<DrawStats> stats;   // one per draw (empty for SVI and prior draws)
    std::size_t warmupDone = 0;     // warmup iterations completed (NUTS)
    // NUTS: this chain's own time in warmup and in sampling (extensions add to sampling; turns
    // other chains take on its thread are not counted), for the elapsed-time lines of its Stan
    // CSV; NaN where not measured (other methods, a session).
    double warmupSeconds = std::numeric_limits<double>::quiet_NaN();
    double samplingSeconds = std::numeric_limits<double>::quiet_NaN();
};

struct Posterior;

// All draws stacked, chain after chain (up to drawsPerChain() of each), read in place: row s
// is draw s % n of chain s / n. Valid while the posterior lives and keeps its draws.
class PooledDraws {
public:
    explicit PooledDraws(const Posterior& posterior);
    Eigen::Index rows() const { return perChain_ * static_cast<Eigen::Index>(chains_->size()); }
    Eigen::Index cols() const;
    Eigen::MatrixXd::ConstRowXpr row(Eigen::Index s) const;
    Eigen::MatrixXd matrix() const;  // a copy, for a caller that needs one matrix

private:
    const std::vector<Chain>* chains_;
    Eigen::Index perChain_;
};

struct Posterior {
    std::string method;             // "nuts", "svi", "prior"
    std::vector<Chain> chains;
    bool partial = false;           // stopped before the planned number of draws
    double seconds = 0.0;

    std::size_t chainCount() const { return chains.size(); }
    std::size_t drawsPerChain() const;   // the shortest chain's draws
    Eigen::Index dim() const { return chains.empty() ? 0 : chains.front().draws.cols(); }
    PooledDraws pooled() const { return PooledDraws(*this); }
    // draws x chains matrix of one coordinate of theta.
    Eigen::MatrixXd coordinate(Eigen::Index index) const;
    std::size_t divergences() const;   // among the kept draws (drawsPerChain() of each chain)
};

} // namespace genrelab

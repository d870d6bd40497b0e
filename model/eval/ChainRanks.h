#pragma once
// Rank plots of one quantity's chains (Vehtari, Gelman, Simpson, Carpenter & Bürkner 2021,
// "Rank-normalization, folding, and localization", section 4.1): every draw of every chain is
// ranked among all draws pooled; chains that sample the same distribution give each chain a
// uniform share of the ranks. Shown two ways: a rank histogram per chain, and per chain the
// difference between the ECDF of its fractional ranks and the uniform CDF, beside the
// simultaneous band of RankUniformity (Säilynoja et al. 2022) for that many independent
// uniform values. The band treats a chain's draws as independent, so autocorrelated chains
// leave it more often than 5% of the time even when they mix, and the level holds per chain,
// not for all chains at once: a chain far outside its band is the signal, not a touch.
#include "eval/RankUniformity.h"

#include <Eigen/Core>

#include <vector>

namespace genrelab {

struct ChainRanks {
    int drawsPerChain = 0;
    int bins = 0;
    std::vector<std::vector<int>> histograms;     // per chain: counts of its pooled ranks per bin
    EcdfBand band;                                // for drawsPerChain values at band.z
    std::vector<std::vector<int>> ecdfCounts;     // per chain: fractional ranks at or below band.z
    std::vector<bool> outsideBand;                // per chain
};

// draws: draws x chains of one quantity. Pooled ranks are average ranks 1..S of the S draws
// (ties share their mean rank); bins equal-width bins over [0, S]; the fractional rank of
// rank r is r / S. Empty histograms and no band with fewer than 2 draws per chain or a draw
// that is not finite.
ChainRanks chainRanks(const Eigen::MatrixXd& draws, int bins = 20, int ecdfPoints = 100, double level = 0.95);
// The band of chainRanks for this many draws per chain, points and level.
EcdfBand chainRanksBand(Eigen::Index drawsPerChain, int ecdfPoints = 100, double level = 0.95);
// The same with that band given (band.samples must equal draws.rows()): the band takes far
// longer to compute than the ranks and is the same for every parameter of a run.
ChainRanks chainRanks(const Eigen::MatrixXd& draws, const EcdfBand& band, int bins = 20);

} // namespace genrelab

#pragma once
// One NUTS transition as Stan's base_nuts builds it: the trajectory doubles in a random
// direction, each new subtree is built recursively, states are chosen by multinomial weights
// (biased progressive sampling between subtrees) and every merge is checked by the generalized
// no-U-turn criterion, across the merged tree and across each pair of neighbouring subtrees.
//
// The tree knows nothing of models: it runs over a Hamiltonian system (the concept below), so
// a test can drive it with a scripted trajectory and see every U-turn check, as Stan's
// base_nuts_test does with its mock Hamiltonian. The sampler instantiates it over itself;
// every call inlines, so the production path costs what a hand-written tree costs.
#include "infer/Posterior.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <limits>

namespace genrelab {

// A point in phase space: position, momentum, gradient of the potential V = -log density, V.
struct PhasePoint {
    Eigen::VectorXd q, p, g;
    double v = 0.0;
};

// The generalized no-U-turn criterion (Betancourt 2017; Stan's compute_criterion): the
// trajectory may keep growing while the sharp momenta (inverse metric times p) at both of its
// ends point along rho, the sum of the momenta over it.
inline bool noUTurn(const Eigen::VectorXd& pSharpMinus, const Eigen::VectorXd& pSharpPlus, const Eigen::VectorXd& rho) {
    return pSharpPlus.dot(rho) > 0 && pSharpMinus.dot(rho) > 0;
}

// One evaluation of the criterion, as a system that wants to watch them sees it.
struct UTurnCheck {
    enum class Span {
        Merged,      // the whole merged tree
        LeftJoined,  // the earlier subtree and the first point of the later one
        RightJoined  // the last point of the earlier subtree and the later one
    };
    int depth = 0;   // height of the merged tree (two subtrees of depth - 1)
    Span span = Span::Merged;
    // The sharp momenta at the span's two ends, in the order the tree passes them (the
    // criterion is symmetric in them; for a subtree built backward the first is its forward end).
    const Eigen::VectorXd& pSharpMinus;
    const Eigen::VectorXd& pSharpPlus;
    const Eigen::VectorXd& rho;          // the momenta summed over the span
    bool noUTurn = true;
};

// What the tree asks of the system it integrates. `uniform` draws Uniform(0, 1) for the
// direction of each doubling and for the multinomial choices.
template <typename H>
concept HamiltonianSystem = requires(H& h, PhasePoint& z, const PhasePoint& cz, const Eigen::VectorXd& p, double epsilon) {
    h.leapfrog(z, epsilon);
    { h.hamiltonian(cz) } -> std::convertible_to<double>;
    { h.velocity(p) } -> std::convertible_to<Eigen::VectorXd>;
    h.sampleMomentum(z);
    { h.uniform() } -> std::convertible_to<double>;
};

// A system may also declare `void onUTurnCheck(const UTurnCheck&)`: then it sees every
// criterion evaluated. Checks after a failed one at the same merge are not evaluated (&&).
template <typename H>
concept WatchesUTurnChecks = requires(H& h, const UTurnCheck& check) { h.onUTurnCheck(check); };

template <HamiltonianSystem Hamiltonian>
class NutsTree {
public:
    // z: the chain's current point; the transition leaves the chosen state there.
    NutsTree(Hamiltonian& system, PhasePoint& z, double stepSize, int maxDepth, double maxDeltaH)
        : h_(system), z_(z), stepSize_(stepSize), maxDepth_(maxDepth), maxDeltaH_(maxDeltaH) {}

    // Draws a momentum, builds the trajectory, moves z to the chosen state.
    DrawStats transition();

    // Stan's build_tree: 2^depth leapfrog steps from z in direction sign. Returns false when
    // the subtree diverged or turned back on itself (then it is discarded).
    bool buildTree(int depth, PhasePoint& propose, Eigen::VectorXd& pSharpBeg, Eigen::VectorXd& pSharpEnd,
                   Eigen::VectorXd& rho, Eigen::VectorXd& pBeg, Eigen::VectorXd& pEnd, double h0, double sign,
                   int& nLeapfrog, double& logSumWeight, double& sumMetroProb);

    bool divergent() const { return divergent_; }
    int depth() const { return depth_; }

private:
    static double logSumExp(double a, double b) {
        if (a == -kInf) return b;
        if (b == -kInf) return a;
        const double m = std::max(a, b);
        return m + std::log(std::exp(a - m) + std::exp(b - m));
    }
    bool check(int depth, UTurnCheck::Span span, const Eigen::VectorXd& pSharpMinus, const Eigen::VectorXd& pSharpPlus,
               const Eigen::VectorXd& rho) {
        const bool result = noUTurn(pSharpMinus, pSharpPlus, rho);
        if constexpr (WatchesUTurnChecks<Hamiltonian>) h_.onUTurnCheck(UTurnCheck{depth, span, pSharpMinus, pSharpPlus, rho, result});
        return result;
    }

    static constexpr double kInf = std::numeric_limits<double>::infinity();
    Hamiltonian& h_;
    PhasePoint& z_;
    double stepSize_;
    int maxDepth_;
    double maxDeltaH_;
    bool divergent_ = false;
    int depth_ = 0;
};

template <HamiltonianSystem Hamiltonian>
bool NutsTree<Hamiltonian>::buildTree(int depth, PhasePoint& propose, Eigen::VectorXd& pSharpBeg, Eigen::VectorXd& pSharpEnd,
                                      Eigen::VectorXd& rho, Eigen::VectorXd& pBeg, Eigen::VectorXd& pEnd, double h0, double sign,
                                      int& nLeapfrog, double& logSumWeight, double& sumMetroProb) {
    if (depth == 0) {
        h_.leapfrog(z_, sign * stepSize_);
        ++nLeapfrog;
        double h = h_.hamiltonian(z_);
        if (std::isnan(h)) h = kInf;
        if (h - h0 > maxDeltaH_) divergent_ = true;
        logSumWeight = logSumExp(logSumWeight, h0 - h);
        sumMetroProb += h0 - h > 0 ? 1.0 : std::exp(h0 - h);
        propose = z_;
        pSharpBeg = h_.velocity(z_.p);
        pSharpEnd = pSharpBeg;
        rho += z_.p;
        pBeg = z_.p;
        pEnd = pBeg;
        return !divergent_;
    }
    const Eigen::Index n = z_.q.size();
    // The initial subtree.
    double logSumWeightInit = -kInf;
    Eigen::VectorXd pInitEnd(n), pSharpInitEnd(n), rhoInit = Eigen::VectorXd::Zero(n);
    if (!buildTree(depth - 1, propose, pSharpBeg, pSharpInitEnd, rhoInit, pBeg, pInitEnd, h0, sign, nLeapfrog, logSumWeightInit,
                   sumMetroProb))
        return false;
    // The final subtree.
    PhasePoint proposeFinal = z_;
    double logSumWeightFinal = -kInf;
    Eigen::VectorXd pFinalBeg(n), pSharpFinalBeg(n), rhoFinal = Eigen::VectorXd::Zero(n);
    if (!buildTree(depth - 1, proposeFinal, pSharpFinalBeg, pSharpEnd, rhoFinal, pFinalBeg, pEnd, h0, sign, nLeapfrog,
                   logSumWeightFinal, sumMetroProb))
        return false;
    // Multinomial sample from the two subtrees.
    const double logSumWeightSubtree = logSumExp(logSumWeightInit, logSumWeightFinal);
    logSumWeight = logSumExp(logSumWeight, logSumWeightSubtree);
    if (logSumWeightFinal > logSumWeightSubtree) {
        propose = proposeFinal;
    } else if (h_.uniform() < std::exp(logSumWeightFinal - logSumWeightSubtree)) {
        propose = proposeFinal;
    }
    const Eigen::VectorXd rhoSubtree = rhoInit + rhoFinal;
    rho += rhoSubtree;
    // No U-turn across the merged subtree, and across each pair of neighbours. In the
    // direction of integration: "beg" is the first point built, "end" the last; for sign -1
    // the criterion's minus and plus ends swap roles, which it does not care about.
    bool persist = check(depth, UTurnCheck::Span::Merged, pSharpBeg, pSharpEnd, rhoSubtree);
    persist = persist && check(depth, UTurnCheck::Span::LeftJoined, pSharpBeg, pSharpFinalBeg, rhoInit + pFinalBeg);
    persist = persist && check(depth, UTurnCheck::Span::RightJoined, pSharpInitEnd, pSharpEnd, rhoFinal + pInitEnd);
    return persist;
}

template <HamiltonianSystem Hamiltonian>
DrawStats NutsTree<Hamiltonian>::transition() {
    h_.sampleMomentum(z_);
    PhasePoint zFwd = z_, zBck = z_, zSample = z_, zPropose = z_;
    // Momenta and sharp momenta at the ends of the backward (Bck) and forward (Fwd) parts of the
    // trajectory: pFwdBck is the forward part's backward end, and so on.
    Eigen::VectorXd pFwdFwd = z_.p, pSharpFwdFwd = h_.velocity(z_.p);
    Eigen::VectorXd pFwdBck = z_.p, pSharpFwdBck = pSharpFwdFwd;
    Eigen::VectorXd pBckFwd = z_.p, pSharpBckFwd = pSharpFwdFwd;
    Eigen::VectorXd pBckBck = z_.p, pSharpBckBck = pSharpFwdFwd;
    Eigen::VectorXd rho = z_.p;
    double logSumWeight = 0.0;
    const double h0 = h_.hamiltonian(z_);
    int nLeapfrog = 0;
    double sumMetroProb = 0.0;
    depth_ = 0;
    divergent_ = false;
    const Eigen::Index n = z_.q.size();

    while (depth_ < maxDepth_) {
        Eigen::VectorXd rhoFwd = Eigen::VectorXd::Zero(n), rhoBck = Eigen::VectorXd::Zero(n);
        bool valid = false;
        double logSumWeightSubtree = -kInf;
        // The trajectory so far becomes one part of the next: its outer ends are the new part's
        // ends (Stan's base_nuts; the inner ends of the last subtree would join the checks
        // across the parts at the wrong point).
        if (h_.uniform() > 0.5) {  // extend forward: the trajectory so far is the backward part
            z_ = zFwd;
            rhoBck = rho;
            pBckFwd = pFwdFwd;
            pSharpBckFwd = pSharpFwdFwd;
            valid = buildTree(depth_, zPropose, pSharpFwdBck, pSharpFwdFwd, rhoFwd, pFwdBck, pFwdFwd, h0, 1.0, nLeapfrog,
                              logSumWeightSubtree, sumMetroProb);
            zFwd = z_;
        } else {  // extend backward: the trajectory so far is the forward part
            z_ = zBck;
            rhoFwd = rho;
            pFwdBck = pBckBck;
            pSharpFwdBck = pSharpBckBck;
            valid = buildTree(depth_, zPropose, pSharpBckFwd, pSharpBckBck, rhoBck, pBckFwd, pBckBck, h0, -1.0, nLeapfrog,
                              logSumWeightSubtree, sumMetroProb);
            zBck = z_;
        }
        if (!valid) break;
        ++depth_;
        if (logSumWeightSubtree > logSumWeight) {
            zSample = zPropose;
        } else if (h_.uniform() < std::exp(logSumWeightSubtree - logSumWeight)) {
            zSample = zPropose;
        }
        logSumWeight = logSumExp(logSumWeight, logSumWeightSubtree);
        rho = rhoBck + rhoFwd;
        bool persist = check(depth_, UTurnCheck::Span::Merged, pSharpBckBck, pSharpFwdFwd, rho);
        persist = persist && check(depth_, UTurnCheck::Span::LeftJoined, pSharpBckBck, pSharpFwdBck, rhoBck + pFwdBck);
        persist = persist && check(depth_, UTurnCheck::Span::RightJoined, pSharpBckFwd, pSharpFwdFwd, rhoFwd + pBckFwd);
        if (!persist) break;
    }
    z_ = zSample;
    DrawStats stats;
    stats.logDensity = -z_.v;
    stats.acceptStat = nLeapfrog > 0 ? sumMetroProb / nLeapfrog : 0.0;
    stats.stepSize = stepSize_;
    stats.treeDepth = depth_;
    stats.leapfrogSteps = nLeapfrog;
    stats.divergent = divergent_;
    stats.energy = h_.hamiltonian(z_);
    return stats;
}

} // namespace genrelab

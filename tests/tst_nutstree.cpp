// The NUTS tree pinned exactly, as Stan's base_nuts_test pins it: a scripted one-dimensional
// system (the position counts leapfrog steps, the momentum is a table of the step, the
// inverse metric is 2) drives NutsTree, which reports every U-turn check it evaluates. Each
// check must cover the span of the trajectory it claims to: rho the momenta summed over the
// span, the sharp momenta those of its two ends. A swapped argument cannot hide behind a
// statistical tolerance here.
#include "infer/NutsTree.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <vector>

using namespace genrelab;

namespace {

struct RecordedCheck {
    int depth;
    UTurnCheck::Span span;
    double pSharpMinus, pSharpPlus, rho;
    bool noUTurn;
};

// Step k of the trajectory (k < 0 backward) sits at q = k with momentum momentum(k).
struct ScriptedSystem {
    std::function<double(int)> momentum;
    std::function<double(int)> energy = [](int) { return 0.0; };
    std::vector<double> uniforms;      // consumed in order, then 0.9 (forward; keep the first subtree's state)
    std::size_t uniformCalls = 0;
    std::vector<RecordedCheck> checks;

    static int step(const PhasePoint& z) { return static_cast<int>(std::lround(z.q[0])); }
    void leapfrog(PhasePoint& z, double epsilon) {
        z.q[0] += epsilon;
        z.p[0] = momentum(step(z));
    }
    double hamiltonian(const PhasePoint& z) const { return energy(step(z)); }
    Eigen::VectorXd velocity(const Eigen::VectorXd& p) const { return 2.0 * p; }
    void sampleMomentum(PhasePoint& z) { z.p = Eigen::VectorXd::Constant(1, momentum(step(z))); }
    double uniform() { return uniformCalls < uniforms.size() ? uniforms[uniformCalls++] : (++uniformCalls, 0.9); }
    void onUTurnCheck(const UTurnCheck& c) {
        checks.push_back({c.depth, c.span, c.pSharpMinus[0], c.pSharpPlus[0], c.rho[0], c.noUTurn});
    }
};

PhasePoint origin() {
    PhasePoint z;
    z.q = Eigen::VectorXd::Zero(1);
    z.p = Eigen::VectorXd::Zero(1);
    z.g = Eigen::VectorXd::Zero(1);
    return z;
}

// A check over the steps from `first` to `last` (in the order the tree passed them).
struct ExpectedSpan {
    int depth;
    UTurnCheck::Span span;
    int first, last;
    bool noUTurn = true;
};

void compareTrace(const ScriptedSystem& system, const std::vector<ExpectedSpan>& expected) {
    QCOMPARE(system.checks.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const RecordedCheck& got = system.checks[i];
        const ExpectedSpan& want = expected[i];
        double rho = 0.0;
        for (int k = std::min(want.first, want.last); k <= std::max(want.first, want.last); ++k) rho += system.momentum(k);
        const QByteArray where = QByteArray("check ") + QByteArray::number(int(i));
        QVERIFY2(got.depth == want.depth, where);
        QVERIFY2(got.span == want.span, where);
        QVERIFY2(got.pSharpMinus == 2.0 * system.momentum(want.first), where + " p_sharp_minus " + QByteArray::number(got.pSharpMinus));
        QVERIFY2(got.pSharpPlus == 2.0 * system.momentum(want.last), where + " p_sharp_plus " + QByteArray::number(got.pSharpPlus));
        QVERIFY2(got.rho == rho, where + " rho " + QByteArray::number(got.rho) + " expected " + QByteArray::number(rho));
        QVERIFY2(got.noUTurn == want.noUTurn, where + " decision");
    }
}

using S = UTurnCheck::Span;

} // namespace

class TestNutsTree : public QObject {
    Q_OBJECT
private slots:
    void criterionNeedsBothEndsAlongRho() {
        const Eigen::Vector2d rho(1.0, 1.0);
        QVERIFY(noUTurn(Eigen::Vector2d(1.0, 0.0), Eigen::Vector2d(0.0, 1.0), rho));
        QVERIFY(!noUTurn(Eigen::Vector2d(-1.0, 0.0), Eigen::Vector2d(0.0, 1.0), rho));
        QVERIFY(!noUTurn(Eigen::Vector2d(1.0, 0.0), Eigen::Vector2d(0.0, -1.0), rho));
        QVERIFY(!noUTurn(Eigen::Vector2d(1.0, 0.0), Eigen::Vector2d(-1.0, 1.0), rho));  // orthogonal: 0 is a U-turn
    }

    // Stan's build_tree_test: a subtree of depth 3 is 8 leapfrog steps; rho gathers their momenta.
    void subtreeOfDepthThree() {
        ScriptedSystem system;
        system.momentum = [](int k) { return 1.0 + k; };
        PhasePoint z = origin();
        system.sampleMomentum(z);
        NutsTree<ScriptedSystem> tree(system, z, 1.0, 10, 1000.0);
        PhasePoint propose;
        Eigen::VectorXd pSharpBeg(1), pSharpEnd(1), pBeg(1), pEnd(1), rho = z.p;
        int nLeapfrog = 0;
        double logSumWeight = -std::numeric_limits<double>::infinity(), sumMetroProb = 0.0;
        const double h0 = 0.5;  // every state's weight is exp(h0 - 0)
        QVERIFY(tree.buildTree(3, propose, pSharpBeg, pSharpEnd, rho, pBeg, pEnd, h0, 1.0, nLeapfrog, logSumWeight, sumMetroProb));
        QCOMPARE(nLeapfrog, 8);
        QCOMPARE(z.q[0], 8.0);
        QCOMPARE(rho[0], 1.0 + (2 + 3 + 4 + 5 + 6 + 7 + 8 + 9));
        QCOMPARE(pBeg[0], 2.0);
        QCOMPARE(pSharpBeg[0], 4.0);
        QCOMPARE(pEnd[0], 9.0);
        QCOMPARE(pSharpEnd[0], 18.0);
        QVERIFY(std::fabs(logSumWeight - (h0 + std::log(8.0))) < 1e-14);
        QCOMPARE(sumMetroProb, 8.0);  // h0 - h > 0: each step accepts with probability 1
        QCOMPARE(propose.q[0], 1.0);  // uniforms of 0.9 never move to a later subtree (probability 1/2)
        QCOMPARE(system.uniformCalls, std::size_t{7});  // one per merge
        compareTrace(system, {{1, S::Merged, 1, 2}, {1, S::LeftJoined, 1, 2}, {1, S::RightJoined, 1, 2},
                              {1, S::Merged, 3, 4}, {1, S::LeftJoined, 3, 4}, {1, S::RightJoined, 3, 4},
                              {2, S::Merged, 1, 4}, {2, S::LeftJoined, 1, 3}, {2, S::RightJoined, 2, 4},
                              {1, S::Merged, 5, 6}, {1, S::LeftJoined, 5, 6}, {1, S::RightJoined, 5, 6},
                              {1, S::Merged, 7, 8}, {1, S::LeftJoined, 7, 8}, {1, S::RightJoined, 7, 8},
                              {2, S::Merged, 5, 8}, {2, S::LeftJoined, 5, 7}, {2, S::RightJoined, 6, 8},
                              {3, S::Merged, 1, 8}, {3, S::LeftJoined, 1, 5}, {3, S::RightJoined, 4, 8}});
    }

    // Momenta that never turn: the trajectory doubles forward up to the maximum depth,
    // n_leapfrog = 2^depth - 1, and every check of every merge spans what it should.
    void forwardToTheMaximumDepth() {
        ScriptedSystem system;
        system.momentum = [](int k) { return 1.0 + k; };
        PhasePoint z = origin();
        NutsTree<ScriptedSystem> tree(system, z, 1.0, 3, 1000.0);
        const DrawStats stats = tree.transition();
        QCOMPARE(stats.treeDepth, 3);
        QCOMPARE(stats.leapfrogSteps, (1 << 3) - 1);
        QVERIFY(!stats.divergent);
        QCOMPARE(stats.acceptStat, 1.0);
        QCOMPARE(z.q[0], 4.0);  // the last doubling's first state, taken with probability 1/2 by u = 0.9 < 1
        QCOMPARE(system.uniformCalls, std::size_t{2 + 3 + 5});  // per doubling: a direction, a choice per inner merge, a choice
        compareTrace(system, {{1, S::Merged, 0, 1}, {1, S::LeftJoined, 0, 1}, {1, S::RightJoined, 0, 1},
                              {1, S::Merged, 2, 3}, {1, S::LeftJoined, 2, 3}, {1, S::RightJoined, 2, 3},
                              {2, S::Merged, 0, 3}, {2, S::LeftJoined, 0, 2}, {2, S::RightJoined, 1, 3},
                              {1, S::Merged, 4, 5}, {1, S::LeftJoined, 4, 5}, {1, S::RightJoined, 4, 5},
                              {1, S::Merged, 6, 7}, {1, S::LeftJoined, 6, 7}, {1, S::RightJoined, 6, 7},
                              {2, S::Merged, 4, 7}, {2, S::LeftJoined, 4, 6}, {2, S::RightJoined, 5, 7},
                              {3, S::Merged, 0, 7}, {3, S::LeftJoined, 0, 4}, {3, S::RightJoined, 3, 7}});
    }

    // Forward twice, then backward: the checks across the old trajectory and the new backward
    // subtree join at the old trajectory's backward end (step 0), not at an inner point.
    void forwardThenBackward() {
        ScriptedSystem system;
        system.momentum = [](int k) { return 10.0 + k; };
        system.uniforms = {0.9, 0.9, 0.9, 0.9, 0.9, 0.1};
        PhasePoint z = origin();
        NutsTree<ScriptedSystem> tree(system, z, 1.0, 3, 1000.0);
        const DrawStats stats = tree.transition();
        QCOMPARE(stats.treeDepth, 3);
        QCOMPARE(stats.leapfrogSteps, 7);
        QCOMPARE(system.uniformCalls, std::size_t{10});
        QCOMPARE(z.q[0], -1.0);
        compareTrace(system, {{1, S::Merged, 0, 1}, {1, S::LeftJoined, 0, 1}, {1, S::RightJoined, 0, 1},
                              {1, S::Merged, 2, 3}, {1, S::LeftJoined, 2, 3}, {1, S::RightJoined, 2, 3},
                              {2, S::Merged, 0, 3}, {2, S::LeftJoined, 0, 2}, {2, S::RightJoined, 1, 3},
                              // the backward subtree, passed from step -1 to -4
                              {1, S::Merged, -1, -2}, {1, S::LeftJoined, -1, -2}, {1, S::RightJoined, -1, -2},
                              {1, S::Merged, -3, -4}, {1, S::LeftJoined, -3, -4}, {1, S::RightJoined, -3, -4},
                              {2, S::Merged, -1, -4}, {2, S::LeftJoined, -1, -3}, {2, S::RightJoined, -2, -4},
                              {3, S::Merged, -4, 3}, {3, S::LeftJoined, -4, 0}, {3, S::RightJoined, -1, 3}});
    }

    // The momentum reverses inside the second doubling's subtree: that subtree is discarded,
    // the depth stays 1 and its two steps still count (n_leapfrog = 2^(depth+1) - 1).
    void aUTurnInsideASubtreeDiscardsIt() {
        ScriptedSystem system;
        system.momentum = [](int k) { return 3.0 - k; };  // 3, 2, 1, 0, -1, ...
        PhasePoint z = origin();
        NutsTree<ScriptedSystem> tree(system, z, 1.0, 10, 1000.0);
        const DrawStats stats = tree.transition();
        QCOMPARE(stats.treeDepth, 1);
        QCOMPARE(stats.leapfrogSteps, 3);
        QCOMPARE(z.q[0], 1.0);
        // p_sharp at step 3 is 0: orthogonal to rho counts as a U-turn.
        compareTrace(system, {{1, S::Merged, 0, 1}, {1, S::LeftJoined, 0, 1}, {1, S::RightJoined, 0, 1}, {1, S::Merged, 2, 3, false}});
    }

    // The trajectory itself turns at the first merge: it stops there, the doubling kept.
    void aUTurnOfTheWholeTrajectoryStopsIt() {
        ScriptedSystem system;
        system.momentum = [](int k) { return k == 0 ? 1.0 : -1.0; };
        PhasePoint z = origin();
        NutsTree<ScriptedSystem> tree(system, z, 1.0, 10, 1000.0);
        const DrawStats stats = tree.transition();
        QCOMPARE(stats.treeDepth, 1);
        QCOMPARE(stats.leapfrogSteps, 1);
        QCOMPARE(z.q[0], 1.0);
        compareTrace(system, {{1, S::Merged, 0, 1, false}});  // rho = 0
    }

    // The multinomial choice, hand-computed: a forward trajectory of depth 2 over states 0..3
    // with weights w_k = exp(H0 - H(k)). Within a subtree the later half is taken with
    // probability w_final / (w_init + w_final) (uniform sampling); at the top the new subtree
    // replaces the sample with probability min(1, w_subtree / w_old) (biased progressive
    // sampling: no uniform is drawn when the new subtree outweighs the old trajectory). Each
    // row puts the uniforms just either side of the hand-computed probabilities.
    void multinomialChoiceWeighsTheStates_data() {
        QTest::addColumn<QList<double>>("energies");  // H(0) .. H(3)
        QTest::addColumn<QList<double>>("uniforms");
        QTest::addColumn<int>("chosen");
        QTest::addColumn<int>("uniformCalls");
        const double log2 = std::log(2.0), log3 = std::log(3.0), log4 = std::log(4.0);
        // w = 1, 1/2, 1, 3. Depth 1: take state 1 with probability 0.5. Depth 2: inside the new
        // subtree state 3 with probability 3/4; the subtree (4) outweighs the old (1.5): taken.
        QTest::newRow("heavy subtree, later halves kept")
            << QList<double>{0.0, log2, 0.0, -log3} << QList<double>{0.9, 0.49, 0.9, 0.74} << 3 << 4;
        QTest::newRow("heavy subtree, earlier halves kept")
            << QList<double>{0.0, log2, 0.0, -log3} << QList<double>{0.9, 0.51, 0.9, 0.76} << 2 << 4;
        // w = 1, 1/2, 1/4, 1/4: the new subtree (1/2) is lighter than the old trajectory (3/2), so
        // it replaces the sample with probability 1/3 only, drawn after the subtree's own choice.
        QTest::newRow("light subtree taken")
            << QList<double>{0.0, log2, log4, log4} << QList<double>{0.9, 0.51, 0.9, 0.49, 0.33} << 3 << 5;
        QTest::newRow("light subtree refused")
            << QList<double>{0.0, log2, log4, log4} << QList<double>{0.9, 0.49, 0.9, 0.51, 0.34} << 1 << 5;
    }
    void multinomialChoiceWeighsTheStates() {
        QFETCH(QList<double>, energies);
        QFETCH(QList<double>, uniforms);
        QFETCH(int, chosen);
        QFETCH(int, uniformCalls);
        ScriptedSystem system;
        system.momentum = [](int) { return 1.0; };  // never turns: the depth limit ends the trajectory
        system.energy = [energies](int k) { return energies[k]; };
        system.uniforms = std::vector<double>(uniforms.begin(), uniforms.end());
        PhasePoint z = origin();
        NutsTree<ScriptedSystem> tree(system, z, 1.0, 2, 1000.0);
        const DrawStats stats = tree.transition();
        QCOMPARE(stats.treeDepth, 2);
        QCOMPARE(stats.leapfrogSteps, 3);
        QCOMPARE(z.q[0], double(chosen));
        QCOMPARE(system.uniformCalls, std::size_t(uniformCalls));
        // The acceptance statistic averages min(1, exp(H0 - H)) over the 3 new states, unweighted.
        double accept = 0.0;
        for (int k = 1; k <= 3; ++k) accept += std::min(1.0, std::exp(energies[0] - energies[k]));
        QVERIFY(std::fabs(stats.acceptStat - accept / 3.0) < 1e-15);
    }

    // An energy error above maxDeltaH ends the transition as divergent; the divergent step
    // counts in n_leapfrog and in the acceptance statistic (with probability exp(-2000) = 0).
    void aDivergenceEndsTheTrajectory() {
        ScriptedSystem system;
        system.momentum = [](int) { return 1.0; };
        system.energy = [](int k) { return k == 2 ? 2000.0 : 0.0; };
        PhasePoint z = origin();
        NutsTree<ScriptedSystem> tree(system, z, 1.0, 10, 1000.0);
        const DrawStats stats = tree.transition();
        QVERIFY(stats.divergent);
        QCOMPARE(stats.treeDepth, 1);
        QCOMPARE(stats.leapfrogSteps, 2);
        QCOMPARE(stats.acceptStat, 0.5);
        QCOMPARE(z.q[0], 1.0);
        compareTrace(system, {{1, S::Merged, 0, 1}, {1, S::LeftJoined, 0, 1}, {1, S::RightJoined, 0, 1}});
    }
};

QTEST_APPLESS_MAIN(TestNutsTree)
#include "tst_nutstree.moc"

// R-hat, ESS and MCSE (Vehtari et al. 2021), and Pareto k-hat, against values worked by hand,
// an independent transcription of the posterior R package's algorithm, and theory.
#include "TestModels.h"
#include "eval/Diagnostics.h"
#include "eval/LiveConvergence.h"
#include "eval/Summary.h"
#include "eval/WorstDiagnostic.h"
#include "eval/ParetoK.h"
#include "util/Rng.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <numeric>

using namespace genrelab;

namespace {

Eigen::MatrixXd ar1(int draws, int chains, double rho, std::uint64_t seed, double shiftLast = 0.0) {
    Rng rng(seed);
    Eigen::MatrixXd x(draws, chains);
    for (int c = 0; c < chains; ++c) {
        double v = rng.normal() / std::sqrt(1 - rho * rho);
        for (int i = 0; i < draws; ++i) {
            v = rho * v + rng.normal();
            x(i, c) = v + (c == chains - 1 ? shiftLast : 0.0);
        }
    }
    return x;
}

// posterior::ess_basic's .ess as written in the R package (all autocovariances computed first,
// directly rather than by FFT); independent of the library's lazy implementation.
double essTranscribed(const Eigen::MatrixXd& sims) {
    const int chains = static_cast<int>(sims.cols()), n = static_cast<int>(sims.rows());
    Eigen::MatrixXd acov(n, chains);
    Eigen::VectorXd chainMean(chains);
    for (int c = 0; c < chains; ++c) {
        const Eigen::VectorXd v = sims.col(c).array() - sims.col(c).mean();
        chainMean[c] = sims.col(c).mean();
        for (int t = 0; t < n; ++t) acov(t, c) = v.head(n - t).dot(v.tail(n - t)) / n;
    }
    const double meanVar = acov.row(0).mean() * n / (n - 1.0);
    double varPlus = meanVar * (n - 1.0) / n;
    if (chains > 1) varPlus += (chainMean.array() - chainMean.mean()).square().sum() / (chains - 1);
    std::vector<double> rho(n, 0.0);
    int t = 0;
    double even = 1, odd = 1 - (meanVar - acov.row(1).mean()) / varPlus;
    rho[0] = even;
    rho[1] = odd;
    while (t < n - 5 && even + odd > 0) {
        t += 2;
        even = 1 - (meanVar - acov.row(t).mean()) / varPlus;
        odd = 1 - (meanVar - acov.row(t + 1).mean()) / varPlus;
        if (even + odd >= 0) { rho[t] = even; rho[t + 1] = odd; }
    }
    const int maxT = t;
    if (even > 0) rho[maxT] = even;
    t = 0;
    while (t <= maxT - 4) {
        t += 2;
        if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) { rho[t] = (rho[t - 2] + rho[t - 1]) / 2; rho[t + 1] = rho[t]; }
    }
    double tau = -1 + rho[maxT];
    for (int i = 0; i < maxT; ++i) tau += 2 * rho[i];
    tau = std::max(tau, 1 / std::log10(double(chains) * n));
    return chains * n / tau;
}

} // namespace

class TestDiagnostics : public QObject {
    Q_OBJECT
private slots:
    // Reference values of the standard normal quantile function (e.g. R's qnorm).
    void normalQuantileMatchesTables() {
        QVERIFY(std::fabs(normalQuantile(0.975) - 1.959963984540054) < 1e-12);
        QVERIFY(std::fabs(normalQuantile(0.5)) < 1e-15);
        QVERIFY(std::fabs(normalQuantile(0.05) + 1.644853626951472) < 1e-12);
        QVERIFY(std::fabs(normalQuantile(1e-10) + 6.361340902404056) < 1e-9);
    }

    // Worked by hand: chains [1,2,3,4] and [2,3,4,5] split into [1,2],[3,4],[2,3],[4,5];
    // W = 0.5, chain means 1.5, 3.5, 2.5, 4.5 so B = 2 * var = 2 * 5/3; R = sqrt((W/2 + B/2)/W).
    void splitRhatByHand() {
        Eigen::MatrixXd x(4, 2);
        x << 1, 2, 2, 3, 3, 4, 4, 5;
        const double expected = std::sqrt((0.25 + (10.0 / 3.0) / 2.0) / 0.5);
        QVERIFY(std::fabs(splitRhat(x) - expected) < 1e-12);
    }

    void splitAndRankShapes() {
        Eigen::MatrixXd x(5, 2);
        x << 1, 6, 2, 7, 3, 8, 4, 9, 5, 10;
        const Eigen::MatrixXd s = splitChains(x);
        QCOMPARE(s.rows(), Eigen::Index{2});
        QCOMPARE(s.cols(), Eigen::Index{4});
        QCOMPARE(s(1, 1), 5.0);  // the middle draw (3) is dropped
        Eigen::MatrixXd ties(2, 2);
        ties << 1, 1, 2, 3;
        const Eigen::MatrixXd z = rankNormalize(ties);
        QCOMPARE(z(0, 0), z(0, 1));                                      // tied draws, same score
        QVERIFY(std::fabs(z(0, 0) - normalQuantile((1.5 - 0.375) / 4.25)) < 1e-12);
    }

    void essMatchesTheTranscribedAlgorithm() {
        for (double rho : {0.0, 0.5, 0.9, -0.3}) {
            const Eigen::MatrixXd x = ar1(400, 4, rho, 17);
            const double ours = essRaw(x), reference = essTranscribed(x);
            QVERIFY2(std::fabs(ours / reference - 1.0) < 1e-10, qPrintable(QString("rho %1: %2 vs %3").arg(rho).arg(ours).arg(reference)));
        }
    }

    // Theory: an AR(1) chain with coefficient rho has ESS = N (1 - rho) / (1 + rho).
    void essOfAutoregressiveChains() {
        const int n = 5000;
        for (double rho : {0.0, 0.5, 0.8}) {
            const Eigen::MatrixXd x = ar1(n, 4, rho, 23);
            const double expected = 4.0 * n * (1 - rho) / (1 + rho);
            const double bulk = essBulk(x), mean = essMean(x);
            QVERIFY2(std::fabs(mean / expected - 1.0) < 0.15, qPrintable(QString("rho %1: ess %2 vs %3").arg(rho).arg(mean).arg(expected)));
            QVERIFY2(std::fabs(bulk / expected - 1.0) < 0.15, qPrintable(QString("rho %1: bulk %2 vs %3").arg(rho).arg(bulk).arg(expected)));
            QVERIFY(essTail(x) > 0.3 * expected);
            QVERIFY(rhat(x) < 1.01);
        }
    }

    void rhatFlagsAChainStuckElsewhere() {
        const Eigen::MatrixXd shifted = ar1(1000, 4, 0.3, 5, 2.0);
        QVERIFY(rhat(shifted) > 1.1);
        QVERIFY(splitRhat(shifted) > 1.1);
        // A chain with the same mean but a wider spread: bulk R-hat misses it, the folded one does not.
        Eigen::MatrixXd wide = ar1(1000, 4, 0.0, 6);
        wide.col(3) *= 3.0;
        QVERIFY(rhat(wide) > 1.05);
    }

    void degenerateInputGivesNaN() {
        QVERIFY(std::isnan(rhat(Eigen::MatrixXd::Constant(100, 4, 2.0))));
        QVERIFY(std::isnan(essBulk(Eigen::MatrixXd::Constant(100, 4, 2.0))));
        QVERIFY(std::isnan(rhat(Eigen::MatrixXd::Zero(2, 4))));
        Eigen::MatrixXd withNan = ar1(100, 2, 0.0, 1);
        withNan(3, 1) = std::nan("");
        QVERIFY(std::isnan(essBulk(withNan)));
    }

    // The worst of many diagnostics, by one rule: constant quantities are left out; any other
    // NaN, or nothing left, makes it NaN. A maximum that starts at 0 would pass R-hat <= 1.01.
    void worstDiagnosticRule() {
        using W = WorstDiagnostic;
        const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
        const auto worst = [](W::Worst kind, std::initializer_list<std::pair<double, bool>> values) {
            W w(kind);
            for (const auto& [value, constant] : values) w.add(value, constant);
            return w.value();
        };
        QCOMPARE(worst(W::Worst::Largest, {{1.002, false}, {1.03, false}, {1.0, false}}), 1.03);
        QCOMPARE(worst(W::Worst::Largest, {{1.002, false}, {nan, true}}), 1.002);
        QCOMPARE(worst(W::Worst::Largest, {{nan, true}, {0.999, false}}), 0.999);
        QVERIFY(std::isnan(worst(W::Worst::Largest, {{1.002, false}, {nan, false}})));
        QVERIFY(std::isnan(worst(W::Worst::Largest, {{nan, false}, {1.002, false}})));
        QVERIFY(std::isnan(worst(W::Worst::Largest, {{nan, true}, {nan, true}})));
        QVERIFY(std::isnan(worst(W::Worst::Largest, {})));
        QCOMPARE(worst(W::Worst::Largest, {{1.0, false}, {inf, false}}), inf);  // judged, and badly
        QCOMPARE(worst(W::Worst::Smallest, {{500.0, false}, {420.0, false}, {nan, true}}), 420.0);
        QVERIFY(std::isnan(worst(W::Worst::Smallest, {{500.0, false}, {nan, false}})));
        QVERIFY(constantDraws(Eigen::MatrixXd::Constant(3, 2, 0.1)));
        QVERIFY(!constantDraws(Eigen::MatrixXd::Constant(3, 2, std::nan(""))));
        QVERIFY(!constantDraws(Eigen::MatrixXd()));
    }

    // The run's verdict: two chains of one draw (run --samples 1 --chains 2) and draws that never
    // change cannot be judged (NaN, not 0); a constant parameter beside a varying one is left out.
    void convergenceVerdictCannotJudgeWhatItCannotCompute() {
        const testing::GaussianDensity model(Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2));
        const auto posteriorOf = [](const std::vector<Eigen::MatrixXd>& chains) {
            Posterior p;
            for (const auto& draws : chains) {
                Chain c;
                c.draws = draws;
                p.chains.push_back(c);
            }
            return p;
        };
        const Posterior oneDraw = posteriorOf({Eigen::RowVector2d(0.3, -1.0), Eigen::RowVector2d(0.1, 2.0)});
        const ConvergenceVerdict few = convergence(summarize(oneDraw, model), oneDraw);
        QVERIFY(std::isnan(few.rhatMax) && std::isnan(few.essBulkMin) && std::isnan(few.essTailMin));
        QVERIFY(!few.judgeable());

        const Posterior frozen = posteriorOf({Eigen::MatrixXd::Constant(50, 2, 0.25), Eigen::MatrixXd::Constant(50, 2, 0.25)});
        const ConvergenceVerdict still = convergence(summarize(frozen, model), frozen);
        QVERIFY(std::isnan(still.rhatMax));
        QVERIFY(!still.judgeable());

        const Eigen::MatrixXd varying = ar1(200, 2, 0.3, 17);  // draws x chains
        std::vector<Eigen::MatrixXd> chains;
        for (Eigen::Index c = 0; c < 2; ++c) {
            Eigen::MatrixXd draws(200, 2);
            draws.col(0) = varying.col(c);
            draws.col(1).setConstant(0.25);
            chains.push_back(draws);
        }
        const Posterior mixed = posteriorOf(chains);
        const ConvergenceVerdict judged = convergence(summarize(mixed, model), mixed);
        QCOMPARE(judged.rhatMax, rhat(varying));
        QCOMPARE(judged.essBulkMin, essBulk(varying));
        QVERIFY(judged.judgeable());

        // The live dashboard's numbers, by the same rule.
        const std::vector<std::vector<DrawStats>> stats(2, std::vector<DrawStats>(50));
        const ConvergenceSnapshot live = liveConvergence({Eigen::MatrixXd::Constant(50, 2, 0.25), Eigen::MatrixXd::Constant(50, 2, 0.25)},
                                                         stats, 10);
        QVERIFY(std::isnan(live.rhatMax) && std::isnan(live.essBulkMin));
        QCOMPARE(live.rhatLight, Light::None);
        QVERIFY(!live.converged());
        const ConvergenceSnapshot early = liveConvergence({Eigen::MatrixXd::Zero(3, 2), Eigen::MatrixXd::Ones(3, 2)}, stats, 10);
        QVERIFY(std::isnan(early.rhatMax));
        const ConvergenceSnapshot good = liveConvergence(chains, std::vector<std::vector<DrawStats>>(2, std::vector<DrawStats>(200)), 10);
        QCOMPARE(good.rhatMax, rhat(varying));
    }

    // Chains of unequal length (a converged or cancelled stop) keep the shortest chain's draws;
    // divergences, tree-depth hits and E-BFMI count those draws only, finished and live alike.
    void diagnosticsCountOnlyTheKeptDraws() {
        Posterior p;
        p.method = "nuts";
        const std::vector<std::vector<std::size_t>> divergentAt = {{1}, {2, 4}};
        const std::vector<double> energy = {1.0, 3.0, 2.0, 7.0, -5.0};
        for (std::size_t c = 0; c < 2; ++c) {
            Chain chain;
            const Eigen::Index length = c == 0 ? 3 : 5;
            chain.draws = Eigen::MatrixXd::Zero(length, 1);
            chain.stats.resize(static_cast<std::size_t>(length));
            for (std::size_t i = 0; i < chain.stats.size(); ++i) {
                chain.stats[i].energy = energy[i];
                chain.stats[i].treeDepth = i == 3 ? 10 : 2;
            }
            for (std::size_t i : divergentAt[c]) chain.stats[i].divergent = true;
            p.chains.push_back(chain);
        }
        QCOMPARE(p.drawsPerChain(), std::size_t{3});
        QCOMPARE(p.divergences(), std::size_t{2});  // chain 1's divergence at draw 4 is not kept

        std::vector<Eigen::MatrixXd> draws;
        std::vector<std::vector<DrawStats>> stats;
        for (const Chain& c : p.chains) {
            draws.push_back(c.draws);
            stats.push_back(c.stats);
        }
        const ConvergenceSnapshot live = liveConvergence(draws, stats, 10);
        QCOMPARE(live.draws, std::size_t{3});
        QCOMPARE(live.divergences, std::size_t{2});
        QCOMPARE(live.depthHits, std::size_t{0});  // the depth hit is chain 1's draw 3
        // E-BFMI of energies 1, 3, 2: (2^2 + 1^2) / ((1-2)^2 + (3-2)^2 + 0) = 2.5, for both chains.
        QCOMPARE(live.ebfmi.size(), std::size_t{2});
        QCOMPARE(live.ebfmi[0], 2.5);
        QCOMPARE(live.ebfmi[1], 2.5);
    }

    void mcseIsSdOverRootEss() {
        const Eigen::MatrixXd x = ar1(1000, 4, 0.5, 9);
        const Eigen::Map<const Eigen::VectorXd> all(x.data(), x.size());
        const double sd = std::sqrt((all.array() - all.mean()).square().sum() / double(all.size() - 1));
        QVERIFY(std::fabs(mcseMean(x) - sd / std::sqrt(essMean(x))) < 1e-12);
    }

    // Pareto k-hat: exceedances drawn from a generalized Pareto with known shape, and importance
    // ratios of Gaussians whose tail index is known: for q = N(0,1), p = N(0, s^2) the ratios
    // have k = 1 - 1/s^2. 100,000 draws put ~950 in the fitted tail: k-hat's sd is then ~0.05.
    void paretoKRecoversKnownShapes() {
        Rng rng(31);
        for (double k : {0.2, 0.5, 0.9}) {
            Eigen::VectorXd logRatios(100000);
            for (Eigen::Index i = 0; i < logRatios.size(); ++i)
                logRatios[i] = std::log((std::pow(rng.uniformOpen(), -k) - 1.0) / k);
            const double estimate = paretoKHat(logRatios);
            QVERIFY2(std::fabs(estimate - k) < 0.15, qPrintable(QString("k %1: %2").arg(k).arg(estimate)));
        }
        for (double s : {1.2, 2.0}) {
            Eigen::VectorXd logRatios(100000);
            for (Eigen::Index i = 0; i < logRatios.size(); ++i) {
                const double x = rng.normal();
                logRatios[i] = -0.5 * x * x / (s * s) - std::log(s) + 0.5 * x * x;
            }
            const double expected = 1.0 - 1.0 / (s * s);
            const double estimate = paretoKHat(logRatios);
            QVERIFY2(std::fabs(estimate - expected) < 0.15, qPrintable(QString("s %1: %2 vs %3").arg(s).arg(estimate).arg(expected)));
        }
        QVERIFY(std::isnan(paretoKHat(Eigen::VectorXd::Zero(5))));
    }
};

QTEST_APPLESS_MAIN(TestDiagnostics)
#include "tst_diagnostics.moc"

// The computations behind the Results section's workflow plots: per-chain rank plots, ESS
// evolution, LOO-PIT and class contrasts, on small inputs worked by hand and on cases whose
// answer is known by construction.
#include "eval/ChainRanks.h"
#include "eval/ClassContrasts.h"
#include "eval/Diagnostics.h"
#include "eval/EssEvolution.h"
#include "eval/LooPit.h"
#include "eval/RankUniformity.h"
#include "models/ModelData.h"
#include "models/ModelSpec.h"
#include "util/Rng.h"

#include <QtTest>

#include <cmath>
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

} // namespace

class TestBayesPlots : public QObject {
    Q_OBJECT
private slots:
    // Two chains of two draws: chain 1 holds the two smallest, chain 2 the two largest.
    void chainRanksByHand() {
        Eigen::MatrixXd draws(2, 2);
        draws << 1.0, 4.0, 2.0, 3.0;
        const ChainRanks r = chainRanks(draws, 2, 100);
        QCOMPARE(r.drawsPerChain, 2);
        QCOMPARE(r.histograms.size(), std::size_t{2});
        QCOMPARE(r.histograms[0], (std::vector<int>{2, 0}));  // ranks 1, 2 of 4: fractions 0.25, 0.5
        QCOMPARE(r.histograms[1], (std::vector<int>{0, 2}));  // ranks 4, 3: fractions 1, 0.75
        QCOMPARE(r.band.points, 2);                           // at most one point per draw
        QCOMPARE(r.ecdfCounts[0], (std::vector<int>{0, 2, 2}));
        QCOMPARE(r.ecdfCounts[1], (std::vector<int>{0, 0, 2}));
    }
    // Ties share their mean rank: 1, 1, 1, 5 rank 2, 2, 2, 4.
    void chainRanksTies() {
        Eigen::MatrixXd draws(2, 2);
        draws << 1.0, 1.0, 1.0, 5.0;
        const ChainRanks r = chainRanks(draws, 4, 4);
        QCOMPARE(r.histograms[0], (std::vector<int>{0, 2, 0, 0}));  // 2/4 = 0.5 lies in (0.25, 0.5]
        QCOMPARE(r.histograms[1], (std::vector<int>{0, 1, 0, 1}));
        QCOMPARE(r.ecdfCounts[1], (std::vector<int>{0, 1, 2}));     // z = 0, 0.5, 1 (two points: two draws)
    }
    void chainRanksDegenerate() {
        QVERIFY(chainRanks(Eigen::MatrixXd::Ones(1, 3)).histograms.empty());
        Eigen::MatrixXd draws = Eigen::MatrixXd::Zero(4, 2);
        draws(1, 1) = std::nan("");
        QVERIFY(chainRanks(draws).histograms.empty());
    }
    // Mixing chains stay inside their bands; a chain shifted by two sds leaves its band and
    // piles its ranks into the top bins.
    void chainRanksSeeAShiftedChain() {
        const ChainRanks mixing = chainRanks(ar1(1000, 4, 0.0, 11), 20, 100);
        for (bool outside : mixing.outsideBand) QVERIFY(!outside);
        for (const auto& histogram : mixing.histograms) QCOMPARE(std::accumulate(histogram.begin(), histogram.end(), 0), 1000);
        const ChainRanks shifted = chainRanks(ar1(1000, 4, 0.0, 11, 2.0), 20, 100);
        QVERIFY(shifted.outsideBand[3]);
        QVERIFY(shifted.histograms[3].back() > 3 * 1000 / 20);
        QVERIFY(shifted.histograms[3].front() < 1000 / 20 / 3);
    }

    void essEvolutionEndsAtTheFullRun() {
        const Eigen::MatrixXd draws = ar1(1000, 4, 0.6, 5);
        const EssEvolution e = essEvolution(draws, 20);
        QCOMPARE(e.drawsPerChain.size(), std::size_t{20});
        QCOMPARE(e.drawsPerChain.front(), 50);
        QCOMPARE(e.drawsPerChain.back(), 1000);
        QCOMPARE(e.bulk.back(), essBulk(draws));   // the same computation on the same draws: equal bits
        QCOMPARE(e.tail.back(), essTail(draws));
        QCOMPARE(e.bulk[9], essBulk(draws.topRows(500)));
        // AR(1) with rho 0.6: ESS per draw about (1 - rho) / (1 + rho) = 0.25; it grows with n.
        QVERIFY(std::abs(e.bulk.back() / 4000.0 - 0.25) < 0.05);
        QVERIFY(e.bulk.back() > 5 * e.bulk.front());
    }
    void essEvolutionShortRuns() {
        const EssEvolution e = essEvolution(ar1(10, 2, 0.0, 1), 20);
        // round(k 10 / 20) for k = 1..20: 1, 1, 2, 2, 3, ... 10; n < 4 left out, repeats once.
        QCOMPARE(e.drawsPerChain, (std::vector<int>{4, 5, 6, 7, 8, 9, 10}));
    }

    // One row, two equally likely draws: p(y | theta) 0.5 and 0.25, P(y' < y | theta) 0.2 and 0.5,
    // u = 0.5. Two draws are too few for a Pareto tail, so the weights are the raw ratios 2 and 4:
    // PIT = (2 (0.2 + 0.5 0.5) + 4 (0.5 + 0.5 0.25)) / 6 = (0.9 + 2.5) / 6 = 17/30.
    void looPitByHand() {
        Eigen::MatrixXd logLik(2, 1), below(2, 1);
        logLik << std::log(0.5), std::log(0.25);
        below << 0.2, 0.5;
        const Eigen::VectorXd pit = looPitFromLikelihood(logLik, below, Eigen::VectorXd(), Eigen::VectorXd(), Eigen::VectorXd::Constant(1, 0.5));
        QVERIFY(std::abs(pit[0] - 17.0 / 30.0) < 1e-15);
        // A correction p / q of 1 and 2 (log 0, log 2) doubles the second weight: (0.9 + 5) / 10.
        Eigen::VectorXd correction(2);
        correction << 0.0, std::log(2.0);
        const Eigen::VectorXd corrected = looPitFromLikelihood(logLik, below, Eigen::VectorXd(), correction, Eigen::VectorXd::Constant(1, 0.5));
        QVERIFY(std::abs(corrected[0] - 5.9 / 10.0) < 1e-15);
    }
    // When the labels are drawn from the predictive itself, the randomized PIT is exactly
    // uniform: 2,000 rows stay inside the 95% simultaneous band, and a predictive that puts
    // its mass on the wrong class leaves it.
    void looPitUniformWhenCalibrated() {
        Rng rng(3);
        const int rows = 2000, draws = 50;
        Eigen::MatrixXd logLik(draws, rows), below(draws, rows), wrong(draws, rows), wrongBelow(draws, rows);
        const double p[3] = {0.2, 0.5, 0.3};
        for (int i = 0; i < rows; ++i) {
            const double u = rng.uniform();
            const int y = u < 0.2 ? 0 : (u < 0.7 ? 1 : 2);
            const double q[3] = {0.6, 0.2, 0.2};
            for (int s = 0; s < draws; ++s) {
                logLik(s, i) = std::log(p[y]);
                below(s, i) = y == 0 ? 0.0 : (y == 1 ? 0.2 : 0.7);
                wrong(s, i) = std::log(q[y]);
                wrongBelow(s, i) = y == 0 ? 0.0 : (y == 1 ? 0.6 : 0.8);
            }
        }
        Eigen::VectorXd uniforms(rows);
        for (int i = 0; i < rows; ++i) uniforms[i] = rng.uniform();
        const EcdfBand band = simultaneousEcdfBand(rows, 100);
        const auto inside = [&](const Eigen::VectorXd& pit) {
            const std::vector<int> counts = ecdfCountsAt(std::span<const double>(pit.data(), static_cast<std::size_t>(pit.size())), band.z);
            for (std::size_t k = 0; k < counts.size(); ++k)
                if (counts[k] < band.lower[k] || counts[k] > band.upper[k]) return false;
            return true;
        };
        QVERIFY(inside(looPitFromLikelihood(logLik, below, Eigen::VectorXd(), Eigen::VectorXd(), uniforms)));
        QVERIFY(!inside(looPitFromLikelihood(wrong, wrongBelow, Eigen::VectorXd(), Eigen::VectorXd(), uniforms)));
    }
    void ecdfCountsByHand() {
        const std::vector<double> values{0.1, 0.5, 0.5, 0.9, std::nan("")};
        QCOMPARE(ecdfCountsAt(values, {0.0, 0.5, 1.0}), (std::vector<int>{0, 3, 4}));
    }
    // The posterior form: one row, draws of a flat softmax regression; equal to the form that
    // takes the log-likelihood, computed here from the model's own probabilities.
    void looPitOfPosterior() {
        Eigen::MatrixXd x(3, 1);
        x << -1.0, 0.0, 1.0;
        Eigen::VectorXi y(3);
        y << 0, 2, 1;
        ModelSpec spec;
        setModelByName(spec, "flat");
        spec.regression.coordinates = Coordinates::NonCentered;
        const auto model = makeModel(spec, makeModelData(x, y, 3));
        Posterior posterior;
        posterior.method = "nuts";
        Rng rng(9);
        for (int c = 0; c < 2; ++c) {
            Chain chain;
            chain.draws.resize(20, model->dim());
            for (Eigen::Index s = 0; s < 20; ++s)
                for (Eigen::Index j = 0; j < model->dim(); ++j) chain.draws(s, j) = 0.3 * rng.normal();
            posterior.chains.push_back(chain);
        }
        const Eigen::VectorXd pit = looPit(*model, posterior, Design{x, {}, {}, {}, {}, {}}, y, Eigen::VectorXd(), Eigen::VectorXd(), 4, 2);
        const PooledDraws pooled = posterior.pooled();
        Eigen::MatrixXd logLik(40, 3), below(40, 3);
        for (Eigen::Index s = 0; s < 40; ++s) {
            const Eigen::MatrixXd p = model->classProbabilities(pooled.row(s).transpose(), x);
            for (int i = 0; i < 3; ++i) {
                logLik(s, i) = std::log(p(i, y[i]));
                below(s, i) = p.row(i).head(y[i]).sum();
            }
        }
        Rng uniformRng(4);
        Eigen::VectorXd uniforms(3);
        for (int i = 0; i < 3; ++i) uniforms[i] = uniformRng.uniform();
        const Eigen::VectorXd expected = looPitFromLikelihood(logLik, below, Eigen::VectorXd(), Eigen::VectorXd(), uniforms);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(pit[i], expected[i]);
            QVERIFY(pit[i] > 0.0 && pit[i] < 1.0);
        }
    }

    void centreOverClassesByHand() {
        Eigen::MatrixXd block(2, 3);
        block << 1.0, 2.0, 6.0, -3.0, 0.0, 0.0;
        const Eigen::MatrixXd centred = centreOverClasses(block);
        Eigen::MatrixXd expected(2, 3);
        expected << -2.0, -1.0, 3.0, -2.0, 1.0, 1.0;
        QCOMPARE(centred, expected);
    }
    // On a softmax regression's draws the contrasts sum to zero over the classes, and a shift
    // added to every class's intercept and weights changes no contrast.
    void contrastsSumToZeroAndIgnoreTheShift() {
        Eigen::MatrixXd x(4, 2);
        x << -1.0, 0.5, 0.0, 1.0, 1.0, -0.5, 2.0, 0.0;
        Eigen::VectorXi y(4);
        y << 0, 1, 2, 1;
        ModelSpec spec;
        setModelByName(spec, "flat");
        spec.regression.coordinates = Coordinates::NonCentered;
        const auto model = makeModel(spec, makeModelData(x, y, 3, {"a", "b"}, {"P", "Q", "R"}));
        Posterior posterior, shifted;
        Chain chain;
        chain.draws.resize(5, model->dim());
        Rng rng(2);
        for (Eigen::Index s = 0; s < 5; ++s)
            for (Eigen::Index j = 0; j < model->dim(); ++j) chain.draws(s, j) = rng.normal();
        posterior.chains.push_back(chain);
        // The flat model's theta is alpha then beta (features x classes) as its outputs.
        const ParameterBlock* alpha = model->layout().find("alpha");
        const ParameterBlock* beta = model->layout().find("beta");
        QVERIFY(alpha && beta);
        for (Eigen::Index s = 0; s < 5; ++s) {
            for (Eigen::Index c = 0; c < 3; ++c) {
                chain.draws(s, alpha->index(c)) += 1.5;
                for (Eigen::Index j = 0; j < 2; ++j) chain.draws(s, beta->index(j, c)) -= 0.7 * static_cast<double>(j + 1);
            }
        }
        shifted.chains.push_back(chain);
        const ClassContrasts a = classContrasts(*model, posterior), b = classContrasts(*model, shifted);
        QCOMPARE(a.names.size(), std::size_t{3 + 6});
        QCOMPARE(a.names[0], std::string("alpha[P] - mean"));
        QCOMPARE(a.names[3], std::string("beta[a,P] - mean"));
        QCOMPARE(a.names[4], std::string("beta[b,P] - mean"));
        for (Eigen::Index s = 0; s < 5; ++s) {
            QVERIFY(std::abs(a.draws.row(s).head(3).sum()) < 1e-12);
            for (Eigen::Index j = 0; j < 2; ++j) QVERIFY(std::abs(a.draws(s, 3 + j) + a.draws(s, 5 + j) + a.draws(s, 7 + j)) < 1e-12);
        }
        QVERIFY((a.draws - b.draws).cwiseAbs().maxCoeff() < 1e-12);
        const auto agreement = compareContrasts(a, b);
        QCOMPARE(agreement.size(), std::size_t{9});
        for (const ContrastAgreement& row : agreement) {
            QVERIFY(std::abs(row.z) < 1e-9);
            QVERIFY(std::abs(row.sdRatio - 1.0) < 1e-9);
        }
    }
    // Means and sds by hand: A's draws 1, 3 (mean 2, sd sqrt 2), B's 0, 2, 4 (mean 2, sd 2)... shifted by one.
    void compareContrastsByHand() {
        ClassContrasts a, b;
        a.names = {"alpha[P] - mean", "only in a"};
        a.draws.resize(2, 2);
        a.draws << 1.0, 0.0, 3.0, 0.0;
        b.names = {"alpha[P] - mean"};
        b.draws.resize(3, 1);
        b.draws << -1.0, 1.0, 3.0;
        const auto rows = compareContrasts(a, b);
        QCOMPARE(rows.size(), std::size_t{1});
        QCOMPARE(rows[0].meanA, 2.0);
        QCOMPARE(rows[0].meanB, 1.0);
        QCOMPARE(rows[0].sdB, 2.0);
        QCOMPARE(rows[0].z, 0.5);
        QVERIFY(std::abs(rows[0].sdRatio - std::sqrt(2.0) / 2.0) < 1e-15);
        b.draws.setConstant(1.0);
        QVERIFY(std::isnan(compareContrasts(a, b)[0].z));  // a reference without spread has no scale
    }
};

QTEST_GUILESS_MAIN(TestBayesPlots)
#include "tst_bayesplots.moc"

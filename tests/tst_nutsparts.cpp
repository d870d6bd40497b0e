// NUTS's pieces on their own: the leapfrog integrator (energy kept, reversible, with a dense
// metric too) and the adaptation (regularized window metrics, dual averaging as Stan computes it,
// the warmup schedule, Welford's variance). Whole runs against known posteriors: tst_nuts.
#include "TestModels.h"
#include "eval/Diagnostics.h"
#include "infer/Nuts.h"
#include "models/ModelSpec.h"
#include "util/Rng.h"

#include <QtTest>
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

using namespace genrelab;
using genrelab::testing::GaussianDensity;

class TestNutsParts : public QObject {
    Q_OBJECT

private slots:
    void leapfrogConservesEnergyAndIsReversible() {
        Eigen::Matrix2d cov;
        cov << 1.0, 0.5, 0.5, 2.0;
        const GaussianDensity model(Eigen::Vector2d(0.3, -0.1), cov);
        NutsSampler sampler(model, Rng(1));
        NutsSampler::Point z;
        z.q = Eigen::Vector2d(1.0, 0.5);
        sampler.evaluate(z);
        sampler.sampleMomentum(z);
        const NutsSampler::Point start = z;
        const double h0 = sampler.hamiltonian(z);
        double worst = 0;
        for (int i = 0; i < 200; ++i) {
            sampler.leapfrog(z, 0.05);
            worst = std::max(worst, std::fabs(sampler.hamiltonian(z) - h0));
        }
        QVERIFY2(worst < 5e-3, qPrintable(QString::number(worst)));  // O(epsilon^2) energy error, bounded
        z.p = -z.p;
        for (int i = 0; i < 200; ++i) sampler.leapfrog(z, 0.05);
        QVERIFY((z.q - start.q).norm() < 1e-10);
        QVERIFY((-z.p - start.p).norm() < 1e-10);
    }

    void denseLeapfrogConservesEnergy() {
        const GaussianDensity model(Eigen::Vector2d(0.0, 0.0), (Eigen::Matrix2d() << 1.0, 0.8, 0.8, 1.0).finished());
        NutsSampler sampler(model, Rng(3));
        sampler.setDenseInvMetric((Eigen::Matrix2d() << 1.0, 0.8, 0.8, 1.0).finished());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sampler.setDenseInvMetric((Eigen::Matrix2d() << 1.0, 2.0, 2.0, 1.0).finished()));
        NutsSampler::Point z;
        z.q = Eigen::Vector2d(1.0, -0.5);
        sampler.evaluate(z);
        // Momenta drawn with covariance M = (inverse metric)^-1.
        Eigen::Matrix2d second = Eigen::Matrix2d::Zero();
        for (int i = 0; i < 20000; ++i) {
            sampler.sampleMomentum(z);
            second += z.p * z.p.transpose() / 20000.0;
        }
        const Eigen::Matrix2d expected = (Eigen::Matrix2d() << 1.0, 0.8, 0.8, 1.0).finished().inverse();
        QVERIFY2((second - expected).cwiseAbs().maxCoeff() < 0.1, qPrintable(QString::number(second(0, 1))));
        const double h0 = sampler.hamiltonian(z);
        for (int i = 0; i < 100; ++i) sampler.leapfrog(z, 0.5);  // the metric matches the target: big steps stay exact-ish
        QVERIFY2(std::fabs(sampler.hamiltonian(z) - h0) < 0.1, qPrintable(QString::number(sampler.hamiltonian(z) - h0)));
    }

    // Exact numbers: Stan's regularization, and the shrinkage toward the diagonal that early
    // dense windows get (d = 2 dimensions, n = 8 draws: off-diagonals keep n / (n + d) = 0.8).
    void windowMetricsAreRegularized() {
        const Eigen::VectorXd diag = regularizedDiagMetric(Eigen::Vector2d(2.0, 0.5), 20);
        QVERIFY(std::fabs(diag[0] - (0.8 * 2.0 + 1e-3 * 0.2)) < 1e-15);
        QVERIFY(std::fabs(diag[1] - (0.8 * 0.5 + 1e-3 * 0.2)) < 1e-15);
        Eigen::Matrix2d cov;
        cov << 2.0, 1.0, 1.0, 0.75;
        const double scale = 8.0 / 13.0, floor = 1e-3 * 5.0 / 13.0;
        const Eigen::MatrixXd early = regularizedDenseMetric(cov, 8, true), last = regularizedDenseMetric(cov, 8, false);
        QVERIFY(std::fabs(early(0, 1) - scale * 0.8) < 1e-15 && std::fabs(early(1, 0) - scale * 0.8) < 1e-15);
        QVERIFY(std::fabs(early(0, 0) - (scale * 2.0 + floor)) < 1e-15);
        QVERIFY(std::fabs(last(0, 1) - scale * 1.0) < 1e-15);
        QVERIFY(std::fabs(last(1, 1) - (scale * 0.75 + floor)) < 1e-15);
        WarmupSchedule schedule(500);
        QVERIFY(schedule.isLastSlowWindowEnd(449) && !schedule.isLastSlowWindowEnd(249));
    }

    // Stan's check of an adapted metric: finite and positive (definite).
    void adaptedMetricsMustBeFiniteAndPositive() {
        QVERIFY(usableDiagMetric(Eigen::Vector2d(1.0, 1e-300)));
        QVERIFY(!usableDiagMetric(Eigen::Vector2d(1.0, 0.0)));
        QVERIFY(!usableDiagMetric(Eigen::Vector2d(1.0, -1.0)));
        QVERIFY(!usableDiagMetric(Eigen::Vector2d(1.0, std::numeric_limits<double>::infinity())));
        QVERIFY(!usableDiagMetric(Eigen::Vector2d(std::nan(""), 1.0)));
        QVERIFY(usableDenseMetric((Eigen::Matrix2d() << 2.0, 0.9, 0.9, 1.0).finished()));
        QVERIFY(!usableDenseMetric((Eigen::Matrix2d() << 1.0, 2.0, 2.0, 1.0).finished()));  // indefinite
        QVERIFY(!usableDenseMetric((Eigen::Matrix2d() << 1.0, 1.0, 1.0, 1.0).finished()));  // singular
        QVERIFY(!usableDenseMetric((Eigen::Matrix2d() << 1.0, std::nan(""), std::nan(""), 1.0).finished()));
    }

    void dualAveragingFindsTheTargetStepSize() {
        // Acceptance falls with the step size as exp(-eps^2): the target 0.8 sits at sqrt(-log 0.8).
        DualAveraging adaptation(0.8);
        adaptation.setMu(std::log(10.0));
        double eps = 1.0;
        for (int i = 0; i < 3000; ++i) eps = adaptation.learn(std::exp(-eps * eps));
        const double target = std::sqrt(-std::log(0.8));
        QVERIFY2(std::fabs(adaptation.finalStepSize() / target - 1.0) < 0.02, qPrintable(QString::number(adaptation.finalStepSize())));
    }

    // Stan's stepsize_adaptation step by step, computed by hand for two iterations (mu = log 10,
    // gamma 0.05, kappa 0.75, t0 10, target 0.8): the iterate exp(x_t) drives the warmup, and the
    // step size sampling keeps is exp(x_bar), the average with weights t^-kappa, not the last iterate.
    void dualAveragingFollowsStansRecursion() {
        DualAveraging adaptation(0.8);
        adaptation.setMu(std::log(10.0));
        const double s1 = (1.0 / 11.0) * (0.8 - 0.5);
        const double x1 = std::log(10.0) - s1 * 1.0 / 0.05;
        QVERIFY(std::fabs(adaptation.learn(0.5) - std::exp(x1)) < 1e-14);
        QVERIFY(std::fabs(adaptation.finalStepSize() - std::exp(x1)) < 1e-14);  // weight 1^-0.75 = 1
        const double s2 = (11.0 / 12.0) * s1 + (1.0 / 12.0) * (0.8 - 1.0);  // an acceptance above 1 counts as 1
        const double x2 = std::log(10.0) - s2 * std::sqrt(2.0) / 0.05;
        QVERIFY(std::fabs(adaptation.learn(1.3) - std::exp(x2)) < 1e-14);
        const double w = std::pow(2.0, -0.75);
        QVERIFY(std::fabs(adaptation.finalStepSize() - std::exp((1.0 - w) * x1 + w * x2)) < 1e-14);
        adaptation.restart();  // after a metric window: the averages start again from the new mu
        adaptation.setMu(std::log(10.0 * 0.05));
        QVERIFY(std::fabs(adaptation.learn(0.8) - 0.5) < 1e-14);  // on target: x = mu
    }

    void warmupSchedule_data() {
        QTest::addColumn<int>("warmup");
        QTest::addColumn<QList<int>>("bounds");  // first, last, first, last, ...
        QTest::newRow("50") << 50 << QList<int>{0, 6, 7, 44, 45, 49};
        QTest::newRow("1000") << 1000 << QList<int>{0, 74, 75, 99, 100, 149, 150, 249, 250, 449, 450, 949, 950, 999};
        QTest::newRow("150") << 150 << QList<int>{0, 74, 75, 99, 100, 149};
        QTest::newRow("10: no metric") << 10 << QList<int>{0, 9};
    }
    void warmupSchedule() {
        QFETCH(int, warmup);
        QFETCH(QList<int>, bounds);
        QList<int> got;
        for (const auto& [first, last] : warmupWindows(warmup)) got << first << last;
        QCOMPARE(got, bounds);
    }

    void welfordMatchesTwoPassVariance() {
        WelfordVariance w(1);
        const double values[] = {1.0, 4.0, 2.0, 8.0, 5.0};
        for (double v : values) w.add(Eigen::VectorXd::Constant(1, v));
        QVERIFY(std::fabs(w.variance()[0] - 7.5) < 1e-12);  // mean 4, squares 9+0+4+16+1 = 30, / 4
    }

};

QTEST_MAIN(TestNutsParts)
#include "tst_nutsparts.moc"

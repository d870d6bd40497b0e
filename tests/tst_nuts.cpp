// NUTS against known posteriors (means and variances within 4 Monte Carlo standard errors),
// the integrator, the adaptation pieces, rejection of failed evaluations, reproducibility.
#include "TestModels.h"
#include "eval/Diagnostics.h"
#include "infer/Nuts.h"
#include "models/ModelSpec.h"
#include "util/Rng.h"

#include <QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

using namespace genrelab;
using genrelab::testing::BetaBernoulliDensity;
using genrelab::testing::GaussianDensity;
using genrelab::testing::HalfNormalByRejection;

namespace {

NutsOptions quickOptions(int warmup = 500, int samples = 1000) {
    NutsOptions o;
    o.warmup = warmup;
    o.samples = samples;
    o.chains = 4;
    o.seed = 2026;
    return o;
}

// |estimate - truth| within 4 MCSE, for the mean and for the variance of one coordinate.
void checkMoments(const Posterior& posterior, Eigen::Index i, double mean, double variance) {
    const Eigen::MatrixXd x = posterior.coordinate(i);
    const Eigen::Map<const Eigen::VectorXd> all(x.data(), x.size());
    const double m = all.mean();
    const double mcse = mcseMean(x);
    QVERIFY2(std::fabs(m - mean) < 4 * mcse, qPrintable(QString("x%1 mean %2 vs %3 (mcse %4)").arg(i).arg(m).arg(mean).arg(mcse)));
    const Eigen::MatrixXd squares = (x.array() - mean).square().matrix();
    const double v = squares.mean();
    const double mcseVar = mcseMean(squares);
    QVERIFY2(std::fabs(v - variance) < 4 * mcseVar,
             qPrintable(QString("x%1 variance %2 vs %3 (mcse %4)").arg(i).arg(v).arg(variance).arg(mcseVar)));
}

// N(0, s^2) with s = 1e154, written so the density never overflows: its draws do, once
// squared (1e308 is near the largest double), so a warmup window's variance is infinite.
class NormalOfHugeScale : public GaussianDensity {
public:
    NormalOfHugeScale() : GaussianDensity(Eigen::VectorXd::Zero(1), Eigen::MatrixXd::Identity(1, 1)) {}
    double logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* = nullptr) const override {
        const double z = theta[0] * 1e-154;
        grad = Eigen::VectorXd::Constant(1, -z * 1e-154);
        return -0.5 * z * z;
    }
    std::unique_ptr<LogDensity> clone() const override { return std::make_unique<NormalOfHugeScale>(*this); }
};

// A standard normal whose first clone (one chain) throws on its 50th evaluation, once all four
// chains have cloned the model. Counts the evaluations of the other clones, and their number
// at the moment of the throw.
class ThrowsOnOneChain : public GaussianDensity {
public:
    struct Counts {
        std::atomic<int> clones{0};
        std::atomic<long> otherEvaluations{0}, otherEvaluationsAtThrow{-1};
    };
    explicit ThrowsOnOneChain(std::shared_ptr<Counts> counts)
        : GaussianDensity(Eigen::VectorXd::Zero(5), Eigen::MatrixXd::Identity(5, 5)), counts_(std::move(counts)) {}
    double logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* b = nullptr) const override {
        if (id_ == 1 && ++evaluations_ == 50) {
            // Fail once every chain is under way, so there are others to stop.
            for (int waited = 0; counts_->clones.load() < 4 && waited < 10000; ++waited)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            counts_->otherEvaluationsAtThrow = counts_->otherEvaluations.load();
            throw std::runtime_error("chain failed on purpose");
        }
        if (id_ != 1) ++counts_->otherEvaluations;
        return GaussianDensity::logProbGrad(theta, grad, b);
    }
    std::unique_ptr<LogDensity> clone() const override {
        auto copy = std::make_unique<ThrowsOnOneChain>(counts_);
        copy->id_ = ++counts_->clones;
        return copy;
    }

private:
    std::shared_ptr<Counts> counts_;
    int id_ = 0;
    mutable int evaluations_ = 0;
};

} // namespace

class TestNuts : public QObject {
    Q_OBJECT
private slots:
    void standardNormalTenDimensions() {
        const GaussianDensity model(Eigen::VectorXd::Zero(10), Eigen::MatrixXd::Identity(10, 10));
        const NutsRun run = runNuts(model, quickOptions());
        QCOMPARE(run.posterior.chainCount(), std::size_t{4});
        QCOMPARE(run.posterior.drawsPerChain(), std::size_t{1000});
        for (Eigen::Index i = 0; i < 10; ++i) checkMoments(run.posterior, i, 0.0, 1.0);
        QCOMPARE(run.posterior.divergences(), std::size_t{0});
        // Dual averaging hit its target: mean acceptance near 0.8.
        double accept = 0;
        for (const auto& c : run.posterior.chains)
            for (const auto& s : c.stats) accept += s.acceptStat;
        accept /= 4000.0;
        QVERIFY2(accept > 0.7 && accept < 0.92, qPrintable(QString::number(accept)));
    }

    void correlatedGaussian() {
        Eigen::Vector2d mean(1.0, -2.0);
        Eigen::Matrix2d cov;
        cov << 1.0, 0.9 * 3.0, 0.9 * 3.0, 9.0;  // sd 1 and 3, correlation 0.9
        const GaussianDensity model(mean, cov);
        const NutsRun run = runNuts(model, quickOptions(1000, 1000));
        checkMoments(run.posterior, 0, 1.0, 1.0);
        checkMoments(run.posterior, 1, -2.0, 9.0);
        // The adapted metric follows the marginal variances (within a factor 2: it is estimated
        // from one warmup window of correlated draws).
        for (const auto& state : run.states) {
            const double ratio = state.invMetric[1] / state.invMetric[0];  // 9 exactly for the marginals
            QVERIFY2(ratio > 4.5 && ratio < 18.0, qPrintable(QString::number(ratio)));
        }
    }

    // dense_e learns the covariance itself: correlation 0.99 (a ridge a diagonal metric cannot
    // see) becomes an isotropic problem, so trees stay shallow and the moments are right.
    void denseMetricAdaptsToTheCovariance() {
        Eigen::Vector3d mean(0.5, -1.0, 2.0);
        Eigen::Matrix3d cov;
        cov << 1.0, 0.99 * 2.0, 0.0, 0.99 * 2.0, 4.0, 0.0, 0.0, 0.0, 0.25;
        const GaussianDensity model(mean, cov);
        NutsOptions o = quickOptions(1000, 1000);
        o.denseMetric = true;
        const NutsRun dense = runNuts(model, o);
        checkMoments(dense.posterior, 0, 0.5, 1.0);
        checkMoments(dense.posterior, 1, -1.0, 4.0);
        checkMoments(dense.posterior, 2, 2.0, 0.25);
        for (const auto& state : dense.states) {
            QCOMPARE(state.denseInvMetric.rows(), Eigen::Index{3});
            // Estimated from the last warmup window (500 draws): within 25% of the truth.
            QVERIFY2(((state.denseInvMetric - cov).array().abs() < 0.25 * 4.0).all(), qPrintable(QString::number(state.denseInvMetric(0, 1))));
            QCOMPARE(state.invMetric, Eigen::VectorXd(state.denseInvMetric.diagonal()));
        }
        o.denseMetric = false;
        const NutsRun diagonal = runNuts(model, o);
        const auto meanLeapfrogs = [](const NutsRun& run) {
            double sum = 0, n = 0;
            for (const auto& c : run.posterior.chains)
                for (const auto& st : c.stats) sum += st.leapfrogSteps, ++n;
            return sum / n;
        };
        QVERIFY2(meanLeapfrogs(dense) * 3 < meanLeapfrogs(diagonal),
                 qPrintable(QString("%1 vs %2 leapfrog steps").arg(meanLeapfrogs(dense)).arg(meanLeapfrogs(diagonal))));
        // Extending keeps the dense metric.
        NutsRun extended = dense;
        extendNuts(model, extended, 20, o);
        QCOMPARE(extended.states[0].denseInvMetric, dense.states[0].denseInvMetric);
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

    // A window whose variance overflows leaves the chain on its previous metric, counted, and
    // the run goes on (150 warmup iterations: one slow window, 75..99).
    void anUnusableWindowMetricKeepsThePreviousOne() {
        const NormalOfHugeScale model;
        for (bool dense : {false, true}) {
            NutsOptions o = quickOptions(150, 200);
            o.chains = 2;
            o.denseMetric = dense;
            o.initialInvMetric = Eigen::VectorXd::Constant(1, 1e300);  // the sampler can reach the scale
            const NutsRun run = runNuts(model, o);
            QCOMPARE(run.rejectedMetrics, (std::vector<int>{1, 1}));
            for (const auto& state : run.states) {
                QCOMPARE(state.invMetric[0], 1e300);
                QCOMPARE(state.denseInvMetric.size(), Eigen::Index{0});
            }
            const Eigen::MatrixXd x = run.posterior.coordinate(0);
            QVERIFY(x.allFinite());
            const double sd = std::sqrt((x.array() * 1e-154).square().mean());
            QVERIFY2(sd > 0.5 && sd < 2.0, qPrintable(QString::number(sd)));  // N(0, 1) in units of 1e154
        }
        const GaussianDensity plain(Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2));
        QCOMPARE(runNuts(plain, quickOptions(150, 10)).rejectedMetrics, (std::vector<int>{0, 0, 0, 0}));
    }

    void initialMetricStartsTheWarmup() {
        const GaussianDensity model(Eigen::Vector2d(0.0, 0.0), Eigen::Vector2d(0.01, 4.0).asDiagonal().toDenseMatrix());
        NutsOptions o = quickOptions(0, 10);  // no warmup: the initial metric is the metric
        o.initialInvMetric = Eigen::Vector2d(0.01, 4.0);
        const NutsRun run = runNuts(model, o);
        for (const auto& state : run.states) QCOMPARE(state.invMetric, o.initialInvMetric);
        o.initialInvMetric = Eigen::VectorXd::Ones(3);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runNuts(model, o));
        o.initialInvMetric = Eigen::Vector2d(1.0, -1.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runNuts(model, o));
    }

    // The regression in shift coordinates (centered, dense metric) and in the default
    // non-centered form (diagonal metric) sample one posterior: every natural parameter's mean
    // agrees within 4 combined MCSEs.
    void shiftCoordinatesSampleTheSamePosterior() {
        Rng rng(9);
        const int rows = 150, features = 2, classes = 3;
        Eigen::MatrixXd x(rows, features);
        Eigen::VectorXi y(rows);
        for (int n = 0; n < rows; ++n) {
            x(n, 0) = rng.normal();
            x(n, 1) = rng.normal();
            const double u = rng.uniform();
            y[n] = x(n, 0) + 0.5 * rng.normal() > 0.5 ? 2 : u < 0.5 ? 0 : 1;
        }
        const auto data = makeModelData(x, y, classes);
        ModelSpec spec;
        setModelByName(spec, "hier-normal");
        spec.regression.precision = KernelPrecision::Double;
        const auto nonCentered = makeModel(spec, data);
        spec.regression.coordinates = Coordinates::Shift;
        const auto shifted = makeModel(spec, data);
        NutsOptions o = quickOptions(500, 1000);
        o.targetAccept = 0.95;  // both forms meet a funnel on 150 rows; small steps keep it honest
        const NutsRun a = runNuts(*nonCentered, o);
        o.denseMetric = true;
        const NutsRun b = runNuts(*shifted, o);
        const auto natural = [](const LogDensity& model, const Posterior& p) {
            std::vector<Eigen::MatrixXd> perParameter(static_cast<std::size_t>(model.outputLayout().dim()),
                                                      Eigen::MatrixXd(p.drawsPerChain(), p.chainCount()));
            for (std::size_t c = 0; c < p.chainCount(); ++c)
                for (Eigen::Index s = 0; s < static_cast<Eigen::Index>(p.drawsPerChain()); ++s) {
                    const Eigen::VectorXd out = model.outputs(p.chains[c].draws.row(s).transpose());
                    for (Eigen::Index i = 0; i < out.size(); ++i) perParameter[static_cast<std::size_t>(i)](s, static_cast<Eigen::Index>(c)) = out[i];
                }
            return perParameter;
        };
        const auto na = natural(*nonCentered, a.posterior), nb = natural(*shifted, b.posterior);
        const auto names = shifted->outputLayout().elementNames();
        QCOMPARE(names, nonCentered->outputLayout().elementNames());
        for (std::size_t i = 0; i < na.size(); ++i) {
            const double ma = na[i].mean(), mb = nb[i].mean();
            const double tolerance = 4.0 * std::hypot(mcseMean(na[i]), mcseMean(nb[i]));
            QVERIFY2(std::fabs(ma - mb) < tolerance, qPrintable(QString("%1: %2 vs %3 (tolerance %4)")
                                                                   .arg(QString::fromStdString(names[i])).arg(ma).arg(mb).arg(tolerance)));
        }
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

    void conjugateBetaBernoulli() {
        const BetaBernoulliDensity model(2.0, 3.0, 7, 20);  // posterior Beta(9, 16)
        const NutsRun run = runNuts(model, quickOptions());
        Eigen::MatrixXd p = run.posterior.coordinate(0);
        p = (1.0 / (1.0 + (-p.array()).exp())).matrix();
        const double mean = p.mean();
        const double variance = 9.0 * 16.0 / (25.0 * 25.0 * 26.0);
        QVERIFY2(std::fabs(mean - model.posteriorMean()) < 4 * mcseMean(p), qPrintable(QString::number(mean)));
        const Eigen::MatrixXd squares = (p.array() - model.posteriorMean()).square().matrix();
        QVERIFY(std::fabs(squares.mean() - variance) < 4 * mcseMean(squares));
    }

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

    // Chains take turns on the threads; a chain's draws (and an extension's) depend only on its
    // own random stream, so one, two or four threads give the same draws as a chain run alone.
    void parallelAndSequentialChainsAreIdentical() {
        const GaussianDensity model(Eigen::VectorXd::Zero(3), Eigen::MatrixXd::Identity(3, 3));
        NutsOptions o = quickOptions(100, 100);
        o.threads = 1;
        NutsRun sequential = runNuts(model, o);
        o.threads = 2;
        NutsRun twoThreads = runNuts(model, o);
        o.threads = 4;
        NutsRun parallel = runNuts(model, o);
        for (std::size_t c = 0; c < 4; ++c) QVERIFY(sequential.posterior.chains[c].draws == parallel.posterior.chains[c].draws);
        for (std::size_t c = 0; c < 4; ++c) QVERIFY(twoThreads.posterior.chains[c].draws == parallel.posterior.chains[c].draws);
        extendNuts(model, sequential, 30, o);
        o.threads = 2;
        extendNuts(model, twoThreads, 30, o);
        for (std::size_t c = 0; c < 4; ++c) QVERIFY(sequential.posterior.chains[c].draws == twoThreads.posterior.chains[c].draws);
        // Chain 0 of four and the one chain of a one-chain run share their stream, (seed, 1).
        NutsOptions alone = quickOptions(100, 100);
        alone.chains = 1;
        const NutsRun one = runNuts(model, alone);
        QVERIFY(one.posterior.chains[0].draws == parallel.posterior.chains[0].draws);
        o.seed = 7;
        QVERIFY(runNuts(model, o).posterior.chains[0].draws != parallel.posterior.chains[0].draws);
    }

    // Four chains on one thread: every chain reports draws after warmup before any chain has made
    // all its iterations (a live R-hat needs all four), and the events of one chain come in order.
    // (With two threads the order depends on the scheduler; the app's test runs that case.)
    void chainsOnFewerThreadsAdvanceTogether() {
        struct Recorder : InferenceObserver {
            std::mutex mutex;
            std::vector<ProgressEvent> events;
            void onProgress(const ProgressEvent& e) override {
                std::lock_guard lock(mutex);
                events.push_back(e);
            }
        } recorder;
        const GaussianDensity model(Eigen::VectorXd::Zero(3), Eigen::MatrixXd::Identity(3, 3));
        {
            const int threads = 1;
            NutsOptions o = quickOptions(100, 100);
            o.threads = threads;
            runNuts(model, o, &recorder);
            QCOMPARE(recorder.events.size(), std::size_t{4 * 200});
            std::vector<std::size_t> firstDraw(4, recorder.events.size()), lastIteration(4, 0), next(4, 0);
            for (std::size_t k = 0; k < recorder.events.size(); ++k) {
                const ProgressEvent& e = recorder.events[k];
                const auto c = static_cast<std::size_t>(e.chain);
                QCOMPARE(e.iteration, next[c]++);
                if (!e.warmup) firstDraw[c] = std::min(firstDraw[c], k);
                if (e.iteration + 1 == e.total) lastIteration[c] = k;
            }
            const std::size_t allDrawing = *std::max_element(firstDraw.begin(), firstDraw.end());
            const std::size_t firstDone = *std::min_element(lastIteration.begin(), lastIteration.end());
            QVERIFY2(allDrawing < firstDone, qPrintable(QString("threads %1: all chains drawing at event %2, a chain done at %3")
                                                            .arg(threads).arg(allDrawing).arg(firstDone)));
            // Turns of 10 iterations in order: the last chain's first draw follows the other three's first turns of sampling.
            QCOMPARE(allDrawing, std::size_t{4 * 100 + 3 * 10});
        }
    }

    void failedEvaluationsAreRejectedNotCrashes() {
        const HalfNormalByRejection model;
        const NutsRun run = runNuts(model, quickOptions(300, 1000));
        const Eigen::MatrixXd x = run.posterior.coordinate(0);
        QVERIFY((x.array() > 0.0).all());
        QVERIFY2(std::fabs(x.mean() - std::sqrt(2.0 / M_PI)) < 4 * mcseMean(x), qPrintable(QString::number(x.mean())));
        QVERIFY(run.posterior.divergences() > 0);  // hitting the wall shows as divergences
    }

    // The other chains stop at their next iteration: after the throw they may finish the tree
    // they are building (at most 2^10 - 1 leapfrog steps each at the default depth), never the
    // 20,000 iterations they were asked for.
    void aFailingChainStopsTheOthersAndIsRethrown() {
        const auto counts = std::make_shared<ThrowsOnOneChain::Counts>();
        const ThrowsOnOneChain model(counts);
        NutsOptions o = quickOptions(10000, 10000);
        o.threads = 4;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, runNuts(model, o));
        QCOMPARE(counts->clones.load(), 4);
        const long after = counts->otherEvaluations.load() - counts->otherEvaluationsAtThrow.load();
        QVERIFY(counts->otherEvaluationsAtThrow.load() >= 0);
        QVERIFY2(after <= 3 * (1023 + 200), qPrintable(QString::number(after)));  // + a chain's start-up evaluations
    }

    void extendReusesAdaptation() {
        const GaussianDensity model(Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2));
        NutsOptions o = quickOptions(200, 100);
        NutsRun run = runNuts(model, o);
        const double stepSize = run.states[1].stepSize;
        const Eigen::MatrixXd first = run.posterior.chains[1].draws;
        extendNuts(model, run, 50, o);
        QCOMPARE(run.posterior.drawsPerChain(), std::size_t{150});
        QCOMPARE(run.posterior.chains[1].stats.size(), std::size_t{150});
        QVERIFY(run.posterior.chains[1].draws.topRows(100) == first);
        QCOMPARE(run.states[1].stepSize, stepSize);
        QCOMPARE(run.posterior.chains[1].stats.back().stepSize, stepSize);
    }

    void stopRequestKeepsWhatWasDrawn() {
        struct StopAfter : InferenceObserver {
            std::atomic<int> seen{0};
            void onProgress(const ProgressEvent&) override { ++seen; }
            bool stopRequested() const override { return seen.load() >= 150; }
        } observer;
        const GaussianDensity model(Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2));
        NutsOptions o = quickOptions(100, 1000);
        o.chains = 1;
        const NutsRun run = runNuts(model, o, &observer);
        QVERIFY(run.posterior.partial);
        QCOMPARE(run.posterior.drawsPerChain(), std::size_t{50});
    }

    void badSettingsAreRefused() {
        const GaussianDensity model(Eigen::VectorXd::Zero(1), Eigen::MatrixXd::Identity(1, 1));
        NutsOptions o;
        o.samples = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runNuts(model, o));
        o = NutsOptions{};
        o.targetAccept = 1.2;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runNuts(model, o));
        o = NutsOptions{};
        o.chains = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runNuts(model, o));
    }
};

QTEST_APPLESS_MAIN(TestNuts)
#include "tst_nuts.moc"

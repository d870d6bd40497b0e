// NUTS against known posteriors (means and variances within 4 Monte Carlo standard errors),
// metrics, rejection of failed evaluations, chains and reproducibility. The integrator and the
// adaptation pieces on their own: tst_nutsparts.
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
            // Estimated from the last warmup window (500 draws; at least 100 effective for the
            // pair correlated at 0.99): each element within 5 sd of a sample covariance's error,
            // sd(S_ij) = sqrt((cov_ii cov_jj + cov_ij^2) / 100). A metric that missed the
            // correlation (off-diagonal 0 against 1.98) is 7 sd away.
            for (Eigen::Index i = 0; i < 3; ++i)
                for (Eigen::Index j = 0; j < 3; ++j) {
                    const double sd = std::sqrt((cov(i, i) * cov(j, j) + cov(i, j) * cov(i, j)) / 100.0);
                    QVERIFY2(std::abs(state.denseInvMetric(i, j) - cov(i, j)) < 5.0 * sd,
                             qPrintable(QString("metric(%1,%2) = %3 against %4").arg(i).arg(j).arg(state.denseInvMetric(i, j)).arg(cov(i, j))));
                }
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

    // A chain's k-th draw depends only on its seed and index: stopped anywhere (chains of unequal
    // length) and extended, it draws what an uninterrupted run draws. A bundle's rerun relies on it.
    void aChainsDrawsDoNotDependOnWhereItStopped() {
        struct StopOnceEveryChainDrew : InferenceObserver {  // at least 25 draws each, wherever the others are
            std::array<std::atomic<int>, 4> drawn{};
            void onProgress(const ProgressEvent& e) override {
                if (!e.warmup) ++drawn[static_cast<std::size_t>(e.chain)];
            }
            bool stopRequested() const override {
                return std::all_of(drawn.begin(), drawn.end(), [](const std::atomic<int>& n) { return n.load() >= 25; });
            }
        } observer;
        const GaussianDensity model(Eigen::VectorXd::Zero(3), Eigen::MatrixXd::Identity(3, 3));
        NutsOptions o = quickOptions(100, 1000);
        o.threads = 2;
        const NutsRun whole = runNuts(model, o);
        NutsRun stopped = runNuts(model, o, &observer);
        QVERIFY(stopped.posterior.partial);
        const std::size_t kept = stopped.posterior.drawsPerChain();
        QVERIFY2(kept >= 25 && kept < 1000, qPrintable(QString::number(kept)));
        extendNuts(model, stopped, 100, o);
        for (std::size_t c = 0; c < 4; ++c) {
            const Chain& resumed = stopped.posterior.chains[c];
            const Eigen::Index rows = resumed.draws.rows();
            QVERIFY(rows >= static_cast<Eigen::Index>(kept) + 100 && rows < 1000);
            QVERIFY(resumed.draws == whole.posterior.chains[c].draws.topRows(rows));
            QCOMPARE(resumed.stats.back().acceptStat, whole.posterior.chains[c].stats[static_cast<std::size_t>(rows) - 1].acceptStat);
        }
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

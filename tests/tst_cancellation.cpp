// Cancellation at random moments of SVI, NUTS, whole runs and an experiment queue (fixed seeds):
// each ends promptly with a consistent partial result (or none, said so), after which a following
// run works. scripts/test-sanitizers.sh runs this suite under AddressSanitizer with LeakSanitizer.
#include "RunFaultSupport.h"
#include "TestModels.h"
#include "data/Table.h"
#include "experiments/Experiment.h"
#include "infer/Nuts.h"
#include "infer/Svi.h"
#include "run/RunPipeline.h"
#include "util/Rng.h"

#include "TestPrinters.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <string>
#include <thread>

using namespace genrelab;
using genrelab::testing::GaussianDensity;
using genrelab::testing::quickSpec;
using genrelab::testing::verifyConsistentResult;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// How long a cancelled run may take to return: one NUTS tree or one SVI step, plus the
// judging of what was drawn, on a loaded machine under a sanitizer. Far below a whole run.
constexpr double kPromptSeconds = 5.0;

// Cancels its token when the k-th progress event arrives (from any chain).
class CancelAtEvent : public InferenceObserver {
public:
    CancelAtEvent(CancellationToken token, std::size_t k) : token_(std::move(token)), k_(k) {}
    void onProgress(const ProgressEvent&) override {
        if (++seen_ == k_) {
            cancelledAt_ = Clock::now();
            token_.cancel();
        }
    }
    bool stopRequested() const override { return token_.cancelled(); }
    Clock::time_point cancelledAt() const { return cancelledAt_; }

private:
    CancellationToken token_;
    std::size_t k_;
    std::atomic<std::size_t> seen_{0};
    Clock::time_point cancelledAt_ = Clock::now();
};

// Cancels a token from another thread after a delay; joins on destruction.
class CancelAfter {
public:
    CancelAfter(CancellationToken token, std::chrono::microseconds delay)
        : thread_([this, token, delay] {
              std::this_thread::sleep_for(delay);
              cancelledAt_ = Clock::now();
              token.cancel();
          }) {}
    ~CancelAfter() { join(); }
    // The moment of cancelling; read it after join().
    Clock::time_point cancelledAt() const { return cancelledAt_; }
    void join() { if (thread_.joinable()) thread_.join(); }

private:
    Clock::time_point cancelledAt_;
    std::thread thread_;
};

} // namespace

class TestCancellation : public QObject {
    Q_OBJECT
    Table sample_ = readTable(GENRELAB_SAMPLE_CSV);

private slots:

    // SVI stopped at a random step (from inside the loop and from another thread): it stops
    // promptly, its state holds exactly the steps it ran, and a following run continues it.
    void sviCancelledAtRandomMoments() {
        const GaussianDensity model(Eigen::Vector3d(1.0, -2.0, 0.5), Eigen::Matrix3d::Identity());
        Rng pick(2026);
        for (int trial = 0; trial < 40; ++trial) {
            // Even trials stop at a random step from inside the loop; odd ones from another
            // thread at a random time within the first 3 ms of a run planned far longer.
            const bool fromInside = trial % 2 == 0;
            SviOptions options;
            options.steps = fromInside ? 400 : 10'000'000;
            options.seed = static_cast<std::uint64_t>(trial + 1);
            SviState state = initSvi(model, options);
            CancellationToken token;
            SviResult result;
            Clock::time_point cancelledAt;
            if (fromInside) {
                CancelAtEvent observer(token, 1 + pick.below(399));
                result = runSvi(model, state, options, &observer);
                cancelledAt = observer.cancelledAt();
            } else {
                StopFlagObserver observer(token);
                CancelAfter canceller(token, std::chrono::microseconds(pick.below(3000)));
                result = runSvi(model, state, options, &observer);
                canceller.join();
                cancelledAt = canceller.cancelledAt();
            }
            QVERIFY2(result.stopped, qPrintable(QString("trial %1").arg(trial)));
            QVERIFY(secondsSince(cancelledAt) < kPromptSeconds);
            QCOMPARE(result.stepsRun + result.skippedSteps, state.step);
            QVERIFY(state.step < options.steps);
            QCOMPARE(state.elbo.size(), state.step);
            QVERIFY(state.mean.allFinite() && state.logScale.allFinite());
            // The same state continues without the observer.
            const std::size_t before = state.step;
            options.steps = 400;
            const SviResult rest = runSvi(model, state, options);
            QVERIFY(!rest.stopped);
            QCOMPARE(state.step, before + 400);
        }
    }

    // NUTS stopped at a random iteration of any chain: every chain stops within one
    // transition, draws and their statistics agree, and the next run draws in full.
    void nutsCancelledAtRandomMoments() {
        const GaussianDensity model(Eigen::VectorXd::Zero(3), Eigen::MatrixXd::Identity(3, 3));
        Rng pick(77);
        NutsOptions options;
        options.warmup = 150;
        options.chains = 4;
        options.threads = 2;
        for (int trial = 0; trial < 30; ++trial) {
            // Even trials stop at a random iteration of any chain from inside the loop; odd ones
            // from another thread within the first 20 ms of a run planned far longer.
            const bool fromInside = trial % 2 == 0;
            options.samples = fromInside ? 150 : 1'000'000;
            options.seed = static_cast<std::uint64_t>(trial + 1);
            CancellationToken token;
            NutsRun run;
            Clock::time_point cancelledAt;
            if (fromInside) {
                // At most two chains run at once, each past at most one stop check: leave three events.
                CancelAtEvent observer(token, 1 + pick.below(4 * 300 - 3));
                run = runNuts(model, options, &observer);
                cancelledAt = observer.cancelledAt();
            } else {
                StopFlagObserver observer(token);
                CancelAfter canceller(token, std::chrono::microseconds(pick.below(20000)));
                run = runNuts(model, options, &observer);
                canceller.join();
                cancelledAt = canceller.cancelledAt();
            }
            QVERIFY2(run.posterior.partial, qPrintable(QString("trial %1").arg(trial)));
            QVERIFY(secondsSince(cancelledAt) < kPromptSeconds);
            QCOMPARE(run.posterior.chains.size(), std::size_t{4});
            QCOMPARE(run.states.size(), std::size_t{4});
            // Chains that finished before the stop keep every draw; the others stopped short.
            QVERIFY(run.posterior.drawsPerChain() < static_cast<std::size_t>(options.samples));
            for (const Chain& chain : run.posterior.chains) {
                QVERIFY(chain.draws.rows() <= options.samples);
                QCOMPARE(chain.stats.size(), static_cast<std::size_t>(chain.draws.rows()));
                QVERIFY(chain.draws.allFinite());
                QVERIFY(chain.warmupDone <= 150);
                if (chain.draws.rows() > 0) QCOMPARE(chain.warmupDone, std::size_t{150});
            }
        }
        options.samples = 150;
        options.seed = 1;
        const NutsRun full = runNuts(model, options);
        QVERIFY(!full.posterior.partial);
        QCOMPARE(full.posterior.drawsPerChain(), std::size_t{150});
    }

    // Whole runs (data, inference, judging) stopped at a random moment: a partial result that
    // holds together, metrics only where there are draws; then the same run completes.
    void runsCancelledAtRandomMoments() {
        Rng pick(5);
        for (int trial = 0; trial < 8; ++trial) {
            const bool nuts = trial % 2 == 1;
            RunSpec spec = quickSpec("hier-studentt", nuts ? InferenceKind::Nuts : InferenceKind::Svi);
            CancellationToken token;
            CancelAtEvent observer(token, 1 + pick.below(nuts ? 2 * 250 - 3 : 399));
            const RunResult r = runPipeline(sample_, spec, &observer);
            QVERIFY2(r.partial, qPrintable(QString("trial %1").arg(trial)));
            QVERIFY(secondsSince(observer.cancelledAt()) < kPromptSeconds);
            verifyConsistentResult(r, 200);
        }
        const RunResult again = runPipeline(sample_, quickSpec("hier-studentt", InferenceKind::Nuts));
        QVERIFY(!again.partial);
        verifyConsistentResult(again, 200);
    }

    // An experiment queue cancelled at a random moment: it returns promptly; each outcome is
    // either a finished run or says "cancelled"; a following queue runs every experiment.
    void anExperimentQueueCancelledAtRandomMoments() {
        std::vector<Experiment> queue;
        for (const char* model : {"flat", "hier-studentt", "hier-normal"}) {
            Experiment e;
            e.id = model;
            e.spec = quickSpec(model, InferenceKind::Svi);
            e.spec.svi.steps = 300;
            queue.push_back(e);
        }
        Experiment nuts;
        nuts.id = "nuts";
        nuts.spec = quickSpec("flat", InferenceKind::Nuts);
        queue.push_back(nuts);
        Rng pick(9);
        for (int trial = 0; trial < 5; ++trial) {
            RunnerOptions options;
            options.seeds = 2;
            options.jobs = 2;
            CancelAfter canceller(options.cancel, std::chrono::microseconds(pick.below(1'500'000)));
            const auto outcomes = runExperiments(sample_, queue, options);
            canceller.join();
            QVERIFY(secondsSince(canceller.cancelledAt()) < kPromptSeconds);
            QCOMPARE(outcomes.size(), std::size_t{8});
            for (const ExperimentOutcome& o : outcomes) {
                if (o.ok) {
                    QVERIFY(o.error.empty() && !o.partial);
                    QVERIFY(o.testAccuracy >= 0.0 && o.testAccuracy <= 1.0);
                } else {
                    QCOMPARE(QString::fromStdString(o.error), QString("cancelled"));
                }
            }
        }
        RunnerOptions options;
        options.seeds = 1;
        options.jobs = 2;
        for (const ExperimentOutcome& o : runExperiments(sample_, queue, options)) QVERIFY2(o.ok, o.error.c_str());
    }
};

QTEST_APPLESS_MAIN(TestCancellation)
#include "tst_cancellation.moc"

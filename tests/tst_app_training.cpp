// Training from the app: it runs on a worker thread, streams to the live views, pauses,
// cancels within 200 ms keeping a partial result, extends NUTS runs, runs below the GUI thread's
// priority and never keeps the GUI thread busy for more than 50 ms at a time.
#include "TimeBound.h"
#include "AppTestSupport.h"

#include "ConvergenceDashboard.h"
#include "ElboPlot.h"
#include "SamplerStatsPlot.h"
#include "TracePlot.h"
#include "util/Rng.h"
#include "PredictPanel.h"
#include "ResultsPanel.h"
#include "StallProbe.h"
#include "TrainPanel.h"
#include "WorkerPriority.h"

#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <qcustomplot.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

#if defined(__linux__)
#include <sys/resource.h>
#endif

using namespace genrelab;
using namespace genrelab::testing;

namespace {
RunSpec quickNuts(int warmup, int samples) {
    RunSpec spec;
    setModelByName(spec.model, "hier-studentt");
    spec.inference = InferenceKind::Nuts;
    spec.nuts.warmup = warmup;
    spec.nuts.samples = samples;
    spec.nuts.chains = 4;
    spec.nuts.maxTreeDepth = 7;
    spec.predictiveDraws = 100;
    return spec;
}

// "QString::arg: Argument missing" warnings (a placeholder without its argument), counted, then
// handed on to Qt Test's own handler; cleanup() fails a test that caused one.
std::atomic<int> argumentMissingWarnings{0};
QtMessageHandler qtTestHandler = nullptr;
void countArgumentMissing(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (message.contains("QString::arg: Argument missing")) ++argumentMissingWarnings;
    if (qtTestHandler) qtTestHandler(type, context, message);
}

// Whether every chain's first draw after warmup reached the GUI before any chain's last
// iteration did, counted in the order the events arrive.
struct ChainOrder {
    std::vector<std::size_t> firstDraw, lastIteration;
    std::size_t seen = 0;
    explicit ChainOrder(int chains) : firstDraw(static_cast<std::size_t>(chains), kNone), lastIteration(firstDraw) {}
    static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
    void add(const LiveBatch& batch) {
        for (const ProgressEvent& e : batch.events) {
            const auto c = static_cast<std::size_t>(e.chain);
            if (e.kind != ProgressEvent::Kind::NutsIteration || c >= firstDraw.size()) continue;
            if (!e.warmup && firstDraw[c] == kNone) firstDraw[c] = seen;
            if (e.iteration + 1 == e.total && lastIteration[c] == kNone) lastIteration[c] = seen;
            ++seen;
        }
    }
    bool anyChainDone() const { return *std::min_element(lastIteration.begin(), lastIteration.end()) != kNone; }
    bool allDrawingBeforeAnyDone() const {
        return *std::max_element(firstDraw.begin(), firstDraw.end()) < *std::min_element(lastIteration.begin(), lastIteration.end());
    }
};

// Threads of this process whose nice value is above the main thread's, i.e. that run below it.
int threadsBelowTheMainThread() {
    int count = 0;
#if defined(__linux__)
    for (const QString& task : QDir("/proc/self/task").entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        if (getpriority(PRIO_PROCESS, static_cast<id_t>(task.toInt())) > mainThreadNiceValue()) ++count;
#endif
    return count;
}
} // namespace

class TestAppTraining : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        isolateSettings("tst_app_training");
        qtTestHandler = qInstallMessageHandler(countArgumentMissing);
    }
    void cleanup() { QCOMPARE(argumentMissingWarnings.exchange(0), 0); }

    void startThenCancelKeepsAPartialResult() {
        MainWindow window;
        window.show();
        QVERIFY(openSample(window));
        window.session().setModelSpec(quickSvi(10'000'000));  // would run for hours
        QSignalSpy progress(&window.controller(), &TrainingController::progress);
        QSignalSpy finished(&window.controller(), &TrainingController::finished);
        window.trainPanel()->startButton()->click();
        QVERIFY(window.controller().isRunning());
        QVERIFY(progress.wait(10000));
        QTRY_VERIFY(window.trainPanel()->elbo()->points() > 20);
        window.trainPanel()->cancelButton()->click();
        QVERIFY(finished.wait(5000));
        // The inference itself stops within 200 ms of the click; judging what it computed
        // (predictions, summaries) follows on the worker, never on the GUI thread.
        const double latency = window.controller().stopLatencyMs();
        QVERIFY2(latency >= 0.0 && latency < 200.0, qPrintable(QString("cancel reached the inference after %1 ms").arg(latency)));
        const auto result = window.session().result();
        QVERIFY(result);
        QVERIFY(result->partial);
        QVERIFY(result->svi.stopped);
        QVERIFY(result->svi.stepsRun > 20);
        QVERIFY(std::isfinite(result->test.accuracy));
        QVERIFY(window.trainPanel()->statusText().contains("PARTIAL"));
        QCOMPARE(result->ending, (RunEnding{StopReason::Cancelled, 0}));
        QVERIFY2(window.resultsPanel()->verdict().contains("PARTIAL: the run was cancelled before its planned draws"),
                 qPrintable(window.resultsPanel()->verdict()));
        QVERIFY(window.trainPanel()->startButton()->isEnabled());  // usable again
    }

    void theLossOnALogScaleShowsTheLossBeforeAndAfterMoreSteps() {
        ElboPlot plot;
        plot.append({1, 2, 3}, {-2000.0, -500.0, -120.0});
        plot.setLogScale(true);
        const QCPAxis* y = plot.plot()->yAxis;
        QCOMPARE(y->scaleType(), QCPAxis::stLogarithmic);
        // The axis spans the positive losses 120..2000 (it kept the ELBO's negative range before).
        QCOMPARE(y->range().lower, 120.0);
        QCOMPARE(y->range().upper, 2000.0);
        QCOMPARE(y->label(), QString("loss (-ELBO)"));
        plot.append({4}, {-60.0});  // live: the range follows
        QCOMPARE(y->range().lower, 60.0);
        plot.append({5}, {3.0});    // a positive ELBO has no place on a log scale: said, not hidden
        QVERIFY2(y->label().contains("1 step(s) with ELBO >= 0 not shown"), qPrintable(y->label()));
        QCOMPARE(y->range().lower, 60.0);
        plot.setLogScale(false);
        QCOMPARE(y->scaleType(), QCPAxis::stLinear);
        QCOMPARE(y->range().lower, -2000.0);
        QCOMPARE(y->range().upper, 3.0);
        QCOMPARE(y->label(), QString("ELBO"));
    }

    void pauseHoldsTheRunAndResumeContinues() {
        MainWindow window;
        QVERIFY(openSample(window));
        window.session().setModelSpec(quickSvi(10'000'000));
        QSignalSpy finished(&window.controller(), &TrainingController::finished);
        window.trainPanel()->startRun();
        QTRY_VERIFY(window.trainPanel()->elbo()->points() > 10);
        window.trainPanel()->pauseButton()->click();
        QTest::qWait(150);  // let the last events in flight arrive
        const int paused = window.trainPanel()->elbo()->points();
        QTest::qWait(300);
        QVERIFY(window.trainPanel()->elbo()->points() <= paused + 1);
        window.trainPanel()->pauseButton()->click();
        QTRY_VERIFY(window.trainPanel()->elbo()->points() > paused + 10);
        window.controller().cancel();
        QVERIFY(finished.wait(5000));
    }

    void aLoweredWorkerAndTheThreadsItStartsRunBelowTheGuiThread() {
#if !defined(__linux__)
        QSKIP("nice values belong to threads only on Linux");
#endif
        const int gui = currentThreadNiceValue();
        QCOMPARE(gui, mainThreadNiceValue());  // test functions run on the main thread
        if (gui >= 19) QSKIP("the test runs at the lowest priority already; nothing can run below it");
        bool lowered = false, loweredAgain = false;
        int worker = 0, workerAfterSecondCall = 0, started = 0;
        std::thread([&] {
            lowered = lowerCurrentThreadPriority();
            worker = currentThreadNiceValue();
            loweredAgain = lowerCurrentThreadPriority();
            workerAfterSecondCall = currentThreadNiceValue();
            std::thread([&] { started = currentThreadNiceValue(); }).join();
        }).join();
        QVERIFY(lowered);
        QCOMPARE(worker, std::min(19, gui + kWorkerNiceIncrement));
        QVERIFY(loweredAgain);
        QCOMPARE(workerAfterSecondCall, worker);  // never lowered twice
        QCOMPARE(started, worker);                // inherited by a thread the worker starts
        QCOMPARE(currentThreadNiceValue(), gui);  // the GUI thread is untouched
    }

    void nutsStreamsTracesAndNeverStallsTheEventLoop() {
        MainWindow window;
        window.show();
        QVERIFY(openSample(window));
        PrepChoices prep = window.session().prep();
        prep.trainRows = 500;
        window.session().setPrep(prep);
        window.session().setModelSpec(quickNuts(150, 150));
        QSignalSpy finished(&window.controller(), &TrainingController::finished);
        StallProbe probe;  // a 5 ms timer on the GUI thread: its largest gap is the longest stall
        probe.start();
        window.trainPanel()->startRun();
#if defined(__linux__)
        // The run's worker thread and the chain threads it starts run below the GUI thread. The
        // worker runs one chain itself (parallelFor counts the calling thread as one of its threads).
        const int chainThreads = std::min(4, static_cast<int>(std::thread::hardware_concurrency()));
        if (mainThreadNiceValue() < 19) QTRY_VERIFY_WITH_TIMEOUT(threadsBelowTheMainThread() >= std::max(1, chainThreads), 60000);
#endif
        QVERIFY(finished.wait(180000));
        probe.stop();
        const qint64 worst = probe.longestGapMs();
        QVERIFY(probe.ticks() > 20);
        // Work on the GUI thread is what freezes a window: the most CPU time it spent between
        // two ticks does not depend on how busy the machine is, so it carries the 50 ms goal.
        // The wall-clock gap also includes waiting for the scheduler: with other jobs on the
        // cores (CI, a loaded desktop) gaps of 50-350 ms were measured while the GUI thread
        // itself was idle, so its bound only catches a frozen event loop. The wall-clock figure
        // under a stated load is a benchmark: `genrelab --measure-stall` (docs/BENCHMARKS.md).
        if (probe.longestBusyMs() >= 0.0)
            VERIFY_TIME_BOUND(probe.longestBusyMs(), 50.0, "GUI thread busy between two ticks");
        QVERIFY2(worst <= 2000, qPrintable(QString("longest event-loop stall %1 ms").arg(worst)));
        qInfo("longest stall %lld ms, GUI thread busy at most %.1f ms between ticks", worst, probe.longestBusyMs());
        TrainPanel* train = window.trainPanel();
        QCOMPARE(train->trace()->pointCount(), 4 * 300);
        QVERIFY(train->samplerStats()->stepPlot()->graphCount() == 4);
        QTRY_VERIFY(train->dashboard()->snapshot().draws == 150);
        QVERIFY(train->dashboard()->snapshot().rhatMax > 0.9);
        QVERIFY(!train->dashboard()->verdict().isEmpty());

        // Extend by more draws, reusing the adaptation, while Predict is pressed again and again
        // on the GUI thread: it reads the published result, which the extension leaves alone.
        const auto published = window.session().result();
        const double stepSize = published->nutsStates[0].stepSize;
        const double accuracy = published->test.accuracy;
        window.predictPanel()->predictManual();
        const QString prediction = window.predictPanel()->summary();
        QVERIFY(prediction.startsWith("Most likely"));
        QSignalSpy again(&window.controller(), &TrainingController::finished);
        window.controller().extend(50);
        int predictions = 0;
        while (again.count() == 0 && predictions < 100000) {
            window.predictPanel()->predictManual();
            QCOMPARE(window.predictPanel()->summary(), prediction);
            ++predictions;
            QTest::qWait(2);
        }
        QVERIFY(again.count() > 0 || again.wait(120000));
        QVERIFY(predictions > 0);
        QCOMPARE(published->posterior.drawsPerChain(), std::size_t{150});
        QCOMPARE(published->test.accuracy, accuracy);
        const auto result = window.session().result();
        QVERIFY(result != published);
        QCOMPARE(result->posterior.drawsPerChain(), std::size_t{200});
        QCOMPARE(result->nutsStates[0].stepSize, stepSize);
        QCOMPARE(train->trace()->pointCount(), 4 * 350);
    }

    // Four chains on one thread take turns: the GUI gets draws after warmup from all four before
    // any chain is done, and the live dashboard shows an R-hat while they run. An extension's
    // bars and count show the extension's progress (0 to 100%, "of" its draws).
    void chainsOnOneThreadFeedTheDashboardFromTheStart() {
        MainWindow window;
        window.show();
        QVERIFY(openSample(window));
        PrepChoices prep = window.session().prep();
        prep.trainRows = 500;
        window.session().setPrep(prep);
        RunSpec spec = quickNuts(100, 300);
        spec.nuts.threads = 1;
        window.session().setModelSpec(spec);
        TrainPanel* train = window.trainPanel();
        train->setConvergenceCheckIntervalMs(100);
        ChainOrder order(4);
        QObject context;
        connect(&window.controller(), &TrainingController::progress, &context, [&](const LiveBatch& batch) { order.add(batch); });
        int rhatsWhileRunning = 0;  // checks with an R-hat before the GUI saw any chain finish
        connect(train, &TrainPanel::convergenceChecked, &context, [&](const ConvergenceSnapshot& s) {
            if (!order.anyChainDone() && s.draws >= 8 && std::isfinite(s.rhatMax)) ++rhatsWhileRunning;
        });
        QSignalSpy finished(&window.controller(), &TrainingController::finished);
        train->startRun();
        QVERIFY(finished.wait(180000));
        QCOMPARE(order.seen, std::size_t{4 * 400});
        QVERIFY(order.allDrawingBeforeAnyDone());
        QVERIFY2(rhatsWhileRunning > 0, "no live R-hat before a chain finished");

        int smallestBar = 100;
        bool countsTheExtension = false;
        connect(&window.controller(), &TrainingController::progress, &context, [&](const LiveBatch&) {
            for (QProgressBar* bar : train->chainBars()) smallestBar = std::min(smallestBar, bar->value());
            countsTheExtension = countsTheExtension || train->statusText().contains("of 800 ");
        });
        QSignalSpy extended(&window.controller(), &TrainingController::finished);
        window.controller().extend(200);
        QVERIFY(extended.wait(180000));
        QCOMPARE(window.session().result()->posterior.drawsPerChain(), std::size_t{500});
        QVERIFY2(smallestBar < 50, qPrintable(QString::number(smallestBar)));
        QVERIFY(countsTheExtension);
        QCOMPARE(train->chainBars().size(), std::size_t{4});
        for (QProgressBar* bar : train->chainBars()) {
            QCOMPARE(bar->value(), 100);
            QVERIFY(bar->format().contains("extension"));
        }
    }

    void stopWhenConvergedEndsEarly() {
        // A small, well-identified problem (two classes, two features) converges in a few
        // hundred draws per chain; 20,000 were asked for. Convergence is judged on the shortest
        // chain; the four chains take turns on one thread, so every check sees all four, and
        // the run stops at the first check whose draws meet the rule: within one check
        // interval of the draw count where the rule first holds.
        QTemporaryDir dir;
        const QString path = dir.filePath("two.csv");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        Rng rng(3);
        f.write("x1,x2,Class\n");
        for (int i = 0; i < 300; ++i) {
            const double x1 = rng.normal(), x2 = rng.normal();
            f.write(QString("%1,%2,%3\n").arg(x1).arg(x2).arg(x1 - 0.5 * x2 + rng.normal() > 0 ? 1 : 0).toUtf8());
        }
        f.close();
        MainWindow window;
        window.setProperty("quietErrors", true);
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        window.openFile(path);
        QVERIFY(loaded.wait(10000));
        RunSpec spec = quickNuts(200, 20000);
        spec.nuts.threads = 1;
        setModelByName(spec.model, "flat");
        spec.model.regression.betaScale = 1.0;  // the softmax's redundant direction stays well scaled
        spec.model.regression.alphaScale = 1.0;
        window.session().setModelSpec(spec);
        window.trainPanel()->stopWhenConverged()->setChecked(true);
        window.trainPanel()->setConvergenceCheckIntervalMs(100);
        std::vector<std::size_t> checkedAt;  // draws per chain at each live check
        QObject context;
        connect(window.trainPanel(), &TrainPanel::convergenceChecked, &context,
                [&](const ConvergenceSnapshot& s) { checkedAt.push_back(s.draws); });
        QSignalSpy finished(&window.controller(), &TrainingController::finished);
        window.trainPanel()->startRun();
        QVERIFY(finished.wait(180000));
        const auto result = window.session().result();
        QVERIFY(result->partial);  // fewer draws than planned: the ending says why
        QVERIFY(result->posterior.drawsPerChain() < 20000);
        const std::size_t stoppedAt = window.controller().convergedAt();
        QVERIFY(stoppedAt > 0);
        QVERIFY(std::find(checkedAt.begin(), checkedAt.end(), stoppedAt) != checkedAt.end());
        QCOMPARE(window.trainPanel()->statusText().contains(QString("(stopped: converged at %1 draws per chain)").arg(stoppedAt)), true);
        bool windowSaysSo = false;  // the window's status line, not "(partial)"
        for (const QLabel* label : window.statusBar()->findChildren<QLabel*>())
            windowSaysSo = windowSaysSo || (label->text().startsWith("Run finished in") &&
                                            label->text().endsWith(QString("s (stopped: converged at %1 draws per chain)").arg(stoppedAt)));
        QVERIFY(windowSaysSo);
        // A complete, judged run that says it stopped when converged, nowhere PARTIAL; a saved
        // session brings the reason back (draws file and the session's JSON).
        QCOMPARE(result->ending, (RunEnding{StopReason::Converged, stoppedAt}));
        const QString verdict = window.resultsPanel()->verdict();
        QVERIFY2(verdict.contains(QString("Stopped when converged at %1 draws per chain").arg(stoppedAt)) &&
                     verdict.contains(QString("%1 per chain kept): a complete run, judged on all its draws.").arg(result->posterior.drawsPerChain())) &&
                     !verdict.contains("PARTIAL"),
                 qPrintable(verdict));
        QVERIFY(!window.trainPanel()->statusText().contains("PARTIAL"));
        for (QProgressBar* bar : window.trainPanel()->chainBars()) QVERIFY2(bar->format().endsWith("% (stopped: converged)"), qPrintable(bar->format()));
        if (const QString shots = qEnvironmentVariable("GENRELAB_TEST_SCREENSHOTS"); !shots.isEmpty())
            window.screenshotSections(QDir(shots).filePath("converged-stop"));
        const QString session = dir.filePath("converged.json");
        QCOMPARE(window.saveSession(session), QString());
        QFile saved(session);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QJsonObject results = QJsonDocument::fromJson(saved.readAll()).object()["results"].toObject();
        QCOMPARE(results["stop_reason"].toString(), QString("converged"));
        QCOMPARE(results["converged_at_draws_per_chain"].toInteger(), static_cast<qint64>(stoppedAt));
        {
            MainWindow reopened;
            reopened.setProperty("quietErrors", true);
            QSignalSpy restored(&reopened, &MainWindow::resultsRestored);
            QCOMPARE(reopened.openSession(session), QString());
            QVERIFY(restored.wait(60000));
            QCOMPARE(reopened.session().result()->ending, result->ending);
            QCOMPARE(reopened.resultsPanel()->verdict(), verdict);
        }

        // Where the rule first holds, from the run's own draws: the live check computes the same
        // numbers (natural parameters, the shortest chain's length) on what it has received.
        std::vector<Eigen::MatrixXd> natural;
        std::vector<std::vector<DrawStats>> stats;
        for (const Chain& chain : result->posterior.chains) {
            Eigen::MatrixXd out(chain.draws.rows(), result->model->outputs(chain.draws.row(0).transpose()).size());
            for (Eigen::Index i = 0; i < chain.draws.rows(); ++i) out.row(i) = result->model->outputs(chain.draws.row(i).transpose()).transpose();
            natural.push_back(out);
            stats.push_back(chain.stats);
        }
        const auto holdsAt = [&](std::size_t n) {
            std::vector<Eigen::MatrixXd> head;
            std::vector<std::vector<DrawStats>> headStats;
            for (std::size_t c = 0; c < natural.size(); ++c) {
                head.push_back(natural[c].topRows(static_cast<Eigen::Index>(n)));
                headStats.emplace_back(stats[c].begin(), stats[c].begin() + static_cast<std::ptrdiff_t>(n));
            }
            return liveConvergence(head, headStats, spec.nuts.maxTreeDepth).converged();
        };
        std::size_t firstHolds = 0;
        for (std::size_t n = 8; n <= stoppedAt && firstHolds == 0; ++n)
            if (holdsAt(n)) firstHolds = n;
        std::size_t previous = 0;  // draws per chain at the last check before the one that stopped the run
        for (std::size_t d : checkedAt)
            if (d < stoppedAt) previous = std::max(previous, d);
        qInfo("the rule first holds at %zu draws per chain; stopped at the check at %zu; the check before saw %zu",
              firstHolds, stoppedAt, previous);
        // The run stopped at the first check whose draws met the rule: it holds at that check's
        // draws and at none of the checks before (however far apart the checks fall on this
        // machine). R-hat and ESS move with every draw, so the rule may hold at some count between
        // two checks and not at the next one: that count is not a check and stops nothing.
        QVERIFY2(firstHolds > 0 && firstHolds <= stoppedAt, "the rule never held on the run's draws up to the stop");
        QVERIFY(holdsAt(stoppedAt));
        for (std::size_t d : checkedAt)
            if (d < stoppedAt) QVERIFY2(!holdsAt(d), qPrintable(QString("the rule held at the check at %1 draws, which did not stop the run").arg(d)));
    }

    void aFailingRunReportsAndLeavesTheAppUsable() {
        QTemporaryDir dir;
        const QString path = dir.filePath("one.csv");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x,Class\n1,A\n2,A\n3,A\n");
        f.close();
        MainWindow window;
        window.setProperty("quietErrors", true);
        window.trainPanel()->setProperty("quietErrors", true);
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        window.openFile(path);
        QVERIFY(loaded.wait(10000));
        QSignalSpy failed(&window.controller(), &TrainingController::failed);
        window.trainPanel()->startRun();
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.first().first().toString().contains("at least two classes"));
        QVERIFY(window.trainPanel()->startButton()->isEnabled());
    }
};

QTEST_MAIN(TestAppTraining)
#include "tst_app_training.moc"

// The app's background work and the GUI thread: jobs run on the app's own pool below the GUI
// thread's priority and leave Qt's global pool, where the raster engine paints large fills while
// the GUI thread waits, to Qt; batches of live progress are freed by the inference threads.
#include "AppTestSupport.h"

#include "BackgroundPool.h"
#include "LiveObserver.h"
#include "TrainPanel.h"
#include "WorkerPriority.h"
#include "models/ModelData.h"
#include "models/ModelSpec.h"
#include "models/LogDensity.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QSemaphore>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>
#include <thread>

using namespace genrelab;
using namespace genrelab::testing;

namespace {
// The nice values of both of Qt's global pool threads, taken by two tasks that wait for each
// other (so each occupies its own thread); an empty list where the pool has fewer threads.
std::vector<int> globalPoolNiceValues() {
    QThreadPool& pool = *QThreadPool::globalInstance();
    if (pool.maxThreadCount() < 2) return {};
    QSemaphore arrived;
    auto task = [&arrived] {
        arrived.release();
        while (arrived.available() < 2) std::this_thread::yield();
        return currentThreadNiceValue();
    };
    auto a = QtConcurrent::run(&pool, task);
    auto b = QtConcurrent::run(&pool, task);
    return {a.result(), b.result()};
}
} // namespace

class TestAppBackground : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateSettings("tst_app_background"); }

    void backgroundWorkRunsOnTheAppsPoolBelowTheGuiThread() {
        const int gui = currentThreadNiceValue();
        QSemaphore started, release;
        auto job = runInBackground([&] {
            started.release();
            release.acquire();
            return currentThreadNiceValue();
        });
        QVERIFY(started.tryAcquire(1, 10000));
        QCOMPARE(QThreadPool::globalInstance()->activeThreadCount(), 0);  // Qt's pool is free
        QCOMPARE(backgroundPool().activeThreadCount(), 1);
        release.release();
#if defined(__linux__)
        if (gui < 19) QCOMPARE(job.result(), std::min(19, gui + kWorkerNiceIncrement));
#else
        job.waitForFinished();
#endif
        // A long job leaves room for short ones: more threads than cores.
        QVERIFY(backgroundPool().maxThreadCount() > QThread::idealThreadCount());
    }

    void noAppSourceStartsWorkOnQtsPool() {
        // Every job goes through runInBackground; QtConcurrent::run appears only in its header.
        QStringList offenders;
        for (const char* dir : {"app", "widgets"}) {
            QDirIterator it(QStringLiteral(GENRELAB_SOURCE_DIR "/") + dir, {"*.cpp", "*.h"}, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                if (path.endsWith("/BackgroundPool.h")) continue;
                QFile file(path);
                QVERIFY(file.open(QIODevice::ReadOnly));
                if (file.readAll().contains("QtConcurrent::run(")) offenders << path;
            }
        }
        QVERIFY2(offenders.isEmpty(), qPrintable("QtConcurrent::run outside BackgroundPool.h: " + offenders.join(", ")));
    }

    void qtsPoolStaysAtTheGuiThreadsPriorityThroughALiveNutsRun() {
        MainWindow window;
        QVERIFY(openSample(window));
        RunSpec spec = quickSvi();
        spec.inference = InferenceKind::Nuts;
        spec.nuts.chains = 2;
        spec.nuts.warmup = 150;
        spec.nuts.samples = 150;
        window.session().setModelSpec(spec);
        window.trainPanel()->setConvergenceCheckIntervalMs(20);  // the live R-hat job runs often
        QSignalSpy finished(&window.controller(), &TrainingController::finished);
        QSignalSpy judged(window.trainPanel(), &TrainPanel::convergenceChecked);
        window.trainPanel()->startRun();
        const int gui = currentThreadNiceValue();
        // Checked every 25 ms until ten live convergence jobs have run (on the app's own pool), then
        // the run is cancelled: the rest of it would only repeat the same checks.
        int checks = 0;
        QElapsedTimer clock;
        clock.start();
        while (finished.isEmpty() && judged.count() < 10 && clock.elapsed() < 300000) {
            QTest::qWait(25);
            for (int nice : globalPoolNiceValues()) QCOMPARE(nice, gui);
            ++checks;
        }
        QVERIFY2(judged.count() >= 10 || !finished.isEmpty(), "no live convergence check within 5 minutes");
        if (finished.isEmpty()) window.controller().cancel();
        QVERIFY(!finished.isEmpty() || finished.wait(120000));
        QVERIFY2(checks >= 3, "the run ended before Qt's pool could be checked while it streamed");
        QVERIFY2(judged.count() >= 1, "no live convergence check ran during the run");
        for (int nice : globalPoolNiceValues()) QCOMPARE(nice, gui);
    }

    void theParameterNamesComeWithTheFirstEventsHoweverThePollsFall() {
        Eigen::MatrixXd x(4, 2);
        x << 0.1, -1.0, 0.4, 0.3, -0.2, 0.8, 1.1, -0.5;
        Eigen::VectorXi y(4);
        y << 0, 1, 2, 1;
        ModelSpec spec;
        const auto model = makeModel(spec, makeModelData(x, y, 3));
        LiveObserver observer;
        observer.onModel(*model);
        // A poll between onModel and the first event takes nothing, names included.
        const LiveBatch early = observer.take();
        QVERIFY(early.events.empty());
        QVERIFY(early.parameterNames.empty());
        ProgressEvent event;
        event.kind = ProgressEvent::Kind::NutsIteration;
        observer.onProgress(event);
        const LiveBatch first = observer.take();
        QCOMPARE(first.events.size(), std::size_t{1});
        QCOMPARE(first.parameterNames, model->outputLayout().elementNames());
        QVERIFY(!first.parameterNames.empty());
    }

    void aBatchTheGuiHasReadIsFreedByTheNextProgressOnAnInferenceThread() {
        LiveObserver observer;
        ProgressEvent event;
        event.kind = ProgressEvent::Kind::SviStep;
        std::thread([&] {
            for (int i = 0; i < 3; ++i) observer.onProgress(event);
        }).join();
        LiveBatch batch = observer.take();
        QCOMPARE(batch.events.size(), std::size_t{3});
        observer.recycle(std::move(batch));
        observer.recycle(observer.take());  // an empty batch is recycled alike
        QCOMPARE(observer.batchesAwaitingRelease(), std::size_t{2});
        std::thread([&] { observer.onProgress(event); }).join();
        QCOMPARE(observer.batchesAwaitingRelease(), std::size_t{0});  // released on that thread
        QCOMPARE(observer.take().events.size(), std::size_t{1});
    }
};

QTEST_MAIN(TestAppBackground)
#include "tst_app_background.moc"

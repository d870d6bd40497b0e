// Training from the app: it runs on a worker thread, streams to the live views, pauses,
// cancels within 200 ms keeping a partial result, extends NUTS runs, and never blocks the
// event loop for more than 50 ms.
#include "AppTestSupport.h"

#include "ConvergenceDashboard.h"
#include "ElboPlot.h"
#include "SamplerStatsPlot.h"
#include "TracePlot.h"
#include "util/Rng.h"
#include "PredictPanel.h"
#include "StallProbe.h"
#include "TrainPanel.h"

#include <QCheckBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <qcustomplot.h>

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
} // namespace

class TestAppTraining : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { isolateSettings("tst_app_training"); }

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
        QVERIFY(window.trainPanel()->startButton()->isEnabled());  // usable again
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
        QVERIFY(finished.wait(180000));
        probe.stop();
        const qint64 worst = probe.longestGapMs();
        QVERIFY(probe.ticks() > 20);
        QVERIFY2(worst <= 50, qPrintable(QString("longest event-loop stall %1 ms").arg(worst)));
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

    void stopWhenConvergedEndsEarly() {
        // A small, well-identified problem (two classes, two features) converges in a few
        // hundred draws per chain; 20,000 were asked for.
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
        setModelByName(spec.model, "flat");
        spec.model.regression.betaScale = 1.0;  // the softmax's redundant direction stays well scaled
        spec.model.regression.alphaScale = 1.0;
        window.session().setModelSpec(spec);
        window.trainPanel()->stopWhenConverged()->setChecked(true);
        QSignalSpy finished(&window.controller(), &TrainingController::finished);
        window.trainPanel()->startRun();
        QVERIFY(finished.wait(180000));
        const auto result = window.session().result();
        QVERIFY(result->partial);
        QVERIFY(result->posterior.drawsPerChain() < 20000);
        QVERIFY(window.trainPanel()->statusText().contains("converged"));
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

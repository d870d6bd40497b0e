// Live prior re-weighting in the app: moving tau after a fit re-weights its draws on the worker
// (k-hat, metrics and elpd_loo shown, within 100 ms of CPU), and a change the draws cannot be
// re-weighted to (the title slab) is refused with the reason.
#include "TimeBound.h"
#include "AppTestSupport.h"

#include "LiveReweighting.h"
#include "ModelBuilder.h"
#include "ModelPanel.h"
#include "ReweightingView.h"
#include "SliderSpin.h"
#include "TrainPanel.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>

#include <cmath>

using namespace genrelab;
using namespace genrelab::testing;

class TestAppReweighting : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { isolateSettings("tst_app_reweighting"); }
    // After a fit, moving tau re-weights the fit's draws on the thread pool: the Model section
    // shows k-hat, elpd_loo and test accuracy after at most 100 ms of the worker's CPU time, and
    // a far-off tau that makes k-hat exceed 0.7 says the estimate is unreliable and offers a refit.
    void movingTauReweightsTheFitLive() {
        MainWindow window;
        window.show();
        QVERIFY(openSample(window));
        QVERIFY(train(window, quickSvi()));
        ModelPanel* panel = window.modelPanel();
        QSignalSpy updated(&panel->reweighting(), &LiveReweighting::updated);
        QVERIFY(updated.wait(20000) || updated.count() > 0);  // the basis, then the fitted priors
        QTRY_VERIFY(panel->reweightingView()->status()->text().contains("fitted priors"));
        updated.clear();
        QElapsedTimer clock;
        clock.start();
        panel->builder()->tau()->spin()->setValue(2.0);  // as a user types it (setValue is silent)
        QVERIFY(updated.wait(5000));
        const double wall = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        const auto update = updated.last().at(0).value<ReweightingUpdate>();
        qInfo("tau 2: k-hat %.3f, %.2f ms CPU (%.2f ms wall) on the worker, %.1f ms wall from the move to the update",
              update.posterior.khat, update.cpuMilliseconds, update.milliseconds, wall);
        // The worker's CPU time: wall time on a machine shared by eight builds measures the load.
        VERIFY_TIME_BOUND(update.cpuMilliseconds, 100.0, "re-weighting CPU time on the worker");
        QVERIFY(std::isfinite(update.posterior.testAccuracy) && std::isfinite(update.posterior.elpdLoo));
        QVERIFY(panel->reweightingView()->status()->text().contains("k-hat"));
        QVERIFY(panel->reweightingView()->metrics()->text().contains("elpd_loo"));
        QVERIFY(panel->reweightingView()->table()->rowCount() > 0);
        // GENRELAB_SCREENSHOT_DIR set: the section as it shows the update, to look at.
        const QString shots = qEnvironmentVariable("GENRELAB_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            window.resize(1400, 880);
            window.findChild<QTabWidget*>()->setCurrentWidget(panel);
            QApplication::processEvents();
            QVERIFY(window.grab().save(QDir(shots).filePath("model_reweighted.png")));
        }
        // A tau a hundred times smaller than the fitted one.
        updated.clear();
        panel->builder()->tau()->spin()->setValue(0.01);
        QVERIFY(updated.wait(5000));
        const auto far = updated.last().at(0).value<ReweightingUpdate>();
        qInfo("tau 0.01: k-hat %.3f", far.posterior.khat);
        // On the sample the data pin sigma_beta: even tau = 0.01 stays below 0.7 (k-hat ~0.3).
        QCOMPARE(panel->reweightingView()->refitButton()->isVisibleTo(panel), !far.posterior.reliable());
        QCOMPARE(panel->reweightingView()->status()->text().contains("unreliable"), !far.posterior.reliable());
        // The refit the button offers: a new run with the builder's priors.
        QSignalSpy started(&window.controller(), &TrainingController::started);
        QSignalSpy finished(&window.controller(), &TrainingController::finished);
        panel->reweightingView()->refitButton()->click();
        QVERIFY(started.count() == 1 || started.wait(5000));
        QVERIFY(finished.wait(120000));
        QCOMPARE(window.session().resultSpec().model.regression.tau, 0.01);
    }

    // A fit with title tokens: a spec whose title slab differs from the fit's (a session, a
    // headless run) is refused with the reason, since the slab scales the token weights the
    // likelihood reads and re-weighted numbers would be wrong; back at the fitted slab, moving the
    // title's tau re-weights again.
    void changingTheTitleSlabIsRefusedWithTheReason() {
        MainWindow window;
        window.show();
        QVERIFY(openSample(window));
        RunSpec spec = quickSvi();
        spec.prep.groups.titleColumn = "Track Name";
        spec.model.terms.titleTokens = true;
        // The fit as a finished run publishes it (the Data section's title column is not set here).
        const Table table = readTable(GENRELAB_SAMPLE_CSV, tableOptionsOf(spec));
        const auto result = std::make_shared<const RunResult>(runPipeline(table, spec));
        window.session().setModelSpec(spec);  // the builder shows the fitted model
        ModelPanel* panel = window.modelPanel();
        QSignalSpy updated(&panel->reweighting(), &LiveReweighting::updated);
        QSignalSpy unavailable(&panel->reweighting(), &LiveReweighting::unavailable);
        window.session().addResult(result, spec);
        QVERIFY(updated.wait(20000) || updated.count() > 0);
        QCOMPARE(unavailable.count(), 0);
        QTRY_VERIFY(panel->reweightingView()->status()->text().contains("fitted priors"));
        RunSpec slab = panel->builder()->spec();
        QCOMPARE(slab.model.terms.titleSlab, spec.model.terms.titleSlab);
        slab.model.terms.titleSlab = 0.5;
        panel->builder()->setSpec(slab);
        emit panel->builder()->specChanged();  // as an edit announces it
        QTRY_COMPARE(unavailable.count(), 1);
        const QString reason = unavailable.last().at(0).toString();
        QVERIFY2(reason.contains("Changing the title slab changes what the data see") && reason.contains("train to see it"), qPrintable(reason));
        QCOMPARE(panel->reweightingView()->status()->text(), reason);
        QCOMPARE(panel->reweightingView()->table()->rowCount(), 0);  // no numbers beside the reason
        updated.clear();
        slab.model.terms.titleSlab = spec.model.terms.titleSlab;
        slab.model.terms.tauTitle = 0.3;
        panel->builder()->setSpec(slab);
        emit panel->builder()->specChanged();
        QVERIFY(updated.wait(5000));
        QCOMPARE(unavailable.count(), 1);
        QVERIFY(panel->reweightingView()->status()->text().contains("k-hat"));
    }

};

QTEST_MAIN(TestAppReweighting)
#include "tst_app_reweighting.moc"

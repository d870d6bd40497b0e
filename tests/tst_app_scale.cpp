// The app at scale: 200 classes and 100,000 rows in every section, the confusion matrix at
// 1,000 classes, the warning before a target with hundreds of classes, a cancelled load, and
// the autosave with its restore offer after a crash.
//
// Time bounds are the GUI thread's own CPU time (CLOCK_THREAD_CPUTIME_ID), which does not grow
// when other jobs share the cores, with a wide margin over what was measured (docs/BENCHMARKS.md).
#include "AppTestSupport.h"

#include "Autosave.h"
#include "BoxPlotChart.h"
#include "ClassAxisTicker.h"
#include "ClassBalanceChart.h"
#include "CorrelationHeatmap.h"
#include "ConfusionMatrixPlot.h"
#include "DataPanel.h"
#include "ExplorePanel.h"
#include "HistogramPlot.h"
#include "IntervalBarChart.h"
#include "MatrixCellLabels.h"
#include "ModelPanel.h"
#include "PriorPreviewPlot.h"
#include "PredictPanel.h"
#include "RawTableModel.h"
#include "ResultTableView.h"
#include "ResultsPanel.h"
#include "TargetClassCheck.h"
#include "data/ExploreStats.h"
#include "data/Table.h"
#include "run/RunPipeline.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <qcustomplot.h>

#include <cstdio>
#include <sys/resource.h>
#include <time.h>

using namespace genrelab;
using namespace genrelab::testing;

namespace {

double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// rows rows of `classes` classes: eight features whose means follow the class (so a model
// learns something), a track name with `trackNames` distinct values and an artist with
// `artists` distinct values (text columns, candidates for a wrong target).
QByteArray manyClassCsv(int rows, int classes, int trackNames = 1500, int artists = 250) {
    QByteArray csv = "Artist Name,Track Name,f1,f2,f3,f4,f5,f6,f7,f8,Class\n";
    csv.reserve(rows * 70);
    std::uint64_t state = 12345;
    const auto uniform = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) / 9007199254740992.0;
    };
    for (int r = 0; r < rows; ++r) {
        const int c = r % classes;
        csv += "artist " + QByteArray::number(r % artists) + ",track " + QByteArray::number(r % trackNames);
        for (int f = 0; f < 8; ++f) {
            const double centre = ((c * (f + 3)) % 17) / 4.0;
            csv += ',' + QByteArray::number(centre + uniform(), 'f', 4);
        }
        csv += ',' + QByteArray::number(c) + '\n';
    }
    return csv;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) return {};
    return path;
}

// Answers the next modal dialog with the given button, from the event loop the dialog runs; with
// GENRELAB_SHOT_DIR set, saves a picture of it there first (the screenshots in docs/).
void answerNextDialog(QMessageBox::StandardButton button, QString* text = nullptr, const QString& shot = {}) {
    QTimer::singleShot(0, [button, text, shot] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box) {
            answerNextDialog(button, text, shot);  // not shown yet: try again on the next turn
            return;
        }
        if (text) *text = box->text();
        if (const QByteArray shots = qgetenv("GENRELAB_SHOT_DIR"); !shots.isEmpty() && !shot.isEmpty())
            box->grab().save(QDir(QString::fromLocal8Bit(shots)).filePath(shot));
        box->button(button)->click();
    });
}

void report(const char* what, double ms) { std::printf("  GUI thread CPU: %-48s %8.1f ms\n", what, ms); }

} // namespace

class TestAppScale : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // the autosave goes to a test folder, not the user's
        isolateSettings("tst_app_scale");
        QVERIFY(dir_.isValid());
    }

    // The matrix is one colour map; counts are written only into cells that hold them, and the
    // class names thin out to every n-th one. 1,000 classes took minutes with a text item per cell.
    void confusionMatrixAtAThousandClasses() {
        ConfusionMatrixPlot plot;
        plot.resize(900, 700);
        plot.show();
        constexpr int k = 1000;
        Eigen::MatrixXi counts(k, k);
        for (int i = 0; i < k; ++i)
            for (int j = 0; j < k; ++j) counts(i, j) = i == j ? 40 : (i + j) % 7 == 0 ? 1 : 0;
        std::vector<std::string> names;
        for (int i = 0; i < k; ++i) names.push_back("genre " + std::to_string(i));
        const double before = threadCpuMs();
        plot.setMatrix(counts, names);
        plot.plot()->replot(QCustomPlot::rpImmediateRefresh);
        const double busy = threadCpuMs() - before;
        report("confusion matrix, 1,000 classes, set + draw", busy);
        QVERIFY2(busy < 3000.0, qPrintable(QString("%1 ms").arg(busy)));
        QCOMPARE(plot.cellLabels()->drawnCells(), 0);  // a cell is under a pixel wide: no text
        QVERIFY(plot.predictedTicker()->stride() > 10);
        QCOMPARE(plot.cellValue(3, 3), 40.0 / counts.row(3).sum());
        QVERIFY2(plot.hoverText(5, 3).startsWith("true genre 3, predicted genre 5: 0 tracks"), qPrintable(plot.hoverText(5, 3)));
        QVERIFY(plot.hoverText(k, 0).isEmpty());
        // Zoomed in to ten classes, the cells hold their counts again and every name shows.
        plot.plot()->xAxis->setRange(99.5, 109.5);
        plot.plot()->yAxis->setRange(99.5, 109.5);
        plot.plot()->replot(QCustomPlot::rpImmediateRefresh);
        QCOMPARE(plot.cellLabels()->drawnCells(), 100);
        QCOMPARE(plot.predictedTicker()->stride(), 1);

        // Eleven classes: every count is written, every name shows.
        Eigen::MatrixXi small = Eigen::MatrixXi::Constant(11, 11, 3);
        plot.setMatrix(small, std::vector<std::string>(names.begin(), names.begin() + 11));
        plot.plot()->replot(QCustomPlot::rpImmediateRefresh);
        QCOMPARE(plot.cellLabels()->drawnCells(), 121);
        QCOMPARE(plot.predictedTicker()->stride(), 1);
    }

    // With 200 classes and 100,000 rows, opening the file, then showing each section, costs the
    // GUI thread a bounded time; the views stay readable (aggregated series, thinned names).
    void everySectionWithTwoHundredClasses() {
        const QString path = writeFile(dir_, "classes200.csv", manyClassCsv(100000, 200));
        QVERIFY(!path.isEmpty());
        MainWindow window;
        window.setProperty("quietErrors", true);
        window.resize(1500, 920);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        window.openFile(path);
        // Reading happens on a pool thread; the GUI thread's part is handing the table to the panels.
        const double beforeLoad = threadCpuMs();
        QVERIFY(loaded.wait(120000));
        const double loadBusy = threadCpuMs() - beforeLoad;
        report("open 100,000 rows x 200 classes (panels filled)", loadBusy);
        QVERIFY2(loadBusy < 4000.0, qPrintable(QString("%1 ms").arg(loadBusy)));
        QCOMPARE(window.session().classNames().size(), std::size_t{200});
        QCOMPARE(window.dataPanel()->tableModel()->rowCount(), 100000);

        ExplorePanel* explore = window.explorePanel();
        explore->histogram()->setMode(HistogramPlot::Mode::Overlay);
        QCOMPARE(explore->histogram()->seriesCount(), HistogramPlot::kMaxClassSeries);  // 11 largest + "189 more classes"
        QCOMPARE(explore->histogram()->plot()->plottable(HistogramPlot::kMaxClassSeries - 1)->name(), QString("189 more classes"));
        QCOMPARE(explore->balance()->barCount(), 200);
        QCOMPARE(explore->balance()->countLabelCount(), 0);
        QCOMPARE(explore->boxes()->boxCount(), 200);
        // The Model section's 300 preview rows come from a pass over every row (the stratified
        // split): a pool thread prepares them; shown, the preview's class shares use them.
        QTRY_VERIFY_WITH_TIMEOUT(!window.modelPanel()->preparingPreviewRows(), 120000);
        const int shownSection = window.sections()->currentIndex();
        window.sections()->setCurrentWidget(window.modelPanel());
        QTRY_COMPARE_WITH_TIMEOUT(window.modelPanel()->preview()->preview().classShareMean.size(), Eigen::Index{200}, 5000);
        window.sections()->setCurrentIndex(shownSection);
        // Spearman over 100,000 rows goes to a pool thread: the GUI thread only starts it and
        // shows the result, which is the same matrix computed directly.
        const double beforeSpearman = threadCpuMs();
        explore->correlation()->setSpearman(true);
        QVERIFY(explore->correlation()->busy());
        report("start Spearman over 100,000 rows", threadCpuMs() - beforeSpearman);
        QVERIFY(threadCpuMs() - beforeSpearman < 500.0);
        QTRY_VERIFY_WITH_TIMEOUT(!explore->correlation()->busy(), 120000);
        const auto features = window.session().table()->featureColumns();
        const Eigen::MatrixXd spearman = correlationMatrix(*window.session().table(), features, true);
        QCOMPARE(explore->correlation()->matrix().rows(), Eigen::Index{8});
        const Eigen::MatrixXd shown = explore->correlation()->matrix();
        for (Eigen::Index i = 0; i < 8; ++i)
            for (Eigen::Index j = 0; j < 8; ++j)
                QVERIFY2(shown(i, j) == spearman(i, j), qPrintable(QString("(%1, %2): %3 shown, %4 computed").arg(i).arg(j).arg(shown(i, j)).arg(spearman(i, j))));

        // The run: 2,000 training rows, a short SVI fit; then the result is published as a
        // finished run is, and every section is drawn.
        PrepChoices prep = window.session().prep();
        prep.trainRows = 2000;
        prep.testRows = 2000;
        window.session().setPrep(prep);
        RunSpec spec = quickSvi(100);
        setModelByName(spec.model, "flat");
        spec.guideDraws = 40;
        spec.predictiveDraws = 40;
        window.session().setModelSpec(spec);
        const RunSpec full = window.session().runSpec();
        auto result = std::make_shared<const RunResult>(runPipeline(*window.session().table(), full));
        const double beforeResult = threadCpuMs();
        window.session().addResult(result, full);
        window.resultsPanel()->fillNow();  // every view at once: the sum of the publish's steps
        const double resultBusy = threadCpuMs() - beforeResult;
        report("publish a 200-class result (Results, Predict)", resultBusy);
        QVERIFY2(resultBusy < 4000.0, qPrintable(QString("%1 ms").arg(resultBusy)));
        QCOMPARE(window.resultsPanel()->perClass()->tableModel()->rowCount(), 200);
        QCOMPARE(window.resultsPanel()->confusion()->cellLabels()->drawnCells(), 0);

        QTabWidget* sections = window.sections();
        for (int s = 0; s < sections->count(); ++s) {
            const double before = threadCpuMs();
            sections->setCurrentIndex(s);
            QApplication::processEvents();
            for (auto* plot : sections->widget(s)->findChildren<QCustomPlot*>()) plot->replot(QCustomPlot::rpImmediateRefresh);
            const double busy = threadCpuMs() - before;
            report(qPrintable("show section " + sections->tabText(s)), busy);
            QVERIFY2(busy < 2000.0, qPrintable(QString("%1: %2 ms").arg(sections->tabText(s)).arg(busy)));
        }
        QTabWidget* resultTabs = window.resultsPanel()->tabs();
        sections->setCurrentWidget(window.resultsPanel());
        for (int t = 0; t < resultTabs->count(); ++t) {
            if (!resultTabs->isTabVisible(t)) continue;
            const double before = threadCpuMs();
            resultTabs->setCurrentIndex(t);
            QApplication::processEvents();
            for (auto* plot : resultTabs->widget(t)->findChildren<QCustomPlot*>()) plot->replot(QCustomPlot::rpImmediateRefresh);
            const double busy = threadCpuMs() - before;
            report(qPrintable("show Results tab " + resultTabs->tabText(t)), busy);
            QVERIFY2(busy < 2000.0, qPrintable(QString("%1: %2 ms").arg(resultTabs->tabText(t)).arg(busy)));
        }

        // Predict: the chart shows the 20 most probable classes; a file of 10,000 tracks gets
        // the top three classes per track instead of 200 probability columns.
        PredictPanel* predict = window.predictPanel();
        double before = threadCpuMs();
        predict->predictManual();
        report("predict one track", threadCpuMs() - before);
        QCOMPARE(predict->chart()->barCount(), PredictPanel::kMaxChartClasses);
        QVERIFY2(predict->summary().contains("20 most probable of 200 classes"), qPrintable(predict->summary()));
        const QString tracks = writeFile(dir_, "tracks.csv", manyClassCsv(10000, 200));
        before = threadCpuMs();
        QCOMPARE(predict->predictFile(tracks), QString());
        const double predictBusy = threadCpuMs() - before;
        report("predict a file of 10,000 tracks (computed on a pool thread)", predictBusy);
        QVERIFY2(predictBusy < 1500.0, qPrintable(QString("%1 ms").arg(predictBusy)));
        const ResultTableModel* predictions = predict->predictions()->tableModel();
        QCOMPARE(predictions->rowCount(), 10000);
        // line, the file's artist and track columns, the top genre with its probability, interval
        // and the entropy, then the next two genres.
        QCOMPARE(predictions->columnCount(), 8 + 2 * (PredictPanel::kTopClasses - 1));
        QCOMPARE(predictions->headerData(1, Qt::Horizontal).toString(), QString("Artist Name"));
        QCOMPARE(predictions->headerData(2, Qt::Horizontal).toString(), QString("Track Name"));
        QCOMPARE(predictions->headerData(8, Qt::Horizontal).toString(), QString("genre 2"));
        // Per track the three probabilities are the largest first.
        for (int r = 0; r < 50; ++r) {
            const double p1 = predictions->index(r, 4).data(Qt::UserRole).toDouble();
            const double p2 = predictions->index(r, 9).data(Qt::UserRole).toDouble();
            const double p3 = predictions->index(r, 11).data(Qt::UserRole).toDouble();
            QVERIFY(p1 >= p2 && p2 >= p3 && p3 >= 0.0 && p1 + p2 + p3 <= 1.0 + 1e-9);
        }
    }

    // A large file named in GENRELAB_SCALE_CSV (a million rows: docs/BENCHMARKS.md) opens off
    // the GUI thread and every section shows within the same bounds; prints the figures.
    void aLargeFileFromTheEnvironment() {
        const QString path = qEnvironmentVariable("GENRELAB_SCALE_CSV");
        if (path.isEmpty()) QSKIP("set GENRELAB_SCALE_CSV to a large CSV file to measure it");
        MainWindow window;
        window.setProperty("quietErrors", true);
        window.resize(1500, 920);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        QElapsedTimer wall;
        wall.start();
        const double before = threadCpuMs();
        window.openFile(path);
        QVERIFY(loaded.wait(600000));
        const double busy = threadCpuMs() - before;
        std::printf("  %s: %zu rows read and inspected in %.0f ms on a pool thread (%lld ms wall until shown)\n", qPrintable(path),
                    window.session().table()->rows(), window.current().milliseconds, static_cast<long long>(wall.elapsed()));
        report("open the file (panels filled)", busy);
        QVERIFY2(busy < 4000.0, qPrintable(QString("%1 ms").arg(busy)));
        // The box plots' quantiles and the preview's rows are computed on pool threads.
        const double beforePool = threadCpuMs();
        QTRY_VERIFY_WITH_TIMEOUT(!window.explorePanel()->boxes()->busy() && !window.modelPanel()->preparingPreviewRows(), 600000);
        report("box plots and preview rows (pool threads), drawn when ready", threadCpuMs() - beforePool);
        QTabWidget* sections = window.sections();
        for (int s = 0; s < sections->count(); ++s) {
            const double start = threadCpuMs();
            sections->setCurrentIndex(s);
            QApplication::processEvents();
            for (auto* plot : sections->widget(s)->findChildren<QCustomPlot*>()) plot->replot(QCustomPlot::rpImmediateRefresh);
            const double shown = threadCpuMs() - start;
            report(qPrintable("show section " + sections->tabText(s)), shown);
            QVERIFY2(shown < 2000.0, qPrintable(QString("%1: %2 ms").arg(sections->tabText(s)).arg(shown)));
        }
        const double spearmanStart = threadCpuMs();
        QElapsedTimer spearmanWall;
        spearmanWall.start();
        CorrelationHeatmap* correlation = window.explorePanel()->correlation();
        QTRY_VERIFY_WITH_TIMEOUT(!correlation->busy(), 600000);  // the Pearson matrix of the open
        correlation->setSpearman(true);
        QTRY_VERIFY_WITH_TIMEOUT(!correlation->busy(), 600000);
        report("Pearson, then Spearman correlation (pool thread)", threadCpuMs() - spearmanStart);
        std::printf("  both correlation matrices ready after %lld ms wall\n", static_cast<long long>(spearmanWall.elapsed()));
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        std::printf("  peak resident memory of the test process: %ld MB\n", usage.ru_maxrss / 1024);
    }

    void targetClassCountIsCountedExactly() {
        const Table table = parseTable("name,code,Class\na,1,x\nb,2,y\na,,x\n,2,y\nc,3.5,x\n", "t.csv");
        const TargetClassCheck names = checkTargetClasses(table.column(0));
        QCOMPARE(names.classes, std::size_t{3});  // a, b, c; the missing cell is no class
        QCOMPARE(names.verdict, TargetClassCheck::Verdict::Accept);
        QVERIFY(names.message.isEmpty());
        QCOMPARE(checkTargetClasses(table.column(1)).classes, std::size_t{3});  // 1, 2, 3.5
    }

    // Choosing a text column with hundreds of distinct values as the target asks first, stating
    // the count; beyond 1,000 classes it is refused. Either way nothing is read until confirmed.
    void aTargetWithHundredsOfClassesIsConfirmedOrRefused() {
        const QString path = writeFile(dir_, "names.csv", manyClassCsv(3000, 11, 1500, 250));
        MainWindow window;
        window.setProperty("quietErrors", true);
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        window.openFile(path);
        QVERIFY(loaded.wait(30000));
        DataPanel* data = window.dataPanel();

        QString said;
        answerNextDialog(QMessageBox::Ok, &said);
        QVERIFY(!data->requestTarget("Track Name"));
        QVERIFY2(said.contains("'Track Name' has 1,500 distinct values") && said.contains("at most 1000 classes"), qPrintable(said));

        answerNextDialog(QMessageBox::No, &said);
        QVERIFY(!data->requestTarget("Artist Name"));
        QVERIFY2(said.contains("'Artist Name' has 250 distinct values: as the target that makes 250 classes"), qPrintable(said));
        QTest::qWait(100);
        QCOMPARE(loaded.count(), 1);  // declined: nothing read again
        QCOMPARE(window.session().classNames().size(), std::size_t{11});

        answerNextDialog(QMessageBox::Yes);
        QVERIFY(data->requestTarget("Artist Name"));
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.session().classNames().size(), std::size_t{250});
        QCOMPARE(*window.session().table()->targetIndex(), std::size_t{0});

        QVERIFY(data->requestTarget("Class"));  // 11 classes: no question
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.session().classNames().size(), std::size_t{11});
    }

    // A load can be cancelled: its result is dropped and the file open before stays.
    void aCancelledLoadKeepsThePreviousFile() {
        MainWindow window;
        window.show();
        QVERIFY(openSample(window));
        const QString big = writeFile(dir_, "big.csv", manyClassCsv(400000, 11));  // about a second to read
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        QSignalSpy cancelled(&window.loader(), &TableLoader::cancelled);
        window.openFile(big);
        QVERIFY(window.loader().isLoading());
        QTRY_VERIFY_WITH_TIMEOUT(window.cancelLoadButton()->isVisible(), 5000);  // shown once the read takes a while
        window.cancelLoadButton()->click();
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(!window.cancelLoadButton()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!window.loader().isLoading(), 60000);
        QTest::qWait(50);
        QCOMPARE(loaded.count(), 0);
        QCOMPARE(window.dataPanel()->tableModel()->rowCount(), 2000);  // still the sample
        QCOMPARE(window.session().path(), QString(GENRELAB_SAMPLE_CSV));
    }

    // The session is autosaved (atomically, on a timer and after each run); a process that ends
    // without a clean exit leaves its marker, and the next start offers the autosave back.
    void autosaveIsOfferedBackAfterACrash() {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QVERIFY(folder.contains("qttest"));  // the test mode's folder, never the user's
        QDir(folder).removeRecursively();
        RunSpec chosen;
        {
            MainWindow crashing;
            QVERIFY(!crashing.autosave().crashedSessionAvailable());
            QVERIFY(openSample(crashing));
            crashing.startAutosave(50);
            QVERIFY(QFile::exists(crashing.autosave().markerPath()));
            chosen = crashing.session().modelSpec();
            chosen.model.regression.tau = 3.25;
            chosen.svi.steps = 777;
            crashing.session().setModelSpec(chosen);
            QSignalSpy saved(&crashing.autosave(), &Autosave::saved);
            QVERIFY(saved.wait(5000));
            QFile file(crashing.autosave().sessionPath());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY(file.readAll().contains("777"));
            const int writes = crashing.autosave().writes();
            QTest::qWait(200);
            QCOMPARE(crashing.autosave().writes(), writes);  // unchanged session: not written again
            // The window goes without a clean exit (no close): the marker stays, as after a crash.
        }
        {
            MainWindow next;
            QVERIFY(next.autosave().crashedSessionAvailable());
            next.setProperty("quietErrors", true);
            QSignalSpy loaded(&next, &MainWindow::fileLoaded);
            QString offer;
            answerNextDialog(QMessageBox::Yes, &offer, "restore-offer.png");
            QVERIFY(next.offerAutosaveRestore());
            QVERIFY2(offer.startsWith("genrelab did not exit cleanly last time."), qPrintable(offer));
            QCOMPARE(next.session().modelSpec().model.regression.tau, 3.25);
            QCOMPARE(next.session().modelSpec().svi.steps, std::size_t{777});
            QVERIFY(loaded.wait(15000));  // the session's data file opens with it
            QCOMPARE(next.session().path(), QString(GENRELAB_SAMPLE_CSV));
            QVERIFY(!next.autosave().crashedSessionAvailable());  // offered once
            next.startAutosave(50);
            next.close();  // the clean exit
            QVERIFY(!QFile::exists(next.autosave().markerPath()));
            QVERIFY(!QFile::exists(next.autosave().sessionPath()));
        }
        MainWindow afterCleanExit;
        QVERIFY(!afterCleanExit.autosave().crashedSessionAvailable());
        QVERIFY(!afterCleanExit.offerAutosaveRestore());  // no dialog
    }

    // A marker whose process still runs is another window of the app, not a crash.
    void aLiveProcessIsNoCrash() {
        QTemporaryDir folder;
        Autosave first([] { return std::string("{}\n"); }, folder.path());
        QCOMPARE(first.start(60000), QString());
        QCOMPARE(first.saveNow(), QString());
        QFile marker(first.markerPath());
        QVERIFY(marker.open(QIODevice::WriteOnly | QIODevice::Truncate));
        marker.write("1\n");  // init: alive
        marker.close();
        QVERIFY(!Autosave([] { return std::string(); }, folder.path()).crashedSessionAvailable());
        QVERIFY(marker.open(QIODevice::WriteOnly | QIODevice::Truncate));
        marker.write("2147483646\n");  // no such process
        marker.close();
        QVERIFY(Autosave([] { return std::string(); }, folder.path()).crashedSessionAvailable());
        // A failed write keeps the previous autosave and says which file and why.
        Autosave unwritable([] { return std::string("{\"x\": 1}\n"); }, "/proc/genrelab-no-such-folder");
        QVERIFY(!unwritable.start(60000).isEmpty());
    }
};

QTEST_MAIN(TestAppScale)
#include "tst_app_scale.moc"

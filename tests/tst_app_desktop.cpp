// The app as a desktop program, offscreen: a CSV dropped on the window opens as File > Open
// opens it, and a drop that cannot be opened (several files, a folder, another kind of file)
// says why; File > Open Recent lists the last ten files, most recent first, greys missing ones
// and clears; the window comes back with its size and the section it was closed on. Settings go
// to a temporary folder (QSettings::setPath), never the user's.
#include "AppTestSupport.h"

#include "CountingObserver.h"
#include "DroppedFile.h"
#include "ExperimentsPanel.h"
#include "JobProgress.h"
#include "ProgressEta.h"
#include "RecentFiles.h"

#include <QAction>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMenu>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>

#include <atomic>
#include <cmath>
#include <thread>

using namespace genrelab;
using namespace genrelab::testing;

namespace {

// Drags the URLs over the window and drops them; returns whether the window took the drag.
bool dropOn(MainWindow& window, const QList<QUrl>& urls) {
    QMimeData mime;
    mime.setUrls(urls);
    const QPoint at = window.rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &enter);
    if (!enter.isAccepted()) return false;
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &drop);
    return true;
}

// The recent-file entries of File > Open Recent, as the user sees it when opening the menu.
QList<QAction*> recentEntries(MainWindow& window) {
    emit window.recentMenu()->aboutToShow();
    QList<QAction*> entries;
    for (QAction* a : window.recentMenu()->actions())
        if (!a->data().toString().isEmpty()) entries << a;
    return entries;
}

QAction* namedAction(MainWindow& window, const char* name) {
    for (QAction* a : window.recentMenu()->actions())
        if (a->objectName() == name) return a;
    return nullptr;
}

void writeCsv(const QString& path) { put(path, "a,b,genre\n1,2,x\n3,4,y\n"); }

// With GENRELAB_TEST_SCREENSHOTS set, the widget as PNG there, to look at.
void screenshot(QWidget* widget, const QString& name) {
    const QString dir = qEnvironmentVariable("GENRELAB_TEST_SCREENSHOTS");
    if (!dir.isEmpty() && QDir().mkpath(dir)) widget->grab().save(QDir(dir).filePath(name + ".png"));
}

} // namespace

class TestAppDesktop : public QObject {
    Q_OBJECT
    QTemporaryDir settingsDir_;
    QTemporaryDir dir_;

private slots:
    void initTestCase() {
        QVERIFY(settingsDir_.isValid() && dir_.isValid());
        QStandardPaths::setTestModeEnabled(true);  // the autosave's folder, too, is a test folder
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
        isolateSettings("tst_app_desktop");
        QVERIFY2(QSettings().fileName().startsWith(settingsDir_.path()), qPrintable(QSettings().fileName()));
    }
    void init() { QSettings().clear(); }

    void aDroppedCsvOpensAsFileOpenDoes() {
        MainWindow window;
        window.setProperty("quietErrors", true);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        QVERIFY(dropOn(window, {QUrl::fromLocalFile(GENRELAB_SAMPLE_CSV)}));
        QVERIFY(loaded.wait(15000));
        QCOMPARE(loaded.first().first().toString(), QString(GENRELAB_SAMPLE_CSV));
        QCOMPARE(window.session().path(), QString(GENRELAB_SAMPLE_CSV));
        QVERIFY(window.session().table());
        QCOMPARE(window.lastError(), QString());
        // Opened by the same path as File > Open: it heads the recent files.
        QCOMPARE(RecentFiles().paths().value(0), QFileInfo(GENRELAB_SAMPLE_CSV).absoluteFilePath());
    }

    void aDropThatCannotOpenSaysWhy_data() {
        QTest::addColumn<QList<QUrl>>("urls");
        QTest::addColumn<QString>("message");
        const QString other = dir_.filePath("other.csv");
        writeCsv(other);
        const QString session = dir_.filePath("session.json");
        put(session, "{}");
        QTest::newRow("two files") << QList<QUrl>{QUrl::fromLocalFile(GENRELAB_SAMPLE_CSV), QUrl::fromLocalFile(other)}
                                   << "2 files were dropped; genrelab opens one data file at a time. Drop a single CSV file.";
        QTest::newRow("a folder") << QList<QUrl>{QUrl::fromLocalFile(dir_.path())}
                                  << QFileInfo(dir_.path()).fileName() + " is a folder; drop a CSV file from it instead.";
        QTest::newRow("not a CSV") << QList<QUrl>{QUrl::fromLocalFile(session)}
                                   << "session.json is not a CSV file: genrelab opens .csv, .tsv and .txt data files (a session "
                                      "opens with File > Open Session).";
        QTest::newRow("not local") << QList<QUrl>{QUrl("https://example.org/tracks.csv")}
                                   << "https://example.org/tracks.csv is not a file on this computer; download it first, then "
                                      "drop or open it.";
    }
    void aDropThatCannotOpenSaysWhy() {
        QFETCH(QList<QUrl>, urls);
        QFETCH(QString, message);
        MainWindow window;
        QVERIFY(openSample(window));
        const auto table = window.session().table();
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        QVERIFY(dropOn(window, urls));  // taken, so that the refusal is explained rather than ignored
        QCOMPARE(window.lastError(), message);
        QVERIFY(!window.loader().isLoading());
        QTest::qWait(50);
        QCOMPARE(loaded.count(), 0);
        QCOMPARE(window.session().table(), table);  // the open data stays
        QCOMPARE(window.session().path(), QString(GENRELAB_SAMPLE_CSV));
    }

    void theDropRulesOnTheirOwn() {
        const QString csv = dir_.filePath("Tracks.CSV");
        writeCsv(csv);
        QCOMPARE(chooseDroppedFile({QUrl::fromLocalFile(csv)}).path, csv);
        QVERIFY(chooseDroppedFile({QUrl::fromLocalFile(csv)}).refusal.isEmpty());
        QVERIFY(looksLikeDataFile("a.tsv") && looksLikeDataFile("a.txt") && !looksLikeDataFile("a.json") && !looksLikeDataFile("csv"));
        QCOMPARE(chooseDroppedFile({}).refusal, QString("Nothing to open was dropped: drop a CSV file."));
        QCOMPARE(chooseDroppedFile({QUrl::fromLocalFile(dir_.filePath("gone.csv"))}).refusal,
                 dir_.filePath("gone.csv") + " does not exist.");
    }

    void openRecentListsTheLastTenMostRecentFirst() {
        QStringList files;
        for (int i = 1; i <= 12; ++i) {
            files << dir_.filePath(QString("tracks%1.csv").arg(i));
            writeCsv(files.back());
            RecentFiles().add(files.back());
        }
        RecentFiles().add(files[3]);  // opened again: back to the front, listed once
        MainWindow window;
        window.setProperty("quietErrors", true);
        QList<QAction*> entries = recentEntries(window);
        QCOMPARE(entries.size(), RecentFiles::kMaxFiles);
        QCOMPARE(RecentFiles::kMaxFiles, 10);
        const QStringList expected{files[3], files[11], files[10], files[9], files[8], files[7], files[6], files[5], files[4], files[2]};
        QStringList listed;
        for (QAction* a : entries) listed << a->data().toString();
        QCOMPARE(listed, expected);
        QVERIFY(entries[0]->text().startsWith("&1 tracks4.csv"));
        QVERIFY(entries[9]->text().startsWith("1&0 tracks3.csv"));
        QVERIFY(namedAction(window, "removeMissingRecent") == nullptr);

        // A file that went missing is greyed, and can be removed.
        QVERIFY(QFile::remove(files[11]));
        entries = recentEntries(window);
        QCOMPARE(entries.size(), 10);
        QVERIFY(!entries[1]->isEnabled());
        QVERIFY(entries[1]->text().endsWith(" — missing"));
        QVERIFY(entries[0]->isEnabled() && entries[2]->isEnabled());
        window.recentMenu()->popup(QPoint(0, 0));
        screenshot(window.recentMenu(), "open_recent");
        window.recentMenu()->hide();
        QAction* removeMissing = namedAction(window, "removeMissingRecent");
        QVERIFY(removeMissing);
        QCOMPARE(removeMissing->text(), QString("Remove 1 missing file(s)"));
        removeMissing->trigger();
        QCOMPARE(recentEntries(window).size(), 9);
        QVERIFY(!RecentFiles().paths().contains(files[11]));

        // A file that disappears while the menu is open is removed with a message, not opened.
        entries = recentEntries(window);
        QVERIFY(QFile::remove(files[10]));
        entries[1]->trigger();
        QCOMPARE(window.lastError(), files[10] + " no longer exists; it is removed from the recent files.");
        QVERIFY(!window.loader().isLoading());
        QCOMPARE(RecentFiles().paths().size(), 8);

        // Choosing an entry opens it, and it moves to the front.
        entries = recentEntries(window);
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        entries[3]->trigger();
        QVERIFY(loaded.wait(15000));
        QCOMPARE(window.session().path(), files[7]);
        QCOMPARE(RecentFiles().paths().value(0), files[7]);
        QCOMPARE(recentEntries(window).value(0)->data().toString(), files[7]);

        // Clear List empties the menu and the stored list.
        QAction* clear = namedAction(window, "clearRecent");
        QVERIFY(clear && clear->isEnabled());
        clear->trigger();
        QCOMPARE(recentEntries(window).size(), 0);
        QCOMPARE(RecentFiles().paths(), QStringList());
        QVERIFY(!namedAction(window, "clearRecent")->isEnabled());
        // ...and stays empty in the next session of the app.
        MainWindow next;
        QCOMPARE(recentEntries(next).size(), 0);
    }

    void theWindowComesBackWithItsSizeAndSection() {
        {
            MainWindow first;
            first.show();
            QVERIFY(QTest::qWaitForWindowExposed(&first));
            first.resize(1210, 790);
            first.sections()->setCurrentIndex(4);  // Results
            QTest::qWait(20);
            QCOMPARE(first.size(), QSize(1210, 790));
            first.close();
        }
        MainWindow second;
        QCOMPARE(second.sections()->currentIndex(), 4);
        second.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second));
        QCOMPARE(second.size(), QSize(1210, 790));
        second.sections()->setCurrentIndex(6);  // Predict
        second.close();
        MainWindow third;
        QCOMPARE(third.sections()->currentIndex(), 6);
        // A stored section the window does not have (settings from elsewhere) leaves the first one.
        third.close();
        QSettings().setValue("MainWindow.section", 42);
        MainWindow fourth;
        QCOMPARE(fourth.sections()->currentIndex(), 0);
    }

    void progressSaysWhatIsDoneTheTimeTakenAndTheTimeLeft() {
        QCOMPARE(ProgressEta::describe(0, 25, 3.0), QString("0 of 25 · 0:03 · time left unknown"));
        QCOMPARE(ProgressEta::describe(5, 25, 10.0), QString("5 of 25 · 0:10 · about 0:40 left"));
        QCOMPARE(ProgressEta::describe(1, 3, 1900.0), QString("1 of 3 · 31:40 · about 1:03:20 left"));
        QCOMPARE(ProgressEta::describe(25, 25, 61.4), QString("25 of 25 · 1:01"));
        QCOMPARE(ProgressEta::describe(30, 25, 61.4), QString("25 of 25 · 1:01"));  // a count past its plan (SVI's pilot) is capped
        QCOMPARE(ProgressEta::describe(0, 0, 3725.0), QString("working · 1:02:05"));
        QCOMPARE(ProgressEta::duration(std::nan("")), QString("n/a"));
        QCOMPARE(ProgressEta::duration(-1.0), QString("n/a"));
        QCOMPARE(ProgressEta::duration(59.6), QString("1:00"));
    }

    void aJobsBarFollowsItsCounterAndItsClockMoves() {
        QProgressBar bar;
        JobProgress progress(&bar);
        std::atomic<std::size_t> counter{0};
        progress.start(10, [&counter] { return counter.load(); });
        QCOMPARE(bar.maximum(), 10);
        QCOMPARE(bar.format(), QString("0 of 10 · 0:00 · time left unknown"));
        counter = 4;
        QTRY_COMPARE_WITH_TIMEOUT(bar.value(), 4, 3000);  // read on the next refresh, without a report
        QVERIFY2(QRegularExpression("^4 of 10 · 0:0[1-3] · about 0:0[1-5] left$").match(bar.format()).hasMatch(), qPrintable(bar.format()));
        progress.setDone(10);  // a report wins over the counter until the next refresh
        progress.stop();
        QVERIFY(!progress.running());
    }

    void theObserverCountsEveryChainsIterations() {
        CountingObserver observer;
        std::vector<std::thread> chains;
        for (int c = 0; c < 4; ++c)
            chains.emplace_back([&observer] {
                for (int i = 0; i < 2500; ++i) observer.onProgress(ProgressEvent{});
            });
        for (auto& t : chains) t.join();
        QCOMPARE(observer.count(), std::size_t{10000});
        QVERIFY(!observer.stopRequested());
        CancellationToken token;
        CountingObserver stopping(token);
        token.cancel();
        QVERIFY(stopping.stopRequested());
    }

    // VI against MCMC had a busy bar only: it counts SVI steps and NUTS iterations, shows the time
    // left, and Cancel ends it.
    void theComparisonShowsItsProgressAndCancels() {
        MainWindow window;
        QVERIFY(openSample(window));
        ExperimentsPanel* panel = window.experimentsPanel();
        auto* bar = panel->findChild<QProgressBar*>(QString(), Qt::FindDirectChildrenOnly);
        QVERIFY(bar);
        RunSpec spec = quickSvi(4000);
        spec.nuts.warmup = 3000;
        spec.nuts.samples = 3000;
        spec.nuts.chains = 2;
        window.session().setModelSpec(spec);
        panel->runComparison();
        QVERIFY(panel->busy());
        QCOMPARE(bar->maximum(), 4000 + 2 * 6000);
        QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(bar->format().contains(" left"), 5000);
        QVERIFY2(QRegularExpression("^[0-9]+ of 16000 · [0-9]+:[0-9]{2} · about [0-9:]+ left$").match(bar->format()).hasMatch(),
                 qPrintable(bar->format()));
        panel->showTab(2);
        screenshot(panel, "comparison_progress");
        panel->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!panel->busy(), 30000);
        QVERIFY(bar->value() < bar->maximum());
    }

    // Rebuilding a session's results shows the busy bar with the time taken, and Cancel stops
    // waiting: the choices stay, no results appear later.
    void rebuildingASessionsResultsCanBeCancelled() {
        const QString path = dir_.filePath("cancel-session.json");
        {
            MainWindow first;
            QVERIFY(openSample(first));
            QVERIFY(train(first, quickSvi()));
            QCOMPARE(first.saveSession(path), QString());
        }
        MainWindow window;
        window.setProperty("quietErrors", true);
        QSignalSpy restored(&window, &MainWindow::resultsRestored);
        bool cancelledWhileRunning = false;
        connect(&window, &MainWindow::fileLoaded, &window, [&window, &cancelledWhileRunning] {
            // The rebuild starts as the data arrives: Cancel while it runs.
            cancelledWhileRunning = window.cancelLoadButton()->isVisible();
            window.cancelLoadButton()->click();
        });
        window.show();
        QCOMPARE(window.openSession(path), QString());
        QVERIFY(restored.wait(15000));
        QVERIFY(cancelledWhileRunning);
        QVERIFY(restored.first().first().toString().contains("rebuilding its results was cancelled"));
        QVERIFY(!window.cancelLoadButton()->isVisible());
        QTest::qWait(3000);  // longer than the rebuild takes on the sample
        QCOMPARE(restored.count(), 1);
        QVERIFY(!window.session().result());
        QCOMPARE(window.session().runSpec().svi.steps, quickSvi().svi.steps);  // the choices are restored
    }

    void withoutSettingsTheWindowStartsAtItsDefaults() {
        MainWindow window;
        QCOMPARE(window.sections()->currentIndex(), 0);
        QCOMPARE(window.size(), QSize(1400, 880));
        QCOMPARE(recentEntries(window).size(), 0);
    }
};

QTEST_MAIN(TestAppDesktop)
#include "tst_app_desktop.moc"

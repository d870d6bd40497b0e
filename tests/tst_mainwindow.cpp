// The main window offscreen: open a file and see the panels fill, a bad file leaves the
// previous one open, and the report's table model passes Qt's model tester.
#include "ClassBalanceChart.h"
#include "ColumnSummaryModel.h"
#include "FindingsView.h"
#include "MainWindow.h"
#include "QualityReportView.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace genrelab;

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("genrelab-tests");  // keep the user's settings out
        QCoreApplication::setApplicationName("tst_mainwindow");
    }

    void openingAFileFillsThePanels() {
        MainWindow window;
        window.setProperty("quietErrors", true);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        window.openFile(GENRELAB_SAMPLE_CSV);
        QVERIFY(loaded.wait(10000));
        QualityReportView* view = window.reportView();
        QCOMPARE(view->columnModel()->rowCount(), 17);
        QCOMPARE(view->columnModel()->index(2, ColumnSummaryModel::Name).data().toString(), QString("Popularity"));
        QCOMPARE(view->columnModel()->index(16, ColumnSummaryModel::Kind).data().toString(), QString("target"));
        QCOMPARE(view->classChart()->barCount(), 11);
        QVERIFY(view->findings()->findingCount() >= 5);
        QVERIFY(view->findings()->toPlainText().contains("unit_mix"));
        QVERIFY(view->findings()->toPlainText().contains("Instrumental"));  // genre names found beside the file
        QVERIFY(view->headline().contains("2,000 rows"));
        QVERIFY(window.windowTitle().contains("music_genre_sample.csv"));
    }

    void aBadFileKeepsThePreviousOne() {
        MainWindow window;
        window.setProperty("quietErrors", true);
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        QSignalSpy failed(&window, &MainWindow::loadFailed);
        window.openFile(GENRELAB_SAMPLE_CSV);
        QVERIFY(loaded.wait(10000));

        const QString bad = dir_.filePath("bad.csv");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("a,b\n1,2\n3\n");
        f.close();
        window.openFile(bad);
        QVERIFY(failed.wait(10000));
        QVERIFY(window.lastError().contains("line 3"));
        QVERIFY(window.lastError().contains("bad.csv"));
        QCOMPARE(window.reportView()->columnModel()->rowCount(), 17);  // still the sample
        QVERIFY(window.current().path.endsWith("music_genre_sample.csv"));
    }

    void newestRequestWins() {
        MainWindow window;
        window.setProperty("quietErrors", true);
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        const QString small = dir_.filePath("small.csv");
        QFile f(small);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x,Class\n1,A\n2,B\n");
        f.close();
        window.openFile(GENRELAB_SAMPLE_CSV);
        window.openFile(small);
        QVERIFY(loaded.wait(10000));
        QTest::qWait(200);
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(window.reportView()->columnModel()->rowCount(), 2);
    }

    void columnModelPassesTheModelTester() {
        ColumnSummaryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Table t = parseTable("a,b,Class\n1,x,0\n,y,1\n", "t.csv");
        model.setSummaries(inspectTable(t).columns);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, ColumnSummaryModel::Missing).data().toString(), QString("1"));
        model.setSummaries({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

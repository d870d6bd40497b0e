// The Experiments section's SBC tab: a small study on synthetic and on the open data's rows
// runs on the pool, fills the quantity table and both plots, exports the files and plots, and
// cancels. With GENRELAB_SBC_SCREENSHOT_DIR set it also saves the section as sbc.png and exports
// the study there.
#include "AppTestSupport.h"
#include "ExperimentsPanel.h"
#include "ResultTableView.h"
#include "SbcQuantityPlots.h"
#include "SbcTab.h"

#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSpinBox>
#include <QTemporaryDir>
#include <qcustomplot.h>

using namespace genrelab;
using namespace genrelab::testing;

class TestAppSbc : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateSettings("tst_app_sbc"); }

    void sbcRunsShowsAndExports() {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        ExperimentsPanel* panel = window.experimentsPanel();
        SbcTab* sbc = panel->sbc();
        panel->showTab(3);
        window.sections()->setCurrentWidget(panel);
        sbc->model()->setCurrentText("hier-normal");
        sbc->inference()->setCurrentIndex(1);  // SVI: quick
        sbc->simulations()->setValue(40);
        sbc->rows()->setValue(20);
        sbc->draws()->setValue(19);
        QSignalSpy finished(sbc, &SbcTab::finished);
        sbc->run();
        QVERIFY(sbc->busy());
        QVERIFY(finished.wait(120000));
        QVERIFY(sbc->result() != nullptr);
        const SbcResult& result = *sbc->result();
        QCOMPARE(result.ranks.rows(), 40);
        QCOMPARE(result.maxRank, 19);
        // hier-normal, 2 features, 3 classes: alpha 3, mu_beta 3, sigma_beta 3, beta 6, log_lik.
        QCOMPARE(sbc->quantities()->tableModel()->rowCount(), 16);
        QCOMPARE(result.names.size(), std::size_t{16});
        QVERIFY(sbc->plots()->histogram()->plottableCount() == 1);
        QCOMPARE(sbc->plots()->ecdfDifference()->graphCount(), 3);  // band low, band high, ECDF
        QVERIFY(sbc->status()->text().contains("40 of 40 simulations"));
        while (sbc->busy()) QTest::qWait(20);

        QTemporaryDir dir;
        QCOMPARE(sbc->exportTo(dir.path()), QString());
        QFile json(QDir(dir.path()).filePath("sbc.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject verdict = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(verdict["quantities"].toArray().size(), 16);
        QCOMPARE(verdict["inference"].toString(), QString("svi"));
        QVERIFY(verdict["low_ess_simulations"].isNull());  // not defined for SVI's independent draws
        QVERIFY(QFile::exists(QDir(dir.path()).filePath("sbc_ecdf_difference_sigma_beta_0_.png")));
        QVERIFY(QFile::exists(QDir(dir.path()).filePath("sbc_rank_histogram_log_lik.png")));

        const QByteArray shots = qgetenv("GENRELAB_SBC_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            QDir().mkpath(QString::fromLocal8Bit(shots));
            QApplication::processEvents();
            QVERIFY(window.grab().save(QDir(QString::fromLocal8Bit(shots)).filePath("sbc.png")));
            QCOMPARE(sbc->exportTo(QString::fromLocal8Bit(shots)), QString());  // the exported plots, to look at
        }
    }

    void sbcOnTheOpenDataAndCancel() {
        MainWindow window;
        window.show();
        QVERIFY(openSample(window));
        SbcTab* sbc = window.experimentsPanel()->sbc();
        sbc->features()->setCurrentIndex(1);  // the sample's first training rows
        sbc->model()->setCurrentText("flat");
        sbc->inference()->setCurrentIndex(0);
        sbc->simulations()->setValue(10000);
        sbc->rows()->setValue(30);
        QSignalSpy finished(sbc, &SbcTab::finished);
        sbc->run();
        QTest::qWait(300);
        sbc->cancel();
        QVERIFY(finished.wait(60000));
        QVERIFY(sbc->result() != nullptr);
        QVERIFY(sbc->result()->stopped);
        QVERIFY(sbc->result()->ranks.rows() < 10000);
        QVERIFY(sbc->status()->text().contains("cancelled"));
        // The flat model over the sample's features: alpha and beta per class, and log_lik.
        QVERIFY(sbc->result()->names.size() > 20);
    }
};

QTEST_MAIN(TestAppSbc)
#include "tst_app_sbc.moc"

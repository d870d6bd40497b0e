// scripts/screenshots.sh still runs (issue 14 item 10): in fast mode on the sample, into a
// temporary folder, it writes every picture docs/screenshots holds, each large and not one colour.
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

class TestScreenshots : public QObject {
    Q_OBJECT

private slots:
    void scriptWritesEveryScreenshot() {
        QTemporaryDir out;
        QProcess script;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("GENRELAB_BUILD_DIR", GENRELAB_BUILD_DIR);
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.remove("GENRELAB_REAL_DATA");  // --fast ignores it anyway
        script.setProcessEnvironment(env);
        script.setProcessChannelMode(QProcess::MergedChannels);
        QElapsedTimer clock;
        clock.start();
        script.start("bash", {GENRELAB_SOURCE_DIR "/scripts/screenshots.sh", "--fast", out.path()});
        // No limit of its own: under the sanitizers the script's fits take minutes; the test's
        // time limit (ctest, Qt Test's per-function limit) ends a hang.
        QVERIFY(script.waitForFinished(-1));
        const QByteArray log = script.readAll();
        QVERIFY2(script.exitStatus() == QProcess::NormalExit && script.exitCode() == 0, log.constData());
        std::printf("  scripts/screenshots.sh --fast: %.1f s\n", static_cast<double>(clock.elapsed()) / 1000.0);

        // The names docs/screenshots holds: the script regenerates every one of them.
        QStringList expected = QDir(GENRELAB_SOURCE_DIR "/docs/screenshots").entryList({"*.png"}, QDir::Files, QDir::Name);
        QVERIFY(expected.size() >= 12);
        QCOMPARE(QDir(out.path()).entryList({"*.png"}, QDir::Files, QDir::Name), expected);
        for (const QString& name : expected) {
            const QImage image(QDir(out.path()).filePath(name));
            QVERIFY2(!image.isNull(), qPrintable(name));
            QVERIFY2(image.width() * image.height() >= 200 * 100, qPrintable(QString("%1: %2 x %3").arg(name).arg(image.width()).arg(image.height())));
            // Not one colour, nor a blank page with a line of text: many distinct colours.
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 3)
                for (int x = 0; x < image.width(); x += 3) colours.insert(image.pixel(x, y));
            QVERIFY2(colours.size() >= 20, qPrintable(QString("%1: %2 colours").arg(name).arg(colours.size())));
        }
    }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"

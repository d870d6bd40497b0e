// genrelab-cli end to end: exit codes, stderr messages, JSON on stdout.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {
struct Result {
    int exitCode;
    QByteArray out, err;
};

Result runCli(const QStringList& args) {
    QProcess p;
    p.start(GENRELAB_CLI_PATH, args);
    p.waitForFinished(60000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}
} // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString write(const QString& name, const QByteArray& content) {
        const QString path = dir_.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(content);
        return path;
    }

private slots:
    void inspectSampleAsJson() {
        const Result r = runCli({"inspect", GENRELAB_SAMPLE_CSV, "--json"});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o["rows"].toInt(), 2000);
        QCOMPARE(o["target"].toString(), QString("Class"));
        QCOMPARE(o["columns"].toArray().size(), 17);
        QCOMPARE(o["class_counts"].toObject().size(), 11);
        QCOMPARE(o["class_names"].toObject()["7"].toString(), QString("Instrumental"));  // found beside the file
        bool unitMix = false;
        for (const auto& a : o["artifacts"].toArray()) unitMix |= a.toObject()["kind"].toString() == "unit_mix";
        QVERIFY(unitMix);
    }

    void inspectTextReport() {
        const Result r = runCli({"inspect", GENRELAB_SAMPLE_CSV});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Rows     2,000"));
        QVERIFY(r.out.contains("[unit_mix] duration_in min/ms"));
    }

    void badInputsExitNonZeroWithLocation_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << QStringList{} << "the file is empty";
        QTest::newRow("short row") << QByteArray("a,b\n1,2\n3\n") << QStringList{} << "line 3, column 2 ('b')";
        QTest::newRow("word in numbers") << QByteArray("a,b\n1,2\n3,4\n5,x\n7,8\n") << QStringList{} << "line 4, column 2 ('b'): 'x' is not a number";
        QTest::newRow("unknown target") << QByteArray("a,b\n1,2\n") << QStringList{"--target", "Genre"} << "column 'Genre'";
    }
    void badInputsExitNonZeroWithLocation() {
        QFETCH(QByteArray, content);
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        const QString path = write(QString("bad_%1.csv").arg(QTest::currentDataTag()).replace(' ', '_'), content);
        const Result r = runCli(QStringList{"inspect", path} + extra);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QString(r.err).contains(message), r.err.constData());
        QVERIFY(QString(r.err).contains(path));
        QVERIFY(r.out.isEmpty());
    }

    void missingFileAndUsageErrors() {
        QCOMPARE(runCli({"inspect", dir_.filePath("nope.csv")}).exitCode, 1);
        QCOMPARE(runCli({"inspect"}).exitCode, 2);
        QCOMPARE(runCli({"frobnicate"}).exitCode, 2);
        QCOMPARE(runCli({}).exitCode, 2);
        QCOMPARE(runCli({"synth", "--rows", "-3", "--out", "-"}).exitCode, 2);
        QCOMPARE(runCli({"inspect", "--help"}).exitCode, 0);
    }

    void synthWritesReproducibleFiles() {
        const QString a = dir_.filePath("a.csv"), b = dir_.filePath("b.csv");
        QCOMPARE(runCli({"synth", "--rows", "300", "--seed", "5", "--out", a}).exitCode, 0);
        QCOMPARE(runCli({"synth", "--rows", "300", "--seed", "5", "--out", b}).exitCode, 0);
        QFile fa(a), fb(b);
        QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly));
        const QByteArray bytes = fa.readAll();
        QCOMPARE(bytes, fb.readAll());
        QCOMPARE(bytes.count('\n'), 301);
        QVERIFY(QFile::exists(dir_.filePath("a_classes.csv")));
    }

    void synthToUnwritablePathFailsCleanly() {
        const Result r = runCli({"synth", "--rows", "10", "--out", "/nonexistent-dir/x.csv"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(QString(r.err).contains("/nonexistent-dir/x.csv"));
        QVERIFY(!QFile::exists("/nonexistent-dir/x.csv"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

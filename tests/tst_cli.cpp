// genrelab-cli end to end: exit codes, stderr messages, JSON on stdout.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QElapsedTimer>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "CliTestSupport.h"

using Result = genrelab::testing::CliResult;
using genrelab::testing::runCli;

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

    // Bytes that are not UTF-8 in the header and the cells: valid JSON all the same (a strict
    // parser reads it), U+FFFD in their place, and one note on stderr.
    void inspectJsonIsValidUtf8WhateverTheFileHolds() {
        const QString path = write("latin1.csv", "artist,gen\xFFre,x,Class\nBj\xF6rk,rock,1,a\xE9\nAir,pop,2,b\nMoby,rock,3,b\n");
        const Result r = runCli({"inspect", path, "--json"});
        QCOMPARE(r.exitCode, 0);
        nlohmann::json report;
        try {
            report = nlohmann::json::parse(r.out.toStdString());
        } catch (const nlohmann::json::exception& error) {
            QFAIL(error.what());
        }
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY2(r.out.contains("gen\xEF\xBF\xBDre") && r.out.contains("a\xEF\xBF\xBD"), r.out.constData());
        QCOMPARE(r.err.count("not valid UTF-8"), 1);
        QVERIFY2(r.err.contains("genrelab-cli: note: 3 names or cells of " + path.toUtf8() + " are not valid UTF-8"), r.err.constData());
    }

    // Files that are no CSV text: a clear message naming the file, exit 1, no hang, no crash.
    void inspectNamesWhatTheFileIs_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("UTF-16") << "utf16" << "the file is UTF-16 (little-endian), not UTF-8; save it as UTF-8";
        QTest::newRow("UTF-32") << "utf32" << "the file is UTF-32 (big-endian), not UTF-8; save it as UTF-8";
        QTest::newRow("directory") << "directory" << "is a folder (directory), not a data file";
        QTest::newRow("FIFO without a writer") << "fifo" << "nothing arrived for 5.0 s (a FIFO or device that nobody writes to?)";
        QTest::newRow("/dev/zero") << "zero" << "line 1: a NUL byte (byte 1): this is not a text file";
        QTest::newRow("beyond 2 GiB") << "huge" << "the file has 3221225472 bytes; files of at most 2 GiB are read";
    }
    void inspectNamesWhatTheFileIs() {
        QFETCH(QString, kind);
        QFETCH(QString, message);
        QString path = dir_.filePath("kind-" + kind);
        if (kind == "utf16") {
            QByteArray text("\xFF\xFE", 2);
            for (char c : QByteArray("a,b\n1,2\n")) text.append(c).append('\0');
            write("kind-utf16", text);
        } else if (kind == "utf32") {
            QByteArray text("\0\0\xFE\xFF", 4);
            for (char c : QByteArray("a,b\n1,2\n")) text.append(QByteArray(3, '\0')).append(c);
            write("kind-utf32", text);
        } else if (kind == "directory") {
            QVERIFY(QDir().mkpath(path));
        } else if (kind == "fifo") {
            QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
        } else if (kind == "zero") {
            path = "/dev/zero";
        } else if (kind == "huge") {  // sparse: no disk space taken
            const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT, 0600);
            QVERIFY(fd >= 0 && ::ftruncate(fd, off_t{3} << 30) == 0);
            ::close(fd);
        }
        QElapsedTimer clock;
        clock.start();
        for (const QStringList& args : {QStringList{"inspect", path}, QStringList{"inspect", path, "--json"}}) {
            const Result r = runCli(args);
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.startsWith("genrelab-cli: " + path.toUtf8()) && r.err.contains(message.toUtf8()), r.err.constData());
            QVERIFY(!r.err.contains('\0'));
            QVERIFY(r.out.isEmpty());
        }
        QVERIFY2(clock.elapsed() < 30000, qPrintable(QString::number(clock.elapsed())));
    }

    void synthToUnwritablePathFailsCleanly() {
        const Result r = runCli({"synth", "--rows", "10", "--out", "/nonexistent-dir/x.csv"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(QString(r.err).contains("/nonexistent-dir/x.csv"));
        QVERIFY(!QFile::exists("/nonexistent-dir/x.csv"));
    }
    // A run's spec written with --write-spec and run again with --spec gives the same results;
    // only the timings differ.
    void specFileRerunsTheSameRun_data() {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("svi") << QStringList{"--model", "ard", "--steps", "300", "--lr", "0.02", "--train-size", "600", "--seed", "3",
                                            "--repair-units", "--exclude", "key,mode", "--missing-indicators", "--plateau"};
        QTest::newRow("nuts") << QStringList{"--model", "hier-normal", "--inference", "nuts", "--warmup", "80", "--samples", "40",
                                             "--chains", "2", "--train-size", "300", "--test-size", "200", "--shift-coordinates",
                                             "--metric", "dense", "--nuts-pilot", "200", "--split-seed", "9"};
    }
    void specFileRerunsTheSameRun() {
        QFETCH(QStringList, options);
        const QString spec = dir_.filePath(QString("%1.json").arg(QTest::currentDataTag()));
        const Result first = runCli(QStringList{"run", "--data", GENRELAB_SAMPLE_CSV, "--json", "--quiet", "--write-spec", spec} + options);
        QCOMPARE(first.exitCode, 0);
        QFile file(spec);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject written = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(written["format"].toString(), QString("genrelab-runspec-1"));
        QCOMPARE(written["data"].toString(), QString(GENRELAB_SAMPLE_CSV));
        const Result second = runCli({"run", "--spec", spec, "--json", "--quiet"});
        QCOMPARE(second.exitCode, 0);
        QJsonObject a = QJsonDocument::fromJson(first.out).object(), b = QJsonDocument::fromJson(second.out).object();
        QVERIFY(a.contains("test_accuracy") && a.contains("seconds"));
        for (const char* timing : {"seconds", "inference_seconds"}) {
            a.remove(timing);
            b.remove(timing);
        }
        QCOMPARE(b, a);
        // An option given with --spec overrides the file's value.
        const Result shorter = runCli({"run", "--spec", spec, "--json", "--quiet", "--train-size", "250"});
        QCOMPARE(shorter.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(shorter.out).object()["train_rows"].toInt(), 250);
    }

    void specFileErrors() {
        // The spec's path is checked before the run.
        const Result unwritable = runCli({"run", "--data", GENRELAB_SAMPLE_CSV, "--quiet", "--steps", "10", "--write-spec",
                                          "/proc/genrelab/spec.json"});
        QCOMPARE(unwritable.exitCode, 1);
        QVERIFY2(unwritable.err.contains("/proc/genrelab") && unwritable.out.isEmpty(), unwritable.err.constData());
        const QString bad = write("bad-spec.json", R"({"format": "genrelab-runspec-1", "nuts": {"chains": 4294967298}})");
        const Result refused = runCli({"run", "--spec", bad, "--data", GENRELAB_SAMPLE_CSV});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("\"nuts.chains\"") && refused.err.contains("bad-spec.json"), refused.err.constData());
        QCOMPARE(runCli({"run", "--chains", "4294967298", "--data", GENRELAB_SAMPLE_CSV}).exitCode, 2);
        const QString noData = write("no-data.json", R"({"format": "genrelab-runspec-1"})");
        const Result missing = runCli({"run", "--spec", noData});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("--data"), missing.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

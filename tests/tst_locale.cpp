// Numbers written and read never depend on the locale: under de_DE.UTF-8 (decimal comma),
// which Qt applies from the environment with setlocale(LC_ALL, ""), every writer gives the
// C locale's bytes and every reader the same numbers.
#include "data/QualityReport.h"
#include "data/ReportFormat.h"
#include "data/Synth.h"
#include "data/Table.h"
#include "export/ResultTable.h"
#include "export/RunTables.h"
#include "export/StanCsv.h"
#include "run/RunPipeline.h"
#include "util/Format.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <clocale>
#include <cstdio>

#include "CliTestSupport.h"

using namespace genrelab;
using genrelab::testing::CliResult;
using genrelab::testing::runCli;

namespace {

constexpr const char* kLocale = "de_DE.UTF-8";


// Whatever the writers produce for one fixed run: synthetic rows, an inspection report, every
// table format and a Stan CSV chain.
struct Written {
    std::string synth, reportJson, reportText, csv, markdown, latex, json, parameters, stan, formats;
};

Written writeEverything(const RunResult& result, const RunSpec& spec, const Table& table) {
    Written w;
    w.synth = synthesizeMusicGenreCsv({200, 7});
    const QualityReport report = inspectTable(table);
    w.reportJson = reportToJson(report);
    w.reportText = reportToText(report);
    const ResultTable metrics = metricsTable(spec, result);
    w.csv = toCsv(metrics);
    w.markdown = toMarkdown(metrics);
    w.latex = toLatex(metrics);
    w.json = toJson(metrics);
    w.parameters = toMarkdown(parameterTable(result));
    w.stan = stanCsv(spec, result.posterior, 0, *result.model, {"locale test", "data.csv", "draws.csv"},
                     result.nutsStates.empty() ? nullptr : &result.nutsStates[0]);
    w.formats = fixed(0.0485, 4) + " " + fixed(-1234.5, 1) + " " + percent(0.2432) + " " + significant(0.0596, 4) + " " +
                scientific(0.000123, 1) + " " + general(0.0123456, 3) + " " + shortestDouble(0.1);
    return w;
}

} // namespace

class TestLocale : public QObject {
    Q_OBJECT
    bool available_ = false;
    QTemporaryDir dir_;

    // True when de_DE.UTF-8 can be switched to; generated with localedef if missing.
    static bool ensureLocale() {
        if (std::setlocale(LC_ALL, kLocale)) return std::setlocale(LC_ALL, "C") != nullptr;
        QProcess::execute("localedef", {"-i", "de_DE", "-f", "UTF-8", kLocale});
        const bool ok = std::setlocale(LC_ALL, kLocale) != nullptr;
        std::setlocale(LC_ALL, "C");
        return ok;
    }

private slots:
    void initTestCase() {
        available_ = ensureLocale();
        if (!available_)
            QSKIP("de_DE.UTF-8 is not available and localedef could not make it (install the Debian package 'locales')");
        // The premise: under this locale printf writes a decimal comma, so a printf-based writer would show.
        std::setlocale(LC_ALL, kLocale);
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%.2f", 0.5);
        std::setlocale(LC_ALL, "C");
        QCOMPARE(QByteArray(buffer), QByteArray("0,50"));
    }

    void cleanup() { std::setlocale(LC_ALL, "C"); }

    void formatHelpersWriteAPoint() {
        std::setlocale(LC_ALL, kLocale);
        QCOMPARE(QByteArray::fromStdString(fixed(0.0485, 4)), QByteArray("0.0485"));
        QCOMPARE(QByteArray::fromStdString(fixed(2.5, 0)), QByteArray("2"));   // ties to even, as printf
        QCOMPARE(QByteArray::fromStdString(fixed(0.125, 2)), QByteArray("0.12"));
        QCOMPARE(QByteArray::fromStdString(fixed(-0.0001, 2)), QByteArray("-0.00"));
        QCOMPARE(QByteArray::fromStdString(fixed(1e300, 1)).size(), 303);
        QCOMPARE(QByteArray::fromStdString(percent(0.2432)), QByteArray("24.3%"));
        QCOMPARE(QByteArray::fromStdString(scientific(0.000123, 1)), QByteArray("1.2e-04"));
        QCOMPARE(QByteArray::fromStdString(general(0.0123456, 3)), QByteArray("0.0123"));
        QCOMPARE(QByteArray::fromStdString(general(1e-7, 3)), QByteArray("1e-07"));
        QCOMPARE(QByteArray::fromStdString(significant(221345.7, 3)), QByteArray("221000"));
    }

    void formatHelpersMatchTheCLocalesPrintf() {
        // The same bytes as printf in the C locale, over values that round both ways.
        std::setlocale(LC_ALL, "C");
        const double values[] = {0.0, 0.05, 0.15, 0.25, 1.005, 2.675, 123456.789, -0.5, 1e-9, 9.9999, 1e21};
        for (double v : values)
            for (int d : {0, 1, 2, 4, 6}) {
                char expected[512];
                std::snprintf(expected, sizeof expected, "%.*f", d, v);
                std::setlocale(LC_ALL, kLocale);
                const std::string got = fixed(v, d);
                std::setlocale(LC_ALL, "C");
                QCOMPARE(QByteArray::fromStdString(got), QByteArray(expected));
                std::snprintf(expected, sizeof expected, "%.*e", d, v);
                QCOMPARE(QByteArray::fromStdString(scientific(v, d)), QByteArray(expected));
                std::snprintf(expected, sizeof expected, "%.*g", d + 1, v);
                QCOMPARE(QByteArray::fromStdString(general(v, d + 1)), QByteArray(expected));
            }
    }

    void writersInProcessGiveTheCLocalesBytes() {
        const Table table = readTable(GENRELAB_SAMPLE_CSV);
        RunSpec spec;
        setModelByName(spec.model, "flat");
        spec.inference = InferenceKind::Nuts;
        spec.nuts.warmup = 60;
        spec.nuts.samples = 20;
        spec.nuts.chains = 2;
        spec.nuts.maxTreeDepth = 5;
        spec.split.trainRows = 200;
        spec.split.testRows = 100;
        spec.predictiveDraws = 20;
        const RunResult result = runPipeline(table, spec);

        std::setlocale(LC_ALL, "C");
        const Written c = writeEverything(result, spec, table);
        std::setlocale(LC_ALL, kLocale);
        const Written de = writeEverything(result, spec, table);
        std::setlocale(LC_ALL, "C");

        QVERIFY(c.synth.find("0.") != std::string::npos);
        QVERIFY(c.stan.find("0.") != std::string::npos);
        QCOMPARE(QByteArray::fromStdString(de.formats), QByteArray::fromStdString(c.formats));
        QCOMPARE(QByteArray::fromStdString(de.synth), QByteArray::fromStdString(c.synth));
        QCOMPARE(QByteArray::fromStdString(de.reportJson), QByteArray::fromStdString(c.reportJson));
        QCOMPARE(QByteArray::fromStdString(de.reportText), QByteArray::fromStdString(c.reportText));
        QCOMPARE(QByteArray::fromStdString(de.csv), QByteArray::fromStdString(c.csv));
        QCOMPARE(QByteArray::fromStdString(de.markdown), QByteArray::fromStdString(c.markdown));
        QCOMPARE(QByteArray::fromStdString(de.latex), QByteArray::fromStdString(c.latex));
        QCOMPARE(QByteArray::fromStdString(de.json), QByteArray::fromStdString(c.json));
        QCOMPARE(QByteArray::fromStdString(de.parameters), QByteArray::fromStdString(c.parameters));
        QCOMPARE(QByteArray::fromStdString(de.stan), QByteArray::fromStdString(c.stan));
    }

    void readersInProcessGiveTheSameNumbers() {
        const std::string csv = "a,b,Class\n0.5,1e-3,1\n-2.25,1234.5,0\n";
        std::setlocale(LC_ALL, kLocale);
        const Table de = parseTable(csv, "de");
        std::setlocale(LC_ALL, "C");
        const Table c = parseTable(csv, "c");
        const auto a = de.indexOf("a"), b = de.indexOf("b");
        QVERIFY(a && b);
        QCOMPARE(de.column(*a).numbers[0], 0.5);
        QCOMPARE(de.column(*a).numbers[1], -2.25);
        QCOMPARE(de.column(*b).numbers[0], 1e-3);
        QCOMPARE(de.column(*b).numbers[1], 1234.5);
        QCOMPARE(de.column(*a).numbers, c.column(*c.indexOf("a")).numbers);
        QCOMPARE(de.column(*b).numbers, c.column(*c.indexOf("b")).numbers);
    }

    void cliWritesTheSameBytesUnderADecimalCommaLocale() {
        // synth, inspect --json, a run's --json (its timings aside) and its Stan CSV draws.
        QCOMPARE(runCli({"synth", "--rows", "200", "--seed", "3", "--out", "-"}, kLocale).out,
                 runCli({"synth", "--rows", "200", "--seed", "3", "--out", "-"}, "C").out);
        const QString data = dir_.filePath("synth.csv");
        QCOMPARE(runCli({"synth", "--rows", "400", "--seed", "3", "--out", data}, "C").exitCode, 0);
        const CliResult inspectDe = runCli({"inspect", data, "--json"}, kLocale), inspectC = runCli({"inspect", data, "--json"}, "C");
        QCOMPARE(inspectDe.exitCode, 0);
        QVERIFY(inspectC.out.contains("0."));
        QCOMPARE(inspectDe.out, inspectC.out);

        const QRegularExpression timing("\"(inference_)?seconds\": [^,\\n]*");
        QByteArray runs[2];
        QByteArray draws[2];
        const QString locales[2] = {"C", kLocale};
        for (int i = 0; i < 2; ++i) {
            const QString drawsPath = dir_.filePath(QString("draws_%1.csv").arg(i));
            const CliResult r = runCli({"run", "--data", data, "--model", "flat", "--inference", "nuts", "--warmup", "50", "--samples", "20",
                                        "--chains", "1", "--train-size", "200", "--test-size", "100", "--seed", "4", "--json",
                                        "--draws-out", drawsPath},
                                       locales[i]);
            QVERIFY2(r.exitCode == 0, r.err.constData());
            runs[i] = QString::fromUtf8(r.out).replace(timing, "\"seconds\": t").toUtf8();
            QFile f(drawsPath);
            QVERIFY(f.open(QIODevice::ReadOnly));
            // The output file's name and the elapsed times are the two lines that differ by run.
            static const QRegularExpression perRun("#   file = .*draws_\\d\\.csv\n|#  Elapsed Time: .*\\(Warm-up\\)\n|# +[0-9.e+-]+ seconds \\((Sampling|Total)\\)\n");
            draws[i] = QString::fromUtf8(f.readAll()).replace(perRun, "").toUtf8();
        }
        QVERIFY(runs[0].contains("\"test_accuracy\": 0."));
        QCOMPARE(runs[1], runs[0]);
        QVERIFY(draws[0].size() > 1000);
        QCOMPARE(draws[1], draws[0]);
    }
};

QTEST_GUILESS_MAIN(TestLocale)
#include "tst_locale.moc"

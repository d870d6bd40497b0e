// What the app keeps and hands on, offscreen: a saved session opened in a new window shows the
// same results (every Results table to the last digit, the plots pixel for pixel, the
// diagnostics), rebuilt from its draws without inference; a damaged or missing draws file is
// refused and changes nothing; a reproducibility bundle (from the app and from genrelab-cli)
// reruns every step from inside its folder and reproduces its own tables byte for byte; runs on
// different rows are compared only under a warning.
#include "AppTestSupport.h"

#include "PlotExport.h"
#include "ModelBuilder.h"
#include "ModelPanel.h"
#include "ResultTableModel.h"
#include "SessionDraws.h"
#include "ResultTableView.h"
#include "ResultsPanel.h"
#include "WorkflowTabs.h"
#include "TracePlot.h"
#include "TrainPanel.h"
#include "export/ResultTable.h"

#include <QLabel>
#include <QProcess>
#include <QTemporaryDir>
#include <qcustomplot.h>

using namespace genrelab;
using namespace genrelab::testing;

namespace {

RunSpec smallNuts() {
    RunSpec spec;
    setModelByName(spec.model, "hier-studentt");
    spec.inference = InferenceKind::Nuts;
    spec.nuts.chains = 2;
    spec.nuts.warmup = 100;
    spec.nuts.samples = 60;
    spec.nuts.seed = 3;
    spec.predictiveDraws = 60;
    return spec;
}

// Every table of the Results section as CSV, by name.
std::map<QString, std::string> tablesOf(MainWindow& window) {
    std::map<QString, std::string> out;
    window.resultsPanel()->waitUntilShown();  // every view, also those a publish fills in later turns
    for (const auto& [name, view] : window.resultsPanel()->tables()) out[name] = exportTable(view->tableModel()->table(), TableFormat::Csv);
    return out;
}

// Every plot of the Results section rendered at one size, by name.
std::map<QString, QByteArray> plotsOf(MainWindow& window) {
    std::map<QString, QByteArray> out;
    for (const auto& [name, plot] : window.resultsPanel()->plots()) {
        QByteArray bytes;
        [&] { QCOMPARE(renderPlot(plot, "png", bytes, 600, 400), QString()); }();
        out[name] = bytes;
    }
    return out;
}

void screenshots(MainWindow& window, const QString& name) {
    const QString dir = qEnvironmentVariable("GENRELAB_TEST_SCREENSHOTS");
    if (!dir.isEmpty()) window.screenshotSections(QDir(dir).filePath(name));
}

std::shared_ptr<const RunResult> extend(MainWindow& window, int draws) {
    QSignalSpy finished(&window.controller(), &TrainingController::finished);
    window.controller().extend(draws);
    if (!finished.wait(120000)) return nullptr;
    return window.session().result();
}

struct Shell {
    int exitCode;
    QString out;
};

// sh SCRIPT from the root folder, so the script must find its own.
Shell runScript(const QString& script, const QString& cliPath) {
    QProcess sh;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("GENRELAB_CLI");
    if (!cliPath.isEmpty()) env.insert("GENRELAB_CLI", cliPath);
    sh.setProcessEnvironment(env);
    sh.setWorkingDirectory("/");
    sh.start("sh", {script});
    sh.waitForFinished(300000);
    return {sh.exitCode(), QString::fromUtf8(sh.readAllStandardOutput()) + QString::fromUtf8(sh.readAllStandardError())};
}

// The bundle's tables and the rerun's, byte for byte, in every format.
void expectRerunTablesEqual(const QString& bundle) {
    int compared = 0;
    for (const QString& name : QDir(QDir(bundle).filePath("tables")).entryList(QDir::Files)) {
        if (name.startsWith("comparison") || name.startsWith("loo_comparison")) continue;  // about another run
        QCOMPARE(contents(QDir(bundle).filePath("rerun/tables/" + name)), contents(QDir(bundle).filePath("tables/" + name)));
        ++compared;
    }
    QCOMPARE(compared, 20);  // five tables in four formats
}

} // namespace

class TestAppSession : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void initTestCase() { isolateSettings("tst_app_session"); }

    // Train (SVI, then NUTS + Extend), save, open in a new window: the same results, rebuilt.
    void aSessionComesBackWhole() {
        MainWindow first;
        QVERIFY(openSample(first));
        PrepChoices prep = first.session().prep();
        prep.trainRows = 300;
        first.session().setPrep(prep);
        QVERIFY(train(first, quickSvi(150)));
        QVERIFY(train(first, smallNuts()));
        QVERIFY(extend(first, 20));
        QCOMPARE(first.session().resultExtensions(), std::vector<int>{20});
        QCOMPARE(first.session().result()->posterior.drawsPerChain(), std::size_t{80});
        screenshots(first, "session-before");

        const QString path = dir_.filePath("whole.json");
        QCOMPARE(first.saveSession(path), QString());
        const QString draws = dir_.filePath("whole.draws");
        QCOMPARE(sessionDrawsPath(path), draws);
        // Eight bytes per value of the two runs' draws, plus little else.
        const auto r = first.session().result();
        const auto p = first.session().previousResult();
        const qint64 values = static_cast<qint64>(r->posterior.drawsPerChain() * r->posterior.chainCount() + p->posterior.drawsPerChain()) *
                              r->posterior.dim();
        const qint64 size = QFileInfo(draws).size();
        qInfo("draws file: %lld bytes for %lld values", size, values);
        QVERIFY2(size > 8 * values && size < 8 * values + 100000, qPrintable(QString::number(size)));

        MainWindow second;
        second.setProperty("quietErrors", true);
        // Before any run the Results section says what fills it, with no empty plots under it.
        QVERIFY2(second.resultsPanel()->verdict().startsWith("No run yet: train a model in the Train section"),
                 qPrintable(second.resultsPanel()->verdict()));
        QVERIFY(second.resultsPanel()->tabs()->isHidden() && second.resultsPanel()->metrics()->isHidden());
        {
            MainWindow empty;  // its own window: rendering sections lays out plots, which the comparison below must not see
            screenshots(empty, "before-any-run");
        }
        QSignalSpy restored(&second, &MainWindow::resultsRestored);
        QCOMPARE(second.openSession(path), QString());
        QVERIFY(restored.wait(120000));
        QCOMPARE(restored.first().first().toString(), QString());
        QVERIFY(!second.resultsPanel()->tabs()->isHidden() && !second.resultsPanel()->metrics()->isHidden());
        screenshots(second, "session-after");

        const auto again = second.session().result();
        QVERIFY(again && again != r);
        QVERIFY(second.session().resultSpec() == first.session().resultSpec());
        QCOMPARE(second.session().resultExtensions(), std::vector<int>{20});
        QVERIFY(second.session().previousResult());
        QVERIFY(second.session().previousSpec() == first.session().previousSpec());
        // Every table, the verdict and every plot as they were.
        const auto tablesBefore = tablesOf(first), tablesAfter = tablesOf(second);
        QCOMPARE(tablesAfter.size(), std::size_t{9 + 5});  // the Results tables (two of them one class vs rest) and the five of its Workflow tab
        for (const auto& [name, csv] : tablesBefore) QVERIFY2(tablesAfter.at(name) == csv, qPrintable(name));
        QCOMPARE(second.resultsPanel()->verdict(), first.resultsPanel()->verdict());
        const auto plotsBefore = plotsOf(first), plotsAfter = plotsOf(second);
        for (const auto& [name, png] : plotsBefore) QVERIFY2(plotsAfter.at(name) == png, qPrintable(name));
        // The diagnostics, exactly.
        QCOMPARE(again->convergence.rhatMax, r->convergence.rhatMax);
        QCOMPARE(again->convergence.essBulkMin, r->convergence.essBulkMin);
        QCOMPARE(again->convergence.essTailMin, r->convergence.essTailMin);
        QCOMPARE(again->convergence.divergences, r->convergence.divergences);
        QCOMPARE(again->predictionDiagnostics.rhatMax, r->predictionDiagnostics.rhatMax);
        QCOMPARE(again->loo.elpd, r->loo.elpd);
        QCOMPARE(again->test.accuracy, r->test.accuracy);
        QVERIFY(again->test.confusion == r->test.confusion);
        QCOMPARE(second.session().previousResult()->paretoK, p->paretoK);
        // The Train section shows the run's chains after warmup.
        QCOMPARE(second.trainPanel()->trace()->pointCount(), static_cast<int>(2 * 80));
        // Extend resumes the reopened chains where they stopped: the same draws as extending the run itself.
        QVERIFY(second.trainPanel()->extendButton()->isEnabled());
        QVERIFY(extend(second, 10) && extend(first, 10));
        QCOMPARE(second.session().result()->posterior.drawsPerChain(), std::size_t{90});
        for (std::size_t c = 0; c < 2; ++c)
            QVERIFY(second.session().result()->posterior.chains[c].draws == first.session().result()->posterior.chains[c].draws);
        QCOMPARE(second.session().resultExtensions(), (std::vector<int>{20, 10}));
        QCOMPARE(second.trainPanel()->trace()->pointCount(), static_cast<int>(2 * 90));

        // A damaged, cut, missing or foreign draws file: refused, saying so, and nothing changes.
        const QByteArray good = contents(draws);
        const auto* resultBefore = second.session().result().get();
        RunSpec other = second.session().modelSpec();
        other.model.regression.tau = 3.5;
        second.session().setModelSpec(other);
        second.modelPanel()->builder()->setSpec(other);
        const RunSpec choices = second.session().runSpec();
        const RunSpec builderChoices = second.modelPanel()->builder()->spec();
        auto expectRefused = [&](const QByteArray* bytes, const QString& expected) {
            if (bytes) put(draws, *bytes);
            else QFile::remove(draws);
            const QString error = second.openSession(path);
            QVERIFY2(error.startsWith(draws + ": ") && error.contains(expected), qPrintable(error));
            QVERIFY(second.session().result().get() == resultBefore);
            QVERIFY(second.session().runSpec() == choices);
            QVERIFY(second.modelPanel()->builder()->spec() == builderChoices);
        };
        QByteArray flipped = good;
        flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x01);
        expectRefused(&flipped, "not the draws file this session was saved with (its size or checksum differs");
        const QByteArray cut = good.left(good.size() - 100);
        expectRefused(&cut, "not the draws file this session was saved with");
        expectRefused(nullptr, "the session's draws file is missing");
        put(draws, good);
        QCOMPARE(second.openSession(path), QString());
    }

    // A session made on a file that changed since: the choices come back, the results do not, and it says why.
    void aSessionOnChangedDataKeepsItsChoicesOnly() {
        const QString data = dir_.filePath("copy.csv");
        QVERIFY(QFile::copy(GENRELAB_SAMPLE_CSV, data));
        MainWindow first;
        first.setProperty("quietErrors", true);
        QSignalSpy loaded(&first, &MainWindow::fileLoaded);
        first.openFile(data);
        QVERIFY(loaded.wait(15000));
        QVERIFY(train(first, quickSvi(60)));
        const QString path = dir_.filePath("changed.json");
        QCOMPARE(first.saveSession(path), QString());
        QByteArray text = contents(data);
        qsizetype digit = text.indexOf('\n') + 1;  // the first digit of the first data row
        while (digit < text.size() && !std::isdigit(static_cast<unsigned char>(text[digit]))) ++digit;
        QVERIFY(digit < text.size());
        text[digit] = text[digit] == '1' ? '2' : '1';
        put(data, text);

        MainWindow second;
        second.setProperty("quietErrors", true);
        QSignalSpy restored(&second, &MainWindow::resultsRestored);
        QCOMPARE(second.openSession(path), QString());
        QVERIFY(restored.wait(60000));
        const QString error = restored.first().first().toString();
        QVERIFY2(error.contains("differs from the data the session's runs were made on"), qPrintable(error));
        QVERIFY(!second.session().result());
        QVERIFY(second.session().runSpec() == first.session().runSpec());
    }

    // NUTS + Extend in the app, its bundle rerun from another folder: every step, the same tables.
    void theAppsBundleReproducesItsTables() {
        MainWindow window;
        QVERIFY(openSample(window));
        PrepChoices prep = window.session().prep();
        prep.trainRows = 250;
        window.session().setPrep(prep);
        QVERIFY(train(window, smallNuts()));
        QVERIFY(extend(window, 30));
        const QString bundle = dir_.filePath("app-bundle");
        QCOMPARE(window.exportBundle(bundle), QString());
        for (const char* f : {"plots/trace.png", "plots/trace.svg", "plots/step_size.png", "plots/confusion.png", "tables/metrics.csv",
                              "tables/comparison.csv", "session.json", "spec.json"})
            QVERIFY2(QFile::exists(QDir(bundle).filePath(f)), f);
        QVERIFY(!QFile::exists(QDir(bundle).filePath("plots/elbo.png")));  // a NUTS run has no ELBO
        QVERIFY(QFileInfo(QDir(bundle).filePath("plots/trace.png")).size() > 5000);
        const QByteArray script = contents(QDir(bundle).filePath("rerun.sh"));
        QVERIFY2(script.contains("\"$cli\" run --spec spec.json --extend 30 --bundle rerun"), script.constData());
        QVERIFY(QFileInfo(QDir(bundle).filePath("rerun.sh")).isExecutable());
        // The data's hash names the file by its absolute path: checkable from inside the bundle.
        QCOMPARE(contents(QDir(bundle).filePath("data.sha256")).mid(66).trimmed(), QByteArray(GENRELAB_SAMPLE_CSV));
        QProcess check;
        check.setWorkingDirectory(bundle);
        check.start("sha256sum", {"-c", "data.sha256"});
        QVERIFY(check.waitForFinished(30000));
        QCOMPARE(check.exitCode(), 0);

        const Shell rerun = runScript(QDir(bundle).filePath("rerun.sh"), GENRELAB_CLI_PATH);
        QVERIFY2(rerun.exitCode == 0 && rerun.out.contains("\nmatch: the rerun's tables (rerun/tables) equal the bundle's byte for byte"),
                 qPrintable(rerun.out));
        expectRerunTablesEqual(bundle);
        // Without the variable and without the program beside the app (a test's folder): it says what to do.
        const Shell lost = runScript(QDir(bundle).filePath("rerun.sh"), {});
        if (lost.exitCode != 0) QVERIFY2(lost.out.contains("set GENRELAB_CLI=/path/to/genrelab-cli"), qPrintable(lost.out));
        // A changed table is reported.
        put(QDir(bundle).filePath("tables/metrics.csv"), contents(QDir(bundle).filePath("tables/metrics.csv")) + "x\n");
        const Shell differ = runScript(QDir(bundle).filePath("rerun.sh"), GENRELAB_CLI_PATH);
        QVERIFY2(differ.exitCode == 1 && differ.out.contains("differ: the rerun's tables differ from the bundle's: tables/metrics.csv"),
                 qPrintable(differ.out));
    }

    // Runs the app stopped before their planned draws: stopped when converged (here at the first
    // live check past 20 draws per chain, the chains of unequal length), extended, stopped again
    // during the extension, extended once more. The bundle's rerun plans the draws the run kept
    // and reproduces its tables byte for byte.
    void aStoppedRunsBundleReproducesItsTables() {
        MainWindow window;
        QVERIFY(openSample(window));
        PrepChoices prep = window.session().prep();
        prep.trainRows = 250;
        window.session().setPrep(prep);
        RunSpec spec = smallNuts();
        spec.nuts.samples = 1000000;
        window.session().setModelSpec(spec);
        window.trainPanel()->setConvergenceCheckIntervalMs(50);
        std::size_t stopAfter = 20;
        QObject context;
        connect(window.trainPanel(), &TrainPanel::convergenceChecked, &context, [&](const ConvergenceSnapshot& s) {
            if (s.draws >= stopAfter) window.controller().stopConverged(s.draws);
        });
        QSignalSpy finished(&window.controller(), &TrainingController::finished);
        window.controller().start(window.session().table(), window.session().runSpec());
        QVERIFY(finished.wait(120000));
        const auto stopped = window.session().result();
        QCOMPARE(stopped->ending.reason, StopReason::Converged);
        const std::size_t firstKept = stopped->posterior.drawsPerChain();
        QVERIFY(firstKept >= 20 && firstKept < 1000000);

        stopAfter = firstKept + 15;
        finished.clear();
        window.controller().extend(1000000);
        QVERIFY(finished.wait(120000));
        const std::size_t secondKept = window.session().result()->posterior.drawsPerChain();
        QCOMPARE(window.session().result()->ending.reason, StopReason::Converged);
        QVERIFY(secondKept >= firstKept + 15 && secondKept < firstKept + 1000000);
        QObject::disconnect(window.trainPanel(), nullptr, &context, nullptr);
        QVERIFY(extend(window, 12));
        QCOMPARE(window.session().result()->posterior.drawsPerChain(), secondKept + 12);
        const std::vector<int> made{static_cast<int>(secondKept - firstKept), 12};
        QCOMPARE(window.session().resultExtensions(), made);

        const QString bundle = dir_.filePath("stopped-bundle");
        QCOMPARE(window.exportBundle(bundle), QString());
        const QByteArray script = contents(QDir(bundle).filePath("rerun.sh"));
        const QByteArray command = QString("\"$cli\" run --spec spec.json --samples %1 --extend %2 --extend 12 --bundle rerun")
                                       .arg(firstKept)
                                       .arg(made[0])
                                       .toUtf8();
        QVERIFY2(script.contains(command), script.constData());
        QVERIFY(!script.contains("expected to differ"));
        const Shell rerun = runScript(QDir(bundle).filePath("rerun.sh"), GENRELAB_CLI_PATH);
        QVERIFY2(rerun.exitCode == 0 && rerun.out.contains("\nmatch: the rerun's tables (rerun/tables) equal the bundle's byte for byte"),
                 qPrintable(rerun.out));
        expectRerunTablesEqual(bundle);
    }

    // genrelab-cli run --bundle: the same bundle headless; its rerun.sh finds the CLI beside itself.
    void theClisBundleReproducesItsTables() {
        const QString bundle = dir_.filePath("cli-bundle");
        QProcess cli;
        cli.start(GENRELAB_CLI_PATH, {"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "hier-studentt", "--inference", "nuts", "--chains", "2",
                                      "--warmup", "100", "--samples", "50", "--train-size", "250", "--extend", "25", "--extend", "10",
                                      "--bundle", bundle, "--quiet"});
        QVERIFY(cli.waitForFinished(300000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        for (const char* f : {"rerun.sh", "spec.json", "data.sha256", "versions.txt", "bundle.manifest.json", "tables/parameters.tex"})
            QVERIFY2(QFile::exists(QDir(bundle).filePath(f)), f);
        QVERIFY(contents(QDir(bundle).filePath("rerun.sh")).contains("--extend 25 --extend 10"));
        const Shell rerun = runScript(QDir(bundle).filePath("rerun.sh"), {});
        QVERIFY2(rerun.exitCode == 0 && rerun.out.contains("match: the rerun's tables"), qPrintable(rerun.out));
        expectRerunTablesEqual(bundle);
        // --extend needs NUTS.
        QProcess wrong;
        wrong.start(GENRELAB_CLI_PATH, {"run", "--data", GENRELAB_SAMPLE_CSV, "--extend", "10", "--quiet"});
        QVERIFY(wrong.waitForFinished(60000));
        QCOMPARE(wrong.exitCode(), 2);
        QVERIFY(wrong.readAllStandardError().contains("--extend adds NUTS draws"));
    }

    // Two runs on different rows: Compare runs, Marginals and Uncertainty say so; on the same rows they do not.
    void runsOnDifferentRowsAreComparedUnderAWarning() {
        MainWindow window;
        QVERIFY(openSample(window));
        PrepChoices prep = window.session().prep();
        prep.trainRows = 300;
        window.session().setPrep(prep);
        QVERIFY(train(window, quickSvi(60)));
        prep.trainRows = 150;
        window.session().setPrep(prep);
        QVERIFY(train(window, quickSvi(60)));
        ResultsPanel* results = window.resultsPanel();
        const QString warning = results->differentRowsWarning();
        QVERIFY2(warning.startsWith("The two runs used different rows: this run 150 training and ") && warning.contains("the previous run 300 training") &&
                     warning.contains("(the same test rows)"),
                 qPrintable(warning));
        const auto labels = results->findChildren<QLabel*>("differentRowsWarning");
        QCOMPARE(labels.size(), 3);
        for (QLabel* label : labels) QVERIFY(!label->isHidden() && label->text() == warning);
        const ResultTable& compare = results->comparison()->tableModel()->table();
        QCOMPARE(QString::fromStdString(compare.title), QString("Two runs side by side, on different rows"));
        QVERIFY2(compare.columns[1].ends_with(", 150 training rows)") && compare.columns[2].ends_with(", 300 training rows)"),
                 compare.columns[1].c_str());
        QVERIFY(results->looComparison()->tableModel()->table().rows.front().size() == 1);  // PSIS-LOO refuses
        results->tabs()->setCurrentIndex(results->tabs()->count() - 1);  // Compare runs
        screenshots(window, "different-rows");
        // The same rows again: no warning.
        QVERIFY(train(window, quickSvi(80)));
        QCOMPARE(results->differentRowsWarning(), QString());
        for (QLabel* label : labels) QVERIFY(label->isHidden());
        QCOMPARE(QString::fromStdString(results->comparison()->tableModel()->table().title), QString("Two runs side by side"));
    }
};

QTEST_MAIN(TestAppSession)
#include "tst_app_session.moc"

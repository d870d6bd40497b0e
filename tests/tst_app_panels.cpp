// The app's sections offscreen: opening a file fills every panel; the prior preview follows the
// nu slider within 100 ms; results, exports, sessions and predictions after a short run.
#include "AppTestSupport.h"

#include "ArtistShrinkagePlot.h"
#include "CalibrationTab.h"
#include "ClassReliabilityPlot.h"
#include "BoxPlotChart.h"
#include "ClassBalanceChart.h"
#include "ColumnSummaryModel.h"
#include "ConfusionMatrixPlot.h"
#include "CorrelationHeatmap.h"
#include "DataPanel.h"
#include "DensityOverlayPlot.h"
#include "ExperimentsPanel.h"
#include "SweepHeatmap.h"
#include "ExplorePanel.h"
#include "FindingsView.h"
#include "ForestPlot.h"
#include "HistogramPlot.h"
#include "IntervalBarChart.h"
#include "ModelBuilder.h"
#include "ModelPanel.h"
#include "PlotExport.h"
#include "PlotMessage.h"
#include "PredictPanel.h"
#include "PriorPreviewPlot.h"
#include "QualityReportView.h"
#include "RawTableModel.h"
#include "ResultTableView.h"
#include "ReliabilityDiagram.h"
#include "ResultsPanel.h"
#include "SliderSpin.h"
#include "models/ModelTraits.h"
#include "data/UnitMix.h"
#include "eval/ClassReliability.h"
#include "run/RunPipeline.h"
#include "util/Stats.h"
#include "export/PredictionTable.h"
#include "export/ResultTable.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <qcustomplot.h>

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <time.h>

using namespace genrelab;
using namespace genrelab::testing;

namespace {
// CPU time of the calling thread, in ms.
double guiThreadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}
} // namespace

class TestAppPanels : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void initTestCase() { isolateSettings("tst_app_panels"); }

    void openingAFileFillsEveryPanel() {
        MainWindow window;
        window.show();
        QVERIFY(openSample(window));
        QCOMPARE(window.dataPanel()->tableModel()->rowCount(), 2000);
        QCOMPARE(window.dataPanel()->tableModel()->columnCount(), 17);
        QCOMPARE(window.reportView()->columnModel()->rowCount(), 17);
        QVERIFY(window.reportView()->findings()->toPlainText().contains("unit_mix"));
        QCOMPARE(window.dataPanel()->roles()->rowCount(), 17);
        ExplorePanel* explore = window.explorePanel();
        QVERIFY(explore->histogram()->seriesCount() >= 1);
        explore->histogram()->setMode(HistogramPlot::Mode::Stacked);
        QCOMPARE(explore->histogram()->seriesCount(), 11);
        explore->histogram()->setLogScale(true);
        QCOMPARE(explore->histogram()->plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(explore->balance()->barCount(), 11);
        QCOMPARE(explore->correlation()->matrix().rows(), Eigen::Index{14});
        QVERIFY(std::fabs(explore->correlation()->matrix()(0, 0) - 1.0) < 1e-12);
        QVERIFY(explore->correlation()->hoverText(1, 2).contains("danceability"));
        explore->correlation()->setSpearman(true);
        QVERIFY(std::fabs(explore->correlation()->matrix()(3, 3) - 1.0) < 1e-12);
        QCOMPARE(explore->boxes()->boxCount(), 11);
        QCOMPARE(window.modelPanel()->preview()->preview().classShareMean.size(), Eigen::Index{11});
    }

    // The Column roles tab sets the group columns: the run spec takes them, the report gains the
    // grouped findings, and the roles name the columns once the table is shown again.
    void columnRolesSetTheGroupColumns() {
        MainWindow window;
        QVERIFY(openSample(window));
        DataPanel* data = window.dataPanel();
        QVERIFY(!window.session().runSpec().prep.groups.artistColumn);
        QVERIFY(!window.reportView()->findings()->toPlainText().contains("duplicate_conflict"));
        data->titleColumn()->setCurrentIndex(data->titleColumn()->findData("Track Name"));
        data->artistColumn()->setCurrentIndex(data->artistColumn()->findData("Artist Name"));
        const RunSpec spec = window.session().runSpec();
        QCOMPARE(*spec.prep.groups.artistColumn, std::string("Artist Name"));
        QCOMPARE(*spec.prep.groups.titleColumn, std::string("Track Name"));
        QVERIFY(std::any_of(window.session().report().artifacts.begin(), window.session().report().artifacts.end(),
                            [](const Artifact& a) { return a.kind == "artists"; }));
        QVERIFY(window.reportView()->findings()->toPlainText().contains("artists"));
        // The command line that reruns it names the same columns.
        QVERIFY(window.session().cliCommand().contains("--artist-column 'Artist Name' --title-column 'Track Name'"));
        data->artistColumn()->setCurrentIndex(0);  // (none)
        QVERIFY(!window.session().runSpec().prep.groups.artistColumn);
        QVERIFY(std::none_of(window.session().report().artifacts.begin(), window.session().report().artifacts.end(),
                             [](const Artifact& a) { return a.kind == "artists"; }));
    }

    void aBadFileKeepsThePreviousOne() {
        MainWindow window;
        QVERIFY(openSample(window));
        const QString bad = dir_.filePath("bad.csv");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("a,b\n1,2\n3\n");
        f.close();
        QSignalSpy failed(&window, &MainWindow::loadFailed);
        window.openFile(bad);
        QVERIFY(failed.wait(10000));
        QVERIFY(window.lastError().contains("line 3"));
        QCOMPARE(window.dataPanel()->tableModel()->rowCount(), 2000);  // still the sample
    }

    void theNewestOpenRequestWins() {
        MainWindow window;
        window.setProperty("quietErrors", true);
        const QString small = dir_.filePath("small.csv");
        QFile f(small);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x,Class\n1,A\n2,B\n");
        f.close();
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        window.openFile(GENRELAB_SAMPLE_CSV);
        window.openFile(small);
        QVERIFY(loaded.wait(10000));
        QTest::qWait(200);
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(window.dataPanel()->tableModel()->rowCount(), 2);
    }

    void nuSliderMovesThePreviewWithin100ms() {
        MainWindow window;
        window.show();
        QVERIFY(openSample(window));
        ModelBuilder* builder = window.modelPanel()->builder();
        builder->modelChoice()->setCurrentIndex(builder->modelChoice()->findData("hier-studentt"));
        QTest::qWait(50);
        const Eigen::VectorXd before = window.modelPanel()->preview()->preview().mu.density;
        // The 100 ms are the GUI thread's work (a 15 ms debounce, then the preview computed and
        // drawn): counted as its CPU time, which does not grow when other jobs share the cores
        // (wall-clock latencies of 140-170 ms were measured then, with the GUI thread idle).
        const double cpuBefore = guiThreadCpuMs();
        QElapsedTimer clock;
        clock.start();
        builder->nu()->slider()->setValue(builder->nu()->slider()->minimum() + 10);  // nu near 0.5: heavy tails
        QTRY_VERIFY_WITH_TIMEOUT(window.modelPanel()->preview()->preview().mu.density.size() == before.size() &&
                                     (window.modelPanel()->preview()->preview().mu.density - before).norm() > 1e-3,
                                 5000);
        const double busy = guiThreadCpuMs() - cpuBefore;
        QVERIFY2(busy < 100.0 * GENRELAB_CPU_TIME_FACTOR, qPrintable(QString("GUI thread busy %1 ms, %2 ms wall").arg(busy).arg(clock.elapsed())));
        QVERIFY(builder->nu()->value() < 1.0);
        QCOMPARE(window.session().modelSpec().model.regression.nu, builder->nu()->value());
        // Heavier tails put more prior mass far out: the density at the grid's edge rises.
        const Eigen::VectorXd after = window.modelPanel()->preview()->preview().mu.density;
        QVERIFY(after[0] > before[0]);
    }

    // Each prior control shows when the chosen model declares it; prior draws are an inference of any model.
    void modelControlsFollowTheDeclaredTraits() {
        MainWindow window;
        window.show();
        ModelBuilder* builder = window.modelPanel()->builder();
        for (std::string_view name : modelNames()) {
            const QString label = QString::fromStdString(std::string(name));
            builder->modelChoice()->setCurrentIndex(builder->modelChoice()->findData(label));
            ModelSpec model;
            setModelByName(model, name);
            const ModelTraits traits = traitsOf(model);
            QCOMPARE(QString::fromStdString(std::string(modelName(builder->spec().model))), label);
            QVERIFY2(builder->nu()->isVisibleTo(builder) == traits.hierarchical, qPrintable(label));
            QVERIFY2(builder->nu()->isEnabled() == traits.uses(Hyperparameter::Nu), qPrintable(label));
            QVERIFY2(builder->tau()->isEnabled() == traits.uses(Hyperparameter::Tau), qPrintable(label));
        }
        QCOMPARE(builder->modelChoice()->findData("prior"), -1);  // an inference, not a model
        builder->modelChoice()->setCurrentIndex(builder->modelChoice()->findData("ard"));
        builder->inferenceChoice()->setCurrentIndex(builder->inferenceChoice()->findData("prior"));
        QVERIFY(builder->priorOnly());
        QCOMPARE(builder->spec().inference, InferenceKind::Prior);
        QCOMPARE(QString::fromStdString(std::string(modelName(builder->spec().model))), QString("ard"));

        // A model chosen outside the builder (a session, a headless run) refreshes the preview
        // too, once the section shows.
        RunSpec mlp = window.session().modelSpec();
        setModelByName(mlp.model, "mlp");
        window.sections()->setCurrentWidget(window.dataPanel());
        QTest::qWait(50);  // the builder's own debounced refresh (ard) runs first
        window.session().setModelSpec(mlp);
        QTest::qWait(50);
        QVERIFY(window.modelPanel()->preview()->preview().mu.density.size() > 0);  // hidden: not yet
        window.sections()->setCurrentWidget(window.modelPanel());
        QTRY_VERIFY_WITH_TIMEOUT(window.modelPanel()->preview()->preview().mu.density.size() == 0, 1000);
        QCOMPARE(window.modelPanel()->preview()->preview().coefficientSd, mlp.model.mlp.priorScale);
    }

    // The builder starts from RunSpec's defaults and gives back what it is set to, the settings it
    // shows no control for included.
    void builderStartsFromTheRunSpecDefaults() {
        ModelBuilder builder;
        QVERIFY(builder.spec() == RunSpec{});
        RunSpec partial;
        partial.model.regression.coordinates = Coordinates::PartiallyCentered;
        partial.model.regression.partialCentering = 0.4;
        partial.svi.convergenceTolerance = 1e-3;
        builder.setSpec(partial);
        QVERIFY(builder.spec() == partial);
        RunSpec grouped;  // the group terms have controls of their own
        grouped.model.terms.artistEffects = true;
        grouped.model.terms.tauArtist = 0.5;
        grouped.model.terms.titleTokens = true;
        grouped.model.terms.tauTitle = 0.25;
        builder.setSpec(grouped);
        QVERIFY(builder.spec() == grouped);
    }

    void invalidValuesAreRefusedAtTheControl() {
        ModelBuilder builder;
        builder.tau()->spin()->setValue(-5.0);
        QVERIFY(builder.tau()->value() > 0.0);
        builder.nu()->spin()->setValue(1e9);
        QVERIFY(builder.nu()->value() <= 100.0);
    }

    // Typed beyond its range, a box takes its bound and the builder says so: 3000 chains become
    // 16 (the most allowed) with a note, not 3 (the keystrokes a plain spin box keeps).
    void aNumberTypedOutOfRangeIsClampedAndSaid() {
        ModelBuilder builder;
        builder.show();
        QSpinBox* chains = builder.chains();
        QCOMPARE(chains->maximum(), 16);
        QVERIFY(chains->toolTip().contains("16"));
        QVERIFY(builder.rangeNote()->isHidden());
        chains->setFocus();
        chains->selectAll();
        QTest::keyClicks(chains, "3000");
        QCOMPARE(chains->text(), QString("3000"));  // every keystroke kept while typing
        QTest::keyClick(chains, Qt::Key_Return);
        QCOMPARE(chains->value(), 16);
        QCOMPARE(builder.spec().nuts.chains, 16);
        QVERIFY(!builder.rangeNote()->isHidden());
        QCOMPARE(builder.rangeNote()->text(), QString("Chains: 3000 is out of range (the largest allowed is 16); set to 16."));
        chains->selectAll();
        QTest::keyClicks(chains, "3");
        QTest::keyClick(chains, Qt::Key_Return);
        QCOMPARE(chains->value(), 3);  // a number in range is taken as typed
    }

    // Without test rows the verdict says there is no test set, and makes no overfitting claim
    // from a train accuracy compared with a test accuracy that does not exist.
    void verdictWithoutATestSet() {
        RunSpec spec;
        spec.inference = InferenceKind::Svi;
        RunResult r;
        r.data.classLabels = {"A", "B"};
        r.data.yTrain = Eigen::VectorXi::Zero(10);
        const Eigen::MatrixXd noRows(0, 2);
        r.train.accuracy = 0.9;
        r.test = evaluatePredictions(noRows, Eigen::VectorXi());
        r.paretoK = 0.3;
        const QString verdict = verdictText(spec, r);
        QVERIFY2(verdict.startsWith("No test set (test size 0): there are no test metrics and no check for overfitting. "
                                    "Train accuracy 0.900."),
                 qPrintable(verdict));
        QVERIFY(!verdict.contains("Test accuracy"));
        QVERIFY(!verdict.contains("some overfitting"));
        QVERIFY(!verdict.contains("nan"));
        // An SVI fit whose Pareto k-hat cannot be computed is not judged, and says n/a.
        r.paretoK = std::numeric_limits<double>::quiet_NaN();
        const QString noK = verdictText(spec, r);
        QVERIFY2(noK.contains("Pareto k-hat n/a") && noK.contains("cannot be judged") && !noK.contains("nan"), qPrintable(noK));
    }

    void resultsExportsSessionAndPrediction() {
        MainWindow window;
        window.show();
        QVERIFY(openSample(window));
        const auto first = train(window, quickSvi());
        QVERIFY(first && !first->partial);
        ResultsPanel* results = window.resultsPanel();
        QVERIFY(results->verdict().contains("Test accuracy"));
        QCOMPARE(results->metrics()->tableModel()->rowCount(), 7);
        QCOMPARE(results->metrics()->tableModel()->columnCount(), 3);  // metric, train, test: no validation rows
        // The reliability diagram: test and train (no validation set), one point per non-empty bin,
        // its bins in the table (15 per split with rows).
        QCOMPARE(results->reliability()->splitCount(), 2);
        long nonEmpty = 0;
        for (const ReliabilityBin& bin : first->test.reliability) nonEmpty += bin.count > 0;
        QCOMPARE(static_cast<long>(results->reliability()->points(0).size()), nonEmpty);
        QCOMPARE(results->reliabilityTable()->tableModel()->rowCount(), 30);
        // One class against the rest: the chooser lists "top class" and the 11 classes; choosing one
        // shows its CORP line (two vertices per isotonic block) and its non-empty bins, and fills
        // its tables (10 bins, 101 band points).
        CalibrationTab* calibration = results->calibration();
        QCOMPARE(calibration->chooser()->count(), 12);
        QCOMPARE(calibration->chooser()->currentText(), QString("top class"));
        calibration->chooser()->setCurrentIndex(3);
        const ClassReliability chosen = classReliability(first->testPredictive.probabilities, first->data.yTest, 2);
        QCOMPARE(calibration->classPlot()->corpLine().size(), 2 * chosen.isotonic.size());
        std::size_t nonEmptyClassBins = 0;
        for (const ClassReliabilityBin& bin : chosen.bins) nonEmptyClassBins += bin.rows > 0 ? 1 : 0;
        QCOMPARE(calibration->classPlot()->binPoints().size(), nonEmptyClassBins);
        QCOMPARE(calibration->classBins()->tableModel()->rowCount(), 10);
        QCOMPARE(calibration->classCorp()->tableModel()->rowCount(), 101);
        QVERIFY(plotMessage(calibration->classPlot()->plot()).isEmpty());
        QCOMPARE(results->perClass()->tableModel()->rowCount(), 11);
        QVERIFY(results->parameters()->tableModel()->rowCount() > 100);
        QCOMPARE(results->uncertainTracks()->tableModel()->rowCount(), 25);
        QVERIFY(std::fabs(results->confusion()->cellValue(10, 10)) <= 1.0);
        QCOMPARE(results->forest()->rows(), 14);
        QCOMPARE(results->accuracyPosterior()->seriesCount(), 1);
        QVERIFY(results->tabs()->isTabVisible(results->tabs()->indexOf(results->forest())));
        QVERIFY(!results->tabs()->isTabVisible(results->tabs()->indexOf(results->relevance())));  // one sigma per class
        // A plot rendered for a non-ARD run (the screenshots render every plot) says what fills it.
        QVERIFY2(plotMessage(results->relevance()->plot()).contains("ard prior"), qPrintable(plotMessage(results->relevance()->plot())));
        QVERIFY(!results->relevance()->plot()->xAxis->visible());

        // A second run (ARD) puts the two side by side and fills the relevance chart.
        RunSpec ard = quickSvi();
        setModelByName(ard.model, "ard");
        QVERIFY(train(window, ard));
        QCOMPARE(results->relevance()->barCount(), 14);
        QCOMPARE(plotMessage(results->relevance()->plot()), QString());  // bars replace the message, axes come back
        QVERIFY(results->relevance()->plot()->xAxis->visible());
        QVERIFY(results->tabs()->isTabVisible(results->tabs()->indexOf(results->relevance())));
        QCOMPARE(results->comparison()->tableModel()->columnCount(), 3);
        QCOMPARE(results->accuracyPosterior()->seriesCount(), 2);
        QCOMPARE(results->marginals()->seriesCount(), 2);
        // ... and compares them by PSIS-LOO: the table (best first, elpd_diff 0) and the plot.
        const ResultTableModel* loo = results->looComparison()->tableModel();
        QCOMPARE(loo->rowCount(), 2);
        QCOMPARE(loo->columnCount(), 9);
        QCOMPARE(loo->data(loo->index(0, 3), Qt::UserRole).toDouble(), 0.0);
        QVERIFY(loo->data(loo->index(1, 3), Qt::UserRole).toDouble() <= 0.0);
        QCOMPARE(results->looDifferences()->barCount(), 2);

        // Tables in every format, plots in every format, atomically.
        for (const char* ext : {"csv", "md", "tex", "json"}) {
            const QString path = dir_.filePath(QString("metrics.%1").arg(ext));
            QCOMPARE(results->metrics()->saveAs(path), QString());
            QVERIFY(QFileInfo(path).size() > 50);
        }
        QVERIFY(!results->metrics()->saveAs("/nonexistent-dir/metrics.csv").isEmpty());
        QVERIFY(!QFile::exists("/nonexistent-dir/metrics.csv"));
        for (const char* ext : {"png", "pdf", "svg"}) {
            const QString path = dir_.filePath(QString("confusion.%1").arg(ext));
            QCOMPARE(savePlot(results->confusion()->plot(), path, 600, 400), QString());
            QVERIFY(QFileInfo(path).size() > 500);
        }
        QVERIFY(!savePlot(results->confusion()->plot(), "/nonexistent-dir/x.png").isEmpty());

        // The reproducibility bundle.
        const QString bundle = dir_.filePath("bundle");
        QCOMPARE(window.exportBundle(bundle), QString());
        for (const char* f : {"data.sha256", "session.json", "versions.txt", "rerun.sh", "tables/metrics.csv", "tables/per_class.tex",
                              "tables/parameters.json", "plots/confusion.png", "plots/confusion.svg",
                              "tables/loo_comparison.csv", "plots/loo_differences.png", "plots/reliability.png", "tables/reliability.csv",
                              "plots/class_reliability.png"})
            QVERIFY2(QFile::exists(QDir(bundle).filePath(f)), f);
        QFile rerun(QDir(bundle).filePath("rerun.sh"));
        QVERIFY(rerun.open(QIODevice::ReadOnly));
        QVERIFY(rerun.readAll().contains("\"$cli\" run --spec spec.json"));
        QFile specFile(QDir(bundle).filePath("spec.json"));
        QVERIFY(specFile.open(QIODevice::ReadOnly));
        const RunSpec bundled = specFromJson(specFile.readAll().toStdString(), "spec.json");
        QVERIFY(bundled == window.session().runSpec());
        QCOMPARE(QString::fromStdString(bundled.dataPath.value_or("")), window.session().path());
        QFile hash(QDir(bundle).filePath("data.sha256"));
        QVERIFY(hash.open(QIODevice::ReadOnly));
        QCOMPARE(hash.readAll().left(64).size(), 64);

        // Session: save, change, open again.
        const QString sessionPath = dir_.filePath("session.json");
        QCOMPARE(window.saveSession(sessionPath), QString());
        RunSpec changed = window.session().modelSpec();
        changed.model.regression.tau = 7.5;
        window.session().setModelSpec(changed);
        QCOMPARE(window.openSession(sessionPath), QString());
        QCOMPARE(QString::fromStdString(std::string(modelName(window.session().modelSpec().model))), QString("ard"));
        QVERIFY(window.session().modelSpec().model.regression.tau != 7.5);
        QFile saved(sessionPath);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(saved.readAll()).object().contains("results"));
        // The saved session reruns headless from its spec (a few steps here).
        QProcess cli;
        cli.start(GENRELAB_CLI_PATH, {"run", "--spec", sessionPath, "--steps", "20", "--json", "--quiet"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QJsonObject headless = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        QCOMPARE(headless["model"].toString(), QString("ard"));
        QCOMPARE(headless["steps"].toInt(), 20);
        QVERIFY(!window.openSession(dir_.filePath("bad.csv")).isEmpty());
        // Prior draws are an inference of the chosen model, kept as such by a session and its rerun command.
        RunSpec priorDraws = window.session().modelSpec();
        priorDraws.inference = InferenceKind::Prior;
        window.session().setModelSpec(priorDraws);
        QCOMPARE(window.saveSession(sessionPath), QString());
        window.session().setModelSpec(quickSvi());
        QCOMPARE(window.openSession(sessionPath), QString());
        QCOMPARE(window.session().modelSpec().inference, InferenceKind::Prior);
        QCOMPARE(QString::fromStdString(std::string(modelName(window.session().modelSpec().model))), QString("ard"));
        QVERIFY(window.session().cliCommand().contains("--model prior --prior-of ard"));
        // The coordinates and the NUTS pilot travel with a session and into the rerun command.
        RunSpec shifted = window.session().modelSpec();
        shifted.model.regression.coordinates = Coordinates::Shift;
        shifted.inference = InferenceKind::Nuts;
        shifted.nutsPilotSteps = 700;
        window.session().setModelSpec(shifted);
        QVERIFY(window.session().cliCommand().contains("--shift-coordinates"));
        QVERIFY(window.session().cliCommand().contains("--nuts-pilot 700"));
        const QString shiftedPath = dir_.filePath("shifted.json");
        QCOMPARE(window.saveSession(shiftedPath), QString());
        window.session().setModelSpec(changed);
        QCOMPARE(window.openSession(shiftedPath), QString());
        QCOMPARE(window.session().modelSpec().model.regression.coordinates, Coordinates::Shift);
        QCOMPARE(window.session().modelSpec().nutsPilotSteps, std::size_t{700});
        // The rerun command: minimal arguments, the data path quoted for the shell.
        const QString command = window.session().cliCommand();
        QVERIFY2(command.startsWith("genrelab-cli run --data ") && command.endsWith(" --json"), qPrintable(command));
        QVERIFY2(command.contains("--steps 300") && !command.contains("--alpha-scale"), qPrintable(command));  // defaults are not repeated
        // A session file in the first format still opens.
        const QString oldSession = dir_.filePath("old-session.json");
        QFile old(oldSession);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write(R"({"format": "genrelab-session-1", "data": "",
                      "preparation": {"imputation": "median", "repair_units": true, "train_rows": 800, "split_seed": 4},
                      "model": {"model": "hier-normal", "inference": "nuts", "lambda": 2.5, "non_centered": false,
                                "warmup": 300, "samples": 200, "seed": 9}})");
        old.close();
        QCOMPARE(window.openSession(oldSession), QString());
        const RunSpec restored = window.session().runSpec();
        QCOMPARE(std::string(modelName(restored.model)), std::string("hier-normal"));
        QCOMPARE(restored.inference, InferenceKind::Nuts);
        QCOMPARE(restored.model.regression.lambda, 2.5);
        QCOMPARE(restored.model.regression.coordinates, Coordinates::Centered);
        QCOMPARE(restored.nuts.warmup, 300);
        QCOMPARE(restored.nuts.seed, std::uint64_t{9});
        QCOMPARE(restored.prep.imputation, Imputation::Median);
        QVERIFY(restored.prep.repairUnits);
        QCOMPARE(restored.split.trainRows.value_or(0), std::size_t{800});
        QCOMPARE(restored.split.seed, std::uint64_t{4});
        QCOMPARE(window.openSession(shiftedPath), QString());

        // Predictions by hand and from a file.
        PredictPanel* predict = window.predictPanel();
        predict->setInput("instrumentalness", 0.9);
        predict->setInput("acousticness", 0.95);
        predict->setInput("energy", 0.1);
        predict->predictManual();
        QVERIFY2(predict->summary().startsWith("Most likely"), qPrintable(predict->summary()));
        QCOMPARE(predict->chart()->barCount(), 11);
        QCOMPARE(predict->predictFile(GENRELAB_SAMPLE_CSV), QString());
        QCOMPARE(predict->predictions()->tableModel()->rowCount(), 2000);
        QVERIFY(!predict->predictFile(dir_.filePath("missing.csv")).isEmpty());
    }

    // A run with artist effects and title tokens: Predict asks for the artist and title, says
    // whether the artist was seen, and a file's predictions say it per row; a file without the
    // group columns averages over the artist prior and says so.
    void groupedRunPredictsWithArtistsAndTitles() {
        MainWindow window;
        QVERIFY(openSample(window));
        RunSpec spec = quickSvi();
        spec.prep.groups.artistColumn = "Artist Name";
        spec.prep.groups.titleColumn = "Track Name";
        spec.model.terms.artistEffects = true;
        spec.model.terms.titleTokens = true;
        spec.model.terms.titleMinCount = 2;
        const Table table = readTable(GENRELAB_SAMPLE_CSV, tableOptionsOf(spec));
        auto result = std::make_shared<const RunResult>(runPipeline(table, spec));
        window.session().addResult(result, spec);
        window.resultsPanel()->fillNow();  // the views a publish fills one per event-loop turn
        // Results: every training artist a point of the shrinkage plot, the largest title cues as bars.
        ResultsPanel* results = window.resultsPanel();
        QVERIFY(results->tabs()->isTabVisible(results->tabs()->indexOf(results->titleCues())));
        QCOMPARE(results->shrinkage()->pointCount(), static_cast<int>(result->data.artistVocabulary.size()));
        QCOMPARE(results->shrinkageClass()->count(), 11);
        results->shrinkageClass()->setCurrentIndex(3);
        QCOMPARE(results->shrinkage()->pointCount(), static_cast<int>(result->data.artistVocabulary.size()));
        QCOMPARE(results->titleCues()->barCount(), static_cast<int>(ResultsPanel::kTitleCues));
        const auto plots = results->plots();
        QVERIFY(std::any_of(plots.begin(), plots.end(), [](const auto& p) { return p.first == "artist_shrinkage"; }));
        QVERIFY(std::any_of(plots.begin(), plots.end(), [](const auto& p) { return p.first == "title_cues"; }));
        PredictPanel* predict = window.predictPanel();
        QVERIFY(predict->artistInput() && predict->titleInput());
        predict->artistInput()->setText(QString::fromStdString(result->data.artistVocabulary.front()) + " & Someone New");
        predict->titleInput()->setText("Heart Love (Live)");
        predict->predictManual();
        QVERIFY2(predict->summary().contains("Artist: 1 of 2 seen.") && predict->summary().contains("Title tokens known from training: "),
                 qPrintable(predict->summary()));
        predict->artistInput()->setText("Someone New");
        predict->predictManual();
        QVERIFY2(predict->summary().contains("Artist: unseen: artist prior."), qPrintable(predict->summary()));

        QCOMPARE(predict->predictFile(GENRELAB_SAMPLE_CSV), QString());
        const ResultTableModel* rows = predict->predictions()->tableModel();
        QCOMPARE(rows->rowCount(), 2000);
        const int artists = rows->columnCount() - 2;
        QCOMPARE(rows->headerData(artists, Qt::Horizontal).toString(), QString("artists"));
        QCOMPARE(rows->headerData(artists + 1, Qt::Horizontal).toString(), QString("title tokens known"));
        QCOMPARE(rows->index(result->data.split.train.front(), artists).data().toString(), QString("seen"));
        // The sample names one artist per track: a row's artist is seen when it is a training artist.
        const std::set<std::string> known(result->data.artistVocabulary.begin(), result->data.artistVocabulary.end());
        const Column& artistColumn = table.column(*table.indexOf("Artist Name"));
        const auto seen = std::count_if(artistColumn.texts.begin(), artistColumn.texts.end(), [&](const std::string& a) { return known.count(a) > 0; });
        QVERIFY2(predict->summary().contains(QString("%1 with every artist seen in training, 0 with some, %2 averaged over the artist prior")
                                                 .arg(seen).arg(2000 - seen)),
                 qPrintable(predict->summary()));

        QByteArray numeric;  // the sample's numeric columns, without its artist and title
        for (std::size_t c = 2; c < table.columnCount(); ++c) numeric += QByteArray::fromStdString(table.column(c).name) + (c + 1 < table.columnCount() ? "," : "\n");
        for (std::size_t r = 0; r < table.rows(); ++r)
            for (std::size_t c = 2; c < table.columnCount(); ++c) {
                const Column& column = table.column(c);
                QVERIFY(column.kind != ColumnKind::Text);
                if (!column.missing[r]) numeric += QByteArray::number(column.numbers[r], 'g', 17);
                numeric += c + 1 < table.columnCount() ? "," : "\n";
            }
        const QString path = dir_.filePath("numeric-only.csv");
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(numeric);
        out.close();
        QCOMPARE(predict->predictFile(path), QString());
        QVERIFY2(predict->summary().contains("the file has no column 'Artist Name': every track's artist effect is averaged over the artist prior") &&
                     predict->summary().contains("the file has no column 'Track Name': no title tokens"),
                 qPrintable(predict->summary()));
        // The file has no text columns: no identifying columns, so the artists column moves left.
        QCOMPARE(rows->headerData(rows->columnCount() - 2, Qt::Horizontal).toString(), QString("artists"));
        QCOMPARE(rows->index(0, rows->columnCount() - 2).data().toString(), QString("no artist column: artist prior"));
    }

    // Predict starts from a real median track of the open file (issue 14, item 8): medians of
    // measurements, the most frequent code (key) in a whole-number box, booleans (mode) and unit
    // flags as check boxes, the repaired duration in milliseconds, said in its label.
    void predictStartsFromAMedianTrack() {
        MainWindow window;
        QVERIFY(openSample(window));
        RunSpec spec = quickSvi(100);
        spec.prep.repairUnits = true;
        spec.prep.artifactFeatures = true;
        const Table table = readTable(GENRELAB_SAMPLE_CSV, tableOptionsOf(spec));
        const auto result = std::make_shared<const RunResult>(runPipeline(table, spec));
        window.session().addResult(result, spec);
        PredictPanel* predict = window.predictPanel();
        const auto present = [](const Column& c) {
            std::vector<double> v;
            for (std::size_t r = 0; r < c.numbers.size(); ++r)
                if (!c.missing[r]) v.push_back(c.numbers[r]);
            return v;
        };
        const auto mostFrequent = [](const std::vector<double>& v) {
            std::map<double, int> counts;
            for (const double x : v) ++counts[x];
            return std::max_element(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second < b.second; })->first;
        };
        QVERIFY(qobject_cast<QDoubleSpinBox*>(predict->inputWidget("danceability")));
        QCOMPARE(predict->inputValue("danceability"), stats::median(present(table.column(*table.indexOf("danceability")))));
        auto* key = qobject_cast<QSpinBox*>(predict->inputWidget("key"));
        QVERIFY(key);
        QCOMPARE(static_cast<double>(key->value()), mostFrequent(present(table.column(*table.indexOf("key")))));
        QVERIFY(qobject_cast<QSpinBox*>(predict->inputWidget("time_signature")));
        QCOMPARE(predict->inputValue("time_signature"), 4.0);
        auto* mode = qobject_cast<QCheckBox*>(predict->inputWidget("mode"));
        QVERIFY(mode);
        QCOMPARE(mode->isChecked(), mostFrequent(present(table.column(*table.indexOf("mode")))) == 1.0);
        // The duration as the model reads it: every cell in milliseconds.
        Table repaired = table;
        for (const UnitRepair& repair : result->data.unitRepairs) applyUnitRepair(repaired, repair);
        QCOMPARE(result->data.unitRepairs.size(), std::size_t{1});
        QCOMPARE(predict->inputLabel("duration_in min/ms"), QString("duration_in min/ms (milliseconds)"));
        QCOMPARE(predict->inputValue("duration_in min/ms"), stats::median(present(repaired.column(*repaired.indexOf("duration_in min/ms")))));
        QVERIFY(predict->inputValue("duration_in min/ms") > 100000.0);
        auto* minutes = qobject_cast<QCheckBox*>(predict->inputWidget("artifact: duration_in min/ms in minutes"));
        QVERIFY(minutes);
        QVERIFY(!minutes->isChecked());
        predict->predictManual();
        QVERIFY2(predict->summary().startsWith("Most likely") &&
                     predict->summary().contains(QRegularExpression("\\. Predictive entropy [0-9]\\.[0-9]{3} nats\\.")),
                 qPrintable(predict->summary()));
        QVERIFY(predict->inputWidget("no such column") == nullptr);
    }

    // The uncertain tracks and a file's predictions name rows by the file's own identifying
    // columns, whatever they are called (here "Interpret" and "Titel", no "Track Name").
    void otherColumnNamesNameTheTracks() {
        QByteArray csv = contents(GENRELAB_SAMPLE_CSV);
        QVERIFY(csv.startsWith("Artist Name,Track Name,"));
        csv.replace(0, static_cast<int>(std::string_view("Artist Name,Track Name").size()), "Interpret,Titel");
        const QString path = dir_.filePath("renamed.csv");
        put(path, csv);
        MainWindow window;
        window.setProperty("quietErrors", true);
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        window.openFile(path);
        QVERIFY(loaded.wait(15000));
        const RunSpec spec = quickSvi(100);
        const Table& table = *window.session().table();
        window.session().addResult(std::make_shared<const RunResult>(runPipeline(table, spec)), spec);
        window.resultsPanel()->fillNow();
        const ResultTableModel* uncertain = window.resultsPanel()->uncertainTracks()->tableModel();
        QCOMPARE(uncertain->rowCount(), 25);
        QCOMPARE(uncertain->headerData(1, Qt::Horizontal).toString(), QString("track"));
        const Column& artist = table.column(*table.indexOf("Interpret"));
        const Column& title = table.column(*table.indexOf("Titel"));
        for (int r = 0; r < 25; ++r) {
            const auto row = static_cast<std::size_t>(uncertain->index(r, 0).data(Qt::UserRole).toLongLong() - 1);
            QCOMPARE(uncertain->index(r, 1).data().toString(), QString::fromStdString(artist.texts[row] + " — " + title.texts[row]));
        }
        PredictPanel* predict = window.predictPanel();
        QCOMPARE(predict->predictFile(path), QString());
        const ResultTableModel* rows = predict->predictions()->tableModel();
        QCOMPARE(rows->headerData(1, Qt::Horizontal).toString(), QString("Interpret"));
        QCOMPARE(rows->headerData(2, Qt::Horizontal).toString(), QString("Titel"));
        QCOMPARE(rows->headerData(5, Qt::Horizontal).toString(), QString("probability 5%"));
        QCOMPARE(rows->headerData(7, Qt::Horizontal).toString(), QString("entropy (nats)"));
        QCOMPARE(rows->index(0, 1).data().toString(), QString::fromStdString(artist.texts[0]));
        QCOMPARE(rows->index(0, 2).data().toString(), QString::fromStdString(title.texts[0]));
        QVERIFY2(predict->summary().contains("90% interval") && predict->summary().contains("entropy"), qPrintable(predict->summary()));
    }

    void experimentsSectionRunsThePresetSweepAndComparison() {
        MainWindow window;
        window.show();
        QVERIFY(openSample(window));
        ExperimentsPanel* panel = window.experimentsPanel();
        QCOMPARE(panel->results()->tableModel()->rowCount(), 12);  // the preset, before any run
        auto experiments = panel->selectedPreset();
        for (auto& e : experiments) {  // the same table, made quick for the 2,000-row sample
            e.spec.svi.steps = 100;
            e.spec.svi.learningRate = 0.02;
            e.spec.guideDraws = 30;
            e.spec.predictiveDraws = 20;
            e.spec.nuts.warmup = 40;
            e.spec.nuts.samples = 30;
            e.spec.nuts.maxTreeDepth = 5;
            e.spec.model.mlp.hidden = {4};
            if (*e.spec.split.trainRows > 1000) e.spec.split.trainRows = 1200;
        }
        panel->seeds()->setValue(1);
        QSignalSpy preset(panel, &ExperimentsPanel::presetFinished);
        panel->runPreset(experiments);
        QVERIFY(panel->busy());
        QVERIFY(preset.wait(120000));
        const ResultTableModel* results = panel->results()->tableModel();
        QCOMPARE(results->rowCount(), 12);
        const int testColumn = 8, studyColumn = 13;
        QCOMPARE(results->headerData(testColumn, Qt::Horizontal).toString(), QString("test_accuracy"));
        for (int r = 0; r < 12; ++r) {
            QVERIFY(results->index(r, testColumn).data(Qt::UserRole).toDouble() > 0.0);
            QVERIFY(results->index(r, studyColumn).data(Qt::UserRole).toDouble() > 0.3);
        }
        QTRY_VERIFY(!panel->busy());

        panel->nuValues()->setText("1,4");
        panel->tauValues()->setText("0.5,1");
        QSignalSpy sweep(panel, &ExperimentsPanel::sweepFinished);
        panel->runSweep();
        QVERIFY(sweep.wait(120000));
        QCOMPARE(panel->heatmap()->cells(), 4);
        QCOMPARE(plotMessage(panel->heatmap()->plot()), QString());
        QVERIFY(panel->status()->text().startsWith("Best cell"));
        QTRY_VERIFY(!panel->busy());
        // Each view marks the best cell of the metric it shows and exactly the cells within one
        // standard error of it, recomputed here from the cells' own values and SEs.
        for (int shown : {0, 1}) {
            panel->sweepMetric()->setCurrentIndex(shown);
            const auto& cells = panel->sweepResult().cells;
            const auto value = [&](std::size_t k) { return shown == 0 ? cells[k].validationAccuracy : cells[k].validationLogPredictive; };
            const auto se = [&](std::size_t k) { return shown == 0 ? cells[k].validationAccuracySe : cells[k].validationLogPredictiveSe; };
            std::size_t best = 0;
            for (std::size_t k = 1; k < cells.size(); ++k)
                if (value(k) > value(best)) best = k;
            QVERIFY(se(best) > 0.0 && std::isfinite(se(best)));
            int marked = 0;
            for (std::size_t k = 0; k < cells.size(); ++k) {
                const int cell = static_cast<int>(k);
                QCOMPARE(panel->heatmap()->markedEquivalent(cell), value(k) >= value(best) - se(best));
                marked += panel->heatmap()->markedEquivalent(cell);
                const QString text = panel->heatmap()->cellText(cell);
                QVERIFY2(text.startsWith(QString::number(value(k), 'f', 3) + QString::fromUtf8(" ± ") + QString::number(se(k), 'f', 3)),
                         qPrintable(text));
                QCOMPARE(text.contains("best"), k == best);
                QCOMPARE(text.contains("within 1 SE"), k != best && value(k) >= value(best) - se(best));
            }
            QVERIFY(panel->status()->text().contains(QString("%1 other cells lie within one SE").arg(marked - 1)));
        }

        PrepChoices prep = window.session().prep();
        prep.trainRows = 300;
        window.session().setPrep(prep);
        RunSpec spec = quickSvi();
        spec.nuts.warmup = 80;
        spec.nuts.samples = 60;
        spec.nuts.maxTreeDepth = 5;
        window.session().setModelSpec(spec);
        QSignalSpy compared(panel, &ExperimentsPanel::comparisonFinished);
        panel->runComparison();
        QVERIFY(compared.wait(120000));
        QVERIFY(panel->comparison()->tableModel()->rowCount() >= 10);
        QVERIFY(panel->marginals()->tableModel()->rowCount() > 100);
        // The view names the rows both methods were fitted on (issue 14, item 6).
        QVERIFY2(panel->status()->text().startsWith("Both fitted on the same 1,000 training rows and tested on the same 400 rows. "),
                 qPrintable(panel->status()->text()));
    }

    // Issue 14, item 7: before anything fills them, the sweep, the preset table and VI against
    // MCMC say what will; the status line follows whether a file is open.
    void emptyViewsSayWhatFillsThem() {
        MainWindow window;
        window.show();
        ExperimentsPanel* panel = window.experimentsPanel();
        QVERIFY(plotMessage(panel->heatmap()->plot()).startsWith("Run a sweep to fill this grid"));
        QCOMPARE(panel->heatmap()->cells(), 0);
        QVERIFY(!panel->heatmap()->plot()->plottable(0)->visible());  // no colour map: no dark square
        for (ResultTableView* view : {panel->comparison(), panel->marginals()}) {
            QCOMPARE(view->tableModel()->rowCount(), 0);
            QVERIFY(view->emptyMessageShown());
            QVERIFY(view->emptyMessage().contains("SVI"));
        }
        QVERIFY(panel->status()->text().startsWith("Open the Kaggle training file"));
        QVERIFY(panel->presetNote()->text().contains("Run the preset"));
        QVERIFY(openSample(window));
        QVERIFY2(!panel->status()->text().contains("Open the Kaggle") && panel->status()->text().contains("is open"),
                 qPrintable(panel->status()->text()));
        // The preset before a run: what each experiment is and the study's numbers; no 0 rows and
        // no NaN scores in the cells a run fills.
        for (int choice : {0, 1}) {
            panel->presets()->setCurrentIndex(choice);
            const ResultTableModel* table = panel->results()->tableModel();
            QCOMPARE(table->rowCount(), 12);
            int studyCells = 0;
            for (int r = 0; r < table->rowCount(); ++r)
                for (int c = 0; c < table->columnCount(); ++c) {
                    const QString text = table->index(r, c).data().toString();
                    QVERIFY2(text != "0" && text != "NaN" && text != "n/a", qPrintable(QString("row %1 column %2: %3").arg(r).arg(c).arg(text)));
                    const QString column = table->headerData(c, Qt::Horizontal).toString();
                    if (column.startsWith("study_")) studyCells += !text.isEmpty();
                    else if (c >= 4) QVERIFY2(text.isEmpty(), qPrintable(column + ": " + text));
                }
            QVERIFY(studyCells >= 20);
        }
    }

    // The heatmap's colour range never stretches noise over the whole scale: scores 0.001 apart
    // with an SE of 0.03 span 4 SE downward from the best; a range wider than that is kept.
    void sweepColourRangeSpansAtLeastFourStandardErrors() {
        const double nan = std::nan("");
        auto [lo, hi] = SweepHeatmap::colourRange({-1.001, -1.0005, -1.0, nan}, 0.03);
        QCOMPARE(hi, -1.0);
        QVERIFY(std::fabs(lo - (-1.12)) < 1e-12);
        std::tie(lo, hi) = SweepHeatmap::colourRange({0.40, 0.45, 0.50}, 0.01);
        QCOMPARE(lo, 0.40);
        QCOMPARE(hi, 0.50);
        std::tie(lo, hi) = SweepHeatmap::colourRange({0.5, 0.5}, nan);  // flat, no SE: a small range around it
        QVERIFY(std::fabs(lo - 0.495) < 1e-12 && std::fabs(hi - 0.505) < 1e-12);
    }

    // Every app table shows an uncomputable number as "n/a": not "NaN", not 0; other cells as before.
    void tableCellsShowNaNAsNotAvailable() {
        QCOMPARE(tableCellText(Cell(std::nan("")), 3), QString("n/a"));
        QCOMPARE(tableCellText(Cell(0.0), 3), QString("0.000"));
        QCOMPARE(tableCellText(Cell(0.12345), 3), QString("0.123"));
        QCOMPARE(tableCellText(Cell(std::int64_t{0}), 3), QString("0"));
        QCOMPARE(tableCellText(Cell(), 3), QString());
        QCOMPARE(tableCellText(Cell(std::string("NaN")), 3), QString("NaN"));  // text is shown as written
        ResultTableModel model;
        model.setTable(ResultTable{"t", {"name", "value"}, {{std::string("a"), std::nan("")}, {std::string("b"), 1.5}}});
        QCOMPARE(model.index(0, 1).data().toString(), QString("n/a"));
        QVERIFY(std::isnan(model.index(0, 1).data(Qt::UserRole).toDouble()));  // the raw value stays NaN
        QCOMPARE(model.index(1, 1).data().toString(), QString("1.5000"));
    }

    void tableModelsPassTheModelTester() {
        const auto table = std::make_shared<Table>(parseTable("a,b,Class\n1,x,0\n,y,1\n", "t.csv"));
        RawTableModel raw;
        QAbstractItemModelTester rawTester(&raw, QAbstractItemModelTester::FailureReportingMode::QtTest);
        raw.setTable(table);
        QCOMPARE(raw.rowCount(), 2);
        QCOMPARE(raw.index(1, 0).data().toString(), QString("—"));
        QCOMPARE(raw.headerData(1, Qt::Vertical).toInt(), 3);  // the line in the file
        ColumnSummaryModel summary;
        QAbstractItemModelTester summaryTester(&summary, QAbstractItemModelTester::FailureReportingMode::QtTest);
        summary.setSummaries(inspectTable(*table).columns);
        QCOMPARE(summary.rowCount(), 3);
        ResultTableModel results;
        QAbstractItemModelTester resultTester(&results, QAbstractItemModelTester::FailureReportingMode::QtTest);
        results.setTable(ResultTable{"t", {"name", "value"}, {{std::string("a"), 1.5}, {std::string("b"), std::int64_t{2}}}});
        QCOMPARE(results.rowCount(), 2);
        QCOMPARE(results.index(0, 1).data(Qt::UserRole).toDouble(), 1.5);
    }

    // Predict's chart before a prediction says what fills it; a file of 100,000 tracks is
    // predicted on the background pool with a progress bar that counts steps and the time left,
    // the window handling events meanwhile; Cancel stops it and keeps what was shown; the
    // prediction done again whole equals the core's (predictionTable) for the same file.
    void predictingALargeFileShowsProgressAndCancels() {
        MainWindow window;
        QVERIFY(openSample(window));
        PredictPanel* predict = window.predictPanel();
        QVERIFY2(plotMessage(predict->chart()->plot()).startsWith("Train a model first: then each genre's probability for a track shows here"),
                 qPrintable(plotMessage(predict->chart()->plot())));
        RunSpec spec = quickSvi(60);
        setModelByName(spec.model, "flat");
        spec.guideDraws = 20;  // 20 draws: two passes of each over 100,000 rows, seconds in all
        QVERIFY(train(window, spec));
        QCOMPARE(predict->chart()->barCount(), 0);
        QVERIFY2(plotMessage(predict->chart()->plot()).startsWith("Press \"Predict this track\": each genre's probability for the track on the left shows here"),
                 qPrintable(plotMessage(predict->chart()->plot())));
        QVERIFY(predict->progressBar()->isHidden() && predict->cancelButton()->isHidden());
        const QString shots = qEnvironmentVariable("GENRELAB_TEST_SCREENSHOTS");  // to look at them
        const auto shoot = [&](const QString& name) {
            if (!shots.isEmpty()) predict->grab().save(QDir(shots).filePath(name));
        };
        predict->resize(1200, 700);
        shoot("predict-before.png");
        predict->predictManual();
        QCOMPARE(predict->chart()->barCount(), 11);
        QCOMPARE(plotMessage(predict->chart()->plot()), QString());  // bars replace the message

        const QString tracks = dir_.filePath("tracks-100k.csv");
        QProcess synth;
        synth.start(GENRELAB_CLI_PATH, {"synth", "--rows", "100000", "--seed", "7", "--out", tracks});
        QVERIFY(synth.waitForFinished(60000));
        QCOMPARE(synth.exitCode(), 0);

        // While the file is predicted: the bar counts steps (shown, moving, with the time left);
        // Cancel is pressed once it has moved twice.
        std::vector<int> values;
        QString format;
        int ticks = 0;
        bool shownWhileBusy = false;
        QTimer observer;
        observer.setInterval(20);
        connect(&observer, &QTimer::timeout, this, [&] {
            ++ticks;
            QProgressBar* bar = predict->progressBar();
            shownWhileBusy = shownWhileBusy || (predict->isPredicting() && !bar->isHidden() && !predict->cancelButton()->isHidden());
            if (bar->maximum() > 0 && (values.empty() || bar->value() != values.back())) {
                values.push_back(bar->value());
                format = bar->format();
            }
            if (values.size() == 2) shoot("predict-during.png");
            if (values.size() >= 3 && predict->cancelButton()->isEnabled()) predict->cancelButton()->click();
        });
        observer.start();
        QCOMPARE(predict->predictFile(tracks), PredictPanel::kCancelledMessage);
        observer.stop();
        QVERIFY(shownWhileBusy);
        QVERIFY2(values.size() >= 3 && values.back() > values.front(), qPrintable(QString::number(values.size())));
        QVERIFY2(values.back() < predict->progressBar()->maximum(), "cancelled before the end");
        QVERIFY2(format.contains(" of ") && format.contains("about") && format.contains("left"), qPrintable(format));
        QVERIFY(ticks >= 5);  // the window handled its events throughout
        QVERIFY2(predict->summary().contains("was cancelled; the predictions shown before stay"), qPrintable(predict->summary()));
        QCOMPARE(predict->predictions()->tableModel()->rowCount(), 0);  // nothing half made is shown
        QVERIFY(predict->predictions()->emptyMessageShown() && predict->predictions()->emptyMessage().startsWith("Predict an unlabeled CSV"));
        QVERIFY(predict->progressBar()->isHidden() && predict->cancelButton()->isHidden());
        QVERIFY(!predict->isPredicting());

        // Again, whole: the same table as the core gives for the file.
        QCOMPARE(predict->predictFile(tracks), QString());
        QCOMPARE(predict->predictions()->tableModel()->rowCount(), 100000);
        QVERIFY(!predict->predictions()->emptyMessageShown());
        PredictionTableOptions options;
        options.maxProbabilityColumns = PredictPanel::kMaxProbabilityColumns;
        options.topClasses = PredictPanel::kTopClasses;
        const PredictionTable direct = predictionTable(*window.session().result(), window.session().resultSpec(), readTable(tracks.toStdString()),
                                                       window.session().classNames(), options);
        QCOMPARE(direct.drawsUsed, std::size_t{20});
        QVERIFY(exportTable(predict->predictions()->tableModel()->table(), TableFormat::Csv) == exportTable(direct.table, TableFormat::Csv));
    }
};

QTEST_MAIN(TestAppPanels)
#include "tst_app_panels.moc"

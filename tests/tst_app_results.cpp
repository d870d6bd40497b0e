// The Results section after a short run: the verdict without a test set; every table and plot
// exported, the reproducibility bundle, the session round trip, and predictions from the run.
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
#include "RunVerdict.h"
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
#include <QHeaderView>
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

using namespace genrelab;
using namespace genrelab::testing;

class TestAppResults : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void initTestCase() { isolateSettings("tst_app_results"); }

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

};

QTEST_MAIN(TestAppResults)
#include "tst_app_results.moc"

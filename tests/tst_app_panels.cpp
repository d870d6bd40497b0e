// The app's sections offscreen: opening a file fills every panel; the prior preview follows the
// nu slider within 100 ms; the model builder's controls; empty views and result tables. Results,
// Predict and Experiments after a run: tst_app_results, tst_app_predict, tst_app_experiments.
#include "TimeBound.h"
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
        VERIFY_TIME_BOUND(busy, 100.0, QString("GUI thread busy (%1 ms wall)").arg(clock.elapsed()));
        QVERIFY(builder->nu()->value() < 1.0);
        QCOMPARE(window.session().modelSpec().model.regression.nu, builder->nu()->value());
        // Heavier tails put more prior mass far out: the density at the grid's edge rises.
        const Eigen::VectorXd after = window.modelPanel()->preview()->preview().mu.density;
        QVERIFY(after[0] > before[0]);
    }

    // With group terms chosen, the preview still follows the priors: its bars are the model's
    // without those terms (the preview rows carry no artists or titles), and the note says so.
    void thePreviewWithGroupTermsSaysWhatItLeavesOut() {
        MainWindow window;
        window.show();
        QVERIFY(openSample(window));
        window.sections()->setCurrentWidget(window.modelPanel());
        ModelBuilder* builder = window.modelPanel()->builder();
        builder->modelChoice()->setCurrentIndex(builder->modelChoice()->findData("hier-studentt"));
        window.modelPanel()->refreshPreviewNow();
        const PriorPreview plain = window.modelPanel()->preview()->preview();
        QVERIFY(!plain.groupTermsLeftOut);
        QVERIFY(!window.modelPanel()->previewNote().contains("leave out"));
        RunSpec grouped = builder->spec();
        grouped.model.terms.artistEffects = true;
        grouped.model.terms.songCopies = true;
        builder->setSpec(grouped);
        builder->tau()->setValue(2.5);  // a change the preview must follow
        window.modelPanel()->refreshPreviewNow();
        const PriorPreview withGroups = window.modelPanel()->preview()->preview();
        QVERIFY(withGroups.groupTermsLeftOut);
        QCOMPARE(withGroups.classShareMean.size(), plain.classShareMean.size());
        QVERIFY((withGroups.sigma.density - plain.sigma.density).norm() > 1e-3);  // tau moved it
        QVERIFY2(window.modelPanel()->previewNote().contains("The bars leave out the group terms (artist effects, title tokens, song copies)"),
                 qPrintable(window.modelPanel()->previewNote()));
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
        grouped.model.terms.songCopies = true;
        grouped.model.terms.copyScale = 0.75;
        builder.setSpec(grouped);
        QVERIFY(builder.spec() == grouped);
        QVERIFY(builder.songCopies()->isChecked() && builder.copyScale()->isEnabled());
        QCOMPARE(builder.copyScale()->value(), 0.75);
        builder.songCopies()->setChecked(false);  // the control, not the spec it was given, decides
        QVERIFY(!builder.spec().model.terms.songCopies && !builder.copyScale()->isEnabled());
        builder.copyScale()->setValue(3.0);
        QCOMPARE(builder.spec().model.terms.copyScale, 3.0);
        grouped.model.terms.songCopies = false;
        grouped.model.terms.artistSongs = true;  // the copy sd is theirs too
        builder.setSpec(grouped);
        QVERIFY(builder.spec() == grouped);
        QVERIFY(builder.artistSongs()->isChecked() && builder.copyScale()->isEnabled());
        builder.artistSongs()->setChecked(false);
        QVERIFY(!builder.spec().model.terms.artistSongs && !builder.copyScale()->isEnabled());
        builder.artistEffects()->click();  // off: artist songs stay off
        QVERIFY(!builder.spec().model.terms.artistEffects && !builder.spec().model.terms.artistSongs);
        builder.artistEffects()->click();  // on, by a person: artist songs come along, as on the command line
        QVERIFY(builder.spec().model.terms.artistEffects && builder.spec().model.terms.artistSongs);
        // Song copies come along with a clicked group term only when both columns are chosen.
        builder.songCopies()->setChecked(false);
        builder.titleTokens()->click();  // off
        builder.titleTokens()->click();  // on, with no title column known
        QVERIFY(builder.spec().model.terms.titleTokens && !builder.spec().model.terms.songCopies);
        GroupOptions columns;
        columns.artistColumn = "Artist Name";
        builder.setGroupColumns(columns);
        builder.artistEffects()->click();
        builder.artistEffects()->click();  // on, with an artist column only
        QVERIFY(!builder.spec().model.terms.songCopies);
        columns.titleColumn = "Track Name";
        builder.setGroupColumns(columns);
        builder.titleTokens()->click();
        builder.titleTokens()->click();  // on, with both columns: as on the command line
        QVERIFY(builder.spec().model.terms.songCopies);
        QVERIFY(builder.spec().prep.groups == grouped.prep.groups);  // the columns are not the builder's to set
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

    // A long table fits its columns from its longest cells instead of asking the delegate for a
    // thousand rows: the widths resizeColumnsToContents gives where the widest cells are among the
    // rows Qt measures, and a widest cell further down counts too.
    void longTablesFitColumnsLikeQt() {
        ResultTable table{"t", {"name", "count", "value", "rest"}, {}};
        for (int r = 0; r < 3000; ++r)
            table.addRow({std::string(r == 500 ? "a longer name than the others" : "name"), std::int64_t{r % 900},
                          r == 899 ? -12345.678 : 0.001 * (r % 900), std::string("x")});
        table.rows[700][2] = std::nan("");
        ResultTableView view;
        view.setTable(table);
        QVERIFY(table.rows.size() > ResultTableView::kMeasuredRows);
        std::vector<int> fitted;
        for (int c = 0; c < 3; ++c) fitted.push_back(view.columnWidth(c));
        view.resizeColumnsToContents();
        for (int c = 0; c < 3; ++c) QCOMPARE(fitted[static_cast<std::size_t>(c)], view.columnWidth(c));
        table.rows[2500][0] = std::string("a name longer still, far down the table");
        view.setTable(table);
        QVERIFY(view.columnWidth(0) > fitted[0]);
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

};

QTEST_MAIN(TestAppPanels)
#include "tst_app_panels.moc"

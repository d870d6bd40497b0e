// The Experiments section: the preset, the sweep with its standard errors and the comparison.
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

class TestAppExperiments : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { isolateSettings("tst_app_experiments"); }

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

};

QTEST_MAIN(TestAppExperiments)
#include "tst_app_experiments.moc"

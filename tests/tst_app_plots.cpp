// Plots that read as they should (issue 14 item 9): the smoothed ELBO does not lag a step, the
// histogram per class as small multiples (also with 200 classes), the correlation colours white at
// zero, and the app's SVI plateau and learning-rate sweep meaning what the CLI's flags mean.
#include "AppTestSupport.h"

#include "CorrelationHeatmap.h"
#include "ElboPlot.h"
#include "HistogramPlot.h"
#include "LearningRateSweepBox.h"
#include "ModelBuilder.h"
#include "ModelPanel.h"
#include "data/Table.h"
#include "util/Smoothing.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <qcustomplot.h>

#include <cmath>

using namespace genrelab;
using namespace genrelab::testing;

namespace {

// The first index at which a curve reaches half the step from 0 to 1.
int crossing(const std::vector<double>& curve) {
    for (std::size_t i = 0; i < curve.size(); ++i)
        if (curve[i] >= 0.5) return static_cast<int>(i);
    return -1;
}

std::vector<double> graphValues(const QCPGraph* graph) {
    std::vector<double> v;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) v.push_back(it->value);
    return v;
}

// A table of `classes` classes, `rows` rows and two features, class c centred at c / classes.
std::shared_ptr<const Table> classTable(int rows, int classes) {
    std::string csv = "f1,f2,Class\n";
    for (int r = 0; r < rows; ++r) {
        const int c = r % classes;
        csv += std::to_string(static_cast<double>(c) / classes + 0.001 * (r % 97)) + ',' + std::to_string(r % 13) + ',' + std::to_string(c) + '\n';
    }
    return std::make_shared<const Table>(parseTable(csv, "classes.csv"));
}

std::vector<std::string> classNames(int classes) {
    std::vector<std::string> names;
    for (int c = 0; c < classes; ++c) names.push_back("genre " + std::to_string(c));
    return names;
}

} // namespace

class TestAppPlots : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { isolateSettings("tst_app_plots"); }

    // A step from 0 to 1 at index 500: the centred mean crosses one half exactly there, the
    // trailing mean (window w) (w - 1) / 2 steps later; non-finite values are left out.
    void movingAveragesOfAStep() {
        std::vector<double> step(1000, 0.0);
        for (std::size_t i = 500; i < step.size(); ++i) step[i] = 1.0;
        QCOMPARE(crossing(centredMovingAverage(step, 50)), 500);
        QCOMPARE(centredMovingAverage(step, 50)[499], 50.0 / 101.0);
        QCOMPARE(crossing(trailingMovingAverage(step, 25)), 512);  // 500 + (25 - 1) / 2
        const std::vector<double> tail = trailingMovingAverage(step, 25, 990);
        QCOMPARE(tail.size(), std::size_t{10});
        QCOMPARE(tail.front(), 1.0);
        const std::vector<double> gaps{1.0, NAN, 3.0, INFINITY, 5.0};
        const std::vector<double> c = centredMovingAverage(gaps, 1);
        QCOMPARE(c[0], 1.0);      // the window shrinks to the point itself at the ends
        QCOMPARE(c[1], 2.0);      // (1 + 3) / 2
        QCOMPARE(c[3], 4.0);      // (3 + 5) / 2
        QVERIFY(std::isnan(centredMovingAverage(std::vector<double>{NAN, NAN}, 3)[0]));
        // A reach of at most half the index: index 1 alone, index 2 with one value a side.
        const std::vector<double> early = centredMovingAverage(std::vector<double>{0, 90, 0, 0, 0, 0, 0, 0}, 3, 0.5);
        QCOMPARE(early[1], 90.0);
        QCOMPARE(early[2], 30.0);
        QCOMPARE(early[4], 0.0);  // reach 2: indices 2..6
    }

    // The Train section's ELBO plot on a step of the ELBO from -2000 to -1000 at step 1500 of
    // 3000, fed in chunks as a run streams: live, the curve crosses half-way within
    // (kLiveWindow - 1) / 2 = 12 steps of the step and says it lags; finished, at the step itself.
    void elboSmoothedCurveChangesAtTheStep() {
        ElboPlot plot;
        QVector<double> steps, elbo;
        for (int i = 0; i < 3000; ++i) {
            steps << i;
            elbo << (i < 1500 ? -2000.0 : -1000.0);
        }
        for (int from = 0; from < 3000; from += 137) plot.append(steps.mid(from, 137), elbo.mid(from, 137));
        QCOMPARE(plot.points(), 3000);
        const QCPGraph* smooth = plot.plot()->graph(1);
        std::vector<double> live = graphValues(smooth);
        for (double& v : live) v = (v + 2000.0) / 1000.0;  // 0 before the step, 1 after
        const int liveCrossing = crossing(live);
        QVERIFY2(liveCrossing >= 1500 && liveCrossing <= 1500 + (ElboPlot::kLiveWindow - 1) / 2, qPrintable(QString::number(liveCrossing)));
        QVERIFY2(smooth->name().contains("lags 12 steps"), qPrintable(smooth->name()));
        plot.finish();
        std::vector<double> finished = graphValues(smooth);
        QCOMPARE(finished.size(), std::size_t{3000});
        for (double& v : finished) v = (v + 2000.0) / 1000.0;
        QCOMPARE(crossing(finished), 1500);
        QCOMPARE(finished[0], 0.0);
        QCOMPARE(finished[2999], 1.0);
        QCOMPARE(smooth->name(), QString("centred mean of up to 51 steps (fewer before step 125)"));
        // On the loss scale the same curve, negated.
        plot.setLogScale(true);
        QCOMPARE(smooth->data()->at(1500)->value, (26.0 * 1000.0 + 25.0 * 2000.0) / 51.0);
    }

    // The colour map diverges from white at 0 to blue at -1 and red at +1, on -1..1 always.
    void correlationColoursAreWhiteAtZero() {
        CorrelationHeatmap heatmap;
        QCOMPARE(heatmap.colourOf(0.0), QColor(255, 255, 255));
        QCOMPARE(heatmap.colourOf(-1.0), QColor(0x21, 0x66, 0xac));
        QCOMPARE(heatmap.colourOf(1.0), QColor(0xb2, 0x18, 0x2b));
        // A weak correlation is pale: each channel within 15 of white at |r| = 0.05.
        for (double r : {-0.05, 0.05}) {
            const QColor c = heatmap.colourOf(r);
            QVERIFY2(c.red() >= 240 && c.green() >= 240 && c.blue() >= 240, qPrintable(c.name()));
        }
        QVERIFY(heatmap.colourOf(0.3).red() > heatmap.colourOf(0.3).blue());    // positive: reddish
        QVERIFY(heatmap.colourOf(-0.3).blue() > heatmap.colourOf(-0.3).red());  // negative: bluish
        QCOMPARE(heatmap.colourOf(NAN), QColor(0xbd, 0xbd, 0xbd));  // uncomputable: grey, not white
        // The map itself on the sample: the range stays -1..1 and the diagonal is red.
        heatmap.setTable(classTable(300, 3));
        QCOMPARE(heatmap.plot()->plottableCount(), 1);
        auto* map = qobject_cast<QCPColorMap*>(heatmap.plot()->plottable(0));
        QVERIFY(map);
        QCOMPARE(map->dataRange().lower, -1.0);
        QCOMPARE(map->dataRange().upper, 1.0);
        QCOMPARE(map->data()->cell(0, 0), 1.0);
    }

    // Small multiples: one panel per class under a shared x axis, each bar series holding its own
    // class's rows; with 200 classes, the 11 largest and one panel of the other 189, drawn fast.
    void histogramSmallMultiples() {
        HistogramPlot histogram;
        histogram.resize(800, 600);
        histogram.show();
        histogram.setTable(classTable(1100, 11), classNames(11));
        histogram.setFeature("f1");
        histogram.setBins(20);
        histogram.setMode(HistogramPlot::Mode::SmallMultiples);
        QCOMPARE(histogram.shownPlot(), histogram.smallMultiplesPlot());
        QCOMPARE(histogram.seriesCount(), 11);
        QCustomPlot* multiples = histogram.smallMultiplesPlot();
        QCOMPARE(multiples->axisRects().size(), 12);  // 11 panels and the shared x axis's strip
        const QCPAxis* shared = multiples->axisRects().back()->axis(QCPAxis::atBottom);
        QCOMPARE(shared->label(), QString("f1"));
        QVERIFY(shared->tickLabels());
        for (int k = 0; k < 11; ++k) {
            auto* bars = qobject_cast<QCPBars*>(multiples->plottable(k));
            QVERIFY(bars);
            QCOMPARE(bars->name(), QString("genre %1").arg(k));
            double rows = 0;
            for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) rows += it->value;
            QCOMPARE(rows, 100.0);
            QCOMPARE(bars->keyAxis()->range(), shared->range());  // one x axis for all
            QVERIFY(!bars->keyAxis()->tickLabels());  // labelled once, at the bottom
        }
        QCOMPARE(histogram.smallMultiplesNote(), QString("Rows per bin, each panel on its own scale"));
        histogram.setMode(HistogramPlot::Mode::Overlay);
        QCOMPARE(histogram.shownPlot(), histogram.plot());
        QCOMPARE(histogram.seriesCount(), 11);

        histogram.setMode(HistogramPlot::Mode::SmallMultiples);
        QElapsedTimer clock;
        clock.start();
        histogram.setTable(classTable(100000, 200), classNames(200));
        multiples->replot(QCustomPlot::rpImmediateRefresh);
        const qint64 ms = clock.elapsed();
        QVERIFY2(ms < 2000, qPrintable(QString("%1 ms").arg(ms)));
        QCOMPARE(multiples->axisRects().size(), HistogramPlot::kMaxClassSeries + 1);
        QCOMPARE(multiples->plottable(HistogramPlot::kMaxClassSeries - 1)->name(), QString("189 more classes"));
        QCOMPARE(histogram.smallMultiplesNote(), QString("Rows per bin, each panel on its own scale: the 11 largest of 200 classes, the other 189 in the last panel"));
        double rows = 0;
        for (int k = 0; k < multiples->plottableCount(); ++k) {
            auto* bars = qobject_cast<QCPBars*>(multiples->plottable(k));
            for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) rows += it->value;
        }
        QCOMPARE(rows, 100000.0);  // every row in exactly one panel
    }

    // The plateau option: the app's RunSpec equals the CLI's for the same choices.
    void plateauMeansWhatTheCliFlagMeans() {
        MainWindow window;
        QVERIFY(openSample(window));
        ModelBuilder* builder = window.modelPanel()->builder();
        QVERIFY(!builder->plateauChoice()->isChecked());  // RunSpec{}'s default, as the CLI's
        builder->plateauChoice()->setChecked(true);
        builder->learningRateChoice()->setValue(0.02);
        const RunSpec app = window.session().runSpec();
        QVERIFY(app.svi.reduceOnPlateau);
        const std::vector<std::string> args = specToArguments(app);
        QVERIFY(std::find(args.begin(), args.end(), "--plateau") != args.end());
        RunSpec cli = specFromArguments(args, RunSpec{});
        cli.classNames = app.classNames;  // the CLI reads them from the class-names file beside the data
        QCOMPARE(cli, app);
        RunSpec flagOnly;
        flagOnly.svi.reduceOnPlateau = true;
        QCOMPARE(specFromArguments({"--plateau"}, RunSpec{}), flagOnly);
        RunSpec withoutPlateau = app;
        withoutPlateau.svi.reduceOnPlateau = false;
        builder->plateauChoice()->setChecked(false);
        QCOMPARE(window.session().runSpec(), withoutPlateau);
    }

    // The learning-rate sweep in the Model section: with the CLI's defaults shown, and for the
    // same choices the same table as `genrelab-cli sweep --lr` (timings aside); "Use lr" takes
    // the best rate into the model.
    void learningRateSweepMatchesTheCli() {
        MainWindow window;
        QVERIFY(openSample(window));
        ModelPanel* panel = window.modelPanel();
        LearningRateSweepBox* box = panel->learningRateSweep();
        QCOMPARE(box->settings().trainRows, SweepSettings{}.trainRows);
        QCOMPARE(box->settings().steps, SweepSettings{}.steps);
        box->setLearningRates("0.005, 0.05");
        box->setSettings({300, 200, 1, 2});
        const RunSpec base = panel->learningRateSweepBase();
        QCOMPARE(base, sweepBaseSpec(window.session().runSpec().model, {300, 200, 1, 2}));
        QVERIFY(base.svi.convergenceTolerance > 0.0);
        box->runButton()->click();
        QVERIFY(panel->sweepingLearningRates());
        QTRY_VERIFY_WITH_TIMEOUT(!panel->sweepingLearningRates(), 120000);
        const SweepResult& result = box->result();
        QCOMPARE(result.cells.size(), std::size_t{2});
        QVERIFY(result.best);
        QVERIFY2(box->resultText().contains("← best"), qPrintable(box->resultText()));

        QTemporaryDir out;
        QProcess cli;
        cli.start(GENRELAB_CLI_PATH, {"sweep", "--data", GENRELAB_SAMPLE_CSV, "--model", "hier-studentt", "--lr", "0.005,0.05", "--train-size", "300",
                                      "--steps", "200", "--seed", "1", "--quiet", "--out", out.path()});
        QVERIFY(cli.waitForFinished(120000));
        QCOMPARE(cli.exitCode(), 0);
        const auto table = [](const QByteArray& csv) { return QString::fromUtf8(csv.trimmed()).split('\n'); };
        const QStringList cliTable = table(contents(out.filePath("sweep.csv")));
        const ResultTable appTable = sweepTable(result);
        const QStringList appLines = table(QByteArray::fromStdString(toCsv(appTable)));
        QCOMPARE(appLines.size(), cliTable.size());
        const int secondsColumn = static_cast<int>(QString::fromStdString(toCsv(appTable)).split('\n').front().split(',').indexOf("seconds"));
        for (int i = 0; i < appLines.size(); ++i) {
            QStringList a = appLines[i].split(','), c = cliTable[i].split(',');
            if (secondsColumn >= 0) {
                a.removeAt(secondsColumn);
                c.removeAt(secondsColumn);
            }
            QCOMPARE(a, c);
        }

        box->useBestButton()->click();
        QCOMPARE(window.session().runSpec().svi.learningRate, result.cells[*result.best].a);
    }
};

QTEST_MAIN(TestAppPlots)
#include "tst_app_plots.moc"

// The Results section's workflow plots, offscreen: each widget on inputs with known counts, and
// the Workflow tabs on real NUTS and SVI runs of the sample, where the plotted numbers must be
// the ones the core computes for the same draws.
#include "AppTestSupport.h"
#include "ChainRankPlots.h"
#include "ContrastComparisonPlot.h"
#include "EssEvolutionPlot.h"
#include "LooPitPlot.h"
#include "PairPlot.h"
#include "PlotExport.h"
#include "ResultTableModel.h"
#include "ResultTableView.h"
#include "ResultsPanel.h"
#include "WorkflowTabs.h"
#include "data/Table.h"
#include "eval/ChainRanks.h"
#include "eval/Diagnostics.h"
#include "eval/EssEvolution.h"
#include "run/RunPipeline.h"
#include "util/Rng.h"

#include <QComboBox>
#include <QTemporaryDir>
#include <qcustomplot.h>

#include <cmath>

using namespace genrelab;
using namespace genrelab::testing;

namespace {

Eigen::MatrixXd normals(int draws, int columns, std::uint64_t seed) {
    Rng rng(seed);
    Eigen::MatrixXd x(draws, columns);
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        for (Eigen::Index i = 0; i < x.rows(); ++i) x(i, j) = rng.normal();
    return x;
}

double cellNumber(const ResultTable& table, std::size_t row, std::size_t column) { return std::get<double>(table.rows[row][column]); }

} // namespace

class TestAppWorkflow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateSettings("tst_app_workflow"); }

    void rankPlotsDrawEveryChain() {
        ChainRankPlots plots;
        plots.setRanks("x", chainRanks(normals(400, 3, 1)));
        QCOMPARE(plots.histograms()->graphCount(), 3);
        QCOMPARE(plots.ecdfDifference()->graphCount(), 3 + 2);  // a line per chain and the band's two edges
        QCOMPARE(plots.histograms()->graph(0)->dataCount(), 21);  // 20 bins and the closing edge
        plots.setRanks("x", chainRanks(Eigen::MatrixXd::Ones(1, 2)));
        QCOMPARE(plots.histograms()->graphCount(), 0);
    }
    void essEvolutionLeavesGapsForNaN() {
        EssEvolution e;
        e.drawsPerChain = {10, 20, 30};
        e.bulk = {5.0, std::nan(""), 20.0};
        e.tail = {4.0, 9.0, 15.0};
        EssEvolutionPlot plot;
        plot.setEvolution("x", e, 4);
        QCOMPARE(plot.plot()->graphCount(), 3);  // bulk, tail, 100 per chain
        QCOMPARE(plot.plot()->graph(0)->dataCount(), 2);
        QCOMPARE(plot.plot()->graph(1)->dataCount(), 3);
        QCOMPARE(plot.plot()->graph(1)->data()->at(2)->key, 120.0);  // 30 draws x 4 chains
    }
    void looPitSaysWhenItLeavesTheBand() {
        LooPitPlot plot;
        std::vector<double> uniform;
        for (int i = 0; i < 500; ++i) uniform.push_back((i + 0.5) / 500.0);
        plot.setPit(uniform, "PIT");
        QVERIFY(!plot.outsideBand());
        QCOMPARE(plot.plot()->graphCount(), 3);
        std::vector<double> piled(500, 0.5);
        plot.setPit(piled, "PIT");
        QVERIFY(plot.outsideBand());
        plot.setPit({}, "PIT", "no rows");
        QCOMPARE(plot.plot()->graphCount(), 0);
    }
    void pairPlotMarksDivergences() {
        PairPlot plot;
        plot.setParameterNames({"a", "b", "c", "d"});
        QCOMPARE(plot.chosen(), (std::vector<int>{0, 1}));
        plot.setChosen({0, 2, 3});
        QCOMPARE(plot.chosen(), (std::vector<int>{0, 2, 3}));
        std::vector<bool> divergent(300, false);
        divergent[7] = divergent[100] = true;
        plot.setDraws({"a", "c", "d"}, normals(300, 3, 2), divergent);
        QCOMPARE(plot.divergentPoints(), 2);
        QCOMPARE(plot.plot()->axisRectCount(), 6);  // 3 histograms and 3 pairs
        QCOMPARE(plot.plot()->plottableCount(), 3 + 3 * 2);
    }
    void contrastPlotShowsEveryContrast() {
        ContrastComparisonPlot plot;
        std::vector<ContrastAgreement> rows(3);
        for (int i = 0; i < 3; ++i) rows[static_cast<std::size_t>(i)] = {"c" + std::to_string(i), 0.1 * i, 0.1, 0.1 * i, 0.2, 0.0, 0.5};
        plot.setComparison(rows, "svi", "nuts");
        QCOMPARE(plot.pointCount(), 3);
        plot.setComparison({}, "svi", "nuts", "nothing");
        QCOMPARE(plot.pointCount(), 0);
    }

    // NUTS then SVI on the sample: the tabs show the core's numbers for the chosen parameter,
    // LOO-PIT values of every training row in [0, 1], and SVI's contrasts against NUTS's.
    void workflowTabsOnRealRuns() {
        MainWindow window;
        QVERIFY(openSample(window));
        RunSpec nuts = quickSvi();
        nuts.inference = InferenceKind::Nuts;
        nuts.nuts.warmup = 150;
        nuts.nuts.samples = 100;
        nuts.nuts.chains = 2;
        nuts.nuts.maxTreeDepth = 6;
        const Table table = readTable(GENRELAB_SAMPLE_CSV, tableOptionsOf(nuts));
        auto mcmc = std::make_shared<const RunResult>(runPipeline(table, nuts));
        window.session().addResult(mcmc, nuts);
        WorkflowTabs* workflow = window.resultsPanel()->workflow();
        QVERIFY(workflow->computing());  // the band and LOO-PIT are computed off the GUI thread
        QTRY_VERIFY_WITH_TIMEOUT(!workflow->computing(), 120000);  // and shown when ready
        QCOMPARE(workflow->parameter()->count(), static_cast<int>(mcmc->summaries.size()));
        workflow->parameter()->setCurrentIndex(3);
        const ParameterSummary& summary = mcmc->summaries[3];
        const ResultTable ess = workflow->tables()[1].second->tableModel()->table();
        QCOMPARE(ess.rows.size(), std::size_t{20});
        QCOMPARE(cellNumber(ess, 19, 2), summary.essBulk);  // the last cut is the whole run
        QCOMPARE(cellNumber(ess, 19, 3), summary.essTail);
        const ResultTable ranks = workflow->tables()[0].second->tableModel()->table();
        QCOMPARE(ranks.rows.size(), std::size_t{2 * (20 + 101)});
        QCOMPARE(workflow->rankPlots()->histograms()->graphCount(), 2);
        const ResultTable pit = workflow->tables()[3].second->tableModel()->table();
        QCOMPARE(static_cast<Eigen::Index>(pit.rows.size()), mcmc->data.yTrain.size());
        for (const auto& row : pit.rows) {
            const double v = std::get<double>(row[1]);
            QVERIFY(v >= 0.0 && v <= 1.0);
        }
        QCOMPARE(workflow->contrasts()->pointCount(), 0);  // one run: nothing to compare

        const RunSpec svi = quickSvi();
        auto vi = std::make_shared<const RunResult>(runPipeline(table, svi));
        window.session().addResult(vi, svi);
        workflow->waitForNumbers();
        QVERIFY(!workflow->computing());
        QCOMPARE(workflow->rankPlots()->histograms()->graphCount(), 0);  // one chain of guide draws: nothing to rank against
        const ResultTable contrasts = workflow->tables()[4].second->tableModel()->table();
        const std::size_t classes = static_cast<std::size_t>(vi->data.classes()), features = vi->data.transform.featureNames.size();
        QCOMPARE(contrasts.rows.size(), classes + features * classes);
        QCOMPARE(workflow->contrasts()->pointCount(), static_cast<int>(classes + features * classes));
        QVERIFY(contrasts.columns[1].find("svi") != std::string::npos);  // SVI on the y axis, NUTS the reference
        double sum = 0.0;
        for (std::size_t c = 0; c < classes; ++c) sum += std::get<double>(contrasts.rows[c][1]);
        QVERIFY(std::abs(sum) < 1e-9);  // the alpha contrasts' means sum to zero
        // Every plot renders to PNG and SVG, every table to CSV through the panel's lists.
        QTemporaryDir dir;
        for (const auto& [name, plot] : workflow->plots()) {
            QCOMPARE(savePlot(plot, dir.filePath(name + ".png"), 600, 400), QString());
            QCOMPARE(savePlot(plot, dir.filePath(name + ".svg"), 600, 400), QString());
        }
        const auto panelPlots = window.resultsPanel()->plots();
        QVERIFY(std::any_of(panelPlots.begin(), panelPlots.end(), [](const auto& p) { return p.first == "loo_pit"; }));
        const auto panelTables = window.resultsPanel()->tables();
        QVERIFY(std::any_of(panelTables.begin(), panelTables.end(), [](const auto& t) { return t.first == "contrast_comparison"; }));
    }
};

QTEST_MAIN(TestAppWorkflow)
#include "tst_app_workflow.moc"

// Fault injection: numeric faults (non-finite data, constant columns, separable classes, NaN
// ELBOs, divergent and runaway NUTS, extreme priors) each give a clear message or a stated rule
// applied and reported, never a crash or a silent wrong number (cancellation: tst_cancellation).
// scripts/test-sanitizers.sh runs this suite under AddressSanitizer with LeakSanitizer.
#include "RunFaultSupport.h"
#include "TestModels.h"
#include "data/DataError.h"
#include "data/Prepare.h"
#include "data/Table.h"
#include "eval/Summary.h"
#include "experiments/Experiment.h"
#include "infer/Nuts.h"
#include "infer/Svi.h"
#include "run/RunPipeline.h"
#include "util/Rng.h"

#include "TestPrinters.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <thread>

using namespace genrelab;
using genrelab::testing::GaussianDensity;
using genrelab::testing::quickSpec;
using genrelab::testing::verifyConsistentResult;

namespace {

// A standard normal whose density is NaN wherever sin(1000 x0) > 0.9: about 14% of the
// evaluations anywhere, the way a numerical fault strikes at scattered points.
class ScatteredNaNDensity : public GaussianDensity {
public:
    ScatteredNaNDensity() : GaussianDensity(Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2)) {}
    static bool faulty(const Eigen::VectorXd& theta) { return std::sin(1000.0 * theta[0]) > 0.9; }
    double logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* batch = nullptr) const override {
        const double lp = GaussianDensity::logProbGrad(theta, grad, batch);
        return faulty(theta) ? std::numeric_limits<double>::quiet_NaN() : lp;
    }
    std::unique_ptr<LogDensity> clone() const override { return std::make_unique<ScatteredNaNDensity>(*this); }
};

// Neal's funnel: v ~ Normal(0, 3), x ~ Normal(0, exp(v / 2)). Its neck needs step sizes the
// mouth does not: NUTS diverges there, as Stan does.
class FunnelDensity : public GaussianDensity {
public:
    FunnelDensity() : GaussianDensity(Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2)) {}
    double logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* = nullptr) const override {
        const double v = theta[0], x = theta[1], precision = std::exp(-v);
        grad.resize(2);
        grad[0] = -v / 9.0 + 0.5 * x * x * precision - 0.5;
        grad[1] = -x * precision;
        return -v * v / 18.0 - 0.5 * x * x * precision - 0.5 * v;
    }
    std::unique_ptr<LogDensity> clone() const override { return std::make_unique<FunnelDensity>(*this); }
};

// The same log density everywhere: no scale for a step size to find.
class FlatDensity : public GaussianDensity {
public:
    FlatDensity() : GaussianDensity(Eigen::VectorXd::Zero(1), Eigen::MatrixXd::Identity(1, 1)) {}
    double logProbGrad(const Eigen::VectorXd&, Eigen::VectorXd& grad, const Minibatch* = nullptr) const override {
        grad = Eigen::VectorXd::Zero(1);
        return 0.0;
    }
    std::unique_ptr<LogDensity> clone() const override { return std::make_unique<FlatDensity>(*this); }
};

// Two classes split by the sign of x (|x| >= 0.5), a second feature of noise.
Table separableTable() {
    std::string csv = "x,z,Class\n";
    for (int i = 0; i < 200; ++i) {
        const double x = (i % 2 ? 1.0 : -1.0) * (0.5 + (i % 7) * 0.1);
        csv += std::to_string(x) + "," + std::to_string((i * 37 % 11) / 11.0) + (x > 0 ? ",B\n" : ",A\n");
    }
    return parseTable(csv, "separable.csv");
}

} // namespace

class TestFaults : public QObject {
    Q_OBJECT
    Table sample_ = readTable(GENRELAB_SAMPLE_CSV);

private slots:
    // ---- numeric faults ----

    void nanAndInfiniteCellsAreRefusedNamingTheCell_data() {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QString>("message");
        QTest::newRow("-nan") << "-nan" << "is not a number (NaN); leave the cell empty if the value is missing";
        QTest::newRow("+nan") << "+nan" << "is not a number (NaN)";
        QTest::newRow("inf") << "inf" << "is infinite; only finite numbers can be modelled";
        QTest::newRow("-infinity") << "-infinity" << "is infinite";
        QTest::newRow("overflow") << "1e999" << "is infinite";
    }
    void nanAndInfiniteCellsAreRefusedNamingTheCell() {
        QFETCH(QString, cell);
        QFETCH(QString, message);
        const std::string csv = "x,y,Class\n1,2,A\n3," + cell.toStdString() + ",B\n";
        try {
            parseTable(csv, "faults.csv");
            QFAIL("a non-finite cell must be refused");
        } catch (const DataError& error) {
            QCOMPARE(error.where().line, std::size_t{3});
            QCOMPARE(error.where().column, std::size_t{2});
            QCOMPARE(QString::fromStdString(error.where().columnName), QString("y"));
            QVERIFY2(QString(error.what()).contains(message), error.what());
        }
    }

    // "nan", "NaN" and "NA" are missing-value tokens by default (TableOptions::missingTokens):
    // the cell is missing, counted, and imputed, not a number.
    void nanTokensAreMissingCells() {
        const Table t = parseTable("x,y,Class\n1,nan,A\n3,NaN,B\n5,6,A\n", "faults.csv");
        QCOMPARE(t.column(1).kind, ColumnKind::Numeric);
        QCOMPARE(t.column(1).missingCount, std::size_t{2});
        QVERIFY(t.column(1).missing[0] && t.column(1).missing[1]);
    }

    // A table built in memory can hold what no file can: a NaN that is not marked missing.
    // Preparing it stops at the column's statistics, naming the column.
    void aNaNInMemoryIsADataErrorNamingTheColumn() {
        Table table = parseTable("x,y,Class\n1,2,A\n3,4,B\n5,6,A\n7,8,B\n", "memory.csv");
        table.column(1).numbers[2] = std::numeric_limits<double>::quiet_NaN();
        SplitOptions split;
        split.testFraction = 0.0;
        try {
            prepareData(table, PrepOptions{}, split);
            QFAIL("a NaN feature must be refused");
        } catch (const DataError& error) {
            QCOMPARE(QString::fromStdString(error.where().columnName), QString("y"));
            QVERIFY2(QString(error.what()).contains("mean or sd is not a finite number"), error.what());
        }
    }

    // Left to the default, a constant column is not a feature and is named with the reason;
    // named as a feature, it is centered (all zeros) with scale 1, never divided by sd 0.
    void aConstantColumnIsDroppedOrCenteredNeverBlownUp() {
        const Table table = parseTable("x,c,Class\n1,7,A\n2,7,B\n3,7,A\n4,7,B\n5,7,A\n6,7,B\n", "constant.csv");
        SplitOptions split;
        split.testFraction = 0.0;
        const PreparedData byDefault = prepareData(table, PrepOptions{}, split);
        QCOMPARE(byDefault.transform.inputColumns, (std::vector<std::string>{"x"}));
        QCOMPARE(byDefault.droppedColumns.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(byDefault.droppedColumns[0].reason), QString("constant"));
        QCOMPARE(QString::fromStdString(byDefault.droppedColumns[0].detail), QString("every present value is 7"));
        PrepOptions named;
        named.features = {"x", "c"};
        const PreparedData chosen = prepareData(table, named, split);
        QCOMPARE(chosen.transform.scale[1], 1.0);
        QCOMPARE(chosen.transform.center[1], 7.0);
        QVERIFY(chosen.xTrain.col(1).isZero(0.0));
        QVERIFY(chosen.xTrain.allFinite());
    }

    // Perfectly separated classes have no finite maximum-likelihood weights; the prior keeps
    // the posterior proper. Both inference methods predict every test row right with finite
    // numbers; with a prior scale of 1e6 the same holds (the prior still bounds the weights).
    void separableClassesGiveFiniteCertainPredictions_data() {
        QTest::addColumn<int>("inference");
        QTest::addColumn<double>("priorScale");
        QTest::newRow("svi, scale 5") << int(InferenceKind::Svi) << 5.0;
        QTest::newRow("svi, scale 1e6") << int(InferenceKind::Svi) << 1e6;
        QTest::newRow("nuts, scale 5") << int(InferenceKind::Nuts) << 5.0;
    }
    void separableClassesGiveFiniteCertainPredictions() {
        QFETCH(int, inference);
        QFETCH(double, priorScale);
        RunSpec spec = quickSpec("flat", static_cast<InferenceKind>(inference));
        spec.model.regression.alphaScale = spec.model.regression.betaScale = priorScale;
        spec.split.trainRows = 100;
        spec.split.testRows = 100;
        const RunResult r = runPipeline(separableTable(), spec);
        verifyConsistentResult(r, 100);
        QCOMPARE(r.test.accuracy, 1.0);
        QVERIFY2(r.test.logPredictive > -0.2 && r.test.logPredictive <= 0.0, qPrintable(QString::number(r.test.logPredictive)));
        for (const ParameterSummary& s : r.summaries) QVERIFY2(std::isfinite(s.mean) && std::isfinite(s.sd), s.name.c_str());
    }

    // SVI: a step whose ELBO is NaN is skipped, undoing the update before it and halving the
    // learning rate; the count is reported and the fit stays finite.
    void scatteredNaNElbosAreSkippedCountedAndBackedOff() {
        const ScatteredNaNDensity model;
        SviOptions options;
        options.steps = 300;
        options.learningRate = 0.05;
        SviState state = initSvi(model, options);
        const SviResult result = runSvi(model, state, options);
        QVERIFY2(result.skippedSteps > 0, "the density fails at about 14% of its points");
        QCOMPARE(result.stepsRun + result.skippedSteps, std::size_t{300});
        QCOMPARE(result.learningRate, std::ldexp(0.05, -static_cast<int>(result.skippedSteps)));
        QVERIFY(std::isfinite(result.elboFinal));
        QVERIFY(state.mean.allFinite() && state.logScale.allFinite());
        QCOMPARE(state.elbo.size(), std::size_t{300});
    }

    // NUTS: a NaN density is an infinite energy, so the proposal is rejected and counted as a
    // divergence; the chain stays where the density is finite.
    void nanDensitiesInNutsAreRejectedAsDivergences() {
        const ScatteredNaNDensity model;
        NutsOptions options;
        options.warmup = 200;
        options.samples = 200;
        options.chains = 2;
        options.seed = 11;
        const NutsRun run = runNuts(model, options);
        std::size_t flagged = 0;
        for (const Chain& chain : run.posterior.chains) {
            QVERIFY(chain.draws.allFinite());
            for (Eigen::Index d = 0; d < chain.draws.rows(); ++d)
                QVERIFY(!ScatteredNaNDensity::faulty(chain.draws.row(d).transpose()));
            for (const DrawStats& s : chain.stats) {
                flagged += s.divergent ? 1 : 0;
                QVERIFY(std::isfinite(s.logDensity));
            }
        }
        QVERIFY(flagged > 0);
        QCOMPARE(run.posterior.divergences(), flagged);
    }

    // The funnel's neck makes NUTS diverge; each divergence is counted per draw and in the
    // run's verdict, none is hidden.
    void aFunnelsDivergencesAreCountedAndReported() {
        const FunnelDensity model;
        NutsOptions options;
        options.warmup = 300;
        options.samples = 300;
        options.chains = 2;
        options.seed = 3;
        const NutsRun run = runNuts(model, options);
        std::size_t flagged = 0;
        for (const Chain& chain : run.posterior.chains)
            for (const DrawStats& s : chain.stats) flagged += s.divergent ? 1 : 0;
        QVERIFY2(flagged > 0, "Neal's funnel in centered form diverges");
        QCOMPARE(run.posterior.divergences(), flagged);
        const ConvergenceVerdict verdict = convergence(summarize(run.posterior, model), run.posterior);
        QCOMPARE(verdict.divergences, flagged);
    }

    // A starting step size far too small or far too large is corrected by Stan's heuristic and
    // the adaptation: the posterior of a standard normal comes out right either way.
    void extremeInitialStepSizesAreAdaptedAway_data() {
        QTest::addColumn<double>("initialStepSize");
        QTest::newRow("1e-12") << 1e-12;
        QTest::newRow("1e6") << 1e6;
    }
    void extremeInitialStepSizesAreAdaptedAway() {
        QFETCH(double, initialStepSize);
        const GaussianDensity model(Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2));
        NutsOptions options;
        options.warmup = 300;
        options.samples = 500;
        options.chains = 2;
        options.initialStepSize = initialStepSize;
        const NutsRun run = runNuts(model, options);
        for (const NutsChainState& state : run.states)
            QVERIFY2(state.stepSize > 0.1 && state.stepSize < 5.0, qPrintable(QString::number(state.stepSize)));
        const Eigen::MatrixXd x = run.posterior.coordinate(0);
        QVERIFY2(std::fabs(x.mean()) < 0.25, qPrintable(QString::number(x.mean())));
        const double sd = std::sqrt((x.array() - x.mean()).square().mean());
        QVERIFY2(sd > 0.8 && sd < 1.2, qPrintable(QString::number(sd)));
    }

    // A density with no scale lets the step size grow without bound: refused with a message.
    void aDensityWithoutScaleIsAnErrorNotAHang() {
        const FlatDensity model;
        NutsOptions options;
        options.warmup = 10;
        options.samples = 10;
        options.chains = 1;
        try {
            runNuts(model, options);
            QFAIL("a flat density must be refused");
        } catch (const std::runtime_error& error) {
            QVERIFY2(!QString(error.what()).isEmpty(), "the error says what happened");
        }
    }

    // Extreme priors are valid settings: the run completes with finite predictions and a
    // convergence verdict that can be computed, so the user sees how well it mixed.
    void extremePriorsRunToFiniteJudgedResults_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("setting");
        QTest::addColumn<int>("inference");
        for (const auto inference : {InferenceKind::Svi, InferenceKind::Nuts}) {
            const QString how = inference == InferenceKind::Svi ? "svi" : "nuts";
            QTest::newRow(qPrintable("nu 0.1, " + how)) << "hier-studentt" << "nu" << int(inference);
            QTest::newRow(qPrintable("tau 1e-6, " + how)) << "hier-studentt" << "tau" << int(inference);
            QTest::newRow(qPrintable("scales 1e6, " + how)) << "flat" << "scales" << int(inference);
        }
    }
    void extremePriorsRunToFiniteJudgedResults() {
        QFETCH(QString, model);
        QFETCH(QString, setting);
        QFETCH(int, inference);
        RunSpec spec = quickSpec(model.toLatin1().constData(), static_cast<InferenceKind>(inference));
        if (setting == "nu") spec.model.regression.nu = 0.1;
        if (setting == "tau") spec.model.regression.tau = 1e-6;
        if (setting == "scales") spec.model.regression.alphaScale = spec.model.regression.betaScale = 1e6;
        const RunResult r = runPipeline(sample_, spec);
        verifyConsistentResult(r, 200);
        QVERIFY(!r.partial);
        QVERIFY2(r.convergence.judgeable(), "R-hat and ESS are numbers");
        if (spec.inference == InferenceKind::Svi) {
            QVERIFY(std::isfinite(r.svi.elboFinal));
            QCOMPARE(r.svi.stepsRun + r.svi.skippedSteps, std::size_t{400});
        } else {
            QCOMPARE(r.convergence.divergences, r.posterior.divergences());
        }
    }
};

QTEST_APPLESS_MAIN(TestFaults)
#include "tst_faults.moc"

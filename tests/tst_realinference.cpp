// The study's models on the real file (GENRELAB_REAL_DATA; skipped when unset). Tolerances:
// a test accuracy on 3,600 rows has a sampling sd of about 0.008.
#include "data/Table.h"
#include "run/RunPipeline.h"

#include <QtTest>

using namespace genrelab;

class TestRealInference : public QObject {
    Q_OBJECT
    std::optional<Table> table_;

    static RunSpec sviSpec(std::uint64_t splitSeed) {
        RunSpec spec;
        setModelByName(spec.model, "hier-studentt");
        spec.inference = InferenceKind::Svi;
        spec.svi.steps = 3000;
        spec.svi.learningRate = 0.02;
        spec.split.seed = splitSeed;
        spec.predictiveDraws = 200;
        spec.guideDraws = 200;
        return spec;
    }

private slots:
    void initTestCase() {
        const QString path = qEnvironmentVariable("GENRELAB_REAL_DATA");
        if (path.isEmpty() || !QFileInfo::exists(path))
            QSKIP("GENRELAB_REAL_DATA is unset or names no file: the real-data inference checks are skipped");
        table_ = readTable(path.toStdString());
    }

    // The study's best was 0.502 (10,000 rows); Pyro here reaches 0.499 and scikit-learn 0.503
    // on one split. One split's accuracy moves by ~0.01 with the split (seeds 1-6 here give
    // 0.489 to 0.501), so we judge the mean over five splits.
    void hierStudentTBySviOnTheFullSplit() {
        double sum = 0;
        for (std::uint64_t seed : {1, 2, 3, 4, 5}) {
            const RunResult r = runPipeline(*table_, sviSpec(seed));
            QCOMPARE(r.data.xTrain.rows(), Eigen::Index{14396});
            QVERIFY2(r.test.accuracy > 0.475, qPrintable(QString("split %1: %2").arg(seed).arg(r.test.accuracy)));
            sum += r.test.accuracy;
        }
        QVERIFY2(sum / 5 >= 0.49, qPrintable(QString("mean test accuracy %1").arg(sum / 5)));
    }

    void nutsOnAThousandRowsConvergesAndAgreesWithSvi() {
        RunSpec nuts = sviSpec(1);
        nuts.inference = InferenceKind::Nuts;
        nuts.split.trainRows = 1000;
        nuts.nuts.warmup = 1000;  // Stan's defaults: 1,000 warmup and 1,000 draws per chain
        nuts.nuts.samples = 1000;
        nuts.nuts.chains = 4;
        nuts.nuts.seed = 1;
        const RunResult mcmc = runPipeline(*table_, nuts);
        QVERIFY2(mcmc.convergence.rhatMax <= 1.01, qPrintable(QString::number(mcmc.convergence.rhatMax)));
        QCOMPARE(mcmc.convergence.divergences, std::size_t{0});
        QVERIFY(mcmc.convergence.essBulkMin > 100);

        RunSpec svi = sviSpec(1);
        svi.split.trainRows = 1000;
        const RunResult vi = runPipeline(*table_, svi);
        QCOMPARE(vi.data.split.test, mcmc.data.split.test);  // the same rows
        QVERIFY2(std::fabs(mcmc.test.accuracy - vi.test.accuracy) <= 0.04,
                 qPrintable(QString("NUTS %1, SVI %2").arg(mcmc.test.accuracy).arg(vi.test.accuracy)));
    }

    // Pathfinder (4 paths, PSIS-resampled) and SVI on M2 with every training row predict the same:
    // test accuracy within 0.01 (about the sd of one split's accuracy), log predictive within 0.01
    // nats per row, and each test row's class probabilities within 0.02 of SVI's on average.
    void pathfinderPredictsAsSviOnAllRows() {
        RunSpec pathfinder = sviSpec(1);
        pathfinder.inference = InferenceKind::Pathfinder;
        pathfinder.guideDraws = 1000;
        const RunResult pf = runPipeline(*table_, pathfinder);
        RunSpec svi = sviSpec(1);
        svi.svi.steps = 5000;
        const RunResult vi = runPipeline(*table_, svi);
        QCOMPARE(pf.data.xTrain.rows(), Eigen::Index{14396});
        QCOMPARE(pf.data.split.test, vi.data.split.test);
        const double meanAbsDifference =
            (pf.testPredictive.probabilities - vi.testPredictive.probabilities).cwiseAbs().rowwise().sum().mean() /
            static_cast<double>(pf.testPredictive.probabilities.cols());
        qInfo("Pathfinder: accuracy %.4f, log predictive %.4f; SVI: %.4f, %.4f; mean |p difference| %.4f; k-hat %.2f",
              pf.test.accuracy, pf.test.logPredictive, vi.test.accuracy, vi.test.logPredictive, meanAbsDifference, pf.paretoK);
        QVERIFY2(std::fabs(pf.test.accuracy - vi.test.accuracy) <= 0.01, qPrintable(QString::number(pf.test.accuracy - vi.test.accuracy)));
        QVERIFY2(std::fabs(pf.test.logPredictive - vi.test.logPredictive) <= 0.01,
                 qPrintable(QString::number(pf.test.logPredictive - vi.test.logPredictive)));
        QVERIFY2(meanAbsDifference <= 0.02, qPrintable(QString::number(meanAbsDifference)));
    }

    // NUTS started from Pathfinder (its draws as initial points, its variances as the first metric)
    // with half the warmup reaches what Stan's random start reaches with all of it: M2 on 1,000
    // rows, 4 chains x 500 draws; R-hat within 0.01 of the full warmup's (and at most 1.02), bulk
    // and tail ESS at least 80% of it (ESS of 2,000 draws varies by about 10% between seeds).
    void nutsFromPathfinderNeedsHalfTheWarmup() {
        RunSpec full = sviSpec(1);
        full.inference = InferenceKind::Nuts;
        full.split.trainRows = 1000;
        full.nuts.warmup = 500;
        full.nuts.samples = 500;
        full.nuts.seed = 1;
        RunSpec half = full;
        half.nuts.warmup = 250;
        half.nutsInit = NutsInit::Pathfinder;
        const RunResult a = runPipeline(*table_, full);
        const RunResult b = runPipeline(*table_, half);
        qInfo("random start, warmup 500: R-hat %.4f, bulk ESS %.0f, tail ESS %.0f, %.1f s; Pathfinder start, warmup 250: R-hat %.4f, "
              "bulk ESS %.0f, tail ESS %.0f, %.1f s",
              a.convergence.rhatMax, a.convergence.essBulkMin, a.convergence.essTailMin, a.inferenceSeconds, b.convergence.rhatMax,
              b.convergence.essBulkMin, b.convergence.essTailMin, b.inferenceSeconds);
        QVERIFY2(b.convergence.rhatMax <= std::max(a.convergence.rhatMax + 0.01, 1.0) && b.convergence.rhatMax <= 1.02,
                 qPrintable(QString::number(b.convergence.rhatMax)));
        QVERIFY2(b.convergence.essBulkMin >= 0.8 * a.convergence.essBulkMin, qPrintable(QString::number(b.convergence.essBulkMin)));
        QVERIFY2(b.convergence.essTailMin >= 0.8 * a.convergence.essTailMin, qPrintable(QString::number(b.convergence.essTailMin)));
        QCOMPARE(b.convergence.divergences, std::size_t{0});
    }
};

QTEST_GUILESS_MAIN(TestRealInference)
#include "tst_realinference.moc"

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
};

QTEST_GUILESS_MAIN(TestRealInference)
#include "tst_realinference.moc"

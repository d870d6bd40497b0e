// A published result never changes: extending a NUTS run builds a new result while other
// threads keep predicting from the first, as the app's Predict panel does during an extend.
// Built and run under ThreadSanitizer too (docs/ARCHITECTURE.md, Threads).
#include "data/Table.h"
#include "eval/Predictive.h"
#include "run/RunPipeline.h"

#include <QtTest>

#include <atomic>
#include <memory>
#include <thread>

using namespace genrelab;

namespace {

RunSpec smallNuts(const std::string& model) {
    RunSpec spec;
    setModelByName(spec.model, model);
    spec.model.mlp.hidden = {4};
    spec.inference = InferenceKind::Nuts;
    spec.nuts.warmup = 60;
    spec.nuts.samples = 30;
    spec.nuts.chains = 2;
    spec.nuts.maxTreeDepth = 5;
    spec.nuts.seed = 11;
    spec.split.trainRows = 200;
    spec.split.testRows = 100;
    spec.predictiveDraws = 30;
    return spec;
}

} // namespace

class TestExtend : public QObject {
    Q_OBJECT
    Table sample_ = readTable(GENRELAB_SAMPLE_CSV);

private slots:
    void extendingLeavesThePublishedResultAsItWas_data() {
        QTest::addColumn<QString>("model");
        QTest::newRow("flat") << QString("flat");
        QTest::newRow("mlp") << QString("mlp");  // its gradient has a workspace of its own
    }

    void extendingLeavesThePublishedResultAsItWas() {
        QFETCH(QString, model);
        const RunSpec spec = smallNuts(model.toStdString());
        const std::shared_ptr<const RunResult> first = std::make_shared<RunResult>(runPipeline(sample_, spec));
        const Eigen::MatrixXd drawsBefore = first->posterior.pooled().matrix();
        const double accuracyBefore = first->test.accuracy, logPredictiveBefore = first->test.logPredictive;
        const Eigen::MatrixXd& x = first->data.xTest;
        const Eigen::MatrixXd expected = posteriorPredictive(first->posterior, *first->model, x, nullptr, 40).probabilities;
        QCOMPARE(first->posterior.drawsPerChain(), std::size_t{30});

        // Two readers (another thread, and this one as the GUI thread) predict from the first
        // result, again and again, while a worker extends it.
        std::atomic<bool> extending{true};
        std::atomic<int> readsOnThread{0}, mismatches{0};
        std::shared_ptr<const RunResult> second;
        std::thread worker([&] {
            second = std::make_shared<RunResult>(extendRun(*first, spec, 40));
            extending = false;
        });
        std::thread reader([&] {
            while (extending) {
                const Eigen::MatrixXd p = posteriorPredictive(first->posterior, *first->model, x, nullptr, 40).probabilities;
                if (p != expected) ++mismatches;
                ++readsOnThread;
            }
        });
        int readsHere = 0;
        while (extending || readsHere == 0) {
            const Eigen::MatrixXd p = posteriorPredictive(first->posterior, *first->model, x, nullptr, 40).probabilities;
            if (p != expected) ++mismatches;
            ++readsHere;
        }
        worker.join();
        reader.join();

        QCOMPARE(mismatches.load(), 0);
        QVERIFY(readsHere + readsOnThread.load() > 2);
        // The first result is exactly as published.
        QCOMPARE(first->posterior.drawsPerChain(), std::size_t{30});
        QVERIFY(first->posterior.pooled().matrix() == drawsBefore);
        QCOMPARE(first->test.accuracy, accuracyBefore);
        QCOMPARE(first->test.logPredictive, logPredictiveBefore);
        // The extension: the first draws, then 40 more per chain, from the same (shared) model.
        QVERIFY(second);
        QCOMPARE(second->posterior.drawsPerChain(), std::size_t{70});
        QCOMPARE(second->model.get(), first->model.get());
        for (std::size_t c = 0; c < 2; ++c)
            QVERIFY(second->posterior.chains[c].draws.topRows(30) == first->posterior.chains[c].draws.topRows(30));
        QCOMPARE(second->nutsStates.size(), std::size_t{2});
        QCOMPARE(second->nutsStates[0].stepSize, first->nutsStates[0].stepSize);  // the adaptation is reused
        QVERIFY(second->test.accuracy > 0.0);
    }

    void pooledDrawsReadTheChainsInPlace() {
        Posterior posterior;
        for (int c = 0; c < 2; ++c) {
            Chain chain;
            chain.draws = Eigen::MatrixXd::Constant(3 + c, 2, c);  // chain 1 is one draw longer
            chain.draws(0, 1) = 10 + c;
            posterior.chains.push_back(chain);
        }
        const PooledDraws pooled = posterior.pooled();
        QCOMPARE(pooled.rows(), Eigen::Index{6});  // 3 of each chain
        QCOMPARE(pooled.cols(), Eigen::Index{2});
        QCOMPARE(pooled.row(0)(1), 10.0);
        QCOMPARE(pooled.row(3)(1), 11.0);
        QCOMPARE(pooled.row(5)(0), 1.0);
        QCOMPARE(pooled.row(3).data(), posterior.chains[1].draws.row(0).data());  // no copy
        const Eigen::MatrixXd m = pooled.matrix();
        QCOMPARE(m.rows(), Eigen::Index{6});
        QCOMPARE(m(4, 0), 1.0);
        QCOMPARE(m(2, 0), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestExtend)
#include "tst_extend.moc"

// The run pipeline end to end on the bundled synthetic sample: every model and inference, how a
// run ends and is replayed, judging, new rows. The CLI: tst_run_cli and tst_run_refusals.
#include "TestModels.h"
#include "data/Table.h"
#include "eval/Summary.h"
#include "export/RunBundle.h"
#include "export/RunTables.h"
#include "run/NewRows.h"
#include "run/RunPipeline.h"
#include "util/Stats.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>

using namespace genrelab;

class TestRun : public QObject {
    Q_OBJECT
    Table sample_ = readTable(GENRELAB_SAMPLE_CSV);

private slots:
    void everyModelAndInferenceFillsTheResult_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("inference");
        for (const char* m : {"flat", "hier-studentt", "hier-normal", "ard", "mlp"}) {
            QTest::newRow(qPrintable(QString("%1 svi").arg(m))) << m << "svi";
            QTest::newRow(qPrintable(QString("%1 nuts").arg(m))) << m << "nuts";
            QTest::newRow(qPrintable(QString("%1 pathfinder").arg(m))) << m << "pathfinder";
        }
        QTest::newRow("prior") << "flat" << "prior";
    }
    void everyModelAndInferenceFillsTheResult() {
        QFETCH(QString, model);
        QFETCH(QString, inference);
        RunSpec spec;
        setModelByName(spec.model, model.toStdString());
        spec.model.mlp.hidden = {8};
        spec.inference = inferenceFromName(inference.toStdString());
        spec.svi.steps = 300;
        spec.svi.learningRate = 0.05;
        spec.guideDraws = 100;
        spec.nuts.warmup = 100;
        spec.nuts.samples = 50;
        spec.nuts.chains = 2;
        spec.nuts.maxTreeDepth = 6;
        spec.split.trainRows = 300;
        spec.split.testRows = 200;
        spec.predictiveDraws = 50;
        const RunResult r = runPipeline(sample_, spec);
        QCOMPARE(r.data.xTrain.rows(), Eigen::Index{300});
        QCOMPARE(r.data.xTest.rows(), Eigen::Index{200});
        QVERIFY(r.posterior.drawsPerChain() > 0);
        QVERIFY(r.test.accuracy >= 0.0 && r.test.accuracy <= 1.0);
        QVERIFY(std::isfinite(r.test.logPredictive));
        QCOMPARE(r.test.confusion.sum(), 200);
        QCOMPARE(r.summaries.size(), static_cast<std::size_t>(r.model->outputLayout().dim()));
        QVERIFY(!r.diagnosticsNote.empty() || inference == "svi");
        if (inference == "svi") {
            QVERIFY(std::isfinite(r.svi.elboFinal));
            QCOMPARE(r.svi.stepsRun, std::size_t{300});
        }
        if (inference == "nuts") QVERIFY(r.convergence.rhatMax > 0.9);
        if (inference == "pathfinder") {
            QCOMPARE(r.posterior.method, std::string("pathfinder"));
            QCOMPARE(r.posterior.drawsPerChain(), std::size_t{100});  // guideDraws, resampled
            QCOMPARE(r.pathfinderPaths.size(), std::size_t{4});
            QVERIFY(!std::isnan(r.paretoK) || r.diagnosticsNote.find("unavailable") != std::string::npos);
        }
        if (inference != "prior") QVERIFY2(r.test.accuracy > 0.2, qPrintable(QString::number(r.test.accuracy)));
    }

    // A stop request reaches the SVI pilot too: ten million pilot steps end at once.
    void nutsPilotHonoursAStop() {
        RunSpec spec;
        setModelByName(spec.model, "flat");
        spec.inference = InferenceKind::Nuts;
        spec.nutsPilotSteps = 10'000'000;
        spec.nuts.warmup = 100;
        spec.nuts.samples = 50;
        spec.split.trainRows = 300;
        StopFlagObserver stop;
        stop.requestStop();
        const RunResult r = runPipeline(sample_, spec, &stop);
        QVERIFY(r.partial);
        QCOMPARE(r.posterior.drawsPerChain(), std::size_t{0});  // stopped before the first draw
        QCOMPARE(r.ending, (RunEnding{StopReason::Cancelled, 0}));  // a plain stop request is a cancel
    }

    // A stop the observer asks for with a reason of its own ends the run with that reason; a run
    // that draws everything it planned is completed whatever its observer would say.
    void aStopSaysWhyTheRunEnded() {
        class ConvergedAfter : public InferenceObserver {
        public:
            explicit ConvergedAfter(std::size_t events) : events_(events) {}
            void onProgress(const ProgressEvent&) override { seen_.fetch_add(1); }
            bool stopRequested() const override { return seen_.load() >= events_; }
            RunEnding stopEnding() const override { return RunEnding{StopReason::Converged, 17}; }

        private:
            std::size_t events_;
            std::atomic<std::size_t> seen_{0};
        };
        RunSpec spec;
        setModelByName(spec.model, "flat");
        spec.inference = InferenceKind::Nuts;
        spec.nuts.chains = 2;
        spec.nuts.warmup = 60;
        spec.nuts.samples = 40;
        spec.split.trainRows = 300;
        ConvergedAfter early(2 * 60 + 2 * 20);  // about 20 draws per chain
        const RunResult stopped = runPipeline(sample_, spec, &early);
        QVERIFY(stopped.partial);
        QVERIFY(stopped.posterior.drawsPerChain() < 40);
        QCOMPARE(stopped.ending, (RunEnding{StopReason::Converged, 17}));
        ConvergedAfter never(1'000'000);
        const RunResult whole = runPipeline(sample_, spec, &never);
        QVERIFY(!whole.partial);
        QCOMPARE(whole.ending, RunEnding{});
        QCOMPARE(stopReasonName(whole.ending.reason), std::string_view("completed"));
        QCOMPARE(stopReasonFromName("converged"), std::optional<StopReason>(StopReason::Converged));
        QCOMPARE(stopReasonFromName("partial"), std::optional<StopReason>());
    }

    // rerun.sh plans the draws a NUTS run kept, however it ended: a stop when converged (during
    // the run or an extension) or a cancel reruns to the same draws. A stopped run of another
    // method cannot be replayed, and its script says its tables will differ.
    void rerunScriptPlansTheDrawsTheRunKept() {
        RunBundle bundle;
        bundle.programFolder = "/opt/genrelab";
        bundle.spec.inference = InferenceKind::Nuts;
        bundle.spec.nuts.samples = 1000;
        const auto commandOf = [](const std::string& script) {
            const std::size_t at = script.find("\"$cli\" run");
            return at == std::string::npos ? std::string() : script.substr(at, script.find('\n', at) - at);
        };
        const std::string completed = rerunScript(bundle, RunEnding{}, 1000);
        QCOMPARE(commandOf(completed), std::string("\"$cli\" run --spec spec.json --bundle rerun --quiet || { echo \"rerun.sh: the rerun failed\" >&2; exit 1; }"));
        QVERIFY(completed.find("# This run") == std::string::npos);

        const std::string converged = rerunScript(bundle, RunEnding{StopReason::Converged, 310}, 318);
        QVERIFY(commandOf(converged).starts_with("\"$cli\" run --spec spec.json --samples 318 --bundle rerun"));
        QVERIFY(converged.find("# This run stopped when converged at 310 draws per chain (the app's live\n# check decided when) and kept 318 "
                               "draws per chain: the rerun plans exactly those draws, which are the same.") != std::string::npos);
        QVERIFY(converged.find("expected to differ") == std::string::npos);

        bundle.extensions = {500, 120};  // the second extension stopped when converged after 120 of its draws
        const std::string duringExtension = rerunScript(bundle, RunEnding{StopReason::Converged, 1615}, 1620);
        QVERIFY(commandOf(duringExtension).starts_with("\"$cli\" run --spec spec.json --extend 500 --extend 120 --bundle rerun"));

        bundle.extensions = {};
        const std::string cancelled = rerunScript(bundle, RunEnding{StopReason::Cancelled, 0}, 41);
        QVERIFY(commandOf(cancelled).starts_with("\"$cli\" run --spec spec.json --samples 41 --bundle rerun"));
        QVERIFY(cancelled.find("# This run was cancelled and kept 41 draws per chain") != std::string::npos);
        // Cancelled in warmup: nothing kept, nothing to plan.
        const std::string inWarmup = rerunScript(bundle, RunEnding{StopReason::Cancelled, 0}, 0);
        QVERIFY(inWarmup.find("expected to differ") != std::string::npos && inWarmup.find("--samples") == std::string::npos);

        bundle.spec.inference = InferenceKind::Svi;
        const std::string svi = rerunScript(bundle, RunEnding{StopReason::Cancelled, 0}, 1000);
        QVERIFY(svi.find("# This run was cancelled before its planned steps: the rerun makes them all, so its tables are\n# expected to differ.") !=
                std::string::npos);
        QVERIFY(svi.find("--samples") == std::string::npos);
    }

    void priorPredictiveIsNearChanceOnAverage() {
        RunSpec spec;
        setModelByName(spec.model, "flat");
        spec.inference = InferenceKind::Prior;
        spec.nuts.samples = 200;
        spec.split.testRows = 400;
        spec.predictiveDraws = 200;
        const RunResult r = runPipeline(sample_, spec);
        // Averaged over prior draws, no class is favoured: predictions are spread, per-draw
        // accuracies scatter around chance-level guessing, well below a fitted model's.
        const Eigen::VectorXd meanProbability = r.testPredictive.probabilities.colwise().mean();
        QVERIFY((meanProbability.array() - 1.0 / 11.0).abs().maxCoeff() < 0.1);
        double mean = 0;
        for (double a : r.testPredictive.drawAccuracy) mean += a;
        mean /= double(r.testPredictive.drawAccuracy.size());
        QVERIFY2(mean < 0.2, qPrintable(QString::number(mean)));
        // The prior-predictive class distribution: each class predicted for ~1/11 of rows on
        // average over draws, with wide intervals (a single draw favours a few classes).
        const ClassShares shares = predictedClassShares(r.posterior, *r.model, r.data.xTest, 200);
        QCOMPARE(shares.mean.size(), Eigen::Index{11});
        QVERIFY(std::fabs(shares.mean.sum() - 1.0) < 1e-9);
        QVERIFY((shares.mean.array() - 1.0 / 11.0).abs().maxCoeff() < 0.06);
        QVERIFY((shares.q95 - shares.q5).minCoeff() > 0.1);
    }

    // Judging takes rows in blocks spread over threads: the numbers must not depend on the
    // thread count (bit for bit), and must be those of the direct computation (every draw's
    // probabilities of all rows at once, summed in draw order) to rounding: the block size only
    // changes which values the vectorized exp and products take in packets.
    void judgingIsIndependentOfThreadsAndMatchesTheDirectComputation() {
        RunSpec spec;
        spec.inference = InferenceKind::Svi;
        spec.svi.steps = 200;
        spec.guideDraws = 150;
        spec.predictiveDraws = 150;  // above kTrainingMetricDraws: training metrics use fewer
        spec.split.trainRows = 1300;  // three blocks, the last one partial
        spec.split.testRows = 600;
        spec.nuts.threads = 1;
        const RunResult one = runPipeline(sample_, spec);
        RunResult three = one;
        spec.nuts.threads = 3;
        judgeRun(three, spec);
        for (auto [a, b] : {std::pair{&one.train, &three.train}, {&one.test, &three.test}}) {
            QCOMPARE(a->accuracy, b->accuracy);
            QCOMPARE(a->top2Accuracy, b->top2Accuracy);
            QCOMPARE(a->logPredictive, b->logPredictive);
            QCOMPARE(a->ece, b->ece);
            QCOMPARE(a->macroF1, b->macroF1);
            QCOMPARE(a->brier, b->brier);
        }
        QVERIFY(one.testPredictive.probabilities == three.testPredictive.probabilities);
        QVERIFY(one.testPredictive.drawAccuracy == three.testPredictive.drawAccuracy);
        QVERIFY(one.testPredictive.drawMacroF1 == three.testPredictive.drawMacroF1);
        QVERIFY(one.predictedShares.mean == three.predictedShares.mean);
        QCOMPARE(one.paretoK, three.paretoK);

        // The direct computation: every draw over all rows at once, in one thread.
        const PooledDraws pooled = one.posterior.pooled();
        auto direct = [&](const Eigen::MatrixXd& x, std::size_t used, const Eigen::VectorXi* labels,
                          std::vector<double>* accuracy, std::vector<double>* macroF1, Eigen::MatrixXd* shares) {
            Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(x.rows(), one.data.classes());
            if (shares) *shares = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(used), one.data.classes());
            for (std::size_t k = 0; k < used; ++k) {
                const auto s = static_cast<Eigen::Index>(k * static_cast<std::size_t>(pooled.rows()) / used);
                const Eigen::MatrixXd p = one.model->classProbabilities(pooled.row(s).transpose(), x);
                sum += p;
                if (labels) {
                    const PredictiveMetrics m = evaluatePredictions(p, *labels);
                    accuracy->push_back(m.accuracy);
                    macroF1->push_back(m.macroF1);
                }
                if (shares)
                    for (Eigen::Index n = 0; n < p.rows(); ++n) {
                        Eigen::Index c;
                        p.row(n).maxCoeff(&c);
                        (*shares)(static_cast<Eigen::Index>(k), c) += 1.0 / static_cast<double>(p.rows());
                    }
            }
            return Eigen::MatrixXd(sum / static_cast<double>(used));
        };
        std::vector<double> accuracy, macroF1;
        Eigen::MatrixXd shares;
        const Eigen::MatrixXd test = direct(one.data.xTest, 150, &one.data.yTest, &accuracy, &macroF1, &shares);
        QVERIFY((test - one.testPredictive.probabilities).cwiseAbs().maxCoeff() < 1e-14);
        QCOMPARE(one.testPredictive.drawsUsed, std::size_t{150});
        QCOMPARE(one.testPredictive.drawAccuracy.size(), accuracy.size());
        for (std::size_t k = 0; k < accuracy.size(); ++k) {
            QCOMPARE(one.testPredictive.drawAccuracy[k], accuracy[k]);  // counts: exact
            QCOMPARE(one.testPredictive.drawMacroF1[k], macroF1[k]);
        }
        QVERIFY((shares.colwise().mean().transpose() - one.predictedShares.mean).cwiseAbs().maxCoeff() < 1e-12);
        const PredictiveMetrics directTest = evaluatePredictions(test, one.data.yTest);
        QCOMPARE(one.test.accuracy, directTest.accuracy);
        QCOMPARE(one.test.top2Accuracy, directTest.top2Accuracy);
        QCOMPARE(one.test.macroF1, directTest.macroF1);
        QVERIFY(std::fabs(one.test.logPredictive - directTest.logPredictive) < 1e-12);
        QVERIFY(std::fabs(one.test.ece - directTest.ece) < 1e-12);
        // Training metrics from the first kTrainingMetricDraws of the evenly spaced draws.
        const PredictiveMetrics directTrain = evaluatePredictions(direct(one.data.xTrain, kTrainingMetricDraws, nullptr, nullptr, nullptr, nullptr),
                                                                  one.data.yTrain);
        QCOMPARE(kTrainingMetricDraws, std::size_t{100});
        QCOMPARE(one.train.accuracy, directTrain.accuracy);
        QVERIFY(std::fabs(one.train.logPredictive - directTrain.logPredictive) < 1e-12);
    }

    // With validation rows the metrics table gains their column and the reliability table their bins.
    void tablesShowValidationWhenThereIsSome() {
        RunSpec spec;
        spec.svi.steps = 100;
        spec.guideDraws = 50;
        spec.split.trainRows = 800;
        spec.split.validationRows = 300;
        spec.split.testRows = 400;
        const RunResult r = runPipeline(sample_, spec);
        const ResultTable metrics = metricsTable(spec, r);
        QCOMPARE(metrics.columns, (std::vector<std::string>{"metric", "train", "test", "validation"}));
        QCOMPARE(std::get<std::string>(metrics.rows[1][0]), std::string("top-2 accuracy"));
        QCOMPARE(std::get<double>(metrics.rows[1][3]), r.validation.top2Accuracy);
        QCOMPARE(std::get<std::int64_t>(metrics.rows.back()[3]), std::int64_t{300});
        const ResultTable bins = reliabilityTable(r);
        QCOMPARE(bins.rows.size(), std::size_t{45});  // 15 bins each of train, validation, test
        std::int64_t validationRows = 0;
        for (const auto& row : bins.rows)
            if (std::get<std::string>(row[0]) == "validation") validationRows += std::get<std::int64_t>(row[3]);
        QCOMPARE(validationRows, std::int64_t{300});
    }

    // New rows read by a grouped run: the file's own test rows come out exactly as the run's test
    // design (dense rows, artists, unseen-artist spreads and tokens); an unseen artist, an empty
    // artist field and a file without the group columns average over the artist prior (spread 1),
    // and each row says which.
    void newRowsGetTheirArtistsAndTitleTokens() {
        RunSpec spec;
        setModelByName(spec.model, "flat");
        spec.svi.steps = 60;
        spec.guideDraws = 20;
        spec.prep.groups.artistColumn = "Artist Name";
        spec.prep.groups.titleColumn = "Track Name";
        spec.prep.artifactFeatures = true;
        spec.model.terms.artistEffects = true;
        spec.model.terms.titleTokens = true;
        spec.model.terms.titleMinCount = 2;
        const Table table = readTable(GENRELAB_SAMPLE_CSV, tableOptionsOf(spec));
        const RunResult r = runPipeline(table, spec);
        const NewRows all = newRowsDesign(r, spec, table);
        QVERIFY(all.groups.artistColumn && all.groups.titleColumn);
        const auto& test = r.data.split.test;
        QCOMPARE(static_cast<std::size_t>(r.testDesign.rows()), test.size());
        for (std::size_t i = 0; i < test.size(); ++i) {
            const std::size_t row = test[i];
            QVERIFY(all.design.x.row(static_cast<Eigen::Index>(row)) == r.testDesign.x.row(static_cast<Eigen::Index>(i)));
            for (const auto* parts : {&all.design.artists, &all.design.tokens}) {
                const SparseRows& expected = parts == &all.design.artists ? r.testDesign.artists : r.testDesign.tokens;
                QVERIFY(std::ranges::equal(parts->idsOf(row), expected.idsOf(i)));
                QVERIFY(std::ranges::equal(parts->valuesOf(row), expected.valuesOf(i)));
            }
            QCOMPARE(all.design.unseenArtistSpread[row], r.testDesign.unseenArtistSpread[i]);
        }

        // Four tracks with the features of the file's first row: a training artist, that artist
        // with one never seen, an artist never seen, no artist.
        const std::string known = r.data.artistVocabulary.front();
        QFile file(GENRELAB_SAMPLE_CSV);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray header = file.readLine();
        const QByteArray first = file.readLine();
        const QByteArray rest = first.mid(first.indexOf(','));
        QByteArray csv = header;
        for (const std::string& artist : {known, "\"" + known + " & Nobody Heard Of\"", std::string("Nobody Heard Of"), std::string()})
            csv += QByteArray::fromStdString(artist) + rest;
        const NewRows mixed = newRowsDesign(r, spec, parseTable(csv.toStdString(), "four.csv", tableOptionsOf(spec)));
        QCOMPARE(QString::fromStdString(artistUse(mixed.groups, 0)), QString("seen"));
        QCOMPARE(QString::fromStdString(artistUse(mixed.groups, 1)), QString("1 of 2 seen"));
        QCOMPARE(QString::fromStdString(artistUse(mixed.groups, 2)), QString("unseen: artist prior"));
        QCOMPARE(QString::fromStdString(artistUse(mixed.groups, 3)), QString("none named: artist prior"));
        QCOMPARE(mixed.design.artists.valuesOf(0)[0], 1.0);
        QCOMPARE(mixed.design.artists.valuesOf(1)[0], 0.5);  // half the known artist's offset, half an unseen one's
        QCOMPARE(mixed.design.artists.idsOf(2).size(), std::size_t{0});
        // sqrt(u) / k: none unseen, 1 of 2, 1 of 1, none named (one unknown artist).
        QVERIFY(mixed.design.unseenArtistSpread == (std::vector<double>{0.0, 0.5, 1.0, 1.0}));
        for (std::size_t row = 0; row < 4; ++row) QVERIFY(mixed.groups.tokensKnown[row] > 0);  // one title for all four

        // An unseen artist predicts as the dense row with the title and an unknown artist (spread
        // 1); without both group columns, as the dense row with an unknown artist, which is not
        // the population's zero-offset prediction.
        const Eigen::VectorXd theta = r.posterior.pooled().row(0).transpose();
        const Design one = mixed.design.middleRows(2, 1);
        const Design titleOnly{one.x, {}, one.tokens, {1.0}, {}};
        QVERIFY(r.model->classProbabilities(theta, one).isApprox(r.model->classProbabilities(theta, titleOnly), 1e-12));
        QByteArray numeric = header.mid(header.indexOf(',', header.indexOf(',') + 1) + 1) + rest.mid(rest.indexOf(',', 1) + 1);
        const NewRows bare = newRowsDesign(r, spec, parseTable(numeric.toStdString(), "numeric.csv"));
        QVERIFY(!bare.groups.artistColumn && !bare.groups.titleColumn);
        QCOMPARE(QString::fromStdString(artistUse(bare.groups, 0)), QString("no artist column: artist prior"));
        QCOMPARE(bare.groups.tokensKnown[0], std::size_t{0});
        QVERIFY(bare.design.x == mixed.design.x.topRows(1));
        QVERIFY(bare.design.unseenArtistSpread == std::vector<double>{1.0});
        const Design unknownArtist{bare.design.x, {}, {}, {1.0}, {}};
        QVERIFY(r.model->classProbabilities(theta, bare.design).isApprox(r.model->classProbabilities(theta, unknownArtist), 1e-12));
        QVERIFY(!r.model->classProbabilities(theta, bare.design).isApprox(r.model->classProbabilities(theta, bare.design.x), 1e-6));
    }
};

QTEST_GUILESS_MAIN(TestRun)
#include "tst_run.moc"

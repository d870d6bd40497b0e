// Group terms (artist effects, title tokens): gradients of each
// term against finite differences with every prior family and the MLP (full batch and
// minibatches, multi-artist rows), recovery of
// planted artist offsets and title cues by SVI, and the pipeline's designs.
#include "GradientCheck.h"
#include "GroupTermsSample.h"
#include "eval/Predictive.h"
#include "eval/Summary.h"
#include "infer/Nuts.h"
#include "infer/Svi.h"
#include "eval/GroupEffects.h"
#include "models/GroupedModel.h"
#include "models/ModelSpec.h"
#include "models/ModelTraits.h"
#include "models/TitleTokens.h"
#include "run/RunPipeline.h"
#include "util/Rng.h"

#include <QtTest>

#include <chrono>
#include <cmath>

using namespace genrelab;

namespace {

using genrelab::testing::GroupedSample;
using genrelab::testing::groupedSample;
using genrelab::testing::groupedSpec;
using genrelab::testing::gradientError;

} // namespace

class TestGroupTerms : public QObject {
    Q_OBJECT
private slots:
    void gradientsMatchFiniteDifferences_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("artists");
        QTest::addColumn<bool>("titles");
        for (std::string_view name : modelNames()) {
            const std::string n(name);
            QTest::newRow((n + " artists").c_str()) << QString::fromStdString(n) << true << false;
            QTest::newRow((n + " titles").c_str()) << QString::fromStdString(n) << false << true;
            QTest::newRow((n + " both").c_str()) << QString::fromStdString(n) << true << true;
        }
    }
    void gradientsMatchFiniteDifferences() {
        QFETCH(QString, model);
        QFETCH(bool, artists);
        QFETCH(bool, titles);
        const GroupedSample s = groupedSample(40, 6, 5, 3, 2.0, 2.0, 3);
        const auto data = makeModelData(s.x, s.y, 3, {}, {}, s.groups);
        const auto built = makeModel(groupedSpec(model.toStdString(), artists, titles), data);
        QVERIFY(dynamic_cast<const GroupedModel*>(built.get()));
        Rng rng(11);
        Eigen::VectorXd theta(built->dim());
        for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = 0.7 * rng.normal();
        const double full = gradientError(*built, theta, nullptr);
        QVERIFY2(full < 1e-6, qPrintable(QString("full batch: %1").arg(full)));
        // A minibatch with a repeated row and multi-artist rows (rows 0, 5, 10 name two artists).
        const Minibatch batch{{0, 5, 10, 6, 13, 5, 21}};
        const double mini = gradientError(*built, theta, &batch);
        QVERIFY2(mini < 1e-6, qPrintable(QString("minibatch: %1").arg(mini)));
    }

    void offsetsLineUpAcrossKernelBlocks() {
        // 300 rows: three of the regression kernel's 128-row blocks and padding. A misplaced
        // offset or residual would break the gradient; float agrees with double.
        const GroupedSample s = groupedSample(300, 6, 5, 3, 2.0, 2.0, 14);
        const auto data = makeModelData(s.x, s.y, 3, {}, {}, s.groups);
        for (const char* name : {"flat", "mlp"}) {
            ModelSpec spec = groupedSpec(name, true, true);
            const auto model = makeModel(spec, data);
            Rng rng(8);
            Eigen::VectorXd theta(model->dim()), grad, gradFloat;
            for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = 0.5 * rng.normal();
            const double error = gradientError(*model, theta, nullptr);
            QVERIFY2(error < 1e-6, qPrintable(QString("%1: %2").arg(name).arg(error)));
            spec.regression.precision = spec.mlp.precision = KernelPrecision::Float;
            const double lp = model->logProbGrad(theta, grad), lpFloat = makeModel(spec, data)->logProbGrad(theta, gradFloat);
            QVERIFY2(std::fabs(lp - lpFloat) < 1e-5 * std::fabs(lp), qPrintable(QString("%1 vs %2").arg(lp).arg(lpFloat)));
            QVERIFY((grad - gradFloat).cwiseAbs().maxCoeff() < 1e-3 * std::max(1.0, grad.cwiseAbs().maxCoeff()));
        }
    }

    void minibatchGradientIsUnbiased() {
        // The minibatch log density scaled by N / B, averaged over every batch of one partition
        // of the rows, is the full-batch one exactly (the prior enters each batch whole).
        const GroupedSample s = groupedSample(30, 5, 4, 3, 2.0, 2.0, 5);
        const auto model = makeModel(groupedSpec("hier-studentt", true, true), makeModelData(s.x, s.y, 3, {}, {}, s.groups));
        Rng rng(2);
        Eigen::VectorXd theta(model->dim()), grad, gradBatch, sum = Eigen::VectorXd::Zero(model->dim());
        for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = 0.5 * rng.normal();
        const double lp = model->logProbGrad(theta, grad);
        double lpSum = 0.0;
        for (int b = 0; b < 3; ++b) {
            Minibatch batch;
            for (int r = 0; r < 10; ++r) batch.rows.push_back(b * 10 + r);
            lpSum += model->logProbGrad(theta, gradBatch, &batch);
            sum += gradBatch;
        }
        QVERIFY(std::fabs(lpSum / 3.0 - lp) < 1e-9 * std::fabs(lp));
        QVERIFY((sum / 3.0 - grad).cwiseAbs().maxCoeff() < 1e-9 * std::max(1.0, grad.cwiseAbs().maxCoeff()));
    }

    void minibatchTouchesOnlyItsCoordinates() {
        // With 40 artists over 60 rows, a 4-row batch lists its rows' artists and tokens (and the
        // base model, the global scales and groups without training rows); the density neither
        // reads nor differentiates anything else, so sparse SVI may leave the rest alone.
        GroupedSample s = groupedSample(60, 40, 6, 3, 2.0, 2.0, 9);
        const auto model = makeModel(groupedSpec("ard", true, true), makeModelData(s.x, s.y, 3, {}, {}, s.groups));
        QVERIFY(model->sparseBatches());
        const Minibatch batch{{0, 5, 17, 33}};
        std::vector<Eigen::Index> coordinates;
        std::vector<double> shares;
        model->batchCoordinates(batch, coordinates, shares);
        QCOMPARE(coordinates.size(), shares.size());
        std::vector<bool> listed(static_cast<std::size_t>(model->dim()), false);
        for (Eigen::Index i : coordinates) {
            QVERIFY(!listed[static_cast<std::size_t>(i)]);  // each once
            listed[static_cast<std::size_t>(i)] = true;
        }
        QVERIFY(coordinates.size() < static_cast<std::size_t>(model->dim()) / 2);
        Rng rng(3);
        Eigen::VectorXd theta(model->dim()), grad, other;
        for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = 0.5 * rng.normal();
        const double lp = model->logProbGrad(theta, grad, &batch);
        Eigen::VectorXd moved = theta;
        for (Eigen::Index i = 0; i < theta.size(); ++i)
            if (!listed[static_cast<std::size_t>(i)]) {
                QCOMPARE(grad[i], 0.0);
                moved[i] = 1e6;  // values it must not read
            }
        QCOMPARE(model->logProbGrad(moved, other, &batch), lp);
        // Listed in ascending order, so that sparse SVI copies its state in runs of memory order.
        QVERIFY(std::is_sorted(coordinates.begin(), coordinates.end()));
        // The sparse evaluation adds the same gradient to zeros, at the listed coordinates only,
        // without reading the others.
        Eigen::VectorXd sparse = Eigen::VectorXd::Zero(model->dim());
        QCOMPARE(model->logProbGradSparse(moved, sparse, batch), lp);
        QVERIFY(sparse == grad);
        // Artist 0 (row 0's) holds its share: N / B times its rows in the batch over its training rows.
        const ParameterBlock* z = model->layout().find("artist_z");
        const auto a0 = s.groups.artists.idsOf(0)[0];
        int rowsOfA0 = 0, inBatch = 0;
        for (std::size_t r = 0; r < 60; ++r)
            for (auto id : s.groups.artists.idsOf(r))
                if (id == a0) {
                    ++rowsOfA0;
                    inBatch += std::count(batch.rows.begin(), batch.rows.end(), static_cast<Eigen::Index>(r)) > 0;
                }
        const auto at = std::find(coordinates.begin(), coordinates.end(), z->index(0, a0));
        QVERIFY(at != coordinates.end());
        QCOMPARE(shares[static_cast<std::size_t>(at - coordinates.begin())], 60.0 / 4.0 * inBatch / rowsOfA0);
    }

    void artistShrinkageAndTitleCuesAverageTheDraws() {
        const GroupedSample s = groupedSample(40, 6, 5, 3, 2.0, 2.0, 3);
        const auto data = makeModelData(s.x, s.y, 3, {}, {"Rock", "Pop", "Jazz"}, s.groups);
        const auto built = makeModel(groupedSpec("flat", true, true), data);
        const auto& grouped = dynamic_cast<const GroupedModel&>(*built);
        Rng rng(11);
        Posterior posterior;
        posterior.chains.resize(1);
        posterior.chains[0].draws.resize(2, built->dim());
        posterior.chains[0].draws.row(0) = built->samplePrior(rng).transpose();
        posterior.chains[0].draws.row(1) = built->samplePrior(rng).transpose();
        const Eigen::VectorXd first = posterior.chains[0].draws.row(0).transpose(), second = posterior.chains[0].draws.row(1).transpose();

        const ArtistShrinkage a = artistShrinkage(*built, posterior, s.groups.artists, s.y);
        QCOMPARE(a.artists, s.groups.artistNames);
        QCOMPARE(a.classes, (std::vector<std::string>{"Rock", "Pop", "Jazz"}));
        QCOMPARE(a.draws, std::size_t{2});
        Eigen::VectorXd tracks = Eigen::VectorXd::Zero(6);
        Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(6, 3);
        for (std::size_t r = 0; r < s.groups.artists.rows(); ++r)
            for (const std::int32_t id : s.groups.artists.idsOf(r)) {
                tracks[id] += 1;
                counts(id, s.y[static_cast<Eigen::Index>(r)]) += 1;
            }
        QVERIFY(a.tracks == tracks);
        for (int k = 0; k < 6; ++k) QVERIFY((a.rawShare.row(k) - counts.row(k) / tracks[k]).cwiseAbs().maxCoeff() < 1e-15);
        const Eigen::MatrixXd offset = (grouped.terms().artistOffsets(first) + grouped.terms().artistOffsets(second)).transpose() / 2;
        QVERIFY((a.offset - offset).cwiseAbs().maxCoeff() < 1e-14);
        QCOMPARE(a.populationShare.sum(), 1.0);

        const auto cues = largestTitleCues(*built, posterior, 4);
        QCOMPARE(cues.size(), std::size_t{4});
        const Eigen::MatrixXd w1 = grouped.terms().tokenWeights(first), w2 = grouped.terms().tokenWeights(second);
        const Eigen::MatrixXd mean = (w1 + w2) / 2;  // classes x tokens
        std::vector<double> sizes(mean.data(), mean.data() + mean.size());
        for (double& v : sizes) v = std::fabs(v);
        std::sort(sizes.rbegin(), sizes.rend());
        for (std::size_t k = 0; k < cues.size(); ++k) {
            const auto t = std::find(s.groups.tokenNames.begin(), s.groups.tokenNames.end(), cues[k].token) - s.groups.tokenNames.begin();
            QCOMPARE(std::fabs(cues[k].weight), sizes[k]);
            QCOMPARE(cues[k].weight, mean(cues[k].classIndex, t));
            QCOMPARE(cues[k].className, a.classes[static_cast<std::size_t>(cues[k].classIndex)]);
            QVERIFY(std::fabs(cues[k].sd - std::fabs(w1(cues[k].classIndex, t) - w2(cues[k].classIndex, t)) / std::sqrt(2.0)) < 1e-12);
        }
        // A model without the terms has neither view.
        const auto plain = makeModel(groupedSpec("flat", false, false), makeModelData(s.x, s.y, 3));
        Posterior none;
        QVERIFY(artistShrinkage(*plain, none, s.groups.artists, s.y).artists.empty());
        QVERIFY(largestTitleCues(*plain, none, 4).empty());
    }

    void layoutNamesTermsAndSummariesStaySmall() {
        const GroupedSample s = groupedSample(40, 6, 5, 3, 2.0, 2.0, 3);
        const auto data = makeModelData(s.x, s.y, 3, {}, {"Rock", "Pop", "Jazz"}, s.groups);
        const auto plain = makeModel(groupedSpec("hier-normal", false, false), data);
        const auto built = makeModel(groupedSpec("hier-normal", true, true), data);
        const ParameterBlock* z = built->layout().find("artist_z");
        QVERIFY(z);
        QCOMPARE(z->rows, Eigen::Index{3});
        QCOMPARE(z->cols, Eigen::Index{6});
        QCOMPARE(built->layout().elementNames()[static_cast<std::size_t>(z->index(1, 4))], std::string("artist_z[Pop,artist 4]"));
        QVERIFY(built->layout().find("token_z"));
        QCOMPARE(built->dim(), plain->dim() + 3 * 6 + 3 + 3 * 5 + 5 + 1);
        // Outputs: the base model's, sigma_artist per class and the titles' global scale only.
        QCOMPARE(built->outputLayout().dim(), plain->outputLayout().dim() + 3 + 1);
        QVERIFY(built->outputLayout().find("sigma_artist"));
        QVERIFY(built->outputLayout().find("title_global"));
        QVERIFY(!built->outputLayout().find("artist_z"));
        Rng rng(1);
        const Eigen::VectorXd theta = built->samplePrior(rng);
        const Eigen::VectorXd out = built->outputs(theta);
        QCOMPARE(out.size(), built->outputLayout().dim());
        const ParameterBlock* sigma = built->outputLayout().find("sigma_artist");
        QCOMPARE(out[sigma->offset + 1], std::exp(theta[built->layout().find("sigma_artist")->offset + 1]));
        const ModelTraits traits = traitsOf(groupedSpec("hier-normal", true, true));
        QVERIFY(traits.groupEffects);
        QVERIFY(traits.uses(Hyperparameter::TauArtist));
        QVERIFY(traits.uses(Hyperparameter::TauTitle));
        QVERIFY(!traitsOf(groupedSpec("mlp", false, false)).uses(Hyperparameter::TauArtist));
        QCOMPARE(std::string(modelName(groupedSpec("ard", true, true))), std::string("ard"));
        // The clone computes the same density.
        Eigen::VectorXd g1, g2;
        QCOMPARE(built->clone()->logProbGrad(theta, g1), built->logProbGrad(theta, g2));
        QCOMPARE(g1, g2);
    }

    void declaredHyperparametersMoveTheDensity_data() {
        QTest::addColumn<QString>("model");
        for (std::string_view name : modelNames()) QTest::newRow(std::string(name).c_str()) << QString::fromStdString(std::string(name));
    }
    void declaredHyperparametersMoveTheDensity() {
        QFETCH(QString, model);
        const GroupedSample s = groupedSample(30, 5, 4, 3, 2.0, 2.0, 6);
        const auto data = makeModelData(s.x, s.y, 3, {}, {}, s.groups);
        const ModelSpec spec = groupedSpec(model.toStdString(), true, true);
        const ModelTraits traits = traitsOf(spec);
        const auto built = makeModel(spec, data);
        Rng rng(5);
        Eigen::VectorXd theta(built->dim()), grad;
        for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = 0.6 * rng.normal();
        const double lp = built->logProbGrad(theta, grad);
        for (const auto& info : hyperparameters()) {
            ModelSpec changed = spec;
            setHyperparameter(changed, info.id, 1.5 * hyperparameterValue(spec, info.id));
            const double moved = makeModel(changed, data)->logProbGrad(theta, grad);
            const QString what = QString::fromStdString(std::string(info.option));
            if (traits.uses(info.id)) QVERIFY2(std::fabs(moved - lp) > 1e-6, qPrintable(what + " is declared but unused"));
            else QVERIFY2(moved == lp, qPrintable(what + " changes the model but is not declared"));
        }
    }

    void refusesTermsWithoutTheirGroups() {
        const GroupedSample s = groupedSample(20, 4, 3, 3, 2.0, 2.0, 3);
        const auto dense = makeModelData(s.x, s.y, 3);
        for (bool artists : {true, false}) {
            try {
                makeModel(groupedSpec("flat", artists, !artists), dense);
                QFAIL("a term without its group column was accepted");
            } catch (const std::invalid_argument& e) {
                QVERIFY2(std::string(e.what()).find(artists ? "--artist-column" : "--title-column") != std::string::npos, e.what());
            }
        }
        ModelGroups bad = s.groups;
        bad.artists.ids[0] = 99;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeModelData(s.x, s.y, 3, {}, {}, bad));
        ModelGroups short_ = s.groups;
        short_.artists = SparseRows{};
        short_.artists.appendRow(std::vector<std::int32_t>{0}, std::vector<double>{1.0});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeModelData(s.x, s.y, 3, {}, {}, short_));
        ModelSpec negative = groupedSpec("flat", true, false);
        negative.terms.tauArtist = -1.0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeModel(negative, makeModelData(s.x, s.y, 3, {}, {}, s.groups)));
    }

    void sviRecoversPlantedArtistOffsetsAndTitleCues_data() {
        QTest::addColumn<QString>("model");
        QTest::newRow("flat") << "flat";
        QTest::newRow("mlp") << "mlp";
    }
    void sviRecoversPlantedArtistOffsetsAndTitleCues() {
        QFETCH(QString, model);
        const int artists = 24, tokens = 8, classes = 3;
        const GroupedSample s = groupedSample(2400, artists, tokens, classes, 3.0, 4.0, 21);
        const auto data = makeModelData(s.x, s.y, classes, {}, {}, s.groups);
        ModelSpec spec = groupedSpec(model.toStdString(), true, true);
        spec.regression.precision = spec.mlp.precision = KernelPrecision::Float;
        const auto built = makeModel(spec, data);
        const auto& grouped = dynamic_cast<const GroupedModel&>(*built);
        SviOptions options;
        options.steps = 4000;
        options.batchSize = 256;
        options.learningRate = 0.02;
        options.seed = 3;
        SviState state = initSvi(*built, options);
        runSvi(*built, state, options);
        // Posterior mean offsets, centred per artist (the softmax sees only differences between classes).
        Eigen::MatrixXd gamma = grouped.terms().artistOffsets(state.mean);
        gamma.rowwise() -= gamma.colwise().mean();
        int recovered = 0;
        for (int a = 0; a < artists; ++a) {
            Eigen::Index best;
            gamma.col(a).maxCoeff(&best);
            recovered += best == a % classes;
        }
        QVERIFY2(recovered >= artists - 1, qPrintable(QString("%1 of %2 artists").arg(recovered).arg(artists)));
        // The planted difference (3 between the favoured class and the others) within a factor of two on average.
        double planted = 0.0;
        for (int a = 0; a < artists; ++a) planted += gamma(a % classes, a) - (gamma.col(a).sum() - gamma(a % classes, a)) / (classes - 1);
        planted /= artists;
        QVERIFY2(planted > 1.5 && planted < 6.0, qPrintable(QString::number(planted)));
        // The cue token's weight toward its class is the largest of every token and class.
        Eigen::MatrixXd w = grouped.terms().tokenWeights(state.mean);
        w.rowwise() -= w.colwise().mean();
        Eigen::Index cueClass, cueToken;
        w.maxCoeff(&cueClass, &cueToken);
        QCOMPARE(cueToken, Eigen::Index{0});
        QCOMPARE(cueClass, Eigen::Index{s.cueClass});
        // Noise tokens shrink: their largest centred weight is well below the cue's.
        QVERIFY2(w.rightCols(tokens - 1).cwiseAbs().maxCoeff() < 0.5 * w(s.cueClass, 0),
                 qPrintable(QString("%1 vs %2").arg(w.rightCols(tokens - 1).cwiseAbs().maxCoeff()).arg(w(s.cueClass, 0))));
    }

    void nutsSamplesArtistEffects() {
        // NUTS on the linear model with artist effects (the NUTS goal, small): two chains
        // agree (R-hat over the base parameters and sigma_artist), and each artist's favoured class
        // has the largest posterior mean offset.
        const int artists = 6, classes = 3;
        const GroupedSample s = groupedSample(300, artists, 3, classes, 3.0, 0.0, 12);
        const auto model = makeModel(groupedSpec("flat", true, false), makeModelData(s.x, s.y, classes, {}, {}, s.groups));
        NutsOptions options;
        options.warmup = 300;
        options.samples = 300;
        options.chains = 2;
        options.seed = 4;
        const NutsRun run = runNuts(*model, options);
        const ConvergenceVerdict verdict = convergence(summarize(run.posterior, *model), run.posterior);
        QVERIFY2(verdict.rhatMax < 1.05, qPrintable(QString::number(verdict.rhatMax)));
        QVERIFY(verdict.divergences <= 3);
        const auto& grouped = dynamic_cast<const GroupedModel&>(*model);
        const PooledDraws pooled = run.posterior.pooled();
        Eigen::MatrixXd meanGamma = Eigen::MatrixXd::Zero(classes, artists);
        for (Eigen::Index d = 0; d < pooled.rows(); ++d) meanGamma += grouped.terms().artistOffsets(pooled.row(d).transpose());
        meanGamma /= static_cast<double>(pooled.rows());
        for (int a = 0; a < artists; ++a) {
            Eigen::Index best;
            meanGamma.col(a).maxCoeff(&best);
            QCOMPARE(best, Eigen::Index{a % classes});
        }
    }

    void pipelineBuildsDesignsFromGroupedRows() {
        // PreparedData with grouped rows (as data preparation fills them) -> designs, model, judged run.
        const GroupedSample s = groupedSample(300, 10, 4, 3, 3.0, 3.0, 8);
        RunResult result;
        PreparedData& d = result.data;
        d.xTrain = s.x.topRows(200);
        d.yTrain = s.y.head(200);
        d.xTest = s.x.bottomRows(100);
        d.yTest = s.y.tail(100);
        d.xValidation.resize(0, 2);
        d.classLabels = {"a", "b", "c"};
        d.transform.featureNames = {"x1", "x2"};
        d.artistVocabulary = s.groups.artistNames;
        const std::vector<std::string> words = {"Remix", "Live", "Acoustic", "Demo"};
        for (int r = 0; r < 300; ++r) {
            GroupedRows& g = r < 200 ? d.groupsTrain : d.groupsTest;
            g.artists.appendRow(s.groups.artists.idsOf(static_cast<std::size_t>(r)), s.groups.artists.valuesOf(static_cast<std::size_t>(r)));
            g.titles.push_back(words[static_cast<std::size_t>(r % 4)] + " song");
        }
        RunSpec spec;
        spec.model = groupedSpec("flat", true, true);
        spec.model.terms.titleMinCount = 2;
        spec.svi.steps = 300;
        spec.guideDraws = 50;
        spec.predictiveDraws = 20;
        ModelGroups groups = buildDesigns(result, spec.model.terms);
        QCOMPARE(groups.artistNames, s.groups.artistNames);
        QVERIFY(std::find(groups.tokenNames.begin(), groups.tokenNames.end(), "w:remix") != groups.tokenNames.end());
        QCOMPARE(result.testDesign.tokens.rows(), std::size_t{100});
        QCOMPARE(result.testDesign.artists, d.groupsTest.artists);
        QCOMPARE(result.validationDesign.rows(), Eigen::Index{0});
        result.model = makeModel(spec.model, trainingData(d, {}, std::move(groups)));
        result.sviState = initSvi(*result.model, spec.svi);
        result.svi = runSvi(*result.model, *result.sviState, spec.svi);
        result.posterior = guideDraws(*result.sviState, spec.guideDraws, 2);
        judgeRun(result, spec);
        QCOMPARE(result.testPredictive.probabilities.rows(), Eigen::Index{100});
        QVERIFY(result.test.accuracy > 0.5);  // the artists carry most of the signal (3 nats)
        QVERIFY(!result.summaries.empty());
        // Without terms the designs hold the dense rows only.
        RunResult plain;
        plain.data = d;
        const ModelGroups none = buildDesigns(plain, ModelTerms{});
        QCOMPARE(none.artists.rows(), std::size_t{0});
        QCOMPARE(plain.testDesign.artists.rows(), std::size_t{0});
        QCOMPARE(plain.testDesign.x, d.xTest);
    }
};

QTEST_APPLESS_MAIN(TestGroupTerms)
#include "tst_groupterms.moc"

// Group terms (artist effects, title tokens): the tokenizer on awkward titles, gradients of each
// term against finite differences with every prior family and the MLP (full batch and
// minibatches, multi-artist rows), the predictive for unseen artists (Monte Carlo, thread counts), recovery of
// planted artist offsets and title cues by SVI, and the pipeline's designs.
#include "GradientCheck.h"
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

bool has(const std::vector<std::string>& tokens, const std::string& token) {
    return std::find(tokens.begin(), tokens.end(), token) != tokens.end();
}

// Rows with dense features, artists (some rows two artists at 1/2 each, some none) and tokens.
struct GroupedSample {
    Eigen::MatrixXd x;
    Eigen::VectorXi y;
    ModelGroups groups;
    Eigen::MatrixXd plantedArtist;  // classes x artists
    int cueToken = 0, cueClass = 0;
};

// Labels from softmax(x b + planted artist offset + cue): each artist favours one class by
// `strength`; token 0 ("w:remix") pushes toward class cueClass by `cue`; the other tokens are noise.
GroupedSample groupedSample(int rows, int artists, int tokens, int classes, double strength, double cue, std::uint64_t seed) {
    Rng rng(seed);
    GroupedSample s;
    const int features = 2;
    s.x.resize(rows, features);
    s.y.resize(rows);
    s.plantedArtist = Eigen::MatrixXd::Zero(classes, artists);
    for (int a = 0; a < artists; ++a) s.plantedArtist(a % classes, a) = strength;
    s.cueClass = classes - 1;
    for (int a = 0; a < artists; ++a) s.groups.artistNames.push_back("artist " + std::to_string(a));
    s.groups.tokenNames.push_back("w:remix");
    for (int t = 1; t < tokens; ++t) s.groups.tokenNames.push_back("w:noise" + std::to_string(t));
    Eigen::MatrixXd b(features, classes);
    for (int d = 0; d < features; ++d)
        for (int c = 0; c < classes; ++c) b(d, c) = 0.5 * rng.normal();
    for (int n = 0; n < rows; ++n) {
        for (int d = 0; d < features; ++d) s.x(n, d) = rng.normal();
        Eigen::VectorXd logits = (s.x.row(n) * b).transpose();
        std::vector<std::int32_t> ids;
        std::vector<double> weights;
        if (n % 7 != 6) {  // every 7th row has no (seen) artist
            ids.push_back(static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(artists))));
            if (n % 5 == 0) {
                const auto second = static_cast<std::int32_t>((ids[0] + 1) % artists);
                ids.push_back(second);
            }
            std::sort(ids.begin(), ids.end());
            weights.assign(ids.size(), 1.0 / static_cast<double>(ids.size()));
            for (std::size_t k = 0; k < ids.size(); ++k) logits += weights[k] * s.plantedArtist.col(ids[k]);
        }
        s.groups.artists.appendRow(ids, weights);
        std::vector<std::int32_t> tokenIds;
        for (int t = 0; t < tokens; ++t)
            if (rng.bernoulli(t == 0 ? 0.2 : 0.3)) tokenIds.push_back(t);
        const std::vector<double> values(tokenIds.size(), tokenIds.empty() ? 0.0 : 1.0 / std::sqrt(static_cast<double>(tokenIds.size())));
        for (std::size_t k = 0; k < tokenIds.size(); ++k)
            if (tokenIds[k] == 0) logits[s.cueClass] += cue * values[k];
        s.groups.tokens.appendRow(tokenIds, values);
        Eigen::VectorXd p = (logits.array() - logits.maxCoeff()).exp();
        p /= p.sum();
        double u = rng.uniform(), acc = 0.0;
        int label = classes - 1;
        for (int c = 0; c < classes; ++c)
            if ((acc += p[c]) > u) {
                label = c;
                break;
            }
        s.y[n] = label;
    }
    return s;
}

ModelSpec groupedSpec(std::string_view name, bool artists, bool titles) {
    ModelSpec spec;
    setModelByName(spec, name);
    spec.regression.precision = spec.mlp.precision = KernelPrecision::Double;  // finite differences need double
    spec.mlp.hidden = {4};
    spec.terms.artistEffects = artists;
    spec.terms.titleTokens = titles;
    return spec;
}

using genrelab::testing::gradientError;

} // namespace

class TestGroupTerms : public QObject {
    Q_OBJECT
private slots:
    void tokenizesWordsNgramsAndMarkers() {
        const auto tokens = titleTokens("Song (feat. MC Ren) - Remix");
        for (const char* t : {"w:song", "w:feat", "w:mc", "w:ren", "w:remix", "c:#re", "c:rem", "c:mix", "c:ix#", "m:bracket"})
            QVERIFY2(has(tokens, t), t);
        QVERIFY(!has(tokens, "m:quote"));
        QVERIFY(!has(tokens, "m:non-latin"));
        QVERIFY(std::is_sorted(tokens.begin(), tokens.end()));
        QVERIFY(std::adjacent_find(tokens.begin(), tokens.end()) == tokens.end());  // each at most once
        // A short word gives its padded 3-grams: "ab" -> "#ab", "ab#".
        QCOMPARE(titleTokens("ab"), (std::vector<std::string>{"c:#ab", "c:ab#", "w:ab"}));
    }

    void tokenizesQuotesAndBrackets() {
        const auto tokens = titleTokens("\"Hello\" [Live] \u2018Acoustic\u2019");
        QVERIFY(has(tokens, "m:quote"));
        QVERIFY(has(tokens, "m:bracket"));
        QVERIFY(has(tokens, "w:hello"));
        QVERIFY(has(tokens, "w:live"));
        QVERIFY(has(tokens, "w:acoustic"));  // the typographic quotes split, not join
        QVERIFY(!has(tokens, "w:\"hello\""));
    }

    void tokenizesNonLatinScriptsByCodePoint() {
        const auto cjk = titleTokens("\u6771\u4eac (Tokyo)");  // 東京
        QVERIFY(has(cjk, "w:\u6771\u4eac"));
        QVERIFY(has(cjk, "c:#\u6771\u4eac"));
        QVERIFY(has(cjk, "c:\u6771\u4eac#"));
        QVERIFY(has(cjk, "m:non-latin"));
        QVERIFY(has(cjk, "w:tokyo"));
        const auto cyrillic = titleTokens("\u041f\u0440\u0438\u0432\u0435\u0442");  // Привет: 6 code points, 12 bytes
        QVERIFY(has(cyrillic, "w:\u041f\u0440\u0438\u0432\u0435\u0442"));
        int grams = 0;
        for (const auto& t : cyrillic) grams += t.rfind("c:", 0) == 0;
        QCOMPARE(grams, 6);  // "#" + 6 + "#" = 8 code points: 6 windows (bytes would give 12)
        QVERIFY(has(titleTokens("Caf\u00c9"), "w:caf\u00e9"));  // Latin-1 capitals lowercased
        QVERIFY(!has(titleTokens("Caf\u00e9"), "m:non-latin"));
    }

    void tokenizesEmptyMalformedAndHugeTitles() {
        QCOMPARE(titleTokens(""), std::vector<std::string>{"m:empty"});
        QCOMPARE(titleTokens("   -- !"), std::vector<std::string>{"m:empty"});
        QCOMPARE(titleTokens("()"), (std::vector<std::string>{"m:bracket", "m:empty"}));
        // Malformed UTF-8 (a lone continuation byte, a truncated sequence) separates words, never crashes.
        const auto malformed = titleTokens(std::string("ab\xff" "cd\xe6\x9d", 7));
        QVERIFY(has(malformed, "w:ab"));
        QVERIFY(has(malformed, "w:cd"));
        // 10,000 characters: one word cut at 64 code points, four tokens, fast.
        const auto start = std::chrono::steady_clock::now();
        const auto huge = titleTokens(std::string(10000, 'a'));
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        QCOMPARE(huge, (std::vector<std::string>{"c:#aa", "c:aa#", "c:aaa", "w:" + std::string(64, 'a')}));
        QVERIFY2(ms < 100.0, qPrintable(QString::number(ms)));
        std::string words;
        for (int i = 0; i < 2000; ++i) words += "la" + std::to_string(i % 50) + " ";
        QVERIFY(titleTokens(words).size() < 400);  // distinct tokens only
    }

    void vocabularyKeepsFrequentTokensAndEncodesUnitRows() {
        const std::vector<std::string> titles = {"Remix", "remix live", "Live", "x"};
        const TitleVocabulary vocabulary(titles, 2, 100);
        // In >= 2 titles: w:remix, c:#re, c:rem, c:emi, c:mix, c:ix#, w:live, c:#li, c:liv, c:ive, c:ve#.
        QCOMPARE(vocabulary.size(), std::size_t{11});
        QVERIFY(has(vocabulary.tokens(), "w:remix"));
        QVERIFY(!has(vocabulary.tokens(), "w:x"));
        const SparseRows rows = vocabulary.encode({"REMIX!", "nothing known", ""});
        QCOMPARE(rows.rows(), std::size_t{3});
        QCOMPARE(rows.idsOf(0).size(), std::size_t{6});
        for (double v : rows.valuesOf(0)) QCOMPARE(v, 1.0 / std::sqrt(6.0));
        QCOMPARE(rows.idsOf(1).size(), std::size_t{0});
        QCOMPARE(rows.idsOf(2).size(), std::size_t{0});
        QCOMPARE(TitleVocabulary(titles, 2, 3).size(), std::size_t{3});  // the most frequent kept
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TitleVocabulary(titles, 0, 10));
    }

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

    void rowsWithoutSeenArtists_data() {
        QTest::addColumn<QString>("model");
        QTest::newRow("ard") << "ard";
        QTest::newRow("mlp") << "mlp";
    }
    void rowsWithoutSeenArtists() {
        QFETCH(QString, model);
        const GroupedSample s = groupedSample(40, 6, 5, 3, 2.0, 2.0, 3);
        const auto data = makeModelData(s.x, s.y, 3, {}, {}, s.groups);
        const auto built = makeModel(groupedSpec(model.toStdString(), true, true), data);
        const auto& grouped = dynamic_cast<const GroupedModel&>(*built);
        Rng rng(4);
        const Eigen::VectorXd theta = built->samplePrior(rng);
        // Rows 0-2 with no known artist and no known token, row 3 with artist 2, row 4 with token 0.
        // Without unseen-artist spreads every row counts as seen: rows 0-2 get the zero offset,
        // the population's prediction (the mode over an unknown artist, not its predictive).
        Design design{s.x.topRows(5), {}, {}, {}};
        for (int r = 0; r < 5; ++r) {
            const std::vector<std::int32_t> artist = r == 3 ? std::vector<std::int32_t>{2} : std::vector<std::int32_t>{};
            const std::vector<std::int32_t> token = r == 4 ? std::vector<std::int32_t>{0} : std::vector<std::int32_t>{};
            design.artists.appendRow(artist, std::vector<double>(artist.size(), 1.0));
            design.tokens.appendRow(token, std::vector<double>(token.size(), 1.0));
        }
        const Eigen::MatrixXd withTerms = built->classProbabilities(theta, design);
        const Eigen::MatrixXd population = grouped.base().classProbabilities(theta.head(grouped.base().dim()), design.x);
        QVERIFY((withTerms.topRows(3) - population.topRows(3)).cwiseAbs().maxCoeff() < 1e-14);
        QVERIFY((built->classProbabilities(theta, design.x) - population).cwiseAbs().maxCoeff() < 1e-14);
        QVERIFY((withTerms.row(3) - population.row(3)).cwiseAbs().maxCoeff() > 1e-6);  // a seen artist moves it
        QVERIFY((withTerms.row(4) - population.row(4)).cwiseAbs().maxCoeff() > 1e-6);
        // Row 3's logits differ from the population's by exactly gamma[:, 2].
        const Eigen::MatrixXd gamma = grouped.terms().artistOffsets(theta);
        const Eigen::VectorXd logRatio = (withTerms.row(3).array().log() - population.row(3).array().log()).transpose();
        const Eigen::VectorXd expected = gamma.col(2);
        QVERIFY(((logRatio.array() - logRatio.mean()) - (expected.array() - expected.mean())).abs().maxCoeff() < 1e-10);

        // With the spreads the pipeline gives (a row naming no artist is one unknown artist,
        // spread 1), rows 0-2 and 4 average over that artist's offset and leave the zero-offset
        // prediction; row 3, whose artist is seen, is unchanged bit for bit.
        Design integrated = design;
        integrated.unseenArtistSpread = {1.0, 1.0, 1.0, 0.0, 1.0};
        const Eigen::MatrixXd predictive = built->classProbabilities(theta, integrated);
        for (int r : {0, 1, 2, 4}) QVERIFY((predictive.row(r) - withTerms.row(r)).cwiseAbs().maxCoeff() > 1e-6);
        QVERIFY(predictive.row(3) == withTerms.row(3));
        QVERIFY((predictive.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
    }

    // The predictive of a row with unseen artists, E[softmax(logits + gamma)] over gamma ~
    // N(0, diag(spread sigma_artist)^2), against 400,000 plain Monte Carlo draws. Tolerance per
    // class: sd_c (the class probability's standard deviation under gamma), which is 4 standard
    // errors of a 16-draw plain Monte Carlo mean; the model's antithetic pairs only lower its error.
    // The reference's own error, sd_c / 632, is negligible beside it.
    void unseenArtistPredictiveMatchesMonteCarlo_data() {
        QTest::addColumn<QString>("model");
        QTest::newRow("ard") << "ard";
        QTest::newRow("mlp") << "mlp";
    }
    void unseenArtistPredictiveMatchesMonteCarlo() {
        QFETCH(QString, model);
        const GroupedSample s = groupedSample(40, 6, 5, 3, 2.0, 2.0, 3);
        const auto data = makeModelData(s.x, s.y, 3, {}, {}, s.groups);
        const auto built = makeModel(groupedSpec(model.toStdString(), true, false), data);
        Rng rng(11);
        Eigen::VectorXd theta = built->samplePrior(rng);
        const ParameterBlock* sigmaBlock = built->layout().find("sigma_artist");
        QVERIFY(sigmaBlock);
        const Eigen::Vector3d sigma(1.5, 0.7, 2.5);
        for (int c = 0; c < 3; ++c) theta[sigmaBlock->index(c)] = std::log(sigma[c]);
        // Row 0 names no artist (spread 1), row 1 names artist 2 and two unseen ones (1/3 each,
        // spread sqrt(2)/3), row 2 names two unseen artists (spread sqrt(2)/2), row 3 artist 1 only.
        Design seen{s.x.topRows(4), {}, {}, {}};
        const std::vector<std::vector<std::int32_t>> ids{{}, {2}, {}, {1}};
        const std::vector<std::vector<double>> weights{{}, {1.0 / 3.0}, {}, {1.0}};
        for (int r = 0; r < 4; ++r) seen.artists.appendRow(ids[static_cast<std::size_t>(r)], weights[static_cast<std::size_t>(r)]);
        Design unseen = seen;
        unseen.unseenArtistSpread = {1.0, std::sqrt(2.0) / 3.0, std::sqrt(2.0) / 2.0, 0.0};
        const Eigen::MatrixXd mode = built->classProbabilities(theta, seen);
        const Eigen::MatrixXd predictive = built->classProbabilities(theta, unseen);
        QVERIFY(predictive.row(3) == mode.row(3));

        const int draws = 400000;
        Rng reference(12345);
        for (int r = 0; r < 3; ++r) {
            const double spread = unseen.unseenArtistSpread[static_cast<std::size_t>(r)];
            const Eigen::Array3d logits = mode.row(r).transpose().array().log();
            Eigen::Array3d sum = Eigen::Array3d::Zero(), sumSquares = Eigen::Array3d::Zero();
            for (int d = 0; d < draws; ++d) {
                Eigen::Array3d p;
                for (int c = 0; c < 3; ++c) p[c] = logits[c] + spread * sigma[c] * reference.normal();
                p = (p - p.maxCoeff()).exp();
                p /= p.sum();
                sum += p;
                sumSquares += p * p;
            }
            const Eigen::Array3d mean = sum / draws;
            const Eigen::Array3d sd = (sumSquares / draws - mean * mean).sqrt();
            const Eigen::Array3d error = (predictive.row(r).transpose().array() - mean).abs();
            QVERIFY2((error <= sd).all(), qPrintable(QString("row %1: error %2 %3 %4, sd %5 %6 %7").arg(r)
                                                         .arg(error[0]).arg(error[1]).arg(error[2]).arg(sd[0]).arg(sd[1]).arg(sd[2])));
            // The integral is not the mode: the zero-offset prediction lies far outside the reference's error.
            QVERIFY(((mode.row(r).transpose().array() - mean).abs() > 20.0 * sd / std::sqrt(double(draws))).any());
        }
    }

    // The unseen-artist draws come from each row's features: the same row gets the same
    // draws in any block, and the posterior predictive is the same on 1 and 3 threads
    // (rows beyond one 512-row block, so the threads split the rows).
    void unseenArtistPredictiveIsTheSameOnAnyThreadCount() {
        const GroupedSample s = groupedSample(40, 6, 5, 3, 2.0, 2.0, 3);
        const auto data = makeModelData(s.x, s.y, 3, {}, {}, s.groups);
        const auto built = makeModel(groupedSpec("mlp", true, false), data);
        Rng rng(21);
        const Eigen::Index rows = 1300;
        Design design;
        design.x.resize(rows, s.x.cols());
        for (Eigen::Index r = 0; r < rows; ++r) {
            for (Eigen::Index j = 0; j < s.x.cols(); ++j) design.x(r, j) = rng.normal();
            const int kind = static_cast<int>(r % 3);  // seen, 1 of 2 seen, none named
            const std::vector<std::int32_t> id = kind == 2 ? std::vector<std::int32_t>{} : std::vector<std::int32_t>{static_cast<std::int32_t>(r % 6)};
            design.artists.appendRow(id, std::vector<double>(id.size(), kind == 0 ? 1.0 : 0.5));
            design.unseenArtistSpread.push_back(kind == 0 ? 0.0 : kind == 1 ? 0.5 : 1.0);
        }
        Posterior posterior;
        posterior.method = "prior";
        Chain chain;
        chain.draws.resize(3, built->dim());
        for (int d = 0; d < 3; ++d) chain.draws.row(d) = built->samplePrior(rng).transpose();
        posterior.chains.push_back(chain);

        const Eigen::VectorXd theta = chain.draws.row(0).transpose();
        const Eigen::MatrixXd whole = built->classProbabilities(theta, design);
        // The same draws in a 9-row block: equal up to the matrix products' rounding (other draws
        // would differ by about 1e-2).
        QVERIFY((built->classProbabilities(theta, design.middleRows(700, 9)) - whole.middleRows(700, 9)).cwiseAbs().maxCoeff() < 1e-13);
        const auto one = posteriorPredictive(posterior, *built, design, nullptr, 1000, 1);
        const auto three = posteriorPredictive(posterior, *built, design, nullptr, 1000, 3);
        QCOMPARE(one.drawsUsed, std::size_t{3});
        QVERIFY(one.probabilities == three.probabilities);
        // Unseen-artist rows differ from the same draws' zero-offset prediction (the integral acts).
        Design seenOnly = design;
        seenOnly.unseenArtistSpread.clear();
        const Eigen::MatrixXd zeroOffset = built->classProbabilities(theta, seenOnly);
        QVERIFY((whole.row(2) - zeroOffset.row(2)).cwiseAbs().maxCoeff() > 1e-6);
        QVERIFY(whole.row(0) == zeroOffset.row(0));
    }

    // The Results views' numbers: per artist its training rows and raw class shares beside the
    // mean of its offsets over the draws; the title cues as the largest mean token weights.
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
        // NUTS on the linear model with artist effects (the issue's NUTS goal, small): two chains
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

// Group-term predictions for rows whose artists were never seen in training: rows without a
// known artist or token get the population's prediction; the predictive for unseen artists
// (integrated over the artist prior) against Monte Carlo; and the same numbers on any thread count.
#include "GroupTermsSample.h"
#include "eval/Predictive.h"
#include "infer/Posterior.h"
#include "models/GroupedModel.h"
#include "models/ModelSpec.h"
#include "util/Rng.h"

#include <QtTest>

#include <cmath>
#include <vector>

using namespace genrelab;
using genrelab::testing::GroupedSample;
using genrelab::testing::groupedSample;
using genrelab::testing::groupedSpec;

class TestUnseenArtists : public QObject {
    Q_OBJECT
private slots:
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
        Design design{s.x.topRows(5), {}, {}, {}, {}, {}};
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
        Design seen{s.x.topRows(4), {}, {}, {}, {}, {}};
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
};

QTEST_APPLESS_MAIN(TestUnseenArtists)
#include "tst_unseenartists.moc"

// The song-copy term (ModelTerms.h, SongCopies.h): the class shares of a row's song copies among
// the training rows, exactly on a small example (a training row never counts itself); the
// term's gradient against finite differences (full batch, minibatches, beside artist effects);
// its coordinates in every minibatch; and that test labels never reach it: permuting the labels
// of test rows leaves every prediction bit for bit the same.
#include "GradientCheck.h"
#include "SongCopiesSample.h"
#include "data/Csv.h"
#include "data/Prepare.h"
#include "data/SongCopies.h"
#include "data/Table.h"
#include "models/GroupedModel.h"
#include "models/ModelSpec.h"
#include "run/RunPipeline.h"
#include "util/Rng.h"

#include <QtTest>

#include <cmath>

using namespace genrelab;

namespace {

using genrelab::testing::gradientError;
using genrelab::testing::pairSpec;
using genrelab::testing::pairTable;
using genrelab::testing::rowOf;

// 40 rows, 3 classes, 2 features; 5 artists; song s = r % 12 (copies of a song share its
// artist), its copy shares from the training labels as SongCopies computes them.
std::shared_ptr<const ModelData> copySample() {
    Rng rng(4);
    const int rows = 40, classes = 3;
    Eigen::MatrixXd x(rows, 2);
    Eigen::VectorXi y(rows);
    std::vector<std::string> keys;
    std::vector<int> labels;
    for (int r = 0; r < rows; ++r) {
        x(r, 0) = rng.normal();
        x(r, 1) = rng.normal();
        y[r] = static_cast<int>(rng.below(3));
        keys.push_back(r % 9 == 8 ? std::string() : "song " + std::to_string(r % 12));
        labels.push_back(y[r]);
    }
    ModelGroups groups;
    for (int a = 0; a < 5; ++a) groups.artistNames.push_back("artist " + std::to_string(a));
    for (int r = 0; r < rows; ++r) {
        const std::vector<std::int32_t> ids{(r % 12) % 5};
        groups.artists.appendRow(ids, std::vector<double>{1.0});
    }
    groups.songCopies = SongCopies(keys, labels, classes).ofTrainingRows();
    return makeModelData(x, y, classes, {}, {}, groups);
}

} // namespace

class TestSongCopies : public QObject {
    Q_OBJECT
private slots:
    void sharesOfTheOtherTrainingCopies() {
        // Song "a" in training under classes 0, 0, 2; song "b" once under 1; a row without a song.
        const SongCopies copies({"a", "a", "b", "", "a"}, {0, 0, 1, 2, 2}, 3);
        const SparseRows train = copies.ofTrainingRows();
        QCOMPARE(train.rows(), std::size_t{5});
        using Row = std::vector<std::pair<std::int32_t, double>>;
        QCOMPARE(rowOf(train, 0), (Row{{0, 0.5}, {2, 0.5}}));  // its other copies: one 0, one 2
        QCOMPARE(rowOf(train, 1), (Row{{0, 0.5}, {2, 0.5}}));
        QCOMPARE(rowOf(train, 2), Row{});                      // no other copy of "b"
        QCOMPARE(rowOf(train, 3), Row{});                      // no song
        QCOMPARE(rowOf(train, 4), (Row{{0, 1.0}}));            // both others are class 0
        // Rows outside training see every training copy.
        const SparseRows other = copies.ofOtherRows({"a", "b", "c", ""});
        QCOMPARE(rowOf(other, 0), (Row{{0, 2.0 / 3.0}, {2, 1.0 / 3.0}}));
        QCOMPARE(rowOf(other, 1), (Row{{1, 1.0}}));
        QCOMPARE(rowOf(other, 2), Row{});
        QCOMPARE(rowOf(other, 3), Row{});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SongCopies({"a"}, {3}, 3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SongCopies({"a", "b"}, {0}, 3));
    }

    void preparedSongCopiesReadTrainingLabelsOnly() {
        // Prepared rows against SongCopies on the split's training labels.
        const Table t = pairTable({});
        const RunSpec spec = pairSpec();
        const PreparedData d = prepareData(t, spec.prep, spec.split);
        QCOMPARE(d.groupsTest.songCopies.rows(), d.split.test.size());
        std::vector<int> labels(d.yTrain.data(), d.yTrain.data() + d.yTrain.size());
        const SongCopies copies(d.groupsTrain.songKeys, labels, d.classes());
        QCOMPARE(d.groupsTrain.songCopies, copies.ofTrainingRows());
        QCOMPARE(d.groupsTest.songCopies, copies.ofOtherRows(d.groupsTest.songKeys));
        std::size_t withCopies = 0;
        for (std::size_t r = 0; r < d.groupsTest.songCopies.rows(); ++r) withCopies += d.groupsTest.songCopies.idsOf(r).empty() ? 0 : 1;
        QVERIFY(withCopies > 30);  // four copies per song: nearly every test row has one in training
        // Without a title column there are no songs, and no song-copy rows.
        PrepOptions noTitle = spec.prep;
        noTitle.groups.titleColumn.reset();
        QCOMPARE(prepareData(t, noTitle, spec.split).groupsTest.songCopies.rows(), std::size_t{0});
    }

    void gradientsMatchFiniteDifferences_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("artists");
        for (const char* name : {"flat", "hier-studentt", "mlp"}) {
            QTest::newRow((std::string(name) + " copies").c_str()) << QString(name) << false;
            QTest::newRow((std::string(name) + " copies and artists").c_str()) << QString(name) << true;
        }
    }
    void gradientsMatchFiniteDifferences() {
        QFETCH(QString, model);
        QFETCH(bool, artists);
        ModelSpec spec;
        setModelByName(spec, model.toStdString());
        spec.regression.precision = spec.mlp.precision = KernelPrecision::Double;
        spec.mlp.hidden = {4};
        spec.terms.artistEffects = artists;
        spec.terms.songCopies = true;
        spec.terms.copyScale = 1.5;
        const auto built = makeModel(spec, copySample());
        QVERIFY(dynamic_cast<const GroupedModel*>(built.get()));
        QVERIFY(built->layout().find("copy_weight"));
        Rng rng(9);
        Eigen::VectorXd theta(built->dim());
        for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = 0.8 * rng.normal();
        const double full = gradientError(*built, theta, nullptr);
        QVERIFY2(full < 1e-6, qPrintable(QString("full batch: %1").arg(full)));
        const Minibatch batch{{0, 12, 24, 8, 17, 12}};  // rows of one song, a repeated row, a row without a song
        const double mini = gradientError(*built, theta, &batch);
        QVERIFY2(mini < 1e-6, qPrintable(QString("minibatch: %1").arg(mini)));
        // The copy weights are global: every batch lists them whole.
        std::vector<Eigen::Index> coordinates;
        std::vector<double> shares;
        built->batchCoordinates(batch, coordinates, shares);
        const auto* block = built->layout().find("copy_weight");
        for (Eigen::Index i = 0; i < 9; ++i) {
            const auto it = std::find(coordinates.begin(), coordinates.end(), block->offset + i);
            QVERIFY(it != coordinates.end());
            QCOMPARE(shares[static_cast<std::size_t>(it - coordinates.begin())], 1.0);
        }
    }

    void copyWeightsMoveTheLogitsByTheShares() {
        // A row whose copies are half class 0 and half class 2 adds (v[:, 0] + v[:, 2]) / 2 to
        // its logits: probabilities against a hand softmax, exact to rounding.
        ModelSpec spec;
        setModelByName(spec, "flat");
        spec.regression.precision = KernelPrecision::Double;
        spec.terms.songCopies = true;
        const auto model = makeModel(spec, copySample());
        const auto& grouped = dynamic_cast<const GroupedModel&>(*model);
        Eigen::VectorXd theta = Eigen::VectorXd::Zero(model->dim());
        const auto* block = model->layout().find("copy_weight");
        for (Eigen::Index i = 0; i < 9; ++i) theta[block->offset + i] = 0.25 * static_cast<double>(i) - 1.0;
        Design design;
        design.x = Eigen::MatrixXd::Zero(2, 2);
        design.songCopies.appendRow(std::vector<std::int32_t>{0, 2}, std::vector<double>{0.5, 0.5});
        design.songCopies.appendRow(std::vector<std::int32_t>{}, std::vector<double>{});
        const Eigen::MatrixXd p = model->classProbabilities(theta, design);
        const Eigen::MatrixXd v = grouped.terms().copyWeights(theta);
        const Eigen::VectorXd logits = 0.5 * (v.col(0) + v.col(2));
        const Eigen::VectorXd expected = logits.array().exp() / logits.array().exp().sum();
        for (int c = 0; c < 3; ++c) {
            QVERIFY(std::fabs(p(0, c) - expected[c]) < 1e-12);
            QVERIFY(std::fabs(p(1, c) - 1.0 / 3.0) < 1e-12);  // no copies: the base model (all zero)
        }
        // The outputs carry the weights, labelled by class.
        const auto* out = model->outputLayout().find("copy_weight");
        QVERIFY(out);
        QCOMPARE(out->rows, Eigen::Index{3});
        QCOMPARE(out->cols, Eigen::Index{3});
        QCOMPARE(model->outputs(theta).segment(out->offset, 9), theta.segment(block->offset, 9));
    }

    void commandLineTakesSongCopiesWithAGroupedModel() {
        const std::vector<std::string> columns{"--artist-column", "A", "--title-column", "T"};
        const auto parse = [&](std::vector<std::string> args) {
            args.insert(args.end(), columns.begin(), columns.end());
            return specFromArguments(args, RunSpec{});
        };
        QVERIFY(!RunSpec{}.model.terms.songCopies);  // specs (JSON, sessions) say it themselves
        QVERIFY(parse({"--artist-effects"}).model.terms.songCopies);
        QVERIFY(parse({"--title-tokens"}).model.terms.songCopies);
        QVERIFY(!parse({"--artist-effects", "--no-song-copies"}).model.terms.songCopies);
        QVERIFY(!parse({}).model.terms.songCopies);  // no group term: the numeric model stays as it is
        QVERIFY(!specFromArguments({"--artist-effects", "--artist-column", "A"}, RunSpec{}).model.terms.songCopies);
        // The arguments of a spec give the spec back, with the term and without it.
        for (const bool copies : {true, false}) {
            RunSpec spec = parse({"--artist-effects"});
            spec.model.terms.songCopies = copies;
            QCOMPARE(specFromArguments(specToArguments(spec), RunSpec{}), spec);
        }
    }

    void permutedTestLabelsLeavePredictionsUnchanged() {
        // Swap the labels of test pairs (rows 2k, 2k+1 both in test). The stratified split draws
        // each class's k-th row by a seeded order of ranks, and a swap within a pair keeps every
        // rank, so the split is the same; a leak of test labels into the copy features (or
        // anything else) would change the fit or the test predictions.
        const RunSpec spec = pairSpec();
        const Table original = pairTable({});
        const PreparedData d = prepareData(original, spec.prep, spec.split);
        std::vector<std::size_t> swapped;
        for (std::size_t k = 0; k < 60; ++k) {
            const bool both = std::binary_search(d.split.test.begin(), d.split.test.end(), 2 * k) &&
                              std::binary_search(d.split.test.begin(), d.split.test.end(), 2 * k + 1);
            if (both) swapped.push_back(k);
        }
        QVERIFY2(swapped.size() >= 3, qPrintable(QString("pairs wholly in test: %1").arg(swapped.size())));
        const Table permuted = pairTable(swapped);
        const RunResult a = runPipeline(original, spec);
        const RunResult b = runPipeline(permuted, spec);
        QCOMPARE(b.data.split.test, a.data.split.test);
        QCOMPARE(b.data.split.train, a.data.split.train);
        QVERIFY(b.data.yTest != a.data.yTest);
        QCOMPARE(b.data.groupsTest.songCopies, a.data.groupsTest.songCopies);
        QCOMPARE(b.testPredictive.probabilities, a.testPredictive.probabilities);
        QVERIFY(b.test.accuracy != a.test.accuracy || b.test.logPredictive != a.test.logPredictive);
    }
};

QTEST_APPLESS_MAIN(TestSongCopies)
#include "tst_songcopies.moc"

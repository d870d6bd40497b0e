// The artist-song term (ModelTerms.h, ArtistSongs.h): the class shares of a row's artists' other
// songs among the training rows, exactly on a small example (a training row leaves out its own
// song, itself and its copies; a row of two artists counts both); the prepared rows against it;
// the term's gradient against finite differences (full batch, minibatches, beside artist effects
// and song copies); its coordinates in every minibatch; the command line's default and the
// spec's round trips; a new file's rows read it as the split's rows do; and test labels never
// reach it: permuting the labels of test rows leaves every prediction bit for bit the same.
#include "GradientCheck.h"
#include "SongCopiesSample.h"
#include "data/ArtistSongs.h"
#include "data/Prepare.h"
#include "data/SongCopies.h"
#include "models/GroupedModel.h"
#include "run/NewRows.h"
#include "run/RunPipeline.h"
#include "util/Rng.h"

#include <QtTest>

using namespace genrelab;
using genrelab::testing::gradientError;
using genrelab::testing::pairSpec;
using genrelab::testing::pairTable;
using genrelab::testing::rowOf;
using Row = std::vector<std::pair<std::int32_t, double>>;

namespace {

SparseRows artistRows(const std::vector<std::vector<std::int32_t>>& artists) {
    SparseRows rows;
    for (const auto& ids : artists) rows.appendRow(ids, std::vector<double>(ids.size(), 1.0 / static_cast<double>(std::max<std::size_t>(ids.size(), 1))));
    return rows;
}

// 40 rows, 3 classes, 2 features; 5 artists (every fifth row names two); song s = r % 12.
std::shared_ptr<const ModelData> artistSongSample() {
    Rng rng(6);
    const int rows = 40, classes = 3;
    Eigen::MatrixXd x(rows, 2);
    Eigen::VectorXi y(rows);
    std::vector<std::string> keys;
    std::vector<std::vector<std::int32_t>> artists;
    for (int r = 0; r < rows; ++r) {
        x(r, 0) = rng.normal();
        x(r, 1) = rng.normal();
        y[r] = static_cast<int>(rng.below(3));
        keys.push_back(r % 9 == 8 ? std::string() : "song " + std::to_string(r % 12));
        const std::int32_t song = r % 12;
        artists.push_back(song % 4 == 3 ? std::vector<std::int32_t>{song % 5, (song + 1) % 5} : std::vector<std::int32_t>{song % 5});
    }
    const std::vector<int> labels(y.data(), y.data() + rows);
    ModelGroups groups;
    for (int a = 0; a < 5; ++a) groups.artistNames.push_back("artist " + std::to_string(a));
    groups.artists = artistRows(artists);
    groups.songCopies = SongCopies(keys, labels, classes).ofTrainingRows();
    groups.artistSongs = ArtistSongs(groups.artists, keys, labels, classes).ofTrainingRows();
    return makeModelData(x, y, classes, {}, {}, groups);
}

} // namespace

class TestArtistSongs : public QObject {
    Q_OBJECT
private slots:
    void sharesOfTheArtistsOtherSongs() {
        // Artist 0: song a twice (classes 0, 1), song b (2), song c with artist 1 (0); artist 1:
        // song c, a row without a title (1), song d (2).
        const SparseRows artists = artistRows({{0}, {0}, {0}, {0, 1}, {1}, {1}});
        const ArtistSongs songs(artists, {"a", "a", "b", "c", "", "d"}, {0, 1, 2, 0, 1, 2}, 3);
        const SparseRows train = songs.ofTrainingRows();
        QCOMPARE(train.rows(), std::size_t{6});
        QCOMPARE(rowOf(train, 0), (Row{{0, 0.5}, {2, 0.5}}));  // b and c: song a's copies left out
        QCOMPARE(rowOf(train, 1), (Row{{0, 0.5}, {2, 0.5}}));
        QCOMPARE(rowOf(train, 2), (Row{{0, 2.0 / 3.0}, {1, 1.0 / 3.0}}));  // a, a, c
        // Two artists: artist 0's a, a, b and artist 1's untitled row and d (c left out of both).
        QCOMPARE(rowOf(train, 3), (Row{{0, 0.2}, {1, 0.4}, {2, 0.4}}));
        QCOMPARE(rowOf(train, 4), (Row{{0, 0.5}, {2, 0.5}}));  // no title: only itself left out
        QCOMPARE(rowOf(train, 5), (Row{{0, 0.5}, {1, 0.5}}));
        // Other rows: every training row of their artists but those of their own song.
        const SparseRows other = songs.ofOtherRows(artistRows({{0}, {0}, {1}, {}, {7}}), {"a", "new", "", "x", "y"});
        QCOMPARE(rowOf(other, 0), (Row{{0, 0.5}, {2, 0.5}}));  // as a training copy of a sees it
        QCOMPARE(rowOf(other, 1), (Row{{0, 0.5}, {1, 0.25}, {2, 0.25}}));
        QCOMPARE(rowOf(other, 2), (Row{{0, 1.0 / 3.0}, {1, 1.0 / 3.0}, {2, 1.0 / 3.0}}));
        QCOMPARE(rowOf(other, 3), Row{});  // no artist
        QCOMPARE(rowOf(other, 4), Row{});  // not a training artist
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ArtistSongs(artistRows({{0}}), {"a"}, {3}, 3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ArtistSongs(artistRows({{0}}), {"a", "b"}, {0, 1}, 3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, songs.ofOtherRows(artistRows({{0}}), {"a", "b"}));
    }

    void preparedArtistSongsReadTrainingLabelsOnly() {
        const Table t = pairTable({});
        const RunSpec spec = pairSpec();
        const PreparedData d = prepareData(t, spec.prep, spec.split);
        const std::vector<int> labels(d.yTrain.data(), d.yTrain.data() + d.yTrain.size());
        const ArtistSongs songs(d.groupsTrain.artists, d.groupsTrain.songKeys, labels, d.classes());
        QCOMPARE(d.groupsTrain.artistSongs, songs.ofTrainingRows());
        QCOMPARE(d.groupsTest.artistSongs, songs.ofOtherRows(d.groupsTest.artists, d.groupsTest.songKeys));
        std::size_t withShares = 0;
        for (std::size_t r = 0; r < d.groupsTest.artistSongs.rows(); ++r) withShares += d.groupsTest.artistSongs.idsOf(r).empty() ? 0 : 1;
        QCOMPARE(withShares, d.split.test.size());  // 30 songs over 7 artists: every artist has other songs
        // Without a title column every training row leaves out itself only; without an artist column there are none.
        PrepOptions noTitle = spec.prep;
        noTitle.groups.titleColumn.reset();
        const PreparedData untitled = prepareData(t, noTitle, spec.split);
        QCOMPARE(untitled.groupsTrain.artistSongs,
                 ArtistSongs(untitled.groupsTrain.artists, std::vector<std::string>(labels.size()), labels, d.classes()).ofTrainingRows());
        PrepOptions noArtist = spec.prep;
        noArtist.groups.artistColumn.reset();
        QCOMPARE(prepareData(t, noArtist, spec.split).groupsTest.artistSongs.rows(), std::size_t{0});
    }

    void gradientsMatchFiniteDifferences_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("others");
        for (const char* name : {"flat", "hier-studentt", "mlp"}) {
            QTest::newRow((std::string(name) + " artist songs").c_str()) << QString(name) << false;
            QTest::newRow((std::string(name) + " with artists and copies").c_str()) << QString(name) << true;
        }
    }
    void gradientsMatchFiniteDifferences() {
        QFETCH(QString, model);
        QFETCH(bool, others);
        ModelSpec spec;
        setModelByName(spec, model.toStdString());
        spec.regression.precision = spec.mlp.precision = KernelPrecision::Double;
        spec.mlp.hidden = {4};
        spec.terms.artistSongs = true;
        spec.terms.artistEffects = spec.terms.songCopies = others;
        spec.terms.copyScale = 1.5;
        const auto built = makeModel(spec, artistSongSample());
        const auto* block = built->layout().find("artist_song_weight");
        QVERIFY(block);
        QCOMPARE(block->size(), Eigen::Index{9});
        Rng rng(10);
        Eigen::VectorXd theta(built->dim());
        for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = 0.8 * rng.normal();
        const double full = gradientError(*built, theta, nullptr);
        QVERIFY2(full < 1e-6, qPrintable(QString("full batch: %1").arg(full)));
        const Minibatch batch{{0, 3, 15, 8, 17, 3}};  // two-artist rows, a repeated row, a row without a song
        const double mini = gradientError(*built, theta, &batch);
        QVERIFY2(mini < 1e-6, qPrintable(QString("minibatch: %1").arg(mini)));
        std::vector<Eigen::Index> coordinates;
        std::vector<double> shares;
        built->batchCoordinates(batch, coordinates, shares);
        for (Eigen::Index i = 0; i < 9; ++i) {  // global weights: every batch lists them whole
            const auto it = std::find(coordinates.begin(), coordinates.end(), block->offset + i);
            QVERIFY(it != coordinates.end());
            QCOMPARE(shares[static_cast<std::size_t>(it - coordinates.begin())], 1.0);
        }
        // The outputs carry the weights, labelled by class on both axes.
        const auto* out = built->outputLayout().find("artist_song_weight");
        QVERIFY(out);
        QCOMPARE(built->outputs(theta).segment(out->offset, 9), theta.segment(block->offset, 9));
    }

    void commandLineTakesArtistSongsWithArtistEffects() {
        const auto parse = [](std::vector<std::string> args) {
            args.insert(args.end(), {"--artist-column", "A", "--title-column", "T"});
            return specFromArguments(args, RunSpec{});
        };
        QVERIFY(!RunSpec{}.model.terms.artistSongs);  // specs (JSON, sessions) say it themselves
        QVERIFY(parse({"--artist-effects"}).model.terms.artistSongs);
        QVERIFY(!parse({"--artist-effects", "--no-artist-songs"}).model.terms.artistSongs);
        QVERIFY(!parse({"--title-tokens"}).model.terms.artistSongs);
        QVERIFY(parse({"--title-tokens", "--artist-songs"}).model.terms.artistSongs);
        QVERIFY(!parse({}).model.terms.artistSongs);
        QVERIFY(!specFromArguments({"--artist-effects"}, RunSpec{}).model.terms.artistSongs);  // no artist column
        for (const bool on : {true, false}) {
            RunSpec spec = parse({"--artist-effects"});
            spec.model.terms.artistSongs = on;
            QCOMPARE(specFromArguments(specToArguments(spec), RunSpec{}), spec);
            QCOMPARE(specFromJson(specToJson(spec), "spec.json"), spec);
        }
    }

    void newRowsReadTheTermAsTheSplitDoes() {
        RunSpec spec = pairSpec();
        spec.model.terms.artistSongs = true;
        spec.svi.steps = 20;
        const Table t = pairTable({});
        const RunResult r = runPipeline(t, spec);
        const NewRows fresh = newRowsDesign(r, spec, t);
        for (std::size_t k = 0; k < r.data.split.test.size(); ++k)
            QCOMPARE(rowOf(fresh.design.artistSongs, r.data.split.test[k]), rowOf(r.testDesign.artistSongs, k));
        // A training row read again as a new track leaves out its own song, as in training.
        for (std::size_t k = 0; k < r.data.split.train.size(); ++k)
            QCOMPARE(rowOf(fresh.design.artistSongs, r.data.split.train[k]), rowOf(r.trainDesign.artistSongs, k));
    }

    void permutedTestLabelsLeavePredictionsUnchanged() {
        RunSpec spec = pairSpec();
        spec.model.terms.artistSongs = true;
        const Table original = pairTable({});
        const PreparedData d = prepareData(original, spec.prep, spec.split);
        std::vector<std::size_t> swapped;
        for (std::size_t k = 0; k < 60; ++k)
            if (std::binary_search(d.split.test.begin(), d.split.test.end(), 2 * k) &&
                std::binary_search(d.split.test.begin(), d.split.test.end(), 2 * k + 1))
                swapped.push_back(k);
        QVERIFY2(swapped.size() >= 3, qPrintable(QString("pairs wholly in test: %1").arg(swapped.size())));
        const RunResult a = runPipeline(original, spec);
        const RunResult b = runPipeline(pairTable(swapped), spec);
        QCOMPARE(b.data.split.test, a.data.split.test);
        QVERIFY(b.data.yTest != a.data.yTest);
        QCOMPARE(b.data.groupsTest.artistSongs, a.data.groupsTest.artistSongs);
        QCOMPARE(b.testPredictive.probabilities, a.testPredictive.probabilities);
    }
};

QTEST_APPLESS_MAIN(TestArtistSongs)
#include "tst_artistsongs.moc"

// Facts about the real Kaggle file, read through GENRELAB_REAL_DATA (skipped when unset).
#include "data/ClassNames.h"
#include "data/Prepare.h"
#include "data/QualityReport.h"
#include "data/Table.h"
#include "run/RunPipeline.h"

#include "TestPrinters.h"

#include <QtTest>

#include <cmath>
#include <set>
#include <string_view>

using namespace genrelab;

class TestRealData : public QObject {
    Q_OBJECT
    std::string path_;
    std::optional<Table> table_;

private slots:
    void initTestCase() {
        path_ = qEnvironmentVariable("GENRELAB_REAL_DATA").toStdString();
        if (path_.empty() || !QFileInfo::exists(QString::fromStdString(path_)))
            QSKIP("GENRELAB_REAL_DATA is unset or names no file: the real-data checks are skipped "
                  "(set it to the Kaggle music_genre_train.csv to run them)");
        table_ = readTable(path_);
    }

    void rowsMissingAndClasses() {
        const Table& t = *table_;
        QCOMPARE(t.rows(), std::size_t{17996});
        QCOMPARE(t.column(*t.indexOf("Popularity")).missingCount, std::size_t{428});
        QCOMPARE(t.column(*t.indexOf("key")).missingCount, std::size_t{2014});
        QCOMPARE(t.column(*t.indexOf("instrumentalness")).missingCount, std::size_t{4377});
        QCOMPARE(t.classCounts(), (std::vector<std::size_t>{625, 1373, 1272, 402, 387, 1447, 2587, 576, 1854, 2524, 4949}));
        QCOMPARE(t.featureColumns().size(), std::size_t{14});
        QCOMPARE(t.column(*t.indexOf("Artist Name")).kind, ColumnKind::Text);
        QCOMPARE(t.column(*t.indexOf("Track Name")).kind, ColumnKind::Text);
    }

    void findsTheUnitMixAndTheInformativeGaps() {
        ClassNames names;
        if (auto found = findClassNamesFor(path_)) names = readClassNames(*found);
        const QualityReport r = inspectTable(*table_, names);
        QCOMPARE(r.unitMixes.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(r.unitMixes[0].column), QString("duration_in min/ms"));
        QCOMPARE(r.unitMixes[0].smallRows, std::size_t{2580});
        QCOMPARE(r.unitMixes[0].factor, 60000.0);
        bool instrumentalness = false, keyZero = false, unitInformative = false;
        for (const auto& a : r.artifacts) {
            if (a.kind == "informative_missing" && a.column == "instrumentalness") {
                instrumentalness = true;
                QVERIFY(a.byClass[5].rate() > 0.55);   // HipHop ~60%
                QVERIFY(a.byClass[7].rate() < 0.01);   // Instrumental ~0.2%
            }
            keyZero |= a.kind == "missing_may_be_zero" && a.column == "key";
            if (a.kind == "informative_unit") {
                unitInformative = true;
                QCOMPARE(a.byClass[1].flagged, std::size_t{0});  // Alt_Music: never minutes
                QCOMPARE(a.byClass[7].rate(), 1.0);              // Instrumental: always minutes
            }
        }
        QVERIFY(instrumentalness);
        QVERIFY(keyZero);
        QVERIFY(unitInformative);
    }

    // The grouped facts of ISSUE12 "What the file holds", found by the report itself. Artist
    // fields are counted as written (trimmed); songs compare artist and title trimmed and
    // case-insensitively; the split is the project's stratified 80/20 with seed 1.
    void groupedFindingsOfTheIssue() {
        ClassNames names;
        if (auto found = findClassNamesFor(path_)) names = readClassNames(*found);
        GroupInspection inspection;
        inspection.groups.artistColumn = "Artist Name";
        inspection.groups.titleColumn = "Track Name";
        inspection.split.seed = 1;
        const QualityReport r = inspectTable(*table_, names, inspection);
        auto figure = [&](const std::string& kind, const std::string& name) {
            for (const auto& a : r.artifacts)
                if (a.kind == kind)
                    for (const auto& [key, value] : a.figures)
                        if (key == name) return value;
            qFatal("no figure %s of %s", name.c_str(), kind.c_str());
        };
        QCOMPARE(figure("artists", "distinct_fields"), 9149.0);
        QCOMPARE(figure("artists", "single_track_fields"), 5866.0);
        QCOMPARE(figure("duplicate_conflict", "songs"), 1672.0);
        QCOMPARE(figure("duplicate_conflict", "identical_numeric"), 1465.0);
        QCOMPARE(figure("duplicate_conflict", "conflicting"), 1582.0);
        QCOMPARE(figure("duplicate_conflict", "cannot_be_right"), 1780.0);
        QCOMPARE(figure("duplicate_conflict", "identical_rows"), 0.0);
        QVERIFY(std::fabs(figure("duplicate_conflict", "ceiling") - (1.0 - 1780.0 / 17996.0)) < 1e-12);
        for (const auto& a : r.artifacts)
            if (a.kind == "duplicate_conflict") QCOMPARE(a.rows, std::size_t{3571});
        const double testRows = figure("split_overlap", "test_rows");
        QCOMPARE(testRows, 3600.0);
        // Golden values of this split. ISSUE12 states 14.7% with the song in training, on a split
        // not reproducible here: the expectation over random 20% test sets is 16.5%, and this
        // split holds 617 (17.1%). A row counts as "artist seen" when any artist its field names
        // has a training row (66.2%); with whole fields as written it is 2,280 (63.3%), the issue's 63%.
        QCOMPARE(figure("split_overlap", "test_rows_seen_song"), 617.0);
        QCOMPARE(figure("split_overlap", "test_rows_seen_artist"), 2382.0);
        const Split split = stratifiedSplit(table_->classOfRow(), inspection.split);
        const Column& artist = table_->column(*table_->indexOf("Artist Name"));
        std::set<std::string> trainFields;
        for (std::size_t r : split.train) trainFields.insert(artist.texts[r]);
        const auto seenFields = std::count_if(split.test.begin(), split.test.end(), [&](std::size_t r) { return trainFields.count(artist.texts[r]) > 0; });
        QCOMPARE(seenFields, 2280);
        qInfo("test rows with their song in training: %.0f (%.2f%%), with an artist seen in training: %.0f (%.2f%%); "
              "artists after splitting: %.0f (%.0f single-track), multi-artist fields %.0f",
              figure("split_overlap", "test_rows_seen_song"), 100.0 * figure("split_overlap", "test_rows_seen_song") / testRows,
              figure("split_overlap", "test_rows_seen_artist"), 100.0 * figure("split_overlap", "test_rows_seen_artist") / testRows,
              figure("artists", "distinct"), figure("artists", "single_track"), figure("artists", "multi_artist_fields"));
    }

    // The grouped splits on the real file: nothing crosses, and the class shares of the test rows
    // stay within 1 percentage point of the file's (sizes within 1% of the 3,600 asked for).
    void groupedSplitsKeepSongsAndArtistsApart() {
        PrepOptions options;
        options.groups.artistColumn = "Artist Name";
        options.groups.titleColumn = "Track Name";
        const auto counts = table_->classCounts();
        for (auto kind : {SplitKind::Song, SplitKind::Artist}) {
            SplitOptions split;
            split.seed = 1;
            split.kind = kind;
            const PreparedData d = prepareData(*table_, options, split);
            QVERIFY(d.overlap.has_value());
            QCOMPARE(d.overlap->testRowsSeenSong, std::size_t{0});
            if (kind == SplitKind::Artist) QCOMPARE(d.overlap->testRowsSeenArtist, std::size_t{0});
            const auto testRows = static_cast<double>(d.xTest.rows());
            QVERIFY2(std::fabs(testRows - 3600.0) <= 36.0, qPrintable(QString::number(testRows)));
            double worst = 0;
            for (std::size_t c = 0; c < counts.size(); ++c) {
                const double share = static_cast<double>((d.yTest.array() == static_cast<int>(c)).count()) / testRows;
                worst = std::max(worst, std::fabs(share - static_cast<double>(counts[c]) / 17996.0));
            }
            qInfo("%s split: %.0f test rows, %zu training artists, largest class-share gap %.4f", std::string(splitKindName(kind)).c_str(),
                  testRows, d.artistVocabulary.size(), worst);
            QVERIFY(worst <= 0.01);
            QVERIFY(d.splitNotes.empty());
        }
    }

    // The report's distinct counts are those of an ordered set of the values.
    void distinctCountsOfEveryColumn() {
        const QualityReport r = inspectTable(*table_);
        for (std::size_t c = 0; c < table_->columnCount(); ++c) {
            const Column& column = table_->column(c);
            std::size_t expected = 0;
            if (column.kind == ColumnKind::Text) {
                std::set<std::string_view> values;
                for (std::size_t row = 0; row < column.texts.size(); ++row)
                    if (!column.missing[row]) values.insert(column.texts[row]);
                expected = values.size();
            } else {
                std::set<double> values;
                for (std::size_t row = 0; row < column.numbers.size(); ++row)
                    if (!column.missing[row]) values.insert(column.numbers[row]);
                expected = values.size();
            }
            QCOMPARE(r.columns[c].distinct, expected);
        }
    }

    // A short SVI fit on the study split: every split's reliability bins hold its rows, ECE is
    // their weighted gap, macro F1 the mean of the per-class F1, top-2 at least top-1.
    void evaluationOfAShortFitIsConsistent() {
        RunSpec spec;
        setModelByName(spec.model, "flat");
        spec.svi.steps = 300;
        spec.guideDraws = 200;
        const RunResult r = runPipeline(*table_, spec);
        for (const auto& [m, rows] : {std::pair{&r.train, r.data.xTrain.rows()}, {&r.test, r.data.xTest.rows()}}) {
            long counted = 0;
            double ece = 0;
            for (const ReliabilityBin& bin : m->reliability) {
                counted += bin.count;
                if (bin.count > 0) ece += static_cast<double>(bin.count) / static_cast<double>(rows) * std::fabs(bin.accuracy - bin.meanConfidence);
            }
            QCOMPARE(counted, static_cast<long>(rows));
            QVERIFY(std::fabs(ece - m->ece) < 1e-12);
            double macro = 0;
            for (const ClassMetrics& k : m->perClass) macro += k.f1 / 11.0;
            QVERIFY(std::fabs(macro - m->macroF1) < 1e-12);
            QVERIFY(m->top2Accuracy >= m->accuracy && m->top2Accuracy <= 1.0);
            QVERIFY(m->accuracy > 0.3);  // above the majority class alone (0.275)
        }
    }

    void studySplitSizes() {
        const PreparedData d = prepareData(*table_, PrepOptions{}, SplitOptions{});
        QCOMPARE(d.xTrain.rows(), Eigen::Index{14396});
        QCOMPARE(d.xTest.rows(), Eigen::Index{3600});
        QCOMPARE(d.xTrain.cols(), Eigen::Index{14});
        QVERIFY(d.xTrain.allFinite());
        // Standardized on the training rows: every column has mean 0 there.
        QVERIFY((d.xTrain.colwise().mean().array().abs() < 1e-9).all());
    }
};

QTEST_MAIN(TestRealData)
#include "tst_realdata.moc"

// The synthetic sample: the real schema, its quirks present, and the same seed giving the same file.
#include "data/QualityReport.h"
#include "data/Synth.h"
#include "data/Table.h"

#include "TestPrinters.h"

#include <QtTest>

using namespace genrelab;

class TestSynth : public QObject {
    Q_OBJECT
private slots:
    void sameSeedSameBytes() {
        QCOMPARE(synthesizeMusicGenreCsv({500, 9}), synthesizeMusicGenreCsv({500, 9}));
        QVERIFY(synthesizeMusicGenreCsv({500, 9}) != synthesizeMusicGenreCsv({500, 10}));
    }

    void hasTheRealSchemaAndQuirks() {
        const std::string csv = synthesizeMusicGenreCsv({4000, 1});
        const Table t = parseTable(csv, "synth.csv");
        QCOMPARE(t.rows(), std::size_t{4000});
        QCOMPARE(t.columnCount(), std::size_t{17});
        QCOMPARE(t.column(0).kind, ColumnKind::Text);
        QCOMPARE(t.column(1).kind, ColumnKind::Text);
        QCOMPARE(t.featureColumns().size(), std::size_t{14});
        QCOMPARE(t.classLabels().size(), std::size_t{11});

        const QualityReport r = inspectTable(t);
        QCOMPARE(r.unitMixes.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(r.unitMixes[0].column), QString("duration_in min/ms"));
        QCOMPARE(r.unitMixes[0].factor, 60000.0);
        // About 14% of rows in minutes, as in the real file (binomial sd ~0.55%: 5 sd bounds).
        const double minutesShare = double(r.unitMixes[0].smallRows) / 4000.0;
        QVERIFY2(minutesShare > 0.115 && minutesShare < 0.17, qPrintable(QString::number(minutesShare)));

        bool instrumentalnessInformative = false, keyMaybeZero = false, imbalance = false;
        for (const auto& a : r.artifacts) {
            instrumentalnessInformative |= a.kind == "informative_missing" && a.column == "instrumentalness";
            keyMaybeZero |= a.kind == "missing_may_be_zero" && a.column == "key";
            imbalance |= a.kind == "class_imbalance";
        }
        QVERIFY(instrumentalnessInformative);
        QVERIFY(keyMaybeZero);
        QVERIFY(imbalance);
        // Rock is the largest class, as in the real file.
        const auto counts = t.classCounts();
        QCOMPARE(std::max_element(counts.begin(), counts.end()) - counts.begin(), 10);
    }

    void classNamesFileParses() {
        const Table t = parseTable(musicGenreClassNamesCsv(), "classes.csv");
        QCOMPARE(t.rows(), std::size_t{11});
        QCOMPARE(QString::fromStdString(t.column(1).texts[7]), QString("Instrumental"));
    }

    void bundledSampleIsTheGeneratorsOutput() {
        // data/music_genre_sample.csv is `genrelab-cli synth --rows 2000 --seed 1`; keep them in step.
        QFile file(GENRELAB_SAMPLE_CSV);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().toStdString(), synthesizeMusicGenreCsv({2000, 1}));
    }
};

QTEST_APPLESS_MAIN(TestSynth)
#include "tst_synth.moc"

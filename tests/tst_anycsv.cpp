// Other exports of track features, made by synth's tracks schema: other column names, booleans,
// repeated ids, placeholder values, 100+ classes and 100k+ rows. Each finding is checked exactly
// against the rows the generator placed.
#include "data/Prepare.h"
#include "data/QualityReport.h"
#include "data/ReportFormat.h"
#include "data/Synth.h"
#include "data/Table.h"
#include "run/RunSpec.h"

#include "CliTestSupport.h"
#include "TestPrinters.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <fstream>

using namespace genrelab;

namespace {

TableOptions tracksTarget() {
    TableOptions o;
    o.target = "track_genre";
    return o;
}

std::vector<const Artifact*> findingsOfKind(const QualityReport& r, const std::string& kind) {
    std::vector<const Artifact*> out;
    for (const auto& a : r.artifacts)
        if (a.kind == kind) out.push_back(&a);
    return out;
}

double figure(const Artifact& a, const std::string& name) {
    for (const auto& [key, value] : a.figures)
        if (key == name) return value;
    return -1;
}

// The findings section of the text report.
QString findingsText(const QualityReport& r) {
    const QString text = QString::fromStdString(reportToText(r));
    return text.mid(text.indexOf("\nFindings ("));
}

} // namespace

class TestAnyCsv : public QObject {
    Q_OBJECT
private slots:
    void tracksSchemaIsTypedColumnByColumn() {
        SynthOptions o;
        o.schema = SynthSchema::Tracks;
        o.rows = 2200;
        o.classes = 22;
        const Table t = parseTable(synthesizeMusicGenreCsv(o), "tracks.csv", tracksTarget());
        QCOMPARE(t.columnCount(), std::size_t{21});
        QCOMPARE(t.column(0).name, std::string("column 1"));  // the unnamed index
        QCOMPARE(t.column(0).kind, ColumnKind::Id);
        QCOMPARE(t.column(*t.indexOf("track_id")).kind, ColumnKind::Text);
        QCOMPARE(t.column(*t.indexOf("explicit")).kind, ColumnKind::Boolean);
        QCOMPARE(t.column(*t.indexOf("mode")).kind, ColumnKind::Boolean);
        QCOMPARE(t.column(*t.indexOf("key")).kind, ColumnKind::Numeric);
        // popularity, duration_ms, explicit, 11 audio features (mode among them), time_signature.
        QCOMPARE(t.featureColumns().size(), std::size_t{15});
        QCOMPARE(t.classLabels().size(), std::size_t{22});
        QCOMPARE(t.classLabels().front(), std::string("genre-01-acoustic"));
        QCOMPARE(t.classLabels()[10], std::string("genre-11-rock"));
        for (std::size_t n : t.classCounts()) QCOMPARE(n, std::size_t{100});
        // A clean file: no repeated id, no suspicious value, no row without text.
        const QualityReport r = inspectTable(t);
        QVERIFY(findingsOfKind(r, "duplicate_conflict").empty());
        QVERIFY(findingsOfKind(r, "suspicious_value").empty());
        QVERIFY(findingsOfKind(r, "empty_text_rows").empty());
    }

    void booleanWordsBecomeZeroOneFeatures_data() {
        QTest::addColumn<int>("words");
        QTest::addColumn<QString>("trueWord");
        QTest::newRow("True/False") << int(BooleanWords::TrueFalseCapital) << "True";
        QTest::newRow("true/false") << int(BooleanWords::TrueFalse) << "true";
        QTest::newRow("yes/no") << int(BooleanWords::YesNo) << "yes";
        QTest::newRow("0/1") << int(BooleanWords::ZeroOne) << "1";
    }
    void booleanWordsBecomeZeroOneFeatures() {
        QFETCH(int, words);
        QFETCH(QString, trueWord);
        SynthOptions o;
        o.schema = SynthSchema::Tracks;
        o.rows = 300;
        o.classes = 3;
        o.booleans = static_cast<BooleanWords>(words);
        const std::string csv = synthesizeMusicGenreCsv(o);
        // The explicit cell is field 8 of every data line; count the true ones in the text.
        std::size_t trueCells = 0;
        const QStringList lines = QString::fromStdString(csv).split('\n', Qt::SkipEmptyParts);
        for (int i = 1; i < lines.size(); ++i) {
            const QString line = lines[i];
            // Track names may hold quoted commas; the numbers after them do not: count from the end.
            const QStringList fields = line.split(',');
            trueCells += fields[fields.size() - 14] == trueWord;
        }
        const Table t = parseTable(csv, "tracks.csv", tracksTarget());
        const Column& c = t.column(*t.indexOf("explicit"));
        QCOMPARE(c.kind, ColumnKind::Boolean);
        QCOMPARE(std::size_t(std::count(c.numbers.begin(), c.numbers.end(), 1.0)), trueCells);
        QCOMPARE(std::size_t(std::count(c.numbers.begin(), c.numbers.end(), 0.0)), 300 - trueCells);
        QVERIFY(trueCells > 0 && trueCells < 300);

        const QualityReport r = inspectTable(t);
        QVERIFY(QString::fromStdString(reportToText(r)).contains(QRegularExpression("\nexplicit +boolean ")));
        const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(reportToJson(r))).object();
        QCOMPARE(json["columns"].toArray()[int(*t.indexOf("explicit"))].toObject()["kind"].toString(), QString("boolean"));

        PrepOptions prep;
        prep.standardize = false;
        prep.features = {"explicit", "tempo"};
        SplitOptions split;
        split.seed = 1;
        const PreparedData data = prepareData(t, prep, split);
        QCOMPARE(data.transform.featureNames.front(), std::string("explicit"));
        for (Eigen::Index i = 0; i < data.xTrain.rows(); ++i) QVERIFY(data.xTrain(i, 0) == 0.0 || data.xTrain(i, 0) == 1.0);
    }

    void booleanWordsByHand() {
        const Table t = parseTable("a,b,c,d,Class\nyes,TRUE,x,0,p\nNo,false,true,1,q\nYES,,false,1,p\n", "b.csv");
        QCOMPARE(t.column(0).kind, ColumnKind::Boolean);
        QCOMPARE(t.column(0).numbers, (std::vector<double>{1, 0, 1}));
        QCOMPARE(t.column(1).kind, ColumnKind::Boolean);
        QCOMPARE(t.column(1).missingCount, std::size_t{1});
        QCOMPARE(t.column(2).kind, ColumnKind::Text);  // "x" is no boolean word
        QCOMPARE(t.column(3).kind, ColumnKind::Boolean);
        QCOMPARE(t.featureColumns(), (std::vector<std::size_t>{0, 1, 3}));
        // A target of boolean words stays labels.
        const Table labels = parseTable("x,Class\n1.5,True\n2.5,False\n", "l.csv");
        QCOMPARE(labels.classLabels(), (std::vector<std::string>{"False", "True"}));
    }

    void repeatedIdsAreDuplicateRowsOfOneItem() {
        SynthOptions o;
        o.schema = SynthSchema::Tracks;
        o.rows = 2000;
        o.classes = 20;  // blocks of 100 rows: sources 0..29 are genre 1, targets 1000..1029 genre 11
        o.repeatedIds = 30;
        const Table t = parseTable(synthesizeMusicGenreCsv(o), "tracks.csv", tracksTarget());
        const Column& ids = t.column(*t.indexOf("track_id"));
        for (std::size_t j = 0; j < 30; ++j) QCOMPARE(ids.texts[1000 + j], ids.texts[j]);
        const QualityReport r = inspectTable(t);
        const auto found = findingsOfKind(r, "duplicate_conflict");
        QCOMPARE(found.size(), std::size_t{1});
        const Artifact& a = *found[0];
        QCOMPARE(a.column, std::string("track_id"));
        QCOMPARE(a.rows, std::size_t{60});
        QCOMPARE(figure(a, "songs"), 30.0);
        QCOMPARE(figure(a, "identical_numeric"), 30.0);  // the index differs; identifiers are not compared
        QCOMPARE(figure(a, "conflicting"), 30.0);
        QCOMPARE(figure(a, "cannot_be_right"), 30.0);
        QCOMPARE(figure(a, "ceiling"), 1.0 - 30.0 / 2000.0);
        const QString note = QString::fromStdString(a.note);
        QVERIFY2(note.startsWith("30 values of the identifier 'track_id' occur more than once, in 60 rows; 30 of them are identical"),
                 qPrintable(note));
        QVERIFY2(note.contains("most often genre-01-acoustic / genre-11-rock (30)"), qPrintable(note));
        QVERIFY2(note.contains("accuracy is capped at 0.985"), qPrintable(note));
        // The running index repeats nothing: no finding for it.
        for (const Artifact* d : found) QVERIFY(d->column != "column 1");
    }

    // A numeric id repeated in a few rows stays an identifier, and its repeats are one finding.
    void numericIdentifierWithRepeats() {
        const Table t = parseTable("song_id,x,Class\n10,0.5,a\n11,0.6,a\n10,0.5,b\n12,0.9,b\n13,0.1,a\n11,0.7,a\n", "ids.csv");
        QCOMPARE(t.column(0).kind, ColumnKind::Id);
        QCOMPARE(t.featureColumns(), (std::vector<std::size_t>{1}));
        const QualityReport r = inspectTable(t);
        const auto found = findingsOfKind(r, "duplicate_conflict");
        QCOMPARE(found.size(), std::size_t{1});
        QCOMPARE(found[0]->column, std::string("song_id"));
        QCOMPARE(found[0]->rows, std::size_t{4});
        QCOMPARE(figure(*found[0], "songs"), 2.0);              // 10 and 11
        QCOMPARE(figure(*found[0], "identical_numeric"), 1.0);  // 10: x 0.5 twice; 11: 0.6 and 0.7
        QCOMPARE(figure(*found[0], "conflicting"), 1.0);        // 10: a and b
        QCOMPARE(figure(*found[0], "cannot_be_right"), 1.0);
        QCOMPARE(figure(*found[0], "ceiling"), 5.0 / 6.0);
        // Over half the values repeated: a code, so a feature.
        const Table code = parseTable("song_id,Class\n1,a\n1,b\n2,a\n2,b\n", "code.csv");
        QCOMPARE(code.column(0).kind, ColumnKind::Numeric);
    }

    void identifierNames() {
        for (const char* name : {"id", "ID", "Index", "Unnamed: 0", "track_id", "Song ID", "album-id", "trackId"})
            QVERIFY2(identifierName(name), name);
        for (const char* name : {"valid", "VALID", "paid", "idle", "android", "tid"}) QVERIFY2(!identifierName(name), name);
    }

    void placeholderValuesAreSuspiciousWithTheirRows() {
        SynthOptions o;
        o.schema = SynthSchema::Tracks;
        o.rows = 4000;
        o.classes = 40;
        o.placeholderRows = 30;
        o.emptyTextRows = 7;
        o.spikeRows = 60;
        const SynthAnomalyRows placed = synthAnomalyRows(o);
        QCOMPARE(placed.placeholders.size(), std::size_t{30});
        const Table t = parseTable(synthesizeMusicGenreCsv(o), "tracks.csv", tracksTarget());
        const QualityReport r = inspectTable(t);

        // Exactly these values, in column order: duration_ms 0, tempo 0, tempo 120, time_signature 0.
        QCOMPARE(r.suspiciousValues.size(), std::size_t{4});
        const std::vector<std::pair<std::string, double>> expected = {{"duration_ms", 0}, {"tempo", 0}, {"tempo", 120}, {"time_signature", 0}};
        for (std::size_t i = 0; i < 4; ++i) {
            const SuspiciousValue& s = r.suspiciousValues[i];
            QCOMPARE(s.column, expected[i].first);
            QCOMPARE(s.value, expected[i].second);
            QCOMPARE(s.kind, std::string(s.value == 0 ? "isolated_zero" : "spike"));
            QCOMPARE(s.rows, s.value == 0 ? placed.placeholders : placed.spikes);
        }
        const auto suspicious = findingsOfKind(r, "suspicious_value");
        QCOMPARE(suspicious.size(), std::size_t{4});
        const QString zeroNote = QString::fromStdString(suspicious[0]->note);
        QVERIFY2(zeroNote.startsWith("30 rows hold exactly 0 while every other value is at least "), qPrintable(zeroNote));
        QVERIFY2(zeroNote.contains("(lines " + QString::number(placed.placeholders[0] + 2) + ", "), qPrintable(zeroNote));
        QVERIFY2(zeroNote.contains("and 25 more)"), qPrintable(zeroNote));
        QVERIFY(QString::fromStdString(suspicious[2]->note).startsWith("60 rows (1.5%) hold exactly 120, "));

        QCOMPARE(r.rowsWithoutText, placed.emptyTexts);
        const auto empty = findingsOfKind(r, "empty_text_rows");
        QCOMPARE(empty.size(), std::size_t{1});
        QCOMPARE(empty[0]->rows, std::size_t{7});
        QVERIFY2(QString::fromStdString(empty[0]->note).startsWith("7 rows have every text field (artists, album_name, track_name) empty"),
                 qPrintable(QString::fromStdString(empty[0]->note)));

        const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(reportToJson(r))).object();
        QCOMPARE(json["suspicious_values"].toArray().size(), 4);
        QCOMPARE(json["suspicious_values"].toArray()[2].toObject()["value"].toDouble(), 120.0);
        QCOMPARE(json["suspicious_values"].toArray()[2].toObject()["row_indices"].toArray().size(), 60);
        QCOMPARE(json["rows_without_text"].toArray().size(), 7);

        // Treated as missing: 3 x 30 zeros and 60 spikes become missing cells, imputed.
        PrepOptions prep;
        prep.suspiciousAsMissing = true;
        prep.missingIndicators = true;
        SplitOptions split;
        split.seed = 1;
        const PreparedData data = prepareData(t, prep, split);
        QCOMPARE(data.suspiciousMarked, std::size_t{150});
        QCOMPARE(describeSuspiciousMarked(data),
                 std::string("150 cells read as missing: duration_ms 0 (30 rows), tempo 0 (30 rows), tempo 120 (60 rows), time_signature 0 (30 rows)"));
        const auto& names = data.transform.featureNames;
        QVERIFY(std::find(names.begin(), names.end(), "tempo missing") != names.end());
        const PreparedData plain = prepareData(t, PrepOptions{}, split);
        QCOMPARE(plain.suspiciousMarked, std::size_t{0});
    }

    void manyClassesFindingsSummarize() {
        SynthOptions o;
        o.schema = SynthSchema::Tracks;
        o.rows = 11400;
        o.classes = 114;
        std::string csv = synthesizeMusicGenreCsv(o);
        // Empty one popularity cell (row 0: field 5 after the index): a missing-cell finding in one genre.
        const std::size_t line = csv.find('\n') + 1;
        std::size_t field = line;
        for (int i = 0; i < 5; ++i) field = csv.find(',', field) + 1;
        csv.erase(field, csv.find(',', field) - field);
        const Table t = parseTable(csv, "many.csv", tracksTarget());
        QCOMPARE(t.column(*t.indexOf("popularity")).missingCount, std::size_t{1});
        const QualityReport r = inspectTable(t);
        const auto missing = findingsOfKind(r, "missing");
        QCOMPARE(missing.size(), std::size_t{1});
        const QString note = QString::fromStdString(missing[0]->note);
        QVERIFY2(note.contains("most in genre-001-acoustic (1.0%); never in genre-002-alt-music, genre-003-blues, genre-004-bollywood, "
                               "genre-005-country and 109 more;"),
                 qPrintable(note));
        QCOMPARE(note.count("genre-"), 5);
        // The text report lists the 10 largest classes and sums up the rest.
        const QString text = QString::fromStdString(reportToText(r));
        QVERIFY(text.contains("Classes (114)\n  every class has 100 rows; the 10 largest:\n"));
        QVERIFY(text.contains("  ... and 104 more classes (all in the JSON report)\n"));
        const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(reportToJson(r))).object();
        QCOMPARE(json["class_counts"].toObject().size(), 114);
        QCOMPARE(json["artifacts"].toArray()[0].toObject()["note"].toString(), note);
    }

    // The issue's file: 114,000 rows, 21 columns, 114 genres, every anomaly; inspect's findings
    // fit on a page: 60 lines of 80 characters once wrapped.
    void inspectOfTheLargeFileFitsAPage() {
        QTemporaryDir dir;
        const QString file = dir.filePath("tracks.csv");
        const auto made = testing::runCli({"synth", "--schema", "tracks", "--rows", "114000", "--classes", "114", "--repeated-ids", "500",
                                           "--placeholder-rows", "150", "--empty-text-rows", "1", "--spike-rows", "600", "--out", file});
        QCOMPARE(made.exitCode, 0);
        const auto inspected = testing::runCli({"inspect", file, "--target", "track_genre"});
        QCOMPARE(inspected.exitCode, 0);
        const QString text = QString::fromUtf8(inspected.out);
        const QString findings = text.mid(text.indexOf("\nFindings ("));
        const QStringList lines = findings.split('\n', Qt::SkipEmptyParts);
        qsizetype wrapped = 0;
        for (const QString& l : lines) wrapped += (l.size() + 79) / 80;
        QVERIFY2(wrapped <= 60, qPrintable(QString::number(wrapped) + findings));
        QVERIFY2(findings.contains("[duplicate_conflict] track_id: 500 values of the identifier 'track_id'"), qPrintable(findings));
        QVERIFY(findings.contains("[suspicious_value] duration_ms: 150 rows hold exactly 0"));
        // 600 placed, and the odd natural 120.000 among 114,000 tempos drawn to 3 decimals.
        QVERIFY(findings.contains(QRegularExpression(R"(\[suspicious_value\] tempo: 60\d rows \(0\.5%\) hold exactly 120, )")));
        QVERIFY(findings.contains("[suspicious_value] time_signature: 150 rows hold exactly 0"));
        QVERIFY(findings.contains("[empty_text_rows] 1 row has every text field"));
        QVERIFY(text.contains(QRegularExpression("\nexplicit +boolean ")));
        QVERIFY(text.contains("\n  every class has 1,000 rows; the 10 largest:\n"));
    }

    void runReportsTheSuspiciousValuesItTreatsAsMissing() {
        QTemporaryDir dir;
        const QString file = dir.filePath("tracks.csv");
        QCOMPARE(testing::runCli({"synth", "--schema", "tracks", "--rows", "1200", "--classes", "4", "--placeholder-rows", "12",
                                  "--out", file}).exitCode, 0);
        const RunSpec spec = specFromArguments({"--suspicious-as-missing"}, RunSpec{});
        QVERIFY(spec.prep.suspiciousAsMissing);
        QCOMPARE(specToArguments(spec), (std::vector<std::string>{"--suspicious-as-missing"}));
        QVERIFY(specFromJson(specToJson(spec), "spec.json").prep.suspiciousAsMissing);
        const auto run = testing::runCli({"run", "--data", file, "--target", "track_genre", "--suspicious-as-missing", "--steps", "20",
                                          "--guide-draws", "20", "--predictive-draws", "20"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("  suspicious values   36 cells read as missing: duration_ms 0 (12 rows), tempo 0 (12 rows), "
                                  "time_signature 0 (12 rows)\n"),
                 run.out.constData());
        // Not asked for: no such line.
        const auto plain =
            testing::runCli({"run", "--data", file, "--target", "track_genre", "--steps", "20", "--guide-draws", "20", "--predictive-draws", "20"});
        QCOMPARE(plain.exitCode, 0);
        QVERIFY(!plain.out.contains("suspicious values"));
    }
};

QTEST_GUILESS_MAIN(TestAnyCsv)
#include "tst_anycsv.moc"

// The data-quality report: unit mixes, association of flags with the class, artifacts, JSON.
#include "data/QualityReport.h"
#include "data/ReportFormat.h"
#include "util/Format.h"
#include "util/Rng.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <map>
#include <set>

using namespace genrelab;

namespace {
Column numericColumn(const std::vector<double>& values) {
    Column c;
    c.name = "v";
    c.numbers = values;
    c.missing.assign(values.size(), false);
    return c;
}

const Artifact* find(const QualityReport& r, const std::string& kind, const std::string& column) {
    for (const auto& a : r.artifacts)
        if (a.kind == kind && a.column == column) return &a;
    return nullptr;
}
} // namespace

class TestQuality : public QObject {
    Q_OBJECT
private slots:
    void detectsMinutesAmongMilliseconds() {
        Rng rng(1);
        std::vector<double> v;
        for (int i = 0; i < 30; ++i) v.push_back(2.0 + 4.0 * rng.uniform());           // minutes
        for (int i = 0; i < 70; ++i) v.push_back(120000.0 + 240000.0 * rng.uniform());  // ms
        const auto mix = detectUnitMix(numericColumn(v));
        QVERIFY(mix.has_value());
        QCOMPARE(mix->factor, 60000.0);
        QCOMPARE(QString::fromStdString(mix->smallUnit), QString("minutes"));
        QCOMPARE(QString::fromStdString(mix->largeUnit), QString("milliseconds"));
        QCOMPARE(mix->smallRows, std::size_t{30});
        QCOMPARE(mix->largeRows, std::size_t{70});
        QVERIFY(mix->threshold > 6.0 && mix->threshold < 120000.0);
        for (int i = 0; i < 100; ++i) QCOMPARE(bool(mix->isSmall[static_cast<std::size_t>(i)]), i < 30);
    }

    void detectsSecondsAmongMilliseconds() {
        Rng rng(2);
        std::vector<double> v;
        for (int i = 0; i < 200; ++i) v.push_back(i % 4 == 0 ? 150 + 100 * rng.uniform() : 150000 + 100000 * rng.uniform());
        const auto mix = detectUnitMix(numericColumn(v));
        QVERIFY(mix.has_value());
        QCOMPARE(mix->factor, 1000.0);
        QCOMPARE(mix->smallRows, std::size_t{50});
    }

    void noMixInSpreadOrSignedData() {
        Rng rng(3);
        std::vector<double> spread, signedValues, fewOutliers;
        for (int i = 0; i < 500; ++i) {
            spread.push_back(std::pow(10.0, -6.0 + 6.0 * rng.uniform()));  // instrumentalness-like
            signedValues.push_back(i % 2 ? -5.0 : 5000.0);
            fewOutliers.push_back(i < 2 ? 0.001 : 100 + rng.uniform());     // 2 outliers: no cluster
        }
        QVERIFY(!detectUnitMix(numericColumn(spread)));
        QVERIFY(!detectUnitMix(numericColumn(signedValues)));
        QVERIFY(!detectUnitMix(numericColumn(fewOutliers)));
    }

    // Clusters a decade and more apart are found also when no sort is needed to rule a column
    // out: the gap may sit anywhere, the clusters may be just minCluster rows (n / 200) large.
    void unitMixFoundWhereverTheGapSits() {
        for (const double small : {0.001, 1.0, 250.0}) {
            std::vector<double> v;
            for (int i = 0; i < 2000; ++i) v.push_back(i < 10 ? small * (1.0 + 0.5 * i / 10.0) : small * 1000.0 * (1.0 + i / 2000.0));
            const auto mix = detectUnitMix(numericColumn(v));
            QVERIFY2(mix.has_value(), qPrintable(QString::number(small)));
            QCOMPARE(mix->factor, 1000.0);
            QCOMPARE(mix->smallRows, std::size_t{10});  // exactly minCluster = 2000 / 200
            for (int i = 5; i < 10; ++i) v[static_cast<std::size_t>(i)] = v[10];  // 5 small rows: too few for a cluster
            QVERIFY(!detectUnitMix(numericColumn(v)));
        }
    }

    // Distinct values as the values compare: -0 and 0 are one value, missing cells none.
    void distinctCountsCompareValues() {
        QByteArray csv = "v,t,Class\n-0,a,A\n0,a,B\n1.5,b,A\n1.5,c,B\n,,A\n";
        Rng rng(4);
        std::set<double> values{0.0, 1.5};
        for (int i = 0; i < 3000; ++i) {
            const double x = std::round(rng.uniform() * 1000.0) / 8.0;  // many repeats
            values.insert(x);
            csv += QByteArray::number(x, 'g', 17) + ",w" + QByteArray::number(i % 7) + ",A\n";
        }
        const QualityReport report = inspectTable(parseTable(csv.toStdString(), "d.csv"));
        QCOMPARE(report.columns[0].distinct, values.size());
        QCOMPARE(report.columns[1].distinct, std::size_t{3 + 7});
    }

    void repairConvertsTheMinority() {
        Table t = parseTable("d,Class\n3,A\n4,B\n180000,A\n240000,B\n300000,A\n", "u.csv");
        const UnitRepair repair{"d", 1000, 60000, UnitTarget::Majority};
        QCOMPARE(applyUnitRepair(t, repair), std::size_t{2});
        QCOMPARE(t.column(0).numbers, (std::vector<double>{180000, 240000, 180000, 240000, 300000}));
    }

    // Pearson chi-squared of a 2x2 table by the textbook shortcut N(ad-bc)^2 / (row and column
    // sums), an independent route to Cramer's V; and mutual information of known extremes.
    void associationMatchesClosedForms() {
        std::vector<int> flag, cls;
        auto add = [&](int f, int c, int n) { for (int i = 0; i < n; ++i) { flag.push_back(f); cls.push_back(c); } };
        add(1, 0, 30); add(1, 1, 10); add(0, 0, 20); add(0, 1, 40);
        const auto a = associateWithClass(flag, 2, cls, 2);
        const double chi2 = 100.0 * std::pow(30.0 * 40 - 10.0 * 20, 2) / (40.0 * 60 * 50 * 50);
        QVERIFY(std::fabs(a.cramersV - std::sqrt(chi2 / 100.0)) < 1e-12);
        const double mi = 0.3 * std::log2(0.3 / (0.4 * 0.5)) + 0.1 * std::log2(0.1 / (0.4 * 0.5)) +
                          0.2 * std::log2(0.2 / (0.6 * 0.5)) + 0.4 * std::log2(0.4 / (0.6 * 0.5));
        QVERIFY(std::fabs(a.mutualInformationBits - mi) < 1e-12);
        QVERIFY(a.pValue < 1e-3);

        const auto same = associateWithClass(cls, 2, cls, 2);  // the flag is the class
        QVERIFY(std::fabs(same.mutualInformationBits - 1.0) < 1e-12);
        QVERIFY(std::fabs(same.cramersV - 1.0) < 1e-12);

        std::vector<int> f2, c2;  // identical rates in both classes: independent
        for (int i = 0; i < 40; ++i) { f2.push_back(i % 2); c2.push_back(i / 20); }
        const auto none = associateWithClass(f2, 2, c2, 2);
        QCOMPARE(none.mutualInformationBits, 0.0);
        QCOMPARE(none.pValue, 1.0);
    }

    void reportFindsTheArtifacts() {
        QString text = "code,flat,gappy,Class\n";
        for (int i = 0; i < 60; ++i) {
            const bool big = i < 45;
            const QString code = i % 10 == 0 ? "" : QString::number(1 + i % 7);
            const QString gappy = (!big && i % 3) ? "" : QString::number(i);  // missing mostly in class B
            text += QString("%1,7,%2,%3\n").arg(code, gappy, big ? "A" : "B");
        }
        const QByteArray bytes = text.toUtf8();
        const Table t = parseTable(std::string_view(bytes.constData(), std::size_t(bytes.size())), "a.csv");
        const QualityReport r = inspectTable(t, ClassNames({{"A", "Alpha"}, {"B", "Beta"}}));
        QCOMPARE(r.rows, std::size_t{60});
        QCOMPARE(r.classNames, (std::vector<std::string>{"Alpha", "Beta"}));
        QCOMPARE(r.classCounts, (std::vector<std::size_t>{45, 15}));
        QVERIFY(find(r, "missing_may_be_zero", "code"));
        QCOMPARE(find(r, "missing_may_be_zero", "code")->rows, std::size_t{6});
        QVERIFY(find(r, "constant", "flat"));
        const Artifact* gap = find(r, "informative_missing", "gappy");
        QVERIFY(gap);
        QCOMPARE(gap->rows, std::size_t{10});
        QCOMPARE(gap->byClass[1].flagged, std::size_t{10});
        QVERIFY(QString::fromStdString(gap->note).contains("Beta (66.7%)"));
        QVERIFY(QString::fromStdString(gap->note).contains("never in Alpha"));
        QVERIFY(find(r, "class_imbalance", "Class"));
        QVERIFY(find(r, "missing_pattern", ""));
        const ColumnSummary& code = r.columns[0];
        QCOMPARE(code.missing, std::size_t{6});
        QCOMPARE(code.min, 1.0);
        QCOMPARE(code.max, 7.0);
        QVERIFY(code.integerValued);
    }

    // Columns a model cannot use are findings: words among numbers (10% here), one value
    // throughout, every cell empty. Values near the largest double give finite statistics.
    void reportNamesColumnsLeftOutOfTheFeatures() {
        QString text = "mixed,flat,empty,big,Class\n";
        for (int i = 0; i < 20; ++i)
            text += QString("%1,2.5,,%2,%3\n").arg(i % 10 == 3 ? "fast" : QString::number(i), i < 2 ? "1e308" : "-1e308", i % 2 ? "A" : "B");
        const QByteArray bytes = text.toUtf8();
        const Table t = parseTable(std::string_view(bytes.constData(), std::size_t(bytes.size())), "left-out.csv");
        const QualityReport r = inspectTable(t);
        const Artifact* mixed = find(r, "numeric_text", "mixed");
        QVERIFY(mixed);
        QCOMPARE(mixed->rows, std::size_t{2});
        QCOMPARE(mixed->note, std::string("18 of 20 present cells are numbers, but 2 are not, so the column is read as text and left "
                                          "out of the features. Mark those cells as missing (empty) to model it."));
        const Artifact* flat = find(r, "constant", "flat");
        QVERIFY(flat);
        QCOMPARE(flat->note, std::string("every present value is 2.5: the column carries no information and is left out of the features."));
        const Artifact* empty = find(r, "all_missing", "empty");
        QVERIFY(empty);
        QCOMPARE(empty->rows, std::size_t{20});
        QCOMPARE(empty->note, std::string("every cell is empty: the column is left out of the features."));
        // big: 2 x 1e308 and 18 x -1e308: mean -0.8e308, sample sd 1e308 * sqrt(20 * 0.36 / 19).
        const ColumnSummary& big = r.columns[3];
        QCOMPARE(big.max, 1e308);
        QVERIFY(std::fabs(big.mean / -0.8e308 - 1.0) < 1e-14);
        QVERIFY(std::fabs(big.sd / (1e308 * std::sqrt(20.0 * 0.36 / 19.0)) - 1.0) < 1e-14);
        const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(reportToJson(r))).object();
        for (const auto& column : json["columns"].toArray())
            if (column.toObject()["name"].toString() == "big") {
                QVERIFY(column.toObject()["mean"].isDouble());
                QVERIFY(column.toObject()["sd"].isDouble());
            }
        QVERIFY(QString::fromStdString(reportToText(r)).contains("[numeric_text] mixed"));
    }

    void jsonHasTheDocumentedShape() {
        const Table t = parseTable("Id,x,name,Class\n1,0.5,a,0\n2,,b,1\n3,2.5,c,1\n", "j.csv");
        const std::string json = reportToJson(inspectTable(t));
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o["rows"].toInt(), 3);
        QCOMPARE(o["target"].toString(), QString("Class"));
        const QJsonArray columns = o["columns"].toArray();
        QCOMPARE(columns.size(), 4);
        QCOMPARE(columns[0].toObject()["kind"].toString(), QString("id"));
        QCOMPARE(columns[1].toObject()["kind"].toString(), QString("numeric"));
        QCOMPARE(columns[1].toObject()["missing"].toInt(), 1);
        QCOMPARE(columns[2].toObject()["kind"].toString(), QString("text"));
        QCOMPARE(o["class_counts"].toObject()["0"].toInt(), 1);
        QCOMPARE(o["class_counts"].toObject()["1"].toInt(), 2);
        QVERIFY(o["artifacts"].isArray());
        for (const auto& a : o["artifacts"].toArray())
            for (const char* key : {"column", "kind", "rows", "note"}) QVERIFY(a.toObject().contains(key));

        const std::string unlabeled = reportToJson(inspectTable(parseTable("x\n1\n", "u.csv")));
        const QJsonObject u = QJsonDocument::fromJson(QByteArray::fromStdString(unlabeled)).object();
        QVERIFY(u["target"].isNull());
        QVERIFY(u["class_counts"].toObject().isEmpty());
    }

    // Class labels of one and two digits line up: names in one column, counts in the next
    // (issue 14, item 9: class 10 was shifted by its label's extra digit).
    void textReportAlignsTheClassList() {
        const std::vector<std::string> genres{"Acoustic/Folk", "Alt", "Blues", "Bollywood", "Country", "HipHop",
                                              "Indie", "Instrumental", "Metal", "Pop", "Rock"};
        std::string csv = "x,Class\n";
        std::map<std::string, std::string> names;
        for (int c = 0; c <= 10; ++c) {
            names[std::to_string(c)] = genres[static_cast<std::size_t>(c)];
            for (int k = 0; k <= c; ++k) csv += std::to_string(k) + "," + std::to_string(c) + "\n";  // class c: c + 1 rows
        }
        const QualityReport r = inspectTable(parseTable(csv, "t.csv"), ClassNames(names));
        const std::string text = reportToText(r);
        QVERIFY2(text.find("\nClasses (11)\n"
                           "   0  Acoustic/Folk            1    1.5%  #\n"
                           "   1  Alt                      2    3.0%  ##\n") != std::string::npos, text.c_str());
        QVERIFY2(text.find("\n   9  Pop                     10   15.2%  #########\n"
                           "  10  Rock                    11   16.7%  ##########\n") != std::string::npos, text.c_str());
        // Without names the labels alone, right-aligned.
        const std::string bare = reportToText(inspectTable(parseTable(csv, "t.csv")));
        QVERIFY2(bare.find("\n   0" + std::string(27, ' ') + "1    1.5%  #\n") != std::string::npos, bare.c_str());
        QVERIFY2(bare.find("\n  10" + std::string(26, ' ') + "11   16.7%  ##########\n") != std::string::npos, bare.c_str());
    }

    // Counts read as counts: a whole-number column's bounds exactly (113999, not "114000") under a
    // header whose "column" never runs into "kind", one row in the singular ("1 row misses", not
    // "1 rows miss").
    void textReportCountsExactlyAndInTheSingular() {
        const QualityReport bounds = inspectTable(parseTable("n,Class\n0,A\n113999,B\n5,A\n", "t.csv"));
        const std::string text = reportToText(bounds);
        QVERIFY2(text.find("\ncolumn kind      missing  distinct         min         max        mean          sd\n"
                           "n      numeric         0         3           0      113999       38000") != std::string::npos, text.c_str());
        const QualityReport one = inspectTable(parseTable("x,y,z,Class\n,,1,A\n1,2,3,B\n2,3,4,A\n3,4,5,B\n4,,6,\n5,6,7,A\n", "t.csv"));
        const std::string singular = reportToText(one);
        QVERIFY2(singular.find("\n  [missing_target] Class: 1 row has no class: it is left out of training and evaluation.\n") != std::string::npos,
                 singular.c_str());
        QVERIFY2(singular.find("\n  [missing_pattern] 3 different patterns of missing cells over 2 columns; 2 rows miss at least one value") !=
                     std::string::npos,
                 singular.c_str());
        const QualityReport single = inspectTable(parseTable("x,y,Class\n,,A\n1,2,B\n2,3,A\n3,4,B\n", "t.csv"));
        const std::string oneRow = reportToText(single);
        QVERIFY2(oneRow.find("\n  [missing_pattern] 2 different patterns of missing cells over 2 columns; 1 row misses at least one value") !=
                     std::string::npos,
                 oneRow.c_str());
        QCOMPARE(counted(1, "row", "rows"), std::string("1 row"));
        QCOMPARE(counted(17996, "row", "rows"), std::string("17,996 rows"));
        QCOMPARE(counted(0, "row", "rows"), std::string("0 rows"));
    }

    void textReportMentionsEveryFinding() {
        const Table t = parseTable("x,Class\n1,A\n1,B\n", "t.csv");
        const QualityReport r = inspectTable(t);
        const QString text = QString::fromStdString(reportToText(r));
        QVERIFY(text.contains("Rows     2"));
        for (const auto& a : r.artifacts) QVERIFY(text.contains(QString::fromStdString(a.kind)));
    }
};

QTEST_APPLESS_MAIN(TestQuality)
#include "tst_quality.moc"

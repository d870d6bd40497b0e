// Tests of the small utilities: JSON writing, number formatting, random streams, special functions.
#include "prob/SpecialFunctions.h"
#include "util/Format.h"
#include "util/Json.h"
#include "util/Rng.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace genrelab;

class TestUtil : public QObject {
    Q_OBJECT
private slots:
    void jsonRoundTripsThroughQt() {
        JsonWriter json;
        json.beginObject();
        json.field("text", std::string_view("a \"quoted\"\nline\t\x01"));
        json.field("count", std::size_t{17996});
        json.field("share", 0.1);
        json.field("nan", std::nan(""));
        json.field("flag", true);
        json.key("list").beginArray().value(1).value(2.5).endArray();
        json.key("empty").beginObject().endObject();
        json.endObject();
        QJsonParseError error;
        const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(json.str()), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject o = doc.object();
        QCOMPARE(o["text"].toString(), QString("a \"quoted\"\nline\t\x01"));
        QCOMPARE(o["count"].toInt(), 17996);
        QCOMPARE(o["share"].toDouble(), 0.1);
        QVERIFY(o["nan"].isNull());
        QCOMPARE(o["flag"].toBool(), true);
        QCOMPARE(o["list"].toArray().size(), 2);
        QCOMPARE(o["list"].toArray()[1].toDouble(), 2.5);
        QVERIFY(o["empty"].toObject().isEmpty());
    }

    void jsonRejectsMisuse() {
        JsonWriter json;
        json.beginObject();
        QVERIFY_THROWS_EXCEPTION(std::logic_error, json.value(1));  // a value in an object needs a key
        QVERIFY_THROWS_EXCEPTION(std::logic_error, json.endArray());
    }

    void formatting_data() {
        QTest::addColumn<QString>("got");
        QTest::addColumn<QString>("expected");
        QTest::newRow("shortest") << QString::fromStdString(shortestDouble(0.1)) << "0.1";
        QTest::newRow("shortest int") << QString::fromStdString(shortestDouble(234596.0)) << "234596";
        QTest::newRow("grouped") << QString::fromStdString(grouped(17996)) << "17,996";
        QTest::newRow("grouped small") << QString::fromStdString(grouped(625)) << "625";
        QTest::newRow("grouped million") << QString::fromStdString(grouped(-1234567)) << "-1,234,567";
        QTest::newRow("percent") << QString::fromStdString(percent(0.2432)) << "24.3%";
        QTest::newRow("significant big") << QString::fromStdString(significant(221345.7, 3)) << "221000";
        QTest::newRow("significant small") << QString::fromStdString(significant(0.059604, 4)) << "0.0596";
        QTest::newRow("significant whole") << QString::fromStdString(significant(100.0, 4)) << "100";
        QTest::newRow("fixed") << QString::fromStdString(fixed(3.14159, 2)) << "3.14";
    }
    void formatting() {
        QFETCH(QString, got);
        QFETCH(QString, expected);
        QCOMPARE(got, expected);
    }

    void rngIsReproducibleAndStreamsDiffer() {
        Rng a(42), b(42), c(42, 1);
        bool streamsDiffer = false;
        for (int i = 0; i < 100; ++i) {
            const auto x = a.next();
            QCOMPARE(x, b.next());
            streamsDiffer = streamsDiffer || x != c.next();
        }
        QVERIFY(streamsDiffer);
    }

    // Statistical checks with stated tolerances: n = 200,000 draws, 5 standard errors.
    void rngUniformAndNormalMoments() {
        Rng rng(7);
        const int n = 200000;
        double su = 0, sn = 0, sn2 = 0;
        for (int i = 0; i < n; ++i) {
            const double u = rng.uniform();
            QVERIFY(u >= 0.0 && u < 1.0);
            su += u;
            const double z = rng.normal();
            sn += z;
            sn2 += z * z;
        }
        QVERIFY(std::fabs(su / n - 0.5) < 5 * std::sqrt(1.0 / 12 / n));
        QVERIFY(std::fabs(sn / n) < 5 * std::sqrt(1.0 / n));
        QVERIFY(std::fabs(sn2 / n - 1.0) < 5 * std::sqrt(2.0 / n));
    }

    void rngBelowIsUniform() {
        Rng rng(3);
        const int k = 7, n = 70000;
        std::vector<int> counts(k, 0);
        for (int i = 0; i < n; ++i) ++counts[rng.below(k)];
        double chi2 = 0;
        for (int c : counts) chi2 += (c - n / k) * (c - n / k) / double(n / k);
        QVERIFY(chiSquaredSurvival(chi2, k - 1) > 1e-4);  // fails once in 10,000 seeds
    }

    void rngShuffleIsAPermutation() {
        Rng rng(5);
        std::vector<int> items(50);
        for (int i = 0; i < 50; ++i) items[i] = i;
        rng.shuffle(items);
        std::vector<int> sorted = items;
        std::sort(sorted.begin(), sorted.end());
        for (int i = 0; i < 50; ++i) QCOMPARE(sorted[i], i);
        QVERIFY(items != sorted);
    }

    // Reference values: chi-squared critical values from any statistics table (e.g. NIST/SEMATECH
    // e-Handbook 1.3.6.7.4): P(X > 3.841459) = 0.05 for 1 df, P(X > 18.307038) = 0.05 for 10 df,
    // P(X > 23.209251) = 0.01 for 10 df; and Q(1, x) = exp(-x).
    void gammaQMatchesTables() {
        QVERIFY(std::fabs(chiSquaredSurvival(3.841459, 1) - 0.05) < 1e-6);
        QVERIFY(std::fabs(chiSquaredSurvival(18.307038, 10) - 0.05) < 1e-6);
        QVERIFY(std::fabs(chiSquaredSurvival(23.209251, 10) - 0.01) < 1e-6);
        for (double x : {0.1, 1.0, 5.0, 30.0}) QVERIFY(std::fabs(gammaQ(1.0, x) / std::exp(-x) - 1.0) < 1e-10);
        QCOMPARE(chiSquaredSurvival(0.0, 3), 1.0);
        QVERIFY(std::isnan(gammaQ(-1.0, 1.0)));
    }
};

QTEST_APPLESS_MAIN(TestUtil)
#include "tst_util.moc"

// Tests of the small utilities: JSON writing, number formatting, random streams, special
// functions, descriptive statistics, the parallel loop and its cancellation.
#include "prob/SpecialFunctions.h"
#include "util/Cancellation.h"
#include "util/Format.h"
#include "util/Json.h"
#include "util/ParallelFor.h"
#include "util/Rng.h"
#include "util/Stats.h"
#include "util/Utf8.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>
#include <vector>

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

    // Unicode's table 3-8 cases: each maximal ill-formed subpart is one U+FFFD.
    void utf8Repair_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<int>("replaced");
        const QByteArray r("\xEF\xBF\xBD");
        QTest::newRow("valid") << QByteArray("Bj\xC3\xB6rk \xE2\x82\xAC \xF0\x9F\x8E\xB5") << QByteArray("Bj\xC3\xB6rk \xE2\x82\xAC \xF0\x9F\x8E\xB5") << 0;
        QTest::newRow("latin-1 byte") << QByteArray("Bj\xF6rk") << "Bj" + r + "rk" << 1;
        QTest::newRow("lone continuation") << QByteArray("a\x80" "b") << "a" + r + "b" << 1;
        QTest::newRow("truncated 3-byte") << QByteArray("\xE2\x82" "a") << r + "a" << 1;
        QTest::newRow("truncated at end") << QByteArray("a\xF0\x9F\x8E") << "a" + r << 1;
        QTest::newRow("overlong") << QByteArray("\xC0\xAF") << r + r << 2;
        QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << r + r + r << 3;
        QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << r + r + r + r << 4;
        QTest::newRow("table 3-8") << QByteArray("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64")
                                   << "a" + r + r + r + "b" + r + "c" + r + r + "d" << 6;
    }
    void utf8Repair() {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QFETCH(int, replaced);
        const std::string_view text(input.constData(), static_cast<std::size_t>(input.size()));
        std::size_t count = 99;
        const std::string repaired = toValidUtf8(text, &count);
        QCOMPARE(QByteArray::fromStdString(repaired), expected);
        QCOMPARE(static_cast<int>(count), replaced);
        QCOMPARE(isValidUtf8(text), replaced == 0);
        QVERIFY(isValidUtf8(repaired));
    }

    // Whatever bytes a string holds, the JSON written is valid UTF-8 (a strict parser accepts it).
    void jsonIsValidUtf8WhateverTheBytes() {
        JsonWriter json;
        json.beginObject().field(std::string_view("gen\xFFre"), std::string_view("Bj\xF6rk \xC3\xB6")).endObject();
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(json.str()), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o[QString::fromUtf8("gen\uFFFDre")].toString(), QString::fromUtf8("Bj\uFFFDrk \u00F6"));
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
        QTest::newRow("significant denormal") << QString::fromStdString(significant(1e-320, 4)) << "1e-320";
        QTest::newRow("significant negative denormal") << QString::fromStdString(significant(-2.5e-315, 3)) << "-2.5e-315";
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

    // Expected values are R's (quantile(x, p) with its default type 7, median, rank, mean, sd),
    // worked by hand: h = (n - 1) p, x[floor(h)] + frac(h) (x[floor(h) + 1] - x[floor(h)]).
    void quantileIsRType7_data() {
        QTest::addColumn<std::vector<double>>("values");
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("expected");
        const std::vector<double> odd{10, 3, 1, 4, 2}, even{4, 1, 3, 2};
        QTest::newRow("odd 0.05") << odd << 0.05 << 1.2;   // h = 0.2
        QTest::newRow("odd 0.25") << odd << 0.25 << 2.0;   // h = 1
        QTest::newRow("odd 0.5") << odd << 0.5 << 3.0;
        QTest::newRow("odd 0.95") << odd << 0.95 << 8.8;   // h = 3.8: 4 + 0.8 * 6
        QTest::newRow("odd 1") << odd << 1.0 << 10.0;
        QTest::newRow("odd 0") << odd << 0.0 << 1.0;
        QTest::newRow("even 0.05") << even << 0.05 << 1.15;  // h = 0.15
        QTest::newRow("even 0.5") << even << 0.5 << 2.5;
        QTest::newRow("even 0.95") << even << 0.95 << 3.85;  // h = 2.85
        QTest::newRow("one value") << std::vector<double>{7} << 0.3 << 7.0;
    }
    void quantileIsRType7() {
        QFETCH(std::vector<double>, values);
        QFETCH(double, p);
        QFETCH(double, expected);
        const double tolerance = 1e-12;  // the interpolation rounds once or twice
        QVERIFY2(std::fabs(stats::quantile(values, p) - expected) < tolerance, qPrintable(QString::number(stats::quantile(values, p), 'g', 17)));
        const Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
        QCOMPARE(stats::quantile(v, p), stats::quantile(values, p));
        std::vector<double> sorted = values;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(stats::quantileOfSorted(sorted, p), stats::quantile(values, p));
        const double ps[] = {p, 0.5};
        const std::vector<double> both = stats::quantiles(values, ps);
        QCOMPARE(both[0], stats::quantile(values, p));
        QCOMPARE(both[1], stats::quantile(values, 0.5));
    }

    void statisticsOfNothingAreNaN() {
        const std::vector<double> empty, withNaN{1.0, std::nan(""), 3.0}, one{2.0};
        QVERIFY(std::isnan(stats::quantile(empty, 0.5)));
        QVERIFY(std::isnan(stats::quantile(withNaN, 0.5)));
        QVERIFY(std::isnan(stats::quantile(one, 1.5)));  // no probability
        QVERIFY(std::isnan(stats::median(empty)));
        QVERIFY(std::isnan(stats::median(withNaN)));
        QVERIFY(std::isnan(stats::mean(empty)));
        QVERIFY(std::isnan(stats::sampleSd(one)));  // R: sd(2) is NA
        QVERIFY(std::isnan(stats::averageRanks(withNaN)[0]));
        QVERIFY(stats::averageRanks(empty).empty());
    }

    void medianRanksMeanAndSdAreRs() {
        QCOMPARE(stats::median(std::vector<double>{3, 1, 2}), 2.0);
        QCOMPARE(stats::median(std::vector<double>{4, 1, 3, 2}), 2.5);
        QCOMPARE(stats::median(std::vector<double>{5, 5, 1, 9, 9, 9}), 7.0);
        QCOMPARE(stats::medianOfSorted(std::vector<double>{1, 2, 3, 10}), 2.5);
        // rank(c(10, 20, 10, 30, 20, 20)) = 1.5 4 1.5 6 4 4
        QCOMPARE(stats::averageRanks(std::vector<double>{10, 20, 10, 30, 20, 20}), (std::vector<double>{1.5, 4, 1.5, 6, 4, 4}));
        QCOMPARE(stats::averageRanks(std::vector<double>{3, 1, 2}), (std::vector<double>{3, 1, 2}));
        const std::vector<double> x{1, 2, 3, 4};
        QCOMPARE(stats::mean(x), 2.5);
        QVERIFY(std::fabs(stats::sampleVariance(x) - 5.0 / 3.0) < 1e-15);       // var(1:4)
        QVERIFY(std::fabs(stats::sampleSd(x) - 1.2909944487358056) < 1e-15);     // sd(1:4)
        const Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXd>(x.data(), 4);
        QCOMPARE(stats::sampleSd(v), stats::sampleSd(x));
        QCOMPARE(stats::median(v), 2.5);
    }

    void parallelForRunsEveryIndexOnceWithinTheThreadLimit_data() {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("threads");
        QTest::newRow("more tasks than threads") << 40 << 3;
        QTest::newRow("more threads than tasks") << 2 << 8;
        QTest::newRow("one thread") << 5 << 1;
        QTest::newRow("zero tasks") << 0 << 4;
    }
    void parallelForRunsEveryIndexOnceWithinTheThreadLimit() {
        QFETCH(int, count);
        QFETCH(int, threads);
        std::vector<std::atomic<int>> runs(static_cast<std::size_t>(count));
        std::atomic<int> running{0}, mostAtOnce{0};
        parallelFor(static_cast<std::size_t>(count), threads, [&](std::size_t i, const CancellationToken&) {
            const int now = ++running;
            for (int seen = mostAtOnce.load(); now > seen && !mostAtOnce.compare_exchange_weak(seen, now);) {}
            std::this_thread::sleep_for(std::chrono::milliseconds(2));  // overlap, so the limit is tested
            ++runs[i];
            --running;
        });
        for (const auto& r : runs) QCOMPARE(r.load(), 1);
        QVERIFY(mostAtOnce.load() <= std::min(count, threads));
        if (count >= threads && threads > 1) QVERIFY(mostAtOnce.load() > 1);  // it is parallel at all
    }

    void parallelForTakesIndicesInOrder() {
        std::vector<std::size_t> order;
        parallelFor(6, 1, [&](std::size_t i, const CancellationToken&) { order.push_back(i); });
        QCOMPARE(order, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5}));
    }

    // Task 3 throws at once; the others poll the token and would run for 2 s each if nobody
    // stopped them. The error arrives in the caller after every thread joined, well before that.
    void parallelForStopsTheRestAndRethrowsTheFirstError() {
        std::atomic<int> started{0}, finishedNormally{0}, sawCancel{0};
        const auto start = std::chrono::steady_clock::now();
        bool caught = false;
        try {
            parallelFor(50, 4, [&](std::size_t i, const CancellationToken& token) {
                ++started;
                if (i == 3) throw std::runtime_error("task 3 failed");
                for (int k = 0; k < 2000; ++k) {
                    if (token.cancelled()) {
                        ++sawCancel;
                        return;
                    }
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                }
                ++finishedNormally;
            });
        } catch (const std::runtime_error& error) {
            caught = true;
            QCOMPARE(QString(error.what()), QString("task 3 failed"));
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QVERIFY(caught);
        QVERIFY2(seconds < 1.5, qPrintable(QString::number(seconds)));
        QVERIFY(started.load() <= 7);  // indices 0-3 at most, then the ones taken before the failure was seen
        QCOMPARE(finishedNormally.load(), 0);
        QCOMPARE(sawCancel.load(), started.load() - 1);
    }

    // One thread, three indices of three turns each: the turns go round, 0 1 2 0 1 2 ..., so
    // no index waits for another to finish.
    void parallelTurnsGoRoundInOrder() {
        std::vector<std::size_t> order;
        std::vector<int> turnsLeft{3, 3, 3};
        parallelTurns(3, 1, [&](std::size_t i, const CancellationToken&) {
            order.push_back(i);
            return --turnsLeft[i] > 0;
        });
        QCOMPARE(order, (std::vector<std::size_t>{0, 1, 2, 0, 1, 2, 0, 1, 2}));
    }

    // Two threads, five indices of 20 turns each (of different lengths): every index gets all
    // its turns, never two at once; no index finishes before every index has had a turn.
    void parallelTurnsGiveEveryIndexItsTurnsOneAtATime() {
        constexpr std::size_t count = 5;
        std::vector<std::atomic<int>> turns(count), inTurn(count);
        std::atomic<int> overlaps{0}, startedIndices{0}, firstFinishSawStarted{-1};
        parallelTurns(count, 2, [&](std::size_t i, const CancellationToken&) {
            if (++inTurn[i] > 1) ++overlaps;
            if (turns[i] == 0) ++startedIndices;
            std::this_thread::sleep_for(std::chrono::microseconds(200 * (i + 1)));
            const int done = ++turns[i];
            --inTurn[i];
            if (done == 20) {
                int unset = -1;
                firstFinishSawStarted.compare_exchange_strong(unset, startedIndices.load());
            }
            return done < 20;
        });
        for (const auto& t : turns) QCOMPARE(t.load(), 20);
        QCOMPARE(overlaps.load(), 0);
        QCOMPARE(firstFinishSawStarted.load(), int(count));
    }

    void parallelTurnsRethrowTheFirstError() {
        std::atomic<int> turns{0};
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, parallelTurns(4, 2, [&](std::size_t i, const CancellationToken&) {
            if (i == 2 && ++turns > 3) throw std::runtime_error("index 2 failed");
            return true;  // would go on for ever
        }));
    }

    void cancellingStopsNewTasks() {
        CancellationToken cancel;
        std::atomic<int> ran{0};
        parallelFor(100, 2, [&](std::size_t i, const CancellationToken& token) {
            ++ran;
            if (i == 4) {
                cancel.cancel();
                QVERIFY(token.cancelled());  // the loop's token follows the caller's
            }
            if (i > 4) std::this_thread::sleep_for(std::chrono::milliseconds(200));  // ample time for index 4's cancel
        }, cancel);
        QVERIFY(ran.load() >= 5);
        QVERIFY(ran.load() <= 6);  // the other thread may have taken index 5 before the cancel
        std::atomic<int> none{0};
        parallelFor(10, 2, [&](std::size_t, const CancellationToken&) { ++none; }, cancel);  // cancelled before the start
        QCOMPARE(none.load(), 0);
    }

    void cancellationTokensShareAndNest() {
        CancellationToken parent;
        const CancellationToken copy = parent, child = parent.child();
        QVERIFY(!copy.cancelled());
        child.cancel();
        QVERIFY(child.cancelled());
        QVERIFY(!parent.cancelled());  // a child's cancel stays below it
        const CancellationToken other = parent.child();
        parent.cancel();
        QVERIFY(copy.cancelled());
        QVERIFY(other.cancelled());
    }
};

QTEST_APPLESS_MAIN(TestUtil)
#include "tst_util.moc"

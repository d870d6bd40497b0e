// Predictive metrics on small hand-made examples with exact answers.
#include "eval/Metrics.h"

#include <QtTest>

#include <cmath>

using namespace genrelab;

class TestMetrics : public QObject {
    Q_OBJECT
private slots:
    void exactNumbersOnFourRows() {
        Eigen::MatrixXd p(4, 3);
        p << 0.7, 0.2, 0.1,   // true 0, predicted 0
             0.1, 0.6, 0.3,   // true 1, predicted 1
             0.5, 0.4, 0.1,   // true 1, predicted 0
             0.2, 0.2, 0.6;   // true 2, predicted 2
        Eigen::VectorXi y(4);
        y << 0, 1, 1, 2;
        const PredictiveMetrics m = evaluatePredictions(p, y, 10);
        QCOMPARE(m.accuracy, 0.75);
        QCOMPARE(m.confusion(1, 0), 1);
        QCOMPARE(m.confusion(1, 1), 1);
        QCOMPARE(m.confusion.sum(), 4);
        QVERIFY(std::fabs(m.logPredictive - (std::log(0.7) + std::log(0.6) + std::log(0.4) + std::log(0.6)) / 4) < 1e-12);
        const double brier = ((0.09 + 0.04 + 0.01) + (0.01 + 0.16 + 0.09) + (0.25 + 0.36 + 0.01) + (0.04 + 0.04 + 0.16)) / 4;
        QVERIFY(std::fabs(m.brier - brier) < 1e-12);
        // class 0: precision 1/2, recall 1 -> F1 2/3; class 1: precision 1, recall 1/2 -> 2/3; class 2: 1
        QVERIFY(std::fabs(m.perClass[0].precision - 0.5) < 1e-12);
        QVERIFY(std::fabs(m.perClass[1].recall - 0.5) < 1e-12);
        QVERIFY(std::fabs(m.macroF1 - (2.0 / 3 + 2.0 / 3 + 1.0) / 3) < 1e-12);
        QCOMPARE(m.perClass[1].support, 2L);
        // ECE with 10 bins: confidences 0.7 (bin 7, right), 0.6 and 0.6 (bin 6, both right),
        // 0.5 (bin 5, wrong): |1 - 0.7| + |2 - 1.2| + |0 - 0.5| over 4 rows.
        QVERIFY(std::fabs(m.ece - (0.3 + 0.8 + 0.5) / 4) < 1e-12);
    }

    // Standard errors over rows, by hand on three rows. Correct per row 1, 0, 1: mean 2/3,
    // squared deviations 1/9 + 4/9 + 1/9 = 2/3, sample variance 1/3, SE sqrt(1/3 / 3) = 1/3.
    // log p per row ln 0.8, ln 0.4, ln 0.7: mean -0.4987031, deviations 0.2755595, -0.4175877,
    // 0.1420281, squares 0.0759331 + 0.1743795 + 0.0201720 = 0.2704846, SE sqrt(0.2704846 / 2 / 3)
    // = 0.2123223.
    void standardErrorsOverRowsOnThreeRows() {
        Eigen::MatrixXd p(3, 2);
        p << 0.8, 0.2,   // true 0, right
             0.4, 0.6,   // true 0, wrong
             0.3, 0.7;   // true 1, right
        Eigen::VectorXi y(3);
        y << 0, 0, 1;
        const PredictiveMetrics m = evaluatePredictions(p, y);
        QVERIFY(std::fabs(m.accuracy - 2.0 / 3) < 1e-15);
        QVERIFY(std::fabs(m.accuracySe - 1.0 / 3) < 1e-15);
        QVERIFY(std::fabs(m.logPredictive - (-0.4987031)) < 1e-7);
        QVERIFY(std::fabs(m.logPredictiveSe - 0.2123223) < 1e-7);
        // One row has no spread to measure: NaN, not 0; an empty set too.
        const PredictiveMetrics one = evaluatePredictions(p.topRows(1), y.head(1));
        QVERIFY(std::isnan(one.accuracySe) && std::isnan(one.logPredictiveSe));
        const PredictiveMetrics none = evaluatePredictions(Eigen::MatrixXd(0, 2), Eigen::VectorXi(0));
        QVERIFY(std::isnan(none.accuracySe) && std::isnan(none.logPredictiveSe));
    }

    void perfectAndEmpty() {
        Eigen::MatrixXd p = Eigen::MatrixXd::Identity(3, 3);
        Eigen::VectorXi y(3);
        y << 0, 1, 2;
        const PredictiveMetrics m = evaluatePredictions(p, y);
        QCOMPARE(m.accuracy, 1.0);
        QCOMPARE(m.macroF1, 1.0);
        QCOMPARE(m.brier, 0.0);
        QCOMPARE(m.ece, 0.0);
        QVERIFY(std::isnan(evaluatePredictions(Eigen::MatrixXd(0, 3), Eigen::VectorXi(0)).accuracy));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, evaluatePredictions(p, Eigen::VectorXi::Zero(2)));
    }

    // Ties rank the lower class first, as the argmax does: top-1 of that order is the prediction.
    void topTwoAccuracyWithTies() {
        Eigen::MatrixXd p(5, 4);
        p << 0.4, 0.4, 0.2, 0.0,      // true 1: tied with 0 for first, so second -> in
             0.3, 0.3, 0.3, 0.1,      // true 2: classes 0 and 1 tie with it and rank ahead -> out
             0.25, 0.25, 0.25, 0.25,  // true 1: only class 0 ranks ahead -> in
             0.1, 0.2, 0.3, 0.4,      // true 0: last -> out
             0.1, 0.6, 0.1, 0.2;      // true 3: second -> in
        Eigen::VectorXi y(5);
        y << 1, 2, 1, 0, 3;
        const PredictiveMetrics m = evaluatePredictions(p, y);
        QCOMPARE(m.top2Accuracy, 0.6);
        QCOMPARE(m.accuracy, 0.0);  // predictions 0, 0, 0, 3, 1
        // With two classes the true class is always among the top two.
        Eigen::MatrixXd two(2, 2);
        two << 0.9, 0.1, 0.5, 0.5;
        Eigen::VectorXi y2(2);
        y2 << 1, 1;
        QCOMPARE(evaluatePredictions(two, y2).top2Accuracy, 1.0);
    }

    // A class that is present but never predicted has precision 0 (no predictions, not NaN),
    // recall 0, F1 0, and it still counts in the unweighted mean.
    void macroF1WithAClassNeverPredicted() {
        Eigen::MatrixXd p(4, 3);
        p << 0.8, 0.1, 0.1,   // true 0, predicted 0
             0.6, 0.3, 0.1,   // true 0, predicted 0
             0.2, 0.7, 0.1,   // true 1, predicted 1
             0.1, 0.5, 0.4;   // true 2, predicted 1
        Eigen::VectorXi y(4);
        y << 0, 0, 1, 2;
        const PredictiveMetrics m = evaluatePredictions(p, y);
        QCOMPARE(m.perClass[0].f1, 1.0);
        QVERIFY(std::fabs(m.perClass[1].f1 - 2.0 / 3) < 1e-14);  // precision 1/2, recall 1
        QCOMPARE(m.perClass[2].precision, 0.0);
        QCOMPARE(m.perClass[2].recall, 0.0);
        QCOMPARE(m.perClass[2].f1, 0.0);
        QVERIFY(std::fabs(m.macroF1 - 5.0 / 9) < 1e-14);
    }

    // 15 equal-width bins of the top-class probability, [k/15, (k+1)/15), 1 in the last bin;
    // an empty bin has NaN confidence and accuracy and adds nothing to ECE.
    void reliabilityBinsAndEce() {
        Eigen::MatrixXd p(5, 3);
        p << 0.95, 0.05, 0.0,  // true 0, right, bin 14
             0.05, 0.95, 0.0,  // true 0, wrong, bin 14
             1.0, 0.0, 0.0,    // true 0, right, confidence 1: bin 14
             0.5, 0.3, 0.2,    // true 2, wrong, bin 7
             0.45, 0.35, 0.2;  // true 0, right, bin 6
        Eigen::VectorXi y(5);
        y << 0, 0, 0, 2, 0;
        const PredictiveMetrics m = evaluatePredictions(p, y);
        QCOMPARE(static_cast<int>(m.reliability.size()), kCalibrationBins);
        QCOMPARE(kCalibrationBins, 15);
        long rows = 0;
        for (int b = 0; b < 15; ++b) {
            const ReliabilityBin& bin = m.reliability[static_cast<std::size_t>(b)];
            QCOMPARE(bin.lower, b / 15.0);
            QCOMPARE(bin.upper, (b + 1) / 15.0);
            rows += bin.count;
            if (b != 6 && b != 7 && b != 14) {
                QCOMPARE(bin.count, 0L);
                QVERIFY(std::isnan(bin.meanConfidence) && std::isnan(bin.accuracy));
            }
        }
        QCOMPARE(rows, 5L);
        QCOMPARE(m.reliability[14].count, 3L);
        QVERIFY(std::fabs(m.reliability[14].meanConfidence - 2.9 / 3) < 1e-14);
        QVERIFY(std::fabs(m.reliability[14].accuracy - 2.0 / 3) < 1e-14);
        QCOMPARE(m.reliability[7].count, 1L);
        QCOMPARE(m.reliability[7].meanConfidence, 0.5);
        QCOMPARE(m.reliability[7].accuracy, 0.0);
        QCOMPARE(m.reliability[6].meanConfidence, 0.45);
        QCOMPARE(m.reliability[6].accuracy, 1.0);
        // ECE = sum over bins of count/rows * |accuracy - confidence| = (0.9 + 0.5 + 0.55) / 5.
        QVERIFY(std::fabs(m.ece - 0.39) < 1e-14);
    }

    void emptySetHasNoTopTwoAccuracyAndEmptyBins() {
        const PredictiveMetrics m = evaluatePredictions(Eigen::MatrixXd(0, 3), Eigen::VectorXi(0));
        QVERIFY(std::isnan(m.top2Accuracy));
        QCOMPARE(static_cast<int>(m.reliability.size()), 15);
        for (const ReliabilityBin& bin : m.reliability) {
            QCOMPARE(bin.count, 0L);
            QVERIFY(std::isnan(bin.meanConfidence) && std::isnan(bin.accuracy));
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, evaluatePredictions(Eigen::MatrixXd(0, 3), Eigen::VectorXi(0), 0));
    }
};

QTEST_APPLESS_MAIN(TestMetrics)
#include "tst_metrics.moc"

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
};

QTEST_APPLESS_MAIN(TestMetrics)
#include "tst_metrics.moc"

// One-vs-rest reliability of a class's probability (eval/ClassReliability): PAVA against fits
// worked by hand, bins and Wilson intervals exact, the Brier decomposition, and the consistency
// band's coverage as a statistical property on simulated calibrated forecasts.
#include "eval/ClassReliability.h"
#include "util/Rng.h"

#include <QtTest>

#include <cmath>
#include <vector>

using namespace genrelab;

namespace {

void compareBlock(const IsotonicBlock& block, double from, double to, double fitted, long rows) {
    QCOMPARE(block.forecastFrom, from);
    QCOMPARE(block.forecastTo, to);
    QVERIFY2(std::abs(block.fitted - fitted) < 1e-15, qPrintable(QString::number(block.fitted, 'g', 17)));
    QCOMPARE(block.rows, rows);
}

} // namespace

class TestReliability : public QObject {
    Q_OBJECT
private slots:
    void pavaPoolsAdjacentViolators() {
        // 0 | 1 0 | 1 1: the pair (1, 0) violates the order and pools to 0.5; the two 1s are one step.
        const std::vector<double> forecasts{0.1, 0.2, 0.3, 0.4, 0.5}, outcomes{0, 1, 0, 1, 1};
        const auto fit = isotonicFit(forecasts, outcomes);
        QCOMPARE(fit.size(), std::size_t{3});
        compareBlock(fit[0], 0.1, 0.1, 0.0, 1);
        compareBlock(fit[1], 0.2, 0.3, 0.5, 2);
        compareBlock(fit[2], 0.4, 0.5, 1.0, 2);
        // The same rows in another order give the same fit.
        const std::vector<double> shuffledForecasts{0.5, 0.1, 0.4, 0.3, 0.2}, shuffledOutcomes{1, 0, 1, 0, 1};
        const auto shuffled = isotonicFit(shuffledForecasts, shuffledOutcomes);
        QCOMPARE(shuffled.size(), std::size_t{3});
        compareBlock(shuffled[1], 0.2, 0.3, 0.5, 2);
        // A step function of the forecast: the last block starting at or below x.
        QCOMPARE(isotonicValueAt(fit, 0.05), 0.0);
        QCOMPARE(isotonicValueAt(fit, 0.25), 0.5);
        QCOMPARE(isotonicValueAt(fit, 0.35), 0.5);
        QCOMPARE(isotonicValueAt(fit, 0.4), 1.0);
        QCOMPARE(isotonicValueAt(fit, 0.9), 1.0);
        QVERIFY(std::isnan(isotonicValueAt({}, 0.5)));
    }

    void pavaPoolsBackwards() {
        // 1 1 0 0: the 1s are one step; (1 1, 0) pools to 2/3, then (2/3, 0) to 1/2: one block.
        const double forecasts[] = {0.1, 0.2, 0.3, 0.4}, outcomes[] = {1, 1, 0, 0};
        const auto fit = isotonicFit(forecasts, outcomes);
        QCOMPARE(fit.size(), std::size_t{1});
        compareBlock(fit[0], 0.1, 0.4, 0.5, 4);
        // Equal forecasts share a block: {0.3: 1, 0} has mean 1/2 above 0.6's 0, so all pool to 1/3.
        const double tiedForecasts[] = {0.3, 0.6, 0.3}, tiedOutcomes[] = {1, 0, 0};
        const auto tied = isotonicFit(tiedForecasts, tiedOutcomes);
        QCOMPARE(tied.size(), std::size_t{1});
        compareBlock(tied[0], 0.3, 0.6, 1.0 / 3.0, 3);
        // Already ordered: one block per step.
        const double ordered[] = {0, 0, 1}, orderedForecasts[] = {0.2, 0.5, 0.8};
        const auto steps = isotonicFit(orderedForecasts, ordered);
        QCOMPARE(steps.size(), std::size_t{2});
        compareBlock(steps[0], 0.2, 0.5, 0.0, 2);
        compareBlock(steps[1], 0.8, 0.8, 1.0, 1);
        const double two[] = {0.1, 0.2}, one[] = {1};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, isotonicFit(two, one));
    }

    void wilsonIntervalsAsR() {
        // R: prop.test(x, n, correct = FALSE)$conf.int.
        const ProportionInterval half = wilsonInterval(1, 2);
        QVERIFY(std::abs(half.lower - 0.0945312057342307) < 1e-13);
        QVERIFY(std::abs(half.upper - 0.9054687942657692) < 1e-13);
        const ProportionInterval none = wilsonInterval(0, 1);
        QCOMPARE(none.lower, 0.0);
        QVERIFY(std::abs(none.upper - 0.793450685622763) < 1e-13);
        const ProportionInterval all = wilsonInterval(2, 2);
        QVERIFY(std::abs(all.lower - 0.342380227506653) < 1e-13);
        QCOMPARE(all.upper, 1.0);
        QVERIFY(std::isnan(wilsonInterval(0, 0).lower));
    }

    void binsAreExact() {
        const std::vector<double> forecasts{0.05, 0.15, 0.12, 0.95, 1.0}, outcomes{0, 1, 0, 1, 1};
        ClassReliabilityOptions options;
        options.bins = 10;
        options.resamples = 20;
        const ClassReliability r = reliabilityOf(forecasts, outcomes, options);
        QCOMPARE(r.rows, 5L);
        QCOMPARE(r.events, 3L);
        QCOMPARE(r.bins.size(), std::size_t{10});
        QCOMPARE(r.bins[0].rows, 1L);
        QCOMPARE(r.bins[0].meanForecast, 0.05);
        QCOMPARE(r.bins[0].observed, 0.0);
        QCOMPARE(r.bins[1].rows, 2L);
        QVERIFY(std::abs(r.bins[1].meanForecast - 0.135) < 1e-15);
        QCOMPARE(r.bins[1].observed, 0.5);
        QVERIFY(std::abs(r.bins[1].interval.lower - 0.0945312057342307) < 1e-13);
        QCOMPARE(r.bins[9].rows, 2L);  // 1.0 belongs to the last bin
        QVERIFY(std::abs(r.bins[9].meanForecast - 0.975) < 1e-15);
        QCOMPARE(r.bins[9].observed, 1.0);
        QCOMPARE(r.bins[9].from, 0.9);
        QCOMPARE(r.bins[9].to, 1.0);
        for (int b = 2; b < 9; ++b) {
            QCOMPARE(r.bins[static_cast<std::size_t>(b)].rows, 0L);
            QVERIFY(std::isnan(r.bins[static_cast<std::size_t>(b)].observed));
            QVERIFY(std::isnan(r.bins[static_cast<std::size_t>(b)].interval.upper));
        }
    }

    void brierDecomposition() {
        // Forecasts 0.1..0.5, outcomes 0 1 0 1 1: Brier 1.35 / 5; recalibrated (0, .5, .5, 1, 1)
        // scores 0.5 / 5; the base rate 0.6 scores 1.2 / 5.
        const std::vector<double> forecasts{0.1, 0.2, 0.3, 0.4, 0.5}, outcomes{0, 1, 0, 1, 1};
        ClassReliabilityOptions options;
        options.resamples = 10;
        const ClassReliability r = reliabilityOf(forecasts, outcomes, options);
        QVERIFY(std::abs(r.brier - 0.27) < 1e-14);
        QVERIFY(std::abs(r.miscalibration - 0.17) < 1e-14);
        QVERIFY(std::abs(r.discrimination - 0.14) < 1e-14);
        QVERIFY(std::abs(r.uncertainty - 0.24) < 1e-14);
        QVERIFY(std::abs(r.brier - (r.miscalibration - r.discrimination + r.uncertainty)) < 1e-14);
    }

    void bandCoversCalibratedForecasts() {
        // 300 calibrated forecasts (p ~ U(0, 1), y ~ Bernoulli(p)), 200 data sets: the observed
        // fit at the middle of the forecasts' range lies inside the pointwise 90% band about 90%
        // of the time (Monte Carlo sd 0.021; fits tie often, which a closed band counts as inside,
        // so the share may sit a little above 0.9). Forecasts whose events happen at rate p^2
        // are miscalibrated by 0.25 at p = 0.5: their fit leaves the band nearly always.
        Rng rng(11);
        const int sets = 200, rows = 300;
        ClassReliabilityOptions options;
        options.resamples = 200;
        options.bandPoints = 5;
        int calibratedInside = 0, miscalibratedInside = 0;
        std::vector<double> forecasts(rows), calibrated(rows), miscalibrated(rows);
        for (int s = 0; s < sets; ++s) {
            for (int i = 0; i < rows; ++i) {
                forecasts[static_cast<std::size_t>(i)] = rng.uniform();
                calibrated[static_cast<std::size_t>(i)] = rng.bernoulli(forecasts[static_cast<std::size_t>(i)]) ? 1 : 0;
                miscalibrated[static_cast<std::size_t>(i)] =
                    rng.bernoulli(forecasts[static_cast<std::size_t>(i)] * forecasts[static_cast<std::size_t>(i)]) ? 1 : 0;
            }
            options.seed = static_cast<std::uint64_t>(100 + s);
            for (const auto& [outcomes, inside] : {std::pair{&calibrated, &calibratedInside}, std::pair{&miscalibrated, &miscalibratedInside}}) {
                const ClassReliability r = reliabilityOf(forecasts, *outcomes, options);
                const double fitted = isotonicValueAt(r.isotonic, r.bandForecasts[2]);
                *inside += fitted >= r.bandLower[2] && fitted <= r.bandUpper[2] ? 1 : 0;
            }
        }
        const double share = static_cast<double>(calibratedInside) / sets;
        QVERIFY2(share > 0.84 && share < 0.97, qPrintable(QString::number(share)));
        QVERIFY2(miscalibratedInside < sets / 10, qPrintable(QString::number(miscalibratedInside)));
    }

    void oneVsRestFromClassProbabilities() {
        Eigen::MatrixXd p(4, 3);
        p << 0.7, 0.2, 0.1,
             0.1, 0.6, 0.3,
             0.5, 0.4, 0.1,
             0.2, 0.2, 0.6;
        Eigen::VectorXi y(4);
        y << 0, 1, 1, 2;
        // Class 1: forecasts 0.2, 0.6, 0.4, 0.2 with outcomes 0, 1, 1, 0: already ordered, two steps.
        const ClassReliability r = classReliability(p, y, 1);
        QCOMPARE(r.rows, 4L);
        QCOMPARE(r.events, 2L);
        QCOMPARE(r.isotonic.size(), std::size_t{2});
        compareBlock(r.isotonic[0], 0.2, 0.2, 0.0, 2);
        compareBlock(r.isotonic[1], 0.4, 0.6, 1.0, 2);
        QCOMPARE(r.bandForecasts.front(), 0.2);
        QCOMPARE(r.bandForecasts.back(), 0.6);
        QCOMPARE(r.bandLower.size(), r.bandForecasts.size());
        for (std::size_t k = 0; k < r.bandLower.size(); ++k) QVERIFY(r.bandLower[k] <= r.bandUpper[k]);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, classReliability(p, y, 3));
        // No rows: nothing to show, every number NaN.
        const ClassReliability empty = classReliability(Eigen::MatrixXd(0, 3), Eigen::VectorXi(0), 0);
        QVERIFY(std::isnan(empty.brier));
        QVERIFY(empty.isotonic.empty() && empty.bandForecasts.empty());
        QVERIFY(std::isnan(empty.bins[0].observed));
    }
};

QTEST_APPLESS_MAIN(TestReliability)
#include "tst_reliability.moc"

// Preparing data: imputation and scaling learnt on training rows only, indicators, unit
// repair, stratified splits (exact proportions, reproducible), and data that cannot be modelled.
#include "data/DataError.h"
#include "data/Prepare.h"
#include "data/Split.h"

#include <QtTest>

#include <cmath>
#include <set>

using namespace genrelab;

namespace {
// Rows 0-3 are the training rows in the exact tests below; rows 4-5 must not influence them.
constexpr const char* kSmall = "x,y,Class\n1,10,A\n2,,A\n3,30,B\n,40,B\n5,50,A\n6,60,B\n";
const std::vector<std::size_t> kTrain = {0, 1, 2, 3};

Table small() { return parseTable(kSmall, "small.csv"); }

std::vector<int> classesWithShares(const std::vector<int>& counts) {
    std::vector<int> out;
    for (std::size_t c = 0; c < counts.size(); ++c)
        for (int i = 0; i < counts[c]; ++i) out.push_back(static_cast<int>(c));
    // Interleave so classes are not in blocks (a split must not depend on row order).
    std::vector<int> shuffled(out.size());
    for (std::size_t i = 0; i < out.size(); ++i) shuffled[(i * 7919) % out.size()] = out[i];
    return shuffled;
}

std::vector<int> countByClass(const std::vector<std::size_t>& rows, const std::vector<int>& cls, int k) {
    std::vector<int> n(static_cast<std::size_t>(k), 0);
    for (auto r : rows) ++n[static_cast<std::size_t>(cls[r])];
    return n;
}
} // namespace

class TestPrepare : public QObject {
    Q_OBJECT
private slots:
    void meanImputationAndStandardizationFromTrainingRows() {
        const Table t = small();
        const FeatureTransform f = fitTransform(t, kTrain, PrepOptions{});
        QCOMPARE(f.fillValue[0], 2.0);           // mean of 1, 2, 3
        QCOMPARE(f.fillValue[1], 80.0 / 3.0);    // mean of 10, 30, 40
        QCOMPARE(f.center[0], 2.0);              // imputed column 1, 2, 3, 2
        QVERIFY(std::fabs(f.scale[0] - std::sqrt(0.5)) < 1e-15);
        QVERIFY(std::fabs(f.center[1] - 80.0 / 3.0) < 1e-12);
        QVERIFY(std::fabs(f.scale[1] - std::sqrt(4200.0 / 36.0)) < 1e-12);
        const Eigen::MatrixXd x = f.apply(t, {3, 4});
        QCOMPARE(x(0, 0), 0.0);                  // missing -> the training mean -> 0
        QVERIFY(std::fabs(x(1, 0) - 3.0 / std::sqrt(0.5)) < 1e-12);
        QVERIFY(std::fabs(x(1, 1) - (50.0 - 80.0 / 3.0) / std::sqrt(4200.0 / 36.0)) < 1e-12);
    }

    void statisticsIgnoreNonTrainingRows() {
        const Table a = small();
        const Table b = parseTable("x,y,Class\n1,10,A\n2,,A\n3,30,B\n,40,B\n500,-7,A\n,,B\n", "b.csv");
        const FeatureTransform fa = fitTransform(a, kTrain, PrepOptions{});
        const FeatureTransform fb = fitTransform(b, kTrain, PrepOptions{});
        QCOMPARE(fa.fillValue, fb.fillValue);
        QCOMPARE(fa.center, fb.center);
        QCOMPARE(fa.scale, fb.scale);
    }

    void medianAndConstantImputation() {
        PrepOptions median;
        median.imputation = Imputation::Median;
        median.standardize = false;
        const FeatureTransform fm = fitTransform(small(), kTrain, median);
        QCOMPARE(fm.fillValue, (std::vector<double>{2.0, 30.0}));
        QCOMPARE(fm.apply(small(), {1})(0, 1), 30.0);

        PrepOptions constant;
        constant.imputation = Imputation::Constant;
        constant.constant = -1.0;
        constant.standardize = false;
        const FeatureTransform fc = fitTransform(small(), kTrain, constant);
        QCOMPARE(fc.apply(small(), {3})(0, 0), -1.0);
        QCOMPARE(fc.apply(small(), {3})(0, 1), 40.0);

        // Median of an even count is the mean of the middle two.
        const Table even = parseTable("x,Class\n1,A\n2,B\n4,A\n10,B\n", "e.csv");
        QCOMPARE(fitTransform(even, {0, 1, 2, 3}, median).fillValue[0], 3.0);
    }

    void missingIndicators() {
        PrepOptions options;
        options.missingIndicators = true;
        const FeatureTransform f = fitTransform(small(), kTrain, options);
        QCOMPARE(f.featureNames, (std::vector<std::string>{"x", "y", "x missing", "y missing"}));
        const Eigen::MatrixXd x = f.apply(small(), {0, 1, 3});
        QCOMPARE(x(0, 2), 0.0);
        QCOMPARE(x(1, 3), 1.0);
        QCOMPARE(x(2, 2), 1.0);
        QCOMPARE(x(2, 3), 0.0);
    }

    void dropRowsAndClassChecks() {
        PrepOptions drop;
        drop.imputation = Imputation::DropRows;
        SplitOptions split;
        split.testRows = 1;
        const PreparedData d = prepareData(small(), drop, split);
        QCOMPARE(d.droppedRows, std::size_t{2});
        QCOMPARE(d.xTrain.rows() + d.xTest.rows(), Eigen::Index{4});
        QVERIFY(d.xTrain.allFinite());

        QVERIFY_THROWS_EXCEPTION(DataError, prepareData(parseTable("x,Class\n1,A\n2,A\n3,A\n", "one.csv"), {}, {}));
        QVERIFY_THROWS_EXCEPTION(DataError, prepareData(parseTable("x,y\n1,2\n", "nolabel.csv"), {}, {}));
        PrepOptions wrong;
        wrong.features = {"nope"};
        QVERIFY_THROWS_EXCEPTION(DataError, prepareData(small(), wrong, {}));
        wrong.features = {"Class"};
        QVERIFY_THROWS_EXCEPTION(DataError, prepareData(small(), wrong, {}));
    }

    void unitRepairBeforeStatistics() {
        // Minutes (below 100) mixed with milliseconds; repaired to milliseconds.
        const Table t = parseTable("d,Class\n3,A\n180000,B\n240000,A\n2,B\n", "u.csv");
        PrepOptions options;
        options.standardize = false;
        options.unitRepairs = {UnitRepair{"d", 1000.0, 60000.0, UnitTarget::LargeUnit}};
        SplitOptions split;
        split.testRows = 0;
        const PreparedData d = prepareData(t, options, split);
        QCOMPARE(d.repairedValues, std::size_t{2});
        std::set<double> values(d.xTrain.data(), d.xTrain.data() + d.xTrain.size());
        QCOMPARE(values, (std::set<double>{120000.0, 180000.0, 240000.0}));
    }

    void proportionalAllocationIsExact() {
        QCOMPARE(proportionalAllocation({5, 3, 2}, 5), (std::vector<std::size_t>{3, 1, 1}));
        QCOMPARE(proportionalAllocation({600, 300, 100}, 200), (std::vector<std::size_t>{120, 60, 20}));
        QCOMPARE(proportionalAllocation({1, 1, 1}, 3), (std::vector<std::size_t>{1, 1, 1}));
        const std::vector<std::size_t> real = {625, 1373, 1272, 402, 387, 1447, 2587, 576, 1854, 2524, 4949};
        const auto take = proportionalAllocation(real, 3600);
        std::size_t sum = 0;
        for (std::size_t c = 0; c < real.size(); ++c) {
            const double exact = 3600.0 * double(real[c]) / 17996.0;
            QVERIFY(std::fabs(double(take[c]) - exact) < 1.0);
            sum += take[c];
        }
        QCOMPARE(sum, std::size_t{3600});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, proportionalAllocation({1, 2}, 4));
    }

    void stratifiedSplitProportionsAndDisjointness() {
        const auto cls = classesWithShares({600, 300, 100});
        SplitOptions options;
        options.trainRows = 100;
        options.validationRows = 50;
        options.seed = 11;
        const Split s = stratifiedSplit(cls, options);
        QCOMPARE(s.test.size(), std::size_t{200});
        QCOMPARE(countByClass(s.test, cls, 3), (std::vector<int>{120, 60, 20}));
        QCOMPARE(countByClass(s.validation, cls, 3), (std::vector<int>{30, 15, 5}));
        QCOMPARE(countByClass(s.train, cls, 3), (std::vector<int>{60, 30, 10}));
        std::set<std::size_t> all(s.train.begin(), s.train.end());
        all.insert(s.validation.begin(), s.validation.end());
        all.insert(s.test.begin(), s.test.end());
        QCOMPARE(all.size(), std::size_t{350});
        QVERIFY(std::is_sorted(s.train.begin(), s.train.end()));
    }

    void splitIsReproducibleAndTestSetIndependentOfTrainSize() {
        const auto cls = classesWithShares({600, 300, 100});
        SplitOptions options;
        options.seed = 3;
        options.trainRows = 100;
        const Split a = stratifiedSplit(cls, options);
        const Split b = stratifiedSplit(cls, options);
        QCOMPARE(a.train, b.train);
        QCOMPARE(a.test, b.test);
        options.trainRows.reset();  // all remaining
        const Split all = stratifiedSplit(cls, options);
        QCOMPARE(all.test, a.test);
        QCOMPARE(all.train.size(), std::size_t{800});
        QVERIFY(std::includes(all.train.begin(), all.train.end(), a.train.begin(), a.train.end()));
        options.seed = 4;
        QVERIFY(stratifiedSplit(cls, options).test != a.test);
    }

    void testFractionRoundsUpLikeScikitLearn() {
        const auto cls = classesWithShares({625, 1373, 1272, 402, 387, 1447, 2587, 576, 1854, 2524, 4949});
        const Split s = stratifiedSplit(cls, SplitOptions{});
        QCOMPARE(s.test.size(), std::size_t{3600});
        QCOMPARE(s.train.size(), std::size_t{14396});
    }

    void impossibleSplitsAreRefused() {
        const auto cls = classesWithShares({6, 4});
        SplitOptions options;
        options.trainRows = 9;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, stratifiedSplit(cls, options));
        options.trainRows.reset();
        options.testRows = 11;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, stratifiedSplit(cls, options));
        options.testRows.reset();
        options.testFraction = 1.5;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, stratifiedSplit(cls, options));
    }

    // Training rows of one class are refused, naming the count and the class. Here the one test
    // row and then two training rows come from the five A rows (largest remainders).
    void trainingNeedsTwoClasses() {
        const Table t = parseTable("x,Class\n1,A\n2,A\n3,A\n4,A\n5,A\n6,B\n", "lopsided.csv");
        SplitOptions split;
        split.testRows = 1;
        split.trainRows = 2;
        try {
            prepareData(t, {}, split);
            QFAIL("one training class was accepted");
        } catch (const std::invalid_argument& error) {
            QCOMPARE(std::string(error.what()), std::string("the 2 training row(s) hold 1 class (A); a classifier needs at least two "
                                                            "classes in training: use more training rows"));
        }
        split.trainRows = 5;  // every remaining row: A and B
        QCOMPARE(prepareData(t, {}, split).yTrain.size(), Eigen::Index{5});
    }

    // Values near the largest double: the plain sum of squares overflows, the scaled one does not;
    // the standardized values are exact.
    void standardizingValuesNearTheLargestDouble() {
        const Table t = parseTable("big,Class\n1e308,A\n-1e308,B\n1e308,A\n-1e308,B\n", "big.csv");
        const FeatureTransform f = fitTransform(t, {0, 1, 2, 3}, {});
        QCOMPARE(f.center[0], 0.0);
        QCOMPARE(f.scale[0], 1e308);
        const Eigen::MatrixXd x = f.apply(t, {0, 1, 2, 3});
        QCOMPARE(x(0, 0), 1.0);
        QCOMPARE(x(1, 0), -1.0);

        // All positive, one missing: the mean fill and the center overflow a plain sum.
        const Table u = parseTable("big,Class\n1e308,A\n1.5e308,B\n,A\n1.5e308,B\n", "big.csv");
        const FeatureTransform g = fitTransform(u, {0, 1, 2, 3}, {});
        QVERIFY(std::fabs(g.fillValue[0] / (1.5e308 * (8.0 / 9.0)) - 1.0) < 1e-14);  // mean of 1, 1.5, 1.5 (x 1e308)
        const Eigen::MatrixXd y = g.apply(u, {0, 1, 2, 3});
        QVERIFY(y.allFinite());
        QVERIFY(std::fabs(y.col(0).mean()) < 1e-12);
        QVERIFY(std::fabs(std::sqrt(y.col(0).array().square().mean()) - 1.0) < 1e-12);
    }

    // The default feature set leaves out text, identifier, constant and empty columns, and says so;
    // features named by the caller are taken as named.
    void droppedColumnsAreNamedWithTheReason() {
        const Table t = parseTable("id,name,x,flat,empty,Class\n3,a,1,7,,A\n1,b,2,7,,B\n2,4,3,7,,A\n4,d,4,7,,B\n", "dropped.csv");
        const PreparedData d = prepareData(t, {}, SplitOptions{.testRows = std::size_t{0}});
        QCOMPARE(d.transform.inputColumns, std::vector<std::string>{"x"});
        QCOMPARE(d.droppedColumns.size(), std::size_t{4});
        const std::vector<std::pair<std::string, std::string>> expected = {
            {"id", "identifier"}, {"name", "text"}, {"flat", "constant"}, {"empty", "all_missing"}};
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(d.droppedColumns[i].name, expected[i].first);
            QCOMPARE(d.droppedColumns[i].reason, expected[i].second);
        }
        QCOMPARE(d.droppedColumns[1].detail, std::string("3 of its 4 present cells are not numbers (first: 'a'), so the column is text"));
        QCOMPARE(d.droppedColumns[2].detail, std::string("every present value is 7"));
        QCOMPARE(d.droppedColumns[3].detail, std::string("every cell is empty"));
        PrepOptions named;
        named.features = {"x", "flat"};
        QCOMPARE(droppedColumns(t, named).size(), std::size_t{0});
        QCOMPARE(fitTransform(t, {0, 1, 2, 3}, named).inputColumns, (std::vector<std::string>{"x", "flat"}));
        PrepOptions onlyUseless;
        onlyUseless.exclude = {"x"};
        try {
            fitTransform(t, {0, 1, 2, 3}, onlyUseless);
            QFAIL("no features were accepted");
        } catch (const DataError& error) {
            QVERIFY2(std::string(error.what()).find("no numeric feature columns to model with (left out: id: ") != std::string::npos, error.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestPrepare)
#include "tst_prepare.moc"

// Typed tables: column kinds, missing cells, the identifier, the target and its labels, and
// cells that cannot be modelled.
#include "data/DataError.h"
#include "data/Table.h"

#include "TestPrinters.h"

#include <QtTest>

#include <cmath>
#include <limits>

#include <cmath>

using namespace genrelab;

namespace {
Table parse(const char* text, TableOptions options = {}) { return parseTable(text, "t.csv", options); }

QString idColumn(std::size_t rows, double start, const QString& name = "Id") {
    QString text = name + ",x\n";
    for (std::size_t i = 0; i < rows; ++i) text += QString("%1,%2\n").arg(start + double(i)).arg(double(i * 7 % 5));
    return text;
}
} // namespace

class TestTable : public QObject {
    Q_OBJECT
private slots:
    void typesColumns() {
        const Table t = parse("name,score,flag,Class\nBjörk,1.5,1,Rock\nABBA,,0,Pop\n\"Hello, X\",-2e3,1,Rock\n");
        QCOMPARE(t.rows(), std::size_t{3});
        QCOMPARE(t.column(0).kind, ColumnKind::Text);
        QCOMPARE(t.column(1).kind, ColumnKind::Numeric);
        QCOMPARE(t.column(1).numbers[0], 1.5);
        QVERIFY(std::isnan(t.column(1).numbers[1]));
        QVERIFY(t.column(1).missing[1]);
        QCOMPARE(t.column(1).missingCount, std::size_t{1});
        QCOMPARE(t.column(1).numbers[2], -2000.0);
        QCOMPARE(QString::fromStdString(t.column(0).texts[2]), QString("Hello, X"));
        QCOMPARE(t.featureColumns(), (std::vector<std::size_t>{1, 2}));
    }

    void missingTokensAreMissing() {
        const Table t = parse("a,b\nNA,1\nNaN,2\nnull,3\n 4 ,4\n");
        QCOMPARE(t.column(0).kind, ColumnKind::Numeric);
        QCOMPARE(t.column(0).missingCount, std::size_t{3});
        QCOMPARE(t.column(0).numbers[3], 4.0);  // spaces around a number are fine
    }

    void targetDefaultsToClassWithNumericLabelsSortedAsNumbers() {
        const Table t = parse("x,Class\n1,10\n2,2\n3,0\n4,2\n5,\n");
        QVERIFY(t.hasTarget());
        QCOMPARE(*t.targetIndex(), std::size_t{1});
        QCOMPARE(t.classLabels(), (std::vector<std::string>{"0", "2", "10"}));
        QCOMPARE(t.classOfRow(), (std::vector<int>{2, 1, 0, 1, -1}));
        QCOMPARE(t.classCounts(), (std::vector<std::size_t>{1, 2, 1}));
        QCOMPARE(t.featureColumns(), (std::vector<std::size_t>{0}));
    }

    void namedTargetWithTextLabels() {
        TableOptions options;
        options.target = "genre";
        const Table t = parse("x,genre\n1,Rock\n2,Pop\n3,Rock\n", options);
        QCOMPARE(t.classLabels(), (std::vector<std::string>{"Pop", "Rock"}));
        QCOMPARE(t.classOfRow(), (std::vector<int>{1, 0, 1}));
    }

    void fileWithoutTargetIsUnlabeled() {
        const Table t = parse("x,y\n1,2\n");
        QVERIFY(!t.hasTarget());
        QCOMPARE(t.classOfRow(), (std::vector<int>{-1}));
        QVERIFY(t.classLabels().empty());
    }

    void unknownTargetIsAnError() {
        TableOptions options;
        options.target = "Genre";
        try {
            parse("x,Class\n1,2\n", options);
            QFAIL("expected a DataError");
        } catch (const DataError& error) {
            QCOMPARE(error.where().line, std::size_t{1});
            QCOMPARE(QString::fromStdString(error.where().columnName), QString("Genre"));
            QVERIFY(QString(error.what()).contains("the columns are: x, Class"));
        }
    }

    void recognisesRunningNumberAsIdentifier_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("isId");
        QTest::newRow("from 1") << idColumn(12, 1) << true;
        QTest::newRow("from 0") << idColumn(12, 0) << true;
        QTest::newRow("from 5 but named Id") << idColumn(12, 5) << true;
        QTest::newRow("short but named Id") << idColumn(3, 1) << true;
        QTest::newRow("unnamed running number") << idColumn(12, 1, "u") << true;
        QTest::newRow("short unnamed counts as feature") << QString("k,x\n1,5\n2,6\n3,7\n") << false;
        QTest::newRow("named Id with duplicates") << QString("Id,x\n1,1\n1,2\n") << false;
        QTest::newRow("named Id with fraction") << QString("id,x\n1.5,1\n2,2\n") << false;
    }
    void recognisesRunningNumberAsIdentifier() {
        QFETCH(QString, text);
        QFETCH(bool, isId);
        const QByteArray bytes = text.toUtf8();
        const Table t = parseTable(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), "t.csv");
        QCOMPARE(t.column(0).kind == ColumnKind::Id, isId);
        QCOMPARE(t.featureColumns().size(), isId ? std::size_t{1} : std::size_t{2});
    }

    void badCells_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("word in numeric column") << QByteArray("a,energy\n1,0.5\n2,0.6\n3,high\n4,0.1\n5,0.2\n") << 4 << 2
                                                << "'high' is not a number, in a numeric column";
        QTest::newRow("infinite") << QByteArray("a,b\n1,2\n3,inf\n") << 3 << 2 << "is infinite";
        QTest::newRow("overflow") << QByteArray("a,b\n1,2\n3,1e999\n") << 3 << 2 << "is infinite";
        QTest::newRow("negative infinity") << QByteArray("a,b\n1,-Infinity\n") << 2 << 2 << "is infinite";
    }
    void badCells() {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        try {
            parseTable(std::string_view(text.constData(), static_cast<std::size_t>(text.size())), "t.csv");
            QFAIL("expected a DataError");
        } catch (const DataError& error) {
            QCOMPARE(static_cast<int>(error.where().line), line);
            QCOMPARE(static_cast<int>(error.where().column), column);
            QVERIFY2(QString::fromStdString(error.message()).contains(message), error.what());
        }
    }

    void nanIsAnErrorWhenNotAMissingToken() {
        TableOptions options;
        options.missingTokens = {};
        try {
            parse("a,b\n1,nan\n", options);
            QFAIL("expected a DataError");
        } catch (const DataError& error) {
            QVERIFY(QString(error.what()).contains("NaN"));
        }
    }

    void mostlyTextColumnStaysText() {
        // Track titles such as "1999" must not turn a title column numeric.
        const Table t = parse("title,x\n1999,1\nHello,2\nYes,3\n");
        QCOMPARE(t.column(0).kind, ColumnKind::Text);
        QCOMPARE(QString::fromStdString(t.column(0).texts[0]), QString("1999"));
    }

    void forcedKinds() {
        TableOptions options;
        options.textColumns = {"zip"};
        const Table t = parse("zip,x\n01234,1\n", options);
        QCOMPARE(t.column(0).kind, ColumnKind::Text);
        QCOMPARE(QString::fromStdString(t.column(0).texts[0]), QString("01234"));

        TableOptions numeric;
        numeric.numericColumns = {"x"};
        QVERIFY_THROWS_EXCEPTION(DataError, parse("x\na\nb\n", numeric));
    }

    void decimalCommaWithSemicolons() {
        const Table t = parse("a;b\n1,5;2\n-0,25;3\n");
        QCOMPARE(t.column(0).kind, ColumnKind::Numeric);
        QCOMPARE(t.column(0).numbers[0], 1.5);
        QCOMPARE(t.column(0).numbers[1], -0.25);
    }

    void parseNumberEdges() {
        double v = 0;
        QVERIFY(parseNumber("+3", v));
        QCOMPARE(v, 3.0);
        QVERIFY(parseNumber(" 1e-6 ", v));
        QCOMPARE(v, 1e-6);
        QVERIFY(!parseNumber("1.2.3", v));
        QVERIFY(!parseNumber("12abc", v));
        QVERIFY(!parseNumber("", v));
        QVERIFY(!parseNumber("1,5", v));
        QVERIFY(parseNumber("1,5", v, true));
        QCOMPARE(v, 1.5);
    }

    // Beyond a double's range: too small is the nearest double (a signed zero, as between the
    // denormals), too large is infinite and refused by the table.
    void underflowIsTheNearestDoubleOverflowIsInfinite() {
        double v = 7;
        QVERIFY(parseNumber("1e-400", v));
        QCOMPARE(v, 0.0);
        QVERIFY(!std::signbit(v));
        QVERIFY(parseNumber("-1e-400", v));
        QCOMPARE(v, 0.0);
        QVERIFY(std::signbit(v));
        QVERIFY(parseNumber("0.00001e-320", v));
        QCOMPARE(v, 0.0);
        QVERIFY(parseNumber("1,5e-400", v, true));
        QCOMPARE(v, 0.0);
        QVERIFY(parseNumber("5e-324", v));  // the smallest denormal
        QCOMPARE(v, std::numeric_limits<double>::denorm_min());
        QVERIFY(parseNumber("1e-99999999999999999999", v));  // an exponent beyond long long
        QCOMPARE(v, 0.0);
        QVERIFY(parseNumber("1e999", v));
        QCOMPARE(v, std::numeric_limits<double>::infinity());
        QVERIFY(parseNumber("-12.5e99999999999999999999", v));
        QCOMPARE(v, -std::numeric_limits<double>::infinity());
        QVERIFY(parseNumber("0.000000001e317", v));  // 1e308: the digits before the exponent count
        QCOMPARE(v, 1e308);
        QVERIFY(!parseNumber("1e-400x", v));

        const Table t = parseTable("a,b\n1e-400,1\n2,1e308\n", "tiny.csv");
        QCOMPARE(t.column(0).kind, ColumnKind::Numeric);
        QCOMPARE(t.column(0).numbers[0], 0.0);
        QCOMPARE(t.column(1).numbers[1], 1e308);
    }

    // Bytes that are not UTF-8 in a header name or a text cell read as U+FFFD, counted once for
    // the file, so names and labels can be shown and written as JSON.
    void invalidUtf8IsRepairedAndCounted() {
        const Table t = parseTable("artist,gen\xFFre,x,Class\nBj\xF6rk,rock,1,a\xE9\nAir,pop,2,b\n", "latin1.csv");
        QCOMPARE(QString::fromStdString(t.column(1).name), QString::fromUtf8("gen\uFFFDre"));
        QCOMPARE(QString::fromStdString(t.column(0).texts[0]), QString::fromUtf8("Bj\uFFFDrk"));
        QCOMPARE(QString::fromStdString(t.classLabels()[0]), QString::fromUtf8("a\uFFFD"));
        QCOMPARE(t.invalidUtf8().count, std::size_t{3});
        QCOMPARE(t.invalidUtf8().firstLine, std::size_t{0});  // the header came first
        QCOMPARE(QString::fromStdString(describeUtf8Repairs(t)),
                 QString("3 names or cells of latin1.csv are not valid UTF-8 (first in the header); each invalid byte sequence reads as U+FFFD"));
        const Table cell = parseTable("artist,x\nAir,1\nBj\xF6rk,2\n", "cell.csv");
        QCOMPARE(QString::fromStdString(describeUtf8Repairs(cell)),
                 QString("1 name or cell of cell.csv is not valid UTF-8 (first in line 3, column 'artist'); each invalid byte sequence reads as U+FFFD"));
        const Table clean = parseTable("artist,x\nBj\xC3\xB6rk,1\n", "clean.csv");
        QCOMPARE(clean.invalidUtf8().count, std::size_t{0});
        QCOMPARE(describeUtf8Repairs(clean), std::string());
    }

    // Cells are typed in blocks of rows on all cores; counts, the first failure and the first
    // repaired cell are those of one pass in row order, whichever block finishes first.
    void manyBlocksCountAsOnePass() {
        const int rows = 10000;  // five blocks
        std::string text = "a,c,d,Class\n";
        for (int i = 0; i < rows; ++i) {
            text += i % 7 == 0 ? std::string() : std::to_string(i) + ".5";
            text += i == 8000 ? ",n\xFF" : ",n" + std::to_string(i);
            text += i == 100 || i == 9000 ? ",t\xFE" : ",t" + std::to_string(i);
            text += "," + std::to_string(i % 3) + "\n";
        }
        const Table t = parseTable(text, "blocks.csv");
        QCOMPARE(t.rows(), static_cast<std::size_t>(rows));
        QCOMPARE(t.column(0).kind, ColumnKind::Numeric);
        QCOMPARE(t.column(0).missingCount, static_cast<std::size_t>((rows + 6) / 7));
        QCOMPARE(t.column(0).numbers[9999], 9999.5);
        QVERIFY(t.column(0).missing[7000] && !t.column(0).missing[7001]);
        QCOMPARE(t.invalidUtf8().count, std::size_t{3});
        QCOMPARE(t.invalidUtf8().firstLine, std::size_t{8002});  // column c comes before column d
        QCOMPARE(QString::fromStdString(t.invalidUtf8().firstColumn), QString("c"));
        QCOMPARE(t.column(2).texts[8000], std::string("t8000"));
        QCOMPARE(t.column(1).texts[8000], std::string("n\xEF\xBF\xBD"));

        // Two words among numbers in blocks 2 and 4: the error names the first.
        std::string words = "a,b\n";
        for (int i = 0; i < rows; ++i) words += std::to_string(i) + "," + (i == 4500 || i == 9000 ? "word" : std::to_string(i)) + "\n";
        try {
            parseTable(words, "words.csv");
            QFAIL("expected a DataError");
        } catch (const DataError& error) {
            QCOMPARE(error.where().line, std::size_t{4502});
            QCOMPARE(error.where().column, std::size_t{2});
            QVERIFY2(QString::fromStdString(error.message()).contains("9,998 of its cells are numbers"), error.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestTable)
#include "tst_table.moc"

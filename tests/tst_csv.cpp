// CSV reading: RFC 4180 cases that must parse exactly, and bad inputs that must fail with a
// message naming the line and column.
#include "data/Csv.h"
#include "data/DataError.h"

#include <QtTest>

using namespace genrelab;

Q_DECLARE_METATYPE(std::string)

namespace {
QStringList cellsOf(const CsvDocument& doc) {
    QStringList out;
    for (auto cell : doc.cells) out << QString::fromUtf8(cell.data(), static_cast<qsizetype>(cell.size()));
    return out;
}
} // namespace

class TestCsv : public QObject {
    Q_OBJECT
private slots:
    void parsesValidInput_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QStringList>("header");
        QTest::addColumn<QStringList>("cells");
        QTest::addColumn<QList<int>>("lines");

        QTest::newRow("plain") << QByteArray("a,b\n1,2\n3,4\n") << QStringList{"a", "b"}
                               << QStringList{"1", "2", "3", "4"} << QList<int>{2, 3};
        QTest::newRow("no final newline") << QByteArray("a,b\n1,2") << QStringList{"a", "b"} << QStringList{"1", "2"}
                                          << QList<int>{2};
        QTest::newRow("crlf") << QByteArray("a,b\r\n1,2\r\n3,4\r\n") << QStringList{"a", "b"}
                              << QStringList{"1", "2", "3", "4"} << QList<int>{2, 3};
        QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF" "a,b\n1,2\n") << QStringList{"a", "b"} << QStringList{"1", "2"}
                             << QList<int>{2};
        QTest::newRow("quoted delimiter") << QByteArray("name,x\n\"Hello, Goodbye\",1\n") << QStringList{"name", "x"}
                                          << QStringList{"Hello, Goodbye", "1"} << QList<int>{2};
        QTest::newRow("doubled quotes") << QByteArray("name,x\n\"The \"\"Blue\"\" Hour\",1\n") << QStringList{"name", "x"}
                                        << QStringList{"The \"Blue\" Hour", "1"} << QList<int>{2};
        QTest::newRow("only a quote") << QByteArray("name,x\n\"\"\"\",1\n") << QStringList{"name", "x"}
                                      << QStringList{"\"", "1"} << QList<int>{2};
        QTest::newRow("newline in quotes") << QByteArray("name,x\n\"two\nlines\",1\n3,4\n") << QStringList{"name", "x"}
                                           << QStringList{"two\nlines", "1", "3", "4"} << QList<int>{2, 4};
        QTest::newRow("empty fields") << QByteArray("a,b,c\n,,\n1,,3\n") << QStringList{"a", "b", "c"}
                                      << QStringList{"", "", "", "1", "", "3"} << QList<int>{2, 3};
        QTest::newRow("empty last field") << QByteArray("a,b\n1,\n") << QStringList{"a", "b"} << QStringList{"1", ""}
                                          << QList<int>{2};
        QTest::newRow("semicolon") << QByteArray("a;b\n1,5;2\n") << QStringList{"a", "b"} << QStringList{"1,5", "2"}
                                   << QList<int>{2};
        QTest::newRow("tab") << QByteArray("a\tb\n1\t2\n") << QStringList{"a", "b"} << QStringList{"1", "2"} << QList<int>{2};
        QTest::newRow("blank lines skipped") << QByteArray("a,b\n\n1,2\n\n\n3,4\n\n") << QStringList{"a", "b"}
                                             << QStringList{"1", "2", "3", "4"} << QList<int>{3, 6};
        QTest::newRow("quoted header") << QByteArray("\"duration_in min/ms\",\"a,b\"\n1,2\n")
                                       << QStringList{"duration_in min/ms", "a,b"} << QStringList{"1", "2"} << QList<int>{2};
        QTest::newRow("utf8") << QByteArray("artist,x\nBjörk,1\n") << QStringList{"artist", "x"}
                              << QStringList{QString::fromUtf8("Björk"), "1"} << QList<int>{2};
        QTest::newRow("empty header name") << QByteArray(",a\n0,1\n") << QStringList{"column 1", "a"}
                                           << QStringList{"0", "1"} << QList<int>{2};
        QTest::newRow("single column") << QByteArray("a\n1\n2\n") << QStringList{"a"} << QStringList{"1", "2"}
                                       << QList<int>{2, 3};
    }
    void parsesValidInput() {
        QFETCH(QByteArray, text);
        QFETCH(QStringList, header);
        QFETCH(QStringList, cells);
        QFETCH(QList<int>, lines);
        const CsvDocument doc = parseCsv(std::string_view(text.constData(), static_cast<std::size_t>(text.size())), "t.csv");
        QStringList gotHeader;
        for (const auto& h : doc.header) gotHeader << QString::fromStdString(h);
        QCOMPARE(gotHeader, header);
        QCOMPARE(cellsOf(doc), cells);
        QList<int> gotLines;
        for (auto l : doc.rowLine) gotLines << static_cast<int>(l);
        QCOMPARE(gotLines, lines);
    }

    void rejectsBadInput_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");

        QTest::newRow("empty file") << QByteArray("") << 0 << 0 << "the file is empty";
        QTest::newRow("only whitespace") << QByteArray("\n\r\n  \n") << 0 << 0 << "the file is empty";
        QTest::newRow("header only") << QByteArray("a,b,c\n") << 1 << 0 << "header but no data rows";
        QTest::newRow("too few fields") << QByteArray("a,b,c\n1,2,3\n4,5\n") << 3 << 3 << "has 2 fields, the header has 3 (too few)";
        QTest::newRow("too many fields") << QByteArray("a,b\n1,2\n3,4,5\n") << 3 << 3 << "has 3 fields, the header has 2 (too many)";
        QTest::newRow("unterminated quote") << QByteArray("a,b\n1,2\n\"open,3\n4,5\n") << 3 << 0 << "never closed";
        QTest::newRow("text after quote") << QByteArray("a,b\n1,\"x\"y\n") << 2 << 2 << "after a closing quote";
        QTest::newRow("duplicate names") << QByteArray("a,b,a\n1,2,3\n") << 1 << 3 << "duplicate column name (also column 1)";
        QTest::newRow("row after multiline field") << QByteArray("a,b\n\"x\ny\",1\n2\n") << 4 << 2 << "too few";
    }
    void rejectsBadInput() {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        try {
            parseCsv(std::string_view(text.constData(), static_cast<std::size_t>(text.size())), "bad.csv");
            QFAIL("expected a DataError");
        } catch (const DataError& error) {
            QCOMPARE(static_cast<int>(error.where().line), line);
            QCOMPARE(static_cast<int>(error.where().column), column);
            QCOMPARE(QString::fromStdString(error.where().file), QString("bad.csv"));
            QVERIFY2(QString::fromStdString(error.message()).contains(message), error.what());
            QVERIFY(QString(error.what()).startsWith("bad.csv"));
        }
    }

    void messageNamesFileLineAndColumn() {
        try {
            parseCsv("a,energy\n1,2\n3\n", "songs.csv");
            QFAIL("expected a DataError");
        } catch (const DataError& error) {
            QCOMPARE(QString(error.what()), QString("songs.csv, line 3, column 2 ('energy'): this row has 1 fields, the header has 2 (too few)"));
        }
    }

    void missingFileIsADataError() {
        QVERIFY_THROWS_EXCEPTION(DataError, readFileText("/nonexistent/dir/file.csv"));
    }

    void detectsDelimiterOutsideQuotes() {
        QCOMPARE(detectDelimiter("\"a;b;c\",d,e\n"), ',');
        QCOMPARE(detectDelimiter("a;b;c\n"), ';');
        QCOMPARE(detectDelimiter("a\tb\n"), '\t');
        QCOMPARE(detectDelimiter("single\n"), ',');
    }

    void explicitDelimiterWins() {
        const CsvDocument doc = parseCsv("a;b,c\n1;2,3\n", "t.csv", CsvOptions{';'});
        QCOMPARE(doc.columns(), std::size_t{2});
        QCOMPARE(QString::fromStdString(doc.header[1]), QString("b,c"));
    }
};

QTEST_APPLESS_MAIN(TestCsv)
#include "tst_csv.moc"

// CSV reading: RFC 4180 cases that must parse exactly, and bad inputs that must fail with a
// message naming the line and column.
#include "data/Csv.h"
#include "data/DataError.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace genrelab;

Q_DECLARE_METATYPE(std::string)

namespace {
QStringList cellsOf(const CsvDocument& doc) {
    QStringList out;
    for (auto cell : doc.cells) out << QString::fromUtf8(cell.data(), static_cast<qsizetype>(cell.size()));
    return out;
}
// ASCII text in a wide encoding: each byte widened to `width` bytes, little- or big-endian,
// after the byte-order mark when asked.
QByteArray widened(const QByteArray& ascii, int width, bool littleEndian, bool withBom) {
    QByteArray out;
    auto put = [&](unsigned code) {
        for (int k = 0; k < width; ++k) {
            const int shift = 8 * (littleEndian ? k : width - 1 - k);
            out.append(static_cast<char>((code >> shift) & 0xFF));
        }
    };
    if (withBom) put(0xFEFF);
    for (char c : ascii) put(static_cast<unsigned char>(c));
    return out;
}

// The DataError message of the call ("" if none is thrown).
template <typename Call>
QString errorOf(Call call) {
    try {
        call();
    } catch (const DataError& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

std::string_view viewOf(const QByteArray& bytes) { return {bytes.constData(), static_cast<std::size_t>(bytes.size())}; }

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

    // Files of 4 MB and more are read in two halves on two threads. Rows, cells, lines and the
    // first error are those of one pass: a quoted field with line ends across the middle (the
    // back half's guess is dropped), blank lines, CRLF, doubled quotes, and an error in either half.
    void largeFilesReadInHalvesGiveTheRowsOfOnePass() {
        const int rows = 200000;  // about 5 MB
        const auto row = [](int i) {
            return std::to_string(i) + ",\"t \"\"" + std::to_string(i % 97) + "\"\", a\"," + std::to_string(i % 13) + "\r\n";
        };
        const auto check = [&](const std::string& text, const std::vector<std::size_t>& lines, int multiLineRow, const std::string& multiLine) {
            const CsvDocument doc = parseCsv(text, "big.csv");
            QCOMPARE(doc.rows(), static_cast<std::size_t>(rows));
            QCOMPARE(doc.rowLine, lines);
            for (int i = 0; i < rows; ++i) {
                const auto r = static_cast<std::size_t>(i);
                if (doc.cell(r, 0) != std::to_string(i)) QFAIL(qPrintable(QString("row %1, first cell").arg(i)));
                const std::string expected = i == multiLineRow ? multiLine : "t \"" + std::to_string(i % 97) + "\", a";
                if (doc.cell(r, 1) != expected) QFAIL(qPrintable(QString("row %1, second cell").arg(i)));
                if (doc.cell(r, 2) != std::to_string(i % 13)) QFAIL(qPrintable(QString("row %1, third cell").arg(i)));
            }
        };
        // Blank lines every 1,000 rows; one row's quoted field holds 100,000 line ends (200 KB)
        // and sits at the middle of the file, so the first line end past the middle lies inside it.
        std::string multiLine;
        for (int k = 0; k < 100000; ++k) multiLine += "x\n";
        for (const bool quotedMiddle : {false, true}) {
            const int multiLineRow = quotedMiddle ? rows / 2 : -1;
            std::string text = "id,name,code\r\n";
            std::vector<std::size_t> lines;
            std::size_t line = 2;
            for (int i = 0; i < rows; ++i) {
                if (i % 1000 == 999) {
                    text += "\r\n";
                    ++line;
                }
                lines.push_back(line);
                if (i == multiLineRow) {
                    text += std::to_string(i) + ",\"" + multiLine + "\"," + std::to_string(i % 13) + "\r\n";
                    line += 100001;
                } else {
                    text += row(i);
                    ++line;
                }
            }
            QVERIFY(text.size() > (std::size_t{4} << 20));
            check(text, lines, multiLineRow, multiLine);
        }
        // A short row in the front or the back half: the message names its line, as one pass would.
        for (const int bad : {rows / 4, 3 * rows / 4}) {
            std::string text = "id,name,code\n";
            for (int i = 0; i < rows; ++i) text += i == bad ? std::to_string(i) + "\n" : row(i);
            try {
                parseCsv(text, "big.csv");
                QFAIL("expected a DataError");
            } catch (const DataError& error) {
                QCOMPARE(error.where().line, static_cast<std::size_t>(bad + 2));
                QCOMPARE(error.where().column, std::size_t{2});
            }
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

    // A UTF-16 or UTF-32 file is named as such, with the advice, whether or not it has a BOM;
    // the message is whole (no NUL cuts it short).
    void wideEncodingsAreNamed_data() {
        QTest::addColumn<int>("width");
        QTest::addColumn<bool>("littleEndian");
        QTest::addColumn<bool>("withBom");
        QTest::addColumn<QString>("encoding");
        QTest::newRow("UTF-16LE with BOM") << 2 << true << true << "UTF-16 (little-endian)";
        QTest::newRow("UTF-16BE with BOM") << 2 << false << true << "UTF-16 (big-endian)";
        QTest::newRow("UTF-16LE without BOM") << 2 << true << false << "UTF-16 (little-endian)";
        QTest::newRow("UTF-16BE without BOM") << 2 << false << false << "UTF-16 (big-endian)";
        QTest::newRow("UTF-32LE with BOM") << 4 << true << true << "UTF-32 (little-endian)";
        QTest::newRow("UTF-32BE with BOM") << 4 << false << true << "UTF-32 (big-endian)";
        QTest::newRow("UTF-32LE without BOM") << 4 << true << false << "UTF-32 (little-endian)";
        QTest::newRow("UTF-32BE without BOM") << 4 << false << false << "UTF-32 (big-endian)";
    }
    void wideEncodingsAreNamed() {
        QFETCH(int, width);
        QFETCH(bool, littleEndian);
        QFETCH(bool, withBom);
        QFETCH(QString, encoding);
        const QByteArray text = widened("artist,energy\nBjork,0.5\nAir,0.25\n", width, littleEndian, withBom);
        const QString message = errorOf([&] { parseCsv(viewOf(text), "wide.csv"); });
        QCOMPARE(message, "wide.csv: the file is " + encoding + ", not UTF-8; save it as UTF-8 (CSV UTF-8) and open it again");
    }

    void aNulByteIsNamedWithItsLine() {
        const QByteArray text("a,b\n1,2\n3,\0" "4\n", 12);
        const QString message = errorOf([&] { parseCsv(viewOf(text), "nul.csv"); });
        QCOMPARE(message, QString("nul.csv, line 3: a NUL byte (byte 11): this is not a text file, or not one in UTF-8"));
    }

    void aFolderIsNamedAsAFolder() {
        QTemporaryDir dir;
        QCOMPARE(errorOf([&] { readFileText(dir.path().toStdString()); }), dir.path() + ": is a folder (directory), not a data file");
    }

    void aMissingOrUnreadableFileSaysWhich() {
        QCOMPARE(errorOf([] { readFileText("/nonexistent/dir/file.csv"); }), QString("/nonexistent/dir/file.csv: no such file"));
        if (::geteuid() == 0) QSKIP("root reads every file");
        QTemporaryDir dir;
        const std::string path = dir.filePath("secret.csv").toStdString();
        std::ofstream(path) << "a\n1\n";
        QVERIFY(::chmod(path.c_str(), 0) == 0);
        QVERIFY(errorOf([&] { readFileText(path); }).endsWith("the file may not be read (permission denied)"));
    }

    // A FIFO nobody writes to is given up on after the stated wait instead of blocking forever.
    void aFifoWithoutAWriterIsGivenUpOn() {
        QTemporaryDir dir;
        const std::string fifo = dir.filePath("pipe").toStdString();
        QVERIFY(::mkfifo(fifo.c_str(), 0600) == 0);
        QElapsedTimer clock;
        clock.start();
        const QString message = errorOf([&] { readFileText(fifo, ReadLimits{1 << 20, 300}); });
        QVERIFY2(clock.elapsed() >= 290 && clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(message, QString::fromStdString(fifo) + ": nothing arrived for 0.3 s (a FIFO or device that nobody writes to?); 0 bytes had been read");
    }

    void aFifoWithAWriterIsReadToItsEnd() {
        QTemporaryDir dir;
        const std::string fifo = dir.filePath("pipe").toStdString();
        QVERIFY(::mkfifo(fifo.c_str(), 0600) == 0);
        const std::string text = "a,b\n" + std::string(200000, '1') + ",2\n";
        std::thread writer([&] {
            const int fd = ::open(fifo.c_str(), O_WRONLY);
            for (std::size_t done = 0; fd >= 0 && done < text.size();) {
                const ssize_t n = ::write(fd, text.data() + done, std::min<std::size_t>(4096, text.size() - done));
                if (n <= 0) break;
                done += static_cast<std::size_t>(n);
            }
            ::close(fd);
        });
        const std::string read = readFileText(fifo, ReadLimits{1 << 20, 5000});
        writer.join();
        QVERIFY(read == text);
    }

    // /dev/zero fails on its first bytes (NULs), not after filling the memory.
    void devZeroFailsAtOnce() {
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(errorOf([] { readFileText("/dev/zero"); }),
                 QString("/dev/zero, line 1: a NUL byte (byte 1): this is not a text file, or not one in UTF-8"));
        QVERIFY(clock.elapsed() < 2000);
    }

    // The size cap: a regular file above it is refused before reading, a stream when it passes it.
    void theSizeCapIsStated() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("big.csv").toStdString();
        std::ofstream(path) << std::string(2000, 'a');
        QCOMPARE(errorOf([&] { readFileText(path, ReadLimits{1000, 1000}); }),
                 QString::fromStdString(path) + ": the file has 2000 bytes; files of at most 1000 bytes are read");
        QCOMPARE(readFileText(path, ReadLimits{2000, 1000}).size(), std::size_t{2000});
        // A sparse file beyond the default 2 GiB (it takes no disk space).
        const std::string huge = dir.filePath("huge.csv").toStdString();
        const int fd = ::open(huge.c_str(), O_WRONLY | O_CREAT, 0600);
        QVERIFY(fd >= 0 && ::ftruncate(fd, (off_t{3} << 30)) == 0);
        ::close(fd);
        QCOMPARE(errorOf([&] { readFileText(huge); }),
                 QString::fromStdString(huge) + ": the file has 3221225472 bytes; files of at most 2 GiB are read");
        // A stream past the cap; the writer may find the pipe closed under it.
        std::signal(SIGPIPE, SIG_IGN);
        const std::string fifo = dir.filePath("pipe").toStdString();
        QVERIFY(::mkfifo(fifo.c_str(), 0600) == 0);
        std::thread writer([&] {
            const int out = ::open(fifo.c_str(), O_WRONLY);
            const std::string chunk(1000, 'x');
            for (int k = 0; out >= 0 && k < 5; ++k)
                if (::write(out, chunk.data(), chunk.size()) < 0) break;
            ::close(out);
        });
        const QString message = errorOf([&] { readFileText(fifo, ReadLimits{1500, 5000}); });
        writer.join();
        QCOMPARE(message, QString::fromStdString(fifo) +
                              ": more than 1500 bytes to read; files of at most 1500 bytes are read (an endless device such as /dev/zero?)");
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

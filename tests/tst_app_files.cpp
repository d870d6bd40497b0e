// The app's files under faults, offscreen: a file that is no data file (a folder, UTF-16,
// a FIFO nobody writes to, /dev/zero) gives the reader's message and leaves the open data in
// place; a corrupted or truncated session changes nothing; session save, table and plot
// exports and the bundle on a full device or an unwritable folder name the file and the
// reason and keep the previous file.
#include "AppTestSupport.h"

#include "ConfusionMatrixPlot.h"
#include "ModelBuilder.h"
#include "ModelPanel.h"
#include "PlotExport.h"
#include "ResultTableView.h"
#include "ResultsPanel.h"
#include "util/OutputSet.h"

#include <QTemporaryDir>

#include <csignal>
#include <random>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace genrelab;
using namespace genrelab::testing;

namespace {

bool isCharacterDevice(const char* path) {
    struct stat info {};
    return ::stat(path, &info) == 0 && S_ISCHR(info.st_mode);
}

// Files larger than `bytes` cannot be written while it lives (EFBIG, as a full disk's ENOSPC).
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        ::getrlimit(RLIMIT_FSIZE, &saved_);
        previous_ = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit = saved_;
        limit.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &saved_);
        std::signal(SIGXFSZ, previous_);
    }

private:
    rlimit saved_{};
    void (*previous_)(int) = nullptr;
};

// What a failed session open must leave as it was.
struct AppState {
    QString path;
    const Table* table;
    const RunResult* result;
    RunSpec spec;
    RunSpec builderSpec;
};

AppState stateOf(MainWindow& window) {
    return {window.session().path(), window.session().table().get(), window.session().result().get(), window.session().runSpec(),
            window.modelPanel()->builder()->spec()};
}

bool sameState(const AppState& a, const AppState& b) {
    return a.path == b.path && a.table == b.table && a.result == b.result && a.spec == b.spec && a.builderSpec == b.builderSpec;
}

} // namespace

class TestAppFiles : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void initTestCase() { isolateSettings("tst_app_files"); }

    // The reader's message, the open data kept, and the app still opens the next file.
    void openingWhatIsNoDataFileKeepsTheOpenData_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("directory") << "directory" << "is a folder (directory), not a data file";
        QTest::newRow("UTF-16") << "utf16" << "the file is UTF-16 (little-endian), not UTF-8; save it as UTF-8";
        QTest::newRow("FIFO without a writer") << "fifo" << "nothing arrived for 5.0 s";
        QTest::newRow("/dev/zero") << "zero" << "a NUL byte (byte 1): this is not a text file";
    }
    void openingWhatIsNoDataFileKeepsTheOpenData() {
        QFETCH(QString, kind);
        QFETCH(QString, message);
        MainWindow window;
        QVERIFY(openSample(window));
        const auto table = window.session().table();
        QString path = dir_.filePath("open-" + kind);
        if (kind == "directory") {
            QVERIFY(QDir().mkpath(path));
        } else if (kind == "utf16") {
            QByteArray text("\xFF\xFE", 2);
            for (char c : QByteArray("a,b\n1,2\n")) text.append(c).append('\0');
            put(path, text);
        } else if (kind == "fifo") {
            QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
        } else {
            path = "/dev/zero";
        }
        QSignalSpy failed(&window, &MainWindow::loadFailed);
        window.openFile(path);
        QVERIFY(failed.wait(20000));
        const QString error = failed.first().first().toString();
        QVERIFY2(error.startsWith(path) && error.contains(message), qPrintable(error));
        QCOMPARE(window.lastError(), error);
        QCOMPARE(window.session().path(), QString(GENRELAB_SAMPLE_CSV));
        QCOMPARE(window.session().table(), table);
        QVERIFY(openSample(window));  // still usable
        QVERIFY(window.lastError().isEmpty());
    }

    // A session file cut at any byte, random bytes, a wrong format string or a valid JSON of the
    // wrong shape: a clear error naming the file, and the data, choices and results stay.
    void aBrokenSessionChangesNothing() {
        MainWindow window;
        QVERIFY(openSample(window));
        QVERIFY(train(window, quickSvi(100)));
        const QString saved = dir_.filePath("good-session.json");
        QCOMPARE(window.saveSession(saved), QString());
        const QByteArray good = contents(saved);
        QVERIFY(good.size() > 1000 && good.endsWith("}\n"));
        RunSpec other = window.session().modelSpec();  // differs from the file, so a partial apply shows
        other.model.regression.tau = 3.25;
        other.svi.steps = 123;
        window.session().setModelSpec(other);
        window.modelPanel()->builder()->setSpec(other);
        const AppState before = stateOf(window);

        const QString broken = dir_.filePath("broken-session.json");
        auto expectRefused = [&](const QByteArray& bytes, const QString& expected) {
            put(broken, bytes);
            const QString error = window.openSession(broken);
            QVERIFY2(error.startsWith(broken + ": ") && error.contains(expected), qPrintable(error + " <- " + bytes.left(80)));
            QVERIFY2(sameState(before, stateOf(window)), qPrintable("changed by: " + bytes.left(80)));
        };
        // Every cut before the closing brace; 150 offsets spread over the file and every one of the
        // first and last 40 bytes.
        QList<qsizetype> cuts;
        for (qsizetype k = 0; k < 40; ++k) cuts << k << good.size() - 2 - k;
        for (int k = 0; k < 150; ++k) cuts << (good.size() - 2) * k / 150;
        for (qsizetype cut : cuts) expectRefused(good.left(cut), "not a session file");
        expectRefused(good.left(good.size() / 2), "the JSON ends early (a file cut short?)");
        std::mt19937 random(15);
        for (int k = 0; k < 20; ++k) {
            QByteArray noise(1 + static_cast<int>(random() % 3000), '\0');
            for (char& c : noise) c = static_cast<char>(random() & 0xFF);
            expectRefused(noise, "not a session file");
        }
        QByteArray flipped = good;
        flipped[good.size() / 3] = '\x01';
        expectRefused(flipped, "not a session file: the JSON is broken at line");
        QByteArray wrongFormat = good;
        wrongFormat.replace("genrelab-session-2", "genrelab-session-9");
        expectRefused(wrongFormat, "\"format\" must be \"genrelab-session-2\", not \"genrelab-session-9\"");
        expectRefused("[1, 2, 3]", "not a session file (not a JSON object)");
        expectRefused("{\"format\": \"genrelab-session-2\"}", "not a session file (no \"spec\")");
        expectRefused("{\"format\": \"genrelab-session-2\", \"spec\": [1]}", "spec");
        expectRefused("{\"format\": \"genrelab-session-2\", \"spec\": {\"format\": \"genrelab-runspec-1\", \"model\": {\"nu\": \"two\"}}}",
                      "nu");
        expectRefused("{\"format\": \"genrelab-session-1\", \"model\": {\"nu\": \"two\"}}", "a value of the wrong type");
        expectRefused("{\"format\": \"genrelab-session-1\", \"model\": [1]}", "a value of the wrong type");
        // Not a file at all.
        const QString folder = dir_.filePath("session-folder");
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(window.openSession(folder).contains("is a folder (directory)"));
        QVERIFY(window.openSession("/dev/zero").contains("a NUL byte"));
        QVERIFY(sameState(before, stateOf(window)));
        // And the good file still opens.
        QCOMPARE(window.openSession(saved), QString());
        QVERIFY(window.session().modelSpec().model.regression.tau != 3.25);
    }

    // The session reader alone: it throws and emits nothing for a broken file.
    void theSessionReaderRefusesWithoutEmitting() {
        Session source;
        const std::string good = source.toJson();
        Session session;
        RunSpec spec = session.modelSpec();
        spec.model.regression.nu = 7.5;
        session.setModelSpec(spec);
        QSignalSpy changed(&session, &Session::choicesChanged);
        for (std::size_t cut = 0; cut + 2 < good.size(); ++cut) {
            bool refused = false;
            try {
                session.applyJson(good.substr(0, cut), "cut.json");
            } catch (const std::invalid_argument& error) {
                refused = QString(error.what()).startsWith("cut.json: not a session file");
            }
            QVERIFY2(refused, qPrintable(QString::number(cut)));
        }
        QCOMPARE(changed.count(), 0);
        QCOMPARE(session.modelSpec().model.regression.nu, 7.5);
        QCOMPARE(session.applyJson(good, "good.json"), QString());
        QCOMPARE(changed.count(), 1);
    }

    // Session save, a table export, a plot export and the bundle on a full device (/dev/full,
    // reached through a link so that the name carries the format) and into an unwritable
    // folder: the message names the file and the system's reason; the previous file stays.
    void writeFaultsNameTheFileAndKeepThePreviousOne() {
        QVERIFY(isCharacterDevice("/dev/full"));
        MainWindow window;
        QVERIFY(openSample(window));
        QVERIFY(train(window, quickSvi(100)));
        ResultsPanel* results = window.resultsPanel();
        auto full = [&](const QString& name) {
            const QString link = dir_.filePath(name);
            QFile::remove(link);
            [&] { QVERIFY(QFile::link("/dev/full", link)); }();
            return link;
        };
        const QString fullSession = full("full-session.json"), fullTable = full("full-metrics.csv"), fullPlot = full("full-plot.png");
        for (const QString& error : {window.saveSession(fullSession), results->metrics()->saveAs(fullTable),
                                     savePlot(results->confusion()->plot(), fullPlot, 300, 200)}) {
            QVERIFY2(error.contains(dir_.path() + "/full-") && error.endsWith("writing failed: No space left on device"), qPrintable(error));
        }
        QVERIFY(isCharacterDevice("/dev/full"));

        // A full disk under a regular file: the previous session stays whole.
        const QString sessionPath = dir_.filePath("kept-session.json");
        QCOMPARE(window.saveSession(sessionPath), QString());
        const QByteArray previous = contents(sessionPath);
        RunSpec changed = window.session().modelSpec();
        changed.model.regression.tau = 4.5;
        window.session().setModelSpec(changed);
        {
            const FileSizeLimit limit(100);
            const QString error = window.saveSession(sessionPath);
            QVERIFY2(error.startsWith(sessionPath + ": writing failed: File too large"), qPrintable(error));
        }
        QCOMPARE(contents(sessionPath), previous);

        // The bundle: one file of it on the full device fails the whole set; the previous bundle stays.
        const QString bundle = dir_.filePath("bundle");
        QCOMPARE(window.exportBundle(bundle), QString());
        QVERIFY(checkOutputSet(bundle.toStdString(), "bundle").whole());
        const QByteArray previousBundleSession = contents(QDir(bundle).filePath("session.json"));
        changed.model.regression.tau = 5.5;
        window.session().setModelSpec(changed);
        QVERIFY(QFile::remove(QDir(bundle).filePath("tables/metrics.csv")));
        QVERIFY(QFile::link("/dev/full", QDir(bundle).filePath("tables/metrics.csv")));
        const QString bundleError = window.exportBundle(bundle);
        QVERIFY2(bundleError.contains("tables/metrics.csv: writing failed: No space left on device"), qPrintable(bundleError));
        QCOMPARE(contents(QDir(bundle).filePath("session.json")), previousBundleSession);
        QVERIFY(isCharacterDevice("/dev/full"));

        // An unwritable folder. root passes permission checks, so for root the folder is /sys,
        // which refuses new files to everyone.
        const bool root = ::geteuid() == 0;
        QString folder = "/sys";
        if (!root) {
            folder = dir_.filePath("read-only");
            QVERIFY(QDir().mkpath(folder));
            put(QDir(folder).filePath("session.json"), "{\"previous\": true}\n");
            QVERIFY(::chmod(QFile::encodeName(folder).constData(), 0555) == 0);
        }
        const QString inFolder = QDir(folder).filePath("session.json");
        for (const QString& error : {window.saveSession(inFolder), results->metrics()->saveAs(QDir(folder).filePath("metrics.csv")),
                                     savePlot(results->confusion()->plot(), QDir(folder).filePath("plot.png"), 300, 200)})
            QVERIFY2(error.startsWith(folder + "/") && error.contains("cannot create a file in its folder: Permission denied"),
                     qPrintable(error));
        const QString bundleDenied = window.exportBundle(QDir(folder).filePath("bundle"));
        // sysfs refuses folders with EPERM, a read-only folder with EACCES.
        QVERIFY2(bundleDenied == folder + "/bundle: cannot create the folder: " + (root ? "Operation not permitted" : "Permission denied"),
                 qPrintable(bundleDenied));
        if (!root) {
            QCOMPARE(contents(inFolder), QByteArray("{\"previous\": true}\n"));
            QVERIFY(::chmod(QFile::encodeName(folder).constData(), 0755) == 0);
        }
        QVERIFY(!QFile::exists("/sys/session.json"));
    }

    // File > Export > Draws (Stan CSV): the last run's draws as CmdStan writes them (here SVI:
    // method = variational, the guide's mean row, then every draw), one output set; a full
    // device and an unwritable folder name the file and the reason.
    void drawsExportWritesStanCsvAsOneSet() {
        MainWindow window;
        QVERIFY(openSample(window));
        QVERIFY(window.findChild<QAction*>("exportDrawsAction"));
        QVERIFY(window.exportDraws(dir_.filePath("none.csv")).startsWith("Train a model first"));
        QVERIFY(train(window, quickSvi(100)));
        const QString path = dir_.filePath("svi-draws.csv");
        QCOMPARE(window.exportDraws(path), QString());
        QVERIFY(checkOutputSet(dir_.path().toStdString(), "svi-draws").whole());
        const QList<QByteArray> lines = contents(path).split('\n');
        QCOMPARE(lines[0], QByteArray("# stan_version_major = 2"));
        QVERIFY(lines.contains("# method = variational"));
        QVERIFY(lines.contains("#     output_samples = 200"));
        QVERIFY(lines.contains("#   file = " + path.toUtf8()));
        qsizetype header = 0;
        while (lines[header].startsWith('#')) ++header;
        QVERIFY(lines[header].startsWith("lp__,log_p__,log_g__,"));
        int rows = 0;
        for (qsizetype i = header + 1; i < lines.size(); ++i)
            if (!lines[i].isEmpty() && !lines[i].startsWith('#')) ++rows;
        QCOMPARE(rows, 201);  // the mean row and 200 draws
        QVERIFY(lines[header + 1].startsWith("0,0,0,"));

        const QString full = dir_.filePath("full-draws.csv");
        QVERIFY(QFile::link("/dev/full", full));
        const QString fullError = window.exportDraws(full);
        QVERIFY2(fullError.startsWith(full + ": writing failed: No space left on device"), qPrintable(fullError));
        // A folder that refuses new files (for root too): the set's lock file cannot be made.
        const QString denied = window.exportDraws("/sys/draws.csv");
        QVERIFY2(denied.startsWith("/sys/") && denied.contains("cannot create"), qPrintable(denied));
        QVERIFY(!QFile::exists("/sys/draws.csv"));
    }
};

QTEST_MAIN(TestAppFiles)
#include "tst_app_files.moc"

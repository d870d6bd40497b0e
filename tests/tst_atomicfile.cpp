// The one file writer under faults: a full file system, an unwritable folder, device nodes and
// FIFOs, a failure on the second of several files; and the CLI's exits on them. Output sets:
// a manifest naming one run's files, and two runs into one folder at once.
#include "util/AtomicFile.h"
#include "util/FolderLock.h"
#include "util/OutputSet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <csignal>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "CliTestSupport.h"

using namespace genrelab;
using genrelab::testing::CliResult;
using genrelab::testing::runCli;

namespace {


QByteArray contents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

void put(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

bool isCharacterDevice(const char* path) {
    struct stat info {};
    return ::stat(path, &info) == 0 && S_ISCHR(info.st_mode);
}

// The message of the FileWriteError the call throws ("" if it throws none).
template <typename Call>
QString failureOf(Call call) {
    try {
        call();
    } catch (const FileWriteError& error) {
        return QString::fromLocal8Bit(error.what());
    }
    return {};
}

// Files larger than `bytes` cannot be written by this process while it lives: EFBIG, the
// errno a full disk's ENOSPC takes in the same code path (every write checked). SIGXFSZ,
// which would end the process, is ignored meanwhile.
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

} // namespace

class TestAtomicFile : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QStringList entries() const { return QDir(dir_.path()).entryList(QDir::Files | QDir::Hidden | QDir::System); }

private slots:
    void init() {
        for (const QString& name : entries()) QFile::remove(dir_.filePath(name));
    }

    void writesANewFileAndReplacesAnOldOneKeepingItsPermissions() {
        const QString path = dir_.filePath("table.csv");
        writeFileAtomically(path.toStdString(), "a,b\n1,2\n");
        QCOMPARE(contents(path), QByteArray("a,b\n1,2\n"));
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0640) == 0);
        writeFileAtomically(path.toStdString(), "a,b\n3,4\n");
        QCOMPARE(contents(path), QByteArray("a,b\n3,4\n"));
        struct stat info {};
        QVERIFY(::stat(QFile::encodeName(path).constData(), &info) == 0);
        QCOMPARE(info.st_mode & 07777, mode_t{0640});
        QCOMPARE(entries(), QStringList{"table.csv"});  // no temporary left behind
    }

    void aFullDeviceFailsNamingTheFileAndTheReason() {
        QVERIFY(isCharacterDevice("/dev/full"));
        const QString message = failureOf([] { writeFileAtomically("/dev/full", "x,y\n1,2\n"); });
        QVERIFY2(message.contains("/dev/full") && message.contains("No space left on device"), qPrintable(message));
        QVERIFY(isCharacterDevice("/dev/full"));
    }

    void aFailedWriteKeepsThePreviousFile() {
        const QString path = dir_.filePath("results.csv");
        put(path, "the earlier good results\n");
        QString message;
        {
            FileSizeLimit limit(64 * 1024);
            message = failureOf([&] { writeFileAtomically(path.toStdString(), std::string(256 * 1024, 'x')); });
        }
        QVERIFY2(message.contains(path) && message.contains("File too large"), qPrintable(message));
        QCOMPARE(contents(path), QByteArray("the earlier good results\n"));
        QCOMPARE(entries(), QStringList{"results.csv"});  // the temporary is removed
    }

    void aFailureOnTheSecondFileKeepsThePreviousSet() {
        const QString first = dir_.filePath("draws_1.csv"), second = dir_.filePath("draws_2.csv");
        put(first, "chain 1 of the earlier run\n");
        put(second, "chain 2 of the earlier run\n");
        QString message;
        {
            FileSizeLimit limit(64 * 1024);
            message = failureOf([&] {
                writeFilesAtomically({{first.toStdString(), "chain 1 of this run\n"}, {second.toStdString(), std::string(256 * 1024, 'x')}});
            });
        }
        QVERIFY2(message.contains(second) && message.contains("File too large"), qPrintable(message));
        QCOMPARE(contents(first), QByteArray("chain 1 of the earlier run\n"));
        QCOMPARE(contents(second), QByteArray("chain 2 of the earlier run\n"));
        QCOMPARE(entries(), (QStringList{"draws_1.csv", "draws_2.csv"}));

        writeFilesAtomically({{first.toStdString(), "chain 1 of this run\n"}, {second.toStdString(), "chain 2 of this run\n"}});
        QCOMPARE(contents(first), QByteArray("chain 1 of this run\n"));
        QCOMPARE(contents(second), QByteArray("chain 2 of this run\n"));
    }

    void aMissingFolderOrAFileAsFolderFails() {
        const QString missing = failureOf([] { writeFileAtomically("/nonexistent-dir/x.csv", "1\n"); });
        QVERIFY2(missing.contains("/nonexistent-dir/x.csv") && missing.contains("No such file or directory"), qPrintable(missing));
        put(dir_.filePath("plain"), "a file\n");
        const std::string underFile = dir_.filePath("plain/x.csv").toStdString();
        const QString notDir = failureOf([&] { writeFileAtomically(underFile, "1\n"); });
        QVERIFY2(notDir.contains("plain/x.csv") && notDir.contains("Not a directory"), qPrintable(notDir));
        const QString folder = failureOf([&] { writeFileAtomically(dir_.path().toStdString(), "1\n"); });
        QVERIFY2(folder.contains("is a folder"), qPrintable(folder));
    }

    void anUnwritableFolderFailsAlsoForRoot() {
        // root passes every permission check, so the write runs in a child that gives up root.
        QTemporaryDir outer;
        QVERIFY(::chmod(QFile::encodeName(outer.path()).constData(), 0755) == 0);
        const QString folder = outer.filePath("read-only");
        QVERIFY(QDir().mkdir(folder));
        QVERIFY(::chmod(QFile::encodeName(folder).constData(), 0555) == 0);
        const std::string path = (folder + "/out.csv").toStdString();
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
            try {
                writeFileAtomically(path, "1\n");
            } catch (const FileWriteError& error) {
                const std::string what = error.what();
                ::_exit(what.find(path) != std::string::npos && what.find("Permission denied") != std::string::npos ? 1 : 2);
            }
            ::_exit(0);
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status));
        QVERIFY2(WEXITSTATUS(status) != 3, "could not drop root in the child");
        QCOMPARE(WEXITSTATUS(status), 1);
        QVERIFY(!QFile::exists(folder + "/out.csv"));
        QVERIFY(QDir(folder).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }

    void aDeviceNodeIsWrittenInPlaceNotReplaced() {
        QVERIFY(isCharacterDevice("/dev/null"));
        writeFileAtomically("/dev/null", "lp__,accept_stat__\n-1.5,0.9\n");
        writeFilesAtomically({{"/dev/null", "a\n"}, {dir_.filePath("beside.csv").toStdString(), "b\n"}});
        QVERIFY(isCharacterDevice("/dev/null"));
        QCOMPARE(contents(dir_.filePath("beside.csv")), QByteArray("b\n"));
    }

    void aFifoIsWrittenInPlace() {
        const QString fifo = dir_.filePath("pipe");
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        std::string received;
        std::thread reader([&] {
            const int fd = ::open(QFile::encodeName(fifo).constData(), O_RDONLY);
            if (fd < 0) return;
            char buffer[4096];
            for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) received.append(buffer, static_cast<std::size_t>(n));
            ::close(fd);
        });
        const std::string text = "x\n" + std::string(100000, 'y') + "\n";
        writeFileAtomically(fifo.toStdString(), text);
        reader.join();
        QCOMPARE(received.size(), text.size());
        QVERIFY(received == text);
        struct stat info {};
        QVERIFY(::stat(QFile::encodeName(fifo).constData(), &info) == 0 && S_ISFIFO(info.st_mode));
    }

    void aLinkIsFollowedAndKept() {
        const QString target = dir_.filePath("real.csv"), link = dir_.filePath("link.csv");
        put(target, "old\n");
        QVERIFY(QFile::link(target, link));
        writeFileAtomically(link.toStdString(), "new\n");
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(contents(target), QByteArray("new\n"));
    }

    void cliExitsNonzeroOnAFullDevice() {
        const CliResult r = runCli({"synth", "--rows", "50", "--out", "/dev/full", "--classes-out", dir_.filePath("classes.csv")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("/dev/full") && r.err.contains("No space left on device"), r.err.constData());
        QVERIFY(!QFile::exists(dir_.filePath("classes.csv")));  // the set is written whole or not at all
        QVERIFY(isCharacterDevice("/dev/full"));
    }

    void cliDrawsToDevNullKeepTheDevice() {
        const QString data = dir_.filePath("synth.csv");
        QCOMPARE(runCli({"synth", "--rows", "300", "--seed", "2", "--out", data}).exitCode, 0);
        for (const char* chains : {"1", "2"}) {
            const CliResult r = runCli({"run", "--data", data, "--model", "flat", "--inference", "nuts", "--warmup", "30", "--samples", "10",
                                        "--chains", chains, "--train-size", "150", "--test-size", "100", "--draws-out", "/dev/null"});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QVERIFY(isCharacterDevice("/dev/null"));
        }
        QVERIFY(!QFile::exists("/dev/null_1.csv"));
    }

    void cliRemovesStaleChainFilesOfAnEarlierRun() {
        const QString data = dir_.filePath("synth.csv");
        QCOMPARE(runCli({"synth", "--rows", "300", "--seed", "2", "--out", data}).exitCode, 0);
        const QString out = dir_.filePath("draws.csv");
        for (int k = 1; k <= 4; ++k) put(dir_.filePath(QString("draws_%1.csv").arg(k)), "a 4-chain run's draws\n");
        const CliResult r = runCli({"run", "--data", data, "--model", "flat", "--inference", "nuts", "--warmup", "30", "--samples", "10",
                                    "--chains", "2", "--train-size", "150", "--test-size", "100", "--draws-out", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(contents(dir_.filePath("draws_1.csv")).startsWith("# stan_version_major = 2\n"));
        QVERIFY(contents(dir_.filePath("draws_2.csv")).startsWith("# stan_version_major = 2\n"));
        QVERIFY(!QFile::exists(dir_.filePath("draws_3.csv")));
        QVERIFY(!QFile::exists(dir_.filePath("draws_4.csv")));
        QVERIFY2(r.err.contains("removed " + dir_.filePath("draws_3.csv").toUtf8()), r.err.constData());
    }

    // The manifest names each file with its size and FNV-1a hash, the command and a run id;
    // a file replaced by another run's shows as a mismatch.
    void aSetCarriesAManifestNamingEveryFile() {
        QCOMPARE(fnv1a64(""), std::uint64_t{0xcbf29ce484222325ULL});  // the published FNV-1a test vectors
        QCOMPARE(fnv1a64("a"), std::uint64_t{0xaf63dc4c8601ec8cULL});
        QCOMPARE(fnv1a64("foobar"), std::uint64_t{0x85944171f73967e8ULL});
        OutputSet set;
        set.folder = dir_.path().toStdString();
        set.name = "sweep";
        set.files = {{dir_.filePath("sweep.csv").toStdString(), "a"}, {dir_.filePath("sweep.json").toStdString(), "foobar"}};
        set.command = {"genrelab-cli", "sweep", "--nu", "1,2"};
        const std::string runId = writeOutputSet(set);
        QVERIFY(QRegularExpression("^\\d{8}T\\d{6}Z-\\d+-[0-9a-f]{8}$").match(QString::fromStdString(runId)).hasMatch());
        const QJsonObject manifest = QJsonDocument::fromJson(contents(dir_.filePath("sweep.manifest.json"))).object();
        QCOMPARE(manifest["format"].toString(), QString("genrelab-output-set-1"));
        QCOMPARE(manifest["run_id"].toString(), QString::fromStdString(runId));
        QCOMPARE(manifest["command"].toArray().size(), 4);
        QCOMPARE(manifest["command"].toArray()[3].toString(), QString("1,2"));
        const QJsonArray files = manifest["files"].toArray();
        QCOMPARE(files.size(), 2);
        QCOMPARE(files[0].toObject()["name"].toString(), QString("sweep.csv"));
        QCOMPARE(files[0].toObject()["bytes"].toInt(), 1);
        QCOMPARE(files[0].toObject()["fnv1a64"].toString(), QString("af63dc4c8601ec8c"));
        QCOMPARE(files[1].toObject()["name"].toString(), QString("sweep.json"));
        QCOMPARE(files[1].toObject()["fnv1a64"].toString(), QString("85944171f73967e8"));
        QVERIFY(QFile::exists(dir_.filePath(FolderLock::kFileName)));

        OutputSetCheck check = checkOutputSet(set.folder, "sweep");
        QVERIFY(check.whole());
        QCOMPARE(check.runId, runId);
        QCOMPARE(check.files, (std::vector<std::string>{"sweep.csv", "sweep.json"}));
        put(dir_.filePath("sweep.json"), "fooba!");  // same size, another run's bytes
        check = checkOutputSet(set.folder, "sweep");
        QCOMPARE(check.problems, std::vector<std::string>{"sweep.json: not the file this manifest's run wrote"});
        QFile::remove(dir_.filePath("sweep.csv"));
        check = checkOutputSet(set.folder, "sweep");
        QCOMPARE(check.problems.size(), std::size_t{2});
        QCOMPARE(check.problems[0], std::string("sweep.csv: missing"));
        QCOMPARE(checkOutputSet(set.folder, "nothing").problems,
                 std::vector<std::string>{set.folder + "/nothing.manifest.json: no manifest"});
    }

    // A second writer waits for the folder's lock: its files appear only once the first lets go.
    void writersOfOneFolderTakeTurns() {
        const std::string folder = dir_.path().toStdString();
        std::atomic<bool> written{false};
        std::thread second;
        {
            const FolderLock held(folder, FolderLock::Mode::Exclusive);
            QVERIFY(held.held());
            second = std::thread([&] {
                OutputSet set;
                set.folder = folder;
                set.name = "results";
                set.files = {{folder + "/results.csv", "second\n"}};
                writeOutputSet(set);
                written = true;
            });
            QTest::qWait(300);
            QVERIFY(!written);
            QVERIFY(!QFile::exists(dir_.filePath("results.csv")));
        }
        second.join();
        QVERIFY(written);
        QVERIFY(checkOutputSet(folder, "results").whole());
    }

    // Two processes released at the same instant, each writing a set of four 256 KiB files
    // into one folder, 40 times: the folder always holds one process's whole set (every file
    // starts with the tag its manifest's command names).
    void twoProcessesWritingSetsAtOnceNeverMix() {
        const std::string folder = dir_.filePath("race").toStdString();
        QVERIFY(QDir().mkpath(QString::fromStdString(folder)));
        for (int pair = 0; pair < 40; ++pair) {
            int gate[2];
            QVERIFY(::pipe(gate) == 0);
            pid_t children[2];
            for (int k = 0; k < 2; ++k) {
                children[k] = ::fork();
                QVERIFY(children[k] >= 0);
                if (children[k] == 0) {
                    ::close(gate[1]);
                    char go;
                    if (::read(gate[0], &go, 1) < 0) ::_exit(3);  // returns 0 when the parent closes the gate
                    const std::string tag = "run " + std::to_string(pair) + "-" + std::to_string(k) + "\n";
                    std::string body;
                    while (body.size() < (256 << 10)) body += tag;
                    OutputSet set;
                    set.folder = folder;
                    set.name = "set";
                    for (const char* name : {"a.csv", "b.csv", "c.json", "d.md"}) set.files.push_back({folder + "/" + name, body});
                    set.command = {"writer", tag.substr(0, tag.size() - 1)};
                    try {
                        writeOutputSet(set);
                    } catch (...) {
                        ::_exit(2);
                    }
                    ::_exit(0);
                }
            }
            ::close(gate[0]);
            ::close(gate[1]);  // both start
            for (pid_t child : children) {
                int status = 0;
                QVERIFY(::waitpid(child, &status, 0) == child);
                QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
            }
            const OutputSetCheck check = checkOutputSet(folder, "set");
            QVERIFY2(check.whole(), check.problems.empty() ? "" : check.problems.front().c_str());
            QCOMPARE(check.command.size(), std::size_t{2});
            const QByteArray tag = QByteArray::fromStdString(check.command[1] + "\n");
            for (const char* name : {"a.csv", "b.csv", "c.json", "d.md"})
                QVERIFY2(contents(QString::fromStdString(folder + "/" + name)).startsWith(tag), name);
        }
    }

    // Two sweeps started together into one --out folder, many times: afterwards every file the
    // manifest names is the one its run wrote, so the folder holds one run's set, never a mix.
    void twoRunsIntoOneFolderLeaveOneRunsWholeSet() {
        const QString data = dir_.filePath("synth.csv");
        QCOMPARE(runCli({"synth", "--rows", "700", "--seed", "3", "--out", data}).exitCode, 0);
        const QString out = dir_.filePath("out");
        constexpr int kPairs = 40;
        int lastWasSeedOne = 0;
        for (int pair = 0; pair < kPairs; ++pair) {
            QProcess first, second;
            const QStringList common{"sweep", "--data", data, "--nu", "1,4", "--train-size", "200", "--steps", "30", "--jobs", "1",
                                     "--out", out, "--quiet"};
            first.start(GENRELAB_CLI_PATH, common + QStringList{"--seed", "1"});
            second.start(GENRELAB_CLI_PATH, common + QStringList{"--seed", "2"});
            QVERIFY(first.waitForFinished(120000) && second.waitForFinished(120000));
            QCOMPARE(first.exitCode(), 0);
            QCOMPARE(second.exitCode(), 0);
            const OutputSetCheck check = checkOutputSet(out.toStdString(), "sweep");
            QVERIFY2(check.whole(), check.problems.empty() ? "" : check.problems.front().c_str());
            QCOMPARE(check.files, (std::vector<std::string>{"sweep.csv", "sweep.json"}));
            // Independently of the checker: the manifest's hashes are those of the files there.
            const QJsonObject manifest = QJsonDocument::fromJson(contents(QDir(out).filePath("sweep.manifest.json"))).object();
            for (const auto& entry : manifest["files"].toArray()) {
                const QByteArray bytes = contents(QDir(out).filePath(entry.toObject()["name"].toString()));
                const std::string hash = QString::number(fnv1a64({bytes.constData(), static_cast<std::size_t>(bytes.size())}), 16)
                                             .rightJustified(16, '0').toStdString();
                QCOMPARE(entry.toObject()["fnv1a64"].toString().toStdString(), hash);
            }
            const QJsonArray command = manifest["command"].toArray();
            lastWasSeedOne += command.last().toString() == "1";
            QVERIFY(command.contains(QString("--seed")));
        }
        qInfo("%d pairs; the seed-1 run wrote last in %d of them", kPairs, lastWasSeedOne);
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"

// The one file writer under faults: a full file system, an unwritable folder, device nodes and
// FIFOs, a failure on the second of several files; and the CLI's exits on them.
#include "util/AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

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
        QVERIFY(contents(dir_.filePath("draws_1.csv")).startsWith("# genrelab-cli run"));
        QVERIFY(contents(dir_.filePath("draws_2.csv")).startsWith("# genrelab-cli run"));
        QVERIFY(!QFile::exists(dir_.filePath("draws_3.csv")));
        QVERIFY(!QFile::exists(dir_.filePath("draws_4.csv")));
        QVERIFY2(r.err.contains("removed " + dir_.filePath("draws_3.csv").toUtf8()), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"

#pragma once
// Runs the built genrelab-cli (GENRELAB_CLI_PATH) for the tests that check it from outside.
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace genrelab::testing {

struct CliResult {
    int exitCode;  // -1 when the process crashed or did not finish
    QByteArray out, err;
};

// With a locale, LC_ALL and LANG are set to it for the child.
inline CliResult runCli(const QStringList& args, const QString& locale = {}) {
    QProcess p;
    if (!locale.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("LC_ALL", locale);
        env.insert("LANG", locale);
        p.setProcessEnvironment(env);
    }
    p.start(GENRELAB_CLI_PATH, args);
    p.waitForFinished(300000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

// A file named name in dir holding content; its path, or an empty path when it could not be written.
inline QString writeTestFile(const QDir& dir, const QString& name, const QByteArray& content) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size()) return {};
    return path;
}

// A CSV of one feature x = 0, 0.5, 1, ... and two alternating classes, B first.
inline QByteArray alternatingTwoClassRows(int rows) {
    QByteArray csv = "x,Class\n";
    for (int i = 0; i < rows; ++i) csv += QByteArray::number(i * 0.5) + (i % 2 ? ",A\n" : ",B\n");
    return csv;
}

} // namespace genrelab::testing

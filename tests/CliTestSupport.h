#pragma once
// Runs the built genrelab-cli (GENRELAB_CLI_PATH) for the tests that check it from outside.
#include <QByteArray>
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

} // namespace genrelab::testing

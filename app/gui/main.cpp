// genrelab: the desktop app. Starts on the bundled sample unless given a file.
#include "MainWindow.h"
#include "SamplePath.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QTimer>

#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("genrelab");
    QApplication::setApplicationName("genrelab");
    QApplication::setApplicationVersion(GENRELAB_VERSION);
    QApplication::setWindowIcon(QIcon(":/genrelab/icons/genrelab.svg"));

    QCommandLineParser parser;
    parser.setApplicationDescription("genrelab: Bayesian genre classification of music tracks.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("FILE", "CSV file to open (default: the bundled sample).", "[FILE]");
    parser.addOption({"screenshot", "Render the window into DIR/<section>.png and exit.", "DIR"});
    parser.addOption({"data", "The file to open (same as FILE).", "FILE"});
    parser.process(app);

    QString path = parser.value("data");
    if (path.isEmpty() && !parser.positionalArguments().isEmpty()) path = parser.positionalArguments().first();
    if (path.isEmpty()) path = genrelab::bundledSamplePath();

    genrelab::MainWindow window;
    if (parser.isSet("screenshot")) {
        // Headless check of the GUI: load, render each section to a PNG, quit.
        const QString dir = parser.value("screenshot");
        window.setProperty("quietErrors", true);
        window.resize(1400, 860);
        QDir().mkpath(dir);
        auto shoot = [&window, dir] {
            window.show();
            QApplication::processEvents();
            const QString file = QDir(dir).filePath("data.png");
            const bool ok = window.grab().save(file);
            std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "wrote" : "could not write", qPrintable(file));
            QApplication::exit(ok ? 0 : 1);
        };
        QObject::connect(&window, &genrelab::MainWindow::fileLoaded, &window, [shoot] { QTimer::singleShot(200, shoot); });
        QObject::connect(&window, &genrelab::MainWindow::loadFailed, &window, [](const QString& message) {
            std::fprintf(stderr, "genrelab: %s\n", qPrintable(message));
            QApplication::exit(1);
        });
        if (path.isEmpty()) {
            std::fprintf(stderr, "genrelab: no data file given and no bundled sample found\n");
            return 1;
        }
        window.openFile(path);
        return QApplication::exec();
    }
    window.show();
    if (!path.isEmpty()) window.openFile(path);
    return QApplication::exec();
}

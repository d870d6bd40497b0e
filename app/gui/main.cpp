// genrelab: the desktop app. Starts on the bundled sample unless given a file.
#include "HeadlessModes.h"
#include "MainWindow.h"
#include "SamplePath.h"
#include "SmokeTest.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

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
    parser.addOption({"screenshot", "Open the data, run a short fit, render every section into DIR/<section>.png, exit.", "DIR"});
    parser.addOption({"screenshot-inference", "Inference for --screenshot: svi (default), nuts or pathfinder.", "NAME", "svi"});
    parser.addOption({"screenshot-model", "Model for --screenshot (flat, hier-studentt, hier-normal, ard, mlp; default: the "
                                          "session's).", "NAME"});
    parser.addOption({"screenshot-artist-column", "For --screenshot: fit with artist effects read from this column.", "NAME"});
    parser.addOption({"screenshot-title-column", "For --screenshot: fit with title tokens read from this column.", "NAME"});
    parser.addOption({"screenshot-fast", "For --screenshot: shorter fits and a smaller sweep (CI's check of scripts/screenshots.sh)."});
    parser.addOption({"data", "The file to open (same as FILE).", "FILE"});
    parser.addOption({"measure-stall", "Run a fit with live plots (svi: full data; nuts: 1,000 rows, 4 chains, 500 + 500), "
                                       "print the longest event-loop stall as JSON, exit.", "INFERENCE"});
    parser.addOption({"smoke-test", "Open the data, show every section, start a NUTS run and cancel it, close the window, exit 0 "
                                    "(1 on any failure). scripts/smoke-xvfb.sh runs it under Xvfb."});
    parser.process(app);

    QString path = parser.value("data");
    if (path.isEmpty() && !parser.positionalArguments().isEmpty()) path = parser.positionalArguments().first();
    if (path.isEmpty()) path = genrelab::bundledSamplePath();

    genrelab::MainWindow window;
    if (parser.isSet("screenshot")) {
        if (path.isEmpty()) {
            std::fprintf(stderr, "genrelab: no data file given and no bundled sample found\n");
            return 1;
        }
        return genrelab::screenshotMode(window, path, parser.value("screenshot"), parser.value("screenshot-inference"),
                                        parser.value("screenshot-model"), parser.value("screenshot-artist-column"),
                                        parser.value("screenshot-title-column"), parser.isSet("screenshot-fast"));
    }
    if (parser.isSet("measure-stall")) {
        if (path.isEmpty()) {
            std::fprintf(stderr, "genrelab: no data file given and no bundled sample found\n");
            return 1;
        }
        return genrelab::measureStallMode(window, path, parser.value("measure-stall"));
    }
    if (parser.isSet("smoke-test")) {
        if (path.isEmpty()) {
            std::fprintf(stderr, "genrelab: no data file given and no bundled sample found\n");
            return 1;
        }
        return genrelab::smokeTestMode(window, path);
    }
    window.show();
    // After a crash, the autosaved session (with its data file) instead of the file given; the
    // autosave starts after the offer, so it cannot overwrite the session being offered.
    const bool restored = window.offerAutosaveRestore();
    window.startAutosave();
    if (!restored && !path.isEmpty()) window.openFile(path);
    return QApplication::exec();
}

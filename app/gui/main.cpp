// genrelab: the desktop app. Starts on the bundled sample unless given a file.
#include "MainWindow.h"
#include "ExperimentsPanel.h"
#include "PredictPanel.h"

#include <QLineEdit>
#include "SamplePath.h"
#include "TrainPanel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QTimer>

#include <cstdio>

namespace {

// Headless check of the GUI: load the data, run a short fit, render every section, quit.
int screenshotMode(genrelab::MainWindow& window, const QString& path, const QString& dir, const QString& inference) {
    window.setProperty("quietErrors", true);
    window.trainPanel()->setProperty("quietErrors", true);
    window.resize(1500, 920);
    window.show();
    QObject::connect(&window, &genrelab::MainWindow::loadFailed, &window, [](const QString& message) {
        std::fprintf(stderr, "genrelab: %s\n", qPrintable(message));
        QApplication::exit(1);
    });
    QObject::connect(&window, &genrelab::MainWindow::fileLoaded, &window, [&window, inference] {
        genrelab::RunSpec spec = window.session().modelSpec();
        spec.inference = inference == "nuts" ? genrelab::InferenceKind::Nuts : genrelab::InferenceKind::Svi;
        spec.svi.steps = 1500;
        spec.svi.learningRate = 0.03;
        spec.nuts.warmup = 300;
        spec.nuts.samples = 300;
        spec.nuts.chains = 4;
        window.session().setModelSpec(spec);
        genrelab::PrepChoices prep = window.session().prep();
        if (inference == "nuts") prep.trainRows = 1000;
        window.session().setPrep(prep);
        window.trainPanel()->startRun();
    });
    QObject::connect(&window.controller(), &genrelab::TrainingController::failed, &window, [](const QString& message) {
        std::fprintf(stderr, "genrelab: training failed: %s\n", qPrintable(message));
        QApplication::exit(1);
    });
    // After the fit: predictions, then a small prior sweep for the Experiments section, then shoot.
    QObject::connect(&window.controller(), &genrelab::TrainingController::finished, &window, [&window, path] {
        window.predictPanel()->predictManual();
        window.predictPanel()->predictFile(path);
        window.experimentsPanel()->nuValues()->setText("1,4,30");
        window.experimentsPanel()->tauValues()->setText("0.5,1,2");
        window.experimentsPanel()->runSweep();
    });
    QObject::connect(window.experimentsPanel(), &genrelab::ExperimentsPanel::sweepFinished, &window, [&window, dir] {
        QTimer::singleShot(300, &window, [&window, dir] {
            const QStringList files = window.screenshotSections(dir);
            for (const QString& f : files) std::printf("wrote %s\n", qPrintable(f));
            QApplication::exit(files.size() == 7 ? 0 : 1);
        });
    });
    window.openFile(path);
    return QApplication::exec();
}

} // namespace

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
    parser.addOption({"screenshot-inference", "Inference for --screenshot: svi (default) or nuts.", "NAME", "svi"});
    parser.addOption({"data", "The file to open (same as FILE).", "FILE"});
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
        return screenshotMode(window, path, parser.value("screenshot"), parser.value("screenshot-inference"));
    }
    window.show();
    if (!path.isEmpty()) window.openFile(path);
    return QApplication::exec();
}

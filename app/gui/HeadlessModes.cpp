#include "HeadlessModes.h"

#include "CalibrationTab.h"
#include "ExperimentsPanel.h"
#include "ExplorePanel.h"
#include "HistogramPlot.h"
#include "MainWindow.h"
#include "PlotExport.h"
#include "PredictPanel.h"
#include "ResultsPanel.h"
#include "StallProbe.h"
#include "WorkflowTabs.h"
#include "TrainPanel.h"
#include "util/Format.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTabBar>
#include <QTextEdit>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QTabWidget>
#include <QTimer>
#include <qcustomplot.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace genrelab {
namespace {

// The window at a fixed size, errors on stderr instead of dialogs, exit code 1 on any failure.
void showHeadless(MainWindow& window) {
    window.setProperty("quietErrors", true);
    window.trainPanel()->setProperty("quietErrors", true);
    window.resize(1500, 920);
    window.show();
    QObject::connect(&window, &MainWindow::loadFailed, &window, [](const QString& message) {
        std::fprintf(stderr, "genrelab: %s\n", qPrintable(message));
        QApplication::exit(1);
    });
    QObject::connect(&window.controller(), &TrainingController::failed, &window, [](const QString& message) {
        std::fprintf(stderr, "genrelab: training failed: %s\n", qPrintable(message));
        QApplication::exit(1);
    });
}

} // namespace

QStringList absolutePathsShown(const QWidget& window) {
    // A path of two or more parts after a space, a quote, a bracket or the start: "/home/x/a.csv".
    static const QRegularExpression absolute(R"((?:^|[\s'"(\[=:])(?:/[\w.+-]+){2,})");
    QStringList found;
    const auto check = [&found](const QString& where, const QString& text) {
        if (absolute.match(text).hasMatch()) found << where + ": " + text;
    };
    check("window title", window.windowTitle());
    for (const auto* w : window.findChildren<QLabel*>()) check("label", w->text());
    for (const auto* w : window.findChildren<QLineEdit*>()) check("field", w->text());
    for (const auto* w : window.findChildren<QPlainTextEdit*>()) check("text", w->toPlainText());
    for (const auto* w : window.findChildren<QTextEdit*>()) check("text", w->toPlainText());
    for (const auto* w : window.findChildren<QAbstractButton*>()) check("button", w->text());
    for (const auto* w : window.findChildren<QGroupBox*>()) check("box", w->title());
    for (const auto* w : window.findChildren<QComboBox*>())
        for (int i = 0; i < w->count(); ++i) check("choice", w->itemText(i));
    for (const auto* w : window.findChildren<QTabBar*>())
        for (int i = 0; i < w->count(); ++i) check("tab", w->tabText(i));
    return found;
}

// Headless check of the GUI: load the data, run a short fit, render every section, quit.
int screenshotMode(MainWindow& window, const QString& path, const QString& dir, const QString& inference, const QString& model,
                   const QString& artistColumn, const QString& titleColumn, bool fast) {
    RunSpec chosen = window.session().modelSpec();
    try {
        if (!model.isEmpty()) setModelByName(chosen.model, model.toStdString());
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "genrelab: --screenshot-model: %s\n", e.what());
        return 2;
    }
    showHeadless(window);
    QObject::connect(&window, &MainWindow::fileLoaded, &window, [&window, inference, model = chosen.model, artistColumn, titleColumn, fast] {
        RunSpec spec = window.session().modelSpec();
        spec.model = model;
        spec.model.terms.artistEffects = !artistColumn.isEmpty();
        spec.model.terms.titleTokens = !titleColumn.isEmpty();
        spec.inference = inference == "nuts" ? InferenceKind::Nuts : inference == "pathfinder" ? InferenceKind::Pathfinder : InferenceKind::Svi;
        spec.svi.steps = fast ? 300 : 1500;
        spec.svi.learningRate = 0.03;
        spec.nuts.warmup = fast ? 100 : 300;
        spec.nuts.samples = fast ? 100 : 300;
        spec.nuts.chains = 4;
        window.session().setModelSpec(spec);
        PrepChoices prep = window.session().prep();
        if (inference == "nuts") prep.trainRows = fast ? 300 : 1000;
        // Per class, the histogram reads as small multiples (eleven overlaid colours do not).
        window.explorePanel()->histogram()->setMode(HistogramPlot::Mode::SmallMultiples);
        if (!artistColumn.isEmpty()) prep.groups.artistColumn = artistColumn.toStdString();
        if (!titleColumn.isEmpty()) prep.groups.titleColumn = titleColumn.toStdString();
        window.session().setPrep(prep);
        window.trainPanel()->startRun();
    });
    // After the fit: predictions, then a small prior sweep for the Experiments section, then shoot.
    QObject::connect(&window.controller(), &TrainingController::finished, &window, [&window, path, fast, grouped = !artistColumn.isEmpty() && !titleColumn.isEmpty()] {
        if (grouped) window.experimentsPanel()->presets()->setCurrentIndex(window.experimentsPanel()->presets()->count() - 1);  // the grouped ablation
        window.predictPanel()->predictManual();
        window.predictPanel()->predictFile(path);
        window.experimentsPanel()->nuValues()->setText(fast ? "4" : "1,4,30");
        window.experimentsPanel()->tauValues()->setText(fast ? "1" : "0.5,1,2");
        window.experimentsPanel()->runSweep();
    });
    QObject::connect(window.experimentsPanel(), &ExperimentsPanel::sweepFinished, &window, [&window, dir, grouped = !artistColumn.isEmpty() && !titleColumn.isEmpty()] {
        if (grouped) window.experimentsPanel()->tabs()->setCurrentIndex(0);  // the grouped ablation's runs, not the sweep
        QTimer::singleShot(300, &window, [&window, dir] {
            if (const QStringList paths = absolutePathsShown(window); !paths.isEmpty()) {
                for (const QString& p : paths) std::fprintf(stderr, "genrelab: the window shows an absolute path (%s)\n", qPrintable(p));
                QApplication::exit(1);
                return;
            }
            window.resultsPanel()->waitUntilShown();  // every view, the workflow plots as a user sees them once ready
            window.resultsPanel()->calibration()->chooser()->setCurrentIndex(1);  // one class vs rest: the first class
            const QStringList files = window.screenshotSections(dir);
            for (const QString& f : files) std::printf("wrote %s\n", qPrintable(f));
            QDir().mkpath(QDir(dir).filePath("plots"));
            bool plotsWritten = true;
            for (const auto& [name, plot] : window.resultsPanel()->plots()) {
                const QString file = QDir(dir).filePath("plots/" + name + ".png");
                // A render makes its ticks before it lays the axes out at the export size, so a
                // hidden tab's category labels would be spaced for the hidden widget's size: a
                // first render at the export size lays them out, the second is written.
                QByteArray layout;
                renderPlot(plot, "png", layout, 1000, 620);
                const QString error = savePlot(plot, file, 1000, 620);
                if (error.isEmpty()) std::printf("wrote %s\n", qPrintable(file));
                else std::fprintf(stderr, "genrelab: %s\n", qPrintable(error));
                plotsWritten = plotsWritten && error.isEmpty();
            }
            QApplication::exit(files.size() == 7 && plotsWritten ? 0 : 1);
        });
    });
    window.openFile(path);
    return QApplication::exec();
}


int measureStallMode(MainWindow& window, const QString& path, const QString& inference) {
    if (inference != "svi" && inference != "nuts") {
        std::fprintf(stderr, "genrelab: --measure-stall takes svi or nuts, not '%s'\n", qPrintable(inference));
        return 2;
    }
    showHeadless(window);
    auto* probe = new StallProbe(&window);
    const auto clock = std::make_shared<QElapsedTimer>();
    QObject::connect(&window, &MainWindow::fileLoaded, &window, [&window, inference, probe, clock] {
        RunSpec spec = window.session().modelSpec();
        PrepChoices prep = window.session().prep();
        if (inference == "nuts") {
            spec.inference = InferenceKind::Nuts;
            spec.nuts.warmup = 500;
            spec.nuts.samples = 500;
            spec.nuts.chains = 4;
            prep.trainRows = 1000;
        } else {
            spec.inference = InferenceKind::Svi;
            spec.svi.steps = 5000;
            spec.svi.learningRate = 0.01;
        }
        window.session().setModelSpec(spec);
        window.session().setPrep(prep);
        window.sections()->setCurrentWidget(window.trainPanel());  // the live plots on screen while the run streams
        clock->start();
        probe->start();
        window.trainPanel()->startRun();
    });
    auto* settled = new QTimer(&window);
    settled->setInterval(50);
    QObject::connect(&window.controller(), &TrainingController::finished, settled, qOverload<>(&QTimer::start));
    QObject::connect(settled, &QTimer::timeout, &window, [&window, inference, probe, clock, settled] {
        // Include judging and drawing the finished run, every view filled and the workflow's
        // numbers shown, and a second after: the stall a user would feel.
        if (window.resultsPanel()->filling() || window.resultsPanel()->workflow()->computing()) return;
        settled->stop();
        QTimer::singleShot(1000, &window, [&window, inference, probe, clock] {
            probe->stop();
            const auto result = window.session().result();
            std::printf("{\"inference\": \"%s\", \"train_rows\": %lld, \"seconds\": %s, \"timer_ticks\": %lld, "
                        "\"longest_stall_ms\": %lld, \"longest_busy_ms\": %s}\n",
                        qPrintable(inference), result ? static_cast<long long>(result->data.xTrain.rows()) : 0LL,
                        fixed(static_cast<double>(clock->elapsed()) / 1000.0, 2).c_str(), static_cast<long long>(probe->ticks()),
                        static_cast<long long>(probe->longestGapMs()),
                        probe->longestBusyMs() >= 0.0 ? fixed(probe->longestBusyMs(), 1).c_str() : "null");
            QApplication::exit(0);
        });
    });
    window.openFile(path);
    return QApplication::exec();
}

} // namespace genrelab

#pragma once
// Shared set-up for the app's widget tests: a window on the bundled sample, quick run specs.
#include "MainWindow.h"
#include "ResultsPanel.h"

#include <QFile>
#include <QSignalSpy>
#include <QtTest>

namespace genrelab::testing {

inline void isolateSettings(const char* name) {
    QCoreApplication::setOrganizationName("genrelab-tests");  // keep the user's settings out
    QCoreApplication::setApplicationName(name);
    QSettings().clear();
}

inline bool openSample(MainWindow& window) {
    window.setProperty("quietErrors", true);
    QSignalSpy loaded(&window, &MainWindow::fileLoaded);
    window.openFile(GENRELAB_SAMPLE_CSV);
    return loaded.wait(15000);
}

// A fast SVI run on the sample.
inline RunSpec quickSvi(std::size_t steps = 300) {
    RunSpec spec;
    setModelByName(spec.model, "hier-studentt");
    spec.inference = InferenceKind::Svi;
    spec.svi.steps = steps;
    spec.svi.learningRate = 0.05;
    spec.guideDraws = 200;
    spec.predictiveDraws = 100;
    return spec;
}

inline std::shared_ptr<const RunResult> train(MainWindow& window, const RunSpec& spec) {
    window.session().setModelSpec(spec);
    QSignalSpy finished(&window.controller(), &TrainingController::finished);
    window.controller().start(window.session().table(), window.session().runSpec());
    if (!finished.wait(120000)) return nullptr;
    window.resultsPanel()->fillNow();  // the views the publish fills one per event-loop turn
    return window.session().result();
}

// A file's bytes ("<unreadable>" when it cannot be opened), and writing bytes over a file.
inline QByteArray contents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

inline void put(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

} // namespace genrelab::testing

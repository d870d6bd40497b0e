#include "SmokeTest.h"

#include "MainWindow.h"
#include "TrainPanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTabWidget>
#include <QTimer>
#include <QWindow>

#include <cstdio>
#include <memory>

namespace genrelab {
namespace {

constexpr int kSectionDwellMs = 250;  // long enough for each section to lay out and paint

void say(const QString& line) {
    std::printf("smoke: %s\n", qPrintable(line));
    std::fflush(stdout);
}

void fail(const QString& why) {
    std::fprintf(stderr, "genrelab: smoke test failed: %s\n", qPrintable(why));
    QApplication::exit(1);
}

// The run the smoke test starts: long enough that it is still sampling when cancelled.
void chooseLongNutsRun(MainWindow& window) {
    RunSpec spec = window.session().modelSpec();
    spec.inference = InferenceKind::Nuts;
    spec.nuts.warmup = 5000;
    spec.nuts.samples = 5000;
    spec.nuts.chains = 2;
    window.session().setModelSpec(spec);
    PrepChoices prep = window.session().prep();
    prep.trainRows = 1000;
    window.session().setPrep(prep);
}

} // namespace

int smokeTestMode(MainWindow& window, const QString& path, int watchdogSeconds) {
    window.setProperty("quietErrors", true);  // a modal dialog would hang an unattended run
    window.trainPanel()->setProperty("quietErrors", true);
    const auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    QTimer::singleShot(watchdogSeconds * 1000, &window, [] { fail("no clean end within the watchdog's time"); });
    QObject::connect(&window, &MainWindow::loadFailed, &window, [](const QString& message) { fail("opening the data: " + message); });
    QObject::connect(&window.controller(), &TrainingController::failed, &window, [](const QString& m) { fail("the run: " + m); });

    window.show();
    say(QString("platform %1").arg(QGuiApplication::platformName()));

    // Every section in turn, each shown on screen (exposed) for a moment, then the run.
    auto showSection = std::make_shared<std::function<void(int)>>();
    // The function reaches itself through a weak pointer (a strong one would be a cycle that
    // LeakSanitizer reports); the fileLoaded connection below holds it while the window lives.
    const std::weak_ptr<std::function<void(int)>> nextSection = showSection;
    *showSection = [&window, nextSection](int index) {
        QTabWidget* tabs = window.sections();
        if (index == tabs->count()) {
            chooseLongNutsRun(window);
            say("starting a NUTS run (2 chains, 5000 + 5000 iterations)");
            window.trainPanel()->startRun();
            if (!window.controller().isRunning()) fail("the run did not start");
            return;
        }
        tabs->setCurrentIndex(index);
        QTimer::singleShot(kSectionDwellMs, &window, [&window, nextSection, index] {
            QTabWidget* sections = window.sections();
            const bool shown = sections->currentIndex() == index && sections->currentWidget()->isVisible() &&
                               window.windowHandle() && window.windowHandle()->isExposed();
            if (!shown) return fail(QString("section %1 is not on screen").arg(sections->tabText(index)));
            say(QString("section %1 shown").arg(sections->tabText(index).remove('&')));
            if (const auto show = nextSection.lock()) (*show)(index + 1);
        });
    };
    QObject::connect(&window, &MainWindow::fileLoaded, &window, [&window, showSection, clock](const QString& file) {
        say(QString("opened %1 (%2 rows) after %3 ms").arg(file).arg(window.session().table()->rows()).arg(clock->elapsed()));
        (*showSection)(0);
    });

    // Cancel once the run streams draws to the live views, as a user pressing Cancel would.
    auto cancelled = std::make_shared<bool>(false);
    QObject::connect(&window.controller(), &TrainingController::progress, &window, [&window, cancelled](const LiveBatch& batch) {
        if (*cancelled || batch.events.empty()) return;
        *cancelled = true;
        QTimer::singleShot(300, &window, [&window] {
            say("cancelling the run");
            window.controller().cancel();
        });
    });
    QObject::connect(&window.controller(), &TrainingController::finished, &window,
                     [&window, cancelled](const std::shared_ptr<const RunResult>& result) {
        if (!*cancelled) return fail("the run ended before it was cancelled");
        if (result && !result->partial) return fail("the cancelled run claims to be complete");
        say(QString("run cancelled; %1 ms from the request to the stop; the window closes").arg(window.controller().stopLatencyMs(), 0, 'f', 1));
        // Closed as a user closes it, so the settings and the autosave end as they do then.
        QTimer::singleShot(100, &window, [&window] {
            window.close();
            QApplication::exit(window.isVisible() ? 1 : 0);
        });
    });
    window.openFile(path);
    const int code = QApplication::exec();
    say(QString("exit code %1 after %2 ms").arg(code).arg(clock->elapsed()));
    return code;
}

} // namespace genrelab

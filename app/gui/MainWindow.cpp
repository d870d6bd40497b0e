#include "MainWindow.h"

#include "BackgroundPool.h"
#include "DataPanel.h"
#include "DroppedFile.h"
#include "JobProgress.h"
#include "ExperimentsPanel.h"
#include "ExplorePanel.h"
#include "ModelBuilder.h"
#include "ModelPanel.h"
#include "PredictPanel.h"
#include "QualityReportView.h"
#include "RecentFilesMenu.h"
#include "ReproBundle.h"
#include "ResultsPanel.h"
#include "RunVerdict.h"
#include "SessionDraws.h"
#include "TrainPanel.h"
#include "WorkflowTabs.h"
#include "AtomicFile.h"
#include "ElboPlot.h"
#include "ResultTableView.h"
#include "SamplerStatsPlot.h"
#include "TracePlot.h"
#include "data/Csv.h"
#include "export/StanCsvFiles.h"
#include "util/Format.h"
#include "util/OutputSet.h"

#include <QtConcurrent/QtConcurrentRun>

#include <qcustomplot.h>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

namespace genrelab {
namespace {
constexpr std::uint64_t kMaxSessionBytes = std::uint64_t{64} << 20;  // sessions hold choices and tables: far less
constexpr int kShowLoadProgressAfterMs = 300;
const char* kFolderKey = "MainWindow.lastFolder";
const char* kGeometryKey = "MainWindow.geometry";
const char* kSectionKey = "MainWindow.section";
const char* kChoicesKey = "Session.choices";
const char* kSectionNames[] = {"data", "explore", "model", "train", "results", "experiments", "predict"};
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), autosave_([this] { return session_.toJson(); }), statusLabel_(new QLabel(this)) {
    setWindowTitle("genrelab");
    setAcceptDrops(true);
    // Choices from the last run of the app (model, priors, preparation), before the panels read them.
    const QByteArray saved = QSettings().value(kChoicesKey).toByteArray();
    if (!saved.isEmpty()) {
        try {
            session_.applyJson(saved.toStdString(), "the saved settings");
        } catch (const std::exception&) {
            // Settings from another version: start from the defaults.
        }
    }
    tabs_ = new QTabWidget(this);
    data_ = new DataPanel(session_, this);
    explore_ = new ExplorePanel(session_, this);
    model_ = new ModelPanel(session_, this);
    train_ = new TrainPanel(session_, controller_, this);
    results_ = new ResultsPanel(session_, this);
    predict_ = new PredictPanel(session_, this);
    tabs_->addTab(data_, tr("Data"));
    tabs_->addTab(explore_, tr("Explore"));
    tabs_->addTab(model_, tr("Model"));
    tabs_->addTab(train_, tr("Train"));
    tabs_->addTab(results_, tr("Results"));
    experiments_ = new ExperimentsPanel(session_, this);
    tabs_->addTab(experiments_, tr("Experiments"));
    tabs_->addTab(predict_, tr("Predict"));
    setCentralWidget(tabs_);
    model_->builder()->setSpec(session_.modelSpec());
    statusBar()->addWidget(statusLabel_, 1);
    loadBusy_ = new QProgressBar(this);
    loadBusy_->setRange(0, 0);  // the reader and the rebuild report no fraction done: a busy bar with the time taken
    loadBusy_->setMaximumWidth(160);
    loadProgress_ = new JobProgress(loadBusy_, this);
    loadCancel_ = new QPushButton(tr("Cancel"), this);
    loadCancel_->setToolTip(tr("Stop waiting for this file; the file open before stays"));
    statusBar()->addPermanentWidget(loadBusy_);
    statusBar()->addPermanentWidget(loadCancel_);
    loadBusy_->hide();
    loadCancel_->hide();
    connect(loadCancel_, &QPushButton::clicked, this, [this] {
        if (restoreJob_.isRunning() && !restoreCancelled_) cancelRestore();
        else loader_.cancel();
    });
    connect(&loader_, &TableLoader::cancelled, this, [this] {
        hideLoadProgress();
        statusLabel_->setText(current_.table ? tr("Reading cancelled; %1 stays open.").arg(QFileInfo(current_.path).fileName())
                                             : tr("Reading cancelled."));
    });
    statusLabel_->setText(tr("Open a CSV file (Ctrl+O) or drop one here."));
    buildMenus();
    connect(&loader_, &TableLoader::loaded, this, &MainWindow::onLoaded);
    connect(&session_, &Session::resultChanged, &autosave_, [this] { autosave_.saveNow(); });  // a no-op until started
    connect(data_, &DataPanel::targetChangeRequested, this, [this](const QString& target) { openFile(current_.path, target); });
    connect(&controller_, &TrainingController::started, this, [this] {
        statusLabel_->setText(tr("Training on a worker thread… (the app stays usable)"));
        tabs_->setCurrentWidget(train_);
    });
    connect(&controller_, &TrainingController::finished, this, [this](const std::shared_ptr<const RunResult>& r) {
        if (!r) {
            statusLabel_->setText(tr("Run finished"));
            return;
        }
        statusLabel_->setText(tr("Run finished in %1 s%2").arg(r->totalSeconds, 0, 'f', 1).arg(endingSuffix(r->ending)));
    });
    connect(&controller_, &TrainingController::failed, this, [this](const QString& m) { statusLabel_->setText(tr("Run failed: %1").arg(m)); });
    connect(&restoreJob_, &QFutureWatcher<RestoredRuns>::finished, this, &MainWindow::onRunsRestored);
    connect(model_, &ModelPanel::refitRequested, this, [this] {
        if (!session_.hasData()) return;
        RunSpec spec = session_.runSpec();
        if (session_.result()) warmStartFrom(*session_.result(), spec);
        controller_.start(session_.table(), spec);
    });
    // Where the user left the window: its size and place, and the section shown.
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) resize(1400, 880);
    const int section = settings.value(kSectionKey, 0).toInt();
    if (section >= 0 && section < tabs_->count()) tabs_->setCurrentIndex(section);
}

MainWindow::~MainWindow() { restoreJob_.waitForFinished(); }

QualityReportView* MainWindow::reportView() const { return data_->report(); }

QMenu* MainWindow::recentMenu() const { return recentMenu_; }

void MainWindow::startAutosave(int intervalMs) {
    const QString error = autosave_.start(intervalMs);
    if (!error.isEmpty()) statusLabel_->setText(tr("Autosave is off: %1").arg(error));
}

bool MainWindow::offerAutosaveRestore() {
    if (!autosave_.crashedSessionAvailable()) return false;
    const QString path = autosave_.sessionPath();
    const QString when = QLocale().toString(QFileInfo(path).lastModified(), QLocale::ShortFormat);
    QMessageBox offer(QMessageBox::Question, tr("Restore the last session?"),
                      tr("genrelab did not exit cleanly last time. Its session (data file, preparation, model and inference "
                         "choices, the last run's tables) was autosaved at %1.\n\nRestore it?").arg(when),
                      QMessageBox::Yes | QMessageBox::No, this);
    offer.setObjectName("autosaveRestoreOffer");
    offer.button(QMessageBox::Yes)->setText(tr("Restore"));
    offer.button(QMessageBox::No)->setText(tr("Start afresh"));
    const bool restore = offer.exec() == QMessageBox::Yes;
    autosave_.forgetCrashedSession();
    if (!restore) return false;
    const QString error = openSession(path);
    showError(tr("Restore the last session"), error);
    if (error.isEmpty()) statusLabel_->setText(tr("Restored the session autosaved at %1.").arg(when));
    return error.isEmpty();
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open CSV…"), QKeySequence::Open, this, &MainWindow::chooseFile);
    recentMenu_ = new RecentFilesMenu(tr("Open &Recent"), file);
    file->addMenu(recentMenu_);
    connect(recentMenu_, &RecentFilesMenu::openRequested, this, [this](const QString& path) { openFile(path); });
    connect(recentMenu_, &RecentFilesMenu::fileGone, this, [this](const QString& path) {
        showError(tr("Open recent file"), tr("%1 no longer exists; it is removed from the recent files.").arg(path));
    });
    connect(recentMenu_, &RecentFilesMenu::status, statusLabel_, &QLabel::setText);
    file->addSeparator();
    file->addAction(tr("Open &Session…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open session"), {}, tr("genrelab sessions (*.json)"));
        if (!path.isEmpty()) showError(tr("Open session"), openSession(path));
    });
    file->addAction(tr("&Save Session…"), QKeySequence::Save, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save session"), "session.json", tr("genrelab sessions (*.json)"));
        if (!path.isEmpty()) showError(tr("Save session"), saveSession(path));
    });
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("Reproducibility &bundle…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the bundle"));
        if (dir.isEmpty()) return;
        const QString error = exportBundle(dir);
        if (error.isEmpty()) statusLabel_->setText(tr("Bundle written to %1").arg(dir));
        showError(tr("Export bundle"), error);
    });
    QAction* exportDrawsAction = exportMenu->addAction(tr("&Draws (Stan CSV)…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export draws (Stan CSV)"), "draws.csv", tr("Stan CSV (*.csv)"));
        if (path.isEmpty()) return;
        const QString error = exportDraws(path);
        if (error.isEmpty()) statusLabel_->setText(tr("Draws written to %1 (one file per chain)").arg(path));
        showError(tr("Export draws (Stan CSV)"), error);
    });
    exportDrawsAction->setObjectName("exportDrawsAction");
    exportDrawsAction->setToolTip(tr("The last run's draws as CmdStan writes them, one file per chain, for rstan, cmdstanpy or ArviZ"));
    exportMenu->addAction(tr("Screenshots of every section…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the screenshots"));
        if (!dir.isEmpty()) statusLabel_->setText(tr("Wrote %1 screenshots").arg(screenshotSections(dir).size()));
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(tr("&Start training"), QKeySequence(Qt::CTRL | Qt::Key_R), train_, &TrainPanel::startRun);
    run->addAction(tr("&Cancel"), QKeySequence(Qt::Key_Escape), &controller_, &TrainingController::cancel);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About genrelab"), this, [this] {
        QMessageBox::about(this, tr("About genrelab"),
                           tr("<b>genrelab %1</b><br/>Bayesian genre classification of music tracks from their "
                              "audio features.<br/>Qt %2, Eigen, QCustomPlot.")
                               .arg(GENRELAB_VERSION, qVersion()));
    });
}

void MainWindow::showError(const QString& title, const QString& message) {
    if (message.isEmpty()) return;
    lastError_ = message;
    statusLabel_->setText(message.section('\n', 0, 0));
    if (!property("quietErrors").toBool()) QMessageBox::warning(this, title, message);
}

void MainWindow::chooseFile() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open CSV"), settings.value(kFolderKey).toString(),
                                                      tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(kFolderKey, QFileInfo(path).absolutePath());
    openFile(path);
}

void MainWindow::openFile(const QString& path, const QString& target) {
    statusLabel_->setText(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    loader_.load(path, target);
    // A quick read shows no bar; one that takes a while (a million rows: seconds) can be cancelled.
    QTimer::singleShot(kShowLoadProgressAfterMs, this, [this] {
        if (loader_.isLoading()) showLoadProgress(tr("Stop waiting for this file; the file open before stays"));
    });
}

void MainWindow::showLoadProgress(const QString& cancelTip) {
    loadCancel_->setToolTip(cancelTip);
    loadProgress_->start(0);
    loadBusy_->show();
    loadCancel_->show();
}

void MainWindow::hideLoadProgress() {
    loadProgress_->stop();
    loadBusy_->hide();
    loadCancel_->hide();
}

void MainWindow::onLoaded(const LoadedData& loaded) {
    hideLoadProgress();
    if (!loaded.table) {
        // The previous file stays open and usable; the message says what and where.
        lastError_ = loaded.error;
        statusLabel_->setText(tr("Could not open %1").arg(QFileInfo(loaded.path).fileName()));
        if (!property("quietErrors").toBool()) QMessageBox::warning(this, tr("Could not open the file"), loaded.error);
        emit loadFailed(loaded.error);
        return;
    }
    current_ = loaded;
    lastError_.clear();
    session_.setData(loaded.path, loaded.table, loaded.report);
    if (!pendingRuns_.empty()) restorePendingRuns();
    setWindowTitle(QString("genrelab — %1").arg(QFileInfo(loaded.path).fileName()));
    statusLabel_->setText(tr("%1: %2 rows read and inspected in %3 ms")
                              .arg(QFileInfo(loaded.path).fileName(),
                                   QString::fromStdString(grouped(static_cast<std::int64_t>(loaded.report.rows))))
                              .arg(loaded.milliseconds, 0, 'f', 1) +
                          (loaded.note.isEmpty() ? QString() : " — " + loaded.note));
    recentMenu_->remember(loaded.path);
    emit fileLoaded(loaded.path);
}

QString MainWindow::saveSession(const QString& path) const {
    const std::vector<StoredRun> runs = session_.storedRuns();
    if (runs.empty()) return writeFileAtomically(path, QByteArray::fromStdString(session_.toJson()));
    const QString drawsPath = sessionDrawsPath(path);
    std::string draws = encodeRunDraws(runs);
    DrawsReference ref{QFileInfo(drawsPath).fileName().toStdString(), draws.size(), fnv1a64(draws), fileFnv1a64(session_.path())};
    try {
        // One set: a session never names draws of another save.
        writeFilesAtomically({{QFile::encodeName(path).toStdString(), session_.toJson(ref)},
                              {QFile::encodeName(drawsPath).toStdString(), std::move(draws)}});
    } catch (const FileWriteError& error) {
        return QString::fromLocal8Bit(error.what());
    }
    return {};
}

QString MainWindow::openSession(const QString& path) {
    try {
        // The data reader's rules: a folder, a FIFO nobody writes to or /dev/zero is a message, never a hang.
        const std::string name = QFile::encodeName(path).toStdString();
        const std::string text = readFileText(name, ReadLimits{kMaxSessionBytes, ReadLimits{}.pipeWaitMilliseconds});
        const SessionContent content = Session::readJson(text, path.toStdString());
        std::vector<StoredRun> runs;
        if (content.draws) runs = readSessionDraws(path, *content.draws);
        // Everything is read and checked: from here on the session changes.
        const QString dataPath = session_.applyContent(content);
        model_->builder()->setSpec(session_.modelSpec());
        pendingRuns_ = std::move(runs);
        pendingDataHash_ = content.draws ? content.draws->dataFnv1a64 : std::nullopt;
        if (!dataPath.isEmpty() && dataPath != current_.path)
            openFile(dataPath, QString::fromStdString(session_.modelSpec().target.value_or("")));
        else if (!pendingRuns_.empty() && session_.hasData())
            restorePendingRuns();
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

void MainWindow::restorePendingRuns() {
    std::vector<StoredRun> runs = std::move(pendingRuns_);
    pendingRuns_.clear();
    const std::shared_ptr<const Table> table = session_.table();
    const QString dataPath = session_.path();
    const std::optional<std::uint64_t> expectedHash = pendingDataHash_;
    statusLabel_->setText(tr("Rebuilding the session's results from its draws…"));
    restoreCancelled_ = false;
    showLoadProgress(tr("Stop rebuilding the results; the session's choices stay restored"));
    // Judging the draws again (predictions, summaries, PSIS-LOO) takes seconds on big data: off the GUI thread.
    restoreJob_.setFuture(runInBackground([table, runs = std::move(runs), dataPath, expectedHash] {
        RestoredRuns out;
        out.table = table;
        try {
            if (expectedHash && fileFnv1a64(dataPath) != expectedHash)
                throw std::invalid_argument(QFile::encodeName(dataPath).toStdString() +
                                            " differs from the data the session's runs were made on, so their results would not be theirs");
            out.run = runs.front();
            out.result = std::make_shared<const RunResult>(rebuildRun(*table, runs.front()));
            if (runs.size() > 1) {
                out.previousSpec = runs[1].spec;
                out.previous = std::make_shared<const RunResult>(rebuildRun(*table, runs[1]));
            }
        } catch (const std::exception& error) {
            out.error = QString::fromStdString(error.what());
        }
        return out;
    }));
}

void MainWindow::cancelRestore() {
    // The rebuild cannot be interrupted; its result is dropped when it arrives.
    restoreCancelled_ = true;
    hideLoadProgress();
    const QString message = tr("The session's choices are restored; rebuilding its results was cancelled (train again, or "
                               "open the session again to rebuild them).");
    statusLabel_->setText(message);
    emit resultsRestored(message);
}

void MainWindow::onRunsRestored() {
    if (restoreCancelled_) return;
    hideLoadProgress();
    RestoredRuns restored = restoreJob_.result();
    if (restored.table != session_.table()) return;  // another file was opened meanwhile
    if (!restored.error.isEmpty()) {
        const QString message = tr("The session's choices are restored, but not its results: %1").arg(restored.error);
        showError(tr("Open session"), message);
        emit resultsRestored(message);
        return;
    }
    session_.restoreResults(restored.result, restored.run, restored.previous, restored.previousSpec);
    const std::size_t draws = restored.result->posterior.drawsPerChain() * restored.result->posterior.chainCount();
    statusLabel_->setText(tr("Session restored: the last run's results rebuilt from its %1 draws.")
                              .arg(QString::fromStdString(grouped(static_cast<std::int64_t>(draws)))));
    emit resultsRestored({});
}

QString MainWindow::exportBundle(const QString& dir) const {
    if (!session_.result()) return tr("Train a model first: the bundle holds a run's tables and plots.");
    results_->waitUntilShown();  // the bundle holds every view, the workflow plots finished
    auto plots = results_->plots();
    // The run's own progress plot: the ELBO of SVI (of Pathfinder: per iterate of its first
    // path), the traces and sampler statistics of NUTS.
    switch (session_.resultSpec().inference) {
    case InferenceKind::Svi:
    case InferenceKind::Pathfinder: plots.emplace_back("elbo", train_->elbo()->plot()); break;
    case InferenceKind::Nuts:
        plots.emplace_back("trace", train_->trace()->plot());
        plots.emplace_back("step_size", train_->samplerStats()->stepPlot());
        break;
    case InferenceKind::Prior: break;
    }
    std::vector<std::pair<QString, ResultTableView*>> comparisons;
    for (const auto& [name, view] : results_->tables())
        if (name == "comparison" || name == "loo_comparison") comparisons.emplace_back(name, view);
    return writeReproBundle(dir, session_, plots, comparisons);
}

QString MainWindow::exportDraws(const QString& path) const {
    const std::shared_ptr<const RunResult> result = session_.result();
    if (!result) return tr("Train a model first: the draws are a run's.");
    if (result->posterior.chainCount() == 0 || !result->model) return tr("The last run has no draws to export.");
    const RunSpec& spec = session_.resultSpec();
    const std::string dataPath = spec.dataPath ? *spec.dataPath : QFileInfo(session_.path()).absoluteFilePath().toStdString();
    try {
        writeStanCsvDraws(QFile::encodeName(path).toStdString(), spec, *result, dataPath, {}, {"genrelab", "export draws"});
    } catch (const FileWriteError& error) {
        return QString::fromLocal8Bit(error.what());
    }
    return {};
}

QStringList MainWindow::screenshotSections(const QString& dir) {
    QDir().mkpath(dir);
    results_->fillNow();  // every view of the run, also those still waiting for their turn
    QStringList written;
    const int current = tabs_->currentIndex();
    for (int i = 0; i < tabs_->count(); ++i) {
        tabs_->setCurrentIndex(i);
        QApplication::processEvents();
        for (auto* plot : findChildren<QCustomPlot*>()) plot->replot(QCustomPlot::rpImmediateRefresh);
        const QString file = QDir(dir).filePath(QString(kSectionNames[i]) + ".png");
        if (grab().save(file)) written << file;
    }
    tabs_->setCurrentIndex(current);
    return written;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    // Any drop of URLs is taken, so that a refused one (a folder, two files) is explained, not ignored.
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const DroppedFile dropped = chooseDroppedFile(event->mimeData()->urls());
    event->acceptProposedAction();
    if (!dropped.refusal.isEmpty()) {
        showError(tr("Open a dropped file"), dropped.refusal);
        return;
    }
    openFile(dropped.path);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kSectionKey, tabs_->currentIndex());
    settings.setValue(kChoicesKey, QByteArray::fromStdString(session_.toJson()));
    controller_.cancel();
    autosave_.finish();
    event->accept();
}

} // namespace genrelab

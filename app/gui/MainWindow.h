#pragma once
// The main window: sections Data, Explore, Model, Train, Results, Experiments, Predict; menus
// for files, sessions and exports; drag and drop; settings kept between runs.
#include "Autosave.h"
#include "Session.h"
#include "TableLoader.h"
#include "TrainingController.h"

#include <QFutureWatcher>
#include <QMainWindow>

class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace genrelab {

class DataPanel;
class JobProgress;
class ExperimentsPanel;
class ExplorePanel;
class ModelPanel;
class PredictPanel;
class QualityReportView;
class RecentFilesMenu;
class ResultsPanel;
class TrainPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openFile(const QString& path, const QString& target = {});
    // The session JSON and, with a run, its draws in a side file beside it (sessionDrawsPath),
    // written as one set. Empty or the error.
    QString saveSession(const QString& path) const;
    // Checks the session and its side file whole before changing anything, restores the choices,
    // opens the data and then rebuilds the runs' results from their draws on a pool thread
    // (resultsRestored). Empty or the error.
    QString openSession(const QString& path);
    QString exportBundle(const QString& dir) const;     // empty or the error
    // The last run's draws as Stan CSV, one file per chain (path, or path_1.csv, path_2.csv, ...
    // for several chains) with path's manifest, all or none (export/StanCsvFiles.h). Empty or
    // the error naming the file.
    QString exportDraws(const QString& path) const;
    // Autosaves the session (Autosave.h) every intervalMs and after each finished run; the
    // interactive app starts it, headless modes and tests that do not ask for it do not.
    void startAutosave(int intervalMs = 60000);
    // When the previous run did not exit cleanly and left an autosave: asks whether to restore
    // it and, on yes, opens it as a session. Returns whether it was restored.
    bool offerAutosaveRestore();
    Autosave& autosave() { return autosave_; }
    // Renders every section into dir/<section>.png; returns the files written.
    QStringList screenshotSections(const QString& dir);

    Session& session() { return session_; }
    TrainingController& controller() { return controller_; }
    TableLoader& loader() { return loader_; }
    QPushButton* cancelLoadButton() const { return loadCancel_; }  // also stops waiting for a session's results
    QTabWidget* sections() const { return tabs_; }
    QMenu* recentMenu() const;
    QualityReportView* reportView() const;
    DataPanel* dataPanel() const { return data_; }
    ExplorePanel* explorePanel() const { return explore_; }
    ModelPanel* modelPanel() const { return model_; }
    TrainPanel* trainPanel() const { return train_; }
    ResultsPanel* resultsPanel() const { return results_; }
    PredictPanel* predictPanel() const { return predict_; }
    ExperimentsPanel* experimentsPanel() const { return experiments_; }
    const LoadedData& current() const { return current_; }
    QString lastError() const { return lastError_; }

signals:
    void fileLoaded(const QString& path);
    void loadFailed(const QString& message);
    // A session's results rebuilt (error empty) or not (the error; the choices stay restored).
    void resultsRestored(const QString& error);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void chooseFile();
    void onLoaded(const LoadedData& loaded);
    void showError(const QString& title, const QString& message);
    void restorePendingRuns();
    void onRunsRestored();
    void cancelRestore();
    // The status bar's busy bar (time taken) and Cancel, for a file being read or results being rebuilt.
    void showLoadProgress(const QString& cancelTip);
    void hideLoadProgress();

    Session session_;
    Autosave autosave_;
    TrainingController controller_;
    TableLoader loader_;
    LoadedData current_;
    // Runs of an opened session waiting for its data file, and the data's hash they were made on.
    std::vector<StoredRun> pendingRuns_;
    std::optional<std::uint64_t> pendingDataHash_;
    struct RestoredRuns {
        std::shared_ptr<const Table> table;
        std::shared_ptr<const RunResult> result, previous;
        StoredRun run;
        RunSpec previousSpec;
        QString error;
    };
    QFutureWatcher<RestoredRuns> restoreJob_;
    bool restoreCancelled_ = false;
    QString lastError_;
    QTabWidget* tabs_;
    DataPanel* data_;
    ExplorePanel* explore_;
    ModelPanel* model_;
    TrainPanel* train_;
    ResultsPanel* results_;
    PredictPanel* predict_;
    ExperimentsPanel* experiments_;
    RecentFilesMenu* recentMenu_ = nullptr;  // File > Open Recent
    QLabel* statusLabel_;
    // Shown while a file takes longer than a moment to read: a busy bar and Cancel.
    QProgressBar* loadBusy_;
    JobProgress* loadProgress_;
    QPushButton* loadCancel_;
};

} // namespace genrelab

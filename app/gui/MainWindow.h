#pragma once
// The main window. For now: open a CSV (menu, Ctrl+O, drag and drop, command line) and show
// its data-quality report; later issues add the Explore, Model, Train and Results sections.
#include "TableLoader.h"

#include <QMainWindow>

class QLabel;
class QMenu;

namespace genrelab {

class QualityReportView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    void openFile(const QString& path);
    QualityReportView* reportView() const { return reportView_; }
    const LoadedData& current() const { return current_; }
    QString lastError() const { return lastError_; }

signals:
    void fileLoaded(const QString& path);
    void loadFailed(const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void chooseFile();
    void onLoaded(const LoadedData& loaded);
    void rememberRecent(const QString& path);
    void refreshRecentMenu();

    TableLoader loader_;
    LoadedData current_;
    QString lastError_;
    QualityReportView* reportView_;
    QMenu* recentMenu_ = nullptr;
    QLabel* statusLabel_;
};

} // namespace genrelab

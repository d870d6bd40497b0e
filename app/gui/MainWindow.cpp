#include "MainWindow.h"

#include "QualityReportView.h"
#include "util/Format.h"

#include <QAction>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>

namespace genrelab {
namespace {
constexpr int kMaxRecent = 8;
const char* kRecentKey = "MainWindow.recentFiles";
const char* kFolderKey = "MainWindow.lastFolder";
const char* kGeometryKey = "MainWindow.geometry";
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), reportView_(new QualityReportView(this)), statusLabel_(new QLabel(this)) {
    setWindowTitle("genrelab");
    setCentralWidget(reportView_);
    setAcceptDrops(true);
    statusBar()->addWidget(statusLabel_, 1);
    statusLabel_->setText(tr("Open a CSV file (Ctrl+O) or drop one here."));
    buildMenus();
    connect(&loader_, &TableLoader::loaded, this, &MainWindow::onLoaded);
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) resize(1280, 800);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open CSV…"), this, &MainWindow::chooseFile);
    open->setShortcut(QKeySequence::Open);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    refreshRecentMenu();
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About genrelab"), this, [this] {
        QMessageBox::about(this, tr("About genrelab"),
                           tr("<b>genrelab %1</b><br/>Bayesian genre classification of music tracks from their "
                              "audio features.<br/>Qt %2, Eigen, QCustomPlot.")
                               .arg(GENRELAB_VERSION, qVersion()));
    });
}

void MainWindow::chooseFile() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open CSV"), settings.value(kFolderKey).toString(),
                                                      tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(kFolderKey, QFileInfo(path).absolutePath());
    openFile(path);
}

void MainWindow::openFile(const QString& path) {
    statusLabel_->setText(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    loader_.load(path);
}

void MainWindow::onLoaded(const LoadedData& loaded) {
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
    reportView_->setReport(loaded.report);
    setWindowTitle(QString("genrelab — %1").arg(QFileInfo(loaded.path).fileName()));
    statusLabel_->setText(tr("%1: %2 rows read and inspected in %3 ms")
                              .arg(QFileInfo(loaded.path).fileName(),
                                   QString::fromStdString(grouped(static_cast<std::int64_t>(loaded.report.rows))))
                              .arg(loaded.milliseconds, 0, 'f', 1));
    rememberRecent(loaded.path);
    emit fileLoaded(loaded.path);
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue(kRecentKey, recent);
    refreshRecentMenu();
}

void MainWindow::refreshRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value(kRecentKey).toStringList();
    for (const QString& path : recent) recentMenu_->addAction(path, this, [this, path] { openFile(path); });
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls() && event->mimeData()->urls().first().isLocalFile()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) openFile(urls.first().toLocalFile());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings().setValue(kGeometryKey, saveGeometry());
    event->accept();
}

} // namespace genrelab

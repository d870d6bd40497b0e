#include "RecentFilesMenu.h"

#include "RecentFiles.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>

namespace genrelab {

RecentFilesMenu::RecentFilesMenu(const QString& title, QWidget* parent) : QMenu(title, parent) {
    refresh();
    connect(this, &QMenu::aboutToShow, this, &RecentFilesMenu::refresh);
}

void RecentFilesMenu::remember(const QString& path) {
    RecentFiles().add(path);
    refresh();
}

void RecentFilesMenu::choose(const QString& path) {
    if (!QFileInfo(path).isFile()) {
        RecentFiles().remove(path);
        refresh();
        emit fileGone(path);
        return;
    }
    emit openRequested(path);
}

void RecentFilesMenu::refresh() {
    clear();
    const QStringList recent = RecentFiles().paths();
    int missing = 0;
    for (int i = 0; i < recent.size(); ++i) {
        const QString& path = recent[i];
        const QFileInfo info(path);
        // The number is the shortcut key; the folder tells apart files of one name.
        const QString key = i + 1 < 10 ? "&" + QString::number(i + 1) : QString("1&0");
        const QString label = QString("%1 %2  (%3)").arg(key, info.fileName(), QDir::toNativeSeparators(info.absolutePath()));
        QAction* action = addAction(label, this, [this, path] { choose(path); });
        action->setData(path);
        if (!info.isFile()) {
            ++missing;
            action->setEnabled(false);  // greyed: the file is gone, or its drive is not mounted
            action->setText(label + tr(" — missing"));
        }
    }
    if (!recent.isEmpty()) addSeparator();
    if (missing > 0)
        addAction(tr("Remove %n missing file(s)", nullptr, missing), this, [this] {
            const int removed = RecentFiles().removeMissing();
            refresh();
            emit status(tr("Removed %n missing file(s) from the recent files.", nullptr, removed));
        })->setObjectName("removeMissingRecent");
    QAction* clearList = addAction(tr("&Clear List"), this, [this] {
        RecentFiles().clear();
        refresh();
    });
    clearList->setObjectName("clearRecent");
    clearList->setEnabled(!recent.isEmpty());
}

} // namespace genrelab

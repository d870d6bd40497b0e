#include "RecentFiles.h"

#include <QFileInfo>
#include <QSettings>

namespace genrelab {
namespace {
const char* kRecentKey = "MainWindow.recentFiles";

void store(const QStringList& paths) { QSettings().setValue(kRecentKey, paths); }
} // namespace

QStringList RecentFiles::paths() const {
    QStringList paths = QSettings().value(kRecentKey).toStringList();
    // Settings edited by hand or written by an older build may hold more, or duplicates.
    paths.removeDuplicates();
    while (paths.size() > kMaxFiles) paths.removeLast();
    return paths;
}

void RecentFiles::add(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = paths();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxFiles) list.removeLast();
    store(list);
}

void RecentFiles::remove(const QString& path) {
    QStringList list = paths();
    list.removeAll(QFileInfo(path).absoluteFilePath());
    store(list);
}

int RecentFiles::removeMissing() {
    QStringList list = paths();
    const auto removed = list.removeIf([](const QString& p) { return !QFileInfo(p).isFile(); });
    store(list);
    return static_cast<int>(removed);
}

void RecentFiles::clear() { store({}); }

} // namespace genrelab

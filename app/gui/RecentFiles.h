#pragma once
// The files opened last, most recent first, kept in QSettings ("MainWindow.recentFiles") so they
// outlive the app. A file that no longer exists stays listed (a drive may be unmounted for a
// while) and is shown greyed in File > Open Recent until it is back or removed.
#include <QStringList>

namespace genrelab {

class RecentFiles {
public:
    static constexpr int kMaxFiles = 10;

    QStringList paths() const;            // absolute paths, most recent first
    void add(const QString& path);        // to the front; the oldest beyond kMaxFiles drops off
    void remove(const QString& path);
    int removeMissing();                  // forgets files that no longer exist; returns how many
    void clear();
};

} // namespace genrelab

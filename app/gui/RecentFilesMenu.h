#pragma once
// File > Open Recent: the RecentFiles list, filled again each time it opens so a file that
// vanished or came back shows as it is. A missing file is greyed ("— missing"); the menu offers
// to forget missing files and to clear the list. Each action carries its path as data().
#include <QMenu>
#include <QString>

namespace genrelab {

class RecentFilesMenu : public QMenu {
    Q_OBJECT
public:
    explicit RecentFilesMenu(const QString& title, QWidget* parent = nullptr);
    // Puts path first in the list (a file just opened).
    void remember(const QString& path);

signals:
    // A listed file chosen that still exists.
    void openRequested(const QString& path);
    // A listed file chosen that is gone since the menu was filled: it is removed from the list.
    void fileGone(const QString& path);
    // What the menu did, for the status line.
    void status(const QString& text);

private:
    void refresh();
    void choose(const QString& path);
};

} // namespace genrelab

#pragma once
// The app's headless modes: --screenshot (render every section after a short fit) and
// --measure-stall (the longest event-loop stall while a fit streams to the live plots).
#include <QString>
#include <QStringList>

class QWidget;

namespace genrelab {

class MainWindow;

// model: a model name, or empty for the session's choice. artistColumn / titleColumn (or empty):
// the fit adds artist effects / title tokens read from these columns. Besides the sections, every
// Results plot is written to DIR/plots/<name>.png (the tabs a section shot cannot show at once).
// fast: shorter fits and a smaller sweep (scripts/screenshots.sh --fast, for CI). A section whose
// text shows an absolute path is not shot (exit code 1): screenshots name files, not folders.
int screenshotMode(MainWindow& window, const QString& path, const QString& dir, const QString& inference, const QString& model,
                   const QString& artistColumn = {}, const QString& titleColumn = {}, bool fast = false);
// Every text the window shows (labels, fields, buttons, tabs, titles, tool tips aside) that holds
// an absolute path, each as "where: text".
QStringList absolutePathsShown(const QWidget& window);
int measureStallMode(MainWindow& window, const QString& path, const QString& inference);

} // namespace genrelab

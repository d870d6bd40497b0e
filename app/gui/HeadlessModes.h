#pragma once
// The app's headless modes: --screenshot (render every section after a short fit) and
// --measure-stall (the longest event-loop stall while a fit streams to the live plots).
#include <QString>

namespace genrelab {

class MainWindow;

// model: a model name, or empty for the session's choice. artistColumn / titleColumn (or empty):
// the fit adds artist effects / title tokens read from these columns. Besides the sections, every
// Results plot is written to DIR/plots/<name>.png (the tabs a section shot cannot show at once).
int screenshotMode(MainWindow& window, const QString& path, const QString& dir, const QString& inference, const QString& model,
                   const QString& artistColumn = {}, const QString& titleColumn = {});
int measureStallMode(MainWindow& window, const QString& path, const QString& inference);

} // namespace genrelab

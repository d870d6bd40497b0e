#pragma once
// The app's headless modes: --screenshot (render every section after a short fit) and
// --measure-stall (the longest event-loop stall while a fit streams to the live plots).
#include <QString>

namespace genrelab {

class MainWindow;

// model: a model name, or empty for the session's choice.
int screenshotMode(MainWindow& window, const QString& path, const QString& dir, const QString& inference, const QString& model);
int measureStallMode(MainWindow& window, const QString& path, const QString& inference);

} // namespace genrelab

#pragma once
// Saving a plot as PNG, PDF or SVG, and the context menu that offers it on every plot.
#include <QString>

class QCustomPlot;

namespace genrelab {

// Format from the extension (.png, .pdf, .svg). Empty string on success, else the message.
QString savePlot(QCustomPlot* plot, const QString& path, int width = 0, int height = 0);
// Adds "Save as PNG/PDF/SVG…" to the plot's right-click menu.
void installPlotExportMenu(QCustomPlot* plot, const QString& baseName);

} // namespace genrelab

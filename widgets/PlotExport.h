#pragma once
// Saving a plot as PNG, PDF or SVG, and the context menu that offers it on every plot.
#include <QByteArray>
#include <QString>

class QCustomPlot;

namespace genrelab {

// The plot's bytes in format png, pdf or svg. Empty string on success, else the message.
QString renderPlot(QCustomPlot* plot, const QString& format, QByteArray& bytes, int width = 0, int height = 0);
// Format from the extension (.png, .pdf, .svg); written through the one atomic writer.
// Empty string on success, else the message naming the file and the reason.
QString savePlot(QCustomPlot* plot, const QString& path, int width = 0, int height = 0);
// Adds "Save as PNG/PDF/SVG…" to the plot's right-click menu.
void installPlotExportMenu(QCustomPlot* plot, const QString& baseName);

} // namespace genrelab

#pragma once
// The empty state of a plot: a centred message saying what fills it, instead of blank axes.
#include <QString>

class QCustomPlot;

namespace genrelab {

// Shows `text` centred in the plot and hides its axes; an empty text removes the message and
// shows the axes again. Only the message is changed: the caller clears or fills the data.
void setPlotMessage(QCustomPlot* plot, const QString& text);
// The message shown, or an empty string.
QString plotMessage(const QCustomPlot* plot);

} // namespace genrelab

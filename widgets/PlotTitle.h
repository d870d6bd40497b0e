#pragma once
// A bold title row above a plot, the same in every panel.
#include <qcustomplot.h>

namespace genrelab {

inline void addPlotTitle(QCustomPlot* plot, const QString& title, int pointSize = 9) {
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, title, QFont(plot->font().family(), pointSize, QFont::Bold)));
}

} // namespace genrelab

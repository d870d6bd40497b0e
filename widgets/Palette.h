#pragma once
// Colours shared by every plot, so a genre has the same colour everywhere.
#include <QColor>

namespace genrelab {

QColor classColour(int index);   // a qualitative palette (Tableau 10 + one)
QColor chainColour(int index);

} // namespace genrelab

#pragma once
// An ECDF-difference plot's parts: the simultaneous band as a shaded region between its lower
// and upper step lines, and an ECDF (counts at the band's points) minus the uniform CDF as a
// step line. Shared by the rank plots and LOO-PIT.
#include "eval/RankUniformity.h"

#include <QColor>

#include <vector>

class QCustomPlot;
class QCPGraph;

namespace genrelab {

void addEcdfBand(QCustomPlot* plot, const EcdfBand& band);
QCPGraph* addEcdfDifference(QCustomPlot* plot, const EcdfBand& band, const std::vector<int>& counts, const QColor& colour);

} // namespace genrelab

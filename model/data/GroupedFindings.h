#pragma once
// The quality report's findings about groups of rows: artists, repeated songs and identifier
// values with the labels they conflict between, and how a split shares songs and artists.

#include "data/QualityReport.h"
#include "data/Table.h"

namespace genrelab {

// Artists (when a column is chosen), duplicate rows and songs, and the chosen split's overlap.
void addGroupedFindings(const Table& table, const GroupInspection& inspection, QualityReport& report);

// Repeated values of each identifier column (identifierColumns), one finding per column.
void addIdentifierFindings(const Table& table, QualityReport& report);

} // namespace genrelab

#pragma once
// How QCOMPARE prints core types when a comparison fails (found by argument-dependent lookup).
#include "data/Table.h"
#include "export/ResultTable.h"
#include "run/RunPipeline.h"

#include <QtTest>

namespace genrelab {
inline char* toString(ColumnKind kind) { return qstrdup(std::string(columnKindName(kind)).c_str()); }
inline char* toString(InferenceKind kind) { return qstrdup(std::string(inferenceName(kind)).c_str()); }
inline char* toString(TableFormat format) { return qstrdup(std::to_string(static_cast<int>(format)).c_str()); }
} // namespace genrelab

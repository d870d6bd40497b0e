#pragma once
// How QCOMPARE prints core types when a comparison fails (found by argument-dependent lookup).
#include "data/Table.h"

#include <QtTest>

namespace genrelab {
inline char* toString(ColumnKind kind) { return qstrdup(std::string(columnKindName(kind)).c_str()); }
} // namespace genrelab

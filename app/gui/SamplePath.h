#pragma once
#include <QString>

namespace genrelab {

// The bundled synthetic sample: beside the executable (installed or build tree), or in the
// source tree this binary was built from. Empty when none is found.
QString bundledSamplePath();

} // namespace genrelab

#pragma once
#include "run/RunSpec.h"

#include <string>

namespace genrelab::cli {

// A run spec (as run --write-spec writes it), or the spec inside a session file saved by the
// app. Throws DataError when the file cannot be read or holds no spec.
RunSpec readSpecFile(const std::string& path);

} // namespace genrelab::cli

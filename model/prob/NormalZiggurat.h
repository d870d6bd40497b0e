#pragma once
// Standard normal draws by Marsaglia and Tsang's ziggurat (2000), 256 layers on 64-bit draws:
// 99% of draws cost one Rng::next(), a table lookup, a compare and a multiply (Rng::normal's
// polar method costs two to three draws, a log, a sqrt and a division per pair). Layer index
// from the low 8 bits, sign and position from the top 53, so the two are independent. For the
// long runs of draws a sparse SVI step needs; Rng::normal stays the sampler everywhere else.
#include "util/Rng.h"

#include <cstddef>

namespace genrelab::prob {

// n independent standard normal draws into out, consuming rng's stream.
void fillStandardNormal(Rng& rng, double* out, std::size_t n);

} // namespace genrelab::prob

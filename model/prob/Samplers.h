#pragma once
// Draws from the prior distributions, on genrelab's reproducible random streams.
#include "util/Rng.h"

namespace genrelab::prob {

// Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 via the boost x * U^(1/shape).
double sampleGamma(Rng& rng, double shape);
// Student-t with nu degrees of freedom, location 0, scale 1.
double sampleStudentT(Rng& rng, double nu);
// Half-Cauchy with the given scale.
double sampleHalfCauchy(Rng& rng, double scale);

} // namespace genrelab::prob

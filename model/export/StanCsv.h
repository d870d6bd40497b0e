#pragma once
// Draws in Stan's CSV format (what CmdStan writes, what ArviZ's from_cmdstan and CmdStan's
// stansummary read): '#' comment lines, then lp__, the sampler columns and one column per
// natural parameter named the Stan way (beta.3.2), one row per draw.
#include "infer/Nuts.h"
#include "infer/Posterior.h"
#include "models/LogDensity.h"

#include <string>
#include <vector>

namespace genrelab {

// "beta[energy,Rock]" style names become "beta.<row>.<col>" with 1-based indices.
std::vector<std::string> stanColumnNames(const ParameterLayout& layout);

// The CSV text of one chain. states (optional) supplies step size and metric comments.
std::string stanCsv(const Posterior& posterior, std::size_t chain, const LogDensity& model,
                    const std::vector<std::string>& commentLines, const NutsChainState* state = nullptr);

} // namespace genrelab

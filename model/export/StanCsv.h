#pragma once
// Draws in Stan's CSV format, line for line as CmdStan 2.32 writes them (flags as 0/1: rstan
// 2.21's read_stan_csv reads no "true"/"false", which CmdStan writes from 2.33 on), so that
// Stan's tools (rstan::read_stan_csv, cmdstanpy/cmdstanr, ArviZ's from_cmdstan, stansummary)
// read them:
// the configuration comment block, the header row (method columns, then one column per natural
// parameter named the Stan way, beta.3.2), the rows, and per method what CmdStan adds:
// - NUTS ("method = sample"): lp__ and the sampler columns; after the header row the adaptation
//   ("# Adaptation terminated", step size, inverse metric); after the rows the elapsed times.
// - prior draws ("method = sample", algorithm = fixed_param): lp__ and accept_stat__ are 0, as
//   CmdStan writes them for fixed_param.
// - SVI ("method = variational", algorithm = meanfield): lp__, log_p__, log_g__; the first row is
//   the guide's mean with zeros in the three method columns, then the draws.
// - Pathfinder ("method = pathfinder"): lp_approx__ (NaN: the PSIS-resampled draws keep no
//   record of their path's Gaussian), lp__, the parameters.
// A comment line "genrelab_draws = ..." after the configuration says in words what the draws
// are; readers take comment lines of the form "key = value" as settings and ignore unknown keys.
#include "infer/Nuts.h"
#include "infer/Posterior.h"
#include "infer/Svi.h"
#include "models/LogDensity.h"
#include "run/RunSpec.h"

#include <string>
#include <vector>

namespace genrelab {

// "beta[energy,Rock]" style names become "beta.<row>.<col>" with 1-based indices.
std::vector<std::string> stanColumnNames(const ParameterLayout& layout);

// What a chain's file names besides the spec: CmdStan's "model", "data file" and "output file".
struct StanCsvFile {
    std::string modelName;
    std::string dataFile;
    std::string outputFile;
};

// The configuration comment block for chain `chain` (0-based; CmdStan's id is chain + 1) of
// `chains` holding `draws` draws, ending with the genrelab_draws line. num_samples (SVI:
// output_samples, Pathfinder: num_psis_draws) is the draws written, which readers check the
// rows against: an extended or stopped run's count, not the spec's. Settings equal to CmdStan's
// defaults carry "(Default)" as CmdStan marks them.
std::string stanCsvConfiguration(const RunSpec& spec, std::size_t chain, std::size_t chains, std::size_t draws,
                                 const StanCsvFile& file);

// CmdStan's elapsed-time footer for warmup and sampling wall times, rounded to milliseconds as
// CmdStan measures them. Empty when either time is NaN (not measured).
std::string stanCsvElapsedTime(double warmupSeconds, double samplingSeconds);

// The whole CSV text of one chain. nutsState (NUTS) supplies the adaptation lines; sviState
// (SVI) the guide's mean and scales for the mean row and log_g__ (NaN without it).
std::string stanCsv(const RunSpec& spec, const Posterior& posterior, std::size_t chain, const LogDensity& model,
                    const StanCsvFile& file, const NutsChainState* nutsState = nullptr, const SviState* sviState = nullptr);

} // namespace genrelab

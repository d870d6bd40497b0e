#pragma once
// What the app says about a finished run in words: the Results verdict, how the run ended, and
// whether two runs can be compared.

#include <QString>

namespace genrelab {

struct RunEnding;
struct RunResult;
struct RunSpec;

// A few plain sentences on how good the run is and whether to trust it.
QString verdictText(const RunSpec& spec, const RunResult& result);
// How the run ended, for the end of a status line: empty for a run that drew what it planned,
// " (stopped: converged at N draws per chain)" or " (PARTIAL: cancelled; what was computed is kept)".
QString endingSuffix(const RunEnding& ending);
// Empty when the two runs were fitted on the same training rows and judged on the same test rows;
// else a warning naming each run's rows.
QString differentRowsText(const RunResult& current, const RunResult& previous);

} // namespace genrelab

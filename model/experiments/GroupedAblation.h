#pragma once
// The grouped ablation (issue 12): what artists, titles and collection artifacts add to the
// numeric columns, on a random, a song-disjoint and an artist-disjoint split. Five feature sets
// (numeric only; + artifacts; + titles; + artists; all) times the three splits, each an
// Experiment run over seeds like the study's table, judged in a table of its own.
#include "data/GroupOptions.h"
#include "experiments/Experiment.h"

#include <string>
#include <vector>

namespace genrelab {

// The fifteen runs, split by split ("random-numeric", "random-artifacts", ... "artist-all"), each
// the MLP fitted by minibatch SVI on the whole training split with the project's 20% test split
// and duplicate songs kept. groups must name an artist and a title column (the artist and song
// splits and the terms need both); throws std::invalid_argument otherwise.
std::vector<Experiment> groupedAblation(const GroupOptions& groups);

// The ablation's terms of a spec in words: "numeric", "+ artifacts", "+ titles", "+ artists",
// "all" (artifacts, titles and artists), or the terms joined with " + " for other mixes.
std::string ablationFeatures(const RunSpec& spec);

// One row per experiment: the split, the feature set, test accuracy, top-2 accuracy, log
// predictive density and ECE as means and sds over seeds, the macro F1, and the share of test
// rows whose artist (song) has training rows. A value no run could give is NaN.
ResultTable groupedAblationTable(const std::vector<Experiment>& experiments, const std::vector<ExperimentOutcome>& outcomes);

} // namespace genrelab

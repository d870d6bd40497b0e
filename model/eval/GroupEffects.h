#pragma once
// What a grouped model learnt about its groups, for a person to look at: per training artist its
// raw class shares beside its posterior mean offsets (partial pooling pulls the offsets of
// artists with few tracks toward the population's zero), and the title tokens whose posterior mean
// weight for a class is largest in size. Both are empty for a model without the term.
#include "data/SparseRows.h"
#include "infer/Posterior.h"
#include "models/LogDensity.h"

#include <Eigen/Core>

#include <cstddef>
#include <string>
#include <vector>

namespace genrelab {

struct ArtistShrinkage {
    std::vector<std::string> artists;  // the training artists, in the model's order
    std::vector<std::string> classes;
    Eigen::VectorXd tracks;            // training rows naming each artist
    Eigen::MatrixXd rawShare;          // artists x classes: share of its training rows in each class
    Eigen::MatrixXd offset;            // artists x classes: posterior mean of gamma[a, c]
    Eigen::VectorXd populationShare;   // classes: share of all training rows
    std::size_t draws = 0;             // posterior draws averaged
};

// trainArtists and yTrain: the training rows the model was fitted to (RunResult::trainDesign's
// artists). Averages over up to maxDraws evenly spaced draws.
ArtistShrinkage artistShrinkage(const LogDensity& model, const Posterior& posterior, const SparseRows& trainArtists,
                                const Eigen::VectorXi& yTrain, std::size_t maxDraws = 200);

struct TitleCue {
    std::string token;   // "w:remix", "c:#li", "m:non-latin" (TitleTokens.h)
    std::string className;
    int classIndex = 0;
    double weight = 0;   // posterior mean of w[t, c]: added to the class's logit by a title of that token alone
    double sd = 0;       // posterior sd of w[t, c]
};

// The `count` (token, class) pairs with the largest |posterior mean weight|, largest first (ties
// by token, then class).
std::vector<TitleCue> largestTitleCues(const LogDensity& model, const Posterior& posterior, std::size_t count,
                                       std::size_t maxDraws = 200);

} // namespace genrelab

#pragma once
// What a model has, known from its ModelSpec before it is built: the faces (model builder,
// results, CLI, experiments) ask these instead of comparing model names. tst_models checks
// that every declaration matches what the built LogDensity has.
#include "models/Hyperparameter.h"
#include "models/ModelSpec.h"

#include <vector>

namespace genrelab {

struct ModelTraits {
    std::vector<Hyperparameter> hyperparameters;  // those the prior reads; the others change nothing
    bool linearCoefficients = false;     // beta[feature, class] among the outputs (forest plot)
    bool hierarchical = false;           // mu_beta and sigma_beta among the parameters
    bool relevanceWeights = false;       // sigma_beta per feature (ARD): how much each feature matters
    bool hiddenUnits = false;            // a network's hidden layers
    // Parameters identified up to their prior: false for a network, whose hidden units can swap
    // between chains, so its R-hat is judged on predictions rather than on weights.
    bool identifiedParameters = true;
    bool coordinates = false;            // centered, non-centered or partially centered (hierarchical)
    bool shiftCoordinates = false;       // contrasts and the standardized shift (linear softmax)
    bool groupEffects = false;           // artist effects or title tokens (ModelTerms) among the terms

    bool uses(Hyperparameter h) const;
};

ModelTraits traitsOf(const ModelSpec& spec);

} // namespace genrelab

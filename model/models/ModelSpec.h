#pragma once
// What the model builder edits: which model, its priors and hyperparameters. Plain data, so it
// can be saved with a session and turned into a LogDensity by makeModel(). A model is an
// architecture and, for the linear one, a prior family (regression.family); what a model has
// (hyperparameters, relevance weights, coordinates, ...) is declared in ModelTraits.
#include "models/BayesianMlp.h"
#include "models/LogDensity.h"
#include "models/ModelData.h"
#include "models/ModelTerms.h"
#include "models/SoftmaxRegression.h"

#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace genrelab {

enum class ModelArchitecture { LinearSoftmax, Mlp };

struct ModelSpec {
    ModelArchitecture architecture = ModelArchitecture::LinearSoftmax;
    RegressionPriorSpec regression;  // linear softmax: prior family, hyperparameters, coordinates
    MlpSpec mlp;                     // network: layers, activation, weight prior
    ModelTerms terms;                // artist effects and title tokens, added to either architecture
    bool operator==(const ModelSpec&) const = default;
};

// The models by name (the architecture and prior family; the terms are not part of the name): "flat", "hier-studentt", "hier-normal", "ard" (linear softmax with that
// prior family) and "mlp". The only place that maps names to models.
std::span<const std::string_view> modelNames();
std::string_view modelName(const ModelSpec& spec);
// Sets the architecture and the prior family (an MLP gets the default family, which it does not
// read, so equal models compare equal); keeps every hyperparameter.
// Throws std::invalid_argument listing the names.
void setModelByName(ModelSpec& spec, std::string_view name);

// Builds the model, a GroupedModel when spec.terms has a term; throws std::invalid_argument for
// invalid hyperparameters, and for a term whose group the data does not hold.
std::unique_ptr<LogDensity> makeModel(const ModelSpec& spec, std::shared_ptr<const ModelData> data);

} // namespace genrelab
